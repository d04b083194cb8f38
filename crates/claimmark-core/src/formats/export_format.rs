//! The export formats the export menu offers, with their names, file
//! extensions, media types and file names, and the one call that renders a
//! session in any of them.
//!
//! The formats themselves are [`crate::formats::claimmark`] (the native,
//! lossless default), [`crate::formats::w3c`], [`crate::formats::doccano`],
//! [`crate::formats::csv`] and [`crate::formats::claim_review`].

use crate::article::model::Article;
use crate::formats::claimmark::export_json;
use crate::formats::{claim_review, csv, doccano, w3c};
use crate::session::reducer::Session;
use crate::time::{format_date, Timestamp};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{sample_article, sample_session, SAMPLE_START};

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
}
