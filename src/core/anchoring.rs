//! Anchoring: describing a range as W3C selectors, and finding it again.
//!
//! [`describe`] turns a range of the canonical text into a
//! TextPositionSelector and a TextQuoteSelector (the quoted text with up to
//! [`CONTEXT_CODE_POINTS`] code points of context on each side). [`anchor`]
//! places such a target back on an article by trying strategies in order,
//! cheapest and most certain first: the stored position, then a verbatim
//! search for the quote ranked by context. Every offset is in code points.
//!
//! This module knows only the article's canonical text. It does not know
//! about blocks, annotations, storage formats or the browser.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use crate::core::article::Article;
use crate::core::text::CodePointRange;

/// Code points of context kept on each side of a quote.
pub const CONTEXT_CODE_POINTS: usize = 32;

/// A W3C TextQuoteSelector: the exact text plus context on each side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    /// The quoted text.
    pub exact: String,
    /// Up to 32 code points immediately before `exact`.
    pub prefix: String,
    /// Up to 32 code points immediately after `exact`.
    pub suffix: String,
}

/// Both selectors for one range: a TextPositionSelector (the range, in code
/// points) and a TextQuoteSelector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Start and end in code points of the canonical text.
    pub position: CodePointRange,
    /// The quote and its context.
    pub quote: TextQuote,
}

/// Which strategy placed the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorMethod {
    /// The text at the stored position equals the quote.
    Position,
    /// The quote was found verbatim elsewhere, chosen by context and position.
    ExactQuote,
}

/// Where a target landed and how sure we are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anchored {
    /// The range in the article.
    pub range: CodePointRange,
    /// The strategy that succeeded.
    pub method: AnchorMethod,
    /// Confidence in 0..=1.
    pub score: f32,
}

/// Why a target could not be placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnchorError {
    /// The selector quotes no text at all.
    EmptyQuote,
    /// The quoted text does not occur in the article.
    QuoteNotFound,
}

/// Describes `range` (clamped to the article) as selectors.
pub fn describe(article: &Article, range: CodePointRange) -> Target {
    let text = article.canonical_text();
    let length = article.len();
    let range = CodePointRange::new(range.start, range.end);
    let start = range.start.min(length);
    let end = range.end.min(length);
    let [prefix_byte, start_byte, end_byte, suffix_end_byte] =
        [start.saturating_sub(CONTEXT_CODE_POINTS), start, end, end.saturating_add(CONTEXT_CODE_POINTS)]
            .map(|offset| canonical_byte_index(article, offset));
    Target {
        position: CodePointRange { start, end },
        quote: TextQuote {
            exact: text[start_byte..end_byte].to_string(),
            prefix: text[prefix_byte..start_byte].to_string(),
            suffix: text[end_byte..suffix_end_byte].to_string(),
        },
    }
}

/// Finds `target` in `article`.
///
/// Strategies run in order and the first that places the target wins:
/// the stored position when the text there still equals the quote, then a
/// verbatim search for the quote. An empty quote is refused rather than
/// placed, since it would match everywhere.
pub fn anchor(article: &Article, target: &Target) -> Result<Anchored, AnchorError> {
    if target.quote.exact.is_empty() {
        return Err(AnchorError::EmptyQuote);
    }
    ANCHORING_STRATEGIES.iter().find_map(|strategy| strategy(article, target)).ok_or(AnchorError::QuoteNotFound)
}

/// One way of placing a non-empty quote; `None` when it cannot.
type AnchoringStrategy = fn(&Article, &Target) -> Option<Anchored>;

/// The strategies [`anchor`] tries, most certain first. A looser strategy
/// (fuzzy matching) belongs at the end, so it only runs when the verbatim
/// ones fail.
const ANCHORING_STRATEGIES: [AnchoringStrategy; 2] = [anchor_by_position, anchor_by_exact_quote];

/// Accepts the stored position when the text there is exactly the quote.
fn anchor_by_position(article: &Article, target: &Target) -> Option<Anchored> {
    let text = article.canonical_text();
    let position = CodePointRange::new(target.position.start, target.position.end);
    if position.end > article.len() {
        return None;
    }
    let exact = target.quote.exact.as_str();
    let start_byte = canonical_byte_index(article, position.start);
    let holds_quote = text[start_byte..].starts_with(exact) && exact.chars().count() == position.len();
    holds_quote.then_some(Anchored { range: position, method: AnchorMethod::Position, score: 1.0 })
}

