//! The numbers behind the summary panel: how many highlights carry each tag,
//! how many claims have each verdict, how the highlights are anchored, and
//! how much of the article has been reviewed.
//!
//! What counts:
//! - **Per tag**: every annotation carrying the tag, claims and "not a
//!   claim" marks alike, exactly as the sidebar legend counts them. An
//!   annotation with several tags counts once for each. Tags of the set come
//!   first in the set's order, zeros included; tags only annotations carry
//!   (from an older set or an import) follow, ordered by id.
//! - **Untagged**: claims with no tag. A "not a claim" mark usually has no
//!   tag by design, so it is counted under its own status instead.
//! - **Per verdict**: claims only (a "not a claim" mark has nothing to
//!   check), in the scale's order, Unverified included. They add up to the
//!   number of claims.
//! - **Per status**: every annotation is anchored, fuzzy or an orphan; every
//!   annotation is a claim or "not a claim". Each pair of groups adds up to
//!   the total.
//! - **Reviewed sentences**: a sentence (bounds from
//!   [`crate::article::sentences`], per block) counts as reviewed when a placed
//!   annotation (a claim or a "not a claim" mark; not an orphan, whose range
//!   belongs to an older text) shares at least one code point with it. A
//!   sentence someone highlighted or explicitly dismissed has been read and
//!   judged; a sentence nobody touched may not have been. The "fully
//!   reviewed" mark is reported beside the share, never folded into it, so
//!   the share stays an honest measure of the marks on the page.
//!
//! Sentence bounds depend only on the article's text, so they are worked out
//! once per text ([`SentenceMap::of_article`]) and reused for every edit;
//! [`summarize`] then costs a binary search per annotation.
//!
//! This module knows annotations, tags and sentences only: nothing of how
//! the summary is drawn.

use crate::article::model::Article;
use crate::article::sentences::sentence_ranges;
use crate::article::text::CodePointRange;
use crate::session::annotation::{AnchorStatus, Annotation, AnnotationKind, Verdict};
use crate::session::tags::{TagId, TagSet};

/// The sentences of one article text, as ranges of its canonical text in
/// document order (sorted and disjoint).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SentenceMap {
    ranges: Vec<CodePointRange>,
}

impl SentenceMap {
    /// Segments every block of `article` into sentences.
    pub fn of_article(article: &Article) -> SentenceMap {
        let ranges = article
            .blocks
            .iter()
            .flat_map(|block| {
                sentence_ranges(&block.text)
                    .into_iter()
                    .map(move |range| CodePointRange::new(block.start + range.start, block.start + range.end))
            })
            .collect();
        SentenceMap { ranges }
    }

    /// The sentences' ranges, in document order.
    pub fn ranges(&self) -> &[CodePointRange] {
        &self.ranges
    }

    /// How many sentences the article has.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// True when the article has no sentence at all.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Index of the first sentence that ends after `offset`.
    fn first_ending_after(&self, offset: usize) -> usize {
        self.ranges.partition_point(|sentence| sentence.end <= offset)
    }
}

/// How many annotations carry one tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagTally {
    /// The tag counted.
    pub tag: TagId,
    /// Its label, or its id when the tag set no longer defines it.
    pub label: String,
    /// Its colour (`#rrggbb`).
    pub color: String,
    /// How many annotations carry it.
    pub count: usize,
}

/// How the annotations are placed and what kind they are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusTally {
    /// Placed exactly.
    pub anchored: usize,
    /// Placed by approximate matching after the text changed.
    pub fuzzy: usize,
    /// Not placed on the current text.
    pub orphan: usize,
    /// Claims.
    pub claims: usize,
    /// Spans reviewed as not being a claim.
    pub not_a_claim: usize,
}

/// How many of the article's sentences have been reviewed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewProgress {
    /// Sentences an annotation overlaps.
    pub reviewed: usize,
    /// Sentences in the article.
    pub total: usize,
}

impl ReviewProgress {
    /// The reviewed share, from 0 to 1 (0 for an article with no sentence).
    pub fn share(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.reviewed as f64 / self.total as f64
        }
    }

    /// The reviewed share in whole percent, rounded down so that 100% means
    /// every sentence.
    pub fn percent(self) -> u32 {
        (self.reviewed * 100).checked_div(self.total).unwrap_or(0) as u32
    }
}

