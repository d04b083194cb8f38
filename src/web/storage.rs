//! Keeping a session's annotations in localStorage.
//!
//! The stored format (keys, JSON, versions, decoding) belongs to
//! [`crate::core::persist`]; this module only moves strings in and out of
//! `window.localStorage` and decides what to do when a value cannot be read.
//!
//! Its one rule: data it could not read is never overwritten or lost. A
//! value written by a newer version is left alone (and saving over it is
//! refused); any other unreadable value is copied, exactly as stored, to a
//! quarantine key before the original is removed, and if the copy fails the
//! original stays where it is.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Storage;

use super::{describe_js_error, js_string_property};
use crate::core::annotation::{Annotation, Timestamp};
use crate::core::article::Article;
use crate::core::persist::{self, DecodeError};
use crate::core::session::Session;

/// What loading an article's saved annotations found.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadOutcome {
    /// Nothing is saved for this article.
    Nothing,
    /// The saved annotations.
    Loaded(Vec<Annotation>),
    /// The saved value could not be read. It was moved, unchanged, to
    /// `quarantine_key`; `reason` says what was wrong with it.
    Quarantined {
        /// Where the unreadable value now lives.
        quarantine_key: String,
        /// Why it could not be read.
        reason: String,
    },
    /// The saved value was written by a newer claimmark. It is left as it is,
    /// and saving for this article is refused until a later load reads it.
    NewerVersion {
        /// Which version was found and which this build reads.
        reason: String,
    },
    /// Storage cannot be used (missing, blocked by the browser, or full when
    /// an unreadable value had to be set aside). Nothing was changed.
    Unavailable(String),
}

/// Why saving failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The browser's storage quota for this site is used up.
    QuotaExceeded,
    /// Storage cannot be used, or saving would overwrite data this build
    /// cannot read; the text says which.
    Unavailable(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::QuotaExceeded => formatter.write_str(
                "Your latest changes could not be saved because this browser's storage for the site is full.",
            ),
            SaveError::Unavailable(reason) => write!(formatter, "Your latest changes could not be saved: {reason}"),
        }
    }
}

impl std::error::Error for SaveError {}

thread_local! {
    /// Keys holding values this build must not overwrite: written by a newer
    /// version, or unreadable and impossible to set aside. Filled by
    /// [`load_annotations`], checked by [`save_session`].
    static PROTECTED_KEYS: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// Loads the annotations saved for `article`.
///
/// A value that fails to decode for any reason other than a newer version is
/// quarantined: copied verbatim to [`persist::quarantine_key`] (stamped with
/// `now`), and only once that copy is stored is the original removed.
pub fn load_annotations(article: &Article, now: Timestamp) -> LoadOutcome {
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(reason) => return LoadOutcome::Unavailable(reason),
    };
    let key = persist::annotations_key(&article.id);
    let raw_value = match get_item_raw(&storage, &key) {
        Ok(value) => value,
        Err(reason) => return LoadOutcome::Unavailable(format!("Saved highlights could not be read: {reason}")),
    };
    let Some(raw) = raw_value.as_string() else {
        unprotect(&key);
        return LoadOutcome::Nothing;
    };
    match persist::decode_annotations(&raw, article) {
        Ok(annotations) => {
            unprotect(&key);
            LoadOutcome::Loaded(annotations)
        }
        Err(error @ DecodeError::NewerVersion { .. }) => {
            protect(&key);
            LoadOutcome::NewerVersion { reason: error.to_string() }
        }
        Err(error) => {
            let reason = error.to_string();
            match quarantine(&storage, &key, &raw_value, now) {
                Ok(quarantine_key) => {
                    unprotect(&key);
                    LoadOutcome::Quarantined { quarantine_key, reason }
                }
                Err(copy_failure) => {
                    protect(&key);
                    LoadOutcome::Unavailable(format!(
                        "Saved highlights for this article could not be read ({reason}), and there was no room to \
                         set them aside ({copy_failure}). They were left untouched and nothing will be saved over \
                         them. Free some browser storage and reload the page."
                    ))
                }
            }
        }
    }
}

/// Saves `session`'s annotations under its article's key, stamped `now`.
///
/// Refused when the last load found a value under that key this build cannot
/// read and could not set aside, so such data is never overwritten.
pub fn save_session(session: &Session, now: Timestamp) -> Result<(), SaveError> {
    let storage = local_storage().map_err(SaveError::Unavailable)?;
    let key = persist::annotations_key(&session.article.id);
    if is_protected(&key) {
        return Err(SaveError::Unavailable(
            "the highlights stored for this article were saved by a newer version of claimmark or could not be \
             set aside, and saving would overwrite them."
                .to_string(),
        ));
    }
    let encoded = persist::encode_session(session, now);
    storage.set_item(&key, &encoded).map_err(|error| save_error_from(&error))
}

