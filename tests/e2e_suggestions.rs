//! End-to-end: check-worthiness suggestions in the built app, driven in a
//! headless Chromium with real clicks and key presses.
//!
//! The scenario: turn "Suggest claims" on; jump to the first suggestion
//! with n and on to the next with Tab and back with p; accept the first
//! with the Statistic key (1), which moves to the next one; reject that one
//! with x; check the counter, the highlights and the dimmed "not a claim";
//! reload and find both decisions and the switch as they were; export and
//! check that both record `origin: suggested` with the score and the model
//! version. Needs `make build` first (it fails, never skips, without
//! `dist/`). `CLAIMMARK_DIST` points it at another build directory.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};

use fantoccini::Client;
use serde::Deserialize;
use serde_json::Value;

use support::page::{
    click, highlights, local_storage_contains, press_key, run_script, wait_for, wait_for_article,
    wait_for_highlight_count, FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::run_in_chromium;

/// WebDriver's code for the Tab key.
const TAB: char = '\u{E004}';

const MODEL_VERSION: &str = "claimmark-checkworthiness/1";

fn step(description: &str) {
    println!("e2e-suggestions: {description}");
}

/// One underlined suggestion as the page shows it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
struct ShownSuggestion {
    start: String,
    text: String,
    focused: bool,
    reasons: String,
}

async fn shown_suggestions(client: &Client) -> Vec<ShownSuggestion> {
    let script = r#"
        return Array.from(document.querySelectorAll('#article [data-suggestion]'), (element) => ({
            start: element.getAttribute('data-suggestion'), text: element.textContent,
            focused: element.classList.contains('suggestion-focused'), reasons: element.getAttribute('data-reasons') || '' }));
    "#;
    let found = run_script(client, script, vec![]).await.expect("read the suggestions");
    serde_json::from_value(found).expect("the script returns suggestions")
}

async fn wait_for_suggestions(client: &Client) -> Vec<ShownSuggestion> {
    wait_for(client, "underlined suggestions in the article", STEP_TIMEOUT, || async move {
        let shown = shown_suggestions(client).await;
        Ok((!shown.is_empty()).then_some(shown))
    })
    .await
}

/// Waits until the suggestion starting at `start` is the focused one, and
/// the bar shows its reasons.
async fn wait_for_focus_on(client: &Client, start: &str) {
    wait_for(client, &format!("the suggestion at {start} to be focused"), STEP_TIMEOUT, || async move {
        let shown = shown_suggestions(client).await;
        let focused: Vec<&ShownSuggestion> = shown.iter().filter(|suggestion| suggestion.focused).collect();
        let reasons = text_of(client, "#suggestion-reasons").await;
        let active = run_script(
            client,
            "return document.activeElement && document.activeElement.getAttribute('data-suggestion');",
            vec![],
        )
        .await?;
        Ok((focused.len() == 1
            && focused[0].start == start
            && reasons.starts_with("Score ")
            && active.as_str() == Some(start))
        .then_some(()))
    })
    .await
}

async fn text_of(client: &Client, selector: &str) -> String {
    let script = "const element = document.querySelector(arguments[0]); return element ? element.textContent : '';";
    let text = run_script(client, script, vec![serde_json::json!(selector)]).await.expect("read text");
    text.as_str().unwrap_or_default().to_string()
}

async fn wait_for_counter(client: &Client, expected_tail: &str) -> String {
    wait_for(client, &format!("the counter to end with “{expected_tail}”"), STEP_TIMEOUT, || async move {
        let counter = text_of(client, "#suggestion-counter").await;
        Ok(counter.ends_with(expected_tail).then_some(counter))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggest_accept_reject_reload_and_export() {
    run_in_chromium("e2e-suggestions-failure.png", scenario).await;
}

async fn scenario(client: Client, app_url: String, download_directory: PathBuf) {
    let client = &client;
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    assert!(shown_suggestions(client).await.is_empty(), "suggestions are off until switched on");

    step("switching suggestions on");
    click(client, "#suggest-claims").await;
    let suggestions = wait_for_suggestions(client).await;
    let counter = wait_for_counter(client, ", 0 accepted, 0 rejected").await;
    assert_eq!(counter, format!("{} suggestions, 0 accepted, 0 rejected", suggestions.len()));
    assert!(suggestions.len() >= 3, "the seed article has several check-worthy sentences: {suggestions:#?}");
    let texts: Vec<&str> = suggestions.iter().map(|suggestion| suggestion.text.as_str()).collect();
    assert!(
        texts.contains(&"According to the Ministry of Public Security, 1.73 million cases of illegal online activity have been dealt with since the beginning of the year."),
        "{texts:#?}"
    );
    assert!(!texts.iter().any(|text| text.contains("I'm happy")), "{texts:#?}");
    assert!(suggestions.iter().all(|suggestion| suggestion.reasons.contains("score")), "{suggestions:#?}");
    let (first, second) = (suggestions[0].clone(), suggestions[1].clone());

    step("n jumps to the first suggestion, Tab to the next, p back");
    press_key(client, 'n').await;
    wait_for_focus_on(client, &first.start).await;
    let reasons = text_of(client, "#suggestion-reasons").await;
    assert!(reasons.contains("attribution") || reasons.contains("number"), "the reasons are shown: {reasons}");
    press_key(client, TAB).await;
    wait_for_focus_on(client, &second.start).await;
    press_key(client, 'p').await;
    wait_for_focus_on(client, &first.start).await;

    step("1 accepts it as a statistic and moves to the next one; x rejects that one");
    press_key(client, '1').await;
    wait_for_highlight_count(client, 1).await;
    wait_for_focus_on(client, &second.start).await;
    press_key(client, 'x').await;
    let decided = wait_for_highlight_count(client, 2).await;
    let remaining = suggestions.len() - 2;
    wait_for_counter(client, ", 1 accepted, 1 rejected").await;
    check_decisions(client, &decided, &first, &second).await;
    assert_eq!(shown_suggestions(client).await.len(), remaining, "decided sentences are no longer suggested");
    if let Ok(png) = client.screenshot().await {
        // A picture of the review in progress, for people checking the look.
        let _ =
            std::fs::write(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-suggestions-screenshot.png"), png);
    }

    step("the decisions are saved; reloading brings them and the switch back");
    wait_for(client, "the rejection to be saved", STEP_TIMEOUT, || async move {
        Ok(local_storage_contains(client, "not-a-claim").await?.then_some(()))
    })
    .await;
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let reloaded = wait_for_highlight_count(client, 2).await;
    assert_eq!(reloaded, decided, "the same highlights after a reload");
    check_decisions(client, &reloaded, &first, &second).await;
    wait_for_suggestions(client).await;
    let counter = wait_for_counter(client, ", 1 accepted, 1 rejected").await;
    assert_eq!(counter, format!("{} suggestions, 1 accepted, 1 rejected", suggestions.len()));

    step("the export records both as suggested, with score and model version");
    click(client, "#export-json").await;
    let exported = wait_for_export(client, &download_directory).await;
    let annotations = exported["annotations"].as_array().unwrap_or_else(|| panic!("no annotations: {exported:#}"));
    assert_eq!(annotations.len(), 2, "{exported:#}");
    for annotation in annotations {
        let origin = &annotation["origin"];
        assert_eq!(origin["kind"], "suggested", "{annotation:#}");
        assert_eq!(origin["modelVersion"], MODEL_VERSION, "{annotation:#}");
        let score = origin["scorePermille"].as_u64().unwrap_or_else(|| panic!("no score: {annotation:#}"));
        assert!((500..=1000).contains(&score), "suggested at the default threshold of 0.5: {annotation:#}");
    }
    let kinds: Vec<&str> = annotations.iter().filter_map(|annotation| annotation["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["claim", "not-a-claim"], "{exported:#}");
}

/// The accepted sentence is a Statistic highlight; the rejected one is a
/// dimmed, untagged "not a claim".
async fn check_decisions(
    client: &Client,
    decided: &[support::page::Highlight],
    first: &ShownSuggestion,
    second: &ShownSuggestion,
) {
    assert_eq!(decided[0].text, first.text, "{decided:#?}");
    assert_eq!(decided[0].tag.as_deref(), Some("statistic"));
    assert_eq!(decided[1].text, second.text, "{decided:#?}");
    assert_eq!(decided[1].tag.as_deref(), Some(""));
    let dimmed = run_script(
        client,
        "return Array.from(document.querySelectorAll('#article mark.hl-not-a-claim'), (mark) => mark.getAttribute('data-annotation'));",
        vec![],
    )
    .await
    .expect("read dimmed marks");
    assert_eq!(dimmed, serde_json::json!([decided[1].annotation]), "only the rejected sentence is dimmed");
    let all = highlights(client).await.expect("read highlights");
    assert_eq!(all.len(), 2);
}

/// Waits for Chrome to finish writing a `.json` export into `directory`.
async fn wait_for_export(client: &Client, directory: &Path) -> Value {
    let what = format!("an export to be downloaded into {}", directory.display());
    wait_for(client, &what, STEP_TIMEOUT, || async move {
        let Ok(entries) = std::fs::read_dir(directory) else { return Ok(None) };
        let names: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect();
        if names.iter().any(|path| path.extension().is_some_and(|extension| extension == "crdownload")) {
            return Ok(None);
        }
        let export = names.iter().find(|path| path.extension().is_some_and(|extension| extension == "json"));
        Ok(export.and_then(|path| std::fs::read_to_string(path).ok()).and_then(|text| serde_json::from_str(&text).ok()))
    })
    .await
}
