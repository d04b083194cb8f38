//! Turning a raw user selection into the range an annotation will cover.
//!
//! A drag in the browser rarely starts and ends exactly on word edges. The
//! raw range (already converted to code points of the canonical text) is
//! clamped to the article, widened outward to whole words and trimmed of
//! surrounding whitespace, so that two users highlighting "the same claim"
//! get the same range.
//!
//! What counts as a word: a run of letters and digits, where an apostrophe,
//! hyphen, period or comma *between* two of them joins them ("don't",
//! "anti-terrorism", "1.73", "2,700"). Each CJK ideograph, kana or Hangul
//! syllable is a word of its own, as is each emoji (with its modifiers,
//! variation selectors and zero-width-joined parts). Combining marks stay
//! with the character they modify.
//!
//! This module knows the article's blocks and text. It does not know about
//! annotations, the DOM or UTF-16.

use crate::article::model::Article;
use crate::article::text::CodePointRange;

/// Clamps `raw` to the article, snaps it outward to whole words and trims
/// whitespace. `None` when nothing but whitespace is left.
pub fn normalize_selection(article: &Article, raw: CodePointRange) -> Option<CodePointRange> {
    let length = article.len();
    let start = raw.start.min(raw.end).min(length);
    let end = raw.start.max(raw.end).min(length);
    if start == end {
        return None;
    }

    // Words never cross a block separator, so only the blocks the selection
    // touches need to be read. A selection end lying on a separator is
    // pulled inside those blocks; the separator is whitespace that trimming
    // would drop anyway.
    let first_block = article.block_index_at(start)?;
    let mut last_block = article.block_index_at(end - 1)?;
    if article.blocks[last_block].start > end - 1 {
        last_block = last_block.checked_sub(1)?;
    }
    if last_block < first_block {
        return None;
    }
    let window_start = article.blocks[first_block].start;
    let window_end = article.blocks[last_block].range().end;
    let window = characters_of_blocks(article, first_block, last_block);

    let mut local_start = start.max(window_start) - window_start;
    let mut local_end = end.min(window_end) - window_start;
    while !is_word_boundary(&window, local_start) {
        local_start -= 1;
    }
    while !is_word_boundary(&window, local_end) {
        local_end += 1;
    }
    while local_start < local_end && window[local_start].is_whitespace() {
        local_start += 1;
    }
    while local_end > local_start && window[local_end - 1].is_whitespace() {
        local_end -= 1;
    }
    (local_start < local_end)
        .then(|| CodePointRange { start: window_start + local_start, end: window_start + local_end })
}

/// The code points of blocks `first..=last` joined by `'\n'`: exactly the
/// canonical text from the first block's start to the last block's end.
fn characters_of_blocks(article: &Article, first: usize, last: usize) -> Vec<char> {
    let blocks = &article.blocks[first..=last];
    let mut characters = Vec::with_capacity(blocks.iter().map(|block| block.length + 1).sum());
    for (index, block) in blocks.iter().enumerate() {
        if index > 0 {
            characters.push('\n');
        }
        characters.extend(block.text.chars());
    }
    characters
}

/// How a character takes part in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CharacterClass {
    /// Spaces and the `'\n'` between blocks.
    Whitespace,
    /// A letter or digit of a script that spaces its words.
    WordCharacter,
    /// A CJK ideograph, kana or Hangul character: a word by itself.
    SingleCharacterWord,
    /// Belongs to the character before it: combining marks, variation
    /// selectors, emoji skin tones, the keycap mark, tag characters and
    /// the zero-width (non-)joiner.
    Extending,
    /// An apostrophe, hyphen, period or comma, which joins two word
    /// characters it sits between.
    InWordPunctuation,
    /// Half of a flag emoji; flags are pairs of these.
    RegionalIndicator,
    /// Any other punctuation or symbol, emoji included.
    Other,
}

const ZERO_WIDTH_JOINER: char = '\u{200D}';

fn classify(character: char) -> CharacterClass {
    let code = u32::from(character);
    if character.is_whitespace() {
        CharacterClass::Whitespace
    } else if is_extending(code) {
        CharacterClass::Extending
    } else if matches!(character, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}' | '.' | ',') {
        CharacterClass::InWordPunctuation
    } else if (0x1F1E6..=0x1F1FF).contains(&code) {
        CharacterClass::RegionalIndicator
    } else if character.is_alphanumeric() {
        if is_single_character_word(code) {
            CharacterClass::SingleCharacterWord
        } else {
            CharacterClass::WordCharacter
        }
    } else {
        CharacterClass::Other
    }
}

