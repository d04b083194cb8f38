//! The article: its model and the readers that make one.
//!
//! Holds the block model and its canonical text (blocks joined by `"\n"`,
//! identified by the hash of that text), code-point ranges and slicing,
//! sentence boundaries, and the readers: plain page text (the seed article's
//! extraction and its boilerplate rules), reader-mode HTML over a page tree,
//! and Markdown.
//!
//! Must not know annotations, selectors, sessions, storage or any export
//! format: an article is text with structure, and nothing here depends on
//! what is drawn on it. It uses only [`crate::time`] (for dates in bylines).

pub mod extract;
pub mod html_reader;
pub mod markdown_reader;
pub mod model;
pub mod sentences;
pub mod text;
