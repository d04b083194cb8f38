//! The "Edit text" mode: the article's blocks as text fields, saved as a new
//! version of the article on which every annotation is re-anchored.
//!
//! Each block keeps its kind (headline, standfirst, caption, paragraph, …).
//! A blank line inside a field splits it into several blocks of that kind;
//! a field left empty removes its block. Before saving, a preview says how
//! the annotations will fare. The component builds the new [`Article`] and
//! hands it over; re-anchoring itself happens in the session reducer.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::web::article_store::{load_edited_version, EditedVersion};
use claimmark_core::article::model::{Article, BlockKind};
use claimmark_core::session::reanchor::{reanchor_annotations, ReanchorSummary};
use claimmark_core::time::Timestamp;

thread_local! {
    /// Why a stored edited version could not be used at startup, for the
    /// app to tell the user once it is mounted.
    static STARTUP_PROBLEM: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The version of `original` to open: the stored edited version when there
/// is one, else `original` itself.
pub fn original_or_edited(original: Article, now: Timestamp) -> Article {
    match load_edited_version(&original, now) {
        EditedVersion::None => original,
        EditedVersion::Loaded(edited) => edited,
        EditedVersion::Unreadable { reason } => {
            STARTUP_PROBLEM.with(|problem| *problem.borrow_mut() = Some(reason));
            original
        }
    }
}

/// The problem [`original_or_edited`] met, once.
pub fn take_startup_problem() -> Option<String> {
    STARTUP_PROBLEM.with(|problem| problem.borrow_mut().take())
}

/// Props of [`EditText`].
#[derive(Properties, PartialEq)]
pub struct EditTextProps {
    /// The session whose article is edited.
    pub session: UseReducerHandle<SessionState>,
    /// Called with the new version and how the annotations will fare.
    pub on_save: Callback<(Rc<Article>, ReanchorSummary)>,
    /// Leaves the mode without changing anything.
    pub on_cancel: Callback<()>,
}

/// The edit form.
#[function_component(EditText)]
pub fn edit_text(props: &EditTextProps) -> Html {
    let article = props.session.article.clone();
    let drafts = use_state({
        let article = article.clone();
        move || article.blocks.iter().map(|block| (block.kind, block.text.clone())).collect::<Vec<_>>()
    });
    let edited: Rc<Article> =
        (*use_memo(((*drafts).clone(), article.clone()), |(drafts, article)| build_version(article, drafts))).clone();
    let preview = {
        let session = props.session.clone();
        use_memo((edited.clone(), session.annotations.clone()), |(edited, annotations)| {
            reanchor_annotations(edited, annotations).summary
        })
    };
    let unchanged = edited.id == article.id;
    let empty = edited.is_empty();

    let fields = drafts.iter().enumerate().map(|(index, (kind, text))| {
        let oninput = {
            let drafts = drafts.clone();
            Callback::from(move |event: InputEvent| {
                let Some(field) = event.target_dyn_into::<web_sys::HtmlTextAreaElement>() else { return };
                let mut next = (*drafts).clone();
                next[index].1 = field.value();
                drafts.set(next);
            })
        };
        let rows = (text.chars().count() / 70 + 1).clamp(1, 12).to_string();
        let field_id = format!("edit-block-{index}");
        html! {
            <div class={classes!("edit-block", format!("edit-{}", kind.as_str()))} key={index}>
                <label for={field_id.clone()}>{ kind_label(*kind) }</label>
                <textarea id={field_id} class="edit-block-text" data-edit-block={index.to_string()}
                    data-kind={kind.as_str()} rows={rows} value={text.clone()} {oninput} />
            </div>
        }
    });

    let on_save = {
        let on_save = props.on_save.clone();
        let edited = edited.clone();
        let preview = *preview;
        Callback::from(move |_| on_save.emit((edited.clone(), preview)))
    };
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_| on_cancel.emit(()))
    };
    let message = if empty {
        html! { <p class="edit-preview edit-error" role="alert">{ "The article needs some text: every field is empty." }</p> }
    } else if unchanged {
        html! { <p class="edit-preview">{ "No changes yet." }</p> }
    } else {
        html! { <p class="edit-preview" id="edit-preview">{ describe_outcome(&preview) }</p> }
    };

    html! {
        <section id="edit-text" class="edit-text" aria-labelledby="edit-text-heading">
            <h2 id="edit-text-heading">{ "Edit the article's text" }</h2>
            <p class="hint">
                { "Change the text as the publisher did. A blank line splits a block in two; an empty field removes it. \
                   On saving, every highlight is found again in the new text: moved ones follow it, changed ones are \
                   matched approximately and marked, and those whose text is gone are kept as orphans." }
            </p>
            { for fields }
            { message }
            <div class="edit-actions">
                <button type="button" id="save-version" class="primary" onclick={on_save} disabled={empty || unchanged}>
                    { "Save new version" }
                </button>
                <button type="button" id="cancel-edit" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </section>
    }
}

/// The article the drafts describe; blank lines split a field into blocks.
fn build_version(article: &Article, drafts: &[(BlockKind, String)]) -> Rc<Article> {
    let blocks =
        drafts.iter().flat_map(|(kind, text)| split_on_blank_lines(text).into_iter().map(move |part| (*kind, part)));
    Rc::new(Article::new(article.metadata.clone(), blocks))
}

fn split_on_blank_lines(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    for line in text.lines() {
        if line.trim().is_empty() {
            if !parts.last().is_some_and(String::is_empty) {
                parts.push(String::new());
            }
        } else {
            let current = parts.last_mut().expect("there is always a part");
            current.push(' ');
            current.push_str(line);
        }
    }
    parts
}

/// "If you save: 2 stay in place, 1 is matched approximately, …".
pub fn describe_outcome(summary: &ReanchorSummary) -> String {
    let mut parts = Vec::new();
    let in_place = summary.exact - summary.moved;
    if in_place > 0 {
        parts.push(format!("{in_place} stay{} in place", if in_place == 1 { "s" } else { "" }));
    }
    if summary.moved > 0 {
        parts.push(format!("{} move{} with the text", summary.moved, if summary.moved == 1 { "s" } else { "" }));
    }
    if summary.fuzzy > 0 {
        parts.push(format!(
            "{} {} matched approximately",
            summary.fuzzy,
            if summary.fuzzy == 1 { "is" } else { "are" }
        ));
    }
    if summary.orphaned > 0 {
        parts.push(format!("{} cannot be placed and will be kept under Orphans", summary.orphaned));
    }
    if parts.is_empty() {
        return "If you save: there are no highlights to carry over.".to_string();
    }
    format!("If you save, of your highlights: {}.", parts.join(", "))
}

fn kind_label(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Headline => "Headline",
        BlockKind::Standfirst => "Standfirst",
        BlockKind::Caption => "Caption",
        BlockKind::Paragraph => "Paragraph",
        BlockKind::Heading => "Heading",
        BlockKind::BlockQuote => "Block quote",
        BlockKind::Contact => "Contact line",
    }
}
