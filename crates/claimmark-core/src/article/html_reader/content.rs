//! Finding the story in a page, the way Mozilla's Readability does.
//!
//! The page tree is copied into [`Dom`], a small mutable tree (parent and
//! sibling links, like a browser's DOM) so the search can do what
//! Readability does to a document: drop hidden and unlikely nodes, turn
//! `<div>`s used as paragraphs into `<p>`s, score every paragraph and hand
//! its score up to its ancestors, pick the best container, merge the
//! siblings that belong to the same story (a story split by a photo, an ad
//! or a "read more" fold), then clean the result of link lists, galleries,
//! forms and share bars. When too little text survives, the search runs
//! again with fewer of its filters, as Readability does.
//!
//! [`read_content_blocks`] turns what was kept into the article's blocks:
//! paragraphs, headings, block quotes and captions.

use std::cell::Cell;

use crate::article::model::{collapse_whitespace, BlockKind};

use super::{HtmlElement, HtmlNode};

/// An index into [`Dom::nodes`]. Nodes are numbered in document order when
/// the tree is built, so two trees built from the same page share numbers.
pub(super) type NodeId = usize;

/// Elements never copied into the tree: they hold no story text, and
/// several could carry active content.
const NEVER_COPIED: [&str; 19] = [
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "math", "canvas", "head", "link", "meta", "button", "select", "textarea",
];

/// Readability's `DEFAULT_CHAR_THRESHOLD`: less text than this means the
/// search went wrong and runs again with fewer filters.
const ENOUGH_TEXT: usize = 500;

const UNLIKELY_CANDIDATES: [&str; 38] = [
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    // Beyond Readability's list: consent banners, subscription promotions
    // and recommendation widgets that news pages put inside the story's
    // column (a promotion's one paragraph loses its class when its <div>
    // is unwrapped, so the negative class weight alone cannot catch it).
    "promo",
    "cookie",
    "consent",
    "newsletter",
    "outbrain",
    "taboola",
    "most-read",
];
const MAYBE_CANDIDATES: [&str; 7] = ["and", "article", "body", "column", "content", "main", "shadow"];
const POSITIVE_HINTS: [&str; 13] = [
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];
const NEGATIVE_HINTS: [&str; 24] = [
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
];
const UNLIKELY_ROLES: [&str; 7] = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"];
const TAGS_TO_SCORE: [&str; 9] = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];
const DIV_TO_P_ELEMENTS: [&str; 9] = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"];
const PHRASING_ELEMENTS: [&str; 35] = [
    "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i", "img",
    "input", "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q", "ruby", "samp",
    "script", "select", "small", "span", "strong", "sub", "sup",
];
const MORE_PHRASING_ELEMENTS: [&str; 5] = ["textarea", "time", "var", "wbr", "font"];
/// Readability's "textish" tags, whose share of a container's text tells
/// content from an empty frame.
const TEXTISH_TAGS: [&str; 12] =
    ["span", "li", "td", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"];
const COMMAS: [char; 9] =
    ['\u{002C}', '\u{060C}', '\u{FE50}', '\u{FE10}', '\u{FE11}', '\u{2E41}', '\u{2E34}', '\u{2E32}', '\u{FF0C}'];

/// Tags that start a new block when the kept content is read out.
const BLOCK_TAGS: [&str; 42] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
];
const MORE_BLOCK_TAGS: [&str; 4] = ["thead", "tr", "ul", "legend"];

/// Which of Readability's filters a search runs with.
#[derive(Clone, Copy, Debug)]
struct Filters {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

#[derive(Clone, Debug)]
enum NodeData {
    Element { tag: String, attributes: Vec<(String, String)> },
    Text(String),
}

/// What the search asks of a subtree again and again (its text's length,
/// commas, link text, how many paragraphs or images it holds), measured once
/// and kept until the subtree changes. Sums count the node itself.
#[derive(Clone, Copy, Debug, Default)]
struct Measures {
    /// Code points of the text with every run of whitespace counted as one.
    collapsed: usize,
    starts_with_space: bool,
    ends_with_space: bool,
    /// Only whitespace, or no text at all.
    blank: bool,
    /// Commas of every script (Readability's comma pattern).
    commas: usize,
    ascii_commas: usize,
    /// Text in links, in-page `#` links counting 0.3.
    link_text: f64,
    paragraphs: usize,
    images: usize,
    list_items: usize,
    inputs: usize,
    /// Elements that keep a `<div>` from being a paragraph.
    paragraph_blocks: usize,
    /// Elements that start a block when the content is read out.
    reading_blocks: usize,
    data_tables: usize,
    list_text: usize,
    heading_text: usize,
    textish_text: usize,
}

impl Measures {
    fn of_text(text: &str) -> Measures {
        let mut measures = Measures { blank: true, ..Measures::default() };
        let mut in_space = false;
        for character in text.chars() {
            if character.is_whitespace() {
                if !in_space {
                    measures.collapsed += 1;
                    if measures.collapsed == 1 {
                        measures.starts_with_space = true;
                    }
                }
                in_space = true;
            } else {
                measures.collapsed += 1;
                measures.blank = false;
                in_space = false;
                if COMMAS.contains(&character) {
                    measures.commas += 1;
                }
                if character == ',' {
                    measures.ascii_commas += 1;
                }
            }
        }
        measures.ends_with_space = in_space;
        measures
    }

    /// The text of `self` followed by that of `next`.
    fn then(self, next: Measures) -> Measures {
        let mut joined = Measures {
            commas: self.commas + next.commas,
            ascii_commas: self.ascii_commas + next.ascii_commas,
            link_text: self.link_text + next.link_text,
            paragraphs: self.paragraphs + next.paragraphs,
            images: self.images + next.images,
            list_items: self.list_items + next.list_items,
            inputs: self.inputs + next.inputs,
            paragraph_blocks: self.paragraph_blocks + next.paragraph_blocks,
            reading_blocks: self.reading_blocks + next.reading_blocks,
            data_tables: self.data_tables + next.data_tables,
            list_text: self.list_text + next.list_text,
            heading_text: self.heading_text + next.heading_text,
            textish_text: self.textish_text + next.textish_text,
            ..Measures::default()
        };
        if self.collapsed == 0 {
            joined.collapsed = next.collapsed;
            joined.starts_with_space = next.starts_with_space;
            joined.ends_with_space = next.ends_with_space;
            joined.blank = next.blank;
        } else if next.collapsed == 0 {
            joined.collapsed = self.collapsed;
            joined.starts_with_space = self.starts_with_space;
            joined.ends_with_space = self.ends_with_space;
            joined.blank = self.blank;
        } else {
            let merged_space = usize::from(self.ends_with_space && next.starts_with_space);
            joined.collapsed = self.collapsed + next.collapsed - merged_space;
            joined.starts_with_space = self.starts_with_space;
            joined.ends_with_space = next.ends_with_space;
            joined.blank = self.blank && next.blank;
        }
        joined
    }

