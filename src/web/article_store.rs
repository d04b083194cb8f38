//! Keeping the user's edited version of an article in localStorage.
//!
//! The record's key and JSON belong to [`claimmark_core::storage::article_record`]; this
//! module only moves strings in and out of `window.localStorage`. As with
//! annotations, a value it cannot read is never overwritten: a record from a
//! newer claimmark is left alone, and any other unreadable record is copied
//! to a quarantine key before it is removed (and stays if the copy fails).

use super::describe_js_error;
use super::storage::{local_storage, SaveError};
use claimmark_core::article::model::Article;
use claimmark_core::storage::article_record::{article_key, decode_article, encode_article, ArticleRecordError};
use claimmark_core::storage::persist;
use claimmark_core::time::Timestamp;

/// What looking for an edited version of an article found.
#[derive(Clone, Debug, PartialEq)]
pub enum EditedVersion {
    /// The article has never been edited here (or storage is unusable, in
    /// which case the annotations' own load reports it).
    None,
    /// The edited version to show instead of the original.
    Loaded(Article),
    /// A record exists but could not be read; the original text is shown.
    Unreadable {
        /// Why, for the user.
        reason: String,
    },
}

/// The edited version stored for the article `original` is a version of.
pub fn load_edited_version(original: &Article, now: Timestamp) -> EditedVersion {
    let Ok(storage) = local_storage() else { return EditedVersion::None };
    let identity = original.identity();
    let key = article_key(&identity);
    let Ok(Some(raw)) = storage.get_item(&key) else { return EditedVersion::None };
    match decode_article(&raw, &identity) {
        Ok(article) => EditedVersion::Loaded(article),
        Err(error @ ArticleRecordError::NewerVersion { .. }) => EditedVersion::Unreadable {
            reason: format!("{error} The original text is shown and the saved edit is left untouched."),
        },
        Err(error) => {
            let quarantine_key = persist::quarantine_key(&key, now);
            let copied = storage.set_item(&quarantine_key, &raw).is_ok()
                && storage.get_item(&quarantine_key).ok().flatten().as_deref() == Some(raw.as_str());
            let reason = if copied {
                let _ = storage.remove_item(&key);
                format!("{error} It was set aside, unchanged, under the storage key “{quarantine_key}”.")
            } else {
                format!("{error} There was no room to set it aside, so it was left where it is.")
            };
            EditedVersion::Unreadable { reason }
        }
    }
}

/// Stores `article` as the edited version of its identity.
pub fn save_edited_version(article: &Article, now: Timestamp) -> Result<(), SaveError> {
    let storage = local_storage().map_err(SaveError::Unavailable)?;
    storage.set_item(&article_key(&article.identity()), &encode_article(article, now)).map_err(|error| {
        let text = describe_js_error(&error);
        if text.contains("Quota") || text.contains("QUOTA") {
            SaveError::QuotaExceeded
        } else {
            SaveError::Unavailable(text)
        }
    })
}

/// Removes the annotations saved for an older version of the text, once
/// they have been saved under the new version's id.
pub fn remove_annotations_of(article_id: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(&persist::annotations_key(article_id));
    }
}

/// Whether annotations are stored for `article_id`.
pub fn has_annotations_of(article_id: &str) -> bool {
    local_storage()
        .ok()
        .and_then(|storage| storage.get_item(&persist::annotations_key(article_id)).ok().flatten())
        .is_some()
}
