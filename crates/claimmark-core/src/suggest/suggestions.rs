//! Check-worthiness suggestions over an article: which sentences to
//! propose, how many have been reviewed, where the next one is, and the
//! user's suggestion settings.
//!
//! Sentences are scored once per block ([`score_block`]); scores depend
//! only on the text, so the browser layer can compute them a few blocks at
//! a time and keep them. Which of them are shown depends on the threshold
//! and on the annotations: a sentence that any annotation touches has
//! already been looked at and is not proposed again. A suggestion accepted
//! becomes an annotation with `origin: suggested`; one rejected becomes a
//! "not a claim" annotation that records the same origin.
//!
//! This module knows articles, annotations and the scorer. It does not know
//! the browser, storage or how suggestions are drawn.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::article::model::Block;
use crate::article::sentences::sentence_ranges;
use crate::article::text::{slice_code_points, CodePointRange};
use crate::session::annotation::{Annotation, AnnotationKind, Origin};
use crate::suggest::checkworthiness::Model;

/// A scored sentence of the article.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredSentence {
    /// Where it is, in code points of the canonical text.
    pub range: CodePointRange,
    /// Its score in thousandths.
    pub score_permille: u16,
    /// Why, as one line ("number: 947; attribution: said").
    pub reasons: Rc<str>,
}

/// Scores every sentence of `block`.
pub fn score_block(model: &Model, block: &Block) -> Vec<ScoredSentence> {
    sentence_ranges(&block.text)
        .into_iter()
        .map(|range| {
            let assessment = model.assess(slice_code_points(&block.text, range.start, range.end));
            ScoredSentence {
                range: CodePointRange { start: block.start + range.start, end: block.start + range.end },
                score_permille: assessment.score_permille(),
                reasons: Rc::from(assessment.reasons_text()),
            }
        })
        .collect()
}

/// The sentences to propose: those scoring at least `threshold_permille`
/// that no annotation touches, in document order. `scored` must be in
/// document order.
pub fn open_suggestions<'a>(
    scored: impl IntoIterator<Item = &'a ScoredSentence>,
    annotations: &[Annotation],
    threshold_permille: u16,
) -> Vec<&'a ScoredSentence> {
    let covered = CoveredRanges::new(annotations);
    scored
        .into_iter()
        .filter(|sentence| sentence.score_permille >= threshold_permille && !covered.touches(sentence.range))
        .collect()
}

/// Annotation ranges sorted by start, with the furthest end reached so far,
/// so "does any annotation touch this range?" is a binary search.
struct CoveredRanges {
    starts: Vec<usize>,
    furthest_end_so_far: Vec<usize>,
}

impl CoveredRanges {
    fn new(annotations: &[Annotation]) -> CoveredRanges {
        let mut ranges: Vec<CodePointRange> = annotations
            .iter()
            .map(|annotation| CodePointRange::new(annotation.range.start, annotation.range.end))
            .filter(|range| !range.is_empty())
            .collect();
        ranges.sort();
        let mut furthest = 0;
        let furthest_end_so_far = ranges
            .iter()
            .map(|range| {
                furthest = furthest.max(range.end);
                furthest
            })
            .collect();
        CoveredRanges { starts: ranges.iter().map(|range| range.start).collect(), furthest_end_so_far }
    }

    fn touches(&self, range: CodePointRange) -> bool {
        let starting_before_end = self.starts.partition_point(|start| *start < range.end);
        starting_before_end > 0 && self.furthest_end_so_far[starting_before_end - 1] > range.start
    }
}

/// How the review of suggestions stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SuggestionCounts {
    /// Suggestions still waiting for a decision.
    pub open: usize,
    /// Suggestions accepted as claims.
    pub accepted: usize,
    /// Suggestions rejected as not being claims.
    pub rejected: usize,
}

impl SuggestionCounts {
    /// Counts the decisions recorded in `annotations`, with `open`
    /// suggestions still waiting.
    pub fn new(open: usize, annotations: &[Annotation]) -> SuggestionCounts {
        let mut counts = SuggestionCounts { open, accepted: 0, rejected: 0 };
        for annotation in annotations {
            if matches!(annotation.origin, Origin::Suggested { .. }) {
                match annotation.kind {
                    AnnotationKind::Claim => counts.accepted += 1,
                    AnnotationKind::NotAClaim => counts.rejected += 1,
                }
            }
        }
        counts
    }

    /// Every suggestion made: open, accepted or rejected.
    pub fn total(&self) -> usize {
        self.open + self.accepted + self.rejected
    }

    /// "7 suggestions, 3 accepted, 2 rejected".
    pub fn summary(&self) -> String {
        let total = self.total();
        format!(
            "{total} suggestion{}, {} accepted, {} rejected",
            if total == 1 { "" } else { "s" },
            self.accepted,
            self.rejected
        )
    }
}

