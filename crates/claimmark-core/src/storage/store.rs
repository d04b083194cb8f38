//! The storage rules, over any key-value store: loading with quarantine,
//! saving that never writes a stale article over a newer one, taking in what
//! another tab wrote, and accounting for the space used.
//!
//! [`KeyValueStore`] is the one seam: the browser layer implements it over
//! `localStorage`, tests over [`MemoryStore`]. [`ArticleSync`] keeps, for one
//! article, the revision this tab last read or wrote, the ids its session
//! held then, and the deletions it knows of. Every save reads the stored
//! value first and merges with it ([`crate::session::merge`]), so a write from
//! another tab is folded in, never overwritten; a value that cannot be read
//! is set aside under a quarantine key first, or, when it comes from a newer
//! claimmark, left alone and saving refused.
//!
//! This module knows nothing of the browser, the clock or the UI: time comes
//! in as an argument, and outcomes go back as values for the UI to show.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::session::annotation::{Annotation, AnnotationId};

use crate::article::model::Article;
use crate::session::history::TrashedAnnotation;
use crate::session::merge::{deletions_since, drop_expired_tombstones, merge, AnnotationSet, Tombstone};
use crate::storage::persist::{self, DecodeError, StoredArticle, KEY_PREFIX};
use crate::time::Timestamp;

/// How much localStorage holds per origin in Chromium, in UTF-16 code units
/// of keys and values together (measured: one more unit throws).
pub const BROWSER_QUOTA_UNITS: usize = 5_242_880;

/// Why the store refused an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The quota is used up: the value did not fit.
    QuotaExceeded,
    /// The store cannot be used; the text says why.
    Unavailable(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::QuotaExceeded => formatter.write_str("storage is full"),
            StoreError::Unavailable(reason) => formatter.write_str(reason),
        }
    }
}

/// A string-to-string store such as `localStorage`.
pub trait KeyValueStore {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Stores `value` under `key`, replacing what was there.
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Removes `key`; removing a missing key is not an error.
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    /// Every key, in no particular order.
    fn keys(&self) -> Result<Vec<String>, StoreError>;
    /// Copies the value under `from` to `to` exactly as stored and checks
    /// that the copy reads back identical. Implementations whose strings
    /// can hold what a Rust `String` cannot (lone surrogates) override this.
    fn copy_verbatim(&mut self, from: &str, to: &str) -> Result<(), StoreError> {
        let value = self.get(from)?.ok_or_else(|| StoreError::Unavailable(format!("{from} is empty")))?;
        self.set(to, &value)?;
        if self.get(to)?.as_deref() != Some(value.as_str()) {
            return Err(StoreError::Unavailable("the copy did not read back identical".to_string()));
        }
        Ok(())
    }
    /// The size of the value under `key` in UTF-16 code units, if any.
    fn value_units(&self, key: &str) -> Result<Option<usize>, StoreError> {
        Ok(self.get(key)?.map(|value| utf16_units(&value)))
    }
}

/// Length of `text` in UTF-16 code units, the unit browsers count quota in.
pub fn utf16_units(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// An in-memory [`KeyValueStore`] with a quota counted like Chromium's (keys
/// and values, in UTF-16 code units), and a switch that makes every write
/// fail as if the quota were used up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryStore {
    /// The stored entries.
    pub entries: BTreeMap<String, String>,
    /// Most code units keys and values may take together; `None` is no limit.
    pub quota_units: Option<usize>,
    /// When set, every `set` fails with [`StoreError::QuotaExceeded`].
    pub refuse_writes: bool,
}

impl MemoryStore {
    /// Code units used by every key and value.
    pub fn used_units(&self) -> usize {
        self.entries.iter().map(|(key, value)| utf16_units(key) + utf16_units(value)).sum()
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.refuse_writes {
            return Err(StoreError::QuotaExceeded);
        }
        if let Some(quota) = self.quota_units {
            let replaced = self.entries.get(key).map_or(0, |old| utf16_units(key) + utf16_units(old));
            if self.used_units() - replaced + utf16_units(key) + utf16_units(value) > quota {
                return Err(StoreError::QuotaExceeded);
            }
        }
        self.entries.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.entries.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.entries.keys().cloned().collect())
    }
}

/// What a claimmark key holds, told from the key alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// `claimmark:v1:annotations:<article id>`: one article's annotations.
    Annotations {
        /// The article id in the key.
        article_id: String,
    },
    /// `claimmark:quarantine:<ms>:<original key>`: a value set aside.
    Quarantine {
        /// When it was set aside (ms since the epoch), if the key says.
        set_aside_at: Option<i64>,
        /// The key it was found under.
        original_key: String,
    },
    /// `claimmark:v1:article:<article id>`: an article's text and metadata.
    ArticleRecord,
    /// `claimmark:v1:prefs…`, `claimmark:v1:backup` and `claimmark:v1:tags`:
    /// small settings.
    Preferences,
    /// Under `claimmark:` but of no kind this build knows: kept, and only
    /// reported if it does not even parse as JSON.
    Unknown,
    /// Not a claimmark key at all.
    Foreign,
}

/// The key holding the library's tag set (see [`crate::storage::tag_store`]).
pub const TAGS_KEY: &str = "claimmark:v1:tags";

/// The key of the backup bookkeeping (when the last backup was made, how
/// many annotations existed then, whether the reminder was dismissed).
pub const BACKUP_STATE_KEY: &str = "claimmark:v1:backup";

/// Tells what `key` holds.
pub fn classify_key(key: &str) -> KeyKind {
    let Some(rest) = key.strip_prefix(KEY_PREFIX) else {
        return KeyKind::Foreign;
    };
    if let Some(article_id) = rest.strip_prefix("v1:annotations:") {
        return KeyKind::Annotations { article_id: article_id.to_string() };
    }
    if let Some(quarantined) = rest.strip_prefix("quarantine:") {
        let (stamp, original_key) = quarantined.split_once(':').unwrap_or(("", quarantined));
        return KeyKind::Quarantine { set_aside_at: stamp.parse().ok(), original_key: original_key.to_string() };
    }
    if rest.starts_with("v1:article:") {
        return KeyKind::ArticleRecord;
    }
    if rest.starts_with("v1:prefs") || key == BACKUP_STATE_KEY || key == TAGS_KEY {
        return KeyKind::Preferences;
    }
    KeyKind::Unknown
}

/// What loading an article's saved annotations found.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadOutcome {
    /// Nothing is saved for this article.
    Nothing,
    /// The saved annotations.
    Loaded(Vec<Annotation>),
    /// The saved value could not be read. It was moved, unchanged, to
    /// `quarantine_key`; `reason` says what was wrong with it.
    Quarantined {
        /// Where the unreadable value now lives.
        quarantine_key: String,
        /// Why it could not be read.
        reason: String,
    },
    /// The saved value was written by a newer claimmark. It is left as it is,
    /// and saving for this article is refused for the rest of the visit.
    NewerVersion {
        /// Which version was found and which this build reads.
        reason: String,
    },
    /// Storage cannot be used (missing, blocked by the browser, or full when
    /// an unreadable value had to be set aside). Nothing was changed.
    Unavailable(String),
}

/// Why saving failed. The session in memory is untouched either way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The browser's storage quota for this site is used up.
    QuotaExceeded,
    /// Storage cannot be used, or saving would overwrite data this build
    /// cannot read; the text says which.
    Unavailable(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::QuotaExceeded => formatter.write_str(
                "Your latest changes could not be saved because this browser's storage for the site is full.",
            ),
            SaveError::Unavailable(reason) => write!(formatter, "Your latest changes could not be saved: {reason}"),
        }
    }
}

impl std::error::Error for SaveError {}

