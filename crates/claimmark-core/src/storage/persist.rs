//! The stored format: how a session's annotations live in localStorage.
//!
//! One localStorage entry per article, under [`annotations_key`], holds a
//! versioned JSON envelope (`"format": "claimmark-store"`). The envelope has
//! its own serde types, separate from [`Annotation`], so that changing the
//! in-memory model can never silently change what is on disk; the
//! `tests/golden/store-v1.json` file pins version 1 byte for byte.
//!
//! Decoding is defensive: storage may hold anything (a value from a newer
//! claimmark, a hand edit, a truncated write). [`decode_annotations`] never
//! panics and returns a [`DecodeError`] that says what was wrong, so the
//! browser layer can move the raw value aside under a [`quarantine_key`]
//! instead of losing it.
//!
//! This module knows nothing of the browser: it turns a [`Session`] into a
//! string and a string into annotations. The rules that decide whether an
//! annotation read from outside is acceptable ([`AnnotationProblem`]) live
//! here and are shared with the export format.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::anchoring::selector::{TextQuote, CONTEXT_CODE_POINTS};
use crate::article::model::Article;
use crate::article::text::{code_point_len, slice_code_points, CodePointRange};
use crate::session::annotation::{AnchorStatus, Annotation, AnnotationId, AnnotationKind, ClaimDetails, Origin};
use crate::session::claim_fields::{is_web_address, CLAIMANT_LIMIT, EVIDENCE_LIMIT, EVIDENCE_TEXT_LIMIT};
use crate::session::history::TrashedAnnotation;
use crate::session::merge::{AnnotationSet, Tombstone};
use crate::session::reducer::Session;
use crate::session::tags::TagId;
use crate::time::is_calendar_date;
use crate::time::Timestamp;
use crate::time::{format_iso8601, parse_iso8601};

/// Every localStorage key claimmark writes starts with this.
pub const KEY_PREFIX: &str = "claimmark:";

/// The `format` value of a stored envelope.
pub const STORE_FORMAT_NAME: &str = "claimmark-store";

/// The stored-format version this build writes and the newest it reads.
pub const STORE_FORMAT_VERSION: u32 = 1;

/// The key holding an article's annotations:
/// `claimmark:v1:annotations:sha256:<hex>`.
pub fn annotations_key(article_id: &str) -> String {
    format!("{KEY_PREFIX}v1:annotations:{article_id}")
}

/// Where an undecodable value found under `original_key` is moved at `now`:
/// `claimmark:quarantine:<ms since epoch>:<original key>`.
pub fn quarantine_key(original_key: &str, now: Timestamp) -> String {
    format!("{KEY_PREFIX}quarantine:{}:{original_key}", now.0)
}

/// Serialises the session's annotations as a version-1 envelope, compact,
/// stamped with `saved_at`, with the session's revision and no deletions.
pub fn encode_session(session: &Session, saved_at: Timestamp) -> String {
    encode_store(
        &session.article,
        &StoredArticle {
            revision: session.revision,
            saved_at,
            annotations: session.annotations.clone(),
            tombstones: Vec::new(),
            fully_reviewed: session.fully_reviewed,
            trash: session.trash.clone(),
        },
    )
}

/// Everything one stored envelope holds for an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredArticle {
    /// The write counter: each write of this article's key stores one more
    /// than the revision it replaced, so a tab can tell that another tab
    /// wrote since it last read.
    pub revision: u64,
    /// When the value was written.
    pub saved_at: Timestamp,
    /// The live annotations, in document order.
    pub annotations: Vec<Annotation>,
    /// Deletions that other tabs must learn about, ordered by id.
    pub tombstones: Vec<Tombstone>,
    /// The user marked the whole article as reviewed.
    pub fully_reviewed: bool,
    /// Deleted annotations kept for restoring, the latest deletion first.
    pub trash: Vec<TrashedAnnotation>,
}

/// Serialises `stored` as a version-1 envelope for `article`, compact: a
/// `modified` equal to `created` is left out, and so is a `prefix` or
/// `suffix` equal to the article's text around the range (the article id
/// pins that text, so the reader derives it back exactly).
pub fn encode_store(article: &Article, stored: &StoredArticle) -> String {
    let context = ContextIndex::new(article);
    let envelope = StoredEnvelopeV1 {
        format: STORE_FORMAT_NAME.to_string(),
        version: STORE_FORMAT_VERSION,
        article_id: article.id.clone(),
        revision: stored.revision,
        saved_at: format_iso8601(stored.saved_at),
        annotations: stored
            .annotations
            .iter()
            .map(|annotation| StoredAnnotationV1::from_annotation(annotation, &context))
            .collect(),
        tombstones: stored
            .tombstones
            .iter()
            .map(|tombstone| StoredTombstoneV1 {
                id: tombstone.id.as_str().to_string(),
                deleted_at: format_iso8601(tombstone.deleted_at),
            })
            .collect(),
        fully_reviewed: stored.fully_reviewed,
        trash: stored
            .trash
            .iter()
            .map(|entry| StoredTrashEntryV1 {
                deleted_at: format_iso8601(entry.deleted_at),
                annotation: StoredAnnotationV1::from_annotation(&entry.annotation, &context),
            })
            .collect(),
    };
    serde_json::to_string(&envelope).expect("the stored envelope holds only strings, numbers and lists")
}

/// Reads the annotations of `article` back from a stored envelope, checking
/// every one of them against the article's text. Never panics.
pub fn decode_annotations(raw: &str, article: &Article) -> Result<Vec<Annotation>, DecodeError> {
    decode_store(raw, article).map(|stored| stored.annotations)
}

