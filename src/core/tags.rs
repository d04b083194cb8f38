//! Claim tags: the default set, with colours and number hotkeys.

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
    /// The key that applies the tag from the selection toolbar ('1'…'9').
    pub hotkey: Option<char>,
}

/// The tags a session offers, in display order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagSet {
    /// Tag definitions in the order the toolbar and legend show them.
    pub tags: Vec<TagDefinition>,
}

impl TagSet {
    /// The six default claim tags. Colours are pale tints of the Okabe–Ito
    /// colour-blind-safe palette, so black text keeps a contrast above 7:1.
    pub fn defaults() -> TagSet {
        let definitions = [
            ("factual", "Factual claim", "#9fd3f5", '1'),
            ("statistic", "Statistic", "#ffd27a", '2'),
            ("quote", "Quote", "#a8e6cf", '3'),
            ("causal", "Causal claim", "#f7b7a3", '4'),
            ("prediction", "Prediction", "#d7c4f2", '5'),
            ("opinion", "Opinion (not checkable)", "#d9d9d9", '6'),
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

    /// Colour for `id`; a neutral grey for a tag the set no longer has.
    pub fn color_of(&self, id: &TagId) -> &str {
        self.get(id).map(|tag| tag.color.as_str()).unwrap_or("#cccccc")
    }

    /// Label for `id`; the raw id for a tag the set no longer has.
    pub fn label_of<'a>(&'a self, id: &'a TagId) -> &'a str {
        self.get(id).map(|tag| tag.label.as_str()).unwrap_or(id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of a `#rrggbb` colour.
    fn luminance(color: &str) -> f64 {
        let channel = |index: usize| {
            let value = u8::from_str_radix(&color[index..index + 2], 16).unwrap() as f64 / 255.0;
            if value <= 0.03928 {
                value / 12.92
            } else {
                ((value + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn defaults_have_distinct_ids_hotkeys_and_colours() {
        let set = TagSet::defaults();
        let labels: Vec<_> = set.tags.iter().map(|tag| (tag.hotkey.unwrap(), tag.label.as_str())).collect();
        assert_eq!(
            labels,
            vec![
                ('1', "Factual claim"),
                ('2', "Statistic"),
                ('3', "Quote"),
                ('4', "Causal claim"),
                ('5', "Prediction"),
                ('6', "Opinion (not checkable)")
            ]
        );
        let mut colors: Vec<_> = set.tags.iter().map(|tag| tag.color.clone()).collect();
        colors.sort();
        colors.dedup();
        assert_eq!(colors.len(), 6);
        assert_eq!(set.by_hotkey('2').unwrap().id, TagId("statistic".into()));
        assert!(set.by_hotkey('7').is_none());
    }

    #[test]
    fn black_text_on_every_tag_colour_passes_wcag_aaa() {
        for tag in TagSet::defaults().tags {
            let contrast = (luminance(&tag.color) + 0.05) / 0.05;
            assert!(contrast >= 7.0, "{} has contrast {contrast:.2}", tag.label);
        }
    }
}