/// The value stored under `key`, when storage is usable and the key is set.
pub fn read_raw(key: &str) -> Option<String> {
    let storage = local_storage().ok()?;
    get_item_raw(&storage, key).ok()?.as_string()
}

/// `window.localStorage`, or a readable reason it cannot be used. Reading the
/// property itself throws when the user blocks site data.
fn local_storage() -> Result<Storage, String> {
    let window = web_sys::window().ok_or_else(|| "this page has no browser window.".to_string())?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("this browser offers no local storage.".to_string()),
        Err(error) => Err(format!("the browser blocks local storage for this page ({}).", describe_js_error(&error))),
    }
}

/// `storage.getItem(key)` as the JavaScript value itself (a string, or null).
/// Moving the value as a JS string keeps it exact even if it holds lone
/// surrogates, which a Rust `String` would replace.
fn get_item_raw(storage: &Storage, key: &str) -> Result<JsValue, String> {
    let get_item = js_sys::Reflect::get(storage, &JsValue::from_str("getItem"))
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "storage has no getItem".to_string())?;
    get_item.call1(storage, &JsValue::from_str(key)).map_err(|error| describe_js_error(&error))
}

/// `storage.setItem(key, value)` with a JavaScript string value.
fn set_item_raw(storage: &Storage, key: &str, value: &JsValue) -> Result<(), JsValue> {
    let set_item = js_sys::Reflect::get(storage, &JsValue::from_str("setItem"))?.dyn_into::<js_sys::Function>()?;
    set_item.call2(storage, &JsValue::from_str(key), value).map(|_| ())
}

/// Copies `raw_value` from `key` to a fresh quarantine key, checks the copy,
/// then removes the original. Returns the quarantine key, or why the copy
/// failed (in which case nothing was removed).
fn quarantine(storage: &Storage, key: &str, raw_value: &JsValue, now: Timestamp) -> Result<String, String> {
    let quarantine_key = free_quarantine_key(storage, key, raw_value, now)?;
    set_item_raw(storage, &quarantine_key, raw_value).map_err(|error| describe_js_error(&error))?;
    let copied = get_item_raw(storage, &quarantine_key)?;
    if !js_sys::Object::is(&copied, raw_value) {
        return Err("the copy did not read back identical".to_string());
    }
    // The copy is safe; if removal fails the original merely stays behind,
    // and the next load sets it aside again.
    let _ = storage.remove_item(key);
    Ok(quarantine_key)
}

/// A quarantine key that holds nothing yet (or already holds exactly this
/// value), so setting a value aside never overwrites an earlier one that was
/// set aside in the same millisecond.
fn free_quarantine_key(storage: &Storage, key: &str, raw_value: &JsValue, now: Timestamp) -> Result<String, String> {
    let base = persist::quarantine_key(key, now);
    for attempt in 0..1000 {
        let candidate = if attempt == 0 { base.clone() } else { format!("{base}~{attempt}") };
        let existing = get_item_raw(storage, &candidate)?;
        if existing.is_null() || existing.is_undefined() || js_sys::Object::is(&existing, raw_value) {
            return Ok(candidate);
        }
    }
    Err("every quarantine key for this moment is taken".to_string())
}

/// Maps a `setItem` exception to a [`SaveError`]. Browsers name the quota
/// error differently (`QuotaExceededError`; older Firefox
/// `NS_ERROR_DOM_QUOTA_REACHED`), so the legacy codes are checked too.
fn save_error_from(error: &JsValue) -> SaveError {
    let name = js_string_property(error, "name").unwrap_or_default();
    let code = js_sys::Reflect::get(error, &JsValue::from_str("code")).ok().and_then(|code| code.as_f64());
    let is_quota = name == "QuotaExceededError"
        || name == "NS_ERROR_DOM_QUOTA_REACHED"
        || matches!(code, Some(code) if code == 22.0 || code == 1014.0);
    if is_quota {
        SaveError::QuotaExceeded
    } else {
        SaveError::Unavailable(describe_js_error(error))
    }
}

fn protect(key: &str) {
    PROTECTED_KEYS.with(|keys| keys.borrow_mut().insert(key.to_string()));
}

fn unprotect(key: &str) {
    PROTECTED_KEYS.with(|keys| keys.borrow_mut().remove(key));
}

fn is_protected(key: &str) -> bool {
    PROTECTED_KEYS.with(|keys| keys.borrow().contains(key))
}