/// One place where the quote occurs verbatim, with how well its
/// surroundings agree with the stored context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct QuoteCandidate {
    /// Where the occurrence sits, in code points.
    range: CodePointRange,
    /// Code points of the prefix and suffix that match around it.
    matched_context: usize,
    /// Code points between its start and the stored position's start.
    distance_from_hint: usize,
}

impl QuoteCandidate {
    /// True when `self` should be preferred to `other`.
    ///
    /// Context decides; closeness to the stored position only breaks ties
    /// between equally good contexts, and the earlier occurrence wins a
    /// remaining tie so the choice never depends on search order.
    fn is_better_than(&self, other: &QuoteCandidate) -> bool {
        let rank = |candidate: &QuoteCandidate| {
            (Reverse(candidate.matched_context), candidate.distance_from_hint, candidate.range.start)
        };
        rank(self) < rank(other)
    }
}

/// Bytes searched on each side of the stored position before the whole
/// text is. Text that moved less than this is found without a full scan.
const NEARBY_BYTES: usize = 16 * 1024;

/// Finds the occurrence of the quote whose context matches best.
///
/// Occurrences near the stored position are searched first. When one of
/// them matches its whole context and lies within a quarter of
/// [`NEARBY_BYTES`] code points of the position, no occurrence further away
/// can beat it: every one of those is more than `NEARBY_BYTES` bytes, so
/// more than a quarter as many code points, away. Otherwise the whole text
/// is searched.
fn anchor_by_exact_quote(article: &Article, target: &Target) -> Option<Anchored> {
    anchor_by_exact_quote_searching_nearby(article, target, NEARBY_BYTES)
}

/// [`anchor_by_exact_quote`] with the nearby window as a parameter, so tests
/// can make it small enough to matter on short texts.
fn anchor_by_exact_quote_searching_nearby(article: &Article, target: &Target, nearby_bytes: usize) -> Option<Anchored> {
    let text = article.canonical_text();
    let hint = target.position.start.min(target.position.end).min(article.len());
    let hint_byte = canonical_byte_index(article, hint);
    let search = QuoteSearch::new(text, &target.quote, hint);

    let window_start_byte = floor_char_boundary(text, hint_byte.saturating_sub(nearby_bytes));
    let window_end_byte = ceil_char_boundary(text, hint_byte + nearby_bytes + target.quote.exact.len());
    let window_start = hint - text[window_start_byte..hint_byte].chars().count();
    let window_is_whole_text = window_start_byte == 0 && window_end_byte == text.len();
    let nearby = search.best_between(window_start_byte, window_end_byte, window_start);
    let best = match nearby {
        _ if window_is_whole_text => nearby,
        Some(candidate)
            if candidate.matched_context == search.full_context && candidate.distance_from_hint <= nearby_bytes / 4 =>
        {
            nearby
        }
        _ => search.best_between(0, text.len(), 0),
    }?;
    Some(Anchored {
        range: best.range,
        method: AnchorMethod::ExactQuote,
        score: context_score(best.matched_context, search.full_context),
    })
}

/// What a verbatim search for one quote needs to rank its occurrences.
struct QuoteSearch<'a> {
    /// The canonical text.
    text: &'a str,
    /// The quote and its stored context.
    quote: &'a TextQuote,
    /// Length of the quote in code points.
    exact_code_points: usize,
    /// Code points of context an occurrence can match at most.
    full_context: usize,
    /// The stored position's start, clamped to the text.
    hint: usize,
}

