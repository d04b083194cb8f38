//! The anchoring benchmark's cases, shared by the native benchmark
//! (`benches/anchoring.rs`) and the same code compiled to wasm
//! (`tests/anchoring_wasm_bench.rs`): parse one input of
//! `../shared/bench/anchoring/`, then re-anchor all its selectors on its
//! text the way re-anchoring a session does (one [`Anchorer::for_many`] per
//! batch, its index built inside the timed work), and count the results
//! within ±2 code points of each selector's start.

use claimmark_core::anchoring::selector::{Anchorer, Target, TextQuote};
use claimmark_core::article::model::{Article, ArticleMetadata, BlockKind};
use claimmark_core::article::text::CodePointRange;
use serde::Deserialize;

/// One input file.
#[derive(Deserialize)]
struct Input {
    paras: Vec<String>,
    quotes: Vec<Selector>,
    fuzzy: Vec<Selector>,
}

#[derive(Deserialize)]
struct Selector {
    start: usize,
    end: usize,
    exact: String,
    prefix: String,
    suffix: String,
}

/// An article with its exact and fuzzy selectors.
pub struct Case {
    pub article: Article,
    pub exact: Vec<Target>,
    pub fuzzy: Vec<Target>,
    pub expected_starts: Vec<usize>,
}

/// Parses an input, checking that the article's canonical text is exactly
/// the paragraphs joined with "\n" (so the offsets mean the same).
pub fn load(json: &str) -> Case {
    let input: Input = serde_json::from_str(json).expect("the benchmark input is valid JSON");
    let article =
        Article::new(ArticleMetadata::default(), input.paras.iter().map(|text| (BlockKind::Paragraph, text.clone())));
    assert_eq!(article.canonical_text(), input.paras.join("\n"), "the paragraphs are already canonical");
    let targets = |selectors: &[Selector]| -> Vec<Target> {
        selectors
            .iter()
            .map(|selector| Target {
                position: CodePointRange::new(selector.start, selector.end),
                quote: TextQuote {
                    exact: selector.exact.clone(),
                    prefix: selector.prefix.clone(),
                    suffix: selector.suffix.clone(),
                },
            })
            .collect()
    };
    Case {
        exact: targets(&input.quotes),
        fuzzy: targets(&input.fuzzy),
        expected_starts: input.quotes.iter().map(|selector| selector.start).collect(),
        article,
    }
}

/// Re-anchors all `targets` on the case's article; returns how many were
/// placed within ±2 code points of the expected start.
pub fn anchor_all(case: &Case, targets: &[Target]) -> usize {
    let anchorer = Anchorer::for_many(&case.article);
    targets
        .iter()
        .zip(&case.expected_starts)
        .filter(|(target, expected)| {
            anchorer.anchor(target).is_ok_and(|anchored| anchored.range.start.abs_diff(**expected) <= 2)
        })
        .count()
}
