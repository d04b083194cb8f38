//! Claim tags: the default set (Full Fact's claim types), the colour
//! palette, the contrast rule, and how a set takes in tag ids it lacks.
//!
//! A tag set is the user's: they can edit it (see
//! [`crate::session::tag_editing`]), and it is saved once for the whole library
//! (see [`crate::storage::tag_store`]). Annotations refer to tags by id only,
//! so whenever an annotation carries an id the set lacks, the set gains a
//! definition for it ([`TagSet::adopt_missing`]): a tag is never silently
//! dropped. This module knows nothing of storage or the browser.

use serde::{Deserialize, Serialize};

/// A tag's stable identifier ("statistic"). Labels may change; ids do not.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagId(pub String);

impl TagId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a tag looks and how it is reached from the keyboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagDefinition {
    /// Stable identifier.
    pub id: TagId,
    /// What the user sees ("Statistic").
    pub label: String,
    /// Highlight colour as `#rrggbb`; light enough for black text on top.
    pub color: String,
    /// The key that applies the tag: a digit, '1'…'9' or '0'. Letters are
    /// keyboard commands, so they are never hotkeys.
    pub hotkey: Option<char>,
}

/// The colour-blind-safe palette offered for tags: Paul Tol's "light"
/// scheme (designed to stay distinct under the common colour-vision
/// deficiencies) plus two paler tints. Black text on every colour has a
/// contrast of at least 7:1 (tested), so highlighted text stays readable.
pub const PALETTE: [(&str, &str); 11] = [
    ("#eedd88", "light yellow"),
    ("#99ddff", "light cyan"),
    ("#ee8866", "orange"),
    ("#bbcc33", "pear"),
    ("#ffaabb", "pink"),
    ("#44bb99", "mint"),
    ("#dddddd", "pale grey"),
    ("#77aadd", "light blue"),
    ("#aaaa00", "olive"),
    ("#cfe8ff", "pale blue"),
    ("#f4d6ef", "pale lilac"),
];

/// The least contrast black text must have on a tag colour (WCAG 2 AA for
/// normal text).
pub const MINIMUM_CONTRAST: f64 = 4.5;

/// The colour of a tag the set does not define (only seen for an instant:
/// a session adopts every id its annotations use).
pub const UNKNOWN_TAG_COLOR: &str = "#cccccc";

/// The longest label, in characters; longer ones would crowd the toolbar.
pub const LABEL_LIMIT: usize = 40;

/// How many deleted tags a set remembers.
pub const RETIRED_LIMIT: usize = 100;

/// Ids earlier versions offered by default, with the label and colour they
/// had, so annotations made with them keep looking as they did.
const LEGACY_TAGS: [(&str, &str, &str); 1] = [("factual", "Factual claim", "#9fd3f5")];

