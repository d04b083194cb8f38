//! The density strip: a thin vertical map beside the article with one tick
//! per placed highlight, in its tag's colour, and a band showing the part of
//! the article in the window. Clicking a tick (or pressing Enter on it)
//! opens that highlight, scrolls it into view and flashes it.
//!
//! Ticks are placed by block: each block's box is measured once after the
//! article is laid out and again after a resize (see [`crate::web::viewport`]),
//! and a tick sits at its block's top plus its share of the block's height.
//! A block-level map follows the page (a headline's few words take as much
//! room as a paragraph's line) without reading layout per tick or per render;
//! until the first measurement, ticks sit at their share of the text.
//!
//! Cost: the ticks are one list of [`Tick`] components with value-compared
//! props, keyed by annotation id, inside [`TickList`], whose list comes from
//! a memo over the core's ticks, the block boxes and the tags: a render that
//! changes none of them skips the list, and adding a highlight renders one
//! new tick. Scrolling renders nothing (the band is moved by a style write,
//! at most once per frame).
//!
//! Keyboard: the strip is one stop in the Tab order (the first tick); Up and
//! Down move between ticks, Home and End jump to the ends. Each tick is a
//! button named after its tag and quote.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::ui::truncate_with_ellipsis;
use crate::web::viewport::{measure_blocks, place_band, visible_part, BlockBox, FrameThrottledListener};
use claimmark_core::session::annotation::AnnotationId;
use claimmark_core::views::density::{density_ticks, tick_color, DensityTick, FRACTION_SCALE};

/// Props of [`DensityStrip`].
#[derive(Properties, PartialEq)]
pub struct DensityStripProps {
    /// The session whose highlights are mapped.
    pub session: UseReducerHandle<SessionState>,
    /// The rendered `<article>`, to measure.
    pub article_ref: NodeRef,
    /// Opens a highlight, scrolls to it and flashes it.
    pub on_select: Callback<AnnotationId>,
    /// False while the article is not on the page (editing its text).
    pub visible: bool,
}

