//! Merging imported annotations into a session's, and undoing that.
//!
//! An import is validated completely first (into an [`ImportBatch`]), then
//! merged in one step by [`merge_annotations`]: an annotation whose id is
//! already present replaces it only when it was modified later; a new id
//! with the same span, quote and tags as an annotation already present (or
//! earlier in the same batch) is a duplicate and is skipped. Nothing present
//! is ever removed. The [`ImportRecord`] keeps the list from before, so the
//! whole import can be undone in one step.
//!
//! This module knows nothing of files, formats or the browser.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use crate::session::annotation::document_order;
use crate::session::annotation::{AnchorStatus, Annotation};

/// Which format a batch was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportedFormat {
    /// A claimmark export.
    Claimmark,
    /// claimmark's stored format (a value saved from localStorage).
    ClaimmarkStore,
    /// W3C Web Annotation JSON (one annotation, a list, a page or a collection).
    W3c,
}

impl ImportedFormat {
    /// How the summary names the format.
    pub fn label(self) -> &'static str {
        match self {
            ImportedFormat::Claimmark => "claimmark JSON",
            ImportedFormat::ClaimmarkStore => "claimmark saved data",
            ImportedFormat::W3c => "W3C Web Annotation",
        }
    }
}

/// Annotations read from a file, every one of them validated and placed on
/// the current article (or marked as an orphan).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportBatch {
    /// The format the file was in.
    pub format: ImportedFormat,
    /// The annotations, in the file's order.
    pub annotations: Vec<Annotation>,
    /// The tag definitions the file carried (a claimmark export's), so a
    /// tag the session lacks arrives with its label and colour.
    pub tag_definitions: Vec<crate::session::tags::TagDefinition>,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Annotations added or updated.
    pub imported: usize,
    /// Of those, how many replaced an older copy with the same id.
    pub updated: usize,
    /// Annotations skipped because the session already had them (same id
    /// and not newer, or the same span, quote and tags under another id).
    pub duplicates: usize,
    /// Imported annotations whose quote could not be found in the article.
    pub orphans: usize,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        write!(formatter, "{} imported", self.imported)?;
        if self.updated > 0 {
            write!(formatter, " ({} an older copy)", plural(self.updated, "replaces", "replace"))?;
        }
        write!(
            formatter,
            ", {} skipped, {}",
            plural(self.duplicates, "duplicate", "duplicates"),
            plural(self.orphans, "orphan", "orphans")
        )
    }
}

/// The last import, kept so it can be undone in one step.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRecord {
    /// The annotations exactly as they were before the import.
    pub previous: Vec<Annotation>,
    /// The session's revision right after the import; undo is offered only
    /// while nothing else has changed since.
    pub revision_after: u64,
    /// What the import did.
    pub summary: ImportSummary,
    /// The format the file was in.
    pub format: ImportedFormat,
}

/// Same span, same quote, same tags (in any order).
fn duplicate_key(annotation: &Annotation) -> (usize, usize, String, BTreeSet<String>) {
    (
        annotation.range.start,
        annotation.range.end,
        annotation.quote.exact.clone(),
        annotation.tags.iter().map(|tag| tag.as_str().to_string()).collect(),
    )
}

