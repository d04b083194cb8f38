//! The editor of the open annotation: tags, claim fields (verdict,
//! claimant, evidence, checked date, "not a claim"), note, delete.
//!
//! It renders one annotation and sends changes up as callbacks and actions;
//! it holds no rules of its own (the claim fields are checked in
//! [`claimmark_core::session::claim_fields`]).

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::ui::claim_fields::ClaimFields;
use claimmark_core::article::model::Article;
use claimmark_core::session::action::Action;
use claimmark_core::session::annotation::Annotation;
use claimmark_core::session::tags::{TagId, TagSet};

/// Props of [`AnnotationEditor`].
#[derive(Properties, PartialEq)]
pub struct AnnotationEditorProps {
    /// The annotation being edited.
    pub annotation: Annotation,
    /// The tags that can be toggled.
    pub tags: Rc<TagSet>,
    /// Adds or removes a tag.
    pub on_toggle_tag: Callback<TagId>,
    /// Replaces the note.
    pub on_note: Callback<String>,
    /// Deletes the annotation.
    pub on_delete: Callback<()>,
    /// Closes the editor.
    pub on_close: Callback<()>,
    /// False when the article is read-only.
    pub editable: bool,
    /// The article, for the claimant suggestion and picking a claimant
    /// from a selection; without it the claim fields are not shown.
    #[prop_or_default]
    pub article: Option<Rc<Article>>,
    /// Sends claim-field actions to the session.
    #[prop_or_default]
    pub dispatch: Callback<Action>,
}

/// Longest note accepted, in characters; longer input is cut with a message.
pub const NOTE_LIMIT: usize = 10_000;

/// Tag toggles, a note field and a guarded delete button.
#[function_component(AnnotationEditor)]
pub fn annotation_editor(props: &AnnotationEditorProps) -> Html {
    let confirming_delete = use_state(|| false);
    let note_too_long = use_state(|| false);
    let annotation = &props.annotation;

    let toggles = props.tags.tags.iter().map(|tag| {
        let pressed = annotation.tags.contains(&tag.id);
        let position = annotation.tags.iter().position(|id| id == &tag.id);
        let on_toggle = props.on_toggle_tag.clone();
        let tag_id = tag.id.clone();
        let onclick = Callback::from(move |_| on_toggle.emit(tag_id.clone()));
        html! {
            <button type="button" class={classes!("tag-toggle", pressed.then_some("pressed"))}
                data-tag={tag.id.as_str().to_string()} aria-pressed={pressed.to_string()}
                style={format!("--tag:{}", tag.color)} disabled={!props.editable} {onclick}
                title={match position { Some(0) => "First tag: sets the colour".to_string(), Some(_) => "Click to remove".to_string(), None => format!("Add {}", tag.label) }}>
                <span class="swatch" aria-hidden="true"></span>{ tag.label.clone() }
                if let Some(key) = tag.hotkey { <kbd>{ key }</kbd> }
            </button>
        }
    });

    let on_note_input = {
        let on_note = props.on_note.clone();
        let note_too_long = note_too_long.clone();
        Callback::from(move |event: InputEvent| {
            let Some(field) = event.target_dyn_into::<HtmlTextAreaElement>() else { return };
            let mut note = field.value();
            let too_long = note.chars().count() > NOTE_LIMIT;
            if too_long {
                note = note.chars().take(NOTE_LIMIT).collect();
                field.set_value(&note);
            }
            note_too_long.set(too_long);
            on_note.emit(note);
        })
    };

    let delete_area = if *confirming_delete {
        let on_delete = props.on_delete.clone();
        let confirming = confirming_delete.clone();
        html! {
            <div class="confirm-delete" role="group" aria-label="Confirm deletion">
                <span>{ "Delete this highlight?" }</span>
                <button type="button" id="confirm-delete" class="danger" onclick={Callback::from(move |_| on_delete.emit(()))}>{ "Delete" }</button>
                <button type="button" onclick={Callback::from(move |_| confirming.set(false))}>{ "Keep" }</button>
            </div>
        }
    } else {
        let confirming = confirming_delete.clone();
        html! {
            <button type="button" id="delete-annotation" class="danger-quiet" disabled={!props.editable}
                onclick={Callback::from(move |_| confirming.set(true))}>{ "Delete highlight" }</button>
        }
    };
    let on_close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };

    html! {
        <section id="annotation-editor" aria-label="Edit highlight">
            <div class="editor-tags" role="group" aria-label="Tags">{ for toggles }</div>
            if let Some(article) = &props.article {
                <ClaimFields annotation={annotation.clone()} article={article.clone()} dispatch={props.dispatch.clone()}
                    editable={props.editable} />
            }
            <label for="note-input" class="field-label">{ "Note" }</label>
            <textarea id="note-input" rows="3" placeholder="Why it matters, what to check…"
                value={annotation.note.clone()} oninput={on_note_input} readonly={!props.editable} />
            if *note_too_long {
                <p class="field-error" role="alert">{ format!("Notes are limited to {NOTE_LIMIT} characters; the rest was cut.") }</p>
            }
            <div class="editor-actions">
                { delete_area }
                <button type="button" id="close-editor" onclick={on_close} title="Close (Escape)">{ "Done" }</button>
            </div>
        </section>
    }
}
