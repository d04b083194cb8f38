//! Keyboard-only annotation: the sentence cursor's keys, Enter to open the
//! highlight at the cursor, Delete, the shortcut sheet, and announcing
//! editor changes to screen readers.
//!
//! The cursor is shown as the document's real selection, so the app's
//! selection toolbar appears under it and the tag hotkeys (handled by the
//! app) tag it exactly as they tag a mouse selection. Where the cursor goes
//! is decided by [`claimmark_core::views::sentence_cursor`]; this module only maps
//! keys to moves and carries the result to the DOM. It does not know how
//! highlights are created or saved.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::ui::shortcut_sheet::ShortcutSheet;
use crate::web;
use claimmark_core::article::text::CodePointRange;
use claimmark_core::session::action::Action;
use claimmark_core::session::annotation::Annotation;
use claimmark_core::session::reducer::Session;
use claimmark_core::session::tags::TagSet;
use claimmark_core::views::announcements::{describe_annotation_change, quoted};
use claimmark_core::views::sentence_cursor::{annotation_at, move_cursor, CursorMove, SentenceIndex};

/// What the app should do after [`KeyboardHandle::handle`] saw a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOutcome {
    /// Not a key of this module: the app's other shortcuts may use it.
    NotMine,
    /// Done: cancel the browser's default and let nothing else react.
    Handled,
    /// A dialog is open: nothing behind it may react, and the browser's
    /// default (typing, Tab) goes on.
    Blocked,
    /// The document's selection changed (the cursor moved, or the editor
    /// took over from it): cancel the default and read the selection anew.
    SelectionChanged,
}

/// What the listener needs between renders.
#[derive(Default)]
struct KeyboardState {
    /// The cursor, or the last selection the user made with the mouse.
    cursor: Option<CodePointRange>,
    /// The app's pending selection as last seen, to notice when it changes.
    last_pending: Option<CodePointRange>,
    /// The sentences of the article shown, by article id, built on first use.
    index: Option<(String, Rc<SentenceIndex>)>,
    /// Mirrors the sheet's state for the listener, which outlives renders.
    sheet_open: bool,
    /// Where focus was when the sheet opened, to give it back.
    focus_before_sheet: Option<HtmlElement>,
}

/// The keyboard's state and the shortcut sheet, shared by the app's
/// document listener and its render.
#[derive(Clone)]
pub struct KeyboardHandle {
    state: Rc<RefCell<KeyboardState>>,
    sheet_open: UseStateHandle<bool>,
    announce: Callback<String>,
    /// What the cursor holds now, for screen readers.
    cursor_text: UseStateHandle<String>,
}

/// The keyboard state of one app. `announce` speaks through the app's live region.
#[hook]
pub fn use_keyboard(announce: Callback<String>) -> KeyboardHandle {
    let state = use_mut_ref(KeyboardState::default);
    let sheet_open = use_state(|| false);
    let cursor_text = use_state(String::new);
    KeyboardHandle { state, sheet_open, announce, cursor_text }
}

impl KeyboardHandle {
    /// Follows the app's pending selection (`None` when there is none): a
    /// new one, made with the mouse, becomes the cursor, so `j` goes on from
    /// there. An unchanged one is ignored, so a render that still shows the
    /// selection from before a quick key press does not undo the move.
    pub fn follow_pending_selection(&self, pending: Option<CodePointRange>) {
        let mut state = self.state.borrow_mut();
        if state.last_pending != pending {
            state.last_pending = pending;
            if pending.is_some() {
                state.cursor = pending;
            }
        }
    }

    /// The button that opens the shortcut sheet, for the app bar.
    pub fn sheet_button(&self) -> Html {
        let handle = self.clone();
        let onclick = Callback::from(move |_: MouseEvent| handle.open_sheet());
        html! {
            <button type="button" id="open-shortcuts" onclick={onclick} aria-haspopup="dialog"
                title="Keyboard shortcuts (?)">{ "Shortcuts" }<kbd aria-hidden="true">{ "?" }</kbd></button>
        }
    }

    /// The cursor's live region (always there, so screen readers follow
    /// it), then the shortcut sheet while it is open, listing `tags`' hotkeys.
    pub fn view(&self, tags: Rc<TagSet>) -> Html {
        let handle = self.clone();
        let on_close = Callback::from(move |()| handle.close_sheet());
        html! {
            <>
                <div id="cursor-announcement" class="visually-hidden" aria-live="polite" aria-atomic="true">
                    { (*self.cursor_text).clone() }
                </div>
                if *self.sheet_open {
                    <ShortcutSheet {tags} {on_close} />
                }
            </>
        }
    }

    fn open_sheet(&self) {
        let mut state = self.state.borrow_mut();
        state.sheet_open = true;
        state.focus_before_sheet = active_element().and_then(|element| element.dyn_into::<HtmlElement>().ok());
        self.sheet_open.set(true);
    }

