//! Reading a file of annotations into a validated [`ImportBatch`].
//!
//! [`read_import`] accepts claimmark exports (format version 1, read by
//! [`crate::formats::claimmark::parse_export`]), claimmark's stored format, and W3C
//! Web Annotation JSON: one annotation, a list, an `AnnotationPage` or an
//! `AnnotationCollection` with an embedded first page, including files from
//! other tools that carry only a TextQuoteSelector or only a
//! TextPositionSelector (and Hypothesis's own `rows`/`tags`/`text` shape).
//!
//! Annotations are matched to the open article by text hash, address or
//! quote. When the file names this exact text (same article id, or a
//! `urn:sha256:` source of it) its offsets must fit and its quotes must
//! match, or the file is refused. Otherwise each annotation is placed by its
//! quote ([`crate::anchoring::selector::anchor`]); one whose quote cannot be found
//! is kept as an orphan, never dropped.
//!
//! Everything is checked before anything is returned: one bad annotation
//! refuses the whole file, with an [`ImportFailure`] that says which one and
//! why. Reading never panics, whatever the input (see the property tests).
//! This module knows nothing of files or the browser; the current time comes
//! in as an argument, for annotations that carry none.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use crate::anchoring::selector::{anchor, describe, AnchorMethod, Target, TextQuote};
use crate::article::model::Article;
use crate::article::text::{code_point_len, slice_code_points, CodePointRange};
use crate::formats::claimmark::{
    annotations_from_export, parse_export, ExportDocument, ImportError, EXPORT_FORMAT_NAME,
};
use crate::formats::identifiers::{article_hash_iri, uuid_from_seed};
use crate::formats::w3c::ANNOTATION_CONTEXT;
use crate::session::annotation::{AnchorStatus, Annotation, AnnotationKind, ClaimDetails, Evidence, Origin, Verdict};
use crate::session::import_merge::{ImportBatch, ImportedFormat};
use crate::session::tags::{TagDefinition, TagId, TagSet};
use crate::storage::persist::{
    check_annotations, decode_annotations, AnnotationProblem, DecodeError, UncheckedAnnotation, STORE_FORMAT_NAME,
};
use crate::time::Timestamp;
use crate::time::{format_iso8601, parse_iso8601};

/// The largest file claimmark imports, in bytes (10 MiB). The browser layer
/// checks a file's size against it before reading the file at all.
pub const IMPORT_SIZE_LIMIT: u64 = 10 * 1024 * 1024;

/// Why a file could not be imported. Nothing is imported when any of these
/// is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportFailure {
    /// The file is larger than [`IMPORT_SIZE_LIMIT`].
    TooLarge {
        /// The file's size in bytes.
        bytes: u64,
    },
    /// The file is empty, or holds only white space.
    Empty,
    /// The file is not JSON; carries the parser's message.
    NotJson(String),
    /// The JSON nests arrays or objects deeper than any annotation file does.
    TooDeep,
    /// The file is JSON, but neither a claimmark file nor W3C annotations;
    /// carries what it looks like instead.
    UnknownFormat(String),
    /// A claimmark export that cannot be read (wrong version, bad annotation…).
    Claimmark(ImportError),
    /// claimmark saved data that cannot be read.
    Store(DecodeError),
    /// The file holds no annotations at all.
    NoAnnotations,
    /// A collection whose annotations are on a page the file only links to.
    ExternalPage(String),
    /// One annotation of a W3C file is unacceptable.
    InvalidW3c {
        /// Position of the annotation in the file, from 0.
        index: usize,
        /// What is wrong with it.
        problem: W3cProblem,
    },
    /// The file was made on another text and none of its quotes occur in
    /// this article: almost certainly the wrong file.
    NothingMatches {
        /// How many annotations the file holds.
        count: usize,
    },
}

