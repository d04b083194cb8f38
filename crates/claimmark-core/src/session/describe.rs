//! What an action did, in a few words, for the undo history and the
//! screen-reader announcement: "Highlight deleted: “…”", "Tag renamed:
//! Statistic → Number".
//!
//! Descriptions are worked out from the recorded parts of the session
//! before and after the action ([`Recorded`]); this module never changes a
//! session.

use crate::session::action::Action;
use crate::session::annotation::{AnnotationId, AnnotationKind};
use crate::session::history::{annotation_changes, Recorded};
use crate::session::tag_editing::{describe_deletion, describe_edit, usage_count, TagEdit};

/// How many code points of a quote an announcement shows.
const QUOTE_LIMIT: usize = 60;

fn short_quote(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= QUOTE_LIMIT {
        return format!("“{collapsed}”");
    }
    let shortened: String = collapsed.chars().take(QUOTE_LIMIT - 1).collect();
    format!("“{}…”", shortened.trim_end())
}

/// Describes `action` from the state before it, for the actions whose
/// subject is gone afterwards (or that have no single subject). `None`
/// for the others, which [`describe_after`] describes.
pub fn describe_before(action: &Action, before: Recorded<'_>) -> Option<String> {
    let live_quote = |id: &AnnotationId| {
        before
            .annotations
            .iter()
            .find(|annotation| &annotation.id == id)
            .map(|annotation| short_quote(&annotation.quote.exact))
    };
    let trashed_quote = |id: &AnnotationId| {
        before
            .trash
            .iter()
            .find(|entry| &entry.annotation.id == id)
            .map(|entry| short_quote(&entry.annotation.quote.exact))
    };
    match action {
        Action::Delete { id, .. } => Some(format!("Highlight deleted: {}", live_quote(id).unwrap_or_default())),
        Action::RestoreFromTrash { id } => {
            Some(format!("Restored from the trash: {}", trashed_quote(id).unwrap_or_default()))
        }
        Action::EmptyTrash => Some(match before.trash.len() {
            1 => "Trash emptied (1 highlight)".to_string(),
            count => format!("Trash emptied ({count} highlights)"),
        }),
        Action::Import { .. } => Some("Import".to_string()),
        Action::UndoImport => Some("Undo import".to_string()),
        Action::ReplaceArticle { .. } => Some("New version of the text".to_string()),
        _ => describe_tag_action(action, before),
    }
}

/// Describes the change from `before` to `session` by the first annotation
/// it touched: "Statistic added: “…”", "Note changed: “…”".
pub fn describe_after(before: Recorded<'_>, session: Recorded<'_>) -> String {
    if before.fully_reviewed != session.fully_reviewed {
        return if session.fully_reviewed {
            "Article marked fully reviewed".to_string()
        } else {
            "Article no longer marked fully reviewed".to_string()
        };
    }
    let changes = annotation_changes(before.annotations, session.annotations);
    let Some((changed_from, changed_to)) = changes.first() else {
        return "Change".to_string();
    };
    match (changed_from, changed_to) {
        (None, Some(added)) => {
            let quote = short_quote(&added.quote.exact);
            match added.tags.first() {
                _ if added.kind == AnnotationKind::NotAClaim => format!("Marked not a claim: {quote}"),
                Some(tag) => format!("{} added: {quote}", session.tags.label_of(tag)),
                None => format!("Highlight added: {quote}"),
            }
        }
        (Some(old), Some(new)) => {
            let quote = short_quote(&new.quote.exact);
            let what = if old.tags != new.tags {
                "Tags changed"
            } else if old.note != new.note {
                "Note changed"
            } else if old.kind != new.kind {
                match new.kind {
                    AnnotationKind::NotAClaim => "Marked not a claim",
                    AnnotationKind::Claim => "Marked a claim",
                }
            } else if old.claim.verdict != new.claim.verdict {
                "Verdict changed"
            } else if old.claim.claimant != new.claim.claimant {
                "Claimant changed"
            } else if old.claim.evidence != new.claim.evidence {
                "Evidence changed"
            } else if old.claim.checked != new.claim.checked {
                "Checked date changed"
            } else if old.range != new.range || old.anchor != new.anchor {
                "Highlight placed"
            } else {
                "Highlight changed"
            };
            format!("{what}: {quote}")
        }
        (Some(old), None) => format!("Highlight removed: {}", short_quote(&old.quote.exact)),
        (None, None) => "Change".to_string(),
    }
}

/// What a tag action did, described from the session before it, for the
/// undo history ("Tag renamed: Statistic → Number"); `None` for other actions.
pub fn describe_tag_action(action: &Action, before: Recorded<'_>) -> Option<String> {
    let edit = match action {
        Action::AddTag { definition } => TagEdit::Add(definition.clone()),
        Action::RenameTag { id, label } => TagEdit::Rename(id.clone(), label.clone()),
        Action::RecolorTag { id, color } => TagEdit::Recolor(id.clone(), color.clone()),
        Action::MoveTag { id, direction } => TagEdit::Move(id.clone(), *direction),
        Action::SetTagHotkey { id, hotkey } => TagEdit::SetHotkey(id.clone(), *hotkey),
        Action::DeleteTag { id, disposal, .. } => {
            let count = usage_count(before.annotations, id);
            return Some(describe_deletion(before.tags, id, disposal, count));
        }
        _ => return None,
    };
    Some(describe_edit(before.tags, &edit))
}