/// Everything the summary panel shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Annotations in all.
    pub total: usize,
    /// Count per tag; see the module overview for the order.
    pub per_tag: Vec<TagTally>,
    /// Claims with no tag.
    pub untagged: usize,
    /// Claims per verdict, in [`Verdict::ALL`] order, zeros included.
    pub per_verdict: Vec<(Verdict, usize)>,
    /// Anchoring and kind counts.
    pub status: StatusTally,
    /// Reviewed sentences.
    pub review: ReviewProgress,
    /// The user marked the whole article as reviewed.
    pub fully_reviewed: bool,
}

/// Counts `annotations` for the summary panel; `sentences` must be the map
/// of the text the annotations are placed on.
pub fn summarize(annotations: &[Annotation], tags: &TagSet, sentences: &SentenceMap, fully_reviewed: bool) -> Summary {
    let mut per_tag: Vec<TagTally> = tags
        .tags
        .iter()
        .map(|tag| TagTally { tag: tag.id.clone(), label: tag.label.clone(), color: tag.color.clone(), count: 0 })
        .collect();
    let known_tags = per_tag.len();
    let mut per_verdict: Vec<(Verdict, usize)> = Verdict::ALL.iter().map(|verdict| (*verdict, 0)).collect();
    let mut status = StatusTally::default();
    let mut untagged = 0;
    let mut reviewed = vec![false; sentences.len()];

    for annotation in annotations {
        for tag in &annotation.tags {
            match per_tag.iter_mut().find(|tally| &tally.tag == tag) {
                Some(tally) => tally.count += 1,
                None => per_tag.push(TagTally {
                    tag: tag.clone(),
                    label: tags.label_of(tag).to_string(),
                    color: tags.color_of(tag).to_string(),
                    count: 1,
                }),
            }
        }
        match annotation.kind {
            AnnotationKind::Claim => {
                status.claims += 1;
                if annotation.tags.is_empty() {
                    untagged += 1;
                }
                if let Some((_, count)) =
                    per_verdict.iter_mut().find(|(verdict, _)| *verdict == annotation.claim.verdict)
                {
                    *count += 1;
                }
            }
            AnnotationKind::NotAClaim => status.not_a_claim += 1,
        }
        match annotation.anchor {
            AnchorStatus::Anchored => status.anchored += 1,
            AnchorStatus::Fuzzy { .. } => status.fuzzy += 1,
            AnchorStatus::Orphan => {
                status.orphan += 1;
                continue;
            }
        }
        let range = annotation.range;
        let mut index = sentences.first_ending_after(range.start);
        while let Some(sentence) = sentences.ranges.get(index) {
            if sentence.start >= range.end {
                break;
            }
            if range.start < range.end {
                reviewed[index] = true;
            }
            index += 1;
        }
    }
    per_tag[known_tags..].sort_by(|left, right| left.tag.cmp(&right.tag));

    Summary {
        total: annotations.len(),
        per_tag,
        untagged,
        per_verdict,
        status,
        review: ReviewProgress { reviewed: reviewed.iter().filter(|done| **done).count(), total: sentences.len() },
        fully_reviewed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchoring::selector::TextQuote;
    use crate::article::extract::seed_article;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::session::annotation::AnnotationId;
    use crate::time::Timestamp;
    use proptest::prelude::*;

    fn article(blocks: &[&str]) -> Article {
        Article::new(
            ArticleMetadata { title: "Summary test".to_string(), ..Default::default() },
            blocks.iter().map(|text| (BlockKind::Paragraph, text.to_string())),
        )
    }

    fn annotation(number: usize, start: usize, end: usize, tags: &[&str]) -> Annotation {
        Annotation::new(
            AnnotationId(format!("id-{number}")),
            Timestamp(number as i64),
            CodePointRange::new(start, end),
            TextQuote::default(),
            tags.iter().map(|tag| TagId(tag.to_string())).collect(),
        )
    }

    fn count_of(summary: &Summary, tag: &str) -> usize {
        summary.per_tag.iter().find(|tally| tally.tag.as_str() == tag).map(|tally| tally.count).unwrap_or(0)
    }

    #[test]
    fn sentences_are_placed_in_the_canonical_text_block_by_block() {
        // "One. Two." then "\n" then "Three."
        let article = article(&["One. Two.", "Three."]);
        let map = SentenceMap::of_article(&article);
        assert_eq!(map.ranges(), &[CodePointRange::new(0, 4), CodePointRange::new(5, 9), CodePointRange::new(10, 16)]);
        assert_eq!(map.len(), 3);
        assert!(!map.is_empty());
        assert!(SentenceMap::of_article(&Article::new(ArticleMetadata::default(), Vec::new())).is_empty());
    }

    #[test]
    fn tags_are_counted_in_the_set_order_with_zeros_and_several_tags_count_for_each() {
        let tags = TagSet::defaults();
        let first = tags.tags[0].id.as_str().to_string();
        let second = tags.tags[1].id.as_str().to_string();
        let annotations = vec![
            annotation(1, 0, 3, &[&second, &first]),
            annotation(2, 5, 8, &[&second]),
            annotation(3, 10, 12, &[]),
            annotation(4, 12, 14, &["zz-imported", "aa-imported"]),
        ];
        let summary = summarize(&annotations, &tags, &SentenceMap::default(), false);
        let order: Vec<&str> = summary.per_tag.iter().map(|tally| tally.tag.as_str()).collect();
        let mut expected: Vec<&str> = tags.tags.iter().map(|tag| tag.id.as_str()).collect();
        expected.extend(["aa-imported", "zz-imported"]);
        assert_eq!(order, expected);
        assert_eq!(count_of(&summary, &first), 1);
        assert_eq!(count_of(&summary, &second), 2);
        assert_eq!(count_of(&summary, tags.tags[2].id.as_str()), 0);
        assert_eq!(summary.per_tag.last().map(|tally| tally.label.as_str()), Some("zz-imported"));
        assert_eq!(summary.untagged, 1);
        assert_eq!(summary.total, 4);
    }

    #[test]
    fn verdicts_count_claims_only_and_statuses_partition_every_annotation() {
        let mut checked = annotation(1, 0, 3, &["statistic"]);
        checked.claim.verdict = Verdict::False;
        let mut dismissed = annotation(2, 5, 8, &[]);
        dismissed.kind = AnnotationKind::NotAClaim;
        dismissed.claim.verdict = Verdict::True;
        let mut moved = annotation(3, 10, 12, &["quote"]);
        moved.anchor = AnchorStatus::Fuzzy { score_percent: 80 };
        let mut lost = annotation(4, 0, 2, &[]);
        lost.anchor = AnchorStatus::Orphan;
        let summary = summarize(&[checked, dismissed, moved, lost], &TagSet::defaults(), &SentenceMap::default(), true);

        assert_eq!(summary.per_verdict.len(), Verdict::ALL.len());
        assert_eq!(summary.per_verdict[0], (Verdict::Unverified, 2));
        assert!(summary.per_verdict.contains(&(Verdict::False, 1)));
        assert!(summary.per_verdict.contains(&(Verdict::True, 0)), "a not-a-claim mark has no verdict to count");
        assert_eq!(
            summary.status,
            StatusTally { anchored: 2, fuzzy: 1, orphan: 1, claims: 3, not_a_claim: 1 },
            "statuses: {:?}",
            summary.status
        );
        assert_eq!(summary.untagged, 1, "the untagged orphan claim counts; the untagged not-a-claim mark does not");
        assert!(summary.fully_reviewed);
    }

    #[test]
    fn a_sentence_is_reviewed_when_a_placed_claim_or_not_a_claim_mark_overlaps_it() {
        // Sentences: [0,4) "One." [5,9) "Two." [10,16) "Three." [17,22) "Four."
        let article = article(&["One. Two.", "Three. Four."]);
        let map = SentenceMap::of_article(&article);
        assert_eq!(map.len(), 4);
        let mut dismissed = annotation(2, 11, 12, &[]);
        dismissed.kind = AnnotationKind::NotAClaim;
        let mut orphan = annotation(3, 17, 20, &["statistic"]);
        orphan.anchor = AnchorStatus::Orphan;
        // A span over the gap between "One." and "Two." touches both.
        let annotations = vec![annotation(1, 2, 7, &["statistic"]), dismissed, orphan];
        let summary = summarize(&annotations, &TagSet::defaults(), &map, false);
        assert_eq!(summary.review, ReviewProgress { reviewed: 3, total: 4 });
        assert_eq!(summary.review.percent(), 75);
        assert!((summary.review.share() - 0.75).abs() < 1e-9);

        // Touching only the space between sentences reviews nothing.
        let in_the_gap = summarize(&[annotation(4, 4, 5, &[])], &TagSet::defaults(), &map, false);
        assert_eq!(in_the_gap.review.reviewed, 0);
    }

    #[test]
    fn the_percentage_rounds_down_so_that_100_means_every_sentence() {
        assert_eq!(ReviewProgress { reviewed: 23, total: 41 }.percent(), 56);
        assert_eq!(ReviewProgress { reviewed: 199, total: 200 }.percent(), 99);
        assert_eq!(ReviewProgress { reviewed: 0, total: 0 }.percent(), 0);
        assert_eq!(ReviewProgress { reviewed: 0, total: 0 }.share(), 0.0);
    }

    #[test]
    fn the_seed_articles_statistic_reviews_exactly_its_sentence() {
        let article = seed_article();
        let map = SentenceMap::of_article(&article);
        let text = article.canonical_text();
        let byte = text.find("1.73 million cases").expect("the seed article has the statistic");
        let start = text[..byte].chars().count();
        let summary = summarize(&[annotation(1, start, start + 18, &["statistic"])], &TagSet::defaults(), &map, false);
        assert_eq!(summary.review.reviewed, 1);
        assert!(map.len() > 5, "the seed article has more than five sentences, found {}", map.len());
    }

    fn arbitrary_annotations(length: usize) -> impl Strategy<Value = Vec<Annotation>> {
        let tags = ["factual", "statistic", "quote", "unknown-tag"];
        let one =
            (0..length, 1..40_usize, prop::collection::vec(0..tags.len(), 0..3), 0..7_usize, any::<bool>(), 0..3_u8)
                .prop_map(move |(start, span, tag_indexes, verdict, dismissed, anchor)| {
                    let end = (start + span).min(length);
                    let chosen: Vec<&str> = tag_indexes.iter().map(|index| tags[*index]).collect();
                    let mut made = annotation(start * 1000 + span, start, end.max(start + 1), &chosen);
                    made.claim.verdict = Verdict::ALL[verdict];
                    if dismissed {
                        made.kind = AnnotationKind::NotAClaim;
                    }
                    made.anchor = match anchor {
                        0 => AnchorStatus::Anchored,
                        1 => AnchorStatus::Fuzzy { score_percent: 70 },
                        _ => AnchorStatus::Orphan,
                    };
                    made
                });
        prop::collection::vec(one, 0..30)
    }

    fn proptest_article() -> Article {
        article(&[
            "The ministry said 1.73 million cases were handled. Mr. Chen disagreed.",
            "Prices rose 4% in May. Will they fall? Nobody knows.",
            "A short one.",
        ])
    }

    proptest! {
        #[test]
        fn counts_add_up(annotations in arbitrary_annotations(130)) {
            let article = proptest_article();
            let summary = summarize(&annotations, &TagSet::defaults(), &SentenceMap::of_article(&article), false);
            let status = summary.status;
            prop_assert_eq!(summary.total, annotations.len());
            prop_assert_eq!(status.anchored + status.fuzzy + status.orphan, summary.total);
            prop_assert_eq!(status.claims + status.not_a_claim, summary.total);
            prop_assert_eq!(summary.per_verdict.iter().map(|(_, count)| count).sum::<usize>(), status.claims);
            let tag_uses: usize = annotations.iter().map(|annotation| annotation.tags.len()).sum();
            prop_assert_eq!(summary.per_tag.iter().map(|tally| tally.count).sum::<usize>(), tag_uses);
            prop_assert!(summary.untagged <= status.claims);
        }

        #[test]
        fn the_reviewed_share_stays_between_0_and_1(annotations in arbitrary_annotations(130)) {
            let article = proptest_article();
            let summary = summarize(&annotations, &TagSet::defaults(), &SentenceMap::of_article(&article), false);
            prop_assert!(summary.review.reviewed <= summary.review.total);
            prop_assert!((0.0..=1.0).contains(&summary.review.share()));
            prop_assert!(summary.review.percent() <= 100);
        }

        #[test]
        fn adding_an_annotation_never_lowers_the_reviewed_share(
            annotations in arbitrary_annotations(130),
            extra in arbitrary_annotations(130).prop_filter("one more", |extra| !extra.is_empty()),
        ) {
            let article = proptest_article();
            let map = SentenceMap::of_article(&article);
            let before = summarize(&annotations, &TagSet::defaults(), &map, false);
            let mut more = annotations.clone();
            more.push(extra[0].clone());
            let after = summarize(&more, &TagSet::defaults(), &map, false);
            prop_assert!(after.review.reviewed >= before.review.reviewed);
            prop_assert!(after.review.share() >= before.review.share());
        }
    }
}
