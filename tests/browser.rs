//! In-browser tests of the browser layer: selection mapping over real DOM
//! ranges, localStorage loading, saving and quarantine, and the DOM chores.
//!
//! Run with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use claimmark::web::selection::{
    boundary_to_code_points, clear_selection, read_selection, select_code_points, utf16_offset_to_code_points,
    BoundaryPosition,
};
use claimmark::web::storage::{load_annotations, read_raw, save_session, LoadOutcome, SaveError};
use claimmark::web::{clock, dom, download, events, ids};
use claimmark_core::anchoring::selector::{TextQuote, CONTEXT_CODE_POINTS};
use claimmark_core::article::model::{Article, ArticleMetadata, BlockKind};
use claimmark_core::article::text::{slice_code_points, CodePointRange};
use claimmark_core::session::annotation::{Annotation, AnnotationId};
use claimmark_core::session::reducer::Session;
use claimmark_core::session::tags::TagId;
use claimmark_core::storage::persist;
use claimmark_core::time::Timestamp;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, Element, MouseEvent, Node, Storage};

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn text(content: &str) -> Node {
    document().create_text_node(content).into()
}

fn element(tag: &str, attributes: &[(&str, &str)], children: &[&Node]) -> Element {
    let element = document().create_element(tag).unwrap();
    for (name, value) in attributes {
        element.set_attribute(name, value).unwrap();
    }
    for child in children {
        element.append_child(child).unwrap();
    }
    element
}

fn child(parent: &Node, index: u32) -> Node {
    parent.child_nodes().item(index).unwrap()
}

fn index_in_parent(node: &Node) -> u32 {
    let parent = node.parent_node().unwrap();
    (0..parent.child_nodes().length()).find(|&index| &child(&parent, index) == node).unwrap()
}

/// The article every selection test reads:
///
/// ```text
/// block 0 (headline)   "Café ☕ news"                       0..11
/// block 1 (paragraph)  "北京 said 1.73 million people"      12..39, "1.73 million" in a mark
/// block 2 (paragraph)  "End 😀 of story"                    40..54
/// ```
fn sample_article() -> Article {
    Article::new(
        ArticleMetadata { title: "Café ☕ news".into(), byline: Some("Someone".into()), ..Default::default() },
        vec![
            (BlockKind::Headline, "Café ☕ news".to_string()),
            (BlockKind::Paragraph, "北京 said 1.73 million people".to_string()),
            (BlockKind::Paragraph, "End 😀 of story".to_string()),
        ],
    )
}

/// The sample article rendered as the UI renders it, with an element before
/// the article root and a sidebar after it. Removed, with any selection,
/// when dropped.
struct RenderedArticle {
    container: Element,
    before: Element,
    root: Element,
    headline: Element,
    byline: Element,
    paragraph: Element,
    mark: Element,
    last_paragraph: Element,
    sidebar: Element,
}

impl RenderedArticle {
    fn mount() -> RenderedArticle {
        let before = element("div", &[("class", "before-article")], &[&text("Toolbar text")]);
        let headline = element("h1", &[("data-block", "0"), ("data-kind", "headline")], &[&text("Café ☕ news")]);
        let byline = element("p", &[("class", "article-meta")], &[&text("By Someone")]);
        let mark = element(
            "mark",
            &[("class", "hl"), ("data-annotation", "a1"), ("data-annotations", "a1"), ("data-tag", "statistic")],
            &[&text("1.73 million")],
        );
        let paragraph = element(
            "p",
            &[("data-block", "1"), ("data-kind", "paragraph")],
            &[&text("北京 said "), &mark, &text(" people")],
        );
        let last_paragraph =
            element("p", &[("data-block", "2"), ("data-kind", "paragraph")], &[&text("End 😀 of story")]);
        let root = element("article", &[("class", "article")], &[&headline, &byline, &paragraph, &last_paragraph]);
        let sidebar = element("aside", &[("class", "sidebar")], &[&text("Sidebar entry")]);
        let container = element("div", &[("class", "fixture")], &[&before, &root, &sidebar]);
        document().body().unwrap().append_child(&container).unwrap();
        RenderedArticle { container, before, root, headline, byline, paragraph, mark, last_paragraph, sidebar }
    }
}

impl Drop for RenderedArticle {
    fn drop(&mut self) {
        clear_selection();
        self.container.remove();
    }
}

fn select(anchor: &Node, anchor_offset: u32, focus: &Node, focus_offset: u32) {
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    selection.remove_all_ranges().unwrap();
    selection.set_base_and_extent(anchor, anchor_offset, focus, focus_offset).unwrap();
}

