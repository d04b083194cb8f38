//! Mapping the browser's text selection onto the article's canonical text.
//!
//! The DOM locates a selection boundary as `(node, offset)`: in a text node
//! the offset counts UTF-16 code units, in an element it counts children.
//! The core counts Unicode code points of the canonical text (the blocks'
//! texts joined with `"\n"`). This module converts one into the other using
//! the DOM contract: every block is one `[data-block="<index>"]` element
//! whose text nodes, in document order, spell the block's text exactly.
//!
//! It maps and clamps, nothing more: snapping to words and trimming
//! whitespace belong to `claimmark_core::anchoring::selection`.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node, Range, Selection};

use claimmark_core::article::model::Article;
use claimmark_core::article::text::{code_point_len, CodePointRange};

/// `NodeFilter.SHOW_TEXT`: a tree walker that visits only text nodes.
const SHOW_TEXT: u32 = 0x4;

/// A DOM selection mapped into the article, before normalisation.
#[derive(Clone, Debug, PartialEq)]
pub struct MappedSelection {
    /// The selected span in code points of the canonical text, clamped to the
    /// article and never empty.
    pub range: CodePointRange,
    /// True when the user selected backwards (the focus precedes the anchor).
    pub backward: bool,
    /// Where the selection is on screen, to position the selection toolbar.
    pub rect: Option<ViewportRect>,
}

/// A rectangle in viewport (client) coordinates, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewportRect {
    /// Distance from the viewport's left edge to the rectangle's left side.
    pub left: f64,
    /// Distance from the viewport's top edge to the rectangle's top side.
    pub top: f64,
    /// Distance from the viewport's left edge to the rectangle's right side.
    pub right: f64,
    /// Distance from the viewport's top edge to the rectangle's bottom side.
    pub bottom: f64,
}

impl ViewportRect {
    /// Width in CSS pixels.
    pub fn width(&self) -> f64 {
        self.right - self.left
    }

    /// Height in CSS pixels.
    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }

    fn from_dom_rect(rect: &web_sys::DomRect) -> ViewportRect {
        ViewportRect { left: rect.left(), top: rect.top(), right: rect.right(), bottom: rect.bottom() }
    }

    fn is_degenerate(&self) -> bool {
        self.width() <= 0.0 && self.height() <= 0.0
    }
}

/// Where a DOM boundary point falls relative to the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundaryPosition {
    /// The point comes before the article root in document order.
    BeforeArticle,
    /// The point is inside the article root; the code-point offset in the
    /// canonical text it maps to.
    Inside(usize),
    /// The point comes after the article root in document order (or cannot
    /// be ordered against it at all).
    AfterArticle,
}

impl BoundaryPosition {
    /// The offset in the canonical text, clamping points outside the article
    /// to its start or end.
    pub fn clamped(self, article: &Article) -> usize {
        match self {
            BoundaryPosition::BeforeArticle => 0,
            BoundaryPosition::Inside(offset) => offset.min(article.len()),
            BoundaryPosition::AfterArticle => article.len(),
        }
    }
}

/// Reads `window.getSelection()` and maps it onto the article rendered under
/// `article_root`.
///
/// `None` when there is no selection, when it is collapsed, when it lies
/// entirely outside the article (in the toolbar or the sidebar, say), or when
/// it covers no article text at all (only the byline line, for instance).
/// A selection reaching outside the article is clamped to it.
pub fn read_selection(article_root: &Element, article: &Article) -> Option<MappedSelection> {
    let selection = current_selection()?;
    if selection.range_count() == 0 || selection.is_collapsed() {
        return None;
    }
    let anchor_node = selection.anchor_node()?;
    let focus_node = selection.focus_node()?;
    let anchor_offset = selection.anchor_offset();
    let focus_offset = selection.focus_offset();

    let anchor = boundary_to_code_points(article_root, article, &anchor_node, anchor_offset);
    let focus = boundary_to_code_points(article_root, article, &focus_node, focus_offset);
    let entirely_outside = matches!(
        (anchor, focus),
        (BoundaryPosition::BeforeArticle, BoundaryPosition::BeforeArticle)
            | (BoundaryPosition::AfterArticle, BoundaryPosition::AfterArticle)
    );
    if entirely_outside {
        return None;
    }
    let range = CodePointRange::new(anchor.clamped(article), focus.clamped(article));
    if range.is_empty() {
        return None;
    }
    let backward = point_precedes(&focus_node, focus_offset, &anchor_node, anchor_offset);
    let rect = selection.get_range_at(0).ok().and_then(|dom_range| range_rect(&dom_range));
    Some(MappedSelection { range, backward, rect })
}

