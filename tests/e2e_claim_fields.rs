//! End-to-end for the claim fields: the built app in `dist/`, served
//! in-process, driven in headless Chromium through chromedriver.
//!
//! The scenario: highlight the "1.73 million cases" statistic, open it, find
//! the claimant pre-filled from "According to the Ministry of Public
//! Security" and accept it, set the verdict "Mostly true", try a
//! `javascript:` evidence address (refused with a clear message, nothing
//! stored), add a real one, set the checked date; reload and find all of it
//! kept and shown; pick a second highlight's claimant from a selection and
//! mark it "not a claim"; filter the sidebar by verdict, status and search
//! text; mark the article fully reviewed; export and check every field in
//! the file. Needs `make build` first (it fails, never skips, without
//! `dist/`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use fantoccini::{Client, Locator};
use serde_json::Value;

use support::page::{
    click, drag_select, local_storage_contains, press_key, run_script, sidebar_entries, text_contents, type_into,
    value_of, wait_for, wait_for_article, wait_for_element, wait_for_highlight_count, wait_for_saved,
    FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::{run_in_chromium, wait_for_export, SEED_EXPORT_STEM};

const STATISTIC: &str = "1.73 million cases";
const STANDFIRST: &str = "Shared responsibility called for in terror fight";
const EVIDENCE_URL: &str = "https://example.org/mps/2015-statistics";
const EVIDENCE_LABEL: &str = "Ministry statistics release";
const CHECKED: &str = "2015-12-20";

fn step(description: &str) {
    println!("e2e-claim-fields: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claim_fields_are_edited_validated_kept_filtered_and_exported() {
    run_in_chromium("e2e-claim-fields-failure.png", scenario).await;
}

async fn wait_for_text(client: &Client, selector: &str, expected: &str) {
    let what = format!("`{selector}` to contain {expected:?}");
    wait_for(client, &what, STEP_TIMEOUT, || async move {
        let texts = text_contents(client, selector).await?;
        Ok(texts.iter().any(|text| text.contains(expected)).then_some(()))
    })
    .await
}

async fn wait_for_value(client: &Client, selector: &str, expected: &str) {
    let what = format!("`{selector}` to hold the value {expected:?}");
    wait_for(client, &what, STEP_TIMEOUT, || async move {
        Ok((value_of(client, selector).await?.as_deref() == Some(expected)).then_some(()))
    })
    .await
}

async fn wait_for_entry_count(client: &Client, count: usize) -> Vec<String> {
    let what = format!("{count} sidebar entries");
    wait_for(client, &what, STEP_TIMEOUT, || async move {
        let entries = sidebar_entries(client).await?;
        Ok((entries.len() == count).then_some(entries))
    })
    .await
}

/// Picks `value` in the `<select>` matching `selector` by clicking its option.
async fn choose(client: &Client, selector: &str, value: &str) {
    click(client, &format!("{selector} option[value=\"{value}\"]")).await;
    wait_for_value(client, selector, value).await;
}

/// Empties a text field with real keys (select all, delete), so the app sees
/// the input event a person's keyboard makes.
async fn clear_field(client: &Client, selector: &str) {
    let element = wait_for_element(client, selector).await;
    element.send_keys("\u{E009}a\u{E000}\u{E003}").await.unwrap_or_else(|error| panic!("clearing {selector}: {error}"));
    wait_for_value(client, selector, "").await;
}

async fn open_highlight_of(client: &Client, text: &str) -> String {
    let highlights = support::page::highlights(client).await.expect("read highlights");
    let highlight = highlights
        .iter()
        .find(|highlight| highlight.text == text)
        .unwrap_or_else(|| panic!("no highlight of {text:?} in {highlights:?}"))
        .clone();
    click(client, &format!("#article mark.hl[data-annotation=\"{}\"]", highlight.annotation)).await;
    wait_for_element(
        client,
        &format!("li.annotation-entry.open[data-annotation=\"{}\"] #annotation-editor", highlight.annotation),
    )
    .await;
    highlight.annotation
}

async fn attribute(client: &Client, selector: &str, name: &str) -> Option<String> {
    let element = client.find(Locator::Css(selector)).await.unwrap_or_else(|error| panic!("no {selector}: {error}"));
    element.attr(name).await.unwrap_or_else(|error| panic!("reading {name} of {selector}: {error}"))
}

async fn scenario(client: Client, app_url: String, downloads: PathBuf) {
    let client = &client;
    step(&format!("a. opening {app_url} and highlighting the statistic with key 1 (Statistic)"));
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    drag_select(client, STATISTIC, false).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '1').await;
    wait_for_highlight_count(client, 1).await;
    let statistic = open_highlight_of(client, STATISTIC).await;

    step("b. the claimant is pre-filled from the attribution, shown but not stored until accepted");
    wait_for_value(client, "#claimant-input", "Ministry of Public Security").await;
    assert!(
        !local_storage_contains(client, "Ministry of Public Security").await.unwrap(),
        "a suggestion is not stored"
    );
    click(client, "#accept-claimant").await;
    wait_for_saved(client, "Ministry of Public Security").await;
    assert!(
        client.find(Locator::Css("#accept-claimant")).await.is_err(),
        "once accepted, the suggestion is the stored value"
    );

    step("c. the verdict: Mostly true");
    choose(client, "#verdict-select", "mostly-true").await;
    wait_for_saved(client, "mostly-true").await;
    wait_for_element(
        client,
        &format!("li[data-annotation=\"{statistic}\"] .chip-verdict[data-verdict=\"mostly-true\"]"),
    )
    .await;

    step("d. a javascript: address is refused with a clear message and nothing is stored");
    click(client, "#evidence-url").await;
    type_into(client, "#evidence-url", "javascript:alert(1)").await;
    type_into(client, "#evidence-label", "Not a source").await;
    click(client, "#add-evidence").await;
    wait_for_text(client, "#evidence-error", "“javascript:” addresses are not accepted").await;
    assert!(client.find(Locator::Css(".evidence-item")).await.is_err(), "the refused address was listed");
    assert!(!local_storage_contains(client, "javascript:").await.unwrap(), "the refused address was stored");
    assert_eq!(value_of(client, "#evidence-url").await.unwrap().as_deref(), Some("javascript:alert(1)"), "kept to fix");

    step("e. a real https address is added and opens safely in a new tab");
    clear_field(client, "#evidence-url").await;
    clear_field(client, "#evidence-label").await;
    type_into(client, "#evidence-url", EVIDENCE_URL).await;
    type_into(client, "#evidence-label", EVIDENCE_LABEL).await;
    press_key(client, '\u{E007}').await;
    wait_for_text(client, ".evidence-item a.evidence-link", EVIDENCE_LABEL).await;
    wait_for_saved(client, EVIDENCE_URL).await;
    let link = ".evidence-item a.evidence-link";
    assert_eq!(attribute(client, link, "href").await.as_deref(), Some(EVIDENCE_URL));
    assert_eq!(attribute(client, link, "target").await.as_deref(), Some("_blank"));
    assert_eq!(attribute(client, link, "rel").await.as_deref(), Some("noopener noreferrer"));
    let error_left = run_script(client, "return document.querySelector('#evidence-error').textContent;", vec![]).await;
    assert_eq!(error_left.unwrap(), Value::from(""), "the earlier error is gone once a link is added");
    assert_eq!(value_of(client, "#evidence-url").await.unwrap().as_deref(), Some(""), "the form is emptied");

    step("f. the checked date: Today, then a specific date");
    click(client, "#checked-today").await;
    let today = wait_for(client, "the checked date to be set", STEP_TIMEOUT, || async move {
        Ok(value_of(client, "#checked-date").await?.filter(|value| value.len() == 10))
    })
    .await;
    wait_for_saved(client, &format!("\"checked\":\"{today}\"")).await;
    run_script(
        client,
        "const field = document.querySelector('#checked-date'); field.value = arguments[0]; \
         field.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![Value::from(CHECKED)],
    )
    .await
    .expect("set the date");
    wait_for_saved(client, CHECKED).await;

    step("g. reload: every field is kept and shown");
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    wait_for_highlight_count(client, 1).await;
    let entry = format!("li.annotation-entry[data-annotation=\"{statistic}\"]");
    wait_for_element(client, &format!("{entry} .chip-verdict[data-verdict=\"mostly-true\"]")).await;
    wait_for_text(client, &format!("{entry} .entry-claimant"), "Ministry of Public Security").await;
    open_highlight_of(client, STATISTIC).await;
    wait_for_value(client, "#verdict-select", "mostly-true").await;
    wait_for_value(client, "#claimant-input", "Ministry of Public Security").await;
    wait_for_value(client, "#checked-date", CHECKED).await;
    wait_for_text(client, ".evidence-item a.evidence-link", EVIDENCE_LABEL).await;
    click(client, "#close-editor").await;

    step("h. a second highlight: its claimant picked from a selection, then marked not a claim");
    drag_select(client, STANDFIRST, false).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '1').await;
    wait_for_highlight_count(client, 2).await;
    let standfirst = open_highlight_of(client, STANDFIRST).await;
    wait_for_value(client, "#claimant-input", "").await;
    click(client, "#claimant-from-selection").await;
    wait_for_element(client, "#claimant-from-selection[aria-pressed=\"true\"]").await;
    drag_select(client, "Liu Xinyun", false).await;
    wait_for_value(client, "#claimant-input", "Liu Xinyun").await;
    wait_for_saved(client, "Liu Xinyun").await;
    assert!(client.find(Locator::Css("#selection-toolbar")).await.is_err(), "picking a name does not offer to tag it");
    click(client, "#not-a-claim-toggle").await;
    wait_for_element(client, &format!("li.annotation-entry.not-a-claim[data-annotation=\"{standfirst}\"]")).await;
    wait_for_saved(client, "not-a-claim").await;
    click(client, "#close-editor").await;

    step("i. filtering the sidebar by verdict, status and search text");
    wait_for_entry_count(client, 2).await;
    choose(client, "#filter-verdict", "mostly-true").await;
    assert_eq!(wait_for_entry_count(client, 1).await, vec![statistic.clone()]);
    wait_for_text(client, "#filter-summary", "Showing 1 of 2").await;
    choose(client, "#filter-verdict", "").await;
    choose(client, "#filter-status", "not-a-claim").await;
    assert_eq!(wait_for_entry_count(client, 1).await, vec![standfirst.clone()]);
    choose(client, "#filter-status", "all").await;
    wait_for_entry_count(client, 2).await;
    type_into(client, "#filter-search", "public security").await;
    assert_eq!(wait_for_entry_count(client, 1).await, vec![statistic.clone()]);
    type_into(client, "#filter-search", " nowhere").await;
    wait_for_entry_count(client, 0).await;
    wait_for_text(client, "#sidebar .empty-state", "No highlight matches these filters.").await;
    click(client, "#clear-filters").await;
    wait_for_entry_count(client, 2).await;
    wait_for_value(client, "#filter-search", "").await;

    step("j. marking the article fully reviewed");
    click(client, "#mark-fully-reviewed").await;
    wait_for_element(client, "#fully-reviewed-badge").await;
    wait_for_saved(client, "\"fullyReviewed\":true").await;
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    wait_for_element(client, "#fully-reviewed-badge").await;
    wait_for_element(client, "#mark-fully-reviewed[aria-pressed=\"true\"]").await;

    step("k. exporting: the file carries every field");
    click(client, "#export-json").await;
    let path = wait_for_export(client, &downloads, SEED_EXPORT_STEM, "json").await;
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(exported["article"]["fullyReviewed"], true, "{exported:#}");
    let annotations = exported["annotations"].as_array().expect("annotations");
    let by_id = |id: &str| {
        annotations.iter().find(|annotation| annotation["id"] == id).unwrap_or_else(|| panic!("{id} in {exported:#}"))
    };
    let statistic_out = by_id(&statistic);
    assert_eq!(statistic_out["quote"], STATISTIC);
    assert_eq!(statistic_out["kind"], "claim");
    assert_eq!(
        statistic_out["claim"],
        serde_json::json!({
            "verdict": "mostly-true",
            "claimant": "Ministry of Public Security",
            "evidence": [{"url": EVIDENCE_URL, "label": EVIDENCE_LABEL}],
            "checked": CHECKED,
        })
    );
    let standfirst_out = by_id(&standfirst);
    assert_eq!(standfirst_out["kind"], "not-a-claim");
    assert_eq!(standfirst_out["claim"]["claimant"], "Liu Xinyun");
}