fn select_with_range(start: &Node, start_offset: u32, end: &Node, end_offset: u32) {
    let range = document().create_range().unwrap();
    range.set_start(start, start_offset).unwrap();
    range.set_end(end, end_offset).unwrap();
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    selection.remove_all_ranges().unwrap();
    selection.add_range(&range).unwrap();
}

fn selected_text(article: &Article, range: CodePointRange) -> &str {
    slice_code_points(article.canonical_text(), range.start, range.end)
}

// ---------------------------------------------------------------------------
// Selection mapping
// ---------------------------------------------------------------------------

#[wasm_bindgen_test]
fn utf16_offsets_count_surrogate_pairs_as_one_code_point_and_round_down_inside_them() {
    let text = "a😀b北";
    assert_eq!(utf16_offset_to_code_points(text, 0), 0);
    assert_eq!(utf16_offset_to_code_points(text, 1), 1);
    assert_eq!(utf16_offset_to_code_points(text, 2), 1, "inside the surrogate pair rounds down");
    assert_eq!(utf16_offset_to_code_points(text, 3), 2);
    assert_eq!(utf16_offset_to_code_points(text, 4), 3);
    assert_eq!(utf16_offset_to_code_points(text, 5), 4);
    assert_eq!(utf16_offset_to_code_points(text, 99), 4, "past the end counts the whole text");
    assert_eq!(utf16_offset_to_code_points("e\u{301}x", 2), 2, "a combining accent is its own code point");
}

#[wasm_bindgen_test]
fn accented_text_maps_to_code_points() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let headline_text = child(&page.headline, 0);
    select_with_range(&headline_text, 2, &headline_text, 4);
    let mapped = read_selection(&page.root, &article).expect("a selection inside the headline");
    assert_eq!(mapped.range, CodePointRange { start: 2, end: 4 });
    assert_eq!(selected_text(&article, mapped.range), "fé");
    assert!(!mapped.backward);
}

#[wasm_bindgen_test]
fn emoji_take_two_utf16_units_but_one_code_point() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let last_text = child(&page.last_paragraph, 0);
    // "End 😀 of story": "of" starts at UTF-16 unit 7 but code point 6.
    select_with_range(&last_text, 7, &last_text, 9);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(mapped.range, CodePointRange { start: 46, end: 48 });
    assert_eq!(selected_text(&article, mapped.range), "of");

    // Selecting the emoji itself: units 4..6, code points 44..45.
    select_with_range(&last_text, 4, &last_text, 6);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(selected_text(&article, mapped.range), "😀");

    // A boundary between the two halves of the surrogate pair rounds down.
    assert_eq!(boundary_to_code_points(&page.root, &article, &last_text, 5), BoundaryPosition::Inside(44));
    // The headline's "☕" is in the BMP: one unit, one code point.
    let headline_text = child(&page.headline, 0);
    select_with_range(&headline_text, 5, &headline_text, 6);
    assert_eq!(selected_text(&article, read_selection(&page.root, &article).unwrap().range), "☕");
}

#[wasm_bindgen_test]
fn cjk_text_maps_to_code_points() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let first_text = child(&page.paragraph, 0);
    select_with_range(&first_text, 0, &first_text, 2);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(mapped.range, CodePointRange { start: 12, end: 14 });
    assert_eq!(selected_text(&article, mapped.range), "北京");
}

#[wasm_bindgen_test]
fn decomposed_accents_count_each_code_point() {
    let article = Article::new(
        ArticleMetadata::default(),
        vec![(BlockKind::Paragraph, "Cafe\u{301} ol\u{e9} 😀 na\u{308}ive".to_string())],
    );
    let paragraph = element(
        "p",
        &[("data-block", "0"), ("data-kind", "paragraph")],
        &[&text("Cafe\u{301} ol\u{e9} 😀 na\u{308}ive")],
    );
    let root = element("article", &[], &[&paragraph]);
    document().body().unwrap().append_child(&root).unwrap();
    let paragraph_text = child(&paragraph, 0);
    // "na\u{308}ive" starts at UTF-16 unit 13 ("Cafe\u{301} " 6 + "ol\u{e9} " 4 + "😀 " 3).
    select_with_range(&paragraph_text, 13, &paragraph_text, 19);
    let mapped = read_selection(&root, &article).unwrap();
    assert_eq!(mapped.range, CodePointRange { start: 12, end: 18 });
    assert_eq!(selected_text(&article, mapped.range), "na\u{308}ive");
    clear_selection();
    root.remove();
}

