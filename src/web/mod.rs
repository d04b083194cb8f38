//! The browser layer: the only code in claimmark that touches browser APIs.
//!
//! It reads the clock and draws random ids for the core, maps DOM selections
//! (counted in UTF-16 code units over text nodes) onto code-point offsets of
//! an article's canonical text, keeps annotations in localStorage, and does
//! the small DOM chores the UI needs: downloads, the clipboard, scrolling to
//! a highlight, reading what a click or key press landed on.
//!
//! It knows the DOM contract the UI renders (`[data-block]` elements whose
//! text nodes spell the block text exactly, `mark.hl` highlights carrying
//! `data-annotations`), but nothing about Yew or how components are built.
//! Business rules (normalising a selection, the stored format, the session
//! reducer) stay in [`claimmark_core`]; this layer only carries values to and
//! from the browser.

pub mod after_paint;
pub mod article_store;
pub mod bench;
pub mod clipboard;
pub mod clock;
pub mod dom;
pub mod download;
pub mod events;
pub mod files;
pub mod focus;
pub mod html_source;
pub mod ids;
pub mod library_store;
pub mod selection;
pub mod storage;
pub mod suggestions;
pub mod tag_store;
pub mod viewport;

use wasm_bindgen::{JsCast, JsValue};

/// A readable description of a thrown JavaScript value: `"Name: message"`
/// for `Error`s and `DOMException`s, the value's string form otherwise.
pub(crate) fn describe_js_error(error: &JsValue) -> String {
    let name = js_string_property(error, "name");
    let message = js_string_property(error, "message");
    match (name, message) {
        (Some(name), Some(message)) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _) => name,
        (None, Some(message)) => message,
        (None, None) => error
            .as_string()
            .or_else(|| error.dyn_ref::<js_sys::Object>().map(|object| String::from(object.to_string())))
            .unwrap_or_else(|| "unknown error".to_string()),
    }
}

/// The string value of `object[property]`, when it is a string.
pub(crate) fn js_string_property(object: &JsValue, property: &str) -> Option<String> {
    if !object.is_object() {
        return None;
    }
    js_sys::Reflect::get(object, &JsValue::from_str(property)).ok().and_then(|value| value.as_string())
}
