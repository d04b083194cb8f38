//! The keyboard's sentence cursor: which span of the article a key press
//! selects when the user annotates without a mouse.
//!
//! The cursor is a code-point range of the canonical text, always on whole
//! words (what [`crate::anchoring::selection::normalize_selection`] would make of
//! it) and never empty. `j`/`k` (or the arrow keys) step from sentence to
//! sentence across blocks; Shift with the arrows moves the cursor's end by a
//! word or a sentence, keeping its start, so a claim that spans half a
//! sentence or three sentences can be selected exactly.
//!
//! Sentences come from [`crate::article::sentences`], computed once per article
//! by [`SentenceIndex::new`]. [`annotation_at`] names the highlight under the
//! cursor, for Enter and Delete. This module knows the article's text and the
//! annotations' ranges: not keys, the session or the DOM.

use crate::anchoring::selection::normalize_selection;
use crate::article::model::Article;
use crate::article::sentences::sentence_ranges;
use crate::article::text::CodePointRange;
use crate::session::annotation::{AnchorStatus, Annotation};

/// Every sentence of an article, in order, as ranges of its canonical text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceIndex {
    sentences: Vec<CodePointRange>,
}

impl SentenceIndex {
    /// Splits each block of `article` into sentences. Each range is
    /// normalised like a user's selection, so the cursor always holds a
    /// range the highlighter would make itself.
    pub fn new(article: &Article) -> SentenceIndex {
        let sentences = article
            .blocks
            .iter()
            .flat_map(|block| {
                sentence_ranges(&block.text)
                    .into_iter()
                    .map(move |range| CodePointRange { start: block.start + range.start, end: block.start + range.end })
            })
            .filter_map(|range| normalize_selection(article, range));
        // Snapping to words can join two sentences ("0.5" split after "0."):
        // they become one, so the sentences stay disjoint and ordered.
        let mut merged: Vec<CodePointRange> = Vec::new();
        for sentence in sentences {
            match merged.last_mut() {
                Some(previous) if previous.end > sentence.start => previous.end = previous.end.max(sentence.end),
                _ => merged.push(sentence),
            }
        }
        SentenceIndex { sentences: merged }
    }

    /// The sentences, in document order.
    pub fn sentences(&self) -> &[CodePointRange] {
        &self.sentences
    }
}

/// One press of a cursor key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorMove {
    /// `j` or ArrowDown: the sentence after the cursor's end.
    NextSentence,
    /// `k` or ArrowUp: the sentence the cursor starts in, or the one before
    /// when the cursor starts a sentence.
    PreviousSentence,
    /// Home or `g`: the article's first sentence.
    FirstSentence,
    /// End or `G`: the article's last sentence.
    LastSentence,
    /// Shift+ArrowRight: the end moves past the next word.
    ExtendByWord,
    /// Shift+ArrowLeft: the end moves back before the last word, keeping at
    /// least one word.
    ShrinkByWord,
    /// Shift+ArrowDown: the end moves to the end of the sentence it is in,
    /// or of the next sentence when it already ends one.
    ExtendBySentence,
    /// Shift+ArrowUp: the end moves back to the last sentence end inside the
    /// cursor, when there is one.
    ShrinkBySentence,
}

/// Where the cursor goes from `current` (no cursor yet: `None`) on
/// `movement`. With no cursor, every move starts at the first sentence.
/// A move that cannot happen (past the last sentence, shrinking a single
/// word) leaves the cursor where it is. `None` only when the article has no
/// sentence at all.
pub fn move_cursor(
    article: &Article,
    index: &SentenceIndex,
    current: Option<CodePointRange>,
    movement: CursorMove,
) -> Option<CodePointRange> {
    let sentences = index.sentences();
    let first = *sentences.first()?;
    let last = *sentences.last()?;
    let Some(current) = current.filter(|range| !range.is_empty() && range.end <= article.len()) else {
        return Some(match movement {
            CursorMove::LastSentence => last,
            _ => first,
        });
    };
    let moved = match movement {
        CursorMove::FirstSentence => Some(first),
        CursorMove::LastSentence => Some(last),
        CursorMove::NextSentence => sentences.iter().find(|sentence| sentence.start >= current.end).copied(),
        CursorMove::PreviousSentence => sentences.iter().rev().find(|sentence| sentence.start < current.start).copied(),
        CursorMove::ExtendByWord => {
            word_at_or_after(article, current.end).map(|word| CodePointRange { start: current.start, end: word.end })
        }
        CursorMove::ShrinkByWord => shrink_by_word(article, current),
        CursorMove::ExtendBySentence => sentences
            .iter()
            .find(|sentence| sentence.end > current.end)
            .map(|sentence| CodePointRange { start: current.start, end: sentence.end }),
        CursorMove::ShrinkBySentence => sentences
            .iter()
            .rev()
            .map(|sentence| sentence.end)
            .find(|&end| {
                end > current.start
                    && end < current.end
                    && has_word(article, CodePointRange { start: current.start, end })
            })
            .map(|end| CodePointRange { start: current.start, end }),
    };
    Some(moved.unwrap_or(current))
}