#[wasm_bindgen_test]
fn selecting_code_points_round_trips_through_marks_emoji_and_blocks() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    // Every word-ish span, each end in a different kind of place: inside a
    // mark, at a mark's edge, after an emoji, across blocks.
    for (start, end, expected) in [
        (25, 36, "million people"[..11].to_string()),
        (20, 32, "1.73 million".to_string()),
        (12, 20, "北京 said ".to_string()),
        (46, 54, "of story".to_string()),
        (44, 45, "😀".to_string()),
        (5, 14, "☕ news\n北京".to_string()),
        (0, 54, article.canonical_text().to_string()),
    ] {
        let range = CodePointRange { start, end };
        assert!(select_code_points(&page.root, &article, range), "{range:?} is selectable");
        let mapped = read_selection(&page.root, &article).expect("a selection");
        assert_eq!(mapped.range, range, "read back what was selected");
        assert_eq!(selected_text(&article, mapped.range), expected);
        assert!(!mapped.backward, "the selection is anchored at its start");
    }
    // An end on a mark's edge stays in the text before it, not inside the mark.
    assert!(select_code_points(&page.root, &article, CodePointRange { start: 12, end: 20 }));
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    assert_eq!(selection.focus_node(), Some(child(&page.paragraph, 0)));
    // Nothing to select: empty or past the end.
    assert!(!select_code_points(&page.root, &article, CodePointRange { start: 3, end: 3 }));
    assert!(!select_code_points(&page.root, &article, CodePointRange { start: 50, end: 99 }));
}

#[wasm_bindgen_test]
fn text_split_by_marks_counts_every_text_node_before_the_boundary() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let mark_text = child(&page.mark, 0);
    let text_after_mark = child(&page.paragraph, 2);
    select_with_range(&mark_text, 5, &text_after_mark, 4);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(selected_text(&article, mapped.range), "million peo");
    assert_eq!(mapped.range, CodePointRange { start: 25, end: 36 });

    let text_before_mark = child(&page.paragraph, 0);
    select_with_range(&text_before_mark, 3, &mark_text, 4);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(selected_text(&article, mapped.range), "said 1.73");
}

#[wasm_bindgen_test]
fn backward_selections_are_reported_and_normalised() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let first_text = child(&page.paragraph, 0);
    let last_text = child(&page.paragraph, 2);
    select(&last_text, 7, &first_text, 3);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert!(mapped.backward);
    assert_eq!(mapped.range, CodePointRange { start: 15, end: 39 });
    assert_eq!(selected_text(&article, mapped.range), "said 1.73 million people");

    select(&first_text, 3, &last_text, 7);
    let forward = read_selection(&page.root, &article).unwrap();
    assert!(!forward.backward);
    assert_eq!(forward.range, mapped.range);

    // Backward across blocks, with the focus in the mark.
    let mark_text = child(&page.mark, 0);
    let headline_text = child(&page.headline, 0);
    select(&mark_text, 4, &headline_text, 7);
    let across = read_selection(&page.root, &article).unwrap();
    assert!(across.backward);
    assert_eq!(selected_text(&article, across.range), "news\n北京 said 1.73");
}

#[wasm_bindgen_test]
fn a_focus_on_the_next_block_element_ends_at_that_block_start() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let first_text = child(&page.paragraph, 0);
    // Triple-click: anchor at the paragraph's start, focus (next block, 0).
    select(&first_text, 0, &page.last_paragraph, 0);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(mapped.range, CodePointRange { start: 12, end: 40 });
    assert_eq!(selected_text(&article, mapped.range), "北京 said 1.73 million people\n");

    // The same with the focus as (article root, index of the next block).
    let next_block_index = index_in_parent(&page.last_paragraph);
    select(&first_text, 0, &page.root, next_block_index);
    assert_eq!(read_selection(&page.root, &article).unwrap().range, CodePointRange { start: 12, end: 40 });
}

#[wasm_bindgen_test]
fn element_boundary_points_inside_a_block_count_the_text_before_them() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let at = |node: &Node, offset: u32| boundary_to_code_points(&page.root, &article, node, offset);
    // (paragraph, 1) is just before the mark: after "北京 said ".
    assert_eq!(at(&page.paragraph, 1), BoundaryPosition::Inside(20));
    assert_eq!(at(&page.mark, 0), BoundaryPosition::Inside(20));
    assert_eq!(at(&page.mark, 1), BoundaryPosition::Inside(32));
    assert_eq!(at(&page.paragraph, 2), BoundaryPosition::Inside(32));
    assert_eq!(at(&page.paragraph, 0), BoundaryPosition::Inside(12));
    assert_eq!(at(&page.paragraph, 3), BoundaryPosition::Inside(39), "after the last child is the block's end");
    assert_eq!(at(&page.last_paragraph, 1), BoundaryPosition::Inside(54));
}

