//! Reading a file the user picked or dropped, as text.
//!
//! The size is checked against the import limit before a single byte is
//! read, so a 50 MB file is refused at once instead of freezing the tab.
//! This module knows nothing of what the text is; parsing belongs to
//! [`claimmark_core::formats::import`].

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, File, HtmlInputElement};

use super::describe_js_error;
use claimmark_core::formats::import::{describe_size, IMPORT_SIZE_LIMIT};

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileReadError {
    /// The file is larger than the import limit; it was not read.
    TooLarge {
        /// The file's size in bytes.
        bytes: u64,
    },
    /// The browser could not read it (removed, permissions…).
    Unreadable(String),
}

impl std::fmt::Display for FileReadError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileReadError::TooLarge { bytes } => write!(
                formatter,
                "The file is {}; claimmark imports files of up to {}, so it was not read.",
                describe_size(*bytes),
                describe_size(IMPORT_SIZE_LIMIT)
            ),
            FileReadError::Unreadable(reason) => write!(formatter, "The file could not be read: {reason}."),
        }
    }
}

/// The first file chosen in a file input, if any.
pub fn first_picked_file(input: &HtmlInputElement) -> Option<File> {
    input.files().and_then(|files| files.get(0))
}

/// The first file dropped by a drag-and-drop, if any.
pub fn first_dropped_file(event: &DragEvent) -> Option<File> {
    event.data_transfer().and_then(|transfer| transfer.files()).and_then(|files| files.get(0))
}

/// True when a drag carries files (not text or a link from the page).
pub fn drag_carries_files(event: &DragEvent) -> bool {
    event
        .data_transfer()
        .is_some_and(|transfer| transfer.types().iter().any(|kind| kind.as_string().as_deref() == Some("Files")))
}

/// Reads `file` as UTF-8 text, refusing files over the import limit before
/// reading them.
pub async fn read_file_text(file: &File) -> Result<String, FileReadError> {
    let bytes = file.size().max(0.0) as u64;
    if bytes > IMPORT_SIZE_LIMIT {
        return Err(FileReadError::TooLarge { bytes });
    }
    let text =
        JsFuture::from(file.text()).await.map_err(|error| FileReadError::Unreadable(describe_js_error(&error)))?;
    text.dyn_into::<js_sys::JsString>()
        .map(String::from)
        .map_err(|_| FileReadError::Unreadable("the browser did not return text".to_string()))
}