/// What is wrong with one annotation of a W3C file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum W3cProblem {
    /// The entry is not a JSON object.
    NotAnObject,
    /// The annotation has no `target`.
    MissingTarget,
    /// The target has neither a TextQuoteSelector nor a TextPositionSelector.
    NoTextSelector,
    /// A required field is missing.
    MissingField(&'static str),
    /// A field has the wrong type or an unusable value.
    BadField(&'static str),
    /// Only a position is given, for another document: it cannot be placed.
    PositionOnlyElsewhere {
        /// The target's source.
        source: String,
    },
    /// The annotation breaks a rule every claimmark annotation follows.
    Annotation(AnnotationProblem),
}

impl fmt::Display for W3cProblem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            W3cProblem::NotAnObject => write!(formatter, "it is not a JSON object"),
            W3cProblem::MissingTarget => write!(formatter, "it has no target"),
            W3cProblem::NoTextSelector => {
                write!(formatter, "its target has no TextQuoteSelector or TextPositionSelector")
            }
            W3cProblem::MissingField(field) => write!(formatter, "its {field} is missing"),
            W3cProblem::BadField(field) => write!(formatter, "its {field} has the wrong type or value"),
            W3cProblem::PositionOnlyElsewhere { source } => write!(
                formatter,
                "it gives only a position, in another document ({}), and no quote to find",
                shorten(source)
            ),
            W3cProblem::Annotation(problem) => problem.fmt(formatter),
        }
    }
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportFailure::TooLarge { bytes } => write!(
                formatter,
                "The file is {}; claimmark imports files of up to {}.",
                describe_size(*bytes),
                describe_size(IMPORT_SIZE_LIMIT)
            ),
            ImportFailure::Empty => write!(formatter, "The file is empty."),
            ImportFailure::NotJson(detail) => write!(formatter, "The file is not valid JSON: {detail}."),
            ImportFailure::TooDeep => write!(
                formatter,
                "The file nests lists or objects more than 128 levels deep; no annotation file does, so it was \
                 not read."
            ),
            ImportFailure::UnknownFormat(looks_like) => write!(
                formatter,
                "The file is JSON but not annotations claimmark can import ({looks_like}). Import a claimmark JSON \
                 export or W3C Web Annotation JSON."
            ),
            ImportFailure::Claimmark(error) => error.fmt(formatter),
            ImportFailure::Store(error) => error.fmt(formatter),
            ImportFailure::NoAnnotations => write!(formatter, "The file holds no annotations."),
            ImportFailure::ExternalPage(iri) => write!(
                formatter,
                "The collection's annotations are on a separate page ({}) that the file only links to; export the \
                 collection with its page embedded.",
                shorten(iri)
            ),
            ImportFailure::InvalidW3c { index, problem } => {
                write!(formatter, "Annotation number {} in the file is invalid: {problem}.", index + 1)
            }
            ImportFailure::NothingMatches { count } => write!(
                formatter,
                "The file's {count} annotation{} belong to a different article: none of their quotes occur in this \
                 one.",
                if *count == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for ImportFailure {}

fn shorten(text: &str) -> String {
    if code_point_len(text) <= 60 {
        text.to_string()
    } else {
        format!("{}…", slice_code_points(text, 0, 60))
    }
}

/// `10 MB`, `52.4 MB`, `812 KB`, `95 bytes`: sizes as people read them.
pub fn describe_size(bytes: u64) -> String {
    const MEGABYTE: u64 = 1024 * 1024;
    if bytes >= MEGABYTE {
        let tenths = (bytes * 10 + MEGABYTE / 2) / MEGABYTE;
        if tenths % 10 == 0 {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} byte{}", if bytes == 1 { "" } else { "s" })
    }
}

/// Reads `text` (a whole file) into annotations for `article`. `tags` maps
/// tag labels from other tools to this session's tag ids; `now` stamps
/// annotations whose file gives no time. Never panics.
pub fn read_import(text: &str, article: &Article, tags: &TagSet, now: Timestamp) -> Result<ImportBatch, ImportFailure> {
    if text.len() as u64 > IMPORT_SIZE_LIMIT {
        return Err(ImportFailure::TooLarge { bytes: text.len() as u64 });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportFailure::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|error| {
        if error.to_string().starts_with("recursion limit exceeded") {
            ImportFailure::TooDeep
        } else {
            ImportFailure::NotJson(error.to_string())
        }
    })?;
    match value.get("format").and_then(Value::as_str) {
        Some(EXPORT_FORMAT_NAME) => return read_claimmark_export(text, article),
        Some(STORE_FORMAT_NAME) => {
            let annotations = decode_annotations(text, article).map_err(ImportFailure::Store)?;
            return Ok(ImportBatch {
                format: ImportedFormat::ClaimmarkStore,
                annotations,
                tag_definitions: Vec::new(),
            });
        }
        _ => {}
    }
    let items = w3c_items(&value)?;
    if items.is_empty() {
        return Err(ImportFailure::NoAnnotations);
    }
    read_w3c_items(&items, article, tags, now)
}

fn read_claimmark_export(text: &str, article: &Article) -> Result<ImportBatch, ImportFailure> {
    let document = parse_export(text).map_err(ImportFailure::Claimmark)?;
    let annotations = if document.article.id == article.id {
        annotations_from_export(&document, article).map_err(ImportFailure::Claimmark)?
    } else {
        let annotations = annotations_without_article(&document)?;
        let placed: Vec<Annotation> = annotations.into_iter().map(|annotation| reanchor(article, annotation)).collect();
        refuse_if_nothing_matches(&placed)?;
        placed
    };
    let tag_definitions = document
        .tags
        .iter()
        .map(|tag| TagDefinition {
            id: TagId(tag.id.clone()),
            label: tag.label.clone(),
            color: tag.color.clone(),
            hotkey: tag.hotkey.as_deref().and_then(|key| key.chars().next()),
        })
        .collect();
    Ok(ImportBatch { format: ImportedFormat::Claimmark, annotations, tag_definitions })
}

/// The export's annotations, checked on their own (the article differs).
fn annotations_without_article(document: &ExportDocument) -> Result<Vec<Annotation>, ImportFailure> {
    let unchecked = document.annotations.iter().map(|exported| UncheckedAnnotation {
        id: &exported.id,
        created: &exported.created,
        modified: &exported.modified,
        start: exported.start,
        end: exported.end,
        exact: &exported.quote,
        prefix: &exported.prefix,
        suffix: &exported.suffix,
        tags: &exported.tags,
        note: &exported.note,
        claim: &exported.claim,
        kind: exported.kind,
        origin: &exported.origin,
        anchor: exported.anchor,
    });
    check_annotations(unchecked, None)
        .map_err(|(index, reason)| ImportFailure::Claimmark(ImportError::InvalidAnnotation { index, reason }))
}

/// Places an annotation made on another text by its quote, or marks it an
/// orphan (keeping its range and quote) when the quote is nowhere.
fn reanchor(article: &Article, mut annotation: Annotation) -> Annotation {
    if annotation.anchor == AnchorStatus::Orphan {
        return annotation;
    }
    let target = Target { position: annotation.range, quote: annotation.quote.clone() };
    match anchor(article, &target) {
        Ok(anchored) => {
            let keeps_status = anchored.method == AnchorMethod::Position;
            annotation.range = anchored.range;
            annotation.quote = describe(article, anchored.range).quote;
            if !keeps_status {
                annotation.anchor = AnchorStatus::Anchored;
            }
        }
        Err(_) => annotation.anchor = AnchorStatus::Orphan,
    }
    annotation
}

fn refuse_if_nothing_matches(annotations: &[Annotation]) -> Result<(), ImportFailure> {
    if !annotations.is_empty() && annotations.iter().all(|annotation| annotation.anchor == AnchorStatus::Orphan) {
        return Err(ImportFailure::NothingMatches { count: annotations.len() });
    }
    Ok(())
}

/// True when `value` names the W3C annotation context, alone or in a list.
fn has_annotation_context(value: &Value) -> bool {
    match value.get("@context") {
        Some(Value::String(context)) => context == ANNOTATION_CONTEXT,
        Some(Value::Array(contexts)) => contexts.iter().any(|context| context == ANNOTATION_CONTEXT),
        _ => false,
    }
}

fn has_type(value: &Value, wanted: &str) -> bool {
    match value.get("type").or_else(|| value.get("@type")) {
        Some(Value::String(kind)) => kind == wanted,
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == wanted),
        _ => false,
    }
}

