//! The session: one article, its annotations, and the reducer that changes them.
//!
//! SKELETON — to be implemented.

use std::rc::Rc;

use crate::core::annotation::{Annotation, AnnotationId, Timestamp};
use crate::core::article::Article;
use crate::core::tags::{TagId, TagSet};
use crate::core::text::CodePointRange;

/// Everything the user can change, as values.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Highlight `range` (already normalised) with `tag`. If an annotation
    /// already covers exactly this range, the tag is added to it instead.
    Create {
        /// Id for the new annotation.
        id: AnnotationId,
        /// The current time.
        now: Timestamp,
        /// The span, in code points of the canonical text.
        range: CodePointRange,
        /// The first tag.
        tag: TagId,
    },
    /// Add `tag` to an annotation if it lacks it, remove it if it has it.
    ToggleTag {
        /// The annotation.
        id: AnnotationId,
        /// The tag.
        tag: TagId,
        /// The current time.
        now: Timestamp,
    },
    /// Replace an annotation's note.
    SetNote {
        /// The annotation.
        id: AnnotationId,
        /// The new note.
        note: String,
        /// The current time.
        now: Timestamp,
    },
    /// Delete an annotation.
    Delete {
        /// The annotation.
        id: AnnotationId,
    },
    /// Open an annotation for editing, or close the open one.
    Open(Option<AnnotationId>),
    /// Replace every annotation with ones loaded from storage.
    Load {
        /// The loaded annotations.
        annotations: Vec<Annotation>,
    },
}

/// The state of one annotating session.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// The article being annotated.
    pub article: Rc<Article>,
    /// The tags offered.
    pub tags: Rc<TagSet>,
    /// Annotations in document order: by start, then longer first, then id.
    pub annotations: Vec<Annotation>,
    /// The annotation open in the editor.
    pub open: Option<AnnotationId>,
    /// Bumped by every change that must be saved; not by `Open`/`Load`.
    pub revision: u64,
}

impl Session {
    /// A session on `article` with the default tags and no annotations.
    pub fn new(article: Rc<Article>) -> Session {
        Session { article, tags: Rc::new(TagSet::defaults()), annotations: Vec::new(), open: None, revision: 0 }
    }

    /// Applies `action`. Actions on unknown ids change nothing.
    pub fn apply(&mut self, action: Action) {
        let _ = action;
        todo!()
    }

    /// The annotation with `id`.
    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations.iter().find(|annotation| &annotation.id == id)
    }
}
