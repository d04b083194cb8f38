//! The claimmark JSON export format, version 1.
//!
//! An export is a self-describing file a fact-checker downloads or copies:
//! the article's metadata and length, the tag definitions, and every
//! annotation with its code-point offsets, quote, context, tags and note.
//! The document has its own serde types ([`ExportDocument`] and friends),
//! separate from the in-memory model, so the file format changes only when
//! this module says so; `tests/golden/export-v1.json` pins version 1 byte for
//! byte.
//!
//! Reading an export back ([`parse_export`], then [`annotations_from_export`])
//! applies the same per-annotation rules as the stored format
//! ([`AnnotationProblem`]) and never panics.
//!
//! This module knows nothing of downloads, the clipboard or the clock: the
//! browser layer passes the time in and writes the string out.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::session::annotation::{AnchorStatus, Annotation, AnnotationKind, ClaimDetails, Origin};

use crate::article::model::Article;
use crate::session::reducer::Session;
use crate::storage::persist::{check_annotations, AnnotationProblem, UncheckedAnnotation};
use crate::time::Timestamp;
use crate::time::{format_date, format_iso8601, parse_iso8601};

/// The `format` value of an export.
pub const EXPORT_FORMAT_NAME: &str = "claimmark";

/// The export format version this build writes and reads.
pub const EXPORT_FORMAT_VERSION: u32 = 1;

/// A claimmark export, field for field as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportDocument {
    /// Always `"claimmark"`.
    pub format: String,
    /// The export format version, [`EXPORT_FORMAT_VERSION`].
    pub version: u32,
    /// When the export was made, ISO 8601 UTC with milliseconds.
    pub exported_at: String,
    /// The program that wrote the file.
    pub generator: ExportGenerator,
    /// The annotated article.
    pub article: ExportArticle,
    /// The tag definitions the session offered, in display order.
    pub tags: Vec<ExportTag>,
    /// The annotations in document order.
    pub annotations: Vec<ExportAnnotation>,
}

/// The program that wrote an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportGenerator {
    /// Always `"claimmark"` when claimmark wrote the file.
    pub name: String,
    /// The writer's version (claimmark's crate version).
    pub version: String,
}

/// The annotated article, as an export describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportArticle {
    /// `sha256:` plus the hex SHA-256 of the canonical text.
    pub id: String,
    /// The headline.
    pub title: String,
    /// Who wrote it, as printed.
    pub byline: Option<String>,
    /// Where it was written from.
    pub dateline: Option<String>,
    /// The publication.
    pub outlet: Option<String>,
    /// Publication date, `yyyy-mm-dd`.
    pub published: Option<String>,
    /// The article's address.
    pub source: Option<String>,
    /// Length of the canonical text in code points.
    pub length: u64,
    /// True when the user marked the whole article as reviewed, so spans
    /// without an annotation are known negatives. Read as false when absent.
    #[serde(rename = "fullyReviewed", default)]
    pub fully_reviewed: bool,
}

/// One tag definition in an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportTag {
    /// Stable identifier, as used in the annotations' `tags`.
    pub id: String,
    /// What the user saw.
    pub label: String,
    /// Highlight colour, `#rrggbb`.
    pub color: String,
    /// The key that applied the tag, as a one-character string.
    pub hotkey: Option<String>,
}

