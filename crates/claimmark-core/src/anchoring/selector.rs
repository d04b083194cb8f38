//! Anchoring: describing a range as W3C selectors, and finding it again.
//!
//! [`describe`] turns a range of the canonical text into a
//! TextPositionSelector and a TextQuoteSelector (the quoted text with up to
//! [`CONTEXT_CODE_POINTS`] code points of context on each side). [`anchor`]
//! places such a target back on an article by trying strategies in order,
//! cheapest and most certain first: the stored position, then a verbatim
//! search for the quote ranked by context, then an approximate search
//! ([`crate::anchoring::approximate`]) allowing up to [`MAX_FUZZY_ERRORS`] edits
//! (and at most one per two code points of the quote), its candidates scored
//! on the quote, the prefix, the suffix and the position, weighted 50, 20,
//! 20 and 2 as Hypothesis does. Every offset is in code points.
//!
//! [`Anchorer`] places many targets on one article and shares the work that
//! does not depend on the target (the text as code points, a search index).
//!
//! This module knows only the article's canonical text. It does not know
//! about blocks, annotations, storage formats or the browser.

use std::cell::OnceCell;
use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use crate::anchoring::approximate::{self, ApproximateMatch, ApproximateSearcher};
use crate::article::model::Article;
use crate::article::text::CodePointRange;

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
    /// Text close to the quote was found: the text changed.
    FuzzyQuote,
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
/// verbatim search for the quote, then an approximate one. An empty quote is
/// refused rather than placed, since it would match everywhere.
///
/// To place many targets on one article, use [`Anchorer::for_many`].
pub fn anchor(article: &Article, target: &Target) -> Result<Anchored, AnchorError> {
    Anchorer::new(article).anchor(target)
}

/// At most this many edits are allowed between a quote and the text it is
/// matched to, as in Hypothesis; shorter quotes allow half their length.
pub const MAX_FUZZY_ERRORS: usize = 256;

/// Places targets on one article, sharing what every target needs.
pub struct Anchorer<'a> {
    /// The article targets are placed on.
    article: &'a Article,
    /// Whether the approximate searcher may build an index.
    for_many: bool,
    /// The canonical text as code points, made on first need.
    searcher: OnceCell<ApproximateSearcher>,
}

