//! The stored tag set: one versioned localStorage entry for the whole
//! library, and the rules for loading, saving and meeting another tab's
//! changes.
//!
//! The entry lives under [`TAGS_KEY`] as a JSON envelope
//! (`"format": "claimmark-tags"`, version 1) with its own serde types,
//! pinned byte for byte by `tests/golden/tags-v1.json`. Decoding never
//! panics: a value that cannot be read is set aside under a quarantine key
//! (see [`crate::storage::store::quarantine`]) before anything is written, and
//! a value from a newer claimmark is left alone and saving refused.
//!
//! Two tabs may edit the set at once. [`TagSync`] remembers the set this
//! tab last read or wrote; a save that finds another tab's write since
//! merges the two edits tag by tag ([`merge_tag_sets`]) instead of
//! overwriting them. This module knows nothing of the browser or the clock.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::session::tags::{parse_color, TagDefinition, TagId, TagSet, LABEL_LIMIT, RETIRED_LIMIT};
use crate::storage::store::{quarantine, KeyValueStore, SaveError, TAGS_KEY};
use crate::time::Timestamp;
use crate::time::{format_iso8601, parse_iso8601};

/// The `format` value of the stored envelope.
pub const TAGS_FORMAT_NAME: &str = "claimmark-tags";

/// The version this build writes and the newest it reads.
pub const TAGS_FORMAT_VERSION: u32 = 1;

/// The most tags a stored set may hold: more means the value is not ours.
pub const TAG_LIMIT: usize = 200;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredTagsV1 {
    format: String,
    version: u32,
    saved_at: String,
    tags: Vec<StoredTagV1>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    retired: Vec<StoredTagV1>,
}

#[derive(Serialize, Deserialize)]
struct StoredTagV1 {
    id: String,
    label: String,
    color: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hotkey: Option<String>,
}

#[derive(Deserialize)]
struct FormatPeek {
    format: String,
    version: u64,
}

impl StoredTagV1 {
    fn from_definition(tag: &TagDefinition) -> StoredTagV1 {
        StoredTagV1 {
            id: tag.id.as_str().to_string(),
            label: tag.label.clone(),
            color: tag.color.clone(),
            hotkey: tag.hotkey.map(String::from),
        }
    }
}

/// Why a stored tag set could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagDecodeError {
    /// The value is not JSON; carries the parser's message.
    NotJson(String),
    /// The value is JSON but not a tag-set envelope (another format name, a
    /// missing field, a field of the wrong type, version 0).
    WrongFormat,
    /// Written by a newer claimmark in a version this build cannot read.
    NewerVersion {
        /// The version found (`u32::MAX` if larger still).
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// More than [`TAG_LIMIT`] tags (or [`RETIRED_LIMIT`] retired ones).
    TooManyTags,
    /// One tag is unacceptable, so the set is not loaded.
    InvalidTag {
        /// Its position in `tags` (retired ones follow), from 0.
        index: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for TagDecodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagDecodeError::NotJson(detail) => write!(formatter, "The saved tags are not valid JSON: {detail}."),
            TagDecodeError::WrongFormat => {
                formatter.write_str("The saved value is not a claimmark tag set, or parts of it are missing.")
            }
            TagDecodeError::NewerVersion { found, supported } => write!(
                formatter,
                "The saved tags were written by a newer claimmark (tag format version {found}); this version reads \
                 only up to version {supported}. Update claimmark to edit them."
            ),
            TagDecodeError::TooManyTags => {
                write!(formatter, "The saved tag set holds more than {TAG_LIMIT} tags, so it is not claimmark's.")
            }
            TagDecodeError::InvalidTag { index, reason } => {
                write!(formatter, "Saved tag number {} is invalid: {reason}.", index + 1)
            }
        }
    }
}

impl std::error::Error for TagDecodeError {}

/// Serialises `set` as a version-1 envelope stamped `saved_at`.
pub fn encode_tags(set: &TagSet, saved_at: Timestamp) -> String {
    let envelope = StoredTagsV1 {
        format: TAGS_FORMAT_NAME.to_string(),
        version: TAGS_FORMAT_VERSION,
        saved_at: format_iso8601(saved_at),
        tags: set.tags.iter().map(StoredTagV1::from_definition).collect(),
        retired: set.retired.iter().map(StoredTagV1::from_definition).collect(),
    };
    serde_json::to_string(&envelope).expect("the tag envelope holds only strings and numbers")
}