/// One annotation in an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportAnnotation {
    /// The annotation's UUID.
    pub id: String,
    /// When it was made, ISO 8601 UTC.
    pub created: String,
    /// When it last changed, ISO 8601 UTC.
    pub modified: String,
    /// The highlighted text: the canonical text between `start` and `end`.
    pub quote: String,
    /// First code point of the highlight in the canonical text.
    pub start: u64,
    /// One past the last code point of the highlight.
    pub end: u64,
    /// Up to 32 code points just before the quote.
    #[serde(default)]
    pub prefix: String,
    /// Up to 32 code points just after the quote.
    #[serde(default)]
    pub suffix: String,
    /// Tag ids in the order they were added; may be empty.
    pub tags: Vec<String>,
    /// The note; empty when there is none.
    #[serde(default)]
    pub note: String,
    /// Verdict (`unverified`, `true`, `mostly-true`, `half-true`,
    /// `misleading`, `false`, `unproven`), claimant, evidence links and the
    /// date the claim was checked.
    #[serde(default)]
    pub claim: ClaimDetails,
    /// `claim`, or `not-a-claim` for a span reviewed as not being a claim.
    #[serde(default)]
    pub kind: AnnotationKind,
    /// `{"kind": "manual"}`, or `{"kind": "suggested", "scorePermille": …,
    /// "modelVersion": …}` for an accepted suggestion.
    #[serde(default)]
    pub origin: Origin,
    /// `{"status": "anchored"}`, `{"status": "fuzzy", "scorePercent": …}` or
    /// `{"status": "orphan"}`: how the selectors were last placed.
    #[serde(default)]
    pub anchor: AnchorStatus,
}

impl ExportDocument {
    /// The document as pretty-printed JSON (two-space indent) ending in a
    /// newline, ready to save as a file.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("an export holds only strings, numbers and lists");
        json.push('\n');
        json
    }
}

/// Builds the export of `session`, stamped with `exported_at`.
pub fn export_document(session: &Session, exported_at: Timestamp) -> ExportDocument {
    let article = &session.article;
    let metadata = &article.metadata;
    ExportDocument {
        format: EXPORT_FORMAT_NAME.to_string(),
        version: EXPORT_FORMAT_VERSION,
        exported_at: format_iso8601(exported_at),
        generator: ExportGenerator { name: "claimmark".to_string(), version: env!("CARGO_PKG_VERSION").to_string() },
        article: ExportArticle {
            id: article.id.clone(),
            title: metadata.title.clone(),
            byline: metadata.byline.clone(),
            dateline: metadata.dateline.clone(),
            outlet: metadata.outlet.clone(),
            published: metadata.published.clone(),
            source: metadata.source_url.clone(),
            length: article.len() as u64,
            fully_reviewed: session.fully_reviewed,
        },
        tags: session
            .tags
            .tags
            .iter()
            .map(|tag| ExportTag {
                id: tag.id.as_str().to_string(),
                label: tag.label.clone(),
                color: tag.color.clone(),
                hotkey: tag.hotkey.map(String::from),
            })
            .collect(),
        annotations: session.annotations.iter().map(export_annotation).collect(),
    }
}

/// The export of `session` as the text of a `.json` file.
pub fn export_json(session: &Session, exported_at: Timestamp) -> String {
    export_document(session, exported_at).to_json()
}

/// `claimmark-<article slug>-<yyyy-mm-dd>.json`, dated in UTC.
pub fn export_file_name(article: &Article, exported_at: Timestamp) -> String {
    format!("claimmark-{}-{}.json", article.slug(), format_date(exported_at))
}

/// Reads an export and checks everything that does not need the article:
/// the format name and version, the shape, the timestamps, and each
/// annotation's id, range and tags. Never panics.
pub fn parse_export(json: &str) -> Result<ExportDocument, ImportError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|error| ImportError::NotJson(error.to_string()))?;
    let peeked = FormatPeek::deserialize(&value).map_err(|_| ImportError::WrongFormat)?;
    if peeked.format != EXPORT_FORMAT_NAME {
        return Err(ImportError::WrongFormat);
    }
    if peeked.version != u64::from(EXPORT_FORMAT_VERSION) {
        return Err(ImportError::UnsupportedVersion { found: u32::try_from(peeked.version).unwrap_or(u32::MAX) });
    }
    let document = ExportDocument::deserialize(&value).map_err(|_| ImportError::WrongFormat)?;
    if parse_iso8601(&document.exported_at).is_none() {
        return Err(ImportError::WrongFormat);
    }
    check_annotations(document.annotations.iter().map(unchecked), None)
        .map_err(|(index, reason)| ImportError::InvalidAnnotation { index, reason })?;
    Ok(document)
}

