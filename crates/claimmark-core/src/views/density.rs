//! Where each highlight sits in the article, for the density strip: one tick
//! per placed annotation, located by its block and by how far into the block
//! it starts.
//!
//! A tick is located by block rather than by its offset in the whole text
//! because blocks differ in height on the page (a headline's few words take
//! as much room as a long paragraph's line): the browser layer measures each
//! block's box once after layout and maps (block, fraction) onto it. Within a
//! block, the fraction of code points is a close stand-in for the fraction of
//! height, since text wraps evenly.
//!
//! This module knows annotations, tags and the article's blocks; nothing of
//! pixels, the DOM or how a tick is drawn.

use crate::article::model::Article;
use crate::article::text::CodePointRange;
use crate::session::annotation::{AnchorStatus, Annotation, AnnotationId, AnnotationKind};
use crate::session::tags::{TagId, TagSet};

/// Fractions are given in parts of this many, so that ticks compare exactly.
pub const FRACTION_SCALE: u32 = 10_000;

/// One tick of the density strip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DensityTick {
    /// The annotation the tick stands for.
    pub id: AnnotationId,
    /// Its position in the annotations given to [`density_ticks`].
    pub annotation_index: usize,
    /// Its span (what the tick's label quotes).
    pub range: CodePointRange,
    /// The block holding the annotation's start.
    pub block: usize,
    /// How far into that block the annotation starts, in
    /// [`FRACTION_SCALE`] parts.
    pub fraction_in_block: u32,
    /// How far into the whole canonical text it starts, in
    /// [`FRACTION_SCALE`] parts: the position to use before the blocks are
    /// measured.
    pub fraction_in_text: u32,
    /// The tag that sets the colour (the first one); `None` when untagged.
    pub tag: Option<TagId>,
    /// A "reviewed — not a claim" mark, drawn dimmed.
    pub not_a_claim: bool,
}

/// The ticks for `annotations` on `article`, in document order. Orphans are
/// left out: their range belongs to an older text.
pub fn density_ticks(annotations: &[Annotation], article: &Article) -> Vec<DensityTick> {
    let length = article.len().max(1) as u64;
    annotations
        .iter()
        .enumerate()
        .filter(|(_, annotation)| annotation.anchor != AnchorStatus::Orphan)
        .filter_map(|(annotation_index, annotation)| {
            let start = annotation.range.start;
            let block_index = article.block_index_at(start)?;
            let block = &article.blocks[block_index];
            let into_block = start.saturating_sub(block.start).min(block.length) as u64;
            let fraction_in_block = (into_block * FRACTION_SCALE as u64 / block.length.max(1) as u64) as u32;
            let fraction_in_text = (start.min(article.len()) as u64 * FRACTION_SCALE as u64 / length) as u32;
            Some(DensityTick {
                id: annotation.id.clone(),
                annotation_index,
                range: annotation.range,
                block: block_index,
                fraction_in_block,
                fraction_in_text,
                tag: annotation.tags.first().cloned(),
                not_a_claim: annotation.kind == AnnotationKind::NotAClaim,
            })
        })
        .collect()
}

/// The colour to draw `tick` in (`#rrggbb`): its tag's, a neutral grey for
/// a tag the set no longer has, [`UNTAGGED_COLOR`] without a tag.
pub fn tick_color<'a>(tick: &DensityTick, tags: &'a TagSet) -> &'a str {
    match &tick.tag {
        Some(tag) => tags.color_of(tag),
        None => UNTAGGED_COLOR,
    }
}

/// The colour of a tick for an untagged highlight: a mid grey that shows on
/// the strip's light track.
pub const UNTAGGED_COLOR: &str = "#9a9a9a";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchoring::selector::TextQuote;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::time::Timestamp;
    use proptest::prelude::*;

    fn article() -> Article {
        // Blocks: [0,10) "Headline 1", then "\n", then [11,51) a 40-code-point paragraph.
        Article::new(
            ArticleMetadata { title: "Density".to_string(), ..Default::default() },
            [
                (BlockKind::Headline, "Headline 1".to_string()),
                (BlockKind::Paragraph, "Forty code points of paragraph text here".to_string()),
            ],
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

    #[test]
    fn a_tick_is_placed_by_its_block_and_its_share_of_the_block() {
        let article = article();
        assert_eq!(article.blocks[1].length, 40);
        let tags = TagSet::defaults();
        let first_tag = tags.tags[0].id.as_str().to_string();
        let ticks = density_ticks(&[annotation(1, 0, 4, &[&first_tag]), annotation(2, 21, 25, &[])], &article);
        assert_eq!(ticks.len(), 2);
        assert_eq!((ticks[0].block, ticks[0].fraction_in_block, ticks[0].fraction_in_text), (0, 0, 0));
        assert_eq!(tick_color(&ticks[0], &tags), tags.tags[0].color);
        assert_eq!((ticks[1].annotation_index, ticks[1].range), (1, CodePointRange::new(21, 25)));
        assert_eq!(ticks[0].tag.as_ref().map(TagId::as_str), Some(first_tag.as_str()));
        // 21 is 10 code points into the 40 of block 1, and 21/51 of the text.
        assert_eq!((ticks[1].block, ticks[1].fraction_in_block), (1, 2_500));
        assert_eq!(ticks[1].fraction_in_text, 21 * FRACTION_SCALE / 51);
        assert_eq!((ticks[1].tag.clone(), tick_color(&ticks[1], &tags)), (None, UNTAGGED_COLOR));
    }

    #[test]
    fn orphans_are_left_out_and_not_a_claim_marks_are_flagged() {
        let article = article();
        let mut orphan = annotation(1, 0, 4, &["statistic"]);
        orphan.anchor = AnchorStatus::Orphan;
        let mut dismissed = annotation(2, 12, 20, &[]);
        dismissed.kind = AnnotationKind::NotAClaim;
        let mut fuzzy = annotation(3, 30, 34, &["quote"]);
        fuzzy.anchor = AnchorStatus::Fuzzy { score_percent: 75 };
        let ticks = density_ticks(&[orphan, dismissed, fuzzy], &article);
        let summary: Vec<(&str, usize, bool)> =
            ticks.iter().map(|tick| (tick.id.as_str(), tick.annotation_index, tick.not_a_claim)).collect();
        assert_eq!(summary, vec![("id-2", 1, true), ("id-3", 2, false)]);
    }

    #[test]
    fn a_tag_the_set_no_longer_has_is_drawn_grey() {
        let ticks = density_ticks(&[annotation(1, 0, 4, &["gone"])], &article());
        assert_eq!(tick_color(&ticks[0], &TagSet::defaults()), "#cccccc");
    }

    proptest! {
        #[test]
        fn ticks_follow_document_order_and_stay_in_range(mut starts in prop::collection::vec(0..50_usize, 0..40)) {
            starts.sort_unstable();
            let article = article();
            let annotations: Vec<Annotation> =
                starts.iter().enumerate().map(|(number, start)| annotation(number, *start, start + 1, &[])).collect();
            let ticks = density_ticks(&annotations, &article);
            prop_assert_eq!(ticks.len(), annotations.len());
            for pair in ticks.windows(2) {
                prop_assert!((pair[0].block, pair[0].fraction_in_block) <= (pair[1].block, pair[1].fraction_in_block));
                prop_assert!(pair[0].fraction_in_text <= pair[1].fraction_in_text);
            }
            for tick in &ticks {
                prop_assert!(tick.fraction_in_block <= FRACTION_SCALE && tick.fraction_in_text <= FRACTION_SCALE);
            }
        }
    }
}
