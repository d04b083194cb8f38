//! The app shell: owns the session reducer, wires selection, hotkeys,
//! storage and export to the components.
//!
//! Storage happens in effects, never inside the reducer: the reducer stays a
//! pure core function, and a failed save leaves the state in memory intact.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::ui::article_view::ArticleView;
use crate::ui::density_strip::DensityStrip;
use crate::ui::edit_text::EditText;
use crate::ui::export_menu::ExportMenu;
use crate::ui::import::{ImportControl, ImportNotice, ImportPanel};
use crate::ui::orphans::Orphans;
use crate::ui::sidebar::Sidebar;
use crate::ui::storage_panel::StoragePanel;
use crate::ui::suggestions::{use_suggestions, SuggestionBar, SuggestionsHandle};
use crate::ui::summary_panel::SummaryPanel;
use crate::ui::toolbar::SelectionToolbar;
use crate::ui::truncate_with_ellipsis;
use crate::web;
use crate::web::storage::{LoadOutcome, RemoteChange, SaveError};
use claimmark_core::anchoring::selection::normalize_selection;
use claimmark_core::article::model::Article;
use claimmark_core::article::text::CodePointRange;
use claimmark_core::session::action::Action;
use claimmark_core::session::annotation::AnnotationId;
use claimmark_core::session::reducer::Session;
use claimmark_core::session::tags::TagId;
use claimmark_core::views::segments::{Segment, SegmentCache};

/// The core's [`Session`] as Yew's reducer state. A newtype, because the
/// session is the core crate's type and Yew's `Reducible` is Yew's trait;
/// it dereferences to the session, so components read it as one.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionState(Session);

impl std::ops::Deref for SessionState {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.0
    }
}

impl Reducible for SessionState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let _span = web::bench::Span::new("reduce");
        Rc::new(SessionState(self.0.applied(action)))
    }
}

/// A selection waiting for a tag, with where to draw the toolbar.
#[derive(Clone, Debug, PartialEq)]
struct PendingSelection {
    range: CodePointRange,
    toolbar_left: f64,
    toolbar_top: f64,
}

/// What the storage layer last reported, shown as a banner when not `Healthy`.
#[derive(Clone, Debug, PartialEq)]
enum StorageHealth {
    Healthy,
    /// Saved data could not be read and was set aside under `quarantine_key`.
    Quarantined {
        quarantine_key: String,
        reason: String,
    },
    /// Saved data comes from a newer claimmark; nothing is written.
    ReadOnly {
        reason: String,
    },
    /// A save failed; the changes live only in this tab.
    SaveFailed {
        reason: String,
    },
    /// localStorage cannot be used at all.
    Unavailable {
        reason: String,
    },
}

impl StorageHealth {
    fn allows_saving(&self) -> bool {
        !matches!(self, StorageHealth::ReadOnly { .. } | StorageHealth::Unavailable { .. })
    }
}

/// The latest values the document-level listeners need. Listeners are
/// registered once, so they read state through this cell instead of captures.
#[derive(Default)]
struct ListenerView {
    session: Option<UseReducerHandle<SessionState>>,
    pending: Option<PendingSelection>,
    article_element: Option<Element>,
    suggestions: Option<SuggestionsHandle>,
    keyboard: Option<crate::ui::keyboard::KeyboardHandle>,
}

/// Properties of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The article to annotate, as [`crate::ui::library`] chose it.
    pub article: Rc<Article>,
}