/// The annotations of a W3C file, whatever its wrapping.
fn w3c_items(value: &Value) -> Result<Vec<Value>, ImportFailure> {
    match value {
        Value::Array(items) => {
            let looks_like_annotation = |item: &Value| item.get("target").is_some() || has_type(item, "Annotation");
            if !items.is_empty() && !items.iter().any(looks_like_annotation) {
                return Err(ImportFailure::UnknownFormat("a list of things that are not annotations".into()));
            }
            Ok(items.clone())
        }
        Value::Object(object) => {
            if has_type(value, "AnnotationCollection")
                || (object.contains_key("first") && !object.contains_key("target"))
            {
                let first = match object.get("first") {
                    Some(Value::Array(pages)) if pages.len() == 1 => &pages[0],
                    Some(first) => first,
                    None if object.get("total").and_then(Value::as_u64) == Some(0) => return Ok(Vec::new()),
                    None => return Err(ImportFailure::NoAnnotations),
                };
                return match first {
                    Value::String(iri) => Err(ImportFailure::ExternalPage(iri.clone())),
                    Value::Object(_) => page_items(first),
                    _ => Err(ImportFailure::UnknownFormat("a collection whose first page is not an object".into())),
                };
            }
            if has_type(value, "AnnotationPage") || object.get("items").is_some_and(Value::is_array) {
                return page_items(value);
            }
            if let Some(Value::Array(rows)) = object.get("rows") {
                return Ok(rows.clone());
            }
            if object.contains_key("target") || has_type(value, "Annotation") || has_annotation_context(value) {
                return Ok(vec![value.clone()]);
            }
            Err(ImportFailure::UnknownFormat(looks_like(value)))
        }
        _ => Err(ImportFailure::UnknownFormat("a single JSON value, not an object or a list".into())),
    }
}

fn page_items(page: &Value) -> Result<Vec<Value>, ImportFailure> {
    match page.get("items") {
        Some(Value::Array(items)) => Ok(items.clone()),
        None => Ok(Vec::new()),
        Some(_) => Err(ImportFailure::UnknownFormat("a page whose items are not a list".into())),
    }
}

fn looks_like(value: &Value) -> String {
    match value.get("format").and_then(Value::as_str) {
        Some(format) => format!("its format is {:?}", shorten(format)),
        None if value.get("text").is_some() && value.get("label").is_some() => {
            "it looks like doccano data, which holds no ids or notes to import".to_string()
        }
        None => "an object with no annotations in it".to_string(),
    }
}

/// One W3C annotation lowered to claimmark's fields, before the common checks.
struct Lowered {
    id: String,
    created: String,
    modified: String,
    start: u64,
    end: u64,
    quote: TextQuote,
    tags: Vec<String>,
    note: String,
    claim: ClaimDetails,
    kind: AnnotationKind,
    origin: Origin,
    anchor: AnchorStatus,
}

fn read_w3c_items(
    items: &[Value],
    article: &Article,
    tags: &TagSet,
    now: Timestamp,
) -> Result<ImportBatch, ImportFailure> {
    let mut lowered = Vec::with_capacity(items.len());
    let mut placed_by_text_only = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let (annotation, names_this_article) =
            lower_w3c(item, article, tags, now).map_err(|problem| ImportFailure::InvalidW3c { index, problem })?;
        lowered.push(annotation);
        placed_by_text_only.push(!names_this_article);
    }
    let unchecked = lowered.iter().map(|annotation| UncheckedAnnotation {
        id: &annotation.id,
        created: &annotation.created,
        modified: &annotation.modified,
        start: annotation.start,
        end: annotation.end,
        exact: &annotation.quote.exact,
        prefix: &annotation.quote.prefix,
        suffix: &annotation.quote.suffix,
        tags: &annotation.tags,
        note: &annotation.note,
        claim: &annotation.claim,
        kind: annotation.kind,
        origin: &annotation.origin,
        anchor: annotation.anchor,
    });
    let annotations = check_annotations(unchecked, None)
        .map_err(|(index, reason)| ImportFailure::InvalidW3c { index, problem: W3cProblem::Annotation(reason) })?;
    if placed_by_text_only.iter().all(|by_text| *by_text) {
        refuse_if_nothing_matches(&annotations)?;
    }
    Ok(ImportBatch { format: ImportedFormat::W3c, annotations, tag_definitions: Vec::new() })
}

/// The target's selectors, as read.
#[derive(Default)]
struct Selectors {
    quote: Option<TextQuote>,
    position: Option<(u64, u64)>,
}