/// Merges `incoming` into `existing`, returning the merged list in document
/// order and what happened. Pure: the same inputs always give the same result.
pub fn merge_annotations(existing: &[Annotation], incoming: &[Annotation]) -> (Vec<Annotation>, ImportSummary) {
    let mut merged: Vec<Annotation> = existing.to_vec();
    let mut index_by_id: HashMap<String, usize> =
        merged.iter().enumerate().map(|(index, annotation)| (annotation.id.as_str().to_string(), index)).collect();
    let mut known_spans: BTreeSet<(usize, usize, String, BTreeSet<String>)> =
        merged.iter().map(duplicate_key).collect();
    let mut summary = ImportSummary::default();
    for annotation in incoming {
        match index_by_id.get(annotation.id.as_str()) {
            Some(&index) => {
                if annotation.modified > merged[index].modified {
                    known_spans.insert(duplicate_key(annotation));
                    merged[index] = annotation.clone();
                    summary.imported += 1;
                    summary.updated += 1;
                    if annotation.anchor == AnchorStatus::Orphan {
                        summary.orphans += 1;
                    }
                } else {
                    summary.duplicates += 1;
                }
            }
            None => {
                if !known_spans.insert(duplicate_key(annotation)) {
                    summary.duplicates += 1;
                    continue;
                }
                index_by_id.insert(annotation.id.as_str().to_string(), merged.len());
                merged.push(annotation.clone());
                summary.imported += 1;
                if annotation.anchor == AnchorStatus::Orphan {
                    summary.orphans += 1;
                }
            }
        }
    }
    merged.sort_by(document_order);
    (merged, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::annotation::AnnotationId;
    use crate::session::tags::TagId;
    use crate::test_support::sample_session;
    use crate::time::Timestamp;

    #[test]
    fn the_summary_reads_like_a_sentence() {
        let summary = ImportSummary { imported: 12, updated: 0, duplicates: 3, orphans: 1 };
        assert_eq!(summary.to_string(), "12 imported, 3 duplicates skipped, 1 orphan");
        let summary = ImportSummary { imported: 1, updated: 1, duplicates: 1, orphans: 0 };
        assert_eq!(summary.to_string(), "1 imported (1 replaces an older copy), 1 duplicate skipped, 0 orphans");
    }

    #[test]
    fn merging_into_nothing_adds_everything_in_document_order() {
        let session = sample_session();
        let mut reversed = session.annotations.clone();
        reversed.reverse();
        let (merged, summary) = merge_annotations(&[], &reversed);
        assert_eq!(merged, session.annotations);
        assert_eq!(summary, ImportSummary { imported: 7, updated: 0, duplicates: 0, orphans: 0 });
    }

    #[test]
    fn the_same_file_twice_is_all_duplicates() {
        let session = sample_session();
        let (merged, summary) = merge_annotations(&session.annotations, &session.annotations);
        assert_eq!(merged, session.annotations);
        assert_eq!(summary, ImportSummary { imported: 0, updated: 0, duplicates: 7, orphans: 0 });
    }

    #[test]
    fn the_newer_copy_of_an_id_wins_and_nothing_is_removed() {
        let session = sample_session();
        let mut incoming = vec![session.annotations[1].clone(), session.annotations[2].clone()];
        incoming[0].note = "Newer note".into();
        incoming[0].modified = Timestamp(incoming[0].modified.0 + 1);
        incoming[1].note = "Older note".into();
        incoming[1].modified = Timestamp(incoming[1].modified.0 - 1);
        let existing: Vec<Annotation> = session.annotations[..4].to_vec();
        let (merged, summary) = merge_annotations(&existing, &incoming);
        assert_eq!(merged.len(), 4);
        assert_eq!(merged[1].note, "Newer note");
        assert_eq!(merged[2].note, "", "an older copy never overwrites");
        assert_eq!(summary, ImportSummary { imported: 1, updated: 1, duplicates: 1, orphans: 0 });
    }

    #[test]
    fn a_new_id_on_the_same_span_and_tags_is_a_duplicate_but_other_tags_are_not() {
        let session = sample_session();
        let mut copy = session.annotations[1].clone();
        copy.id = AnnotationId("00000000-0000-4000-8000-000000000001".into());
        copy.tags.reverse();
        let mut retagged = copy.clone();
        retagged.id = AnnotationId("00000000-0000-4000-8000-000000000002".into());
        retagged.tags = vec![TagId("causal".into())];
        let mut orphan = retagged.clone();
        orphan.id = AnnotationId("00000000-0000-4000-8000-000000000003".into());
        orphan.tags = vec![TagId("opinion".into())];
        orphan.anchor = AnchorStatus::Orphan;
        let twice = orphan.clone();
        let (merged, summary) = merge_annotations(&session.annotations, &[copy, retagged, orphan, twice]);
        assert_eq!(merged.len(), 9);
        assert_eq!(summary, ImportSummary { imported: 2, updated: 0, duplicates: 2, orphans: 1 });
    }
}
