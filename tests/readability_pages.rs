//! Reader-mode extraction measured on the real pages of
//! `../shared/extraction/readability-pages/` (each with `source.html`,
//! `expected.txt` and `expected-metadata.json` from Mozilla Readability's
//! test suite). Prints a table per page: title and byline agreement and the
//! word-level similarity of the extracted body to `expected.txt`, then checks
//! aggregates the current reader meets. The pages are read in place, never
//! copied into the project.

#![cfg(not(target_arch = "wasm32"))]

mod html_tree;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use claimmark_core::article::html_reader::read_html_article;
use serde_json::Value;

/// Pages whose body similarity must reach [`GOOD_SIMILARITY`].
const GOOD_SIMILARITY: f64 = 0.8;
/// How many of the pages must reach [`GOOD_SIMILARITY`].
const MINIMUM_GOOD_PAGES: usize = 18;
/// The mean body similarity over all pages must reach this.
const MINIMUM_MEAN_SIMILARITY: f64 = 0.85;

fn pages_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/extraction/readability-pages")
}

fn words(text: &str) -> Vec<String> {
    text.split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// F1 of the two texts' word multisets: 1.0 when they hold the same words.
fn word_similarity(extracted: &str, expected: &str) -> f64 {
    let extracted = words(extracted);
    let expected = words(expected);
    if extracted.is_empty() || expected.is_empty() {
        return if extracted.is_empty() && expected.is_empty() { 1.0 } else { 0.0 };
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in &expected {
        *counts.entry(word.as_str()).or_default() += 1;
    }
    let mut common = 0;
    for word in &extracted {
        if let Some(count) = counts.get_mut(word.as_str()) {
            if *count > 0 {
                *count -= 1;
                common += 1;
            }
        }
    }
    let precision = common as f64 / extracted.len() as f64;
    let recall = common as f64 / expected.len() as f64;
    if common == 0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn same_words(left: &str, right: &str) -> bool {
    words(left) == words(right)
}

#[test]
fn reader_mode_extraction_on_real_pages() {
    let folder = pages_folder();
    assert!(
        folder.is_dir(),
        "The real-page corpus is missing: expected {} (the shared extraction pages beside the repository).",
        folder.display()
    );
    let mut names: Vec<String> = fs::read_dir(&folder)
        .unwrap()
        .filter_map(|entry| {
            let entry = entry.ok()?;
            entry.path().join("source.html").exists().then(|| entry.file_name().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert!(names.len() >= 20, "expected 20 pages in {}, found {}", folder.display(), names.len());

    println!("{:<22} {:>6} {:>6} {:>10}  blocks", "page", "title", "byline", "similarity");
    let mut similarities = Vec::new();
    let mut titles_right = 0;
    let mut bylines_right = 0;
    let mut bylines_expected = 0;
    for name in &names {
        let page = folder.join(name);
        let source = fs::read_to_string(page.join("source.html")).unwrap();
        let expected_text = fs::read_to_string(page.join("expected.txt")).unwrap();
        let metadata: Value =
            serde_json::from_str(&fs::read_to_string(page.join("expected-metadata.json")).unwrap()).unwrap();
        let (similarity, title_ok, byline_ok, block_count) =
            match read_html_article(&html_tree::parse_page(&source), None) {
                Ok(article) => {
                    let body: Vec<&str> = article.blocks.iter().skip(1).map(|block| block.text.as_str()).collect();
                    let similarity = word_similarity(&body.join("\n"), &expected_text);
                    let title_ok =
                        metadata["title"].as_str().is_some_and(|title| same_words(title, &article.metadata.title));
                    let byline_ok = match metadata["byline"].as_str() {
                        Some(expected) => article.metadata.byline.as_deref().is_some_and(|found| {
                            same_words(expected.trim_start_matches("By ").trim_start_matches("by "), found)
                                || words(expected).iter().all(|word| words(found).contains(word))
                        }),
                        None => true,
                    };
                    (similarity, title_ok, byline_ok, article.blocks.len())
                }
                Err(_) => (0.0, false, metadata["byline"].is_null(), 0),
            };
        if metadata["byline"].as_str().is_some() {
            bylines_expected += 1;
            if byline_ok {
                bylines_right += 1;
            }
        }
        if title_ok {
            titles_right += 1;
        }
        println!(
            "{:<22} {:>6} {:>6} {:>10.3}  {}",
            name,
            if title_ok { "ok" } else { "DIFF" },
            if metadata["byline"].is_null() {
                "-"
            } else if byline_ok {
                "ok"
            } else {
                "DIFF"
            },
            similarity,
            block_count
        );
        similarities.push(similarity);
    }
    let good = similarities.iter().filter(|&&similarity| similarity >= GOOD_SIMILARITY).count();
    let mean = similarities.iter().sum::<f64>() / similarities.len() as f64;
    println!(
        "pages: {}; similarity ≥ {GOOD_SIMILARITY}: {good}; mean similarity: {mean:.3}; titles right: {titles_right}; bylines right: {bylines_right} of {bylines_expected}",
        names.len()
    );
    assert!(
        good >= MINIMUM_GOOD_PAGES,
        "only {good} pages reached similarity {GOOD_SIMILARITY} (need {MINIMUM_GOOD_PAGES})"
    );
    assert!(mean >= MINIMUM_MEAN_SIMILARITY, "mean similarity {mean:.3} is under {MINIMUM_MEAN_SIMILARITY}");
}

#[test]
fn word_similarity_tells_equal_from_different_text() {
    assert_eq!(word_similarity("The cat sat.", "the CAT sat"), 1.0);
    assert_eq!(word_similarity("dog", "cat"), 0.0);
    let half = word_similarity("a b", "a b c d");
    assert!((half - 2.0 / 3.0).abs() < 1e-9, "{half}");
}
