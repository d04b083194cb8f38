//! End-to-end undo, redo and trash: delete a highlight, bring it back with
//! Ctrl+Z, delete it again with Ctrl+Shift+Z, restore it from the trash, and
//! find everything after a reload.
//!
//! Needs `make build` first (it fails, never skips, without `dist/`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use fantoccini::Client;

use support::page::{
    click, drag_select, press_chord, press_key, text_contents, wait_for, wait_for_article, wait_for_element,
    wait_for_highlight_count, FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::run_in_chromium;

const CONTROL: char = '\u{E009}';
const SHIFT: char = '\u{E008}';
const STATISTIC: &str = "1.73 million cases of illegal online activity";
const SECOND: &str = "more than 2,700 suspects";

fn step(description: &str) {
    println!("e2e-undo: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_redo_and_the_trash_keep_every_highlight() {
    run_in_chromium("e2e-undo-failure.png", scenario).await;
}

async fn trash_count(client: &Client) -> usize {
    text_contents(client, "#trash .trash-entry").await.map(|entries| entries.len()).unwrap_or(0)
}

async fn wait_for_trash_count(client: &Client, count: usize) {
    wait_for(client, &format!("{count} highlight(s) in the trash"), STEP_TIMEOUT, || async move {
        Ok((text_contents(client, "#trash .trash-entry").await?.len() == count).then_some(()))
    })
    .await;
}

async fn scenario(client: Client, app_url: String, _download_directory: PathBuf) {
    let client = &client;
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;

    step("making two highlights");
    for (text, key) in [(STATISTIC, '2'), (SECOND, '1')] {
        drag_select(client, text, false).await;
        wait_for_element(client, "#selection-toolbar").await;
        press_key(client, key).await;
    }
    let highlights = wait_for_highlight_count(client, 2).await;
    let statistic = highlights.iter().find(|highlight| highlight.text == STATISTIC).expect("the statistic").clone();

    step("deleting the statistic: it goes to the trash");
    click(client, &format!("#article mark.hl[data-annotation=\"{}\"]", statistic.annotation)).await;
    click(client, "#delete-annotation").await;
    click(client, "#confirm-delete").await;
    wait_for_highlight_count(client, 1).await;
    wait_for_trash_count(client, 1).await;

    step("Ctrl+Z brings it back; Ctrl+Shift+Z deletes it again");
    press_chord(client, &[CONTROL], 'z').await;
    let restored = wait_for_highlight_count(client, 2).await;
    assert!(restored.contains(&statistic), "undo restores the same highlight: {restored:?}");
    wait_for_trash_count(client, 0).await;
    press_chord(client, &[CONTROL, SHIFT], 'z').await;
    wait_for_highlight_count(client, 1).await;
    wait_for_trash_count(client, 1).await;

    step("restoring it from the trash, then reloading");
    click(client, "#trash .trash-restore").await;
    wait_for_highlight_count(client, 2).await;
    wait_for_trash_count(client, 0).await;
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    let after_reload = wait_for_highlight_count(client, 2).await;
    assert!(after_reload.contains(&statistic), "the restored highlight survives a reload: {after_reload:?}");
    assert_eq!(trash_count(client).await, 0);
}
