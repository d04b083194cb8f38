//! The export controls: "Export JSON" and "Copy JSON" for the default,
//! lossless claimmark format, and an "Export as…" menu listing every format
//! with Download and Copy.
//!
//! The menu follows the WAI-ARIA menu button pattern: `aria-haspopup`,
//! `aria-expanded`, arrow keys, Home and End move between items, Escape
//! closes it and returns focus to its button, a click outside closes it.
//! What each format contains is the core's business
//! ([`claimmark_core::formats::export_format::ExportFormat`]); this component only renders
//! and reports through the status line.

use gloo::events::EventListener;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::web;
use crate::web::focus::{move_focus_within, FocusMove};
use claimmark_core::formats::export_format::ExportFormat;
use claimmark_core::session::reducer::Session;

/// Properties of [`ExportMenu`].
#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    /// The session to export.
    pub session: UseReducerHandle<SessionState>,
    /// Shows a confirmation or an error in the status line.
    pub announce: Callback<String>,
}

/// Download or copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delivery {
    Download,
    Copy,
}

const MENU_BUTTON_ID: &str = "export-menu-button";
const MENU_ITEM_SELECTOR: &str = "[role=menuitem]";

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// What the status line says about a successful export.
fn exported_message(format: ExportFormat, session: &Session, destination: &str) -> String {
    let total = session.annotations.len();
    match format.carried_count(session) {
        Some(carried) if carried < total => {
            let left_out = match format {
                ExportFormat::Doccano => "untagged and orphaned highlights are left out",
                _ => "highlights without a verdict are left out",
            };
            format!("{destination} {carried} of {total} highlight{} as {} ({left_out})", plural(total), format.label())
        }
        _ => format!("{destination} {total} highlight{} as {}", plural(total), format.label()),
    }
}

fn deliver(format: ExportFormat, delivery: Delivery, session: &Session, announce: &Callback<String>) {
    if format == ExportFormat::ClaimReview && format.carried_count(session) == Some(0) {
        announce.emit("No highlight has a verdict yet, and ClaimReview needs one: set a verdict first.".to_string());
        return;
    }
    let now = web::clock::now();
    let text = format.render(session, now);
    match delivery {
        Delivery::Download => {
            let file_name = format.file_name(&session.article, now);
            match web::download::download_text(&file_name, format.media_type(), &text) {
                Ok(()) => announce.emit(format!("{} to {file_name}", exported_message(format, session, "Exported"))),
                Err(reason) => announce.emit(format!("Export failed: {reason}")),
            }
        }
        Delivery::Copy => {
            let announce = announce.clone();
            let message = exported_message(format, session, "Copied");
            yew::platform::spawn_local(async move {
                match web::clipboard::copy_text(&text).await {
                    Ok(()) => announce.emit(format!("{message} to the clipboard")),
                    Err(reason) => announce.emit(format!("Could not copy to the clipboard: {reason}")),
                }
            });
        }
    }
}

/// The export buttons and the "Export as…" menu.
#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    let open = use_state(|| false);
    let menu_ref = use_node_ref();

    // Close on a click outside the menu and its button.
    {
        let open_state = open.clone();
        use_effect_with(*open, move |is_open| {
            let listener = is_open.then(|| {
                EventListener::new(&gloo::utils::document(), "mousedown", move |event| {
                    if !web::events::event_is_inside(event, "export-menu-anchor") {
                        open_state.set(false);
                    }
                })
            });
            move || drop(listener)
        });
    }
    // Focus the first item once the menu is shown.
    {
        let menu_ref = menu_ref.clone();
        use_effect_with(*open, move |is_open| {
            if *is_open {
                if let Some(menu) = menu_ref.cast::<Element>() {
                    move_focus_within(&menu, MENU_ITEM_SELECTOR, FocusMove::First);
                }
            }
        });
    }

    let action = |format: ExportFormat, delivery: Delivery, close: bool| {
        let session = props.session.clone();
        let announce = props.announce.clone();
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            if close {
                open.set(false);
                web::focus::focus_by_id(MENU_BUTTON_ID);
            }
            deliver(format, delivery, &session, &announce);
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_button_key = {
        let open = open.clone();
        Callback::from(move |event: KeyboardEvent| {
            if matches!(event.key().as_str(), "ArrowDown" | "ArrowUp") {
                event.prevent_default();
                open.set(true);
            }
        })
    };
    let on_menu_key = {
        let open = open.clone();
        let menu_ref = menu_ref.clone();
        Callback::from(move |event: KeyboardEvent| {
            let step = match event.key().as_str() {
                "ArrowDown" => FocusMove::Next,
                "ArrowUp" => FocusMove::Previous,
                "Home" => FocusMove::First,
                "End" => FocusMove::Last,
                "Escape" | "Tab" => {
                    if event.key() == "Escape" {
                        event.prevent_default();
                        web::focus::focus_by_id(MENU_BUTTON_ID);
                    }
                    // Keep Escape from also closing the editor behind the menu.
                    event.stop_propagation();
                    open.set(false);
                    return;
                }
                _ => return,
            };
            event.prevent_default();
            if let Some(menu) = menu_ref.cast::<Element>() {
                move_focus_within(&menu, MENU_ITEM_SELECTOR, step);
            }
        })
    };

    let rows = ExportFormat::ALL.iter().map(|format| {
        let format = *format;
        html! {
            <div class="export-row" role="group" aria-label={format.label()} data-export-format={format.id()}>
                <div class="export-row-text">
                    <span class="export-row-label">{ format.label() }</span>
                    <span class="export-row-description">{ format.description() }</span>
                </div>
                <button type="button" role="menuitem" tabindex="-1" class="export-row-action"
                    data-export-format={format.id()} data-export-action="download"
                    aria-label={format!("Download {}", format.label())}
                    onclick={action(format, Delivery::Download, true)}>{ "Download" }</button>
                <button type="button" role="menuitem" tabindex="-1" class="export-row-action"
                    data-export-format={format.id()} data-export-action="copy"
                    aria-label={format!("Copy {}", format.label())}
                    onclick={action(format, Delivery::Copy, true)}>{ "Copy" }</button>
            </div>
        }
    });

    html! {
        <div class="export-controls">
            <button type="button" id="export-json" onclick={action(ExportFormat::Claimmark, Delivery::Download, false)}
                title="Download every highlight as claimmark JSON (lossless, re-importable)">{ "Export JSON" }</button>
            <button type="button" id="copy-json" onclick={action(ExportFormat::Claimmark, Delivery::Copy, false)}
                title="Copy the same JSON to the clipboard">{ "Copy JSON" }</button>
            <div class="export-menu-anchor" id="export-menu-anchor">
                <button type="button" id={MENU_BUTTON_ID} aria-haspopup="menu" aria-expanded={open.to_string()}
                    aria-controls="export-menu" onclick={toggle} onkeydown={on_button_key}
                    title="Export in another format: W3C Web Annotation, doccano, CSV, ClaimReview">
                    { "Export as…" }<span class="menu-caret" aria-hidden="true">{ "▾" }</span>
                </button>
                <div id="export-menu" role="menu" aria-labelledby={MENU_BUTTON_ID} class="export-menu"
                    hidden={!*open} ref={menu_ref} onkeydown={on_menu_key}>
                    { for rows }
                </div>
            </div>
        </div>
    }
}
