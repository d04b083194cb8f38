//! The "New article" dialog: paste text or HTML, pick a .txt/.html/.htm/.md
//! file, or take what was dropped on the page; preview the extracted
//! article, fix its title, byline, date and source, then add it to the
//! library (or open the copy already there, or update a changed version).
//!
//! Extraction is the core's; this component only gathers the input, shows
//! the preview and reports. Imported HTML is parsed by the browser into an
//! inert document and read as text; it is never inserted into the page.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::web;
use claimmark_core::article::html_reader::read_html_article;
use claimmark_core::article::model::{Article, ArticleMetadata, BlockKind};
use claimmark_core::session::claim_fields::is_web_address;
use claimmark_core::storage::library::{
    format_of_file, format_of_pasted_text, read_text_article, AddDecision, ImportFormat, Library,
};
use claimmark_core::time::is_calendar_date;

/// Text brought in from outside the dialog (a drop on the page).
#[derive(Clone, Debug, PartialEq)]
pub struct IncomingText {
    /// How to read it.
    pub format: ImportFormat,
    /// The text or markup.
    pub text: String,
    /// The file it came from, when it was a file.
    pub file_name: Option<String>,
}

/// Extracts an article from `text` in `format`; `Err` is for the user.
pub fn extract_article(format: ImportFormat, text: &str) -> Result<Article, String> {
    match format {
        ImportFormat::Html => {
            let page = web::html_source::parse_html_page(text)?;
            read_html_article(&page, None).map_err(|error| error.to_string())
        }
        ImportFormat::PlainText | ImportFormat::Markdown => {
            read_text_article(format, text, None).map_err(|error| error.to_string())
        }
    }
}

/// What the dialog did, for the library to follow.
#[derive(Clone, Debug, PartialEq)]
pub struct DialogOutcome {
    /// The library after the change.
    pub library: Library,
    /// The article to open.
    pub route_id: String,
    /// What happened, for the status line.
    pub message: String,
}

/// Properties of [`NewArticleDialog`].
#[derive(Properties, PartialEq)]
pub struct NewArticleDialogProps {
    /// The library as it is now.
    pub library: Rc<Library>,
    /// The sample article, so adding its text again opens it.
    pub sample: Rc<Article>,
    /// Text dropped on the page, to preview at once.
    #[prop_or_default]
    pub incoming: Option<IncomingText>,
    /// Closes the dialog without a change.
    pub on_close: Callback<()>,
    /// Called after an article was added, updated or found.
    pub on_done: Callback<DialogOutcome>,
}

/// The preview's editable fields.
#[derive(Clone, Debug, Default, PartialEq)]
struct Fields {
    title: String,
    byline: String,
    date: String,
    source: String,
}