/// Reads a stored tag set back, checking every tag: a non-empty id of at
/// most 100 characters, unique; a non-empty label of at most
/// [`LABEL_LIMIT`] characters; a `#rrggbb` colour; a hotkey that is one
/// digit, held by one tag only. Never panics.
pub fn decode_tags(raw: &str) -> Result<TagSet, TagDecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(raw).map_err(|error| TagDecodeError::NotJson(error.to_string()))?;
    let peeked = FormatPeek::deserialize(&value).map_err(|_| TagDecodeError::WrongFormat)?;
    if peeked.format != TAGS_FORMAT_NAME || peeked.version == 0 {
        return Err(TagDecodeError::WrongFormat);
    }
    if peeked.version > u64::from(TAGS_FORMAT_VERSION) {
        return Err(TagDecodeError::NewerVersion {
            found: u32::try_from(peeked.version).unwrap_or(u32::MAX),
            supported: TAGS_FORMAT_VERSION,
        });
    }
    let envelope = StoredTagsV1::deserialize(&value).map_err(|_| TagDecodeError::WrongFormat)?;
    parse_iso8601(&envelope.saved_at).ok_or(TagDecodeError::WrongFormat)?;
    if envelope.tags.len() > TAG_LIMIT || envelope.retired.len() > RETIRED_LIMIT {
        return Err(TagDecodeError::TooManyTags);
    }
    let mut ids: HashSet<&str> = HashSet::new();
    let mut keys: HashSet<char> = HashSet::new();
    let mut tags = Vec::with_capacity(envelope.tags.len());
    let mut retired = Vec::with_capacity(envelope.retired.len());
    for (index, stored) in envelope.tags.iter().chain(&envelope.retired).enumerate() {
        let invalid = |reason| TagDecodeError::InvalidTag { index, reason };
        let is_live = index < envelope.tags.len();
        if stored.id.is_empty() || stored.id.chars().count() > 100 {
            return Err(invalid("its id is empty or too long"));
        }
        if is_live && !ids.insert(&stored.id) {
            return Err(invalid("another tag has the same id"));
        }
        let label_length = stored.label.trim().chars().count();
        if label_length == 0 || label_length > LABEL_LIMIT {
            return Err(invalid("its label is empty or too long"));
        }
        if parse_color(&stored.color).is_none() {
            return Err(invalid("its colour is not #rrggbb"));
        }
        let hotkey = match stored.hotkey.as_deref() {
            None => None,
            Some(key) => {
                let mut characters = key.chars();
                match (characters.next(), characters.next()) {
                    (Some(digit), None) if digit.is_ascii_digit() => Some(digit),
                    _ => return Err(invalid("its hotkey is not one digit")),
                }
            }
        };
        if let Some(digit) = hotkey.filter(|_| is_live) {
            if !keys.insert(digit) {
                return Err(invalid("another tag has the same hotkey"));
            }
        }
        let definition = TagDefinition {
            id: TagId(stored.id.clone()),
            label: stored.label.clone(),
            color: stored.color.to_lowercase(),
            hotkey: hotkey.filter(|_| is_live),
        };
        if is_live {
            tags.push(definition);
        } else {
            retired.push(definition);
        }
    }
    Ok(TagSet { tags, retired })
}