/// The highlight the cursor is on, for Enter and Delete: the one covering
/// exactly the cursor, else the shortest covering its start, else the
/// shortest it overlaps. Orphans, which have no place in the text, never are.
pub fn annotation_at(annotations: &[Annotation], cursor: CodePointRange) -> Option<&Annotation> {
    let placed = || annotations.iter().filter(|annotation| annotation.anchor != AnchorStatus::Orphan);
    if let Some(exact) = placed().find(|annotation| annotation.range == cursor) {
        return Some(exact);
    }
    placed()
        .filter(|annotation| annotation.range.start <= cursor.start && cursor.start < annotation.range.end)
        .min_by_key(|annotation| annotation.range.len())
        .or_else(|| {
            placed()
                .filter(|annotation| annotation.range.overlaps(&cursor))
                .min_by_key(|annotation| annotation.range.len())
        })
}

/// The word holding the first letter or digit at or after `position`.
fn word_at_or_after(article: &Article, position: usize) -> Option<CodePointRange> {
    let offset = article.canonical_text().chars().skip(position).position(char::is_alphanumeric)?;
    let letter = position + offset;
    normalize_selection(article, CodePointRange { start: letter, end: letter + 1 })
}

/// The word holding the last letter or digit before `position`.
fn word_before(article: &Article, position: usize) -> Option<CodePointRange> {
    let characters: Vec<char> = article.canonical_text().chars().take(position).collect();
    let letter = characters.iter().rposition(|character| character.is_alphanumeric())?;
    normalize_selection(article, CodePointRange { start: letter, end: letter + 1 })
}

/// `current` without its last word, or `None` when that would leave no word.
fn shrink_by_word(article: &Article, current: CodePointRange) -> Option<CodePointRange> {
    let last_word = word_before(article, current.end)?;
    let previous_word = word_before(article, last_word.start)?;
    (previous_word.end > current.start).then_some(CodePointRange { start: current.start, end: previous_word.end })
}

