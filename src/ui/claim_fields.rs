//! The claim part of the editor (verdict, claimant, evidence, checked date,
//! "not a claim") and the small claim summary shown on a sidebar entry.
//!
//! Every value is checked with [`claimmark_core::session::claim_fields`] before it is
//! dispatched, so a refusal shows its message next to the field and nothing
//! invalid reaches the session. The claimant suggested from the sentence is
//! only shown; it is stored when the user accepts or edits it. This module
//! knows no storage; the browser is reached through [`crate::web`].

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::web;
use claimmark_core::article::model::Article;
use claimmark_core::article::text::slice_code_points;
use claimmark_core::session::action::Action;
use claimmark_core::session::annotation::{Annotation, AnnotationKind, Evidence, Verdict};
use claimmark_core::session::claim_fields::{
    check_checked_date, check_claimant, check_evidence, check_room_for_evidence,
};
use claimmark_core::session::claimant::suggest_claimant;

/// Props of [`ClaimFields`].
#[derive(Properties, PartialEq)]
pub struct ClaimFieldsProps {
    /// The annotation being edited.
    pub annotation: Annotation,
    /// The article, to suggest a claimant and to read a selection.
    pub article: Rc<Article>,
    /// Sends an action to the session.
    pub dispatch: Callback<Action>,
    /// False when the article is read-only.
    pub editable: bool,
}

