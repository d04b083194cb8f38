//! Anchoring: where a highlight sits in an article's text.
//!
//! Holds the W3C selectors (TextQuote with context, TextPosition) with the
//! `describe`/`anchor` pair that turns a range into selectors and selectors
//! back into a range, the approximate (fuzzy) quote search behind it, and
//! the snapping of a raw selection to whole words.
//!
//! Must not know annotations, tags, sessions or storage: everything here
//! works on an article's text and code-point ranges, so it can be tested
//! with strings alone. Carrying whole annotations over to a new text is
//! [`crate::session::reanchor`]'s job, one level up.

pub mod approximate;
pub mod selection;
pub mod selector;
