//! End-to-end: the built app in `dist/`, served in-process, driven in a
//! headless Chromium through chromedriver with real pointer drags, real keys
//! and a real download.
//!
//! The scenario: read the article; highlight a statistic by dragging and a
//! hotkey; highlight a second claim by dragging backwards from inside one
//! word to inside another and clicking a toolbar button; add a tag and a
//! note; reload and find everything again; export and check the file Chrome
//! saved. Needs `make build` first (it fails, never skips, without `dist/`).
//! `CLAIMMARK_DIST` points it at another build directory.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::Client;
use serde_json::Value;

use support::page::{
    click, click_repeatedly_on, drag_across_element, drag_from_to, drag_over, drag_select, entry_chips, find_optional,
    highlights, local_storage_contains, press_key, run_script, sidebar_entries, text_contents, type_into, value_of,
    wait_for, wait_for_article, wait_for_attribute, wait_for_element, wait_for_highlight_count, Highlight,
    FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::{run_in_chromium, save_screenshot, wait_for_export, SEED_EXPORT_STEM};

const HEADLINE: &str = "Online providers' help sought";
const STANDFIRST: &str = "Shared responsibility called for in terror fight";
const STATISTIC: &str = "1.73 million cases of illegal online activity";
const NOTE: &str = "Ministry figure — check 北京 café";

/// Page furniture of the original web page that must not reach the article.
const PAGE_FURNITURE: [&str; 5] = ["Most Viewed", "Editor's picks", "FOLLOW US", "Home / Motoring", "Copyright"];

fn step(description: &str) {
    println!("e2e: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn annotate_reload_and_export_an_article() {
    run_in_chromium("e2e-failure.png", scenario).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selection_gestures_snap_nest_and_cancel() {
    run_in_chromium("e2e-gestures-failure.png", gestures_scenario).await;
}

/// Double-click, triple-click, a drag across two paragraphs, nesting,
/// Escape, and a selection outside the article.
async fn gestures_scenario(client: Client, app_url: String, _download_directory: PathBuf) {
    let client = &client;
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;

    step("triple-clicking a paragraph and pressing 3 (Correlation/causation)");
    let paragraph = "China is a major target of hackers, and the ministry has vowed that China will continue to crack down on illegal online activities such as hacking attacks.";
    click_repeatedly_on(client, paragraph, 0..5, 3).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '3').await;
    let after_paragraph = wait_for_highlight_count(client, 1).await;
    let whole_paragraph = after_paragraph[0].clone();
    assert_eq!(whole_paragraph.text, paragraph, "a triple-click highlights the whole paragraph, nothing more");
    assert_eq!(whole_paragraph.tag.as_deref(), Some("causal"));

    step("double-clicking a word inside it and pressing 8 (Other): a nested highlight");
    let context = "such as hacking attacks";
    click_repeatedly_on(client, context, 8..15, 2).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '8').await;
    let after_word = wait_for_highlight_count(client, 2).await;
    let word = find_other(&after_word, &whole_paragraph.annotation);
    assert_eq!(word.text, "hacking");
    assert_eq!(word.tag.as_deref(), Some("other"));
    let outer = after_word.iter().find(|highlight| highlight.annotation == whole_paragraph.annotation).unwrap();
    assert_eq!(outer.text, paragraph, "the outer highlight still covers the whole paragraph");

    step("clicking the nested word opens the shortest highlight; clicking again opens the one beneath");
    let word_mark = format!("#article mark.hl[data-annotation=\"{}\"]", word.annotation);
    click(client, &word_mark).await;
    wait_for_element(client, &format!("{} #annotation-editor", entry_selector(&word.annotation))).await;
    click(client, &word_mark).await;
    wait_for_element(client, &format!("{} #annotation-editor", entry_selector(&whole_paragraph.annotation))).await;
    click(client, "#close-editor").await;

    step("dragging across two paragraphs and pressing 2 (Prediction)");
    let selected = drag_from_to(client, "To improve the situation", "analyzing digital evidence").await;
    assert!(selected.contains('\n'), "the drag should span two paragraphs: {selected:?}");
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '2').await;
    let after_span = wait_for_highlight_count(client, 3).await;
    let across = after_span
        .iter()
        .find(|highlight| highlight.annotation != word.annotation && highlight.annotation != whole_paragraph.annotation)
        .cloned()
        .expect("the cross-paragraph highlight");
    assert!(across.text.starts_with("To improve the situation"), "{across:?}");
    assert!(
        across.text.ends_with("analyzing digital evidence"),
        "the selection snaps to whole words and stops there: {across:?}"
    );
    let blocks = run_script(
        client,
        "return new Set(Array.from(document.querySelectorAll(`#article mark.hl`)).filter((mark) => mark.getAttribute('data-annotations').split(' ').includes(arguments[0])).map((mark) => mark.closest('[data-block]').dataset.block)).size;",
        vec![serde_json::json!(across.annotation)],
    )
    .await
    .expect("count blocks");
    assert_eq!(blocks, serde_json::json!(2), "the highlight spans two blocks");

    step("Escape dismisses the toolbar without highlighting");
    drag_select(client, "Almost 300,000 people", false).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '\u{E00C}').await;
    wait_for(client, "the toolbar to close", STEP_TIMEOUT, || async move {
        Ok(find_optional(client, "#selection-toolbar").await?.is_none().then_some(()))
    })
    .await;
    press_key(client, '1').await;
    assert_eq!(highlights(client).await.expect("read highlights").len(), 3, "Escape, then 1, made a highlight");

    step("selecting text in the sidebar never offers to highlight it");
    drag_across_element(client, "#sidebar .hint").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(find_optional(client, "#selection-toolbar").await.expect("look for the toolbar").is_none());
    assert_eq!(highlights(client).await.expect("read highlights").len(), 3);
}