/// The dialog.
#[function_component(NewArticleDialog)]
pub fn new_article_dialog(props: &NewArticleDialogProps) -> Html {
    let draft = use_state(|| None::<Rc<Article>>);
    let fields = use_state(Fields::default);
    let error = use_state(|| None::<String>);
    let origin = use_state(|| None::<String>);
    let textarea_ref = use_node_ref();

    let show = {
        let draft = draft.clone();
        let fields = fields.clone();
        let error = error.clone();
        let origin = origin.clone();
        Callback::from(move |(result, from): (Result<Article, String>, String)| match result {
            Ok(article) => {
                let metadata = &article.metadata;
                fields.set(Fields {
                    title: metadata.title.clone(),
                    byline: metadata.byline.clone().unwrap_or_default(),
                    date: metadata.published.clone().unwrap_or_default(),
                    source: metadata.source_url.clone().unwrap_or_default(),
                });
                draft.set(Some(Rc::new(article)));
                error.set(None);
                origin.set(Some(from));
            }
            Err(message) => {
                draft.set(None);
                error.set(Some(message));
            }
        })
    };

    {
        let show = show.clone();
        use_effect_with(props.incoming.clone(), move |incoming| {
            if let Some(incoming) = incoming {
                let from = incoming.file_name.clone().unwrap_or_else(|| "the dropped text".to_string());
                show.emit((extract_article(incoming.format, &incoming.text), from));
            }
        });
    }

    let on_paste = {
        let show = show.clone();
        Callback::from(move |event: Event| {
            let Some(clipboard_event) = event.dyn_ref::<ClipboardEvent>() else { return };
            let pasted = web::html_source::pasted_text(clipboard_event);
            if let Some(html) = pasted.html {
                event.prevent_default();
                if let Some(textarea) = event.target_dyn_into::<HtmlTextAreaElement>() {
                    textarea.set_value(pasted.plain.as_deref().unwrap_or(""));
                }
                show.emit((extract_article(ImportFormat::Html, &html), "the pasted page".to_string()));
            }
        })
    };
    let on_preview_text = {
        let show = show.clone();
        let textarea_ref = textarea_ref.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(textarea) = textarea_ref.cast::<HtmlTextAreaElement>() else { return };
            let text = textarea.value();
            if text.trim().is_empty() {
                error.set(Some("Paste an article's text or HTML first, or choose a file.".to_string()));
                return;
            }
            let format = format_of_pasted_text(&text);
            show.emit((extract_article(format, &text), "the pasted text".to_string()));
        })
    };
    let on_pick = {
        let show = show.clone();
        let error = error.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            let Some(file) = web::files::first_picked_file(&input) else { return };
            input.set_value("");
            let name = file.name();
            let format = match format_of_file(&name) {
                Ok(format) => format,
                Err(message) => {
                    error.set(Some(message));
                    return;
                }
            };
            let show = show.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = match web::files::read_file_text(&file).await {
                    Ok(text) => extract_article(format, &text),
                    Err(problem) => Err(problem.to_string()),
                };
                show.emit((result, format!("“{name}”")));
            });
        })
    };

    let edit = |pick: fn(&mut Fields, String)| {
        let fields = fields.clone();
        Callback::from(move |event: InputEvent| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            let mut next = (*fields).clone();
            pick(&mut next, input.value());
            fields.set(next);
        })
    };

    let checked = draft.as_ref().map(|article| finished_article(article, &fields));
    let decision = match &checked {
        Some(Ok(article)) if article.id == props.sample.id => {
            Some(Ok(AddDecision::OpenExisting(claimmark_core::storage::library::LibraryEntry::for_article(
                &props.sample,
                claimmark_core::time::Timestamp(0),
            ))))
        }
        Some(Ok(article)) => Some(Ok(props.library.decide_add(article))),
        Some(Err(message)) => Some(Err(message.clone())),
        None => None,
    };

    let on_commit = {
        let checked = checked.clone();
        let decision = decision.clone();
        let library = props.library.clone();
        let on_done = props.on_done.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            let (Some(Ok(article)), Some(Ok(decision))) = (checked.clone(), decision.clone()) else { return };
            let mut library = (*library).clone();
            let now = web::clock::now();
            let result = match decision {
                AddDecision::OpenExisting(entry) => Ok(DialogOutcome {
                    library,
                    route_id: entry.route_id,
                    message: format!("“{}” is already in your library; it is open now.", entry.title),
                }),
                AddDecision::AskToUpdate(entry) => {
                    web::library_store::update_article(&mut library, &entry, &article, now).map(|(found, orphaned)| {
                        let orphans = if orphaned > 0 {
                            format!(" {orphaned} could not be placed and are listed apart, so nothing is lost.")
                        } else {
                            String::new()
                        };
                        DialogOutcome {
                            library,
                            route_id: entry.route_id,
                            message: format!(
                                "“{}” updated. {found} highlights found again in the new text.{orphans}",
                                entry.title
                            ),
                        }
                    })
                }
                AddDecision::AddNew => {
                    web::library_store::add_article(&mut library, &article, now).map(|entry| DialogOutcome {
                        library,
                        route_id: entry.route_id,
                        message: format!("“{}” added to your library.", entry.title),
                    })
                }
            };
            match result {
                Ok(outcome) => on_done.emit(outcome),
                Err(message) => error.set(Some(format!("The article could not be saved: {message}"))),
            }
        })
    };
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let on_key_down = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.stop_propagation();
                on_close.emit(());
            }
        })
    };

    let preview = draft.as_ref().map(|article| {
        let body: Vec<_> = article.blocks.iter().filter(|block| block.kind != BlockKind::Headline).collect();
        let words: usize = body.iter().map(|block| block.text.split_whitespace().count()).sum();
        let shown = body.iter().take(12).map(|block| {
            html! { <li class="preview-block" data-kind={block.kind.as_str()}>{ crate::ui::truncate_with_ellipsis(&block.text, 220) }</li> }
        });
        let more = body.len().saturating_sub(12);
        let field_error = match &checked {
            Some(Err(message)) => html! { <p class="preview-field-error" role="alert">{ message.clone() }</p> },
            _ => html! {},
        };
        let (commit_label, explanation, commit_id) = match &decision {
            Some(Ok(AddDecision::OpenExisting(entry))) => (
                "Open it",
                format!("This text is already in your library as “{}”.", entry.title),
                "open-existing",
            ),
            Some(Ok(AddDecision::AskToUpdate(entry))) => (
                "Update it",
                format!(
                    "Your library has another version of “{}”. Update it to this text? Its highlights will be found again in the new version; any that cannot be placed are kept apart, never deleted.",
                    entry.title
                ),
                "update-article",
            ),
            _ => ("Add to library", String::new(), "save-article"),
        };
        html! {
            <div class="new-article-preview" id="article-preview">
                <p class="preview-origin">{ format!("From {}: {} blocks, {} words.", origin.as_deref().unwrap_or("the input"), body.len(), words) }</p>
                <div class="preview-fields">
                    <label>{ "Title" }<input id="preview-title" value={fields.title.clone()} oninput={edit(|fields, value| fields.title = value)} /></label>
                    <label>{ "Byline" }<input id="preview-byline" value={fields.byline.clone()} oninput={edit(|fields, value| fields.byline = value)} /></label>
                    <label>{ "Date (yyyy-mm-dd)" }<input id="preview-date" value={fields.date.clone()} oninput={edit(|fields, value| fields.date = value)} /></label>
                    <label>{ "Source address" }<input id="preview-source" value={fields.source.clone()} oninput={edit(|fields, value| fields.source = value)} /></label>
                </div>
                { field_error }
                <ol class="preview-blocks">{ for shown }</ol>
                if more > 0 { <p class="preview-more">{ format!("…and {more} more.") }</p> }
                if !explanation.is_empty() { <p class="preview-decision" id="preview-decision">{ explanation }</p> }
                <div class="dialog-actions">
                    <button type="button" id={commit_id} class="primary" onclick={on_commit.clone()}
                        disabled={!matches!(decision, Some(Ok(_)))}>{ commit_label }</button>
                    <button type="button" class="cancel-new-article" onclick={on_cancel.clone()}>{ "Cancel" }</button>
                </div>
            </div>
        }
    });

    html! {
        <div class="dialog-backdrop">
            <section id="new-article-dialog" class="dialog new-article-dialog" role="dialog" aria-modal="true"
                aria-labelledby="new-article-heading" onkeydown={on_key_down}>
                <h2 id="new-article-heading">{ "New article" }</h2>
                <p class="dialog-hint">{ "Paste the article (text, or HTML copied from a browser), choose a .txt, .html, .htm or .md file, or drop one on the page." }</p>
                <textarea id="new-article-paste" ref={textarea_ref} rows="6" onpaste={on_paste}
                    placeholder="Paste the article here" aria-label="Article text or HTML" />
                <div class="dialog-actions">
                    <button type="button" id="preview-pasted" onclick={on_preview_text}>{ "Preview" }</button>
                    <label class="file-pick">{ "Choose a file…" }
                        <input type="file" id="new-article-file" accept=".txt,.html,.htm,.md,.markdown,text/plain,text/html,text/markdown" onchange={on_pick} />
                    </label>
                    if draft.is_none() {
                        <button type="button" class="cancel-new-article" onclick={on_cancel.clone()}>{ "Cancel" }</button>
                    }
                </div>
                <div class="dialog-error-slot">
                    if let Some(message) = (*error).clone() {
                        <p id="new-article-error" class="dialog-error" role="alert">{ message }</p>
                    }
                </div>
                { preview.unwrap_or_default() }
            </section>
        </div>
    }
}

