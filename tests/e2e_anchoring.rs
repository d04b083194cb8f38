//! End-to-end: re-anchoring when the article's text changes, in headless
//! Chromium on the built app (`make build` first; it fails, never skips,
//! without `dist/`).
//!
//! The scenario: highlight three claims of the seed article with real drags
//! and hotkeys; open "Edit text"; insert a sentence before the first, change
//! a word inside the second and delete the third's sentence; save the new
//! version; reload. The first highlight moved with the text, the second is
//! marked as matched approximately (its hover title says so), the third is
//! listed under "Orphans (1)". The export carries the statuses; the orphan is
//! then re-attached to a new selection.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::{json, Value};

use support::page::{
    click, drag_select, highlights, press_key, run_script, text_contents, wait_for, wait_for_article, wait_for_element,
    wait_for_highlight_count, FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::run_in_chromium;

const MOVED: &str = "1.73 million cases of illegal online activity";
const CHANGED: &str = "nearly 30,000 people participate in terrorism-related activities";
const CHANGED_AFTER: &str = "nearly 30,000 people take part in terrorism-related activities";
const DELETED: &str = "China is a major target of hackers";
const INSERTED: &str = "Editor's note: the ministry revised its figures on Thursday. ";
const REATTACH_TO: &str = "deputy executive director";

fn step(description: &str) {
    println!("e2e-anchoring: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edited_text_moves_fuzzy_marks_and_orphans_highlights() {
    run_in_chromium("e2e-anchoring-failure.png", scenario).await;
}

/// Replaces, in the edit form, the text of the one field containing `find`
/// by `replace(old text)`, as typing would (an `input` event).
async fn edit_field(client: &Client, find: &str, replacement: Value) {
    let script = r#"
        const [find, replacement] = arguments;
        const fields = Array.from(document.querySelectorAll('#edit-text textarea.edit-block-text'))
            .filter((field) => field.value.includes(find));
        if (fields.length !== 1) return `expected one field containing "${find}", found ${fields.length}`;
        const field = fields[0];
        const next = replacement.whole !== undefined ? replacement.whole : field.value.replace(replacement.from, replacement.to);
        field.focus();
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(field, next);
        field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
        return null;
    "#;
    let problem = run_script(client, script, vec![json!(find), replacement]).await.expect("the edit script runs");
    assert!(problem.is_null(), "{problem}");
}

async fn scenario(client: Client, app_url: String, download_directory: PathBuf) {
    let client = &client;
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;

    step("highlighting three claims with drags and hotkeys");
    for (count, (quote, key)) in [(MOVED, '2'), (CHANGED, '1'), (DELETED, '4')].into_iter().enumerate() {
        drag_select(client, quote, false).await;
        wait_for_element(client, "#selection-toolbar").await;
        press_key(client, key).await;
        wait_for_highlight_count(client, count + 1).await;
    }

    step("editing the text: a sentence before, a word inside a quote, a quoted sentence deleted");
    run_script(client, "window.scrollTo(0, 0);", vec![]).await.expect("the page scrolls");
    click(client, "#edit-text-toggle").await;
    wait_for_element(client, "#edit-text").await;
    edit_field(client, MOVED, json!({"from": "According to", "to": format!("{INSERTED}According to")})).await;
    edit_field(client, CHANGED, json!({"from": "participate", "to": "take part"})).await;
    let deleted_paragraph = run_script(
        client,
        "return Array.from(document.querySelectorAll('#edit-text textarea')).map((f) => f.value).find((v) => v.includes(arguments[0]));",
        vec![json!(DELETED)],
    )
    .await
    .expect("the fields can be read");
    let deleted_paragraph = deleted_paragraph.as_str().expect("one field holds the third quote").to_string();
    let sentence_end = deleted_paragraph.find(". ").map_or(deleted_paragraph.len(), |end| end + 2);
    let remaining = deleted_paragraph[sentence_end..].to_string();
    edit_field(client, DELETED, json!({ "whole": remaining })).await;
    let preview = wait_for(client, "the preview of the outcome", STEP_TIMEOUT, || async move {
        let texts = text_contents(client, "#edit-preview").await?;
        Ok(texts.into_iter().next().filter(|text| text.contains("cannot be placed")))
    })
    .await;
    step(&format!("   preview: {preview}"));
    assert!(preview.contains("1 is matched approximately"), "{preview}");
    assert!(preview.contains("1 cannot be placed"), "{preview}");
    click(client, "#save-version").await;
    wait_for_article(client, STEP_TIMEOUT).await;
    wait_for_highlight_count(client, 2).await;

    step("reloading");
    client.refresh().await.expect("the page reloads");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let found = wait_for_highlight_count(client, 2).await;
    let mut texts: Vec<&str> = found.iter().map(|highlight| highlight.text.as_str()).collect();
    texts.sort_unstable();
    assert_eq!(texts, vec![MOVED, CHANGED_AFTER], "the moved and the changed highlights are on the new text");
    let changed = found.iter().find(|highlight| highlight.text == CHANGED_AFTER).expect("the changed highlight");
    let article_text = text_contents(client, "#article").await.expect("the article can be read").join("");
    assert!(article_text.contains(INSERTED.trim_end()), "the edited text survived the reload");

    let fuzzy_title = run_script(
        client,
        "const mark = document.querySelector('#article mark.hl.hl-fuzzy-start'); return mark ? [mark.getAttribute('data-annotation'), mark.title] : null;",
        vec![],
    )
    .await
    .expect("marks can be read");
    let fuzzy_id = fuzzy_title[0].as_str().expect("one highlight is marked fuzzy").to_string();
    let title = fuzzy_title[1].as_str().unwrap_or_default().to_string();
    step(&format!("   fuzzy mark title: {title}"));
    assert_eq!(fuzzy_id, changed.annotation, "the changed quote is the fuzzy one");
    let percent: u32 = title
        .split("text changed, matched ")
        .nth(1)
        .and_then(|rest| rest.split('%').next())
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("the title says how well it matched: {title:?}"));
    assert!((50..100).contains(&percent), "{percent}%");

    let orphan_heading = text_contents(client, "#orphans-heading").await.expect("the sidebar can be read");
    assert_eq!(orphan_heading, vec!["Orphans (1)".to_string()]);
    let orphan_quote = text_contents(client, ".orphan-entry s.entry-quote").await.expect("the orphan can be read");
    assert_eq!(orphan_quote, vec![DELETED.to_string()]);

    step("exporting: the statuses are in the file");
    click(client, "#export-json").await;
    let export_path = wait_for(client, "the export to be downloaded", STEP_TIMEOUT, || {
        let directory = download_directory.clone();
        async move {
            let file = std::fs::read_dir(&directory)
                .ok()
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|extension| extension == "json"));
            Ok(file)
        }
    })
    .await;
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&export_path).expect("the export can be read")).expect("JSON");
    let statuses: Vec<(String, String)> = exported["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .map(|annotation| {
            (
                annotation["quote"].as_str().unwrap_or_default().to_string(),
                annotation["anchor"]["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for (quote, status) in [(MOVED, "anchored"), (CHANGED_AFTER, "fuzzy"), (DELETED, "orphan")] {
        assert!(statuses.contains(&(quote.to_string(), status.to_string())), "{quote} is {status} in {statuses:?}");
    }
    let fuzzy = exported["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|annotation| annotation["anchor"]["status"] == "fuzzy")
        .unwrap();
    assert_eq!(fuzzy["anchor"]["scorePercent"].as_u64(), Some(u64::from(percent)));

    step("re-attaching the orphan to a new selection");
    drag_select(client, REATTACH_TO, false).await;
    wait_for_element(client, "#selection-toolbar").await;
    // The toolbar floats by the selection; bring the button clear of it.
    run_script(
        client,
        "document.querySelector('.orphan-entry button.reattach').scrollIntoView({ block: 'start' });",
        vec![],
    )
    .await
    .expect("the page scrolls");
    click(client, ".orphan-entry button.reattach").await;
    let found = wait_for_highlight_count(client, 3).await;
    assert!(found.iter().any(|highlight| highlight.text == REATTACH_TO), "{found:?}");
    wait_for(client, "the orphans section to go", STEP_TIMEOUT, || async move {
        Ok(text_contents(client, "#orphans").await?.is_empty().then_some(()))
    })
    .await;
    let all = highlights(client).await.expect("highlights can be read");
    assert_eq!(all.len(), 3);
}