#[wasm_bindgen_test]
fn points_between_blocks_map_to_the_next_block_or_the_article_end() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let at = |node: &Node, offset: u32| boundary_to_code_points(&page.root, &article, node, offset);
    let root: &Node = page.root.as_ref();
    assert_eq!(at(root, 0), BoundaryPosition::Inside(0));
    assert_eq!(at(root, 1), BoundaryPosition::Inside(12), "before the byline line");
    assert_eq!(at(root, 2), BoundaryPosition::Inside(12), "between the byline line and the paragraph");
    assert_eq!(at(root, 3), BoundaryPosition::Inside(40));
    assert_eq!(at(root, 4), BoundaryPosition::Inside(54), "after the last block");
    assert_eq!(at(&child(&page.byline, 0), 3), BoundaryPosition::Inside(12));
}

#[wasm_bindgen_test]
fn a_selection_starting_in_the_byline_starts_at_the_next_block() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let byline_text = child(&page.byline, 0);
    let first_text = child(&page.paragraph, 0);
    select_with_range(&byline_text, 3, &first_text, 2);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(mapped.range, CodePointRange { start: 12, end: 14 });
    assert_eq!(selected_text(&article, mapped.range), "北京");

    // Only the byline line: no article text, so no selection.
    select_with_range(&byline_text, 0, &byline_text, 5);
    assert_eq!(read_selection(&page.root, &article), None);
}

#[wasm_bindgen_test]
fn a_selection_reaching_outside_the_article_is_clamped_to_it() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let before_text = child(&page.before, 0);
    let headline_text = child(&page.headline, 0);
    select_with_range(&before_text, 2, &headline_text, 4);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(mapped.range, CodePointRange { start: 0, end: 4 });
    assert_eq!(selected_text(&article, mapped.range), "Café");

    let last_text = child(&page.last_paragraph, 0);
    let sidebar_text = child(&page.sidebar, 0);
    select_with_range(&last_text, 7, &sidebar_text, 3);
    let mapped = read_selection(&page.root, &article).unwrap();
    assert_eq!(mapped.range, CodePointRange { start: 46, end: 54 });
    assert_eq!(selected_text(&article, mapped.range), "of story");

    // From before the article to after it: all of it.
    select_with_range(&before_text, 0, &sidebar_text, 3);
    assert_eq!(read_selection(&page.root, &article).unwrap().range, CodePointRange { start: 0, end: 54 });
}

#[wasm_bindgen_test]
fn points_outside_the_article_are_before_or_after_it() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let at = |node: &Node, offset: u32| boundary_to_code_points(&page.root, &article, node, offset);
    assert_eq!(at(&child(&page.before, 0), 1), BoundaryPosition::BeforeArticle);
    assert_eq!(at(&child(&page.sidebar, 0), 1), BoundaryPosition::AfterArticle);
    let root_index = index_in_parent(page.root.as_ref());
    assert_eq!(at(page.container.as_ref(), root_index), BoundaryPosition::BeforeArticle);
    assert_eq!(at(page.container.as_ref(), root_index + 1), BoundaryPosition::AfterArticle);
    let detached = text("not in the document");
    assert_eq!(at(&detached, 0), BoundaryPosition::AfterArticle);
}

#[wasm_bindgen_test]
fn a_selection_entirely_outside_the_article_is_none() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let sidebar_text = child(&page.sidebar, 0);
    select_with_range(&sidebar_text, 0, &sidebar_text, 7);
    assert_eq!(read_selection(&page.root, &article), None);
    let before_text = child(&page.before, 0);
    select_with_range(&before_text, 0, &before_text, 7);
    assert_eq!(read_selection(&page.root, &article), None);
}

#[wasm_bindgen_test]
fn a_collapsed_selection_or_no_selection_is_none() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let headline_text = child(&page.headline, 0);
    select_with_range(&headline_text, 3, &headline_text, 3);
    assert_eq!(read_selection(&page.root, &article), None);
    clear_selection();
    assert_eq!(read_selection(&page.root, &article), None);
}

