//! Which annotations the sidebar lists, and in what order: filters by tag,
//! verdict and status, a text search over quote, note and claimant, and a
//! sort by position, creation or last change.
//!
//! Pure functions over annotations; they know nothing of rendering. The
//! search lowercases the query once and each field once per annotation, so
//! a thousand annotations filter in well under a millisecond.

use std::cmp::Reverse;

use crate::session::annotation::{AnchorStatus, Annotation, AnnotationKind, Verdict};
use crate::session::tags::TagId;

/// Which kind or anchoring state to list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Every placed annotation (orphans have their own section).
    #[default]
    Placed,
    /// Claims only.
    Claim,
    /// Spans reviewed as not a claim.
    NotAClaim,
    /// Placed by approximate matching after the text changed.
    Fuzzy,
    /// Whose text could not be found in the current version.
    Orphan,
}

impl StatusFilter {
    /// Every status, in the order the filter offers them.
    pub const ALL: [StatusFilter; 5] =
        [StatusFilter::Placed, StatusFilter::Claim, StatusFilter::NotAClaim, StatusFilter::Fuzzy, StatusFilter::Orphan];

    /// The stable identifier, used as the option's value.
    pub fn id(self) -> &'static str {
        match self {
            StatusFilter::Placed => "all",
            StatusFilter::Claim => "claim",
            StatusFilter::NotAClaim => "not-a-claim",
            StatusFilter::Fuzzy => "fuzzy",
            StatusFilter::Orphan => "orphan",
        }
    }

    /// What the user sees.
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Placed => "Any status",
            StatusFilter::Claim => "Claims",
            StatusFilter::NotAClaim => "Not a claim",
            StatusFilter::Fuzzy => "Text changed (fuzzy)",
            StatusFilter::Orphan => "Orphans",
        }
    }

    /// The status whose [`id`](StatusFilter::id) is `id`.
    pub fn from_id(id: &str) -> Option<StatusFilter> {
        StatusFilter::ALL.into_iter().find(|status| status.id() == id)
    }

    fn admits(self, annotation: &Annotation) -> bool {
        let orphan = annotation.anchor == AnchorStatus::Orphan;
        match self {
            StatusFilter::Placed => !orphan,
            StatusFilter::Claim => !orphan && annotation.kind == AnnotationKind::Claim,
            StatusFilter::NotAClaim => !orphan && annotation.kind == AnnotationKind::NotAClaim,
            StatusFilter::Fuzzy => matches!(annotation.anchor, AnchorStatus::Fuzzy { .. }),
            StatusFilter::Orphan => orphan,
        }
    }
}

/// The order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Document order.
    #[default]
    Position,
    /// Newest first.
    Created,
    /// Most recently changed first.
    Modified,
}

impl SortOrder {
    /// Every order, as the sort control offers them.
    pub const ALL: [SortOrder; 3] = [SortOrder::Position, SortOrder::Created, SortOrder::Modified];

    /// The stable identifier, used as the option's value.
    pub fn id(self) -> &'static str {
        match self {
            SortOrder::Position => "position",
            SortOrder::Created => "created",
            SortOrder::Modified => "modified",
        }
    }

    /// What the user sees.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Position => "Position in the article",
            SortOrder::Created => "Newest first",
            SortOrder::Modified => "Recently changed first",
        }
    }

    /// The order whose [`id`](SortOrder::id) is `id`.
    pub fn from_id(id: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|order| order.id() == id)
    }
}

/// What the sidebar lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnotationFilter {
    /// Only annotations carrying this tag.
    pub tag: Option<TagId>,
    /// Only claims with this verdict.
    pub verdict: Option<Verdict>,
    /// Which kind or anchoring state.
    pub status: StatusFilter,
    /// Words searched for in the quote, the note and the claimant, without
    /// regard to case; every word must appear in one of them.
    pub text: String,
    /// The order of the list.
    pub sort: SortOrder,
}

impl AnnotationFilter {
    /// True when something narrows the list (the sort order does not).
    pub fn narrows(&self) -> bool {
        self.tag.is_some()
            || self.verdict.is_some()
            || self.status != StatusFilter::Placed
            || !self.text.trim().is_empty()
    }
}

/// The annotations `filter` lets through, in its order. `annotations` are
/// in document order, as the session keeps them; sorts are stable, so ties
/// keep document order.
pub fn filter_annotations<'list>(
    annotations: &'list [Annotation],
    filter: &AnnotationFilter,
) -> Vec<&'list Annotation> {
    let words: Vec<String> = filter.text.split_whitespace().map(str::to_lowercase).collect();
    let mut kept: Vec<&Annotation> = annotations
        .iter()
        .filter(|annotation| filter.status.admits(annotation))
        .filter(|annotation| filter.tag.as_ref().is_none_or(|tag| annotation.tags.contains(tag)))
        .filter(|annotation| {
            filter
                .verdict
                .is_none_or(|verdict| annotation.kind == AnnotationKind::Claim && annotation.claim.verdict == verdict)
        })
        .filter(|annotation| words.is_empty() || contains_every_word(annotation, &words))
        .collect();
    match filter.sort {
        SortOrder::Position => {}
        SortOrder::Created => kept.sort_by_key(|annotation| Reverse(annotation.created)),
        SortOrder::Modified => kept.sort_by_key(|annotation| Reverse(annotation.modified)),
    }
    kept
}

