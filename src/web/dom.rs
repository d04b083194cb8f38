//! Small DOM chores on rendered highlights: bringing one into view and
//! flashing it so the eye finds it.
//!
//! It relies only on the DOM contract (`mark.hl` elements whose
//! `data-annotations` lists the covering annotation ids); it knows nothing
//! of how the marks are rendered.

use std::cell::RefCell;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

/// CSS class that plays the flash animation on a highlight.
pub const FLASH_CLASS: &str = "flash";

/// How long a highlight keeps the flash class, in milliseconds.
pub const FLASH_MILLIS: u32 = 1200;

/// The flash in progress: the marks carrying the class, and the timer that
/// will take it off. Dropping the timer cancels it.
struct PendingFlash {
    marks: Vec<Element>,
    // Kept after it fires: dropping it inside its own callback would free the
    // closure that is running. The next flash drops it.
    _timer: Timeout,
}

thread_local! {
    static PENDING_FLASH: RefCell<Option<PendingFlash>> = const { RefCell::new(None) };
}

/// Every `mark.hl` in the document whose `data-annotations` lists
/// `annotation_id`, in document order.
pub fn highlight_marks(annotation_id: &str) -> Vec<Element> {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return Vec::new();
    };
    let Ok(marks) = document.query_selector_all("mark.hl[data-annotations]") else {
        return Vec::new();
    };
    // Filtering in Rust rather than with `[data-annotations~="…"]` keeps ids
    // out of selector syntax, so no id can break or widen the query.
    (0..marks.length())
        .filter_map(|index| marks.item(index))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .filter(|mark| {
            mark.get_attribute("data-annotations")
                .is_some_and(|ids| ids.split_whitespace().any(|id| id == annotation_id))
        })
        .collect()
}

/// Scrolls the first highlight of `annotation_id` to the middle of the
/// viewport and flashes every mark of it for [`FLASH_MILLIS`]. Does nothing
/// when the annotation has no mark on the page.
pub fn scroll_to_annotation(annotation_id: &str) {
    let marks = highlight_marks(annotation_id);
    let Some(first) = marks.first() else {
        return;
    };
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Center);
    options.set_behavior(if prefers_reduced_motion() { ScrollBehavior::Auto } else { ScrollBehavior::Smooth });
    first.scroll_into_view_with_scroll_into_view_options(&options);
    flash(marks);
}

/// True while any element carries the flash class for `annotation_id`.
pub fn is_flashing(annotation_id: &str) -> bool {
    highlight_marks(annotation_id).iter().any(|mark| mark.class_list().contains(FLASH_CLASS))
}

fn flash(marks: Vec<Element>) {
    // A flash still running would otherwise take the class off the new marks
    // early when its timer fires; end it now instead.
    if let Some(previous) = PENDING_FLASH.with(|pending| pending.borrow_mut().take()) {
        remove_flash_class(&previous.marks);
    }
    for mark in &marks {
        // Reading the layout between removing and adding the class restarts
        // the CSS animation on a mark that was already flashing.
        let _ = mark.class_list().remove_1(FLASH_CLASS);
        let _ = mark.get_bounding_client_rect();
        let _ = mark.class_list().add_1(FLASH_CLASS);
    }
    let timer = Timeout::new(FLASH_MILLIS, || {
        PENDING_FLASH.with(|pending| {
            if let Some(finished) = pending.borrow_mut().as_mut() {
                remove_flash_class(&finished.marks);
                finished.marks.clear();
            }
        });
    });
    PENDING_FLASH.with(|pending| *pending.borrow_mut() = Some(PendingFlash { marks, _timer: timer }));
}

fn remove_flash_class(marks: &[Element]) {
    for mark in marks {
        let _ = mark.class_list().remove_1(FLASH_CLASS);
    }
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| window.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|query| query.matches())
}
