//! The whole-library backup ("Export everything") and its restore, and the
//! bookkeeping behind the reminder to back up.
//!
//! A backup (`"format": "claimmark-backup"`, version 1) holds every
//! claimmark key worth keeping (each article's stored envelope, article
//! records, preferences) with its value embedded as JSON. Quarantined
//! values are left out: they are offered for download on their own.
//!
//! Restoring is all-or-nothing: every entry is read and checked first, the
//! new value of every key is computed (annotations are merged with what is
//! stored, by [`crate::session::merge`]), and only then is anything written; if
//! a write fails, the keys already written get their old values back.
//!
//! This module knows nothing of the browser: it works over a
//! [`KeyValueStore`] and takes the time as an argument.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::article::model::Article;
use crate::session::merge::{drop_expired_tombstones, merge, AnnotationSet};
use crate::storage::persist::{self, StoredArticle};
use crate::storage::store::{classify_key, KeyKind, KeyValueStore, StoreError, BACKUP_STATE_KEY};
use crate::time::Timestamp;
use crate::time::{format_date, format_iso8601, parse_iso8601};

/// The `format` value of a backup.
pub const BACKUP_FORMAT_NAME: &str = "claimmark-backup";
/// The backup version this build writes and the newest it reads.
pub const BACKUP_FORMAT_VERSION: u32 = 1;
/// How many annotations made since the last backup prompt a reminder.
pub const REMINDER_THRESHOLD: usize = 50;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BackupDocumentV1 {
    format: String,
    version: u32,
    exported_at: String,
    entries: Vec<BackupEntryV1>,
}

#[derive(Serialize, Deserialize)]
struct BackupEntryV1 {
    key: String,
    value: serde_json::Value,
}

/// The file name of a backup made at `now`: `claimmark-backup-<date>.json`.
pub fn backup_file_name(now: Timestamp) -> String {
    format!("claimmark-backup-{}.json", format_date(now))
}

/// Writes every claimmark key of `store` worth keeping into one backup
/// document, pretty-printed, keys in order. A value that is not JSON (which
/// claimmark never writes outside quarantine) is left out.
pub fn export_everything(store: &impl KeyValueStore, now: Timestamp) -> Result<String, StoreError> {
    let mut keys = store.keys()?;
    keys.sort();
    let mut entries = Vec::new();
    for key in keys {
        match classify_key(&key) {
            KeyKind::Foreign | KeyKind::Quarantine { .. } => continue,
            _ => {}
        }
        let Some(raw) = store.get(&key)? else { continue };
        if let Ok(value) = serde_json::from_str(&raw) {
            entries.push(BackupEntryV1 { key, value });
        }
    }
    let document = BackupDocumentV1 {
        format: BACKUP_FORMAT_NAME.to_string(),
        version: BACKUP_FORMAT_VERSION,
        exported_at: format_iso8601(now),
        entries,
    };
    let mut text = serde_json::to_string_pretty(&document).expect("a backup holds only JSON values");
    text.push('\n');
    Ok(text)
}

/// Why a backup could not be restored. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreError {
    /// The file is not a claimmark backup; the text says what it is.
    NotABackup(String),
    /// The backup comes from a newer claimmark.
    NewerVersion(u32),
    /// One entry is unacceptable.
    BadEntry {
        /// The entry's key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Writing failed part-way; what was written was put back.
    WriteFailed(String),
}

impl fmt::Display for RestoreError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::NotABackup(reason) => {
                write!(formatter, "This file is not a claimmark backup ({reason}). Nothing was changed.")
            }
            RestoreError::NewerVersion(version) => write!(
                formatter,
                "This backup was written by a newer claimmark (backup version {version}). Update claimmark to \
                 restore it. Nothing was changed."
            ),
            RestoreError::BadEntry { key, reason } => {
                write!(formatter, "The backup's entry “{key}” cannot be restored: {reason} Nothing was changed.")
            }
            RestoreError::WriteFailed(reason) => write!(
                formatter,
                "Restoring stopped because storage refused a write ({reason}); everything was put back as it was."
            ),
        }
    }
}

impl std::error::Error for RestoreError {}

/// What a restore changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Keys written (merged or new).
    pub keys_written: usize,
    /// Annotations in the backup.
    pub annotations_in_backup: usize,
}

