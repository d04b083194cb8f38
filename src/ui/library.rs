//! The article library and routing: the bar with "Library" and "New
//! article", the library view (open, rename, delete with undo, restore the
//! sample article), page-wide drops of articles, and which article the app
//! shows.
//!
//! The address bar holds the route (`#/library`, `#/a/<id>`), so reload and
//! back/forward work: this component follows `hashchange` and mounts the
//! annotating [`App`] keyed by the open article, so switching articles starts
//! a fresh session over that article's own stored annotations. Rules live in
//! [`claimmark_core::storage::library`]; storage in [`crate::web::library_store`].

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::ui::app::App;
use crate::ui::new_article::{DialogOutcome, IncomingText, NewArticleDialog};
use crate::web;
use crate::web::library_store::RemovedArticle;
use claimmark_core::article::extract::seed_article;
use claimmark_core::article::model::Article;
use claimmark_core::storage::library::{
    format_of_file, format_of_pasted_text, parse_route, route_hash, route_id_of, ImportFormat, Library, Route,
};
use claimmark_core::time::format_date;

/// The sample article as the user last saved it.
fn sample_article() -> Rc<Article> {
    Rc::new(crate::ui::edit_text::original_or_edited(seed_article(), web::clock::now()))
}

fn current_route() -> Route {
    parse_route(&gloo::utils::window().location().hash().unwrap_or_default())
}

fn navigate(route: &Route) {
    let _ = gloo::utils::window().location().set_hash(&route_hash(route));
}

/// What the reading pane shows.
#[derive(Clone, PartialEq)]
enum Shown {
    Library,
    Article { route_id: String, article: Rc<Article> },
}