/// Verdict, claimant, evidence, checked date and the "not a claim" switch.
#[function_component(ClaimFields)]
pub fn claim_fields(props: &ClaimFieldsProps) -> Html {
    let annotation = &props.annotation;
    let claim = &annotation.claim;
    let id = annotation.id.clone();
    let disabled = !props.editable;

    let suggestion = {
        let article = props.article.clone();
        let range = annotation.range;
        use_memo((article.id.clone(), range), move |_| suggest_claimant(&article, range))
    };
    // What the user is typing in the claimant field, before it is stored.
    let claimant_draft = use_state(|| None::<String>);
    let claimant_error = use_state(|| None::<String>);
    let picking_claimant = use_state(|| false);
    let evidence_url = use_state(String::new);
    let evidence_label = use_state(String::new);
    let evidence_error = use_state(|| None::<String>);
    let editing_evidence = use_state(|| None::<(usize, String, String)>);
    let checked_error = use_state(|| None::<String>);

    let now = web::clock::now;
    let not_a_claim = annotation.kind == AnnotationKind::NotAClaim;
    let kind_toggle = {
        let dispatch = props.dispatch.clone();
        let id = id.clone();
        let kind = if not_a_claim { AnnotationKind::Claim } else { AnnotationKind::NotAClaim };
        Callback::from(move |_| dispatch.emit(Action::SetKind { id: id.clone(), kind, now: now() }))
    };

    let on_verdict = {
        let dispatch = props.dispatch.clone();
        let id = id.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
            if let Some(verdict) = Verdict::from_id(&select.value()) {
                dispatch.emit(Action::SetVerdict { id: id.clone(), verdict, now: now() });
            }
        })
    };

    // The claimant: stored value, else the user's draft, else the suggestion.
    let showing_suggestion = claim.claimant.is_empty() && claimant_draft.is_none() && suggestion.is_some();
    let claimant_shown = match (&*claimant_draft, showing_suggestion) {
        (Some(draft), _) => draft.clone(),
        (None, true) => suggestion.as_ref().clone().unwrap_or_default(),
        (None, false) => claim.claimant.clone(),
    };
    let store_claimant = {
        let dispatch = props.dispatch.clone();
        let id = id.clone();
        let claimant_draft = claimant_draft.clone();
        let claimant_error = claimant_error.clone();
        Rc::new(move |claimant: String| match check_claimant(&claimant) {
            Ok(claimant) => {
                claimant_error.set(None);
                claimant_draft.set(None);
                dispatch.emit(Action::SetClaimant { id: id.clone(), claimant, now: now() });
            }
            Err(error) => claimant_error.set(Some(error.to_string())),
        })
    };
    let on_claimant_input = {
        let claimant_draft = claimant_draft.clone();
        let claimant_error = claimant_error.clone();
        Callback::from(move |event: InputEvent| {
            let Some(field) = event.target_dyn_into::<HtmlInputElement>() else { return };
            let value = field.value();
            claimant_error.set(check_claimant(&value).err().map(|error| error.to_string()));
            claimant_draft.set(Some(value));
        })
    };
    let on_claimant_change = {
        let store_claimant = store_claimant.clone();
        let claimant_draft = claimant_draft.clone();
        Callback::from(move |_: Event| {
            if let Some(draft) = (*claimant_draft).clone() {
                store_claimant(draft);
            }
        })
    };
    let accept_suggestion = {
        let store_claimant = store_claimant.clone();
        let suggestion = suggestion.clone();
        Callback::from(move |_| {
            if let Some(suggested) = suggestion.as_ref().clone() {
                store_claimant(suggested);
            }
        })
    };

    // "Set claimant from selection": the current selection in the article,
    // or, when there is none, the next one the user makes.
    let take_selection = {
        let article = props.article.clone();
        Rc::new(move || -> Option<String> {
            let element = gloo::utils::document().get_element_by_id("article")?;
            let selected = web::selection::read_selection(&element, &article)?;
            let text = slice_code_points(article.canonical_text(), selected.range.start, selected.range.end);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            (!text.is_empty()).then_some(text)
        })
    };
    let on_claimant_from_selection = {
        let take_selection = take_selection.clone();
        let store_claimant = store_claimant.clone();
        let picking_claimant = picking_claimant.clone();
        Callback::from(move |_| match take_selection() {
            Some(text) => {
                web::selection::clear_selection();
                picking_claimant.set(false);
                store_claimant(text);
            }
            None => picking_claimant.set(!*picking_claimant),
        })
    };
    {
        let take_selection = take_selection.clone();
        let store_claimant = store_claimant.clone();
        let picking_claimant = picking_claimant.clone();
        use_effect_with(*picking_claimant, move |picking| {
            let listeners = picking.then(|| {
                let document = gloo::utils::document();
                let on_selection_end = {
                    let picking_claimant = picking_claimant.clone();
                    Rc::new(move |event: &web_sys::Event| {
                        if let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                            if key.key() == "Escape" {
                                picking_claimant.set(false);
                                return;
                            }
                            if !key.shift_key() && key.key() != "Shift" {
                                return;
                            }
                        }
                        // Taken (and cleared) before the selection toolbar
                        // reads it, so picking a name never offers to tag it.
                        if let Some(text) = take_selection() {
                            web::selection::clear_selection();
                            picking_claimant.set(false);
                            store_claimant(text);
                        }
                    })
                };
                let on_mouse_up = {
                    let on_selection_end = on_selection_end.clone();
                    EventListener::new(&document, "mouseup", move |event| on_selection_end(event))
                };
                let on_key_up = EventListener::new(&document, "keyup", move |event| on_selection_end(event));
                (on_mouse_up, on_key_up)
            });
            move || drop(listeners)
        });
    }

    let on_evidence_submit = {
        let dispatch = props.dispatch.clone();
        let id = id.clone();
        let evidence_url = evidence_url.clone();
        let evidence_label = evidence_label.clone();
        let evidence_error = evidence_error.clone();
        let count = claim.evidence.len();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let checked = check_room_for_evidence(count).and_then(|()| check_evidence(&evidence_url, &evidence_label));
            match checked {
                Ok(evidence) => {
                    dispatch.emit(Action::AddEvidence { id: id.clone(), evidence, now: now() });
                    evidence_url.set(String::new());
                    evidence_label.set(String::new());
                    evidence_error.set(None);
                }
                Err(error) => evidence_error.set(Some(error.to_string())),
            }
        })
    };
    let text_setter = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(field) = event.target_dyn_into::<HtmlInputElement>() {
                state.set(field.value());
            }
        })
    };

    let evidence_items = claim.evidence.iter().enumerate().map(|(index, evidence)| {
        let editing_this = editing_evidence.as_ref().filter(|(editing, _, _)| *editing == index).cloned();
        match editing_this {
            Some((_, url, label)) => {
                let on_save = {
                    let dispatch = props.dispatch.clone();
                    let id = id.clone();
                    let editing_evidence = editing_evidence.clone();
                    let evidence_error = evidence_error.clone();
                    let (url, label) = (url.clone(), label.clone());
                    Callback::from(move |event: SubmitEvent| {
                        event.prevent_default();
                        match check_evidence(&url, &label) {
                            Ok(evidence) => {
                                dispatch.emit(Action::EditEvidence { id: id.clone(), index, evidence, now: now() });
                                editing_evidence.set(None);
                                evidence_error.set(None);
                            }
                            Err(error) => evidence_error.set(Some(error.to_string())),
                        }
                    })
                };
                let set_part = |is_url: bool| {
                    let editing_evidence = editing_evidence.clone();
                    Callback::from(move |event: InputEvent| {
                        let Some(field) = event.target_dyn_into::<HtmlInputElement>() else { return };
                        if let Some((index, url, label)) = (*editing_evidence).clone() {
                            let (url, label) = if is_url { (field.value(), label) } else { (url, field.value()) };
                            editing_evidence.set(Some((index, url, label)));
                        }
                    })
                };
                let on_cancel = {
                    let editing_evidence = editing_evidence.clone();
                    Callback::from(move |_| editing_evidence.set(None))
                };
                html! {
                    <li class="evidence-item editing">
                        <form class="evidence-edit" onsubmit={on_save} novalidate=true>
                            <label class="field-label" for={format!("evidence-edit-url-{index}")}>{ "Address" }</label>
                            <input id={format!("evidence-edit-url-{index}")} type="url" value={url} oninput={set_part(true)} />
                            <label class="field-label" for={format!("evidence-edit-label-{index}")}>{ "Label" }</label>
                            <input id={format!("evidence-edit-label-{index}")} type="text" value={label} oninput={set_part(false)} />
                            <div class="evidence-buttons">
                                <button type="submit" class="save-evidence">{ "Save link" }</button>
                                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
                            </div>
                        </form>
                    </li>
                }
            }
            None => {
                let shown = if evidence.label.is_empty() { evidence.url.clone() } else { evidence.label.clone() };
                let on_remove = {
                    let dispatch = props.dispatch.clone();
                    let id = id.clone();
                    Callback::from(move |_| dispatch.emit(Action::RemoveEvidence { id: id.clone(), index, now: now() }))
                };
                let on_edit = {
                    let editing_evidence = editing_evidence.clone();
                    let Evidence { url, label } = evidence.clone();
                    Callback::from(move |_| editing_evidence.set(Some((index, url.clone(), label.clone()))))
                };
                html! {
                    <li class="evidence-item">
                        <a class="evidence-link" href={evidence.url.clone()} target="_blank" rel="noopener noreferrer"
                            title={evidence.url.clone()}>{ shown.clone() }</a>
                        <button type="button" class="edit-evidence quiet" onclick={on_edit} {disabled}
                            aria-label={format!("Edit evidence: {shown}")}>{ "Edit" }</button>
                        <button type="button" class="remove-evidence quiet" onclick={on_remove} {disabled}
                            aria-label={format!("Remove evidence: {shown}")}>{ "Remove" }</button>
                    </li>
                }
            }
        }
    });

    let on_checked = {
        let dispatch = props.dispatch.clone();
        let id = id.clone();
        let checked_error = checked_error.clone();
        Callback::from(move |event: Event| {
            let Some(field) = event.target_dyn_into::<HtmlInputElement>() else { return };
            match check_checked_date(&field.value()) {
                Ok(checked) => {
                    checked_error.set(None);
                    dispatch.emit(Action::SetChecked { id: id.clone(), checked, now: now() });
                }
                Err(error) => checked_error.set(Some(error.to_string())),
            }
        })
    };
    let on_checked_today = {
        let dispatch = props.dispatch.clone();
        let id = id.clone();
        let checked_error = checked_error.clone();
        Callback::from(move |_| {
            checked_error.set(None);
            dispatch.emit(Action::SetChecked { id: id.clone(), checked: Some(web::clock::local_date()), now: now() });
        })
    };

    html! {
        <div class={classes!("claim-fields", not_a_claim.then_some("is-not-a-claim"))}>
            <button type="button" id="not-a-claim-toggle" class="not-a-claim-toggle" aria-pressed={not_a_claim.to_string()}
                onclick={kind_toggle} {disabled}
                title="A span you reviewed and found not to be a claim is kept as a negative example">
                { if not_a_claim { "Reviewed — not a claim" } else { "Mark as not a claim" } }
            </button>
            if !not_a_claim {
                <div class="claim-field">
                    <label for="verdict-select" class="field-label">{ "Verdict" }</label>
                    <div class="verdict-row">
                        <select id="verdict-select" onchange={on_verdict} {disabled}>
                            { for Verdict::ALL.iter().map(|verdict| html! {
                                <option value={verdict.id()} selected={*verdict == claim.verdict}>{ verdict.label() }</option>
                            }) }
                        </select>
                        <VerdictChip verdict={claim.verdict} />
                    </div>
                </div>
            }
            <div class="claim-field">
                <label for="claimant-input" class="field-label">{ "Claimant" }</label>
                <input id="claimant-input" type="text" value={claimant_shown} readonly={disabled}
                    class={classes!(showing_suggestion.then_some("suggested-value"))}
                    placeholder="Who made the claim" oninput={on_claimant_input} onchange={on_claimant_change}
                    aria-describedby="claimant-hint" />
                <div class="claimant-actions">
                    if showing_suggestion {
                        <button type="button" id="accept-claimant" onclick={accept_suggestion} {disabled}>{ "Use suggestion" }</button>
                    }
                    <button type="button" id="claimant-from-selection" aria-pressed={picking_claimant.to_string()}
                        onclick={on_claimant_from_selection} {disabled}>
                        { if *picking_claimant { "Cancel picking" } else { "Set claimant from selection" } }
                    </button>
                </div>
                <p id="claimant-hint" class="hint">
                    { if *picking_claimant {
                        "Select the claimant's name in the article; Escape cancels."
                    } else if showing_suggestion {
                        "Suggested from the sentence's attribution: use it, or type another."
                    } else {
                        ""
                    } }
                </p>
                if let Some(error) = &*claimant_error {
                    <p class="field-error" role="alert">{ error.clone() }</p>
                }
            </div>
            <fieldset class="claim-field evidence">
                <legend class="field-label">{ "Evidence" }</legend>
                if !claim.evidence.is_empty() {
                    <ul class="evidence-list">{ for evidence_items }</ul>
                }
                <form class="evidence-form" onsubmit={on_evidence_submit} novalidate=true>
                    <label for="evidence-url" class="field-label">{ "Address (https://…)" }</label>
                    <input id="evidence-url" type="url" value={(*evidence_url).clone()} oninput={text_setter(&evidence_url)}
                        readonly={disabled} placeholder="https://example.org/source" aria-describedby="evidence-error" />
                    <label for="evidence-label" class="field-label">{ "Label" }</label>
                    <input id="evidence-label" type="text" value={(*evidence_label).clone()} oninput={text_setter(&evidence_label)}
                        readonly={disabled} placeholder="What the source is" />
                    <button type="submit" id="add-evidence" {disabled}>{ "Add link" }</button>
                </form>
                <p id="evidence-error" class="field-error" role="alert">{ (*evidence_error).clone().unwrap_or_default() }</p>
            </fieldset>
            <div class="claim-field">
                <label for="checked-date" class="field-label">{ "Checked on" }</label>
                <div class="checked-row">
                    <input id="checked-date" type="date" value={claim.checked.clone().unwrap_or_default()}
                        onchange={on_checked} readonly={disabled} />
                    <button type="button" id="checked-today" onclick={on_checked_today} {disabled}>{ "Today" }</button>
                </div>
                if let Some(error) = &*checked_error {
                    <p class="field-error" role="alert">{ error.clone() }</p>
                }
            </div>
        </div>
    }
}

