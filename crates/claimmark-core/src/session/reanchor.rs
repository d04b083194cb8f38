//! Re-anchoring: carrying annotations over to a new version of their
//! article's text.
//!
//! Every annotation's selectors (its stored range and its quote with
//! context) are placed on the new text with [`crate::anchoring::selector`]. A
//! placed annotation takes its new range and a quote described from the new
//! text, so its quote always equals the text at its range. One that cannot
//! be placed becomes an orphan: it keeps its last range and quote, its tags
//! and note, and is never dropped.
//!
//! The status records how sure the placement is. An annotation placed
//! approximately stays marked as fuzzy even when a later version places it
//! exactly, since the text under it still differs from what was highlighted;
//! only re-attaching it by hand clears that.
//!
//! This module knows articles and annotations. It does not know storage,
//! sessions or the browser.

use crate::anchoring::selector::{describe, AnchorMethod, Anchorer, Target};
use crate::article::model::Article;
use crate::session::annotation::{AnchorStatus, Annotation};

/// How many annotations fared which way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReanchorSummary {
    /// Placed exactly, at the same or a moved position.
    pub exact: usize,
    /// Of those, how many moved.
    pub moved: usize,
    /// Placed approximately: the text under them changed.
    pub fuzzy: usize,
    /// Could not be placed: kept as orphans.
    pub orphaned: usize,
}

/// Annotations carried over to a new text, and how they fared.
#[derive(Clone, Debug, PartialEq)]
pub struct Reanchored {
    /// Every annotation given, in the same order, updated for the new text.
    pub annotations: Vec<Annotation>,
    /// Counts by outcome.
    pub summary: ReanchorSummary,
}

/// Places every one of `annotations` on `article`, the new version of their
/// text. Nothing is dropped: as many annotations come back as went in.
pub fn reanchor_annotations(article: &Article, annotations: &[Annotation]) -> Reanchored {
    let anchorer = Anchorer::for_many(article);
    let mut summary = ReanchorSummary::default();
    let annotations = annotations
        .iter()
        .map(|annotation| {
            let target = Target { position: annotation.range, quote: annotation.quote.clone() };
            let mut updated = annotation.clone();
            match anchorer.anchor(&target) {
                Ok(anchored) => {
                    updated.range = anchored.range;
                    updated.quote = describe(article, anchored.range).quote;
                    updated.anchor = match (anchored.method, annotation.anchor) {
                        (AnchorMethod::FuzzyQuote, earlier) => {
                            let score_percent = score_percent(anchored.score);
                            AnchorStatus::Fuzzy {
                                score_percent: fuzzy_percent(earlier)
                                    .map_or(score_percent, |before| before.min(score_percent)),
                            }
                        }
                        (_, AnchorStatus::Fuzzy { score_percent }) => AnchorStatus::Fuzzy { score_percent },
                        (_, _) => AnchorStatus::Anchored,
                    };
                    match updated.anchor {
                        AnchorStatus::Fuzzy { .. } => summary.fuzzy += 1,
                        _ => {
                            summary.exact += 1;
                            summary.moved += usize::from(anchored.range != annotation.range);
                        }
                    }
                }
                Err(_) => {
                    updated.anchor = AnchorStatus::Orphan;
                    summary.orphaned += 1;
                }
            }
            updated
        })
        .collect();
    Reanchored { annotations, summary }
}

/// An approximate placement's score in whole percent, below 100 so that
/// changed text never reads as a perfect match.
fn score_percent(score: f32) -> u8 {
    (f64::from(score) * 100.0).floor().clamp(0.0, 99.0) as u8
}

