//! Merging two copies of one article's annotations, as two browser tabs (or a
//! backup and the library) each hold one.
//!
//! Annotations are matched by id. For an id both sides hold, the copy with
//! the later `modified` wins. A deletion travels as a [`Tombstone`]
//! (`{id, deletedAt}`): it removes every copy of that id modified at or
//! before the deletion, and it is kept for [`TOMBSTONE_LIFETIME_MS`] so that
//! a tab which was closed for a while still learns about it. Whatever is not
//! tombstoned survives: the result is the union of both sides.
//!
//! [`merge`] is commutative, associative and idempotent, so tabs reach the
//! same state whatever order their writes are seen in. Expiry needs the
//! current time, so it is a separate step, [`drop_expired_tombstones`].
//!
//! This module knows nothing of storage or the browser: it only combines
//! values.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::session::annotation::{Annotation, AnnotationId};

use crate::session::annotation::document_order;
use crate::time::Timestamp;

/// How long a deletion is remembered: 30 days, in milliseconds.
pub const TOMBSTONE_LIFETIME_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// The record that an annotation was deleted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tombstone {
    /// The deleted annotation's id.
    pub id: AnnotationId,
    /// When it was deleted.
    pub deleted_at: Timestamp,
}

/// One side of a merge: an article's live annotations and its deletions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnotationSet {
    /// Live annotations, in document order, each id at most once.
    pub annotations: Vec<Annotation>,
    /// Deletions, ordered by id, each id at most once.
    pub tombstones: Vec<Tombstone>,
}

impl AnnotationSet {
    /// A set holding `annotations` and `tombstones`, normalised: duplicate
    /// ids collapse to their winner, tombstoned copies are removed, and both
    /// lists are sorted.
    pub fn new(annotations: Vec<Annotation>, tombstones: Vec<Tombstone>) -> AnnotationSet {
        merge(&AnnotationSet { annotations, tombstones }, &AnnotationSet::default())
    }
}

/// Which of two copies of one annotation wins: the later `modified`; on a
/// tie, a fixed order over the content, so both tabs pick the same copy.
fn winner<'a>(left: &'a Annotation, right: &'a Annotation) -> &'a Annotation {
    match left.modified.cmp(&right.modified) {
        Ordering::Greater => left,
        Ordering::Less => right,
        // Identical copies (every unchanged annotation on a save) need no
        // tie-break, which serialises both sides.
        Ordering::Equal if left == right => left,
        Ordering::Equal => {
            if content_order(left, right) == Ordering::Less {
                right
            } else {
                left
            }
        }
    }
}

/// A total order over annotations with the same id and time, so ties are
/// broken the same way in every tab.
fn content_order(left: &Annotation, right: &Annotation) -> Ordering {
    let key = |annotation: &Annotation| serde_json::to_string(annotation).unwrap_or_default();
    key(left).cmp(&key(right))
}

/// Merges two sides: per id, the later copy; tombstones of both sides
/// (the later deletion time per id); and every annotation that no tombstone
/// at or after its last change removes.
pub fn merge(left: &AnnotationSet, right: &AnnotationSet) -> AnnotationSet {
    let mut tombstones: BTreeMap<&AnnotationId, Timestamp> = BTreeMap::new();
    for tombstone in left.tombstones.iter().chain(&right.tombstones) {
        let deleted_at = tombstones.entry(&tombstone.id).or_insert(tombstone.deleted_at);
        *deleted_at = (*deleted_at).max(tombstone.deleted_at);
    }
    let mut newest: BTreeMap<&AnnotationId, &Annotation> = BTreeMap::new();
    for annotation in left.annotations.iter().chain(&right.annotations) {
        newest.entry(&annotation.id).and_modify(|kept| *kept = winner(kept, annotation)).or_insert(annotation);
    }
    let mut annotations: Vec<Annotation> = newest
        .into_values()
        .filter(|annotation| match tombstones.get(&annotation.id) {
            Some(deleted_at) => annotation.modified > *deleted_at,
            None => true,
        })
        .cloned()
        .collect();
    annotations.sort_by(document_order);
    AnnotationSet {
        annotations,
        tombstones: tombstones.into_iter().map(|(id, deleted_at)| Tombstone { id: id.clone(), deleted_at }).collect(),
    }
}

/// Forgets deletions older than [`TOMBSTONE_LIFETIME_MS`] at `now`.
pub fn drop_expired_tombstones(set: &mut AnnotationSet, now: Timestamp) {
    set.tombstones.retain(|tombstone| now.0.saturating_sub(tombstone.deleted_at.0) <= TOMBSTONE_LIFETIME_MS);
}