    /// Length of the trimmed, collapsed text (Readability's inner text).
    fn inner_length(&self) -> usize {
        if self.blank {
            0
        } else {
            self.collapsed - usize::from(self.starts_with_space) - usize::from(self.ends_with_space)
        }
    }
}

#[derive(Clone, Debug)]
struct DomNode {
    data: NodeData,
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    previous_sibling: Option<NodeId>,
    next_sibling: Option<NodeId>,
    /// Readability's content score, once the node is a candidate.
    score: Option<f64>,
    /// Set on tables that hold data rather than layout.
    data_table: bool,
    measures: Cell<Option<Measures>>,
}

/// The page as a mutable tree.
pub(super) struct Dom {
    nodes: Vec<DomNode>,
    /// The `<html>` element (or whatever the page's root is).
    pub(super) root: NodeId,
}

impl Dom {
    /// Copies `document`, leaving out [`NEVER_COPIED`] subtrees. An element
    /// whose `style` hid it arrives with a `hidden` attribute.
    pub(super) fn build(document: &HtmlElement) -> Dom {
        let mut dom = Dom { nodes: Vec::new(), root: 0 };
        dom.root = dom.copy_element(document);
        dom
    }

    fn copy_element(&mut self, element: &HtmlElement) -> NodeId {
        let tag = if element.tag == "font" { "span".to_string() } else { element.tag.clone() };
        let id = self.new_node(NodeData::Element { tag, attributes: element.attributes.clone() });
        for child in &element.children {
            match child {
                HtmlNode::Element(child) if NEVER_COPIED.contains(&child.tag.as_str()) => {}
                HtmlNode::Element(child) => {
                    let child = self.copy_element(child);
                    self.append_child(id, child);
                }
                HtmlNode::Text(text) => {
                    let child = self.new_node(NodeData::Text(text.clone()));
                    self.append_child(id, child);
                }
            }
        }
        id
    }

    fn new_node(&mut self, data: NodeData) -> NodeId {
        self.nodes.push(DomNode {
            data,
            parent: None,
            first_child: None,
            last_child: None,
            previous_sibling: None,
            next_sibling: None,
            score: None,
            data_table: false,
            measures: Cell::new(None),
        });
        self.nodes.len() - 1
    }

    fn create_element(&mut self, tag: &str) -> NodeId {
        self.new_node(NodeData::Element { tag: tag.to_string(), attributes: Vec::new() })
    }

    // ----- structure -----

    /// Whether `id` names a node of this tree.
    pub(super) fn holds(&self, id: NodeId) -> bool {
        id < self.nodes.len()
    }

    pub(super) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent
    }

    pub(super) fn tag(&self, id: NodeId) -> &str {
        match &self.nodes[id].data {
            NodeData::Element { tag, .. } => tag,
            NodeData::Text(_) => "",
        }
    }

    fn is_element(&self, id: NodeId) -> bool {
        matches!(self.nodes[id].data, NodeData::Element { .. })
    }

    fn is_tag(&self, id: NodeId, tag: &str) -> bool {
        self.tag(id) == tag
    }

    fn set_tag(&mut self, id: NodeId, new_tag: &str) {
        if let NodeData::Element { tag, .. } = &mut self.nodes[id].data {
            *tag = new_tag.to_string();
        }
        self.forget_measures(Some(id));
    }

    fn set_attribute(&mut self, id: NodeId, name: &str, value: String) {
        if let NodeData::Element { attributes, .. } = &mut self.nodes[id].data {
            attributes.retain(|(key, _)| key != name);
            attributes.push((name.to_string(), value));
        }
    }

    fn set_data_table(&mut self, id: NodeId, is_data: bool) {
        self.nodes[id].data_table = is_data;
        self.forget_measures(Some(id));
    }

    /// Drops the measures of `from` and its ancestors after a change. A
    /// node is only ever measured after all its descendants, so the first
    /// unmeasured ancestor ends the walk.
    fn forget_measures(&self, from: Option<NodeId>) {
        let mut at = from;
        while let Some(node) = at {
            if self.nodes[node].measures.take().is_none() && node != from.unwrap_or(node) {
                break;
            }
            at = self.nodes[node].parent;
        }
    }

    pub(super) fn attribute(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.nodes[id].data {
            NodeData::Element { attributes, .. } => {
                attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
            }
            NodeData::Text(_) => None,
        }
    }

    /// `class` and `id` joined by a space, lower-cased: what Readability
    /// matches its hints against.
    pub(super) fn match_string(&self, id: NodeId) -> String {
        format!("{} {}", self.attribute(id, "class").unwrap_or(""), self.attribute(id, "id").unwrap_or(""))
            .to_ascii_lowercase()
    }

