//! The one [`Action`] enum: everything a user (or another tab, or storage)
//! can change in a session, as values.
//!
//! Actions carry what the core cannot make itself: the current time and
//! fresh ids. They are applied by [`crate::session::reducer::Session::apply`].

use std::rc::Rc;

use crate::article::model::Article;
use crate::article::text::CodePointRange;
use crate::session::annotation::{Annotation, AnnotationId, Evidence, Verdict};
use crate::session::annotation::{AnnotationKind, Origin};
use crate::session::history::TrashedAnnotation;
use crate::session::import_merge::ImportBatch;
use crate::session::tag_editing::{TagDisposal, TagMove};
use crate::session::tags::{TagDefinition, TagId, TagSet};
use crate::time::Timestamp;

/// Everything the user can change, as values.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Highlight `range` (already normalised) with `tag`. If an annotation
    /// already covers exactly this range, the tag is added to it instead and
    /// that annotation is opened. Nothing happens when the range is empty or
    /// backwards, reaches past the article, or `id` is already taken.
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
    /// An annotation left with no tag stays, as a plain highlight.
    ToggleTag {
        /// The annotation.
        id: AnnotationId,
        /// The tag.
        tag: TagId,
        /// The current time.
        now: Timestamp,
    },
    /// Replace an annotation's note. Setting the note it already has is not
    /// a change.
    SetNote {
        /// The annotation.
        id: AnnotationId,
        /// The new note.
        note: String,
        /// The current time.
        now: Timestamp,
    },
    /// Delete an annotation, closing the editor if it was open on it. It
    /// goes to the trash, from which it can be restored.
    Delete {
        /// The annotation.
        id: AnnotationId,
        /// The current time, recorded as the deletion time.
        now: Timestamp,
    },
    /// Take back the last recorded change (see [`crate::session::history`]).
    Undo,
    /// Apply the last undone change again.
    Redo,
    /// Bring an annotation back from the trash, exactly as it was deleted.
    /// Nothing happens when it is not in the trash.
    RestoreFromTrash {
        /// The annotation.
        id: AnnotationId,
    },
    /// Empty the trash for good (undo can still bring it back in this tab).
    EmptyTrash,
    /// Replace the trash with the one read from storage. Like `Load`, not a
    /// change to save and not an undo step; entries whose id is live are
    /// left out.
    LoadTrash {
        /// The stored trash.
        trash: Vec<TrashedAnnotation>,
    },
    /// Open an annotation for editing, or close the open one.
    Open(Option<AnnotationId>),
    /// Replace every annotation with ones loaded from storage. They are put
    /// in document order and, when an id appears twice, the copy modified
    /// last is kept. The caller is expected to have validated them against
    /// the article (as [`crate::storage::persist::decode_annotations`] does).
    Load {
        /// The loaded annotations.
        annotations: Vec<Annotation>,
    },
    /// Take in what another tab saved (or a restored backup): merged by id,
    /// the later `modified` winning, the union kept, and annotations that a
    /// tombstone deleted at or after their last change removed (see
    /// [`crate::session::merge::merge`]). A change bumps the revision, so the
    /// merged list is saved; a merge that changes nothing does not.
    MergeRemote {
        /// The other side's annotations.
        annotations: Vec<Annotation>,
        /// The other side's deletions.
        tombstones: Vec<crate::session::merge::Tombstone>,
    },
    /// Merge a validated import into the annotations (see
    /// [`crate::session::import_merge::merge_annotations`]), remembering
    /// the list from before so the import can be undone in one step.
    Import {
        /// The annotations read from the file.
        batch: ImportBatch,
    },
    /// Restore the annotations exactly as they were before the last import,
    /// if nothing else has changed since.
    UndoImport,
    /// Switch to a new version of the article's text, re-anchoring every
    /// annotation on it (see [`crate::session::reanchor`]). Annotations that
    /// cannot be placed become orphans; none is ever dropped. Nothing
    /// happens when the text is the same.
    ReplaceArticle {
        /// The new version.
        article: Rc<Article>,
    },
    /// Place an annotation (typically an orphan) on `range` by hand: it takes
    /// the range, a quote described from the text there, and the anchored
    /// status. Nothing happens when the range is empty, backwards or past
    /// the article, or another placed annotation already covers exactly it.
    Reattach {
        /// The annotation.
        id: AnnotationId,
        /// The new span, in code points of the canonical text.
        range: CodePointRange,
        /// The current time.
        now: Timestamp,
    },
    /// Accept a check-worthiness suggestion: exactly [`Action::Create`],
    /// except that a new annotation records `origin` (the suggestion's score
    /// and the model's version).
    AcceptSuggestion {
        /// Id for the new annotation.
        id: AnnotationId,
        /// The current time.
        now: Timestamp,
        /// The suggested sentence, in code points of the canonical text.
        range: CodePointRange,
        /// The tag the user chose.
        tag: TagId,
        /// Where the suggestion came from.
        origin: Origin,
    },
    /// Reject a check-worthiness suggestion: record `range` as reviewed and
    /// not a claim, with no tag, keeping `origin` so the rejection can be
    /// told apart from a manual one. Nothing happens when the range is empty,
    /// backwards or past the article, `id` is taken, or an annotation
    /// already covers exactly this range.
    RejectSuggestion {
        /// Id for the new annotation.
        id: AnnotationId,
        /// The current time.
        now: Timestamp,
        /// The suggested sentence, in code points of the canonical text.
        range: CodePointRange,
        /// Where the suggestion came from.
        origin: Origin,
    },
    /// Set a claim's verdict.
    SetVerdict {
        /// The annotation.
        id: AnnotationId,
        /// The verdict.
        verdict: Verdict,
        /// The current time.
        now: Timestamp,
    },
    /// Set who made the claim (trimmed, whitespace collapsed; empty clears
    /// it). Refused when [`crate::session::claim_fields::check_claimant`] refuses it.
    SetClaimant {
        /// The annotation.
        id: AnnotationId,
        /// The claimant.
        claimant: String,
        /// The current time.
        now: Timestamp,
    },
    /// Add an evidence link at the end of the list. Refused when
    /// [`crate::session::claim_fields::check_evidence`] refuses it or the list is full.
    AddEvidence {
        /// The annotation.
        id: AnnotationId,
        /// The link.
        evidence: Evidence,
        /// The current time.
        now: Timestamp,
    },
    /// Replace the evidence link at `index`. Refused like [`Action::AddEvidence`],
    /// or when there is no link at `index`.
    EditEvidence {
        /// The annotation.
        id: AnnotationId,
        /// Which link, counting from 0.
        index: usize,
        /// The new link.
        evidence: Evidence,
        /// The current time.
        now: Timestamp,
    },
    /// Remove the evidence link at `index`.
    RemoveEvidence {
        /// The annotation.
        id: AnnotationId,
        /// Which link, counting from 0.
        index: usize,
        /// The current time.
        now: Timestamp,
    },
    /// Set (`yyyy-mm-dd`) or clear (`None`) the date the claim was checked.
    /// Refused when the date is not a real calendar date.
    SetChecked {
        /// The annotation.
        id: AnnotationId,
        /// The date.
        checked: Option<String>,
        /// The current time.
        now: Timestamp,
    },
    /// Mark `range` as reviewed and not a claim. If a placed annotation
    /// already covers exactly this range it becomes a not-a-claim (keeping
    /// its tags and details) and is opened; otherwise a new untagged
    /// not-a-claim is made. Nothing happens on an empty, backwards or
    /// out-of-bounds range, or when `id` is taken.
    MarkNotAClaim {
        /// Id for a new annotation.
        id: AnnotationId,
        /// The current time.
        now: Timestamp,
        /// The span, in code points of the canonical text.
        range: CodePointRange,
    },
    /// Make an annotation a claim or a reviewed not-a-claim. Its tags and
    /// claim details are kept either way.
    SetKind {
        /// The annotation.
        id: AnnotationId,
        /// The kind.
        kind: AnnotationKind,
        /// The current time.
        now: Timestamp,
    },
    /// Mark the whole article as fully reviewed, or take the mark back.
    SetFullyReviewed {
        /// True once every sentence has been looked at.
        reviewed: bool,
    },
    /// Take in the "fully reviewed" mark read from storage (on load, or
    /// another tab's change): like [`Action::Load`], not a change to save.
    RestoreFullyReviewed {
        /// The stored mark.
        reviewed: bool,
    },
    /// Add a tag at the end of the set. Refused when
    /// [`crate::session::tag_editing::apply_edit`] refuses it (empty, long or
    /// taken label, unreadable colour, taken id, a hotkey that is no digit);
    /// a hotkey another tag holds moves to the new tag.
    AddTag {
        /// The new tag; its id from [`crate::session::tag_editing::new_tag_id`].
        definition: TagDefinition,
    },
    /// Give a tag a new label (refused like [`Action::AddTag`]).
    RenameTag {
        /// The tag.
        id: TagId,
        /// The new label.
        label: String,
    },
    /// Give a tag a new `#rrggbb` colour (refused when malformed or when
    /// black text on it has a contrast below 4.5:1).
    RecolorTag {
        /// The tag.
        id: TagId,
        /// The new colour.
        color: String,
    },
    /// Move a tag one place up or down the list (the toolbar's order).
    MoveTag {
        /// The tag.
        id: TagId,
        /// Which way.
        direction: TagMove,
    },
    /// Bind a digit to a tag, taking it from the tag that held it, or
    /// unbind the tag's key (`None`). Letters are refused.
    SetTagHotkey {
        /// The tag.
        id: TagId,
        /// The digit, or `None`.
        hotkey: Option<char>,
    },
    /// Delete a tag, doing `disposal` to the annotations that carry it.
    /// The definition is remembered as retired. Nothing happens when the
    /// set lacks the tag or it is the last one, or the replacement is the
    /// tag itself or unknown.
    DeleteTag {
        /// The tag.
        id: TagId,
        /// What happens to its annotations.
        disposal: TagDisposal,
        /// The current time: their `modified`, or their deletion time.
        now: Timestamp,
    },
    /// Replace the tag set with the one read from storage (on load, or
    /// another tab's change): like [`Action::Load`], not an undo step nor a
    /// change to save. Ids the annotations use and it lacks are adopted.
    LoadTags {
        /// The stored set.
        tags: TagSet,
    },
}