/// Reads a whole stored envelope for `article`: dispatches on its version,
/// migrates an older version step by step to the current one, then checks
/// every annotation and tombstone. Never panics.
pub fn decode_store(raw: &str, article: &Article) -> Result<StoredArticle, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(raw).map_err(|error| DecodeError::NotJson(error.to_string()))?;
    let version = read_store_version(&value)?;
    let current = run_migrations(version, value, &MIGRATIONS)?;
    let envelope = StoredEnvelopeV1::deserialize(&current).map_err(|_| DecodeError::WrongFormat)?;
    let saved_at = parse_iso8601(&envelope.saved_at).ok_or(DecodeError::WrongFormat)?;
    if envelope.article_id != article.id {
        return Err(DecodeError::WrongArticle { expected: article.id.clone(), found: envelope.article_id });
    }
    let context = ContextIndex::new(article);
    // Trashed annotations are checked with the live ones, so an id can be
    // in only one of the two lists.
    let live_count = envelope.annotations.len();
    let all_stored: Vec<&StoredAnnotationV1> =
        envelope.annotations.iter().chain(envelope.trash.iter().map(|entry| &entry.annotation)).collect();
    let expanded: Vec<(String, String, String)> = all_stored
        .iter()
        .map(|stored| {
            let derivable = stored.anchor != AnchorStatus::Orphan;
            let modified = stored.modified.clone().unwrap_or_else(|| stored.created.clone());
            let prefix = stored.prefix.clone().unwrap_or_else(|| {
                if derivable {
                    context.prefix(stored.start).to_string()
                } else {
                    String::new()
                }
            });
            let suffix = stored.suffix.clone().unwrap_or_else(|| {
                if derivable {
                    context.suffix(stored.end).to_string()
                } else {
                    String::new()
                }
            });
            (modified, prefix, suffix)
        })
        .collect();
    let unchecked = all_stored.iter().zip(&expanded).map(|(stored, (modified, prefix, suffix))| UncheckedAnnotation {
        id: &stored.id,
        created: &stored.created,
        modified,
        start: stored.start,
        end: stored.end,
        exact: &stored.exact,
        prefix,
        suffix,
        tags: &stored.tags,
        note: &stored.note,
        claim: &stored.claim,
        kind: stored.kind,
        origin: &stored.origin,
        anchor: stored.anchor,
    });
    let mut annotations = check_annotations(unchecked, Some(article)).map_err(|(index, reason)| {
        if index < live_count {
            DecodeError::InvalidAnnotation { index, reason }
        } else {
            DecodeError::InvalidTrashEntry { index: index - live_count, reason }
        }
    })?;
    let trashed_annotations = annotations.split_off(live_count);
    let mut trash = Vec::with_capacity(trashed_annotations.len());
    for (index, (annotation, stored)) in trashed_annotations.into_iter().zip(&envelope.trash).enumerate() {
        let Some(deleted_at) = parse_iso8601(&stored.deleted_at) else {
            return Err(DecodeError::InvalidTrashEntry {
                index,
                reason: AnnotationProblem::BadTimestamp { field: "deletedAt", value: stored.deleted_at.clone() },
            });
        };
        trash.push(TrashedAnnotation { annotation, deleted_at });
    }
    trash.sort_by(crate::session::history::trash_order);
    let mut tombstones = Vec::with_capacity(envelope.tombstones.len());
    for (index, stored) in envelope.tombstones.iter().enumerate() {
        let deleted_at = parse_iso8601(&stored.deleted_at);
        match deleted_at {
            Some(deleted_at) if !stored.id.is_empty() => {
                tombstones.push(Tombstone { id: AnnotationId(stored.id.clone()), deleted_at })
            }
            _ => return Err(DecodeError::InvalidTombstone { index }),
        }
    }
    let tombstones = AnnotationSet::new(Vec::new(), tombstones).tombstones;
    Ok(StoredArticle {
        revision: envelope.revision,
        saved_at,
        annotations,
        tombstones,
        fully_reviewed: envelope.fully_reviewed,
        trash,
    })
}

/// Reads `format` and `version` on their own, before the rest of the shape,
/// so that a newer version is reported as such whatever it looks like.
fn read_store_version(value: &serde_json::Value) -> Result<u32, DecodeError> {
    let peeked = FormatPeek::deserialize(value).map_err(|_| DecodeError::WrongFormat)?;
    if peeked.format != STORE_FORMAT_NAME || peeked.version == 0 {
        return Err(DecodeError::WrongFormat);
    }
    if peeked.version > u64::from(STORE_FORMAT_VERSION) {
        return Err(DecodeError::NewerVersion {
            found: u32::try_from(peeked.version).unwrap_or(u32::MAX),
            supported: STORE_FORMAT_VERSION,
        });
    }
    Ok(peeked.version as u32)
}

/// One step of the migration chain: turns an envelope of version `n` into
/// the same data as version `n + 1`, or says why it cannot.
pub type Migration = fn(serde_json::Value) -> Result<serde_json::Value, DecodeError>;

/// The migration chain: `MIGRATIONS[n - 1]` is `migrate_v{n}_to_v{n+1}`.
/// Version 1 is the only version so far, so the chain is empty; the next
/// version adds its step here and bumps [`STORE_FORMAT_VERSION`].
pub const MIGRATIONS: [Migration; (STORE_FORMAT_VERSION - 1) as usize] = [];

/// Runs the steps of `chain` that lead from `version` to the newest version
/// the chain reaches, in order.
pub fn run_migrations(
    version: u32,
    value: serde_json::Value,
    chain: &[Migration],
) -> Result<serde_json::Value, DecodeError> {
    let first_step = (version as usize).saturating_sub(1);
    chain.get(first_step..).unwrap_or(&[]).iter().try_fold(value, |value, step| step(value))
}

/// The article's text by code point, to cut the context around a range
/// without walking the text once per annotation.
struct ContextIndex<'a> {
    text: &'a str,
    /// Byte offset of each code point, then the text's length.
    byte_offsets: Vec<usize>,
}

impl<'a> ContextIndex<'a> {
    fn new(article: &'a Article) -> ContextIndex<'a> {
        let text = article.canonical_text();
        let mut byte_offsets: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
        byte_offsets.push(text.len());
        ContextIndex { text, byte_offsets }
    }

    fn byte_at(&self, code_point: u64) -> usize {
        let last = self.byte_offsets.len() - 1;
        self.byte_offsets[usize::try_from(code_point).unwrap_or(usize::MAX).min(last)]
    }

    /// The text from code point `start` to code point `end`, clamped.
    fn slice(&self, start: u64, end: u64) -> &'a str {
        &self.text[self.byte_at(start)..self.byte_at(end.max(start))]
    }

    /// Up to [`CONTEXT_CODE_POINTS`] code points before `start`.
    fn prefix(&self, start: u64) -> &'a str {
        let from = start.saturating_sub(CONTEXT_CODE_POINTS as u64);
        &self.text[self.byte_at(from)..self.byte_at(start)]
    }

    /// Up to [`CONTEXT_CODE_POINTS`] code points after `end`.
    fn suffix(&self, end: u64) -> &'a str {
        &self.text[self.byte_at(end)..self.byte_at(end.saturating_add(CONTEXT_CODE_POINTS as u64))]
    }
}

