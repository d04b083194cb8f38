//! Approximate matching: where does a pattern occur in a text with at most
//! k edits (insertions, deletions, substitutions)?
//!
//! The search is Myers' bit-vector algorithm (1999) in the block form of
//! Hyyrö (2003) and Edlib, over Unicode code points rather than bytes, so a
//! CJK character or an emoji counts as one symbol and one edit. Patterns of
//! any length work: each column of the dynamic-programming matrix is kept as
//! 64-row blocks of bit vectors.
//!
//! [`ApproximateSearcher`] adds a filter for searching one long text many
//! times: a hash index of every [`GRAM_LENGTH`]-code-point substring, built
//! on first use. A match with at most k edits contains at least one of k + 1
//! disjoint pieces of the pattern verbatim (the pigeonhole principle), so
//! only the neighbourhoods of those pieces' occurrences need the bit-vector
//! scan. When the pieces would be too short to be selective, the whole text
//! is scanned.
//!
//! Maintained crates were weighed first: `bio`'s Myers and `triple_accel`
//! take byte alphabets (a code point does not fit), `bio` also brings a
//! large dependency tree into the wasm build, and the small ones stop at
//! 64-symbol patterns. Hence this module.
//!
//! This module knows only sequences of `char`s. It does not know articles,
//! quotes, context or scoring.

use std::cell::OnceCell;
use std::ops::Range;

/// Bits in one block of the bit-vector columns.
const WORD_BITS: usize = 64;

/// Code points per indexed substring. Pieces shorter than this are not
/// looked up; the whole text is scanned instead.
pub const GRAM_LENGTH: usize = 8;

/// Texts shorter than this are always scanned whole: a scan is cheaper than
/// building the index.
const INDEX_MINIMUM_TEXT: usize = 16 * 1024;

/// One approximate occurrence of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApproximateMatch {
    /// First code point of the matched text.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// Edit distance between the pattern and the matched text.
    pub errors: usize,
}

/// A pattern compiled into per-symbol bit masks, reusable across texts.
struct CompiledPattern<'p> {
    /// The pattern itself, for finding where matches start.
    pattern: &'p [char],
    /// Number of 64-row blocks.
    blocks: usize,
    /// Symbol number (1-based) of each ASCII code point in the pattern; 0
    /// when absent.
    ascii_symbols: [u32; 128],
    /// Symbol numbers of the other code points, sorted by code point.
    other_symbols: Vec<(char, u32)>,
    /// `blocks` masks per symbol; symbol 0 (not in the pattern) is all zeros.
    masks: Vec<u64>,
    /// The bit of the pattern's last row within the last block.
    last_row_bit: u64,
}