/// The whole app.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let _span = web::bench::Span::new("app");
    // Under `?bench` only, `web::bench` swaps in a benchmark's article and highlights.
    // Otherwise the article the library opened (its stored version); the
    // library remounts the app (by key) to switch articles.
    let article: Rc<Article> =
        (*use_memo((), |_| web::bench::starting_article().map(Rc::new).unwrap_or_else(|| props.article.clone())))
            .clone();
    let session = use_reducer({
        let article = article.clone();
        move || SessionState(web::bench::with_starting_highlights(Session::new(article)))
    });
    let pending = use_state(|| None::<PendingSelection>);
    let storage_health = use_state(|| StorageHealth::Healthy);
    let status_message = use_state(String::new);
    let import_notice = use_state(|| None::<ImportNotice>);
    let status_timer = use_mut_ref(|| None::<Timeout>);
    let article_ref = use_node_ref();
    let listener_view = use_mut_ref(ListenerView::default);
    let loaded = use_state(|| false);
    let editing_text = use_state(|| false);
    // The article id whose annotations storage holds, to tidy up after a new version.
    let persisted_article_id = use_mut_ref(|| article.id.clone());
    let storage_full = use_state(|| false);
    let save_retries = use_state(|| 0_u32);

    {
        let mut view = listener_view.borrow_mut();
        view.session = Some(session.clone());
        view.pending = (*pending).clone();
        view.article_element = article_ref.cast::<Element>();
    }

    let announce = {
        let status_message = status_message.clone();
        let status_timer = status_timer.clone();
        Callback::from(move |message: String| {
            status_message.set(message);
            let status_message = status_message.clone();
            *status_timer.borrow_mut() = Some(Timeout::new(6_000, move || status_message.set(String::new())));
        })
    };
    let keyboard = crate::ui::keyboard::use_keyboard(announce.clone());
    crate::ui::keyboard::use_edit_announcements(&session, announce.clone());
    {
        let mut view = listener_view.borrow_mut();
        view.keyboard = Some(keyboard.clone());
        keyboard.follow_pending_selection((*pending).as_ref().map(|selection| selection.range));
    }

    // Load saved annotations once, before any save can happen.
    {
        let session = session.clone();
        let storage_health = storage_health.clone();
        let loaded = loaded.clone();
        let article = article.clone();
        use_effect_with((), move |_| {
            match web::storage::load_annotations(&article, web::clock::now()) {
                LoadOutcome::Nothing => {}
                LoadOutcome::Loaded(annotations) => {
                    session.dispatch(Action::Load { annotations });
                    let reviewed = web::storage::stored_fully_reviewed(&article);
                    session.dispatch(Action::RestoreFullyReviewed { reviewed });
                    session.dispatch(Action::LoadTrash { trash: web::storage::stored_trash(&article) });
                }
                LoadOutcome::Quarantined { quarantine_key, reason } => {
                    storage_health.set(StorageHealth::Quarantined { quarantine_key, reason })
                }
                LoadOutcome::NewerVersion { reason } => storage_health.set(StorageHealth::ReadOnly { reason }),
                LoadOutcome::Unavailable(reason) => storage_health.set(StorageHealth::Unavailable { reason }),
            }
            loaded.set(true);
        });
    }

    // The library's tag set: loaded once, saved on change, shared with other tabs.
    crate::ui::tag_manager::use_tag_storage(&session, &announce);

    // Save after every change that bumps the revision (and when the storage
    // panel asks for a retry). Saving reads what is stored and merges with
    // it, so another tab's newer write is folded in, never overwritten.
    // The save runs just after the next paint, coalescing quick edits, and
    // at once when the page is hidden or left (see docs/architecture.md).
    let save_queue = use_memo((), |_| web::after_paint::AfterPaint::new());
    {
        let storage_health = storage_health.clone();
        let storage_full = storage_full.clone();
        let session_for_save = session.clone();
        let can_save = *loaded && storage_health.allows_saving();
        let save_queue = save_queue.clone();
        use_effect_with((session.revision, can_save, *save_retries), move |(revision, can_save, _)| {
            if *revision > 0 && *can_save {
                save_queue.replace(move || {
                    let _span = web::bench::Span::new("save");
                    match web::storage::save_merging(&session_for_save, web::clock::now()) {
                        Ok(report) => {
                            if *storage_full {
                                storage_full.set(false);
                            }
                            if let Some((quarantine_key, reason)) = report.quarantined {
                                storage_health.set(StorageHealth::Quarantined { quarantine_key, reason });
                            } else if matches!(*storage_health, StorageHealth::SaveFailed { .. }) {
                                storage_health.set(StorageHealth::Healthy);
                            }
                            if let Some(reviewed) = report.fully_reviewed {
                                session_for_save.dispatch(Action::RestoreFullyReviewed { reviewed });
                            }
                            if let Some(trash) = report.trash {
                                session_for_save.dispatch(Action::LoadTrash { trash });
                            }
                            if let Some(merged) = report.merged {
                                session_for_save.dispatch(Action::MergeRemote {
                                    annotations: merged.annotations,
                                    tombstones: merged.tombstones,
                                });
                            }
                        }
                        Err(error) => {
                            let reason = match &error {
                                SaveError::QuotaExceeded => {
                                    storage_full.set(true);
                                    format!(
                                    "{error} Your highlights are kept in this tab: export them now so nothing is lost."
                                )
                                }
                                SaveError::Unavailable(_) => error.to_string(),
                            };
                            storage_health.set(StorageHealth::SaveFailed { reason });
                        }
                    }
                });
            }
        });
    }

    // Another tab saved: take in its annotations and deletions.
    let take_in_remote_changes = {
        let listener_view = listener_view.clone();
        let storage_health = storage_health.clone();
        Rc::new(move || {
            let Some(session) = listener_view.borrow().session.clone() else { return };
            match web::storage::remote_change(&session, web::clock::now()) {
                RemoteChange::Changed(change) => session
                    .dispatch(Action::MergeRemote { annotations: change.annotations, tombstones: change.tombstones }),
                RemoteChange::NewerVersion(reason) => storage_health.set(StorageHealth::ReadOnly { reason }),
                RemoteChange::Nothing | RemoteChange::Unreadable(_) => {}
            }
        })
    };
    {
        let take_in_remote_changes = take_in_remote_changes.clone();
        let article_key = claimmark_core::storage::persist::annotations_key(&article.id);
        let loaded_now = *loaded;
        use_effect_with(loaded_now, move |loaded| {
            let listener = loaded.then(|| {
                web::storage::listen_for_other_tabs(move |key| {
                    // A null key means another tab cleared the storage.
                    if key.as_deref().is_none_or(|key| key == article_key) {
                        take_in_remote_changes();
                    }
                })
            });
            move || drop(listener)
        });
    }
    let on_storage_changed_here = {
        let save_retries = save_retries.clone();
        Callback::from(move |()| {
            take_in_remote_changes();
            save_retries.set(*save_retries + 1);
        })
    };

    // A new version of the text: its annotations were saved under the new
    // id just above; now store the text itself, then drop the old id's key.
    // If either write failed, the old key stays, so a reload still shows the
    // older text with its annotations.
    {
        let persisted_article_id = persisted_article_id.clone();
        let storage_health = storage_health.clone();
        let announce = announce.clone();
        let current = session.article.clone();
        let can_save = *loaded && storage_health.allows_saving();
        let save_queue = save_queue.clone();
        use_effect_with((current.id.clone(), can_save), move |(article_id, can_save)| {
            let previous = persisted_article_id.borrow().clone();
            if *can_save && &previous != article_id {
                // The check below needs the annotations saved under the new id now.
                save_queue.flush();
                match web::article_store::save_edited_version(&current, web::clock::now()) {
                    Ok(()) if web::article_store::has_annotations_of(article_id) => {
                        web::article_store::remove_annotations_of(&previous);
                        *persisted_article_id.borrow_mut() = article_id.clone();
                    }
                    Ok(()) => {}
                    Err(error) => {
                        announce.emit(format!("The new version of the text could not be saved: {error}"));
                        storage_health.set(StorageHealth::SaveFailed { reason: error.to_string() });
                    }
                }
            }
        });
    }

    // Tell the user once if a stored edited text could not be used.
    {
        let announce = announce.clone();
        use_effect_with((), move |_| {
            if let Some(problem) = crate::ui::edit_text::take_startup_problem() {
                announce.emit(problem);
            }
        });
    }

    // Tell screen readers what an undo, redo or restore did.
    {
        let announce = announce.clone();
        let replayed = session.last_replayed.clone();
        use_effect_with((session.revision, replayed), move |(_, replayed)| {
            if let Some(message) = replayed {
                announce.emit(message.clone());
            }
        });
    }

    // Keep the open entry visible in the sidebar.
    {
        let open = session.open.clone();
        use_effect_with(open, |open| {
            if let Some(id) = open {
                web::events::reveal_sidebar_entry(id.as_str());
            }
        });
    }

    // Benchmark hooks: inert unless the page URL has `?bench`.
    {
        let dispatcher = session.dispatcher();
        let article = article.clone();
        use_effect_with((), move |_| {
            web::bench::app_mounted(article, Rc::new(move |action| dispatcher.dispatch(action)))
        });
    }

    let editable = matches!(
        *storage_health,
        StorageHealth::Healthy | StorageHealth::Quarantined { .. } | StorageHealth::SaveFailed { .. }
    );

    let suggestions = use_suggestions(session.article.clone(), session.clone(), editable, announce.clone());
    listener_view.borrow_mut().suggestions = Some(suggestions.clone());

    let create_highlight = {
        let session = session.clone();
        let pending = pending.clone();
        let announce = announce.clone();
        Rc::new(move |range: CodePointRange, tag: TagId| {
            let label = session.tags.label_of(&tag).to_string();
            session.dispatch(Action::Create { id: web::ids::new_annotation_id(), now: web::clock::now(), range, tag });
            web::selection::clear_selection();
            pending.set(None);
            let quote = claimmark_core::article::text::slice_code_points(
                session.article.canonical_text(),
                range.start,
                range.end,
            );
            announce.emit(format!("{label} added: “{}”", truncate_with_ellipsis(quote, 60)));
        })
    };

    // Document-level listeners: selection end (mouse or keyboard) and hotkeys.
    {
        let listener_view = listener_view.clone();
        let pending = pending.clone();
        let create_highlight = create_highlight.clone();
        let article = article.clone();
        let editable_now = editable;
        use_effect_with(editable_now, move |editable| {
            let editable = *editable;
            let document = gloo::utils::document();
            let selection_timer: Rc<RefCell<Option<Timeout>>> = Rc::new(RefCell::new(None));
            let on_selection_end = {
                let listener_view = listener_view.clone();
                let pending = pending.clone();
                let article = article.clone();
                let selection_timer = selection_timer.clone();
                move |event: &web_sys::Event| {
                    if web::events::event_is_inside(event, "selection-toolbar") {
                        return;
                    }
                    let listener_view = listener_view.clone();
                    let pending = pending.clone();
                    let article = article.clone();
                    // Read the selection after the browser has finished updating it.
                    *selection_timer.borrow_mut() = Some(Timeout::new(0, move || {
                        let Some(article_element) = listener_view.borrow().article_element.clone() else { return };
                        // The text may have been replaced by a new version since.
                        let article =
                            listener_view.borrow().session.as_ref().map_or(article, |session| session.article.clone());
                        let next = web::selection::read_selection(&article_element, &article).and_then(|mapped| {
                            let range = normalize_selection(&article, mapped.range)?;
                            let rect = mapped.rect?;
                            let window = gloo::utils::window();
                            let scroll_x = window.scroll_x().unwrap_or(0.0);
                            let scroll_y = window.scroll_y().unwrap_or(0.0);
                            let left = if mapped.backward { rect.left } else { (rect.right - 160.0).max(rect.left) };
                            Some(PendingSelection {
                                range,
                                toolbar_left: (left + scroll_x).max(8.0),
                                toolbar_top: rect.bottom + scroll_y + 8.0,
                            })
                        });
                        if editable || next.is_none() {
                            pending.set(next);
                        }
                    }));
                }
            };
            let on_mouse_up = {
                let on_selection_end = on_selection_end.clone();
                EventListener::new(&document, "mouseup", move |event| on_selection_end(event))
            };
            let on_selection_end_for_keys = on_selection_end.clone();
            let on_key_up = EventListener::new(&document, "keyup", move |event| {
                let Some(key_event) = event.dyn_ref::<KeyboardEvent>() else { return };
                if key_event.shift_key() || key_event.key() == "Shift" {
                    on_selection_end(event);
                }
            });
            let on_key_down = {
                let listener_view = listener_view.clone();
                let pending = pending.clone();
                let on_selection_end = on_selection_end_for_keys;
                EventListener::new_with_options(
                    &document,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(key_event) = event.dyn_ref::<KeyboardEvent>() else { return };
                        // The sentence cursor, Enter, Delete and the shortcut sheet.
                        let keyboard_outcome = {
                            let view = listener_view.borrow();
                            view.keyboard.clone().zip(view.session.clone()).map(|(keyboard, session)| {
                                keyboard.handle(key_event, &session, view.article_element.as_ref(), editable)
                            })
                        };
                        match keyboard_outcome {
                            Some(crate::ui::keyboard::KeyOutcome::Handled) => return event.prevent_default(),
                            Some(crate::ui::keyboard::KeyOutcome::Blocked) => return,
                            Some(crate::ui::keyboard::KeyOutcome::SelectionChanged) => {
                                event.prevent_default();
                                return on_selection_end(event);
                            }
                            Some(crate::ui::keyboard::KeyOutcome::NotMine) | None => {}
                        }
                        // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (Cmd on macOS) undo and redo;
                        // inside a text field the field's own undo applies.
                        if (key_event.ctrl_key() || key_event.meta_key())
                            && !key_event.alt_key()
                            && editable
                            && !web::events::event_is_from_text_field(event)
                        {
                            let command = match key_event.key().to_lowercase().as_str() {
                                "z" if key_event.shift_key() => Some(Action::Redo),
                                "z" => Some(Action::Undo),
                                "y" => Some(Action::Redo),
                                _ => None,
                            };
                            if let Some(command) = command {
                                event.prevent_default();
                                if let Some(session) = listener_view.borrow().session.clone() {
                                    session.dispatch(command);
                                }
                                return;
                            }
                        }
                        if key_event.ctrl_key() || key_event.meta_key() || key_event.alt_key() {
                            return;
                        }
                        let key = key_event.key();
                        let view = listener_view.borrow();
                        let Some(session) = view.session.clone() else { return };
                        if let Some(selection) = view.pending.clone() {
                            if key == "Escape" {
                                drop(view);
                                event.prevent_default();
                                web::selection::clear_selection();
                                pending.set(None);
                                return;
                            }
                            if web::events::event_is_from_text_field(event) {
                                return;
                            }
                            let mut characters = key.chars();
                            if let (Some(character), None) = (characters.next(), characters.next()) {
                                if let Some(tag) = session.tags.by_hotkey(character) {
                                    let tag = tag.id.clone();
                                    drop(view);
                                    event.prevent_default();
                                    create_highlight(selection.range, tag);
                                }
                            }
                            return;
                        }
                        let suggestion_command =
                            view.suggestions.as_ref().and_then(|suggestions| suggestions.command_for_key(key_event));
                        if let (Some(command), Some(suggestions)) = (suggestion_command, view.suggestions.clone()) {
                            drop(view);
                            event.prevent_default();
                            suggestions.run(command);
                            return;
                        }
                        let Some(open) = session.open.clone() else { return };
                        if key == "Escape" {
                            drop(view);
                            session.dispatch(Action::Open(None));
                            return;
                        }
                        if web::events::event_is_from_text_field(event) || !editable {
                            return;
                        }
                        let mut characters = key.chars();
                        if let (Some(character), None) = (characters.next(), characters.next()) {
                            if let Some(tag) = session.tags.by_hotkey(character) {
                                let tag = tag.id.clone();
                                drop(view);
                                event.prevent_default();
                                session.dispatch(Action::ToggleTag { id: open, tag, now: web::clock::now() });
                            }
                        }
                    },
                )
            };
            move || {
                drop(on_mouse_up);
                drop(on_key_up);
                drop(on_key_down);
                drop(selection_timer);
            }
        });
    }

    let segments_span = web::bench::Span::new("segments");
    // Only the blocks whose annotations changed since the last render are cut again.
    let segment_cache = use_mut_ref(SegmentCache::new);
    let segments: Rc<Vec<Rc<[Segment]>>> =
        Rc::new(segment_cache.borrow_mut().update(&session.article, &session.annotations));
    drop(segments_span);

    let on_highlight_click = {
        let session = session.clone();
        Callback::from(move |ids: Vec<AnnotationId>| {
            // Repeated clicks on a stack of highlights walk down through it.
            let next = match session.open.as_ref().and_then(|open| ids.iter().position(|id| id == open)) {
                Some(position) => ids[(position + 1) % ids.len()].clone(),
                None => ids[0].clone(),
            };
            session.dispatch(Action::Open(Some(next)));
        })
    };
    let on_select = {
        let session = session.clone();
        Callback::from(move |id: AnnotationId| {
            let already_open = session.open.as_ref() == Some(&id);
            if already_open {
                web::dom::scroll_to_annotation(id.as_str());
            } else {
                session.dispatch(Action::Open(Some(id.clone())));
                // Opening re-renders the highlight's block, which would drop a
                // flash class set now: scroll and flash once that is done.
                Timeout::new(0, move || web::dom::scroll_to_annotation(id.as_str())).forget();
            }
        })
    };
    let on_toggle_tag = {
        let session = session.clone();
        Callback::from(move |tag: TagId| {
            if let Some(id) = session.open.clone() {
                session.dispatch(Action::ToggleTag { id, tag, now: web::clock::now() });
            }
        })
    };
    let on_note = {
        let session = session.clone();
        Callback::from(move |note: String| {
            if let Some(id) = session.open.clone() {
                session.dispatch(Action::SetNote { id, note, now: web::clock::now() });
            }
        })
    };
    let on_delete = {
        let session = session.clone();
        let announce = announce.clone();
        Callback::from(move |_| {
            if let Some(id) = session.open.clone() {
                let quote =
                    session.annotation(&id).map(|annotation| annotation.quote.exact.clone()).unwrap_or_default();
                session.dispatch(Action::Delete { id, now: web::clock::now() });
                announce.emit(format!("Highlight deleted: “{}”", truncate_with_ellipsis(&quote, 60)));
            }
        })
    };
    let on_close = {
        let session = session.clone();
        Callback::from(move |_| session.dispatch(Action::Open(None)))
    };
    let on_pick_tag = {
        let pending = pending.clone();
        let create_highlight = create_highlight.clone();
        Callback::from(move |tag: TagId| {
            if let Some(selection) = (*pending).clone() {
                create_highlight(selection.range, tag);
            }
        })
    };
    let on_cancel_selection = {
        let pending = pending.clone();
        Callback::from(move |_| {
            web::selection::clear_selection();
            pending.set(None);
        })
    };

    let on_import_notice = {
        let import_notice = import_notice.clone();
        Callback::from(move |notice: Option<ImportNotice>| import_notice.set(notice))
    };

    let on_edit_text = {
        let editing_text = editing_text.clone();
        let pending = pending.clone();
        Callback::from(move |_| {
            web::selection::clear_selection();
            pending.set(None);
            editing_text.set(!*editing_text);
        })
    };
    let on_cancel_edit = {
        let editing_text = editing_text.clone();
        Callback::from(move |_| editing_text.set(false))
    };
    let on_save_version = {
        let editing_text = editing_text.clone();
        let session = session.clone();
        let announce = announce.clone();
        Callback::from(move |(article, summary): (Rc<Article>, claimmark_core::session::reanchor::ReanchorSummary)| {
            session.dispatch(Action::ReplaceArticle { article });
            editing_text.set(false);
            let outcome = crate::ui::edit_text::describe_outcome(&summary);
            announce.emit(format!("New version saved. {}", outcome.trim_start_matches("If you save, ")));
        })
    };
    let orphans = {
        let on_selection_used = {
            let pending = pending.clone();
            Callback::from(move |_| {
                web::selection::clear_selection();
                pending.set(None);
            })
        };
        html! {
            <Orphans session={session.clone()} selection={(*pending).as_ref().map(|selection| selection.range)}
                announce={announce.clone()} on_selection_used={on_selection_used} editable={editable} />
        }
    };

    let banner = storage_banner(&storage_health, &announce);
    let toolbar = (*pending).clone().filter(|_| editable).map(|selection| {
        html! {
            <SelectionToolbar tags={session.tags.clone()} left={selection.toolbar_left} top={selection.toolbar_top}
                on_pick={on_pick_tag.clone()} on_cancel={on_cancel_selection.clone()} />
        }
    });

    html! {
        <>
            <header class="app-bar">
                <div class="brand"><span class="brand-mark" aria-hidden="true">{ "❝" }</span>{ "claimmark" }</div>
                <div class="app-actions">
                    <button type="button" id="edit-text-toggle" onclick={on_edit_text} disabled={!editable}
                        aria-pressed={(*editing_text).to_string()}
                        title="Change the article's text; every highlight is found again in the new version">{ "Edit text" }</button>
                    <ImportControl session={session.clone()} editable={editable} on_notice={on_import_notice.clone()} />
                    <ExportMenu session={session.clone()} announce={announce.clone()} />
                    { keyboard.sheet_button() }
                </div>
            </header>
            // Optional parts sit in fixed wrappers: the root's children keep
            // their positions, so showing a banner or the toolbar never
            // rebuilds the article (which would also drop the selection).
            <div class="banner-slot">{ banner }</div>
            <div class="storage-slot">
                <StoragePanel storage_full={*storage_full} article={article.clone()} session={session.clone()}
                    announce={announce.clone()} on_restored={on_storage_changed_here} />
            </div>
            <div class="import-slot">
                <ImportPanel session={session.clone()} notice={(*import_notice).clone()} on_notice={on_import_notice} />
            </div>
            <div id="status" role="status" aria-live="polite" class={classes!("status", (!status_message.is_empty()).then_some("visible"))}>
                { (*status_message).clone() }
            </div>
            <div class="layout">
                <main class="reading-column">
                    <div class="density-slot">
                        <DensityStrip session={session.clone()} article_ref={article_ref.clone()}
                            on_select={on_select.clone()} visible={!*editing_text} />
                    </div>
                    <SuggestionBar suggestions={suggestions.clone()} />
                    if *editing_text {
                        <EditText session={session.clone()} on_save={on_save_version} on_cancel={on_cancel_edit} />
                    } else {
                        <ArticleView article={session.article.clone()} segments={segments} tags={session.tags.clone()}
                            open={session.open.clone()} on_highlight_click={on_highlight_click} article_ref={article_ref.clone()}
                            suggestions={suggestions.per_block()} />
                    }
                </main>
                <Sidebar session={session.clone()} on_select={on_select} on_toggle_tag={on_toggle_tag} on_note={on_note}
                    on_delete={on_delete} on_close={on_close} editable={editable} orphans={orphans}
                    summary={html! { <SummaryPanel session={session.clone()} /> }} />
            </div>
            <div class="toolbar-slot">{ toolbar }</div>
            <div class="shortcut-slot">{ keyboard.view(session.tags.clone()) }</div>
        </>
    }
}