/// Merges two edits of one tag set: `ours` (this tab's) and `theirs` (what
/// another tab stored), both made from `base` (what this tab last read or
/// wrote; `None` when it never read a stored set).
///
/// Tag by tag: label, colour and hotkey each come from the side that
/// changed them (ours when both did); a tag one side deleted and the other left
/// as it was stays deleted; a tag one side added is kept. The order is
/// ours when only we reordered, else theirs, with tags only we hold after.
/// Should both sides have bound one digit, or used one label, the first
/// tag in the merged order keeps it and the other loses the key or gets a
/// number after its label. Retired definitions are the union, ours first.
pub fn merge_tag_sets(base: Option<&TagSet>, ours: &TagSet, theirs: &TagSet) -> TagSet {
    let in_base = |id: &TagId| base.and_then(|base| base.get(id));
    let ids = |set: &TagSet| set.tags.iter().map(|tag| tag.id.clone()).collect::<Vec<_>>();
    let we_reordered = base.is_some_and(|base| {
        let shared = |set: &TagSet| {
            ids(set).into_iter().filter(|id| base.get(id).is_some() && ours.get(id).is_some()).collect::<Vec<_>>()
        };
        shared(base) != shared(ours)
    });
    let (first, second) = if we_reordered { (ours, theirs) } else { (theirs, ours) };
    let mut merged = TagSet { tags: Vec::new(), retired: Vec::new() };
    for id in ids(first).into_iter().chain(ids(second)) {
        if merged.get(&id).is_some() {
            continue;
        }
        let kept = match (ours.get(&id), theirs.get(&id)) {
            (Some(mine), Some(other)) => Some(merge_tag(in_base(&id), mine, other)),
            (Some(mine), None) => (in_base(&id) != Some(mine)).then(|| mine.clone()),
            (None, Some(other)) => (in_base(&id) != Some(other)).then(|| other.clone()),
            (None, None) => None,
        };
        if let Some(mut tag) = kept {
            if tag.hotkey.is_some_and(|key| merged.by_hotkey(key).is_some()) {
                tag.hotkey = None;
            }
            tag.label = merged.unique_label(&tag.label);
            merged.tags.push(tag);
        }
    }
    let mut retired: Vec<TagDefinition> = Vec::new();
    for tag in ours.retired.iter().chain(&theirs.retired) {
        if !retired.iter().any(|kept| kept.id == tag.id) && merged.get(&tag.id).is_none() {
            retired.push(tag.clone());
        }
    }
    retired.truncate(RETIRED_LIMIT);
    merged.retired = retired;
    merged
}

/// One tag both sides hold: each of label, colour and hotkey from the side
/// that changed it since `base`, ours when both did (or there is no base).
fn merge_tag(base: Option<&TagDefinition>, mine: &TagDefinition, other: &TagDefinition) -> TagDefinition {
    fn pick<T: PartialEq + Clone>(base: Option<&T>, mine: &T, other: &T) -> T {
        if base == Some(mine) {
            other.clone()
        } else {
            mine.clone()
        }
    }
    TagDefinition {
        id: mine.id.clone(),
        label: pick(base.map(|tag| &tag.label), &mine.label, &other.label),
        color: pick(base.map(|tag| &tag.color), &mine.color, &other.color),
        hotkey: pick(base.map(|tag| &tag.hotkey), &mine.hotkey, &other.hotkey),
    }
}

/// What loading the stored tag set found.
#[derive(Clone, Debug, PartialEq)]
pub enum TagLoadOutcome {
    /// No tag set is stored: the defaults apply.
    Nothing,
    /// The stored set.
    Loaded(TagSet),
    /// The stored value could not be read; it was moved, unchanged, to
    /// `quarantine_key`, and the defaults apply.
    Quarantined {
        /// Where the unreadable value now lives.
        quarantine_key: String,
        /// Why it could not be read.
        reason: String,
    },
    /// The stored value comes from a newer claimmark: left alone, and the
    /// tag set is read-only for the visit.
    NewerVersion {
        /// Which version was found and which this build reads.
        reason: String,
    },
    /// Storage cannot be used, or an unreadable value could not be set
    /// aside (then it is left untouched and saving is refused).
    Unavailable(String),
}

/// What a save did besides writing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagSaveReport {
    /// Set when another tab had stored changes this tab lacked: the merged
    /// set that was written, for the session to take in.
    pub merged: Option<TagSet>,
    /// Set when an unreadable stored value was set aside first: its
    /// quarantine key and why it could not be read.
    pub quarantined: Option<(String, String)>,
}

/// One tab's bookkeeping of the stored tag set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagSync {
    /// The set this tab last read or wrote, to tell another tab's write
    /// from its own and to merge against.
    known: Option<TagSet>,
    /// Why saving is refused (a newer version, or a value that could not be
    /// set aside); `None` when saving is allowed.
    refused: Option<String>,
}