#[wasm_bindgen_test]
fn a_visible_selection_has_a_screen_rectangle() {
    let article = sample_article();
    let page = RenderedArticle::mount();
    let first_text = child(&page.paragraph, 0);
    select_with_range(&first_text, 0, &first_text, 7);
    let mapped = read_selection(&page.root, &article).unwrap();
    let rect = mapped.rect.expect("a rendered selection has a rectangle");
    let paragraph_rect = page.paragraph.get_bounding_client_rect();
    assert!(rect.width() > 0.0 && rect.height() > 0.0, "{rect:?}");
    assert!(rect.top >= paragraph_rect.top() - 1.0 && rect.bottom <= paragraph_rect.bottom() + 1.0, "{rect:?}");
}

#[wasm_bindgen_test]
fn clear_selection_removes_the_selection() {
    let page = RenderedArticle::mount();
    let headline_text = child(&page.headline, 0);
    select_with_range(&headline_text, 0, &headline_text, 4);
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    assert_eq!(selection.range_count(), 1);
    clear_selection();
    assert_eq!(selection.range_count(), 0);
}

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

fn local_storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// An article of its own for each storage test, so keys never clash.
fn storage_article(test_name: &str) -> Article {
    Article::new(
        ArticleMetadata { title: format!("Storage test {test_name}"), ..Default::default() },
        vec![
            (BlockKind::Headline, format!("Storage test {test_name}")),
            (BlockKind::Paragraph, "The council said 1.73 million people 😀 voted in 北京.".to_string()),
        ],
    )
}

/// Removes the article's key (and any extra keys) before and after a test.
struct StorageKeys {
    keys: Vec<String>,
}

impl StorageKeys {
    fn for_article(article: &Article) -> StorageKeys {
        let keys = StorageKeys { keys: vec![persist::annotations_key(&article.id)] };
        keys.remove_all();
        keys
    }

    fn also(&mut self, key: &str) {
        self.keys.push(key.to_string());
    }

    fn remove_all(&self) {
        for key in &self.keys {
            local_storage().remove_item(key).unwrap();
        }
    }
}

impl Drop for StorageKeys {
    fn drop(&mut self) {
        self.remove_all();
    }
}

fn annotation(article: &Article, id: &str, range: CodePointRange, tags: &[&str], note: &str) -> Annotation {
    let canonical = article.canonical_text();
    let quote = TextQuote {
        exact: slice_code_points(canonical, range.start, range.end).to_string(),
        prefix: slice_code_points(canonical, range.start.saturating_sub(CONTEXT_CODE_POINTS), range.start).to_string(),
        suffix: slice_code_points(canonical, range.end, range.end + CONTEXT_CODE_POINTS).to_string(),
    };
    let mut annotation = Annotation::new(
        AnnotationId(id.to_string()),
        Timestamp(1_450_340_760_000),
        range,
        quote,
        tags.iter().map(|tag| TagId(tag.to_string())).collect(),
    );
    annotation.modified = Timestamp(1_450_340_820_000);
    annotation.note = note.to_string();
    annotation
}

fn session_with_annotations(article: Article) -> Session {
    let article = Rc::new(article);
    let paragraph_start = article.blocks[1].start;
    let mut session = Session::new(article.clone());
    session.annotations = vec![
        annotation(
            &article,
            "0b7f3c9e-5a41-4d2b-8e6f-1c2d3e4f5a6b",
            CodePointRange { start: paragraph_start + 17, end: paragraph_start + 29 },
            &["statistic", "factual"],
            "Check against the census: \"1.73m\" 😀",
        ),
        annotation(
            &article,
            "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
            CodePointRange { start: paragraph_start + 49, end: paragraph_start + 51 },
            &["factual"],
            "",
        ),
    ];
    session.revision = 2;
    session
}

fn quarantine_test(test_name: &str, corrupt: &str) {
    let article = storage_article(test_name);
    let mut keys = StorageKeys::for_article(&article);
    let key = persist::annotations_key(&article.id);
    local_storage().set_item(&key, corrupt).unwrap();
    let outcome = load_annotations(&article, Timestamp(1_700_000_000_000));
    let LoadOutcome::Quarantined { quarantine_key, reason } = outcome else {
        panic!("{test_name}: expected quarantine, got {outcome:?}");
    };
    keys.also(&quarantine_key);
    assert_ne!(quarantine_key, key);
    assert_eq!(read_raw(&quarantine_key).as_deref(), Some(corrupt), "{test_name}: the exact original is kept");
    assert_eq!(read_raw(&key), None, "{test_name}: the original key is removed");
    assert!(!reason.trim().is_empty(), "{test_name}: a reason is reported");

    // Saving afterwards is allowed and does not touch the quarantined copy.
    let session = session_with_annotations(article.clone());
    save_session(&session, Timestamp(1_700_000_000_500)).unwrap();
    assert_eq!(read_raw(&quarantine_key).as_deref(), Some(corrupt));
    assert!(matches!(load_annotations(&article, Timestamp(1_700_000_001_000)), LoadOutcome::Loaded(_)));
}