/// The app's root: library bar, library view or the open article.
#[function_component(LibraryRoot)]
pub fn library_root() -> Html {
    let route = use_state(current_route);
    let library = use_state(|| {
        let (library, problem) = web::library_store::load_library(web::clock::now());
        (Rc::new(library), problem)
    });
    let status = use_state(|| library.1.clone().unwrap_or_default());
    let dialog = use_state(|| None::<Option<IncomingText>>);
    let removed = use_state(|| None::<RemovedArticle>);
    // Bumped when an open article's text was replaced, to remount it.
    let generation = use_state(|| 0_u32);
    let library_now = library.0.clone();

    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener =
                EventListener::new(&gloo::utils::window(), "hashchange", move |_| route.set(current_route()));
            move || drop(listener)
        });
    }

    let set_library = {
        let library = library.clone();
        Callback::from(move |next: Library| library.set((Rc::new(next), None)))
    };

    // Drops of article files or of text dragged in from another page open
    // the dialog. Caught while capturing, before the annotation import's
    // own drop handler sees them; annotation JSON files pass through.
    {
        let dialog = dialog.clone();
        let status = status.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let document = gloo::utils::document();
            let capture = EventListenerOptions { phase: EventListenerPhase::Capture, passive: false };
            let dragging_from_page = Rc::new(Cell::new(false));
            let on_drag_start = {
                let dragging_from_page = dragging_from_page.clone();
                EventListener::new(&document, "dragstart", move |_| dragging_from_page.set(true))
            };
            let on_drag_end = {
                let dragging_from_page = dragging_from_page.clone();
                EventListener::new(&document, "dragend", move |_| dragging_from_page.set(false))
            };
            let on_drag_over = {
                let dragging_from_page = dragging_from_page.clone();
                EventListener::new_with_options(&window, "dragover", capture, move |event| {
                    let Some(drag) = event.dyn_ref::<DragEvent>() else { return };
                    if !dragging_from_page.get() && carries_text_only(drag) {
                        event.prevent_default();
                    }
                })
            };
            let on_drop = EventListener::new_with_options(&window, "drop", capture, move |event| {
                let Some(drag) = event.dyn_ref::<DragEvent>() else { return };
                if dragging_from_page.get() {
                    dragging_from_page.set(false);
                    return;
                }
                if let Some(file) = web::files::first_dropped_file(drag) {
                    let name = file.name();
                    if name.to_ascii_lowercase().ends_with(".json") || name.to_ascii_lowercase().ends_with(".jsonld") {
                        return;
                    }
                    event.prevent_default();
                    event.stop_propagation();
                    let format = match format_of_file(&name) {
                        Ok(format) => format,
                        Err(message) => {
                            status.set(message);
                            return;
                        }
                    };
                    let dialog = dialog.clone();
                    let status = status.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match web::files::read_file_text(&file).await {
                            Ok(text) => dialog.set(Some(Some(IncomingText { format, text, file_name: Some(name) }))),
                            Err(problem) => status.set(problem.to_string()),
                        }
                    });
                    return;
                }
                let Some(transfer) = drag.data_transfer() else { return };
                let text = web::html_source::transferred_text(&transfer);
                if text.is_empty() {
                    return;
                }
                event.prevent_default();
                event.stop_propagation();
                let incoming = match (text.html, text.plain) {
                    (Some(html), _) => IncomingText { format: ImportFormat::Html, text: html, file_name: None },
                    (None, Some(plain)) => {
                        IncomingText { format: format_of_pasted_text(&plain), text: plain, file_name: None }
                    }
                    (None, None) => return,
                };
                dialog.set(Some(Some(incoming)));
            });
            move || {
                drop(on_drag_start);
                drop(on_drag_end);
                drop(on_drag_over);
                drop(on_drop);
            }
        });
    }

    let sample: Rc<Article> = (*use_memo(((*route).clone(), *generation), |_| sample_article())).clone();
    let sample_route_id = route_id_of(&sample);
    let shown = use_memo(((*route).clone(), *generation, library_now.sample_hidden), {
        let library_now = library_now.clone();
        let sample = sample.clone();
        let sample_route_id = sample_route_id.clone();
        let status = status.clone();
        move |(route, _, _)| match route {
            Route::Library => Shown::Library,
            Route::Article(id) if *id == sample_route_id => {
                Shown::Article { route_id: id.clone(), article: sample.clone() }
            }
            Route::Article(id) => match library_now.entry(id).map(web::library_store::load_article) {
                Some(Ok(article)) => Shown::Article { route_id: id.clone(), article: Rc::new(article) },
                Some(Err(message)) => {
                    status.set(message);
                    Shown::Library
                }
                None => {
                    status.set("That article is not in your library (it may have been deleted).".to_string());
                    Shown::Library
                }
            },
            Route::Default if library_now.sample_hidden && !library_now.entries.is_empty() => Shown::Library,
            Route::Default => Shown::Article { route_id: sample_route_id.clone(), article: sample.clone() },
        }
    });

    let open_dialog = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Some(None)))
    };
    let close_dialog = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    let on_dialog_done = {
        let dialog = dialog.clone();
        let set_library = set_library.clone();
        let status = status.clone();
        let generation = generation.clone();
        let route = route.clone();
        Callback::from(move |outcome: DialogOutcome| {
            dialog.set(None);
            set_library.emit(outcome.library);
            status.set(outcome.message);
            let target = Route::Article(outcome.route_id);
            if *route == target {
                generation.set(*generation + 1);
            }
            navigate(&target);
        })
    };

    let current_title = match &*shown {
        Shown::Article { route_id, article } => library_now
            .entry(route_id)
            .map(|entry| entry.title.clone())
            .unwrap_or_else(|| article.metadata.title.clone()),
        Shown::Library => String::new(),
    };
    let dialog_view = (*dialog).clone().map(|incoming| {
        html! {
            <NewArticleDialog library={library_now.clone()} sample={sample.clone()} incoming={incoming}
                on_close={close_dialog.clone()} on_done={on_dialog_done.clone()} />
        }
    });
    let library_is_open = matches!(*shown, Shown::Library);

    html! {
        <>
            <nav class="library-bar" aria-label="Articles">
                <a id="open-library" href="#/library" class={classes!(library_is_open.then_some("active"))}
                    aria-current={library_is_open.then_some("page")}>{ "Library" }</a>
                <button type="button" id="new-article" onclick={open_dialog}>{ "New article" }</button>
                <span class="library-current" id="current-article-title">{ current_title }</span>
                <span id="library-status" class="library-status" role="status" aria-live="polite">
                    { (*status).clone() }
                    if let Some(removal) = (*removed).clone() {
                        { " " }
                        <UndoButton removal={removal} library={library_now.clone()} on_library={set_library.clone()}
                            removed={removed.clone()} status={status.clone()} />
                    }
                </span>
            </nav>
            <div class="new-article-slot">{ dialog_view }</div>
            <div class="reading-slot">
                {
                    match &*shown {
                        Shown::Library => html! {
                            <LibraryView library={library_now.clone()} sample={sample.clone()}
                                on_library={set_library.clone()} removed={removed.clone()} status={status.clone()} />
                        },
                        Shown::Article { route_id, article } => html! {
                            <App key={format!("{route_id}:{}", *generation)} article={article.clone()} />
                        },
                    }
                }
            </div>
        </>
    }
}

