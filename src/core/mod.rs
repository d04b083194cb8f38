//! The core: everything claimmark knows about articles and annotations,
//! in plain Rust.
//!
//! Invariants this layer holds:
//! - It names no browser crate (the list is in `tests/tidy.rs`, which fails
//!   the build if a file here does; `Cargo.toml` only provides those crates
//!   on wasm32).
//! - It never reads the clock or draws random numbers. A [`Timestamp`] and an
//!   [`AnnotationId`] are always passed in.
//! - Every text offset counts Unicode code points of the article's canonical
//!   text (see [`article::Article::canonical_text`]), as the W3C Web
//!   Annotation model requires. UTF-16 offsets never reach this layer.
//!
//! [`Timestamp`]: annotation::Timestamp
//! [`AnnotationId`]: annotation::AnnotationId

pub mod anchoring;
pub mod annotation;
pub mod annotation_filter;
pub mod announcements;
pub mod approximate;
pub mod article;
pub mod article_record;
pub mod backup;
pub mod checkworthiness;
pub mod claim_fields;
pub mod claimant;
pub mod density;
pub mod export;
pub mod extract;
pub mod history;
pub mod html_reader;
pub mod interchange;
pub mod library;
pub mod markdown_reader;
pub mod merge;
pub mod persist;
pub mod reanchor;
pub mod segments;
pub mod selection;
pub mod sentence_cursor;
pub mod sentences;
pub mod session;
pub mod store;
pub mod suggestions;
pub mod summary;
pub mod tag_editing;
pub mod tag_store;
pub mod tags;
pub mod text;
pub mod time;