impl<'a> QuoteSearch<'a> {
    fn new(text: &'a str, quote: &'a TextQuote, hint: usize) -> QuoteSearch<'a> {
        QuoteSearch {
            text,
            quote,
            exact_code_points: quote.exact.chars().count(),
            full_context: quote.prefix.chars().count() + quote.suffix.chars().count(),
            hint,
        }
    }

    /// The best occurrence lying wholly within `text[start_byte..end_byte]`,
    /// overlapping occurrences included. `start_byte` must be a character
    /// boundary and `start` its offset in code points.
    fn best_between(&self, start_byte: usize, end_byte: usize, start: usize) -> Option<QuoteCandidate> {
        let exact = self.quote.exact.as_str();
        let first_character_length = exact.chars().next().map_or(1, char::len_utf8);
        let haystack = &self.text[..end_byte];
        let mut best: Option<QuoteCandidate> = None;
        let mut counted_up_to_byte = start_byte;
        let mut code_points_before_counted = start;
        let mut search_from_byte = start_byte;
        // `match_indices` would skip occurrences that overlap an earlier one
        // ("ha ha" in "ha ha ha" is there twice), so the search restarts one
        // code point after each hit instead.
        while let Some(relative_byte) = haystack[search_from_byte..].find(exact) {
            let occurrence_start_byte = search_from_byte + relative_byte;
            code_points_before_counted += self.text[counted_up_to_byte..occurrence_start_byte].chars().count();
            counted_up_to_byte = occurrence_start_byte;
            let candidate = self.candidate_at(occurrence_start_byte, code_points_before_counted);
            if best.is_none_or(|current| candidate.is_better_than(&current)) {
                best = Some(candidate);
            }
            search_from_byte = occurrence_start_byte + first_character_length;
        }
        best
    }

    /// Scores the occurrence starting at `start_byte`, code point `start`.
    fn candidate_at(&self, start_byte: usize, start: usize) -> QuoteCandidate {
        let end_byte = start_byte + self.quote.exact.len();
        let matched_prefix = matching_code_points_backwards(&self.text[..start_byte], &self.quote.prefix);
        let matched_suffix = matching_code_points_forwards(&self.text[end_byte..], &self.quote.suffix);
        QuoteCandidate {
            range: CodePointRange { start, end: start + self.exact_code_points },
            matched_context: matched_prefix + matched_suffix,
            distance_from_hint: start.abs_diff(self.hint),
        }
    }
}

/// Confidence from how much of the stored context matched: 1.0 when all of
/// it did, falling towards (but never reaching) zero as less of it does.
fn context_score(matched_context: usize, full_context: usize) -> f32 {
    (1 + matched_context) as f32 / (1 + full_context) as f32
}

/// How many code points at the end of `expected` equal those at the end of
/// `text`, compared from the end backwards.
fn matching_code_points_backwards(text: &str, expected: &str) -> usize {
    expected.chars().rev().zip(text.chars().rev()).take_while(|(wanted, found)| wanted == found).count()
}

/// How many code points at the start of `expected` equal those at the start
/// of `text`.
fn matching_code_points_forwards(text: &str, expected: &str) -> usize {
    expected.chars().zip(text.chars()).take_while(|(wanted, found)| wanted == found).count()
}

/// The nearest character boundary at or before `byte_index`.
fn floor_char_boundary(text: &str, byte_index: usize) -> usize {
    let mut boundary = byte_index.min(text.len());
    while !text.is_char_boundary(boundary) {
        boundary -= 1;
    }
    boundary
}

/// The nearest character boundary at or after `byte_index`, at most the end.
fn ceil_char_boundary(text: &str, byte_index: usize) -> usize {
    let mut boundary = byte_index.min(text.len());
    while !text.is_char_boundary(boundary) {
        boundary += 1;
    }
    boundary
}

/// Byte index in the canonical text of code point `offset`; the text's byte
/// length when `offset` is at or past the end.
///
/// The article already knows where each block starts in code points, so
/// only the byte lengths of the earlier blocks are summed and only the block
/// holding `offset` is walked: the cost follows the number of blocks and the
/// length of one block, not the length of the whole text.
fn canonical_byte_index(article: &Article, offset: usize) -> usize {
    let Some(block_index) = article.block_index_at(offset) else {
        return article.canonical_text().len();
    };
    let block = &article.blocks[block_index];
    let block_start_byte: usize = article.blocks[..block_index].iter().map(|earlier| earlier.text.len() + 1).sum();
    match offset.checked_sub(block.start) {
        Some(offset_in_block) => block_start_byte + byte_index_in(&block.text, offset_in_block),
        // `offset` is the separator just before this block.
        None => block_start_byte - 1,
    }
}