fn storage_banner(health: &StorageHealth, announce: &Callback<String>) -> Html {
    match health {
        StorageHealth::Healthy => html! {},
        StorageHealth::Quarantined { quarantine_key, reason } => {
            let key = quarantine_key.clone();
            let announce = announce.clone();
            let download = Callback::from(move |_| {
                let Some(raw) = web::storage::read_raw(&key) else {
                    announce.emit("The damaged data is no longer in storage.".to_string());
                    return;
                };
                let file_name = format!("claimmark-damaged-{}.txt", web::clock::now().0);
                if let Err(reason) = web::download::download_text(&file_name, "text/plain", &raw) {
                    announce.emit(format!("Download failed: {reason}"));
                }
            });
            html! {
                <BannerShell kind="warning">
                    <p><strong>{ "Saved highlights for this article could not be read." }</strong>{ " " }{ reason.clone() }</p>
                    <p>{ format!("They were set aside, unchanged, under the storage key “{quarantine_key}”. New highlights are saved normally.") }</p>
                    <button type="button" id="download-damaged" onclick={download}>{ "Download the damaged data" }</button>
                </BannerShell>
            }
        }
        StorageHealth::ReadOnly { reason } => html! {
            <BannerShell kind="warning">
                <p><strong>{ "This article is read-only." }</strong>{ " " }{ reason.clone() }</p>
                <p>{ "It was saved by a newer version of claimmark. Nothing will be written until you update." }</p>
            </BannerShell>
        },
        StorageHealth::SaveFailed { reason } => html! {
            <BannerShell kind="error" dismissible={false}>
                <p><strong>{ "Your last change could not be saved." }</strong>{ " " }{ reason.clone() }</p>
            </BannerShell>
        },
        StorageHealth::Unavailable { reason } => html! {
            <BannerShell kind="error" dismissible={false}>
                <p><strong>{ "Storage is unavailable, so highlights will not survive a reload." }</strong>{ " " }{ reason.clone() }</p>
                <p>{ "Use Export JSON to keep your work." }</p>
            </BannerShell>
        },
    }
}

#[derive(Properties, PartialEq)]
struct BannerShellProps {
    kind: AttrValue,
    #[prop_or(true)]
    dismissible: bool,
    children: Html,
}

/// A banner that can be dismissed for the rest of the visit.
#[function_component(BannerShell)]
fn banner_shell(props: &BannerShellProps) -> Html {
    let dismissed = use_state(|| false);
    if *dismissed {
        return html! {};
    }
    let dismiss = {
        let dismissed = dismissed.clone();
        Callback::from(move |_| dismissed.set(true))
    };
    html! {
        <div id="storage-banner" role="alert" class={classes!("banner", format!("banner-{}", props.kind))}>
            <div class="banner-body">{ props.children.clone() }</div>
            if props.dismissible {
                <button type="button" class="banner-dismiss" onclick={dismiss}>{ "Dismiss" }</button>
            }
        </div>
    }
}
