//! Keeping the article library in localStorage.
//!
//! The index's JSON and the rules (what adding an article does, renaming,
//! undo) belong to [`claimmark_core::storage::library`]; each article's text is its
//! article record ([`claimmark_core::storage::article_record`]) and its annotations stay
//! under their own key. This module moves those values in and out of
//! `window.localStorage`. Like the rest of the storage code it never
//! overwrites what it could not read: an unreadable index is copied to a
//! quarantine key before a fresh one is started, and a removed article's
//! stored values are kept in memory so the removal can be undone.

use std::rc::Rc;

use super::describe_js_error;
use super::storage::{local_storage, LoadOutcome};
use claimmark_core::article::model::Article;
use claimmark_core::session::action::Action;
use claimmark_core::session::reducer::Session;
use claimmark_core::storage::article_record::{article_key, decode_article, encode_article};
use claimmark_core::storage::library::{
    decode_library, encode_library, Library, LibraryEntry, LibraryError, LIBRARY_KEY,
};
use claimmark_core::storage::persist;
use claimmark_core::time::Timestamp;

/// Reads the library index. A missing index is an empty library; an
/// unreadable one is set aside (the second value says so, for the user).
pub fn load_library(now: Timestamp) -> (Library, Option<String>) {
    let Ok(storage) = local_storage() else { return (Library::default(), None) };
    let Ok(Some(raw)) = storage.get_item(LIBRARY_KEY) else { return (Library::default(), None) };
    match decode_library(&raw) {
        Ok(mut library) => {
            // An edit of the text ("Edit text") stores a new version under
            // the same record; keep the content ids current.
            for entry in &mut library.entries {
                if let Ok(article) = load_article(entry) {
                    entry.article_id = article.id;
                }
            }
            (library, None)
        }
        Err(error @ LibraryError::NewerVersion { .. }) => (
            Library::default(),
            Some(format!("{error} It is left untouched; articles added now are not listed in it.")),
        ),
        Err(error) => {
            let quarantine_key = persist::quarantine_key(LIBRARY_KEY, now);
            let copied = storage.set_item(&quarantine_key, &raw).is_ok();
            if copied {
                let _ = storage.remove_item(LIBRARY_KEY);
                (Library::default(), Some(format!("{error} It was set aside, unchanged, under “{quarantine_key}”.")))
            } else {
                (
                    Library::default(),
                    Some(format!("{error} There was no room to set it aside, so it was left as it is.")),
                )
            }
        }
    }
}

/// Writes the library index.
pub fn save_library(library: &Library) -> Result<(), String> {
    let storage = local_storage()?;
    if let Ok(Some(raw)) = storage.get_item(LIBRARY_KEY) {
        if let Err(error @ LibraryError::NewerVersion { .. }) = decode_library(&raw) {
            return Err(error.to_string());
        }
    }
    storage.set_item(LIBRARY_KEY, &encode_library(library)).map_err(|error| describe_save_error(&error))
}

fn describe_save_error(error: &wasm_bindgen::JsValue) -> String {
    let text = describe_js_error(error);
    if text.contains("Quota") || text.contains("QUOTA") {
        "this browser's storage for the site is full. Export or remove some articles first.".to_string()
    } else {
        text
    }
}

/// The stored text of a library article.
pub fn load_article(entry: &LibraryEntry) -> Result<Article, String> {
    let storage = local_storage()?;
    let raw = storage
        .get_item(&entry.record_key())
        .map_err(|error| describe_js_error(&error))?
        .ok_or_else(|| format!("The text of “{}” is no longer in this browser's storage.", entry.title))?;
    decode_article(&raw, &entry.identity).map_err(|error| error.to_string())
}

/// How many annotations are stored for `article`, and whether it is marked
/// fully reviewed.
pub fn stored_summary(article: &Article) -> (usize, bool) {
    local_storage()
        .ok()
        .and_then(|storage| storage.get_item(&persist::annotations_key(&article.id)).ok().flatten())
        .and_then(|raw| persist::decode_store(&raw, article).ok())
        .map_or((0, false), |stored| (stored.annotations.len(), stored.fully_reviewed))
}

/// Stores `article`'s text and lists it in the library.
pub fn add_article(library: &mut Library, article: &Article, now: Timestamp) -> Result<LibraryEntry, String> {
    let storage = local_storage()?;
    storage
        .set_item(&article_key(&article.identity()), &encode_article(article, now))
        .map_err(|error| describe_save_error(&error))?;
    let entry = LibraryEntry::for_article(article, now);
    library.upsert(entry.clone());
    save_library(library)?;
    Ok(entry)
}

