//! Interchange: the formats claimmark writes for other tools, and reading
//! annotations back in.
//!
//! Exports ([`ExportFormat`]): the native claimmark JSON (lossless, the
//! default, written by [`crate::core::export`]), W3C Web Annotation JSON-LD
//! ([`w3c`]), doccano JSONL ([`doccano`]), CSV ([`csv`]) and schema.org
//! ClaimReview JSON-LD ([`claim_review`]). Imports ([`import`]) read
//! claimmark files and W3C Web Annotation files into a validated
//! [`merge::ImportBatch`], which the session merges in one step
//! ([`merge::merge_annotations`]).
//!
//! This module turns sessions into strings and strings into annotations. It
//! knows nothing of files, downloads, the clipboard or the clock: the
//! browser layer reads and writes the bytes and passes the time in.

pub mod claim_review;
pub mod csv;
pub mod doccano;
pub mod import;
pub mod merge;
pub mod w3c;

use sha2::{Digest, Sha256};

use crate::core::annotation::Timestamp;
use crate::core::article::Article;
use crate::core::export::export_json;
use crate::core::session::Session;
use crate::core::time::format_date;

/// Every format claimmark exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// claimmark JSON: the native, lossless format, and the default.
    Claimmark,
    /// A W3C Web Annotation `AnnotationCollection` in JSON-LD.
    W3c,
    /// One doccano JSONL line for the article, labels in code points.
    Doccano,
    /// RFC 4180 CSV, one row per annotation.
    Csv,
    /// schema.org ClaimReview JSON-LD, one per annotation with a verdict.
    ClaimReview,
}

impl ExportFormat {
    /// Every format, in the order the export menu lists them.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Claimmark,
        ExportFormat::W3c,
        ExportFormat::Doccano,
        ExportFormat::Csv,
        ExportFormat::ClaimReview,
    ];

    /// A stable identifier, used in the DOM (`data-export-format`).
    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::Claimmark => "claimmark",
            ExportFormat::W3c => "w3c",
            ExportFormat::Doccano => "doccano",
            ExportFormat::Csv => "csv",
            ExportFormat::ClaimReview => "claimreview",
        }
    }

    /// What the menu calls it.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Claimmark => "claimmark JSON",
            ExportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ExportFormat::Doccano => "doccano JSONL",
            ExportFormat::Csv => "CSV (spreadsheet)",
            ExportFormat::ClaimReview => "ClaimReview (schema.org JSON-LD)",
        }
    }

    /// One line on what the format keeps, for the menu.
    pub fn description(self) -> &'static str {
        match self {
            ExportFormat::Claimmark => "Everything, re-importable. The default.",
            ExportFormat::W3c => "Hypothesis, Recogito and other W3C tools. Re-importable.",
            ExportFormat::Doccano => "Span labels for dataset building; tagged, placed highlights only.",
            ExportFormat::Csv => "One row per highlight, for LibreOffice or Excel.",
            ExportFormat::ClaimReview => "Fact-check markup for highlights with a verdict.",
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Claimmark => "json",
            ExportFormat::W3c | ExportFormat::ClaimReview => "jsonld",
            ExportFormat::Doccano => "jsonl",
            ExportFormat::Csv => "csv",
        }
    }

    /// The media type of the file.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Claimmark => "application/json",
            ExportFormat::W3c => "application/ld+json;profile=\"http://www.w3.org/ns/anno.jsonld\"",
            ExportFormat::ClaimReview => "application/ld+json",
            ExportFormat::Doccano => "application/jsonl",
            ExportFormat::Csv => "text/csv;charset=utf-8",
        }
    }

    /// The file's text for `session`, exported at `exported_at`.
    pub fn render(self, session: &Session, exported_at: Timestamp) -> String {
        match self {
            ExportFormat::Claimmark => export_json(session, exported_at),
            ExportFormat::W3c => w3c::export_w3c(session, exported_at),
            ExportFormat::Doccano => doccano::export_doccano(session),
            ExportFormat::Csv => csv::export_csv(session),
            ExportFormat::ClaimReview => claim_review::export_claim_review(session),
        }
    }

    /// `claimmark-<slug>-<yyyy-mm-dd>.<extension>`, dated in UTC.
    pub fn file_name(self, article: &Article, exported_at: Timestamp) -> String {
        format!("claimmark-{}-{}.{}", article.slug(), format_date(exported_at), self.extension())
    }

    /// How many annotations of `session` the format carries, when it leaves
    /// some out (doccano drops untagged and orphaned highlights, ClaimReview
    /// those without a verdict); `None` when it carries all of them.
    pub fn carried_count(self, session: &Session) -> Option<usize> {
        match self {
            ExportFormat::Doccano => Some(doccano::exported_annotations(session).count()),
            ExportFormat::ClaimReview => Some(claim_review::reviewed_annotations(session).count()),
            ExportFormat::Claimmark | ExportFormat::W3c | ExportFormat::Csv => None,
        }
    }
}

