//! Where the article's blocks sit on the page and which part of the article
//! the window shows, for the density strip; and a scroll/resize listener that
//! calls back at most once per animation frame.
//!
//! Layout is read only here, and only when asked: once after the article is
//! laid out and again after a resize ([`measure_blocks`], one read per
//! block), and once per frame while scrolling ([`visible_part`], one read).
//! Nothing reads layout per highlight. This module knows the DOM contract's
//! `[data-block]` elements, nothing of annotations or Yew.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

/// One block's box, as fractions of the article element's height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlockBox {
    /// From the article's top to the block's top.
    pub top: f64,
    /// The block's height.
    pub height: f64,
}

/// The boxes of the `[data-block]` elements inside `article`, in block
/// order; empty when the article has no height yet (not laid out).
pub fn measure_blocks(article: &Element) -> Vec<BlockBox> {
    let article_box = article.get_bounding_client_rect();
    let article_height = article_box.height();
    if article_height <= 0.0 {
        return Vec::new();
    }
    let Ok(blocks) = article.query_selector_all("[data-block]") else {
        return Vec::new();
    };
    let mut boxes: Vec<(usize, BlockBox)> = (0..blocks.length())
        .filter_map(|index| blocks.item(index)?.dyn_into::<Element>().ok())
        .filter_map(|block| {
            let index = block.get_attribute("data-block")?.parse::<usize>().ok()?;
            let block_box = block.get_bounding_client_rect();
            Some((
                index,
                BlockBox {
                    top: (block_box.top() - article_box.top()) / article_height,
                    height: block_box.height() / article_height,
                },
            ))
        })
        .collect();
    boxes.sort_by_key(|(index, _)| *index);
    // Indexes are contiguous per the DOM contract; a gap means the article
    // is being replaced, and the caller falls back to text positions.
    if boxes.iter().enumerate().any(|(position, (index, _))| position != *index) {
        return Vec::new();
    }
    boxes.into_iter().map(|(_, block_box)| block_box).collect()
}

/// The part of `article` inside the window, as fractions of its height
/// (start, end), clamped to 0..=1; `None` before layout.
pub fn visible_part(article: &Element) -> Option<(f64, f64)> {
    let window = web_sys::window()?;
    let viewport_height = window.inner_height().ok()?.as_f64()?;
    let article_box = article.get_bounding_client_rect();
    let height = article_box.height();
    if height <= 0.0 {
        return None;
    }
    let start = (-article_box.top() / height).clamp(0.0, 1.0);
    let end = ((viewport_height - article_box.top()) / height).clamp(0.0, 1.0);
    Some((start, end))
}

/// Scrolls the page at once so the first mark of `annotation_id` sits in the
/// middle of the window, as a jump on a map should; does nothing when the
/// annotation has no mark.
pub fn jump_to_annotation(annotation_id: &str) {
    if let Some(first) = crate::web::dom::highlight_marks(annotation_id).first() {
        let options = ScrollIntoViewOptions::new();
        options.set_block(ScrollLogicalPosition::Center);
        options.set_behavior(ScrollBehavior::Instant);
        first.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Sets `top` and `height` of `element` to percentages, without going
/// through a render.
pub fn place_band(element: &HtmlElement, start: f64, end: f64) {
    let style = element.style();
    let _ = style.set_property("top", &format!("{:.3}%", start * 100.0));
    let _ = style.set_property("height", &format!("{:.3}%", (end - start).max(0.0) * 100.0));
}

/// Calls `on_frame` at most once per animation frame after the window
/// scrolls or resizes, with `true` when a resize happened since the last
/// call. Dropping it removes the listeners and cancels a pending frame.
pub struct FrameThrottledListener {
    _scroll: EventListener,
    _resize: EventListener,
    pending_frame: Rc<Cell<Option<i32>>>,
    // Kept alive while a frame may still call it.
    _frame_callback: Rc<Closure<dyn FnMut()>>,
}

impl FrameThrottledListener {
    /// Starts listening; see the type's documentation.
    pub fn new(on_frame: impl Fn(bool) + 'static) -> FrameThrottledListener {
        let window = gloo::utils::window();
        let pending_frame: Rc<Cell<Option<i32>>> = Rc::new(Cell::new(None));
        let resized = Rc::new(Cell::new(false));
        let frame_callback: Rc<Closure<dyn FnMut()>> = Rc::new(Closure::new({
            let pending_frame = pending_frame.clone();
            let resized = resized.clone();
            move || {
                pending_frame.set(None);
                on_frame(resized.replace(false));
            }
        }));
        let schedule = {
            let pending_frame = pending_frame.clone();
            let frame_callback = Rc::downgrade(&frame_callback);
            move || {
                if pending_frame.get().is_some() {
                    return;
                }
                let Some(callback) = frame_callback.upgrade() else { return };
                let requested =
                    gloo::utils::window().request_animation_frame(callback.as_ref().as_ref().unchecked_ref());
                pending_frame.set(requested.ok());
            }
        };
        let passive = EventListenerOptions { passive: true, ..EventListenerOptions::default() };
        let scroll = {
            let schedule = schedule.clone();
            EventListener::new_with_options(&window, "scroll", passive, move |_| schedule())
        };
        let resize = EventListener::new_with_options(&window, "resize", passive, move |_| {
            resized.set(true);
            schedule();
        });
        FrameThrottledListener { _scroll: scroll, _resize: resize, pending_frame, _frame_callback: frame_callback }
    }
}

impl Drop for FrameThrottledListener {
    fn drop(&mut self) {
        if let Some(frame) = self.pending_frame.take() {
            let _ = gloo::utils::window().cancel_animation_frame(frame);
        }
    }
}