fn contains_every_word(annotation: &Annotation, words: &[String]) -> bool {
    let fields = [
        annotation.quote.exact.to_lowercase(),
        annotation.note.to_lowercase(),
        annotation.claim.claimant.to_lowercase(),
    ];
    words.iter().all(|word| fields.iter().any(|field| field.contains(word.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchoring::selector::TextQuote;
    use crate::article::text::CodePointRange;
    use crate::session::annotation::AnnotationId;
    use crate::time::Timestamp;

    fn annotation(number: usize, quote: &str, created: i64, modified: i64) -> Annotation {
        let mut annotation = Annotation::new(
            AnnotationId(format!("00000000-0000-4000-8000-{number:012}")),
            Timestamp(created),
            CodePointRange { start: number * 10, end: number * 10 + 5 },
            TextQuote { exact: quote.to_string(), prefix: String::new(), suffix: String::new() },
            vec![TagId("statistic".into())],
        );
        annotation.modified = Timestamp(modified);
        annotation
    }

    fn sample() -> Vec<Annotation> {
        let mut list = vec![
            annotation(0, "1.73 million cases", 5, 50),
            annotation(1, "947 cases of hacking", 3, 30),
            annotation(2, "More than 100 countries", 9, 10),
            annotation(3, "China is a major target", 1, 90),
            annotation(4, "old words", 2, 20),
        ];
        list[0].claim.verdict = Verdict::MostlyTrue;
        list[0].claim.claimant = "Ministry of Public Security".into();
        list[1].note = "Check the BUREAU's release".into();
        list[1].tags = vec![TagId("quote".into())];
        list[2].claim.verdict = Verdict::MostlyTrue;
        list[2].kind = AnnotationKind::NotAClaim;
        list[3].anchor = AnchorStatus::Fuzzy { score_percent: 80 };
        list[4].anchor = AnchorStatus::Orphan;
        list
    }

    fn numbers(kept: &[&Annotation]) -> Vec<char> {
        kept.iter().map(|annotation| annotation.id.as_str().chars().last().unwrap()).collect()
    }

    #[test]
    fn by_default_every_placed_annotation_is_listed_in_document_order() {
        let list = sample();
        assert_eq!(numbers(&filter_annotations(&list, &AnnotationFilter::default())), vec!['0', '1', '2', '3']);
        assert!(!AnnotationFilter::default().narrows());
    }

    #[test]
    fn each_filter_narrows_and_they_combine() {
        let list = sample();
        let with = |filter: AnnotationFilter| numbers(&filter_annotations(&list, &filter));
        assert_eq!(with(AnnotationFilter { tag: Some(TagId("quote".into())), ..Default::default() }), vec!['1']);
        // A not-a-claim's verdict is not a claim's verdict.
        assert_eq!(with(AnnotationFilter { verdict: Some(Verdict::MostlyTrue), ..Default::default() }), vec!['0']);
        assert_eq!(with(AnnotationFilter { status: StatusFilter::Claim, ..Default::default() }), vec!['0', '1', '3']);
        assert_eq!(with(AnnotationFilter { status: StatusFilter::NotAClaim, ..Default::default() }), vec!['2']);
        assert_eq!(with(AnnotationFilter { status: StatusFilter::Fuzzy, ..Default::default() }), vec!['3']);
        assert_eq!(with(AnnotationFilter { status: StatusFilter::Orphan, ..Default::default() }), vec!['4']);
        assert_eq!(with(AnnotationFilter { text: "public SECURITY".into(), ..Default::default() }), vec!['0']);
        assert_eq!(with(AnnotationFilter { text: "bureau's".into(), ..Default::default() }), vec!['1']);
        assert_eq!(with(AnnotationFilter { text: "cases".into(), ..Default::default() }), vec!['0', '1']);
        assert_eq!(with(AnnotationFilter { text: "cases ministry".into(), ..Default::default() }), vec!['0']);
        assert_eq!(
            with(AnnotationFilter { text: "cases".into(), tag: Some(TagId("statistic".into())), ..Default::default() }),
            vec!['0']
        );
        assert!(AnnotationFilter { text: "x".into(), ..Default::default() }.narrows());
    }

    #[test]
    fn sorting_puts_the_newest_or_latest_changed_first() {
        let list = sample();
        let sorted =
            |sort: SortOrder| numbers(&filter_annotations(&list, &AnnotationFilter { sort, ..Default::default() }));
        assert_eq!(sorted(SortOrder::Created), vec!['2', '0', '1', '3']);
        assert_eq!(sorted(SortOrder::Modified), vec!['3', '0', '1', '2']);
        assert!(!AnnotationFilter { sort: SortOrder::Modified, ..Default::default() }.narrows());
    }

    #[test]
    fn identifiers_round_trip() {
        for status in StatusFilter::ALL {
            assert_eq!(StatusFilter::from_id(status.id()), Some(status));
        }
        for order in SortOrder::ALL {
            assert_eq!(SortOrder::from_id(order.id()), Some(order));
        }
        assert_eq!(StatusFilter::from_id("nope"), None);
    }
}
