//! End-to-end: the tag manager in the built app, driven in a headless
//! Chromium with real clicks, real typing and real keys.
//!
//! The scenario: highlight a statistic with its key; open the manager from
//! the legend (Escape closes it and focus returns to the opener; it reopens
//! from the keyboard); refuse a tag whose colour is too dark and one whose
//! label is taken, then add one with a palette colour and a hotkey; rename a
//! tag, refuse then accept a custom colour; move a hotkey from one tag to
//! another (the picker says so); use the new tag's hotkey on a real drag
//! selection; move a tag up; delete the Statistic tag, which a highlight
//! uses, replacing it with the new tag, undo that and redo it with
//! Ctrl+Shift+Z; reload and find the tags and the highlights as they were
//! left; export and check the file's tag definitions. Needs `make build`
//! first (it fails, never skips, without `dist/`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::{json, Value};

use support::axe::assert_no_serious_violations;
use support::page::{
    click, drag_select, find_optional, press_chord, press_key, run_script, type_into, wait_for, wait_for_article,
    wait_for_attribute, wait_for_element, wait_for_highlight_count, Highlight, FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::{run_in_chromium, save_screenshot, wait_for_export, SEED_EXPORT_STEM};

const STATISTIC: &str = "1.73 million cases of illegal online activity";
const SECOND_CLAIM: &str = "Almost 300,000 people";

const ESCAPE: char = '\u{E00C}';
const TAB: char = '\u{E004}';
const CONTROL: char = '\u{E009}';
const SHIFT: char = '\u{E008}';

fn step(description: &str) {
    println!("e2e_tags: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manage_tags_use_them_reload_and_export() {
    run_in_chromium("e2e-tags-failure.png", scenario).await;
}

fn row(tag: &str) -> String {
    format!("#tag-manager .tag-row[data-tag=\"{tag}\"]")
}

/// Evaluates `expression` in the page and returns its JSON value.
async fn evaluate(client: &Client, expression: &str) -> Value {
    run_script(client, &format!("return {expression};"), Vec::new())
        .await
        .unwrap_or_else(|error| panic!("evaluating {expression} failed: {error}"))
}

/// Waits until `expression` evaluates to `expected`.
async fn wait_for_value(client: &Client, what: &str, expression: &str, expected: Value) {
    let expression = expression.to_string();
    wait_for(client, what, STEP_TIMEOUT, || {
        let expression = expression.clone();
        let expected = expected.clone();
        async move {
            let value = run_script(client, &format!("return {expression};"), Vec::new()).await?;
            Ok((value == expected).then_some(()))
        }
    })
    .await;
}

/// The tag ids of the manager's rows, in order.
const ROW_ORDER: &str = "Array.from(document.querySelectorAll('#tag-manager .tag-row')).map((row) => row.dataset.tag)";
/// The legend's labels, in order.
const LEGEND_LABELS: &str =
    "Array.from(document.querySelectorAll('#sidebar .legend-label')).map((label) => label.textContent)";
/// Where keyboard focus is: the focused element's id, or the dialog's when inside it.
const FOCUS: &str = "(document.activeElement && (document.activeElement.closest('#tag-manager') ? 'in-dialog' : document.activeElement.id))";

/// Replaces the text of the input matching `selector` with `text`, then
/// leaves it with Tab so its change is committed.
async fn replace_text(client: &Client, selector: &str, text: &str) {
    let element = wait_for_element(client, selector).await;
    element.clear().await.unwrap_or_else(|error| panic!("clearing `{selector}` failed: {error}"));
    type_into(client, selector, text).await;
    press_key(client, TAB).await;
}

async fn select(client: &Client, selector: &str, value: &str) {
    let element = wait_for_element(client, selector).await;
    element
        .select_by_value(value)
        .await
        .unwrap_or_else(|error| panic!("choosing {value} in `{selector}` failed: {error}"));
}

fn tagged<'a>(highlights: &'a [Highlight], text: &str) -> &'a Highlight {
    highlights
        .iter()
        .find(|highlight| highlight.text == text)
        .unwrap_or_else(|| panic!("no highlight of {text:?}: {highlights:?}"))
}