fn fuzzy_percent(status: AnchorStatus) -> Option<u8> {
    match status {
        AnchorStatus::Fuzzy { score_percent } => Some(score_percent),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::article::text::{slice_code_points, CodePointRange};
    use crate::session::annotation::AnnotationId;
    use crate::session::tags::TagId;
    use crate::time::Timestamp;

    fn article_of(blocks: &[&str]) -> Article {
        Article::new(ArticleMetadata::default(), blocks.iter().map(|text| (BlockKind::Paragraph, text.to_string())))
    }

    fn annotation_on(article: &Article, number: u32, quote: &str) -> Annotation {
        let start_byte = article.canonical_text().find(quote).unwrap();
        let start = article.canonical_text()[..start_byte].chars().count();
        let range = CodePointRange { start, end: start + quote.chars().count() };
        let mut annotation = Annotation::new(
            AnnotationId(format!("00000000-0000-4000-8000-{number:012}")),
            Timestamp(1_000),
            range,
            describe(article, range).quote,
            vec![TagId("factual".into())],
        );
        annotation.note = format!("note {number}");
        annotation
    }

    const MOVED: &str = "1.73 million cases of illegal online activity";
    const CHANGED: &str = "nearly 30,000 people participate in terrorism-related activities";
    const DELETED: &str = "Critics called the figure unverifiable and said so loudly.";
    const KEPT: &str = "Wuzhen, Zhejiang province";

    fn original() -> Article {
        article_of(&[
            "According to the ministry, 1.73 million cases of illegal online activity have been dealt with.",
            "Chen said nearly 30,000 people participate in terrorism-related activities after being recruited.",
            &format!("{DELETED} The conference was held in Wuzhen, Zhejiang province."),
        ])
    }

    fn edited() -> Article {
        article_of(&[
            "A sentence inserted before everything else.",
            "According to the ministry, 1.73 million cases of illegal online activity have been dealt with.",
            "Chen said nearly 30,000 people take part in terrorism-related activities after being recruited.",
            "The conference was held in Wuzhen, Zhejiang province.",
        ])
    }

    #[test]
    fn moved_changed_and_deleted_quotes_each_get_their_status() {
        let before = original();
        let annotations: Vec<Annotation> = [MOVED, CHANGED, DELETED, KEPT]
            .iter()
            .zip(1..)
            .map(|(quote, number)| annotation_on(&before, number, quote))
            .collect();
        let after = edited();
        let reanchored = reanchor_annotations(&after, &annotations);
        assert_eq!(reanchored.summary, ReanchorSummary { exact: 2, moved: 2, fuzzy: 1, orphaned: 1 });
        let [moved, changed, deleted, kept] = reanchored.annotations.as_slice() else { panic!("four annotations") };

        let text = after.canonical_text();
        assert_eq!(moved.anchor, AnchorStatus::Anchored);
        assert_eq!(slice_code_points(text, moved.range.start, moved.range.end), MOVED);
        assert_eq!(moved.range.start, annotations[0].range.start + 44);
        assert_eq!(kept.anchor, AnchorStatus::Anchored);
        assert_eq!(slice_code_points(text, kept.range.start, kept.range.end), KEPT);

        let AnchorStatus::Fuzzy { score_percent } = changed.anchor else { panic!("fuzzy: {:?}", changed.anchor) };
        assert!((70..100).contains(&score_percent), "{score_percent}");
        assert_eq!(
            slice_code_points(text, changed.range.start, changed.range.end),
            "nearly 30,000 people take part in terrorism-related activities"
        );
        assert_eq!(changed.quote, describe(&after, changed.range).quote);

        assert_eq!(deleted.anchor, AnchorStatus::Orphan);
        assert_eq!((deleted.range, &deleted.quote), (annotations[2].range, &annotations[2].quote));
        assert_eq!((&deleted.note, &deleted.tags), (&annotations[2].note, &annotations[2].tags));
        for (before, after) in annotations.iter().zip(&reanchored.annotations) {
            assert_eq!((&before.id, before.created, before.modified), (&after.id, after.created, after.modified));
        }
    }

    #[test]
    fn a_fuzzy_annotation_stays_fuzzy_and_an_orphan_can_come_back() {
        let before = original();
        let annotations: Vec<Annotation> =
            [CHANGED, DELETED].iter().zip(1..).map(|(quote, number)| annotation_on(&before, number, quote)).collect();
        let once = reanchor_annotations(&edited(), &annotations).annotations;
        let AnchorStatus::Fuzzy { score_percent } = once[0].anchor else { panic!("fuzzy") };

        // Another edit elsewhere: the fuzzy one is placed exactly but keeps
        // its mark; the text of the orphan is back, so it is placed again.
        let mut blocks: Vec<String> = edited().blocks.iter().map(|block| block.text.clone()).collect();
        blocks[0] = "An unrelated correction.".into();
        blocks.push(DELETED.to_string());
        let again_article =
            Article::new(ArticleMetadata::default(), blocks.into_iter().map(|text| (BlockKind::Paragraph, text)));
        let again = reanchor_annotations(&again_article, &once);
        assert_eq!(again.annotations[0].anchor, AnchorStatus::Fuzzy { score_percent });
        assert_eq!(again.annotations[1].anchor, AnchorStatus::Anchored);
        let text = again_article.canonical_text();
        let back = again.annotations[1].range;
        assert_eq!(slice_code_points(text, back.start, back.end), DELETED);
    }

    #[test]
    fn the_same_text_changes_nothing() {
        let article = original();
        let annotations: Vec<Annotation> = [MOVED, CHANGED, DELETED, KEPT]
            .iter()
            .zip(1..)
            .map(|(quote, number)| annotation_on(&article, number, quote))
            .collect();
        let reanchored = reanchor_annotations(&article, &annotations);
        assert_eq!(reanchored.annotations, annotations);
        assert_eq!(reanchored.summary, ReanchorSummary { exact: 4, moved: 0, fuzzy: 0, orphaned: 0 });
    }
}