/// Maps one DOM boundary point (`node`, `offset` in the DOM's units) to a
/// code-point offset in the canonical text of `article`, rendered under
/// `article_root`.
///
/// Points inside a block count the code points of the block's text nodes
/// before them. Points inside the article but outside every block (the
/// byline line, the gaps between blocks) map to the start of the next block,
/// or to the end of the last block when no block follows.
pub fn boundary_to_code_points(
    article_root: &Element,
    article: &Article,
    node: &Node,
    offset: u32,
) -> BoundaryPosition {
    match compare_point_with_contents(article_root, node, offset) {
        Some(PointOrder::Before) => return BoundaryPosition::BeforeArticle,
        Some(PointOrder::After) | None => return BoundaryPosition::AfterArticle,
        Some(PointOrder::Inside) => {}
    }
    if let Some((block_element, block_index)) = enclosing_block(article_root, article, node) {
        let block = &article.blocks[block_index];
        let within_block = code_points_before_point(&block_element, node, offset).min(block.length);
        return BoundaryPosition::Inside(block.start + within_block);
    }
    BoundaryPosition::Inside(offset_of_next_block(article_root, article, node, offset))
}

/// Makes `range` (code points of the canonical text) the document's
/// selection inside the article rendered under `article_root`, anchored at
/// its start, and scrolls its first line into view. False when the range is
/// empty, past the article, or its blocks are not rendered.
pub fn select_code_points(article_root: &Element, article: &Article, range: CodePointRange) -> bool {
    if range.is_empty() || range.end > article.len() {
        return false;
    }
    let Some(start) = dom_point_at(article_root, article, range.start, false) else { return false };
    let Some(end) = dom_point_at(article_root, article, range.end, true) else { return false };
    let Some(selection) = current_selection() else { return false };
    if selection.set_base_and_extent(&start.0, start.1, &end.0, end.1).is_err() {
        return false;
    }
    if let Some(element) = start.0.parent_element() {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
    true
}

/// The DOM point (text node, UTF-16 offset) of code point `offset`. An
/// `offset` on a block's end belongs to that block when `is_end` (the end of
/// a selection), else to the next block (the start of one).
fn dom_point_at(article_root: &Element, article: &Article, offset: usize, is_end: bool) -> Option<(Node, u32)> {
    let block_index =
        if is_end { article.block_index_at(offset.checked_sub(1)?)? } else { article.block_index_at(offset)? };
    let block = &article.blocks[block_index];
    let mut remaining = offset.checked_sub(block.start)?.min(block.length);
    let block_element = article_root.query_selector(&format!("[data-block=\"{block_index}\"]")).ok()??;
    let document = document_of(&block_element)?;
    let walker = document.create_tree_walker_with_what_to_show(&block_element, SHOW_TEXT).ok()?;
    let mut last_text: Option<(Node, u32)> = None;
    while let Ok(Some(text_node)) = walker.next_node() {
        let text = text_node.node_value().unwrap_or_default();
        let length = code_point_len(&text);
        // An end falling between two text nodes stays in the earlier one, so
        // the selection does not reach into a highlight it does not cover.
        if remaining < length || (remaining == length && is_end) {
            let utf16_offset: usize = text.chars().take(remaining).map(char::len_utf16).sum();
            return Some((text_node, utf16_offset as u32));
        }
        remaining -= length;
        let utf16_length: usize = text.chars().map(char::len_utf16).sum();
        last_text = Some((text_node, utf16_length as u32));
    }
    last_text
}

/// Removes every range from the document's selection.
pub fn clear_selection() {
    if let Some(selection) = current_selection() {
        // Failing to clear leaves a stale highlight on screen; nothing to recover.
        let _ = selection.remove_all_ranges();
    }
}

/// Number of code points in the first `utf16_offset` UTF-16 code units of
/// `text`. An offset in the middle of a surrogate pair rounds down; an offset
/// past the end counts the whole text.
pub fn utf16_offset_to_code_points(text: &str, utf16_offset: usize) -> usize {
    let mut units_seen = 0;
    let mut code_points = 0;
    for character in text.chars() {
        units_seen += character.len_utf16();
        if units_seen > utf16_offset {
            break;
        }
        code_points += 1;
    }
    code_points
}

fn current_selection() -> Option<Selection> {
    web_sys::window()?.get_selection().ok().flatten()
}

fn document_of(node: &Node) -> Option<Document> {
    node.owner_document().or_else(|| web_sys::window().and_then(|window| window.document()))
}

/// Where a boundary point lies relative to an element's contents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PointOrder {
    Before,
    Inside,
    After,
}