#[wasm_bindgen_test]
fn nothing_saved_loads_as_nothing() {
    let article = storage_article("nothing saved");
    let _keys = StorageKeys::for_article(&article);
    assert_eq!(load_annotations(&article, Timestamp(1_700_000_000_000)), LoadOutcome::Nothing);
    assert_eq!(read_raw(&persist::annotations_key(&article.id)), None);
}

#[wasm_bindgen_test]
fn saved_annotations_load_back_unchanged() {
    let article = storage_article("round trip");
    let _keys = StorageKeys::for_article(&article);
    let session = session_with_annotations(article.clone());
    save_session(&session, Timestamp(1_700_000_000_000)).unwrap();
    let key = persist::annotations_key(&article.id);
    let raw = read_raw(&key).expect("the session was written under the article's key");
    let stored = persist::decode_store(&raw, &article).expect("the saved value decodes");
    assert_eq!(stored.annotations, session.annotations);
    assert_eq!(stored.revision, 1, "the first write of the key is revision 1");
    assert_eq!(
        load_annotations(&article, Timestamp(1_700_000_100_000)),
        LoadOutcome::Loaded(session.annotations.clone())
    );

    // Saving again replaces the value.
    let mut fewer = session.clone();
    fewer.annotations.truncate(1);
    save_session(&fewer, Timestamp(1_700_000_200_000)).unwrap();
    assert_eq!(load_annotations(&article, Timestamp(1_700_000_300_000)), LoadOutcome::Loaded(fewer.annotations));
}

#[wasm_bindgen_test]
fn a_value_that_is_not_json_is_quarantined_verbatim() {
    quarantine_test("not json", "this is not JSON at all {");
}

#[wasm_bindgen_test]
fn truncated_json_is_quarantined_verbatim() {
    let article = storage_article("truncated json");
    let encoded = persist::encode_session(&session_with_annotations(article), Timestamp(1_700_000_000_000));
    let cut = encoded.char_indices().nth(encoded.chars().count() / 2).unwrap().0;
    quarantine_test("truncated json", &encoded[..cut]);
}