/// The IRI other tools should know the article by: its address when known,
/// otherwise `urn:sha256:<hex>` of its canonical text.
pub fn article_source_iri(article: &Article) -> String {
    match &article.metadata.source_url {
        Some(url) if !url.trim().is_empty() => url.clone(),
        _ => article_hash_iri(article),
    }
}

/// `urn:sha256:<hex>` of the article's canonical text.
pub fn article_hash_iri(article: &Article) -> String {
    format!("urn:sha256:{}", article.id.trim_start_matches("sha256:"))
}

/// A UUID in version-4 layout derived from `seed` by SHA-256: the same seed
/// always gives the same id, so re-importing a file recognises its
/// annotations, and the core never needs a random number.
pub fn uuid_from_seed(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::persist::tests::{sample_article, sample_session, SAMPLE_START};

    #[test]
    fn file_names_follow_the_pattern_for_every_format() {
        let article = sample_article();
        let names: Vec<String> =
            ExportFormat::ALL.iter().map(|format| format.file_name(&article, Timestamp(SAMPLE_START))).collect();
        assert_eq!(
            names,
            [
                "claimmark-online-providers-help-sought-2026-11-28.json",
                "claimmark-online-providers-help-sought-2026-11-28.jsonld",
                "claimmark-online-providers-help-sought-2026-11-28.jsonl",
                "claimmark-online-providers-help-sought-2026-11-28.csv",
                "claimmark-online-providers-help-sought-2026-11-28.jsonld",
            ]
        );
    }

    #[test]
    fn the_claimmark_format_is_the_native_export() {
        let session = sample_session();
        assert_eq!(ExportFormat::Claimmark.render(&session, Timestamp(0)), export_json(&session, Timestamp(0)));
        assert_eq!(ExportFormat::ALL[0], ExportFormat::Claimmark, "the default comes first");
    }

    #[test]
    fn carried_counts_say_what_lossy_formats_leave_out() {
        let session = sample_session();
        assert_eq!(ExportFormat::Csv.carried_count(&session), None);
        assert_eq!(ExportFormat::Doccano.carried_count(&session), Some(6), "the untagged highlight is left out");
        assert_eq!(ExportFormat::ClaimReview.carried_count(&session), Some(1));
    }

    #[test]
    fn the_source_is_the_address_or_the_text_hash() {
        let article = sample_article();
        assert_eq!(article_source_iri(&article), "https://example.com/china-daily/online-providers-help-sought");
        let mut anonymous = article.clone();
        anonymous.metadata.source_url = None;
        assert_eq!(article_source_iri(&anonymous), format!("urn:sha256:{}", &article.id[7..]));
        assert_eq!(article_source_iri(&anonymous).len(), "urn:sha256:".len() + 64);
    }

    #[test]
    fn seeded_uuids_are_stable_version_4_layouts() {
        let first = uuid_from_seed("http://example.org/anno/1");
        assert_eq!(first, uuid_from_seed("http://example.org/anno/1"));
        assert_ne!(first, uuid_from_seed("http://example.org/anno/2"));
        assert_eq!(first.len(), 36);
        assert_eq!(&first[14..15], "4");
        assert!(matches!(&first[19..20], "8" | "9" | "a" | "b"));
        assert!(first.chars().all(|character| character == '-' || character.is_ascii_hexdigit()));
    }
}
