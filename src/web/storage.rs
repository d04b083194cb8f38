//! Keeping a session's annotations in localStorage.
//!
//! The rules (loading with quarantine, saving by read-merge-write with a
//! revision check, taking in another tab's writes, storage accounting,
//! backups) live in [`claimmark_core::storage::store`] and [`claimmark_core::storage::backup`] over
//! the [`KeyValueStore`] trait; this module implements that trait over
//! `window.localStorage`, keeps each open article's [`ArticleSync`]
//! bookkeeping, and listens for the `storage` event other tabs cause.
//!
//! Its one rule: data it could not read is never overwritten or lost. A
//! value written by a newer version is left alone (and saving over it is
//! refused); any other unreadable value is copied, exactly as stored (as a
//! JavaScript string, so even lone surrogates survive), to a quarantine key
//! before the original is removed, and if the copy fails the original stays.

use std::cell::RefCell;
use std::collections::BTreeMap;

use gloo::events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Storage;

use super::{describe_js_error, js_string_property};
use claimmark_core::article::model::Article;
use claimmark_core::session::reducer::Session;
use claimmark_core::storage::backup::{self, BackupState, RestoreError, RestoreSummary};
use claimmark_core::storage::store::{ArticleSync, KeyValueStore, StorageUsage, StoreError, BROWSER_QUOTA_UNITS};
pub use claimmark_core::storage::store::{LoadOutcome, RemoteChange, SaveError, SaveReport};
use claimmark_core::time::Timestamp;

thread_local! {
    /// Each open article's bookkeeping: the revision last read or written,
    /// the ids held then, known deletions, and whether saving is refused.
    static SYNCS: RefCell<BTreeMap<String, ArticleSync>> = const { RefCell::new(BTreeMap::new()) };
}

/// `window.localStorage` as a [`KeyValueStore`].
pub struct LocalStorage {
    storage: Storage,
}

impl LocalStorage {
    /// The page's localStorage, or a readable reason it cannot be used.
    pub fn open() -> Result<LocalStorage, String> {
        local_storage().map(|storage| LocalStorage { storage })
    }
}

impl KeyValueStore for LocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        get_item_raw(&self.storage, key).map(|value| value.as_string()).map_err(StoreError::Unavailable)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.storage.set_item(key, value).map_err(|error| store_error_from(&error))
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.storage.remove_item(key).map_err(|error| StoreError::Unavailable(describe_js_error(&error)))
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let length = self.storage.length().map_err(|error| StoreError::Unavailable(describe_js_error(&error)))?;
        Ok((0..length).filter_map(|index| self.storage.key(index).ok().flatten()).collect())
    }

    fn copy_verbatim(&mut self, from: &str, to: &str) -> Result<(), StoreError> {
        let value = get_item_raw(&self.storage, from).map_err(StoreError::Unavailable)?;
        set_item_raw(&self.storage, to, &value).map_err(|error| store_error_from(&error))?;
        let copied = get_item_raw(&self.storage, to).map_err(StoreError::Unavailable)?;
        if !js_sys::Object::is(&copied, &value) {
            return Err(StoreError::Unavailable("the copy did not read back identical".to_string()));
        }
        Ok(())
    }

    fn value_units(&self, key: &str) -> Result<Option<usize>, StoreError> {
        let value = get_item_raw(&self.storage, key).map_err(StoreError::Unavailable)?;
        Ok(value.dyn_ref::<js_sys::JsString>().map(|text| text.length() as usize))
    }
}

fn with_sync<T>(article: &Article, action: impl FnOnce(&mut ArticleSync) -> T) -> T {
    SYNCS.with(|syncs| {
        let mut syncs = syncs.borrow_mut();
        let sync = syncs.entry(article.id.clone()).or_insert_with(|| ArticleSync::new(article));
        action(sync)
    })
}

/// Loads the annotations saved for `article`.
///
/// A value that fails to decode for any reason other than a newer version is
/// quarantined: copied verbatim to a quarantine key stamped `now`, and only
/// once that copy is stored is the original removed.
pub fn load_annotations(article: &Article, now: Timestamp) -> LoadOutcome {
    let mut store = match LocalStorage::open() {
        Ok(store) => store,
        Err(reason) => return LoadOutcome::Unavailable(reason),
    };
    with_sync(article, |sync| sync.load(&mut store, article, now))
}

/// Saves `session`'s annotations: reads what is stored, merges it with this
/// tab's annotations and deletions, and writes the result under the next
/// revision, so a newer write by another tab is merged, never overwritten.
/// The report carries what another tab added, for the session to take in.
///
/// Refused when the last load found a value this build cannot read and
/// could not set aside, or one from a newer claimmark.
pub fn save_merging(session: &Session, now: Timestamp) -> Result<SaveReport, SaveError> {
    let mut store = LocalStorage::open().map_err(SaveError::Unavailable)?;
    with_sync(&session.article, |sync| {
        sync.set_local_trash(&session.trash);
        sync.save_with_review(&mut store, &session.article, &session.annotations, session.fully_reviewed, now)
    })
}