impl<'p> CompiledPattern<'p> {
    /// Compiles a non-empty pattern.
    fn new(pattern: &'p [char]) -> CompiledPattern<'p> {
        let blocks = pattern.len().div_ceil(WORD_BITS).max(1);
        let mut ascii_symbols = [0_u32; 128];
        let mut other_symbols: Vec<(char, u32)> = Vec::new();
        let mut symbol_count = 0_u32;
        for &character in pattern {
            let known = match character as usize {
                code if code < 128 => ascii_symbols[code] != 0,
                _ => other_symbols.iter().any(|(other, _)| *other == character),
            };
            if !known {
                symbol_count += 1;
                match character as usize {
                    code if code < 128 => ascii_symbols[code] = symbol_count,
                    _ => other_symbols.push((character, symbol_count)),
                }
            }
        }
        other_symbols.sort_unstable();
        let mut compiled = CompiledPattern {
            pattern,
            blocks,
            ascii_symbols,
            other_symbols,
            masks: vec![0; (symbol_count as usize + 1) * blocks],
            last_row_bit: 1 << ((pattern.len().max(1) - 1) % WORD_BITS),
        };
        for (row, &character) in pattern.iter().enumerate() {
            let symbol = compiled.symbol(character);
            compiled.masks[symbol * blocks + row / WORD_BITS] |= 1 << (row % WORD_BITS);
        }
        compiled
    }

    /// The symbol number of `character`; 0 when the pattern lacks it.
    #[inline]
    fn symbol(&self, character: char) -> usize {
        let code = character as usize;
        if code < 128 {
            return self.ascii_symbols[code] as usize;
        }
        match self.other_symbols.binary_search_by(|(other, _)| other.cmp(&character)) {
            Ok(index) => self.other_symbols[index].1 as usize,
            Err(_) => 0,
        }
    }

    /// Calls `on_end(end, errors)` for every `end` in `text` (exclusive, in
    /// `text`'s own offsets) where some substring ending there is within
    /// `max_errors` edits of the pattern, `errors` being the fewest edits.
    fn scan_ends(&self, text: &[char], max_errors: usize, mut on_end: impl FnMut(usize, usize)) {
        if self.blocks == 1 {
            self.scan_ends_one_block(text, max_errors, &mut on_end);
        } else {
            self.scan_ends_blocks(text, max_errors, &mut on_end);
        }
    }

    /// [`Self::scan_ends`] for patterns of at most 64 code points.
    fn scan_ends_one_block(&self, text: &[char], max_errors: usize, on_end: &mut impl FnMut(usize, usize)) {
        let last = self.last_row_bit;
        let mut positive = !0_u64;
        let mut negative = 0_u64;
        let mut score = self.pattern.len();
        for (column, &character) in text.iter().enumerate() {
            let equal = self.masks[self.symbol(character)];
            let vertical = equal | negative;
            let horizontal = ((equal & positive).wrapping_add(positive) ^ positive) | equal;
            let mut horizontal_positive = negative | !(horizontal | positive);
            let mut horizontal_negative = positive & horizontal;
            if horizontal_positive & last != 0 {
                score += 1;
            } else if horizontal_negative & last != 0 {
                score -= 1;
            }
            // The top row is all zeros (a match may start anywhere), so no
            // carry comes in from above.
            horizontal_positive <<= 1;
            horizontal_negative <<= 1;
            positive = horizontal_negative | !(vertical | horizontal_positive);
            negative = horizontal_positive & vertical;
            if score <= max_errors {
                on_end(column + 1, score);
            }
        }
    }

    /// [`Self::scan_ends`] for longer patterns, block by block.
    fn scan_ends_blocks(&self, text: &[char], max_errors: usize, on_end: &mut impl FnMut(usize, usize)) {
        let blocks = self.blocks;
        let mut positive = vec![!0_u64; blocks];
        let mut negative = vec![0_u64; blocks];
        let mut score = self.pattern.len() as isize;
        for (column, &character) in text.iter().enumerate() {
            let masks = &self.masks[self.symbol(character) * blocks..][..blocks];
            let mut carry = 0_i8;
            for block in 0..blocks {
                let high_bit = if block + 1 == blocks { self.last_row_bit } else { 1 << (WORD_BITS - 1) };
                carry = advance_block(&mut positive[block], &mut negative[block], masks[block], carry, high_bit);
            }
            score += isize::from(carry);
            // The score is an edit distance, never negative.
            let errors = score as usize;
            if errors <= max_errors {
                on_end(column + 1, errors);
            }
        }
    }

    /// Every local best match within `text[window]`, offsets in `text`.
    fn matches_in(&self, text: &[char], window: Range<usize>, max_errors: usize, found: &mut Vec<ApproximateMatch>) {
        let window_text = &text[window.clone()];
        let mut ends: Vec<(usize, usize)> = Vec::new();
        self.scan_ends(window_text, max_errors, |end, errors| ends.push((end, errors)));
        for index in 0..ends.len() {
            let (end, errors) = ends[index];
            // Keep the local minima of each run of consecutive ends: the
            // neighbours of a good match are the same match give or take an
            // edit at its end.
            let previous = index.checked_sub(1).map(|earlier| ends[earlier]).filter(|(other, _)| other + 1 == end);
            let next = ends.get(index + 1).copied().filter(|(other, _)| *other == end + 1);
            // Every end of a level stretch is kept ("abcQ" and "abc" both
            // match "abcd" with one edit); context decides between them.
            let no_worse_than_previous = previous.is_none_or(|(_, other_errors)| errors <= other_errors);
            let no_worse_than_next = next.is_none_or(|(_, other_errors)| errors <= other_errors);
            if no_worse_than_previous && no_worse_than_next {
                let (start, errors) = self.best_start(window_text, end, max_errors);
                found.push(ApproximateMatch { start: window.start + start, end: window.start + end, errors });
            }
        }
    }

    /// Where the best match ending at `end` starts, and its edit distance.
    ///
    /// A plain dynamic program over the reversed pattern and the reversed
    /// text before `end`: the matched text can be at most `max_errors` code
    /// points longer than the pattern. Among equally good starts the one
    /// giving a length closest to the pattern's wins, then the shorter.
    fn best_start(&self, text: &[char], end: usize, max_errors: usize) -> (usize, usize) {
        let pattern_length = self.pattern.len();
        let longest = (pattern_length + max_errors).min(end);
        let mut column: Vec<usize> = (0..=pattern_length).collect();
        let mut best = (column[pattern_length], 0_usize);
        for length in 1..=longest {
            let character = text[end - length];
            let mut diagonal = column[0];
            column[0] = length;
            for row in 1..=pattern_length {
                let substitution = diagonal + usize::from(self.pattern[pattern_length - row] != character);
                diagonal = column[row];
                column[row] = substitution.min(column[row] + 1).min(column[row - 1] + 1);
            }
            let errors = column[pattern_length];
            let closer = length.abs_diff(pattern_length) < best.1.abs_diff(pattern_length);
            if errors < best.0 || (errors == best.0 && closer) {
                best = (errors, length);
            }
        }
        (end - best.1, best.0)
    }
}

/// Advances one 64-row block by one text column (Hyyrö's block step, as in
/// Edlib). `carry` is the horizontal delta entering the block's top row
/// (-1, 0 or +1); the one leaving its `high_bit` row is returned.
#[inline]
fn advance_block(positive: &mut u64, negative: &mut u64, equal: u64, carry: i8, high_bit: u64) -> i8 {
    let carry_negative = u64::from(carry < 0);
    let carry_positive = u64::from(carry > 0);
    let vertical = equal | *negative;
    let equal = equal | carry_negative;
    let horizontal = ((equal & *positive).wrapping_add(*positive) ^ *positive) | equal;
    let mut horizontal_positive = *negative | !(horizontal | *positive);
    let mut horizontal_negative = *positive & horizontal;
    let out = if horizontal_positive & high_bit != 0 {
        1
    } else if horizontal_negative & high_bit != 0 {
        -1
    } else {
        0
    };
    horizontal_positive = (horizontal_positive << 1) | carry_positive;
    horizontal_negative = (horizontal_negative << 1) | carry_negative;
    *positive = horizontal_negative | !(vertical | horizontal_positive);
    *negative = horizontal_positive & vertical;
    out
}

/// Every approximate occurrence of `pattern` in `text` with at most
/// `max_errors` edits: one per end position where the edit distance along
/// the text is a local minimum, with where it starts. Empty for an empty
/// pattern.
pub fn search(text: &[char], pattern: &[char], max_errors: usize) -> Vec<ApproximateMatch> {
    let mut found = Vec::new();
    if !pattern.is_empty() {
        CompiledPattern::new(pattern).matches_in(text, 0..text.len(), max_errors, &mut found);
    }
    found
}

/// The fewest edits turning `pattern` into some suffix of `text`: how well
/// `pattern` matches the text that ends exactly where `text` ends.
pub fn edit_distance_to_a_suffix(pattern: &[char], text: &[char]) -> usize {
    let reversed_pattern: Vec<char> = pattern.iter().rev().copied().collect();
    let reversed_text: Vec<char> = text.iter().rev().copied().collect();
    edit_distance_to_a_prefix(&reversed_pattern, &reversed_text)
}

/// The fewest edits turning `pattern` into some prefix of `text`: how well
/// `pattern` matches the text that starts exactly where `text` starts.
pub fn edit_distance_to_a_prefix(pattern: &[char], text: &[char]) -> usize {
    let mut column: Vec<usize> = (0..=pattern.len()).collect();
    let mut best = column[pattern.len()];
    for (length, &character) in text.iter().enumerate() {
        let mut diagonal = column[0];
        column[0] = length + 1;
        for row in 1..=pattern.len() {
            let substitution = diagonal + usize::from(pattern[row - 1] != character);
            diagonal = column[row];
            column[row] = substitution.min(column[row] + 1).min(column[row - 1] + 1);
        }
        best = best.min(column[pattern.len()]);
    }
    best
}

/// A text prepared for approximate searches.
pub struct ApproximateSearcher {
    /// The text, one `char` per code point.
    text: Vec<char>,
    /// Whether searches may build and use the index: worth it only when the
    /// same text is searched many times.
    use_index: bool,
    /// Built the first time a search can use it.
    index: OnceCell<GramIndex>,
}

impl ApproximateSearcher {
    /// A searcher over `text`; with `use_index`, the index is built the
    /// first time a search can use it, otherwise never.
    pub fn new(text: Vec<char>, use_index: bool) -> ApproximateSearcher {
        ApproximateSearcher { text, use_index, index: OnceCell::new() }
    }

