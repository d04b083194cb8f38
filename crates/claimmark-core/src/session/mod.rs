//! The session: annotations on one article and every rule for changing them.
//!
//! Holds the annotation and its claim fields (with their validation and the
//! claimant suggested from attributions), the tag set and the rules of
//! editing it, the one `Action` enum and the reducer that applies it, the
//! undo history and the trash, re-anchoring annotations onto a new text,
//! and the rules for merging annotation sets: another tab's (`merge`) and an
//! import's (`import_merge`).
//!
//! Must not know how anything is stored or exported: no keys, no stored
//! JSON, no export file. The reducer is pure: storage and network calls
//! happen in the layers above, after it has run.
//!
//! Inside, the modules form layers too: `annotation` and `tags` at the
//! bottom; `history` knows the recorded parts of a session, not the
//! `Action`s that change them; `describe` names what an action did; and
//! `reducer` ties them together.

pub mod action;
pub mod annotation;
pub mod claim_fields;
pub mod claimant;
pub mod describe;
pub mod history;
pub mod import_merge;
pub mod merge;
pub mod reanchor;
pub mod reducer;
pub mod tag_editing;
pub mod tags;
