//! End-to-end durability: two real Chromium windows on one profile adding
//! highlights in alternation end with every highlight in both windows and in
//! storage; hostile text in a note stays text.
//!
//! Needs `make build` first (it fails, never skips, without `dist/`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::ops::Range;
use std::path::PathBuf;

use fantoccini::Client;
use serde_json::Value;

use support::page::{
    click, drag_over_block, press_key, run_script, text_contents, type_into, wait_for, wait_for_article,
    wait_for_element, words_of_block, FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::run_in_chromium;

const PER_TAB: usize = 50;

fn step(description: &str) {
    println!("e2e-durability: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_windows_adding_in_alternation_keep_every_highlight() {
    run_in_chromium("e2e-two-tabs-failure.png", two_windows_scenario).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_in_a_note_is_shown_as_text() {
    run_in_chromium("e2e-hostile-note-failure.png", hostile_note_scenario).await;
}

async fn sidebar_count(client: &Client) -> usize {
    text_contents(client, "#sidebar li.annotation-entry").await.map(|entries| entries.len()).unwrap_or(0)
}

async fn wait_for_sidebar_count(client: &Client, what: &str, count: usize) {
    wait_for(client, what, STEP_TIMEOUT, || async move {
        let found = text_contents(client, "#sidebar li.annotation-entry").await?.len();
        Ok((found == count).then_some(()))
    })
    .await;
}

/// Annotations in every stored annotations value of this origin.
async fn stored_annotation_count(client: &Client) -> usize {
    let script = r#"
        let count = 0;
        for (let index = 0; index < localStorage.length; index += 1) {
            const key = localStorage.key(index);
            if (key.startsWith('claimmark:v1:annotations:')) count += JSON.parse(localStorage.getItem(key)).annotations.length;
        }
        return count;
    "#;
    let value: Value = run_script(client, script, vec![]).await.expect("read localStorage");
    value.as_u64().expect("a count") as usize
}

async fn two_windows_scenario(client: Client, app_url: String, _download_directory: PathBuf) {
    let client = &client;
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    let blocks = wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let first = client.window().await.expect("the first window");
    let second = client.new_window(false).await.expect("a second window").handle;
    client.switch_to_window(second.clone()).await.expect("switch to the second window");
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url} again: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;

    // Distinct words of the body paragraphs, one highlight each.
    let mut targets: Vec<(usize, Range<usize>)> = Vec::new();
    for block in 3..blocks.len() {
        for word in words_of_block(client, block, 4).await {
            targets.push((block, word));
        }
    }
    assert!(targets.len() >= 2 * PER_TAB, "the article has only {} long words", targets.len());
    targets.truncate(2 * PER_TAB);

    step(&format!("adding {} highlights, alternating between the two windows", 2 * PER_TAB));
    for (index, (block, word)) in targets.into_iter().enumerate() {
        let window = if index % 2 == 0 { first.clone() } else { second.clone() };
        client.switch_to_window(window).await.expect("switch windows");
        // Each window must already show every highlight the other one made.
        wait_for_sidebar_count(client, &format!("{index} highlights before adding one more"), index).await;
        drag_over_block(client, block, word).await;
        wait_for_element(client, "#selection-toolbar").await;
        press_key(client, char::from(b'1' + (index % 6) as u8)).await;
        wait_for_sidebar_count(client, &format!("highlight {} to appear", index + 1), index + 1).await;
    }

    step("the reminder to back up shows after 50 new highlights");
    wait_for_element(client, "#backup-reminder").await;

    step("reloading both windows and counting");
    for window in [first, second] {
        client.switch_to_window(window).await.expect("switch windows");
        client.refresh().await.expect("reload");
        wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
        wait_for_sidebar_count(client, "every highlight after the reload", 2 * PER_TAB).await;
        assert_eq!(sidebar_count(client).await, 2 * PER_TAB);
        assert_eq!(stored_annotation_count(client).await, 2 * PER_TAB, "every highlight is in storage");
    }
}

async fn hostile_note_scenario(client: Client, app_url: String, _download_directory: PathBuf) {
    let client = &client;
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let words = words_of_block(client, 5, 4).await;
    drag_over_block(client, 5, words[0].clone()).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '1').await;
    click(client, "#article mark.hl").await;
    let hostile = r#"<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>"#;
    type_into(client, "#note-input", hostile).await;
    click(client, "#close-editor").await;
    wait_for(client, "the note preview", STEP_TIMEOUT, || async move {
        let notes = text_contents(client, "#sidebar .entry-note").await?;
        Ok((notes.first().map(String::as_str) == Some(hostile)).then_some(()))
    })
    .await;
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let notes = text_contents(client, "#sidebar .entry-note").await.expect("read the note");
    assert_eq!(notes.first().map(String::as_str), Some(hostile), "the note is shown literally after a reload");
    let injected: Value = run_script(
        client,
        "return { images: document.querySelectorAll('#app img').length, scripts: document.querySelectorAll('#app script').length, title: document.title };",
        vec![],
    )
    .await
    .expect("inspect the page");
    assert_eq!(injected["images"], 0, "no element was made from the note: {injected}");
    assert_eq!(injected["scripts"], 0, "no element was made from the note: {injected}");
    assert!(injected["title"].as_str().is_some_and(|title| !title.contains("pwned")), "{injected}");
}
