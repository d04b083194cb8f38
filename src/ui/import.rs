//! Importing annotations: the "Import…" button with its file picker,
//! dropping a file anywhere on the page, and the panel that reports the
//! result with an "Undo import" button.
//!
//! The file is read by [`crate::web::files`] (size checked first), parsed and
//! validated completely by [`claimmark_core::formats::import::read_import`],
//! and only then merged with one [`Action::Import`], so a bad file leaves
//! every highlight exactly as it was. The component holds no rules of its
//! own.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};
use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::web;
use claimmark_core::formats::import::read_import;
use claimmark_core::session::action::Action;

/// The outcome of the last import, as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportNotice {
    /// The file was merged; the summary is the session's last import record.
    Imported {
        /// The file's name.
        file_name: String,
    },
    /// The file was refused; nothing changed.
    Failed {
        /// The file's name.
        file_name: String,
        /// Why.
        message: String,
    },
    /// The last import was undone.
    Undone {
        /// How many highlights there are again.
        restored: usize,
    },
}

/// Properties of [`ImportControl`].
#[derive(Properties, PartialEq)]
pub struct ImportControlProps {
    /// The session to import into.
    pub session: UseReducerHandle<SessionState>,
    /// False while the article cannot be edited (read-only storage).
    pub editable: bool,
    /// Reports what happened.
    pub on_notice: Callback<Option<ImportNotice>>,
}

const FILE_INPUT_ID: &str = "import-file";

/// Reads, validates and merges `file`, then reports the outcome.
fn import_file(file: File, session: UseReducerHandle<SessionState>, on_notice: Callback<Option<ImportNotice>>) {
    let file_name = file.name();
    yew::platform::spawn_local(async move {
        let failed = |message: String| ImportNotice::Failed { file_name: file_name.clone(), message };
        let text = match web::files::read_file_text(&file).await {
            Ok(text) => text,
            Err(error) => {
                on_notice.emit(Some(failed(error.to_string())));
                return;
            }
        };
        match read_import(&text, &session.article, &session.tags, web::clock::now()) {
            Ok(batch) => {
                session.dispatch(Action::Import { batch });
                on_notice.emit(Some(ImportNotice::Imported { file_name: file_name.clone() }));
            }
            Err(error) => on_notice.emit(Some(failed(error.to_string()))),
        }
    });
}

/// The "Import…" button, its hidden file input, and the page-wide drop
/// target with its overlay.
#[function_component(ImportControl)]
pub fn import_control(props: &ImportControlProps) -> Html {
    let dragging = use_state(|| false);

    // Dropping a file anywhere on the page imports it.
    {
        let dragging = dragging.clone();
        let session = props.session.clone();
        let on_notice = props.on_notice.clone();
        let editable = props.editable;
        // The reducer's dispatcher is stable and the article never changes,
        // so the listeners only need renewing when editability does.
        use_effect_with(editable, move |editable| {
            let document = gloo::utils::document();
            let options = EventListenerOptions::enable_prevent_default();
            let editable = *editable;
            let on_drag_over = {
                let dragging = dragging.clone();
                EventListener::new_with_options(&document, "dragover", options, move |event| {
                    let Some(drag) = event.dyn_ref::<DragEvent>() else { return };
                    if editable && web::files::drag_carries_files(drag) {
                        event.prevent_default();
                        if !*dragging {
                            dragging.set(true);
                        }
                    }
                })
            };
            let on_drag_leave = {
                let dragging = dragging.clone();
                EventListener::new(&document, "dragleave", move |event| {
                    // Leaving the window reports no element to go to.
                    let Some(drag) = event.dyn_ref::<DragEvent>() else { return };
                    if drag.related_target().is_none() {
                        dragging.set(false);
                    }
                })
            };
            let on_drop = {
                let dragging = dragging.clone();
                let session = session.clone();
                EventListener::new_with_options(&document, "drop", options, move |event| {
                    let Some(drag) = event.dyn_ref::<DragEvent>() else { return };
                    if !web::files::drag_carries_files(drag) {
                        return;
                    }
                    event.prevent_default();
                    dragging.set(false);
                    if !editable {
                        return;
                    }
                    if let Some(file) = web::files::first_dropped_file(drag) {
                        import_file(file, session.clone(), on_notice.clone());
                    }
                })
            };
            move || {
                drop(on_drag_over);
                drop(on_drag_leave);
                drop(on_drop);
            }
        });
    }

    let on_pick = {
        let session = props.session.clone();
        let on_notice = props.on_notice.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            let picked = web::files::first_picked_file(&input);
            // Clear the choice so picking the same file again imports it again.
            input.set_value("");
            if let Some(file) = picked {
                import_file(file, session.clone(), on_notice.clone());
            }
        })
    };
    let open_picker = Callback::from(|_: MouseEvent| web::focus::open_file_picker(FILE_INPUT_ID));
    let overlay = dragging.then(|| {
        html! {
            <div class="drop-overlay" aria-hidden="true">
                <div class="drop-overlay-card">
                    <strong>{ "Drop to import" }</strong>
                    <span>{ "claimmark JSON or W3C Web Annotation JSON. Nothing you have is replaced." }</span>
                </div>
            </div>
        }
    });

    html! {
        <div class="import-control">
            <button type="button" id="import-button" onclick={open_picker} disabled={!props.editable}
                title="Import annotations from a claimmark JSON or W3C Web Annotation file (or drop the file on the page)">
                { "Import…" }
            </button>
            <input type="file" id={FILE_INPUT_ID} class="visually-hidden" tabindex="-1" aria-hidden="true"
                accept=".json,.jsonld,application/json,application/ld+json" onchange={on_pick}
                disabled={!props.editable} />
            <div class="drop-slot">{ overlay }</div>
        </div>
    }
}

