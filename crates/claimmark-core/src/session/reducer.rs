//! The session: one article, its annotations, and the reducer that changes them.
//!
//! Every user change arrives as an [`Action`] value and goes through
//! [`Session::apply`], so the whole editing model is testable without a
//! browser. The session keeps its annotations in document order and counts
//! the changes that must be saved in [`Session::revision`]; the browser layer
//! saves whenever that number moves.
//!
//! This module knows nothing of storage, rendering or the clock: the current
//! time and fresh ids come in inside the actions.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use crate::anchoring::selector;
use crate::article::model::Article;
use crate::article::text::CodePointRange;
use crate::session::action::Action;
use crate::session::annotation::document_order;
use crate::session::annotation::{AnchorStatus, Annotation, AnnotationId, AnnotationKind, Origin};
use crate::session::claim_fields;
use crate::session::describe::{describe_after, describe_before};
use crate::session::history::{trash_order, History, Recorded, RecordedMut, Step, TrashedAnnotation};
use crate::session::import_merge::{merge_annotations, ImportBatch, ImportRecord};
use crate::session::tag_editing::{apply_edit, retag, TagDisposal, TagEdit};
use crate::session::tags::{TagDefinition, TagId, TagSet};
use crate::time::Timestamp;

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
    /// The last import, while it can still be undone.
    pub last_import: Option<Rc<ImportRecord>>,
    /// Deleted annotations, the latest deletion first, until emptied.
    pub trash: Vec<TrashedAnnotation>,
    /// The undo and redo stacks.
    pub history: History,
    /// What the last action did when it was an `Undo`, `Redo` or
    /// `RestoreFromTrash` that changed something ("Undone: Highlight
    /// deleted: “…”"), for the screen-reader announcement; `None` otherwise.
    pub last_replayed: Option<String>,
    /// The user marked the whole article as reviewed.
    pub fully_reviewed: bool,
}

impl Session {
    /// A session on `article` with the default tags and no annotations.
    pub fn new(article: Rc<Article>) -> Session {
        Session {
            article,
            tags: Rc::new(TagSet::defaults()),
            annotations: Vec::new(),
            open: None,
            revision: 0,
            last_import: None,
            trash: Vec::new(),
            history: History::default(),
            last_replayed: None,
            fully_reviewed: false,
        }
    }

    /// Applies `action`, recording it as an undo step when it changed the
    /// annotations, the trash, the text, the tags or the review mark.
    /// `Open`, `Load`, `LoadTrash` and `MergeRemote` are never recorded (see
    /// [`crate::session::history`] for why a merge is not undone). Actions on
    /// unknown ids change nothing.
    pub fn apply(&mut self, action: Action) {
        *self = self.applied(action);
    }

    /// The session after `action`, as [`apply`](Session::apply) makes it.
    /// The copy made here is the only one: the undo step is worked out
    /// against `self`, which is the state before.
    pub fn applied(&self, action: Action) -> Session {
        let mut next = self.clone();
        next.apply_after(action, self);
        next
    }

    fn apply_after(&mut self, action: Action, before: &Session) {
        self.last_replayed = None;
        match action {
            Action::Undo | Action::Redo => {
                let (history, recorded) = self.history_and_recorded();
                let replayed = if action == Action::Undo {
                    history.undo(recorded).map(|description| format!("Undone: {description}"))
                } else {
                    history.redo(recorded).map(|description| format!("Redone: {description}"))
                };
                if replayed.is_some() {
                    self.close_editor_if_gone();
                    self.revision += 1;
                }
                self.last_replayed = replayed;
                self.adopt_used_tags(&[]);
            }
            Action::Open(_)
            | Action::Load { .. }
            | Action::MergeRemote { .. }
            | Action::LoadTrash { .. }
            | Action::LoadTags { .. }
            | Action::RestoreFullyReviewed { .. } => self.apply_change(action),
            action => {
                let revision_before = self.revision;
                let restoring = matches!(action, Action::RestoreFromTrash { .. });
                let described_before = describe_before(&action, before.recorded());
                self.apply_change(action);
                if self.revision == revision_before {
                    return;
                }
                let description =
                    described_before.unwrap_or_else(|| describe_after(before.recorded(), self.recorded()));
                if restoring {
                    self.last_replayed = Some(description.clone());
                }
                if let Some(step) = Step::between(description, before.recorded(), self.recorded()) {
                    self.history.record(step);
                }
            }
        }
    }