    /// The text searched.
    pub fn text(&self) -> &[char] {
        &self.text
    }

    /// The index, when this searcher may use one and the text is long
    /// enough to be worth it.
    fn index(&self) -> Option<&GramIndex> {
        (self.use_index && self.text.len() >= INDEX_MINIMUM_TEXT)
            .then(|| self.index.get_or_init(|| GramIndex::new(&self.text)))
    }

    /// Like [`search`] over the whole text, but looking only around the
    /// verbatim occurrences of `max_errors + 1` pieces of the pattern when
    /// they are long enough to be found in the index.
    pub fn search(&self, pattern: &[char], max_errors: usize) -> Vec<ApproximateMatch> {
        let mut found = Vec::new();
        if pattern.is_empty() {
            return found;
        }
        let compiled = CompiledPattern::new(pattern);
        let pieces = max_errors + 1;
        let piece_length = pattern.len() / pieces;
        let index = match self.index() {
            Some(index) if piece_length >= GRAM_LENGTH => index,
            _ => {
                compiled.matches_in(&self.text, 0..self.text.len(), max_errors, &mut found);
                return found;
            }
        };
        // Every match lies within this margin of where a piece's occurrence
        // puts the pattern's start: at most `max_errors` insertions or
        // deletions before the piece, and as many after it.
        let margin = 2 * max_errors;
        let mut windows: Vec<Range<usize>> = Vec::new();
        for piece_number in 0..pieces {
            let piece_start = piece_number * pattern.len() / pieces;
            let piece_end = (piece_number + 1) * pattern.len() / pieces;
            let piece = &pattern[piece_start..piece_end];
            index.for_each_occurrence(&self.text, piece, |occurrence| {
                let pattern_start = occurrence.saturating_sub(piece_start);
                let start = pattern_start.saturating_sub(margin);
                let end = (pattern_start + pattern.len() + margin).min(self.text.len());
                windows.push(start..end);
            });
        }
        windows.sort_unstable_by_key(|window| (window.start, window.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(windows.len());
        for window in windows {
            match merged.last_mut() {
                Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
                _ => merged.push(window),
            }
        }
        for window in merged {
            compiled.matches_in(&self.text, window, max_errors, &mut found);
        }
        found
    }

    /// [`search`] within `window` of the text only; offsets are still in
    /// the whole text.
    pub fn search_within(&self, window: Range<usize>, pattern: &[char], max_errors: usize) -> Vec<ApproximateMatch> {
        let mut found = Vec::new();
        let window = window.start.min(self.text.len())..window.end.min(self.text.len());
        if !pattern.is_empty() && window.start < window.end {
            CompiledPattern::new(pattern).matches_in(&self.text, window, max_errors, &mut found);
        }
        found
    }

    /// Starts of every verbatim occurrence of `needle`, in increasing
    /// order, when the index can be used for it (see [`Self::new`]; the
    /// needle must have at least [`GRAM_LENGTH`] code points); `None`
    /// otherwise.
    pub fn exact_occurrences(&self, needle: &[char]) -> Option<Vec<usize>> {
        if needle.len() < GRAM_LENGTH {
            return None;
        }
        let index = self.index()?;
        let mut starts = Vec::new();
        index.for_each_occurrence(&self.text, needle, |start| starts.push(start));
        starts.sort_unstable();
        Some(starts)
    }
}

/// Where each [`GRAM_LENGTH`]-code-point substring of a text starts,
/// bucketed by a hash of its code points (a counting sort, so building is
/// linear in the text).
struct GramIndex {
    /// `bucket_starts[b]..bucket_starts[b + 1]` indexes `positions` for bucket `b`.
    bucket_starts: Vec<u32>,
    /// Starts of the substrings, grouped by bucket, increasing within one.
    positions: Vec<u32>,
    /// Bits of the hash kept as the bucket number.
    bucket_bits: u32,
}

/// Multiplier of the polynomial hash over code points.
const HASH_BASE: u32 = 0x0100_0193;

impl GramIndex {
    fn new(text: &[char]) -> GramIndex {
        let grams = (text.len() + 1).saturating_sub(GRAM_LENGTH);
        let bucket_bits = (usize::BITS - grams.max(1).leading_zeros()).clamp(8, 22);
        let bucket_count = 1_usize << bucket_bits;
        let mut buckets: Vec<u32> = Vec::with_capacity(grams);
        let mut hash = 0_u32;
        let leaving_weight = HASH_BASE.wrapping_pow(GRAM_LENGTH as u32 - 1);
        for (index, &character) in text.iter().enumerate() {
            if index >= GRAM_LENGTH {
                hash = hash.wrapping_sub((text[index - GRAM_LENGTH] as u32).wrapping_mul(leaving_weight));
            }
            hash = hash.wrapping_mul(HASH_BASE).wrapping_add(character as u32);
            if index + 1 >= GRAM_LENGTH {
                buckets.push(bucket_of(hash, bucket_bits));
            }
        }
        let mut bucket_starts = vec![0_u32; bucket_count + 1];
        for &bucket in &buckets {
            bucket_starts[bucket as usize + 1] += 1;
        }
        for bucket in 0..bucket_count {
            bucket_starts[bucket + 1] += bucket_starts[bucket];
        }
        let mut next_free = bucket_starts.clone();
        let mut positions = vec![0_u32; grams];
        for (start, &bucket) in buckets.iter().enumerate() {
            positions[next_free[bucket as usize] as usize] = start as u32;
            next_free[bucket as usize] += 1;
        }
        GramIndex { bucket_starts, positions, bucket_bits }
    }

    /// Calls `on_occurrence(start)` for every verbatim occurrence of
    /// `needle` (at least [`GRAM_LENGTH`] code points) in `text`.
    fn for_each_occurrence(&self, text: &[char], needle: &[char], mut on_occurrence: impl FnMut(usize)) {
        debug_assert!(needle.len() >= GRAM_LENGTH);
        let hash =
            needle[..GRAM_LENGTH].iter().fold(0_u32, |hash, &c| hash.wrapping_mul(HASH_BASE).wrapping_add(c as u32));
        let bucket = bucket_of(hash, self.bucket_bits) as usize;
        let slots = self.bucket_starts[bucket] as usize..self.bucket_starts[bucket + 1] as usize;
        for &start in &self.positions[slots] {
            let start = start as usize;
            if text.get(start..start + needle.len()) == Some(needle) {
                on_occurrence(start);
            }
        }
    }
}

/// The top `bits` bits of a multiplicative mix of `hash`.
#[inline]
fn bucket_of(hash: u32, bits: u32) -> u32 {
    hash.wrapping_mul(0x9E37_79B1) >> (32 - bits)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    /// The fewest edits of `pattern` into a substring of `text` ending at
    /// each position, by the textbook dynamic program (Sellers 1980).
    fn reference_end_scores(text: &[char], pattern: &[char]) -> Vec<usize> {
        let mut column: Vec<usize> = (0..=pattern.len()).collect();
        let mut scores = Vec::with_capacity(text.len());
        for &character in text {
            let mut diagonal = column[0];
            column[0] = 0;
            for row in 1..=pattern.len() {
                let substitution = diagonal + usize::from(pattern[row - 1] != character);
                diagonal = column[row];
                column[row] = substitution.min(column[row] + 1).min(column[row - 1] + 1);
            }
            scores.push(column[pattern.len()]);
        }
        scores
    }

    fn levenshtein(left: &[char], right: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=right.len()).collect();
        for (i, &l) in left.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &r) in right.iter().enumerate() {
                let substitution = diagonal + usize::from(l != r);
                diagonal = row[j + 1];
                row[j + 1] = substitution.min(row[j + 1] + 1).min(row[j] + 1);
            }
        }
        row[right.len()]
    }