/// Code points that attach to the character before them.
fn is_extending(code: u32) -> bool {
    matches!(
        code,
        0x0300..=0x036F // combining diacritical marks
            | 0x0483..=0x0489 // Cyrillic combining marks
            | 0x0591..=0x05BD // Hebrew points
            | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 // Arabic marks
            | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF // combining marks, extended and supplement
            | 0x200C..=0x200D // zero-width non-joiner and joiner
            | 0x20D0..=0x20FF // combining marks for symbols, keycap included
            | 0x3099..=0x309A // kana voicing marks
            | 0xFE00..=0xFE0F // variation selectors
            | 0xFE20..=0xFE2F // combining half marks
            | 0x1F3FB..=0x1F3FF // emoji skin tones
            | 0xE0020..=0xE007F // emoji tag characters
            | 0xE0100..=0xE01EF // variation selectors supplement
    )
}

/// Letters of scripts written without spaces, where each character is
/// selected as a word of its own.
fn is_single_character_word(code: u32) -> bool {
    matches!(
        code,
        0x1100..=0x11FF // Hangul jamo
            | 0x3005..=0x3007 // ideographic iteration mark, closing mark, zero
            | 0x3040..=0x30FF // Hiragana and Katakana
            | 0x3130..=0x318F // Hangul compatibility jamo
            | 0x31F0..=0x31FF // Katakana phonetic extensions
            | 0x3400..=0x4DBF // CJK extension A
            | 0x4E00..=0x9FFF // CJK unified ideographs
            | 0xA960..=0xA97F // Hangul jamo extended A
            | 0xAC00..=0xD7FF // Hangul syllables and jamo extended B
            | 0xF900..=0xFAFF // CJK compatibility ideographs
            | 0xFF66..=0xFF9F // half-width Katakana
            | 0xFFA0..=0xFFDC // half-width Hangul
            | 0x20000..=0x323AF // CJK extensions B to H
    )
}

/// The class of the character that `characters[index]` belongs to: itself,
/// or for an extending character the character it attaches to.
fn cluster_class(characters: &[char], index: usize) -> CharacterClass {
    let mut base = index;
    while base > 0 && attaches_to_previous(characters, base) {
        base -= 1;
    }
    classify(characters[base])
}

/// True when `characters[index]` is an extending character hanging on a
/// non-space character.
fn attaches_to_previous(characters: &[char], index: usize) -> bool {
    classify(characters[index]) == CharacterClass::Extending && !characters[index - 1].is_whitespace()
}