/// Why a stored value could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The value is not JSON at all; carries the parser's message.
    NotJson(String),
    /// The value is JSON but not a claimmark store envelope: another format
    /// name, a missing field, a field of the wrong type, or version 0.
    WrongFormat,
    /// The envelope was written by a newer claimmark, in a format version
    /// this build cannot read.
    NewerVersion {
        /// The version in the envelope (`u32::MAX` if larger still).
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The envelope belongs to a different article.
    WrongArticle {
        /// The id of the article being opened.
        expected: String,
        /// The id the envelope names.
        found: String,
    },
    /// One annotation in the envelope is unacceptable, so none is loaded.
    InvalidAnnotation {
        /// Position of the annotation in the envelope's list, from 0.
        index: usize,
        /// What is wrong with it.
        reason: AnnotationProblem,
    },
    /// A deletion record has an empty id or an unreadable time.
    InvalidTombstone {
        /// Position of the record in the envelope's `tombstones`, from 0.
        index: usize,
    },
    /// One annotation in the trash is unacceptable, so nothing is loaded.
    InvalidTrashEntry {
        /// Position of the entry in the envelope's `trash`, from 0.
        index: usize,
        /// What is wrong with it.
        reason: AnnotationProblem,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotJson(detail) => write!(formatter, "The saved annotations are not valid JSON: {detail}."),
            DecodeError::WrongFormat => {
                write!(formatter, "The saved value is not a claimmark annotation store, or parts of it are missing.")
            }
            DecodeError::NewerVersion { found, supported } => write!(
                formatter,
                "The saved annotations were written by a newer claimmark (store format version {found}); this \
                 version reads only up to version {supported}. Update claimmark to open them."
            ),
            DecodeError::WrongArticle { expected, found } => write!(
                formatter,
                "The saved annotations belong to a different article ({found}), not to this one ({expected})."
            ),
            DecodeError::InvalidAnnotation { index, reason } => {
                write!(formatter, "Saved annotation number {} is invalid: {reason}.", index + 1)
            }
            DecodeError::InvalidTrashEntry { index, reason } => {
                write!(formatter, "Deleted annotation number {} in the saved trash is invalid: {reason}.", index + 1)
            }
            DecodeError::InvalidTombstone { index } => write!(
                formatter,
                "Saved deletion record number {} is invalid: its id is empty or its time is not an ISO 8601 UTC \
                 date-time.",
                index + 1
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// What is wrong with one annotation read from storage or an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnotationProblem {
    /// The id is the empty string.
    EmptyId,
    /// An earlier annotation in the same list has this id.
    DuplicateId(String),
    /// `created` or `modified` is not an ISO 8601 UTC date-time.
    BadTimestamp {
        /// Which field: `"created"` or `"modified"`.
        field: &'static str,
        /// The text found there.
        value: String,
    },
    /// `start` is after `end`.
    BackwardsRange {
        /// The start offset found.
        start: u64,
        /// The end offset found.
        end: u64,
    },
    /// `start` equals `end`: the annotation covers no text.
    EmptyRange {
        /// The offset both ends share.
        at: u64,
    },
    /// `end` lies past the end of the article's canonical text.
    PastTheEnd {
        /// The end offset found.
        end: u64,
        /// The article's length in code points.
        article_length: usize,
    },
    /// The quoted text differs from the article's text at the range.
    QuoteMismatch {
        /// The article's text at the range.
        expected: String,
        /// The quote recorded with the annotation.
        found: String,
    },
    /// A tag id is the empty string.
    EmptyTag,
    /// An evidence link is not an `http:` or `https:` address.
    BadEvidenceUrl(String),
    /// The checked date is not a calendar date written `yyyy-mm-dd`.
    BadCheckedDate(String),
    /// A score lies outside its scale.
    ScoreOutOfRange {
        /// Which field.
        field: &'static str,
        /// The value found.
        value: u64,
    },
    /// A text field is longer than allowed.
    TooLong {
        /// Which field.
        field: &'static str,
        /// The limit, in characters.
        limit: usize,
    },
    /// A list holds more entries than allowed.
    TooMany {
        /// Which field.
        field: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The same tag is listed twice.
    DuplicateTag(String),
}

impl fmt::Display for AnnotationProblem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnnotationProblem::EmptyId => write!(formatter, "its id is empty"),
            AnnotationProblem::DuplicateId(id) => write!(formatter, "its id {id} is used by an earlier annotation"),
            AnnotationProblem::BadTimestamp { field, value } => {
                write!(formatter, "its {field} time {:?} is not an ISO 8601 UTC date-time", shorten_for_message(value))
            }
            AnnotationProblem::BackwardsRange { start, end } => {
                write!(formatter, "it starts at character {start} but ends earlier, at {end}")
            }
            AnnotationProblem::EmptyRange { at } => {
                write!(formatter, "it covers no text (it starts and ends at character {at})")
            }
            AnnotationProblem::PastTheEnd { end, article_length } => write!(
                formatter,
                "it ends at character {end}, past the end of the article ({article_length} characters)"
            ),
            AnnotationProblem::QuoteMismatch { expected, found } => write!(
                formatter,
                "its quote {:?} does not match the article's text at that place ({:?})",
                shorten_for_message(found),
                shorten_for_message(expected)
            ),
            AnnotationProblem::EmptyTag => write!(formatter, "one of its tags is empty"),
            AnnotationProblem::BadEvidenceUrl(url) => {
                write!(formatter, "its evidence link {:?} is not an http: or https: address", shorten_for_message(url))
            }
            AnnotationProblem::BadCheckedDate(date) => {
                write!(formatter, "its checked date {:?} is not a date like 2015-12-17", shorten_for_message(date))
            }
            AnnotationProblem::ScoreOutOfRange { field, value } => {
                write!(formatter, "its {field} {value} is outside the scale")
            }
            AnnotationProblem::TooLong { field, limit } => {
                write!(formatter, "its {field} is longer than {limit} characters")
            }
            AnnotationProblem::TooMany { field, limit } => {
                write!(formatter, "it has more than {limit} {field} entries")
            }
            AnnotationProblem::DuplicateTag(tag) => write!(formatter, "its tag {tag:?} is listed twice"),
        }
    }
}

/// The first 40 code points of `text`, with an ellipsis when cut, so one
/// long quote cannot flood an error message.
fn shorten_for_message(text: &str) -> String {
    const LIMIT: usize = 40;
    if code_point_len(text) <= LIMIT {
        text.to_string()
    } else {
        format!("{}…", slice_code_points(text, 0, LIMIT))
    }
}

/// An annotation as read from outside, before any check: the stored and the
/// export formats both lower their own types to this.
pub(crate) struct UncheckedAnnotation<'a> {
    pub(crate) id: &'a str,
    pub(crate) created: &'a str,
    pub(crate) modified: &'a str,
    pub(crate) start: u64,
    pub(crate) end: u64,
    pub(crate) exact: &'a str,
    pub(crate) prefix: &'a str,
    pub(crate) suffix: &'a str,
    pub(crate) tags: &'a [String],
    pub(crate) note: &'a str,
    pub(crate) claim: &'a ClaimDetails,
    pub(crate) kind: AnnotationKind,
    pub(crate) origin: &'a Origin,
    pub(crate) anchor: AnchorStatus,
}

