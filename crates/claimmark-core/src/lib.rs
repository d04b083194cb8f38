//! claimmark-core: everything claimmark knows about articles and
//! annotations, in plain Rust, built and tested natively.
//!
//! The modules are domain folders, each allowed to use only the folders
//! listed before it (the order `tests/tidy.rs` checks, and
//! `docs/architecture.md` explains):
//!
//! 1. [`time`]: timestamps and calendar dates, without a clock.
//! 2. [`article`]: the article model, code-point text, and the readers
//!    that turn a page, an HTML document or Markdown into an article.
//! 3. [`anchoring`]: describing a range of the text as selectors, anchoring
//!    selectors back onto a text, snapping a selection to words.
//! 4. [`session`]: annotations, tags and claim fields, the `Action` reducer,
//!    undo history and trash, and the rules for merging annotation sets.
//! 5. [`storage`]: the key-value rules and the stored formats.
//! 6. [`formats`]: the claimmark export, the interchange formats, import.
//! 7. [`suggest`]: check-worthiness scoring and suggestions.
//! 8. [`views`]: what the UI shows but does not decide.
//!
//! Invariants the whole crate holds:
//! - It names no browser crate: its `Cargo.toml` has none, so the compiler
//!   refuses any code that tries.
//! - It never reads the clock or draws random numbers. A
//!   [`Timestamp`](time::Timestamp) and an
//!   [`AnnotationId`](session::annotation::AnnotationId) are always passed in.
//! - Every text offset counts Unicode code points of the article's canonical
//!   text (see [`article::model::Article::canonical_text`]), as the W3C Web
//!   Annotation model requires. UTF-16 offsets never reach this crate.

pub mod anchoring;
pub mod article;
pub mod formats;
pub mod session;
pub mod storage;
pub mod suggest;
pub mod time;
pub mod views;

#[cfg(test)]
mod test_support;
