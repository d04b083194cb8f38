//! Turning a raw user selection into the range an annotation will cover.
//!
//! SKELETON — to be implemented.

use crate::core::article::Article;
use crate::core::text::CodePointRange;

/// Clamps `raw` to the article, snaps it outward to whole words and trims
/// whitespace. `None` when nothing but whitespace is left.
pub fn normalize_selection(article: &Article, raw: CodePointRange) -> Option<CodePointRange> {
    let _ = (article, raw);
    todo!()
}
