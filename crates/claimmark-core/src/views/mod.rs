//! Views: what the interface shows but does not decide.
//!
//! Holds the highlight segments a block is cut into (with the cache that
//! re-cuts only what changed), the sidebar's filters and sort, the summary
//! counts, the density strip's ticks, the sentence cursor of keyboard
//! annotation, and the sentences a screen reader hears after an edit.
//!
//! Must not change a session: every function here reads a session (or its
//! parts) and returns something to draw or say. Must not know Yew or the
//! DOM.

pub mod annotation_filter;
pub mod announcements;
pub mod density;
pub mod segments;
pub mod sentence_cursor;
pub mod summary;