/// The suggestion after (or, going `backwards`, before) the one starting
/// at `current`, wrapping around; the first (or last) one when there is no
/// current one. `open` is in document order.
pub fn step_through<'a>(
    open: &[&'a ScoredSentence],
    current: Option<usize>,
    backwards: bool,
) -> Option<&'a ScoredSentence> {
    let (first, last) = (open.first()?, open.last()?);
    let Some(current) = current else {
        return Some(if backwards { last } else { first });
    };
    if backwards {
        open.iter().rev().find(|sentence| sentence.range.start < current).copied().or(Some(last))
    } else {
        open.iter().find(|sentence| sentence.range.start > current).copied().or(Some(first))
    }
}

/// The user's suggestion settings, kept in localStorage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuggestionPrefs {
    /// Whether suggestions are shown.
    pub enabled: bool,
    /// The score from which a sentence is proposed, in thousandths.
    pub threshold_permille: u16,
}

impl SuggestionPrefs {
    /// Off, at the model's threshold.
    pub fn defaults(model: &Model) -> SuggestionPrefs {
        SuggestionPrefs {
            enabled: false,
            threshold_permille: crate::suggest::checkworthiness::permille(model.threshold),
        }
    }
}

/// The JSON kept under [`PREFS_KEY`].
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredPrefs {
    format: String,
    version: u32,
    suggestions: bool,
    threshold_permille: u16,
}

/// The localStorage key of the suggestion settings.
pub const PREFS_KEY: &str = "claimmark:v1:prefs:suggestions";

const PREFS_FORMAT: &str = "claimmark-suggestion-prefs";

/// Why stored suggestion settings could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrefsError {
    /// The value is not the expected JSON.
    Malformed(String),
    /// The value is settings of another kind or version.
    Unsupported(String),
    /// The threshold is above 1000 thousandths.
    ThresholdOutOfRange(u16),
}

impl std::fmt::Display for PrefsError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrefsError::Malformed(reason) => write!(formatter, "the saved suggestion settings are not valid: {reason}"),
            PrefsError::Unsupported(what) => write!(formatter, "the saved suggestion settings are {what}"),
            PrefsError::ThresholdOutOfRange(value) => {
                write!(formatter, "the saved suggestion threshold {value}‰ is above 1000‰")
            }
        }
    }
}