impl<'a> Anchorer<'a> {
    /// An anchorer for one or a few targets: no index is built.
    pub fn new(article: &'a Article) -> Anchorer<'a> {
        Anchorer { article, for_many: false, searcher: OnceCell::new() }
    }

    /// An anchorer for many targets on a long text: searches over the whole
    /// text go through an index, built once on first need.
    pub fn for_many(article: &'a Article) -> Anchorer<'a> {
        Anchorer { article, for_many: true, searcher: OnceCell::new() }
    }

    /// The article targets are placed on.
    pub fn article(&self) -> &'a Article {
        self.article
    }

    /// Finds `target`, as [`anchor`] describes.
    pub fn anchor(&self, target: &Target) -> Result<Anchored, AnchorError> {
        if target.quote.exact.is_empty() {
            return Err(AnchorError::EmptyQuote);
        }
        ANCHORING_STRATEGIES.iter().find_map(|strategy| strategy(self, target)).ok_or(AnchorError::QuoteNotFound)
    }

    fn searcher(&self) -> &ApproximateSearcher {
        self.searcher
            .get_or_init(|| ApproximateSearcher::new(self.article.canonical_text().chars().collect(), self.for_many))
    }
}

/// One way of placing a non-empty quote; `None` when it cannot.
type AnchoringStrategy = fn(&Anchorer, &Target) -> Option<Anchored>;

/// The strategies [`anchor`] tries, most certain first. The approximate
/// search comes last, so it only runs when the verbatim ones fail.
const ANCHORING_STRATEGIES: [AnchoringStrategy; 3] = [anchor_by_position, anchor_by_exact_quote, anchor_by_fuzzy_quote];

/// Accepts the stored position when the text there is exactly the quote.
fn anchor_by_position(anchorer: &Anchorer, target: &Target) -> Option<Anchored> {
    let article = anchorer.article;
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
fn anchor_by_exact_quote(anchorer: &Anchorer, target: &Target) -> Option<Anchored> {
    anchor_by_exact_quote_searching_nearby(anchorer, target, NEARBY_BYTES)
}

/// [`anchor_by_exact_quote`] with the nearby window as a parameter, so tests
/// can make it small enough to matter on short texts.
fn anchor_by_exact_quote_searching_nearby(
    anchorer: &Anchorer,
    target: &Target,
    nearby_bytes: usize,
) -> Option<Anchored> {
    let article = anchorer.article;
    let text = article.canonical_text();
    let hint = target.position.start.min(target.position.end).min(article.len());
    // With an index, every occurrence is found without scanning any text.
    if let Some(indexed) = anchorer.for_many.then(|| best_indexed_occurrence(anchorer, target, hint)).flatten() {
        let best = indexed?;
        let full_context = target.quote.prefix.chars().count() + target.quote.suffix.chars().count();
        return Some(Anchored {
            range: best.range,
            method: AnchorMethod::ExactQuote,
            score: context_score(best.matched_context, full_context),
        });
    }
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

/// The best verbatim occurrence of the quote over the whole text, found
/// through the searcher's index; `None` when the index cannot serve this
/// quote (too short, or the text too short to have an index), and
/// `Some(None)` when the quote does not occur.
fn best_indexed_occurrence(anchorer: &Anchorer, target: &Target, hint: usize) -> Option<Option<QuoteCandidate>> {
    let searcher = anchorer.searcher();
    let code_points = searcher.text();
    let exact: Vec<char> = target.quote.exact.chars().collect();
    let starts = searcher.exact_occurrences(&exact)?;
    let prefix: Vec<char> = target.quote.prefix.chars().collect();
    let suffix: Vec<char> = target.quote.suffix.chars().collect();
    let mut best: Option<QuoteCandidate> = None;
    for start in starts {
        let end = start + exact.len();
        let matched_prefix =
            prefix.iter().rev().zip(code_points[..start].iter().rev()).take_while(|(wanted, found)| wanted == found);
        let matched_suffix = suffix.iter().zip(&code_points[end..]).take_while(|(wanted, found)| wanted == found);
        let candidate = QuoteCandidate {
            range: CodePointRange { start, end },
            matched_context: matched_prefix.count() + matched_suffix.count(),
            distance_from_hint: start.abs_diff(hint),
        };
        if best.is_none_or(|current| candidate.is_better_than(&current)) {
            best = Some(candidate);
        }
    }
    Some(best)
}

/// Code points searched approximately on each side of the stored position
/// before the whole text is.
const NEARBY_CODE_POINTS: usize = 256;

/// The lowest score an approximate occurrence may have and still be
/// accepted. Half the quote edited with its context intact scores about
/// 0.73; a quote edited that much whose context is gone too scores near
/// 0.4, and is more likely other text than the quote.
pub const MIN_FUZZY_SCORE: f64 = 0.5;

/// Weights of the quote, prefix, suffix and position in a fuzzy score.
const QUOTE_WEIGHT: f64 = 50.0;
const PREFIX_WEIGHT: f64 = 20.0;
const SUFFIX_WEIGHT: f64 = 20.0;
const POSITION_WEIGHT: f64 = 2.0;
const TOTAL_WEIGHT: f64 = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/// Finds text within [`MAX_FUZZY_ERRORS`] edits (and half the quote's
/// length) of the quote, scored on the quote, the context and the position.
///
/// The neighbourhood of the stored position is searched first. The best
/// candidate there bounds how many edits a candidate elsewhere may have and
/// still beat it (with perfect context); the whole text is then searched
/// with that tighter bound, which the searcher's index makes cheap.
fn anchor_by_fuzzy_quote(anchorer: &Anchorer, target: &Target) -> Option<Anchored> {
    let searcher = anchorer.searcher();
    let scorer = FuzzyScorer::new(searcher.text(), target);
    let quote_length = scorer.quote.len();
    let max_errors = (quote_length / 2).min(MAX_FUZZY_ERRORS);
    if max_errors == 0 {
        return None;
    }
    let hint = scorer.hint;
    let nearby =
        hint.saturating_sub(NEARBY_CODE_POINTS + quote_length)..hint + quote_length + max_errors + NEARBY_CODE_POINTS;
    let mut best: Option<FuzzyCandidate> = None;
    // A few edits first: an edited quote usually has few, and the
    // candidate found bounds everything searched after it.
    for near_errors in [(max_errors / 4).max(1), max_errors] {
        let mut found = searcher.search_within(nearby.clone(), &scorer.quote, near_errors);
        found.sort_unstable_by_key(|found| found.errors);
        for found in found {
            scorer.consider(found, &mut best);
        }
        if best.is_some() {
            break;
        }
    }
    let far_errors = match &best {
        None => Some(max_errors),
        Some(candidate) => scorer.errors_that_could_beat(candidate.score).map(|errors| errors.min(max_errors)),
    };
    if let Some(far_errors) = far_errors {
        let mut found = searcher.search(&scorer.quote, far_errors);
        found.sort_unstable_by_key(|found| found.errors);
        for found in found {
            scorer.consider(found, &mut best);
        }
    }
    best.filter(|candidate| candidate.score >= MIN_FUZZY_SCORE).map(|candidate| Anchored {
        range: CodePointRange { start: candidate.found.start, end: candidate.found.end },
        method: AnchorMethod::FuzzyQuote,
        score: candidate.score as f32,
    })
}

/// One approximate occurrence with its score.
#[derive(Clone, Copy, Debug)]
struct FuzzyCandidate {
    found: ApproximateMatch,
    score: f64,
}

/// What scoring approximate occurrences of one quote needs.
struct FuzzyScorer<'a> {
    /// The canonical text as code points.
    text: &'a [char],
    quote: Vec<char>,
    prefix: Vec<char>,
    suffix: Vec<char>,
    /// The stored position's start, clamped to the text.
    hint: usize,
}

impl<'a> FuzzyScorer<'a> {
    fn new(text: &'a [char], target: &Target) -> FuzzyScorer<'a> {
        FuzzyScorer {
            text,
            quote: target.quote.exact.chars().collect(),
            prefix: target.quote.prefix.chars().collect(),
            suffix: target.quote.suffix.chars().collect(),
            hint: target.position.start.min(target.position.end).min(text.len()),
        }
    }

    /// Scores `found` and keeps it in `best` if it is better: a higher
    /// score, then closer to the position, then earlier.
    fn consider(&self, found: ApproximateMatch, best: &mut Option<FuzzyCandidate>) {
        if found.start >= found.end {
            return;
        }
        // Scoring the context costs more than the search; skip it when even
        // perfect context could not beat the best so far.
        if best.as_ref().is_some_and(|current| self.best_possible_score(found.errors) < current.score) {
            return;
        }
        let candidate = FuzzyCandidate { found, score: self.score(found) };
        let is_better = |current: &FuzzyCandidate| {
            let by_place =
                |candidate: &FuzzyCandidate| (candidate.found.start.abs_diff(self.hint), candidate.found.start);
            current.score.total_cmp(&candidate.score).then_with(|| by_place(&candidate).cmp(&by_place(current))).is_lt()
        };
        if best.as_ref().is_none_or(is_better) {
            *best = Some(candidate);
        }
    }

    /// The score of an occurrence with `errors` edits, perfect context and
    /// the stored position: no occurrence with that many edits scores more.
    fn best_possible_score(&self, errors: usize) -> f64 {
        let quote_score = 1.0 - errors as f64 / self.quote.len() as f64;
        (QUOTE_WEIGHT * quote_score + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT) / TOTAL_WEIGHT
    }

    /// The weighted score in 0..=1 of an occurrence.
    fn score(&self, found: ApproximateMatch) -> f64 {
        let quote_score = 1.0 - found.errors as f64 / self.quote.len() as f64;
        let before = &self.text[found.start.saturating_sub(self.prefix.len() * 3 / 2)..found.start];
        let after = &self.text[found.end..(found.end + self.suffix.len() * 3 / 2).min(self.text.len())];
        let prefix_score =
            context_similarity(&self.prefix, || approximate::edit_distance_to_a_suffix(&self.prefix, before));
        let suffix_score =
            context_similarity(&self.suffix, || approximate::edit_distance_to_a_prefix(&self.suffix, after));
        let position_score = 1.0 - found.start.abs_diff(self.hint) as f64 / self.text.len().max(1) as f64;
        (QUOTE_WEIGHT * quote_score
            + PREFIX_WEIGHT * prefix_score
            + SUFFIX_WEIGHT * suffix_score
            + POSITION_WEIGHT * position_score)
            / TOTAL_WEIGHT
    }

    /// The most edits an occurrence may have and still score above `score`
    /// given perfect context and position; `None` when none can.
    fn errors_that_could_beat(&self, score: f64) -> Option<usize> {
        // QUOTE_WEIGHT * (1 - errors / length) + the other weights > score * TOTAL_WEIGHT
        let quote_length = self.quote.len() as f64;
        let bound = quote_length * (1.0 - (score * TOTAL_WEIGHT - (TOTAL_WEIGHT - QUOTE_WEIGHT)) / QUOTE_WEIGHT);
        // Rounding can only widen the search, never narrow it.
        let limit = (bound - 1e-9).ceil() - 1.0;
        (limit >= 0.0).then_some(limit as usize)
    }
}

/// 1 minus the share of `context` that had to be edited; 1 for no context
/// (a quote at the very start or end of the article).
fn context_similarity(context: &[char], edit_distance: impl FnOnce() -> usize) -> f64 {
    if context.is_empty() {
        return 1.0;
    }
    1.0 - edit_distance().min(context.len()) as f64 / context.len() as f64
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
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::article::text::{code_point_len, slice_code_points};

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
    fn a_changed_word_inside_the_quote_is_found_approximately() {
        let original = article_of(&[
            "Officials met in Wuzhen.",
            "Nearly 30,000 people participate in terrorism-related activities after being recruited online.",
        ]);
        let paragraph = code_point_len(
            "Nearly 30,000 people participate in terrorism-related activities after being recruited online.",
        );
        let target = describe(&original, range(25, 25 + paragraph));
        let edited = article_of(&[
            "A new sentence opens the article now.",
            "Officials met in Wuzhen.",
            "Nearly 40,000 people participate in terrorism-related activities after being recruited online.",
        ]);
        let anchored = anchor(&edited, &target).unwrap();
        assert_eq!(anchored.method, AnchorMethod::FuzzyQuote);
        assert_eq!(anchored.range, range(63, 63 + paragraph));
        assert!(anchored.score < 1.0 && anchored.score > 0.9, "score {}", anchored.score);
    }

    #[test]
    fn an_edited_repeated_quote_is_placed_by_its_context() {
        let original = article_of(&["Police said the figure rose.", "Critics said the figure rose."]);
        let target = describe(&original, range(37, 57));
        assert_eq!(target.quote.exact, "said the figure rose");
        let edited = article_of(&["Police said the figure fell.", "Critics said the figure fell."]);
        let lost = Target { position: range(0, 0), ..target };
        let anchored = anchor(&edited, &lost).unwrap();
        assert_eq!(anchored.method, AnchorMethod::FuzzyQuote);
        assert_eq!(anchored.range, range(37, 57));
    }

    #[test]
    fn fuzzy_matches_count_emoji_and_cjk_as_one_code_point_each() {
        let original = article_of(&["前言 😀 北京市网信办表示已关闭账户 🌐 后记"]);
        let target = describe(&original, range(5, 18));
        assert_eq!(target.quote.exact, "北京市网信办表示已关闭账户");
        let edited = article_of(&["👍🏽 前言 😀 北京市网信办宣布已关闭账户 🌐 后记"]);
        let anchored = anchor(&edited, &target).unwrap();
        assert_eq!(anchored.method, AnchorMethod::FuzzyQuote);
        assert_eq!(anchored.range, range(8, 21));
        assert_eq!(slice_code_points(edited.canonical_text(), 8, 21), "北京市网信办宣布已关闭账户");
    }

    #[test]
    fn fuzzy_quotes_at_the_very_start_and_end_are_found() {
        let original = article_of(&["Beijing reported 2,700 closures.", "Analysts doubted the official count"]);
        let at_start = describe(&original, range(0, 22));
        let at_end = describe(&original, range(54, 68));
        assert_eq!(
            (at_start.quote.exact.as_str(), at_end.quote.exact.as_str()),
            ("Beijing reported 2,700", "official count")
        );
        let edited = article_of(&["Beijing reported 2,800 closures.", "Analysts doubted the offical count"]);
        let start = anchor(&edited, &at_start).unwrap();
        assert_eq!((start.range, start.method), (range(0, 22), AnchorMethod::FuzzyQuote));
        let end = anchor(&edited, &at_end).unwrap();
        assert_eq!((end.range, end.method), (range(54, 67), AnchorMethod::FuzzyQuote));
    }

    #[test]
    fn a_deleted_sentence_cannot_be_placed() {
        let original = article_of(&[
            "The ministry said 1.73 million cases were handled. Critics called the figure unverifiable and vague.",
            "Officials disagreed with the critics.",
        ]);
        let target = describe(&original, range(51, 100));
        assert_eq!(target.quote.exact, "Critics called the figure unverifiable and vague.");
        let edited = article_of(&[
            "The ministry said 1.73 million cases were handled.",
            "Officials disagreed with the critics.",
        ]);
        assert_eq!(anchor(&edited, &target), Err(AnchorError::QuoteNotFound));
    }

    #[test]
    fn the_indexed_anchorer_agrees_with_the_plain_one_on_a_long_text() {
        let sentence = "The ministry said 1.73 million websites were checked in 北京 during 2015. ";
        let paragraphs: Vec<String> = (0..400).map(|number| format!("({number}) {sentence}{sentence}")).collect();
        let article = Article::new(
            ArticleMetadata::default(),
            paragraphs.iter().map(|text| (BlockKind::Paragraph, text.clone())),
        );
        let mut edited_paragraphs = paragraphs.clone();
        edited_paragraphs.insert(0, "Editor's note: corrected.".to_string());
        for paragraph in edited_paragraphs.iter_mut().skip(1).step_by(3) {
            *paragraph = paragraph.replacen("websites", "web sites", 1);
        }
        let edited = Article::new(
            ArticleMetadata::default(),
            edited_paragraphs.into_iter().map(|text| (BlockKind::Paragraph, text)),
        );
        let indexed = Anchorer::for_many(&edited);
        let plain = Anchorer::new(&edited);
        let mut methods = std::collections::BTreeSet::new();
        for start in (0..article.len() - 60).step_by(997) {
            let target = describe(&article, range(start, start + 45));
            let lost = Target { position: range(article.len() - start, article.len() - start), ..target.clone() };
            for target in [&target, &lost] {
                let from_index = indexed.anchor(target);
                assert_eq!(from_index, plain.anchor(target), "start {start}");
                methods.insert(from_index.unwrap().method as u8);
            }
        }
        assert_eq!(methods.len(), 2, "both exact and fuzzy placements were exercised");
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
        let anchored = anchor_by_exact_quote_searching_nearby(&Anchorer::new(&article), &target, 40).unwrap();
        assert_eq!(anchored.range, range(0, 3));
        // With a window wide enough to see both, the answer is the same.
        let anchored = anchor_by_exact_quote_searching_nearby(&Anchorer::new(&article), &target, 400).unwrap();
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
            let expected = crate::article::text::byte_index_of_code_point(text, offset);
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
        fn an_edit_outside_the_quote_moves_the_range_with_the_text(
            (article, range) in article_and_non_empty_range(),
            edit_at in 0usize..200,
            removed in 0usize..4,
            inserted in "[A-Z北😀]{0,4}",
        ) {
            let text: Vec<char> = article.canonical_text().chars().collect();
            // The edit lies wholly before or wholly after the quote.
            let before = edit_at % 2 == 0;
            let (edit_start, room) = if before {
                let at = (edit_at / 2) % (range.start + 1);
                (at, range.start - at)
            } else {
                let at = range.end + (edit_at / 2) % (text.len() - range.end + 1);
                (at, text.len() - at)
            };
            let removed = removed.min(room);
            let mut edited: Vec<char> = text[..edit_start].to_vec();
            edited.extend(inserted.chars());
            edited.extend(&text[edit_start + removed..]);
            let edited: String = edited.into_iter().collect();
            let edited_article = Article::new(
                ArticleMetadata::default(),
                edited.split('\n').map(|block| (BlockKind::Paragraph, block.to_string())),
            );
            // Edits that whitespace collapsing would change, or that leave
            // the quote ambiguous, are not what this property is about.
            prop_assume!(edited_article.canonical_text() == edited);
            let quote = slice_code_points(article.canonical_text(), range.start, range.end);
            prop_assume!(occurrences(&edited, quote).len() == 1);
            let shift = code_point_len(&inserted) as isize - removed as isize;
            let moved = if before {
                CodePointRange::new((range.start as isize + shift) as usize, (range.end as isize + shift) as usize)
            } else {
                range
            };
            let anchored = anchor(&edited_article, &describe(&article, range)).unwrap();
            prop_assert_eq!(anchored.range, moved);
            prop_assert!(anchored.method != AnchorMethod::FuzzyQuote);
        }

        #[test]
        fn an_edit_inside_the_quote_is_found_approximately(
            (article, range) in article_and_non_empty_range(),
            edit_at in 0usize..1000,
            replacement in prop::sample::select(vec!['Q', '京', '👍']),
            shift in 0usize..40,
        ) {
            prop_assume!(range.len() >= 6);
            let text: Vec<char> = article.canonical_text().chars().collect();
            let at = range.start + edit_at % range.len();
            prop_assume!(text[at] != replacement && text[at] != '\n');
            let quote = slice_code_points(article.canonical_text(), range.start, range.end);
            let mut edited = text.clone();
            edited[at] = replacement;
            let edited: String = edited.into_iter().collect();
            prop_assume!(occurrences(&edited, quote).is_empty());
            let edited_article = Article::new(
                ArticleMetadata::default(),
                edited.split('\n').map(|block| (BlockKind::Paragraph, block.to_string())),
            );
            prop_assume!(edited_article.canonical_text() == edited);
            let mut target = describe(&article, range);
            target.position = CodePointRange::new(range.start + shift, range.end + shift);
            let anchored = anchor(&edited_article, &target).expect("one edit is within the allowed errors");
            prop_assert_eq!(anchored.method, AnchorMethod::FuzzyQuote);
            prop_assert!(anchored.score < 1.0);
            prop_assert!(anchored.range.start.abs_diff(range.start) <= 2, "found {:?}, expected {:?}", anchored.range, range);
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

            let anchored = anchor_by_exact_quote_searching_nearby(&Anchorer::new(&article), &target, nearby_bytes).unwrap();

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