fn lower_w3c(item: &Value, article: &Article, tags: &TagSet, now: Timestamp) -> Result<(Lowered, bool), W3cProblem> {
    let object = item.as_object().ok_or(W3cProblem::NotAnObject)?;
    let id = match object.get("id").or_else(|| object.get("@id")) {
        Some(Value::String(iri)) => match iri.strip_prefix("urn:uuid:") {
            Some(uuid) if !uuid.is_empty() && !uuid.contains(char::is_whitespace) => uuid.to_string(),
            _ if iri.trim().is_empty() => return Err(W3cProblem::BadField("id")),
            _ => uuid_from_seed(iri),
        },
        None => uuid_from_seed(&item.to_string()),
        Some(_) => return Err(W3cProblem::BadField("id")),
    };
    let created = optional_time(object.get("created"), "created")?;
    let modified = optional_time(object.get("modified").or_else(|| object.get("updated")), "modified")?;
    let created = created.or(modified).unwrap_or(now);
    let modified = modified.unwrap_or(created);

    let target = pick_target(object.get("target").ok_or(W3cProblem::MissingTarget)?)?;
    let source = match target {
        Value::Object(target) => target.get("source").and_then(Value::as_str).map(str::to_string),
        Value::String(iri) => Some(iri.clone()),
        _ => None,
    }
    .or_else(|| object.get("uri").and_then(Value::as_str).map(str::to_string));
    let selectors = read_selectors(target)?;
    let article_id_claimed = target.get("claimmark:articleId").and_then(Value::as_str);
    let same_text = article_id_claimed == Some(article.id.as_str())
        || source.as_deref() == Some(article_hash_iri(article).as_str());
    let same_address =
        source.is_none() || article.metadata.source_url.as_deref().is_some_and(|url| source.as_deref() == Some(url));
    let anchor_status = read_claimmark_field::<AnchorStatus>(object, "anchor")?.unwrap_or_default();
    let (start, end, quote, anchor_status) =
        place(article, &selectors, source.as_deref(), same_text, same_address, anchor_status)?;

    let mut read = read_bodies(object, tags)?;
    let claimant = match object.get("claimmark:claimant") {
        None => String::new(),
        Some(Value::String(claimant)) => claimant.clone(),
        Some(_) => return Err(W3cProblem::BadField("claimmark:claimant")),
    };
    let checked = match object.get("claimmark:checked") {
        None | Some(Value::Null) => None,
        Some(Value::String(checked)) => Some(checked.clone()),
        Some(_) => return Err(W3cProblem::BadField("claimmark:checked")),
    };
    let kind = match object.get("claimmark:kind").map(|kind| kind.as_str()) {
        None | Some(Some("claim")) => AnnotationKind::Claim,
        Some(Some("not-a-claim")) => AnnotationKind::NotAClaim,
        Some(_) => return Err(W3cProblem::BadField("claimmark:kind")),
    };
    let origin = read_claimmark_field::<Origin>(object, "origin")?.unwrap_or_default();
    read.claim.claimant = claimant;
    read.claim.checked = checked;
    Ok((
        Lowered {
            id,
            created: format_iso8601(created),
            modified: format_iso8601(modified),
            start,
            end,
            quote,
            tags: read.tags,
            note: read.note,
            claim: read.claim,
            kind,
            origin,
            anchor: anchor_status,
        },
        same_text || (same_address && source.is_some()),
    ))
}

fn read_claimmark_field<T: for<'de> Deserialize<'de>>(
    object: &serde_json::Map<String, Value>,
    name: &'static str,
) -> Result<Option<T>, W3cProblem> {
    let field = match name {
        "anchor" => "claimmark:anchor",
        _ => "claimmark:origin",
    };
    match object.get(field) {
        None => Ok(None),
        Some(value) => T::deserialize(value).map(Some).map_err(|_| W3cProblem::BadField(field)),
    }
}

fn optional_time(value: Option<&Value>, field: &'static str) -> Result<Option<Timestamp>, W3cProblem> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => parse_time_with_offset(text)
            .map(Some)
            .ok_or_else(|| W3cProblem::Annotation(AnnotationProblem::BadTimestamp { field, value: text.clone() })),
        Some(_) => Err(W3cProblem::BadField(field)),
    }
}

/// ISO 8601 as claimmark writes it, or with a `±hh:mm` offset as other
/// tools write it, converted to UTC.
pub fn parse_time_with_offset(text: &str) -> Option<Timestamp> {
    if let Some(timestamp) = parse_iso8601(text) {
        return Some(timestamp);
    }
    let split = text.len().checked_sub(6)?;
    if !text.is_char_boundary(split) {
        return None;
    }
    let (local, offset) = text.split_at(split);
    let offset = offset.as_bytes();
    let sign = match offset[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    if offset[3] != b':'
        || !offset.iter().enumerate().all(|(index, byte)| matches!(index, 0 | 3) || byte.is_ascii_digit())
    {
        return None;
    }
    let hours = i64::from(offset[1] - b'0') * 10 + i64::from(offset[2] - b'0');
    let minutes = i64::from(offset[4] - b'0') * 10 + i64::from(offset[5] - b'0');
    if hours > 23 || minutes > 59 {
        return None;
    }
    let utc_clock = parse_iso8601(&format!("{local}Z"))?;
    Some(Timestamp(utc_clock.0 - sign * (hours * 60 + minutes) * 60_000))
}

/// The target to use: the object itself, or the first of a list that has a
/// selector (Hypothesis writes a list of one).
fn pick_target(target: &Value) -> Result<&Value, W3cProblem> {
    match target {
        Value::Array(targets) => targets
            .iter()
            .find(|candidate| candidate.get("selector").is_some())
            .or_else(|| targets.first())
            .ok_or(W3cProblem::MissingTarget),
        Value::Object(_) | Value::String(_) => Ok(target),
        _ => Err(W3cProblem::BadField("target")),
    }
}

fn read_selectors(target: &Value) -> Result<Selectors, W3cProblem> {
    let mut selectors = Selectors::default();
    let listed: Vec<&Value> = match target.get("selector") {
        None => Vec::new(),
        Some(Value::Array(list)) => list.iter().collect(),
        Some(single) => vec![single],
    };
    for selector in listed {
        if has_type(selector, "TextQuoteSelector") && selectors.quote.is_none() {
            let text_field = |name: &'static str, required: bool| match selector.get(name) {
                Some(Value::String(text)) => Ok(text.clone()),
                None | Some(Value::Null) if !required => Ok(String::new()),
                None => Err(W3cProblem::MissingField("TextQuoteSelector exact")),
                Some(_) => Err(W3cProblem::BadField(name)),
            };
            selectors.quote = Some(TextQuote {
                exact: text_field("exact", true)?,
                prefix: text_field("prefix", false)?,
                suffix: text_field("suffix", false)?,
            });
        } else if has_type(selector, "TextPositionSelector") && selectors.position.is_none() {
            let offset = |name: &'static str| match selector.get(name) {
                Some(number) => number.as_u64().ok_or(W3cProblem::BadField(name)),
                None => Err(W3cProblem::MissingField(name)),
            };
            selectors.position = Some((offset("start")?, offset("end")?));
        }
    }
    if selectors.quote.is_none() && selectors.position.is_none() {
        return Err(W3cProblem::NoTextSelector);
    }
    if let Some(quote) = &selectors.quote {
        if quote.exact.is_empty() {
            return Err(W3cProblem::BadField("exact"));
        }
    }
    Ok(selectors)
}