impl TagSync {
    /// Why saving is refused, if it is.
    pub fn refusal(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// Loads the stored set. An unreadable value is quarantined (copied
    /// exactly, then removed); a newer version is left alone.
    pub fn load(&mut self, store: &mut impl KeyValueStore, now: Timestamp) -> TagLoadOutcome {
        let raw = match store.get(TAGS_KEY) {
            Ok(raw) => raw,
            Err(error) => return TagLoadOutcome::Unavailable(format!("Saved tags could not be read: {error}")),
        };
        let Some(raw) = raw else {
            self.refused = None;
            self.known = None;
            return TagLoadOutcome::Nothing;
        };
        match decode_tags(&raw) {
            Ok(set) => {
                self.refused = None;
                self.known = Some(set.clone());
                TagLoadOutcome::Loaded(set)
            }
            Err(error @ TagDecodeError::NewerVersion { .. }) => {
                self.refused = Some(error.to_string());
                TagLoadOutcome::NewerVersion { reason: error.to_string() }
            }
            Err(error) => match quarantine(store, TAGS_KEY, now) {
                Ok(quarantine_key) => {
                    self.refused = None;
                    self.known = None;
                    TagLoadOutcome::Quarantined { quarantine_key, reason: error.to_string() }
                }
                Err(copy_failure) => {
                    let reason = format!(
                        "Saved tags could not be read ({error}), and there was no room to set them aside \
                         ({copy_failure}). They were left untouched and tag changes will not be saved."
                    );
                    self.refused = Some(reason.clone());
                    TagLoadOutcome::Unavailable(reason)
                }
            },
        }
    }

    /// Saves `set`: reads the stored value first; if another tab wrote
    /// since this tab last read or wrote, the two are merged and the merge
    /// written (and reported). Nothing is written when the stored value is
    /// already `set`. Refused while [`TagSync::refusal`] says so.
    pub fn save(
        &mut self,
        store: &mut impl KeyValueStore,
        set: &TagSet,
        now: Timestamp,
    ) -> Result<TagSaveReport, SaveError> {
        if let Some(reason) = &self.refused {
            return Err(SaveError::Unavailable(reason.clone()));
        }
        let mut report = TagSaveReport::default();
        let stored = match store.get(TAGS_KEY)? {
            None => None,
            Some(raw) => match decode_tags(&raw) {
                Ok(stored) => Some(stored),
                Err(error @ TagDecodeError::NewerVersion { .. }) => {
                    self.refused = Some(error.to_string());
                    return Err(SaveError::Unavailable(error.to_string()));
                }
                Err(error) => {
                    let quarantine_key = quarantine(store, TAGS_KEY, now).map_err(SaveError::Unavailable)?;
                    report.quarantined = Some((quarantine_key, error.to_string()));
                    None
                }
            },
        };
        let to_write = match &stored {
            Some(stored) if Some(stored) != self.known.as_ref() && stored != set => {
                merge_tag_sets(self.known.as_ref(), set, stored)
            }
            _ => set.clone(),
        };
        if stored.as_ref() != Some(&to_write) {
            store.set(TAGS_KEY, &encode_tags(&to_write, now))?;
        }
        if &to_write != set {
            report.merged = Some(to_write.clone());
        }
        self.known = Some(to_write);
        Ok(report)
    }

    /// The stored set when another tab changed it since this tab last read
    /// or wrote; `None` when nothing new (or it cannot be read: the next
    /// save deals with that).
    pub fn remote_change(&mut self, store: &impl KeyValueStore) -> Option<TagSet> {
        let raw = store.get(TAGS_KEY).ok()??;
        let stored = decode_tags(&raw).ok()?;
        if Some(&stored) == self.known.as_ref() {
            return None;
        }
        self.known = Some(stored.clone());
        Some(stored)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::session::tag_editing::{apply_edit, TagEdit, TagMove};
    use crate::storage::store::MemoryStore;

    fn tag(id: &str) -> TagId {
        TagId(id.to_string())
    }

    /// The set the golden file holds: the defaults, edited the ways the
    /// tag manager edits them, with one deleted tag remembered.
    fn sample_set() -> TagSet {
        let mut set = TagSet::defaults();
        let edits = [
            TagEdit::Rename(tag("statistic"), "Statistic — “numbers” 北京".into()),
            TagEdit::Recolor(tag("other"), "#f4d6ef".into()),
            TagEdit::Move(tag("quote"), TagMove::Up),
            TagEdit::SetHotkey(tag("opinion"), None),
            TagEdit::Add(TagDefinition {
                id: tag("health"),
                label: "Health".into(),
                color: "#cfe8ff".into(),
                hotkey: Some('0'),
            }),
        ];
        for edit in edits {
            set = apply_edit(&set, &edit).unwrap();
        }
        set.retire(&tag("rules"));
        set
    }

    const SAVED_AT: Timestamp = Timestamp(1_795_861_200_000);

    #[test]
    fn golden_tags_v1() {
        let encoded = encode_tags(&sample_set(), SAVED_AT);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/golden/tags-v1.json");
        if std::env::var_os("CLAIMMARK_BLESS").is_some() {
            std::fs::write(path, format!("{encoded}\n")).unwrap();
        }
        let golden = std::fs::read_to_string(path).expect("tests/golden/tags-v1.json (bless with CLAIMMARK_BLESS=1)");
        assert_eq!(encoded, golden.trim_end(), "the stored tag format changed; bless deliberately");
        assert_eq!(decode_tags(&golden), Ok(sample_set()));
    }

    #[test]
    fn the_defaults_round_trip_and_retired_is_left_out_when_empty() {
        let encoded = encode_tags(&TagSet::defaults(), SAVED_AT);
        assert!(!encoded.contains("retired"));
        assert!(encoded.starts_with(r#"{"format":"claimmark-tags","version":1,"savedAt":""#));
        assert_eq!(decode_tags(&encoded), Ok(TagSet::defaults()));
    }

    #[test]
    fn decoding_says_what_is_wrong() {
        let valid = |tags: &str| {
            format!(r#"{{"format":"claimmark-tags","version":1,"savedAt":"2026-11-28T10:00:00.000Z","tags":[{tags}]}}"#)
        };
        let one = r##"{"id":"a","label":"A","color":"#eedd88"}"##;
        assert_eq!(decode_tags(&valid(one)).unwrap().tags.len(), 1);
        assert!(matches!(decode_tags("{\"format\""), Err(TagDecodeError::NotJson(_))));
        assert_eq!(decode_tags("[]"), Err(TagDecodeError::WrongFormat));
        assert_eq!(decode_tags(r#"{"format":"claimmark-store","version":1}"#), Err(TagDecodeError::WrongFormat));
        assert_eq!(
            decode_tags(&valid(one).replace("\"version\":1", "\"version\":0")),
            Err(TagDecodeError::WrongFormat)
        );
        assert_eq!(decode_tags(&valid(one).replace("2026-11-28T", "yesterday")), Err(TagDecodeError::WrongFormat));
        assert_eq!(
            decode_tags(&valid(one).replace("\"version\":1", "\"version\":2")),
            Err(TagDecodeError::NewerVersion { found: 2, supported: 1 })
        );
        assert_eq!(
            decode_tags(&valid(one).replace("\"version\":1", "\"version\":99999999999")),
            Err(TagDecodeError::NewerVersion { found: u32::MAX, supported: 1 })
        );
        let cases = [
            (r##"{"id":"","label":"A","color":"#eedd88"}"##, "its id is empty or too long"),
            (r##"{"id":"a","label":"  ","color":"#eedd88"}"##, "its label is empty or too long"),
            (r##"{"id":"a","label":"A","color":"yellow"}"##, "its colour is not #rrggbb"),
            (r##"{"id":"a","label":"A","color":"#eedd88","hotkey":"x"}"##, "its hotkey is not one digit"),
            (r##"{"id":"a","label":"A","color":"#eedd88","hotkey":"12"}"##, "its hotkey is not one digit"),
        ];
        for (stored, reason) in cases {
            assert_eq!(decode_tags(&valid(stored)), Err(TagDecodeError::InvalidTag { index: 0, reason }), "{stored}");
        }
        let twice = format!("{one},{}", one.replace("\"A\"", "\"B\""));
        assert_eq!(
            decode_tags(&valid(&twice)),
            Err(TagDecodeError::InvalidTag { index: 1, reason: "another tag has the same id" })
        );
        let same_key = r##"{"id":"a","label":"A","color":"#eedd88","hotkey":"1"},{"id":"b","label":"B","color":"#eedd88","hotkey":"1"}"##;
        assert_eq!(
            decode_tags(&valid(same_key)),
            Err(TagDecodeError::InvalidTag { index: 1, reason: "another tag has the same hotkey" })
        );
        let many = vec![one; TAG_LIMIT + 1].join(",");
        assert_eq!(decode_tags(&valid(&many)), Err(TagDecodeError::TooManyTags));
        assert_eq!(
            TagDecodeError::InvalidTag { index: 2, reason: "its colour is not #rrggbb" }.to_string(),
            "Saved tag number 3 is invalid: its colour is not #rrggbb."
        );
    }

    #[test]
    fn loading_quarantines_damage_and_leaves_a_newer_version_alone() {
        let now = Timestamp(1_000);
        let mut store = MemoryStore::default();
        let mut sync = TagSync::default();
        assert_eq!(sync.load(&mut store, now), TagLoadOutcome::Nothing);

        store.entries.insert(TAGS_KEY.into(), "{damaged".into());
        let TagLoadOutcome::Quarantined { quarantine_key, reason } = sync.load(&mut store, now) else {
            panic!("damaged tags must be set aside")
        };
        assert!(reason.starts_with("The saved tags are not valid JSON"));
        assert_eq!(store.entries.get(&quarantine_key).map(String::as_str), Some("{damaged"));
        assert!(!store.entries.contains_key(TAGS_KEY));
        sync.save(&mut store, &TagSet::defaults(), now).unwrap();
        assert_eq!(decode_tags(&store.entries[TAGS_KEY]), Ok(TagSet::defaults()));

        let newer = encode_tags(&TagSet::defaults(), now).replace("\"version\":1", "\"version\":7");
        store.entries.insert(TAGS_KEY.into(), newer.clone());
        assert!(matches!(sync.load(&mut store, now), TagLoadOutcome::NewerVersion { .. }));
        assert!(sync.refusal().is_some());
        assert!(sync.save(&mut store, &sample_set(), now).is_err());
        assert_eq!(store.entries[TAGS_KEY], newer, "a newer version is never overwritten");

        // Damage that cannot be set aside stays where it is, and saving is refused.
        let mut full = MemoryStore { refuse_writes: true, ..MemoryStore::default() };
        full.entries.insert(TAGS_KEY.into(), "{damaged".into());
        let mut sync = TagSync::default();
        assert!(matches!(sync.load(&mut full, now), TagLoadOutcome::Unavailable(_)));
        assert_eq!(full.entries[TAGS_KEY], "{damaged");
        full.refuse_writes = false;
        assert!(sync.save(&mut full, &sample_set(), now).is_err());
        assert_eq!(full.entries[TAGS_KEY], "{damaged");
    }

    #[test]
    fn saving_damage_found_later_sets_it_aside_first_and_full_storage_is_an_error() {
        let now = Timestamp(5);
        let mut store = MemoryStore::default();
        let mut sync = TagSync::default();
        sync.save(&mut store, &TagSet::defaults(), now).unwrap();
        store.entries.insert(TAGS_KEY.into(), "not json".into());
        let report = sync.save(&mut store, &sample_set(), now).unwrap();
        let (key, _) = report.quarantined.unwrap();
        assert_eq!(store.entries[&key], "not json");
        assert_eq!(decode_tags(&store.entries[TAGS_KEY]), Ok(sample_set()));

        store.refuse_writes = true;
        assert_eq!(sync.save(&mut store, &TagSet::defaults(), now), Err(SaveError::QuotaExceeded));
    }

    #[test]
    fn two_tabs_editing_at_once_merge_instead_of_overwriting() {
        let now = Timestamp(9);
        let mut store = MemoryStore::default();
        let mut first = TagSync::default();
        let mut second = TagSync::default();
        first.save(&mut store, &TagSet::defaults(), now).unwrap();
        let TagLoadOutcome::Loaded(shared) = second.load(&mut store, now) else { panic!("stored") };

        let first_edit = apply_edit(&shared, &TagEdit::Rename(tag("quote"), "Direct quote".into())).unwrap();
        first.save(&mut store, &first_edit, now).unwrap();
        let second_edit = apply_edit(
            &shared,
            &TagEdit::Add(TagDefinition {
                id: tag("health"),
                label: "Health".into(),
                color: "#cfe8ff".into(),
                hotkey: None,
            }),
        )
        .unwrap();
        let report = second.save(&mut store, &second_edit, now).unwrap();
        let merged = report.merged.expect("the second tab takes in the first tab's rename");
        assert_eq!(merged.label_of(&tag("quote")), "Direct quote");
        assert_eq!(merged.label_of(&tag("health")), "Health");
        assert_eq!(decode_tags(&store.entries[TAGS_KEY]), Ok(merged.clone()));
        assert_eq!(first.remote_change(&store), Some(merged));
        assert_eq!(first.remote_change(&store), None, "seen once");
    }

    #[test]
    fn merging_keeps_each_sides_changes_and_resolves_clashes() {
        let base = TagSet::defaults();
        let mut ours = apply_edit(&base, &TagEdit::Move(tag("other"), TagMove::Up)).unwrap();
        ours = apply_edit(&ours, &TagEdit::Recolor(tag("quote"), "#cfe8ff".into())).unwrap();
        ours.retire(&tag("rules"));
        let mut theirs = apply_edit(&base, &TagEdit::Rename(tag("quote"), "Quoted".into())).unwrap();
        theirs = apply_edit(
            &theirs,
            &TagEdit::Add(TagDefinition {
                id: tag("law"),
                label: "Health".into(),
                color: "#eedd88".into(),
                hotkey: Some('9'),
            }),
        )
        .unwrap();
        theirs.retire(&tag("experience"));
        ours = apply_edit(
            &ours,
            &TagEdit::Add(TagDefinition {
                id: tag("health"),
                label: "health".into(),
                color: "#eedd88".into(),
                hotkey: Some('9'),
            }),
        )
        .unwrap();

        let merged = merge_tag_sets(Some(&base), &ours, &theirs);
        let ids: Vec<&str> = merged.tags.iter().map(|tag| tag.id.as_str()).collect();
        // Our order (we moved "other" up), their new tag after ours; both deletions hold.
        assert_eq!(ids, vec!["statistic", "prediction", "causal", "quote", "other", "opinion", "health", "law"]);
        let quote = merged.get(&tag("quote")).unwrap();
        assert_eq!(
            (quote.label.as_str(), quote.color.as_str()),
            ("Quoted", "#cfe8ff"),
            "both edits of one tag are kept"
        );
        assert_eq!(merged.get(&tag("health")).unwrap().hotkey, Some('9'));
        let law = merged.get(&tag("law")).unwrap();
        assert_eq!((law.label.as_str(), law.hotkey), ("Health (2)", None));
        let retired: Vec<&str> = merged.retired.iter().map(|tag| tag.id.as_str()).collect();
        assert_eq!(retired, vec!["rules", "experience"]);
    }

    proptest! {
        #[test]
        fn any_text_decodes_or_fails_without_panicking(raw in ".{0,200}") {
            let _ = decode_tags(&raw);
        }

        #[test]
        fn any_edited_set_round_trips(
            labels in proptest::collection::vec("[^\u{0}]{1,40}", 0..12),
            keys in proptest::collection::vec(proptest::option::of(0_u32..10), 0..12),
        ) {
            let mut set = TagSet::defaults();
            for (index, label) in labels.iter().enumerate() {
                let hotkey = keys.get(index).copied().flatten().and_then(|digit| char::from_digit(digit, 10));
                let definition = TagDefinition { id: tag(&format!("t{index}")), label: label.clone(), color: "#eedd88".into(), hotkey };
                if let Ok(next) = apply_edit(&set, &TagEdit::Add(definition)) {
                    set = next;
                }
            }
            prop_assert_eq!(decode_tags(&encode_tags(&set, SAVED_AT)), Ok(set));
        }
    }
}