/// Checks and converts annotations read from outside. With an article, the
/// ranges must lie inside it and the quotes must equal its text there;
/// without one, only what an annotation says about itself is checked. The
/// error carries the index of the first unacceptable annotation.
pub(crate) fn check_annotations<'a>(
    unchecked: impl IntoIterator<Item = UncheckedAnnotation<'a>>,
    article: Option<&Article>,
) -> Result<Vec<Annotation>, (usize, AnnotationProblem)> {
    let mut seen_ids = HashSet::new();
    let mut checked = Vec::new();
    // Built once: comparing each quote by walking the text from its start
    // would cost highlights × article length.
    let context = article.map(|article| (article, ContextIndex::new(article)));
    for (index, annotation) in unchecked.into_iter().enumerate() {
        let converted =
            check_annotation(&annotation, context.as_ref(), &mut seen_ids).map_err(|problem| (index, problem))?;
        checked.push(converted);
    }
    Ok(checked)
}

fn check_annotation<'a>(
    annotation: &UncheckedAnnotation<'a>,
    article: Option<&(&Article, ContextIndex<'_>)>,
    seen_ids: &mut HashSet<&'a str>,
) -> Result<Annotation, AnnotationProblem> {
    if annotation.id.is_empty() {
        return Err(AnnotationProblem::EmptyId);
    }
    if !seen_ids.insert(annotation.id) {
        return Err(AnnotationProblem::DuplicateId(annotation.id.to_string()));
    }
    let parse_time = |field: &'static str, value: &str| {
        parse_iso8601(value).ok_or_else(|| AnnotationProblem::BadTimestamp { field, value: value.to_string() })
    };
    let created = parse_time("created", annotation.created)?;
    let modified = parse_time("modified", annotation.modified)?;
    let (start, end) = (annotation.start, annotation.end);
    if start > end {
        return Err(AnnotationProblem::BackwardsRange { start, end });
    }
    if start == end {
        return Err(AnnotationProblem::EmptyRange { at: start });
    }
    let mut tags: Vec<TagId> = Vec::with_capacity(annotation.tags.len());
    for tag in annotation.tags {
        if tag.is_empty() {
            return Err(AnnotationProblem::EmptyTag);
        }
        if tags.iter().any(|earlier| earlier.as_str() == tag) {
            return Err(AnnotationProblem::DuplicateTag(tag.clone()));
        }
        tags.push(TagId(tag.clone()));
    }
    check_claim_details(annotation.claim)?;
    match (annotation.origin, annotation.anchor) {
        (Origin::Suggested { score_permille, .. }, _) if *score_permille > 1000 => {
            return Err(AnnotationProblem::ScoreOutOfRange {
                field: "origin.scorePermille",
                value: u64::from(*score_permille),
            })
        }
        (_, AnchorStatus::Fuzzy { score_percent }) if score_percent > 100 => {
            return Err(AnnotationProblem::ScoreOutOfRange {
                field: "anchor.scorePercent",
                value: u64::from(score_percent),
            })
        }
        _ => {}
    }
    // An orphan keeps the range it last had; the text there has changed, so
    // only its shape is checked.
    let article = article.filter(|_| annotation.anchor != AnchorStatus::Orphan);
    let past_the_end = |article_length: usize| AnnotationProblem::PastTheEnd { end, article_length };
    let range = match article {
        Some((article, context)) => {
            let end_offset = usize::try_from(end).map_err(|_| past_the_end(article.len()))?;
            if end_offset > article.len() {
                return Err(past_the_end(article.len()));
            }
            // start < end <= article length, so start fits in usize too.
            let range = CodePointRange { start: start as usize, end: end_offset };
            let text_at_range = context.slice(start, end);
            if text_at_range != annotation.exact {
                return Err(AnnotationProblem::QuoteMismatch {
                    expected: text_at_range.to_string(),
                    found: annotation.exact.to_string(),
                });
            }
            range
        }
        None => {
            let end_offset = usize::try_from(end).map_err(|_| past_the_end(usize::MAX))?;
            CodePointRange { start: start as usize, end: end_offset }
        }
    };
    Ok(Annotation {
        id: AnnotationId(annotation.id.to_string()),
        created,
        modified,
        range,
        quote: TextQuote {
            exact: annotation.exact.to_string(),
            prefix: annotation.prefix.to_string(),
            suffix: annotation.suffix.to_string(),
        },
        tags,
        note: annotation.note.to_string(),
        claim: annotation.claim.clone(),
        kind: annotation.kind,
        origin: annotation.origin.clone(),
        anchor: annotation.anchor,
    })
}

fn check_claim_details(claim: &ClaimDetails) -> Result<(), AnnotationProblem> {
    if code_point_len(&claim.claimant) > CLAIMANT_LIMIT {
        return Err(AnnotationProblem::TooLong { field: "claimant", limit: CLAIMANT_LIMIT });
    }
    if claim.evidence.len() > EVIDENCE_LIMIT {
        return Err(AnnotationProblem::TooMany { field: "evidence", limit: EVIDENCE_LIMIT });
    }
    for evidence in &claim.evidence {
        if !is_web_address(&evidence.url) {
            return Err(AnnotationProblem::BadEvidenceUrl(evidence.url.clone()));
        }
        if code_point_len(&evidence.url) > EVIDENCE_TEXT_LIMIT || code_point_len(&evidence.label) > EVIDENCE_TEXT_LIMIT
        {
            return Err(AnnotationProblem::TooLong { field: "evidence", limit: EVIDENCE_TEXT_LIMIT });
        }
    }
    if let Some(checked) = &claim.checked {
        if !is_calendar_date(checked) {
            return Err(AnnotationProblem::BadCheckedDate(checked.clone()));
        }
    }
    Ok(())
}

/// Just enough of any envelope to tell whose format and which version it is,
/// read before the full shape so a newer version is reported as such.
#[derive(Deserialize)]
struct FormatPeek {
    format: String,
    version: u64,
}

/// The version-1 envelope, field for field as stored.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredEnvelopeV1 {
    format: String,
    version: u32,
    article_id: String,
    revision: u64,
    saved_at: String,
    annotations: Vec<StoredAnnotationV1>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tombstones: Vec<StoredTombstoneV1>,
    #[serde(default, skip_serializing_if = "is_default")]
    fully_reviewed: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    trash: Vec<StoredTrashEntryV1>,
}

/// A deleted annotation kept in the trash of a version-1 envelope: when it
/// was deleted, and the annotation as a live one is stored.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredTrashEntryV1 {
    deleted_at: String,
    annotation: StoredAnnotationV1,
}

/// A deletion record in a version-1 envelope.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredTombstoneV1 {
    id: String,
    deleted_at: String,
}