/// True when no word straddles the gap before `characters[position]`.
fn is_word_boundary(characters: &[char], position: usize) -> bool {
    if position == 0 || position >= characters.len() {
        return true;
    }
    let after = classify(characters[position]);
    if after == CharacterClass::Whitespace {
        return true;
    }
    if attaches_to_previous(characters, position) || characters[position - 1] == ZERO_WIDTH_JOINER {
        return false;
    }
    let before = cluster_class(characters, position - 1);
    let joined = match (before, after) {
        (CharacterClass::WordCharacter, CharacterClass::WordCharacter) => true,
        (CharacterClass::WordCharacter, CharacterClass::InWordPunctuation) => {
            characters.get(position + 1).is_some_and(|&next| classify(next) == CharacterClass::WordCharacter)
        }
        (CharacterClass::InWordPunctuation, CharacterClass::WordCharacter) => {
            position >= 2
                && classify(characters[position - 1]) == CharacterClass::InWordPunctuation
                && cluster_class(characters, position - 2) == CharacterClass::WordCharacter
        }
        (CharacterClass::RegionalIndicator, CharacterClass::RegionalIndicator) => {
            // Indicators pair from the start of their run: "🇫🇷🇩🇪" is two flags.
            let run_before = characters[..position]
                .iter()
                .rev()
                .take_while(|&&character| classify(character) == CharacterClass::RegionalIndicator)
                .count();
            run_before % 2 == 1
        }
        _ => false,
    };
    !joined
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::article::text::{code_point_len, slice_code_points};

    fn sample() -> Article {
        Article::new(
            ArticleMetadata::default(),
            [
                "Online providers' help sought",
                "The ministry said 1.73 million websites, don't ask, anti-terrorism 2,700 cases.",
                "北京是中国的首都。",
                "Great 👍🏽 news 🇫🇷🇩🇪! Cafe\u{301} owners",
            ]
            .into_iter()
            .map(|text| (BlockKind::Paragraph, text.to_string())),
        )
    }

    /// Code-point offset of the first `needle` in the canonical text.
    fn offset_of(article: &Article, needle: &str) -> usize {
        let byte_index = article.canonical_text().find(needle).expect("needle is in the sample");
        code_point_len(&article.canonical_text()[..byte_index])
    }

    /// Normalises the range covering `needle`'s code points from `skip`
    /// to `keep` (counted within the needle) and returns the text selected.
    fn select_part(article: &Article, needle: &str, skip: usize, keep: usize) -> Option<String> {
        let start = offset_of(article, needle) + skip;
        normalize_selection(article, CodePointRange::new(start, start + keep))
            .map(|range| slice_code_points(article.canonical_text(), range.start, range.end).to_string())
    }

    fn select(article: &Article, needle: &str) -> Option<String> {
        select_part(article, needle, 0, code_point_len(needle))
    }

    #[test]
    fn mid_word_ends_snap_outward() {
        let article = sample();
        assert_eq!(select(&article, "nistry sa").as_deref(), Some("ministry said"));
        assert_eq!(select(&article, "elp").as_deref(), Some("help"));
        assert_eq!(select(&article, "sough").as_deref(), Some("sought"));
        let start = offset_of(&article, "ministry");
        assert_eq!(
            normalize_selection(&article, CodePointRange::new(start + 3, start + 11)),
            Some(CodePointRange::new(start, start + 13))
        );
    }

    #[test]
    fn an_aligned_selection_is_kept() {
        let article = sample();
        let start = offset_of(&article, "ministry");
        let aligned = CodePointRange::new(start, start + 8);
        assert_eq!(normalize_selection(&article, aligned), Some(aligned));
    }

    #[test]
    fn a_backwards_selection_is_straightened() {
        let article = sample();
        let start = offset_of(&article, "nistry sa");
        let forwards = normalize_selection(&article, CodePointRange::new(start, start + 9));
        assert_eq!(normalize_selection(&article, CodePointRange::new(start + 9, start)), forwards);
        assert_eq!(normalize_selection(&article, CodePointRange { start: start + 9, end: start }), forwards);
    }

    #[test]
    fn surrounding_whitespace_is_trimmed_after_snapping() {
        let article = sample();
        assert_eq!(select(&article, " said 1").as_deref(), Some("said 1.73"));
        assert_eq!(select(&article, "said ").as_deref(), Some("said"));
    }

    #[test]
    fn selections_across_blocks_keep_the_separator_inside() {
        let article = sample();
        assert_eq!(select(&article, "ght\nTh").as_deref(), Some("sought\nThe"));
        // Starting on the separator itself: it is trimmed away.
        assert_eq!(select(&article, "\nThe").as_deref(), Some("The"));
        assert_eq!(select(&article, "sought\n").as_deref(), Some("sought"));
    }

    #[test]
    fn a_selection_partly_outside_the_article_is_clamped() {
        let article = sample();
        let start = offset_of(&article, "wners");
        let range = normalize_selection(&article, CodePointRange::new(start, article.len() + 50)).unwrap();
        assert_eq!(range.end, article.len());
        assert_eq!(slice_code_points(article.canonical_text(), range.start, range.end), "owners");
        assert_eq!(normalize_selection(&article, CodePointRange::new(article.len() + 1, article.len() + 9)), None);
    }

    #[test]
    fn whitespace_separators_and_collapsed_selections_give_nothing() {
        let article = sample();
        let space = offset_of(&article, " said");
        assert_eq!(normalize_selection(&article, CodePointRange::new(space, space + 1)), None);
        let separator = offset_of(&article, "\nThe");
        assert_eq!(normalize_selection(&article, CodePointRange::new(separator, separator + 1)), None);
        // A caret inside a word is not a selection of that word.
        let inside = offset_of(&article, "istry");
        assert_eq!(normalize_selection(&article, CodePointRange::new(inside, inside)), None);
        let empty = Article::new(ArticleMetadata::default(), Vec::<(BlockKind, String)>::new());
        assert_eq!(normalize_selection(&empty, CodePointRange::new(0, 5)), None);
    }

    #[test]
    fn cjk_characters_are_words_of_their_own() {
        let article = sample();
        assert_eq!(select(&article, "是中").as_deref(), Some("是中"));
        assert_eq!(select(&article, "京").as_deref(), Some("京"));
        assert_eq!(select(&article, "首都。").as_deref(), Some("首都。"));
    }

    #[test]
    fn emoji_sequences_are_never_split() {
        let article = sample();
        // Only the skin-tone modifier of the thumbs-up.
        assert_eq!(select_part(&article, "👍🏽", 1, 1).as_deref(), Some("👍🏽"));
        // Only the thumbs-up without its modifier.
        assert_eq!(select_part(&article, "👍🏽", 0, 1).as_deref(), Some("👍🏽"));
        // Either half of either flag selects that whole flag, and only it.
        assert_eq!(select_part(&article, "🇫🇷🇩🇪", 1, 1).as_deref(), Some("🇫🇷"));
        assert_eq!(select_part(&article, "🇫🇷🇩🇪", 2, 1).as_deref(), Some("🇩🇪"));
        assert_eq!(select_part(&article, "🇫🇷🇩🇪", 1, 2).as_deref(), Some("🇫🇷🇩🇪"));
        // Emoji next to a word do not join it.
        assert_eq!(select(&article, "ews").as_deref(), Some("news"));
    }

    #[test]
    fn numbers_and_joined_words_stay_whole() {
        let article = sample();
        assert_eq!(select(&article, "73 mill").as_deref(), Some("1.73 million"));
        assert_eq!(select_part(&article, "1.73", 0, 2).as_deref(), Some("1.73"));
        assert_eq!(select(&article, ",7").as_deref(), Some("2,700"));
        assert_eq!(select(&article, "on'").as_deref(), Some("don't"));
        assert_eq!(select(&article, "terror").as_deref(), Some("anti-terrorism"));
        // Punctuation not between two letters or digits is not part of a word.
        assert_eq!(select(&article, "vider").as_deref(), Some("providers"));
        assert_eq!(select(&article, "websit").as_deref(), Some("websites"));
        assert_eq!(select(&article, "ase").as_deref(), Some("cases"));
        assert_eq!(select(&article, "ases.").as_deref(), Some("cases."));
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let article = sample();
        assert_eq!(select(&article, "Caf").as_deref(), Some("Cafe\u{301}"));
        assert_eq!(select(&article, "\u{301}").as_deref(), Some("Cafe\u{301}"));
    }

    fn article_strategy() -> impl Strategy<Value = Article> {
        let character = prop::sample::select(vec![
            'a',
            'b',
            '1',
            '.',
            ',',
            '\'',
            '-',
            ' ',
            ' ',
            '北',
            '😀',
            '\u{1F3FD}',
            '\u{301}',
            '\u{1F1EB}',
            '\u{1F1F7}',
            '\u{200D}',
            '!',
        ]);
        let block =
            prop::collection::vec(character, 1..20).prop_map(|characters| characters.into_iter().collect::<String>());
        prop::collection::vec(block, 1..5).prop_map(|blocks| {
            Article::new(ArticleMetadata::default(), blocks.into_iter().map(|text| (BlockKind::Paragraph, text)))
        })
    }

    fn article_and_raw_range() -> impl Strategy<Value = (Article, CodePointRange)> {
        article_strategy().prop_flat_map(|article| {
            let limit = article.len() + 4;
            (Just(article), 0..=limit, 0..=limit)
                .prop_map(|(article, start, end)| (article, CodePointRange { start, end }))
        })
    }

    proptest! {
        #[test]
        fn normalised_selections_are_trimmed_whole_and_stable((article, raw) in article_and_raw_range()) {
            let characters: Vec<char> = article.canonical_text().chars().collect();
            let clamped = CodePointRange::new(raw.start.min(article.len()), raw.end.min(article.len()));
            let mut inner_start = clamped.start;
            let mut inner_end = clamped.end;
            while inner_start < inner_end && characters[inner_start].is_whitespace() {
                inner_start += 1;
            }
            while inner_end > inner_start && characters[inner_end - 1].is_whitespace() {
                inner_end -= 1;
            }

            match normalize_selection(&article, raw) {
                None => prop_assert_eq!(inner_start, inner_end, "a selection with text gave nothing"),
                Some(range) => {
                    prop_assert!(range.start < range.end && range.end <= article.len());
                    prop_assert!(!characters[range.start].is_whitespace());
                    prop_assert!(!characters[range.end - 1].is_whitespace());
                    prop_assert!(range.start <= inner_start && inner_end <= range.end);
                    // No run of ASCII letters or digits is cut.
                    let joined = |position: usize| {
                        position > 0
                            && position < characters.len()
                            && characters[position - 1].is_ascii_alphanumeric()
                            && characters[position].is_ascii_alphanumeric()
                    };
                    prop_assert!(!joined(range.start) && !joined(range.end));
                    prop_assert_eq!(normalize_selection(&article, range), Some(range));
                }
            }
        }
    }
}
