//! Sentence segmentation for news prose.
//!
//! The Unicode sentence boundaries of UAX #29 (from `unicode-segmentation`)
//! are the starting point: they already keep decimals such as "1.73"
//! together, break after CJK full stops ("。", "！", "？") with or without a
//! following space, and keep closing quotes and brackets with the sentence
//! they close. On top of them this module removes the breaks that news prose
//! gets wrong:
//!
//! - after abbreviations and initials ("Mr. Chen", "the U.S. Senate",
//!   "John F. Kennedy", "Apple Inc. shares"), unless the next word is one
//!   that typically opens a sentence ("… in the U.S. The report …");
//! - after number prefixes and abbreviated months followed by a figure
//!   ("No. 3", "Vol. 12", "Nov. 3");
//! - before a lowercase continuation (`"Stop!" she said.`);
//! - inside a quotation that is itself part of a larger sentence: in
//!   `"We did it. We won," he said.` the quote ends with its attribution, so
//!   the whole is one sentence.
//!
//! Ranges are in code points of the text given, trimmed of surrounding
//! whitespace. This module knows text only: not articles, scores or the UI.

use unicode_segmentation::UnicodeSegmentation;

use crate::article::text::CodePointRange;

/// The sentences of `text` (one block, without line breaks), as code-point
/// ranges into `text`, in order, trimmed of whitespace. Stretches holding
/// no letter or digit are not sentences and are left out.
pub fn sentence_ranges(text: &str) -> Vec<CodePointRange> {
    let embedded_quotes = embedded_quotations(text);
    let mut byte_ranges: Vec<(usize, usize)> = Vec::new();
    let mut current_start = 0;
    for (break_at, _) in text.split_sentence_bound_indices().skip(1) {
        let before = &text[current_start..break_at];
        let after = &text[break_at..];
        let inside_embedded_quote = embedded_quotes.iter().any(|&(open, close)| open < break_at && break_at <= close);
        if inside_embedded_quote || continues_sentence(before, after) {
            continue;
        }
        byte_ranges.push((current_start, break_at));
        current_start = break_at;
    }
    byte_ranges.push((current_start, text.len()));

    let mut ranges = Vec::with_capacity(byte_ranges.len());
    let mut code_points_before = 0;
    let mut bytes_counted = 0;
    for (start, end) in byte_ranges {
        let piece = &text[start..end];
        let leading = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.chars().any(char::is_alphanumeric) {
            continue;
        }
        let trimmed_start = start + leading;
        code_points_before += text[bytes_counted..trimmed_start].chars().count();
        let length = trimmed.chars().count();
        ranges.push(CodePointRange { start: code_points_before, end: code_points_before + length });
        code_points_before += length;
        bytes_counted = trimmed_start + trimmed.len();
    }
    ranges
}

/// The sentences of `text` as string slices; see [`sentence_ranges`].
pub fn sentences(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut characters = text.char_indices().map(|(index, _)| index).chain(std::iter::once(text.len()));
    let mut position = 0;
    let mut byte_at = characters.next().unwrap_or(0);
    for range in sentence_ranges(text) {
        while position < range.start {
            byte_at = characters.next().unwrap_or(text.len());
            position += 1;
        }
        let start_byte = byte_at;
        while position < range.end {
            byte_at = characters.next().unwrap_or(text.len());
            position += 1;
        }
        pieces.push(&text[start_byte..byte_at]);
    }
    pieces
}

/// Titles and other abbreviations that are usually followed by a name or a
/// noun, not by a new sentence.
const ABBREVIATIONS_BEFORE_A_WORD: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm",
    "Maj", "Rev", "Hon", "Pres", "Supt", "Det", "Insp", "Insps", "St", "Mt", "Ft", "Jr", "Sr", "Messrs", "Mmes", "Fr",
    "Gens", "Reps", "Sens", "Inc", "Corp", "Ltd", "Co", "Bros", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd", "Sq",
    "Mass", "Calif", "Fla", "Wash", "Penn", "Ariz", "Colo", "Conn", "Ill", "Mich", "Minn", "Tenn", "Va", "Wis",
    "approx", "est", "etc", "al",
];