    fn text_data(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].data {
            NodeData::Text(text) => Some(text),
            NodeData::Element { .. } => None,
        }
    }

    /// All child nodes, text included, in order.
    pub(super) fn children(&self, id: NodeId) -> Vec<NodeId> {
        let mut children = Vec::new();
        let mut child = self.nodes[id].first_child;
        while let Some(at) = child {
            children.push(at);
            child = self.nodes[at].next_sibling;
        }
        children
    }

    pub(super) fn element_children(&self, id: NodeId) -> Vec<NodeId> {
        self.children(id).into_iter().filter(|&child| self.is_element(child)).collect()
    }

    fn first_element_child(&self, id: NodeId) -> Option<NodeId> {
        let mut child = self.nodes[id].first_child;
        while let Some(at) = child {
            if self.is_element(at) {
                return Some(at);
            }
            child = self.nodes[at].next_sibling;
        }
        None
    }

    fn next_element_sibling(&self, id: NodeId) -> Option<NodeId> {
        let mut sibling = self.nodes[id].next_sibling;
        while let Some(at) = sibling {
            if self.is_element(at) {
                return Some(at);
            }
            sibling = self.nodes[at].next_sibling;
        }
        None
    }

    fn detach(&mut self, id: NodeId) {
        let Some(parent) = self.nodes[id].parent else { return };
        self.forget_measures(Some(parent));
        let previous = self.nodes[id].previous_sibling;
        let next = self.nodes[id].next_sibling;
        match previous {
            Some(previous) => self.nodes[previous].next_sibling = next,
            None => self.nodes[parent].first_child = next,
        }
        match next {
            Some(next) => self.nodes[next].previous_sibling = previous,
            None => self.nodes[parent].last_child = previous,
        }
        self.nodes[id].parent = None;
        self.nodes[id].previous_sibling = None;
        self.nodes[id].next_sibling = None;
    }

    fn append_child(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        self.forget_measures(Some(parent));
        let last = self.nodes[parent].last_child;
        self.nodes[child].parent = Some(parent);
        self.nodes[child].previous_sibling = last;
        match last {
            Some(last) => self.nodes[last].next_sibling = Some(child),
            None => self.nodes[parent].first_child = Some(child),
        }
        self.nodes[parent].last_child = Some(child);
    }

    /// Puts `new` where `old` is and takes `old` out of the tree.
    fn replace(&mut self, old: NodeId, new: NodeId) {
        let Some(parent) = self.nodes[old].parent else { return };
        self.detach(new);
        self.forget_measures(Some(parent));
        let previous = self.nodes[old].previous_sibling;
        let next = self.nodes[old].next_sibling;
        self.nodes[new].parent = Some(parent);
        self.nodes[new].previous_sibling = previous;
        self.nodes[new].next_sibling = next;
        match previous {
            Some(previous) => self.nodes[previous].next_sibling = Some(new),
            None => self.nodes[parent].first_child = Some(new),
        }
        match next {
            Some(next) => self.nodes[next].previous_sibling = Some(new),
            None => self.nodes[parent].last_child = Some(new),
        }
        self.nodes[old].parent = None;
        self.nodes[old].previous_sibling = None;
        self.nodes[old].next_sibling = None;
    }

    /// The node after `id` in document order within `scope`'s subtree
    /// (text nodes included), skipping `id`'s own children when asked.
    fn following(&self, id: NodeId, scope: NodeId, skip_children: bool) -> Option<NodeId> {
        if !skip_children {
            if let Some(child) = self.nodes[id].first_child {
                return Some(child);
            }
        }
        let mut at = id;
        loop {
            if at == scope {
                return None;
            }
            if let Some(next) = self.nodes[at].next_sibling {
                return Some(next);
            }
            at = self.nodes[at].parent?;
        }
    }

    /// Every node under `id` (not `id` itself), in document order.
    pub(super) fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut found = Vec::new();
        let mut at = self.following(id, id, false);
        while let Some(node) = at {
            found.push(node);
            at = self.following(node, id, false);
        }
        found
    }

    /// Descendant elements of `id` whose tag is in `tags`, in document order.
    fn descendants_with_tags(&self, id: NodeId, tags: &[&str]) -> Vec<NodeId> {
        self.descendants(id).into_iter().filter(|&node| tags.contains(&self.tag(node))).collect()
    }

    /// Readability's traversal: the next element in document order.
    pub(super) fn next_element(&self, id: NodeId, skip_children: bool) -> Option<NodeId> {
        if !skip_children {
            if let Some(child) = self.first_element_child(id) {
                return Some(child);
            }
        }
        if let Some(sibling) = self.next_element_sibling(id) {
            return Some(sibling);
        }
        let mut at = self.nodes[id].parent;
        while let Some(node) = at {
            if let Some(sibling) = self.next_element_sibling(node) {
                return Some(sibling);
            }
            at = self.nodes[node].parent;
        }
        None
    }

    fn remove_and_get_next(&mut self, id: NodeId) -> Option<NodeId> {
        let next = self.next_element(id, true);
        self.detach(id);
        next
    }

    fn ancestors(&self, id: NodeId, maximum: usize) -> Vec<NodeId> {
        let mut found = Vec::new();
        let mut at = self.nodes[id].parent;
        while let Some(node) = at {
            found.push(node);
            if maximum > 0 && found.len() == maximum {
                break;
            }
            at = self.nodes[node].parent;
        }
        found
    }

    /// Whether an ancestor of `id` within `maximum_depth` levels (any depth
    /// when `None`) has `tag` and passes `filter`.
    fn has_ancestor_tag(
        &self,
        id: NodeId,
        tag: &str,
        maximum_depth: Option<usize>,
        filter: impl Fn(NodeId) -> bool,
    ) -> bool {
        let mut depth = 0;
        let mut at = self.nodes[id].parent;
        while let Some(node) = at {
            if maximum_depth.is_some_and(|maximum| depth > maximum) {
                return false;
            }
            if self.is_tag(node, tag) && filter(node) {
                return true;
            }
            at = self.nodes[node].parent;
            depth += 1;
        }
        false
    }

    // ----- text -----

    /// The concatenated text under `id`, like the DOM's `textContent`.
    pub(super) fn text_content(&self, id: NodeId) -> String {
        if let Some(text) = self.text_data(id) {
            return text.to_string();
        }
        let mut text = String::new();
        for node in self.descendants(id) {
            if let Some(data) = self.text_data(node) {
                text.push_str(data);
            }
        }
        text
    }

    /// `textContent` trimmed, with runs of whitespace made one space.
    pub(super) fn inner_text(&self, id: NodeId) -> String {
        collapse_whitespace(&self.text_content(id))
    }

    /// The measures of `id`'s subtree, working out (bottom-up, without
    /// recursion) those not kept from before.
    fn measures(&self, id: NodeId) -> Measures {
        if let Some(measures) = self.nodes[id].measures.get() {
            return measures;
        }
        let mut stack = vec![(id, false)];
        while let Some((node, children_done)) = stack.pop() {
            if self.nodes[node].measures.get().is_some() {
                continue;
            }
            if children_done {
                self.nodes[node].measures.set(Some(self.measure_from_children(node)));
                continue;
            }
            stack.push((node, true));
            let mut child = self.nodes[node].first_child;
            while let Some(at) = child {
                if self.nodes[at].measures.get().is_none() {
                    stack.push((at, false));
                }
                child = self.nodes[at].next_sibling;
            }
        }
        self.nodes[id].measures.get().unwrap_or_default()
    }

    fn measure_from_children(&self, id: NodeId) -> Measures {
        let tag = match &self.nodes[id].data {
            NodeData::Text(text) => return Measures::of_text(text),
            NodeData::Element { tag, .. } => tag.as_str(),
        };
        let mut measures = Measures { blank: true, ..Measures::default() };
        let mut child = self.nodes[id].first_child;
        while let Some(at) = child {
            measures = measures.then(self.nodes[at].measures.get().unwrap_or_default());
            child = self.nodes[at].next_sibling;
        }
        let own_length = measures.inner_length();
        if tag == "a" {
            let is_hash = self.attribute(id, "href").is_some_and(|href| href.starts_with('#') && href.len() > 1);
            measures.link_text += own_length as f64 * if is_hash { 0.3 } else { 1.0 };
        }
        measures.paragraphs += usize::from(tag == "p");
        measures.images += usize::from(tag == "img");
        measures.list_items += usize::from(tag == "li");
        measures.inputs += usize::from(tag == "input");
        measures.paragraph_blocks += usize::from(DIV_TO_P_ELEMENTS.contains(&tag));
        measures.reading_blocks += usize::from(is_block_tag(tag));
        measures.data_tables += usize::from(tag == "table" && self.nodes[id].data_table);
        if matches!(tag, "ul" | "ol") {
            measures.list_text += own_length;
        }
        if is_heading_tag(tag) {
            measures.heading_text += own_length;
        }
        if TEXTISH_TAGS.contains(&tag) {
            measures.textish_text += own_length;
        }
        measures
    }

    /// The measures of what is under `id`, without `id`'s own part.
    fn descendant_measures(&self, id: NodeId) -> Measures {
        let mut measures = Measures::default();
        let mut child = self.nodes[id].first_child;
        while let Some(at) = child {
            measures = measures.then(self.measures(at));
            child = self.nodes[at].next_sibling;
        }
        measures
    }

    pub(super) fn inner_text_length(&self, id: NodeId) -> usize {
        self.measures(id).inner_length()
    }

    /// Text under `id` with a space wherever an element starts or ends, so
    /// that `<a>Jane Doe</a><span>4 May</span>` reads "Jane Doe 4 May".
    pub(super) fn spaced_text(&self, id: NodeId) -> String {
        let mut text = String::new();
        self.push_spaced_text(id, &mut text);
        collapse_whitespace(&text)
    }

    fn push_spaced_text(&self, id: NodeId, into: &mut String) {
        if let Some(data) = self.text_data(id) {
            into.push_str(data);
            return;
        }
        for child in self.children(id) {
            let is_element = self.is_element(child);
            if is_element {
                into.push(' ');
            }
            self.push_spaced_text(child, into);
            if is_element {
                into.push(' ');
            }
        }
    }

    fn is_whitespace_text(&self, id: NodeId) -> bool {
        self.text_data(id).is_some_and(|text| text.trim().is_empty())
    }

    fn is_whitespace(&self, id: NodeId) -> bool {
        self.is_whitespace_text(id) || self.is_tag(id, "br")
    }

    /// Readability's `_isPhrasingContent`.
    fn is_phrasing(&self, id: NodeId) -> bool {
        if !self.is_element(id) {
            return true;
        }
        let tag = self.tag(id);
        if PHRASING_ELEMENTS.contains(&tag) || MORE_PHRASING_ELEMENTS.contains(&tag) {
            return true;
        }
        matches!(tag, "a" | "del" | "ins") && self.children(id).into_iter().all(|child| self.is_phrasing(child))
    }

    /// Readability's `_nextNode`: `id` or the first sibling after it that is
    /// an element or holds more than whitespace.
    fn next_significant(&self, mut at: Option<NodeId>) -> Option<NodeId> {
        while let Some(node) = at {
            if self.is_element(node) || !self.is_whitespace_text(node) {
                return Some(node);
            }
            at = self.nodes[node].next_sibling;
        }
        None
    }

    fn is_without_content(&self, id: NodeId) -> bool {
        if !self.is_element(id) || !self.measures(id).blank {
            return false;
        }
        let children = self.element_children(id);
        children.is_empty() || children.iter().all(|&child| matches!(self.tag(child), "br" | "hr"))
    }

    fn has_single_tag_inside(&self, id: NodeId, tag: &str) -> bool {
        let children = self.element_children(id);
        if children.len() != 1 || !self.is_tag(children[0], tag) {
            return false;
        }
        !self.children(id).into_iter().any(|child| self.text_data(child).is_some_and(|text| !text.trim().is_empty()))
    }

    fn has_child_block_element(&self, id: NodeId) -> bool {
        self.descendant_measures(id).paragraph_blocks > 0
    }

    /// Share of the text under `id` that sits in links; in-page `#` links
    /// count for less, as Readability counts them.
    fn link_density(&self, id: NodeId) -> f64 {
        let length = self.inner_text_length(id);
        if length == 0 {
            return 0.0;
        }
        self.descendant_measures(id).link_text / length as f64
    }

    /// Share of the text under `id` inside headings.
    fn heading_density(&self, id: NodeId) -> f64 {
        let length = self.inner_text_length(id);
        if length == 0 {
            return 0.0;
        }
        self.descendant_measures(id).heading_text as f64 / length as f64
    }

    /// Share of the text under `id` inside [`TEXTISH_TAGS`] (nested ones
    /// counted again, as Readability counts them).
    fn textish_density(&self, id: NodeId) -> f64 {
        let length = self.inner_text_length(id);
        if length == 0 {
            return 0.0;
        }
        self.descendant_measures(id).textish_text as f64 / length as f64
    }

    fn class_weight(&self, id: NodeId, filters: Filters) -> f64 {
        if !filters.weight_classes {
            return 0.0;
        }
        let mut weight = 0.0;
        for name in ["class", "id"] {
            let Some(value) = self.attribute(id, name).filter(|value| !value.is_empty()) else { continue };
            let value = value.to_ascii_lowercase();
            if has_negative_hint(&value) {
                weight -= 25.0;
            }
            if contains_any(&value, &POSITIVE_HINTS) {
                weight += 25.0;
            }
        }
        weight
    }

    fn is_probably_visible(&self, id: NodeId) -> bool {
        if self.attribute(id, "hidden").is_some() {
            return false;
        }
        self.attribute(id, "aria-hidden") != Some("true")
            || self.attribute(id, "class").is_some_and(|class| class.contains("fallback-image"))
    }
}

