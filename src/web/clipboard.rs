//! Copying text to the system clipboard.
//!
//! Uses the asynchronous Clipboard API (`navigator.clipboard.writeText`) and
//! falls back to a hidden textarea and `document.execCommand("copy")` where
//! that API is missing (pages not served from a secure context) or refuses
//! (some browsers when the document lacks focus). It knows nothing of what
//! the text is.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlDocument, HtmlTextAreaElement};

use super::describe_js_error;

/// Puts `text` on the clipboard. The error is a short, readable reason.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let navigator = window.navigator();
    let clipboard_api_present = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|clipboard| !clipboard.is_undefined() && !clipboard.is_null())
        .unwrap_or(false);
    if !clipboard_api_present {
        return copy_with_exec_command(text);
    }
    match JsFuture::from(navigator.clipboard().write_text(text)).await {
        Ok(_) => Ok(()),
        Err(error) => {
            let reason = describe_js_error(&error);
            copy_with_exec_command(text).map_err(|_| format!("the browser refused ({reason})"))
        }
    }
}

/// The legacy route: select the text in an off-screen textarea and ask the
/// document to copy the selection.
fn copy_with_exec_command(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let document = window.document().ok_or("no document")?;
    let body = document.body().ok_or("the page has no body")?;
    let textarea = document
        .create_element("textarea")
        .ok()
        .and_then(|element| element.dyn_into::<HtmlTextAreaElement>().ok())
        .ok_or("could not create a text field to copy from")?;
    textarea.set_value(text);
    textarea.set_read_only(true);
    // Off-screen but rendered: a hidden or display:none field cannot be selected.
    let _ = textarea.set_attribute("style", "position:fixed;top:0;left:-9999px;opacity:0");
    let _ = textarea.set_attribute("aria-hidden", "true");
    body.append_child(&textarea).map_err(|error| describe_js_error(&error))?;

    // Remember what the user had selected, so copying does not lose it.
    let previous_ranges = saved_selection_ranges();
    textarea.select();
    let copied = document
        .dyn_into::<HtmlDocument>()
        .ok()
        .map(|html_document| html_document.exec_command("copy"))
        .unwrap_or(Ok(false));
    textarea.remove();
    restore_selection_ranges(previous_ranges);

    match copied {
        Ok(true) => Ok(()),
        Ok(false) => Err("the browser does not allow copying from this page".to_string()),
        Err(error) => Err(describe_js_error(&error)),
    }
}

fn saved_selection_ranges() -> Vec<web_sys::Range> {
    let Some(selection) = web_sys::window().and_then(|window| window.get_selection().ok().flatten()) else {
        return Vec::new();
    };
    (0..selection.range_count()).filter_map(|index| selection.get_range_at(index).ok()).collect()
}

fn restore_selection_ranges(ranges: Vec<web_sys::Range>) {
    let Some(selection) = web_sys::window().and_then(|window| window.get_selection().ok().flatten()) else {
        return;
    };
    let _ = selection.remove_all_ranges();
    for range in ranges {
        let _ = selection.add_range(&range);
    }
}
