//! End-to-end for the pictures: the density strip beside the article and
//! the summary panel, in the built app in `dist/`, driven in headless
//! Chromium through chromedriver.
//!
//! The scenario: import thirteen annotations on the seed article through the
//! real file picker (several tags, every verdict, one "not a claim" mark),
//! make one more with a real drag and a toolbar click; check the strip has
//! one tick per highlight, in document order, each at its highlight's height
//! in the article; click a tick and see its highlight scrolled into view,
//! flashed and opened; walk the ticks with the keyboard; open the summary and
//! check every count and the reviewed share against what was made; mark the
//! article fully reviewed and see it in the summary. It saves
//! `target/e2e-pictures.png` showing the strip and the summary together.
//! Needs `make build` first (it fails, never skips, without `dist/`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use claimmark_core::session::annotation::{AnnotationId, Verdict};

use claimmark_core::article::extract::seed_article;
use claimmark_core::article::model::Article;
use claimmark_core::article::text::CodePointRange;
use claimmark_core::formats::claimmark::export_json;
use claimmark_core::session::action::Action;
use claimmark_core::session::reducer::Session;
use claimmark_core::session::tags::TagSet;
use claimmark_core::time::Timestamp;
use claimmark_core::views::summary::SentenceMap;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use support::axe::assert_no_serious_violations;
use support::page::{
    click, drag_select, import_through_picker, press_key, run_script, wait_for, wait_for_article, FIRST_LOAD_TIMEOUT,
    STEP_TIMEOUT,
};
use support::scenario::{run_in_chromium, save_screenshot};

const SCREENSHOT: &str = "e2e-pictures.png";
/// The highlight made by hand, after the import.
const DRAGGED: &str = "24-hour reporting system";
const NOT_A_CLAIM: &str = "Online providers' help sought";
const FAR_DOWN: &str = "more than 200 labs";

/// One prepared annotation: its quote, its tags (indexes into the default
/// tag set, so the test follows whatever the defaults are) and its verdict.
struct Planned {
    quote: &'static str,
    tags: &'static [usize],
    verdict: Verdict,
}

/// Thirteen claims and marks over the whole article, in document order. Each
/// sits in its own sentence except the two statistics of one quotation.
const PLANNED: &[Planned] = &[
    Planned { quote: NOT_A_CLAIM, tags: &[], verdict: Verdict::Unverified },
    Planned {
        quote: "The expo displays the latest Internet technologies and products in China and abroad",
        tags: &[7],
        verdict: Verdict::True,
    },
    Planned { quote: "their major recruitment target is young people", tags: &[7], verdict: Verdict::Unverified },
    Planned { quote: "More than 100 countries", tags: &[0], verdict: Verdict::HalfTrue },
    Planned {
        quote: "nearly 30,000 people participate in terrorism-related activities",
        tags: &[0],
        verdict: Verdict::False,
    },
    Planned {
        quote: "the Internet has been the main platform for terrorists to spread extremism",
        tags: &[2],
        verdict: Verdict::Misleading,
    },
    Planned { quote: "I'm happy to see that some Internet giants", tags: &[5, 6], verdict: Verdict::Unverified },
    Planned { quote: "the number and type of cybercrimes", tags: &[0], verdict: Verdict::MostlyTrue },
    Planned { quote: "1.73 million cases of illegal online activity", tags: &[0], verdict: Verdict::MostlyTrue },
    Planned { quote: "Almost 300,000 people", tags: &[0], verdict: Verdict::Unproven },
    Planned { quote: "China is a major target of hackers", tags: &[7], verdict: Verdict::True },
    Planned { quote: "947 cases of hacking attacks", tags: &[0], verdict: Verdict::HalfTrue },
    Planned { quote: FAR_DOWN, tags: &[0], verdict: Verdict::Misleading },
];

/// The tag given to the dragged highlight (an index into the defaults).
const DRAGGED_TAG: usize = 3;