/// Bytes counted at a time when skipping over text in bulk.
const SKIP_BYTES: usize = 512;

/// Byte index of code point `offset` in `text`; `text.len()` when `offset`
/// is at or past the end.
///
/// Whole chunks of [`SKIP_BYTES`] are skipped while the offset lies beyond
/// them, each counted with the standard library's word-at-a-time
/// `chars().count()`; only the last chunk is walked character by character.
fn byte_index_in(text: &str, offset: usize) -> usize {
    let mut byte_index = 0;
    // Code points that start before `byte_index`.
    let mut code_points_before = 0;
    while byte_index < text.len() {
        let chunk_end = ceil_char_boundary(text, byte_index + SKIP_BYTES);
        let chunk_code_points = text[byte_index..chunk_end].chars().count();
        if code_points_before + chunk_code_points > offset {
            break;
        }
        code_points_before += chunk_code_points;
        byte_index = chunk_end;
    }
    for character in text[byte_index..].chars() {
        if code_points_before == offset {
            break;
        }
        code_points_before += 1;
        byte_index += character.len_utf8();
    }
    byte_index
}

#[cfg(test)]
mod tests {

    use proptest::prelude::*;

    use super::*;
    use crate::core::article::{ArticleMetadata, BlockKind};
    use crate::core::text::{code_point_len, slice_code_points};

    fn article_of(blocks: &[&str]) -> Article {
        Article::new(ArticleMetadata::default(), blocks.iter().map(|text| (BlockKind::Paragraph, text.to_string())))
    }

    fn range(start: usize, end: usize) -> CodePointRange {
        CodePointRange::new(start, end)
    }

    fn target_with_context(start: usize, end: usize, exact: &str, prefix: &str, suffix: &str) -> Target {
        Target {
            position: range(start, end),
            quote: TextQuote { exact: exact.to_string(), prefix: prefix.to_string(), suffix: suffix.to_string() },
        }
    }

    #[test]
    fn describe_counts_code_points_through_cjk_and_emoji() {
        let article = article_of(&["北京 😀 café", "ok 👍🏽 fin"]);
        assert_eq!(article.canonical_text(), "北京 😀 café\nok 👍🏽 fin");

        let emoji = describe(&article, range(3, 4));
        assert_eq!(emoji.position, range(3, 4));
        assert_eq!(emoji.quote.exact, "😀");
        assert_eq!(emoji.quote.prefix, "北京 ");
        assert_eq!(emoji.quote.suffix, " café\nok 👍🏽 fin");

        // The thumbs-up and its skin-tone modifier are two code points.
        let thumbs = describe(&article, range(13, 15));
        assert_eq!(thumbs.quote.exact, "👍🏽");
        assert_eq!(thumbs.quote.prefix, "北京 😀 café\nok ");
        assert_eq!(thumbs.quote.suffix, " fin");

        let across_blocks = describe(&article, range(5, 12));
        assert_eq!(across_blocks.quote.exact, "café\nok");
    }

    #[test]
    fn describe_keeps_at_most_thirty_two_code_points_of_context() {
        let before = "é".repeat(40);
        let after = "😀".repeat(40);
        let article = article_of(&[&format!("{before}QUOTE{after}")]);
        let target = describe(&article, range(40, 45));
        assert_eq!(target.quote.exact, "QUOTE");
        assert_eq!(target.quote.prefix, "é".repeat(32));
        assert_eq!(target.quote.suffix, "😀".repeat(32));
    }

    #[test]
    fn describe_clamps_and_straightens_the_range() {
        let article = article_of(&["short text"]);
        let past_the_end = describe(&article, range(6, 99));
        assert_eq!(past_the_end.position, range(6, 10));
        assert_eq!(past_the_end.quote.exact, "text");
        assert_eq!(past_the_end.quote.prefix, "short ");
        assert_eq!(past_the_end.quote.suffix, "");

        let backwards = describe(&article, CodePointRange { start: 5, end: 0 });
        assert_eq!(backwards.position, range(0, 5));
        assert_eq!(backwards.quote.exact, "short");

        let beyond = describe(&article, range(50, 60));
        assert_eq!(beyond.position, range(10, 10));
        assert_eq!(beyond.quote.exact, "");
        assert_eq!(beyond.quote.prefix, "short text");
    }