impl From<StoreError> for SaveError {
    fn from(error: StoreError) -> SaveError {
        match error {
            StoreError::QuotaExceeded => SaveError::QuotaExceeded,
            StoreError::Unavailable(reason) => SaveError::Unavailable(reason),
        }
    }
}

/// What a successful save did besides writing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveReport {
    /// Set when another tab had written changes this session lacks: the
    /// merged annotations and deletions, for the session to take in.
    pub merged: Option<AnnotationSet>,
    /// Set when an unreadable stored value was set aside before writing:
    /// its quarantine key and why it could not be read.
    pub quarantined: Option<(String, String)>,
    /// Set when another tab changed the "fully reviewed" mark and this tab
    /// had not: the stored mark, for the session to take in.
    pub fully_reviewed: Option<bool>,
    /// Set when the written trash differs from this tab's (another tab
    /// deleted something, or restored it): the trash now stored.
    pub trash: Option<Vec<TrashedAnnotation>>,
}

/// What another tab's write brought.
#[derive(Clone, Debug, PartialEq)]
pub enum RemoteChange {
    /// Nothing this tab has not seen.
    Nothing,
    /// Annotations and deletions to merge into the session.
    Changed(AnnotationSet),
    /// The other tab runs a newer claimmark; this tab must stop writing.
    NewerVersion(String),
    /// The value cannot be read; the next save sets it aside.
    Unreadable(String),
}

/// One tab's bookkeeping for one article's key.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleSync {
    /// The article's annotations key.
    pub key: String,
    /// The stored revision this tab last read or wrote.
    pub revision: u64,
    /// Ids the session held at the last load or save: an id held then and
    /// missing now was deleted here.
    held: BTreeSet<AnnotationId>,
    /// Deletions known to this tab.
    tombstones: Vec<Tombstone>,
    /// Why saving is refused, when the stored value must not be overwritten.
    refused: Option<String>,
    /// The "fully reviewed" mark as last read or written: a session whose
    /// mark still equals it has not changed it, so the stored mark stands.
    fully_reviewed: bool,
    /// The value this tab last read or wrote under the key, with what it
    /// decodes to. While the key still holds exactly that value, saving
    /// reuses the decoded copy instead of parsing and checking every stored
    /// annotation against the text again on each edit.
    last_seen: Option<(String, StoredArticle)>,
    /// The trash this tab writes: the last one loaded, saved, or handed in
    /// by [`ArticleSync::set_local_trash`].
    trash: Vec<TrashedAnnotation>,
    /// Ids in the trash at the last load or save: a stored trash entry whose
    /// id was seen then and is missing here was restored or emptied here.
    trash_seen: BTreeSet<AnnotationId>,
}

const REFUSAL: &str = "the highlights stored for this article were saved by a newer version of claimmark or could \
                       not be set aside, and saving would overwrite them.";

impl ArticleSync {
    /// Bookkeeping for `article`, before anything was read.
    pub fn new(article: &Article) -> ArticleSync {
        ArticleSync {
            key: persist::annotations_key(&article.id),
            revision: 0,
            held: BTreeSet::new(),
            tombstones: Vec::new(),
            refused: None,
            fully_reviewed: false,
            last_seen: None,
            trash: Vec::new(),
            trash_seen: BTreeSet::new(),
        }
    }

    /// The trash as last loaded or saved.
    pub fn trash(&self) -> &[TrashedAnnotation] {
        &self.trash
    }

    /// Hands in the session's trash, for the next save to write.
    pub fn set_local_trash(&mut self, trash: &[TrashedAnnotation]) {
        if self.trash != trash {
            self.trash = trash.to_vec();
        }
    }

    /// `raw` decoded for `article`: the remembered copy when `raw` is
    /// exactly the value last read or written here (the key belongs to this
    /// article's id, and the id pins the text), otherwise a full decode,
    /// remembered when it succeeds.
    fn decode_remembering(&mut self, raw: String, article: &Article) -> Result<StoredArticle, DecodeError> {
        if let Some((seen_raw, seen)) = &self.last_seen {
            if *seen_raw == raw {
                return Ok(seen.clone());
            }
        }
        let decoded = persist::decode_store(&raw, article)?;
        self.last_seen = Some((raw, decoded.clone()));
        Ok(decoded)
    }

    /// The "fully reviewed" mark as last loaded or saved.
    pub fn fully_reviewed(&self) -> bool {
        self.fully_reviewed
    }

    /// True when saving is refused to protect data this build cannot read.
    pub fn is_read_only(&self) -> bool {
        self.refused.is_some()
    }

    /// Loads the article's annotations. A value that fails to decode for any
    /// reason but a newer version is moved, exactly as stored, to a
    /// quarantine key stamped `now`, and only once the copy is checked is the
    /// original removed; if the copy fails, the original stays and saving is
    /// refused.
    pub fn load(&mut self, store: &mut impl KeyValueStore, article: &Article, now: Timestamp) -> LoadOutcome {
        let raw = match store.get(&self.key) {
            Ok(raw) => raw,
            Err(error) => return LoadOutcome::Unavailable(format!("Saved highlights could not be read: {error}")),
        };
        let Some(raw) = raw else {
            self.refused = None;
            return LoadOutcome::Nothing;
        };
        match self.decode_remembering(raw, article) {
            Ok(stored) => {
                self.refused = None;
                self.revision = stored.revision;
                self.held = stored.annotations.iter().map(|annotation| annotation.id.clone()).collect();
                self.tombstones = stored.tombstones;
                self.fully_reviewed = stored.fully_reviewed;
                self.trash_seen = stored.trash.iter().map(|entry| entry.annotation.id.clone()).collect();
                self.trash = stored.trash;
                LoadOutcome::Loaded(stored.annotations)
            }
            Err(error @ DecodeError::NewerVersion { .. }) => {
                self.refused = Some(REFUSAL.to_string());
                LoadOutcome::NewerVersion { reason: error.to_string() }
            }
            Err(error) => {
                let reason = error.to_string();
                match quarantine(store, &self.key, now) {
                    Ok(quarantine_key) => {
                        self.refused = None;
                        LoadOutcome::Quarantined { quarantine_key, reason }
                    }
                    Err(copy_failure) => {
                        self.refused = Some(REFUSAL.to_string());
                        LoadOutcome::Unavailable(format!(
                            "Saved highlights for this article could not be read ({reason}), and there was no room \
                             to set them aside ({copy_failure}). They were left untouched and nothing will be saved \
                             over them. Free some browser storage and reload the page."
                        ))
                    }
                }
            }
        }
    }

    /// Saves the session's `annotations`: reads what is stored, merges it
    /// with this tab's annotations and deletions, and writes the result with
    /// the next revision. Nothing is written when the merge equals what is
    /// stored. On any error, nothing here changes, so the next save retries
    /// everything, deletions included.
    pub fn save(
        &mut self,
        store: &mut impl KeyValueStore,
        article: &Article,
        annotations: &[Annotation],
        now: Timestamp,
    ) -> Result<SaveReport, SaveError> {
        let unchanged_mark = self.fully_reviewed;
        self.save_with_review(store, article, annotations, unchanged_mark, now)
    }