/// Places the selectors on `article`: strictly when the file names this
/// text, by quote otherwise. Returns start, end, quote and anchor status.
fn place(
    article: &Article,
    selectors: &Selectors,
    source: Option<&str>,
    same_text: bool,
    same_address: bool,
    status: AnchorStatus,
) -> Result<(u64, u64, TextQuote, AnchorStatus), W3cProblem> {
    let problem = W3cProblem::Annotation;
    if let Some((start, end)) = selectors.position {
        if start > end {
            return Err(problem(AnnotationProblem::BackwardsRange { start, end }));
        }
        if start == end {
            return Err(problem(AnnotationProblem::EmptyRange { at: start }));
        }
    }
    let length = article.len() as u64;
    let past_the_end = |end: u64| problem(AnnotationProblem::PastTheEnd { end, article_length: article.len() });
    match (&selectors.quote, selectors.position) {
        (Some(quote), Some((start, end))) if status == AnchorStatus::Orphan => Ok((start, end, quote.clone(), status)),
        (Some(quote), None) if status == AnchorStatus::Orphan => {
            Ok((0, code_point_len(&quote.exact) as u64, quote.clone(), status))
        }
        (Some(quote), Some((start, end))) if same_text => {
            if end > length {
                return Err(past_the_end(end));
            }
            let range = CodePointRange { start: start as usize, end: end as usize };
            let text_there = slice_code_points(article.canonical_text(), range.start, range.end);
            if text_there != quote.exact {
                return Err(problem(AnnotationProblem::QuoteMismatch {
                    expected: text_there.to_string(),
                    found: quote.exact.clone(),
                }));
            }
            Ok((start, end, describe(article, range).quote, status))
        }
        (Some(quote), position) => {
            let hint = position
                .map(|(start, end)| CodePointRange { start: start as usize, end: end as usize })
                .unwrap_or(CodePointRange { start: 0, end: 0 });
            match anchor(article, &Target { position: hint, quote: quote.clone() }) {
                Ok(anchored) => {
                    let status =
                        if anchored.method == AnchorMethod::Position { status } else { AnchorStatus::Anchored };
                    let range = anchored.range;
                    Ok((range.start as u64, range.end as u64, describe(article, range).quote, status))
                }
                Err(_) => {
                    let (start, end) = position.unwrap_or((0, code_point_len(&quote.exact) as u64));
                    Ok((start, end, quote.clone(), AnchorStatus::Orphan))
                }
            }
        }
        (None, Some((start, end))) => {
            if !(same_text || same_address) {
                return Err(W3cProblem::PositionOnlyElsewhere { source: source.unwrap_or_default().to_string() });
            }
            if end > length {
                return Err(past_the_end(end));
            }
            let range = CodePointRange { start: start as usize, end: end as usize };
            Ok((start, end, describe(article, range).quote, AnchorStatus::Anchored))
        }
        (None, None) => Err(W3cProblem::NoTextSelector),
    }
}

/// What the bodies say.
#[derive(Default)]
struct ReadBodies {
    tags: Vec<String>,
    note: String,
    claim: ClaimDetails,
}