    #[test]
    fn anchor_prefers_the_stored_position() {
        let article = article_of(&["the cat sat on the mat"]);
        let target = describe(&article, range(15, 18));
        assert_eq!(target.quote.exact, "the");
        let anchored = anchor(&article, &target).unwrap();
        assert_eq!(anchored, Anchored { range: range(15, 18), method: AnchorMethod::Position, score: 1.0 });
    }

    #[test]
    fn context_picks_the_right_one_of_repeated_quotes() {
        let text = "The rate was 12 percent in 2014. Officials said the rate was 15 percent in 2015.";
        let article = article_of(&[text]);
        let second = text.find("the rate").unwrap();
        let target = describe(&article, range(second, second + "the rate was".len()));
        assert_eq!(target.quote.exact, "the rate was");

        // The text moved: the stored position now points somewhere else.
        let edited = article_of(&[&format!("Update: {text}")]);
        let anchored = anchor(&edited, &target).unwrap();
        assert_eq!(anchored.method, AnchorMethod::ExactQuote);
        assert_eq!(anchored.range, range(second + 8, second + 20));
        assert_eq!(anchored.score, 1.0);
    }

    #[test]
    fn the_position_hint_breaks_a_tie_between_equal_contexts() {
        let article = article_of(&["x cat x cat x cat x"]);
        // Every "cat" sits between "x " and " x", so context cannot choose.
        let near_the_third = target_with_context(15, 18, "cat", "x ", " x");
        let anchored = anchor(&article, &near_the_third).unwrap();
        assert_eq!(anchored, Anchored { range: range(14, 17), method: AnchorMethod::ExactQuote, score: 1.0 });

        let near_the_second = target_with_context(9, 12, "cat", "x ", " x");
        assert_eq!(anchor(&article, &near_the_second).unwrap().range, range(8, 11));

        // Halfway between the first and second: the earlier one wins.
        let halfway = target_with_context(5, 8, "cat", "x ", " x");
        assert_eq!(anchor(&article, &halfway).unwrap().range, range(2, 5));
    }

    #[test]
    fn context_outweighs_the_position_hint() {
        let article = article_of(&["red cat, blue cat, green cat"]);
        let target = target_with_context(24, 27, "cat", "blue ", ", green");
        let anchored = anchor(&article, &target).unwrap();
        assert_eq!(anchored.range, range(14, 17));
        assert_eq!(anchored.score, 1.0);
    }

    #[test]
    fn overlapping_occurrences_are_all_candidates() {
        let article = article_of(&["ha ha ha!"]);
        let target = target_with_context(0, 5, "ha ha", "ha ", "!");
        let shifted = Target { position: range(1, 6), ..target };
        let anchored = anchor(&article, &shifted).unwrap();
        assert_eq!(anchored.range, range(3, 8));
        assert_eq!(anchored.method, AnchorMethod::ExactQuote);
        assert_eq!(anchored.score, 1.0);
    }

    #[test]
    fn quotes_at_the_very_start_and_end_have_short_context() {
        let article = article_of(&["Beijing said so.", "Then Beijing said more. Beijing"]);
        let at_start = describe(&article, range(0, 7));
        assert_eq!(at_start.quote.prefix, "");
        assert_eq!(at_start.quote.suffix, " said so.\nThen Beijing said more");
        let at_end = describe(&article, range(41, 48));
        assert_eq!(at_end.quote.exact, "Beijing");
        assert_eq!(at_end.quote.suffix, "");
        assert_eq!(at_end.quote.prefix, "aid so.\nThen Beijing said more. ");

        for target in [at_start, at_end] {
            let original = target.position;
            let misplaced = Target { position: range(23, 30), ..target };
            let anchored = anchor(&article, &misplaced).unwrap();
            assert_eq!(anchored.range, original);
            assert_eq!(anchored.method, AnchorMethod::ExactQuote);
            assert_eq!(anchored.score, 1.0);
        }
    }