/// True when a drag holds text or markup but no files.
fn carries_text_only(drag: &DragEvent) -> bool {
    drag.data_transfer().is_some_and(|transfer| {
        let kinds: Vec<String> = transfer.types().iter().filter_map(|kind| kind.as_string()).collect();
        !kinds.iter().any(|kind| kind == "Files")
            && kinds.iter().any(|kind| kind == "text/html" || kind == "text/plain")
    })
}

#[derive(Properties, PartialEq)]
struct UndoButtonProps {
    removal: RemovedArticle,
    library: Rc<Library>,
    on_library: Callback<Library>,
    removed: UseStateHandle<Option<RemovedArticle>>,
    status: UseStateHandle<String>,
}

#[function_component(UndoButton)]
fn undo_button(props: &UndoButtonProps) -> Html {
    let on_click = {
        let removal = props.removal.clone();
        let library = props.library.clone();
        let on_library = props.on_library.clone();
        let removed = props.removed.clone();
        let status = props.status.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*library).clone();
            match web::library_store::undo_removal(&mut next, removal.clone()) {
                Ok(()) => {
                    status.set(format!("“{}” is back, with its highlights.", removal.title));
                    on_library.emit(next);
                    removed.set(None);
                }
                Err(message) => status.set(format!("The article could not be put back: {message}")),
            }
        })
    };
    html! { <button type="button" id="undo-delete" onclick={on_click}>{ "Undo" }</button> }
}

#[derive(Properties, PartialEq)]
struct LibraryViewProps {
    library: Rc<Library>,
    sample: Rc<Article>,
    on_library: Callback<Library>,
    removed: UseStateHandle<Option<RemovedArticle>>,
    status: UseStateHandle<String>,
}

/// One row of the library list.
#[derive(Clone, PartialEq)]
struct Row {
    route_id: String,
    title: String,
    source: String,
    added: String,
    annotations: usize,
    reviewed: bool,
    is_sample: bool,
}