/// Restores `backup_text` into `store`, all or nothing. Annotations of the
/// `known_articles` are checked against their text and merged with what is
/// stored; an article this build does not have is restored only into an
/// empty key (or one holding the same value), as its text cannot be checked
/// here. Other entries are written only where the key is empty, so current
/// preferences win.
pub fn restore_backup(
    store: &mut impl KeyValueStore,
    backup_text: &str,
    known_articles: &[&Article],
    now: Timestamp,
) -> Result<RestoreSummary, RestoreError> {
    let value: serde_json::Value =
        serde_json::from_str(backup_text).map_err(|error| RestoreError::NotABackup(format!("not JSON: {error}")))?;
    let format = value.get("format").and_then(|format| format.as_str()).unwrap_or("");
    if format != BACKUP_FORMAT_NAME {
        return Err(RestoreError::NotABackup(format!("its format is {format:?}")));
    }
    let version = value.get("version").and_then(|version| version.as_u64()).unwrap_or(0);
    if version == 0 {
        return Err(RestoreError::NotABackup("it has no valid version".to_string()));
    }
    if version > u64::from(BACKUP_FORMAT_VERSION) {
        return Err(RestoreError::NewerVersion(u32::try_from(version).unwrap_or(u32::MAX)));
    }
    let document = BackupDocumentV1::deserialize(&value)
        .map_err(|error| RestoreError::NotABackup(format!("parts are missing: {error}")))?;
    if parse_iso8601(&document.exported_at).is_none() {
        return Err(RestoreError::NotABackup("its export time is not a date-time".to_string()));
    }

    let mut summary = RestoreSummary::default();
    let mut writes: Vec<(String, String)> = Vec::new();
    let bad = |key: &str, reason: String| RestoreError::BadEntry { key: key.to_string(), reason };
    for entry in &document.entries {
        let raw = entry.value.to_string();
        let current = store.get(&entry.key).map_err(|error| RestoreError::WriteFailed(error.to_string()))?;
        match classify_key(&entry.key) {
            KeyKind::Annotations { article_id } => {
                let article = known_articles.iter().find(|article| article.id == article_id);
                match article {
                    Some(article) => {
                        let from_backup =
                            persist::decode_store(&raw, article).map_err(|error| bad(&entry.key, error.to_string()))?;
                        summary.annotations_in_backup += from_backup.annotations.len();
                        let (stored_set, stored_revision, stored_review) = match &current {
                            Some(current) => {
                                let stored = persist::decode_store(current, article).map_err(|error| {
                                    bad(&entry.key, format!("what is stored now cannot be read ({error})"))
                                })?;
                                let review = stored.fully_reviewed;
                                (AnnotationSet::new(stored.annotations, stored.tombstones), stored.revision, review)
                            }
                            None => (AnnotationSet::default(), 0, false),
                        };
                        // A "fully reviewed" mark from either side is kept.
                        let fully_reviewed = from_backup.fully_reviewed || stored_review;
                        let mut merged =
                            merge(&stored_set, &AnnotationSet::new(from_backup.annotations, from_backup.tombstones));
                        drop_expired_tombstones(&mut merged, now);
                        if current.is_none() || merged != stored_set || fully_reviewed != stored_review {
                            let revision = stored_revision.max(from_backup.revision) + 1;
                            // Both sides' trash is kept, so no deleted highlight is lost.
                            let stored_trash = current
                                .as_deref()
                                .and_then(|raw| persist::decode_store(raw, article).ok())
                                .map(|stored| stored.trash)
                                .unwrap_or_default();
                            let trash = crate::session::history::union_trash(
                                &[&from_backup.trash, &stored_trash],
                                &merged.annotations,
                            );
                            let stored = StoredArticle {
                                revision,
                                saved_at: now,
                                annotations: merged.annotations,
                                tombstones: merged.tombstones,
                                fully_reviewed,
                                trash,
                            };
                            writes.push((entry.key.clone(), persist::encode_store(article, &stored)));
                        }
                    }
                    None => {
                        if entry.value.get("format").and_then(|format| format.as_str())
                            != Some(persist::STORE_FORMAT_NAME)
                        {
                            return Err(bad(&entry.key, "it is not a claimmark annotation store.".to_string()));
                        }
                        match &current {
                            None => writes.push((entry.key.clone(), raw)),
                            Some(current) if *current == raw => {}
                            Some(_) => {
                                return Err(bad(
                                    &entry.key,
                                    "it belongs to an article this claimmark does not have open, and different \
                                     highlights are stored for it already, so the two cannot be merged here."
                                        .to_string(),
                                ))
                            }
                        }
                    }
                }
            }
            KeyKind::Quarantine { .. } | KeyKind::Foreign => {
                return Err(bad(&entry.key, "a backup holds only claimmark data.".to_string()))
            }
            KeyKind::ArticleRecord | KeyKind::Preferences | KeyKind::Unknown => {
                if current.is_none() {
                    writes.push((entry.key.clone(), raw));
                }
            }
        }
    }

    let mut written: Vec<(String, Option<String>)> = Vec::new();
    for (key, value) in &writes {
        let previous = store.get(key).map_err(|error| RestoreError::WriteFailed(error.to_string()))?;
        if let Err(error) = store.set(key, value) {
            for (key, previous) in written.into_iter().rev() {
                let _ = match previous {
                    Some(previous) => store.set(&key, &previous),
                    None => store.remove(&key),
                };
            }
            return Err(RestoreError::WriteFailed(error.to_string()));
        }
        written.push((key.clone(), previous));
    }
    summary.keys_written = writes.len();
    Ok(summary)
}

