//! Saving text as a file: a Blob behind an object URL, clicked through a
//! temporary `<a download>`.
//!
//! It knows nothing of what the text is; the export format lives in the core.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use super::describe_js_error;

/// How long the object URL outlives the click. Browsers resolve the URL
/// asynchronously once the download starts, and Firefox fails downloads whose
/// URL was revoked in the same task, so revoking waits a little.
const REVOKE_DELAY_MILLIS: u32 = 10_000;

/// Offers `text` to the user as a download named `file_name`, with
/// `mime_type` (for example `"application/json"`). The text is written as
/// UTF-8.
pub fn download_text(file_name: &str, mime_type: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let document = window.document().ok_or("no document")?;
    let body = document.body().ok_or("the page has no body")?;

    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime_type);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|error| format!("could not create the file: {}", describe_js_error(&error)))?;
    let url = Url::create_object_url_with_blob(&blob)
        .map_err(|error| format!("could not create a download link: {}", describe_js_error(&error)))?;

    let anchor = match document.create_element("a").map(|element| element.dyn_into::<HtmlAnchorElement>()) {
        Ok(Ok(anchor)) => anchor,
        _ => {
            revoke_object_url(&url);
            return Err("could not create a download link".to_string());
        }
    };
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    // Firefox ignores clicks on links that are not in the document.
    if let Err(error) = body.append_child(&anchor) {
        revoke_object_url(&url);
        return Err(format!("could not start the download: {}", describe_js_error(&error)));
    }
    anchor.click();
    anchor.remove();

    gloo::timers::callback::Timeout::new(REVOKE_DELAY_MILLIS, move || revoke_object_url(&url)).forget();
    Ok(())
}

fn revoke_object_url(url: &str) {
    // Revoking only frees memory early; a failure leaks one Blob until unload.
    let _ = Url::revoke_object_url(url);
}