/// Orders the point `(node, offset)` against the contents of `element`, using
/// `Range.comparePoint`, which orders boundary points exactly (element
/// offsets included). `None` when the two cannot be ordered (a point in
/// another document, a detached node, an offset past the node's length).
fn compare_point_with_contents(element: &Element, node: &Node, offset: u32) -> Option<PointOrder> {
    let document = document_of(element)?;
    let contents = document.create_range().ok()?;
    contents.select_node_contents(element).ok()?;
    match contents.compare_point(node, offset).ok()? {
        order if order < 0 => Some(PointOrder::Before),
        0 => Some(PointOrder::Inside),
        _ => Some(PointOrder::After),
    }
}

/// True when the point `(first_node, first_offset)` comes strictly before
/// `(second_node, second_offset)` in document order.
fn point_precedes(first_node: &Node, first_offset: u32, second_node: &Node, second_offset: u32) -> bool {
    let Some(document) = document_of(second_node) else {
        return false;
    };
    let Ok(at_second) = document.create_range() else {
        return false;
    };
    if at_second.set_start(second_node, second_offset).is_err() {
        return false;
    }
    at_second.collapse_with_to_start(true);
    matches!(at_second.compare_point(first_node, first_offset), Ok(order) if order < 0)
}

/// The `[data-block]` element inside `article_root` holding `node`, with its
/// block index, when that index names a block of `article`.
fn enclosing_block(article_root: &Element, article: &Article, node: &Node) -> Option<(Element, usize)> {
    let element = match node.dyn_ref::<Element>() {
        Some(element) => element.clone(),
        None => node.parent_element()?,
    };
    let block_element = element.closest("[data-block]").ok()??;
    let root_node: &Node = article_root.as_ref();
    let block_node: &Node = block_element.as_ref();
    if block_node == root_node || !root_node.contains(Some(block_node)) {
        return None;
    }
    let block_index = block_index_of(&block_element, article)?;
    Some((block_element, block_index))
}

/// The index in `data-block`, when it names a block of `article`.
fn block_index_of(block_element: &Element, article: &Article) -> Option<usize> {
    let index = block_element.get_attribute("data-block")?.trim().parse::<usize>().ok()?;
    (index < article.blocks.len()).then_some(index)
}

/// A boundary point restated in terms the text-node walk can test.
enum BoundaryReference {
    /// Inside a text node, `offset` UTF-16 code units from its start.
    InText { text_node: Node, utf16_offset: u32 },
    /// Just before `node` (a child of an element boundary, or a non-text
    /// character node such as a comment, whose characters are not text).
    BeforeNode(Node),
    /// After the last child of `element`.
    EndOfElement(Node),
}

