//! End-to-end for a long annotation list: the built app in `dist/`, served
//! in-process, driven in headless Chromium through chromedriver.
//!
//! The sidebar renders its first screenful of entries with the page and the
//! rest after the first paint, in chunks. The scenario imports 150
//! highlights of the seed article through the file picker, reloads so the
//! first render starts with all of them, and checks that every entry
//! arrives, once, in document order, matching the article's marks; then it
//! opens the last highlight from the article and finds its entry open.
//! Needs `make build` first (it fails, never skips, without `dist/`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::rc::Rc;

use claimmark_core::session::annotation::AnnotationId;

use claimmark_core::article::extract::seed_article;
use claimmark_core::article::text::CodePointRange;
use claimmark_core::formats::claimmark::export_json;
use claimmark_core::session::action::Action;
use claimmark_core::session::reducer::Session;
use claimmark_core::time::Timestamp;
use fantoccini::Client;
use support::page::{
    click, highlights, import_through_picker, run_script, sidebar_entries, text_contents, wait_for, wait_for_article,
    wait_for_element, wait_for_highlight_count, FIRST_LOAD_TIMEOUT, STEP_TIMEOUT,
};
use support::scenario::run_in_chromium;

/// Well past the first screenful the sidebar renders at once.
const HIGHLIGHTS: usize = 150;

fn step(description: &str) {
    println!("e2e-long-list: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_list_renders_every_entry_in_document_order() {
    run_in_chromium("e2e-long-list-failure.png", scenario).await;
}

/// A session on the seed article with `HIGHLIGHTS` short, disjoint
/// highlights spread over its blocks, in document order.
fn session_with_many_highlights() -> Session {
    let article = Rc::new(seed_article());
    let mut session = Session::new(article.clone());
    let tag = session.tags.tags[0].id.clone();
    let slots = article.blocks.iter().flat_map(|block| {
        (0..block.length / 10)
            .map(move |slot| CodePointRange::new(block.start + slot * 10, block.start + slot * 10 + 8))
    });
    let slots: Vec<CodePointRange> = slots.collect();
    assert!(slots.len() >= HIGHLIGHTS, "the seed article holds only {} slots", slots.len());
    // Evenly spaced slots, so the highlights reach to the end of the article.
    let step_between = slots.len() / HIGHLIGHTS;
    for (index, range) in slots.into_iter().step_by(step_between).take(HIGHLIGHTS).enumerate() {
        session.apply(Action::Create {
            id: AnnotationId(format!("6f1c2d3e-4b5a-4c6d-8e7f-{index:012}")),
            now: Timestamp(1_700_000_000_000 + index as i64),
            range,
            tag: tag.clone(),
        });
    }
    assert_eq!(session.annotations.len(), HIGHLIGHTS);
    session
}

async fn scenario(client: Client, app_url: String, downloads: PathBuf) {
    let client = &client;
    // Built and dropped before the first await: a session is not `Send`.
    let (expected_order, export) = {
        let session = session_with_many_highlights();
        let order: Vec<String> =
            session.annotations.iter().map(|annotation| annotation.id.as_str().to_string()).collect();
        (order, export_json(&session, Timestamp(1_700_000_100_000)))
    };
    let export_path = downloads.join("many-highlights.json");
    std::fs::write(&export_path, export).expect("write the export");

    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;

    step(&format!("importing {HIGHLIGHTS} highlights through the file picker"));
    import_through_picker(client, &export_path).await;
    let summary = format!("{HIGHLIGHTS} imported");
    wait_for(client, "the import summary", STEP_TIMEOUT, || {
        let summary = summary.clone();
        async move {
            let texts = text_contents(client, "#import-summary").await?;
            Ok(texts.iter().any(|text| text.contains(&summary)).then_some(()))
        }
    })
    .await;
    wait_for_highlight_count(client, HIGHLIGHTS).await;

    step("reloading: the first render starts with every highlight; entries and ticks arrive in chunks");
    client.refresh().await.expect("reload");
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    wait_for_highlight_count(client, HIGHLIGHTS).await;
    let entries = wait_for(client, "every sidebar entry", STEP_TIMEOUT, || async move {
        let entries = sidebar_entries(client).await?;
        Ok((entries.len() >= HIGHLIGHTS).then_some(entries))
    })
    .await;
    assert_eq!(entries, expected_order, "every entry once, in document order");
    let marks: Vec<String> =
        highlights(client).await.expect("read the marks").into_iter().map(|mark| mark.annotation).collect();
    assert_eq!(marks, expected_order, "the sidebar lists the article's marks in the same order");
    let ticks = wait_for(client, "every tick of the density strip", STEP_TIMEOUT, || async move {
        let ticks = tick_ids(client).await?;
        Ok((ticks.len() >= HIGHLIGHTS).then_some(ticks))
    })
    .await;
    assert_eq!(ticks, expected_order, "the strip's ticks arrive too, once each, in document order");

    step("opening the last highlight from the article opens its entry");
    let last = expected_order.last().expect("highlights").clone();
    click(client, &format!("mark.hl[data-annotation=\"{last}\"]")).await;
    wait_for_element(client, &format!("#sidebar li.annotation-entry.open[data-annotation=\"{last}\"]")).await;
}

/// The ids of the density strip's ticks, top to bottom.
async fn tick_ids(client: &Client) -> Result<Vec<String>, fantoccini::error::CmdError> {
    let script = r#"return Array.from(document.querySelectorAll('.density-tick'), (tick) => tick.getAttribute('data-annotation'));"#;
    let ids = run_script(client, script, vec![]).await?;
    Ok(serde_json::from_value(ids).expect("the script returns annotation ids"))
}