/// Abbreviations that are followed by a figure: "No. 3", "Vol. 12", "Nov. 3".
const ABBREVIATIONS_BEFORE_A_FIGURE: &[&str] = &[
    "No", "no", "Nos", "nos", "Vol", "vol", "Vols", "Fig", "fig", "Figs", "Art", "art", "p", "pp", "ch", "Ch", "Sec",
    "sec", "Sect", "Ex", "Para", "para", "Op", "op", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "Rev", "Gen", "Ps", "Hwy", "Rte", "Pt", "Pts", "Nr",
];

/// Abbreviations that never end a sentence in news prose.
const ABBREVIATIONS_NEVER_FINAL: &[&str] = &["e.g", "i.e", "cf", "vs", "viz"];

/// Words that open sentences far more often than they follow an
/// abbreviation: after "U.S." or "Inc.", they mean a new sentence began.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Then",
    "Here",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "However",
    "Meanwhile",
    "Still",
    "Also",
    "Now",
    "In",
    "On",
    "At",
    "For",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "As",
    "Since",
    "Although",
    "Though",
    "Despite",
    "According",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Other",
    "Others",
    "Another",
    "One",
    "Last",
    "Next",
    "Not",
    "No",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Such",
    "By",
    "From",
    "With",
    "To",
    "Of",
    "Under",
    "Over",
    "During",
    "Officials",
    "Police",
    "Experts",
    "Critics",
    "Analysts",
    "Researchers",
];

/// Words that may follow "a.m." or "p.m." in the same sentence.
const AFTER_A_TIME_OF_DAY: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "ET",
    "EST",
    "EDT",
    "CT",
    "PT",
    "PST",
    "PDT",
    "GMT",
    "BST",
    "UTC",
    "CET",
    "CEST",
    "IST",
    "JST",
];

/// Whether the UAX #29 break between `before` and `after` should be
/// removed, because `after` continues the sentence `before` started.
fn continues_sentence(before: &str, after: &str) -> bool {
    let next = after.trim_start();
    let Some(next_character) = next.chars().next() else {
        return false;
    };
    if next_character.is_lowercase() {
        return true;
    }
    let previous = before.trim_end();
    let Some(abbreviation) = final_abbreviation(previous) else {
        return false;
    };
    let next_word: &str = next.split(|character: char| !character.is_alphanumeric()).next().unwrap_or("");
    let starts_with_figure = next_character.is_ascii_digit();
    let opens_quote = matches!(next_character, '"' | '“' | '‘' | '«' | '(');

    if ABBREVIATIONS_NEVER_FINAL.iter().any(|known| known.eq_ignore_ascii_case(abbreviation)) {
        return true;
    }
    if ABBREVIATIONS_BEFORE_A_FIGURE.contains(&abbreviation) && starts_with_figure {
        return true;
    }
    if abbreviation.eq_ignore_ascii_case("a.m") || abbreviation.eq_ignore_ascii_case("p.m") {
        return AFTER_A_TIME_OF_DAY.contains(&next_word);
    }
    if opens_quote || SENTENCE_OPENERS.contains(&next_word) {
        return false;
    }
    let is_title_or_known = ABBREVIATIONS_BEFORE_A_WORD.contains(&abbreviation);
    is_title_or_known || is_initials(abbreviation)
}

/// The word before a final "." of `previous`, without the dot ("U.S" for
/// "… the U.S."), when `previous` ends with a period after a word.
fn final_abbreviation(previous: &str) -> Option<&str> {
    let without_dot = previous.strip_suffix('.')?;
    let word_start = without_dot
        .char_indices()
        .rev()
        .find(|(_, character)| !(character.is_alphanumeric() || *character == '.'))
        .map(|(index, character)| index + character.len_utf8())
        .unwrap_or(0);
    let word = &without_dot[word_start..];
    (!word.is_empty() && word.chars().next().is_some_and(char::is_alphabetic)).then_some(word)
}

/// "U.S", "U.K", "F", "D.C": single letters joined by dots. A lone
/// capital is an initial ("John F. Kennedy").
fn is_initials(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut characters = part.chars();
        matches!((characters.next(), characters.next()), (Some(letter), None) if letter.is_alphabetic())
    }) && word.chars().next().is_some_and(char::is_uppercase)
}

