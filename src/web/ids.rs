//! Random annotation ids.
//!
//! The core carries ids but never draws them; this module draws UUID v4s
//! from the browser's cryptographic generator (`crypto.getRandomValues`,
//! through the `uuid` crate's `js` feature).

use claimmark_core::session::annotation::AnnotationId;

/// A fresh UUID v4 in lowercase hyphenated form
/// (`"3f2c1b0e-8d4a-4c6b-9e1f-0a2b3c4d5e6f"`).
pub fn new_annotation_id() -> AnnotationId {
    AnnotationId(uuid::Uuid::new_v4().hyphenated().to_string())
}