#[wasm_bindgen_test]
fn json_of_the_wrong_shape_is_quarantined_verbatim() {
    quarantine_test("wrong shape array", "[1, 2, 3]");
    quarantine_test("wrong shape object", r#"{"annotations": "none", "note": "😀 北京"}"#);
}

#[wasm_bindgen_test]
fn a_value_from_a_newer_version_is_left_untouched_and_not_overwritten() {
    let article = storage_article("newer version");
    let _keys = StorageKeys::for_article(&article);
    let key = persist::annotations_key(&article.id);
    let encoded = persist::encode_session(&session_with_annotations(article.clone()), Timestamp(1_700_000_000_000));
    let mut value: serde_json::Value = serde_json::from_str(&encoded).unwrap();
    value["version"] = serde_json::json!(999);
    let newer = serde_json::to_string(&value).unwrap();
    local_storage().set_item(&key, &newer).unwrap();

    let outcome = load_annotations(&article, Timestamp(1_700_000_000_000));
    let LoadOutcome::NewerVersion { reason } = outcome else {
        panic!("expected NewerVersion, got {outcome:?}");
    };
    assert!(reason.contains("999"), "the reason names the version found: {reason}");
    assert_eq!(read_raw(&key).as_deref(), Some(newer.as_str()));

    let error = save_session(&session_with_annotations(article.clone()), Timestamp(1_700_000_000_500)).unwrap_err();
    assert!(matches!(error, SaveError::Unavailable(_)), "{error:?}");
    assert!(error.to_string().contains("newer version"), "{error}");
    assert_eq!(read_raw(&key).as_deref(), Some(newer.as_str()), "the newer data is not overwritten");
}

/// Fills localStorage until not even one more character fits, and empties
/// it again when dropped.
struct FullStorage {
    filler_keys: Vec<String>,
}

impl FullStorage {
    fn fill() -> FullStorage {
        let storage = local_storage();
        let mut filler_keys = Vec::new();
        let mut chunk: i32 = 8 * 1024 * 1024;
        while chunk > 0 {
            let key = format!("claimmark-test-filler-{}", filler_keys.len());
            let value: String = js_sys::JsString::from("x").repeat(chunk).into();
            if storage.set_item(&key, &value).is_ok() {
                filler_keys.push(key);
            } else {
                chunk /= 2;
            }
        }
        FullStorage { filler_keys }
    }
}

impl Drop for FullStorage {
    fn drop(&mut self) {
        for key in &self.filler_keys {
            let _ = local_storage().remove_item(key);
        }
    }
}

#[wasm_bindgen_test]
fn when_storage_is_full_saving_reports_the_quota_and_unreadable_data_stays_put() {
    let article = storage_article("storage full");
    let _keys = StorageKeys::for_article(&article);
    let key = persist::annotations_key(&article.id);
    let corrupt = format!("{{\"broken\": {}", "9".repeat(2000));
    local_storage().set_item(&key, &corrupt).unwrap();

    let full = FullStorage::fill();
    assert!(!full.filler_keys.is_empty());
    let outcome = load_annotations(&article, Timestamp(1_700_000_000_000));
    let LoadOutcome::Unavailable(reason) = outcome else {
        panic!("expected Unavailable when the quarantine copy cannot be stored, got {outcome:?}");
    };
    assert!(reason.contains("untouched"), "{reason}");
    assert_eq!(read_raw(&key).as_deref(), Some(corrupt.as_str()), "the unreadable original stays");

    // Saving over the data that could not be set aside is refused.
    let session = session_with_annotations(article.clone());
    assert!(matches!(save_session(&session, Timestamp(1_700_000_000_100)), Err(SaveError::Unavailable(_))));
    assert_eq!(read_raw(&key).as_deref(), Some(corrupt.as_str()));

    // Another article, with nothing to protect, hits the quota.
    let other = storage_article("storage full, other article");
    let _other_keys = StorageKeys::for_article(&other);
    let error = save_session(&session_with_annotations(other), Timestamp(1_700_000_000_200)).unwrap_err();
    assert_eq!(error, SaveError::QuotaExceeded);
    assert!(error.to_string().contains("full"), "{error}");
    drop(full);

    // With room again, the next load sets the value aside and saving works.
    let outcome = load_annotations(&article, Timestamp(1_700_000_000_300));
    let LoadOutcome::Quarantined { quarantine_key, .. } = outcome else {
        panic!("expected quarantine once there is room, got {outcome:?}");
    };
    assert_eq!(read_raw(&quarantine_key).as_deref(), Some(corrupt.as_str()));
    local_storage().remove_item(&quarantine_key).unwrap();
    save_session(&session, Timestamp(1_700_000_000_400)).unwrap();
}

#[wasm_bindgen_test]
fn read_raw_returns_the_stored_string() {
    let key = "claimmark-test:read-raw";
    local_storage().set_item(key, "raw 😀 value").unwrap();
    assert_eq!(read_raw(key).as_deref(), Some("raw 😀 value"));
    local_storage().remove_item(key).unwrap();
    assert_eq!(read_raw(key), None);
}

// ---------------------------------------------------------------------------
// Clock, ids and DOM chores
// ---------------------------------------------------------------------------

#[wasm_bindgen_test]
fn the_clock_reads_milliseconds_since_the_epoch() {
    let before = js_sys::Date::now() as i64;
    let now = clock::now();
    let after = js_sys::Date::now() as i64;
    assert!(before <= now.0 && now.0 <= after, "{before} <= {} <= {after}", now.0);
    assert!(now.0 > 1_704_067_200_000, "after 2024-01-01");
}

#[wasm_bindgen_test]
fn annotation_ids_are_lowercase_hyphenated_uuid_v4s() {
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let id = ids::new_annotation_id();
        let id = id.as_str();
        assert_eq!(id.len(), 36, "{id}");
        let groups: Vec<&str> = id.split('-').collect();
        assert_eq!(groups.iter().map(|group| group.len()).collect::<Vec<_>>(), vec![8, 4, 4, 4, 12], "{id}");
        assert!(id.chars().all(|character| character == '-' || matches!(character, '0'..='9' | 'a'..='f')), "{id}");
        assert!(groups[2].starts_with('4'), "version 4: {id}");
        assert!(matches!(groups[3].chars().next(), Some('8' | '9' | 'a' | 'b')), "RFC 4122 variant: {id}");
        assert!(seen.insert(id.to_string()), "ids repeat: {id}");
    }
}

