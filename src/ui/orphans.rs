//! The sidebar's "Orphans (n)" section: highlights whose text is no longer
//! in the article. Each shows its old quote struck through, its tags and
//! note, and can be re-attached to a new selection or deleted explicitly.
//! Orphans are never removed any other way.

use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::ui::truncate_with_ellipsis;
use crate::web;
use claimmark_core::article::text::CodePointRange;
use claimmark_core::session::action::Action;
use claimmark_core::session::annotation::{AnchorStatus, AnnotationId};

/// Props of [`Orphans`].
#[derive(Properties, PartialEq)]
pub struct OrphansProps {
    /// The session whose orphans are listed.
    pub session: UseReducerHandle<SessionState>,
    /// The text selected in the article right now, if any.
    pub selection: Option<CodePointRange>,
    /// Shows a confirmation or an error in the status line.
    pub announce: Callback<String>,
    /// Clears the selection once it has been used.
    pub on_selection_used: Callback<()>,
    /// False when the article is read-only.
    pub editable: bool,
}

/// The orphans section; nothing at all when there is no orphan.
#[function_component(Orphans)]
pub fn orphans(props: &OrphansProps) -> Html {
    let confirming = use_state(|| None::<AnnotationId>);
    let session = &props.session;
    let orphans: Vec<_> =
        session.annotations.iter().filter(|annotation| annotation.anchor == AnchorStatus::Orphan).collect();
    if orphans.is_empty() {
        return html! {};
    }
    let entries = orphans.iter().map(|annotation| {
        let id = annotation.id.clone();
        let reattach = {
            let session = session.clone();
            let selection = props.selection;
            let announce = props.announce.clone();
            let on_selection_used = props.on_selection_used.clone();
            let id = id.clone();
            let quote = annotation.quote.exact.clone();
            Callback::from(move |_| {
                let Some(range) = selection else {
                    announce.emit("Select the passage this highlight belongs to in the article, then click Re-attach.".to_string());
                    return;
                };
                let taken = session.annotations.iter().any(|other| {
                    other.id != id && other.range == range && other.anchor != AnchorStatus::Orphan
                });
                if taken {
                    announce.emit("Another highlight already covers exactly that text; select a different passage.".to_string());
                    return;
                }
                session.dispatch(Action::Reattach { id: id.clone(), range, now: web::clock::now() });
                on_selection_used.emit(());
                announce.emit(format!("Re-attached “{}”", truncate_with_ellipsis(&quote, 60)));
            })
        };
        // Keeps the article selection alive while the button is pressed.
        let keep_selection = Callback::from(|event: MouseEvent| event.prevent_default());
        let ask = {
            let confirming = confirming.clone();
            let id = id.clone();
            Callback::from(move |_| confirming.set(Some(id.clone())))
        };
        let keep = {
            let confirming = confirming.clone();
            Callback::from(move |_| confirming.set(None))
        };
        let delete = {
            let session = session.clone();
            let confirming = confirming.clone();
            let announce = props.announce.clone();
            let id = id.clone();
            let quote = annotation.quote.exact.clone();
            Callback::from(move |_| {
                session.dispatch(Action::Delete { id: id.clone(), now: crate::web::clock::now() });
                confirming.set(None);
                announce.emit(format!("Orphan deleted: “{}”", truncate_with_ellipsis(&quote, 60)));
            })
        };
        let is_confirming = confirming.as_ref() == Some(&annotation.id);
        html! {
            <li class="orphan-entry" data-annotation={annotation.id.as_str().to_string()} key={annotation.id.as_str().to_string()}>
                <s class="entry-quote" title="This text is no longer in the article">{ truncate_with_ellipsis(&annotation.quote.exact, 120) }</s>
                <span class="entry-chips">
                    { for annotation.tags.iter().map(|tag| html! {
                        <span class="chip" data-tag={tag.as_str().to_string()} style={format!("--tag:{}", session.tags.color_of(tag))}>
                            { session.tags.label_of(tag).to_string() }
                        </span>
                    }) }
                    if annotation.tags.is_empty() { <span class="chip chip-empty">{ "No tag" }</span> }
                </span>
                if !annotation.note.is_empty() {
                    <p class="entry-note">{ truncate_with_ellipsis(&annotation.note, 140) }</p>
                }
                if props.editable {
                    if is_confirming {
                        <div class="orphan-actions orphan-confirm" role="group" aria-label="Confirm deletion">
                            <span>{ "Delete this highlight, its tags and note for good?" }</span>
                            <button type="button" class="confirm-delete danger" onclick={delete}>{ "Delete" }</button>
                            <button type="button" class="cancel-delete" onclick={keep}>{ "Keep" }</button>
                        </div>
                    } else {
                        <div class="orphan-actions">
                            <button type="button" class="reattach" onmousedown={keep_selection} onclick={reattach}
                                title="Attach to the text selected in the article">{ "Re-attach" }</button>
                            <button type="button" class="delete-orphan" onclick={ask}>{ "Delete" }</button>
                        </div>
                    }
                }
            </li>
        }
    });
    html! {
        <section class="panel orphans" id="orphans" aria-labelledby="orphans-heading">
            <h2 id="orphans-heading">{ format!("Orphans ({})", orphans.len()) }</h2>
            <p class="hint">{ "Their text is no longer in the article. Select where it went, then click Re-attach; or delete them." }</p>
            <ol class="orphan-list">{ for entries }</ol>
        </section>
    }
}