fn contains_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|needle| haystack.contains(needle))
}

/// Readability's negative pattern, including its whole-word "hid".
fn has_negative_hint(lower: &str) -> bool {
    contains_any(lower, &NEGATIVE_HINTS) || lower.split(' ').any(|word| word == "hid")
}

/// Readability's share pattern: "share" or "sharedaddy" as a word of its
/// own or between underscores.
fn has_share_word(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    let is_word = |byte: u8| byte.is_ascii_alphanumeric();
    for word in ["share", "sharedaddy"] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(word) {
            let start = from + found;
            let end = start + word.len();
            let starts_clean = start == 0 || !is_word(bytes[start - 1]);
            let ends_clean = end == bytes.len() || !is_word(bytes[end]);
            if starts_clean && ends_clean {
                return true;
            }
            from = start + 1;
        }
    }
    false
}

/// Readability's byline pattern, without "dateline" (a place, not a name).
fn has_byline_hint(match_string: &str) -> bool {
    contains_any(match_string, &["byline", "author", "writtenby", "p-author"])
}

/// A page element that only says "Advertisement" or "Loading…".
fn is_ad_or_loading_words(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let lower = lower.trim_end_matches('…').trim_end_matches("...");
    matches!(
        lower,
        "ad" | "advertising"
            | "advertisement"
            | "pub"
            | "publicité"
            | "werb"
            | "werbung"
            | "广告"
            | "реклама"
            | "anuncio"
            | "loading"
            | "正在加载"
            | "загрузка"
            | "chargement"
            | "cargando"
    )
}

