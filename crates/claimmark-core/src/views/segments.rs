//! Highlight segmentation: cuts each block into runs of text covered by the
//! same set of annotations, so overlapping and nested highlights render as
//! flat, non-nested marks.
//!
//! Annotation ranges count code points of the canonical text and may span
//! several blocks, separators included; segments count code points from the
//! start of their block. Within a segment the covering annotations are
//! listed topmost first: the shortest annotation is drawn on top so that a
//! short claim nested inside a long one stays visible and clickable.
//!
//! This module knows blocks and annotation ranges. It does not know colours,
//! markup, the DOM or how a segment is drawn.

use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::rc::Rc;

use crate::article::model::{Article, Block};
use crate::article::text::CodePointRange;
use crate::session::annotation::{AnchorStatus, Annotation, AnnotationId, AnnotationKind};
use crate::session::tags::TagId;

/// One annotation covering a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentLayer {
    /// The covering annotation.
    pub annotation: AnnotationId,
    /// Its tags, first one first.
    pub tags: Vec<TagId>,
    /// Its length in code points; shorter layers are on top.
    pub length: usize,
    /// How it was last placed; a fuzzy placement is marked when drawn.
    pub anchor: AnchorStatus,
    /// A claim, or a span reviewed as not a claim (drawn dimmed).
    pub kind: AnnotationKind,
}

/// A run of a block's text covered by the same annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Span within the block, in code points from the block's start.
    pub range: CodePointRange,
    /// The text of the span.
    pub text: String,
    /// Covering annotations, topmost (shortest) first; empty for plain text.
    pub layers: Vec<SegmentLayer>,
}

/// Segments of one block.
///
/// `annotations` may hold annotations anywhere in the article; those that do
/// not reach into the block are ignored.
pub fn segment_block(block: &Block, annotations: &[Annotation]) -> Vec<Segment> {
    let reaching_into_block: Vec<&Annotation> = annotations
        .iter()
        .filter(|annotation| is_drawn(annotation) && clip_to_block(annotation, block).is_some())
        .collect();
    segment_block_with(block, &reaching_into_block)
}

/// Segments of every block, indexed like `article.blocks`.
///
/// Each annotation is handed only to the blocks it reaches, found by binary
/// search, so the work grows with the number of segments produced rather
/// than with blocks times annotations.
pub fn segment_article(article: &Article, annotations: &[Annotation]) -> Vec<Vec<Segment>> {
    article
        .blocks
        .iter()
        .zip(&annotations_by_block(article, annotations))
        .map(|(block, reaching_into_block)| segment_block_with(block, reaching_into_block))
        .collect()
}

/// The drawn annotations reaching into each block, indexed like
/// `article.blocks`, each list in the order of `annotations`.
fn annotations_by_block<'a>(article: &Article, annotations: &'a [Annotation]) -> Vec<Vec<&'a Annotation>> {
    let mut annotations_by_block: Vec<Vec<&Annotation>> = vec![Vec::new(); article.blocks.len()];
    for annotation in annotations {
        let range = straightened(annotation.range);
        if range.is_empty() || !is_drawn(annotation) {
            continue;
        }
        let Some(first_block) = article.block_index_at(range.start) else {
            continue;
        };
        for (offset, block) in article.blocks[first_block..].iter().enumerate() {
            if block.start >= range.end {
                break;
            }
            if clip_to_block(annotation, block).is_some() {
                annotations_by_block[first_block + offset].push(annotation);
            }
        }
    }
    annotations_by_block
}

/// [`segment_article`] across renders: it remembers, for each block, what
/// its segments were computed from (the range, id, tags, placement and
/// kind of every annotation reaching into it) and recomputes only the
/// blocks where that changed. Unchanged blocks keep the same shared
/// segments, so comparing them with the previous render's is a pointer
/// comparison. Adding one highlight to a long article re-segments one block.
#[derive(Debug, Default)]
pub struct SegmentCache {
    /// The article the cached blocks belong to.
    article_id: String,
    blocks: Vec<CachedBlock>,
    /// How many blocks the last [`SegmentCache::update`] recomputed.
    recomputed: usize,
}

