//! Formats: the files claimmark writes for people and other tools, and
//! reading annotations back in.
//!
//! Holds the native claimmark export (lossless, re-importable), W3C Web
//! Annotation JSON-LD, doccano JSONL, CSV and schema.org ClaimReview; the
//! identifiers they share; the list of formats the export menu offers; and
//! import, which reads claimmark and W3C files into a validated batch for
//! the session to merge.
//!
//! Must not know files, downloads, the clipboard or the clock: these
//! modules turn sessions into strings and strings into annotations, and the
//! browser layer moves the bytes and passes the time in.

pub mod claim_review;
pub mod claimmark;
pub mod csv;
pub mod doccano;
pub mod export_format;
pub mod identifiers;
pub mod import;
pub mod w3c;