    fn close_sheet(&self) {
        let focus_back = {
            let mut state = self.state.borrow_mut();
            state.sheet_open = false;
            state.focus_before_sheet.take()
        };
        self.sheet_open.set(false);
        match focus_back.filter(|element| element.is_connected()) {
            Some(element) => {
                let _ = element.focus();
            }
            None => web::focus::focus_by_id("article"),
        }
    }

    /// Handles one keydown at document level. `article_element` is the
    /// rendered article.
    pub fn handle(
        &self,
        event: &KeyboardEvent,
        session: &UseReducerHandle<SessionState>,
        article_element: Option<&Element>,
        editable: bool,
    ) -> KeyOutcome {
        let key = event.key();
        if self.state.borrow().sheet_open {
            return match key.as_str() {
                "Escape" => {
                    self.close_sheet();
                    KeyOutcome::Handled
                }
                // The sheet has one control: Tab keeps focus on it.
                "Tab" => {
                    web::focus::focus_by_id("close-shortcuts");
                    KeyOutcome::Handled
                }
                _ => KeyOutcome::Blocked,
            };
        }
        if another_dialog_is_open() {
            return if key == "Escape" { KeyOutcome::NotMine } else { KeyOutcome::Blocked };
        }
        if event.ctrl_key() || event.meta_key() || event.alt_key() {
            return KeyOutcome::NotMine;
        }
        let from_text_field = web::events::event_is_from_text_field(event);
        if key == "Escape" && session.open.is_some() && focus_is_in("annotation-editor") {
            // Closing the editor puts focus back in the article, on the
            // cursor, so the next j or k goes on from the same place.
            session.dispatch(Action::Open(None));
            return self.show_cursor(article_element, &session.article);
        }
        if from_text_field {
            return KeyOutcome::NotMine;
        }
        if key == "?" {
            self.open_sheet();
            return KeyOutcome::Handled;
        }
        if article_element.is_none() {
            // The text is being edited: no article to move through.
            return KeyOutcome::NotMine;
        }
        let in_reading = focus_is_in_reading(article_element);
        if let Some(movement) = cursor_move_for(event) {
            if !in_reading {
                return KeyOutcome::NotMine;
            }
            let index = self.sentence_index(&session.article);
            let current = self.state.borrow().cursor;
            let Some(range) = move_cursor(&session.article, &index, current, movement) else {
                self.announce.emit("This article has no sentences to move through.".to_string());
                return KeyOutcome::Handled;
            };
            self.state.borrow_mut().cursor = Some(range);
            let description = describe_cursor(&session.article, &index, range);
            // A move that went nowhere still says why, so the live region
            // changes and a screen reader speaks.
            let description = match movement {
                CursorMove::NextSentence if current == Some(range) => format!("End of the article. {description}"),
                CursorMove::PreviousSentence if current == Some(range) => {
                    format!("Start of the article. {description}")
                }
                _ => description,
            };
            self.cursor_text.set(description);
            return self.show_cursor(article_element, &session.article);
        }
        match key.as_str() {
            "Enter" if in_reading => {
                let Some(cursor) = self.state.borrow().cursor else { return KeyOutcome::NotMine };
                match annotation_at(&session.annotations, cursor) {
                    Some(annotation) => {
                        session.dispatch(Action::Open(Some(annotation.id.clone())));
                        focus_editor_after_render();
                        // The editor takes over: no tag toolbar under it.
                        web::selection::clear_selection();
                        return KeyOutcome::SelectionChanged;
                    }
                    None => self.announce.emit(
                        "No highlight at the cursor: press a tag's number key to make one, or ? for every shortcut."
                            .to_string(),
                    ),
                }
                KeyOutcome::Handled
            }
            "Delete" | "Backspace" if in_reading || focus_is_in("annotation-editor") => {
                let cursor = self.state.borrow().cursor;
                let target = session.open.clone().or_else(|| {
                    cursor.and_then(|range| annotation_at(&session.annotations, range)).map(|found| found.id.clone())
                });
                let Some(id) = target else { return KeyOutcome::NotMine };
                if !editable {
                    self.announce.emit("This article is read-only: nothing can be deleted.".to_string());
                    return KeyOutcome::Handled;
                }
                let quote =
                    session.annotation(&id).map(|annotation| annotation.quote.exact.clone()).unwrap_or_default();
                session.dispatch(Action::Delete { id, now: web::clock::now() });
                self.announce
                    .emit(format!("Highlight deleted: {}. It is in the trash; Ctrl+Z brings it back.", quoted(&quote)));
                if focus_is_in("annotation-editor") || !in_reading {
                    web::focus::focus_by_id("article");
                }
                KeyOutcome::Handled
            }
            _ => KeyOutcome::NotMine,
        }
    }