/// One annotation in a version-1 envelope. To keep the value compact, an
/// empty `note`, a `modified` equal to `created`, and a `prefix` or `suffix`
/// equal to the article's text around the range are left out; the reader
/// restores them.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredAnnotationV1 {
    id: String,
    created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    start: u64,
    end: u64,
    exact: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    suffix: Option<String>,
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    #[serde(default, skip_serializing_if = "ClaimDetails::is_empty")]
    claim: ClaimDetails,
    #[serde(default, skip_serializing_if = "is_default")]
    kind: AnnotationKind,
    #[serde(default, skip_serializing_if = "is_default")]
    origin: Origin,
    #[serde(default, skip_serializing_if = "is_default")]
    anchor: AnchorStatus,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    value == &T::default()
}

impl StoredAnnotationV1 {
    fn from_annotation(annotation: &Annotation, context: &ContextIndex<'_>) -> StoredAnnotationV1 {
        let (start, end) = (annotation.range.start as u64, annotation.range.end as u64);
        let derivable = annotation.anchor != AnchorStatus::Orphan;
        let unless_derivable = |written: &str, derived: &str| {
            let restored_as = if derivable { derived } else { "" };
            (written != restored_as).then(|| written.to_string())
        };
        StoredAnnotationV1 {
            id: annotation.id.as_str().to_string(),
            created: format_iso8601(annotation.created),
            modified: (annotation.modified != annotation.created).then(|| format_iso8601(annotation.modified)),
            start,
            end,
            exact: annotation.quote.exact.clone(),
            prefix: unless_derivable(&annotation.quote.prefix, context.prefix(start)),
            suffix: unless_derivable(&annotation.quote.suffix, context.suffix(end)),
            tags: annotation.tags.iter().map(|tag| tag.as_str().to_string()).collect(),
            note: annotation.note.clone(),
            claim: annotation.claim.clone(),
            kind: annotation.kind,
            origin: annotation.origin.clone(),
            anchor: annotation.anchor,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::article::model::{ArticleMetadata, BlockKind};

    use crate::test_support::{check_golden, random_session, sample_article, sample_id, sample_session, SAMPLE_START};
    use proptest::prelude::*;
    use serde_json::{json, Value};

    const STORE_GOLDEN: &str = include_str!("../../../../tests/golden/store-v1.json");

    fn sample_encoded() -> String {
        encode_session(&sample_session(), Timestamp(SAMPLE_START + 20 * 60_000))
    }

    #[test]
    fn keys_follow_the_documented_scheme() {
        let article_id = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let key = annotations_key(article_id);
        assert_eq!(key, format!("claimmark:v1:annotations:{article_id}"));
        assert!(key.starts_with(KEY_PREFIX));
        assert_eq!(
            quarantine_key(&key, Timestamp(SAMPLE_START)),
            format!("claimmark:quarantine:1795860000000:claimmark:v1:annotations:{article_id}")
        );
    }

    #[test]
    fn the_sample_session_has_what_the_golden_files_promise() {
        let session = sample_session();
        assert_eq!(session.annotations.len(), 7);
        let overlapping = session.annotations.windows(2).any(|pair| pair[0].range.overlaps(&pair[1].range));
        assert!(overlapping);
        assert!(session.annotations.iter().any(|annotation| annotation.tags.len() > 1));
        assert!(session.annotations.iter().any(|annotation| annotation.tags.is_empty()));
        assert!(session.annotations.iter().any(|annotation| annotation.note.contains('🤝')));
        assert!(session.annotations.iter().any(|annotation| annotation.quote.exact.contains('🌐')));
        assert!(session.annotations.iter().any(|annotation| annotation.quote.exact.contains("互联互通")));
        assert!(session.annotations.iter().any(|annotation| annotation.quote.prefix.is_empty()));
    }

    #[test]
    fn encoding_reproduces_the_golden_file_byte_for_byte() {
        check_golden("tests/golden/store-v1.json", STORE_GOLDEN, &format!("{}\n", sample_encoded()));
    }

    #[test]
    fn the_golden_file_decodes_to_the_sample_annotations() {
        let decoded = decode_annotations(STORE_GOLDEN, &sample_article()).unwrap();
        assert_eq!(decoded, sample_session().annotations);
    }

    #[test]
    fn the_golden_file_has_the_documented_shape() {
        let value: Value = serde_json::from_str(STORE_GOLDEN).unwrap();
        assert_eq!(value["format"], "claimmark-store");
        assert_eq!(value["version"], 1);
        assert_eq!(value["articleId"], sample_article().id.as_str());
        assert_eq!(value["revision"], 11);
        assert_eq!(value["savedAt"], "2026-11-28T10:20:00.000Z");
        let first = &value["annotations"][0];
        assert_eq!(first["id"], "7c9e6679-7425-40de-944b-e07fc1f90a01");
        assert_eq!(first["created"], "2026-11-28T10:00:00.000Z");
        assert_eq!(first["start"], 0);
        assert_eq!(first["end"], 29);
        assert_eq!(first["exact"], "Online providers' help sought");
        assert!(first.get("prefix").is_none(), "a prefix the article gives back is left out");
        assert!(first.get("suffix").is_none(), "a suffix the article gives back is left out");
        assert!(first.get("modified").is_none(), "a modified equal to created is left out");
        assert!(first.get("note").is_none(), "an empty note is left out");
        assert!(value.get("tombstones").is_none(), "no deletions, no tombstones field");
        let first_as_written = concat!(
            r#"{"id":"7c9e6679-7425-40de-944b-e07fc1f90a01","created":"2026-11-28T10:00:00.000Z","#,
            r#""start":0,"end":29,"exact":"Online providers' help sought","#,
            r#""tags":["opinion"],"kind":"not-a-claim"}"#
        );
        assert!(STORE_GOLDEN.contains(first_as_written), "fields are written in the documented order");
    }

    /// Version 1 as the first builds wrote it, with every context and
    /// `modified` spelled out: it must read back to the same annotations.
    const STORE_GOLDEN_EXPANDED: &str = include_str!("../../../../tests/golden/store-v1-expanded.json");

    #[test]
    fn every_published_shape_of_version_1_decodes_to_the_sample_annotations() {
        for golden in [STORE_GOLDEN, STORE_GOLDEN_EXPANDED] {
            let decoded = decode_store(golden, &sample_article()).unwrap();
            assert_eq!(decoded.annotations, sample_session().annotations);
            assert_eq!(decoded.revision, 11);
            assert!(decoded.tombstones.is_empty());
        }
        assert!(STORE_GOLDEN.len() * 10 < STORE_GOLDEN_EXPANDED.len() * 8, "the compact form is smaller");
    }

    #[test]
    fn the_migration_chain_reaches_the_current_version() {
        assert_eq!(MIGRATIONS.len() as u32, STORE_FORMAT_VERSION - 1, "one step per older version");
        let golden: Value = serde_json::from_str(STORE_GOLDEN).unwrap();
        assert_eq!(run_migrations(1, golden.clone(), &MIGRATIONS).unwrap(), golden, "version 1 is current");

        fn v1_to_v2(mut value: Value) -> Result<Value, DecodeError> {
            value["version"] = json!(2);
            value["steps"] = json!(["v1->v2"]);
            Ok(value)
        }
        fn v2_to_v3(mut value: Value) -> Result<Value, DecodeError> {
            value["version"] = json!(3);
            value["steps"].as_array_mut().ok_or(DecodeError::WrongFormat)?.push(json!("v2->v3"));
            Ok(value)
        }
        fn refuses(_: Value) -> Result<Value, DecodeError> {
            Err(DecodeError::WrongFormat)
        }
        let chain: [Migration; 2] = [v1_to_v2, v2_to_v3];
        let from_v1 = run_migrations(1, json!({"version": 1}), &chain).unwrap();
        assert_eq!(from_v1, json!({"version": 3, "steps": ["v1->v2", "v2->v3"]}), "steps run in order");
        let from_v2 = run_migrations(2, json!({"version": 2, "steps": []}), &chain).unwrap();
        assert_eq!(from_v2, json!({"version": 3, "steps": ["v2->v3"]}), "only the steps after the version run");
        assert_eq!(run_migrations(3, json!({"version": 3}), &chain).unwrap(), json!({"version": 3}));
        assert_eq!(run_migrations(1, json!({}), &[refuses as Migration]), Err(DecodeError::WrongFormat));
    }

    #[test]
    fn tombstones_and_the_revision_round_trip() {
        let article = sample_article();
        let session = sample_session();
        let stored = StoredArticle {
            revision: 42,
            saved_at: Timestamp(SAMPLE_START),
            annotations: session.annotations.clone(),
            tombstones: vec![
                Tombstone { id: sample_id(8), deleted_at: Timestamp(SAMPLE_START - 5) },
                Tombstone { id: sample_id(9), deleted_at: Timestamp(SAMPLE_START - 9) },
            ],
            fully_reviewed: false,
            trash: Vec::new(),
        };
        let encoded = encode_store(&article, &stored);
        assert!(
            encoded.ends_with(concat!(
                r#""tombstones":[{"id":"7c9e6679-7425-40de-944b-e07fc1f90a08","deletedAt":"2026-11-28T09:59:59.995Z"},"#,
                r#"{"id":"7c9e6679-7425-40de-944b-e07fc1f90a09","deletedAt":"2026-11-28T09:59:59.991Z"}]}"#
            )),
            "{encoded}"
        );
        assert_eq!(decode_store(&encoded, &article).unwrap(), stored);

        let mut value: Value = serde_json::from_str(&encoded).unwrap();
        value["tombstones"][1]["deletedAt"] = json!("last week");
        let error = decode_store(&value.to_string(), &article).unwrap_err();
        assert_eq!(error, DecodeError::InvalidTombstone { index: 1 });
        assert!(error.to_string().contains("deletion record number 2"), "{error}");
        value["tombstones"][1] = json!({"id": "", "deletedAt": "2026-11-28T10:00:00Z"});
        assert_eq!(decode_store(&value.to_string(), &article), Err(DecodeError::InvalidTombstone { index: 1 }));
        value["tombstones"] = json!("none");
        assert_eq!(decode_store(&value.to_string(), &article), Err(DecodeError::WrongFormat));
    }

    #[test]
    fn claim_details_are_validated_when_read() {
        let article = sample_article();
        let session = sample_session();
        let stored: Value = serde_json::from_str(&encode_session(&session, Timestamp(SAMPLE_START))).unwrap();
        let with = |pointer: &str, value: Value| {
            let mut changed = stored.clone();
            *changed.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer} exists")) = value;
            decode_annotations(&changed.to_string(), &article)
        };
        let second = "/annotations/1/claim";
        let problem = |result: Result<Vec<Annotation>, DecodeError>| match result {
            Err(DecodeError::InvalidAnnotation { index: 1, reason }) => reason,
            other => panic!("expected a problem with the second annotation, got {other:?}"),
        };
        assert_eq!(
            problem(with(&format!("{second}/evidence/0/url"), json!("javascript:alert(1)"))),
            AnnotationProblem::BadEvidenceUrl("javascript:alert(1)".into())
        );
        assert_eq!(
            problem(with(&format!("{second}/evidence/0/url"), json!("https://"))),
            AnnotationProblem::BadEvidenceUrl("https://".into())
        );
        assert_eq!(
            problem(with(&format!("{second}/checked"), json!("2015-02-30"))),
            AnnotationProblem::BadCheckedDate("2015-02-30".into())
        );
        assert_eq!(
            problem(with(&format!("{second}/claimant"), json!("x".repeat(CLAIMANT_LIMIT + 1)))),
            AnnotationProblem::TooLong { field: "claimant", limit: CLAIMANT_LIMIT }
        );
        assert!(matches!(with(&format!("{second}/verdict"), json!("pants-on-fire")), Err(DecodeError::WrongFormat)));
        let decoded = decode_annotations(&stored.to_string(), &article).unwrap();
        assert_eq!(decoded[1].claim.verdict, crate::session::annotation::Verdict::MostlyTrue);
    }

    #[test]
    fn an_orphan_keeps_a_quote_the_text_no_longer_has() {
        let article = sample_article();
        let mut stored: Value =
            serde_json::from_str(&encode_session(&sample_session(), Timestamp(SAMPLE_START))).unwrap();
        stored["annotations"][1]["exact"] = json!("1.73 billion cases of legal online activity");
        assert!(matches!(
            decode_annotations(&stored.to_string(), &article),
            Err(DecodeError::InvalidAnnotation { index: 1, reason: AnnotationProblem::QuoteMismatch { .. } })
        ));
        stored["annotations"][1]["anchor"] = json!({"status": "orphan"});
        let decoded = decode_annotations(&stored.to_string(), &article).expect("an orphan's quote is not compared");
        assert_eq!(decoded[1].anchor, AnchorStatus::Orphan);
        assert_eq!(decoded[1].quote.exact, "1.73 billion cases of legal online activity");
        stored["annotations"][1]["anchor"] = json!({"status": "fuzzy", "scorePercent": 101});
        assert!(matches!(
            decode_annotations(&stored.to_string(), &article),
            Err(DecodeError::InvalidAnnotation { index: 1, reason: AnnotationProblem::ScoreOutOfRange { .. } })
        ));
    }

    #[test]
    fn only_absolute_web_addresses_count_as_evidence() {
        for good in ["https://example.org/a?b#c", "http://example.org", "HTTPS://EXAMPLE.ORG/x"] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//example.org",
            "https://",
            "https://exa mple.org",
            "example.org",
            "",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn left_out_context_is_derived_from_the_article_and_written_context_is_kept() {
        let article = sample_article();
        let raw = json!({
            "format": "claimmark-store", "version": 1, "articleId": article.id, "revision": 3,
            "savedAt": "2026-11-28T10:20:00Z",
            "annotations": [
                {"id": "a", "created": "2026-11-28T10:00:00.000Z", "start": 0, "end": 6, "exact": "Online", "tags": []},
                {"id": "b", "created": "2026-11-28T10:00:00.000Z", "modified": "2026-11-28T10:00:00.000+00:00",
                 "start": 7, "end": 16, "exact": "providers", "prefix": "", "suffix": "", "tags": []},
                {"id": "c", "created": "2026-11-28T10:00:00.000Z", "start": 7, "end": 16,
                 "exact": "elsewhere", "tags": [], "anchor": {"status": "orphan"}}
            ]
        })
        .to_string();
        let decoded = decode_annotations(&raw, &article).unwrap();
        assert_eq!(decoded.len(), 3);
        assert_eq!(
            decoded[0].quote,
            TextQuote {
                exact: "Online".into(),
                prefix: String::new(),
                suffix: " providers' help sought\nShared r".into()
            }
        );
        assert_eq!(decoded[0].modified, decoded[0].created, "a left-out modified equals created");
        assert_eq!(decoded[0].note, "");
        assert_eq!(decoded[0].created, Timestamp(SAMPLE_START));
        assert_eq!(
            decoded[1].quote,
            TextQuote { exact: "providers".into(), prefix: String::new(), suffix: String::new() },
            "context written explicitly, even empty, is kept as written"
        );
        assert_eq!((decoded[2].quote.prefix.as_str(), decoded[2].quote.suffix.as_str()), ("", ""));

        let session = Session { annotations: decoded.clone(), ..Session::new(Rc::new(article.clone())) };
        let encoded = encode_session(&session, Timestamp(SAMPLE_START));
        assert!(encoded.contains(r#""exact":"providers","prefix":"","suffix":"""#), "{encoded}");
        assert_eq!(decode_annotations(&encoded, &article).unwrap(), decoded);
    }

    #[test]
    fn not_json_is_reported_with_the_parser_message() {
        let error = decode_annotations("{\"format\": ", &sample_article()).unwrap_err();
        assert!(matches!(&error, DecodeError::NotJson(detail) if detail.contains("EOF")), "{error:?}");
        assert!(error.to_string().starts_with("The saved annotations are not valid JSON: "));
        assert!(matches!(decode_annotations("", &sample_article()), Err(DecodeError::NotJson(_))));
    }

    #[test]
    fn other_shapes_are_the_wrong_format() {
        let article = sample_article();
        let golden: Value = serde_json::from_str(STORE_GOLDEN).unwrap();
        let with = |edit: &dyn Fn(&mut Value)| {
            let mut value = golden.clone();
            edit(&mut value);
            decode_annotations(&value.to_string(), &article)
        };
        assert_eq!(decode_annotations("[]", &article), Err(DecodeError::WrongFormat));
        assert_eq!(decode_annotations("\"claimmark-store\"", &article), Err(DecodeError::WrongFormat));
        assert_eq!(with(&|value| value["format"] = json!("claimmark")), Err(DecodeError::WrongFormat));
        assert_eq!(with(&|value| value["version"] = json!("1")), Err(DecodeError::WrongFormat));
        assert_eq!(with(&|value| value["version"] = json!(0)), Err(DecodeError::WrongFormat));
        assert_eq!(with(&|value| value["version"] = json!(-1)), Err(DecodeError::WrongFormat));
        assert_eq!(with(&|value| value["savedAt"] = json!("yesterday")), Err(DecodeError::WrongFormat));
        assert_eq!(with(&|value| value["annotations"] = json!({})), Err(DecodeError::WrongFormat));
        assert_eq!(with(&|value| value["annotations"][0]["start"] = json!(-4)), Err(DecodeError::WrongFormat));
        assert_eq!(with(&|value| value["annotations"][0]["tags"] = json!("quote")), Err(DecodeError::WrongFormat));
        assert_eq!(
            with(&|value| {
                value["annotations"][0].as_object_mut().unwrap().remove("exact");
            }),
            Err(DecodeError::WrongFormat)
        );
        assert_eq!(
            with(&|value| {
                value.as_object_mut().unwrap().remove("articleId");
            }),
            Err(DecodeError::WrongFormat)
        );
        assert!(DecodeError::WrongFormat.to_string().contains("not a claimmark annotation store"));
    }

    #[test]
    fn a_newer_version_is_reported_even_when_its_shape_is_unknown() {
        let article = sample_article();
        let raw = json!({"format": "claimmark-store", "version": 2, "whatever": true}).to_string();
        let error = decode_annotations(&raw, &article).unwrap_err();
        assert_eq!(error, DecodeError::NewerVersion { found: 2, supported: 1 });
        assert!(error.to_string().contains("newer claimmark (store format version 2)"));
        let huge = json!({"format": "claimmark-store", "version": 10_000_000_000_u64}).to_string();
        assert_eq!(
            decode_annotations(&huge, &article),
            Err(DecodeError::NewerVersion { found: u32::MAX, supported: 1 })
        );
    }

    #[test]
    fn another_articles_annotations_are_refused() {
        let other = Article::new(ArticleMetadata::default(), vec![(BlockKind::Paragraph, "abc".to_string())]);
        let error = decode_annotations(STORE_GOLDEN, &other).unwrap_err();
        assert_eq!(error, DecodeError::WrongArticle { expected: other.id.clone(), found: sample_article().id });
        assert!(error.to_string().contains("belong to a different article"));
    }

    #[test]
    fn each_invalid_annotation_is_named_with_its_reason() {
        let article = sample_article();
        let golden: Value = serde_json::from_str(STORE_GOLDEN).unwrap();
        let with_second = |field: &str, replacement: Value| {
            let mut value = golden.clone();
            value["annotations"][1][field] = replacement;
            decode_annotations(&value.to_string(), &article)
        };
        let invalid = |reason| Err(DecodeError::InvalidAnnotation { index: 1, reason });
        assert_eq!(with_second("id", json!("")), invalid(AnnotationProblem::EmptyId));
        assert_eq!(
            with_second("id", golden["annotations"][0]["id"].clone()),
            invalid(AnnotationProblem::DuplicateId(sample_id(1).0))
        );
        assert_eq!(
            with_second("created", json!("2015-02-30T00:00:00Z")),
            invalid(AnnotationProblem::BadTimestamp { field: "created", value: "2015-02-30T00:00:00Z".into() })
        );
        assert_eq!(
            with_second("modified", json!("1450340760000")),
            invalid(AnnotationProblem::BadTimestamp { field: "modified", value: "1450340760000".into() })
        );
        let second_end = golden["annotations"][1]["end"].as_u64().unwrap();
        assert_eq!(
            with_second("start", json!(second_end + 1)),
            invalid(AnnotationProblem::BackwardsRange { start: second_end + 1, end: second_end })
        );
        assert_eq!(with_second("start", json!(second_end)), invalid(AnnotationProblem::EmptyRange { at: second_end }));
        assert_eq!(
            with_second("end", json!(article.len() + 1)),
            invalid(AnnotationProblem::PastTheEnd { end: article.len() as u64 + 1, article_length: article.len() })
        );
        assert_eq!(
            with_second("exact", json!("Shared responsibility")),
            invalid(AnnotationProblem::QuoteMismatch {
                expected: "1.73 million cases of illegal online activity".into(),
                found: "Shared responsibility".into()
            })
        );
        assert_eq!(with_second("tags", json!(["quote", ""])), invalid(AnnotationProblem::EmptyTag));
        assert_eq!(
            with_second("tags", json!(["quote", "quote"])),
            invalid(AnnotationProblem::DuplicateTag("quote".into()))
        );

        let message = with_second("start", json!(second_end)).unwrap_err().to_string();
        assert_eq!(
            message,
            format!("Saved annotation number 2 is invalid: it covers no text (it starts and ends at character {second_end}).")
        );
    }

    #[test]
    fn long_quotes_are_shortened_in_messages() {
        let problem = AnnotationProblem::QuoteMismatch { expected: "x".repeat(100), found: "北".repeat(41) };
        let message = problem.to_string();
        assert!(message.contains(&format!("\"{}…\"", "北".repeat(40))));
        assert!(message.contains(&format!("\"{}…\"", "x".repeat(40))));
        assert!(!message.contains(&"x".repeat(41)));
    }

    /// What every decoded annotation must satisfy, checked independently of
    /// the decoder's own code.
    fn assert_acceptable(annotations: &[Annotation], article: &Article) -> Result<(), TestCaseError> {
        let mut ids = HashSet::new();
        for annotation in annotations {
            prop_assert!(!annotation.id.as_str().is_empty());
            prop_assert!(ids.insert(annotation.id.clone()));
            prop_assert!(annotation.range.start < annotation.range.end);
            prop_assert!(annotation.range.end <= article.len());
            let text: Vec<char> = article.canonical_text().chars().collect();
            let expected: String = text[annotation.range.start..annotation.range.end].iter().collect();
            prop_assert_eq!(&annotation.quote.exact, &expected);
        }
        Ok(())
    }

    /// A random change to a valid stored value.
    #[derive(Clone, Debug)]
    enum Mutation {
        RemoveEnvelopeField(usize),
        ReplaceEnvelopeField(usize, Value),
        RemoveAnnotationField(usize, usize),
        ReplaceAnnotationField(usize, usize, Value),
        CopyAnnotation(usize, usize),
        ReplaceWhole(Value),
    }

    fn json_leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (0_u64..400).prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::from),
            Just(json!("2026-11-28T10:00:00.000Z")),
            Just(json!("claimmark-store")),
            Just(json!(2)),
        ]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        json_leaf().prop_recursive(3, 12, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("[a-zA-Z]{1,8}", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            1 => any::<usize>().prop_map(Mutation::RemoveEnvelopeField),
            1 => (any::<usize>(), json_value()).prop_map(|(field, value)| Mutation::ReplaceEnvelopeField(field, value)),
            1 => (any::<usize>(), any::<usize>()).prop_map(|(index, field)| Mutation::RemoveAnnotationField(index, field)),
            3 => (any::<usize>(), any::<usize>(), json_value())
                .prop_map(|(index, field, value)| Mutation::ReplaceAnnotationField(index, field, value)),
            1 => (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Mutation::CopyAnnotation(from, to)),
            1 => json_value().prop_map(Mutation::ReplaceWhole),
        ]
    }

    fn field_name(object: &serde_json::Map<String, Value>, field: usize) -> Option<String> {
        (!object.is_empty()).then(|| object.keys().nth(field % object.len()).unwrap().clone())
    }

    fn apply_mutation(value: &mut Value, mutation: Mutation) {
        let annotation_count = value["annotations"].as_array().map_or(0, Vec::len);
        match mutation {
            Mutation::RemoveEnvelopeField(field) => {
                if let Some(object) = value.as_object_mut() {
                    if let Some(name) = field_name(object, field) {
                        object.remove(&name);
                    }
                }
            }
            Mutation::ReplaceEnvelopeField(field, replacement) => {
                if let Some(object) = value.as_object_mut() {
                    if let Some(name) = field_name(object, field) {
                        object.insert(name, replacement);
                    }
                }
            }
            Mutation::RemoveAnnotationField(index, field) if annotation_count > 0 => {
                if let Some(object) = value["annotations"][index % annotation_count].as_object_mut() {
                    if let Some(name) = field_name(object, field) {
                        object.remove(&name);
                    }
                }
            }
            Mutation::ReplaceAnnotationField(index, field, replacement) if annotation_count > 0 => {
                if let Some(object) = value["annotations"][index % annotation_count].as_object_mut() {
                    if let Some(name) = field_name(object, field) {
                        object.insert(name, replacement);
                    }
                }
            }
            Mutation::CopyAnnotation(from, to) if annotation_count > 0 => {
                let copied = value["annotations"][from % annotation_count].clone();
                value["annotations"][to % annotation_count] = copied;
            }
            Mutation::ReplaceWhole(replacement) => *value = replacement,
            _ => {}
        }
    }

    proptest! {
        #[test]
        fn decoding_an_encoded_session_gives_back_its_annotations(session in random_session(), saved_at in 0_i64..4_000_000_000_000) {
            let encoded = encode_session(&session, Timestamp(saved_at));
            let decoded = decode_annotations(&encoded, &session.article);
            prop_assert_eq!(decoded, Ok(session.annotations.clone()));
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(raw in "\\PC{0,80}") {
            let article = sample_article();
            if let Ok(annotations) = decode_annotations(&raw, &article) {
                assert_acceptable(&annotations, &article)?;
            }
        }

        #[test]
        fn decoding_json_like_text_never_panics(raw in "[\\[\\]{}\":,0-9a-zA-Z .\\-\\\\]{0,80}") {
            let article = sample_article();
            let outcome = decode_annotations(&raw, &article);
            prop_assert!(outcome.is_err(), "{:?}", outcome);
        }

        #[test]
        fn decoding_a_mutated_store_never_panics_and_returns_only_valid_annotations(
            mutations in proptest::collection::vec(mutation(), 1..4)
        ) {
            let article = sample_article();
            let mut value: Value = serde_json::from_str(STORE_GOLDEN).unwrap();
            for mutation in mutations {
                apply_mutation(&mut value, mutation);
            }
            if let Ok(annotations) = decode_annotations(&value.to_string(), &article) {
                assert_acceptable(&annotations, &article)?;
            }
        }
    }
}
