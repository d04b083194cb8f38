//! The floating toolbar shown beside a selection: one button per tag.

use std::rc::Rc;

use yew::prelude::*;

use claimmark_core::session::tags::{TagId, TagSet};

/// Props of [`SelectionToolbar`].
#[derive(Properties, PartialEq)]
pub struct SelectionToolbarProps {
    /// The tags to offer.
    pub tags: Rc<TagSet>,
    /// Page coordinates (CSS pixels) of the toolbar's top-left corner.
    pub left: f64,
    /// Page coordinates (CSS pixels) of the toolbar's top edge.
    pub top: f64,
    /// Called with the picked tag.
    pub on_pick: Callback<TagId>,
    /// Called when the user dismisses the toolbar.
    pub on_cancel: Callback<()>,
}

/// Tag buttons beside the current selection. Buttons keep the selection
/// alive by cancelling `mousedown`, so a click never collapses it first.
#[function_component(SelectionToolbar)]
pub fn selection_toolbar(props: &SelectionToolbarProps) -> Html {
    let keep_selection = Callback::from(|event: MouseEvent| event.prevent_default());
    let buttons = props.tags.tags.iter().map(|tag| {
        let on_pick = props.on_pick.clone();
        let tag_id = tag.id.clone();
        let onclick = Callback::from(move |_| on_pick.emit(tag_id.clone()));
        let hotkey = tag.hotkey.map(|key| html! { <kbd>{ key }</kbd> });
        html! {
            <button type="button" class="toolbar-tag" data-tag={tag.id.as_str().to_string()}
                style={format!("--tag:{}", tag.color)} onmousedown={keep_selection.clone()} {onclick}
                title={format!("Tag as {}{}", tag.label, tag.hotkey.map(|key| format!(" (key {key})")).unwrap_or_default())}>
                { hotkey }<span class="swatch" aria-hidden="true"></span>{ tag.label.clone() }
            </button>
        }
    });
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_| on_cancel.emit(()))
    };
    html! {
        <div id="selection-toolbar" role="toolbar" aria-label="Tag the selected text"
            style={format!("left:{:.0}px;top:{:.0}px", props.left, props.top)}>
            { for buttons }
            <button type="button" class="toolbar-cancel" onmousedown={keep_selection} onclick={on_cancel}
                title="Cancel (Escape)" aria-label="Esc: cancel the selection">
                <kbd>{ "Esc" }</kbd>
            </button>
        </div>
    }
}
