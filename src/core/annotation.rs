//! An annotation: a span of the article, the tags on it, and a note.

use serde::{Deserialize, Serialize};

use crate::core::anchoring::TextQuote;
use crate::core::tags::TagId;
use crate::core::text::CodePointRange;

/// A UUID v4 in its lowercase hyphenated form. Drawn by the browser layer
/// from `crypto.getRandomValues`; the core only carries it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(pub String);

impl AnnotationId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Milliseconds since the Unix epoch, UTC. Read from the JS clock by the
/// browser layer and passed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// One highlight on the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Stable identity across edits, storage and export.
    pub id: AnnotationId,
    /// When the annotation was made.
    pub created: Timestamp,
    /// When it was last changed (tags, note).
    pub modified: Timestamp,
    /// Where it sits in the canonical text, in code points.
    pub range: CodePointRange,
    /// The quoted text with up to 32 code points of context on each side.
    pub quote: TextQuote,
    /// Tags in the order they were added; the first one sets the colour.
    pub tags: Vec<TagId>,
    /// The user's note; empty when there is none.
    pub note: String,
}
