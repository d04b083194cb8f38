//! Highlight segmentation: cuts each block into runs of text covered by the
//! same set of annotations, so overlapping and nested highlights render as
//! flat, non-nested marks.
//!
//! SKELETON — to be implemented.

use crate::core::annotation::{Annotation, AnnotationId};
use crate::core::article::{Article, Block};
use crate::core::tags::TagId;
use crate::core::text::CodePointRange;

/// One annotation covering a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentLayer {
    /// The covering annotation.
    pub annotation: AnnotationId,
    /// Its tags, first one first.
    pub tags: Vec<TagId>,
    /// Its length in code points; shorter layers are on top.
    pub length: usize,
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
pub fn segment_block(block: &Block, annotations: &[Annotation]) -> Vec<Segment> {
    let _ = (block, annotations);
    todo!()
}

/// Segments of every block, indexed like `article.blocks`.
pub fn segment_article(article: &Article, annotations: &[Annotation]) -> Vec<Vec<Segment>> {
    let _ = (article, annotations);
    todo!()
}