#[function_component(LibraryView)]
fn library_view(props: &LibraryViewProps) -> Html {
    let renaming = use_state(|| None::<String>);
    let confirming = use_state(|| None::<String>);

    let mut rows = Vec::new();
    if !props.library.sample_hidden {
        let (annotations, reviewed) = web::library_store::stored_summary(&props.sample);
        rows.push(Row {
            route_id: route_id_of(&props.sample),
            title: props.sample.metadata.title.clone(),
            source: "Sample article".to_string(),
            added: "Built in".to_string(),
            annotations,
            reviewed,
            is_sample: true,
        });
    }
    for entry in &props.library.entries {
        let (annotations, reviewed) = web::library_store::load_article(entry)
            .map(|article| web::library_store::stored_summary(&article))
            .unwrap_or((0, false));
        rows.push(Row {
            route_id: entry.route_id.clone(),
            title: entry.title.clone(),
            source: entry.source.clone().unwrap_or_else(|| "Pasted or uploaded".to_string()),
            added: format_date(entry.added_at),
            annotations,
            reviewed,
            is_sample: false,
        });
    }

    let restore_sample = {
        let library = props.library.clone();
        let on_library = props.on_library.clone();
        let status = props.status.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*library).clone();
            match web::library_store::restore_sample(&mut next) {
                Ok(()) => {
                    status.set("The sample article is back in your library.".to_string());
                    on_library.emit(next);
                }
                Err(message) => status.set(format!("The sample article could not be restored: {message}")),
            }
        })
    };

    let items = rows.into_iter().map(|row| {
        let href = format!("#/a/{}", row.route_id);
        let is_renaming = renaming.as_deref() == Some(row.route_id.as_str());
        let is_confirming = confirming.as_deref() == Some(row.route_id.as_str());
        let start_rename = {
            let renaming = renaming.clone();
            let id = row.route_id.clone();
            Callback::from(move |_: MouseEvent| renaming.set(Some(id.clone())))
        };
        let ask_delete = {
            let confirming = confirming.clone();
            let id = row.route_id.clone();
            Callback::from(move |_: MouseEvent| confirming.set(Some(id.clone())))
        };
        let cancel = {
            let confirming = confirming.clone();
            let renaming = renaming.clone();
            Callback::from(move |_: MouseEvent| {
                confirming.set(None);
                renaming.set(None);
            })
        };
        let confirm_delete = {
            let library = props.library.clone();
            let on_library = props.on_library.clone();
            let removed = props.removed.clone();
            let status = props.status.clone();
            let confirming = confirming.clone();
            let sample = props.sample.clone();
            let id = row.route_id.clone();
            let is_sample = row.is_sample;
            Callback::from(move |_: MouseEvent| {
                let mut next = (*library).clone();
                let result = if is_sample {
                    web::library_store::remove_sample(&mut next, &sample)
                } else {
                    web::library_store::remove_article(&mut next, &id)
                };
                confirming.set(None);
                match result {
                    Ok(removal) => {
                        status.set(format!("“{}” deleted.", removal.title));
                        removed.set(Some(removal));
                        on_library.emit(next);
                    }
                    Err(message) => status.set(format!("The article could not be deleted: {message}")),
                }
            })
        };
        let on_rename_key = {
            let library = props.library.clone();
            let on_library = props.on_library.clone();
            let status = props.status.clone();
            let renaming = renaming.clone();
            let id = row.route_id.clone();
            Callback::from(move |event: KeyboardEvent| {
                let key = event.key();
                if key == "Escape" {
                    renaming.set(None);
                    return;
                }
                if key != "Enter" {
                    return;
                }
                let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
                let mut next = (*library).clone();
                match web::library_store::rename_article(&mut next, &id, &input.value()) {
                    Ok(()) => {
                        renaming.set(None);
                        status.set("Renamed.".to_string());
                        on_library.emit(next);
                    }
                    Err(message) => status.set(message),
                }
            })
        };
        let highlights = match row.annotations {
            1 => "1 highlight".to_string(),
            count => format!("{count} highlights"),
        };
        html! {
            <li class="library-entry" key={row.route_id.clone()} data-route={row.route_id.clone()}>
                <div class="library-entry-main">
                    if is_renaming {
                        <input class="rename-input" aria-label="New name" value={row.title.clone()} onkeydown={on_rename_key} />
                    } else {
                        <a class="open-article library-title" href={href}>{ row.title.clone() }</a>
                    }
                    <div class="library-meta">
                        <span class="library-source">{ row.source.clone() }</span>
                        <span class="library-added">{ row.added.clone() }</span>
                        <span class="library-count" data-count={row.annotations.to_string()}>{ highlights.clone() }</span>
                        if row.reviewed {
                            <span class="badge badge-reviewed">{ "Reviewed" }</span>
                        } else {
                            <span class="badge badge-unreviewed">{ "Unreviewed" }</span>
                        }
                    </div>
                </div>
                <div class="library-entry-actions">
                    if is_confirming {
                        <span class="confirm-delete" role="alert">
                            { format!("Delete “{}” and its {}?", row.title, highlights) }
                            <button type="button" class="confirm-delete-yes danger" onclick={confirm_delete}>{ "Delete" }</button>
                            <button type="button" class="confirm-delete-no" onclick={cancel.clone()}>{ "Keep" }</button>
                        </span>
                    } else {
                        if !row.is_sample {
                            <button type="button" class="rename-article" onclick={start_rename}>{ "Rename" }</button>
                        }
                        <button type="button" class="delete-article" onclick={ask_delete}>{ "Delete" }</button>
                    }
                </div>
            </li>
        }
    });

    html! {
        <main id="library" class="library" aria-labelledby="library-heading">
            <h1 id="library-heading">{ "Your articles" }</h1>
            <ul class="library-list">{ for items }</ul>
            if props.library.sample_hidden {
                <button type="button" id="restore-sample" onclick={restore_sample}>{ "Restore sample article" }</button>
            }
            if props.library.entries.is_empty() {
                <p class="library-empty">{ "Add the article in front of you with “New article”, or drop its file or text on the page." }</p>
            }
        </main>
    }
}
