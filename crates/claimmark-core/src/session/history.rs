//! Undo, redo and the trash.
//!
//! Every user change to what a session holds (its annotations, its trash,
//! the article's text and the tag set) is recorded as a [`Step`]: for each
//! annotation and trash entry the change touched, its value before and
//! after, by id. Undo puts back the "before" values, redo the "after"
//! values. Opening or closing the editor changes nothing recorded, and
//! loading or merging from storage is never recorded.
//!
//! The rule for changes that came from elsewhere (another tab's save merged
//! in, storage loaded): a step only puts back an entry that still holds the
//! value the step left there. An annotation another tab changed or deleted
//! since is left as that tab made it, and annotations the merge brought in
//! are not touched, so undo in this tab never undoes another tab's work.
//! Without merges in between, undo restores the recorded state exactly.
//!
//! This module knows nothing of the browser or the clock: deletion times
//! come in with the actions.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use crate::session::annotation::{Annotation, AnnotationId};

use crate::article::model::Article;
use crate::session::annotation::document_order;
use crate::session::tags::TagSet;
use crate::time::Timestamp;

/// How many steps undo can go back; older ones are forgotten.
pub const HISTORY_LIMIT: usize = 200;

/// A deleted annotation, kept until the trash is emptied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrashedAnnotation {
    /// The annotation exactly as it was when deleted.
    pub annotation: Annotation,
    /// When it was deleted.
    pub deleted_at: Timestamp,
}

/// Trash order: the latest deletion first, then by id, so the order is
/// total and stable across reloads.
pub fn trash_order(left: &TrashedAnnotation, right: &TrashedAnnotation) -> std::cmp::Ordering {
    right.deleted_at.cmp(&left.deleted_at).then_with(|| left.annotation.id.cmp(&right.annotation.id))
}

/// One entry's value before and after a step; `None` where it did not exist.
#[derive(Clone, Debug, PartialEq)]
struct Change<T> {
    id: AnnotationId,
    before: Option<T>,
    after: Option<T>,
}

/// One undoable change, as the values it replaced and the values it left.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the change was, for announcements ("Statistic added: “…”").
    pub description: String,
    annotations: Vec<Change<Annotation>>,
    trash: Vec<Change<TrashedAnnotation>>,
    article: Option<(Rc<Article>, Rc<Article>)>,
    tags: Option<(Rc<TagSet>, Rc<TagSet>)>,
    fully_reviewed: Option<(bool, bool)>,
}

fn changes_by_id<T: Clone + PartialEq>(
    before: &[T],
    after: &[T],
    id_of: impl Fn(&T) -> &AnnotationId,
) -> Vec<Change<T>> {
    if before == after {
        return Vec::new();
    }
    let before_by_id: HashMap<&AnnotationId, &T> = before.iter().map(|entry| (id_of(entry), entry)).collect();
    let after_by_id: HashMap<&AnnotationId, &T> = after.iter().map(|entry| (id_of(entry), entry)).collect();
    let mut changes: Vec<Change<T>> = Vec::new();
    for entry in before {
        let id = id_of(entry);
        let later = after_by_id.get(id).copied();
        if later != Some(entry) {
            changes.push(Change { id: id.clone(), before: Some(entry.clone()), after: later.cloned() });
        }
    }
    for entry in after {
        let id = id_of(entry);
        if !before_by_id.contains_key(id) {
            changes.push(Change { id: id.clone(), before: None, after: Some(entry.clone()) });
        }
    }
    changes
}

/// The parts of a session that undo and redo record and put back, read.
#[derive(Clone, Copy, Debug)]
pub struct Recorded<'a> {
    /// The live annotations, in document order.
    pub annotations: &'a [Annotation],
    /// The trash, the latest deletion first.
    pub trash: &'a [TrashedAnnotation],
    /// The article's text.
    pub article: &'a Rc<Article>,
    /// The tag set.
    pub tags: &'a Rc<TagSet>,
    /// Whether the whole article is marked reviewed.
    pub fully_reviewed: bool,
}

/// The parts of a session that undo and redo record and put back, to be
/// changed in place.
#[derive(Debug)]
pub struct RecordedMut<'a> {
    /// The live annotations, kept in document order.
    pub annotations: &'a mut Vec<Annotation>,
    /// The trash, kept the latest deletion first.
    pub trash: &'a mut Vec<TrashedAnnotation>,
    /// The article's text.
    pub article: &'a mut Rc<Article>,
    /// The tag set.
    pub tags: &'a mut Rc<TagSet>,
    /// Whether the whole article is marked reviewed.
    pub fully_reviewed: &'a mut bool,
}

