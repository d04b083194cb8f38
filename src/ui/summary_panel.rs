//! The summary panel at the top of the sidebar: highlights per tag and
//! claims per verdict as two small bar charts (inline SVG drawn by Yew), the
//! share of sentences reviewed as a progress bar, the anchoring and kind
//! counts, and the "fully reviewed" mark.
//!
//! It is collapsed by default, with its key figures on the toggle, so it
//! stays out of the way of the annotation list. The counts come from
//! [`claimmark_core::views::summary`]; the sentence map is computed once per article
//! text. The charts are value-compared components: they render only when a
//! count changes, not on every edit of a note. Each chart is an `img` whose
//! accessible name lists every figure, and every bar carries a text label
//! and its count, so colour is never the only cue.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::app::SessionState;

use claimmark_core::session::annotation::Verdict;
use claimmark_core::views::summary::{summarize, ReviewProgress, SentenceMap, StatusTally, Summary};

/// Props of [`SummaryPanel`].
#[derive(Properties, PartialEq)]
pub struct SummaryPanelProps {
    /// The session to count.
    pub session: UseReducerHandle<SessionState>,
}

/// The collapsible summary.
#[function_component(SummaryPanel)]
pub fn summary_panel(props: &SummaryPanelProps) -> Html {
    let _span = crate::web::bench::Span::new("summary");
    let session = &props.session;
    let expanded = use_state(|| false);
    let sentences = {
        let article = session.article.clone();
        use_memo(session.article.id.clone(), move |_| SentenceMap::of_article(&article))
    };
    let summary = summarize(&session.annotations, &session.tags, &sentences, session.fully_reviewed);
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    let highlights = plural(summary.total, "highlight", "highlights");
    html! {
        <section class={classes!("panel", "summary-panel", expanded.then_some("expanded"))} aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="summary-heading">
                <button type="button" id="summary-toggle" aria-expanded={expanded.to_string()} aria-controls="summary-body"
                    onclick={toggle}>
                    <span class="summary-title">{ "Summary" }</span>
                    <span class="summary-glance">
                        { format!("{highlights} · {}% reviewed", summary.review.percent()) }
                    </span>
                    <span class="summary-chevron" aria-hidden="true"></span>
                </button>
            </h2>
            <div id="summary-body" class="summary-body" hidden={!*expanded}>
                if *expanded {
                    <SummaryBody summary={Rc::new(summary)} />
                }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryBodyProps {
    summary: Rc<Summary>,
}

#[function_component(SummaryBody)]
fn summary_body(props: &SummaryBodyProps) -> Html {
    let summary = &props.summary;
    let mut tag_bars: Vec<Bar> = summary
        .per_tag
        .iter()
        .map(|tally| Bar {
            key: tally.tag.as_str().to_string(),
            label: tally.label.clone(),
            count: tally.count,
            color: tally.color.clone(),
        })
        .collect();
    if summary.untagged > 0 {
        tag_bars.push(Bar {
            key: String::new(),
            label: "Untagged".to_string(),
            count: summary.untagged,
            color: claimmark_core::views::density::UNTAGGED_COLOR.to_string(),
        });
    }
    let verdict_bars: Vec<Bar> = summary
        .per_verdict
        .iter()
        .map(|(verdict, count)| Bar {
            key: verdict.id().to_string(),
            label: verdict.label().to_string(),
            count: *count,
            color: verdict_color(*verdict).to_string(),
        })
        .collect();
    html! {
        <>
            <ReviewMeter review={summary.review} fully_reviewed={summary.fully_reviewed} />
            <h3 class="summary-subheading" id="summary-tags-heading">{ "Highlights per tag" }</h3>
            <BarChart id="summary-tags" title="Highlights per tag" bars={Rc::new(tag_bars)} />
            <h3 class="summary-subheading" id="summary-verdicts-heading">{ "Claims per verdict" }</h3>
            <BarChart id="summary-verdicts" title="Claims per verdict" bars={Rc::new(verdict_bars)} />
            <StatusLine status={summary.status} total={summary.total} />
        </>
    }
}

/// The colour of a verdict's bar: a calm scale from green (true) to red
/// (false), greys for unverified and unproven. Labels carry the meaning.
fn verdict_color(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Unverified => "#d9d9d9",
        Verdict::True => "#8fd19e",
        Verdict::MostlyTrue => "#c3e6a1",
        Verdict::HalfTrue => "#ffe08a",
        Verdict::Misleading => "#ffc187",
        Verdict::False => "#f4a09c",
        Verdict::Unproven => "#c9c2e8",
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[derive(Properties, PartialEq)]
struct ReviewMeterProps {
    review: ReviewProgress,
    fully_reviewed: bool,
}

/// "Reviewed: 23 of 41 sentences (56%)" over a progress bar.
#[function_component(ReviewMeter)]
fn review_meter(props: &ReviewMeterProps) -> Html {
    let review = props.review;
    let text =
        format!("{} of {} ({}%)", review.reviewed, plural(review.total, "sentence", "sentences"), review.percent());
    html! {
        <div class="review-meter">
            <p class="review-meter-label" id="review-meter-label">
                <span>{ "Reviewed: " }</span><strong id="review-meter-text">{ text.clone() }</strong>
            </p>
            <div class="review-meter-track" role="progressbar" aria-labelledby="review-meter-label"
                aria-valuemin="0" aria-valuemax={review.total.to_string()} aria-valuenow={review.reviewed.to_string()}
                aria-valuetext={text} data-reviewed={review.reviewed.to_string()} data-total={review.total.to_string()}>
                <div class="review-meter-fill" style={format!("width:{:.2}%", review.share() * 100.0)}></div>
            </div>
            <p class={classes!("review-flag", props.fully_reviewed.then_some("done"))} id="summary-fully-reviewed"
                data-fully-reviewed={props.fully_reviewed.to_string()}>
                { if props.fully_reviewed { "✓ Article marked fully reviewed" } else { "Article not yet marked fully reviewed" } }
            </p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct StatusLineProps {
    status: StatusTally,
    total: usize,
}

/// Claims versus "not a claim" marks, and how the highlights are anchored.
#[function_component(StatusLine)]
fn status_line(props: &StatusLineProps) -> Html {
    let status = props.status;
    let items = [
        ("claims", "Claims", status.claims),
        ("not-a-claim", "Not a claim", status.not_a_claim),
        ("anchored", "Anchored", status.anchored),
        ("fuzzy", "Fuzzy", status.fuzzy),
        ("orphan", "Orphans", status.orphan),
    ];
    html! {
        <dl class="summary-status" aria-label={format!("Status of {}", plural(props.total, "highlight", "highlights"))}>
            { for items.into_iter().map(|(key, label, count)| html! {
                <div class="summary-status-item" data-status={key} data-count={count.to_string()}>
                    <dt>{ label }</dt><dd>{ count }</dd>
                </div>
            }) }
        </dl>
    }
}

/// One bar of a chart.
#[derive(Clone, Debug, PartialEq)]
struct Bar {
    /// Stable identity (tag or verdict id), written as `data-key`.
    key: String,
    label: String,
    count: usize,
    color: String,
}

#[derive(Properties, PartialEq)]
struct BarChartProps {
    id: AttrValue,
    title: AttrValue,
    bars: Rc<Vec<Bar>>,
}

/// Width of the chart's coordinate system; the SVG scales to its box.
const CHART_WIDTH: f64 = 320.0;
/// Where bars start, after the labels.
const LABEL_WIDTH: f64 = 132.0;
/// Room kept after the longest bar for its count.
const COUNT_WIDTH: f64 = 34.0;
const ROW_HEIGHT: f64 = 22.0;
const BAR_HEIGHT: f64 = 14.0;
/// Labels longer than this are cut with "…" (the full one is in the title).
const LABEL_CHARACTERS: usize = 20;

/// A horizontal bar chart: label, bar, count per row.
#[function_component(BarChart)]
fn bar_chart(props: &BarChartProps) -> Html {
    let bars = &props.bars;
    let largest = bars.iter().map(|bar| bar.count).max().unwrap_or(0).max(1) as f64;
    let span = CHART_WIDTH - LABEL_WIDTH - COUNT_WIDTH;
    let height = ROW_HEIGHT * bars.len() as f64;
    let description = format!(
        "{}: {}",
        props.title,
        bars.iter().map(|bar| format!("{} {}", bar.label, bar.count)).collect::<Vec<_>>().join(", ")
    );
    let rows = bars.iter().enumerate().map(|(row, bar)| {
        let top = row as f64 * ROW_HEIGHT;
        let middle = top + ROW_HEIGHT / 2.0;
        let width = if bar.count == 0 { 0.0 } else { (bar.count as f64 / largest * span).max(3.0) };
        let label = crate::ui::truncate_with_ellipsis(&bar.label, LABEL_CHARACTERS);
        html! {
            <g class={classes!("chart-row", (bar.count == 0).then_some("empty"))} data-key={bar.key.clone()}
                data-label={bar.label.clone()} data-count={bar.count.to_string()}>
                <title>{ format!("{}: {}", bar.label, bar.count) }</title>
                <text class="chart-label" x="0" y={format!("{middle}")} dominant-baseline="central">{ label }</text>
                <rect class="chart-track" x={format!("{LABEL_WIDTH}")} y={format!("{}", middle - BAR_HEIGHT / 2.0)}
                    width={format!("{span}")} height={format!("{BAR_HEIGHT}")} rx="3" />
                if bar.count > 0 {
                    <rect class="chart-bar" x={format!("{LABEL_WIDTH}")} y={format!("{}", middle - BAR_HEIGHT / 2.0)}
                        width={format!("{width:.1}")} height={format!("{BAR_HEIGHT}")} rx="3" fill={bar.color.clone()} />
                }
                <text class="chart-count" x={format!("{:.1}", LABEL_WIDTH + width + 5.0)} y={format!("{middle}")}
                    dominant-baseline="central">{ bar.count }</text>
            </g>
        }
    });
    html! {
        <svg id={props.id.clone()} class="bar-chart" role="img" aria-label={description.clone()}
            viewBox={format!("0 0 {CHART_WIDTH} {height}")} preserveAspectRatio="xMinYMin meet"
            style={format!("aspect-ratio:{CHART_WIDTH}/{height}")}>
            <title>{ description }</title>
            { for rows }
        </svg>
    }
}
