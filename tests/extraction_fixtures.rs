//! Extraction golden tests on hand-written pages made to look like real news
//! sites (navigation, cookie banners, related links, footers, bylines and
//! datelines in several formats), Markdown articles, and hostile pages whose
//! active content must never reach the article. One page covers each way
//! reader mode used to fail: a story in several sections, a gallery beside a
//! story, figures with captions, a social `og:title`, and bylines with
//! prefixes, dates and job titles.

#![cfg(not(target_arch = "wasm32"))]

mod html_tree;

use std::fs;
use std::path::{Path, PathBuf};

use claimmark_core::article::html_reader::{check_import_size, read_html_article, ReaderError};
use claimmark_core::article::markdown_reader::read_markdown_article;
use claimmark_core::article::model::Article;
use claimmark_core::storage::library::{read_text_article, ImportFormat};
use serde_json::Value;

fn fixtures(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(folder)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Compares `article` with an `.expected.json` file: metadata and every block.
fn assert_matches_expected(name: &str, article: &Article, expected_path: &Path) {
    let expected: Value = serde_json::from_str(&read(expected_path)).expect("expected file is JSON");
    let metadata = &article.metadata;
    assert_eq!(metadata.title, expected["title"].as_str().unwrap(), "{name}: title");
    assert_eq!(metadata.byline.as_deref(), expected["byline"].as_str(), "{name}: byline");
    assert_eq!(metadata.published.as_deref(), expected["published"].as_str(), "{name}: published");
    assert_eq!(metadata.source_url.as_deref(), expected["source"].as_str(), "{name}: source");
    assert_eq!(metadata.outlet.as_deref(), expected["outlet"].as_str(), "{name}: outlet");
    let blocks: Vec<(String, String)> =
        article.blocks.iter().map(|block| (block.kind.as_str().to_string(), block.text.clone())).collect();
    let expected_blocks: Vec<(String, String)> = expected["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_str().unwrap().to_string(), pair[1].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(blocks, expected_blocks, "{name}: blocks");
}

fn golden_pairs(folder: &str, extension: &str) -> Vec<(String, PathBuf, PathBuf)> {
    let mut pairs: Vec<(String, PathBuf, PathBuf)> = fs::read_dir(fixtures(folder))
        .expect("fixture folder exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.strip_suffix(&format!(".{extension}"))?.to_string();
            let expected = path.with_file_name(format!("{name}.expected.json"));
            expected.exists().then_some((name, path, expected))
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn news_pages_give_their_title_metadata_and_paragraphs() {
    let pairs = golden_pairs("html", "html");
    assert!(pairs.len() >= 9, "expected at least nine golden HTML pages, found {}", pairs.len());
    for (name, page, expected) in pairs {
        let article = read_html_article(&html_tree::parse_page(&read(&page)), None)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_matches_expected(&name, &article, &expected);
    }
}

#[test]
fn each_reader_failure_kind_has_a_golden_page() {
    for name in [
        "several-sections",
        "gallery-beside-story",
        "figures-with-captions",
        "social-og-title",
        "bylines-with-prefixes",
        "bylines-written-by",
    ] {
        let page = fixtures("html").join(format!("{name}.html"));
        let expected = fixtures("html").join(format!("{name}.expected.json"));
        assert!(page.exists() && expected.exists(), "missing golden page {}", page.display());
    }
}

#[test]
fn markdown_articles_give_their_title_metadata_and_blocks() {
    let pairs = golden_pairs("markdown", "md");
    assert!(!pairs.is_empty(), "no golden Markdown fixture found");
    for (name, source, expected) in pairs {
        let article = read_markdown_article(&read(&source), None);
        assert_matches_expected(&name, &article, &expected);
    }
}

#[test]
fn plain_text_pages_lose_their_chrome() {
    let pairs = golden_pairs("text", "txt");
    assert!(!pairs.is_empty(), "no golden text fixture found");
    for (name, source, expected) in pairs {
        let article = read_text_article(ImportFormat::PlainText, &read(&source), None)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_matches_expected(&name, &article, &expected);
    }
}

#[test]
fn hostile_markup_is_reduced_to_text() {
    let page = read(&fixtures("html").join("hostile.html"));
    let article = read_html_article(&html_tree::parse_page(&page), Some("javascript:alert('known')")).unwrap();
    let text = article.canonical_text();
    for forbidden in
        ["must not appear", "onerror", "onload", "owned", "expression(", "javascript", "svg text", "'script'"]
    {
        assert!(!text.contains(forbidden), "“{forbidden}” reached the article:\n{text}");
    }
    // The one alert( left is the page's escaped text, shown as literal words.
    assert_eq!(text.matches("alert(").count(), 1, "{text}");
    assert!(text.contains("<script>alert('escaped')</script> is shown as the literal text"));
    assert!(text.contains("A link with a scripted address keeps its words but never its address."));
    assert_eq!(article.metadata.source_url, None, "a javascript: address is never kept as the source");
    assert_eq!(article.metadata.title, "Hostile page: every trick in one article");
    assert_eq!(article.blocks.len(), 6, "{:#?}", article.blocks);
}

#[test]
fn a_twenty_megabyte_page_is_refused_before_parsing() {
    let mut page = String::from("<html><body><article>");
    let paragraph = "<p>Padding paragraph with enough words, commas, and clauses to look real.</p>\n";
    while page.len() < 20 * 1024 * 1024 {
        page.push_str(paragraph);
    }
    let error = check_import_size(page.len()).unwrap_err();
    assert!(matches!(error, ReaderError::TooLarge { .. }));
    assert!(error.to_string().contains("more than the 8 MB claimmark accepts"), "{error}");
}
