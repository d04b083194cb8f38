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

/// Keeps Tab inside `container` (a modal dialog): from its last focusable
/// control Tab goes to the first, and Shift+Tab from the first (or from the
/// container itself) to the last. Returns true when it moved focus, so the
/// caller stops the browser's own move.
pub fn trap_tab(container: &Element, backwards: bool) -> bool {
    let selector = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                    textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";
    let Ok(list) = container.query_selector_all(selector) else { return false };
    let items: Vec<HtmlElement> =
        (0..list.length()).filter_map(|index| list.item(index)).filter_map(|node| node.dyn_into().ok()).collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return false };
    let active = web_sys::window().and_then(|window| window.document()).and_then(|document| document.active_element());
    let on = |item: &HtmlElement| active.as_ref().is_some_and(|active| item.is_same_node(Some(active)));
    let on_container = active.as_ref().is_some_and(|active| container.is_same_node(Some(active)));
    let target = if backwards && (on(first) || on_container) {
        last
    } else if !backwards && on(last) {
        first
    } else {
        return false;
    };
    let _ = target.focus();
    true
}
