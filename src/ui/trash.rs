//! The trash section of the sidebar: deleted highlights, each with a
//! Restore button, and "Empty trash" behind a confirmation.
//!
//! It dispatches `RestoreFromTrash` and `EmptyTrash`; the rules (what a
//! restore puts back, what emptying records for undo) live in the core.

use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::ui::truncate_with_ellipsis;
use claimmark_core::session::action::Action;

/// Props of [`TrashSection`].
#[derive(Properties, PartialEq)]
pub struct TrashSectionProps {
    /// The session whose trash is listed.
    pub session: UseReducerHandle<SessionState>,
    /// False when the article is read-only.
    pub editable: bool,
}

/// "Trash (n)": deleted highlights that can be restored until emptied.
#[function_component(TrashSection)]
pub fn trash_section(props: &TrashSectionProps) -> Html {
    let confirming = use_state(|| false);
    let session = &props.session;
    let count = session.trash.len();
    let entries = session.trash.iter().map(|entry| {
        let id = entry.annotation.id.clone();
        let restore = {
            let session = session.clone();
            Callback::from(move |_| session.dispatch(Action::RestoreFromTrash { id: id.clone() }))
        };
        let quote = truncate_with_ellipsis(&entry.annotation.quote.exact, 100);
        html! {
            <li class="trash-entry" data-annotation={entry.annotation.id.as_str().to_string()}>
                <q class="entry-quote">{ quote.clone() }</q>
                <button type="button" class="trash-restore" onclick={restore} disabled={!props.editable}
                    aria-label={format!("Restore “{quote}”")}>{ "Restore" }</button>
            </li>
        }
    });
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let empty = {
        let confirming = confirming.clone();
        let session = session.clone();
        Callback::from(move |_| {
            session.dispatch(Action::EmptyTrash);
            confirming.set(false);
        })
    };
    html! {
        <section id="trash" class="panel trash" aria-labelledby="trash-heading">
            <h2 id="trash-heading">{ format!("Trash ({count})") }</h2>
            if count == 0 {
                <p class="empty-state">{ "Deleted highlights wait here until you empty the trash." }</p>
            } else {
                <ol class="trash-list">{ for entries }</ol>
                <div class="trash-actions">
                    if *confirming {
                        <p class="trash-confirm" role="alert">
                            { format!("Delete {count} highlight{} for good? Undo (Ctrl+Z) can still bring them back until you reload.", if count == 1 { "" } else { "s" }) }
                        </p>
                        <button type="button" id="confirm-empty-trash" onclick={empty}>{ "Empty trash" }</button>
                        <button type="button" id="cancel-empty-trash" onclick={cancel}>{ "Keep them" }</button>
                    } else {
                        <button type="button" id="empty-trash" onclick={ask} disabled={!props.editable}>{ "Empty trash…" }</button>
                    }
                </div>
            }
        </section>
    }
}