/// Replaces a library article's text with `updated`: its annotations are
/// re-anchored on the new text and saved under the new version's id before
/// the old ones are removed. Returns how many were found again and how many
/// could not be placed.
pub fn update_article(
    library: &mut Library,
    entry: &LibraryEntry,
    updated: &Article,
    now: Timestamp,
) -> Result<(usize, usize), String> {
    let previous = load_article(entry)?;
    let mut session = Session::new(Rc::new(previous.clone()));
    match super::storage::load_annotations(&previous, now) {
        LoadOutcome::Loaded(annotations) => session.apply(Action::Load { annotations }),
        LoadOutcome::Nothing => {}
        LoadOutcome::Quarantined { reason, .. }
        | LoadOutcome::NewerVersion { reason }
        | LoadOutcome::Unavailable(reason) => return Err(reason),
    }
    session.apply(Action::ReplaceArticle { article: Rc::new(updated.clone()) });
    if !session.annotations.is_empty() && previous.id != updated.id {
        super::storage::save_session(&session, now).map_err(|error| error.to_string())?;
    }
    let storage = local_storage()?;
    storage
        .set_item(&entry.record_key(), &encode_article(updated, now))
        .map_err(|error| describe_save_error(&error))?;
    if previous.id != updated.id {
        let _ = storage.remove_item(&persist::annotations_key(&previous.id));
    }
    library.upsert(LibraryEntry { article_id: updated.id.clone(), ..entry.clone() });
    save_library(library)?;
    let orphaned = session
        .annotations
        .iter()
        .filter(|annotation| annotation.anchor == claimmark_core::session::annotation::AnchorStatus::Orphan)
        .count();
    Ok((session.annotations.len() - orphaned, orphaned))
}

/// Everything a removal took out of storage, to put back on undo.
#[derive(Clone, Debug, PartialEq)]
pub struct RemovedArticle {
    /// The library entry and its position, or `None` for the sample article.
    pub entry: Option<(usize, LibraryEntry)>,
    /// The title, for messages.
    pub title: String,
    /// `(key, value)` pairs removed from storage.
    pub stored: Vec<(String, String)>,
}

fn take_keys(keys: &[String]) -> Result<Vec<(String, String)>, String> {
    let storage = local_storage()?;
    let mut taken = Vec::new();
    for key in keys {
        if let Ok(Some(value)) = storage.get_item(key) {
            taken.push((key.clone(), value));
        }
    }
    for (key, _) in &taken {
        storage.remove_item(key).map_err(|error| describe_js_error(&error))?;
    }
    Ok(taken)
}

/// Removes a library article: its entry, its text and its annotations.
pub fn remove_article(library: &mut Library, route_id: &str) -> Result<RemovedArticle, String> {
    let entry = library.entry(route_id).cloned().ok_or_else(|| "That article is not in the library.".to_string())?;
    let mut keys = vec![entry.record_key()];
    if let Ok(article) = load_article(&entry) {
        keys.push(persist::annotations_key(&article.id));
    }
    let stored = take_keys(&keys)?;
    let removed = library.remove(route_id);
    save_library(library)?;
    Ok(RemovedArticle { title: entry.title.clone(), entry: removed, stored })
}

/// Hides the sample article and removes its annotations and edited text.
pub fn remove_sample(library: &mut Library, sample: &Article) -> Result<RemovedArticle, String> {
    let keys = vec![persist::annotations_key(&sample.id), article_key(&sample.identity())];
    let stored = take_keys(&keys)?;
    library.sample_hidden = true;
    save_library(library)?;
    Ok(RemovedArticle { entry: None, title: sample.metadata.title.clone(), stored })
}

/// Puts back what [`remove_article`] or [`remove_sample`] took out.
pub fn undo_removal(library: &mut Library, removed: RemovedArticle) -> Result<(), String> {
    let storage = local_storage()?;
    for (key, value) in &removed.stored {
        storage.set_item(key, value).map_err(|error| describe_save_error(&error))?;
    }
    match removed.entry {
        Some((position, entry)) => library.restore(position, entry),
        None => library.sample_hidden = false,
    }
    save_library(library)
}

/// Shows the sample article in the library again.
pub fn restore_sample(library: &mut Library) -> Result<(), String> {
    library.sample_hidden = false;
    save_library(library)
}

/// Renames a library article (the name shown; its text keeps its title).
pub fn rename_article(library: &mut Library, route_id: &str, title: &str) -> Result<(), String> {
    if !library.rename(route_id, title) {
        return Err("A name cannot be empty.".to_string());
    }
    save_library(library)
}
