//! Anchoring: describing a range as W3C selectors, and finding it again.
//!
//! SKELETON — to be implemented.

use serde::{Deserialize, Serialize};

use crate::core::article::Article;
use crate::core::text::CodePointRange;

/// Code points of context kept on each side of a quote.
pub const CONTEXT_CODE_POINTS: usize = 32;

/// A W3C TextQuoteSelector: the exact text plus context on each side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    /// The quoted text.
    pub exact: String,
    /// Up to 32 code points immediately before `exact`.
    pub prefix: String,
    /// Up to 32 code points immediately after `exact`.
    pub suffix: String,
}

/// Both selectors for one range: a TextPositionSelector (the range, in code
/// points) and a TextQuoteSelector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Start and end in code points of the canonical text.
    pub position: CodePointRange,
    /// The quote and its context.
    pub quote: TextQuote,
}

/// Which strategy placed the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorMethod {
    /// The text at the stored position equals the quote.
    Position,
    /// The quote was found verbatim elsewhere, chosen by context and position.
    ExactQuote,
}

/// Where a target landed and how sure we are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anchored {
    /// The range in the article.
    pub range: CodePointRange,
    /// The strategy that succeeded.
    pub method: AnchorMethod,
    /// Confidence in 0..=1.
    pub score: f32,
}

/// Why a target could not be placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnchorError {
    /// The selector quotes no text at all.
    EmptyQuote,
    /// The quoted text does not occur in the article.
    QuoteNotFound,
}

/// Describes `range` (clamped to the article) as selectors.
pub fn describe(article: &Article, range: CodePointRange) -> Target {
    let _ = (article, range);
    todo!()
}

/// Finds `target` in `article`.
pub fn anchor(article: &Article, target: &Target) -> Result<Anchored, AnchorError> {
    let _ = (article, target);
    todo!()
}