/// The red, green and blue channels of a `#rrggbb` colour (either case).
pub fn parse_color(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |index: usize| u8::from_str_radix(&hex[index..index + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG 2 relative luminance of a colour.
fn relative_luminance([red, green, blue]: [u8; 3]) -> f64 {
    let linear = |value: u8| {
        let value = f64::from(value) / 255.0;
        if value <= 0.039_28 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
}

/// The WCAG 2 contrast ratio of black text on `color` (from 1 to 21), or
/// `None` when `color` is not `#rrggbb`.
pub fn contrast_with_black(color: &str) -> Option<f64> {
    parse_color(color).map(|channels| (relative_luminance(channels) + 0.05) / 0.05)
}

/// The tags a session offers, in display order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagSet {
    /// Tag definitions in the order the toolbar and legend show them.
    pub tags: Vec<TagDefinition>,
    /// Deleted tags, latest first, kept so that a highlight still carrying
    /// one (in the trash, or in an article not open when it was deleted)
    /// brings it back with its label and colour rather than a bare id.
    #[serde(default)]
    pub retired: Vec<TagDefinition>,
}

impl TagSet {
    /// The default claim types, after Full Fact's categories, with hotkeys
    /// 1 to 8 and colours from [`PALETTE`].
    pub fn defaults() -> TagSet {
        let definitions = [
            ("statistic", "Statistic", "#eedd88", '1'),
            ("prediction", "Prediction", "#99ddff", '2'),
            ("causal", "Correlation/causation", "#ee8866", '3'),
            ("rules", "Laws/rules", "#bbcc33", '4'),
            ("experience", "Personal experience", "#ffaabb", '5'),
            ("quote", "Quote", "#44bb99", '6'),
            ("opinion", "Opinion (not checkable)", "#dddddd", '7'),
            ("other", "Other", "#77aadd", '8'),
        ];
        TagSet {
            tags: definitions
                .into_iter()
                .map(|(id, label, color, hotkey)| TagDefinition {
                    id: TagId(id.to_string()),
                    label: label.to_string(),
                    color: color.to_string(),
                    hotkey: Some(hotkey),
                })
                .collect(),
            retired: Vec::new(),
        }
    }

    /// The definition of `id`, if the set has it.
    pub fn get(&self, id: &TagId) -> Option<&TagDefinition> {
        self.tags.iter().find(|tag| &tag.id == id)
    }

    /// The tag bound to `key`, if any.
    pub fn by_hotkey(&self, key: char) -> Option<&TagDefinition> {
        self.tags.iter().find(|tag| tag.hotkey == Some(key))
    }

    /// Colour for `id`; a neutral grey for a tag the set does not have.
    pub fn color_of(&self, id: &TagId) -> &str {
        self.get(id).map(|tag| tag.color.as_str()).unwrap_or(UNKNOWN_TAG_COLOR)
    }

    /// Label for `id`; the raw id for a tag the set does not have.
    pub fn label_of<'a>(&'a self, id: &'a TagId) -> &'a str {
        self.get(id).map(|tag| tag.label.as_str()).unwrap_or(id.as_str())
    }

    /// Removes `id` from the set, remembering its definition (without its
    /// hotkey) among the retired ones. Returns false when the set lacks it.
    pub fn retire(&mut self, id: &TagId) -> bool {
        let Some(index) = self.tags.iter().position(|tag| &tag.id == id) else {
            return false;
        };
        let mut definition = self.tags.remove(index);
        definition.hotkey = None;
        self.retired.retain(|tag| &tag.id != id);
        self.retired.insert(0, definition);
        self.retired.truncate(RETIRED_LIMIT);
        true
    }

    /// True when some tag's label equals `label`, ignoring case.
    pub fn has_label(&self, label: &str) -> bool {
        let wanted = label.to_lowercase();
        self.tags.iter().any(|tag| tag.label.to_lowercase() == wanted)
    }

    /// `wanted`, cut to [`LABEL_LIMIT`] characters, or with " (2)", " (3)"…
    /// when another tag has that label already (case ignored).
    pub fn unique_label(&self, wanted: &str) -> String {
        let fit = |suffix: &str| {
            let room = LABEL_LIMIT.saturating_sub(suffix.chars().count());
            let base: String = wanted.trim().chars().take(room).collect();
            format!("{}{suffix}", base.trim_end())
        };
        let plain = fit("");
        if !self.has_label(&plain) {
            return plain;
        }
        (2..).map(|number| fit(&format!(" ({number})"))).find(|label| !self.has_label(label)).unwrap_or(plain)
    }

    /// The first palette colour no tag uses yet; when all are used, one
    /// chosen from the id so the same id always gets the same colour.
    pub fn free_palette_color(&self, id: &TagId) -> &'static str {
        PALETTE
            .iter()
            .map(|(color, _)| *color)
            .find(|color| !self.tags.iter().any(|tag| tag.color.eq_ignore_ascii_case(color)))
            .unwrap_or_else(|| {
                let sum: usize = id.as_str().bytes().map(usize::from).sum();
                PALETTE[sum % PALETTE.len()].0
            })
    }

    /// Adds a definition for every id in `used` that the set lacks, at the
    /// end, in the order first met. A definition from `offered` (an
    /// imported file's) is taken when there is one, then the deleted tag's
    /// own (leaving the retired list), then a legacy default's
    /// label and colour, else the id as label and a palette colour. A label
    /// another tag already has gets the id added ("Statistic (stat-2)"); a
    /// colour that is malformed or too dark for black text is replaced by a
    /// palette colour; a hotkey is kept only when it is a free digit.
    /// Returns true when anything was added.
    pub fn adopt_missing<'a>(&mut self, used: impl IntoIterator<Item = &'a TagId>, offered: &[TagDefinition]) -> bool {
        let mut added = false;
        for id in used {
            if id.as_str().is_empty() || self.get(id).is_some() {
                continue;
            }
            let retired = self.retired.iter().position(|tag| &tag.id == id).map(|index| self.retired.remove(index));
            let (label, color, hotkey) = match offered.iter().find(|tag| &tag.id == id).or(retired.as_ref()) {
                Some(tag) => (tag.label.trim().to_string(), tag.color.to_lowercase(), tag.hotkey),
                None => match LEGACY_TAGS.iter().find(|(legacy, _, _)| *legacy == id.as_str()) {
                    Some((_, label, color)) => (label.to_string(), color.to_string(), None),
                    None => (id.as_str().to_string(), String::new(), None),
                },
            };
            let label = self.unique_label(if label.is_empty() { id.as_str() } else { &label });
            let readable = contrast_with_black(&color).is_some_and(|contrast| contrast >= MINIMUM_CONTRAST);
            let color = if readable { color } else { self.free_palette_color(id).to_string() };
            let hotkey = hotkey.filter(|key| key.is_ascii_digit() && self.by_hotkey(*key).is_none());
            self.tags.push(TagDefinition { id: id.clone(), label, color, hotkey });
            added = true;
        }
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_full_facts_claim_types_with_hotkeys_one_to_eight() {
        let set = TagSet::defaults();
        let listed: Vec<_> =
            set.tags.iter().map(|tag| (tag.hotkey.unwrap(), tag.id.as_str(), tag.label.as_str())).collect();
        assert_eq!(
            listed,
            vec![
                ('1', "statistic", "Statistic"),
                ('2', "prediction", "Prediction"),
                ('3', "causal", "Correlation/causation"),
                ('4', "rules", "Laws/rules"),
                ('5', "experience", "Personal experience"),
                ('6', "quote", "Quote"),
                ('7', "opinion", "Opinion (not checkable)"),
                ('8', "other", "Other"),
            ]
        );
        let mut colors: Vec<_> = set.tags.iter().map(|tag| tag.color.clone()).collect();
        colors.sort();
        colors.dedup();
        assert_eq!(colors.len(), 8);
        assert!(set.tags.iter().all(|tag| PALETTE.iter().any(|(color, _)| *color == tag.color)));
        assert_eq!(set.by_hotkey('1').unwrap().id, TagId("statistic".into()));
        assert!(set.by_hotkey('9').is_none());
    }

    #[test]
    fn black_text_on_every_palette_colour_passes_wcag_aaa() {
        for (color, name) in PALETTE.iter().copied().chain(LEGACY_TAGS.iter().map(|(_, label, color)| (*color, *label)))
        {
            let contrast = contrast_with_black(color).unwrap();
            assert!(contrast >= 7.0, "{name} {color} has contrast {contrast:.2}");
        }
    }

    #[test]
    fn contrast_matches_known_wcag_values_and_refuses_malformed_colours() {
        assert!((contrast_with_black("#ffffff").unwrap() - 21.0).abs() < 1e-9);
        assert!((contrast_with_black("#000000").unwrap() - 1.0).abs() < 1e-9);
        // Mid grey #777777 is the classic borderline: 4.69:1 with black.
        assert!((contrast_with_black("#777777").unwrap() - 4.69).abs() < 0.01);
        assert!((contrast_with_black("#333355").unwrap() - 1.7).abs() < 0.1);
        for bad in ["", "#", "fff", "#fff", "#12345", "#1234567", "#gggggg", "123456", "#12 456"] {
            assert_eq!(contrast_with_black(bad), None, "{bad}");
        }
        assert!(contrast_with_black("#AbCdEf").is_some());
    }

    #[test]
    fn missing_ids_are_adopted_from_an_offer_a_legacy_default_or_the_id_itself() {
        let mut set = TagSet::defaults();
        let offered = vec![
            TagDefinition {
                id: TagId("health".into()),
                label: "Health".into(),
                color: "#F4D6EF".into(),
                hotkey: Some('9'),
            },
            TagDefinition {
                id: TagId("clash".into()),
                label: "statistic".into(),
                color: "#123".into(),
                hotkey: Some('1'),
            },
        ];
        let used = [
            TagId("statistic".into()),
            TagId("factual".into()),
            TagId("health".into()),
            TagId("clash".into()),
            TagId("retired".into()),
            TagId("factual".into()),
            TagId(String::new()),
        ];
        assert!(set.adopt_missing(&used, &offered));
        let added: Vec<_> = set.tags[8..]
            .iter()
            .map(|tag| (tag.id.as_str(), tag.label.as_str(), tag.color.as_str(), tag.hotkey))
            .collect();
        assert_eq!(
            added,
            vec![
                ("factual", "Factual claim", "#9fd3f5", None),
                ("health", "Health", "#f4d6ef", Some('9')),
                ("clash", "statistic (2)", "#aaaa00", None),
                ("retired", "retired", "#cfe8ff", None),
            ]
        );
        assert!(!set.adopt_missing(&used, &offered), "adopting again adds nothing");
        let long = TagId("x".repeat(60));
        set.adopt_missing([&long], &[]);
        assert_eq!(set.tags.last().unwrap().label, "x".repeat(LABEL_LIMIT));
        set.adopt_missing([&TagId("y".repeat(60).replace('y', "x"))], &[]);
        assert_eq!(set.unique_label(&"x".repeat(50)), format!("{} (2)", "x".repeat(LABEL_LIMIT - 4)));
    }

    #[test]
    fn a_retired_tag_comes_back_with_its_label_and_colour_but_not_its_hotkey() {
        let mut set = TagSet::defaults();
        assert!(set.retire(&TagId("quote".into())));
        assert!(!set.retire(&TagId("quote".into())));
        assert!(set.get(&TagId("quote".into())).is_none());
        assert_eq!(set.retired.len(), 1);
        assert!(set.adopt_missing(&[TagId("quote".into())], &[]));
        let back = set.tags.last().unwrap();
        assert_eq!((back.label.as_str(), back.color.as_str(), back.hotkey), ("Quote", "#44bb99", None));
        assert!(set.retired.is_empty());
    }

    #[test]
    fn free_palette_colours_run_out_into_a_stable_choice() {
        let mut set = TagSet { tags: Vec::new(), retired: Vec::new() };
        for (index, (color, _)) in PALETTE.iter().enumerate() {
            assert_eq!(set.free_palette_color(&TagId(format!("t{index}"))), *color);
            set.tags.push(TagDefinition {
                id: TagId(format!("t{index}")),
                label: format!("T{index}"),
                color: color.to_string(),
                hotkey: None,
            });
        }
        let chosen = set.free_palette_color(&TagId("more".into()));
        assert_eq!(chosen, set.free_palette_color(&TagId("more".into())));
        assert!(PALETTE.iter().any(|(color, _)| *color == chosen));
    }
}