    fn myers_end_scores(text: &[char], pattern: &[char]) -> Vec<Option<usize>> {
        let mut scores = vec![None; text.len()];
        CompiledPattern::new(pattern).scan_ends(text, usize::MAX, |end, errors| scores[end - 1] = Some(errors));
        scores
    }

    #[test]
    fn finds_an_exact_and_an_edited_occurrence() {
        let text = chars("the ministry said; the minstry says");
        let found = search(&text, &chars("ministry"), 2);
        let exact = found.iter().find(|found| found.errors == 0).unwrap();
        assert_eq!((exact.start, exact.end), (4, 12));
        let edited = found.iter().find(|found| found.start > 12 && found.errors == 1).unwrap();
        assert_eq!((edited.start, edited.end), (23, 30));
    }

    #[test]
    fn counts_code_points_not_bytes() {
        let text = chars("前 北京😀市 后 北京😀市");
        let found = search(&text, &chars("北京😁市"), 1);
        let starts: Vec<(usize, usize, usize)> = found.iter().map(|m| (m.start, m.end, m.errors)).collect();
        assert_eq!(starts, vec![(2, 6, 1), (9, 13, 1)]);
        assert_eq!(edit_distance_to_a_suffix(&chars("京😀"), &chars("北京😀")), 0);
        assert_eq!(edit_distance_to_a_prefix(&chars("😀x"), &chars("😀市")), 1);
    }