/// Properties of [`ImportPanel`].
#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    /// The session, for the last import's summary and undo.
    pub session: UseReducerHandle<SessionState>,
    /// What to show; nothing when `None`.
    pub notice: Option<ImportNotice>,
    /// Replaces or clears the notice.
    pub on_notice: Callback<Option<ImportNotice>>,
}

/// The result of the last import, with "Undo import" while it is possible.
#[function_component(ImportPanel)]
pub fn import_panel(props: &ImportPanelProps) -> Html {
    let Some(notice) = &props.notice else { return html! {} };
    let dismiss = {
        let on_notice = props.on_notice.clone();
        Callback::from(move |_: MouseEvent| on_notice.emit(None))
    };
    let dismiss_button = html! {
        <button type="button" class="import-dismiss" onclick={dismiss}>{ "Dismiss" }</button>
    };
    match notice {
        ImportNotice::Failed { file_name, message } => html! {
            <div id="import-result" class="import-result import-failed" role="alert">
                <p>
                    <strong>{ format!("Nothing was imported from “{file_name}”.") }</strong>{ " " }
                    <span id="import-error">{ message.clone() }</span>{ " " }
                    { "Your highlights are unchanged." }
                </p>
                { dismiss_button }
            </div>
        },
        ImportNotice::Undone { restored } => html! {
            <div id="import-result" class="import-result" role="status">
                <p>{ format!("Import undone: the {restored} highlight{} from before it are back.", if *restored == 1 { "" } else { "s" }) }</p>
                { dismiss_button }
            </div>
        },
        ImportNotice::Imported { file_name } => {
            let Some(record) = props.session.last_import.clone() else { return html! {} };
            let undo = {
                let session = props.session.clone();
                let on_notice = props.on_notice.clone();
                let restored = record.previous.len();
                Callback::from(move |_: MouseEvent| {
                    session.dispatch(Action::UndoImport);
                    on_notice.emit(Some(ImportNotice::Undone { restored }));
                })
            };
            html! {
                <div id="import-result" class="import-result" role="status">
                    <p>
                        <strong>{ format!("Imported “{file_name}” ({}):", record.format.label()) }</strong>{ " " }
                        <span id="import-summary">{ record.summary.to_string() }</span>
                        { if record.summary.orphans > 0 {
                            " Orphans keep their quote but could not be placed on this article's text."
                        } else { "" } }
                    </p>
                    if props.session.can_undo_import() {
                        <button type="button" id="undo-import" onclick={undo}>{ "Undo import" }</button>
                    }
                    { dismiss_button }
                </div>
            }
        }
    }
}
