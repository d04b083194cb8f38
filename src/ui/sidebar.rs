//! The sidebar: tag legend with counts, and the annotations in document order.

use yew::prelude::*;

use crate::core::annotation::{AnchorStatus, Annotation, AnnotationId};
use crate::core::session::Session;
use crate::core::tags::TagId;
use crate::ui::editor::AnnotationEditor;
use crate::ui::truncate_with_ellipsis;

/// Props of [`Sidebar`].
#[derive(Properties, PartialEq)]
pub struct SidebarProps {
    /// The session to list.
    pub session: UseReducerHandle<Session>,
    /// Opens an annotation and scrolls the article to it.
    pub on_select: Callback<AnnotationId>,
    /// Adds or removes a tag on the open annotation.
    pub on_toggle_tag: Callback<TagId>,
    /// Replaces the open annotation's note.
    pub on_note: Callback<String>,
    /// Deletes the open annotation.
    pub on_delete: Callback<()>,
    /// Closes the editor.
    pub on_close: Callback<()>,
    /// False when the article is read-only.
    pub editable: bool,
    /// The orphans section, shown after the list.
    #[prop_or_default]
    pub orphans: Html,
}

/// Legend, counts and the annotation list with the open one's editor.
#[function_component(Sidebar)]
pub fn sidebar(props: &SidebarProps) -> Html {
    let session = &props.session;
    let counts = session.tag_counts();
    let legend = session.tags.tags.iter().map(|tag| {
        let count = counts.iter().find(|(id, _)| id == &tag.id).map(|(_, count)| *count).unwrap_or(0);
        html! {
            <li class="legend-item" style={format!("--tag:{}", tag.color)}>
                <span class="swatch" aria-hidden="true"></span>
                <span class="legend-label">{ tag.label.clone() }</span>
                if let Some(key) = tag.hotkey { <kbd title={format!("Key {key}")}>{ key }</kbd> }
                <span class="tag-count" data-tag={tag.id.as_str().to_string()} data-count={count.to_string()}
                    aria-label={format!("{count} {}", tag.label)}>{ count }</span>
            </li>
        }
    });

    // Orphans are listed in their own section (`orphans`), not here.
    let placed = || session.annotations.iter().filter(|annotation| annotation.anchor != AnchorStatus::Orphan);
    let entries = placed().map(|annotation| {
        let is_open = session.open.as_ref() == Some(&annotation.id);
        let on_select = props.on_select.clone();
        let id = annotation.id.clone();
        let onclick = Callback::from(move |_| on_select.emit(id.clone()));
        let onkeydown = {
            let on_select = props.on_select.clone();
            let id = annotation.id.clone();
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Enter" || event.key() == " " {
                    event.prevent_default();
                    on_select.emit(id.clone());
                }
            })
        };
        let editor = is_open.then(|| {
            html! {
                <AnnotationEditor annotation={annotation.clone()} tags={session.tags.clone()}
                    on_toggle_tag={props.on_toggle_tag.clone()} on_note={props.on_note.clone()}
                    on_delete={props.on_delete.clone()} on_close={props.on_close.clone()} editable={props.editable} />
            }
        });
        html! {
            <li class={classes!("annotation-entry", is_open.then_some("open"))} data-annotation={annotation.id.as_str().to_string()}
                style={format!("--tag:{}", first_tag_color(session, annotation))}>
                <div class="entry-summary" role="button" tabindex="0" aria-expanded={is_open.to_string()} {onclick} {onkeydown}>
                    <q class="entry-quote">{ truncate_with_ellipsis(&annotation.quote.exact, 120) }</q>
                    if let AnchorStatus::Fuzzy { score_percent } = annotation.anchor {
                        <span class="entry-fuzzy" title={format!("text changed, matched {score_percent}%")}
                            aria-label={format!("text changed, matched {score_percent}%")}></span>
                    }
                    <span class="entry-chips">
                        { for annotation.tags.iter().map(|tag| html! {
                            <span class="chip" data-tag={tag.as_str().to_string()} style={format!("--tag:{}", session.tags.color_of(tag))}>
                                { session.tags.label_of(tag).to_string() }
                            </span>
                        }) }
                        if annotation.kind == crate::core::annotation::AnnotationKind::NotAClaim {
                            <span class="chip chip-not-a-claim">{ "Not a claim" }</span>
                        } else if annotation.tags.is_empty() { <span class="chip chip-empty">{ "No tag" }</span> }
                        if let crate::core::annotation::Origin::Suggested { score_permille, .. } = &annotation.origin {
                            <span class="chip chip-suggested" title="Proposed by the check-worthiness suggestions">
                                { format!("Suggested {:.2}", f64::from(*score_permille) / 1000.0) }
                            </span>
                        }
                    </span>
                    if !annotation.note.is_empty() && !is_open {
                        <p class="entry-note">{ truncate_with_ellipsis(&annotation.note, 140) }</p>
                    }
                </div>
                { editor }
            </li>
        }
    });

    let total = placed().count();
    html! {
        <aside id="sidebar" aria-label="Annotations">
            <section class="panel legend" aria-labelledby="legend-heading">
                <h2 id="legend-heading">{ "Claim tags" }</h2>
                <ul class="legend-list">{ for legend }</ul>
                <p class="hint">{ "Select text in the article, then pick a tag or press its number." }</p>
            </section>
            <section class="panel" aria-labelledby="list-heading">
                <h2 id="list-heading">{ format!("Highlights ({total})") }</h2>
                if total == 0 {
                    <p class="empty-state">{ "No highlights yet. Select a claim in the article to start." }</p>
                } else {
                    <ol class="annotation-list">{ for entries }</ol>
                }
            </section>
            { props.orphans.clone() }
        </aside>
    }
}

fn first_tag_color(session: &Session, annotation: &Annotation) -> String {
    annotation.tags.first().map(|tag| session.tags.color_of(tag).to_string()).unwrap_or_else(|| "#fff3a8".to_string())
}
