//! End-to-end, keyboard only: the built app in `dist/`, driven in headless
//! Chromium with real key actions and never a mouse event.
//!
//! The scenario: move the sentence cursor with `j` to the sentence holding
//! "1.73 million cases", stretch and narrow it with Shift+arrows, tag it with
//! the Statistic tag's number key (read from the page), open it with Enter,
//! set a verdict, add an evidence link and the checked date with Tab, typing
//! and Enter, close with Escape (focus back on the cursor), undo and redo,
//! delete with Delete and undo that, open and close the shortcut sheet with
//! `?` and Escape, reload, and find the tag, verdict, evidence and date kept
//! on the page and in the export. The live region's words are checked at
//! each step. Then axe-core runs on every main screen: no serious or
//! critical violation. Needs `make build` first (it fails, never skips,
//! without `dist/`) and axe-core (`scripts/setup.sh axe`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::{json, Value};

use support::axe::assert_no_serious_violations;
use support::page::{
    press_chord, press_key, run_script, text_contents, value_of, wait_for, wait_for_article, wait_for_element,
    wait_for_highlight_count, wait_for_saved, FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::{run_in_chromium, save_screenshot, wait_for_export, SEED_EXPORT_STEM};

const STATISTIC: &str = "1.73 million cases";
const EVIDENCE_URL: &str = "https://example.org/mps/2015-statistics";
const EVIDENCE_LABEL: &str = "Ministry statistics release";
const CONTROL: char = '\u{E009}';
const SHIFT: char = '\u{E008}';
const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';
const ESCAPE: char = '\u{E00C}';
const DELETE: char = '\u{E017}';
const ARROW_LEFT: char = '\u{E012}';
const ARROW_UP: char = '\u{E013}';
const ARROW_RIGHT: char = '\u{E014}';
const ARROW_DOWN: char = '\u{E015}';

fn step(description: &str) {
    println!("e2e-keyboard: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_job_works_from_the_keyboard_and_passes_axe() {
    run_in_chromium("e2e-keyboard-failure.png", scenario).await;
}

/// The text the document's selection holds now.
async fn selected_text(client: &Client) -> String {
    let value = run_script(client, "return String(window.getSelection());", vec![]).await.expect("read the selection");
    value.as_str().unwrap_or_default().to_string()
}

/// The id of the focused element ("" when it has none, "BODY" for the page).
async fn focused_id(client: &Client) -> String {
    let script = "const active = document.activeElement; \
                  return active ? (active.id || active.tagName) : '';";
    run_script(client, script, vec![]).await.expect("read the focus").as_str().unwrap_or_default().to_string()
}

async fn wait_for_text(client: &Client, selector: &str, expected: &str) -> String {
    let what = format!("`{selector}` to contain {expected:?}");
    wait_for(client, &what, STEP_TIMEOUT, || async move {
        let texts = text_contents(client, selector).await?;
        Ok(texts.into_iter().find(|text| text.contains(expected)))
    })
    .await
}

async fn wait_for_focus(client: &Client, id: &str) {
    wait_for(client, &format!("focus on #{id}"), STEP_TIMEOUT, || async move {
        Ok((focused_id(client).await == id).then_some(()))
    })
    .await
}

async fn wait_for_absent(client: &Client, selector: &str) {
    wait_for(client, &format!("no element matching `{selector}`"), STEP_TIMEOUT, || async move {
        Ok(support::page::find_optional(client, selector).await?.is_none().then_some(()))
    })
    .await
}

/// Presses Tab until the element with `id` has focus.
async fn tab_to(client: &Client, id: &str) {
    for _ in 0..60 {
        if focused_id(client).await == id {
            return;
        }
        press_key(client, TAB).await;
    }
    panic!("Tab never reached #{id}; focus is on {}", focused_id(client).await);
}

/// Presses `j` until the selection holds `needle`; returns the selection.
async fn move_cursor_to(client: &Client, needle: &str) -> String {
    let mut seen = Vec::new();
    for _ in 0..40 {
        press_key(client, 'j').await;
        let selection = selected_text(client).await;
        if selection.contains(needle) {
            return selection;
        }
        seen.push(selection);
    }
    panic!("j never reached {needle:?}; the cursor went through {seen:#?}");
}

/// The Statistic tag's hotkey and label, as the selection toolbar shows them.
async fn statistic_hotkey_and_label(client: &Client) -> (char, String) {
    let button = "#selection-toolbar button[data-tag=\"statistic\"]";
    wait_for_element(client, button).await;
    let script = "const button = document.querySelector(arguments[0]); \
                  const key = button.querySelector('kbd'); \
                  const label = Array.from(button.childNodes).filter((node) => node !== key) \
                      .map((node) => node.textContent).join('').trim(); \
                  return [key ? key.textContent.trim() : '', label];";
    let found = run_script(client, script, vec![json!(button)]).await.expect("read the Statistic button");
    let key = found[0].as_str().and_then(|key| key.chars().next()).expect("the Statistic tag shows a hotkey");
    (key, found[1].as_str().unwrap_or_default().to_string())
}

async fn scenario(client: Client, app_url: String, downloads: PathBuf) {
    let client = &client;
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;

    step("a. j walks sentence by sentence to the statistic; the live region reads each one");
    let sentence = move_cursor_to(client, STATISTIC).await;
    assert_eq!(focused_id(client).await, "article", "the cursor keys put focus in the article");
    let heard = wait_for_text(client, "#cursor-announcement", STATISTIC).await;
    assert!(heard.starts_with("Sentence ") && heard.contains(&sentence), "announced {heard:?} for {sentence:?}");
    press_key(client, 'j').await;
    assert!(!selected_text(client).await.contains(STATISTIC), "j moves on to the next sentence");
    press_key(client, 'k').await;
    assert_eq!(selected_text(client).await, sentence, "k comes back to the same sentence");

    step("b. Shift+arrows extend and narrow by word and by sentence");
    press_chord(client, &[SHIFT], ARROW_RIGHT).await;
    let extended = selected_text(client).await;
    assert!(extended.starts_with(&sentence) && extended.len() > sentence.len(), "Shift+→ adds a word: {extended:?}");
    press_chord(client, &[SHIFT], ARROW_LEFT).await;
    press_chord(client, &[SHIFT], ARROW_LEFT).await;
    let narrowed = selected_text(client).await;
    assert!(sentence.starts_with(&narrowed) && narrowed.len() < sentence.len(), "Shift+← drops a word: {narrowed:?}");
    press_chord(client, &[SHIFT], ARROW_DOWN).await;
    assert_eq!(selected_text(client).await, sentence, "Shift+↓ stretches to the end of the sentence");
    press_chord(client, &[SHIFT], ARROW_DOWN).await;
    assert!(selected_text(client).await.len() > sentence.len(), "Shift+↓ again takes the next sentence too");
    press_chord(client, &[SHIFT], ARROW_UP).await;
    assert_eq!(selected_text(client).await, sentence, "Shift+↑ gives the sentence back");
    wait_for_text(client, "#cursor-announcement", "Sentence ").await;

    step("c. the Statistic tag's number key tags the sentence");
    let (hotkey, label) = statistic_hotkey_and_label(client).await;
    assert_no_serious_violations(client, "article with the cursor and the selection toolbar").await;
    press_key(client, hotkey).await;
    let highlights = wait_for_highlight_count(client, 1).await;
    let statistic = highlights[0].clone();
    assert_eq!(statistic.tag.as_deref(), Some("statistic"));
    assert!(statistic.text.contains(STATISTIC), "the highlight covers the sentence: {statistic:?}");
    wait_for_text(client, "#status", &format!("{label} added: “")).await;

    step("d. Enter opens it in the editor, with focus inside");
    press_key(client, ENTER).await;
    wait_for_element(
        client,
        &format!("li.annotation-entry.open[data-annotation=\"{}\"] #annotation-editor", statistic.annotation),
    )
    .await;
    wait_for(client, "focus inside the editor", STEP_TIMEOUT, || async move {
        let inside = run_script(
            client,
            "return !!document.activeElement && !!document.activeElement.closest('#annotation-editor');",
            vec![],
        )
        .await?;
        Ok((inside == Value::Bool(true)).then_some(()))
    })
    .await;

    step("e. a verdict, an evidence link and the checked date, with Tab, typing and Enter");
    tab_to(client, "verdict-select").await;
    // Typing an option's first letter picks it in a closed <select>.
    press_key(client, 'f').await;
    wait_for(client, "the verdict False", STEP_TIMEOUT, || async move {
        Ok((value_of(client, "#verdict-select").await?.as_deref() == Some("false")).then_some(()))
    })
    .await;
    wait_for_saved(client, "\"verdict\":\"false\"").await;
    wait_for_text(client, "#status", "Verdict set to False: “").await;
    tab_to(client, "evidence-url").await;
    type_keys(client, EVIDENCE_URL).await;
    tab_to(client, "evidence-label").await;
    type_keys(client, EVIDENCE_LABEL).await;
    press_key(client, ENTER).await;
    wait_for_text(client, ".evidence-item a.evidence-link", EVIDENCE_LABEL).await;
    wait_for_saved(client, EVIDENCE_URL).await;
    wait_for_text(client, "#status", &format!("Evidence added: {EVIDENCE_LABEL}")).await;
    tab_to(client, "checked-today").await;
    press_key(client, ENTER).await;
    let today = wait_for(client, "the checked date", STEP_TIMEOUT, || async move {
        Ok(value_of(client, "#checked-date").await?.filter(|value| value.len() == 10))
    })
    .await;
    wait_for_saved(client, &format!("\"checked\":\"{today}\"")).await;
    wait_for_text(client, "#status", &format!("Checked date set to {today}")).await;

    step("f. axe-core on the article, the sidebar and the open editor");
    assert_no_serious_violations(client, "article with the annotation editor open").await;

    step("g. Escape closes the editor and puts focus back on the cursor");
    press_key(client, ESCAPE).await;
    wait_for_absent(client, "#annotation-editor").await;
    wait_for_focus(client, "article").await;
    assert_eq!(selected_text(client).await, sentence, "the cursor is where it was");
    press_key(client, ESCAPE).await;
    wait_for_absent(client, "#selection-toolbar").await;

    step("h. Ctrl+Z takes the checked date back, Ctrl+Shift+Z puts it again");
    press_chord(client, &[CONTROL], 'z').await;
    let undone = wait_for_text(client, "#status", "Undone: ").await;
    assert!(undone.contains("Checked date"), "the undo names what it took back: {undone:?}");
    assert_checked_date_in_editor(client, "").await;
    press_chord(client, &[CONTROL, SHIFT], 'z').await;
    wait_for_text(client, "#status", "Redone: ").await;
    assert_checked_date_in_editor(client, &today).await;
    wait_for_saved(client, &format!("\"checked\":\"{today}\"")).await;

    step("i. Delete sends the highlight at the cursor to the trash; Ctrl+Z brings it back");
    press_key(client, DELETE).await;
    wait_for_highlight_count(client, 0).await;
    wait_for_text(client, "#status", "Highlight deleted: “").await;
    press_chord(client, &[CONTROL], 'z').await;
    let restored = wait_for_highlight_count(client, 1).await;
    assert_eq!(restored[0].annotation, statistic.annotation, "undo restores the same highlight");
    wait_for_text(client, "#status", "Undone").await;

    step("j. ? opens the shortcut sheet; keys do nothing behind it; Escape closes it");
    let focused_before = focused_id(client).await;
    press_key(client, '?').await;
    wait_for_element(client, "#shortcut-sheet[role=\"dialog\"][aria-modal=\"true\"]").await;
    wait_for_focus(client, "close-shortcuts").await;
    let listed = text_contents(client, "#shortcut-sheet").await.expect("read the sheet").concat();
    for shortcut in ["Next sentence", "Undo", "Redo", "Delete", "Open the highlight", &label] {
        assert!(listed.contains(shortcut), "the sheet lists {shortcut:?}: {listed}");
    }
    press_key(client, TAB).await;
    assert_eq!(focused_id(client).await, "close-shortcuts", "Tab stays in the sheet");
    let selection_before = selected_text(client).await;
    press_key(client, 'j').await;
    assert_eq!(selected_text(client).await, selection_before, "j does nothing while the sheet is open");
    assert_no_serious_violations(client, "shortcut sheet").await;
    let path = save_screenshot(client, "e2e-keyboard-shortcuts.png").await.unwrap_or_else(|error| panic!("{error}"));
    step(&format!("   saved {}", path.display()));
    press_key(client, ESCAPE).await;
    wait_for_absent(client, "#shortcut-sheet").await;
    wait_for_focus(client, &focused_before).await;

    step("k. reload: the tag, verdict, evidence and date are kept");
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let kept = wait_for_highlight_count(client, 1).await;
    assert_eq!(kept[0].annotation, statistic.annotation);
    assert_eq!(kept[0].tag.as_deref(), Some("statistic"));
    let entry = format!("li.annotation-entry[data-annotation=\"{}\"]", statistic.annotation);
    wait_for_element(client, &format!("{entry} .chip-verdict[data-verdict=\"false\"]")).await;
    move_cursor_to(client, STATISTIC).await;
    press_key(client, ENTER).await;
    wait_for_element(client, "#annotation-editor").await;
    wait_for_text(client, ".evidence-item a.evidence-link", EVIDENCE_LABEL).await;
    assert_eq!(value_of(client, "#checked-date").await.expect("read the date").as_deref(), Some(today.as_str()));
    assert_eq!(value_of(client, "#verdict-select").await.expect("read the verdict").as_deref(), Some("false"));

    step("k2. Tab through the page: every control it reaches shows its focus");
    press_key(client, ESCAPE).await;
    wait_for_absent(client, "#annotation-editor").await;
    // From the article to the end of the page, round to its start, and on
    // until the end again: every control once at least.
    let mut unmarked = std::collections::BTreeSet::new();
    let mut reached = std::collections::BTreeSet::new();
    let mut left_the_page = 0;
    for _ in 0..150 {
        press_key(client, TAB).await;
        // Focused against a resting twin of the same element in the same
        // place: a focus style is whatever differs between the two.
        let script = "const element = document.activeElement; \
                      if (!element || element === document.body) return null; \
                      const look = (of) => { const style = getComputedStyle(of); \
                          return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow, \
                                  style.backgroundColor, style.borderColor, style.textDecorationLine].join('|'); }; \
                      const focused = look(element); \
                      const twin = element.cloneNode(true); element.before(twin); \
                      const resting = look(twin); twin.remove(); \
                      const position = Array.from(document.querySelectorAll('*')).indexOf(element); \
                      return { what: position + ':' + element.tagName + (element.id ? '#' + element.id : '') \
                               + '.' + element.className, shows: focused !== resting };";
        let focused = run_script(client, script, vec![]).await.expect("read the focused element");
        if focused.is_null() {
            left_the_page += 1;
            if left_the_page == 2 {
                break;
            }
            continue;
        }
        let what = focused["what"].as_str().unwrap_or_default().to_string();
        if focused["shows"] != Value::Bool(true) {
            unmarked.insert(what.clone());
        }
        reached.insert(what);
    }
    let reached = reached.len();
    assert!(reached > 10, "Tab reached only {reached} controls");
    assert!(unmarked.is_empty(), "focused without a visible focus style: {unmarked:?}");
    println!("e2e-keyboard: Tab reached {reached} controls, each with a visible focus style");
    press_key(client, 'g').await;
    assert!(selected_text(client).await.starts_with("Online providers"), "g goes to the first sentence");
    press_key(client, 'k').await;
    wait_for_text(client, "#cursor-announcement", "Start of the article. Sentence 1 of ").await;
    move_cursor_to(client, STATISTIC).await;
    press_key(client, ENTER).await;
    wait_for_element(client, "#annotation-editor").await;

    step("l. the export carries them too (Export JSON pressed with Enter)");
    let export_button = wait_for_element(client, "#export-json").await;
    export_button.send_keys(&ENTER.to_string()).await.expect("press Enter on Export JSON");
    let path = wait_for_export(client, &downloads, SEED_EXPORT_STEM, "json").await;
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let annotation = &exported["annotations"][0];
    assert_eq!(annotation["tags"], json!(["statistic"]), "{exported:#}");
    assert_eq!(annotation["claim"]["verdict"], "false");
    assert_eq!(annotation["claim"]["evidence"], json!([{ "url": EVIDENCE_URL, "label": EVIDENCE_LABEL }]));
    assert_eq!(annotation["claim"]["checked"], today.as_str());

    step("m. axe-core on the article with a highlight and the sidebar, the export menu, the library and the new-article dialog");
    press_key(client, ESCAPE).await;
    wait_for_absent(client, "#annotation-editor").await;
    assert_no_serious_violations(client, "article with a highlight and the sidebar").await;
    let menu_button = wait_for_element(client, "#export-menu-button").await;
    menu_button.send_keys(&ARROW_DOWN.to_string()).await.expect("open the export menu");
    wait_for_element(client, "#export-menu:not([hidden])").await;
    assert_no_serious_violations(client, "export menu").await;
    press_key(client, ESCAPE).await;
    let library_link = wait_for_element(client, "#open-library").await;
    library_link.send_keys(&ENTER.to_string()).await.expect("open the library");
    wait_for(client, "the library", STEP_TIMEOUT, || async move {
        let url = client.current_url().await?;
        Ok(url.as_str().ends_with("#/library").then_some(()))
    })
    .await;
    assert_no_serious_violations(client, "library").await;
    let new_article = wait_for_element(client, "#new-article").await;
    new_article.send_keys(&ENTER.to_string()).await.expect("open the new-article dialog");
    wait_for_element(client, "#new-article-dialog").await;
    assert_no_serious_violations(client, "new-article dialog").await;

    step("n. the checker itself catches a planted violation, so a clean report means something");
    run_script(
        client,
        "const planted = document.createElement('button'); planted.id = 'planted-violation'; \
         document.querySelector('#new-article-dialog').appendChild(planted);",
        vec![],
    )
    .await
    .expect("plant a button without a name");
    let found = support::axe::violations(client).await;
    let planted = found
        .iter()
        .find(|violation| violation.id == "button-name")
        .unwrap_or_else(|| panic!("axe-core missed a button without a name: {found:?}"));
    assert!(planted.is_serious() && planted.targets.iter().any(|target| target.contains("planted-violation")));
}

/// Opens the highlight at the cursor with Enter, checks its checked date,
/// and closes it again with Escape.
async fn assert_checked_date_in_editor(client: &Client, expected: &str) {
    press_key(client, ENTER).await;
    wait_for_element(client, "#annotation-editor").await;
    wait_for(client, &format!("the checked date {expected:?}"), STEP_TIMEOUT, || async move {
        Ok((value_of(client, "#checked-date").await?.as_deref() == Some(expected)).then_some(()))
    })
    .await;
    press_key(client, ESCAPE).await;
    wait_for_absent(client, "#annotation-editor").await;
    wait_for_focus(client, "article").await;
}

/// Types `text` into whatever has focus, with real key actions.
async fn type_keys(client: &Client, text: &str) {
    for character in text.chars() {
        press_key(client, character).await;
    }
}