    #[test]
    fn partly_matching_context_lowers_the_score() {
        let original = article_of(&["Officials said 2,700 cases were found."]);
        let target = describe(&original, range(15, 20));
        assert_eq!(target.quote.exact, "2,700");
        let edited = article_of(&["Police reported 2,700 cases were found."]);
        let anchored = anchor(&edited, &target).unwrap();
        assert_eq!(anchored.range, range(16, 21));
        assert_eq!(anchored.method, AnchorMethod::ExactQuote);
        // Of the prefix "Officials said ", only "d " still matches
        // ("reported "); all 18 code points of the suffix do.
        let expected = (1.0 + 2.0 + 18.0) / (1.0 + 15.0 + 18.0);
        assert!((anchored.score - expected).abs() < 1e-6, "score {}", anchored.score);
    }

    #[test]
    fn a_deleted_quote_is_not_found() {
        let original = article_of(&["The ministry fined 12 providers.", "It said more would follow."]);
        let target = describe(&original, range(4, 12));
        assert_eq!(target.quote.exact, "ministry");
        let edited = article_of(&["The regulator fined 12 providers.", "It said more would follow."]);
        assert_eq!(anchor(&edited, &target), Err(AnchorError::QuoteNotFound));
    }

    #[test]
    fn a_closer_occurrence_outside_the_nearby_window_still_wins() {
        // Ten emoji are forty bytes but only ten code points, so the "cat"
        // before them lies outside a forty-byte window yet is closer to the
        // position than the "cat" inside the window.
        let text = format!("cat {}{} cat", "😀".repeat(10), "x".repeat(26));
        let article = article_of(&[&text]);
        let hint = 14;
        let target = target_with_context(hint, hint, "cat", "", "");
        let anchored = anchor_by_exact_quote_searching_nearby(&article, &target, 40).unwrap();
        assert_eq!(anchored.range, range(0, 3));
        // With a window wide enough to see both, the answer is the same.
        let anchored = anchor_by_exact_quote_searching_nearby(&article, &target, 400).unwrap();
        assert_eq!(anchored.range, range(0, 3));
    }

    #[test]
    fn an_empty_quote_is_refused() {
        let article = article_of(&["anything"]);
        let target = describe(&article, range(3, 3));
        assert_eq!(anchor(&article, &target), Err(AnchorError::EmptyQuote));
        let empty = Article::new(ArticleMetadata::default(), Vec::<(BlockKind, String)>::new());
        let nothing = describe(&empty, range(0, 4));
        assert_eq!(nothing.position, range(0, 0));
        assert_eq!(nothing.quote, TextQuote::default());
        assert_eq!(anchor(&empty, &nothing), Err(AnchorError::EmptyQuote));
        let missing = target_with_context(0, 3, "cat", "", "");
        assert_eq!(anchor(&empty, &missing), Err(AnchorError::QuoteNotFound));
    }

    #[test]
    fn a_position_past_the_end_falls_back_to_the_quote() {
        let article = article_of(&["short"]);
        let target = target_with_context(40, 45, "short", "", "");
        let anchored = anchor(&article, &target).unwrap();
        assert_eq!(anchored.range, range(0, 5));
        assert_eq!(anchored.method, AnchorMethod::ExactQuote);
    }