/// The "fully reviewed" mark stored for `article`, as last loaded or saved.
pub fn stored_fully_reviewed(article: &Article) -> bool {
    with_sync(article, |sync| sync.fully_reviewed())
}

/// The trash stored for `article`, as last loaded or saved.
pub fn stored_trash(article: &Article) -> Vec<claimmark_core::session::history::TrashedAnnotation> {
    with_sync(article, |sync| sync.trash().to_vec())
}

/// Saves `session`'s annotations, as [`save_merging`] does, without the
/// report.
pub fn save_session(session: &Session, now: Timestamp) -> Result<(), SaveError> {
    save_merging(session, now).map(|_| ())
}

/// What another tab wrote for the session's article since this tab last
/// read or wrote it.
pub fn remote_change(session: &Session, now: Timestamp) -> RemoteChange {
    let Ok(store) = LocalStorage::open() else { return RemoteChange::Nothing };
    with_sync(&session.article, |sync| sync.remote_change(&store, &session.article, &session.annotations, now))
}

/// Calls `on_change` with the key each time another tab of this site
/// changes localStorage (the browser's `storage` event, which never fires in
/// the tab that wrote). Listening stops when the returned value is dropped.
pub fn listen_for_other_tabs(on_change: impl Fn(Option<String>) + 'static) -> EventListener {
    let window = gloo::utils::window();
    EventListener::new(&window, "storage", move |event| {
        on_change(js_string_property(event.as_ref(), "key"));
    })
}

/// The value stored under `key`, when storage is usable and the key is set.
pub fn read_raw(key: &str) -> Option<String> {
    LocalStorage::open().ok()?.get(key).ok().flatten()
}

/// How localStorage is used, against the browser's quota.
pub fn usage() -> Result<StorageUsage, String> {
    let store = LocalStorage::open()?;
    StorageUsage::measure(&store, BROWSER_QUOTA_UNITS).map_err(|error| error.to_string())
}

/// Removes `keys` (the ones "Free space" listed and the user confirmed).
pub fn remove_keys(keys: &[String]) -> Result<(), String> {
    let mut store = LocalStorage::open()?;
    for key in keys {
        store.remove(key).map_err(|error| error.to_string())?;
    }
    Ok(())
}

/// The whole library as one backup document ("Export everything").
pub fn export_everything(now: Timestamp) -> Result<String, String> {
    let store = LocalStorage::open()?;
    backup::export_everything(&store, now).map_err(|error| error.to_string())
}

/// Restores a backup, all or nothing, checking the `known_articles`'
/// annotations against their text.
pub fn restore_backup(text: &str, known_articles: &[&Article], now: Timestamp) -> Result<RestoreSummary, RestoreError> {
    let mut store = LocalStorage::open().map_err(RestoreError::WriteFailed)?;
    backup::restore_backup(&mut store, text, known_articles, now)
}

/// The backup bookkeeping alone (when the last backup and dismissal were).
pub fn backup_state() -> BackupState {
    LocalStorage::open().map(|store| BackupState::read(&store)).unwrap_or_default()
}

/// The backup bookkeeping, and how many annotations were made since the
/// last backup or dismissal in every stored article but the one under
/// `except_key` (the open one, counted from memory by the caller).
pub fn backup_reminder_state(except_key: Option<&str>) -> (BackupState, usize) {
    let _span = crate::web::bench::Span::new("backupReminder");
    let Ok(store) = LocalStorage::open() else { return (BackupState::default(), 0) };
    let state = BackupState::read(&store);
    let count = backup::annotations_created_since(&store, state.counting_since(), except_key);
    (state, count)
}

/// Records the backup bookkeeping.
pub fn write_backup_state(state: &BackupState) -> Result<(), String> {
    let mut store = LocalStorage::open()?;
    state.write(&mut store).map_err(|error| error.to_string())
}

/// `window.localStorage`, or a readable reason it cannot be used. Reading the
/// property itself throws when the user blocks site data.
pub(crate) fn local_storage() -> Result<Storage, String> {
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

/// Maps a `setItem` exception to a [`StoreError`]. Browsers name the quota
/// error differently (`QuotaExceededError`; older Firefox
/// `NS_ERROR_DOM_QUOTA_REACHED`), so the legacy codes are checked too.
fn store_error_from(error: &JsValue) -> StoreError {
    let name = js_string_property(error, "name").unwrap_or_default();
    let code = js_sys::Reflect::get(error, &JsValue::from_str("code")).ok().and_then(|code| code.as_f64());
    let is_quota = name == "QuotaExceededError"
        || name == "NS_ERROR_DOM_QUOTA_REACHED"
        || matches!(code, Some(code) if code == 22.0 || code == 1014.0);
    if is_quota {
        StoreError::QuotaExceeded
    } else {
        StoreError::Unavailable(describe_js_error(error))
    }
}
