//! The sidebar's filter bar (tag, verdict, status, search, sort) and the
//! "fully reviewed" mark for the whole article.
//!
//! The filtering itself is [`claimmark_core::views::annotation_filter`]; these
//! components only edit an [`AnnotationFilter`] value and dispatch the mark.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ui::app::SessionState;

use claimmark_core::session::action::Action;
use claimmark_core::session::annotation::Verdict;
use claimmark_core::session::tags::{TagId, TagSet};
use claimmark_core::views::annotation_filter::{AnnotationFilter, SortOrder, StatusFilter};

/// A callback that dispatches to the session, for child components that
/// send actions of their own.
pub fn dispatch_callback(session: &UseReducerHandle<SessionState>) -> Callback<Action> {
    let dispatcher = session.dispatcher();
    Callback::from(move |action: Action| dispatcher.dispatch(action))
}

/// Props of [`SidebarFilters`].
#[derive(Properties, PartialEq)]
pub struct SidebarFiltersProps {
    /// The filter in force.
    pub filter: AnnotationFilter,
    /// The tags offered.
    pub tags: Rc<TagSet>,
    /// How many annotations the filter lets through.
    pub shown: usize,
    /// How many placed annotations there are.
    pub total: usize,
    /// Replaces the filter.
    pub on_change: Callback<AnnotationFilter>,
}

/// Tag, verdict and status selects, a search field and the sort order.
#[function_component(SidebarFilters)]
pub fn sidebar_filters(props: &SidebarFiltersProps) -> Html {
    let filter = &props.filter;
    let changed_select = |update: fn(&mut AnnotationFilter, &str)| {
        let on_change = props.on_change.clone();
        let filter = filter.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
            let mut next = filter.clone();
            update(&mut next, &select.value());
            on_change.emit(next);
        })
    };
    let on_tag = changed_select(|filter, value| filter.tag = (!value.is_empty()).then(|| TagId(value.to_string())));
    let on_verdict = changed_select(|filter, value| filter.verdict = Verdict::from_id(value));
    let on_status = changed_select(|filter, value| filter.status = StatusFilter::from_id(value).unwrap_or_default());
    let on_sort = changed_select(|filter, value| filter.sort = SortOrder::from_id(value).unwrap_or_default());
    let on_search = {
        let on_change = props.on_change.clone();
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            let Some(field) = event.target_dyn_into::<HtmlInputElement>() else { return };
            on_change.emit(AnnotationFilter { text: field.value(), ..filter.clone() });
        })
    };
    let on_clear = {
        let on_change = props.on_change.clone();
        let sort = filter.sort;
        Callback::from(move |_| on_change.emit(AnnotationFilter { sort, ..AnnotationFilter::default() }))
    };
    let selected_tag = filter.tag.as_ref().map(|tag| tag.as_str().to_string()).unwrap_or_default();

    html! {
        <div class="sidebar-filters" role="search" aria-label="Filter highlights">
            <label class="visually-hidden" for="filter-search">{ "Search quotes, notes and claimants" }</label>
            <input id="filter-search" type="search" placeholder="Search quote, note, claimant…"
                value={filter.text.clone()} oninput={on_search} />
            <div class="filter-row">
                <label class="filter-field">
                    <span class="field-label">{ "Tag" }</span>
                    <select id="filter-tag" onchange={on_tag}>
                        <option value="" selected={filter.tag.is_none()}>{ "Any tag" }</option>
                        { for props.tags.tags.iter().map(|tag| html! {
                            <option value={tag.id.as_str().to_string()} selected={selected_tag == tag.id.as_str()}>
                                { tag.label.clone() }
                            </option>
                        }) }
                    </select>
                </label>
                <label class="filter-field">
                    <span class="field-label">{ "Verdict" }</span>
                    <select id="filter-verdict" onchange={on_verdict}>
                        <option value="" selected={filter.verdict.is_none()}>{ "Any verdict" }</option>
                        { for Verdict::ALL.iter().map(|verdict| html! {
                            <option value={verdict.id()} selected={filter.verdict == Some(*verdict)}>{ verdict.label() }</option>
                        }) }
                    </select>
                </label>
                <label class="filter-field">
                    <span class="field-label">{ "Status" }</span>
                    <select id="filter-status" onchange={on_status}>
                        { for StatusFilter::ALL.iter().map(|status| html! {
                            <option value={status.id()} selected={filter.status == *status}>{ status.label() }</option>
                        }) }
                    </select>
                </label>
                <label class="filter-field">
                    <span class="field-label">{ "Sort" }</span>
                    <select id="filter-sort" onchange={on_sort}>
                        { for SortOrder::ALL.iter().map(|order| html! {
                            <option value={order.id()} selected={filter.sort == *order}>{ order.label() }</option>
                        }) }
                    </select>
                </label>
            </div>
            if filter.narrows() {
                <p class="filter-summary" id="filter-summary" data-shown={props.shown.to_string()}>
                    { format!("Showing {} of {}", props.shown, props.total) }
                    <button type="button" id="clear-filters" class="quiet" onclick={on_clear}>{ "Clear filters" }</button>
                </p>
            }
        </div>
    }
}

/// Props of [`ReviewMark`].
#[derive(Properties, PartialEq)]
pub struct ReviewMarkProps {
    /// True when the article is marked fully reviewed.
    pub reviewed: bool,
    /// Sends the change to the session.
    pub dispatch: Callback<Action>,
    /// False when the article is read-only.
    pub editable: bool,
}

/// "Mark article fully reviewed", with a badge once it is.
#[function_component(ReviewMark)]
pub fn review_mark(props: &ReviewMarkProps) -> Html {
    let reviewed = props.reviewed;
    let onclick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::SetFullyReviewed { reviewed: !reviewed }))
    };
    html! {
        <div class="review-mark">
            if reviewed {
                <span id="fully-reviewed-badge" class="badge badge-reviewed">{ "✓ Fully reviewed" }</span>
            }
            <button type="button" id="mark-fully-reviewed" aria-pressed={reviewed.to_string()} {onclick}
                disabled={!props.editable}
                title="Every sentence has been looked at: sentences without a highlight count as reviewed negatives">
                { if reviewed { "Unmark fully reviewed" } else { "Mark article fully reviewed" } }
            </button>
        </div>
    }
}