    #[test]
    fn byte_indices_match_the_plain_definition() {
        let long_block = "aé北😀 👍🏽 ünïcødé ".repeat(100);
        let article = article_of(&["aé北😀", "bc 👍🏽 ünïcødé", &long_block, "end"]);
        let text = article.canonical_text();
        assert!(long_block.len() > 4 * SKIP_BYTES);
        for offset in 0..=article.len() + 2 {
            let expected = crate::core::text::byte_index_of_code_point(text, offset);
            assert_eq!(canonical_byte_index(&article, offset), expected, "offset {offset}");
            assert_eq!(byte_index_in(text, offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn a_megabyte_with_a_thousand_anchors_finds_every_one() {
        let sentences = [
            "The ministry said 1.73 million websites were checked in 2015. ",
            "北京的网信办表示，已关闭 2,700 个账户。",
            "Critics 😀 called the figures “unverifiable”; officials disagreed. ",
            "Café owners in Zürich reported a 12% rise, analysts noted. ",
        ];
        let mut paragraphs = Vec::new();
        let mut bytes = 0;
        let mut index = 0;
        while bytes < 1_000_000 {
            // Numbering every sentence keeps each quote with its context unique.
            let paragraph: String =
                (0..4).map(|sentence| format!("({index}.{sentence}) {}", sentences[(index + sentence) % 4])).collect();
            bytes += paragraph.len() + 1;
            paragraphs.push(paragraph);
            index += 1;
        }
        let article = Article::new(
            ArticleMetadata::default(),
            paragraphs.iter().map(|text| (BlockKind::Paragraph, text.clone())),
        );
        let length = article.len();
        let ranges: Vec<CodePointRange> = (0..1000)
            .map(|step| {
                let start = step * (length / 1000);
                range(start, start + 20 + step % 30)
            })
            .collect();
        let targets: Vec<Target> = ranges.iter().map(|&range| describe(&article, range)).collect();
        let note = "Editor's note: this article was updated to correct a figure.";
        let shift = code_point_len(note) + 1;
        let edited = Article::new(
            ArticleMetadata::default(),
            std::iter::once(note.to_string()).chain(paragraphs).map(|text| (BlockKind::Paragraph, text)),
        );

        for (target, expected) in targets.iter().zip(&ranges) {
            let anchored = anchor(&article, target).unwrap();
            assert_eq!((anchored.range, anchored.method), (*expected, AnchorMethod::Position));
        }

        for (target, expected) in targets.iter().zip(&ranges) {
            let anchored = anchor(&edited, target).unwrap();
            let moved = range(expected.start + shift, expected.end + shift);
            assert_eq!((anchored.range, anchored.method, anchored.score), (moved, AnchorMethod::ExactQuote, 1.0));
        }

        // A position that says nothing useful forces a scan of the whole text.
        for (target, expected) in targets.iter().zip(&ranges).step_by(10) {
            let far_away = (target.position.start + length / 2) % length;
            let lost = Target { position: range(far_away, far_away), ..target.clone() };
            let anchored = anchor(&edited, &lost).unwrap();
            assert_eq!(anchored.range, range(expected.start + shift, expected.end + shift));
        }
    }

    /// Texts of a few blocks drawn from ASCII, accented letters, CJK, emoji
    /// and spaces; a small alphabet so quotes repeat now and then.
    fn blocks_strategy() -> impl Strategy<Value = Vec<String>> {
        let character = prop_oneof![
            4 => prop::sample::select(vec!['a', 'b', 'c', ' ', 'x']),
            1 => prop::sample::select(vec!['é', 'ü', 'ñ']),
            1 => prop::sample::select(vec!['北', '京', '中']),
            1 => prop::sample::select(vec!['😀', '👍', '\u{1F3FD}']),
        ];
        // Blocks start with a letter so no block (and no article) is empty.
        let first = prop::sample::select(vec!['a', 'b', 'é', '北', '😀']);
        let block = (first, prop::collection::vec(character, 0..40))
            .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect());
        prop::collection::vec(block, 1..5)
    }

    fn article_strategy() -> impl Strategy<Value = Article> {
        blocks_strategy().prop_map(|blocks| {
            Article::new(ArticleMetadata::default(), blocks.into_iter().map(|text| (BlockKind::Paragraph, text)))
        })
    }

    fn article_and_non_empty_range() -> impl Strategy<Value = (Article, CodePointRange)> {
        article_strategy()
            .prop_flat_map(|article| {
                let length = article.len();
                (Just(article), 0..length)
            })
            .prop_flat_map(|(article, start)| {
                let length = article.len();
                (Just(article), Just(start), start + 1..=length)
            })
            .prop_map(|(article, start, end)| (article, range(start, end)))
    }

    fn article_and_range() -> impl Strategy<Value = (Article, CodePointRange)> {
        article_strategy()
            .prop_flat_map(|article| {
                let length = article.len();
                (Just(article), 0..=length, 0..=length)
            })
            .prop_map(|(article, start, end)| (article, range(start, end)))
    }

    /// Start offsets (in code points) of every occurrence of `needle`,
    /// overlapping ones included, found the slow and obvious way.
    fn occurrences(haystack: &str, needle: &str) -> Vec<usize> {
        let haystack: Vec<char> = haystack.chars().collect();
        let needle: Vec<char> = needle.chars().collect();
        (0..=haystack.len().saturating_sub(needle.len()))
            .filter(|&start| haystack.len() >= needle.len() && haystack[start..start + needle.len()] == needle[..])
            .collect()
    }

    proptest! {
        #[test]
        fn describing_then_anchoring_returns_the_range((article, range) in article_and_range()) {
            let target = describe(&article, range);
            prop_assert_eq!(target.position, range);
            prop_assert_eq!(&target.quote.exact, slice_code_points(article.canonical_text(), range.start, range.end));
            prop_assert!(code_point_len(&target.quote.prefix) == range.start.min(CONTEXT_CODE_POINTS));
            prop_assert!(code_point_len(&target.quote.suffix) == (article.len() - range.end).min(CONTEXT_CODE_POINTS));
            let anchored = anchor(&article, &target);
            if range.is_empty() {
                prop_assert_eq!(anchored, Err(AnchorError::EmptyQuote));
            } else {
                prop_assert_eq!(anchored, Ok(Anchored { range, method: AnchorMethod::Position, score: 1.0 }));
            }
        }

        #[test]
        fn the_quote_search_finds_a_range_its_context_makes_unique(
            (article, range) in article_and_non_empty_range(),
            shift in 1usize..50,
        ) {
            let target = describe(&article, range);
            let wrong_start = (range.start + shift) % (article.len() + 1);
            let misplaced = Target { position: CodePointRange::new(wrong_start, wrong_start + range.len()), ..target.clone() };
            let anchored = anchor(&article, &misplaced).expect("the quote is in the article");
            let text = article.canonical_text();
            prop_assert_eq!(slice_code_points(text, anchored.range.start, anchored.range.end), target.quote.exact.as_str());
            let with_context = format!("{}{}{}", target.quote.prefix, target.quote.exact, target.quote.suffix);
            let hint_holds_quote = slice_code_points(text, misplaced.position.start, misplaced.position.end) == target.quote.exact;
            if !hint_holds_quote && occurrences(text, &with_context).len() == 1 {
                prop_assert_eq!(anchored, Anchored { range, method: AnchorMethod::ExactQuote, score: 1.0 });
            }
        }

        #[test]
        fn the_quote_search_agrees_with_a_brute_force_search(
            (article, range) in article_and_non_empty_range(),
            hint in 0usize..250,
            nearby_bytes in prop_oneof![0usize..64, Just(NEARBY_BYTES)],
            keep_prefix in 0usize..=CONTEXT_CODE_POINTS,
            keep_suffix in 0usize..=CONTEXT_CODE_POINTS,
        ) {
            let text = article.canonical_text();
            let mut target = describe(&article, range);
            // Shortened context makes ties and partial matches common.
            target.quote.prefix = target.quote.prefix.chars().rev().take(keep_prefix).collect::<Vec<_>>().into_iter().rev().collect();
            target.quote.suffix = target.quote.suffix.chars().take(keep_suffix).collect();
            target.position = CodePointRange::new(hint, hint + 1);

            let anchored = anchor_by_exact_quote_searching_nearby(&article, &target, nearby_bytes).unwrap();

            let quote_length = code_point_len(&target.quote.exact);
            let clamped_hint = hint.min(article.len());
            let best = occurrences(text, &target.quote.exact)
                .into_iter()
                .map(|start| {
                    let before = slice_code_points(text, 0, start);
                    let after = slice_code_points(text, start + quote_length, usize::MAX);
                    let matched = matching_code_points_backwards(before, &target.quote.prefix)
                        + matching_code_points_forwards(after, &target.quote.suffix);
                    (std::cmp::Reverse(matched), start.abs_diff(clamped_hint), start)
                })
                .min()
                .unwrap();
            let (std::cmp::Reverse(matched), _, start) = best;
            let full_context = code_point_len(&target.quote.prefix) + code_point_len(&target.quote.suffix);
            prop_assert_eq!(anchored.range, CodePointRange::new(start, start + quote_length));
            prop_assert_eq!(anchored.method, AnchorMethod::ExactQuote);
            prop_assert_eq!(anchored.score, context_score(matched, full_context));
        }
    }
}
