//! The rules of editing the tag set: what a label, a colour and a hotkey
//! must be, how a new tag gets its id, and what each edit does to a
//! [`TagSet`].
//!
//! The reducer ([`crate::session::reducer`]) applies these edits and the tag
//! manager checks input with the same functions first, so the message the
//! user sees is the reason the reducer would refuse. Everything here is
//! pure: no storage, no browser, no clock.

use std::fmt;

use crate::session::annotation::Annotation;
use crate::session::tags::{contrast_with_black, parse_color, TagDefinition, TagId, TagSet, MINIMUM_CONTRAST};

pub use crate::session::tags::LABEL_LIMIT;

/// Why an edit of the tag set was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum TagEditError {
    /// The label is empty or only white space.
    EmptyLabel,
    /// The label is longer than [`LABEL_LIMIT`] characters.
    LabelTooLong {
        /// Its length in characters.
        length: usize,
    },
    /// Another tag already has this label (case is ignored).
    DuplicateLabel {
        /// The label as the user typed it, trimmed.
        label: String,
    },
    /// The colour is not written `#rrggbb` (or the short `#rgb`).
    MalformedColor {
        /// What the user typed, trimmed.
        color: String,
    },
    /// Black text on the colour would be too hard to read.
    LowContrast {
        /// What the user typed, trimmed.
        color: String,
        /// The contrast ratio of black text on it.
        contrast: f64,
    },
    /// Hotkeys are digits only: letters are keyboard commands.
    InvalidHotkey {
        /// The key offered.
        key: char,
    },
    /// The set has no tag with this id (another tab may have deleted it).
    UnknownTag {
        /// The id.
        id: TagId,
    },
    /// A new tag's id is empty or another tag's already.
    TakenId {
        /// The id.
        id: TagId,
    },
    /// A tag cannot be replaced by itself, or by a tag the set lacks.
    InvalidReplacement,
}

impl fmt::Display for TagEditError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagEditError::EmptyLabel => formatter.write_str("A tag needs a label."),
            TagEditError::LabelTooLong { length } => write!(
                formatter,
                "The label is {length} characters long; keep it to {LABEL_LIMIT} so it fits the toolbar."
            ),
            TagEditError::DuplicateLabel { label } => {
                write!(formatter, "There is already a tag called “{label}”; pick another label.")
            }
            TagEditError::MalformedColor { color } => write!(
                formatter,
                "“{color}” is not a colour: write it as # and six hexadecimal digits, for example #eedd88."
            ),
            TagEditError::LowContrast { color, contrast } => write!(
                formatter,
                "Black text on {color} has a contrast of {contrast:.1}:1; pick a lighter colour (at least \
                 {MINIMUM_CONTRAST}:1)."
            ),
            TagEditError::InvalidHotkey { key } => {
                write!(formatter, "“{key}” cannot be a hotkey: use a digit, 1 to 9 or 0 (letters are commands).")
            }
            TagEditError::UnknownTag { id } => {
                write!(
                    formatter,
                    "The tag “{}” no longer exists; it may have been deleted in another tab.",
                    id.as_str()
                )
            }
            TagEditError::TakenId { id } => write!(formatter, "There is already a tag with the id “{}”.", id.as_str()),
            TagEditError::InvalidReplacement => formatter.write_str("Choose another existing tag as the replacement."),
        }
    }
}

impl std::error::Error for TagEditError {}