/// Props of [`VerdictChip`].
#[derive(Properties, PartialEq)]
pub struct VerdictChipProps {
    /// The verdict shown.
    pub verdict: Verdict,
}

/// A verdict as a coloured chip: `.chip-verdict[data-verdict="<id>"]`.
#[function_component(VerdictChip)]
pub fn verdict_chip(props: &VerdictChipProps) -> Html {
    html! {
        <span class="chip chip-verdict" data-verdict={props.verdict.id()}>{ props.verdict.label() }</span>
    }
}

/// Props of [`EntryClaimSummary`].
#[derive(Properties, PartialEq)]
pub struct EntryClaimSummaryProps {
    /// The verdict.
    pub verdict: Verdict,
    /// The claimant; nothing is shown when empty.
    pub claimant: AttrValue,
    /// A claim or a reviewed not-a-claim.
    pub kind: AnnotationKind,
}

/// The verdict chip and claimant on a sidebar entry. A not-a-claim shows
/// neither (its entry says "Not a claim" and is dimmed).
#[function_component(EntryClaimSummary)]
pub fn entry_claim_summary(props: &EntryClaimSummaryProps) -> Html {
    if props.kind == AnnotationKind::NotAClaim {
        return html! {};
    }
    html! {
        <span class="entry-claim">
            if props.verdict != Verdict::Unverified {
                <VerdictChip verdict={props.verdict} />
            }
            if !props.claimant.is_empty() {
                <span class="entry-claimant">{ "— " }{ props.claimant.clone() }</span>
            }
        </span>
    }
}