fn boundary_reference(node: &Node, offset: u32) -> BoundaryReference {
    match node.node_type() {
        Node::TEXT_NODE | Node::CDATA_SECTION_NODE => {
            BoundaryReference::InText { text_node: node.clone(), utf16_offset: offset }
        }
        Node::ELEMENT_NODE | Node::DOCUMENT_FRAGMENT_NODE | Node::DOCUMENT_NODE => {
            match node.child_nodes().item(offset) {
                Some(child) => BoundaryReference::BeforeNode(child),
                None => BoundaryReference::EndOfElement(node.clone()),
            }
        }
        _ => BoundaryReference::BeforeNode(node.clone()),
    }
}

/// Code points of the text nodes inside `block_element` that come before the
/// boundary point `(node, offset)`, which lies inside the block.
fn code_points_before_point(block_element: &Element, node: &Node, offset: u32) -> usize {
    let Some(document) = document_of(block_element) else {
        return 0;
    };
    let Ok(walker) = document.create_tree_walker_with_what_to_show(block_element, SHOW_TEXT) else {
        return 0;
    };
    let reference = boundary_reference(node, offset);
    let mut total = 0;
    while let Ok(Some(text_node)) = walker.next_node() {
        let text = text_node.node_value().unwrap_or_default();
        match &reference {
            BoundaryReference::InText { text_node: boundary_text, utf16_offset } => {
                if &text_node == boundary_text {
                    return total + utf16_offset_to_code_points(&text, *utf16_offset as usize);
                }
            }
            BoundaryReference::BeforeNode(reference_node) => {
                let position = reference_node.compare_document_position(&text_node);
                if position & Node::DOCUMENT_POSITION_PRECEDING == 0 {
                    return total;
                }
            }
            BoundaryReference::EndOfElement(element) => {
                let position = element.compare_document_position(&text_node);
                let before_end =
                    position & (Node::DOCUMENT_POSITION_PRECEDING | Node::DOCUMENT_POSITION_CONTAINED_BY) != 0;
                if !before_end {
                    return total;
                }
            }
        }
        total += code_point_len(&text);
    }
    total
}

/// For a point inside the article but outside every block: the start of the
/// first block after it, or the end of the last block when none follows.
fn offset_of_next_block(article_root: &Element, article: &Article, node: &Node, offset: u32) -> usize {
    let Ok(block_elements) = article_root.query_selector_all("[data-block]") else {
        return article.len();
    };
    let mut end_of_last_block = None;
    for position in 0..block_elements.length() {
        let Some(block_element) = block_elements.item(position).and_then(|item| item.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(block_index) = block_index_of(&block_element, article) else {
            continue;
        };
        let block = &article.blocks[block_index];
        match compare_point_with_contents(&block_element, node, offset) {
            Some(PointOrder::Before) => return block.start,
            // The point is outside every block, so `Inside` means the DOM
            // nests blocks; the block's end is the nearest sensible place.
            Some(PointOrder::Inside) => return block.start + block.length,
            Some(PointOrder::After) | None => end_of_last_block = Some(block.start + block.length),
        }
    }
    end_of_last_block.unwrap_or(article.len())
}

/// The range's bounding client rectangle, or its last line box when the
/// bounding box is empty (some engines report a zero box for ranges that
/// start at an element boundary).
fn range_rect(range: &Range) -> Option<ViewportRect> {
    let bounding = ViewportRect::from_dom_rect(&range.get_bounding_client_rect());
    if !bounding.is_degenerate() {
        return Some(bounding);
    }
    let rects = range.get_client_rects()?;
    (0..rects.length())
        .rev()
        .filter_map(|index| rects.get(index))
        .map(|rect| ViewportRect::from_dom_rect(&rect))
        .find(|rect| !rect.is_degenerate())
}