/// The label with white space trimmed and runs of it collapsed.
pub fn normalize_label(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks a label for a new tag (`renaming` is `None`) or for `renaming`,
/// and returns it normalised.
pub fn check_label(set: &TagSet, label: &str, renaming: Option<&TagId>) -> Result<String, TagEditError> {
    let label = normalize_label(label);
    if label.is_empty() {
        return Err(TagEditError::EmptyLabel);
    }
    let length = label.chars().count();
    if length > LABEL_LIMIT {
        return Err(TagEditError::LabelTooLong { length });
    }
    let wanted = label.to_lowercase();
    let taken = set.tags.iter().any(|tag| Some(&tag.id) != renaming && tag.label.to_lowercase() == wanted);
    if taken {
        return Err(TagEditError::DuplicateLabel { label });
    }
    Ok(label)
}

/// Checks a colour typed by the user and returns it as lower-case
/// `#rrggbb` (a short `#rgb` is expanded).
pub fn check_color(color: &str) -> Result<String, TagEditError> {
    let typed = color.trim();
    let expanded = match typed.strip_prefix('#') {
        Some(short) if short.len() == 3 && short.bytes().all(|byte| byte.is_ascii_hexdigit()) => {
            format!("#{}", short.chars().flat_map(|digit| [digit, digit]).collect::<String>())
        }
        _ => typed.to_string(),
    }
    .to_lowercase();
    if parse_color(&expanded).is_none() {
        return Err(TagEditError::MalformedColor { color: typed.to_string() });
    }
    let contrast = contrast_with_black(&expanded).unwrap_or(0.0);
    if contrast < MINIMUM_CONTRAST {
        // Rounded down, so a colour just under the limit never reads "4.5:1".
        let shown = (contrast * 10.0).floor() / 10.0;
        return Err(TagEditError::LowContrast { color: typed.to_string(), contrast: shown });
    }
    Ok(expanded)
}

/// Checks a hotkey: a digit, '1'…'9' or '0'.
pub fn check_hotkey(key: char) -> Result<char, TagEditError> {
    if key.is_ascii_digit() {
        Ok(key)
    } else {
        Err(TagEditError::InvalidHotkey { key })
    }
}

/// A fresh id for a tag labelled `label`: its letters and digits in lower
/// case joined by hyphens ("Health claims" → "health-claims"), made unique
/// against the set and against `also_taken` (ids still carried by
/// annotations, in the trash or deleted tags) with "-2", "-3"….
pub fn new_tag_id(set: &TagSet, label: &str, also_taken: &[TagId]) -> TagId {
    let mut slug = String::new();
    for character in label.chars().flat_map(char::to_lowercase) {
        if character.is_alphanumeric() {
            slug.push(character);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').chars().take(LABEL_LIMIT).collect::<String>();
    let base = if slug.is_empty() { "tag".to_string() } else { slug };
    let taken = |candidate: &str| {
        set.tags.iter().any(|tag| tag.id.as_str() == candidate) || also_taken.iter().any(|id| id.as_str() == candidate)
    };
    let mut candidate = base.clone();
    let mut number = 2;
    while taken(&candidate) {
        candidate = format!("{base}-{number}");
        number += 1;
    }
    TagId(candidate)
}

/// Which way a tag moves in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagMove {
    /// One place earlier.
    Up,
    /// One place later.
    Down,
}

/// What happens to the annotations that carry a tag being deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagDisposal {
    /// They lose the tag and stay (as plain highlights if it was their only one).
    RemoveFromAnnotations,
    /// They carry this tag instead, in the same place among their tags.
    ReplaceWith(TagId),
    /// They go to the trash, from which they can be restored.
    DeleteAnnotations,
}

/// One edit of the tag set alone (deleting, which also touches
/// annotations, is done by the session with [`retag`]).
#[derive(Clone, Debug, PartialEq)]
pub enum TagEdit {
    /// Add a tag at the end.
    Add(TagDefinition),
    /// Give a tag a new label.
    Rename(TagId, String),
    /// Give a tag a new colour.
    Recolor(TagId, String),
    /// Move a tag one place.
    Move(TagId, TagMove),
    /// Bind a digit to a tag (taking it from the tag that had it) or unbind.
    SetHotkey(TagId, Option<char>),
}

/// The set after `edit`, or why it is refused. An edit that changes
/// nothing (renaming to the same label, moving the first tag up) returns
/// the set unchanged.
pub fn apply_edit(set: &TagSet, edit: &TagEdit) -> Result<TagSet, TagEditError> {
    let mut next = set.clone();
    let position_of = |id: &TagId| {
        set.tags.iter().position(|tag| &tag.id == id).ok_or_else(|| TagEditError::UnknownTag { id: id.clone() })
    };
    match edit {
        TagEdit::Add(definition) => {
            let label = check_label(set, &definition.label, None)?;
            let color = check_color(&definition.color)?;
            if definition.id.as_str().is_empty() || set.get(&definition.id).is_some() {
                return Err(TagEditError::TakenId { id: definition.id.clone() });
            }
            if let Some(key) = definition.hotkey {
                check_hotkey(key)?;
                take_hotkey(&mut next, key);
            }
            next.tags.push(TagDefinition { id: definition.id.clone(), label, color, hotkey: definition.hotkey });
        }
        TagEdit::Rename(id, label) => {
            let index = position_of(id)?;
            next.tags[index].label = check_label(set, label, Some(id))?;
        }
        TagEdit::Recolor(id, color) => {
            let index = position_of(id)?;
            next.tags[index].color = check_color(color)?;
        }
        TagEdit::Move(id, direction) => {
            let index = position_of(id)?;
            let target = match direction {
                TagMove::Up => index.checked_sub(1),
                TagMove::Down => Some(index + 1).filter(|target| *target < set.tags.len()),
            };
            if let Some(target) = target {
                next.tags.swap(index, target);
            }
        }
        TagEdit::SetHotkey(id, hotkey) => {
            let index = position_of(id)?;
            if let Some(key) = hotkey {
                check_hotkey(*key)?;
                take_hotkey(&mut next, *key);
            }
            next.tags[index].hotkey = *hotkey;
        }
    }
    Ok(next)
}

fn take_hotkey(set: &mut TagSet, key: char) {
    for tag in &mut set.tags {
        if tag.hotkey == Some(key) {
            tag.hotkey = None;
        }
    }
}

/// The tag other than `id` that holds `key`, so the UI can say that
/// assigning it moves it ("3 moves from Quote").
pub fn hotkey_holder<'a>(set: &'a TagSet, key: char, id: Option<&TagId>) -> Option<&'a TagDefinition> {
    set.tags.iter().find(|tag| tag.hotkey == Some(key) && Some(&tag.id) != id)
}