#[derive(Debug)]
struct CachedBlock {
    /// Each reaching annotation's straightened range and layer, in order.
    inputs: Vec<(CodePointRange, SegmentLayer)>,
    segments: Rc<[Segment]>,
}

impl SegmentCache {
    /// An empty cache.
    pub fn new() -> SegmentCache {
        SegmentCache::default()
    }

    /// The segments of every block, indexed like `article.blocks`, equal to
    /// what [`segment_article`] returns for the same arguments.
    pub fn update(&mut self, article: &Article, annotations: &[Annotation]) -> Vec<Rc<[Segment]>> {
        if self.article_id != article.id || self.blocks.len() != article.blocks.len() {
            self.article_id.clone_from(&article.id);
            self.blocks.clear();
        }
        self.recomputed = 0;
        let by_block = annotations_by_block(article, annotations);
        for (index, (block, reaching)) in article.blocks.iter().zip(&by_block).enumerate() {
            let unchanged = self.blocks.get(index).is_some_and(|cached| {
                cached.inputs.len() == reaching.len()
                    && cached.inputs.iter().zip(reaching).all(|(input, annotation)| input_matches(input, annotation))
            });
            if unchanged {
                continue;
            }
            self.recomputed += 1;
            let computed = CachedBlock {
                inputs: reaching
                    .iter()
                    .map(|annotation| (straightened(annotation.range), layer_of(annotation)))
                    .collect(),
                segments: Rc::from(segment_block_with(block, reaching)),
            };
            match self.blocks.get_mut(index) {
                Some(cached) => *cached = computed,
                None => self.blocks.push(computed),
            }
        }
        self.blocks.iter().map(|cached| cached.segments.clone()).collect()
    }

    /// How many blocks the last [`SegmentCache::update`] had to segment again.
    pub fn recomputed_last(&self) -> usize {
        self.recomputed
    }
}

/// Whether `annotation` would segment exactly as the one `input` was taken from.
fn input_matches((range, layer): &(CodePointRange, SegmentLayer), annotation: &Annotation) -> bool {
    *range == straightened(annotation.range)
        && layer.annotation == annotation.id
        && layer.tags == annotation.tags
        && layer.anchor == annotation.anchor
        && layer.kind == annotation.kind
}

/// An annotation's range with its ends in order, whatever way it was built.
fn straightened(range: CodePointRange) -> CodePointRange {
    CodePointRange::new(range.start, range.end)
}

/// The part of `annotation` inside `block`, in code points from the block's
/// start; `None` when it covers none of the block's text.
fn clip_to_block(annotation: &Annotation, block: &Block) -> Option<CodePointRange> {
    let range = straightened(annotation.range);
    let block_range = block.range();
    let start = range.start.max(block_range.start);
    let end = range.end.min(block_range.end);
    (start < end).then(|| CodePointRange { start: start - block_range.start, end: end - block_range.start })
}

/// Sort key giving the stacking order of layers: shortest first, then the
/// later start, then the id. The index into the caller's slice keeps two
/// copies of one annotation apart.
type LayerOrder<'a> = (usize, Reverse<usize>, &'a AnnotationId, usize);

fn layer_order<'a>(annotation: &'a Annotation, index: usize) -> LayerOrder<'a> {
    let range = straightened(annotation.range);
    (range.len(), Reverse(range.start), &annotation.id, index)
}

/// Whether an annotation opens or closes at a cut point. All the edges at
/// one point are applied before the run starting there is read, so their
/// order among themselves does not matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Edge {
    Closes,
    Opens,
}