    /// Saves as [`ArticleSync::save`] does, with the session's "fully
    /// reviewed" mark: written when this tab changed it since it last read
    /// or wrote; otherwise the stored mark (another tab's change) is kept
    /// and reported back.
    pub fn save_with_review(
        &mut self,
        store: &mut impl KeyValueStore,
        article: &Article,
        annotations: &[Annotation],
        fully_reviewed: bool,
        now: Timestamp,
    ) -> Result<SaveReport, SaveError> {
        if let Some(reason) = &self.refused {
            return Err(SaveError::Unavailable(reason.clone()));
        }
        let mut report = SaveReport::default();
        // When each stored annotation was last changed, as this tab last read
        // or wrote them (taken before reading again replaces the memory).
        let seen_here: BTreeMap<AnnotationId, Timestamp> = self
            .last_seen
            .iter()
            .flat_map(|(_, seen)| {
                seen.annotations.iter().map(|annotation| (annotation.id.clone(), annotation.modified))
            })
            .collect();
        let stored = match store.get(&self.key)? {
            None => None,
            Some(raw) => match self.decode_remembering(raw, article) {
                Ok(stored) => Some(stored),
                Err(error @ DecodeError::NewerVersion { .. }) => {
                    self.refused = Some(REFUSAL.to_string());
                    return Err(SaveError::Unavailable(format!("{error} {REFUSAL}")));
                }
                Err(error) => {
                    let quarantine_key = quarantine(store, &self.key, now).map_err(|copy_failure| {
                        SaveError::Unavailable(format!(
                            "the stored highlights could not be read ({error}) and could not be set aside \
                             ({copy_failure}), so nothing was saved over them."
                        ))
                    })?;
                    report.quarantined = Some((quarantine_key, error.to_string()));
                    None
                }
            },
        };
        // An id this tab knew as deleted, did not hold at the last save and
        // holds now was brought back here on purpose (an undone import, an
        // import of the same file again): its known deletion no longer
        // applies. A deletion another tab made later still does.
        let local_ids: BTreeSet<&AnnotationId> = annotations.iter().map(|annotation| &annotation.id).collect();
        let brought_back: BTreeMap<AnnotationId, Timestamp> = self
            .tombstones
            .iter()
            .filter(|tombstone| !self.held.contains(&tombstone.id) && local_ids.contains(&tombstone.id))
            .map(|tombstone| (tombstone.id.clone(), tombstone.deleted_at))
            .collect();
        let still_deleted = |tombstone: &Tombstone| {
            brought_back.get(&tombstone.id).is_none_or(|known_deletion| tombstone.deleted_at > *known_deletion)
        };
        let mut tombstones: Vec<Tombstone> = self.tombstones.iter().filter(|t| still_deleted(t)).cloned().collect();
        tombstones.extend(deletions_since(&self.held, annotations, now));
        let local = AnnotationSet::new(annotations.to_vec(), tombstones);
        let (stored_set, stored_revision) = match &stored {
            Some(stored) => (
                AnnotationSet::new(
                    stored.annotations.clone(),
                    stored.tombstones.iter().filter(|t| still_deleted(t)).cloned().collect(),
                ),
                stored.revision,
            ),
            None => (AnnotationSet::default(), 0),
        };
        // A stored annotation no other tab changed since this tab last saw it
        // gives way to the session's copy, even one with an older `modified`:
        // an undone edit puts the earlier version back on purpose.
        let changed_elsewhere = |annotation: &Annotation| {
            !local_ids.contains(&annotation.id) || seen_here.get(&annotation.id) != Some(&annotation.modified)
        };
        let mut merged = match &stored {
            Some(stored) if stored.annotations.iter().any(|annotation| !changed_elsewhere(annotation)) => {
                let others: Vec<Annotation> =
                    stored.annotations.iter().filter(|annotation| changed_elsewhere(annotation)).cloned().collect();
                merge(&local, &AnnotationSet::new(others, stored_set.tombstones.clone()))
            }
            _ => merge(&local, &stored_set),
        };
        drop_expired_tombstones(&mut merged, now);
        let revision = stored_revision.max(self.revision) + 1;
        let written_review = match &stored {
            Some(stored) if fully_reviewed == self.fully_reviewed => stored.fully_reviewed,
            _ => fully_reviewed,
        };
        let stored_review = stored.as_ref().map(|stored| stored.fully_reviewed);
        // This tab's trash, plus what other tabs deleted since this tab last
        // looked; entries live again after the merge leave the trash.
        let mut written_trash = self.trash.clone();
        if let Some(stored) = &stored {
            for entry in &stored.trash {
                let known = written_trash.iter().any(|kept| kept.annotation.id == entry.annotation.id);
                if !known && !self.trash_seen.contains(&entry.annotation.id) {
                    written_trash.push(entry.clone());
                }
            }
        }
        let written_trash = crate::session::history::union_trash(&[&written_trash], &merged.annotations);
        let stored_trash = stored.as_ref().map(|stored| &stored.trash);
        let unchanged = stored.is_some()
            && merged == stored_set
            && stored_review == Some(written_review)
            && stored_trash == Some(&written_trash);
        if !unchanged {
            let written = StoredArticle {
                revision,
                saved_at: now,
                annotations: merged.annotations.clone(),
                tombstones: merged.tombstones.clone(),
                fully_reviewed: written_review,
                trash: written_trash.clone(),
            };
            let value = persist::encode_store(article, &written);
            store.set(&self.key, &value)?;
            // What decoding this value gives back: the compact form restores
            // every field exactly (see `a_saved_value_decodes_to_what_was_remembered`).
            self.last_seen = Some((value, written));
            self.revision = revision;
        } else {
            self.revision = stored_revision;
        }
        self.held = annotations.iter().map(|annotation| annotation.id.clone()).collect();
        self.tombstones = merged.tombstones.clone();
        self.fully_reviewed = written_review;
        if written_trash != self.trash {
            report.trash = Some(written_trash.clone());
        }
        self.trash_seen = written_trash.iter().map(|entry| entry.annotation.id.clone()).collect();
        self.trash = written_trash;
        if written_review != fully_reviewed {
            report.fully_reviewed = Some(written_review);
        }
        if merged.annotations != local.annotations {
            report.merged = Some(merged);
        }
        Ok(report)
    }

    /// Reads what another tab wrote under this article's key. The deletions
    /// this tab made but has not saved yet travel with the result, so the
    /// merge in the session cannot bring those annotations back.
    pub fn remote_change(
        &mut self,
        store: &impl KeyValueStore,
        article: &Article,
        annotations: &[Annotation],
        now: Timestamp,
    ) -> RemoteChange {
        let raw = match store.get(&self.key) {
            Ok(Some(raw)) => raw,
            Ok(None) | Err(_) => return RemoteChange::Nothing,
        };
        match self.decode_remembering(raw, article) {
            Ok(stored) if stored.revision == self.revision => RemoteChange::Nothing,
            Ok(stored) => {
                self.revision = self.revision.max(stored.revision);
                let mut tombstones = stored.tombstones;
                tombstones.extend(deletions_since(&self.held, annotations, now));
                let change = AnnotationSet::new(stored.annotations, tombstones);
                self.tombstones = merge(
                    &AnnotationSet { annotations: Vec::new(), tombstones: self.tombstones.clone() },
                    &AnnotationSet { annotations: Vec::new(), tombstones: change.tombstones.clone() },
                )
                .tombstones;
                RemoteChange::Changed(change)
            }
            Err(error @ DecodeError::NewerVersion { .. }) => {
                self.refused = Some(REFUSAL.to_string());
                RemoteChange::NewerVersion(error.to_string())
            }
            Err(error) => RemoteChange::Unreadable(error.to_string()),
        }
    }
}

/// Copies the value under `key` to a fresh quarantine key, checks the copy,
/// then removes the original. Returns the quarantine key, or why the copy
/// failed (in which case nothing was removed).
pub fn quarantine(store: &mut impl KeyValueStore, key: &str, now: Timestamp) -> Result<String, String> {
    let base = persist::quarantine_key(key, now);
    let original = store.get(key).map_err(|error| error.to_string())?;
    let mut free = None;
    for attempt in 0..1000 {
        let candidate = if attempt == 0 { base.clone() } else { format!("{base}~{attempt}") };
        let existing = store.get(&candidate).map_err(|error| error.to_string())?;
        if existing.is_none() || existing == original {
            free = Some(candidate);
            break;
        }
    }
    let quarantine_key = free.ok_or_else(|| "every quarantine key for this moment is taken".to_string())?;
    store.copy_verbatim(key, &quarantine_key).map_err(|error| error.to_string())?;
    // The copy is safe; if removal fails the original merely stays behind,
    // and the next load sets it aside again.
    let _ = store.remove(key);
    Ok(quarantine_key)
}