async fn sleep(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn scrolling_to_an_annotation_flashes_all_its_marks_for_a_while() {
    let page = RenderedArticle::mount();
    let shared = element(
        "mark",
        &[("class", "hl"), ("data-annotation", "b2"), ("data-annotations", "b2 a1"), ("data-tag", "")],
        &[&text("End")],
    );
    let last_text = child(&page.last_paragraph, 0);
    page.last_paragraph.insert_before(&shared, Some(&last_text)).unwrap();
    last_text.set_node_value(Some(" 😀 of story"));
    let other = element(
        "mark",
        &[("class", "hl"), ("data-annotation", "a10"), ("data-annotations", "a10"), ("data-tag", "")],
        &[&text("news")],
    );
    page.headline.append_child(&other).unwrap();

    dom::scroll_to_annotation("a1");
    assert!(page.mark.class_list().contains(dom::FLASH_CLASS));
    assert!(shared.class_list().contains(dom::FLASH_CLASS), "every mark listing the id flashes");
    assert!(!other.class_list().contains(dom::FLASH_CLASS), "ids match whole words only");
    assert!(dom::is_flashing("a1"));

    sleep(dom::FLASH_MILLIS as i32 + 300).await;
    assert!(!page.mark.class_list().contains(dom::FLASH_CLASS));
    assert!(!shared.class_list().contains(dom::FLASH_CLASS));

    // An unknown id changes nothing.
    dom::scroll_to_annotation("no-such-annotation");
    assert!(!dom::is_flashing("a1"));
}

#[wasm_bindgen_test]
fn a_click_on_a_highlight_reports_its_ids_topmost_first() {
    let page = RenderedArticle::mount();
    page.mark.set_attribute("data-annotations", "a1 z9").unwrap();
    let reported: Rc<RefCell<Vec<Option<Vec<String>>>>> = Rc::default();
    let listener = {
        let reported = reported.clone();
        gloo::events::EventListener::new(&page.mark, "click", move |event| {
            let mouse_event = event.dyn_ref::<MouseEvent>().unwrap();
            reported.borrow_mut().push(events::highlight_ids_at_click(mouse_event));
        })
    };
    page.mark.dispatch_event(&MouseEvent::new("click").unwrap()).unwrap();

    // A click that ends a drag selecting text is not a click on the highlight.
    let mark_text = child(&page.mark, 0);
    select_with_range(&mark_text, 0, &mark_text, 4);
    page.mark.dispatch_event(&MouseEvent::new("click").unwrap()).unwrap();
    drop(listener);

    let reported = reported.borrow();
    assert_eq!(reported.len(), 2);
    assert_eq!(reported[0], Some(vec!["a1".to_string(), "z9".to_string()]));
    assert_eq!(reported[1], None);
}

#[wasm_bindgen_test]
fn events_know_where_they_started() {
    let note = element("textarea", &[("id", "claimmark-test-note")], &[]);
    let label = element("span", &[], &[&text("Tag")]);
    let toolbar = element("div", &[("id", "claimmark-test-toolbar")], &[&label]);
    let plain = element("p", &[("contenteditable", "false")], &[&text("Plain")]);
    let editable = element("div", &[("contenteditable", "true")], &[]);
    let container = element("div", &[], &[&note, &toolbar, &plain, &editable]);
    document().body().unwrap().append_child(&container).unwrap();

    let seen: Rc<RefCell<Vec<(bool, bool)>>> = Rc::default();
    let listener = {
        let seen = seen.clone();
        gloo::events::EventListener::new(&container, "keydown", move |event| {
            seen.borrow_mut().push((
                events::event_is_from_text_field(event),
                events::event_is_inside(event, "claimmark-test-toolbar"),
            ));
        })
    };
    for target in [&note, &label, &plain, &editable, &toolbar] {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("keydown", &init).unwrap();
        target.dispatch_event(&event).unwrap();
    }
    drop(listener);
    container.remove();

    assert_eq!(*seen.borrow(), vec![(true, false), (false, true), (false, false), (true, false), (false, true)]);
}

#[wasm_bindgen_test]
fn a_download_clicks_a_temporary_link_to_a_blob() {
    let body = document().body().unwrap();
    let clicked: Rc<RefCell<Vec<(String, String)>>> = Rc::default();
    let listener = {
        let clicked = clicked.clone();
        gloo::events::EventListener::new(&body, "click", move |event| {
            let Some(anchor) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            else {
                return;
            };
            // Keep the test browser from actually saving a file.
            event.prevent_default();
            clicked.borrow_mut().push((anchor.download(), anchor.href()));
        })
    };
    download::download_text("claimmark-test.json", "application/json", "{\"a\": \"😀\"}").unwrap();
    drop(listener);

    let clicked = clicked.borrow();
    assert_eq!(clicked.len(), 1);
    assert_eq!(clicked[0].0, "claimmark-test.json");
    assert!(clicked[0].1.starts_with("blob:"), "{}", clicked[0].1);
    assert!(document().query_selector("a[download]").unwrap().is_none(), "the temporary link is removed");
}