/// The strip, kept in view beside the article column as the page scrolls.
#[function_component(DensityStrip)]
pub fn density_strip(props: &DensityStripProps) -> Html {
    let _span = crate::web::bench::Span::new("density-strip");
    let session = &props.session;
    let block_boxes = use_state(|| Rc::new(Vec::<BlockBox>::new()));
    let band_ref = use_node_ref();

    // Measure after the article is laid out (again for each new text or when
    // it comes back after editing), then on resize; move the band on scroll.
    {
        let block_boxes = block_boxes.clone();
        let article_ref = props.article_ref.clone();
        let band_ref = band_ref.clone();
        use_effect_with((session.article.id.clone(), props.visible), move |(_, visible)| {
            let refresh = move |remeasure: bool| {
                let Some(article) = article_ref.cast::<Element>() else { return };
                if remeasure {
                    let measured = measure_blocks(&article);
                    if **block_boxes != measured {
                        block_boxes.set(Rc::new(measured));
                    }
                }
                if let (Some(band), Some((start, end))) = (band_ref.cast::<HtmlElement>(), visible_part(&article)) {
                    place_band(&band, start, end);
                }
            };
            let listener = visible.then(|| {
                refresh(true);
                FrameThrottledListener::new(refresh)
            });
            move || drop(listener)
        });
    }

    // One callback for the strip's whole life, forwarding to the latest
    // `on_select`: a fresh callback per render would re-render every tick.
    let latest_on_select = use_mut_ref(|| props.on_select.clone());
    *latest_on_select.borrow_mut() = props.on_select.clone();
    let on_select = (*use_memo((), move |_| {
        Callback::from(move |id: AnnotationId| {
            latest_on_select.borrow().emit(id.clone());
            // Opening re-renders the highlight's block (which drops the flash
            // class) and scrolls the sidebar to the entry (which stops a smooth
            // scroll of the page); once both are done, jump there (a map is
            // for jumping) and flash it.
            Timeout::new(0, move || {
                crate::web::viewport::jump_to_annotation(id.as_str());
                crate::web::dom::scroll_to_annotation(id.as_str());
            })
            .forget();
        })
    }))
    .clone();

    // Labels and places are worked out again only when a tick, a block's
    // box or the tags change, not on every render of the app.
    let ticks = density_ticks(&session.annotations, &session.article);
    let count = ticks.len();
    let views = {
        let session = session.clone();
        use_memo((ticks, (*block_boxes).clone(), session.tags.clone()), move |(ticks, block_boxes, tags)| {
            // Shared per tag, so each tick's colour and name cost a count bump.
            let names: Vec<(AttrValue, AttrValue)> = tags
                .tags
                .iter()
                .map(|tag| (AttrValue::from(tag.color.clone()), AttrValue::from(tag.label.clone())))
                .collect();
            ticks
                .iter()
                .enumerate()
                .map(|(index, tick)| {
                    let quote = session
                        .annotations
                        .get(tick.annotation_index)
                        .map(|annotation| annotation.quote.exact.as_str())
                        .unwrap_or_default();
                    let known = tick
                        .tag
                        .as_ref()
                        .and_then(|tag| tags.tags.iter().position(|defined| &defined.id == tag))
                        .map(|position| names[position].clone());
                    let (color, name) = known.unwrap_or_else(|| {
                        let name = tick.tag.as_ref().map(|tag| tag.as_str()).unwrap_or("Untagged");
                        (AttrValue::from(tick_color(tick, tags).to_string()), AttrValue::from(name.to_string()))
                    });
                    TickProps {
                        id: Rc::from(tick.id.as_str()),
                        position: tick_position(tick, block_boxes),
                        color,
                        not_a_claim: tick.not_a_claim,
                        kind: if tick.not_a_claim { AttrValue::Static("Not a claim") } else { name },
                        quote: Rc::from(quote),
                        first: index == 0,
                        on_select: on_select.clone(),
                    }
                })
                .collect::<Vec<TickProps>>()
        })
    };

    let on_key_down = Callback::from(|event: KeyboardEvent| move_focus_between_ticks(&event));
    let label = match count {
        0 => "Highlight map: no highlights yet".to_string(),
        1 => "Highlight map: 1 highlight".to_string(),
        _ => format!("Highlight map: {count} highlights"),
    };
    html! {
        <nav class="density-strip" aria-label={label}
            hidden={!props.visible} onkeydown={on_key_down}>
            <div class="density-track">
                <div class="density-band" ref={band_ref} aria-hidden="true"></div>
                <TickList ticks={views} />
            </div>
        </nav>
    }
}

/// Where a tick sits on the strip, in [`FRACTION_SCALE`] parts of its height.
fn tick_position(tick: &DensityTick, block_boxes: &[BlockBox]) -> u32 {
    match block_boxes.get(tick.block) {
        Some(block_box) => {
            let within = tick.fraction_in_block as f64 / FRACTION_SCALE as f64;
            let fraction = (block_box.top + within * block_box.height).clamp(0.0, 1.0);
            (fraction * FRACTION_SCALE as f64).round() as u32
        }
        None => tick.fraction_in_text,
    }
}

/// Up/Down/Home/End between the strip's ticks, moving focus in the DOM only
/// (no render).
fn move_focus_between_ticks(event: &KeyboardEvent) {
    let Some(focused) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else { return };
    if !focused.class_list().contains("density-tick") {
        return;
    }
    let target = match event.key().as_str() {
        "ArrowDown" | "ArrowRight" => focused.next_element_sibling(),
        "ArrowUp" | "ArrowLeft" => focused.previous_element_sibling(),
        "Home" => focused.parent_element().and_then(|list| list.first_element_child()),
        "End" => focused.parent_element().and_then(|list| list.last_element_child()),
        _ => return,
    };
    event.prevent_default();
    if let Some(target) = target.and_then(|element| element.dyn_into::<HtmlElement>().ok()) {
        let _ = target.focus();
    }
}