/// When the last backup was made and when the reminder was last dismissed,
/// kept under [`BACKUP_STATE_KEY`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupState {
    /// When "Export everything" last succeeded (ms since the epoch).
    #[serde(default)]
    pub last_backup_at: Option<i64>,
    /// When the reminder was last dismissed (ms since the epoch).
    #[serde(default)]
    pub reminder_dismissed_at: Option<i64>,
}

impl BackupState {
    /// Reads the state; anything unreadable counts as no backup yet.
    pub fn read(store: &impl KeyValueStore) -> BackupState {
        store.get(BACKUP_STATE_KEY).ok().flatten().and_then(|raw| serde_json::from_str(&raw).ok()).unwrap_or_default()
    }

    /// Writes the state.
    pub fn write(&self, store: &mut impl KeyValueStore) -> Result<(), StoreError> {
        store.set(BACKUP_STATE_KEY, &serde_json::to_string(self).expect("the backup state is plain JSON"))
    }

    /// From when new annotations count towards the reminder.
    pub fn counting_since(&self) -> Timestamp {
        Timestamp(self.last_backup_at.unwrap_or(i64::MIN).max(self.reminder_dismissed_at.unwrap_or(i64::MIN)))
    }
}

/// How many annotations in every stored article but the one under
/// `except_key` were made after `since`. The open article is left out so
/// that its count can come from memory after each edit instead of
/// re-reading the whole library. Envelopes are read loosely (only
/// `annotations[].created`), since only a count is needed and articles other
/// than the open one cannot be checked.
pub fn annotations_created_since(store: &impl KeyValueStore, since: Timestamp, except_key: Option<&str>) -> usize {
    let Ok(keys) = store.keys() else { return 0 };
    keys.iter()
        .filter(|key| matches!(classify_key(key), KeyKind::Annotations { .. }))
        .filter(|key| Some(key.as_str()) != except_key)
        .filter_map(|key| store.get(key).ok().flatten())
        .filter_map(|raw| serde_json::from_str::<serde_json::Value>(&raw).ok())
        .map(|value| {
            value["annotations"].as_array().map_or(0, |annotations| {
                annotations
                    .iter()
                    .filter_map(|annotation| annotation["created"].as_str().and_then(parse_iso8601))
                    .filter(|created| *created > since)
                    .count()
            })
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::merge::Tombstone;
    use crate::storage::store::MemoryStore;
    use crate::test_support::{check_golden, sample_article, sample_session, SAMPLE_START};

    const BACKUP_GOLDEN: &str = include_str!("../../../../tests/golden/backup-v1.json");

    fn library() -> MemoryStore {
        let mut store = MemoryStore::default();
        let article = sample_article();
        store
            .set(
                &persist::annotations_key(&article.id),
                &persist::encode_session(&sample_session(), Timestamp(SAMPLE_START)),
            )
            .unwrap();
        store.set("claimmark:v1:prefs:suggestions", r#"{"enabled":true}"#).unwrap();
        store.set("claimmark:quarantine:1:claimmark:v1:annotations:x", "broken").unwrap();
        store.set("another-app", "{}").unwrap();
        store
    }

    #[test]
    fn a_backup_reproduces_the_golden_file_and_leaves_out_the_quarantine() {
        let backup = export_everything(&library(), Timestamp(SAMPLE_START + 60_000)).unwrap();
        check_golden("tests/golden/backup-v1.json", BACKUP_GOLDEN, &backup);
        assert!(!backup.contains("quarantine") && !backup.contains("another-app"));
        assert_eq!(backup_file_name(Timestamp(SAMPLE_START)), "claimmark-backup-2026-11-28.json");
    }

    #[test]
    fn restoring_into_an_empty_store_gives_the_library_back() {
        let article = sample_article();
        let mut store = MemoryStore::default();
        let summary = restore_backup(&mut store, BACKUP_GOLDEN, &[&article], Timestamp(SAMPLE_START)).unwrap();
        assert_eq!(summary, RestoreSummary { keys_written: 2, annotations_in_backup: 7 });
        let stored =
            persist::decode_store(&store.get(&persist::annotations_key(&article.id)).unwrap().unwrap(), &article)
                .unwrap();
        assert_eq!(stored.annotations, sample_session().annotations);
        assert_eq!(store.get("claimmark:v1:prefs:suggestions").unwrap().as_deref(), Some(r#"{"enabled":true}"#));
    }

    #[test]
    fn restoring_merges_with_what_is_stored_and_keeps_current_preferences() {
        let article = sample_article();
        let session = sample_session();
        let mut store = MemoryStore::default();
        let key = persist::annotations_key(&article.id);
        let later = Timestamp(SAMPLE_START + 3_600_000);
        let mut edited = session.annotations[1].clone();
        edited.note = "edited after the backup".into();
        edited.modified = later;
        let current = StoredArticle {
            revision: 30,
            saved_at: later,
            annotations: vec![session.annotations[0].clone(), edited.clone()],
            tombstones: vec![Tombstone { id: session.annotations[2].id.clone(), deleted_at: later }],
            fully_reviewed: false,
            trash: Vec::new(),
        };
        store.set(&key, &persist::encode_store(&article, &current)).unwrap();
        store.set("claimmark:v1:prefs:suggestions", r#"{"enabled":false}"#).unwrap();
        restore_backup(&mut store, BACKUP_GOLDEN, &[&article], later).unwrap();
        let stored = persist::decode_store(&store.get(&key).unwrap().unwrap(), &article).unwrap();
        assert_eq!(stored.revision, 31);
        assert_eq!(stored.annotations.len(), 6, "the union, less the one deleted after the backup");
        assert!(stored.annotations.contains(&edited), "the newer edit wins");
        assert!(!stored.annotations.iter().any(|annotation| annotation.id == session.annotations[2].id));
        assert_eq!(store.get("claimmark:v1:prefs:suggestions").unwrap().as_deref(), Some(r#"{"enabled":false}"#));
    }

    #[test]
    fn a_bad_entry_or_a_failed_write_changes_nothing() {
        let article = sample_article();
        let mut broken: serde_json::Value = serde_json::from_str(BACKUP_GOLDEN).unwrap();
        broken["entries"][0]["value"]["annotations"][1]["end"] = serde_json::json!(9_999);
        let mut store = MemoryStore::default();
        let error = restore_backup(&mut store, &broken.to_string(), &[&article], Timestamp(SAMPLE_START)).unwrap_err();
        assert!(matches!(&error, RestoreError::BadEntry { key, .. } if key.starts_with("claimmark:v1:annotations:")));
        assert!(error.to_string().contains("Nothing was changed"), "{error}");
        assert!(store.entries.is_empty());

        let mut roomy = MemoryStore::default();
        restore_backup(&mut roomy, BACKUP_GOLDEN, &[&article], Timestamp(SAMPLE_START)).unwrap();
        let mut full = MemoryStore { quota_units: Some(roomy.used_units() - 1), ..MemoryStore::default() };
        assert!(matches!(
            restore_backup(&mut full, BACKUP_GOLDEN, &[&article], Timestamp(SAMPLE_START)),
            Err(RestoreError::WriteFailed(_))
        ));
        assert!(full.entries.is_empty(), "the key written before the failure was removed again");

        for (text, expected) in [
            ("nonsense", "not JSON"),
            (r#"{"format":"claimmark","version":1}"#, "format"),
            (r#"{"format":"claimmark-backup","version":1}"#, "missing"),
        ] {
            let error = restore_backup(&mut store, text, &[&article], Timestamp(SAMPLE_START)).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
        }
        assert_eq!(
            restore_backup(&mut store, r#"{"format":"claimmark-backup","version":2}"#, &[&article], Timestamp(0)),
            Err(RestoreError::NewerVersion(2))
        );
    }

    #[test]
    fn the_reminder_counts_annotations_made_since_the_backup_or_the_dismissal() {
        let mut store = library();
        assert_eq!(BackupState::read(&store), BackupState::default());
        assert_eq!(annotations_created_since(&store, BackupState::read(&store).counting_since(), None), 7);
        let state = BackupState { last_backup_at: Some(SAMPLE_START + 3 * 60_000), reminder_dismissed_at: None };
        state.write(&mut store).unwrap();
        let read = BackupState::read(&store);
        assert_eq!(read, state);
        assert_eq!(annotations_created_since(&store, read.counting_since(), None), 3);
        let dismissed = BackupState { reminder_dismissed_at: Some(SAMPLE_START + 5 * 60_000), ..state };
        assert_eq!(annotations_created_since(&store, dismissed.counting_since(), None), 1);
        let open_key = crate::storage::persist::annotations_key(&sample_article().id);
        assert_eq!(annotations_created_since(&store, dismissed.counting_since(), Some(&open_key)), 0);
    }
}
