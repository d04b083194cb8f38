//! The library's storage controls: the "storage is full" banner with what
//! uses the space, "Export everything", "Free space", "Restore from backup",
//! and the reminder to back up after 50 new highlights.
//!
//! It renders what [`crate::web::storage`] measures and calls it for the
//! actions; the rules (what a backup holds, what may be freed, how a restore
//! merges) live in the core. It knows nothing of the session beyond being
//! told when it changed.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::web;
use claimmark_core::article::model::Article;
use claimmark_core::storage::backup::{backup_file_name, BackupState, REMINDER_THRESHOLD};
use claimmark_core::storage::persist::annotations_key;
use claimmark_core::storage::store::{describe_units, KeyKind, StorageUsage};

/// What the panel is told by the app.
#[derive(Properties, PartialEq)]
pub struct StoragePanelProps {
    /// The last save failed because storage is full.
    pub storage_full: bool,
    /// The open article, whose highlights a restore checks and merges.
    pub article: std::rc::Rc<Article>,
    /// The session: the open article's new highlights are counted from it,
    /// so an edit never re-reads the rest of the library.
    pub session: UseReducerHandle<SessionState>,
    /// Shows a message in the status line.
    pub announce: Callback<String>,
    /// Called after a restore wrote something, so the app takes it in.
    pub on_restored: Callback<()>,
}