fn has_word(article: &Article, range: CodePointRange) -> bool {
    article.canonical_text().chars().skip(range.start).take(range.len()).any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::article::model::{ArticleMetadata, BlockKind};
    use crate::article::text::slice_code_points;

    fn sample() -> Article {
        Article::new(
            ArticleMetadata::default(),
            [
                (BlockKind::Headline, "Online providers' help sought"),
                (
                    BlockKind::Paragraph,
                    "Police handled 1.73 million cases last year. Mr. Chen said the figure rose. \"It is real,\" he added.",
                ),
                (BlockKind::Paragraph, "—"),
                (BlockKind::Paragraph, "北京是中国的首都。上海很大。"),
            ]
            .into_iter()
            .map(|(kind, text)| (kind, text.to_string())),
        )
    }

    fn text_of(article: &Article, range: CodePointRange) -> &str {
        slice_code_points(article.canonical_text(), range.start, range.end)
    }

    fn press(article: &Article, index: &SentenceIndex, start: Option<CodePointRange>, keys: &[CursorMove]) -> String {
        let mut cursor = start;
        for &key in keys {
            cursor = move_cursor(article, index, cursor, key);
        }
        text_of(article, cursor.expect("the sample has sentences")).to_string()
    }

    use CursorMove::*;

    #[test]
    fn next_sentence_walks_across_blocks_and_skips_blocks_without_words() {
        let article = sample();
        let index = SentenceIndex::new(&article);
        let walked: Vec<String> =
            (1..=7).map(|count| press(&article, &index, None, &vec![NextSentence; count])).collect();
        assert_eq!(
            walked,
            [
                "Online providers' help sought",
                "Police handled 1.73 million cases last year.",
                "Mr. Chen said the figure rose.",
                "\"It is real,\" he added.",
                "北京是中国的首都。",
                "上海很大。",
                "上海很大。",
            ]
        );
    }

    #[test]
    fn previous_sentence_stops_at_the_first_and_home_end_jump() {
        let article = sample();
        let index = SentenceIndex::new(&article);
        assert_eq!(press(&article, &index, None, &[NextSentence, PreviousSentence]), "Online providers' help sought");
        assert_eq!(press(&article, &index, None, &[LastSentence, PreviousSentence]), "北京是中国的首都。");
        assert_eq!(press(&article, &index, None, &[LastSentence, FirstSentence]), "Online providers' help sought");
        assert_eq!(press(&article, &index, None, &[PreviousSentence]), "Online providers' help sought");
    }

    #[test]
    fn word_steps_move_the_end_and_keep_one_word() {
        let article = sample();
        let index = SentenceIndex::new(&article);
        let statistic = [NextSentence, NextSentence];
        assert_eq!(
            press(&article, &index, None, &[&statistic[..], &[ShrinkByWord, ShrinkByWord, ShrinkByWord][..]].concat()),
            "Police handled 1.73 million"
        );
        assert_eq!(
            press(&article, &index, None, &[&statistic[..], &[ExtendByWord, ExtendByWord][..]].concat()),
            "Police handled 1.73 million cases last year. Mr. Chen"
        );
        assert_eq!(press(&article, &index, None, &[&statistic[..], &[ShrinkByWord; 9][..]].concat()), "Police");
    }

    #[test]
    fn sentence_steps_extend_to_the_next_sentence_end_and_back() {
        let article = sample();
        let index = SentenceIndex::new(&article);
        let statistic = [NextSentence, NextSentence];
        assert_eq!(
            press(&article, &index, None, &[&statistic[..], &[ExtendBySentence][..]].concat()),
            "Police handled 1.73 million cases last year. Mr. Chen said the figure rose."
        );
        assert_eq!(
            press(&article, &index, None, &[&statistic[..], &[ExtendByWord, ShrinkBySentence][..]].concat()),
            "Police handled 1.73 million cases last year."
        );
        // Half a sentence grows to the end of the sentence it is in.
        assert_eq!(
            press(
                &article,
                &index,
                None,
                &[&statistic[..], &[ShrinkByWord, ShrinkByWord, ExtendBySentence][..]].concat()
            ),
            "Police handled 1.73 million cases last year."
        );
        // A single sentence has no sentence end inside it: nothing to shrink.
        assert_eq!(
            press(&article, &index, None, &[&statistic[..], &[ShrinkBySentence][..]].concat()),
            "Police handled 1.73 million cases last year."
        );
    }

    #[test]
    fn a_cursor_from_a_mouse_selection_moves_on_from_where_it_is() {
        let article = sample();
        let index = SentenceIndex::new(&article);
        let chen = article.canonical_text().find("Chen").unwrap();
        let start = article.canonical_text()[..chen].chars().count();
        let selection = CodePointRange { start, end: start + 4 };
        assert_eq!(press(&article, &index, Some(selection), &[NextSentence]), "\"It is real,\" he added.");
        assert_eq!(press(&article, &index, Some(selection), &[PreviousSentence]), "Mr. Chen said the figure rose.");
    }

    #[test]
    fn sentences_joined_by_word_snapping_become_one() {
        // "0." ends a sentence for the segmenter, but "0.Z" is one word.
        let article = Article::new(ArticleMetadata::default(), [(BlockKind::Paragraph, "0.Z. Next one.".to_string())]);
        let index = SentenceIndex::new(&article);
        let texts: Vec<&str> = index.sentences().iter().map(|range| text_of(&article, *range)).collect();
        assert_eq!(texts, ["0.Z.", "Next one."]);
    }

    fn highlight(id: &str, start: usize, end: usize, anchor: AnchorStatus) -> Annotation {
        use crate::session::annotation::{AnnotationId, AnnotationKind, ClaimDetails, Origin};
        use crate::time::Timestamp;
        Annotation {
            id: AnnotationId(id.to_string()),
            created: Timestamp(0),
            modified: Timestamp(0),
            range: CodePointRange { start, end },
            quote: Default::default(),
            tags: Vec::new(),
            note: String::new(),
            claim: ClaimDetails::default(),
            kind: AnnotationKind::Claim,
            origin: Origin::Manual,
            anchor,
        }
    }

    #[test]
    fn the_highlight_at_the_cursor_is_the_exact_one_then_the_shortest_covering_its_start() {
        let annotations = vec![
            highlight("sentence", 10, 50, AnchorStatus::Anchored),
            highlight("figure", 20, 30, AnchorStatus::Anchored),
            highlight("lost", 20, 30, AnchorStatus::Orphan),
            highlight("later", 60, 70, AnchorStatus::Anchored),
        ];
        let at =
            |start, end| annotation_at(&annotations, CodePointRange { start, end }).map(|found| found.id.0.as_str());
        assert_eq!(at(10, 50), Some("sentence"), "exactly the cursor");
        assert_eq!(at(20, 30), Some("figure"), "exactly, and never the orphan with the same range");
        assert_eq!(at(22, 55), Some("figure"), "the shortest covering the start");
        assert_eq!(at(5, 65), Some("figure"), "else the shortest overlapping");
        assert_eq!(at(52, 58), None);
    }

    #[test]
    fn an_article_without_sentences_has_no_cursor() {
        let article = Article::new(ArticleMetadata::default(), [(BlockKind::Paragraph, "— …".to_string())]);
        let index = SentenceIndex::new(&article);
        assert!(index.sentences().is_empty());
        assert_eq!(move_cursor(&article, &index, None, NextSentence), None);
    }

    fn article_strategy() -> impl Strategy<Value = Article> {
        let character = prop_oneof![
            4 => prop::char::range('a', 'e'),
            1 => Just('Z'),
            1 => prop::char::range('0', '3'),
            2 => Just(' '),
            1 => Just('.'),
            1 => Just('!'),
            1 => Just(','),
            1 => Just('\''),
            1 => Just('"'),
            1 => Just('—'),
            1 => Just('中'),
            1 => Just('。'),
        ];
        let block = prop::collection::vec(character, 1..40).prop_map(|characters| characters.into_iter().collect());
        prop::collection::vec(block, 1..5).prop_map(|blocks: Vec<String>| {
            Article::new(ArticleMetadata::default(), blocks.into_iter().map(|text| (BlockKind::Paragraph, text)))
        })
    }

    fn movement_strategy() -> impl Strategy<Value = CursorMove> {
        prop::sample::select(vec![
            NextSentence,
            PreviousSentence,
            FirstSentence,
            LastSentence,
            ExtendByWord,
            ShrinkByWord,
            ExtendBySentence,
            ShrinkBySentence,
        ])
    }

    proptest! {
        #[test]
        fn the_cursor_stays_inside_the_article_on_whole_words(
            article in article_strategy(),
            movements in prop::collection::vec(movement_strategy(), 1..25),
        ) {
            let index = SentenceIndex::new(&article);
            let mut cursor = None;
            for movement in movements {
                let before = cursor;
                cursor = move_cursor(&article, &index, cursor, movement);
                let Some(range) = cursor else {
                    prop_assert!(index.sentences().is_empty());
                    continue;
                };
                prop_assert!(range.start < range.end && range.end <= article.len());
                prop_assert_eq!(normalize_selection(&article, range), Some(range), "not on word bounds");
                prop_assert!(has_word(&article, range), "the cursor holds no word");
                if let Some(before) = before {
                    match movement {
                        ExtendByWord | ExtendBySentence => {
                            prop_assert_eq!(range.start, before.start);
                            prop_assert!(range.end >= before.end, "extending shrank the cursor");
                        }
                        ShrinkByWord | ShrinkBySentence => {
                            prop_assert_eq!(range.start, before.start);
                            prop_assert!(range.end <= before.end, "shrinking grew the cursor");
                        }
                        _ => {}
                    }
                }
            }
        }

        #[test]
        fn next_then_previous_returns_to_the_same_sentence(article in article_strategy(), pick in 0_usize..64) {
            let index = SentenceIndex::new(&article);
            let sentences = index.sentences();
            prop_assume!(sentences.len() >= 2);
            let position = pick % (sentences.len() - 1);
            let sentence = sentences[position];
            let next = move_cursor(&article, &index, Some(sentence), NextSentence);
            prop_assert_eq!(next, Some(sentences[position + 1]));
            prop_assert_eq!(move_cursor(&article, &index, next, PreviousSentence), Some(sentence));
        }

        #[test]
        fn a_word_step_out_and_back_returns(article in article_strategy(), pick in 0_usize..64) {
            let index = SentenceIndex::new(&article);
            prop_assume!(!index.sentences().is_empty());
            let sentence = index.sentences()[pick % index.sentences().len()];
            let extended = move_cursor(&article, &index, Some(sentence), ExtendByWord).unwrap();
            // Back to the sentence's last word: the punctuation after it
            // belongs to no word, so it may be left out.
            let shrunk = move_cursor(&article, &index, Some(extended), ShrinkByWord).unwrap();
            prop_assume!(extended != sentence);
            let after_last_word = CodePointRange { start: shrunk.end, end: sentence.end };
            prop_assert_eq!(shrunk.start, sentence.start);
            prop_assert!(shrunk.end <= sentence.end);
            prop_assert!(!has_word(&article, after_last_word), "a word of the sentence was lost");
        }
    }
}