    /// Focuses the article and selects the cursor in it.
    fn show_cursor(
        &self,
        article_element: Option<&Element>,
        article: &claimmark_core::article::model::Article,
    ) -> KeyOutcome {
        let Some(article_element) = article_element else { return KeyOutcome::Handled };
        if let Some(element) = article_element.dyn_ref::<HtmlElement>() {
            if !focus_is_in_reading(Some(article_element))
                || active_element().is_none_or(|active| &active != article_element)
            {
                let _ = element.focus();
            }
        }
        let Some(cursor) = self.state.borrow().cursor else { return KeyOutcome::Handled };
        if web::selection::select_code_points(article_element, article, cursor) {
            KeyOutcome::SelectionChanged
        } else {
            KeyOutcome::Handled
        }
    }

    fn sentence_index(&self, article: &claimmark_core::article::model::Article) -> Rc<SentenceIndex> {
        let mut state = self.state.borrow_mut();
        if let Some((id, index)) = &state.index {
            if id == &article.id {
                return index.clone();
            }
        }
        let index = Rc::new(SentenceIndex::new(article));
        state.index = Some((article.id.clone(), index.clone()));
        // A new text: the old cursor's offsets mean nothing in it.
        state.cursor = None;
        index
    }
}

/// What a screen reader hears when the cursor moves: "Sentence 4 of 31:
/// …" on a whole sentence, "Selected: …" otherwise.
fn describe_cursor(
    article: &claimmark_core::article::model::Article,
    index: &SentenceIndex,
    range: CodePointRange,
) -> String {
    let text = claimmark_core::article::text::slice_code_points(article.canonical_text(), range.start, range.end);
    let text = crate::ui::truncate_with_ellipsis(text, 400);
    match index.sentences().iter().position(|sentence| *sentence == range) {
        Some(position) => format!("Sentence {} of {}: {text}", position + 1, index.sentences().len()),
        None => format!("Selected: {text}"),
    }
}

/// The cursor move a key asks for, if any.
fn cursor_move_for(event: &KeyboardEvent) -> Option<CursorMove> {
    let shift = event.shift_key();
    Some(match (event.key().as_str(), shift) {
        ("j", false) | ("ArrowDown", false) => CursorMove::NextSentence,
        ("k", false) | ("ArrowUp", false) => CursorMove::PreviousSentence,
        ("g", false) | ("Home", false) => CursorMove::FirstSentence,
        ("G", true) | ("End", false) => CursorMove::LastSentence,
        ("ArrowRight", true) => CursorMove::ExtendByWord,
        ("ArrowLeft", true) => CursorMove::ShrinkByWord,
        ("ArrowDown", true) => CursorMove::ExtendBySentence,
        ("ArrowUp", true) => CursorMove::ShrinkBySentence,
        _ => return None,
    })
}

fn active_element() -> Option<Element> {
    gloo::utils::document().active_element()
}

/// True when focus is on the page itself or in the article: where the
/// cursor keys belong. Elsewhere (a menu, a button) arrows and Enter keep
/// their own meaning.
fn focus_is_in_reading(article_element: Option<&Element>) -> bool {
    let Some(active) = active_element() else { return true };
    let document = gloo::utils::document();
    if document.body().is_some_and(|body| active == *body.unchecked_ref::<Element>()) {
        return true;
    }
    if active.tag_name().eq_ignore_ascii_case("html") {
        return true;
    }
    article_element.is_some_and(|article| article.contains(Some(active.unchecked_ref())))
}

fn focus_is_in(container_id: &str) -> bool {
    let Some(container) = gloo::utils::document().get_element_by_id(container_id) else { return false };
    active_element().is_some_and(|active| container.contains(Some(active.unchecked_ref())))
}

/// A modal dialog other than the shortcut sheet (the new-article dialog).
fn another_dialog_is_open() -> bool {
    gloo::utils::document()
        .query_selector("[role=\"dialog\"][aria-modal=\"true\"], dialog[open]")
        .ok()
        .flatten()
        .is_some()
}

/// Moves focus to the editor's first control once it has rendered.
fn focus_editor_after_render() {
    Timeout::new(0, || {
        let first = gloo::utils::document()
            .query_selector("#annotation-editor button:not([disabled]), #annotation-editor select, #annotation-editor input, #annotation-editor textarea")
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<HtmlElement>().ok());
        if let Some(element) = first {
            let _ = element.focus();
        }
    })
    .forget();
}

/// Announces what an edit in the editor changed (tags, verdict, claimant,
/// evidence, checked date), by comparing the open annotation before and
/// after each change. Undo and redo announce themselves.
#[hook]
pub fn use_edit_announcements(session: &Session, announce: Callback<String>) {
    let previous = use_mut_ref(|| None::<Annotation>);
    let open_now = session.open.as_ref().and_then(|id| session.annotation(id)).cloned();
    let tags = session.tags.clone();
    let replayed = session.last_replayed.is_some();
    use_effect_with((session.revision, open_now), move |(_, open_now)| {
        let before = previous.borrow_mut().take();
        if let (Some(before), Some(after), false) = (before, open_now.as_ref(), replayed) {
            if let Some(message) = describe_annotation_change(&tags, &before, after) {
                announce.emit(message);
            }
        }
        *previous.borrow_mut() = open_now.clone();
    });
}
