//! The user interface: thin Yew components over the core session.
//!
//! Components render state and dispatch [`Action`](claimmark_core::session::action::Action)s;
//! they hold no business rules. Browser calls go through [`crate::web`].
//! Rendering is by block: each article block is its own component with
//! value-compared props, so a change re-renders only the blocks it touches.

mod app;
mod article_view;
mod claim_fields;
mod density_strip;
mod edit_text;
mod editor;
mod export_menu;
mod import;
mod incremental;
mod keyboard;
mod library;
mod new_article;
mod orphans;
mod shortcut_sheet;
mod sidebar;
mod sidebar_entry;
mod sidebar_filters;
mod storage_panel;
mod suggestions;
mod summary_panel;
mod tag_manager;
mod toolbar;
mod trash;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app into `#app` (or the body when it is missing).
#[wasm_bindgen(start)]
pub fn start() {
    let mount_point = gloo::utils::document().get_element_by_id("app");
    match mount_point {
        Some(element) => {
            // Drop the static "Loading…" text before the app takes over.
            element.set_text_content(None);
            yew::Renderer::<library::LibraryRoot>::with_root(element).render()
        }
        None => yew::Renderer::<library::LibraryRoot>::new().render(),
    };
}

/// Shortens `text` to at most `limit` characters, ending in "…" when cut.
pub(crate) fn truncate_with_ellipsis(text: &str, limit: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= limit {
        return collapsed;
    }
    let mut shortened: String = collapsed.chars().take(limit.saturating_sub(1)).collect();
    let trimmed_length = shortened.trim_end().len();
    shortened.truncate(trimmed_length);
    shortened.push('…');
    shortened
}
