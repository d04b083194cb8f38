//! One entry of the sidebar's annotation list, as its own component with
//! value-compared props: adding, editing or opening one annotation
//! re-renders only that entry, not the whole list of a long article.
//!
//! It shows what it is given; it knows nothing of the session or storage.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::truncate_with_ellipsis;
use claimmark_core::session::annotation::{AnchorStatus, Annotation, AnnotationId, AnnotationKind, Origin};
use claimmark_core::session::tags::TagSet;

/// Props of [`SidebarEntry`].
#[derive(Properties, PartialEq)]
pub struct SidebarEntryProps {
    /// The annotation to summarise.
    pub annotation: Annotation,
    /// The tags, for chip labels and colours.
    pub tags: Rc<TagSet>,
    /// True for the open annotation, which shows `editor` below its summary.
    pub is_open: bool,
    /// Opens the annotation. Keep it the same callback across renders, or
    /// every entry re-renders each time.
    pub on_select: Callback<AnnotationId>,
    /// The open annotation's editor; empty for the others.
    #[prop_or_default]
    pub editor: Html,
}

/// The quote, tag chips and note of one annotation.
#[function_component(SidebarEntry)]
pub fn sidebar_entry(props: &SidebarEntryProps) -> Html {
    let _span = crate::web::bench::Span::new("sidebarEntry");
    let annotation = &props.annotation;
    let tags = &props.tags;
    let is_open = props.is_open;
    let onclick = {
        let on_select = props.on_select.clone();
        let id = annotation.id.clone();
        Callback::from(move |_| on_select.emit(id.clone()))
    };
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
    let first_tag_color =
        annotation.tags.first().map(|tag| tags.color_of(tag).to_string()).unwrap_or_else(|| "#fff3a8".to_string());
    html! {
        <li class={classes!("annotation-entry", is_open.then_some("open"),
                (annotation.kind == AnnotationKind::NotAClaim).then_some("not-a-claim"))} data-annotation={annotation.id.as_str().to_string()}
            style={format!("--tag:{first_tag_color}")}>
            <div class="entry-summary" role="button" tabindex="0" aria-expanded={is_open.to_string()} {onclick} {onkeydown}>
                <q class="entry-quote">{ truncate_with_ellipsis(&annotation.quote.exact, 120) }</q>
                if let AnchorStatus::Fuzzy { score_percent } = annotation.anchor {
                    <span class="entry-fuzzy" title={format!("text changed, matched {score_percent}%")}
                        aria-label={format!("text changed, matched {score_percent}%")}></span>
                }
                <crate::ui::claim_fields::EntryClaimSummary verdict={annotation.claim.verdict}
                    claimant={annotation.claim.claimant.clone()} kind={annotation.kind} />
                <span class="entry-chips">
                    { for annotation.tags.iter().map(|tag| html! {
                        <span class="chip" data-tag={tag.as_str().to_string()} style={format!("--tag:{}", tags.color_of(tag))}>
                            { tags.label_of(tag).to_string() }
                        </span>
                    }) }
                    if annotation.kind == AnnotationKind::NotAClaim {
                        <span class="chip chip-not-a-claim">{ "Not a claim" }</span>
                    } else if annotation.tags.is_empty() { <span class="chip chip-empty">{ "No tag" }</span> }
                    if let Origin::Suggested { score_permille, .. } = &annotation.origin {
                        <span class="chip chip-suggested" title="Proposed by the check-worthiness suggestions">
                            { format!("Suggested {:.2}", f64::from(*score_permille) / 1000.0) }
                        </span>
                    }
                </span>
                if !annotation.note.is_empty() && !is_open {
                    <p class="entry-note">{ truncate_with_ellipsis(&annotation.note, 140) }</p>
                }
            </div>
            { props.editor.clone() }
        </li>
    }
}
