//! Moving keyboard focus inside menus: the arrow-key chores an accessible
//! menu needs. It knows the DOM, not what the menu offers.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Which item of a menu to focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusMove {
    /// The first item.
    First,
    /// The last item.
    Last,
    /// The item after the focused one, wrapping round.
    Next,
    /// The item before the focused one, wrapping round.
    Previous,
}

/// Focuses an element of `container` matching `selector`, chosen by `step`
/// relative to the element that has focus now.
pub fn move_focus_within(container: &Element, selector: &str, step: FocusMove) {
    let Ok(list) = container.query_selector_all(selector) else { return };
    let items: Vec<HtmlElement> =
        (0..list.length()).filter_map(|index| list.item(index)).filter_map(|node| node.dyn_into().ok()).collect();
    if items.is_empty() {
        return;
    }
    let active = web_sys::window().and_then(|window| window.document()).and_then(|document| document.active_element());
    let current = active.and_then(|active| items.iter().position(|item| item.is_same_node(Some(&active))));
    let count = items.len();
    let target = match (step, current) {
        (FocusMove::First, _) | (FocusMove::Next, None) => 0,
        (FocusMove::Last, _) | (FocusMove::Previous, None) => count - 1,
        (FocusMove::Next, Some(index)) => (index + 1) % count,
        (FocusMove::Previous, Some(index)) => (index + count - 1) % count,
    };
    let _ = items[target].focus();
}

/// Focuses the element with `id`, if there is one.
pub fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Opens the file picker of the `<input type="file">` with `id`, clearing
/// its previous choice so the same file can be picked again.
pub fn open_file_picker(id: &str) {
    let input = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        input.set_value("");
        input.click();
    }
}