/// Each annotation `after` differs from `before` in, as (before, after):
/// changed and removed ones in `before`'s order, then added ones.
pub fn annotation_changes(
    before: &[Annotation],
    after: &[Annotation],
) -> Vec<(Option<Annotation>, Option<Annotation>)> {
    changes_by_id(before, after, |annotation| &annotation.id)
        .into_iter()
        .map(|change| (change.before, change.after))
        .collect()
}

impl Step {
    /// The step that turned `before` into `session`'s present state, or
    /// `None` when nothing recorded changed.
    pub fn between(description: String, before: Recorded<'_>, session: Recorded<'_>) -> Option<Step> {
        let step = Step {
            description,
            annotations: changes_by_id(before.annotations, session.annotations, |annotation| &annotation.id),
            trash: changes_by_id(before.trash, session.trash, |entry| &entry.annotation.id),
            article: (before.article != session.article).then(|| (before.article.clone(), session.article.clone())),
            tags: (before.tags != session.tags).then(|| (before.tags.clone(), session.tags.clone())),
            fully_reviewed: (before.fully_reviewed != session.fully_reviewed)
                .then_some((before.fully_reviewed, session.fully_reviewed)),
        };
        let empty = step.annotations.is_empty()
            && step.trash.is_empty()
            && step.article.is_none()
            && step.tags.is_none()
            && step.fully_reviewed.is_none();
        (!empty).then_some(step)
    }

    /// Puts back the values on one side of the step (`forward`: the "after"
    /// values, else the "before" ones), entry by entry, wherever the entry
    /// still holds the other side's value. Returns true when anything changed.
    fn replay(&self, session: RecordedMut<'_>, forward: bool) -> bool {
        let mut changed = false;
        if let Some((before, after)) = &self.article {
            let (from, to) = if forward { (before, after) } else { (after, before) };
            if session.article.id == from.id {
                *session.article = to.clone();
                changed = true;
            }
        }
        if let Some((before, after)) = &self.tags {
            let (from, to) = if forward { (before, after) } else { (after, before) };
            if session.tags == from {
                *session.tags = to.clone();
                changed = true;
            }
        }
        if let Some((before, after)) = self.fully_reviewed {
            let (from, to) = if forward { (before, after) } else { (after, before) };
            if *session.fully_reviewed == from {
                *session.fully_reviewed = to;
                changed = true;
            }
        }
        for change in &self.annotations {
            let (expected, wanted) =
                if forward { (&change.before, &change.after) } else { (&change.after, &change.before) };
            let position = session.annotations.iter().position(|annotation| annotation.id == change.id);
            if position.map(|index| &session.annotations[index]) != expected.as_ref() {
                continue;
            }
            if let Some(index) = position {
                session.annotations.remove(index);
            }
            if let Some(annotation) = wanted {
                let index = session
                    .annotations
                    .partition_point(|other| document_order(other, annotation) == std::cmp::Ordering::Less);
                session.annotations.insert(index, annotation.clone());
            }
            changed = true;
        }
        for change in &self.trash {
            let (expected, wanted) =
                if forward { (&change.before, &change.after) } else { (&change.after, &change.before) };
            let position = session.trash.iter().position(|entry| entry.annotation.id == change.id);
            if position.map(|index| &session.trash[index]) != expected.as_ref() {
                continue;
            }
            if let Some(index) = position {
                session.trash.remove(index);
            }
            if let Some(entry) = wanted {
                let index =
                    session.trash.partition_point(|other| trash_order(other, entry) == std::cmp::Ordering::Less);
                session.trash.insert(index, entry.clone());
            }
            changed = true;
        }
        changed
    }
}

/// The undo and redo stacks of a session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    past: VecDeque<Rc<Step>>,
    future: Vec<Rc<Step>>,
}

