//! The browser side of check-worthiness suggestions: the suggestion
//! settings in localStorage, a monotonic clock for scoring in slices, and
//! the DOM chores of showing a suggestion (scrolling to it, focusing it,
//! reading which one a click landed on).
//!
//! The settings' JSON and every rule about suggestions belong to
//! [`claimmark_core::suggest::suggestions`]; this module only moves values in and out
//! of the browser. It knows the suggestion markup (`#article
//! [data-suggestion]`), not the components that render it.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, MouseEvent};

use super::describe_js_error;
use claimmark_core::suggest::suggestions::{SuggestionPrefs, PREFS_KEY};

/// The saved suggestion settings: `Ok(None)` when there are none, `Err`
/// with a reason when they cannot be read (the value is then left as it
/// is until the user changes a setting).
pub fn load_prefs() -> Result<Option<SuggestionPrefs>, String> {
    let storage = local_storage()?;
    let raw = storage.get_item(PREFS_KEY).map_err(|error| describe_js_error(&error))?;
    match raw {
        None => Ok(None),
        Some(json) => SuggestionPrefs::decode(&json).map(Some).map_err(|error| error.to_string()),
    }
}

/// Saves the suggestion settings.
pub fn save_prefs(prefs: &SuggestionPrefs) -> Result<(), String> {
    local_storage()?.set_item(PREFS_KEY, &prefs.encode()).map_err(|error| describe_js_error(&error))
}

fn local_storage() -> Result<web_sys::Storage, String> {
    match gloo::utils::window().local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("this browser offers no localStorage".to_string()),
        Err(error) => Err(describe_js_error(&error)),
    }
}

/// Milliseconds from `performance.now()`, for timing slices of work.
pub fn monotonic_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |performance| performance.now())
}

/// The rendered suggestion starting at code point `start`, if any.
fn suggestion_element(start: usize) -> Option<Element> {
    let selector = format!("#article [data-suggestion=\"{start}\"]");
    gloo::utils::document().query_selector(&selector).ok().flatten()
}

/// Scrolls the suggestion starting at `start` into view if it is not, and
/// gives it keyboard focus so its reasons show and screen readers read it.
pub fn reveal_suggestion(start: usize) {
    let Some(element) = suggestion_element(start) else {
        return;
    };
    let rect = element.get_bounding_client_rect();
    let viewport_height = gloo::utils::window().inner_height().ok().and_then(|height| height.as_f64()).unwrap_or(0.0);
    if rect.top() < 80.0 || rect.bottom() > viewport_height - 40.0 {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
    if let Some(html_element) = element.dyn_ref::<HtmlElement>() {
        // Focus only moves when nothing is selected, so a selection the
        // user is making is never disturbed.
        let selection_is_empty =
            gloo::utils::window().get_selection().ok().flatten().is_none_or(|selection| selection.is_collapsed());
        if selection_is_empty {
            let _ = html_element.focus();
        }
    }
}

/// The start of the suggestion a click landed on, unless the click ended a
/// drag that selected text or landed on a highlight.
pub fn suggestion_at_click(event: &MouseEvent) -> Option<usize> {
    let selection_is_empty =
        gloo::utils::window().get_selection().ok().flatten().is_none_or(|selection| selection.is_collapsed());
    if !selection_is_empty {
        return None;
    }
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let suggestion = target.closest("#article [data-suggestion]").ok()??;
    suggestion.get_attribute("data-suggestion")?.parse().ok()
}

/// True when a key event should move between suggestions on Tab: it comes
/// from the page itself or from inside the article, not from a control
/// whose own Tab order the user is following.
pub fn tab_belongs_to_the_article(event: &web_sys::Event) -> bool {
    let Some(target) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else {
        return true;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    tag == "body" || tag == "html" || super::events::event_is_inside(event, "article")
}

/// True when the key event comes from a field the user types into, where
/// letters belong to the field. Switches and sliders are not such fields,
/// so "n" works right after turning suggestions on.
pub fn event_is_from_typing_field(event: &web_sys::Event) -> bool {
    let target = event.target();
    if let Some(input) = target.as_ref().and_then(|target| target.dyn_ref::<HtmlInputElement>()) {
        return !matches!(
            input.type_().as_str(),
            "checkbox" | "radio" | "range" | "button" | "submit" | "reset" | "color" | "file"
        );
    }
    super::events::event_is_from_text_field(event)
}