    /// The parts of the session that undo and redo record.
    pub fn recorded(&self) -> Recorded<'_> {
        Recorded {
            annotations: &self.annotations,
            trash: &self.trash,
            article: &self.article,
            tags: &self.tags,
            fully_reviewed: self.fully_reviewed,
        }
    }

    /// The history, and the parts of the session it puts back, borrowed
    /// apart so a step can be replayed onto them.
    fn history_and_recorded(&mut self) -> (&mut History, RecordedMut<'_>) {
        let recorded = RecordedMut {
            annotations: &mut self.annotations,
            trash: &mut self.trash,
            article: &mut self.article,
            tags: &mut self.tags,
            fully_reviewed: &mut self.fully_reviewed,
        };
        (&mut self.history, recorded)
    }

    fn close_editor_if_gone(&mut self) {
        if let Some(open) = &self.open {
            if self.annotation(open).is_none() {
                self.open = None;
            }
        }
    }

    /// Applies one action, then gives the tag set a definition for every
    /// tag id an annotation carries and the set lacks, so no tag is ever
    /// shown as a bare id or lost (an import's own definitions first).
    fn apply_change(&mut self, action: Action) {
        let offered = match &action {
            Action::Import { batch } => batch.tag_definitions.clone(),
            _ => Vec::new(),
        };
        self.apply_action(action);
        self.adopt_used_tags(&offered);
    }

    fn adopt_used_tags(&mut self, offered: &[TagDefinition]) {
        let missing = self
            .annotations
            .iter()
            .flat_map(|annotation| annotation.tags.iter())
            .any(|tag| self.tags.get(tag).is_none());
        if missing {
            let used: Vec<TagId> =
                self.annotations.iter().flat_map(|annotation| annotation.tags.iter().cloned()).collect();
            Rc::make_mut(&mut self.tags).adopt_missing(&used, offered);
        }
    }

    fn apply_action(&mut self, action: Action) {
        match action {
            Action::Create { id, now, range, tag } => self.create(id, now, range, tag),
            Action::ToggleTag { id, tag, now } => self.toggle_tag(&id, tag, now),
            Action::SetNote { id, note, now } => self.set_note(&id, note, now),
            Action::Delete { id, now } => self.delete(&id, now),
            Action::Undo | Action::Redo => {}
            Action::RestoreFromTrash { id } => self.restore_from_trash(&id),
            Action::EmptyTrash => {
                if !self.trash.is_empty() {
                    self.trash.clear();
                    self.revision += 1;
                }
            }
            Action::LoadTrash { trash } => {
                let mut kept: Vec<TrashedAnnotation> =
                    trash.into_iter().filter(|entry| self.annotation(&entry.annotation.id).is_none()).collect();
                kept.sort_by(trash_order);
                kept.dedup_by(|later, earlier| later.annotation.id == earlier.annotation.id);
                self.trash = kept;
            }
            Action::Open(None) => self.open = None,
            Action::Open(Some(id)) => {
                if self.annotation(&id).is_some() {
                    self.open = Some(id);
                }
            }
            Action::Load { annotations } => self.load(annotations),
            Action::MergeRemote { annotations, tombstones } => self.merge_remote(annotations, tombstones),
            Action::Import { batch } => self.import(batch),
            Action::UndoImport => self.undo_import(),
            Action::ReplaceArticle { article } => self.replace_article(article),
            Action::Reattach { id, range, now } => self.reattach(&id, range, now),
            Action::AcceptSuggestion { id, now, range, tag, origin } => {
                self.accept_suggestion(id, now, range, tag, origin)
            }
            Action::RejectSuggestion { id, now, range, origin } => self.reject_suggestion(id, now, range, origin),
            Action::SetVerdict { id, verdict, now } => {
                self.edit_claim(&id, now, |annotation| annotation.claim.verdict = verdict)
            }
            Action::SetClaimant { id, claimant, now } => {
                if let Ok(claimant) = claim_fields::check_claimant(&claimant) {
                    self.edit_claim(&id, now, |annotation| annotation.claim.claimant = claimant);
                }
            }
            Action::AddEvidence { id, evidence, now } => {
                let Ok(evidence) = claim_fields::check_evidence(&evidence.url, &evidence.label) else { return };
                self.edit_claim(&id, now, |annotation| {
                    if claim_fields::check_room_for_evidence(annotation.claim.evidence.len()).is_ok() {
                        annotation.claim.evidence.push(evidence);
                    }
                })
            }
            Action::EditEvidence { id, index, evidence, now } => {
                let Ok(evidence) = claim_fields::check_evidence(&evidence.url, &evidence.label) else { return };
                self.edit_claim(&id, now, |annotation| {
                    if let Some(slot) = annotation.claim.evidence.get_mut(index) {
                        *slot = evidence;
                    }
                })
            }
            Action::RemoveEvidence { id, index, now } => self.edit_claim(&id, now, |annotation| {
                if index < annotation.claim.evidence.len() {
                    annotation.claim.evidence.remove(index);
                }
            }),
            Action::SetChecked { id, checked, now } => {
                let Ok(checked) = claim_fields::check_checked_date(checked.as_deref().unwrap_or("")) else { return };
                self.edit_claim(&id, now, |annotation| annotation.claim.checked = checked)
            }
            Action::MarkNotAClaim { id, now, range } => self.mark_not_a_claim(id, now, range),
            Action::SetKind { id, kind, now } => self.edit_claim(&id, now, |annotation| annotation.kind = kind),
            Action::RestoreFullyReviewed { reviewed } => self.fully_reviewed = reviewed,
            Action::AddTag { definition } => self.edit_tags(TagEdit::Add(definition)),
            Action::RenameTag { id, label } => self.edit_tags(TagEdit::Rename(id, label)),
            Action::RecolorTag { id, color } => self.edit_tags(TagEdit::Recolor(id, color)),
            Action::MoveTag { id, direction } => self.edit_tags(TagEdit::Move(id, direction)),
            Action::SetTagHotkey { id, hotkey } => self.edit_tags(TagEdit::SetHotkey(id, hotkey)),
            Action::DeleteTag { id, disposal, now } => self.delete_tag(&id, disposal, now),
            Action::LoadTags { tags } => {
                if *self.tags != tags {
                    self.tags = Rc::new(tags);
                }
            }
            Action::SetFullyReviewed { reviewed } => {
                if self.fully_reviewed != reviewed {
                    self.fully_reviewed = reviewed;
                    self.revision += 1;
                }
            }
        }
    }

    fn replace_article(&mut self, article: Rc<Article>) {
        if article.id == self.article.id {
            return;
        }
        let mut reanchored = crate::session::reanchor::reanchor_annotations(&article, &self.annotations).annotations;
        reanchored.sort_by(document_order);
        self.annotations = reanchored;
        // Trashed annotations follow the text too, so a restore places them right.
        let trashed: Vec<Annotation> = self.trash.iter().map(|entry| entry.annotation.clone()).collect();
        let reanchored_trash = crate::session::reanchor::reanchor_annotations(&article, &trashed).annotations;
        for (entry, annotation) in self.trash.iter_mut().zip(reanchored_trash) {
            entry.annotation = annotation;
        }
        self.article = article;
        self.last_import = None;
        self.revision += 1;
    }

    fn reattach(&mut self, id: &AnnotationId, range: CodePointRange, now: Timestamp) {
        let placed_elsewhere = |annotation: &Annotation| {
            &annotation.id != id && annotation.range == range && annotation.anchor != AnchorStatus::Orphan
        };
        if range.start >= range.end || range.end > self.article.len() || self.annotations.iter().any(placed_elsewhere) {
            return;
        }
        let quote = selector::describe(&self.article, range).quote;
        let Some(annotation) = self.annotation_mut(id) else {
            return;
        };
        if annotation.range == range && annotation.anchor == AnchorStatus::Anchored {
            return;
        }
        annotation.range = range;
        annotation.quote = quote;
        annotation.anchor = AnchorStatus::Anchored;
        annotation.modified = now;
        self.annotations.sort_by(document_order);
        self.revision += 1;
    }

    /// True while the last import can be undone: it changed something and
    /// nothing has changed since.
    pub fn can_undo_import(&self) -> bool {
        self.last_import
            .as_ref()
            .is_some_and(|record| record.revision_after == self.revision && record.summary.imported > 0)
    }

    fn import(&mut self, batch: ImportBatch) {
        let (merged, summary) = merge_annotations(&self.annotations, &batch.annotations);
        let previous = std::mem::replace(&mut self.annotations, merged);
        if summary.imported > 0 {
            self.revision += 1;
        }
        let format = batch.format;
        self.last_import = Some(Rc::new(ImportRecord { previous, revision_after: self.revision, summary, format }));
    }

    fn undo_import(&mut self) {
        if !self.can_undo_import() {
            return;
        }
        let Some(record) = self.last_import.take() else { return };
        self.annotations = record.previous.clone();
        if let Some(open) = &self.open {
            if self.annotation(open).is_none() {
                self.open = None;
            }
        }
        self.revision += 1;
    }

    /// The annotation with `id`.
    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations.iter().find(|annotation| &annotation.id == id)
    }

    /// How many annotations carry each tag, for the sidebar. Every tag of the
    /// session's tag set comes first, in the set's order, zero counts
    /// included; tags the set does not define but some annotation carries
    /// (from an older set, or an import) follow, ordered by id.
    pub fn tag_counts(&self) -> Vec<(TagId, usize)> {
        let mut counts: Vec<(TagId, usize)> = self.tags.tags.iter().map(|tag| (tag.id.clone(), 0)).collect();
        let known_tag_count = counts.len();
        for annotation in &self.annotations {
            for tag in &annotation.tags {
                match counts.iter_mut().find(|(counted, _)| counted == tag) {
                    Some((_, count)) => *count += 1,
                    None => counts.push((tag.clone(), 1)),
                }
            }
        }
        counts[known_tag_count..].sort_by(|(left, _), (right, _)| left.cmp(right));
        counts
    }

    fn create(&mut self, id: AnnotationId, now: Timestamp, range: CodePointRange, tag: TagId) {
        if range.start >= range.end || range.end > self.article.len() {
            return;
        }
        // An orphan's range belongs to an older text, so it never matches.
        if let Some(existing) = self
            .annotations
            .iter_mut()
            .find(|annotation| annotation.range == range && annotation.anchor != AnchorStatus::Orphan)
        {
            if !existing.tags.contains(&tag) {
                existing.tags.push(tag);
                // Tagging a span reviewed as not a claim makes it a claim.
                existing.kind = AnnotationKind::Claim;
                existing.modified = now;
                self.revision += 1;
            }
            self.open = Some(existing.id.clone());
            return;
        }
        if self.id_in_use(&id) {
            return;
        }
        let quote = selector::describe(&self.article, range).quote;
        self.insert_new(Annotation::new(id, now, range, quote, vec![tag]));
    }

    /// Inserts a new annotation at its place in document order.
    fn insert_new(&mut self, annotation: Annotation) {
        let index = self.annotations.partition_point(|other| document_order(other, &annotation) == Ordering::Less);
        self.annotations.insert(index, annotation);
        self.revision += 1;
    }

    fn accept_suggestion(
        &mut self,
        id: AnnotationId,
        now: Timestamp,
        range: CodePointRange,
        tag: TagId,
        origin: Origin,
    ) {
        let id_was_free = self.annotation(&id).is_none();
        self.create(id.clone(), now, range, tag);
        if let Some(created) = self.annotation_mut(&id).filter(|_| id_was_free) {
            created.origin = origin;
        }
    }

    fn reject_suggestion(&mut self, id: AnnotationId, now: Timestamp, range: CodePointRange, origin: Origin) {
        let range_is_valid = range.start < range.end && range.end <= self.article.len();
        let range_is_taken = self
            .annotations
            .iter()
            .any(|annotation| annotation.range == range && annotation.anchor != AnchorStatus::Orphan);
        if !range_is_valid || range_is_taken || self.id_in_use(&id) {
            return;
        }
        let quote = selector::describe(&self.article, range).quote;
        let mut annotation = Annotation::new(id, now, range, quote, Vec::new());
        annotation.kind = AnnotationKind::NotAClaim;
        annotation.origin = origin;
        self.insert_new(annotation);
    }

    /// Applies `change` to an annotation; a change that leaves it as it
    /// was is not a change (no new `modified`, no new revision).
    fn edit_claim(&mut self, id: &AnnotationId, now: Timestamp, change: impl FnOnce(&mut Annotation)) {
        let Some(annotation) = self.annotation_mut(id) else {
            return;
        };
        let before = (annotation.claim.clone(), annotation.kind);
        change(annotation);
        if (annotation.claim.clone(), annotation.kind) == before {
            return;
        }
        annotation.modified = now;
        self.revision += 1;
    }

    fn mark_not_a_claim(&mut self, id: AnnotationId, now: Timestamp, range: CodePointRange) {
        if range.start >= range.end || range.end > self.article.len() {
            return;
        }
        let existing = self
            .annotations
            .iter()
            .find(|annotation| annotation.range == range && annotation.anchor != AnchorStatus::Orphan)
            .map(|annotation| annotation.id.clone());
        if let Some(existing) = existing {
            self.edit_claim(&existing, now, |annotation| annotation.kind = AnnotationKind::NotAClaim);
            self.open = Some(existing);
            return;
        }
        if self.id_in_use(&id) {
            return;
        }
        let quote = selector::describe(&self.article, range).quote;
        let mut annotation = Annotation::new(id, now, range, quote, Vec::new());
        annotation.kind = AnnotationKind::NotAClaim;
        self.insert_new(annotation);
    }

    fn toggle_tag(&mut self, id: &AnnotationId, tag: TagId, now: Timestamp) {
        let Some(annotation) = self.annotation_mut(id) else {
            return;
        };
        match annotation.tags.iter().position(|carried| carried == &tag) {
            Some(index) => {
                annotation.tags.remove(index);
            }
            None => {
                annotation.tags.push(tag);
                // Tagging a span reviewed as not a claim makes it a claim.
                annotation.kind = AnnotationKind::Claim;
            }
        }
        annotation.modified = now;
        self.revision += 1;
    }

    fn set_note(&mut self, id: &AnnotationId, note: String, now: Timestamp) {
        let Some(annotation) = self.annotation_mut(id) else {
            return;
        };
        if annotation.note == note {
            return;
        }
        annotation.note = note;
        annotation.modified = now;
        self.revision += 1;
    }

    fn delete(&mut self, id: &AnnotationId, now: Timestamp) {
        let Some(index) = self.annotations.iter().position(|annotation| &annotation.id == id) else {
            return;
        };
        let annotation = self.annotations.remove(index);
        self.trash.retain(|entry| &entry.annotation.id != id);
        let entry = TrashedAnnotation { annotation, deleted_at: now };
        let position = self.trash.partition_point(|other| trash_order(other, &entry) == Ordering::Less);
        self.trash.insert(position, entry);
        if self.open.as_ref() == Some(id) {
            self.open = None;
        }
        self.revision += 1;
    }

    fn restore_from_trash(&mut self, id: &AnnotationId) {
        let Some(index) = self.trash.iter().position(|entry| &entry.annotation.id == id) else {
            return;
        };
        let entry = self.trash.remove(index);
        if self.annotation(id).is_none() {
            let position =
                self.annotations.partition_point(|other| document_order(other, &entry.annotation) == Ordering::Less);
            self.annotations.insert(position, entry.annotation);
        }
        self.revision += 1;
    }

    /// True when `id` names a live annotation or one in the trash, so a new
    /// annotation cannot take it.
    fn id_in_use(&self, id: &AnnotationId) -> bool {
        self.annotation(id).is_some() || self.trash.iter().any(|entry| &entry.annotation.id == id)
    }

    fn load(&mut self, annotations: Vec<Annotation>) {
        let mut newest_by_id: HashMap<AnnotationId, Annotation> = HashMap::with_capacity(annotations.len());
        for annotation in annotations {
            match newest_by_id.get(&annotation.id) {
                Some(kept) if kept.modified >= annotation.modified => {}
                _ => {
                    newest_by_id.insert(annotation.id.clone(), annotation);
                }
            }
        }
        let mut loaded: Vec<Annotation> = newest_by_id.into_values().collect();
        loaded.sort_by(document_order);
        self.annotations = loaded;
        if let Some(open) = &self.open {
            if self.annotation(open).is_none() {
                self.open = None;
            }
        }
    }

    fn merge_remote(&mut self, annotations: Vec<Annotation>, tombstones: Vec<crate::session::merge::Tombstone>) {
        use crate::session::merge::{merge, AnnotationSet};
        let local = AnnotationSet::new(self.annotations.clone(), Vec::new());
        let merged = merge(&local, &AnnotationSet::new(annotations, tombstones));
        if merged.annotations == self.annotations {
            return;
        }
        self.annotations = merged.annotations;
        if let Some(open) = &self.open {
            if self.annotation(open).is_none() {
                self.open = None;
            }
        }
        self.revision += 1;
    }

    fn edit_tags(&mut self, edit: TagEdit) {
        if let Ok(next) = apply_edit(&self.tags, &edit) {
            if next != *self.tags {
                self.tags = Rc::new(next);
                self.revision += 1;
            }
        }
    }

    fn delete_tag(&mut self, id: &TagId, disposal: TagDisposal, now: Timestamp) {
        // The toolbar needs at least one tag to highlight with.
        if self.tags.get(id).is_none() || self.tags.tags.len() == 1 {
            return;
        }
        if let TagDisposal::ReplaceWith(replacement) = &disposal {
            if replacement == id || self.tags.get(replacement).is_none() {
                return;
            }
        }
        let revision_before = self.revision;
        if disposal == TagDisposal::DeleteAnnotations {
            let carrying: Vec<AnnotationId> = self
                .annotations
                .iter()
                .filter(|annotation| annotation.tags.contains(id))
                .map(|annotation| annotation.id.clone())
                .collect();
            for annotation_id in carrying {
                self.delete(&annotation_id, now);
            }
        } else {
            for annotation in self.annotations.iter_mut().filter(|annotation| annotation.tags.contains(id)) {
                annotation.tags = retag(&annotation.tags, id, &disposal);
                annotation.modified = now;
            }
        }
        Rc::make_mut(&mut self.tags).retire(id);
        self.revision = revision_before + 1;
    }

    fn annotation_mut(&mut self, id: &AnnotationId) -> Option<&mut Annotation> {
        self.annotations.iter_mut().find(|annotation| &annotation.id == id)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::article::text::slice_code_points;
    use crate::session::annotation::{Evidence, Verdict};
    use crate::session::tag_editing::TagMove;
    use crate::test_support::tag_action_strategy;
    use proptest::prelude::*;

    fn article() -> Rc<Article> {
        Rc::new(Article::new(
            ArticleMetadata { title: "Online providers' help sought".into(), ..Default::default() },
            vec![
                (BlockKind::Headline, "Online providers' help sought".to_string()),
                (
                    BlockKind::Paragraph,
                    "According to the Ministry of Public Security, 1.73 million cases of illegal online activity \
                     have been dealt with since the beginning of the year."
                        .to_string(),
                ),
                (BlockKind::Caption, "Café in Wuzhen 乌镇 during the expo 🌐 🛡️.".to_string()),
            ],
        ))
    }

    fn id(number: u32) -> AnnotationId {
        AnnotationId(format!("00000000-0000-4000-8000-{number:012}"))
    }

    fn tag(name: &str) -> TagId {
        TagId(name.to_string())
    }

    fn range(start: usize, end: usize) -> CodePointRange {
        CodePointRange { start, end }
    }

    fn create(session: &mut Session, number: u32, now: i64, start: usize, end: usize, tag_name: &str) {
        session.apply(Action::Create {
            id: id(number),
            now: Timestamp(now),
            range: range(start, end),
            tag: tag(tag_name),
        });
    }

    fn ids(session: &Session) -> Vec<AnnotationId> {
        session.annotations.iter().map(|annotation| annotation.id.clone()).collect()
    }

    #[test]
    fn create_adds_a_tagged_highlight_with_its_quote_and_leaves_the_editor_closed() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1_000, 76, 88, "statistic");
        assert_eq!(session.revision, 1);
        assert_eq!(session.open, None);
        let annotation = session.annotation(&id(1)).unwrap();
        assert_eq!(annotation.quote.exact, "1.73 million");
        assert_eq!(annotation.quote.exact, slice_code_points(session.article.canonical_text(), 76, 88));
        assert_eq!(annotation.tags, vec![tag("statistic")]);
        assert_eq!(annotation.note, "");
        assert_eq!((annotation.created, annotation.modified), (Timestamp(1_000), Timestamp(1_000)));
    }

    #[test]
    fn create_ignores_empty_backwards_and_out_of_bounds_ranges_and_taken_ids() {
        let mut session = Session::new(article());
        let length = session.article.len();
        create(&mut session, 1, 1, 5, 5, "factual");
        create(&mut session, 1, 1, 9, 4, "factual");
        create(&mut session, 1, 1, length - 2, length + 1, "factual");
        create(&mut session, 1, 1, length + 3, length + 9, "factual");
        assert!(session.annotations.is_empty());
        assert_eq!(session.revision, 0);

        create(&mut session, 1, 1, length - 2, length, "factual");
        assert_eq!(session.annotations.len(), 1);
        create(&mut session, 1, 2, 0, 6, "quote");
        assert_eq!(session.annotations.len(), 1);
        assert_eq!(session.annotations[0].range, range(length - 2, length));
        assert_eq!(session.revision, 1);
    }

    #[test]
    fn create_on_an_existing_range_adds_the_tag_and_opens_it() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1_000, 76, 88, "statistic");
        create(&mut session, 2, 2_000, 76, 88, "factual");
        assert_eq!(ids(&session), vec![id(1)]);
        assert_eq!(session.annotations[0].tags, vec![tag("statistic"), tag("factual")]);
        assert_eq!(session.annotations[0].modified, Timestamp(2_000));
        assert_eq!(session.annotations[0].created, Timestamp(1_000));
        assert_eq!(session.open, Some(id(1)));
        assert_eq!(session.revision, 2);

        session.apply(Action::Open(None));
        create(&mut session, 3, 3_000, 76, 88, "statistic");
        assert_eq!(session.annotations[0].tags, vec![tag("statistic"), tag("factual")]);
        assert_eq!(session.annotations[0].modified, Timestamp(2_000));
        assert_eq!(session.open, Some(id(1)));
        assert_eq!(session.revision, 2, "re-applying a tag it already has is not a change");
    }

    #[test]
    fn annotations_stay_in_document_order() {
        let mut session = Session::new(article());
        create(&mut session, 5, 1, 30, 40, "factual");
        create(&mut session, 4, 2, 0, 6, "factual");
        create(&mut session, 3, 3, 30, 60, "factual");
        create(&mut session, 2, 4, 35, 38, "factual");
        create(&mut session, 1, 5, 0, 29, "factual");
        let order: Vec<_> =
            session.annotations.iter().map(|annotation| (annotation.range.start, annotation.range.end)).collect();
        assert_eq!(order, vec![(0, 29), (0, 6), (30, 60), (30, 40), (35, 38)]);
    }

    #[test]
    fn toggle_tag_adds_then_removes_and_may_leave_a_plain_highlight() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1_000, 0, 6, "factual");
        session.apply(Action::ToggleTag { id: id(1), tag: tag("opinion"), now: Timestamp(2_000) });
        assert_eq!(session.annotations[0].tags, vec![tag("factual"), tag("opinion")]);
        assert_eq!(session.annotations[0].modified, Timestamp(2_000));
        session.apply(Action::ToggleTag { id: id(1), tag: tag("factual"), now: Timestamp(3_000) });
        session.apply(Action::ToggleTag { id: id(1), tag: tag("opinion"), now: Timestamp(4_000) });
        assert_eq!(session.annotations.len(), 1);
        assert!(session.annotations[0].tags.is_empty());
        assert_eq!(session.annotations[0].modified, Timestamp(4_000));
        assert_eq!(session.revision, 4);

        session.apply(Action::ToggleTag { id: id(9), tag: tag("opinion"), now: Timestamp(5_000) });
        assert_eq!(session.revision, 4);
    }

    #[test]
    fn set_note_replaces_the_note_and_ignores_identical_ones() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1_000, 0, 6, "factual");
        session.apply(Action::SetNote {
            id: id(1),
            note: "Check the ministry's report.".into(),
            now: Timestamp(2_000),
        });
        assert_eq!(session.annotations[0].note, "Check the ministry's report.");
        assert_eq!(session.annotations[0].modified, Timestamp(2_000));
        assert_eq!(session.revision, 2);

        session.apply(Action::SetNote {
            id: id(1),
            note: "Check the ministry's report.".into(),
            now: Timestamp(3_000),
        });
        assert_eq!(session.annotations[0].modified, Timestamp(2_000));
        assert_eq!(session.revision, 2);

        session.apply(Action::SetNote { id: id(9), note: "lost".into(), now: Timestamp(4_000) });
        assert_eq!(session.revision, 2);
    }

    #[test]
    fn delete_removes_and_closes_the_editor_if_it_was_open() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1, 0, 6, "factual");
        create(&mut session, 2, 2, 7, 16, "factual");
        session.apply(Action::Open(Some(id(2))));
        session.apply(Action::Delete { id: id(1), now: Timestamp(9) });
        assert_eq!(ids(&session), vec![id(2)]);
        assert_eq!(session.open, Some(id(2)));
        assert_eq!(session.revision, 3);
        session.apply(Action::Delete { id: id(2), now: Timestamp(9) });
        assert!(session.annotations.is_empty());
        assert_eq!(session.open, None);
        assert_eq!(session.revision, 4);
        session.apply(Action::Delete { id: id(2), now: Timestamp(9) });
        assert_eq!(session.revision, 4);
    }

    #[test]
    fn open_accepts_only_existing_ids_and_never_bumps_the_revision() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1, 0, 6, "factual");
        session.apply(Action::Open(Some(id(1))));
        assert_eq!(session.open, Some(id(1)));
        session.apply(Action::Open(Some(id(7))));
        assert_eq!(session.open, Some(id(1)));
        session.apply(Action::Open(None));
        assert_eq!(session.open, None);
        assert_eq!(session.revision, 1);
    }

    #[test]
    fn load_sorts_drops_stale_duplicates_and_keeps_open_only_if_present() {
        let mut source = Session::new(article());
        create(&mut source, 1, 1_000, 30, 40, "factual");
        create(&mut source, 2, 1_000, 0, 6, "quote");
        create(&mut source, 3, 1_000, 7, 16, "opinion");
        let mut stale = source.annotation(&id(1)).unwrap().clone();
        let mut fresh = stale.clone();
        stale.note = "stale".into();
        fresh.note = "fresh".into();
        fresh.modified = Timestamp(2_000);
        let loaded = vec![stale.clone(), source.annotation(&id(3)).unwrap().clone(), fresh.clone(), stale];

        let mut session = Session::new(article());
        create(&mut session, 2, 500, 0, 6, "quote");
        session.apply(Action::Open(Some(id(2))));
        let revision_before = session.revision;
        session.apply(Action::Load { annotations: loaded });
        assert_eq!(ids(&session), vec![id(3), id(1)]);
        assert_eq!(session.annotation(&id(1)).unwrap().note, "fresh");
        assert_eq!(session.open, None);
        assert_eq!(session.revision, revision_before);

        session.apply(Action::Open(Some(id(1))));
        session.apply(Action::Load { annotations: source.annotations.clone() });
        assert_eq!(session.annotations, source.annotations);
        assert_eq!(session.open, Some(id(1)));
    }

    fn suggested(score_permille: u16) -> Origin {
        Origin::Suggested { score_permille, model_version: "claimmark-checkworthiness/1".to_string() }
    }

    #[test]
    fn accepting_a_suggestion_creates_a_tagged_claim_that_records_its_origin() {
        let mut session = Session::new(article());
        session.apply(Action::AcceptSuggestion {
            id: id(1),
            now: Timestamp(1_000),
            range: range(30, 60),
            tag: tag("statistic"),
            origin: suggested(870),
        });
        let accepted = session.annotation(&id(1)).unwrap();
        assert_eq!(accepted.origin, suggested(870));
        assert_eq!(accepted.kind, AnnotationKind::Claim);
        assert_eq!(accepted.tags, vec![tag("statistic")]);
        assert_eq!(accepted.quote.exact, slice_code_points(session.article.canonical_text(), 30, 60));
        assert_eq!(session.revision, 1);

        // On a range already highlighted it behaves as Create: the tag is
        // added and the manual annotation keeps its origin.
        create(&mut session, 2, 2_000, 0, 6, "factual");
        session.apply(Action::AcceptSuggestion {
            id: id(3),
            now: Timestamp(3_000),
            range: range(0, 6),
            tag: tag("quote"),
            origin: suggested(600),
        });
        let manual = session.annotation(&id(2)).unwrap();
        assert_eq!(manual.origin, Origin::Manual);
        assert_eq!(manual.tags, vec![tag("factual"), tag("quote")]);
        assert!(session.annotation(&id(3)).is_none());

        // A taken id changes nothing, and never relabels the other annotation.
        let before = session.clone();
        session.apply(Action::AcceptSuggestion {
            id: id(2),
            now: Timestamp(4_000),
            range: range(7, 16),
            tag: tag("quote"),
            origin: suggested(600),
        });
        assert_eq!(session, before);
    }

    #[test]
    fn rejecting_a_suggestion_records_an_untagged_not_a_claim() {
        let mut session = Session::new(article());
        session.apply(Action::RejectSuggestion {
            id: id(1),
            now: Timestamp(1_000),
            range: range(30, 60),
            origin: suggested(510),
        });
        let rejected = session.annotation(&id(1)).unwrap();
        assert_eq!(rejected.kind, AnnotationKind::NotAClaim);
        assert_eq!(rejected.origin, suggested(510));
        assert!(rejected.tags.is_empty());
        assert_eq!(session.revision, 1);
        assert_eq!(session.open, None);

        let before = session.clone();
        let length = session.article.len();
        for (number, start, end) in [(2, 30, 60), (3, 9, 9), (4, 9, 4), (5, length - 1, length + 1), (1, 0, 6)] {
            session.apply(Action::RejectSuggestion {
                id: id(number),
                now: Timestamp(2_000),
                range: range(start, end),
                origin: suggested(510),
            });
        }
        assert_eq!(session, before, "taken ranges, bad ranges and taken ids change nothing");

        // Tagging it afterwards makes it a claim after all.
        session.apply(Action::ToggleTag { id: id(1), tag: tag("factual"), now: Timestamp(3_000) });
        assert_eq!(session.annotation(&id(1)).unwrap().kind, AnnotationKind::Claim);
        session.apply(Action::RejectSuggestion {
            id: id(6),
            now: Timestamp(4_000),
            range: range(0, 6),
            origin: suggested(400),
        });
        create(&mut session, 7, 5_000, 0, 6, "quote");
        assert_eq!(session.annotation(&id(6)).unwrap().kind, AnnotationKind::Claim);
        assert_eq!(session.annotation(&id(6)).unwrap().tags, vec![tag("quote")]);
    }

    #[test]
    fn tag_counts_follow_the_tag_set_which_adopts_unknown_tags() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1, 0, 6, "statistic");
        create(&mut session, 2, 1, 7, 16, "statistic");
        session.apply(Action::ToggleTag { id: id(2), tag: tag("quote"), now: Timestamp(2) });
        session.apply(Action::ToggleTag { id: id(2), tag: tag("retired"), now: Timestamp(2) });
        create(&mut session, 3, 1, 18, 22, "archived");
        assert_eq!(
            session.tag_counts(),
            vec![
                (tag("statistic"), 2),
                (tag("prediction"), 0),
                (tag("causal"), 0),
                (tag("rules"), 0),
                (tag("experience"), 0),
                (tag("quote"), 1),
                (tag("opinion"), 0),
                (tag("other"), 0),
                // Ids the set lacked were adopted, in the order first used.
                (tag("retired"), 1),
                (tag("archived"), 1),
            ]
        );
    }

    #[test]
    fn tag_edits_are_undoable_steps_and_refused_ones_change_nothing() {
        let mut session = Session::new(article());
        let health =
            TagDefinition { id: tag("health"), label: " Health ".into(), color: "#CFE8FF".into(), hotkey: Some('6') };
        session.apply(Action::AddTag { definition: health });
        assert_eq!(session.history.next_undo(), Some("Tag added: Health"));
        assert_eq!(session.tags.by_hotkey('6').unwrap().id, tag("health"), "6 moved from Quote");
        assert_eq!(session.tags.get(&tag("quote")).unwrap().hotkey, None);
        session.apply(Action::RenameTag { id: tag("health"), label: "Public health".into() });
        session.apply(Action::RecolorTag { id: tag("health"), color: "#f4d6ef".into() });
        session.apply(Action::MoveTag { id: tag("health"), direction: TagMove::Up });
        session.apply(Action::SetTagHotkey { id: tag("health"), hotkey: Some('9') });
        let edited = session.tags.clone();
        assert_eq!(edited.tags[7].label, "Public health");
        assert_eq!((edited.tags[7].color.as_str(), edited.tags[7].hotkey), ("#f4d6ef", Some('9')));
        assert_eq!(session.history.next_undo(), Some("Hotkey 9 set for Public health"));

        let revision = session.revision;
        for refused in [
            Action::RenameTag { id: tag("health"), label: "QUOTE".into() },
            Action::RecolorTag { id: tag("health"), color: "#335".into() },
            Action::SetTagHotkey { id: tag("health"), hotkey: Some('j') },
            Action::RenameTag { id: tag("gone"), label: "Gone".into() },
            Action::DeleteTag {
                id: tag("health"),
                disposal: TagDisposal::ReplaceWith(tag("health")),
                now: Timestamp(1),
            },
            Action::DeleteTag { id: tag("health"), disposal: TagDisposal::ReplaceWith(tag("gone")), now: Timestamp(1) },
            Action::DeleteTag { id: tag("gone"), disposal: TagDisposal::RemoveFromAnnotations, now: Timestamp(1) },
            Action::MoveTag { id: tag("statistic"), direction: TagMove::Up },
        ] {
            session.apply(refused.clone());
            assert_eq!((session.revision, &session.tags), (revision, &edited), "{refused:?}");
        }
        for _ in 0..5 {
            session.apply(Action::Undo);
        }
        assert_eq!(*session.tags, TagSet::defaults());
        for _ in 0..5 {
            session.apply(Action::Redo);
        }
        assert_eq!(session.tags, edited);
    }

    #[test]
    fn deleting_a_tag_removes_replaces_or_trashes_its_annotations_and_undo_brings_all_back() {
        let setup = || {
            let mut session = Session::new(article());
            create(&mut session, 1, 1, 0, 6, "statistic");
            create(&mut session, 2, 1, 7, 16, "quote");
            session.apply(Action::ToggleTag { id: id(2), tag: tag("statistic"), now: Timestamp(2) });
            create(&mut session, 3, 1, 18, 22, "opinion");
            session
        };
        let now = Timestamp(50);
        let delete = |disposal| Action::DeleteTag { id: tag("statistic"), disposal, now };

        let mut session = setup();
        session.apply(delete(TagDisposal::RemoveFromAnnotations));
        let tags: Vec<_> = session.annotations.iter().map(|annotation| annotation.tags.clone()).collect();
        assert_eq!(tags, vec![vec![], vec![tag("quote")], vec![tag("opinion")]]);
        assert_eq!(session.annotation(&id(1)).unwrap().modified, now);
        assert!(session.tags.get(&tag("statistic")).is_none());
        assert_eq!(session.tags.retired[0].label, "Statistic");
        assert_eq!(session.history.next_undo(), Some("Tag deleted: Statistic (removed from 2 highlights)"));

        let mut session = setup();
        let revision = session.revision;
        session.apply(delete(TagDisposal::ReplaceWith(tag("quote"))));
        assert_eq!(session.revision, revision + 1);
        let tags: Vec<_> = session.annotations.iter().map(|annotation| annotation.tags.clone()).collect();
        assert_eq!(tags, vec![vec![tag("quote")], vec![tag("quote")], vec![tag("opinion")]]);

        let mut session = setup();
        let before = session.clone();
        session.apply(delete(TagDisposal::DeleteAnnotations));
        assert_eq!(ids(&session), vec![id(3)]);
        assert_eq!(session.trash.len(), 2);
        assert!(session.trash.iter().all(|entry| entry.deleted_at == now));
        assert_eq!(session.history.next_undo(), Some("Tag deleted: Statistic (2 highlights moved to the trash)"));
        // Restoring one from the trash brings the tag back with its label and colour.
        session.apply(Action::RestoreFromTrash { id: id(1) });
        let back = session.tags.get(&tag("statistic")).unwrap();
        assert_eq!((back.label.as_str(), back.color.as_str()), ("Statistic", "#eedd88"));
        session.apply(Action::Undo);
        session.apply(Action::Undo);
        assert_eq!(
            (&session.annotations, &session.tags, &session.trash),
            (&before.annotations, &before.tags, &before.trash)
        );
    }

    #[test]
    fn the_last_tag_cannot_be_deleted() {
        let mut session = Session::new(article());
        let only = TagSet { tags: vec![TagSet::defaults().tags[0].clone()], retired: Vec::new() };
        session.apply(Action::LoadTags { tags: only.clone() });
        session.apply(Action::DeleteTag {
            id: tag("statistic"),
            disposal: TagDisposal::RemoveFromAnnotations,
            now: Timestamp(1),
        });
        assert_eq!(*session.tags, only);
        assert_eq!(session.revision, 0);
    }

    #[test]
    fn loaded_and_imported_annotations_bring_their_tags_into_the_set() {
        let mut session = Session::new(article());
        let mut legacy = session.clone();
        create(&mut legacy, 1, 1, 0, 6, "factual");
        session.apply(Action::Load { annotations: legacy.annotations.clone() });
        let factual = session.tags.get(&tag("factual")).unwrap();
        assert_eq!((factual.label.as_str(), factual.color.as_str()), ("Factual claim", "#9fd3f5"));
        assert_eq!(session.revision, 0, "adopting a tag on load is not an edit");

        // A stored set that lacks a tag in use gains it back.
        session.apply(Action::LoadTags { tags: TagSet::defaults() });
        assert!(session.tags.get(&tag("factual")).is_some());

        let mut other = Session::new(article());
        create(&mut other, 7, 1, 7, 16, "health");
        let offered =
            TagDefinition { id: tag("health"), label: "Health".into(), color: "#cfe8ff".into(), hotkey: Some('1') };
        let batch = ImportBatch {
            format: crate::session::import_merge::ImportedFormat::Claimmark,
            annotations: other.annotations.clone(),
            tag_definitions: vec![offered],
        };
        session.apply(Action::Import { batch });
        let health = session.tags.get(&tag("health")).unwrap();
        assert_eq!((health.label.as_str(), health.color.as_str(), health.hotkey), ("Health", "#cfe8ff", None));
        session.apply(Action::Undo);
        assert!(session.tags.get(&tag("health")).is_none(), "undoing the import takes its tag back out");
    }

    #[test]
    fn claim_fields_are_set_validated_and_only_real_changes_count() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1_000, 76, 88, "statistic");
        let now = Timestamp(2_000);
        session.apply(Action::SetVerdict { id: id(1), verdict: Verdict::MostlyTrue, now });
        session.apply(Action::SetClaimant { id: id(1), claimant: "  Ministry of  Public Security ".into(), now });
        session.apply(Action::AddEvidence {
            id: id(1),
            evidence: Evidence { url: " https://example.org/a ".into(), label: "Press release".into() },
            now,
        });
        session.apply(Action::SetChecked { id: id(1), checked: Some("2026-11-28".into()), now });
        assert_eq!(session.revision, 5);
        let claim = &session.annotation(&id(1)).unwrap().claim;
        assert_eq!(claim.verdict, Verdict::MostlyTrue);
        assert_eq!(claim.claimant, "Ministry of Public Security");
        assert_eq!(
            claim.evidence,
            vec![Evidence { url: "https://example.org/a".into(), label: "Press release".into() }]
        );
        assert_eq!(claim.checked.as_deref(), Some("2026-11-28"));
        assert_eq!(session.annotation(&id(1)).unwrap().modified, now);

        // Refused values and values it already has change nothing.
        let before = session.clone();
        let later = Timestamp(3_000);
        let bad = Evidence { url: "javascript:alert(1)".into(), label: "x".into() };
        session.apply(Action::AddEvidence { id: id(1), evidence: bad.clone(), now: later });
        session.apply(Action::EditEvidence { id: id(1), index: 0, evidence: bad, now: later });
        session.apply(Action::EditEvidence {
            id: id(1),
            index: 5,
            evidence: Evidence { url: "https://example.org/b".into(), label: String::new() },
            now: later,
        });
        session.apply(Action::RemoveEvidence { id: id(1), index: 1, now: later });
        session.apply(Action::SetChecked { id: id(1), checked: Some("2026-02-30".into()), now: later });
        session.apply(Action::SetClaimant { id: id(1), claimant: "x".repeat(301), now: later });
        session.apply(Action::SetVerdict { id: id(1), verdict: Verdict::MostlyTrue, now: later });
        session.apply(Action::SetVerdict { id: id(9), verdict: Verdict::False, now: later });
        assert_eq!(session, before);

        session.apply(Action::EditEvidence {
            id: id(1),
            index: 0,
            evidence: Evidence { url: "https://example.org/b".into(), label: "Data".into() },
            now: later,
        });
        assert_eq!(session.annotation(&id(1)).unwrap().claim.evidence[0].label, "Data");
        session.apply(Action::RemoveEvidence { id: id(1), index: 0, now: later });
        session.apply(Action::SetChecked { id: id(1), checked: None, now: later });
        let claim = &session.annotation(&id(1)).unwrap().claim;
        assert!(claim.evidence.is_empty() && claim.checked.is_none());
        assert_eq!(session.revision, 8);
    }

    #[test]
    fn evidence_stops_at_the_stored_limit() {
        let mut session = Session::new(article());
        create(&mut session, 1, 1, 76, 88, "statistic");
        for number in 0..crate::session::claim_fields::EVIDENCE_LIMIT + 3 {
            session.apply(Action::AddEvidence {
                id: id(1),
                evidence: Evidence { url: format!("https://example.org/{number}"), label: String::new() },
                now: Timestamp(2),
            });
        }
        assert_eq!(
            session.annotation(&id(1)).unwrap().claim.evidence.len(),
            crate::session::claim_fields::EVIDENCE_LIMIT
        );
    }

    #[test]
    fn not_a_claim_is_recorded_on_a_new_range_or_set_on_an_existing_one_keeping_its_tags() {
        let mut session = Session::new(article());
        session.apply(Action::MarkNotAClaim { id: id(1), now: Timestamp(1), range: range(0, 6) });
        let marked = session.annotation(&id(1)).unwrap();
        assert_eq!(
            (marked.kind, marked.tags.is_empty(), marked.origin.clone()),
            (AnnotationKind::NotAClaim, true, Origin::Manual)
        );
        assert_eq!(session.open, None);

        create(&mut session, 2, 2, 76, 88, "statistic");
        session.apply(Action::MarkNotAClaim { id: id(3), now: Timestamp(3), range: range(76, 88) });
        assert!(session.annotation(&id(3)).is_none());
        let existing = session.annotation(&id(2)).unwrap();
        assert_eq!((existing.kind, existing.tags.clone()), (AnnotationKind::NotAClaim, vec![tag("statistic")]));
        assert_eq!(session.open, Some(id(2)));

        session.apply(Action::SetKind { id: id(2), kind: AnnotationKind::Claim, now: Timestamp(4) });
        assert_eq!(session.annotation(&id(2)).unwrap().kind, AnnotationKind::Claim);
        let revision = session.revision;
        session.apply(Action::SetKind { id: id(2), kind: AnnotationKind::Claim, now: Timestamp(5) });
        session.apply(Action::MarkNotAClaim { id: id(4), now: Timestamp(5), range: range(9, 4) });
        session.apply(Action::MarkNotAClaim { id: id(1), now: Timestamp(5), range: range(7, 16) });
        assert_eq!(session.revision, revision, "no-op kinds, bad ranges and taken ids change nothing");
    }

    #[test]
    fn the_fully_reviewed_mark_is_a_saved_change_only_when_it_flips() {
        let mut session = Session::new(article());
        session.apply(Action::SetFullyReviewed { reviewed: true });
        session.apply(Action::SetFullyReviewed { reviewed: true });
        assert!(session.fully_reviewed);
        assert_eq!(session.revision, 1);
        session.apply(Action::SetFullyReviewed { reviewed: false });
        assert!(!session.fully_reviewed);
        assert_eq!(session.revision, 2);
        session.apply(Action::RestoreFullyReviewed { reviewed: true });
        assert!(session.fully_reviewed);
        assert_eq!(session.revision, 2, "a mark read from storage is not saved again");
    }

    /// One step of a random editing run. `Reload` stands for saving and
    /// loading back, with stale duplicates mixed in.
    #[derive(Clone, Debug)]
    enum Step {
        Act(Action),
        Reload,
    }

    fn step_strategy(article_length: usize) -> impl Strategy<Value = Step> {
        let any_id = (0_u32..6).prop_map(id);
        let any_tag = prop_oneof![
            Just(tag("factual")),
            Just(tag("statistic")),
            Just(tag("quote")),
            Just(tag("opinion")),
            Just(tag("retired")),
        ];
        // Offsets crowd near the start half the time, so that creating on a
        // range that is already highlighted happens often.
        let any_offset = prop_oneof![0..article_length + 3, 0_usize..6];
        let any_now = (0_i64..1_000_000).prop_map(Timestamp);
        prop_oneof![
            4 => (any_id.clone(), any_now.clone(), any_offset.clone(), any_offset.clone(), any_tag.clone())
                .prop_map(|(id, now, start, end, tag)| Step::Act(Action::Create { id, now, range: CodePointRange { start, end }, tag })),
            2 => (any_id.clone(), any_tag, any_now.clone())
                .prop_map(|(id, tag, now)| Step::Act(Action::ToggleTag { id, tag, now })),
            2 => (any_id.clone(), prop_oneof![Just(String::new()), Just("Sourced.".to_string()), Just("北京 😀".to_string())], any_now.clone())
                .prop_map(|(id, note, now)| Step::Act(Action::SetNote { id, note, now })),
            1 => (any_id.clone(), any_now.clone()).prop_map(|(id, now)| Step::Act(Action::Delete { id, now })),
            1 => proptest::option::of(any_id.clone()).prop_map(|id| Step::Act(Action::Open(id))),
            1 => Just(Step::Reload),
            1 => prop_oneof![Just(article()), Just(edited_article())]
                .prop_map(|article| Step::Act(Action::ReplaceArticle { article })),
            1 => (any_id.clone(), any_now.clone(), any_offset.clone(), any_offset.clone())
                .prop_map(|(id, now, start, end)| Step::Act(Action::Reattach { id, range: CodePointRange { start, end }, now })),
            1 => claim_field_step_strategy(any_id, any_now.clone(), any_offset),
            2 => tag_action_strategy(any_now).prop_map(Step::Act),
        ]
    }

    /// Edits of claim fields, valid and refused ones mixed.
    fn claim_field_step_strategy(
        any_id: impl Strategy<Value = AnnotationId> + Clone + 'static,
        any_now: impl Strategy<Value = Timestamp> + Clone + 'static,
        any_offset: impl Strategy<Value = usize> + Clone + 'static,
    ) -> impl Strategy<Value = Step> {
        let any_evidence = prop_oneof![
            Just(Evidence { url: "https://example.org/report".into(), label: "Report".into() }),
            Just(Evidence { url: " http://example.org/b ".into(), label: String::new() }),
            Just(Evidence { url: "javascript:alert(1)".into(), label: "bad".into() }),
            Just(Evidence { url: String::new(), label: "empty".into() }),
        ];
        let any_index = 0_usize..3;
        prop_oneof![
            (any_id.clone(), proptest::sample::select(Verdict::ALL.to_vec()), any_now.clone())
                .prop_map(|(id, verdict, now)| Step::Act(Action::SetVerdict { id, verdict, now })),
            (
                any_id.clone(),
                prop_oneof![Just(String::new()), Just(" Liu  Xinyun ".to_string()), Just("x".repeat(301))],
                any_now.clone()
            )
                .prop_map(|(id, claimant, now)| Step::Act(Action::SetClaimant { id, claimant, now })),
            (any_id.clone(), any_evidence.clone(), any_now.clone())
                .prop_map(|(id, evidence, now)| Step::Act(Action::AddEvidence { id, evidence, now })),
            (any_id.clone(), any_index.clone(), any_evidence, any_now.clone())
                .prop_map(|(id, index, evidence, now)| Step::Act(Action::EditEvidence { id, index, evidence, now })),
            (any_id.clone(), any_index, any_now.clone())
                .prop_map(|(id, index, now)| Step::Act(Action::RemoveEvidence { id, index, now })),
            (
                any_id.clone(),
                proptest::option::of(prop_oneof![Just("2026-11-28".to_string()), Just("2026-02-30".to_string())]),
                any_now.clone()
            )
                .prop_map(|(id, checked, now)| Step::Act(Action::SetChecked { id, checked, now })),
            (any_id.clone(), any_now.clone(), any_offset.clone(), any_offset).prop_map(|(id, now, start, end)| {
                Step::Act(Action::MarkNotAClaim { id, now, range: CodePointRange { start, end } })
            }),
            (any_id, proptest::sample::select(vec![AnnotationKind::Claim, AnnotationKind::NotAClaim]), any_now)
                .prop_map(|(id, kind, now)| Step::Act(Action::SetKind { id, kind, now })),
            any::<bool>().prop_map(|reviewed| Step::Act(Action::SetFullyReviewed { reviewed })),
        ]
    }

    /// [`article`] with a sentence inserted before, a word changed and a
    /// passage deleted, so replacing one with the other moves, changes and
    /// orphans annotations.
    fn edited_article() -> Rc<Article> {
        Rc::new(Article::new(
            ArticleMetadata { title: "Online providers' help sought".into(), ..Default::default() },
            vec![
                (BlockKind::Headline, "Online providers' help sought".to_string()),
                (BlockKind::Paragraph, "A new first sentence.".to_string()),
                (
                    BlockKind::Paragraph,
                    "According to the Ministry of Public Security, 1.74 million cases of illegal online activity \
                     have been dealt with."
                        .to_string(),
                ),
            ],
        ))
    }

    proptest! {
        #[test]
        fn random_edits_keep_the_session_consistent(steps in proptest::collection::vec(step_strategy(article().len()), 0..40)) {
            let mut session = Session::new(article());
            let mut expected_ranges: BTreeMap<AnnotationId, CodePointRange> = BTreeMap::new();
            // Deleted ids stay in the trash, so a new annotation cannot take them.
            let mut trashed: std::collections::BTreeSet<AnnotationId> = std::collections::BTreeSet::new();

            for step in steps {
                let before = session.clone();
                match step {
                    Step::Reload => {
                        let mut loaded = session.annotations.clone();
                        loaded.reverse();
                        if let Some(first) = session.annotations.first() {
                            let mut stale = first.clone();
                            stale.modified = Timestamp(first.modified.0 - 1);
                            stale.note.push_str(" (stale)");
                            loaded.insert(0, stale);
                        }
                        session.apply(Action::Load { annotations: loaded });
                        prop_assert_eq!(&session.annotations, &before.annotations);
                        prop_assert_eq!(&session.open, &before.open);
                        prop_assert_eq!(session.revision, before.revision);
                    }
                    Step::Act(action) => {
                        let article_length = session.article.len();
                        let is_orphan = |id: &AnnotationId| {
                            before.annotation(id).is_some_and(|annotation| annotation.anchor == AnchorStatus::Orphan)
                        };
                        let taken_by_another = |id: &AnnotationId, range: &CodePointRange| {
                            expected_ranges.iter().any(|(taken_id, taken)| taken_id != id && taken == range && !is_orphan(taken_id))
                        };
                        let is_replace = matches!(action, Action::ReplaceArticle { .. });
                        match &action {
                            Action::Create { id, range, .. } | Action::MarkNotAClaim { id, range, .. } => {
                                let valid = range.start < range.end && range.end <= article_length;
                                if valid && !taken_by_another(id, range) && !expected_ranges.contains_key(id) && !trashed.contains(id) {
                                    expected_ranges.insert(id.clone(), *range);
                                }
                            }
                            Action::Reattach { id, range, .. } => {
                                let valid = range.start < range.end && range.end <= article_length;
                                if valid && !taken_by_another(id, range) && expected_ranges.contains_key(id) {
                                    expected_ranges.insert(id.clone(), *range);
                                }
                            }
                            Action::Delete { id, .. } if expected_ranges.remove(id).is_some() => {
                                trashed.insert(id.clone());
                            }
                            Action::DeleteTag { id: tag_id, disposal: TagDisposal::DeleteAnnotations, .. }
                                if before.tags.get(tag_id).is_some() =>
                            {
                                for annotation in before.annotations.iter().filter(|annotation| annotation.tags.contains(tag_id)) {
                                    expected_ranges.remove(&annotation.id);
                                    trashed.insert(annotation.id.clone());
                                }
                            }
                            _ => {}
                        }
                        let is_open = matches!(action, Action::Open(_));
                        session.apply(action);
                        if is_replace {
                            // Re-anchoring never drops an annotation: the
                            // same ids come back, orphans included.
                            let ids_after: BTreeMap<AnnotationId, CodePointRange> =
                                session.annotations.iter().map(|annotation| (annotation.id.clone(), annotation.range)).collect();
                            prop_assert!(ids_after.keys().eq(expected_ranges.keys()));
                            expected_ranges = ids_after;
                        }
                        let changed = session.annotations != before.annotations
                            || session.article != before.article
                            || session.tags != before.tags
                            || session.fully_reviewed != before.fully_reviewed;
                        if is_open {
                            prop_assert!(!changed);
                            prop_assert_eq!(session.revision, before.revision);
                        } else {
                            prop_assert_eq!(session.revision, before.revision + u64::from(changed));
                        }
                    }
                }

                let actual_ids: Vec<AnnotationId> = session.annotations.iter().map(|annotation| annotation.id.clone()).collect();
                let mut sorted_ids = actual_ids.clone();
                sorted_ids.sort();
                let expected_ids: Vec<AnnotationId> = expected_ranges.keys().cloned().collect();
                prop_assert_eq!(sorted_ids, expected_ids);
                for pair in session.annotations.windows(2) {
                    prop_assert_eq!(document_order(&pair[0], &pair[1]), Ordering::Less);
                }
                for annotation in session.annotations.iter().filter(|annotation| annotation.anchor != AnchorStatus::Orphan) {
                    prop_assert_eq!(expected_ranges[&annotation.id], annotation.range);
                    prop_assert_eq!(
                        annotation.quote.exact.as_str(),
                        slice_code_points(session.article.canonical_text(), annotation.range.start, annotation.range.end)
                    );
                }
                if let Some(open) = &session.open {
                    prop_assert!(session.annotation(open).is_some());
                }
                prop_assert!(session.revision >= before.revision);
                // Every tag an annotation carries is defined: none is shown as a bare id or lost.
                for annotation in &session.annotations {
                    prop_assert!(annotation.tags.iter().all(|tag| session.tags.get(tag).is_some()));
                }
                // Whatever was refused, what is held always passes the stored format's checks.
                for annotation in &session.annotations {
                    let claim = &annotation.claim;
                    prop_assert!(claim.evidence.len() <= crate::session::claim_fields::EVIDENCE_LIMIT);
                    prop_assert!(claim.evidence.iter().all(|evidence| crate::session::claim_fields::is_web_address(&evidence.url)));
                    prop_assert!(claim.checked.as_deref().is_none_or(crate::time::is_calendar_date));
                    prop_assert!(claim.claimant.chars().count() <= crate::session::claim_fields::CLAIMANT_LIMIT);
                }
            }
        }
    }
}