async fn scenario(client: Client, app_url: String, download_directory: PathBuf) {
    let client = &client;

    step(&format!("a. opening {app_url} and reading the article"));
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    let blocks = wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    check_article(client, &blocks).await;

    step("b. dragging over the statistic and pressing 1 (Statistic)");
    let selected = drag_select(client, STATISTIC, false).await;
    step(&format!("   the page's selection is {selected:?}"));
    wait_for_element(client, "#selection-toolbar[role=\"toolbar\"]").await;
    press_key(client, '1').await;
    let after_first = wait_for_highlight_count(client, 1).await;
    let statistic = after_first[0].clone();
    assert_eq!(statistic.tag.as_deref(), Some("statistic"), "{statistic:?}");
    assert_eq!(statistic.text, STATISTIC);
    wait_for_element(client, &entry_selector(&statistic.annotation)).await;
    wait_for_attribute(client, ".tag-count[data-tag=\"statistic\"]", "data-count", "1").await;

    step("c. dragging backwards from inside \"suspects\" to inside \"2,700\", then clicking Other");
    // "2,700 suspects": code points 2..10 are "700 susp"; the app must snap
    // the selection outward to whole words.
    let selected = drag_over(client, "2,700 suspects", 2..10, true).await;
    step(&format!("   the page's selection is {selected:?}"));
    click(client, "#selection-toolbar button[data-tag=\"other\"]").await;
    let after_second = wait_for_highlight_count(client, 2).await;
    let suspects = find_other(&after_second, &statistic.annotation);
    assert_eq!(suspects.tag.as_deref(), Some("other"), "{suspects:?}");
    assert_eq!(suspects.text, "2,700 suspects", "the selection did not snap to whole words");
    assert!(after_second.contains(&statistic), "the first highlight changed: {after_second:?}");
    wait_for_attribute(client, ".tag-count[data-tag=\"other\"]", "data-count", "1").await;
    let entries = sidebar_entries(client).await.expect("read the sidebar");
    assert_eq!(entries, vec![statistic.annotation.clone(), suspects.annotation.clone()], "sidebar order");

    step("d. opening the statistic, adding the Quote tag and typing a note");
    let statistic_id = statistic.annotation.as_str();
    open_editor(client, &statistic.annotation).await;
    wait_for_attribute(client, "#annotation-editor .tag-toggle[data-tag=\"statistic\"]", "aria-pressed", "true").await;
    click(client, "#annotation-editor .tag-toggle[data-tag=\"quote\"]").await;
    wait_for_attribute(client, "#annotation-editor .tag-toggle[data-tag=\"quote\"]", "aria-pressed", "true").await;
    click(client, "#note-input").await;
    type_into(client, "#note-input", NOTE).await;
    wait_for(client, "the note input to hold the whole note", STEP_TIMEOUT, || async move {
        Ok((value_of(client, "#note-input").await?.as_deref() == Some(NOTE)).then_some(()))
    })
    .await;
    wait_for(client, "the chips to read statistic, quote", STEP_TIMEOUT, || async move {
        Ok((entry_chips(client, statistic_id).await? == ["statistic", "quote"]).then_some(()))
    })
    .await;
    wait_for(client, "the note to be saved in localStorage", STEP_TIMEOUT, || async move {
        Ok(local_storage_contains(client, NOTE).await?.then_some(()))
    })
    .await;
    click(client, "#close-editor").await;
    // The open entry shows the note in its editor; closed, it shows a preview.
    wait_for(client, "the closed sidebar entry to show the note", STEP_TIMEOUT, || async move {
        let notes = text_contents(client, &format!("{} .entry-note", entry_selector(statistic_id))).await?;
        Ok(notes.first().is_some_and(|note| shows_note(note)).then_some(()))
    })
    .await;

    step("e. reloading and finding both highlights, their tags and the note again");
    client.refresh().await.unwrap_or_else(|error| panic!("cannot reload: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let reloaded = wait_for_highlight_count(client, 2).await;
    assert_eq!(reloaded, vec![statistic.clone(), suspects.clone()], "highlights after the reload");
    assert_eq!(entry_chips(client, &statistic.annotation).await.expect("read chips"), ["statistic", "quote"]);
    assert_eq!(entry_chips(client, &suspects.annotation).await.expect("read chips"), ["other"]);
    let notes = text_contents(client, &format!("{} .entry-note", entry_selector(&statistic.annotation)))
        .await
        .expect("read the note");
    assert!(notes.first().is_some_and(|note| shows_note(note)), "sidebar note after the reload: {notes:?}");
    let suspects_notes = text_contents(client, &format!("{} .entry-note", entry_selector(&suspects.annotation)))
        .await
        .expect("read the note");
    assert!(suspects_notes.is_empty(), "an annotation without a note shows one: {suspects_notes:?}");
    open_editor(client, &statistic.annotation).await;
    assert_eq!(value_of(client, "#note-input").await.expect("read the note input").as_deref(), Some(NOTE));
    for (tag, pressed) in [("other", "false"), ("statistic", "true"), ("quote", "true"), ("opinion", "false")] {
        let selector = format!("#annotation-editor .tag-toggle[data-tag=\"{tag}\"]");
        wait_for_attribute(client, &selector, "aria-pressed", pressed).await;
    }
    click(client, "#close-editor").await;

    step("f. exporting JSON and reading the downloaded file");
    click(client, "#export-json").await;
    let export_path = wait_for_export(client, &download_directory, SEED_EXPORT_STEM, "json").await;
    step(&format!("   downloaded {}", export_path.display()));
    let exported = std::fs::read_to_string(&export_path).expect("read the export");
    let exported: Value =
        serde_json::from_str(&exported).unwrap_or_else(|error| panic!("the export is not JSON: {error}"));
    check_export(&exported, &statistic.annotation, &suspects.annotation);

    step("g. saving a screenshot");
    let path = save_screenshot(client, "e2e-screenshot.png").await.unwrap_or_else(|error| panic!("{error}"));
    step(&format!("   saved {}", path.display()));
}

async fn check_article(client: &Client, blocks: &[support::page::RenderedBlock]) {
    let indexes: Vec<&str> = blocks.iter().map(|block| block.index.as_str()).collect();
    let expected_indexes: Vec<String> = (0..blocks.len()).map(|index| index.to_string()).collect();
    assert_eq!(indexes, expected_indexes, "data-block must number the blocks in document order");
    let headlines: Vec<&str> =
        blocks.iter().filter(|block| block.kind == "headline").map(|block| block.text.as_str()).collect();
    assert_eq!(headlines, [HEADLINE], "headline blocks");
    assert!(
        blocks.iter().any(|block| block.kind == "standfirst" && block.text == STANDFIRST),
        "no standfirst block says {STANDFIRST:?}: {blocks:#?}"
    );
    let article_text = text_contents(client, "#article").await.expect("read #article");
    assert_eq!(article_text.len(), 1, "exactly one #article");
    for furniture in PAGE_FURNITURE {
        assert!(!article_text[0].contains(furniture), "the article contains page furniture {furniture:?}");
    }
}

fn entry_selector(annotation: &str) -> String {
    format!("#sidebar li.annotation-entry[data-annotation=\"{annotation}\"]")
}

/// The sidebar may truncate a note with "…"; what it shows must still be
/// the note's beginning.
fn shows_note(shown: &str) -> bool {
    let shown = shown.trim();
    match shown.strip_suffix('…') {
        Some(beginning) => !beginning.is_empty() && NOTE.starts_with(beginning.trim_end()),
        None => shown == NOTE,
    }
}

fn find_other(highlights: &[Highlight], known: &str) -> Highlight {
    highlights
        .iter()
        .find(|highlight| highlight.annotation != known)
        .cloned()
        .unwrap_or_else(|| panic!("no new highlight besides {known}: {highlights:?}"))
}

/// Clicks the first mark of `annotation` and waits for its editor.
async fn open_editor(client: &Client, annotation: &str) {
    click(client, &format!("#article mark.hl[data-annotation=\"{annotation}\"]")).await;
    wait_for_element(client, "#annotation-editor").await;
    wait_for_element(client, "#note-input").await;
}

fn check_export(exported: &Value, statistic_id: &str, suspects_id: &str) {
    assert_eq!(exported["format"], "claimmark", "format: {exported:#}");
    assert_eq!(exported["version"], 1, "version: {exported:#}");
    let article_length =
        exported["article"]["length"].as_u64().unwrap_or_else(|| panic!("article.length is missing: {exported:#}"));
    let annotations = exported["annotations"].as_array().unwrap_or_else(|| panic!("no annotations: {exported:#}"));
    assert_eq!(annotations.len(), 2, "annotations: {exported:#}");
    let find = |first_tag: &str| {
        annotations
            .iter()
            .find(|annotation| annotation["tags"][0] == first_tag)
            .unwrap_or_else(|| panic!("no exported annotation tagged {first_tag}: {exported:#}"))
    };

    let statistic = find("statistic");
    assert_eq!(statistic["id"], statistic_id, "the export keeps the annotation's id");
    assert_eq!(statistic["quote"], STATISTIC);
    let prefix = statistic["prefix"].as_str().unwrap_or_default();
    let suffix = statistic["suffix"].as_str().unwrap_or_default();
    assert!(prefix.ends_with("Ministry of Public Security, "), "prefix {prefix:?}");
    assert!(suffix.starts_with(" have been dealt with"), "suffix {suffix:?}");
    assert_eq!(statistic["tags"], serde_json::json!(["statistic", "quote"]));
    assert_eq!(statistic["note"], NOTE);
    check_offsets(statistic, STATISTIC, article_length);

    let suspects = find("other");
    assert_eq!(suspects["id"], suspects_id, "the export keeps the annotation's id");
    assert_eq!(suspects["quote"], "2,700 suspects");
    assert_eq!(suspects["note"], "");
    assert_eq!(suspects["tags"], serde_json::json!(["other"]));
    check_offsets(suspects, "2,700 suspects", article_length);
    assert!(
        statistic["start"].as_u64() < suspects["start"].as_u64(),
        "the statistic comes first in the article: {exported:#}"
    );
}

/// Offsets count code points, so `end - start` is the quote's code-point
/// count and the span lies inside the article.
fn check_offsets(annotation: &Value, quote: &str, article_length: u64) {
    let start = annotation["start"].as_u64().unwrap_or_else(|| panic!("no start: {annotation:#}"));
    let end = annotation["end"].as_u64().unwrap_or_else(|| panic!("no end: {annotation:#}"));
    assert_eq!(end - start, quote.chars().count() as u64, "offsets of {quote:?}: {annotation:#}");
    assert!(end <= article_length, "{quote:?} ends past the article ({article_length}): {annotation:#}");
}