/// The draft with the user's fixes applied, or why a field is wrong.
fn finished_article(draft: &Article, fields: &Fields) -> Result<Article, String> {
    let title = fields.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err("The article needs a title.".to_string());
    }
    let date = fields.date.trim();
    if !date.is_empty() && !is_calendar_date(date) {
        return Err(format!("“{date}” is not a date as yyyy-mm-dd (for example 2024-02-19)."));
    }
    let source = fields.source.trim();
    if !source.is_empty() && !is_web_address(source) {
        return Err(format!("“{source}” is not a web address starting with http:// or https://."));
    }
    let byline = fields.byline.trim();
    let metadata = ArticleMetadata {
        title: title.clone(),
        byline: (!byline.is_empty()).then(|| byline.to_string()),
        published: (!date.is_empty()).then(|| date.to_string()),
        source_url: (!source.is_empty()).then(|| source.to_string()),
        ..draft.metadata.clone()
    };
    let mut blocks: Vec<(BlockKind, String)> = Vec::with_capacity(draft.blocks.len() + 1);
    blocks.push((BlockKind::Headline, title));
    blocks.extend(
        draft
            .blocks
            .iter()
            .filter(|block| block.kind != BlockKind::Headline)
            .map(|block| (block.kind, block.text.clone())),
    );
    Ok(Article::new(metadata, blocks))
}
