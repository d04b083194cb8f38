//! The tag manager: a modal dialog, opened from the "Tags…" button in the
//! sidebar's legend, that adds, renames, recolours, reorders and deletes
//! tags and sets their hotkeys; and [`use_tag_storage`], which loads the
//! library's tag set, saves it after every change and takes in another
//! tab's changes.
//!
//! Every change is one reducer action, applied at once and undoable (the
//! dialog has its own Undo button; Ctrl+Z works outside text fields). Input
//! is checked with the core's rules ([`claimmark_core::session::tag_editing`]) first,
//! so the message shown is the reason the reducer would refuse. The dialog
//! keeps focus inside itself, closes on Escape and hands focus back to the
//! opener. It holds no rules of its own.

use std::collections::HashMap;
use std::rc::Rc;

use web_sys::{Element, HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::web;
use claimmark_core::session::action::Action;
use claimmark_core::session::tag_editing::{
    check_color, check_hotkey, check_label, hotkey_holder, new_tag_id, usage_count, TagDisposal, TagMove,
};
use claimmark_core::session::tags::{contrast_with_black, TagDefinition, TagId, TagSet, PALETTE};
use claimmark_core::storage::tag_store::TagLoadOutcome;

/// The digits a hotkey can be, in keyboard order.
const HOTKEYS: [char; 10] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/// Loads the stored tag set once, saves the session's set whenever it
/// changes (merging with another tab's write), and takes in other tabs'
/// changes. Problems are announced through `announce` and kept for the
/// tag manager to show.
#[hook]
pub fn use_tag_storage(session: &UseReducerHandle<SessionState>, announce: &Callback<String>) {
    let loaded = use_state(|| false);
    // The set storage holds, as far as this tab knows: a change is saved
    // only when the session's set differs from it.
    let persisted = use_mut_ref(|| None::<Rc<TagSet>>);
    {
        let session = session.clone();
        let announce = announce.clone();
        let loaded = loaded.clone();
        let persisted = persisted.clone();
        use_effect_with((), move |_| {
            match web::tag_store::load_tags(web::clock::now()) {
                TagLoadOutcome::Nothing => *persisted.borrow_mut() = Some(Rc::new(TagSet::defaults())),
                TagLoadOutcome::Loaded(tags) => {
                    *persisted.borrow_mut() = Some(Rc::new(tags.clone()));
                    session.dispatch(Action::LoadTags { tags });
                }
                TagLoadOutcome::Quarantined { quarantine_key, reason } => {
                    let message = format!(
                        "Your saved tags could not be read: {reason} They were set aside, unchanged, under the \
                         storage key “{quarantine_key}”, and the default tags are used."
                    );
                    web::tag_store::set_problem(Some(message.clone()));
                    announce.emit(message);
                }
                TagLoadOutcome::NewerVersion { reason } => {
                    let message = format!("{reason} Tags cannot be edited until then.");
                    web::tag_store::set_problem(Some(message.clone()));
                    announce.emit(message);
                }
                TagLoadOutcome::Unavailable(reason) => {
                    web::tag_store::set_problem(Some(reason.clone()));
                    announce.emit(reason);
                }
            }
            loaded.set(true);
        });
    }
    {
        let session = session.clone();
        let announce = announce.clone();
        let persisted = persisted.clone();
        let tags = session.tags.clone();
        use_effect_with((tags, *loaded), move |(tags, loaded)| {
            let unchanged = persisted.borrow().as_ref().is_some_and(|known| known == tags);
            if !*loaded || unchanged || web::tag_store::refusal().is_some() {
                return;
            }
            match web::tag_store::save_tags(tags, web::clock::now()) {
                Ok(report) => {
                    if let Some((quarantine_key, reason)) = report.quarantined {
                        announce.emit(format!(
                            "Saved tags could not be read: {reason} They were set aside under “{quarantine_key}” \
                             before your tags were saved."
                        ));
                    }
                    let now_stored = report.merged.clone().unwrap_or_else(|| (**tags).clone());
                    *persisted.borrow_mut() = Some(Rc::new(now_stored));
                    if let Some(merged) = report.merged {
                        announce.emit("Tags changed in another tab were merged with yours.".to_string());
                        session.dispatch(Action::LoadTags { tags: merged });
                    }
                    web::tag_store::set_problem(None);
                }
                Err(error) => {
                    let message = format!("Your tag changes could not be saved: {error}");
                    web::tag_store::set_problem(Some(message.clone()));
                    announce.emit(message);
                }
            }
        });
    }
    {
        let session = session.clone();
        let persisted = persisted.clone();
        let announce = announce.clone();
        use_effect_with(*loaded, move |loaded| {
            let listener = loaded.then(|| {
                web::storage::listen_for_other_tabs(move |key| {
                    // A null key means another tab cleared the storage.
                    if key.as_deref().is_none_or(|key| key == web::tag_store::TAGS_KEY) {
                        if let Some(tags) = web::tag_store::remote_tags() {
                            *persisted.borrow_mut() = Some(Rc::new(tags.clone()));
                            session.dispatch(Action::LoadTags { tags });
                            announce.emit("The tags were changed in another tab; this tab now shows them.".to_string());
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }
}

/// Props of [`TagManager`].
#[derive(Properties, PartialEq)]
pub struct TagManagerProps {
    /// The session whose tag set is edited.
    pub session: UseReducerHandle<SessionState>,
    /// False when the article is read-only.
    pub editable: bool,
}

/// What the delete panel of one tag holds.
#[derive(Clone, Debug, PartialEq)]
struct PendingDeletion {
    id: TagId,
    /// "remove", "replace" or "delete".
    choice: &'static str,
    replacement: Option<TagId>,
}

/// The "Tags…" button and, while open, the tag manager dialog. The dialog
/// sits in a fixed wrapper (and is drawn in a portal on `<body>`), so
/// opening it never rebuilds the sidebar.
#[function_component(TagManager)]
pub fn tag_manager(props: &TagManagerProps) -> Html {
    let open = use_state(|| false);
    let dialog_ref = use_node_ref();
    let was_open = use_mut_ref(|| false);
    {
        let was_open = was_open.clone();
        use_effect_with(*open, move |open| {
            if !*open && *was_open.borrow() {
                web::focus::focus_by_id("open-tag-manager");
            }
            *was_open.borrow_mut() = *open;
        });
    }
    let on_open = {
        let open = open.clone();
        Callback::from(move |_| open.set(true))
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    // The dialog is rendered into <body>: inside the sidebar it would sit in
    // the sidebar's stacking context, under the sticky app bar.
    let dialog = open.then(|| {
        let dialog = html! {
            <TagManagerDialog session={props.session.clone()} editable={props.editable}
                on_close={on_close} dialog_ref={dialog_ref} />
        };
        create_portal(dialog, gloo::utils::body().into())
    });
    html! {
        <>
            <button type="button" id="open-tag-manager" class="open-tag-manager" onclick={on_open}
                aria-haspopup="dialog" aria-expanded={(*open).to_string()}>{ "Tags…" }</button>
            <div class="tag-manager-slot">{ dialog }</div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TagManagerDialogProps {
    session: UseReducerHandle<SessionState>,
    editable: bool,
    on_close: Callback<()>,
    dialog_ref: NodeRef,
}

fn input_value(event: &Event) -> String {
    event.target_dyn_into::<HtmlInputElement>().map(|input| input.value()).unwrap_or_default()
}

fn select_value(event: &Event) -> String {
    event.target_dyn_into::<HtmlSelectElement>().map(|select| select.value()).unwrap_or_default()
}

/// What the contrast of black text on `color` is, as the hint under a
/// custom colour shows it.
fn contrast_hint(color: &str) -> String {
    match contrast_with_black(color) {
        Some(contrast) => format!("Black text on it: {:.1}:1", (contrast * 10.0).floor() / 10.0),
        None => String::new(),
    }
}

#[function_component(TagManagerDialog)]
fn tag_manager_dialog(props: &TagManagerDialogProps) -> Html {
    let session = &props.session;
    let tags = session.tags.clone();
    let refusal = web::tag_store::refusal();
    let problem = web::tag_store::problem();
    let editable = props.editable && refusal.is_none();
    let status = use_state(String::new);
    let row_errors = use_state(HashMap::<TagId, String>::new);
    let label_drafts = use_state(HashMap::<TagId, String>::new);
    let color_drafts = use_state(HashMap::<TagId, String>::new);
    let deleting = use_state(|| None::<PendingDeletion>);
    let new_label = use_state(String::new);
    let new_color = use_state(|| tags.free_palette_color(&TagId(String::new())).to_string());
    let new_hotkey = use_state(String::new);
    let new_error = use_state(|| None::<String>);
    // Focus moves into the dialog when it opens, so screen readers announce it.
    {
        let dialog_ref = props.dialog_ref.clone();
        use_effect_with((), move |_| {
            if let Some(dialog) = dialog_ref.cast::<web_sys::HtmlElement>() {
                let _ = dialog.focus();
            }
        });
    }

    let set_row_error = {
        let row_errors = row_errors.clone();
        Rc::new(move |id: &TagId, message: Option<String>| {
            let mut next = (*row_errors).clone();
            match message {
                Some(message) => next.insert(id.clone(), message),
                None => next.remove(id),
            };
            row_errors.set(next);
        })
    };
    let dispatch: Rc<dyn Fn(Action, String)> = {
        let session = session.clone();
        let status = status.clone();
        Rc::new(move |action: Action, message: String| {
            session.dispatch(action);
            status.set(message);
        })
    };

    let on_key_down = {
        let on_close = props.on_close.clone();
        let dialog_ref = props.dialog_ref.clone();
        let session = session.clone();
        let status = status.clone();
        Callback::from(move |event: KeyboardEvent| {
            // Keys typed here are the dialog's: the article's hotkeys and
            // commands must not act behind it.
            event.stop_propagation();
            if (event.ctrl_key() || event.meta_key()) && !web::events::event_is_from_text_field(&event) {
                // Undo and redo of tag edits, as the dialog's Undo button;
                // a text field keeps its own undo.
                let redo = match event.key().as_str() {
                    "z" | "Z" => event.shift_key(),
                    "y" | "Y" => true,
                    _ => return,
                };
                event.prevent_default();
                let description = if redo { session.history.next_redo() } else { session.history.next_undo() };
                if let Some(description) = description {
                    status.set(format!("{}: {description}", if redo { "Redone" } else { "Undone" }));
                }
                session.dispatch(if redo { Action::Redo } else { Action::Undo });
                return;
            }
            if event.key() == "Escape" {
                event.prevent_default();
                on_close.emit(());
                return;
            }
            if event.key() == "Tab" {
                if let Some(dialog) = dialog_ref.cast::<Element>() {
                    if web::focus::trap_tab(&dialog, event.shift_key()) {
                        event.prevent_default();
                    }
                }
            }
        })
    };

    let rows = tags.tags.iter().enumerate().map(|(index, tag)| {
        let id = tag.id.clone();
        let label_id = format!("tag-label-{index}");
        let error_id = format!("tag-error-{index}");
        let error = row_errors.get(&id).cloned();
        let commit_label = {
            let id = id.clone();
            let tags = tags.clone();
            let dispatch = dispatch.clone();
            let set_row_error = set_row_error.clone();
            let label_drafts = label_drafts.clone();
            Callback::from(move |event: Event| {
                let typed = input_value(&event);
                let mut drafts = (*label_drafts).clone();
                drafts.insert(id.clone(), typed.clone());
                label_drafts.set(drafts);
                match check_label(&tags, &typed, Some(&id)) {
                    Ok(label) if label == tags.label_of(&id) => set_row_error(&id, None),
                    Ok(label) => {
                        set_row_error(&id, None);
                        let message = format!("Tag renamed: {} → {label}", tags.label_of(&id));
                        dispatch(Action::RenameTag { id: id.clone(), label }, message);
                        let mut drafts = (*label_drafts).clone();
                        drafts.remove(&id);
                        label_drafts.set(drafts);
                    }
                    Err(error) => set_row_error(&id, Some(error.to_string())),
                }
            })
        };
        let label_value = label_drafts.get(&id).cloned().unwrap_or_else(|| tag.label.clone());
        let recolor = {
            let id = id.clone();
            let tags = tags.clone();
            let dispatch = dispatch.clone();
            let set_row_error = set_row_error.clone();
            let color_drafts = color_drafts.clone();
            Rc::new(move |typed: String| {
                let mut drafts = (*color_drafts).clone();
                drafts.insert(id.clone(), typed.clone());
                color_drafts.set(drafts);
                match check_color(&typed) {
                    Ok(color) if color == tags.color_of(&id) => set_row_error(&id, None),
                    Ok(color) => {
                        set_row_error(&id, None);
                        let message = format!("Tag colour changed: {} is now {color}", tags.label_of(&id));
                        dispatch(Action::RecolorTag { id: id.clone(), color }, message);
                        let mut drafts = (*color_drafts).clone();
                        drafts.remove(&id);
                        color_drafts.set(drafts);
                    }
                    Err(error) => set_row_error(&id, Some(error.to_string())),
                }
            })
        };
        let swatches = PALETTE.iter().map(|(color, name)| {
            let checked = tag.color.eq_ignore_ascii_case(color);
            let pick = {
                let recolor = recolor.clone();
                let color = color.to_string();
                Callback::from(move |_: Event| recolor(color.clone()))
            };
            html! {
                <label class="palette-choice" style={format!("--swatch:{color}")} title={format!("{name} ({color})")}>
                    <input type="radio" name={format!("tag-color-{index}")} value={color.to_string()} checked={checked}
                        onchange={pick} disabled={!editable} />
                    <span class="palette-swatch" aria-hidden="true"></span>
                    <span class="visually-hidden">{ format!("{name} ({color})") }</span>
                </label>
            }
        });
        let custom_value = color_drafts.get(&id).cloned().unwrap_or_else(|| tag.color.clone());
        let commit_custom = {
            let recolor = recolor.clone();
            Callback::from(move |event: Event| recolor(input_value(&event)))
        };
        let hotkey_options = HOTKEYS.iter().map(|key| {
            let holder = hotkey_holder(&tags, *key, Some(&id));
            let text = match holder {
                Some(holder) => format!("{key} (moves from {})", holder.label),
                None => key.to_string(),
            };
            html! { <option value={key.to_string()} selected={tag.hotkey == Some(*key)}>{ text }</option> }
        });
        let set_hotkey = {
            let id = id.clone();
            let tags = tags.clone();
            let dispatch = dispatch.clone();
            Callback::from(move |event: Event| {
                let value = select_value(&event);
                let hotkey = value.chars().next().and_then(|key| check_hotkey(key).ok());
                let label = tags.label_of(&id).to_string();
                let message = match hotkey.and_then(|key| hotkey_holder(&tags, key, Some(&id)).map(|holder| (key, holder))) {
                    Some((key, holder)) => format!("Hotkey {key} set for {label}; {} no longer has a hotkey", holder.label),
                    None => match hotkey {
                        Some(key) => format!("Hotkey {key} set for {label}"),
                        None => format!("Hotkey removed from {label}"),
                    },
                };
                dispatch(Action::SetTagHotkey { id: id.clone(), hotkey }, message);
            })
        };
        let move_by = |direction: TagMove| {
            let id = id.clone();
            let tags = tags.clone();
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| {
                let word = if direction == TagMove::Up { "up" } else { "down" };
                let message = format!("Tag moved {word}: {}", tags.label_of(&id));
                dispatch(Action::MoveTag { id: id.clone(), direction }, message);
                // The moved row's button keeps focus as the list re-orders.
                let selector = if direction == TagMove::Up { "up" } else { "down" };
                let index = tags.tags.iter().position(|tag| tag.id == id).unwrap_or(0);
                let target = if direction == TagMove::Up { index.saturating_sub(1) } else { index + 1 };
                let focus_id = format!("tag-move-{selector}-{target}");
                gloo::timers::callback::Timeout::new(0, move || web::focus::focus_by_id(&focus_id)).forget();
            })
        };
        let ask_delete = {
            let id = id.clone();
            let deleting = deleting.clone();
            Callback::from(move |_| {
                deleting.set(Some(PendingDeletion { id: id.clone(), choice: "remove", replacement: None }));
            })
        };
        let first = index == 0;
        let last = index + 1 == tags.tags.len();
        let only = tags.tags.len() == 1;
        let label = tag.label.clone();
        let delete_panel = deleting
            .as_ref()
            .filter(|pending| pending.id == id)
            .map(|pending| delete_panel(session, &tags, tag, pending, &deleting, &dispatch));
        html! {
            <li key={tag.id.as_str().to_string()} class="tag-row" data-tag={tag.id.as_str().to_string()}>
                <div class="tag-row-main">
                    <span class="swatch tag-row-swatch" style={format!("--tag:{}", tag.color)} aria-hidden="true"></span>
                    <label class="visually-hidden" for={label_id.clone()}>{ format!("Label of {label}") }</label>
                    <input id={label_id} class="tag-label-input" value={label_value} onchange={commit_label}
                        maxlength="60" disabled={!editable} aria-invalid={error.is_some().to_string()}
                        aria-describedby={error.is_some().then(|| error_id.clone())} />
                    <label class="tag-hotkey-field">{ "Key" }
                        <select class="tag-hotkey" onchange={set_hotkey} disabled={!editable}
                            aria-label={format!("Hotkey of {label}")}>
                            <option value="" selected={tag.hotkey.is_none()}>{ "None" }</option>
                            { for hotkey_options }
                        </select>
                    </label>
                    <button type="button" id={format!("tag-move-up-{index}")} class="tag-move-up" onclick={move_by(TagMove::Up)}
                        disabled={!editable || first} aria-label={format!("Move {label} up")}>{ "↑" }</button>
                    <button type="button" id={format!("tag-move-down-{index}")} class="tag-move-down" onclick={move_by(TagMove::Down)}
                        disabled={!editable || last} aria-label={format!("Move {label} down")}>{ "↓" }</button>
                    <button type="button" class="tag-delete" onclick={ask_delete} disabled={!editable || only}
                        aria-label={format!("Delete {label}…")}
                        title={only.then_some("The last tag cannot be deleted: the toolbar needs one to highlight with.")}>{ "Delete…" }</button>
                </div>
                <fieldset class="tag-colors" disabled={!editable}>
                    <legend class="visually-hidden">{ format!("Colour of {label}") }</legend>
                    { for swatches }
                    <label class="custom-color">{ "Custom" }
                        <input class="tag-color-input" value={custom_value} onchange={commit_custom} size="8"
                            spellcheck="false" aria-label={format!("Custom colour of {label}, #rrggbb")}
                            aria-describedby={error.is_some().then(|| error_id.clone())} />
                    </label>
                    <span class="contrast-hint">{ contrast_hint(&tag.color) }</span>
                </fieldset>
                <div class="tag-error-slot">
                    if let Some(error) = error {
                        <p id={error_id} class="tag-error" role="alert">{ error }</p>
                    }
                </div>
                <div class="tag-delete-slot">{ delete_panel.unwrap_or_default() }</div>
            </li>
        }
    });

    let add_tag = {
        let tags = tags.clone();
        let session = session.clone();
        let new_label = new_label.clone();
        let new_color = new_color.clone();
        let new_hotkey = new_hotkey.clone();
        let new_error = new_error.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let checked = check_label(&tags, &new_label, None).and_then(|label| {
                let color = check_color(&new_color)?;
                let hotkey = new_hotkey.chars().next().map(check_hotkey).transpose()?;
                Ok((label, color, hotkey))
            });
            match checked {
                Ok((label, color, hotkey)) => {
                    let in_use: Vec<TagId> = session
                        .annotations
                        .iter()
                        .chain(session.trash.iter().map(|entry| &entry.annotation))
                        .flat_map(|annotation| annotation.tags.iter().cloned())
                        .chain(tags.retired.iter().map(|tag| tag.id.clone()))
                        .collect();
                    let id = new_tag_id(&tags, &label, &in_use);
                    let moved = hotkey
                        .and_then(|key| hotkey_holder(&tags, key, None))
                        .map(|holder| format!("; {} no longer has a hotkey", holder.label));
                    let message = format!("Tag added: {label}{}", moved.unwrap_or_default());
                    dispatch(Action::AddTag { definition: TagDefinition { id, label, color, hotkey } }, message);
                    new_label.set(String::new());
                    new_hotkey.set(String::new());
                    new_error.set(None);
                }
                Err(error) => new_error.set(Some(error.to_string())),
            }
        })
    };
    let new_hotkey_options = HOTKEYS.iter().map(|key| {
        let text = match hotkey_holder(&tags, *key, None) {
            Some(holder) => format!("{key} (moves from {})", holder.label),
            None => key.to_string(),
        };
        html! { <option value={key.to_string()} selected={new_hotkey.starts_with(*key)}>{ text }</option> }
    });
    let new_swatches = PALETTE.iter().map(|(color, name)| {
        let pick = {
            let new_color = new_color.clone();
            let color = color.to_string();
            Callback::from(move |_: Event| new_color.set(color.clone()))
        };
        html! {
            <label class="palette-choice" style={format!("--swatch:{color}")} title={format!("{name} ({color})")}>
                <input type="radio" name="new-tag-color" value={color.to_string()}
                    checked={new_color.eq_ignore_ascii_case(color)} onchange={pick} />
                <span class="palette-swatch" aria-hidden="true"></span>
                <span class="visually-hidden">{ format!("{name} ({color})") }</span>
            </label>
        }
    });
    let undo = {
        let session = session.clone();
        let status = status.clone();
        Callback::from(move |_| {
            if let Some(description) = session.history.next_undo() {
                status.set(format!("Undone: {description}"));
            }
            session.dispatch(Action::Undo);
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };

    html! {
        <div class="dialog-backdrop tag-manager-backdrop">
            <section id="tag-manager" class="dialog tag-manager" role="dialog" aria-modal="true" tabindex="-1"
                aria-labelledby="tag-manager-heading" aria-describedby="tag-manager-hint"
                ref={props.dialog_ref.clone()} onkeydown={on_key_down}>
                <div class="tag-manager-header">
                    <h2 id="tag-manager-heading">{ "Tags" }</h2>
                    <button type="button" id="tag-undo" onclick={undo}
                        disabled={!props.editable || !session.history.can_undo()}
                        title={session.history.next_undo().map(|what| format!("Undo: {what}")).unwrap_or_default()}>{ "Undo" }</button>
                    <button type="button" id="close-tag-manager" onclick={close}>{ "Close" }</button>
                </div>
                <p id="tag-manager-hint" class="dialog-hint">
                    { "Tags are shared by every article in your library. Changes apply at once; Undo (or Ctrl+Z) takes them back. Hotkeys are digits, since letters are commands." }
                </p>
                <div class="tag-manager-problem-slot">
                    if let Some(problem) = refusal.or(problem) {
                        <p class="tag-manager-problem" role="alert">{ problem }</p>
                    }
                </div>
                <ol class="tag-rows" aria-label="Tags, in toolbar order">{ for rows }</ol>
                <form id="add-tag-form" class="add-tag" onsubmit={add_tag} aria-labelledby="add-tag-heading">
                    <h3 id="add-tag-heading">{ "Add a tag" }</h3>
                    <div class="add-tag-fields">
                        <label>{ "Label" }
                            <input id="new-tag-label" value={(*new_label).clone()} maxlength="60" disabled={!editable}
                                aria-invalid={new_error.is_some().to_string()}
                                aria-describedby={new_error.is_some().then_some("new-tag-error")}
                                oninput={let new_label = new_label.clone(); Callback::from(move |event: InputEvent| {
                                    new_label.set(event.target_dyn_into::<HtmlInputElement>().map(|input| input.value()).unwrap_or_default())
                                })} />
                        </label>
                        <label>{ "Key" }
                            <select id="new-tag-hotkey" disabled={!editable}
                                onchange={let new_hotkey = new_hotkey.clone(); Callback::from(move |event: Event| new_hotkey.set(select_value(&event)))}>
                                <option value="" selected={new_hotkey.is_empty()}>{ "None" }</option>
                                { for new_hotkey_options }
                            </select>
                        </label>
                    </div>
                    <fieldset class="tag-colors" disabled={!editable}>
                        <legend>{ "Colour" }</legend>
                        { for new_swatches }
                        <label class="custom-color">{ "Custom" }
                            <input id="new-tag-color" value={(*new_color).clone()} size="8" spellcheck="false"
                                aria-label="Custom colour of the new tag, #rrggbb"
                                oninput={let new_color = new_color.clone(); Callback::from(move |event: InputEvent| {
                                    new_color.set(event.target_dyn_into::<HtmlInputElement>().map(|input| input.value()).unwrap_or_default())
                                })} />
                        </label>
                        <span class="contrast-hint">{ contrast_hint(&new_color) }</span>
                    </fieldset>
                    <div class="tag-error-slot">
                        if let Some(error) = (*new_error).clone() {
                            <p id="new-tag-error" class="tag-error" role="alert">{ error }</p>
                        }
                    </div>
                    <button type="submit" id="add-tag" class="primary" disabled={!editable}>{ "Add tag" }</button>
                </form>
                <div id="tag-manager-status" class="tag-manager-status" role="status" aria-live="polite">{ (*status).clone() }</div>
            </section>
        </div>
    }
}

/// The three-way choice shown before a tag is deleted, with how many
/// highlights of the open article use it.
fn delete_panel(
    session: &UseReducerHandle<SessionState>,
    tags: &Rc<TagSet>,
    tag: &TagDefinition,
    pending: &PendingDeletion,
    deleting: &UseStateHandle<Option<PendingDeletion>>,
    dispatch: &Rc<dyn Fn(Action, String)>,
) -> Html {
    let count = usage_count(&session.annotations, &tag.id);
    let others: Vec<&TagDefinition> = tags.tags.iter().filter(|other| other.id != tag.id).collect();
    let replacement = pending.replacement.clone().or_else(|| others.first().map(|other| other.id.clone()));
    let choose = |choice: &'static str| {
        let deleting = deleting.clone();
        let pending = pending.clone();
        Callback::from(move |_: Event| deleting.set(Some(PendingDeletion { choice, ..pending.clone() })))
    };
    let pick_replacement = {
        let deleting = deleting.clone();
        let pending = pending.clone();
        Callback::from(move |event: Event| {
            let value = select_value(&event);
            deleting.set(Some(PendingDeletion {
                choice: "replace",
                replacement: Some(TagId(value)),
                ..pending.clone()
            }))
        })
    };
    let cancel = {
        let deleting = deleting.clone();
        Callback::from(move |_| deleting.set(None))
    };
    let confirm = {
        let deleting = deleting.clone();
        let dispatch = dispatch.clone();
        let id = tag.id.clone();
        let tags = tags.clone();
        let choice = pending.choice;
        let replacement = replacement.clone();
        Callback::from(move |_| {
            let disposal = match (choice, &replacement) {
                ("replace", Some(replacement)) if count > 0 => TagDisposal::ReplaceWith(replacement.clone()),
                ("delete", _) if count > 0 => TagDisposal::DeleteAnnotations,
                _ => TagDisposal::RemoveFromAnnotations,
            };
            let message = claimmark_core::session::tag_editing::describe_deletion(&tags, &id, &disposal, count);
            dispatch(Action::DeleteTag { id: id.clone(), disposal, now: web::clock::now() }, message);
            deleting.set(None);
            // The row is gone: focus the list's first control instead.
            gloo::timers::callback::Timeout::new(0, || web::focus::focus_by_id("tag-label-0")).forget();
        })
    };
    let label = tag.label.clone();
    let usage = match count {
        0 => format!("No highlight in this article uses {label}."),
        1 => format!("1 highlight in this article uses {label}:"),
        count => format!("{count} highlights in this article use {label}:"),
    };
    let options = others.iter().map(|other| {
        html! {
            <option value={other.id.as_str().to_string()} selected={replacement.as_ref() == Some(&other.id)}>
                { other.label.clone() }
            </option>
        }
    });
    html! {
        <div class="tag-delete-panel" id="tag-delete-panel" role="group" aria-labelledby="tag-delete-usage">
            <p id="tag-delete-usage">{ usage }</p>
            if count > 0 {
                <div class="tag-delete-choices">
                    <label><input type="radio" name="tag-delete-choice" value="remove" checked={pending.choice == "remove"}
                        onchange={choose("remove")} />{ " remove the tag from them" }</label>
                    <label class="replace-choice">
                        <input type="radio" name="tag-delete-choice" value="replace" checked={pending.choice == "replace"}
                            onchange={choose("replace")} disabled={others.is_empty()} />{ " replace it with " }
                        <select id="tag-replacement" aria-label={format!("Tag to use instead of {label}")}
                            onchange={pick_replacement} disabled={others.is_empty()}>{ for options }</select>
                    </label>
                    <label><input type="radio" name="tag-delete-choice" value="delete" checked={pending.choice == "delete"}
                        onchange={choose("delete")} />{ " delete them (they go to the trash)" }</label>
                </div>
            }
            <p class="dialog-hint">{ "Highlights in other articles keep the tag; it comes back, with its label and colour, when one of them is opened." }</p>
            <div class="dialog-actions">
                <button type="button" id="confirm-tag-delete" class="danger" onclick={confirm}>{ format!("Delete {label}") }</button>
                <button type="button" id="cancel-tag-delete" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
