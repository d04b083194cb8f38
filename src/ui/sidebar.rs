//! The sidebar: tag legend with counts, and the annotations in document order.

use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::ui::editor::AnnotationEditor;
use crate::ui::sidebar_entry::SidebarEntry;
use crate::ui::sidebar_filters::{dispatch_callback, ReviewMark, SidebarFilters};
use claimmark_core::session::annotation::{AnchorStatus, AnnotationId};
use claimmark_core::session::tags::TagId;

/// Props of [`Sidebar`].
#[derive(Properties, PartialEq)]
pub struct SidebarProps {
    /// The session to list.
    pub session: UseReducerHandle<SessionState>,
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
    /// The summary panel, shown first.
    #[prop_or_default]
    pub summary: Html,
}

/// Legend, counts and the annotation list with the open one's editor.
#[function_component(Sidebar)]
pub fn sidebar(props: &SidebarProps) -> Html {
    let _span = crate::web::bench::Span::new("sidebar");
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
    // One callback for the whole life of the list, forwarding to the latest
    // `on_select`: entries compare their props, so a fresh callback on each
    // render would re-render all of them.
    let latest_on_select = use_mut_ref(|| props.on_select.clone());
    *latest_on_select.borrow_mut() = props.on_select.clone();
    let on_select_entry =
        (*use_memo((), move |_| Callback::from(move |id: AnnotationId| latest_on_select.borrow().emit(id)))).clone();
    let filter = use_state(claimmark_core::views::annotation_filter::AnnotationFilter::default);
    let listed = claimmark_core::views::annotation_filter::filter_annotations(&session.annotations, &filter);
    let shown = listed.len();
    // A long list renders a screenful first and the rest after the first
    // paint, in document order; the open entry is always rendered.
    let open_position =
        session.open.as_ref().and_then(|open| listed.iter().position(|annotation| &annotation.id == open));
    let rendered = crate::ui::incremental::use_incremental_limit(shown).max(open_position.map_or(0, |at| at + 1));
    let entries = listed.into_iter().take(rendered).map(|annotation| {
        let is_open = session.open.as_ref() == Some(&annotation.id);
        let editor = is_open.then(|| {
            html! {
                <AnnotationEditor annotation={annotation.clone()} tags={session.tags.clone()}
                    on_toggle_tag={props.on_toggle_tag.clone()} on_note={props.on_note.clone()}
                    on_delete={props.on_delete.clone()} on_close={props.on_close.clone()} editable={props.editable}
                    article={Some(session.article.clone())} dispatch={dispatch_callback(session)} />
            }
        });
        html! {
            <SidebarEntry key={annotation.id.as_str()} annotation={annotation.clone()} tags={session.tags.clone()}
                is_open={is_open} on_select={on_select_entry.clone()} editor={editor.unwrap_or_default()} />
        }
    });

    let total = placed().count();
    html! {
        <aside id="sidebar" aria-label="Annotations">
            { props.summary.clone() }
            <section class="panel legend" aria-labelledby="legend-heading">
                <div class="legend-header">
                    <h2 id="legend-heading">{ "Claim tags" }</h2>
                    <crate::ui::tag_manager::TagManager session={props.session.clone()} editable={props.editable} />
                </div>
                <ul class="legend-list">{ for legend }</ul>
                <p class="hint">{ "Select text in the article, then pick a tag or press its number." }</p>
            </section>
            <section class="panel" aria-labelledby="list-heading">
                <h2 id="list-heading">{ format!("Highlights ({total})") }</h2>
                <ReviewMark reviewed={session.fully_reviewed} dispatch={dispatch_callback(session)} editable={props.editable} />
                if total > 0 || filter.narrows() {
                    <SidebarFilters filter={(*filter).clone()} tags={session.tags.clone()} {shown} {total}
                        on_change={let filter = filter.clone(); Callback::from(move |next| filter.set(next))} />
                }
                if total == 0 && !filter.narrows() {
                    <p class="empty-state">{ "No highlights yet. Select a claim in the article to start." }</p>
                } else if shown == 0 {
                    <p class="empty-state">{ "No highlight matches these filters." }</p>
                } else {
                    <ol class="annotation-list">{ for entries }</ol>
                }
            </section>
            { props.orphans.clone() }
            <crate::ui::trash::TrashSection session={props.session.clone()} editable={props.editable} />
        </aside>
    }
}