/// One key's share of the storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyUsage {
    /// The key.
    pub key: String,
    /// What it holds.
    pub kind: KeyKind,
    /// Code units of the key and its value.
    pub units: usize,
}

/// How the storage is used: every claimmark key's size, and the total of
/// every key (claimmark's and others') against the quota.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageUsage {
    /// Every key under `claimmark:`, largest first.
    pub claimmark_keys: Vec<KeyUsage>,
    /// Code units of every key and value in the store.
    pub total_units: usize,
    /// The quota, in code units.
    pub quota_units: usize,
}

impl StorageUsage {
    /// Measures `store`.
    pub fn measure(store: &impl KeyValueStore, quota_units: usize) -> Result<StorageUsage, StoreError> {
        let mut claimmark_keys = Vec::new();
        let mut total_units = 0;
        for key in store.keys()? {
            let units = utf16_units(&key) + store.value_units(&key)?.unwrap_or(0);
            total_units += units;
            let kind = classify_key(&key);
            if kind != KeyKind::Foreign {
                claimmark_keys.push(KeyUsage { key, kind, units });
            }
        }
        claimmark_keys.sort_by(|left, right| right.units.cmp(&left.units).then_with(|| left.key.cmp(&right.key)));
        Ok(StorageUsage { claimmark_keys, total_units, quota_units })
    }

    /// The keys "Free space" would remove: values set aside in quarantine.
    /// They are offered only after the user could download them, and only
    /// with confirmation.
    pub fn removable(&self) -> Vec<&KeyUsage> {
        self.claimmark_keys.iter().filter(|usage| matches!(usage.kind, KeyKind::Quarantine { .. })).collect()
    }

    /// Per cent of the quota used, rounded down.
    pub fn percent_used(&self) -> usize {
        (self.total_units.saturating_mul(100)).checked_div(self.quota_units).unwrap_or(100)
    }
}

/// Human-readable size of `units` UTF-16 code units, as the bytes they
/// take in the browser (2 per unit).
pub fn describe_units(units: usize) -> String {
    let bytes = units as f64 * 2.0;
    if bytes < 1024.0 {
        format!("{bytes:.0} B")
    } else if bytes < 1024.0 * 1024.0 {
        format!("{:.1} KB", bytes / 1024.0)
    } else {
        format!("{:.2} MB", bytes / (1024.0 * 1024.0))
    }
}

