//! End-to-end: bringing your own article into the built app in headless
//! Chromium.
//!
//! Paste a news page as HTML (a real `paste` event whose clipboard data holds
//! `text/html`), check the reader-mode preview, add it, highlight a claim,
//! switch to the sample article through the library and highlight there,
//! use the back button, reload, and find both articles' highlights intact.
//! Then drop a hostile page (a `drop` event carrying `text/html`) and check
//! that none of its scripts, images, frames or handlers reached the page.
//! Needs `make build` first.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::error::CmdError;
use fantoccini::Client;
use serde_json::{json, Value};

use support::page::{
    click, drag_select, press_key, run_script, value_of, wait_for, wait_for_article, wait_for_element,
    wait_for_highlight_count, FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::run_in_chromium;

const SAMPLE_HEADLINE: &str = "Online providers' help sought";
const SAMPLE_CLAIM: &str = "1.73 million cases of illegal online activity";
const PASTED_HEADLINE: &str = "Ferry fares to rise 12% from April";
const PASTED_CLAIM: &str = "will cost 12% more from 1 April";

fn step(description: &str) {
    println!("e2e-library: {description}");
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paste_an_article_annotate_switch_and_reload() {
    run_in_chromium("e2e-library-failure.png", scenario).await;
}

async fn headline(client: &Client) -> String {
    run_script(
        client,
        "const block = document.querySelector('#article [data-block=\"0\"]'); return block ? block.textContent : '';",
        vec![],
    )
    .await
    .ok()
    .and_then(|value| value.as_str().map(str::to_string))
    .unwrap_or_default()
}

async fn wait_for_headline(client: &Client, expected: &str) {
    wait_for(client, &format!("the article “{expected}”"), STEP_TIMEOUT, || async {
        let found = headline(client).await;
        Ok::<_, CmdError>((found == expected).then_some(()))
    })
    .await;
}

async fn hash(client: &Client) -> String {
    run_script(client, "return location.hash;", vec![]).await.unwrap().as_str().unwrap_or_default().to_string()
}

/// `(title, data-count)` of every library row.
async fn library_rows(client: &Client) -> Vec<(String, String)> {
    let rows = run_script(
        client,
        r#"return Array.from(document.querySelectorAll('#library .library-entry'), (row) => [
            row.querySelector('.library-title') ? row.querySelector('.library-title').textContent : '',
            row.querySelector('.library-count').getAttribute('data-count')]);"#,
        vec![],
    )
    .await
    .unwrap();
    serde_json::from_value(rows).unwrap()
}

/// Opens the library row named `title` and waits for `headline`.
async fn open_from_library(client: &Client, title: &str, headline: &str) {
    click(client, "#open-library").await;
    wait_for_element(client, "#library .library-entry").await;
    let clicked = run_script(
        client,
        r#"const link = Array.from(document.querySelectorAll('#library .library-title')).find((link) => link.textContent === arguments[0]);
           if (!link) return false; link.click(); return true;"#,
        vec![json!(title)],
    )
    .await
    .unwrap();
    assert_eq!(clicked, Value::Bool(true), "no library row titled “{title}”");
    wait_for_headline(client, headline).await;
}

/// Counts of elements an imported page must never add.
const ACTIVE_CONTENT_COUNT: &str = r#"
    const count = (selector) => document.querySelectorAll(selector).length;
    return { script: count('script'), img: count('img'), iframe: count('iframe'), svg: count('#app svg'),
             object: count('object, embed'), handlers: count('#app [onerror], #app [onload], #app [onclick]'),
             javascriptLinks: count('#app [href^="javascript:"]'), alerted: window.__hostileRan === true };
"#;

