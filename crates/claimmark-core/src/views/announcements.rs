//! What a screen reader hears after an edit to one annotation: "Statistic
//! removed: “1.73 million cases…”", "Verdict set to False: “…”".
//!
//! The UI compares the annotation open in the editor before and after each
//! change and speaks the sentence this module writes through its live
//! region. Creating, deleting, undoing, redoing and importing are announced
//! where they happen (their messages carry what only the caller knows), so
//! this module covers the edits made inside the editor. Typing a note is not
//! announced: it would talk over every keystroke.
//!
//! It knows annotations and tags, not the DOM or how the message is shown.

use crate::session::annotation::{Annotation, AnnotationKind};
use crate::session::tags::TagSet;

/// Longest quote, in characters, an announcement repeats.
const QUOTE_LIMIT: usize = 60;

/// The announcement for what changed between `before` and `after` (the same
/// annotation), or `None` when nothing worth saying changed. When several
/// fields changed at once, the first in editor order is described.
pub fn describe_annotation_change(tags: &TagSet, before: &Annotation, after: &Annotation) -> Option<String> {
    if before.id != after.id {
        return None;
    }
    let quote = quoted(&after.quote.exact);
    if let Some(added) = after.tags.iter().find(|tag| !before.tags.contains(tag)) {
        return Some(format!("{} added: {quote}", tags.label_of(added)));
    }
    if let Some(removed) = before.tags.iter().find(|tag| !after.tags.contains(tag)) {
        return Some(format!("{} removed: {quote}", tags.label_of(removed)));
    }
    if before.kind != after.kind {
        return Some(match after.kind {
            AnnotationKind::NotAClaim => format!("Marked reviewed, not a claim: {quote}"),
            AnnotationKind::Claim => format!("Marked as a claim again: {quote}"),
        });
    }
    let (old, new) = (&before.claim, &after.claim);
    if old.verdict != new.verdict {
        return Some(format!("Verdict set to {}: {quote}", new.verdict.label()));
    }
    if old.claimant != new.claimant {
        return Some(if new.claimant.is_empty() {
            "Claimant cleared".to_string()
        } else {
            format!("Claimant set to {}", new.claimant)
        });
    }
    if new.evidence.len() > old.evidence.len() {
        let added = new.evidence.iter().find(|evidence| !old.evidence.contains(evidence))?;
        let name = if added.label.trim().is_empty() { &added.url } else { &added.label };
        return Some(format!("Evidence added: {name}"));
    }
    if new.evidence.len() < old.evidence.len() {
        return Some(format!("Evidence removed ({} left)", new.evidence.len()));
    }
    if old.evidence != new.evidence {
        return Some("Evidence changed".to_string());
    }
    if old.checked != new.checked {
        return Some(match &new.checked {
            Some(date) => format!("Checked date set to {date}"),
            None => "Checked date cleared".to_string(),
        });
    }
    None
}

/// `text` in curly quotes, whitespace collapsed, cut to [`QUOTE_LIMIT`]
/// characters with "…".
pub fn quoted(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= QUOTE_LIMIT {
        return format!("“{collapsed}”");
    }
    let shortened: String = collapsed.chars().take(QUOTE_LIMIT - 1).collect();
    format!("“{}…”", shortened.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchoring::selector::TextQuote;
    use crate::article::text::CodePointRange;
    use crate::session::annotation::{AnchorStatus, AnnotationId, ClaimDetails, Evidence, Origin, Verdict};
    use crate::session::tags::TagId;
    use crate::time::Timestamp;

    fn annotation() -> Annotation {
        Annotation {
            id: AnnotationId("a1".to_string()),
            created: Timestamp(1),
            modified: Timestamp(1),
            range: CodePointRange { start: 0, end: 59 },
            quote: TextQuote {
                exact: "The ministry handled 1.73 million cases last year, a record".to_string(),
                ..TextQuote::default()
            },
            tags: vec![TagId("statistic".to_string())],
            note: String::new(),
            claim: ClaimDetails::default(),
            kind: AnnotationKind::Claim,
            origin: Origin::Manual,
            anchor: AnchorStatus::Anchored,
        }
    }

    fn describe(change: impl FnOnce(&mut Annotation)) -> Option<String> {
        let before = annotation();
        let mut after = before.clone();
        change(&mut after);
        describe_annotation_change(&TagSet::defaults(), &before, &after)
    }

    #[test]
    fn tags_added_and_removed_are_named_with_the_quote() {
        let statistic = TagSet::defaults().label_of(&TagId("statistic".to_string())).to_string();
        assert_eq!(
            describe(|after| after.tags.clear()),
            Some(format!("{statistic} removed: “The ministry handled 1.73 million cases last year, a record”"))
        );
        let other = TagSet::defaults().tags.iter().find(|tag| tag.id.as_str() != "statistic").unwrap().clone();
        let message = describe(|after| after.tags.push(other.id.clone())).unwrap();
        assert!(message.starts_with(&format!("{} added: “", other.label)), "{message}");
    }

    #[test]
    fn claim_fields_each_have_their_sentence() {
        assert_eq!(
            describe(|after| after.claim.verdict = Verdict::MostlyTrue).as_deref(),
            Some("Verdict set to Mostly true: “The ministry handled 1.73 million cases last year, a record”")
        );
        assert_eq!(
            describe(|after| after.claim.claimant = "Chen Weixiong".to_string()).as_deref(),
            Some("Claimant set to Chen Weixiong")
        );
        let link = Evidence { url: "https://example.org/report".to_string(), label: String::new() };
        assert_eq!(
            describe(|after| after.claim.evidence.push(link)).as_deref(),
            Some("Evidence added: https://example.org/report")
        );
        assert_eq!(
            describe(|after| after.claim.checked = Some("2026-11-28".to_string())).as_deref(),
            Some("Checked date set to 2026-11-28")
        );
        assert_eq!(
            describe(|after| after.kind = AnnotationKind::NotAClaim).as_deref(),
            Some("Marked reviewed, not a claim: “The ministry handled 1.73 million cases last year, a record”")
        );
    }

    #[test]
    fn removing_evidence_says_how_many_are_left() {
        let mut before = annotation();
        before.claim.evidence = vec![
            Evidence { url: "https://a.example".to_string(), label: "A".to_string() },
            Evidence { url: "https://b.example".to_string(), label: "B".to_string() },
        ];
        let mut after = before.clone();
        after.claim.evidence.remove(0);
        assert_eq!(
            describe_annotation_change(&TagSet::defaults(), &before, &after).as_deref(),
            Some("Evidence removed (1 left)")
        );
    }

    #[test]
    fn notes_and_unrelated_annotations_are_silent() {
        assert_eq!(describe(|after| after.note = "typed".to_string()), None);
        assert_eq!(describe(|_| {}), None);
        assert_eq!(describe(|after| after.id = AnnotationId("other".to_string())), None);
    }

    #[test]
    fn long_quotes_are_cut_with_an_ellipsis() {
        let long = "word ".repeat(40);
        let shown = quoted(&long);
        assert!(shown.ends_with("…”"));
        assert_eq!(shown.chars().count(), QUOTE_LIMIT + 2);
        assert_eq!(quoted("  short\n text "), "“short text”");
    }
}