fn is_heading_tag(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Readability's `_textSimilarity`: how much of `second`'s wording is in
/// `first`, from 0 (nothing) to 1 (all of it).
pub(super) fn text_similarity(first: &str, second: &str) -> f64 {
    let tokens = |text: &str| -> Vec<String> {
        text.to_lowercase()
            .split(|character: char| !character.is_alphanumeric())
            .filter(|token| !token.is_empty())
            .map(str::to_string)
            .collect()
    };
    let first_tokens = tokens(first);
    let second_tokens = tokens(second);
    if first_tokens.is_empty() || second_tokens.is_empty() {
        return 0.0;
    }
    let unique: Vec<&str> =
        second_tokens.iter().filter(|token| !first_tokens.contains(token)).map(String::as_str).collect();
    let unique_length = unique.join(" ").chars().count() as f64;
    let second_length = second_tokens.join(" ").chars().count() as f64;
    1.0 - unique_length / second_length
}

/// What the search kept: the tree it worked on and the container of the
/// story in it.
pub(super) struct Grabbed {
    pub(super) dom: Dom,
    /// The element holding the kept content (created by the search).
    pub(super) content: NodeId,
    /// The best-scoring container, numbered as in [`Dom::build`]'s tree;
    /// `None` when the whole body had to be taken.
    pub(super) top_candidate: Option<NodeId>,
    text_length: usize,
}

/// How much more text a search with fewer filters must find to replace a
/// stricter one that found too little.
const RETRY_GAIN: f64 = 1.5;

/// Runs Readability's search, with fewer filters each time too little
/// text survives. Unlike Readability, a looser search replaces the result
/// only when it finds half as much text again as the search before it: a
/// short story (a news brief under 500 characters) stays clean instead of
/// regaining, filter by filter, the cookie banner and teasers the strict
/// search dropped, while a strict search that missed the story is still
/// replaced.
pub(super) fn grab_article(document: &HtmlElement, title: &str) -> Option<Grabbed> {
    let attempts = [
        Filters { strip_unlikely: true, weight_classes: true, clean_conditionally: true },
        Filters { strip_unlikely: false, weight_classes: true, clean_conditionally: true },
        Filters { strip_unlikely: false, weight_classes: false, clean_conditionally: true },
        Filters { strip_unlikely: false, weight_classes: false, clean_conditionally: false },
    ];
    let mut chosen: Option<Grabbed> = None;
    let mut previous_length: Option<usize> = None;
    for filters in attempts {
        if chosen.as_ref().is_some_and(|chosen| chosen.text_length >= ENOUGH_TEXT) {
            break;
        }
        let grabbed = grab_with(Dom::build(document), title, filters);
        let replaces = previous_length.is_none_or(|previous| grabbed.text_length as f64 > previous as f64 * RETRY_GAIN);
        previous_length = Some(grabbed.text_length);
        if replaces {
            chosen = Some(grabbed);
        }
    }
    chosen.filter(|chosen| chosen.text_length > 0)
}

fn body_of(dom: &Dom) -> Option<NodeId> {
    if dom.is_tag(dom.root, "body") {
        return Some(dom.root);
    }
    dom.element_children(dom.root).into_iter().find(|&child| dom.is_tag(child, "body"))
}

fn grab_with(mut dom: Dom, title: &str, filters: Filters) -> Grabbed {
    let copied_nodes = dom.nodes.len();
    let page = body_of(&dom).unwrap_or(dom.root);
    replace_double_breaks(&mut dom, page);
    let elements_to_score = prepare_nodes(&mut dom, page, title, filters);
    let candidates = score_paragraphs(&mut dom, &elements_to_score, filters);
    let (top, created) = choose_top_candidate(&mut dom, page, &candidates, filters);
    // Named as in a fresh copy of the page: an element the search made
    // (a paragraph around loose text) stands for its nearest copied ancestor.
    let mut original = (!created).then_some(top);
    while let Some(id) = original.filter(|&id| id >= copied_nodes) {
        original = dom.parent(id);
    }
    let content = merge_siblings(&mut dom, top);
    prepare_article(&mut dom, content, filters);
    let text_length = dom.inner_text_length(content);
    Grabbed { dom, content, top_candidate: original, text_length }
}

/// Readability's `_replaceBrs`: two or more `<br>` in a row end a
/// paragraph, so the text after them becomes a `<p>`.
fn replace_double_breaks(dom: &mut Dom, page: NodeId) {
    for br in dom.descendants_with_tags(page, &["br"]) {
        if dom.parent(br).is_none() {
            continue;
        }
        let mut next = dom.nodes[br].next_sibling;
        let mut replaced = false;
        while let Some(node) = dom.next_significant(next) {
            if !dom.is_tag(node, "br") {
                break;
            }
            replaced = true;
            let after = dom.nodes[node].next_sibling;
            dom.detach(node);
            next = after;
        }
        if !replaced {
            continue;
        }
        let paragraph = dom.create_element("p");
        dom.replace(br, paragraph);
        let mut next = dom.nodes[paragraph].next_sibling;
        while let Some(node) = next {
            if dom.is_tag(node, "br") {
                let after = dom.next_significant(dom.nodes[node].next_sibling);
                if after.is_some_and(|after| dom.is_tag(after, "br")) {
                    break;
                }
            }
            if !dom.is_phrasing(node) {
                break;
            }
            let after = dom.nodes[node].next_sibling;
            dom.append_child(paragraph, node);
            next = after;
        }
        while let Some(last) = dom.nodes[paragraph].last_child {
            if !dom.is_whitespace(last) {
                break;
            }
            dom.detach(last);
        }
        if let Some(parent) = dom.parent(paragraph) {
            if dom.is_tag(parent, "p") {
                dom.set_tag(parent, "div");
            }
        }
    }
}

/// Readability's first pass: drops hidden and unlikely nodes and the
/// header that repeats the title, turns `<div>`s used as paragraphs into
/// `<p>`s, and lists the elements to score.
fn prepare_nodes(dom: &mut Dom, page: NodeId, title: &str, filters: Filters) -> Vec<NodeId> {
    let mut elements_to_score = Vec::new();
    let mut title_header_removed = false;
    let mut at = Some(page);
    while let Some(node) = at {
        let match_string = dom.match_string(node);
        if !dom.is_probably_visible(node) {
            at = dom.remove_and_get_next(node);
            continue;
        }
        if !title_header_removed && header_duplicates_title(dom, node, title) {
            title_header_removed = true;
            at = dom.remove_and_get_next(node);
            continue;
        }
        let tag = dom.tag(node).to_string();
        if filters.strip_unlikely && node != page {
            let unlikely = contains_any(&match_string, &UNLIKELY_CANDIDATES)
                && !contains_any(&match_string, &MAYBE_CANDIDATES)
                && !dom.has_ancestor_tag(node, "table", Some(3), |_| true)
                && !dom.has_ancestor_tag(node, "code", Some(3), |_| true)
                && tag != "body"
                && tag != "a";
            let unlikely_role = dom
                .attribute(node, "role")
                .is_some_and(|role| UNLIKELY_ROLES.contains(&role.to_ascii_lowercase().as_str()));
            if unlikely || unlikely_role {
                at = dom.remove_and_get_next(node);
                continue;
            }
        }
        if (matches!(tag.as_str(), "div" | "section" | "header") || is_heading_tag(&tag))
            && dom.is_without_content(node)
        {
            at = dom.remove_and_get_next(node);
            continue;
        }
        if TAGS_TO_SCORE.contains(&tag.as_str()) {
            elements_to_score.push(node);
        }
        let mut current = node;
        if tag == "div" {
            wrap_phrasing_runs(dom, node);
            if dom.has_single_tag_inside(node, "p") && dom.link_density(node) < 0.25 {
                let paragraph = dom.element_children(node)[0];
                // Unlike Readability, the paragraph keeps what the <div> said
                // it was (an author's box, a caption, a promotion).
                for name in ["class", "id"] {
                    if dom.attribute(paragraph, name).is_none() {
                        if let Some(value) = dom.attribute(node, name).map(str::to_string) {
                            dom.set_attribute(paragraph, name, value);
                        }
                    }
                }
                dom.replace(node, paragraph);
                current = paragraph;
                elements_to_score.push(paragraph);
            } else if !dom.has_child_block_element(node) {
                dom.set_tag(node, "p");
                elements_to_score.push(node);
            }
        }
        at = dom.next_element(current, false);
    }
    elements_to_score
}

/// Readability's `_headerDuplicatesTitle`.
fn header_duplicates_title(dom: &Dom, node: NodeId, title: &str) -> bool {
    if !matches!(dom.tag(node), "h1" | "h2") || title.is_empty() {
        return false;
    }
    text_similarity(title, dom.text_content(node).trim()) > 0.75
}

/// Puts each run of inline content directly inside a `<div>` into a `<p>`.
fn wrap_phrasing_runs(dom: &mut Dom, div: NodeId) {
    let mut paragraph: Option<NodeId> = None;
    for child in dom.children(div) {
        if dom.is_phrasing(child) {
            if let Some(paragraph) = paragraph {
                dom.append_child(paragraph, child);
            } else if !dom.is_whitespace(child) {
                let created = dom.create_element("p");
                dom.replace(child, created);
                dom.append_child(created, child);
                paragraph = Some(created);
            }
        } else if let Some(open) = paragraph.take() {
            while let Some(last) = dom.nodes[open].last_child {
                if !dom.is_whitespace(last) {
                    break;
                }
                dom.detach(last);
            }
        }
    }
}

fn initial_score(dom: &Dom, id: NodeId, filters: Filters) -> f64 {
    let by_tag = match dom.tag(id) {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    by_tag + dom.class_weight(id, filters)
}

/// Scores each paragraph (one point, one per comma, one per hundred
/// characters up to three) and hands the score to five ancestors, less
/// each level up. Returns the candidates with their final, link-density
/// scaled scores.
fn score_paragraphs(dom: &mut Dom, elements_to_score: &[NodeId], filters: Filters) -> Vec<NodeId> {
    let mut candidates = Vec::new();
    for &element in elements_to_score {
        if dom.parent(element).is_none() {
            continue;
        }
        let measures = dom.measures(element);
        let length = measures.inner_length();
        if length < 25 {
            continue;
        }
        let ancestors = dom.ancestors(element, 5);
        if ancestors.is_empty() {
            continue;
        }
        let commas = measures.commas;
        let score = 1.0 + (commas + 1) as f64 + (length / 100).min(3) as f64;
        for (level, &ancestor) in ancestors.iter().enumerate() {
            // The document's root element is never a candidate.
            if dom.parent(ancestor).is_none() {
                continue;
            }
            if dom.nodes[ancestor].score.is_none() {
                dom.nodes[ancestor].score = Some(initial_score(dom, ancestor, filters));
                candidates.push(ancestor);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            if let Some(entry) = dom.nodes[ancestor].score.as_mut() {
                *entry += score / divider;
            }
        }
    }
    for &candidate in &candidates {
        let mut scaled = dom.nodes[candidate].score.unwrap_or(0.0) * (1.0 - dom.link_density(candidate));
        if is_image_heavy(dom, candidate) {
            scaled *= IMAGE_HEAVY_SCORE;
        }
        dom.nodes[candidate].score = Some(scaled);
    }
    candidates
}

/// Fewest pictures that make a gallery or a grid of teasers.
const GALLERY_IMAGES: usize = 3;
/// Most text per picture in a gallery or grid: a caption, a headline.
const GALLERY_TEXT_PER_IMAGE: usize = 250;
/// What a gallery's score counts for against prose (beyond Readability,
/// whose scores only see the captions' text).
const IMAGE_HEAVY_SCORE: f64 = 0.5;

/// A container of several pictures with little text each: a photo gallery
/// or a grid of teasers, rather than a story.
fn is_image_heavy(dom: &Dom, id: NodeId) -> bool {
    let measures = dom.measures(id);
    measures.images >= GALLERY_IMAGES && measures.inner_length() < measures.images * GALLERY_TEXT_PER_IMAGE
}

fn score_of(dom: &Dom, id: NodeId) -> f64 {
    dom.nodes[id].score.unwrap_or(0.0)
}

fn ensure_score(dom: &mut Dom, id: NodeId, filters: Filters) {
    if dom.nodes[id].score.is_none() {
        dom.nodes[id].score = Some(initial_score(dom, id, filters));
    }
}

/// The best container, after Readability's corrections: a common ancestor
/// of several near-best candidates, a parent scoring higher, a parent the
/// container is the only child of. Returns whether the body's content had
/// to be wrapped in a new container instead.
fn choose_top_candidate(dom: &mut Dom, page: NodeId, candidates: &[NodeId], filters: Filters) -> (NodeId, bool) {
    let mut top_candidates: Vec<NodeId> = Vec::new();
    for &candidate in candidates {
        let score = score_of(dom, candidate);
        let position = top_candidates.iter().position(|&other| score > score_of(dom, other));
        match position {
            Some(position) => top_candidates.insert(position, candidate),
            None => top_candidates.push(candidate),
        }
        top_candidates.truncate(5);
    }
    let Some(mut top) = top_candidates.first().copied().filter(|&top| top != page && !dom.is_tag(top, "body")) else {
        let wrapper = dom.create_element("div");
        for child in dom.children(page) {
            dom.append_child(wrapper, child);
        }
        dom.append_child(page, wrapper);
        ensure_score(dom, wrapper, filters);
        return (wrapper, true);
    };
    let is_page = |dom: &Dom, id: NodeId| id == page || dom.is_tag(id, "body") || dom.parent(id).is_none();

    let top_score = score_of(dom, top);
    let alternative_ancestors: Vec<Vec<NodeId>> = top_candidates[1..]
        .iter()
        .filter(|&&other| top_score != 0.0 && score_of(dom, other) / top_score >= 0.75)
        .map(|&other| dom.ancestors(other, 0))
        .collect();
    const MINIMUM_TOP_CANDIDATES: usize = 3;
    if alternative_ancestors.len() >= MINIMUM_TOP_CANDIDATES {
        let mut parent = dom.parent(top);
        while let Some(ancestor) = parent.filter(|&ancestor| !is_page(dom, ancestor)) {
            let containing = alternative_ancestors.iter().filter(|list| list.contains(&ancestor)).count();
            if containing >= MINIMUM_TOP_CANDIDATES {
                top = ancestor;
                break;
            }
            parent = dom.parent(ancestor);
        }
    }
    ensure_score(dom, top, filters);

    // A parent scoring higher than the way up to it suggests more of the
    // story lies beside the container.
    let mut parent = dom.parent(top);
    let mut last_score = score_of(dom, top);
    let threshold = last_score / 3.0;
    while let Some(ancestor) = parent.filter(|&ancestor| !is_page(dom, ancestor)) {
        let Some(parent_score) = dom.nodes[ancestor].score else {
            parent = dom.parent(ancestor);
            continue;
        };
        if parent_score < threshold {
            break;
        }
        if parent_score > last_score {
            top = ancestor;
            break;
        }
        last_score = parent_score;
        parent = dom.parent(ancestor);
    }

    while let Some(parent) = dom.parent(top).filter(|&parent| !is_page(dom, parent)) {
        if dom.element_children(parent).len() != 1 {
            break;
        }
        top = parent;
    }
    ensure_score(dom, top, filters);
    (top, false)
}

/// Gathers the container and those of its siblings that belong to the
/// story into a new element: siblings scoring at least a fifth of the
/// container (more easily when they share its class), and paragraphs of
/// real text with few links. Link lists and teasers score low, so related
/// articles stay out; galleries and teaser grids are kept out whatever
/// their captions score. Beyond Readability, a photo with its caption between
/// two kept parts, or just before the first, is kept too: it has no score
/// of its own, but it belongs to the story it interrupts.
fn merge_siblings(dom: &mut Dom, top: NodeId) -> NodeId {
    let content = dom.create_element("div");
    let top_score = score_of(dom, top);
    let threshold = f64::max(10.0, top_score * 0.2);
    let Some(parent) = dom.parent(top) else {
        dom.append_child(content, top);
        return content;
    };
    let top_class = dom.attribute(top, "class").unwrap_or("").to_string();
    let siblings = dom.element_children(parent);
    let mut appended: Vec<bool> = siblings
        .iter()
        .map(|&sibling| {
            if sibling == top {
                return true;
            }
            let mut bonus = 0.0;
            if !top_class.is_empty() && dom.attribute(sibling, "class").unwrap_or("") == top_class {
                bonus += top_score * 0.2;
            }
            // A gallery or teaser grid beside the story never joins it.
            if is_image_heavy(dom, sibling) {
                return false;
            }
            if dom.nodes[sibling].score.is_some_and(|score| score + bonus >= threshold) {
                return true;
            }
            // An author's box ("Jane Doe covers health…") is not the story.
            if !dom.is_tag(sibling, "p") || has_byline_hint(&dom.match_string(sibling)) {
                return false;
            }
            let link_density = dom.link_density(sibling);
            let text = dom.inner_text(sibling);
            let length = text.chars().count();
            (length > 80 && link_density < 0.25)
                || (length < 80 && length > 0 && link_density == 0.0 && ends_a_sentence(&text))
        })
        .collect();
    let first = appended.iter().position(|&kept| kept).unwrap_or(0);
    let last = appended.iter().rposition(|&kept| kept).unwrap_or(0);
    for (index, &sibling) in siblings.iter().enumerate() {
        let placed = (first < index && index < last) || index + 1 == first;
        if !appended[index] && placed && is_captioned_figure(dom, sibling) {
            appended[index] = true;
        }
    }
    for (index, sibling) in siblings.into_iter().enumerate() {
        if !appended[index] {
            continue;
        }
        if !matches!(dom.tag(sibling), "div" | "article" | "section" | "p" | "ol" | "ul" | "figure") {
            dom.set_tag(sibling, "div");
        }
        dom.append_child(content, sibling);
    }
    content
}

/// A photo or figure with a caption: `<figure>`, a `wp-caption` box, or an
/// element holding a `<figcaption>`, with little text and few links.
fn is_captioned_figure(dom: &Dom, id: NodeId) -> bool {
    let has_caption = dom.is_tag(id, "figure")
        || has_caption_class(dom, id)
        || dom.descendants(id).into_iter().any(|node| dom.is_tag(node, "figcaption") || has_caption_class(dom, node));
    let length = dom.inner_text_length(id);
    has_caption && length > 0 && length <= LONGEST_CAPTION && dom.link_density(id) < 0.5
}

/// Whether `text` has a full stop followed by a space or the end.
fn ends_a_sentence(text: &str) -> bool {
    let characters: Vec<char> = text.chars().collect();
    characters
        .iter()
        .enumerate()
        .any(|(index, &character)| character == '.' && characters.get(index + 1).is_none_or(|&next| next == ' '))
}

/// Readability's `_prepArticle`: cleans the kept content of forms, asides,
/// share bars, headers that score badly, and tables, lists and `<div>`s
/// that look like furniture (link lists, galleries, widgets).
fn prepare_article(dom: &mut Dom, content: NodeId, filters: Filters) {
    mark_data_tables(dom, content);
    clean_conditionally(dom, content, "form", filters);
    clean_conditionally(dom, content, "fieldset", filters);
    for tag in ["footer", "aside", "nav", "input", "dialog"] {
        for node in dom.descendants_with_tags(content, &[tag]) {
            dom.detach(node);
        }
    }
    for section in dom.element_children(content) {
        let end = dom.next_element(section, true);
        let mut at = dom.next_element(section, false);
        while let Some(node) = at.filter(|&node| Some(node) != end) {
            if has_share_word(&dom.match_string(node)) && dom.inner_text_length(node) < ENOUGH_TEXT {
                at = dom.remove_and_get_next(node);
            } else {
                at = dom.next_element(node, false);
            }
        }
    }
    // Bylines and author boxes are shown as the byline, not as text.
    for node in dom.descendants(content) {
        if dom.parent(node).is_some()
            && is_block_tag(dom.tag(node))
            && has_byline_hint(&dom.match_string(node))
            && dom.inner_text_length(node) < ENOUGH_TEXT
        {
            dom.detach(node);
        }
    }
    for heading in dom.descendants_with_tags(content, &["h1", "h2"]).into_iter().rev() {
        if dom.class_weight(heading, filters) < 0.0 {
            dom.detach(heading);
        }
    }
    clean_conditionally(dom, content, "table", filters);
    clean_conditionally(dom, content, "ul", filters);
    clean_conditionally(dom, content, "div", filters);
    // Beyond Readability: a <section> of links ("More on this story") is
    // furniture as much as a <div> of them.
    clean_conditionally(dom, content, "section", filters);
    for heading in dom.descendants_with_tags(content, &["h1"]) {
        dom.set_tag(heading, "h2");
    }
    for paragraph in dom.descendants_with_tags(content, &["p"]).into_iter().rev() {
        if dom.descendant_measures(paragraph).images == 0 && dom.inner_text_length(paragraph) == 0 {
            dom.detach(paragraph);
        }
    }
    for table in dom.descendants_with_tags(content, &["table"]) {
        unwrap_single_cell_table(dom, table);
    }
}

fn unwrap_single_cell_table(dom: &mut Dom, table: NodeId) {
    let body = if dom.has_single_tag_inside(table, "tbody") { dom.element_children(table)[0] } else { table };
    if !dom.has_single_tag_inside(body, "tr") {
        return;
    }
    let row = dom.element_children(body)[0];
    if !dom.has_single_tag_inside(row, "td") {
        return;
    }
    let cell = dom.element_children(row)[0];
    let all_phrasing = dom.children(cell).into_iter().all(|child| dom.is_phrasing(child));
    dom.set_tag(cell, if all_phrasing { "p" } else { "div" });
    dom.replace(table, cell);
}

/// Readability's `_markDataTables`: tables that hold data are never
/// cleaned away.
fn mark_data_tables(dom: &mut Dom, content: NodeId) {
    for table in dom.descendants_with_tags(content, &["table"]) {
        let is_data = is_data_table(dom, table);
        dom.set_data_table(table, is_data);
    }
}

fn is_data_table(dom: &Dom, table: NodeId) -> bool {
    if dom.attribute(table, "role") == Some("presentation") {
        return false;
    }
    let descendants = dom.descendants(table);
    let has = |tag: &str| descendants.iter().any(|&node| dom.is_tag(node, tag));
    if descendants.iter().any(|&node| dom.is_tag(node, "caption") && dom.nodes[node].first_child.is_some()) {
        return true;
    }
    if ["col", "colgroup", "tfoot", "thead", "th"].iter().any(|tag| has(tag)) {
        return true;
    }
    if has("table") {
        return false;
    }
    let rows: Vec<NodeId> = descendants.iter().copied().filter(|&node| dom.is_tag(node, "tr")).collect();
    let columns = rows
        .iter()
        .map(|&row| dom.descendants(row).into_iter().filter(|&cell| dom.is_tag(cell, "td")).count())
        .max()
        .unwrap_or(0);
    let rows = rows.len();
    if rows == 1 || columns == 1 {
        return false;
    }
    if rows >= 10 || columns > 4 {
        return true;
    }
    rows * columns > 10
}

/// Readability's `_cleanConditionally`: removes each `tag` element under
/// `content` that looks like furniture rather than story: a negative class,
/// more images than paragraphs (a gallery), more list items than paragraphs,
/// form fields, very short linked text, or too many links for its class.
fn clean_conditionally(dom: &mut Dom, content: NodeId, tag: &str, filters: Filters) {
    if !filters.clean_conditionally {
        return;
    }
    for node in dom.descendants_with_tags(content, &[tag]).into_iter().rev() {
        if dom.parent(node).is_none() {
            continue;
        }
        if should_clean(dom, node, tag, filters) {
            dom.detach(node);
        }
    }
}

fn should_clean(dom: &Dom, node: NodeId, tag: &str, filters: Filters) -> bool {
    let inner_length = dom.inner_text_length(node);
    let inside = dom.descendant_measures(node);
    let is_list =
        matches!(tag, "ul" | "ol") || (inner_length > 0 && inside.list_text as f64 / inner_length as f64 > 0.9);
    let is_data_table = |id: NodeId| dom.nodes[id].data_table;
    if tag == "table" && is_data_table(node) {
        return false;
    }
    if dom.has_ancestor_tag(node, "table", None, is_data_table) {
        return false;
    }
    if dom.has_ancestor_tag(node, "code", Some(3), |_| true) {
        return false;
    }
    if inside.data_tables > 0 {
        return false;
    }
    let weight = dom.class_weight(node, filters);
    if weight < 0.0 {
        return true;
    }
    if dom.measures(node).ascii_commas >= 10 {
        return false;
    }
    let paragraphs = inside.paragraphs as f64;
    let images = inside.images as f64;
    let list_items = inside.list_items as f64 - 100.0;
    let inputs = inside.inputs as f64;
    let heading_density = dom.heading_density(node);
    // Only a short text can be nothing but "Advertisement" or "Loading…".
    if inner_length <= 20 && is_ad_or_loading_words(&dom.inner_text(node)) {
        return true;
    }
    let content_length = inner_length;
    let link_density = dom.link_density(node);
    let text_density = dom.textish_density(node);
    let is_figure_child = dom.has_ancestor_tag(node, "figure", Some(3), |_| true);

    let remove = (!is_figure_child && images > 1.0 && paragraphs / images < 0.5)
        || (!is_list && list_items > paragraphs)
        || (inputs > (paragraphs / 3.0).floor())
        || (!is_list
            && !is_figure_child
            && heading_density < 0.9
            && content_length < 25
            && (images == 0.0 || images > 2.0)
            && link_density > 0.0)
        || (!is_list && weight < 25.0 && link_density > 0.2)
        || (weight >= 25.0 && link_density > 0.5)
        || (images == 0.0 && text_density == 0.0);

    // A list of images (one per item) stays.
    if is_list && remove {
        if dom.element_children(node).into_iter().any(|child| dom.element_children(child).len() > 1) {
            return remove;
        }
        if inside.images == inside.list_items {
            return false;
        }
    }
    remove
}

// ----- reading the kept content out as blocks -----

fn is_block_tag(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag) || MORE_BLOCK_TAGS.contains(&tag)
}

/// Whether a class names a photo caption ("wp-caption-text", "caption",
/// "image-caption"): Readability keeps those blocks, and claimmark shows them
/// as captions.
fn has_caption_class(dom: &Dom, id: NodeId) -> bool {
    dom.attribute(id, "class")
        .is_some_and(|class| class.split_whitespace().any(|token| token.to_ascii_lowercase().contains("caption")))
}

/// Longest text read as one caption; a longer "figure" is read as body.
const LONGEST_CAPTION: usize = 1000;

/// The blocks of the kept content, in reading order.
pub(super) fn read_content_blocks(dom: &Dom, content: NodeId) -> Vec<(BlockKind, String)> {
    let mut reader = BlockReader { dom, blocks: Vec::new(), inline: String::new() };
    reader.read_container(content);
    reader.flush();
    reader.blocks
}

struct BlockReader<'tree> {
    dom: &'tree Dom,
    blocks: Vec<(BlockKind, String)>,
    inline: String,
}

impl BlockReader<'_> {
    fn flush(&mut self) {
        let text = collapse_whitespace(&self.inline);
        self.inline.clear();
        if !text.is_empty() {
            self.blocks.push((BlockKind::Paragraph, text));
        }
    }

    fn push(&mut self, kind: BlockKind, text: String) {
        self.flush();
        let text = collapse_whitespace(&text);
        if !text.is_empty() {
            self.blocks.push((kind, text));
        }
    }

    fn contains_block(&self, id: NodeId) -> bool {
        self.dom.descendant_measures(id).reading_blocks > 0
    }

    fn read_container(&mut self, id: NodeId) {
        for child in self.dom.children(id) {
            if let Some(text) = self.dom.text_data(child) {
                self.inline.push_str(text);
                continue;
            }
            let tag = self.dom.tag(child);
            if tag == "br" {
                self.inline.push(' ');
            } else if !is_block_tag(tag) && !self.contains_block(child) {
                self.push_inline(child);
            } else {
                self.flush();
                self.read_block(child);
                self.flush();
            }
        }
    }

    /// Inline content's text, a `<br>` read as a space.
    fn push_inline(&mut self, id: NodeId) {
        for node in self.dom.descendants(id) {
            if let Some(data) = self.dom.text_data(node) {
                self.inline.push_str(data);
            } else if self.dom.is_tag(node, "br") {
                self.inline.push(' ');
            }
        }
    }

    fn read_block(&mut self, id: NodeId) {
        let dom = self.dom;
        let tag = dom.tag(id);
        let text_length = || dom.inner_text_length(id);
        if is_heading_tag(tag) {
            self.push(BlockKind::Heading, dom.text_content(id));
        } else if tag == "blockquote" {
            self.push(BlockKind::BlockQuote, self.spaced_block_text(id));
        } else if matches!(tag, "figcaption" | "caption")
            || ((tag == "figure" || has_caption_class(dom, id)) && text_length() <= LONGEST_CAPTION)
        {
            self.push(BlockKind::Caption, self.spaced_block_text(id));
        } else if tag == "tr" && dom.element_children(id).into_iter().all(|cell| !self.contains_block(cell)) {
            let cells: Vec<String> = dom
                .element_children(id)
                .into_iter()
                .map(|cell| dom.inner_text(cell))
                .filter(|text| !text.is_empty())
                .collect();
            self.push(BlockKind::Paragraph, cells.join(" | "));
        } else if tag == "hr" {
        } else {
            self.read_container(id);
        }
    }

    /// The text of a block read as one piece, with a space between its
    /// inner blocks so their words do not run together.
    fn spaced_block_text(&self, id: NodeId) -> String {
        let mut text = String::new();
        for node in self.dom.descendants(id) {
            if let Some(data) = self.dom.text_data(node) {
                text.push_str(data);
            } else if is_block_tag(self.dom.tag(node)) || self.dom.is_tag(node, "br") {
                text.push(' ');
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_words_match_whole_words_only() {
        assert!(has_share_word("post-share-buttons"));
        assert!(has_share_word("sharedaddy sd-sharing"));
        assert!(has_share_word("entry_share_bar"));
        assert!(!has_share_word("shareholders"));
        assert!(!has_share_word("timeshare"));
    }

    #[test]
    fn text_similarity_measures_the_second_text_against_the_first() {
        assert_eq!(text_similarity("Council votes to fix the bridge", "council votes"), 1.0);
        assert_eq!(text_similarity("a b", "c d"), 0.0);
        assert!(text_similarity("Council votes", "Council votes to fix the bridge") < 0.5);
    }

    #[test]
    fn double_breaks_become_paragraphs() {
        let page = HtmlElement::new("html").with_child(
            HtmlElement::new("body").with_child(
                HtmlElement::new("div")
                    .with_text("first")
                    .with_child(HtmlElement::new("br"))
                    .with_child(HtmlElement::new("br"))
                    .with_text("second"),
            ),
        );
        let mut dom = Dom::build(&page);
        let body = body_of(&dom).unwrap();
        replace_double_breaks(&mut dom, body);
        let paragraphs = dom.descendants_with_tags(body, &["p"]);
        assert_eq!(paragraphs.len(), 1);
        assert_eq!(dom.inner_text(paragraphs[0]), "second");
    }
}