/// The sweep behind both public functions. Every annotation in
/// `annotations` must reach into `block`.
fn segment_block_with(block: &Block, annotations: &[&Annotation]) -> Vec<Segment> {
    if block.length == 0 {
        return Vec::new();
    }
    let mut edges: Vec<(usize, Edge, usize)> = Vec::with_capacity(annotations.len() * 2);
    for (index, annotation) in annotations.iter().enumerate() {
        if let Some(clipped) = clip_to_block(annotation, block) {
            edges.push((clipped.start, Edge::Opens, index));
            edges.push((clipped.end, Edge::Closes, index));
        }
    }
    edges.sort_unstable();

    // Runs of the block with the layers covering them, adjacent runs with
    // the same layers merged.
    let mut runs: Vec<(CodePointRange, Vec<SegmentLayer>)> = Vec::new();
    let mut covering: BTreeSet<LayerOrder> = BTreeSet::new();
    let mut run_start = 0;
    let mut next_edge = 0;
    while run_start < block.length {
        while let Some(&(position, edge, index)) = edges.get(next_edge) {
            if position > run_start {
                break;
            }
            let order = layer_order(annotations[index], index);
            match edge {
                Edge::Opens => covering.insert(order),
                Edge::Closes => covering.remove(&order),
            };
            next_edge += 1;
        }
        let run_end = edges.get(next_edge).map_or(block.length, |&(position, _, _)| position);
        let layers: Vec<SegmentLayer> = covering.iter().map(|&(_, _, _, index)| layer_of(annotations[index])).collect();
        match runs.last_mut() {
            Some((previous, previous_layers)) if *previous_layers == layers => previous.end = run_end,
            _ => runs.push((CodePointRange { start: run_start, end: run_end }, layers)),
        }
        run_start = run_end;
    }

    let mut rest_of_block = block.text.as_str();
    runs.into_iter()
        .map(|(range, layers)| {
            let byte_length: usize = rest_of_block.chars().take(range.len()).map(char::len_utf8).sum();
            let (text, rest) = rest_of_block.split_at(byte_length);
            rest_of_block = rest;
            Segment { range, text: text.to_string(), layers }
        })
        .collect()
}

fn layer_of(annotation: &Annotation) -> SegmentLayer {
    SegmentLayer {
        annotation: annotation.id.clone(),
        tags: annotation.tags.clone(),
        length: straightened(annotation.range).len(),
        anchor: annotation.anchor,
        kind: annotation.kind,
    }
}