/// The storage banner, the backup reminder and the library actions.
#[function_component(StoragePanel)]
pub fn storage_panel(props: &StoragePanelProps) -> Html {
    let confirming_free_space = use_state(|| false);
    let refresh = use_state(|| 0_u32);
    let open_key = annotations_key(&props.article.id);
    // The rest of the library is read once, and again only after a backup,
    // a dismissal or a restore; the open article is counted from memory.
    let reminder =
        use_memo((open_key.clone(), *refresh), |(open_key, _)| web::storage::backup_reminder_state(Some(open_key)));
    let usage: Option<StorageUsage> = if props.storage_full { web::storage::usage().ok() } else { None };

    let export_everything = {
        let announce = props.announce.clone();
        let refresh = refresh.clone();
        Callback::from(move |_| {
            let now = web::clock::now();
            let result = web::storage::export_everything(now).and_then(|text| {
                let file_name = backup_file_name(now);
                web::download::download_text(&file_name, "application/json", &text).map(|()| file_name)
            });
            match result {
                Ok(file_name) => {
                    let state = web::storage::backup_state();
                    let recorded =
                        web::storage::write_backup_state(&BackupState { last_backup_at: Some(now.0), ..state });
                    announce.emit(match recorded {
                        Ok(()) => format!("Exported the whole library to {file_name}"),
                        Err(_) => format!("Exported the whole library to {file_name} (storage is full, so the date of this backup was not recorded)"),
                    });
                    refresh.set(*refresh + 1);
                }
                Err(reason) => announce.emit(format!("Export everything failed: {reason}")),
            }
        })
    };
    let dismiss_reminder = {
        let refresh = refresh.clone();
        let announce = props.announce.clone();
        Callback::from(move |_| {
            let state = web::storage::backup_state();
            let dismissed = BackupState { reminder_dismissed_at: Some(web::clock::now().0), ..state };
            if let Err(reason) = web::storage::write_backup_state(&dismissed) {
                announce.emit(format!("The reminder could not be dismissed for good: {reason}"));
            }
            refresh.set(*refresh + 1);
        })
    };
    let restore = {
        let announce = props.announce.clone();
        let article = props.article.clone();
        let on_restored = props.on_restored.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target() else { return };
            let file = js_sys::Reflect::get(&input, &JsValue::from_str("files"))
                .ok()
                .and_then(|files| js_sys::Reflect::get(&files, &JsValue::from_f64(0.0)).ok())
                .filter(|file| file.is_object());
            let _ = js_sys::Reflect::set(&input, &JsValue::from_str("value"), &JsValue::from_str(""));
            let Some(file) = file else { return };
            let announce = announce.clone();
            let article = article.clone();
            let on_restored = on_restored.clone();
            yew::platform::spawn_local(async move {
                match read_file_text(&file).await {
                    Ok(text) => match web::storage::restore_backup(&text, &[&article], web::clock::now()) {
                        Ok(summary) => {
                            announce.emit(format!(
                                "Backup restored: {} highlight{} merged into the library",
                                summary.annotations_in_backup,
                                if summary.annotations_in_backup == 1 { "" } else { "s" }
                            ));
                            on_restored.emit(());
                        }
                        Err(error) => announce.emit(error.to_string()),
                    },
                    Err(reason) => announce.emit(format!("The backup file could not be read: {reason}")),
                }
            });
        })
    };

    let full_banner = usage.map(|usage| {
        let removable: Vec<(String, usize)> =
            usage.removable().into_iter().map(|key| (key.key.clone(), key.units)).collect();
        let start_free_space = {
            let confirming_free_space = confirming_free_space.clone();
            Callback::from(move |_| confirming_free_space.set(true))
        };
        let cancel_free_space = {
            let confirming_free_space = confirming_free_space.clone();
            Callback::from(move |_| confirming_free_space.set(false))
        };
        let confirm_free_space = {
            let keys: Vec<String> = removable.iter().map(|(key, _)| key.clone()).collect();
            let announce = props.announce.clone();
            let confirming_free_space = confirming_free_space.clone();
            let on_restored = props.on_restored.clone();
            Callback::from(move |_| {
                match web::storage::remove_keys(&keys) {
                    Ok(()) => announce.emit(format!("Removed {} set-aside value(s); saving again", keys.len())),
                    Err(reason) => announce.emit(format!("Freeing space failed: {reason}")),
                }
                confirming_free_space.set(false);
                on_restored.emit(());
            })
        };
        html! {
            <div id="storage-full-banner" role="alert" class="banner banner-error">
                <div class="banner-body">
                    <p><strong>{ "Storage is full: your latest changes are kept only in this tab." }</strong>
                        { " Nothing is lost while the tab stays open. Export everything now, or free space, and claimmark saves again at your next change." }</p>
                    <p class="storage-total">{ format!("This site uses {} of the browser's {} ({}%).",
                        describe_units(usage.total_units), describe_units(usage.quota_units), usage.percent_used()) }</p>
                    <ul class="storage-keys">
                        { for usage.claimmark_keys.iter().map(|key| html! {
                            <li data-key={key.key.clone()}>{ format!("{}: {}", describe_key(&key.kind), describe_units(key.units)) }</li>
                        }) }
                    </ul>
                    if *confirming_free_space {
                        <div class="free-space-confirm">
                            if removable.is_empty() {
                                <p>{ "There is nothing claimmark can remove: no set-aside values are stored. Export everything, then clear other sites' data or old articles in the browser's settings." }</p>
                            } else {
                                <p>{ "These set-aside values (data that could not be read) will be removed. Download them first from the banner that reported them if you may need them:" }</p>
                                <ul>{ for removable.iter().map(|(key, units)| html! { <li>{ format!("{key} ({})", describe_units(*units)) }</li> }) }</ul>
                                <button type="button" id="confirm-free-space" onclick={confirm_free_space}>{ "Remove these" }</button>
                            }
                            <button type="button" id="cancel-free-space" onclick={cancel_free_space}>{ "Cancel" }</button>
                        </div>
                    }
                    <button type="button" id="export-everything-full" onclick={export_everything.clone()}>{ "Export everything" }</button>
                    <button type="button" id="free-space" onclick={start_free_space}>{ "Free space" }</button>
                </div>
            </div>
        }
    });

    let (state, new_elsewhere) = &*reminder;
    let since = state.counting_since();
    let new_here = props.session.annotations.iter().filter(|annotation| annotation.created > since).count();
    let new_since_backup = new_elsewhere + new_here;
    let show_reminder = !props.storage_full && new_since_backup >= REMINDER_THRESHOLD;

    html! {
        <section class="storage-panel" aria-label="Storage and backups">
            { full_banner }
            if show_reminder {
                <div id="backup-reminder" role="status" class="banner banner-info">
                    <div class="banner-body">
                        <p>{ format!("You have made {new_since_backup} highlights since your last backup. Your work lives only in this browser: export everything to keep a copy.") }</p>
                        <button type="button" id="export-everything-reminder" onclick={export_everything.clone()}>{ "Export everything" }</button>
                    </div>
                    <button type="button" class="banner-dismiss" id="dismiss-backup-reminder" onclick={dismiss_reminder}>{ "Dismiss" }</button>
                </div>
            }
            <div class="library-actions">
                <button type="button" id="export-everything" onclick={export_everything}
                    title="Download one file with every article's highlights">{ "Export everything" }</button>
                <label class="restore-backup" title="Merge a backup file back into the library; nothing changes if any part of it is invalid">
                    { "Restore from backup" }
                    <input type="file" id="restore-backup" accept="application/json,.json" onchange={restore} />
                </label>
            </div>
        </section>
    }
}

/// What a key holds, for the storage list.
fn describe_key(kind: &KeyKind) -> String {
    match kind {
        KeyKind::Annotations { article_id } => {
            format!(
                "Highlights of article {}",
                article_id.trim_start_matches("sha256:").get(..12).unwrap_or(article_id)
            )
        }
        KeyKind::Quarantine { original_key, .. } => format!("Set-aside unreadable value from {original_key}"),
        KeyKind::ArticleRecord => "Article text".to_string(),
        KeyKind::Preferences => "Settings".to_string(),
        KeyKind::Unknown | KeyKind::Foreign => "Other data".to_string(),
    }
}

/// The text of a `File` picked in an `<input type="file">`.
async fn read_file_text(file: &JsValue) -> Result<String, String> {
    let text = js_sys::Reflect::get(file, &JsValue::from_str("text"))
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "this browser cannot read files".to_string())?;
    let promise = text
        .call0(file)
        .map_err(|error| crate::web::describe_js_error(&error))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "reading the file did not start".to_string())?;
    let value =
        wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|error| crate::web::describe_js_error(&error))?;
    value.as_string().ok_or_else(|| "the file is not text".to_string())
}