fn read_bodies(object: &serde_json::Map<String, Value>, tag_set: &TagSet) -> Result<ReadBodies, W3cProblem> {
    let mut read = ReadBodies::default();
    let mut notes: Vec<String> = Vec::new();
    let add_tag = |read: &mut ReadBodies, value: &str| {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let id = tag_set
            .tags
            .iter()
            .find(|tag| tag.id.as_str() == value)
            .or_else(|| tag_set.tags.iter().find(|tag| tag.label.eq_ignore_ascii_case(value)))
            .map(|tag| tag.id.as_str().to_string())
            .unwrap_or_else(|| value.to_string());
        if !read.tags.contains(&id) {
            read.tags.push(id);
        }
    };
    let bodies: Vec<&Value> = match object.get("body") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list.iter().collect(),
        Some(single) => vec![single],
    };
    let mut seen_evidence = HashSet::new();
    for body in bodies {
        let Value::Object(body_object) = body else { continue };
        let purpose = body_object.get("purpose").and_then(Value::as_str).unwrap_or("");
        let value = body_object.get("value").and_then(Value::as_str);
        match (purpose, value) {
            ("tagging", Some(value)) => add_tag(&mut read, value),
            ("assessing", Some(value)) => {
                let verdict = body_object
                    .get("claimmark:verdict")
                    .and_then(Value::as_str)
                    .and_then(Verdict::from_id)
                    .or_else(|| Verdict::ALL.into_iter().find(|verdict| verdict.label().eq_ignore_ascii_case(value)))
                    .or_else(|| Verdict::from_id(value));
                match verdict {
                    Some(verdict) => read.claim.verdict = verdict,
                    None => notes.push(format!("Assessment: {value}")),
                }
            }
            ("linking", _) => {
                let url = body_object.get("id").or_else(|| body_object.get("source")).and_then(Value::as_str);
                if let Some(url) = url {
                    if seen_evidence.insert(url.to_string()) {
                        let label = body_object.get("claimmark:label").and_then(Value::as_str).unwrap_or("");
                        read.claim.evidence.push(Evidence { url: url.to_string(), label: label.to_string() });
                    }
                }
            }
            (_, Some(value)) if !value.is_empty() => notes.push(value.to_string()),
            _ => {}
        }
    }
    if let Some(Value::String(body_value)) = object.get("bodyValue") {
        notes.push(body_value.clone());
    }
    // Hypothesis's own shape: `tags` and `text` beside the target.
    if let Some(Value::Array(hypothesis_tags)) = object.get("tags") {
        for tag in hypothesis_tags.iter().filter_map(Value::as_str) {
            add_tag(&mut read, tag);
        }
    }
    if let Some(Value::String(text)) = object.get("text") {
        if !text.is_empty() {
            notes.push(text.clone());
        }
    }
    read.note = notes.join("\n\n");
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::claimmark::export_json;
    use crate::formats::w3c::{export_w3c, w3c_json};
    use crate::session::action::Action;
    use crate::session::import_merge::merge_annotations;
    use crate::session::reducer::Session;
    use crate::test_support::{random_session, sample_article, sample_session, SAMPLE_START};
    use proptest::prelude::*;
    use serde_json::json;
    use std::rc::Rc;

    fn tags() -> TagSet {
        TagSet::defaults()
    }

    fn now() -> Timestamp {
        Timestamp(SAMPLE_START + 60 * 60_000)
    }

    fn read(text: &str) -> Result<ImportBatch, ImportFailure> {
        read_import(text, &sample_article(), &tags(), now())
    }

    fn golden_w3c() -> String {
        w3c_json(&sample_session(), Timestamp(SAMPLE_START + 30 * 60_000), "0.1.0")
    }

    fn message(result: Result<ImportBatch, ImportFailure>) -> String {
        result.expect_err("the import must be refused").to_string()
    }

    #[test]
    fn the_claimmark_golden_export_imports_exactly() {
        let batch = read(include_str!("../../../../tests/golden/export-v1.json")).unwrap();
        assert_eq!(batch.format, ImportedFormat::Claimmark);
        assert_eq!(batch.annotations, sample_session().annotations);
    }

    #[test]
    fn the_stored_format_imports_too() {
        let batch = read(include_str!("../../../../tests/golden/store-v1.json")).unwrap();
        assert_eq!(batch.format, ImportedFormat::ClaimmarkStore);
        assert_eq!(batch.annotations, sample_session().annotations);
    }

    #[test]
    fn the_w3c_golden_export_imports_losslessly() {
        let batch = read(include_str!("../../../../tests/golden/w3c-v1.jsonld")).unwrap();
        assert_eq!(batch.format, ImportedFormat::W3c);
        assert_eq!(batch.annotations, sample_session().annotations);
    }

    #[test]
    fn a_single_annotation_a_list_and_a_page_are_accepted() {
        let collection: Value = serde_json::from_str(&golden_w3c()).unwrap();
        let items = collection["first"]["items"].clone();
        let expected = sample_session().annotations;
        let single = read(&items[1].to_string()).unwrap();
        assert_eq!(single.annotations, vec![expected[1].clone()]);
        assert_eq!(read(&items.to_string()).unwrap().annotations, expected);
        let page = json!({"@context": ANNOTATION_CONTEXT, "type": "AnnotationPage", "items": items});
        assert_eq!(read(&page.to_string()).unwrap().annotations, expected);
    }

    #[test]
    fn annotations_from_other_tools_are_read() {
        // The W3C suite's example, with only a quote (Hypothesis-style) and
        // a position-only selector, times with an offset and a label as tag.
        let file = json!({
            "@context": ANNOTATION_CONTEXT,
            "type": "AnnotationCollection",
            "first": {"type": "AnnotationPage", "items": [
                {"id": "http://example.org/anno/1", "type": "Annotation", "motivation": "tagging",
                 "created": "2024-05-01T14:00:00+02:00",
                 "body": {"type": "TextualBody", "purpose": "tagging", "value": "Statistic"},
                 "target": {"source": "http://example.org/elsewhere", "selector":
                    {"type": "TextQuoteSelector", "exact": "nearly 30,000 people"}}},
                {"id": "http://example.org/anno/2", "type": "Annotation",
                 "bodyValue": "Check this",
                 "target": {"source": "https://example.com/china-daily/online-providers-help-sought",
                    "selector": {"type": "TextPositionSelector", "start": 0, "end": 6}}},
                {"id": "http://example.org/anno/3", "type": "Annotation",
                 "target": {"source": "http://example.org/elsewhere", "selector":
                    {"type": "TextQuoteSelector", "exact": "a sentence this article lacks"}}}
            ]}
        });
        let batch = read(&file.to_string()).unwrap();
        let [statistic, position_only, orphan] = &batch.annotations[..] else { panic!("three annotations") };
        assert_eq!(statistic.tags, vec![TagId("statistic".into())]);
        assert_eq!(statistic.range, CodePointRange { start: 284, end: 304 });
        assert_eq!(statistic.quote.prefix, "ncluding China, have found that ");
        assert_eq!(statistic.created, parse_iso8601("2024-05-01T12:00:00Z").unwrap());
        assert_eq!(statistic.modified, statistic.created);
        assert_eq!(statistic.id.as_str(), uuid_from_seed("http://example.org/anno/1"));
        assert_eq!(position_only.quote.exact, "Online");
        assert_eq!(position_only.note, "Check this");
        assert_eq!(position_only.created, now(), "no time in the file: stamped now");
        assert_eq!(orphan.anchor, AnchorStatus::Orphan);
        assert_eq!(orphan.quote.exact, "a sentence this article lacks");
        assert_eq!(read(&file.to_string()).unwrap(), batch, "ids are derived, so a second read is identical");
    }

    #[test]
    fn hypothesis_rows_are_read() {
        let file = json!({"total": 1, "rows": [{
            "id": "Zx81bLd0Ee", "created": "2024-05-01T12:00:00.123456+00:00", "updated": "2024-05-02T12:00:00+00:00",
            "uri": "https://example.com/other", "text": "Source?", "tags": ["quote", "Needs check"],
            "target": [{"source": "https://example.com/other", "selector": [
                {"type": "RangeSelector", "startContainer": "/p[1]"},
                {"type": "TextQuoteSelector", "exact": "互联互通 共享共治", "prefix": "motto, "}]}]
        }]});
        let batch = read(&file.to_string()).unwrap();
        let annotation = &batch.annotations[0];
        assert_eq!(annotation.tags, vec![TagId("quote".into()), TagId("Needs check".into())]);
        assert_eq!(annotation.note, "Source?");
        assert_eq!(annotation.range, CodePointRange { start: 409, end: 418 });
        assert!(annotation.modified > annotation.created);
    }

    #[test]
    fn bad_files_get_specific_messages() {
        assert_eq!(message(read("")), "The file is empty.");
        assert!(message(read("not json")).starts_with("The file is not valid JSON: "));
        assert!(message(read("{\"format\": \"claimmark\", \"version\": 1}")).contains("not a claimmark export"));
        let golden: Value = serde_json::from_str(include_str!("../../../../tests/golden/export-v1.json")).unwrap();
        let mut newer = golden.clone();
        newer["version"] = json!(2);
        assert!(message(read(&newer.to_string())).contains("format version 2"));
        let mut past_the_end = golden.clone();
        past_the_end["annotations"][2]["end"] = json!(9_999);
        assert!(message(read(&past_the_end.to_string()))
            .starts_with("Annotation number 3 in the file is invalid: it ends at character 9999, past the end"));
        let mut backwards = golden.clone();
        backwards["annotations"][0]["start"] = json!(40);
        assert!(message(read(&backwards.to_string())).contains("it starts at character 40 but ends earlier, at 29"));
        let mut mismatch = golden.clone();
        mismatch["annotations"][1]["quote"] = json!("1.73 billion cases of illegal online activity");
        assert!(message(read(&mismatch.to_string())).contains("does not match the article's text"));
        assert!(message(read("{\"format\": \"hypothesis\"}")).contains("its format is \"hypothesis\""));
        assert!(message(read("[1, 2]")).contains("not annotations claimmark can import"));
        assert!(message(read("42")).contains("not annotations"));
        assert_eq!(message(read("[]")), "The file holds no annotations.");
        assert!(message(read(&json!({"text": "x", "label": []}).to_string())).contains("doccano"));
    }

    #[test]
    fn bad_w3c_annotations_name_the_annotation_and_the_problem() {
        let collection: Value = serde_json::from_str(&golden_w3c()).unwrap();
        let with = |edit: &dyn Fn(&mut Value)| {
            let mut value = collection.clone();
            edit(&mut value);
            message(read(&value.to_string()))
        };
        let second = "/first/items/1";
        let set = |pointer: &str, new: Value| {
            let pointer = format!("{second}{pointer}");
            with(&move |value: &mut Value| *value.pointer_mut(&pointer).unwrap() = new.clone())
        };
        assert_eq!(
            with(&|value| {
                value["first"]["items"][1].as_object_mut().unwrap().remove("target");
            }),
            "Annotation number 2 in the file is invalid: it has no target."
        );
        assert!(set("/target/selector/1/start", json!(200)).contains("it starts at character 200 but ends earlier"));
        assert!(set("/target/selector/1/end", json!(100_000)).contains("past the end of the article"));
        assert!(set("/target/selector/0/exact", json!("1.73 billion cases")).contains("does not match"));
        assert!(set("/target/selector/1/start", json!(-1)).contains("its start has the wrong type"));
        assert!(set("/created", json!("yesterday")).contains("its created time \"yesterday\""));
        assert!(set("/target/selector", json!([])).contains("no TextQuoteSelector or TextPositionSelector"));
        assert!(set("/body/4/source", json!("javascript:alert(1)")).contains("is not an http: or https: address"));
        assert!(set("/id", json!("urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90a01")).contains("used by an earlier"));
        assert_eq!(
            with(&|value| value["first"] = json!("http://example.org/page/1")),
            "The collection's annotations are on a separate page (http://example.org/page/1) that the file only \
             links to; export the collection with its page embedded."
        );
    }

    #[test]
    fn a_file_for_another_article_is_refused_unless_some_quote_is_found() {
        let other = Article::new(
            sample_article().metadata,
            vec![(crate::article::model::BlockKind::Paragraph, "Nothing in common here at all.".to_string())],
        );
        assert!(read_import(&golden_w3c(), &other, &tags(), now()).is_ok(), "same address: orphans are kept");
        let mut anonymous = sample_session();
        let mut article = (*anonymous.article).clone();
        article.metadata.source_url = None;
        anonymous.article = Rc::new(article);
        let w3c = export_w3c(&anonymous, now());
        assert_eq!(read_import(&w3c, &other, &tags(), now()).unwrap_err(), ImportFailure::NothingMatches { count: 7 });
        let claimmark = export_json(&anonymous, now());
        assert!(message(read_import(&claimmark, &other, &tags(), now())).contains("belong to a different article"));

        let longer = Article::new(
            Default::default(),
            vec![(crate::article::model::BlockKind::Paragraph, "Intro. hall 🌐 in Wuzhen, café and more.".to_string())],
        );
        let batch = read_import(&claimmark, &longer, &tags(), now()).unwrap();
        let placed: Vec<_> = batch.annotations.iter().filter(|a| a.anchor != AnchorStatus::Orphan).collect();
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].range, CodePointRange { start: 7, end: 29 });
        assert_eq!(batch.annotations.len(), 7, "the rest are orphans, not dropped");
    }

    #[test]
    fn huge_and_deeply_nested_files_are_refused_clearly() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(read(&deep), Err(ImportFailure::TooDeep));
        assert!(ImportFailure::TooDeep.to_string().contains("more than 128 levels"));
        let deep_objects = "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000);
        assert_eq!(read(&deep_objects), Err(ImportFailure::TooDeep));
        let huge = " ".repeat(IMPORT_SIZE_LIMIT as usize + 1);
        assert_eq!(read(&huge), Err(ImportFailure::TooLarge { bytes: IMPORT_SIZE_LIMIT + 1 }));
        assert_eq!(
            ImportFailure::TooLarge { bytes: 52_428_800 }.to_string(),
            "The file is 50 MB; claimmark imports files of up to 10 MB."
        );
        assert_eq!(describe_size(1_500_000), "1.4 MB");
        assert_eq!(describe_size(2_000), "2 KB");
        assert_eq!(describe_size(1), "1 byte");
    }

    #[test]
    fn times_with_offsets_are_converted_to_utc() {
        assert_eq!(parse_time_with_offset("2024-05-01T12:00:00Z"), parse_iso8601("2024-05-01T12:00:00Z"));
        assert_eq!(parse_time_with_offset("2024-05-01T02:00:00-10:00"), parse_iso8601("2024-05-01T12:00:00Z"));
        assert_eq!(parse_time_with_offset("2024-05-01T12:00:00.5+05:30"), parse_iso8601("2024-05-01T06:30:00.500Z"));
        assert_eq!(parse_time_with_offset("2024-05-01T12:00:00+24:00"), None);
        assert_eq!(parse_time_with_offset("2024-05-01T12:00:00"), None);
        assert_eq!(parse_time_with_offset("2024-05-01T12:00:0北+01:00"), None);
        assert_eq!(parse_time_with_offset("北京"), None);
    }

    #[test]
    fn importing_through_the_session_merges_and_undoes_in_one_step() {
        let session = sample_session();
        let mut target = Session::new(session.article.clone());
        target.apply(Action::Create {
            id: crate::session::annotation::AnnotationId("00000000-0000-4000-8000-000000000009".into()),
            now: now(),
            range: CodePointRange { start: 0, end: 6 },
            tag: TagId("factual".into()),
        });
        let before = target.annotations.clone();
        let batch = read(&golden_w3c()).unwrap();
        let (expected, _) = merge_annotations(&before, &batch.annotations);
        target.apply(Action::Import { batch });
        assert_eq!(target.annotations, expected);
        assert_eq!(target.annotations.len(), 8);
        let record = target.last_import.clone().unwrap();
        assert_eq!(record.summary.to_string(), "7 imported, 0 duplicates skipped, 0 orphans");
        assert!(target.can_undo_import());
        target.apply(Action::UndoImport);
        assert_eq!(target.annotations, before);
        assert!(!target.can_undo_import());
    }

    proptest! {
        #[test]
        fn claimmark_and_w3c_round_trips_preserve_every_annotation(session in random_session(), at in 0_i64..4_000_000_000_000) {
            let article = session.article.clone();
            let claimmark = read_import(&export_json(&session, Timestamp(at)), &article, &session.tags, now()).unwrap();
            prop_assert_eq!(&claimmark.annotations, &session.annotations);
            let w3c = read_import(&export_w3c(&session, Timestamp(at)), &article, &session.tags, now());
            if session.annotations.is_empty() {
                prop_assert_eq!(w3c, Err(ImportFailure::NoAnnotations));
            } else {
                let w3c = w3c.unwrap();
                prop_assert_eq!(&w3c.annotations, &session.annotations);
                let mut again = Session::new(article.clone());
                again.apply(Action::Import { batch: w3c });
                prop_assert_eq!(export_w3c(&again, Timestamp(at)), export_w3c(&session, Timestamp(at)));
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(batch) = read(&text) {
                assert_batch_is_valid(&batch)?;
            }
        }

        #[test]
        fn arbitrary_json_values_never_panic(value in arbitrary_json()) {
            if let Ok(batch) = read(&value.to_string()) {
                assert_batch_is_valid(&batch)?;
            }
        }

        #[test]
        fn mutated_w3c_files_either_fail_or_give_a_valid_batch(
            pointer_index in 0_usize..400,
            replacement in arbitrary_json(),
        ) {
            let mut value: Value = serde_json::from_str(&golden_w3c()).unwrap();
            let pointers = leaf_pointers(&value);
            let pointer = &pointers[pointer_index % pointers.len()];
            *value.pointer_mut(pointer).unwrap() = replacement;
            if let Ok(batch) = read(&value.to_string()) {
                assert_batch_is_valid(&batch)?;
            }
        }
    }

    fn leaf_pointers(value: &Value) -> Vec<String> {
        let mut pointers = Vec::new();
        fn walk(value: &Value, path: String, pointers: &mut Vec<String>) {
            pointers.push(path.clone());
            match value {
                Value::Object(object) => {
                    for (key, child) in object {
                        walk(child, format!("{path}/{}", key.replace('~', "~0").replace('/', "~1")), pointers)
                    }
                }
                Value::Array(items) => {
                    for (index, child) in items.iter().enumerate() {
                        walk(child, format!("{path}/{index}"), pointers)
                    }
                }
                _ => {}
            }
        }
        walk(value, String::new(), &mut pointers);
        pointers.retain(|pointer| !pointer.is_empty());
        pointers
    }

    fn arbitrary_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|number| json!(number)),
            (0_u64..1_000).prop_map(|number| json!(number)),
            "[a-zA-Z:#/ 北😀-]{0,12}".prop_map(Value::String),
            prop_oneof![
                Just("urn:uuid:x"),
                Just("TextQuoteSelector"),
                Just("TextPositionSelector"),
                Just("AnnotationCollection"),
                Just("tagging"),
                Just("claimmark"),
                Just(ANNOTATION_CONTEXT)
            ]
            .prop_map(|text| Value::String(text.to_string())),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(
                    prop_oneof![
                        Just("type".to_string()),
                        Just("target".to_string()),
                        Just("selector".to_string()),
                        Just("exact".to_string()),
                        Just("start".to_string()),
                        Just("end".to_string()),
                        Just("items".to_string()),
                        Just("first".to_string()),
                        Just("body".to_string()),
                        Just("format".to_string()),
                        Just("version".to_string()),
                        "[a-z]{1,6}",
                    ],
                    inner,
                    0..6
                )
                .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    /// What every batch must satisfy, checked independently of the reader.
    fn assert_batch_is_valid(batch: &ImportBatch) -> Result<(), TestCaseError> {
        let article = sample_article();
        let mut ids = HashSet::new();
        for annotation in &batch.annotations {
            prop_assert!(!annotation.id.as_str().is_empty());
            prop_assert!(ids.insert(annotation.id.clone()), "ids are unique");
            prop_assert!(annotation.range.start < annotation.range.end);
            prop_assert!(annotation.tags.iter().all(|tag| !tag.as_str().is_empty()));
            if annotation.anchor != AnchorStatus::Orphan {
                prop_assert!(annotation.range.end <= article.len());
                prop_assert_eq!(
                    slice_code_points(article.canonical_text(), annotation.range.start, annotation.range.end),
                    annotation.quote.exact.as_str()
                );
            }
        }
        Ok(())
    }
}