/// The annotations of `document`, checked against `article`: the export must
/// be of this article, every range must lie inside it and every quote must
/// equal the article's text at its range.
pub fn annotations_from_export(document: &ExportDocument, article: &Article) -> Result<Vec<Annotation>, ImportError> {
    if document.format != EXPORT_FORMAT_NAME {
        return Err(ImportError::WrongFormat);
    }
    if document.version != EXPORT_FORMAT_VERSION {
        return Err(ImportError::UnsupportedVersion { found: document.version });
    }
    if document.article.id != article.id {
        return Err(ImportError::WrongArticle { expected: article.id.clone(), found: document.article.id.clone() });
    }
    check_annotations(document.annotations.iter().map(unchecked), Some(article))
        .map_err(|(index, reason)| ImportError::InvalidAnnotation { index, reason })
}

/// Why an export could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The file is not JSON at all; carries the parser's message.
    NotJson(String),
    /// The file is JSON but not a claimmark export: another format name, a
    /// missing field, a field of the wrong type, or a bad `exportedAt`.
    WrongFormat,
    /// The file is a claimmark export in a version this build cannot read.
    UnsupportedVersion {
        /// The version in the file (`u32::MAX` if larger still).
        found: u32,
    },
    /// The export was made on a different article.
    WrongArticle {
        /// The id of the article open now.
        expected: String,
        /// The article id the export names.
        found: String,
    },
    /// One annotation in the file is unacceptable, so none is imported.
    InvalidAnnotation {
        /// Position of the annotation in the file's list, from 0.
        index: usize,
        /// What is wrong with it.
        reason: AnnotationProblem,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotJson(detail) => write!(formatter, "The file is not valid JSON: {detail}."),
            ImportError::WrongFormat => {
                write!(formatter, "The file is not a claimmark export, or parts of it are missing.")
            }
            ImportError::UnsupportedVersion { found } => write!(
                formatter,
                "The file is a claimmark export in format version {found}; this version of claimmark reads \
                 version {EXPORT_FORMAT_VERSION}."
            ),
            ImportError::WrongArticle { expected, found } => write!(
                formatter,
                "The file's annotations belong to a different article ({found}), not to this one ({expected})."
            ),
            ImportError::InvalidAnnotation { index, reason } => {
                write!(formatter, "Annotation number {} in the file is invalid: {reason}.", index + 1)
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// Just enough of any JSON value to tell whether it is a claimmark export
/// and which version, read before the full shape.
#[derive(Deserialize)]
struct FormatPeek {
    format: String,
    version: u64,
}

fn export_annotation(annotation: &Annotation) -> ExportAnnotation {
    ExportAnnotation {
        id: annotation.id.as_str().to_string(),
        created: format_iso8601(annotation.created),
        modified: format_iso8601(annotation.modified),
        quote: annotation.quote.exact.clone(),
        start: annotation.range.start as u64,
        end: annotation.range.end as u64,
        prefix: annotation.quote.prefix.clone(),
        suffix: annotation.quote.suffix.clone(),
        tags: annotation.tags.iter().map(|tag| tag.as_str().to_string()).collect(),
        note: annotation.note.clone(),
        claim: annotation.claim.clone(),
        kind: annotation.kind,
        origin: annotation.origin.clone(),
        anchor: annotation.anchor,
    }
}

fn unchecked(annotation: &ExportAnnotation) -> UncheckedAnnotation<'_> {
    UncheckedAnnotation {
        id: &annotation.id,
        created: &annotation.created,
        modified: &annotation.modified,
        start: annotation.start,
        end: annotation.end,
        exact: &annotation.quote,
        prefix: &annotation.prefix,
        suffix: &annotation.suffix,
        tags: &annotation.tags,
        note: &annotation.note,
        claim: &annotation.claim,
        kind: annotation.kind,
        origin: &annotation.origin,
        anchor: annotation.anchor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::test_support::{check_golden, random_session, sample_article, sample_session, SAMPLE_START};
    use proptest::prelude::*;
    use serde_json::{json, Value};

    const EXPORT_GOLDEN: &str = include_str!("../../../../tests/golden/export-v1.json");

    /// The golden file pins the generator version so that releasing a new
    /// crate version does not change it.
    const GOLDEN_GENERATOR_VERSION: &str = "0.1.0";

    fn exported_at() -> Timestamp {
        Timestamp(SAMPLE_START + 30 * 60_000)
    }

    fn golden_document() -> ExportDocument {
        let mut document = export_document(&sample_session(), exported_at());
        document.generator.version = GOLDEN_GENERATOR_VERSION.to_string();
        document
    }

    #[test]
    fn the_generator_is_this_crate() {
        let document = export_document(&sample_session(), exported_at());
        assert_eq!(
            document.generator,
            ExportGenerator { name: "claimmark".into(), version: env!("CARGO_PKG_VERSION").into() }
        );
    }

    #[test]
    fn exporting_the_sample_session_reproduces_the_golden_file_byte_for_byte() {
        check_golden("tests/golden/export-v1.json", EXPORT_GOLDEN, &golden_document().to_json());
    }

    #[test]
    fn export_json_is_the_pretty_printed_document() {
        let session = sample_session();
        let json = export_json(&session, exported_at());
        assert_eq!(json, export_document(&session, exported_at()).to_json());
        assert!(json.starts_with(
            "{\n  \"format\": \"claimmark\",\n  \"version\": 1,\n  \"exportedAt\": \"2026-11-28T10:30:00.000Z\",\n"
        ));
        assert!(json.ends_with("}\n") && !json.ends_with("\n\n"));
    }

    #[test]
    fn the_golden_file_reads_back_to_the_sample_annotations() {
        let document = parse_export(EXPORT_GOLDEN).unwrap();
        assert_eq!(document, golden_document());
        let annotations = annotations_from_export(&document, &sample_article()).unwrap();
        assert_eq!(annotations, sample_session().annotations);
    }

    #[test]
    fn the_golden_file_has_the_documented_shape() {
        let value: Value = serde_json::from_str(EXPORT_GOLDEN).unwrap();
        let article = sample_article();
        assert_eq!(value["format"], "claimmark");
        assert_eq!(value["generator"], json!({"name": "claimmark", "version": GOLDEN_GENERATOR_VERSION}));
        assert_eq!(value["article"]["id"], article.id.as_str());
        assert_eq!(value["article"]["length"], article.len());
        assert_eq!(value["article"]["published"], "2015-12-17");
        assert_eq!(value["article"]["source"], "https://example.com/china-daily/online-providers-help-sought");
        assert_eq!(
            value["tags"][0],
            json!({"id": "statistic", "label": "Statistic", "color": "#eedd88", "hotkey": "1"})
        );
        // The eight default claim types, then the legacy tag the sample's annotations use.
        assert_eq!(value["tags"].as_array().unwrap().len(), 9);
        assert_eq!(
            value["tags"][8],
            json!({"id": "factual", "label": "Factual claim", "color": "#9fd3f5", "hotkey": null})
        );
        let emoji = value["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|annotation| annotation["quote"] == "hall 🌐 in Wuzhen, café")
            .unwrap();
        let text: Vec<char> = article.canonical_text().chars().collect();
        let start = emoji["start"].as_u64().unwrap() as usize;
        let end = emoji["end"].as_u64().unwrap() as usize;
        assert_eq!(end - start, 22, "offsets count code points, not UTF-16 units or bytes");
        assert_eq!(text[start..end].iter().collect::<String>(), "hall 🌐 in Wuzhen, café");
        assert_eq!(emoji["tags"], json!([]));
        assert_eq!(emoji["note"], "");
        let emoji_as_written = r#"    {
      "id": "7c9e6679-7425-40de-944b-e07fc1f90a07",
      "created": "2026-11-28T10:06:00.000Z",
      "modified": "2026-11-28T10:13:00.000Z",
      "quote": "hall 🌐 in Wuzhen, café",
      "start": 434,
      "end": 456,
      "prefix": "motto, 互联互通 共享共治, hung over the ",
      "suffix": "-side.",
      "tags": [],
      "note": "",
      "claim": {
        "verdict": "unverified",
        "claimant": "",
        "evidence": [],
        "checked": null
      },
      "kind": "claim",
      "origin": {
        "kind": "manual"
      },
      "anchor": {
        "status": "anchored"
      }
    }"#;
        assert!(EXPORT_GOLDEN.contains(emoji_as_written), "fields are written in the documented order");
    }

    #[test]
    fn articles_without_metadata_export_nulls() {
        let article = Article::new(ArticleMetadata::default(), vec![(BlockKind::Paragraph, "Plain text.".to_string())]);
        let session = Session::new(std::rc::Rc::new(article));
        let value: Value = serde_json::from_str(&export_json(&session, Timestamp(0))).unwrap();
        assert_eq!(value["article"]["byline"], Value::Null);
        assert_eq!(value["article"]["source"], Value::Null);
        assert_eq!(value["article"]["title"], "");
        assert_eq!(value["annotations"], json!([]));
        assert_eq!(value["exportedAt"], "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn file_names_carry_the_slug_and_the_utc_date() {
        assert_eq!(
            export_file_name(&sample_article(), Timestamp(SAMPLE_START)),
            "claimmark-online-providers-help-sought-2026-11-28.json"
        );
        let untitled = Article::new(ArticleMetadata::default(), vec![(BlockKind::Paragraph, "x".to_string())]);
        assert_eq!(export_file_name(&untitled, Timestamp(-1)), "claimmark-article-1969-12-31.json");
    }

    #[test]
    fn parse_reports_what_is_wrong() {
        let golden: Value = serde_json::from_str(EXPORT_GOLDEN).unwrap();
        let with = |edit: &dyn Fn(&mut Value)| {
            let mut value = golden.clone();
            edit(&mut value);
            parse_export(&value.to_string())
        };
        assert!(matches!(parse_export("not json"), Err(ImportError::NotJson(_))));
        assert!(parse_export("").unwrap_err().to_string().starts_with("The file is not valid JSON: "));
        assert_eq!(parse_export("{}"), Err(ImportError::WrongFormat));
        assert_eq!(with(&|value| value["format"] = json!("claimmark-store")), Err(ImportError::WrongFormat));
        assert_eq!(with(&|value| value["exportedAt"] = json!("2026-11-28")), Err(ImportError::WrongFormat));
        assert_eq!(with(&|value| value["article"]["length"] = json!("long")), Err(ImportError::WrongFormat));
        assert_eq!(
            with(&|value| {
                value.as_object_mut().unwrap().remove("tags");
            }),
            Err(ImportError::WrongFormat)
        );
        assert_eq!(with(&|value| value["version"] = json!(2)), Err(ImportError::UnsupportedVersion { found: 2 }));
        assert_eq!(with(&|value| value["version"] = json!(0)), Err(ImportError::UnsupportedVersion { found: 0 }));
        assert!(ImportError::UnsupportedVersion { found: 2 }.to_string().contains("format version 2"));
        assert_eq!(
            with(&|value| value["annotations"][3]["created"] = json!("soon")),
            Err(ImportError::InvalidAnnotation {
                index: 3,
                reason: AnnotationProblem::BadTimestamp { field: "created", value: "soon".into() }
            })
        );
        assert_eq!(
            with(&|value| {
                let first_id = value["annotations"][0]["id"].clone();
                value["annotations"][2]["id"] = first_id;
            }),
            Err(ImportError::InvalidAnnotation {
                index: 2,
                reason: AnnotationProblem::DuplicateId(golden["annotations"][0]["id"].as_str().unwrap().into())
            })
        );
    }

    #[test]
    fn missing_prefix_suffix_and_note_read_as_empty() {
        let mut value: Value = serde_json::from_str(EXPORT_GOLDEN).unwrap();
        for annotation in value["annotations"].as_array_mut().unwrap() {
            let object = annotation.as_object_mut().unwrap();
            object.remove("prefix");
            object.remove("suffix");
            object.remove("note");
        }
        let document = parse_export(&value.to_string()).unwrap();
        let annotations = annotations_from_export(&document, &sample_article()).unwrap();
        assert!(annotations.iter().all(|annotation| annotation.note.is_empty() && annotation.quote.prefix.is_empty()));
        assert_eq!(annotations.len(), sample_session().annotations.len());
    }

    #[test]
    fn annotations_are_checked_against_the_article() {
        let article = sample_article();
        let mut document = golden_document();
        document.annotations[1].quote = "1.73 billion cases of illegal online activity".into();
        let error = annotations_from_export(&document, &article).unwrap_err();
        assert!(matches!(
            error,
            ImportError::InvalidAnnotation { index: 1, reason: AnnotationProblem::QuoteMismatch { .. } }
        ));
        assert!(error.to_string().starts_with("Annotation number 2 in the file is invalid: its quote "));

        let mut document = golden_document();
        document.annotations[4].end = article.len() as u64 + 5;
        assert_eq!(
            annotations_from_export(&document, &article),
            Err(ImportError::InvalidAnnotation {
                index: 4,
                reason: AnnotationProblem::PastTheEnd { end: article.len() as u64 + 5, article_length: article.len() }
            })
        );

        let other = Article::new(ArticleMetadata::default(), vec![(BlockKind::Paragraph, "abc".to_string())]);
        let error = annotations_from_export(&golden_document(), &other).unwrap_err();
        assert_eq!(error, ImportError::WrongArticle { expected: other.id.clone(), found: article.id.clone() });
        assert!(error.to_string().contains("different article"));
    }

    #[test]
    fn the_format_documentation_quotes_the_golden_files() {
        let documentation = include_str!("../../../../docs/format.md");
        assert!(
            documentation.contains(EXPORT_GOLDEN),
            "docs/format.md must quote tests/golden/export-v1.json verbatim as its full example"
        );
        let store_example = documentation
            .split("```json\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("docs/format.md has a stored-format example");
        let mut expected: Value = serde_json::from_str(include_str!("../../../../tests/golden/store-v1.json")).unwrap();
        expected["annotations"].as_array_mut().unwrap().truncate(2);
        assert_eq!(serde_json::from_str::<Value>(store_example).unwrap(), expected);
    }

    proptest! {
        #[test]
        fn export_then_import_preserves_every_annotation(session in random_session(), at in 0_i64..4_000_000_000_000) {
            let json = export_json(&session, Timestamp(at));
            let document = parse_export(&json).unwrap();
            prop_assert_eq!(document.article.length, session.article.len() as u64);
            prop_assert_eq!(&document.exported_at, &format_iso8601(Timestamp(at)));
            let annotations = annotations_from_export(&document, &session.article).unwrap();
            prop_assert_eq!(&annotations, &session.annotations);
            for (exported, annotation) in document.annotations.iter().zip(&session.annotations) {
                prop_assert_eq!(exported.start as usize, annotation.range.start);
                prop_assert_eq!(exported.end as usize, annotation.range.end);
                prop_assert_eq!(&exported.note, &annotation.note);
            }
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(raw in "\\PC{0,80}") {
            prop_assert!(parse_export(&raw).is_err());
        }
    }
}