#[derive(Properties)]
struct TickListProps {
    ticks: Rc<Vec<TickProps>>,
}

impl PartialEq for TickListProps {
    /// The list comes from a memo, which hands back the same `Rc` until a
    /// tick changes: comparing pointers spares comparing 1,000 ticks.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.ticks, &other.ticks)
    }
}

/// All ticks; re-renders only when a tick's place, colour or label changes.
#[function_component(TickList)]
fn tick_list(props: &TickListProps) -> Html {
    let _span = crate::web::bench::Span::new("density-ticks");
    // A thousand ticks are a thousand buttons: like the sidebar's entries,
    // they arrive a chunk per paint so the article's first paint need not
    // wait for them.
    let shown = crate::ui::incremental::use_incremental_limit(props.ticks.len());
    // The marks are drawn as a few SVG paths, one per colour, under the
    // (transparent) buttons: a thousand painted boxes made every scrolled
    // frame repaint them all, in long tasks.
    let mut paths: std::collections::BTreeMap<(bool, &str), String> = Default::default();
    for tick in props.ticks.iter() {
        let path = paths.entry((tick.not_a_claim, tick.color.as_str())).or_default();
        path.push_str(&format!("M14 {}H86", tick.position));
    }
    let outline = |not_a_claim: bool| {
        paths
            .iter()
            .filter(|((dimmed, _), _)| *dimmed == not_a_claim)
            .map(|(_, path)| path.as_str())
            .collect::<String>()
    };
    let (claim_outline, not_a_claim_outline) = (outline(false), outline(true));
    html! {
        <>
        <svg class="density-marks" viewBox={format!("0 0 100 {FRACTION_SCALE}")} preserveAspectRatio="none"
            aria-hidden="true" focusable="false">
            <path class="density-mark-outline" d={claim_outline} />
            <path class="density-mark-outline not-a-claim" d={not_a_claim_outline} />
            { for paths.iter().map(|((not_a_claim, color), path)| html! {
                <path class={classes!("density-mark", not_a_claim.then_some("not-a-claim"))} d={path.clone()}
                    style={format!("stroke:{color}")} />
            }) }
        </svg>
        <div class="density-ticks">
            { for props.ticks.iter().take(shown).map(|tick| html! {
                <Tick key={tick.id.clone()} id={tick.id.clone()} position={tick.position} color={tick.color.clone()}
                    not_a_claim={tick.not_a_claim} kind={tick.kind.clone()} quote={tick.quote.clone()}
                    first={tick.first} on_select={tick.on_select.clone()} />
            }) }
        </div>
        </>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct TickProps {
    /// The annotation's id.
    id: Rc<str>,
    /// In [`FRACTION_SCALE`] parts of the strip's height.
    position: u32,
    color: AttrValue,
    not_a_claim: bool,
    /// "Statistic", "Untagged" or "Not a claim".
    kind: AttrValue,
    /// The highlighted text, in full (the label shortens it).
    quote: Rc<str>,
    /// The first tick is the strip's stop in the Tab order.
    first: bool,
    on_select: Callback<AnnotationId>,
}

#[function_component(Tick)]
fn tick(props: &TickProps) -> Html {
    let onclick = {
        let id = props.id.clone();
        let on_select = props.on_select.clone();
        Callback::from(move |_| on_select.emit(AnnotationId(id.to_string())))
    };
    // Built here, so only a tick that renders pays for its label.
    let label = AttrValue::from(format!("{}: “{}”", props.kind, truncate_with_ellipsis(&props.quote, 48)));
    let percent = props.position as f64 * 100.0 / FRACTION_SCALE as f64;
    html! {
        <button type="button" class={classes!("density-tick", props.not_a_claim.then_some("not-a-claim"))}
            style={format!("top:{percent:.2}%;--tick:{}", props.color)} data-annotation={AttrValue::from(props.id.clone())}
            data-position={props.position.to_string()} aria-label={label.clone()} title={label}
            tabindex={if props.first { "0" } else { "-1" }} {onclick}>
        </button>
    }
}