/// How many of `annotations` carry `id`.
pub fn usage_count(annotations: &[Annotation], id: &TagId) -> usize {
    annotations.iter().filter(|annotation| annotation.tags.contains(id)).count()
}

/// The tags of an annotation once `id` is deleted with `disposal`
/// (`DeleteAnnotations` leaves them as they are: the annotation goes whole).
/// A replacement the annotation already carries is not added twice.
pub fn retag(tags: &[TagId], id: &TagId, disposal: &TagDisposal) -> Vec<TagId> {
    match disposal {
        TagDisposal::DeleteAnnotations => tags.to_vec(),
        TagDisposal::RemoveFromAnnotations => tags.iter().filter(|tag| *tag != id).cloned().collect(),
        TagDisposal::ReplaceWith(replacement) => {
            let mut retagged: Vec<TagId> = Vec::with_capacity(tags.len());
            for tag in tags {
                let tag = if tag == id { replacement } else { tag };
                if !retagged.contains(tag) {
                    retagged.push(tag.clone());
                }
            }
            retagged
        }
    }
}

/// What an edit did, for the undo history and announcements.
pub fn describe_edit(set: &TagSet, edit: &TagEdit) -> String {
    let label = |id: &TagId| set.label_of(id).to_string();
    match edit {
        TagEdit::Add(definition) => format!("Tag added: {}", normalize_label(&definition.label)),
        TagEdit::Rename(id, new_label) => format!("Tag renamed: {} → {}", label(id), normalize_label(new_label)),
        TagEdit::Recolor(id, _) => format!("Tag colour changed: {}", label(id)),
        TagEdit::Move(id, TagMove::Up) => format!("Tag moved up: {}", label(id)),
        TagEdit::Move(id, TagMove::Down) => format!("Tag moved down: {}", label(id)),
        TagEdit::SetHotkey(id, Some(key)) => format!("Hotkey {key} set for {}", label(id)),
        TagEdit::SetHotkey(id, None) => format!("Hotkey removed from {}", label(id)),
    }
}