async fn scenario(client: Client, app_url: String, _download_directory: PathBuf) {
    let client = &client;
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    wait_for_headline(client, SAMPLE_HEADLINE).await;

    step("paste an HTML news page into the New article dialog");
    click(client, "#new-article").await;
    wait_for_element(client, "#new-article-paste").await;
    let pasted = run_script(
        client,
        r#"const transfer = new DataTransfer();
           transfer.setData('text/html', arguments[0]);
           transfer.setData('text/plain', 'Ferry fares to rise 12% from April');
           const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
           const target = document.querySelector('#new-article-paste');
           target.focus();
           return target.dispatchEvent(event) === false;"#,
        vec![json!(fixture("harbour-gazette.html"))],
    )
    .await
    .unwrap();
    assert_eq!(pasted, Value::Bool(true), "the dialog takes the HTML flavour of the paste itself");

    step("check the preview and its editable metadata");
    wait_for_element(client, "#article-preview").await;
    assert_eq!(value_of(client, "#preview-title").await.unwrap().as_deref(), Some(PASTED_HEADLINE));
    assert_eq!(value_of(client, "#preview-byline").await.unwrap().as_deref(), Some("Priya Raman"));
    assert_eq!(value_of(client, "#preview-date").await.unwrap().as_deref(), Some("2024-02-19"));
    assert_eq!(
        value_of(client, "#preview-source").await.unwrap().as_deref(),
        Some("https://harbourgazette.example/news/2024/02/19/ferry-fares-rise")
    );
    let preview_kinds = run_script(
        client,
        "return Array.from(document.querySelectorAll('.preview-block'), (block) => block.getAttribute('data-kind'));",
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(
        preview_kinds,
        json!(["paragraph", "paragraph", "heading", "paragraph", "block-quote", "paragraph"]),
        "the preview lists the story's blocks only"
    );

    step("add it; the address names the new article");
    click(client, "#save-article").await;
    wait_for_headline(client, PASTED_HEADLINE).await;
    let pasted_hash = hash(client).await;
    assert!(pasted_hash.starts_with("#/a/") && pasted_hash.len() == 4 + 64, "unexpected route {pasted_hash}");
    let article_text =
        run_script(client, "return document.querySelector('#article').textContent;", vec![]).await.unwrap();
    let article_text = article_text.as_str().unwrap();
    for furniture in ["cookies", "Advertisement", "Related stories", "Share on Twitter", "All rights reserved", "Sport"]
    {
        assert!(!article_text.contains(furniture), "page furniture “{furniture}” reached the article");
    }

    step("highlight a claim in the pasted article");
    drag_select(client, PASTED_CLAIM, false).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '1').await;
    let pasted_highlights = wait_for_highlight_count(client, 1).await;

    step("switch to the sample article through the library and highlight there");
    open_from_library(client, SAMPLE_HEADLINE, SAMPLE_HEADLINE).await;
    assert_eq!(wait_for_highlight_count(client, 0).await.len(), 0, "the sample has its own highlights");
    drag_select(client, SAMPLE_CLAIM, false).await;
    wait_for_element(client, "#selection-toolbar").await;
    press_key(client, '1').await;
    wait_for_highlight_count(client, 1).await;

    step("back goes to the library, back again to the pasted article");
    client.back().await.unwrap();
    wait_for_element(client, "#library").await;
    client.back().await.unwrap();
    wait_for_headline(client, PASTED_HEADLINE).await;
    let again = wait_for_highlight_count(client, 1).await;
    assert_eq!(again[0].text, pasted_highlights[0].text);
    assert_eq!(hash(client).await, pasted_hash);

    step("reload keeps the open article and its highlight");
    client.refresh().await.unwrap();
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    wait_for_headline(client, PASTED_HEADLINE).await;
    let reloaded = wait_for_highlight_count(client, 1).await;
    assert!(reloaded[0].text.contains("12% more"), "{:?}", reloaded[0].text);

    step("the library lists both articles with one highlight each");
    click(client, "#open-library").await;
    wait_for_element(client, "#library .library-entry").await;
    let rows = library_rows(client).await;
    assert_eq!(
        rows,
        vec![(SAMPLE_HEADLINE.to_string(), "1".to_string()), (PASTED_HEADLINE.to_string(), "1".to_string())]
    );
    open_from_library(client, SAMPLE_HEADLINE, SAMPLE_HEADLINE).await;
    let sample_highlights = wait_for_highlight_count(client, 1).await;
    assert!(SAMPLE_CLAIM.contains(sample_highlights[0].text.as_str()) || sample_highlights[0].text.contains("1.73"));

    step("pasting the same page again opens the existing article");
    click(client, "#new-article").await;
    wait_for_element(client, "#new-article-paste").await;
    run_script(
        client,
        r#"const transfer = new DataTransfer();
           transfer.setData('text/html', arguments[0]);
           document.querySelector('#new-article-paste').dispatchEvent(
               new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));"#,
        vec![json!(fixture("harbour-gazette.html"))],
    )
    .await
    .unwrap();
    wait_for_element(client, "#open-existing").await;
    click(client, "#open-existing").await;
    wait_for_headline(client, PASTED_HEADLINE).await;
    wait_for_highlight_count(client, 1).await;

    step("pasting a changed version asks to update, and the highlight is found again");
    let changed = fixture("harbour-gazette.html")
        .replace("the operator said on Monday", "the operator confirmed on Monday")
        .replace("Councillors call for review", "Councillors demand a review");
    click(client, "#new-article").await;
    wait_for_element(client, "#new-article-paste").await;
    run_script(
        client,
        r#"const transfer = new DataTransfer();
           transfer.setData('text/html', arguments[0]);
           document.querySelector('#new-article-paste').dispatchEvent(
               new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));"#,
        vec![json!(changed)],
    )
    .await
    .unwrap();
    wait_for_element(client, "#update-article").await;
    click(client, "#update-article").await;
    wait_for(client, "the updated text", STEP_TIMEOUT, || async {
        let text = run_script(client, "return document.querySelector('#article').textContent;", vec![]).await?;
        Ok(text.as_str().is_some_and(|text| text.contains("Councillors demand a review")).then_some(()))
    })
    .await;
    let updated = wait_for_highlight_count(client, 1).await;
    assert!(updated[0].text.contains("12% more"), "{:?}", updated[0].text);
    assert_eq!(hash(client).await, pasted_hash, "the update keeps the article's address");

    step("rename the pasted article, delete the sample with confirmation, undo, delete again and restore it");
    click(client, "#open-library").await;
    wait_for_element(client, "#library .library-entry").await;
    run_script(
        client,
        "document.querySelectorAll('#library .library-entry')[1].querySelector('.rename-article').click();",
        vec![],
    )
    .await
    .unwrap();
    let rename = wait_for_element(client, ".rename-input").await;
    rename.clear().await.unwrap();
    rename.send_keys("Island ferry fares\u{E007}").await.unwrap();
    wait_for(client, "the new name", STEP_TIMEOUT, || async {
        let rows = library_rows(client).await;
        Ok::<_, CmdError>((rows.get(1).map(|row| row.0.as_str()) == Some("Island ferry fares")).then_some(()))
    })
    .await;
    run_script(
        client,
        "document.querySelectorAll('#library .library-entry')[0].querySelector('.delete-article').click();",
        vec![],
    )
    .await
    .unwrap();
    wait_for_element(client, ".confirm-delete").await;
    assert_eq!(library_rows(client).await.len(), 2, "nothing is deleted before the confirmation");
    click(client, ".confirm-delete-yes").await;
    wait_for_element(client, "#restore-sample").await;
    assert_eq!(library_rows(client).await, vec![("Island ferry fares".to_string(), "1".to_string())]);
    click(client, "#undo-delete").await;
    wait_for(client, "the sample back with its highlight", STEP_TIMEOUT, || async {
        let rows = library_rows(client).await;
        Ok::<_, CmdError>((rows.first() == Some(&(SAMPLE_HEADLINE.to_string(), "1".to_string()))).then_some(()))
    })
    .await;
    click(client, "#library .library-entry .delete-article").await;
    click(client, ".confirm-delete-yes").await;
    click(client, "#restore-sample").await;
    wait_for(client, "the restored sample", STEP_TIMEOUT, || async {
        let rows = library_rows(client).await;
        Ok::<_, CmdError>((rows.first() == Some(&(SAMPLE_HEADLINE.to_string(), "0".to_string()))).then_some(()))
    })
    .await;
    open_from_library(client, "Island ferry fares", PASTED_HEADLINE).await;
    wait_for_highlight_count(client, 1).await;

    step("drop a hostile page: nothing active reaches the document");
    let before = run_script(
        client,
        &format!("window.alert = () => {{ window.__hostileRan = true; }}; {ACTIVE_CONTENT_COUNT}"),
        vec![],
    )
    .await
    .unwrap();
    run_script(
        client,
        r#"const transfer = new DataTransfer();
           transfer.setData('text/html', arguments[0]);
           document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));"#,
        vec![json!(fixture("hostile.html"))],
    )
    .await
    .unwrap();
    wait_for_element(client, "#article-preview").await;
    assert_eq!(
        value_of(client, "#preview-title").await.unwrap().as_deref(),
        Some("Hostile page: every trick in one article")
    );
    assert_eq!(value_of(client, "#preview-source").await.unwrap().as_deref(), Some(""), "no javascript: source");
    click(client, "#save-article").await;
    wait_for_headline(client, "Hostile page: every trick in one article").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = run_script(client, ACTIVE_CONTENT_COUNT, vec![]).await.unwrap();
    assert_eq!(after, before, "the hostile page added active content or ran code");
    let hostile_text =
        run_script(client, "return document.querySelector('#article').textContent;", vec![]).await.unwrap();
    let hostile_text = hostile_text.as_str().unwrap();
    assert!(!hostile_text.contains("must not appear"), "{hostile_text}");
    assert!(hostile_text.contains("<script>alert('escaped')</script> is shown as the literal text"));
}