/// Tombstones at `now` for every id in `previously_held` that `current` no
/// longer holds: the annotations deleted since `previously_held` was taken.
pub fn deletions_since<'a>(
    previously_held: impl IntoIterator<Item = &'a AnnotationId>,
    current: &[Annotation],
    now: Timestamp,
) -> Vec<Tombstone> {
    let current_ids: std::collections::BTreeSet<&AnnotationId> =
        current.iter().map(|annotation| &annotation.id).collect();
    previously_held
        .into_iter()
        .filter(|id| !current_ids.contains(id))
        .map(|id| Tombstone { id: id.clone(), deleted_at: now })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchoring::selector::TextQuote;
    use crate::article::text::CodePointRange;
    use crate::session::tags::TagId;
    use proptest::prelude::*;

    fn annotation(id: u8, modified: i64, note: &str) -> Annotation {
        let mut annotation = Annotation::new(
            AnnotationId(format!("00000000-0000-4000-8000-{id:012}")),
            Timestamp(0),
            CodePointRange { start: usize::from(id), end: usize::from(id) + 3 },
            TextQuote { exact: "abc".into(), prefix: String::new(), suffix: String::new() },
            vec![TagId("factual".into())],
        );
        annotation.modified = Timestamp(modified);
        annotation.note = note.to_string();
        annotation
    }

    fn tombstone(id: u8, deleted_at: i64) -> Tombstone {
        Tombstone { id: annotation(id, 0, "").id, deleted_at: Timestamp(deleted_at) }
    }

    fn set(annotations: Vec<Annotation>, tombstones: Vec<Tombstone>) -> AnnotationSet {
        AnnotationSet::new(annotations, tombstones)
    }

    #[test]
    fn the_newer_copy_wins_and_the_union_survives() {
        let left = set(vec![annotation(1, 10, "old"), annotation(2, 10, "only left")], vec![]);
        let right = set(vec![annotation(1, 20, "new"), annotation(3, 5, "only right")], vec![]);
        let merged = merge(&left, &right);
        let notes: Vec<&str> = merged.annotations.iter().map(|annotation| annotation.note.as_str()).collect();
        assert_eq!(notes, vec!["new", "only left", "only right"]);
    }

    #[test]
    fn a_tombstone_removes_copies_modified_before_it_only() {
        let left = set(vec![annotation(1, 10, ""), annotation(2, 50, "edited after the deletion")], vec![]);
        let right = set(vec![], vec![tombstone(1, 20), tombstone(2, 40)]);
        let merged = merge(&left, &right);
        assert_eq!(merged.annotations.len(), 1);
        assert_eq!(merged.annotations[0].note, "edited after the deletion");
        assert_eq!(merged.tombstones, vec![tombstone(1, 20), tombstone(2, 40)]);
        let deleted_at_the_same_time = merge(&set(vec![annotation(1, 20, "")], vec![]), &right);
        assert!(deleted_at_the_same_time.annotations.is_empty(), "a deletion at the same instant wins");
    }

    #[test]
    fn the_later_deletion_of_an_id_is_kept() {
        let merged = merge(&set(vec![], vec![tombstone(1, 5)]), &set(vec![], vec![tombstone(1, 9)]));
        assert_eq!(merged.tombstones, vec![tombstone(1, 9)]);
    }

    #[test]
    fn tombstones_expire_after_thirty_days() {
        let mut merged = set(vec![], vec![tombstone(1, 0), tombstone(2, 1_000)]);
        drop_expired_tombstones(&mut merged, Timestamp(TOMBSTONE_LIFETIME_MS));
        assert_eq!(merged.tombstones.len(), 2, "exactly thirty days old is still kept");
        drop_expired_tombstones(&mut merged, Timestamp(TOMBSTONE_LIFETIME_MS + 1));
        assert_eq!(merged.tombstones, vec![tombstone(2, 1_000)]);
    }

    #[test]
    fn deletions_are_the_ids_no_longer_held() {
        let held = [annotation(1, 0, "").id, annotation(2, 0, "").id];
        let deleted = deletions_since(&held, &[annotation(2, 0, ""), annotation(3, 0, "")], Timestamp(7));
        assert_eq!(deleted, vec![tombstone(1, 7)]);
    }

    fn any_set() -> impl Strategy<Value = AnnotationSet> {
        let annotations =
            proptest::collection::vec((0_u8..8, 0_i64..6, prop_oneof![Just(""), Just("a"), Just("b")]), 0..8);
        let tombstones = proptest::collection::vec((0_u8..8, 0_i64..6), 0..4);
        (annotations, tombstones).prop_map(|(annotations, tombstones)| {
            set(
                annotations.into_iter().map(|(id, modified, note)| annotation(id, modified, note)).collect(),
                tombstones.into_iter().map(|(id, deleted_at)| tombstone(id, deleted_at)).collect(),
            )
        })
    }

    proptest! {
        #[test]
        fn merging_is_commutative(left in any_set(), right in any_set()) {
            prop_assert_eq!(merge(&left, &right), merge(&right, &left));
        }

        #[test]
        fn merging_is_idempotent(left in any_set(), right in any_set()) {
            let once = merge(&left, &right);
            prop_assert_eq!(merge(&once, &once), once.clone());
            prop_assert_eq!(merge(&once, &right), once.clone());
            prop_assert_eq!(merge(&left, &once), once);
        }

        #[test]
        fn merging_is_associative(first in any_set(), second in any_set(), third in any_set()) {
            prop_assert_eq!(merge(&merge(&first, &second), &third), merge(&first, &merge(&second, &third)));
        }

        #[test]
        fn no_annotation_is_lost_unless_a_tombstone_covers_it(left in any_set(), right in any_set()) {
            let merged = merge(&left, &right);
            for annotation in left.annotations.iter().chain(&right.annotations) {
                let tombstoned = merged
                    .tombstones
                    .iter()
                    .any(|tombstone| tombstone.id == annotation.id && tombstone.deleted_at >= annotation.modified);
                let kept = merged.annotations.iter().find(|kept| kept.id == annotation.id);
                match kept {
                    Some(kept) => prop_assert!(kept.modified >= annotation.modified),
                    None => prop_assert!(tombstoned, "{:?} vanished without a tombstone", annotation.id),
                }
            }
            for pair in merged.annotations.windows(2) {
                prop_assert_eq!(document_order(&pair[0], &pair[1]), Ordering::Less);
            }
        }
    }
}