    #[test]
    fn long_patterns_span_several_blocks() {
        let base: String = (0..300).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect();
        let mut edited: Vec<char> = chars(&base);
        edited[10] = 'Z';
        edited.remove(150);
        edited[250] = 'Y';
        let text: Vec<char> =
            chars("prefix ").into_iter().chain(edited.iter().copied()).chain(chars(" suffix")).collect();
        let found = search(&text, &chars(&base), 10);
        let best = found.iter().min_by_key(|m| m.errors).unwrap();
        assert_eq!(best.errors, 3);
        assert_eq!(best.start, 7);
        assert_eq!(best.end, 7 + edited.len());
    }

    #[test]
    fn the_index_finds_what_a_full_scan_finds_in_a_long_repetitive_text() {
        let sentence = "Officials said 1.73 million cases were dealt with in 北京 this year. ";
        let mut text = String::new();
        for number in 0..600 {
            text.push_str(&format!("({number}) {sentence}"));
        }
        let text = chars(&text);
        assert!(text.len() > INDEX_MINIMUM_TEXT);
        let mut pattern = chars("said 1.73 million cases were dealt with in 北京");
        pattern[7] = '9';
        pattern[20] = 'X';
        let searcher = ApproximateSearcher::new(text.clone(), true);
        assert!(ApproximateSearcher::new(text.clone(), false).exact_occurrences(&pattern).is_none());
        for max_errors in [2, 3, 4] {
            let mut indexed = searcher.search(&pattern, max_errors);
            let mut scanned = search(&text, &pattern, max_errors);
            indexed.sort_unstable();
            indexed.dedup();
            scanned.sort_unstable();
            assert_eq!(indexed, scanned, "max errors {max_errors}");
            assert_eq!(scanned.iter().filter(|m| m.errors == 2).count(), 600);
        }
        assert!(searcher.index.get().is_some(), "the searches above went through the index");
        let exact = searcher.exact_occurrences(&chars("million cases were")).unwrap();
        assert_eq!(exact.len(), 600);
    }

