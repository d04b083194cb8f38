//! End-to-end for interchange: the built app in `dist/`, served in-process,
//! driven in headless Chromium through chromedriver.
//!
//! The scenario: highlight two claims and write a note; export every format
//! through the real "Export as…" menu and check the files Chrome saved (the
//! W3C one also through the W3C conformance checker); clear localStorage and
//! reload; import the claimmark file through the real file picker and find
//! every annotation again; import the same file again and see the duplicates
//! skipped; import a bad file and see its error with nothing changed; on a
//! cleared page, import and undo the import in one step. Needs `make build`
//! first (it fails, never skips, without `dist/`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::Client;
use serde_json::Value;

use support::page::{
    click, drag_select, highlights, import_through_picker, local_storage_contains, press_key, run_script,
    sidebar_entries, text_contents, type_into, wait_for, wait_for_article, wait_for_element, wait_for_highlight_count,
    FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::{run_in_chromium, wait_for_export, SEED_EXPORT_STEM};

const STATISTIC: &str = "1.73 million cases of illegal online activity";
const STANDFIRST: &str = "Shared responsibility called for in terror fight";
const NOTE: &str = "Ministry figure, check 北京 café";

fn step(description: &str) {
    println!("e2e-interchange: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_every_format_then_import_through_the_file_picker() {
    run_in_chromium("e2e-interchange-failure.png", scenario).await;
}

async fn export_from_menu(client: &Client, format: &str) {
    click(client, "#export-menu-button").await;
    wait_for_element(client, "#export-menu:not([hidden])").await;
    click(client, &format!("#export-menu button[data-export-format=\"{format}\"][data-export-action=\"download\"]"))
        .await;
}

async fn status_text(client: &Client) -> String {
    text_contents(client, "#status").await.ok().and_then(|texts| texts.into_iter().next()).unwrap_or_default()
}

async fn wait_for_text(client: &Client, selector: &str, expected: &str) {
    let what = format!("`{selector}` to contain {expected:?}");
    wait_for(client, &what, STEP_TIMEOUT, || async move {
        let texts = text_contents(client, selector).await?;
        Ok(texts.iter().any(|text| text.contains(expected)).then_some(()))
    })
    .await
}

async fn scenario(client: Client, app_url: String, downloads: PathBuf) {
    let client = &client;
    step(&format!("a. opening {app_url} and making two highlights with a note"));
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    drag_select(client, STATISTIC, false).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '1').await;
    wait_for_highlight_count(client, 1).await;
    drag_select(client, STANDFIRST, false).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '7').await;
    let made = wait_for_highlight_count(client, 2).await;
    let statistic = made.iter().find(|highlight| highlight.text == STATISTIC).expect("the statistic").clone();
    click(client, &format!("#article mark.hl[data-annotation=\"{}\"]", statistic.annotation)).await;
    click(client, "#note-input").await;
    type_into(client, "#note-input", NOTE).await;
    wait_for(client, "the note to be saved", STEP_TIMEOUT, || async move {
        Ok(local_storage_contains(client, NOTE).await?.then_some(()))
    })
    .await;
    click(client, "#close-editor").await;
    let entries_before = sidebar_entries(client).await.expect("read the sidebar");

    step("b. exporting claimmark JSON with the Export JSON button");
    click(client, "#export-json").await;
    let claimmark_path = wait_for_export(client, &downloads, SEED_EXPORT_STEM, "json").await;
    let claimmark: Value = serde_json::from_str(&std::fs::read_to_string(&claimmark_path).unwrap()).unwrap();
    assert_eq!(claimmark["annotations"].as_array().map(Vec::len), Some(2), "{claimmark:#}");

    step("c. exporting W3C Web Annotation from the menu and running the W3C checker on it");
    export_from_menu(client, "w3c").await;
    let w3c_path = wait_for_export(client, &downloads, SEED_EXPORT_STEM, "jsonld").await;
    let w3c: Value = serde_json::from_str(&std::fs::read_to_string(&w3c_path).unwrap()).unwrap();
    assert_eq!(w3c["type"], "AnnotationCollection");
    assert_eq!(w3c["total"], 2);
    let items = w3c["first"]["items"].as_array().expect("items");
    let statistic_item = items
        .iter()
        .find(|item| item["target"]["selector"][0]["exact"] == STATISTIC)
        .unwrap_or_else(|| panic!("no W3C annotation for the statistic: {w3c:#}"));
    assert_eq!(statistic_item["id"], format!("urn:uuid:{}", statistic.annotation));
    assert!(statistic_item["body"].as_array().unwrap().iter().any(|body| body["value"] == NOTE));
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/check-w3c-annotations");
    assert!(checker.is_file(), "the W3C checker is missing at {}", checker.display());
    let output = Command::new("python3").arg(&checker).arg(&w3c_path).output().expect("python3 runs the checker");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success() && report.trim_end().ends_with("2 passed, 0 failed"), "W3C checker:\n{report}");
    std::fs::remove_file(&w3c_path).expect("make room for the ClaimReview file name");

    step("d. exporting doccano JSONL and CSV from the menu");
    export_from_menu(client, "doccano").await;
    let doccano_path = wait_for_export(client, &downloads, SEED_EXPORT_STEM, "jsonl").await;
    let doccano_text = std::fs::read_to_string(&doccano_path).unwrap();
    assert_eq!(doccano_text.lines().count(), 1);
    let doccano: Value = serde_json::from_str(doccano_text.trim_end()).unwrap();
    assert_eq!(doccano["label"].as_array().map(Vec::len), Some(2), "{doccano:#}");
    assert!(doccano["quotes"].as_array().unwrap().iter().any(|quote| quote == STATISTIC));
    export_from_menu(client, "csv").await;
    let csv_path = wait_for_export(client, &downloads, SEED_EXPORT_STEM, "csv").await;
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("\u{feff}id,quote,start,end,tags,note,created,modified"), "{csv}");
    assert_eq!(csv.matches("\r\n").count(), 3, "a header and two rows: {csv}");
    assert!(csv.contains(&format!(",{STATISTIC},")) && csv.contains(NOTE), "{csv}");

    step("e. ClaimReview with no verdict says so instead of saving an empty file");
    export_from_menu(client, "claimreview").await;
    wait_for(client, "the status line to explain that no highlight has a verdict", STEP_TIMEOUT, || async move {
        Ok(status_text(client).await.contains("No highlight has a verdict yet").then_some(()))
    })
    .await;

    step("f. clearing localStorage and reloading: no highlights");
    run_script(client, "localStorage.clear();", vec![]).await.expect("clear localStorage");
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    assert!(highlights(client).await.expect("read highlights").is_empty());

    step("g. importing the claimmark file through the file picker: everything comes back");
    import_through_picker(client, &claimmark_path).await;
    wait_for_text(client, "#import-summary", "2 imported, 0 duplicates skipped, 0 orphans").await;
    let back = wait_for_highlight_count(client, 2).await;
    assert!(back.contains(&statistic), "{back:?}");
    assert_eq!(sidebar_entries(client).await.expect("read the sidebar"), entries_before);
    wait_for_text(client, "#sidebar .entry-note", "Ministry figure").await;

    wait_for(client, "the import to be saved", STEP_TIMEOUT, || async move {
        Ok(local_storage_contains(client, NOTE).await?.then_some(()))
    })
    .await;

    step("h. importing the same file again: duplicates skipped");
    import_through_picker(client, &claimmark_path).await;
    wait_for_text(client, "#import-summary", "0 imported, 2 duplicates skipped, 0 orphans").await;
    assert_eq!(highlights(client).await.expect("read highlights").len(), 2);

    step("i. a bad file gets its clear error and changes nothing");
    let mut newer = claimmark.clone();
    newer["version"] = Value::from(7);
    let bad_path = downloads.join("from-the-future.json");
    std::fs::write(&bad_path, newer.to_string()).unwrap();
    import_through_picker(client, &bad_path).await;
    wait_for_text(client, "#import-error", "format version 7").await;
    wait_for_text(client, "#import-result[role=\"alert\"]", "Your highlights are unchanged.").await;
    let after = highlights(client).await.expect("read highlights");
    assert_eq!(after, back, "a refused import changed the highlights");

    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    assert_eq!(wait_for_highlight_count(client, 2).await.len(), 2, "the import was saved");

    step("j. on a cleared page, importing and then undoing the import in one step");
    run_script(client, "localStorage.clear();", vec![]).await.expect("clear localStorage");
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    import_through_picker(client, &claimmark_path).await;
    wait_for_text(client, "#import-summary", "2 imported").await;
    wait_for_highlight_count(client, 2).await;
    click(client, "#undo-import").await;
    wait_for_highlight_count(client, 0).await;
    wait_for_text(client, "#import-result", "Import undone").await;
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    assert!(highlights(client).await.expect("read highlights").is_empty(), "the undo was saved");
}