async fn scenario(client: Client, app_url: String, downloads: PathBuf) {
    let client = &client;
    step(&format!("a. opening {app_url} and highlighting the statistic with key 1 (Statistic)"));
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    drag_select(client, STATISTIC, false).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '1').await;
    let made = wait_for_highlight_count(client, 1).await;
    assert_eq!(made[0].tag.as_deref(), Some("statistic"));
    let statistic_annotation = made[0].annotation.clone();

    step("b. the Tags… button opens a modal dialog holding focus; Escape closes it and focus returns");
    click(client, "#open-tag-manager").await;
    wait_for_element(
        client,
        "#tag-manager[role=\"dialog\"][aria-modal=\"true\"][aria-labelledby=\"tag-manager-heading\"]",
    )
    .await;
    wait_for_value(client, "focus inside the dialog", FOCUS, json!("in-dialog")).await;
    let order = evaluate(client, ROW_ORDER).await;
    assert_eq!(
        order,
        json!(["statistic", "prediction", "causal", "rules", "experience", "quote", "opinion", "other"]),
        "the default tags follow Full Fact's claim types"
    );
    press_key(client, ESCAPE).await;
    wait_for(client, "the dialog to close", STEP_TIMEOUT, || async move {
        Ok(find_optional(client, "#tag-manager").await?.is_none().then_some(()))
    })
    .await;
    wait_for_value(client, "focus back on the opener", FOCUS, json!("open-tag-manager")).await;
    assert_eq!(wait_for_highlight_count(client, 1).await.len(), 1, "Escape in the dialog touched nothing else");
    press_key(client, '\u{E007}').await;
    wait_for_element(client, "#tag-manager").await;

    step("c. Tab never leaves the dialog");
    for _ in 0..4 {
        press_chord(client, &[SHIFT], TAB).await;
    }
    wait_for_value(client, "focus still inside the dialog", FOCUS, json!("in-dialog")).await;

    step("d. adding a tag: a colour too dark and a taken label are refused with clear messages");
    type_into(client, "#new-tag-label", "Health claim").await;
    replace_text(client, "#new-tag-color", "#335").await;
    click(client, "#add-tag").await;
    wait_for_value(
        client,
        "the contrast message",
        "document.querySelector('#new-tag-error') && document.querySelector('#new-tag-error').textContent",
        json!("Black text on #335 has a contrast of 1.7:1; pick a lighter colour (at least 4.5:1)."),
    )
    .await;
    click(client, "#add-tag-form label.palette-choice[title^=\"pale lilac\"]").await;
    wait_for_value(client, "the palette choice", "document.querySelector('#new-tag-color').value", json!("#f4d6ef"))
        .await;
    replace_text(client, "#new-tag-label", "quote").await;
    click(client, "#add-tag").await;
    wait_for_value(
        client,
        "the duplicate-label message",
        "document.querySelector('#new-tag-error') && document.querySelector('#new-tag-error').textContent",
        json!("There is already a tag called “quote”; pick another label."),
    )
    .await;
    replace_text(client, "#new-tag-label", "Health claim").await;
    select(client, "#new-tag-hotkey", "9").await;
    click(client, "#add-tag").await;
    wait_for_element(client, &row("health-claim")).await;
    wait_for_value(
        client,
        "the new tag's hotkey",
        &format!("document.querySelector('{} .tag-hotkey').value", row("health-claim").replace('\'', "\\'")),
        json!("9"),
    )
    .await;
    assert!(find_optional(client, "#new-tag-error").await.expect("look for an error").is_none());

    step("e. renaming Quote inline");
    replace_text(client, &format!("{} .tag-label-input", row("quote")), "Direct quote").await;
    wait_for_value(
        client,
        "the legend to show the new label",
        &format!("{LEGEND_LABELS}.includes('Direct quote')"),
        json!(true),
    )
    .await;

    step("f. recolouring Prediction: a dark custom colour is refused, a light one applies");
    let prediction_color = format!("{} .tag-color-input", row("prediction"));
    replace_text(client, &prediction_color, "#335566").await;
    wait_for_value(
        client,
        "the row's contrast message",
        &format!(
            "document.querySelector('{} .tag-error').textContent.startsWith('Black text on #335566 has a contrast of')",
            row("prediction").replace('\'', "\\'")
        ),
        json!(true),
    )
    .await;
    replace_text(client, &prediction_color, "#FFE4B5").await;
    wait_for_value(
        client,
        "the legend swatch to take the colour",
        "Array.from(document.querySelectorAll('#sidebar .legend-item')).some((item) => item.getAttribute('style').includes('#ffe4b5'))",
        json!(true),
    )
    .await;
    assert!(find_optional(client, &format!("{} .tag-error", row("prediction"))).await.expect("look").is_none());

    step("g. giving Opinion the key 9: the picker says it moves from Health claim");
    let option_text = evaluate(
        client,
        &format!(
            "document.querySelector('{} .tag-hotkey option[value=\"9\"]').textContent",
            row("opinion").replace('\'', "\\'")
        ),
    )
    .await;
    assert_eq!(option_text, json!("9 (moves from Health claim)"));
    select(client, &format!("{} .tag-hotkey", row("opinion")), "9").await;
    wait_for_value(
        client,
        "Health claim to lose its key",
        &format!("document.querySelector('{} .tag-hotkey').value", row("health-claim").replace('\'', "\\'")),
        json!(""),
    )
    .await;
    wait_for_value(
        client,
        "the announcement",
        "document.querySelector('#tag-manager-status').textContent",
        json!("Hotkey 9 set for Opinion (not checkable); Health claim no longer has a hotkey"),
    )
    .await;
    select(client, &format!("{} .tag-hotkey", row("health-claim")), "0").await;

    step("h. moving Health claim up one place");
    click(client, &format!("{} .tag-move-up", row("health-claim"))).await;
    wait_for_value(
        client,
        "the new order",
        ROW_ORDER,
        json!([
            "statistic",
            "prediction",
            "causal",
            "rules",
            "experience",
            "quote",
            "opinion",
            "health-claim",
            "other"
        ]),
    )
    .await;

    step("i. deleting Statistic, which a highlight uses, replacing it with Health claim");
    click(client, &format!("{} .tag-delete", row("statistic"))).await;
    wait_for_value(
        client,
        "the usage count",
        "document.querySelector('#tag-delete-usage').textContent",
        json!("1 highlight in this article uses Statistic:"),
    )
    .await;
    click(client, "#tag-delete-panel .replace-choice input[value=\"replace\"]").await;
    select(client, "#tag-replacement", "health-claim").await;
    click(client, "#confirm-tag-delete").await;
    wait_for(client, "the Statistic row to go", STEP_TIMEOUT, || async move {
        Ok(find_optional(client, &row("statistic")).await?.is_none().then_some(()))
    })
    .await;
    let mark = format!("#article mark.hl[data-annotation=\"{statistic_annotation}\"]");
    wait_for_attribute(client, &mark, "data-tag", "health-claim").await;

    step("j. Undo in the dialog brings Statistic back; Ctrl+Shift+Z deletes it again");
    click(client, "#tag-undo").await;
    wait_for_element(client, &row("statistic")).await;
    wait_for_attribute(client, &mark, "data-tag", "statistic").await;
    press_chord(client, &[CONTROL, SHIFT], 'z').await;
    wait_for_attribute(client, &mark, "data-tag", "health-claim").await;
    assert!(find_optional(client, &row("statistic")).await.expect("look for the row").is_none());
    click(client, "#close-tag-manager").await;
    wait_for_value(client, "focus back on the opener", FOCUS, json!("open-tag-manager")).await;

    step("k. the new hotkey 0 tags a real drag selection with Health claim; 1 is nobody's now");
    drag_select(client, SECOND_CLAIM, false).await;
    wait_for_element(client, "#selection-toolbar button[data-tag=\"health-claim\"]").await;
    assert!(
        find_optional(client, "#selection-toolbar button[data-tag=\"statistic\"]").await.expect("look").is_none(),
        "the toolbar offers the user's tags"
    );
    press_key(client, '0').await;
    let both = wait_for_highlight_count(client, 2).await;
    assert_eq!(tagged(&both, SECOND_CLAIM).tag.as_deref(), Some("health-claim"));

    step("l. reloading: tags and highlights are as they were left");
    client.refresh().await.unwrap_or_else(|error| panic!("cannot reload: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let reloaded = wait_for_highlight_count(client, 2).await;
    assert_eq!(tagged(&reloaded, STATISTIC).tag.as_deref(), Some("health-claim"));
    assert_eq!(tagged(&reloaded, SECOND_CLAIM).tag.as_deref(), Some("health-claim"));
    let expected_labels = json!([
        "Prediction",
        "Correlation/causation",
        "Laws/rules",
        "Personal experience",
        "Direct quote",
        "Opinion (not checkable)",
        "Health claim",
        "Other"
    ]);
    wait_for_value(client, "the legend after the reload", LEGEND_LABELS, expected_labels).await;
    wait_for_attribute(client, ".tag-count[data-tag=\"health-claim\"]", "data-count", "2").await;
    click(client, "#open-tag-manager").await;
    wait_for_value(
        client,
        "the hotkeys after the reload",
        "Array.from(document.querySelectorAll('#tag-manager .tag-hotkey')).map((picker) => picker.value)",
        json!(["2", "3", "4", "5", "6", "9", "0", "8"]),
    )
    .await;
    let path = save_screenshot(client, "e2e-tags-manager.png").await.unwrap_or_else(|error| panic!("{error}"));
    step(&format!("   saved {}", path.display()));
    assert_no_serious_violations(client, "tag manager").await;
    press_key(client, ESCAPE).await;

    step("m. exporting: the file carries the user's tag set");
    click(client, "#export-json").await;
    let path = wait_for_export(client, &downloads, SEED_EXPORT_STEM, "json").await;
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read the export"))
        .unwrap_or_else(|error| panic!("the export is not JSON: {error}"));
    let tags = exported["tags"].as_array().unwrap_or_else(|| panic!("no tags: {exported:#}"));
    let ids: Vec<&str> = tags.iter().filter_map(|tag| tag["id"].as_str()).collect();
    assert_eq!(ids, ["prediction", "causal", "rules", "experience", "quote", "opinion", "health-claim", "other"]);
    let find = |id: &str| tags.iter().find(|tag| tag["id"] == id).cloned().unwrap_or(Value::Null);
    assert_eq!(
        find("health-claim"),
        json!({"id": "health-claim", "label": "Health claim", "color": "#f4d6ef", "hotkey": "0"})
    );
    assert_eq!(find("prediction")["color"], "#ffe4b5");
    assert_eq!(find("quote")["label"], "Direct quote");
    assert_eq!(find("opinion")["hotkey"], "9");
    let annotation_tags: Vec<Value> = exported["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .map(|annotation| annotation["tags"].clone())
        .collect();
    assert_eq!(annotation_tags, vec![json!(["health-claim"]), json!(["health-claim"])]);
}
