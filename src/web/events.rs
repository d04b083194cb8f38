//! Reading the DOM side of UI events: which highlight a click landed on,
//! which element a key press came from, and a render counter for tests.
//!
//! It knows the DOM contract's ids and attributes (`mark.hl`,
//! `data-annotations`, `#sidebar`), not the components that render them.

use std::cell::Cell;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, MouseEvent, Node};

thread_local! {
    static BLOCK_RENDERS: Cell<u64> = const { Cell::new(0) };
}

/// Counts one render of an article block. Benchmarks and tests read the
/// total to prove that an edit re-renders only the blocks it touches.
pub fn count_block_render() {
    BLOCK_RENDERS.with(|count| count.set(count.get() + 1));
}

/// How many article blocks have rendered since the page loaded.
pub fn block_render_count() -> u64 {
    BLOCK_RENDERS.with(Cell::get)
}

/// The annotation ids (topmost first) of the highlight a click landed on,
/// or `None` when the click was elsewhere or ended a drag that selected text.
pub fn highlight_ids_at_click(event: &MouseEvent) -> Option<Vec<String>> {
    if selection_is_nonempty() {
        return None;
    }
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let mark = target.closest("mark.hl").ok()??;
    let ids = mark.get_attribute("data-annotations")?;
    let ids: Vec<String> = ids.split_whitespace().map(str::to_string).collect();
    (!ids.is_empty()).then_some(ids)
}

fn selection_is_nonempty() -> bool {
    gloo::utils::window().get_selection().ok().flatten().is_some_and(|selection| !selection.is_collapsed())
}

/// True when the event started inside a text field, where typed keys belong
/// to the field and must not trigger shortcuts.
pub fn event_is_from_text_field(event: &Event) -> bool {
    let Some(element) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else {
        return false;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || element.get_attribute("contenteditable").is_some_and(|value| value != "false")
}

/// True when the event started inside the element with id `container_id`
/// (or on it).
pub fn event_is_inside(event: &Event, container_id: &str) -> bool {
    let mut node = event.target().and_then(|target| target.dyn_into::<Node>().ok());
    // Walking up and comparing ids keeps the id out of selector syntax.
    while let Some(current) = node {
        if current.dyn_ref::<Element>().is_some_and(|element| element.id() == container_id) {
            return true;
        }
        node = current.parent_node();
    }
    false
}

/// Scrolls the sidebar entry of `annotation_id` into view, if it exists.
pub fn reveal_sidebar_entry(annotation_id: &str) {
    let Ok(entries) = gloo::utils::document().query_selector_all("#sidebar [data-annotation]") else {
        return;
    };
    let entry = (0..entries.length())
        .filter_map(|index| entries.item(index))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .find(|element| element.get_attribute("data-annotation").as_deref() == Some(annotation_id));
    if let Some(element) = entry {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}