impl History {
    /// Records a new step: it becomes the one undo takes back, and the redo
    /// stack is cleared. Beyond [`HISTORY_LIMIT`] the oldest step is dropped.
    pub fn record(&mut self, step: Step) {
        self.past.push_back(Rc::new(step));
        if self.past.len() > HISTORY_LIMIT {
            self.past.pop_front();
        }
        self.future.clear();
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// True when there is an undone step to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// What undo would take back.
    pub fn next_undo(&self) -> Option<&str> {
        self.past.back().map(|step| step.description.as_str())
    }

    /// What redo would apply again.
    pub fn next_redo(&self) -> Option<&str> {
        self.future.last().map(|step| step.description.as_str())
    }

    /// How many steps can be undone.
    pub fn undo_depth(&self) -> usize {
        self.past.len()
    }

    /// Puts back the last step's "before" values into `session`, and returns
    /// its description if that changed anything.
    pub fn undo(&mut self, session: RecordedMut<'_>) -> Option<String> {
        let step = self.past.pop_back()?;
        let changed = step.replay(session, false);
        let description = step.description.clone();
        self.future.push(step);
        changed.then_some(description)
    }

    /// Puts back the last undone step's "after" values into `session`, and
    /// returns its description if that changed anything.
    pub fn redo(&mut self, session: RecordedMut<'_>) -> Option<String> {
        let step = self.future.pop()?;
        let changed = step.replay(session, true);
        let description = step.description.clone();
        self.past.push_back(step);
        changed.then_some(description)
    }
}

/// The union of several trash lists, by id, keeping the later deletion of
/// an id found twice and leaving out ids that are live in `live`; in trash
/// order. Used where two stored copies meet (a restored backup).
pub fn union_trash(lists: &[&[TrashedAnnotation]], live: &[Annotation]) -> Vec<TrashedAnnotation> {
    let live_ids: std::collections::HashSet<&AnnotationId> = live.iter().map(|annotation| &annotation.id).collect();
    let mut by_id: HashMap<AnnotationId, TrashedAnnotation> = HashMap::new();
    for entry in lists.iter().flat_map(|list| list.iter()) {
        if live_ids.contains(&entry.annotation.id) {
            continue;
        }
        match by_id.get(&entry.annotation.id) {
            Some(kept) if kept.deleted_at >= entry.deleted_at => {}
            _ => {
                by_id.insert(entry.annotation.id.clone(), entry.clone());
            }
        }
    }
    let mut union: Vec<TrashedAnnotation> = by_id.into_values().collect();
    union.sort_by(trash_order);
    union
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::article::text::CodePointRange;
    use crate::session::action::Action;
    use crate::session::annotation::Verdict;
    use crate::session::reducer::Session;
    use crate::session::tags::TagId;

    fn article(version: u8) -> Rc<Article> {
        let figure = if version == 0 { "1.73" } else { "1.74" };
        Rc::new(Article::new(
            ArticleMetadata { title: "Online providers' help sought".into(), ..Default::default() },
            vec![
                (BlockKind::Headline, "Online providers' help sought".to_string()),
                (
                    BlockKind::Paragraph,
                    format!(
                        "According to the Ministry of Public Security, {figure} million cases of illegal online \
                         activity have been dealt with since the beginning of the year."
                    ),
                ),
            ],
        ))
    }

    fn id(number: u32) -> AnnotationId {
        AnnotationId(format!("00000000-0000-4000-8000-{number:012}"))
    }

    fn range(start: usize, end: usize) -> CodePointRange {
        CodePointRange { start, end }
    }

    /// What undo must give back exactly.
    fn recorded(session: &Session) -> (Rc<Article>, Rc<TagSet>, Vec<Annotation>, Vec<TrashedAnnotation>, bool) {
        (
            session.article.clone(),
            session.tags.clone(),
            session.annotations.clone(),
            session.trash.clone(),
            session.fully_reviewed,
        )
    }

    fn all_ids(session: &Session) -> BTreeSet<AnnotationId> {
        session
            .annotations
            .iter()
            .map(|annotation| annotation.id.clone())
            .chain(session.trash.iter().map(|entry| entry.annotation.id.clone()))
            .collect()
    }

    #[test]
    fn undo_brings_a_deleted_highlight_back_and_redo_deletes_it_again() {
        let mut session = Session::new(article(0));
        session.apply(Action::Create {
            id: id(1),
            now: Timestamp(1),
            range: range(76, 88),
            tag: TagId("statistic".into()),
        });
        session.apply(Action::Open(Some(id(1))));
        assert_eq!(session.history.next_undo(), Some("Statistic added: “1.73 million”"));
        session.apply(Action::Delete { id: id(1), now: Timestamp(5) });
        assert!(session.annotations.is_empty());
        assert_eq!(session.trash.len(), 1);
        assert_eq!(session.trash[0].deleted_at, Timestamp(5));
        assert_eq!(session.open, None);

        let revision = session.revision;
        session.apply(Action::Undo);
        assert_eq!(session.last_replayed.as_deref(), Some("Undone: Highlight deleted: “1.73 million”"));
        assert_eq!(session.annotation(&id(1)).map(|annotation| annotation.range), Some(range(76, 88)));
        assert!(session.trash.is_empty());
        assert_eq!(session.revision, revision + 1, "an undo is saved");

        session.apply(Action::Redo);
        assert!(session.annotations.is_empty());
        assert_eq!(session.trash.len(), 1);
        session.apply(Action::Redo);
        assert_eq!(session.last_replayed, None, "nothing left to redo");

        session.apply(Action::RestoreFromTrash { id: id(1) });
        assert_eq!(session.last_replayed.as_deref(), Some("Restored from the trash: “1.73 million”"));
        assert!(session.annotation(&id(1)).is_some());
        assert!(session.trash.is_empty());
        assert!(!session.history.can_redo(), "a new change clears redo");
    }

    #[test]
    fn opening_loading_and_merging_are_not_undo_steps() {
        let mut session = Session::new(article(0));
        session.apply(Action::Create { id: id(1), now: Timestamp(1), range: range(0, 6), tag: TagId("quote".into()) });
        let depth = session.history.undo_depth();
        session.apply(Action::Open(Some(id(1))));
        session.apply(Action::Open(None));
        let mut remote = session.annotations[0].clone();
        remote.id = id(2);
        remote.range = range(7, 16);
        remote.quote = crate::anchoring::selector::describe(&session.article, range(7, 16)).quote;
        session.apply(Action::MergeRemote { annotations: vec![remote], tombstones: Vec::new() });
        assert_eq!(session.annotations.len(), 2);
        assert_eq!(session.history.undo_depth(), depth);

        // Undo takes back this tab's highlight and leaves the merged one.
        session.apply(Action::Undo);
        assert_eq!(session.annotations.iter().map(|annotation| annotation.id.clone()).collect::<Vec<_>>(), vec![id(2)]);
    }

    #[test]
    fn undo_leaves_an_annotation_another_tab_changed_since() {
        let mut session = Session::new(article(0));
        session.apply(Action::Create { id: id(1), now: Timestamp(1), range: range(0, 6), tag: TagId("quote".into()) });
        session.apply(Action::SetNote { id: id(1), note: "mine".into(), now: Timestamp(2) });
        let mut theirs = session.annotations[0].clone();
        theirs.note = "theirs".into();
        theirs.modified = Timestamp(3);
        session.apply(Action::MergeRemote { annotations: vec![theirs.clone()], tombstones: Vec::new() });
        session.apply(Action::Undo);
        assert_eq!(session.last_replayed, None);
        assert_eq!(session.annotations, vec![theirs]);
    }

    #[test]
    fn history_keeps_at_most_the_limit() {
        let mut session = Session::new(article(0));
        session.apply(Action::Create { id: id(1), now: Timestamp(1), range: range(0, 6), tag: TagId("quote".into()) });
        for step in 0..(HISTORY_LIMIT + 20) {
            session.apply(Action::SetNote { id: id(1), note: format!("note {step}"), now: Timestamp(2) });
        }
        assert_eq!(session.history.undo_depth(), HISTORY_LIMIT);
    }

    #[test]
    fn emptying_the_trash_is_undoable_and_union_keeps_the_later_deletion() {
        let mut session = Session::new(article(0));
        session.apply(Action::Create { id: id(1), now: Timestamp(1), range: range(0, 6), tag: TagId("quote".into()) });
        session.apply(Action::Delete { id: id(1), now: Timestamp(2) });
        session.apply(Action::EmptyTrash);
        assert!(session.trash.is_empty());
        assert_eq!(session.history.next_undo(), Some("Trash emptied (1 highlight)"));
        session.apply(Action::Undo);
        assert_eq!(session.trash.len(), 1);

        let mut later = session.trash[0].clone();
        later.deleted_at = Timestamp(9);
        let union = union_trash(&[&session.trash, std::slice::from_ref(&later)], &[]);
        assert_eq!(union, vec![later.clone()]);
        let live = vec![later.annotation.clone()];
        assert!(union_trash(&[&session.trash], &live).is_empty(), "a live id leaves the trash");
    }

    fn action_strategy() -> impl Strategy<Value = Action> {
        let any_id = (0_u32..6).prop_map(id);
        let any_tag = prop_oneof![Just(TagId("statistic".into())), Just(TagId("quote".into()))];
        let length = article(0).len();
        let any_offset = prop_oneof![0..length + 2, 0_usize..8];
        let any_now = (0_i64..1_000).prop_map(Timestamp);
        prop_oneof![
            4 => (any_id.clone(), any_now.clone(), any_offset.clone(), any_offset.clone(), any_tag.clone())
                .prop_map(|(id, now, start, end, tag)| Action::Create { id, now, range: range(start, end), tag }),
            2 => (any_id.clone(), any_tag, any_now.clone()).prop_map(|(id, tag, now)| Action::ToggleTag { id, tag, now }),
            2 => (any_id.clone(), prop_oneof![Just(String::new()), Just("Sourced.".to_string())], any_now.clone())
                .prop_map(|(id, note, now)| Action::SetNote { id, note, now }),
            1 => (any_id.clone(), any_now.clone()).prop_map(|(id, now)| Action::SetVerdict { id, verdict: Verdict::False, now }),
            3 => (any_id.clone(), any_now.clone()).prop_map(|(id, now)| Action::Delete { id, now }),
            2 => any_id.clone().prop_map(|id| Action::RestoreFromTrash { id }),
            1 => Just(Action::EmptyTrash),
            1 => proptest::option::of(any_id.clone()).prop_map(Action::Open),
            1 => any::<bool>().prop_map(|reviewed| Action::SetFullyReviewed { reviewed }),
            1 => (0_u8..2).prop_map(|version| Action::ReplaceArticle { article: article(version) }),
            3 => crate::test_support::tag_action_strategy(any_now.clone()),
            1 => (any_id, any_now, any_offset.clone(), any_offset)
                .prop_map(|(id, now, start, end)| Action::Reattach { id, range: range(start, end), now }),
            2 => Just(Action::Undo),
            1 => Just(Action::Redo),
        ]
    }

    proptest! {
        #[test]
        fn undo_restores_exactly_redo_reapplies_and_only_emptying_loses_an_annotation(
            actions in proptest::collection::vec(action_strategy(), 0..40)
        ) {
            let mut session = Session::new(article(0));
            let initial = recorded(&session);
            for action in actions {
                let before = recorded(&session);
                let ids_before = all_ids(&session);
                let is_replay = matches!(action, Action::Undo | Action::Redo);
                let is_empty_trash = action == Action::EmptyTrash;
                let depth_before = session.history.undo_depth();
                session.apply(action);
                // Undo may take away only what its step added, which the
                // exact-restore check below covers.
                if !is_empty_trash && !is_replay {
                    prop_assert!(all_ids(&session).is_superset(&ids_before), "an annotation was lost");
                }
                if let Some(open) = &session.open {
                    prop_assert!(session.annotation(open).is_some());
                }
                let recorded_a_step = !is_replay && session.history.undo_depth() > depth_before;
                if recorded_a_step {
                    let after = recorded(&session);
                    session.apply(Action::Undo);
                    prop_assert!(session.last_replayed.is_some());
                    prop_assert_eq!(recorded(&session), before);
                    session.apply(Action::Redo);
                    prop_assert!(session.last_replayed.is_some());
                    prop_assert_eq!(recorded(&session), after);
                } else if !is_replay {
                    prop_assert_eq!(recorded(&session), before, "an unrecorded action changed nothing recorded");
                }
            }
            while session.history.can_redo() {
                session.apply(Action::Redo);
            }
            let end = recorded(&session);
            let mut undone = 0;
            while session.history.can_undo() {
                session.apply(Action::Undo);
                undone += 1;
            }
            // Redone steps were undone ones first, so undoing everything
            // reaches the start only when no step fell off the bottom.
            prop_assert!(undone <= HISTORY_LIMIT);
            prop_assert_eq!(recorded(&session), initial);
            while session.history.can_redo() {
                session.apply(Action::Redo);
            }
            prop_assert_eq!(recorded(&session), end);
        }
    }
}