/// What deleting a tag did, for the undo history and announcements.
pub fn describe_deletion(set: &TagSet, id: &TagId, disposal: &TagDisposal, count: usize) -> String {
    let highlights = if count == 1 { "1 highlight".to_string() } else { format!("{count} highlights") };
    let label = set.label_of(id);
    match disposal {
        _ if count == 0 => format!("Tag deleted: {label}"),
        TagDisposal::RemoveFromAnnotations => format!("Tag deleted: {label} (removed from {highlights})"),
        TagDisposal::ReplaceWith(replacement) => {
            format!("Tag deleted: {label} ({highlights} now {})", set.label_of(replacement))
        }
        TagDisposal::DeleteAnnotations => format!("Tag deleted: {label} ({highlights} moved to the trash)"),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn tag(id: &str) -> TagId {
        TagId(id.to_string())
    }

    fn definition(id: &str, label: &str, color: &str, hotkey: Option<char>) -> TagDefinition {
        TagDefinition { id: tag(id), label: label.into(), color: color.into(), hotkey }
    }

    #[test]
    fn labels_are_trimmed_and_must_be_present_short_and_unique_ignoring_case() {
        let set = TagSet::defaults();
        assert_eq!(check_label(&set, "  Health \t claims ", None), Ok("Health claims".to_string()));
        assert_eq!(check_label(&set, " \n ", None), Err(TagEditError::EmptyLabel));
        assert_eq!(check_label(&set, &"x".repeat(41), None), Err(TagEditError::LabelTooLong { length: 41 }));
        assert!(check_label(&set, &"é".repeat(40), None).is_ok(), "the limit counts characters, not bytes");
        assert_eq!(
            check_label(&set, "STATISTIC", None),
            Err(TagEditError::DuplicateLabel { label: "STATISTIC".into() })
        );
        assert_eq!(check_label(&set, "statistic", Some(&tag("statistic"))), Ok("statistic".to_string()));
        assert!(check_label(&set, "quote", Some(&tag("statistic"))).is_err());
        assert_eq!(
            TagEditError::DuplicateLabel { label: "Quote".into() }.to_string(),
            "There is already a tag called “Quote”; pick another label."
        );
    }

    #[test]
    fn colours_must_be_hex_and_light_enough_for_black_text() {
        assert_eq!(check_color(" #EEDD88 "), Ok("#eedd88".to_string()));
        assert_eq!(check_color("#fea"), Ok("#ffeeaa".to_string()));
        for bad in ["", "eedd88", "#eedd8", "#eedd888", "#ggdd88", "red", "#ee dd88"] {
            assert!(matches!(check_color(bad), Err(TagEditError::MalformedColor { .. })), "{bad}");
        }
        let error = check_color("#335").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Black text on #335 has a contrast of 1.7:1; pick a lighter colour (at least 4.5:1)."
        );
        // Black text on grey #747474 is 4.49:1, just under (and shown as
        // 4.4, never rounded up to the limit); on #757575, 4.56:1.
        assert!(matches!(check_color("#747474"), Err(TagEditError::LowContrast { contrast, .. }) if contrast == 4.4));
        assert_eq!(check_color("#757575"), Ok("#757575".to_string()));
    }

    #[test]
    fn hotkeys_are_digits_only() {
        for key in "0123456789".chars() {
            assert_eq!(check_hotkey(key), Ok(key));
        }
        for key in ['a', 'j', '?', ' ', '١'] {
            assert_eq!(check_hotkey(key), Err(TagEditError::InvalidHotkey { key }));
        }
    }

    #[test]
    fn new_ids_are_slugs_unique_against_the_set_and_ids_still_in_use() {
        let set = TagSet::defaults();
        assert_eq!(new_tag_id(&set, "Health claims!", &[]), tag("health-claims"));
        assert_eq!(new_tag_id(&set, "Statistic (old)", &[]), tag("statistic-old"));
        assert_eq!(new_tag_id(&set, "Quote", &[]), tag("quote-2"));
        assert_eq!(new_tag_id(&set, "Quote", &[tag("quote-2")]), tag("quote-3"));
        assert_eq!(new_tag_id(&set, "…", &[]), tag("tag"));
        assert_eq!(new_tag_id(&set, "Санкции", &[]), tag("санкции"));
    }

    #[test]
    fn edits_add_rename_recolour_move_and_take_hotkeys_from_their_holder() {
        let set = TagSet::defaults();
        let added = apply_edit(&set, &TagEdit::Add(definition("health", " Health ", "#CFE8FF", Some('6')))).unwrap();
        let health = added.tags.last().unwrap();
        assert_eq!((health.label.as_str(), health.color.as_str(), health.hotkey), ("Health", "#cfe8ff", Some('6')));
        assert_eq!(added.get(&tag("quote")).unwrap().hotkey, None, "the quote tag gave up 6");
        assert_eq!(hotkey_holder(&set, '6', Some(&tag("health"))).map(|tag| tag.label.as_str()), Some("Quote"));
        assert_eq!(hotkey_holder(&set, '6', Some(&tag("quote"))), None);

        let renamed = apply_edit(&set, &TagEdit::Rename(tag("statistic"), "Number".into())).unwrap();
        assert_eq!(renamed.label_of(&tag("statistic")), "Number");
        let recolored = apply_edit(&set, &TagEdit::Recolor(tag("other"), "#f4d6ef".into())).unwrap();
        assert_eq!(recolored.color_of(&tag("other")), "#f4d6ef");

        let moved = apply_edit(&set, &TagEdit::Move(tag("prediction"), TagMove::Up)).unwrap();
        assert_eq!(moved.tags[0].id, tag("prediction"));
        assert_eq!(moved.tags[1].id, tag("statistic"));
        assert_eq!(apply_edit(&set, &TagEdit::Move(tag("statistic"), TagMove::Up)).unwrap(), set);
        assert_eq!(apply_edit(&set, &TagEdit::Move(tag("other"), TagMove::Down)).unwrap(), set);

        let unbound = apply_edit(&set, &TagEdit::SetHotkey(tag("quote"), None)).unwrap();
        assert_eq!(unbound.by_hotkey('6'), None);
        let rebound = apply_edit(&set, &TagEdit::SetHotkey(tag("other"), Some('1'))).unwrap();
        assert_eq!(rebound.by_hotkey('1').unwrap().id, tag("other"));
        assert_eq!(rebound.get(&tag("statistic")).unwrap().hotkey, None);
    }

    #[test]
    fn refused_edits_say_why() {
        let set = TagSet::defaults();
        let refusals = [
            (TagEdit::Add(definition("x", "", "#eedd88", None)), TagEditError::EmptyLabel),
            (
                TagEdit::Add(definition("x", "X", "#000", None)),
                TagEditError::LowContrast { color: "#000".into(), contrast: 1.0 },
            ),
            (
                TagEdit::Add(definition("statistic", "Numbers", "#eedd88", None)),
                TagEditError::TakenId { id: tag("statistic") },
            ),
            (TagEdit::Add(definition("x", "X", "#eedd88", Some('k'))), TagEditError::InvalidHotkey { key: 'k' }),
            (TagEdit::Rename(tag("gone"), "Gone".into()), TagEditError::UnknownTag { id: tag("gone") }),
            (TagEdit::Recolor(tag("quote"), "blue".into()), TagEditError::MalformedColor { color: "blue".into() }),
            (TagEdit::SetHotkey(tag("quote"), Some('q')), TagEditError::InvalidHotkey { key: 'q' }),
        ];
        for (edit, expected) in refusals {
            assert_eq!(apply_edit(&set, &edit), Err(expected), "{edit:?}");
        }
    }

    #[test]
    fn retagging_removes_or_replaces_in_place_without_duplicates() {
        let tags = [tag("statistic"), tag("quote"), tag("opinion")];
        assert_eq!(
            retag(&tags, &tag("quote"), &TagDisposal::RemoveFromAnnotations),
            vec![tag("statistic"), tag("opinion")]
        );
        assert_eq!(
            retag(&tags, &tag("quote"), &TagDisposal::ReplaceWith(tag("other"))),
            vec![tag("statistic"), tag("other"), tag("opinion")]
        );
        assert_eq!(
            retag(&tags, &tag("quote"), &TagDisposal::ReplaceWith(tag("statistic"))),
            vec![tag("statistic"), tag("opinion")]
        );
        assert_eq!(retag(&tags, &tag("quote"), &TagDisposal::DeleteAnnotations), tags.to_vec());
    }

    #[test]
    fn descriptions_name_the_tag_and_what_happened() {
        let set = TagSet::defaults();
        assert_eq!(
            describe_edit(&set, &TagEdit::Rename(tag("statistic"), " Number ".into())),
            "Tag renamed: Statistic → Number"
        );
        assert_eq!(describe_edit(&set, &TagEdit::SetHotkey(tag("quote"), Some('9'))), "Hotkey 9 set for Quote");
        assert_eq!(
            describe_deletion(&set, &tag("statistic"), &TagDisposal::ReplaceWith(tag("other")), 12),
            "Tag deleted: Statistic (12 highlights now Other)"
        );
        assert_eq!(
            describe_deletion(&set, &tag("quote"), &TagDisposal::DeleteAnnotations, 1),
            "Tag deleted: Quote (1 highlight moved to the trash)"
        );
        assert_eq!(
            describe_deletion(&set, &tag("quote"), &TagDisposal::RemoveFromAnnotations, 0),
            "Tag deleted: Quote"
        );
    }

    fn edit_strategy() -> impl Strategy<Value = TagEdit> {
        let any_id = prop_oneof![Just(tag("statistic")), Just(tag("quote")), Just(tag("other")), Just(tag("new"))];
        let any_label =
            prop_oneof![Just("Quote".to_string()), Just(" New ".to_string()), Just(String::new()), "[a-zA-Z ]{0,45}"];
        let any_color = prop_oneof![Just("#eedd88".to_string()), Just("#333".to_string()), "#[0-9a-f]{6}", ".{0,8}"];
        let any_key = proptest::option::of(prop_oneof![Just('1'), Just('0'), Just('9'), Just('x')]);
        prop_oneof![
            (any_id.clone(), any_label.clone(), any_color.clone(), any_key.clone())
                .prop_map(|(id, label, color, hotkey)| TagEdit::Add(TagDefinition { id, label, color, hotkey })),
            (any_id.clone(), any_label).prop_map(|(id, label)| TagEdit::Rename(id, label)),
            (any_id.clone(), any_color).prop_map(|(id, color)| TagEdit::Recolor(id, color)),
            (any_id.clone(), prop_oneof![Just(TagMove::Up), Just(TagMove::Down)])
                .prop_map(|(id, direction)| TagEdit::Move(id, direction)),
            (any_id, any_key).prop_map(|(id, key)| TagEdit::SetHotkey(id, key)),
        ]
    }

    proptest! {
        #[test]
        fn any_edits_keep_ids_labels_and_hotkeys_unique_and_colours_readable(
            edits in proptest::collection::vec(edit_strategy(), 0..30)
        ) {
            let mut set = TagSet::defaults();
            for edit in edits {
                let before = set.clone();
                match apply_edit(&set, &edit) {
                    Ok(next) => set = next,
                    Err(_) => prop_assert_eq!(&set, &before),
                }
                // No edit but adding changes how many tags there are.
                let added = matches!(edit, TagEdit::Add(_)) && set.tags.len() == before.tags.len() + 1;
                prop_assert!(added || set.tags.len() == before.tags.len());
                let mut ids: Vec<_> = set.tags.iter().map(|tag| tag.id.clone()).collect();
                ids.sort();
                ids.dedup();
                prop_assert_eq!(ids.len(), set.tags.len());
                let mut labels: Vec<_> = set.tags.iter().map(|tag| tag.label.to_lowercase()).collect();
                labels.sort();
                labels.dedup();
                prop_assert_eq!(labels.len(), set.tags.len());
                let mut keys: Vec<char> = set.tags.iter().filter_map(|tag| tag.hotkey).collect();
                prop_assert!(keys.iter().all(char::is_ascii_digit));
                keys.sort_unstable();
                let bound = keys.len();
                keys.dedup();
                prop_assert_eq!(keys.len(), bound);
                for tag in &set.tags {
                    prop_assert!(!tag.label.is_empty() && tag.label.chars().count() <= LABEL_LIMIT);
                    prop_assert!(contrast_with_black(&tag.color).is_some_and(|contrast| contrast >= MINIMUM_CONTRAST));
                }
            }
        }
    }
}
