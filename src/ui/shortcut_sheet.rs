//! The shortcut sheet: a modal dialog listing every keyboard shortcut,
//! opened with `?` or the app bar's button. Escape or Close shuts it and
//! focus goes back where it was (handled by [`crate::ui::keyboard`]).
//!
//! It lists keys; it does not handle them.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use claimmark_core::session::tags::TagSet;

/// Props of [`ShortcutSheet`].
#[derive(Properties, PartialEq)]
pub struct ShortcutSheetProps {
    /// The tags, for their hotkeys.
    pub tags: Rc<TagSet>,
    /// Called to close the sheet.
    pub on_close: Callback<()>,
}

/// Keys and what they do, in the order a user meets them.
const GENERAL_SHORTCUTS: &[(&[&str], &str)] = &[
    (&["j", "↓"], "Next sentence"),
    (&["k", "↑"], "Previous sentence"),
    (&["g", "Home"], "First sentence"),
    (&["G", "End"], "Last sentence"),
    (&["Shift", "→"], "Extend the selection by a word"),
    (&["Shift", "←"], "Shrink the selection by a word"),
    (&["Shift", "↓"], "Extend the selection by a sentence"),
    (&["Shift", "↑"], "Shrink the selection by a sentence"),
    (&["Enter"], "Open the highlight at the cursor in the editor"),
    (&["Escape"], "Close the editor (back to the cursor), the toolbar or this sheet"),
    (&["Delete", "Backspace"], "Delete the highlight at the cursor (it goes to the trash)"),
    (&["Ctrl", "Z"], "Undo"),
    (&["Ctrl", "Shift", "Z"], "Redo (Ctrl+Y too)"),
    (&["?"], "Show this sheet"),
];

/// The dialog.
#[function_component(ShortcutSheet)]
pub fn shortcut_sheet(props: &ShortcutSheetProps) -> Html {
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(button) = close_ref.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let keys_cell = |keys: &[&str]| {
        let count = keys.len();
        html! {
            <th scope="row">
                { for keys.iter().enumerate().map(|(position, key)| html! {
                    <>
                        <kbd>{ *key }</kbd>
                        if position + 1 < count { <span class="key-join">{ if keys[0] == "Shift" || keys[0] == "Ctrl" { " + " } else { " or " } }</span> }
                    </>
                }) }
            </th>
        }
    };
    let tag_rows = props.tags.tags.iter().filter_map(|tag| {
        let hotkey = tag.hotkey?.to_string();
        Some(html! {
            <tr>{ keys_cell(&[hotkey.as_str()]) }<td>{ format!("Tag the selection (or the open highlight) as {}", tag.label) }</td></tr>
        })
    });
    let on_close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let on_backdrop = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: MouseEvent| {
            let on_backdrop = event.target() == event.current_target();
            if on_backdrop {
                on_close.emit(());
            }
        })
    };
    html! {
        <div class="dialog-backdrop" onclick={on_backdrop}>
            <section id="shortcut-sheet" class="dialog shortcut-sheet" role="dialog" aria-modal="true"
                aria-labelledby="shortcut-sheet-heading">
                <h2 id="shortcut-sheet-heading">{ "Keyboard shortcuts" }</h2>
                <p class="dialog-hint">{ "Annotate without a mouse: move the cursor with j and k, tag with a number key, open with Enter." }</p>
                <table class="shortcut-table">
                    <caption class="visually-hidden">{ "Keys and what they do" }</caption>
                    <tbody>
                        { for GENERAL_SHORTCUTS.iter().take(8).map(|(keys, meaning)| html! { <tr>{ keys_cell(keys) }<td>{ *meaning }</td></tr> }) }
                        { for tag_rows }
                        { for GENERAL_SHORTCUTS.iter().skip(8).map(|(keys, meaning)| html! { <tr>{ keys_cell(keys) }<td>{ *meaning }</td></tr> }) }
                    </tbody>
                </table>
                <div class="dialog-actions">
                    <button type="button" id="close-shortcuts" class="primary" ref={close_ref} onclick={on_close}>{ "Close" }</button>
                </div>
            </section>
        </div>
    }
}