fn step(description: &str) {
    println!("e2e-pictures: {description}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_density_strip_and_summary_show_what_was_annotated() {
    run_in_chromium("e2e-pictures-failure.png", scenario).await;
}

fn range_of(article: &Article, quote: &str) -> CodePointRange {
    let text = article.canonical_text();
    let byte = text.find(quote).unwrap_or_else(|| panic!("the seed article has no {quote:?}"));
    let start = text[..byte].chars().count();
    CodePointRange::new(start, start + quote.chars().count())
}

/// The prepared annotations as a claimmark export of the seed article, made
/// with the core's own reducer and exporter.
fn prepared_export(directory: &Path) -> PathBuf {
    let article = std::rc::Rc::new(seed_article());
    let tags = TagSet::defaults();
    let mut session = Session::new(article.clone());
    for (number, planned) in PLANNED.iter().enumerate() {
        let id = AnnotationId(format!("5e1ec7ed-0000-4000-8000-{number:012}"));
        let now = Timestamp(1_764_300_000_000 + number as i64 * 60_000);
        let range = range_of(&article, planned.quote);
        match planned.tags.split_first() {
            None => session.apply(Action::MarkNotAClaim { id: id.clone(), now, range }),
            Some((first, rest)) => {
                session.apply(Action::Create { id: id.clone(), now, range, tag: tags.tags[*first].id.clone() });
                for tag in rest {
                    session.apply(Action::ToggleTag { id: id.clone(), tag: tags.tags[*tag].id.clone(), now });
                }
                session.apply(Action::SetVerdict { id: id.clone(), verdict: planned.verdict, now });
            }
        }
    }
    assert_eq!(session.annotations.len(), PLANNED.len(), "every prepared annotation must be made");
    let path = directory.join("prepared-pictures.json");
    std::fs::write(&path, export_json(&session, Timestamp(1_764_300_900_000))).expect("write the prepared export");
    path
}

/// What the page shows of the strip: per tick, in DOM order, its annotation,
/// whether it is dimmed, and its centre as a fraction of the track's height;
/// plus the highlight's own top as a fraction of the article's height.
async fn read_ticks(client: &Client) -> Vec<Value> {
    let script = r#"
        const track = document.querySelector('.density-track').getBoundingClientRect();
        const article = document.querySelector('#article').getBoundingClientRect();
        return [...document.querySelectorAll('.density-tick')].map((tick) => {
            const box = tick.getBoundingClientRect();
            const id = tick.dataset.annotation;
            const mark = [...document.querySelectorAll('mark.hl[data-annotations]')]
                .find((candidate) => candidate.dataset.annotations.split(' ').includes(id));
            const markTop = mark ? (mark.getBoundingClientRect().top - article.top) / article.height : null;
            return {
                id,
                dimmed: tick.classList.contains('not-a-claim'),
                at: (box.top + box.height / 2 - track.top) / track.height,
                markAt: markTop,
                label: tick.getAttribute('aria-label'),
                tabindex: tick.getAttribute('tabindex'),
            };
        });
    "#;
    let value = run_script(client, script, vec![]).await.expect("read the density strip");
    value.as_array().cloned().unwrap_or_default()
}

async fn wait_for_tick_count(client: &Client, count: usize) -> Vec<Value> {
    let what = format!("{count} ticks on the density strip");
    wait_for(client, &what, STEP_TIMEOUT, || async move {
        let ticks = read_ticks(client).await;
        Ok((ticks.len() == count).then_some(ticks))
    })
    .await
}

async fn sidebar_order(client: &Client) -> Vec<String> {
    let script = "return [...document.querySelectorAll('#sidebar li.annotation-entry')].map((entry) => entry.dataset.annotation);";
    let value = run_script(client, script, vec![]).await.expect("read the sidebar");
    serde_json::from_value(value).expect("a list of ids")
}

/// Every bar of a summary chart as (data-key, label, count).
async fn chart_rows(client: &Client, chart: &str) -> Vec<(String, String, u64)> {
    let script = r#"
        return [...document.querySelectorAll(`#${arguments[0]} g.chart-row`)]
            .map((row) => [row.dataset.key, row.dataset.label, Number(row.dataset.count)]);
    "#;
    let value = run_script(client, script, vec![json!(chart)]).await.expect("read a chart");
    serde_json::from_value(value).expect("rows of key, label and count")
}

async fn attribute(client: &Client, selector: &str, name: &str) -> Option<String> {
    let element = client.find(Locator::Css(selector)).await.ok()?;
    element.attr(name).await.ok().flatten()
}

/// True when the first mark of `id` lies inside the window and flashes.
async fn mark_in_view_and_flashing(client: &Client, id: &str) -> (bool, bool) {
    let script = r#"
        const mark = [...document.querySelectorAll('mark.hl[data-annotations]')]
            .find((candidate) => candidate.dataset.annotations.split(' ').includes(arguments[0]));
        if (!mark) return [false, false];
        const box = mark.getBoundingClientRect();
        return [box.top >= 0 && box.bottom <= window.innerHeight, mark.classList.contains('flash')];
    "#;
    let value = run_script(client, script, vec![json!(id)]).await.expect("read the mark");
    serde_json::from_value(value).unwrap_or((false, false))
}

async fn scenario(client: Client, app_url: String, downloads: PathBuf) {
    let client = &client;
    let tags = TagSet::defaults();
    let article = seed_article();

    step(&format!("a. opening {app_url} and importing {} prepared annotations", PLANNED.len()));
    client.goto(&app_url).await.unwrap_or_else(|error| panic!("cannot open {app_url}: {error}"));
    wait_for_article(client, FIRST_LOAD_TIMEOUT).await;
    wait_for_tick_count(client, 0).await;
    assert_eq!(
        attribute(client, ".density-strip", "aria-label").await.as_deref(),
        Some("Highlight map: no highlights yet")
    );
    import_through_picker(client, &prepared_export(&downloads)).await;
    wait_for_tick_count(client, PLANNED.len()).await;

    step("b. one more highlight with a real drag and a toolbar click");
    drag_select(client, DRAGGED, false).await;
    let dragged_tag = tags.tags[DRAGGED_TAG].id.as_str();
    click(client, &format!("#selection-toolbar button[data-tag=\"{dragged_tag}\"]")).await;
    let total = PLANNED.len() + 1;
    let ticks = wait_for_tick_count(client, total).await;

    step("c. one tick per highlight, in document order, each at its highlight's height");
    let tick_ids: Vec<String> = ticks.iter().map(|tick| tick["id"].as_str().unwrap_or_default().to_string()).collect();
    assert_eq!(tick_ids, sidebar_order(client).await, "ticks follow the sidebar's document order");
    for pair in ticks.windows(2) {
        let (above, below) = (pair[0]["at"].as_f64().unwrap(), pair[1]["at"].as_f64().unwrap());
        assert!(above < below, "ticks must go down the strip in document order: {pair:#?}");
    }
    for tick in &ticks {
        let (at, mark_at) = (tick["at"].as_f64().unwrap(), tick["markAt"].as_f64().expect("every tick has a mark"));
        assert!((0.0..=1.0).contains(&at), "a tick off the strip: {tick:#}");
        assert!((at - mark_at).abs() < 0.04, "a tick is not at its highlight's height in the article: {tick:#}");
    }
    let dimmed: Vec<&str> =
        ticks.iter().filter(|tick| tick["dimmed"] == true).map(|tick| tick["label"].as_str().unwrap()).collect();
    assert_eq!(dimmed, vec![format!("Not a claim: “{NOT_A_CLAIM}”")], "only the not-a-claim tick is dimmed");
    let statistic_label = format!("{}: “1.73 million cases of illegal online activity”", tags.tags[0].label);
    assert!(ticks.iter().any(|tick| tick["label"] == statistic_label.as_str()), "no tick named {statistic_label:?}");
    let focusable: Vec<usize> =
        ticks.iter().enumerate().filter(|(_, tick)| tick["tabindex"] == "0").map(|(index, _)| index).collect();
    assert_eq!(focusable, vec![0], "the strip is one stop in the Tab order");
    assert_eq!(
        attribute(client, ".density-strip", "aria-label").await,
        Some(format!("Highlight map: {total} highlights"))
    );

    step("d. at the top of the page the band covers the start; a click on a far tick scrolls and flashes");
    run_script(client, "window.scrollTo(0, 0);", vec![]).await.expect("scroll to the top");
    let far = ticks
        .iter()
        .find(|tick| tick["label"].as_str().is_some_and(|label| label.contains(FAR_DOWN)))
        .expect("a tick for the far highlight");
    let far_id = far["id"].as_str().unwrap().to_string();
    assert!(!mark_in_view_and_flashing(client, &far_id).await.0, "the far highlight must start out of view");
    // The band follows on the next animation frame.
    let band_top_before = wait_for(client, "the band to start at the top", STEP_TIMEOUT, || async move {
        let top = band_top(client).await;
        Ok((top < 0.01).then_some(top))
    })
    .await;
    click(client, &format!(".density-tick[data-annotation=\"{far_id}\"]")).await;
    let far_id_ref = far_id.as_str();
    wait_for(client, "the far highlight to flash", STEP_TIMEOUT, || async move {
        Ok(mark_in_view_and_flashing(client, far_id_ref).await.1.then_some(()))
    })
    .await;
    wait_for(client, "the far highlight to scroll into view", STEP_TIMEOUT, || async move {
        Ok(mark_in_view_and_flashing(client, far_id_ref).await.0.then_some(()))
    })
    .await;
    wait_for(client, "the far highlight to open in the sidebar", STEP_TIMEOUT, || async move {
        Ok(client.find(Locator::Css(&format!("li.annotation-entry.open[data-annotation=\"{far_id_ref}\"]"))).await.ok())
    })
    .await;
    wait_for(client, "the band to follow the scroll", STEP_TIMEOUT, || async move {
        Ok((band_top(client).await > band_top_before + 0.2).then_some(()))
    })
    .await;
    click(client, "#close-editor").await;

    step("d2. back at the top, a click on the far highlight's sidebar entry also scrolls to it and flashes it");
    run_script(client, "window.scrollTo(0, 0);", vec![]).await.expect("scroll to the top");
    wait_for(client, "the far highlight to stop flashing and leave the view", STEP_TIMEOUT, || async move {
        let (in_view, flashing) = mark_in_view_and_flashing(client, far_id_ref).await;
        Ok((!in_view && !flashing).then_some(()))
    })
    .await;
    click(client, &format!("li.annotation-entry[data-annotation=\"{far_id}\"] .entry-summary")).await;
    wait_for(client, "the far highlight to flash after a sidebar click", STEP_TIMEOUT, || async move {
        Ok(mark_in_view_and_flashing(client, far_id_ref).await.1.then_some(()))
    })
    .await;
    click(client, "#close-editor").await;

    step("e. the keyboard walks the ticks: Down moves to the next, Enter opens it");
    run_script(client, "document.querySelector('.density-tick').focus();", vec![]).await.expect("focus the strip");
    press_key(client, '\u{E015}').await; // ArrowDown
    let focused = run_script(client, "return document.activeElement.dataset.annotation || null;", vec![])
        .await
        .expect("read the focus");
    assert_eq!(focused.as_str(), Some(tick_ids[1].as_str()), "Down moves focus to the second tick");
    press_key(client, '\u{E007}').await; // Enter
    let second = tick_ids[1].as_str();
    wait_for(client, "Enter on a tick to open its highlight", STEP_TIMEOUT, || async move {
        Ok(client.find(Locator::Css(&format!("li.annotation-entry.open[data-annotation=\"{second}\"]"))).await.ok())
    })
    .await;
    click(client, "#close-editor").await;

    step("f. the summary: collapsed with its key figures, then every count");
    let sentences = SentenceMap::of_article(&article).len();
    // One sentence holds two of the statistics; every other highlight has its own.
    let reviewed = total - 1;
    let percent = reviewed * 100 / sentences;
    assert_eq!(attribute(client, "#summary-toggle", "aria-expanded").await.as_deref(), Some("false"));
    let glance = support::page::text_contents(client, ".summary-glance").await.expect("read the glance");
    assert_eq!(glance, vec![format!("{total} highlights · {percent}% reviewed")]);
    click(client, "#summary-toggle").await;
    wait_for(client, "the summary to open", STEP_TIMEOUT, || async move {
        Ok(client.find(Locator::Css("#summary-body:not([hidden]) #summary-tags")).await.ok())
    })
    .await;

    let mut expected_tags: Vec<(String, String, u64)> =
        tags.tags.iter().map(|tag| (tag.id.as_str().to_string(), tag.label.clone(), 0)).collect();
    for tag_index in PLANNED.iter().flat_map(|planned| planned.tags.iter()).chain([&DRAGGED_TAG]) {
        expected_tags[*tag_index].2 += 1;
    }
    assert_eq!(chart_rows(client, "summary-tags").await, expected_tags, "highlights per tag");
    let mut expected_verdicts: Vec<(String, String, u64)> =
        Verdict::ALL.iter().map(|verdict| (verdict.id().to_string(), verdict.label().to_string(), 0)).collect();
    // Every planned claim (not the not-a-claim mark) and the dragged, unverified one.
    for verdict in PLANNED.iter().filter(|planned| !planned.tags.is_empty()).map(|planned| planned.verdict) {
        let row = Verdict::ALL.iter().position(|candidate| *candidate == verdict).unwrap();
        expected_verdicts[row].2 += 1;
    }
    expected_verdicts[0].2 += 1;
    assert_eq!(chart_rows(client, "summary-verdicts").await, expected_verdicts, "claims per verdict");
    let chart_name = attribute(client, "#summary-verdicts", "aria-label").await.unwrap_or_default();
    assert!(chart_name.starts_with("Claims per verdict: Unverified 3, True 2, Mostly true 2"), "{chart_name}");
    assert_eq!(attribute(client, "#summary-verdicts", "role").await.as_deref(), Some("img"));

    let meter = "#summary-body [role=\"progressbar\"]";
    assert_eq!(attribute(client, meter, "aria-valuenow").await, Some(reviewed.to_string()));
    assert_eq!(attribute(client, meter, "aria-valuemax").await, Some(sentences.to_string()));
    let meter_text = format!("{reviewed} of {sentences} sentences ({percent}%)");
    assert_eq!(attribute(client, meter, "aria-valuetext").await, Some(meter_text.clone()));
    assert_eq!(support::page::text_contents(client, "#review-meter-text").await.unwrap(), vec![meter_text]);
    let status = r#"return Object.fromEntries([...document.querySelectorAll('.summary-status-item')]
        .map((item) => [item.dataset.status, Number(item.dataset.count)]));"#;
    let status = run_script(client, status, vec![]).await.expect("read the status counts");
    assert_eq!(status, json!({"claims": total - 1, "not-a-claim": 1, "anchored": total, "fuzzy": 0, "orphan": 0}));
    assert_eq!(attribute(client, "#summary-fully-reviewed", "data-fully-reviewed").await.as_deref(), Some("false"));

    step("g. marking the article fully reviewed shows in the summary");
    click(client, "#mark-fully-reviewed").await;
    wait_for(client, "the summary to show the fully reviewed mark", STEP_TIMEOUT, || async move {
        Ok((attribute(client, "#summary-fully-reviewed", "data-fully-reviewed").await.as_deref() == Some("true"))
            .then_some(()))
    })
    .await;

    step("h. a screenshot of the strip and the summary together");
    let middle = r#"
        const target = [...document.querySelectorAll('mark.hl')].find((mark) => mark.textContent.includes('1.73 million'));
        target.scrollIntoView({block: 'center'});
        document.querySelector('#sidebar').scrollTop = 0;
        if (document.activeElement) document.activeElement.blur();
    "#;
    run_script(client, middle, vec![]).await.expect("scroll to the middle");
    // The status line's confirmation fades after a few seconds.
    wait_for(client, "the status line to clear", Duration::from_secs(15), || async move {
        Ok(client.find(Locator::Css("#status.visible")).await.is_err().then_some(()))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let path = save_screenshot(client, SCREENSHOT).await.unwrap_or_else(|error| panic!("{error}"));
    step(&format!("the screenshot is in {}", path.display()));
    assert_no_serious_violations(client, "article with the density strip and the open summary").await;
    let overflow = run_script(
        client,
        "const sidebar = document.getElementById('sidebar'); return sidebar.scrollWidth - sidebar.clientWidth;",
        vec![],
    )
    .await
    .expect("measure the sidebar");
    assert_eq!(overflow.as_i64(), Some(0), "the sidebar must not scroll sideways");

    step("i. in a narrow window the strip stays in view beside the text, never over it");
    client.set_window_size(480, 900).await.expect("narrow the window");
    let narrow = r#"
        const strip = document.querySelector('.density-strip').getBoundingClientRect();
        const article = document.querySelector('#article').getBoundingClientRect();
        return [strip.width > 0 && strip.height > 0, strip.left >= article.right - 0.5, strip.right <= window.innerWidth];
    "#;
    let narrow_layout = wait_for(client, "the narrow layout", STEP_TIMEOUT, || async move {
        let value = run_script(client, narrow, vec![]).await?;
        Ok(serde_json::from_value::<(bool, bool, bool)>(value).ok().filter(|(shown, _, _)| *shown))
    })
    .await;
    assert_eq!(narrow_layout, (true, true, true), "(shown, right of the text, inside the window)");
    let ticks = wait_for_tick_count(client, total).await;
    for pair in ticks.windows(2) {
        assert!(pair[0]["at"].as_f64() < pair[1]["at"].as_f64(), "ticks re-placed after the resize: {pair:#?}");
    }
    for tick in &ticks {
        let (at, mark_at) = (tick["at"].as_f64().unwrap(), tick["markAt"].as_f64().unwrap());
        assert!((at - mark_at).abs() < 0.04, "after the resize a tick is not at its highlight's height: {tick:#}");
    }
    let sideways = run_script(
        client,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        vec![],
    )
    .await
    .expect("measure the page");
    assert_eq!(
        sideways.as_i64(),
        Some(0),
        "in a narrow window the page (its app bar among it) must not scroll sideways"
    );
    save_screenshot(client, "e2e-pictures-narrow.png").await.unwrap_or_else(|error| panic!("{error}"));
}

/// The band's top as a fraction of the track's height.
async fn band_top(client: &Client) -> f64 {
    let script = r#"
        const track = document.querySelector('.density-track').getBoundingClientRect();
        const band = document.querySelector('.density-band').getBoundingClientRect();
        return (band.top - track.top) / track.height;
    "#;
    run_script(client, script, vec![]).await.expect("read the band").as_f64().unwrap_or(-1.0)
}