/// Orphans are not drawn: their range belongs to an older text.
fn is_drawn(annotation: &Annotation) -> bool {
    annotation.anchor != AnchorStatus::Orphan
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::anchoring::selector::TextQuote;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::article::text::slice_code_points;
    use crate::time::Timestamp;

    fn article_of(blocks: &[&str]) -> Article {
        Article::new(ArticleMetadata::default(), blocks.iter().map(|text| (BlockKind::Paragraph, text.to_string())))
    }

    fn annotation(id: &str, start: usize, end: usize, tags: &[&str]) -> Annotation {
        Annotation::new(
            AnnotationId(id.to_string()),
            Timestamp(0),
            CodePointRange::new(start, end),
            TextQuote::default(),
            tags.iter().map(|tag| TagId(tag.to_string())).collect(),
        )
    }

    /// Each segment as (text, ids of its layers, topmost first).
    fn summary(segments: &[Segment]) -> Vec<(&str, Vec<&str>)> {
        segments
            .iter()
            .map(|segment| {
                (segment.text.as_str(), segment.layers.iter().map(|layer| layer.annotation.as_str()).collect())
            })
            .collect()
    }

    #[test]
    fn a_block_without_annotations_is_one_plain_segment() {
        let article = article_of(&["Nothing marked here."]);
        let segments = segment_block(&article.blocks[0], &[]);
        assert_eq!(
            segments,
            vec![Segment { range: CodePointRange::new(0, 20), text: "Nothing marked here.".into(), layers: vec![] }]
        );
    }

    #[test]
    fn orphans_are_not_drawn_and_fuzzy_layers_carry_their_status() {
        let article = article_of(&["The ministry said 1.73 million websites were checked."]);
        let mut orphan = annotation("orphan", 4, 12, &["factual"]);
        orphan.anchor = AnchorStatus::Orphan;
        let mut fuzzy = annotation("fuzzy", 18, 30, &["statistic"]);
        fuzzy.anchor = AnchorStatus::Fuzzy { score_percent: 94 };
        let annotations = [orphan, fuzzy];
        let by_block = segment_block(&article.blocks[0], &annotations);
        assert_eq!(
            summary(&by_block),
            vec![("The ministry said ", vec![]), ("1.73 million", vec!["fuzzy"]), (" websites were checked.", vec![])]
        );
        assert_eq!(by_block[1].layers[0].anchor, AnchorStatus::Fuzzy { score_percent: 94 });
        assert_eq!(segment_article(&article, &annotations), vec![by_block]);
    }

    #[test]
    fn nested_annotations_stack_shortest_on_top() {
        let article = article_of(&["The ministry said 1.73 million websites were checked."]);
        let annotations = [
            annotation("sentence", 0, 53, &["factual"]),
            annotation("figure", 18, 30, &["statistic"]),
            annotation("number", 18, 22, &["statistic", "factual"]),
        ];
        let segments = segment_block(&article.blocks[0], &annotations);
        assert_eq!(
            summary(&segments),
            vec![
                ("The ministry said ", vec!["sentence"]),
                ("1.73", vec!["number", "figure", "sentence"]),
                (" million", vec!["figure", "sentence"]),
                (" websites were checked.", vec!["sentence"]),
            ]
        );
        assert_eq!(segments[1].range, CodePointRange::new(18, 22));
        assert_eq!(
            segments[1].layers[0],
            SegmentLayer {
                annotation: AnnotationId("number".into()),
                tags: vec![TagId("statistic".into()), TagId("factual".into())],
                length: 4,
                anchor: AnchorStatus::Anchored,
                kind: AnnotationKind::Claim,
            }
        );
        assert_eq!(segments[1].layers[1].length, 12);
        assert_eq!(segments[1].layers[2].length, 53);
    }

    #[test]
    fn overlapping_annotations_of_equal_length_put_the_later_start_on_top() {
        let article = article_of(&["alpha beta gamma delta"]);
        let annotations = [annotation("first", 0, 10, &["quote"]), annotation("second", 6, 16, &["opinion"])];
        let segments = segment_block(&article.blocks[0], &annotations);
        assert_eq!(
            summary(&segments),
            vec![
                ("alpha ", vec!["first"]),
                ("beta", vec!["second", "first"]),
                (" gamma", vec!["second"]),
                (" delta", vec![]),
            ]
        );
    }

    #[test]
    fn identical_ranges_are_ordered_by_id() {
        let article = article_of(&["same words"]);
        let annotations = [annotation("b", 0, 4, &[]), annotation("a", 0, 4, &[]), annotation("c", 0, 4, &[])];
        let segments = segment_block(&article.blocks[0], &annotations);
        assert_eq!(summary(&segments), vec![("same", vec!["a", "b", "c"]), (" words", vec![])]);
    }

    #[test]
    fn touching_annotations_do_not_share_a_segment() {
        let article = article_of(&["left right"]);
        let annotations = [annotation("left", 0, 5, &[]), annotation("right", 5, 10, &[])];
        let segments = segment_block(&article.blocks[0], &annotations);
        assert_eq!(summary(&segments), vec![("left ", vec!["left"]), ("right", vec!["right"])]);
    }

    #[test]
    fn equal_neighbouring_layers_are_merged() {
        let article = article_of(&["one two three"]);
        // Two records of one annotation that meet end to end give the same
        // layer on both sides of the cut, so no cut is made.
        let annotations = [annotation("twice", 0, 4, &["quote"]), annotation("twice", 4, 8, &["quote"])];
        let segments = segment_block(&article.blocks[0], &annotations);
        assert_eq!(summary(&segments), vec![("one two ", vec!["twice"]), ("three", vec![])]);
    }

    #[test]
    fn annotations_spanning_blocks_are_clipped_to_each() {
        let article = article_of(&["First block.", "Second one.", "Third."]);
        assert_eq!(article.canonical_text(), "First block.\nSecond one.\nThird.");
        let annotations = [
            // "block.\nSecond": crosses the first separator.
            annotation("across", 6, 19, &["causal"]),
            // Starts on the first separator and ends on the second.
            annotation("separators", 12, 25, &["quote"]),
            // Only the separator: covers no block text at all.
            annotation("gap", 24, 25, &["quote"]),
            // Reaches past the end of the article.
            annotation("tail", 28, 90, &["prediction"]),
        ];
        let segments = segment_article(&article, &annotations);
        assert_eq!(segments.len(), 3);
        assert_eq!(summary(&segments[0]), vec![("First ", vec![]), ("block.", vec!["across"])]);
        assert_eq!(
            summary(&segments[1]),
            vec![
                // Both are 13 code points long; the later start is on top.
                ("Second", vec!["separators", "across"]),
                (" one.", vec!["separators"])
            ]
        );
        assert_eq!(summary(&segments[2]), vec![("Thi", vec![]), ("rd.", vec!["tail"])]);
        assert_eq!(segments[2][1].range, CodePointRange::new(3, 6));
        assert_eq!(segments[2][1].layers[0].length, 62);
    }

    #[test]
    fn cjk_and_emoji_are_cut_on_code_points() {
        let article = article_of(&["Intro.", "北京 😀 said 👍🏽 ok"]);
        let block = &article.blocks[1];
        assert_eq!(block.start, 7);
        let annotations = [
            annotation("emoji", 10, 11, &["opinion"]),
            annotation("capital", 7, 9, &["factual"]),
            // The thumbs-up and its skin-tone modifier: two code points.
            annotation("thumbs", 17, 19, &["quote"]),
        ];
        let segments = segment_block(block, &annotations);
        assert_eq!(
            summary(&segments),
            vec![
                ("北京", vec!["capital"]),
                (" ", vec![]),
                ("😀", vec!["emoji"]),
                (" said ", vec![]),
                ("👍🏽", vec!["thumbs"]),
                (" ok", vec![]),
            ]
        );
        let ranges: Vec<_> = segments.iter().map(|segment| (segment.range.start, segment.range.end)).collect();
        assert_eq!(ranges, vec![(0, 2), (2, 3), (3, 4), (4, 10), (10, 12), (12, 15)]);
    }

    #[test]
    fn segment_block_ignores_annotations_in_other_blocks() {
        let article = article_of(&["One.", "Two."]);
        let annotations = [annotation("elsewhere", 0, 4, &[]), annotation("empty", 6, 6, &[])];
        assert_eq!(summary(&segment_block(&article.blocks[1], &annotations)), vec![("Two.", vec![])]);
    }

    #[test]
    fn many_paragraphs_and_annotations_are_segmented_exactly() {
        let paragraphs: Vec<String> = (0..660)
            .map(|index| format!("Paragraph {index} says that 1.73 million websites were checked by the authority."))
            .collect();
        let article =
            Article::new(ArticleMetadata::default(), paragraphs.into_iter().map(|text| (BlockKind::Paragraph, text)));
        let length = article.len();
        let annotations: Vec<Annotation> = (0..1000)
            .map(|index| {
                let start = (index * 7919) % length;
                let end = (start + 5 + (index * 31) % 400).min(length);
                annotation(&format!("annotation-{index:04}"), start, end, &["factual"])
            })
            .collect();
        let segments = segment_article(&article, &annotations);
        assert_eq!(segments.len(), 660);
        for (block, block_segments) in article.blocks.iter().zip(&segments) {
            let text: String = block_segments.iter().map(|segment| segment.text.as_str()).collect();
            assert_eq!(text, block.text);
        }
    }

    fn article_strategy() -> impl Strategy<Value = Article> {
        let character = prop_oneof![
            4 => prop::sample::select(vec!['a', 'b', ' ', '.']),
            1 => prop::sample::select(vec!['é', '北', '京', '😀', '\u{1F3FD}']),
        ];
        let block =
            prop::collection::vec(character, 1..25).prop_map(|characters| characters.into_iter().collect::<String>());
        prop::collection::vec(block, 1..6).prop_map(|blocks| {
            Article::new(ArticleMetadata::default(), blocks.into_iter().map(|text| (BlockKind::Paragraph, text)))
        })
    }

    fn article_and_annotations() -> impl Strategy<Value = (Article, Vec<Annotation>)> {
        article_strategy().prop_flat_map(|article| {
            // A little past the end, to exercise clamping.
            let limit = article.len() + 3;
            let annotation_strategy = (0..=limit, 0..=limit, 0usize..4, prop::collection::vec(0usize..6, 0..3));
            (Just(article), prop::collection::vec(annotation_strategy, 0..12)).prop_map(|(article, drawn)| {
                let annotations = drawn
                    .into_iter()
                    .enumerate()
                    .map(|(index, (start, end, id_choice, tags))| {
                        // Ids repeat now and then, as ties must still be ordered.
                        let id = if id_choice == 0 { "shared".to_string() } else { format!("id-{index:02}") };
                        let tags: Vec<String> = tags.into_iter().map(|tag| format!("tag-{tag}")).collect();
                        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
                        annotation(&id, start, end, &tags)
                    })
                    .collect();
                (article, annotations)
            })
        })
    }

    proptest! {
        #[test]
        fn segments_tile_each_block_and_carry_each_annotation(
            (article, annotations) in article_and_annotations()
        ) {
            let segmented = segment_article(&article, &annotations);
            prop_assert_eq!(segmented.len(), article.blocks.len());
            for (block, segments) in article.blocks.iter().zip(&segmented) {
                prop_assert_eq!(segments, &segment_block(block, &annotations));
                let mut expected_start = 0;
                for (index, segment) in segments.iter().enumerate() {
                    prop_assert_eq!(segment.range.start, expected_start);
                    prop_assert!(!segment.range.is_empty());
                    prop_assert_eq!(segment.text.as_str(), slice_code_points(&block.text, segment.range.start, segment.range.end));
                    if index > 0 {
                        prop_assert_ne!(&segments[index - 1].layers, &segment.layers);
                    }
                    for pair in segment.layers.windows(2) {
                        prop_assert!(pair[0].length <= pair[1].length);
                    }
                    // At every code point of the segment, the layers are exactly the
                    // annotations covering that code point, in stacking order. (Checked
                    // per code point because two records sharing an id may be merged
                    // into one segment that neither covers alone.)
                    for offset in segment.range.start..segment.range.end {
                        let position = block.start + offset;
                        let mut covering: Vec<(usize, &Annotation)> = annotations
                            .iter()
                            .enumerate()
                            .filter(|(_, annotation)| annotation.range.start <= position && position < annotation.range.end)
                            .collect();
                        covering.sort_by_key(|&(index, annotation)| (annotation.range.len(), Reverse(annotation.range.start), annotation.id.clone(), index));
                        let expected: Vec<SegmentLayer> = covering
                            .into_iter()
                            .map(|(_, annotation)| SegmentLayer { annotation: annotation.id.clone(), tags: annotation.tags.clone(), length: annotation.range.len(), anchor: annotation.anchor, kind: annotation.kind })
                            .collect();
                        prop_assert_eq!(&segment.layers, &expected, "at code point {}", position);
                    }
                    expected_start = segment.range.end;
                }
                prop_assert_eq!(expected_start, block.length);
                let text: String = segments.iter().map(|segment| segment.text.as_str()).collect();
                prop_assert_eq!(&text, &block.text);
            }

            for annotation in annotations.iter().filter(|annotation| annotation.id.as_str() != "shared") {
                let pieces: Vec<String> = segmented
                    .iter()
                    .map(|segments| {
                        segments
                            .iter()
                            .filter(|segment| segment.layers.iter().any(|layer| layer.annotation == annotation.id))
                            .map(|segment| segment.text.as_str())
                            .collect::<String>()
                    })
                    .filter(|piece| !piece.is_empty())
                    .collect();
                let quoted = slice_code_points(article.canonical_text(), annotation.range.start, annotation.range.end);
                // Block texts hold no "\n", so an annotation starting or ending on a
                // separator quotes one "\n" that no segment shows.
                prop_assert_eq!(pieces.join("\n"), quoted.trim_matches('\n'));
            }
        }

        #[test]
        fn the_cache_always_equals_a_fresh_segmentation(
            (article, first) in article_and_annotations(),
            (_, second) in article_and_annotations(),
            keep in prop::collection::vec(any::<bool>(), 12),
        ) {
            // Renders over a sequence of annotation sets sharing some annotations,
            // as edits produce them: each must equal a fresh segmentation.
            let mixed: Vec<Annotation> = first
                .iter()
                .zip(&keep)
                .filter(|(_, keep)| **keep)
                .map(|(annotation, _)| annotation.clone())
                .chain(second.iter().cloned())
                .collect();
            let mut cache = SegmentCache::new();
            for annotations in [&first, &mixed, &second, &first, &first] {
                let cached = cache.update(&article, annotations);
                let fresh = segment_article(&article, annotations);
                prop_assert_eq!(cached.len(), fresh.len());
                for (cached, fresh) in cached.iter().zip(&fresh) {
                    prop_assert_eq!(&cached[..], &fresh[..]);
                }
            }
            prop_assert_eq!(cache.recomputed_last(), 0, "the same annotations again recompute nothing");
        }
    }

    #[test]
    fn the_cache_recomputes_only_the_blocks_an_edit_touches() {
        let article = article_of(&["First block of text.", "Second block of text.", "Third block of text."]);
        let second_start = article.blocks[1].start;
        let third_start = article.blocks[2].start;
        let mut annotations =
            vec![annotation("a", 0, 5, &["claim"]), annotation("c", third_start, third_start + 5, &["claim"])];
        let mut cache = SegmentCache::new();
        let before = cache.update(&article, &annotations);
        assert_eq!(cache.recomputed_last(), 3, "the first call segments every block");

        annotations.insert(1, annotation("b", second_start, second_start + 6, &["claim"]));
        let after = cache.update(&article, &annotations);
        assert_eq!(cache.recomputed_last(), 1);
        assert!(Rc::ptr_eq(&before[0], &after[0]) && Rc::ptr_eq(&before[2], &after[2]), "untouched blocks are shared");
        assert!(!Rc::ptr_eq(&before[1], &after[1]));

        annotations[2].tags.push(TagId("source".to_string()));
        let retagged = cache.update(&article, &annotations);
        assert_eq!(cache.recomputed_last(), 1, "a tag change re-segments the block it shows in");
        assert_eq!(retagged[2][0].layers[0].tags.len(), 2);

        // One annotation across the first two blocks touches both.
        annotations.push(annotation("d", 2, second_start + 3, &[]));
        cache.update(&article, &annotations);
        assert_eq!(cache.recomputed_last(), 2);

        let other = article_of(&["First block of text.", "Second block of text!", "Third block of text."]);
        let segmented = cache.update(&other, &annotations);
        assert_eq!(cache.recomputed_last(), 3, "another text starts over");
        assert_eq!(
            segmented.iter().map(|segments| segments.to_vec()).collect::<Vec<_>>(),
            segment_article(&other, &annotations)
        );
    }
}