/// Byte spans (opening quote, closing quote) of quotations that are part of
/// a larger sentence: the closing quote is followed, after optional commas
/// and spaces, by a lowercase word (`," he said`). Breaks inside them are
/// removed.
fn embedded_quotations(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open_at: Option<usize> = None;
    let mut previous: Option<char> = None;
    for (index, character) in text.char_indices() {
        let closes = match character {
            '“' | '«' => {
                open_at = Some(index);
                false
            }
            '”' | '»' => open_at.is_some(),
            '"' => {
                let opening = previous.is_none_or(|before| before.is_whitespace() || "([{—–-‘“/".contains(before));
                if opening {
                    open_at = Some(index);
                    false
                } else {
                    open_at.is_some()
                }
            }
            _ => false,
        };
        if closes {
            if let Some(open) = open_at.take() {
                let rest = &text[index + character.len_utf8()..];
                let continuation = rest.trim_start_matches(|next: char| next.is_whitespace() || next == ',');
                if continuation.chars().next().is_some_and(char::is_lowercase) {
                    spans.push((open, index));
                }
            }
        }
        previous = Some(character);
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::text::slice_code_points;

    #[test]
    fn plain_sentences_split_at_full_stops_question_and_exclamation_marks() {
        assert_eq!(
            sentences("The bridge reopened on Monday. Was it safe? Engineers say yes! Traffic resumed."),
            vec!["The bridge reopened on Monday.", "Was it safe?", "Engineers say yes!", "Traffic resumed."]
        );
    }

    #[test]
    fn titles_do_not_end_sentences() {
        assert_eq!(
            sentences("Mr. Chen and Dr. Alvarez met Mrs. Okafor. Prof. Lind declined to comment."),
            vec!["Mr. Chen and Dr. Alvarez met Mrs. Okafor.", "Prof. Lind declined to comment."]
        );
    }

    #[test]
    fn dotted_acronyms_stay_inside_a_sentence_unless_a_new_one_clearly_starts() {
        assert_eq!(
            sentences("The U.S. Senate passed the bill. Exports to the U.K. Rose sharply, officials said."),
            vec!["The U.S. Senate passed the bill.", "Exports to the U.K. Rose sharply, officials said."]
        );
        assert_eq!(
            sentences("The company moved to the U.S. The move cost $2 million."),
            vec!["The company moved to the U.S.", "The move cost $2 million."]
        );
        assert_eq!(
            sentences("U.S. officials met U.N. envoys in Washington, D.C. on Friday."),
            vec!["U.S. officials met U.N. envoys in Washington, D.C. on Friday."]
        );
    }

    #[test]
    fn number_prefixes_keep_their_figure() {
        assert_eq!(
            sentences("She is ranked No. 3 in the world. He is No. 12. Item No. 3 Was withdrawn."),
            vec!["She is ranked No. 3 in the world.", "He is No. 12.", "Item No. 3 Was withdrawn."]
        );
        assert_eq!(
            sentences("The rules took effect on Nov. 3 After a vote. See Vol. 2 For details."),
            vec!["The rules took effect on Nov. 3 After a vote.", "See Vol. 2 For details."]
        );
    }

    #[test]
    fn decimals_and_thousands_separators_are_not_sentence_ends() {
        assert_eq!(
            sentences("Officials dealt with 1.73 million cases. Prices rose 2.5 percent to $3,400.50 a tonne."),
            vec!["Officials dealt with 1.73 million cases.", "Prices rose 2.5 percent to $3,400.50 a tonne."]
        );
    }

    #[test]
    fn a_quote_with_sentence_ends_inside_stays_with_its_attribution() {
        assert_eq!(
            sentences("\"We must teach them. They should use it properly,\" he said. The talks ended."),
            vec!["\"We must teach them. They should use it properly,\" he said.", "The talks ended."]
        );
        assert_eq!(
            sentences("“It works! It really works!” she said, smiling. Nobody else spoke."),
            vec!["“It works! It really works!” she said, smiling.", "Nobody else spoke."]
        );
        assert_eq!(
            sentences("\"Stop!\" the officer shouted. He ran."),
            vec!["\"Stop!\" the officer shouted.", "He ran."]
        );
    }

    #[test]
    fn a_quote_that_is_a_sentence_of_its_own_is_split_like_any_other() {
        assert_eq!(
            sentences("\"We won. It was hard.\" The coach smiled."),
            vec!["\"We won.", "It was hard.\"", "The coach smiled."]
        );
    }

    #[test]
    fn cjk_full_stops_end_sentences_without_a_space() {
        assert_eq!(
            sentences("北京今天下雨。上海也下雨！你去吗？好的。"),
            vec!["北京今天下雨。", "上海也下雨！", "你去吗？", "好的。"]
        );
        assert_eq!(
            sentences("他说：“我们成功了。”然后离开了。 Then he left."),
            vec!["他说：“我们成功了。”", "然后离开了。", "Then he left."]
        );
    }

    #[test]
    fn initials_abbreviations_and_times_follow_their_rules() {
        assert_eq!(
            sentences(
                "John F. Kennedy Airport reopened at 9 a.m. Tuesday after shares of Acme Inc. Fell. It was calm."
            ),
            vec!["John F. Kennedy Airport reopened at 9 a.m. Tuesday after shares of Acme Inc. Fell.", "It was calm."]
        );
        assert_eq!(
            sentences("The meeting ended at 3 p.m. Officials left. Costs, e.g. Fuel, rose."),
            vec!["The meeting ended at 3 p.m.", "Officials left.", "Costs, e.g. Fuel, rose."]
        );
    }

    #[test]
    fn ellipses_break_only_before_a_capital() {
        assert_eq!(
            sentences("Some Internet giants ... have made efforts. Others... Nothing."),
            vec!["Some Internet giants ... have made efforts.", "Others...", "Nothing."]
        );
    }

    #[test]
    fn ranges_count_code_points_and_are_trimmed() {
        let text = "  Café 😀 opened.   Ça va?  ";
        let ranges = sentence_ranges(text);
        assert_eq!(ranges, vec![CodePointRange { start: 2, end: 16 }, CodePointRange { start: 19, end: 25 }]);
        assert_eq!(slice_code_points(text, ranges[0].start, ranges[0].end), "Café 😀 opened.");
        assert_eq!(slice_code_points(text, ranges[1].start, ranges[1].end), "Ça va?");
        assert!(sentence_ranges("").is_empty());
        assert!(sentence_ranges(" ... — ").is_empty());
    }

    #[test]
    fn the_seed_article_is_split_into_its_sentences() {
        let article = crate::article::extract::seed_article();
        let all: Vec<&str> = article.blocks.iter().flat_map(|block| sentences(&block.text)).collect();
        assert!(all.contains(&"\"I'm happy to see that some Internet giants ... have made efforts against terrorism, and I hope more enterprises can be members of the anti-terrorism team,\" he said."));
        assert!(all.contains(
            &"According to the Ministry of Public Security, 1.73 million cases of illegal online activity have been dealt with since the beginning of the year."
        ));
        assert!(all.contains(&"Almost 300,000 people suspected of involvement in violating laws have been detained."));
        assert!(all.contains(&"The expo displays the latest Internet technologies and products in China and abroad."));
        assert!(all.contains(&"Li Xueren / Xinhua"));
    }

    proptest::proptest! {
        #[test]
        fn sentences_are_ordered_disjoint_trimmed_and_cover_every_word(text in "[a-zA-Z0-9 .,!?\"“”。é北]{0,80}") {
            let ranges = sentence_ranges(&text);
            let mut previous_end = 0;
            for range in &ranges {
                proptest::prop_assert!(range.start >= previous_end && range.start < range.end);
                let sentence = slice_code_points(&text, range.start, range.end);
                proptest::prop_assert_eq!(sentence.trim(), sentence);
                previous_end = range.end;
            }
            let covered: String = ranges.iter().map(|range| slice_code_points(&text, range.start, range.end)).collect();
            let words = |value: &str| value.chars().filter(|character| character.is_alphanumeric()).collect::<String>();
            proptest::prop_assert_eq!(words(&covered), words(&text));
        }
    }
}
