//! Storage: what claimmark keeps in a key-value store, and how.
//!
//! Holds the key-value rules (which keys exist, saving with merge and
//! quarantine, a full quota), the versioned stored formats of an article's
//! annotations, of an article record and of the tag set, with their
//! decoders and migrations, the library index, and the whole-library
//! backup.
//!
//! Must not know the browser: the store is a trait, which the browser layer
//! implements over localStorage and the tests over a map. Must not know
//! export or interchange formats, which sit above it.

pub mod article_record;
pub mod backup;
pub mod library;
pub mod persist;
pub mod store;
pub mod tag_store;