    /// Random texts over a small alphabet with code points of every width,
    /// and a pattern cut from the text and edited, or drawn at random.
    fn text_and_pattern() -> impl Strategy<Value = (Vec<char>, Vec<char>)> {
        let symbol = prop::sample::select(vec!['a', 'b', 'c', ' ', 'é', '北', '😀']);
        let text = prop::collection::vec(symbol.clone(), 0..300);
        (text, prop::collection::vec((0..3_usize, 0..1000_usize, symbol.clone()), 0..6), 1..140_usize, 0..400_usize)
            .prop_map(|(text, edits, length, start)| {
                let start = start.min(text.len());
                let end = (start + length).min(text.len());
                let mut pattern: Vec<char> = text[start..end].to_vec();
                for (kind, at, symbol) in edits {
                    let at = at % (pattern.len() + 1);
                    match kind {
                        0 if at < pattern.len() => pattern[at] = symbol,
                        1 if at < pattern.len() => {
                            pattern.remove(at);
                        }
                        _ => pattern.insert(at, symbol),
                    }
                }
                if pattern.is_empty() {
                    pattern.push('a');
                }
                (text, pattern)
            })
    }

    proptest! {
        #[test]
        fn myers_agrees_with_the_dynamic_program((text, pattern) in text_and_pattern()) {
            let expected = reference_end_scores(&text, &pattern);
            let actual = myers_end_scores(&text, &pattern);
            for (end, (want, got)) in expected.iter().zip(&actual).enumerate() {
                prop_assert_eq!(Some(*want), *got, "end {}", end + 1);
            }
        }

        #[test]
        fn every_match_is_a_real_alignment_with_its_end_score(
            (text, pattern) in text_and_pattern(),
            max_errors in 0_usize..12,
        ) {
            let expected = reference_end_scores(&text, &pattern);
            for found in search(&text, &pattern, max_errors) {
                prop_assert!(found.errors <= max_errors);
                prop_assert_eq!(found.errors, expected[found.end - 1]);
                prop_assert_eq!(levenshtein(&pattern, &text[found.start..found.end]), found.errors);
            }
            // Every best end position is reported.
            if let Some(best) = expected.iter().copied().min().filter(|best| *best <= max_errors) {
                let found = search(&text, &pattern, max_errors);
                prop_assert!(found.iter().any(|m| m.errors == best));
            }
        }

        #[test]
        fn context_distances_agree_with_brute_force(
            (text, pattern) in text_and_pattern(),
        ) {
            let text = &text[..text.len().min(60)];
            let pattern = &pattern[..pattern.len().min(40)];
            let to_suffix = (0..=text.len()).map(|start| levenshtein(pattern, &text[start..])).min().unwrap();
            let to_prefix = (0..=text.len()).map(|end| levenshtein(pattern, &text[..end])).min().unwrap();
            prop_assert_eq!(edit_distance_to_a_suffix(pattern, text), to_suffix);
            prop_assert_eq!(edit_distance_to_a_prefix(pattern, text), to_prefix);
        }
    }
}