/// Keys under `claimmark:` whose kind is unknown and whose value is not
/// even JSON: another program's data under our prefix, reported to the
/// user. Keys of kinds this build does not know but that hold JSON belong
/// to other features or later versions and are left alone.
pub fn foreign_values_under_our_prefix(store: &impl KeyValueStore) -> Result<Vec<String>, StoreError> {
    let mut found = Vec::new();
    for key in store.keys()? {
        if classify_key(&key) == KeyKind::Unknown {
            let value = store.get(&key)?.unwrap_or_default();
            if serde_json::from_str::<serde_json::Value>(&value).is_err() {
                found.push(key);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::article::text::CodePointRange;
    use crate::session::action::Action;
    use crate::session::annotation::Verdict;
    use crate::session::reducer::Session;
    use crate::session::tags::TagId;
    use crate::test_support::{sample_article, sample_session, SAMPLE_START};
    use proptest::prelude::*;

    fn id(number: usize) -> AnnotationId {
        AnnotationId(format!("00000000-0000-4000-8000-{number:012}"))
    }

    #[test]
    fn keys_are_classified_by_their_prefix() {
        assert_eq!(
            classify_key("claimmark:v1:annotations:sha256:ab"),
            KeyKind::Annotations { article_id: "sha256:ab".into() }
        );
        assert_eq!(
            classify_key("claimmark:quarantine:17:claimmark:v1:annotations:x"),
            KeyKind::Quarantine { set_aside_at: Some(17), original_key: "claimmark:v1:annotations:x".into() }
        );
        assert_eq!(classify_key("claimmark:v1:article:sha256:ab"), KeyKind::ArticleRecord);
        assert_eq!(classify_key("claimmark:v1:prefs:suggestions"), KeyKind::Preferences);
        assert_eq!(classify_key(BACKUP_STATE_KEY), KeyKind::Preferences);
        assert_eq!(classify_key(TAGS_KEY), KeyKind::Preferences);
        assert_eq!(classify_key("claimmark:v9:whatever"), KeyKind::Unknown);
        assert_eq!(classify_key("other-app"), KeyKind::Foreign);
    }

    #[test]
    fn the_memory_store_counts_quota_like_the_browser() {
        let mut store = MemoryStore { quota_units: Some(10), ..MemoryStore::default() };
        store.set("ab", "😀cdef").unwrap();
        assert_eq!(store.used_units(), 8, "an emoji is two units");
        assert_eq!(store.set("x", "yz"), Err(StoreError::QuotaExceeded));
        store.set("x", "y").unwrap();
        store.set("ab", "😀cd").unwrap();
        assert_eq!(store.used_units(), 8);
    }

    #[test]
    fn unknown_keys_are_reported_only_when_they_are_not_json() {
        let mut store = MemoryStore::default();
        store.set("claimmark:v2:future", r#"{"format":"later"}"#).unwrap();
        store.set("claimmark:junk", "<html>").unwrap();
        store.set("elsewhere", "<html>").unwrap();
        assert_eq!(foreign_values_under_our_prefix(&store).unwrap(), vec!["claimmark:junk".to_string()]);
    }

    #[test]
    fn usage_lists_claimmark_keys_and_the_quarantine_as_removable() {
        let mut store = MemoryStore::default();
        store.set("claimmark:v1:annotations:a", "0123456789").unwrap();
        store.set("claimmark:quarantine:5:claimmark:v1:annotations:a", "xx").unwrap();
        store.set("elsewhere", "1234").unwrap();
        let usage = StorageUsage::measure(&store, 1000).unwrap();
        assert_eq!(usage.claimmark_keys.len(), 2);
        assert_eq!(usage.claimmark_keys[0].units, 49 + 2, "largest first");
        assert_eq!(usage.claimmark_keys[1].units, 26 + 10);
        assert_eq!(usage.total_units, 51 + 36 + 13);
        assert_eq!(usage.removable().len(), 1);
        assert_eq!(usage.percent_used(), 10);
        assert_eq!(describe_units(100), "200 B");
        assert_eq!(describe_units(BROWSER_QUOTA_UNITS), "10.00 MB");
    }

    #[test]
    fn a_corrupt_value_is_quarantined_verbatim_and_a_newer_one_is_left_alone() {
        let article = sample_article();
        for corrupt in ["not json {", "{\"format\":\"claimmark-store\",\"version\":1", "[1,2]"] {
            let mut store = MemoryStore::default();
            let mut sync = ArticleSync::new(&article);
            store.set(&sync.key, corrupt).unwrap();
            let LoadOutcome::Quarantined { quarantine_key, .. } = sync.load(&mut store, &article, Timestamp(9)) else {
                panic!("{corrupt} was not quarantined")
            };
            assert_eq!(store.get(&quarantine_key).unwrap().as_deref(), Some(corrupt));
            assert_eq!(store.get(&sync.key).unwrap(), None);
        }
        let mut store = MemoryStore::default();
        let mut sync = ArticleSync::new(&article);
        let newer = r#"{"format":"claimmark-store","version":7}"#;
        store.set(&sync.key, newer).unwrap();
        assert!(matches!(sync.load(&mut store, &article, Timestamp(9)), LoadOutcome::NewerVersion { .. }));
        assert!(sync.is_read_only());
        let error = sync.save(&mut store, &article, &sample_session().annotations, Timestamp(10)).unwrap_err();
        assert!(error.to_string().contains("newer version"), "{error}");
        assert_eq!(store.get(&sync.key).unwrap().as_deref(), Some(newer));
    }

    #[test]
    fn a_value_that_cannot_be_set_aside_stays_and_is_never_overwritten() {
        let article = sample_article();
        let mut store = MemoryStore::default();
        let mut sync = ArticleSync::new(&article);
        store.set(&sync.key, "garbage").unwrap();
        store.refuse_writes = true;
        assert!(matches!(sync.load(&mut store, &article, Timestamp(9)), LoadOutcome::Unavailable(_)));
        store.refuse_writes = false;
        assert!(sync.save(&mut store, &article, &sample_session().annotations, Timestamp(10)).is_err());
        assert_eq!(store.get(&sync.key).unwrap().as_deref(), Some("garbage"));
    }

    #[test]
    fn a_corrupt_value_met_while_saving_is_set_aside_first() {
        let article = sample_article();
        let mut store = MemoryStore::default();
        let mut sync = ArticleSync::new(&article);
        store.set(&sync.key, "half a write").unwrap();
        let report = sync.save(&mut store, &article, &sample_session().annotations, Timestamp(10)).unwrap();
        let (quarantine_key, _) = report.quarantined.expect("the corrupt value was set aside");
        assert_eq!(store.get(&quarantine_key).unwrap().as_deref(), Some("half a write"));
        let stored = persist::decode_store(&store.get(&sync.key).unwrap().unwrap(), &article).unwrap();
        assert_eq!(stored.annotations, sample_session().annotations);
    }

    #[test]
    fn a_saved_value_decodes_to_what_was_remembered() {
        let article = Rc::new(sample_article());
        let mut store = MemoryStore::default();
        let later = |minutes: i64| Timestamp(SAMPLE_START + 3_600_000 + minutes * 60_000);
        let sample = sample_session().annotations;
        let mut sync = ArticleSync::new(&article);
        sync.load(&mut store, &article, later(1));
        for (minute, annotations) in [(2, &sample[..4]), (3, &sample[1..4]), (4, &sample[2..4])] {
            sync.save(&mut store, &article, annotations, later(minute)).unwrap();
            let raw = store.get(&sync.key).unwrap().unwrap();
            let (remembered_raw, remembered) = sync.last_seen.clone().expect("a written value is remembered");
            assert_eq!(remembered_raw, raw);
            assert_eq!(persist::decode_store(&raw, &article).unwrap(), remembered);
        }
        // Another writer's value is decoded, not mistaken for the remembered one.
        let mut other = ArticleSync::new(&article);
        other.load(&mut store, &article, later(5));
        other.save(&mut store, &article, &sample[2..5], later(6)).unwrap();
        let report = sync.save(&mut store, &article, &sample[2..4], later(7)).unwrap();
        let merged = report.merged.expect("the other writer's annotation comes back");
        assert!(merged.annotations.iter().any(|annotation| annotation.id == sample[4].id));
    }

    #[test]
    fn a_stale_tab_merges_instead_of_overwriting() {
        let article = Rc::new(sample_article());
        let mut store = MemoryStore::default();
        let later = |minutes: i64| Timestamp(SAMPLE_START + 3_600_000 + minutes * 60_000);
        let sample = sample_session().annotations;
        let (mut first, mut second) = (ArticleSync::new(&article), ArticleSync::new(&article));
        first.load(&mut store, &article, later(1));
        second.load(&mut store, &article, later(1));
        first.save(&mut store, &article, &sample[..3], later(2)).unwrap();
        let report = second.save(&mut store, &article, &sample[3..], later(3)).unwrap();
        let merged = report.merged.expect("the other tab's annotations are reported");
        assert_eq!(merged.annotations, sample);
        let stored = persist::decode_store(&store.get(&first.key).unwrap().unwrap(), &article).unwrap();
        assert_eq!(stored.annotations, sample);
        assert_eq!(stored.revision, 2);

        // A deletion in the first tab travels as a tombstone.
        let remaining: Vec<Annotation> = sample[1..3].to_vec();
        first.save(&mut store, &article, &remaining, later(4)).unwrap();
        let stored = persist::decode_store(&store.get(&first.key).unwrap().unwrap(), &article).unwrap();
        assert_eq!(stored.annotations.len(), sample.len() - 1);
        assert_eq!(stored.tombstones, vec![Tombstone { id: sample[0].id.clone(), deleted_at: later(4) }]);
        let RemoteChange::Changed(change) = second.remote_change(&store, &article, &sample, later(5)) else {
            panic!("the second tab sees the change")
        };
        let mut session = Session::new(article.clone());
        session.apply(Action::Load { annotations: sample.clone() });
        session.apply(Action::MergeRemote { annotations: change.annotations, tombstones: change.tombstones });
        assert_eq!(session.annotations, sample[1..].to_vec());
        assert_eq!(second.remote_change(&store, &article, &session.annotations, later(6)), RemoteChange::Nothing);
    }

    #[test]
    fn the_fully_reviewed_mark_is_saved_loaded_and_never_undone_by_a_tab_that_did_not_touch_it() {
        let article = Rc::new(sample_article());
        let mut store = MemoryStore::default();
        let at = |minutes: i64| Timestamp(SAMPLE_START + minutes * 60_000);
        let sample = sample_session().annotations;
        let (mut marking, mut other) = (ArticleSync::new(&article), ArticleSync::new(&article));
        marking.load(&mut store, &article, at(1));
        other.load(&mut store, &article, at(1));
        other.save_with_review(&mut store, &article, &sample[..2], false, at(2)).unwrap();
        let report = marking.save_with_review(&mut store, &article, &sample[..2], true, at(3)).unwrap();
        assert_eq!(report.fully_reviewed, None, "this tab's own change is written, not reported back");
        let stored = || persist::decode_store(&store.get(&marking.key).unwrap().unwrap(), &article).unwrap();
        assert!(stored().fully_reviewed);

        // The other tab still holds the old mark and saves an edit: the
        // stored mark stands and is reported back to it.
        let report = other.save_with_review(&mut store, &article, &sample[..3], false, at(4)).unwrap();
        assert_eq!(report.fully_reviewed, Some(true));
        let stored_now = persist::decode_store(&store.get(&other.key).unwrap().unwrap(), &article).unwrap();
        assert!(stored_now.fully_reviewed);
        assert_eq!(stored_now.annotations.len(), 3);

        // A tab that loaded the mark and takes it back writes that change.
        let mut fresh = ArticleSync::new(&article);
        assert!(matches!(fresh.load(&mut store, &article, at(6)), LoadOutcome::Loaded(_)));
        assert!(fresh.fully_reviewed());
        fresh.save_with_review(&mut store, &article, &sample[..3], false, at(7)).unwrap();
        assert!(!persist::decode_store(&store.get(&fresh.key).unwrap().unwrap(), &article).unwrap().fully_reviewed);
    }

    #[test]
    fn an_undone_edit_survives_saving_when_no_other_tab_wrote() {
        let article = Rc::new(sample_article());
        let mut session = Session::new(article.clone());
        let mut store = MemoryStore::default();
        let mut sync = ArticleSync::new(&article);
        let range = CodePointRange { start: 0, end: 6 };
        session.apply(Action::Create { id: id(1), now: Timestamp(1), range, tag: TagId("statistic".into()) });
        sync.save(&mut store, &article, &session.annotations, Timestamp(1)).unwrap();
        session.apply(Action::SetNote { id: id(1), note: "later".into(), now: Timestamp(5) });
        sync.save(&mut store, &article, &session.annotations, Timestamp(5)).unwrap();
        session.apply(Action::Undo);
        let report = sync.save(&mut store, &article, &session.annotations, Timestamp(6)).unwrap();
        assert_eq!(report.merged, None, "the undone note must not come back");
        let mut reloaded = ArticleSync::new(&article);
        let LoadOutcome::Loaded(annotations) = reloaded.load(&mut store, &article, Timestamp(7)) else {
            panic!("stored")
        };
        assert_eq!(annotations, session.annotations);

        // Another tab's later write is still merged by time.
        let mut other_tab = ArticleSync::new(&article);
        other_tab.load(&mut store, &article, Timestamp(8));
        let mut theirs = session.annotations.clone();
        theirs[0].note = "theirs".into();
        theirs[0].modified = Timestamp(9);
        other_tab.save(&mut store, &article, &theirs, Timestamp(9)).unwrap();
        let report = sync.save(&mut store, &article, &session.annotations, Timestamp(10)).unwrap();
        assert_eq!(report.merged.map(|merged| merged.annotations[0].note.clone()).as_deref(), Some("theirs"));
    }

    #[test]
    fn an_undone_deletion_survives_saving_and_reloading_and_the_trash_is_stored() {
        let article = Rc::new(sample_article());
        let mut store = MemoryStore::default();
        let later = |minutes: i64| Timestamp(SAMPLE_START + 3_600_000 + minutes * 60_000);
        let mut session = Session::new(article.clone());
        session.apply(Action::Load { annotations: sample_session().annotations });
        let target = session.annotations[0].id.clone();
        let mut sync = ArticleSync::new(&article);
        sync.load(&mut store, &article, later(0));
        let save = |store: &mut MemoryStore, sync: &mut ArticleSync, session: &Session, minute: i64| {
            sync.set_local_trash(&session.trash);
            sync.save(store, &article, &session.annotations, later(minute)).unwrap();
        };
        save(&mut store, &mut sync, &session, 1);
        session.apply(Action::Delete { id: target.clone(), now: later(2) });
        save(&mut store, &mut sync, &session, 2);
        let stored = persist::decode_store(&store.get(&sync.key).unwrap().unwrap(), &article).unwrap();
        assert_eq!(stored.trash.len(), 1, "the deleted annotation is kept in the stored trash");
        assert_eq!(stored.trash[0].deleted_at, later(2));

        session.apply(Action::Undo);
        save(&mut store, &mut sync, &session, 3);
        let mut reloaded = ArticleSync::new(&article);
        let LoadOutcome::Loaded(annotations) = reloaded.load(&mut store, &article, later(4)) else {
            panic!("the saved annotations load")
        };
        assert!(annotations.iter().any(|annotation| annotation.id == target), "the undone deletion stays undone");
        assert!(reloaded.trash().is_empty(), "and it left the trash");

        // Deleted again and restored from the trash: the same holds.
        session.apply(Action::Redo);
        save(&mut store, &mut sync, &session, 5);
        session.apply(Action::RestoreFromTrash { id: target.clone() });
        save(&mut store, &mut sync, &session, 6);
        let mut reloaded = ArticleSync::new(&article);
        let LoadOutcome::Loaded(annotations) = reloaded.load(&mut store, &article, later(7)) else {
            panic!("the saved annotations load")
        };
        assert!(annotations.iter().any(|annotation| annotation.id == target));
        assert!(reloaded.trash().is_empty());
    }

    #[test]
    fn an_undone_edit_survives_saving_and_another_tabs_later_edit_still_wins() {
        let article = Rc::new(sample_article());
        let mut store = MemoryStore::default();
        let later = |minutes: i64| Timestamp(SAMPLE_START + 3_600_000 + minutes * 60_000);
        let mut session = Session::new(article.clone());
        session.apply(Action::Load { annotations: sample_session().annotations });
        let target = session.annotations[0].id.clone();
        let original = session.annotations[0].claim.verdict;
        let mut sync = ArticleSync::new(&article);
        sync.load(&mut store, &article, later(0));
        sync.save(&mut store, &article, &session.annotations, later(1)).unwrap();
        session.apply(Action::SetVerdict { id: target.clone(), verdict: Verdict::False, now: later(2) });
        sync.save(&mut store, &article, &session.annotations, later(2)).unwrap();

        // Undo brings back the copy with the older `modified`: it must still
        // be what is written, and what a reload finds.
        session.apply(Action::Undo);
        let report = sync.save(&mut store, &article, &session.annotations, later(3)).unwrap();
        assert!(report.merged.is_none(), "nothing from storage overrides the undo: {:?}", report.merged);
        let verdict_stored = |store: &mut MemoryStore| {
            let mut reloaded = ArticleSync::new(&article);
            let LoadOutcome::Loaded(annotations) = reloaded.load(store, &article, later(9)) else {
                panic!("the saved annotations load")
            };
            annotations.iter().find(|annotation| annotation.id == target).unwrap().claim.verdict
        };
        assert_eq!(verdict_stored(&mut store), original, "the undone verdict stays undone");

        // Another tab edits the same annotation afterwards: its later change
        // is not overridden by this tab's older copy.
        let mut elsewhere = ArticleSync::new(&article);
        let LoadOutcome::Loaded(theirs) = elsewhere.load(&mut store, &article, later(4)) else { panic!("loads") };
        let mut other = Session::new(article.clone());
        other.apply(Action::Load { annotations: theirs });
        other.apply(Action::SetVerdict { id: target.clone(), verdict: Verdict::Misleading, now: later(5) });
        elsewhere.save(&mut store, &article, &other.annotations, later(5)).unwrap();
        session.apply(Action::SetNote { id: session.annotations[1].id.clone(), note: "n".to_string(), now: later(6) });
        sync.save(&mut store, &article, &session.annotations, later(6)).unwrap();
        assert_eq!(verdict_stored(&mut store), Verdict::Misleading);
    }

    #[test]
    fn a_trash_entry_emptied_here_does_not_come_back_and_one_from_another_tab_is_kept() {
        let article = Rc::new(sample_article());
        let mut store = MemoryStore::default();
        let later = |minutes: i64| Timestamp(SAMPLE_START + 3_600_000 + minutes * 60_000);
        let sample = sample_session().annotations;
        let (mut here, mut elsewhere) = (ArticleSync::new(&article), ArticleSync::new(&article));
        let mut session = Session::new(article.clone());
        session.apply(Action::Load { annotations: sample.clone() });
        here.load(&mut store, &article, later(0));
        here.save(&mut store, &article, &session.annotations, later(1)).unwrap();
        session.apply(Action::Delete { id: sample[0].id.clone(), now: later(2) });
        here.set_local_trash(&session.trash);
        here.save(&mut store, &article, &session.annotations, later(2)).unwrap();

        // Another tab deletes a second one.
        elsewhere.load(&mut store, &article, later(3));
        let mut other = Session::new(article.clone());
        other.apply(Action::Load { annotations: session.annotations.clone() });
        other.apply(Action::LoadTrash { trash: elsewhere.trash().to_vec() });
        other.apply(Action::Delete { id: sample[1].id.clone(), now: later(4) });
        elsewhere.set_local_trash(&other.trash);
        elsewhere.save(&mut store, &article, &other.annotations, later(4)).unwrap();

        // This tab empties its trash: its own entry goes, the other tab's stays.
        session.apply(Action::EmptyTrash);
        here.set_local_trash(&session.trash);
        let report = here.save(&mut store, &article, &session.annotations, later(5)).unwrap();
        let stored = persist::decode_store(&store.get(&here.key).unwrap().unwrap(), &article).unwrap();
        let trashed: Vec<AnnotationId> = stored.trash.iter().map(|entry| entry.annotation.id.clone()).collect();
        assert_eq!(trashed, vec![sample[1].id.clone()]);
        assert_eq!(report.trash.map(|trash| trash.len()), Some(1), "the other tab's deletion is reported");
    }

    #[test]
    fn an_annotation_brought_back_in_the_same_tab_survives_its_old_deletion() {
        let article = Rc::new(sample_article());
        let mut store = MemoryStore::default();
        let later = |minutes: i64| Timestamp(SAMPLE_START + 3_600_000 + minutes * 60_000);
        let sample = sample_session().annotations;
        let (mut here, mut elsewhere) = (ArticleSync::new(&article), ArticleSync::new(&article));
        here.load(&mut store, &article, later(0));
        here.save(&mut store, &article, &sample, later(1)).unwrap();
        // Deleted (an undone import, say), then brought back unchanged, with
        // its old `modified` (the same file imported again).
        here.save(&mut store, &article, &sample[1..], later(2)).unwrap();
        here.save(&mut store, &article, &sample, later(3)).unwrap();
        let stored = persist::decode_store(&store.get(&here.key).unwrap().unwrap(), &article).unwrap();
        assert_eq!(stored.annotations, sample, "the re-added annotation is stored");
        assert!(stored.tombstones.is_empty(), "its old deletion is gone: {:?}", stored.tombstones);

        // A deletion made in another tab after that still wins.
        elsewhere.load(&mut store, &article, later(4));
        elsewhere.save(&mut store, &article, &sample[1..], later(5)).unwrap();
        let RemoteChange::Changed(change) = here.remote_change(&store, &article, &sample, later(6)) else {
            panic!("this tab sees the other tab's deletion")
        };
        assert_eq!(change.annotations, sample[1..].to_vec());
        assert_eq!(change.tombstones, vec![Tombstone { id: sample[0].id.clone(), deleted_at: later(5) }]);
    }

    /// 10,000 annotations of a long article, as the stored format writes
    /// them, must fit in well under half of the browser's quota.
    #[test]
    fn ten_thousand_annotations_fit_comfortably() {
        use crate::article::model::{ArticleMetadata, BlockKind};
        let paragraphs: Vec<(BlockKind, String)> = (0..400)
            .map(|number| {
                let text = format!(
                    "Paragraph {number}: the ministry said 1.73 million cases of illegal online activity were \
                     handled, and officials in 北京 expect 30,000 more next year, according to the report."
                );
                (BlockKind::Paragraph, text)
            })
            .collect();
        let article = Rc::new(Article::new(ArticleMetadata::default(), paragraphs));
        let mut session = Session::new(article.clone());
        let tags: Vec<TagId> = session.tags.tags.iter().map(|tag| tag.id.clone()).collect();
        // Built directly and loaded in one action: going through 10,000
        // undoable actions would measure the undo history, not storage.
        let mut annotations = Vec::with_capacity(10_000);
        let mut start = 0;
        for count in 0..10_000 {
            let range = CodePointRange { start, end: (start + 30 + count % 17).min(article.len()) };
            let created = Timestamp(SAMPLE_START + count as i64 * 1_000);
            let quote = crate::anchoring::selector::describe(&article, range).quote;
            let mut annotation =
                Annotation::new(id(count), created, range, quote, vec![tags[count % tags.len()].clone()]);
            if count % 10 == 0 {
                annotation.note = "Check the original release.".into();
                annotation.modified = Timestamp(created.0 + 500);
            }
            annotations.push(annotation);
            start = (start + 7) % (article.len() - 50);
        }
        session.apply(Action::Load { annotations });
        assert_eq!(session.annotations.len(), 10_000);
        let encoded = persist::encode_session(&session, Timestamp(SAMPLE_START));
        let units = utf16_units(&encoded);
        println!(
            "storage: 10,000 annotations take {units} UTF-16 code units ({} per annotation), {:.1}% of the {} quota",
            units / 10_000,
            units as f64 * 100.0 / BROWSER_QUOTA_UNITS as f64,
            BROWSER_QUOTA_UNITS
        );
        assert!(units < BROWSER_QUOTA_UNITS / 2, "{units} units");
        assert_eq!(persist::decode_annotations(&encoded, &article).unwrap(), session.annotations);
    }

    /// One step of the chaos run.
    #[derive(Clone, Debug)]
    enum Step {
        Add { start: usize, length: usize, tag: usize },
        Edit { which: usize, note: &'static str },
        Delete { which: usize },
        Reload,
        QuotaFull(bool),
        OtherTabAdds { start: usize },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0_usize..400, 1_usize..40, 0_usize..6).prop_map(|(start, length, tag)| Step::Add { start, length, tag }),
            2 => (any::<usize>(), prop_oneof![Just(""), Just("checked"), Just("北京 😀 <b>")])
                .prop_map(|(which, note)| Step::Edit { which, note }),
            2 => any::<usize>().prop_map(|which| Step::Delete { which }),
            1 => Just(Step::Reload),
            1 => any::<bool>().prop_map(Step::QuotaFull),
            1 => (0_usize..400).prop_map(|start| Step::OtherTabAdds { start }),
        ]
    }

    /// A tab: its session and its bookkeeping, saving after every change
    /// and taking in what the other tab wrote, as the app does.
    struct Tab {
        session: Session,
        sync: ArticleSync,
    }

    impl Tab {
        fn open(store: &mut MemoryStore, article: &Rc<Article>, now: Timestamp) -> Tab {
            let mut session = Session::new(article.clone());
            let mut sync = ArticleSync::new(article);
            match sync.load(store, article, now) {
                LoadOutcome::Loaded(annotations) => session.apply(Action::Load { annotations }),
                LoadOutcome::Nothing => {}
                other => panic!("unexpected load outcome {other:?}"),
            }
            Tab { session, sync }
        }

        /// Applies `action` and saves, as the app's effect does. Returns
        /// whether the save succeeded.
        fn act(&mut self, store: &mut MemoryStore, action: Action, now: Timestamp) -> bool {
            self.session.apply(action);
            self.save(store, now)
        }

        fn save(&mut self, store: &mut MemoryStore, now: Timestamp) -> bool {
            match self.sync.save(store, &self.session.article, &self.session.annotations, now) {
                Ok(report) => {
                    // The next save trusts the remembered copy instead of decoding.
                    if let Some((raw, remembered)) = &self.sync.last_seen {
                        assert_eq!(&persist::decode_store(raw, &self.session.article).unwrap(), remembered);
                    }
                    if let Some(merged) = report.merged {
                        self.session.apply(Action::MergeRemote {
                            annotations: merged.annotations,
                            tombstones: merged.tombstones,
                        });
                    }
                    true
                }
                Err(SaveError::QuotaExceeded) => false,
                Err(other) => panic!("unexpected save error {other}"),
            }
        }

        fn hear(&mut self, store: &MemoryStore, now: Timestamp) {
            if let RemoteChange::Changed(change) =
                self.sync.remote_change(store, &self.session.article, &self.session.annotations, now)
            {
                self.session
                    .apply(Action::MergeRemote { annotations: change.annotations, tombstones: change.tombstones });
            }
        }
    }

    fn stored_annotations(store: &MemoryStore, article: &Article) -> Vec<Annotation> {
        match store.get(&persist::annotations_key(&article.id)).unwrap() {
            Some(raw) => persist::decode_store(&raw, article).unwrap().annotations,
            None => Vec::new(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Random edits, reloads, quota failures and another tab's writes,
        /// against a model: what this tab shows is what it was told, and
        /// after a reload storage holds exactly what was last saved.
        #[test]
        fn chaos_never_loses_a_saved_annotation(steps in proptest::collection::vec(step(), 1..40)) {
            let article = Rc::new(sample_article());
            let tags: Vec<TagId> = Session::new(article.clone()).tags.tags.iter().map(|tag| tag.id.clone()).collect();
            let mut store = MemoryStore::default();
            let mut tab = Tab::open(&mut store, &article, Timestamp(SAMPLE_START));
            let mut other = Tab::open(&mut store, &article, Timestamp(SAMPLE_START));
            // The model: what the tab holds in memory, and what was saved last.
            let mut in_memory: Vec<Annotation> = Vec::new();
            let mut saved: Vec<Annotation> = Vec::new();
            let mut next_id = 0;
            let mut deleted_here = BTreeSet::new();
            for (number, step) in steps.into_iter().enumerate() {
                let now = Timestamp(SAMPLE_START + 1_000 * (number as i64 + 1));
                match step {
                    Step::Add { start, length, tag } => {
                        let start = start % article.len();
                        let range = CodePointRange { start, end: (start + length).min(article.len()) };
                        next_id += 1;
                        let action = Action::Create { id: id(next_id), now, range, tag: tags[tag].clone() };
                        let saved_ok = tab.act(&mut store, action, now);
                        in_memory = tab.session.annotations.clone();
                        if saved_ok { saved = in_memory.clone(); }
                    }
                    Step::Edit { which, note } if !tab.session.annotations.is_empty() => {
                        let target = tab.session.annotations[which % tab.session.annotations.len()].id.clone();
                        let saved_ok = tab.act(&mut store, Action::SetNote { id: target, note: note.to_string(), now }, now);
                        in_memory = tab.session.annotations.clone();
                        if saved_ok { saved = in_memory.clone(); }
                    }
                    Step::Delete { which } if !tab.session.annotations.is_empty() => {
                        let target = tab.session.annotations[which % tab.session.annotations.len()].id.clone();
                        deleted_here.insert(target.clone());
                        let saved_ok = tab.act(&mut store, Action::Delete { id: target.clone(), now }, now);
                        prop_assert!(tab.session.annotation(&target).is_none());
                        in_memory = tab.session.annotations.clone();
                        if saved_ok { saved = in_memory.clone(); }
                    }
                    Step::Edit { .. } | Step::Delete { .. } => {}
                    Step::Reload => {
                        tab = Tab::open(&mut store, &article, now);
                        prop_assert_eq!(&tab.session.annotations, &saved, "a reload shows what was saved last");
                        in_memory = saved.clone();
                    }
                    Step::QuotaFull(full) => {
                        store.refuse_writes = full;
                        if !full && tab.save(&mut store, now) {
                            saved = tab.session.annotations.clone();
                        }
                    }
                    Step::OtherTabAdds { start } => {
                        other.hear(&store, now);
                        next_id += 1;
                        let range = CodePointRange { start: start % article.len(), end: (start % article.len() + 3).min(article.len()) };
                        let added = other.act(&mut store, Action::Create { id: id(next_id), now, range, tag: tags[0].clone() }, now);
                        if added {
                            tab.hear(&store, now);
                            for annotation in stored_annotations(&store, &article) {
                                prop_assert!(
                                    tab.session.annotation(&annotation.id).is_some() || deleted_here.contains(&annotation.id),
                                    "the other tab's {:?} reached this tab", annotation.id
                                );
                            }
                            in_memory = tab.session.annotations.clone();
                            if tab.save(&mut store, now) { saved = tab.session.annotations.clone(); }
                        }
                    }
                }
                prop_assert_eq!(&tab.session.annotations, &in_memory, "the tab's memory is never lost");
            }
            if !store.refuse_writes && tab.save(&mut store, Timestamp(SAMPLE_START + 1_000_000)) {
                saved = tab.session.annotations.clone();
            }
            let reloaded = Tab::open(&mut store, &article, Timestamp(SAMPLE_START + 2_000_000));
            prop_assert_eq!(&reloaded.session.annotations, &saved);
            prop_assert_eq!(stored_annotations(&store, &article), saved);
        }

        /// Fuzzing the storage decoder and the migration path with
        /// arbitrary bytes: it never panics, and whatever it accepts passes
        /// validation. `PROPTEST_CASES=200000 cargo test --lib fuzz_` runs
        /// it longer.
        #[test]
        fn fuzz_the_decoder_with_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let article = sample_article();
            let raw = String::from_utf8_lossy(&bytes);
            if let Ok(stored) = persist::decode_store(&raw, &article) {
                prop_assert!(stored.annotations.iter().all(|annotation| annotation.range.end <= article.len()));
            }
            let mut store = MemoryStore::default();
            let mut sync = ArticleSync::new(&article);
            store.set(&sync.key, &raw).unwrap();
            match sync.load(&mut store, &article, Timestamp(1)) {
                LoadOutcome::Loaded(_) | LoadOutcome::Nothing => {}
                LoadOutcome::Quarantined { quarantine_key, .. } => {
                    prop_assert_eq!(store.get(&quarantine_key).unwrap(), Some(raw.to_string()));
                }
                LoadOutcome::NewerVersion { .. } => prop_assert_eq!(store.get(&sync.key).unwrap(), Some(raw.to_string())),
                LoadOutcome::Unavailable(reason) => prop_assert!(false, "{}", reason),
            }
        }

        /// The same over a valid envelope with bytes spliced in, so the
        /// fuzzing reaches past the JSON parser into the shape checks.
        #[test]
        fn fuzz_the_decoder_with_damaged_envelopes(
            cut in any::<prop::sample::Index>(),
            insert in proptest::collection::vec(any::<u8>(), 0..12),
            version in 0_u64..4,
        ) {
            let article = sample_article();
            let session = sample_session();
            let encoded = persist::encode_session(&session, Timestamp(SAMPLE_START))
                .replacen("\"version\":1", &format!("\"version\":{version}"), 1);
            let mut bytes = encoded.into_bytes();
            let at = cut.index(bytes.len());
            bytes.splice(at..at, insert);
            let raw = String::from_utf8_lossy(&bytes);
            match persist::decode_store(&raw, &article) {
                Ok(stored) => {
                    for annotation in &stored.annotations {
                        let text = crate::article::text::slice_code_points(article.canonical_text(), annotation.range.start, annotation.range.end);
                        prop_assert!(annotation.range.start < annotation.range.end && annotation.range.end <= article.len());
                        prop_assert!(annotation.anchor == crate::session::annotation::AnchorStatus::Orphan || text == annotation.quote.exact);
                    }
                }
                Err(DecodeError::NewerVersion { found, .. }) => prop_assert!(found > persist::STORE_FORMAT_VERSION),
                Err(_) => {}
            }
        }

        /// Two tabs adding in alternation, each hearing the other's writes
        /// only some of the time: every annotation ends up in both tabs and
        /// in storage.
        #[test]
        fn two_tabs_adding_in_alternation_keep_every_annotation(
            heard in proptest::collection::vec(any::<bool>(), 20),
        ) {
            let article = Rc::new(sample_article());
            let mut store = MemoryStore::default();
            let mut tabs = [
                Tab::open(&mut store, &article, Timestamp(SAMPLE_START)),
                Tab::open(&mut store, &article, Timestamp(SAMPLE_START)),
            ];
            for (number, hears) in heard.into_iter().enumerate() {
                let now = Timestamp(SAMPLE_START + number as i64);
                let tab = &mut tabs[number % 2];
                if hears { tab.hear(&store, now); }
                let range = CodePointRange { start: number * 4, end: number * 4 + 3 };
                let action = Action::Create { id: id(number), now, range, tag: TagId("factual".into()) };
                prop_assert!(tab.act(&mut store, action, now));
            }
            for tab in &mut tabs {
                tab.hear(&store, Timestamp(SAMPLE_START + 100));
                prop_assert_eq!(tab.session.annotations.len(), 20);
            }
            prop_assert_eq!(stored_annotations(&store, &article).len(), 20);
        }
    }
}