impl SuggestionPrefs {
    /// The settings as stored JSON.
    pub fn encode(&self) -> String {
        let stored = StoredPrefs {
            format: PREFS_FORMAT.to_string(),
            version: 1,
            suggestions: self.enabled,
            threshold_permille: self.threshold_permille,
        };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads settings written by [`SuggestionPrefs::encode`].
    pub fn decode(json: &str) -> Result<SuggestionPrefs, PrefsError> {
        let stored: StoredPrefs =
            serde_json::from_str(json).map_err(|error| PrefsError::Malformed(error.to_string()))?;
        if stored.format != PREFS_FORMAT {
            return Err(PrefsError::Unsupported(format!("of another kind (“{}”)", stored.format)));
        }
        if stored.version != 1 {
            return Err(PrefsError::Unsupported(format!(
                "version {}, and this claimmark reads version 1",
                stored.version
            )));
        }
        if stored.threshold_permille > 1000 {
            return Err(PrefsError::ThresholdOutOfRange(stored.threshold_permille));
        }
        Ok(SuggestionPrefs { enabled: stored.suggestions, threshold_permille: stored.threshold_permille })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchoring::selector::TextQuote;
    use crate::article::extract::seed_article;
    use crate::article::model::{Article, ArticleMetadata, BlockKind};
    use crate::session::annotation::AnnotationId;
    use crate::time::Timestamp;

    fn sentence(start: usize, end: usize, score_permille: u16) -> ScoredSentence {
        ScoredSentence { range: CodePointRange { start, end }, score_permille, reasons: Rc::from("") }
    }

    fn annotation(id: &str, start: usize, end: usize, kind: AnnotationKind, origin: Origin) -> Annotation {
        let mut annotation = Annotation::new(
            AnnotationId(id.to_string()),
            Timestamp(0),
            CodePointRange { start, end },
            TextQuote::default(),
            vec![],
        );
        annotation.kind = kind;
        annotation.origin = origin;
        annotation
    }

    fn suggested() -> Origin {
        Origin::Suggested { score_permille: 900, model_version: "claimmark-checkworthiness/1".to_string() }
    }

    #[test]
    fn scored_sentences_carry_article_offsets_and_reasons() {
        let article = Article::new(
            ArticleMetadata::default(),
            vec![
                (BlockKind::Headline, "Bees in decline".to_string()),
                (
                    BlockKind::Paragraph,
                    "Bee numbers fell by 25 percent since 1990, a study found. I love bees.".to_string(),
                ),
            ],
        );
        let scored = score_block(Model::builtin(), &article.blocks[1]);
        assert_eq!(scored.len(), 2);
        assert_eq!(
            slice_code_points(article.canonical_text(), scored[0].range.start, scored[0].range.end),
            "Bee numbers fell by 25 percent since 1990, a study found."
        );
        assert_eq!(
            slice_code_points(article.canonical_text(), scored[1].range.start, scored[1].range.end),
            "I love bees."
        );
        assert!(scored[0].score_permille > 800 && scored[1].score_permille < 200);
        assert!(scored[0].reasons.contains("percentage: 25 percent"), "{}", scored[0].reasons);
    }

    #[test]
    fn open_suggestions_pass_the_threshold_and_skip_anything_annotated() {
        let scored = [sentence(0, 10, 900), sentence(11, 20, 400), sentence(21, 30, 700), sentence(31, 40, 800)];
        let annotations = [
            // Touches the third sentence by one code point.
            annotation("a", 29, 30, AnnotationKind::Claim, Origin::Manual),
            // Ends exactly where the fourth begins: does not touch it.
            annotation("b", 25, 31, AnnotationKind::NotAClaim, suggested()),
        ];
        let open = open_suggestions(&scored, &annotations, 500);
        assert_eq!(open.iter().map(|sentence| sentence.range.start).collect::<Vec<_>>(), vec![0, 31]);
        assert_eq!(open_suggestions(&scored, &[], 300).len(), 4);
        assert_eq!(open_suggestions(&scored, &[], 1000).len(), 0);
        // A long annotation earlier still covers a later sentence.
        let long = [
            annotation("c", 0, 35, AnnotationKind::Claim, Origin::Manual),
            annotation("d", 1, 2, AnnotationKind::Claim, Origin::Manual),
        ];
        assert_eq!(open_suggestions(&scored, &long, 0).len(), 0);
    }

    #[test]
    fn counts_read_decisions_from_annotations() {
        let annotations = [
            annotation("a", 0, 5, AnnotationKind::Claim, suggested()),
            annotation("b", 6, 9, AnnotationKind::Claim, suggested()),
            annotation("c", 10, 12, AnnotationKind::NotAClaim, suggested()),
            annotation("d", 13, 15, AnnotationKind::Claim, Origin::Manual),
        ];
        let counts = SuggestionCounts::new(4, &annotations);
        assert_eq!(counts, SuggestionCounts { open: 4, accepted: 2, rejected: 1 });
        assert_eq!(counts.summary(), "7 suggestions, 2 accepted, 1 rejected");
        assert_eq!(SuggestionCounts::new(1, &[]).summary(), "1 suggestion, 0 accepted, 0 rejected");
    }

    #[test]
    fn stepping_wraps_around_in_both_directions() {
        let scored = [sentence(0, 5, 900), sentence(10, 15, 900), sentence(20, 25, 900)];
        let open: Vec<&ScoredSentence> = scored.iter().collect();
        let start_of = |found: Option<&ScoredSentence>| found.map(|sentence| sentence.range.start);
        assert_eq!(start_of(step_through(&open, None, false)), Some(0));
        assert_eq!(start_of(step_through(&open, None, true)), Some(20));
        assert_eq!(start_of(step_through(&open, Some(0), false)), Some(10));
        assert_eq!(start_of(step_through(&open, Some(20), false)), Some(0));
        assert_eq!(start_of(step_through(&open, Some(0), true)), Some(20));
        // From a position that is no longer a suggestion (it was accepted).
        assert_eq!(start_of(step_through(&open, Some(12), false)), Some(20));
        assert_eq!(start_of(step_through(&open, Some(12), true)), Some(10));
        assert_eq!(start_of(step_through(&[], Some(3), false)), None);
    }

    #[test]
    fn prefs_round_trip_and_bad_values_are_explained() {
        let prefs = SuggestionPrefs { enabled: true, threshold_permille: 650 };
        assert_eq!(
            prefs.encode(),
            r#"{"format":"claimmark-suggestion-prefs","version":1,"suggestions":true,"thresholdPermille":650}"#
        );
        assert_eq!(SuggestionPrefs::decode(&prefs.encode()), Ok(prefs));
        assert!(matches!(SuggestionPrefs::decode("not json"), Err(PrefsError::Malformed(_))));
        assert!(matches!(
            SuggestionPrefs::decode(
                r#"{"format":"claimmark-suggestion-prefs","version":2,"suggestions":true,"thresholdPermille":650}"#
            ),
            Err(PrefsError::Unsupported(_))
        ));
        assert_eq!(
            SuggestionPrefs::decode(
                r#"{"format":"claimmark-suggestion-prefs","version":1,"suggestions":true,"thresholdPermille":1650}"#
            ),
            Err(PrefsError::ThresholdOutOfRange(1650))
        );
        assert!(!SuggestionPrefs::defaults(Model::builtin()).enabled);
    }

    #[test]
    fn the_seed_article_gets_suggestions_for_its_statistics() {
        let article = seed_article();
        let model = Model::builtin();
        let scored: Vec<ScoredSentence> = article.blocks.iter().flat_map(|block| score_block(model, block)).collect();
        let open = open_suggestions(&scored, &[], crate::suggest::checkworthiness::permille(model.threshold));
        let texts: Vec<&str> = open
            .iter()
            .map(|sentence| slice_code_points(article.canonical_text(), sentence.range.start, sentence.range.end))
            .collect();
        assert!(texts.iter().any(|text| text.contains("1.73 million cases")), "{texts:#?}");
        assert!(texts.iter().any(|text| text.contains("947 cases of hacking attacks")), "{texts:#?}");
        assert!(!texts.iter().any(|text| text.contains("I'm happy")), "{texts:#?}");
    }
}
