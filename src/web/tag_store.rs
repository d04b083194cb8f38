//! Keeping the library's tag set in localStorage.
//!
//! The rules (the format, quarantine, merging two tabs' edits) live in
//! [`claimmark_core::storage::tag_store`] over the [`KeyValueStore`] trait; this module
//! runs them over `window.localStorage` and keeps this tab's [`TagSync`]
//! bookkeeping. It knows nothing of Yew or of how the tag manager looks.

use std::cell::RefCell;

use crate::web::storage::LocalStorage;
use claimmark_core::session::tags::TagSet;
use claimmark_core::storage::store::SaveError;
use claimmark_core::storage::tag_store::{TagLoadOutcome, TagSaveReport, TagSync};
use claimmark_core::time::Timestamp;

pub use claimmark_core::storage::store::TAGS_KEY;

thread_local! {
    /// What this tab last read or wrote under the tag key.
    static SYNC: RefCell<TagSync> = RefCell::new(TagSync::default());
    /// The last storage problem with the tags, for the tag manager to show.
    static PROBLEM: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Records (or clears) the storage problem the tag manager shows.
pub fn set_problem(problem: Option<String>) {
    PROBLEM.with(|cell| *cell.borrow_mut() = problem);
}

/// The last storage problem with the tags, if it still stands.
pub fn problem() -> Option<String> {
    PROBLEM.with(|cell| cell.borrow().clone())
}

/// Loads the stored tag set (setting a damaged value aside first).
pub fn load_tags(now: Timestamp) -> TagLoadOutcome {
    match LocalStorage::open() {
        Ok(mut store) => SYNC.with(|sync| sync.borrow_mut().load(&mut store, now)),
        Err(reason) => TagLoadOutcome::Unavailable(reason),
    }
}

/// Saves `set`, merging with another tab's write since this tab last read.
pub fn save_tags(set: &TagSet, now: Timestamp) -> Result<TagSaveReport, SaveError> {
    let mut store = LocalStorage::open().map_err(SaveError::Unavailable)?;
    SYNC.with(|sync| sync.borrow_mut().save(&mut store, set, now))
}

/// The stored set when another tab changed it since this tab last read or
/// wrote it.
pub fn remote_tags() -> Option<TagSet> {
    let store = LocalStorage::open().ok()?;
    SYNC.with(|sync| sync.borrow_mut().remote_change(&store))
}

/// Why saving tags is refused for this visit, if it is.
pub fn refusal() -> Option<String> {
    SYNC.with(|sync| sync.borrow().refusal().map(str::to_string))
}
