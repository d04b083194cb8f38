//! Reader-mode extraction of an article from an HTML page.
//!
//! The page arrives as a small tree ([`HtmlElement`]): tag names, a handful
//! of attributes that matter for reading ([`KEPT_ATTRIBUTES`]) and text. The
//! browser layer builds it from `DOMParser` output; native tests build it
//! with an HTML parser. Nothing else of the page survives into the tree, so
//! no script, style, event handler or `javascript:` address can reach the
//! article: the result holds text and block structure only.
//!
//! Extraction follows the idea of Mozilla's Readability: drop elements that
//! never hold the story (scripts, navigation, footers, forms, ads, cookie
//! banners, related links), score containers by the paragraphs they hold
//! (text length, commas, link density, class/id hints, `<article>`/`<main>`),
//! keep the best container and its strong siblings, then read it block by
//! block: headings (h2–h6) stay headings, block quotes stay block quotes.
//! Metadata comes from `<meta>` tags, `<link rel=canonical>`, `<time>` and
//! byline markup.
//!
//! This module knows nothing of the DOM or the browser.

use std::fmt;

use crate::article::model::{collapse_whitespace, Article, ArticleMetadata, BlockKind};
use crate::time::MONTH_NAMES;

/// The largest page accepted for import, in bytes. Real news pages are well
/// under 2 MB; anything bigger is refused before it is parsed, so a huge or
/// hostile page cannot stall the tab.
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;

/// The only attributes the tree keeps. Everything else (event handlers,
/// `style`, `src`) is dropped when the tree is built.
pub const KEPT_ATTRIBUTES: [&str; 13] = [
    "class",
    "id",
    "role",
    "itemprop",
    "rel",
    "href",
    "datetime",
    "content",
    "name",
    "property",
    "hidden",
    "aria-hidden",
    "type",
];

/// Elements whose whole subtree is dropped: they never hold the story text,
/// and several of them could carry active content.
const DROPPED_TAGS: [&str; 26] = [
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "nav", "aside",
    "footer", "form", "button", "select", "input", "textarea", "svg", "math", "canvas", "template", "dialog", "link",
    "meta", "head", "figure",
];

/// One node of the page tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HtmlNode {
    /// An element and its subtree.
    Element(HtmlElement),
    /// A run of text.
    Text(String),
}

/// An element: lower-case tag name, its kept attributes, its children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlElement {
    /// Lower-case tag name ("p", "div").
    pub tag: String,
    /// `(name, value)` pairs, only names in [`KEPT_ATTRIBUTES`].
    pub attributes: Vec<(String, String)>,
    /// Child nodes in document order.
    pub children: Vec<HtmlNode>,
}

impl HtmlElement {
    /// An element with no attributes or children.
    pub fn new(tag: &str) -> HtmlElement {
        HtmlElement { tag: tag.to_ascii_lowercase(), attributes: Vec::new(), children: Vec::new() }
    }

    /// Adds an attribute if it is one the tree keeps.
    pub fn set_attribute(&mut self, name: &str, value: &str) {
        let name = name.to_ascii_lowercase();
        if KEPT_ATTRIBUTES.contains(&name.as_str()) {
            self.attributes.push((name, value.to_string()));
        }
    }

    /// The value of attribute `name`, if present.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Builder form of [`HtmlElement::set_attribute`].
    pub fn with_attribute(mut self, name: &str, value: &str) -> HtmlElement {
        self.set_attribute(name, value);
        self
    }

    /// Builder: appends a child element.
    pub fn with_child(mut self, child: HtmlElement) -> HtmlElement {
        self.children.push(HtmlNode::Element(child));
        self
    }

    /// Builder: appends a text node.
    pub fn with_text(mut self, text: &str) -> HtmlElement {
        self.children.push(HtmlNode::Text(text.to_string()));
        self
    }
}

/// Why a page could not be read as an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReaderError {
    /// The page is larger than [`MAX_IMPORT_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// Nothing that reads like article text was found.
    NoArticleText,
}

impl fmt::Display for ReaderError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReaderError::TooLarge { bytes } => write!(
                formatter,
                "This page is {} MB, more than the {} MB claimmark accepts. Save the article text alone (for example with your browser's reader view) and add that instead.",
                megabytes(*bytes),
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            ReaderError::NoArticleText => write!(
                formatter,
                "No article text was found in this page. Try copying the article's paragraphs and pasting them as plain text."
            ),
        }
    }
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// Refuses input larger than [`MAX_IMPORT_BYTES`]; call before parsing.
pub fn check_import_size(bytes: usize) -> Result<(), ReaderError> {
    if bytes > MAX_IMPORT_BYTES {
        Err(ReaderError::TooLarge { bytes })
    } else {
        Ok(())
    }
}

/// Reads the article in `document` (the `<html>` element). `known_source`
/// is used when the page names no address of its own.
pub fn read_html_article(document: &HtmlElement, known_source: Option<&str>) -> Result<Article, ReaderError> {
    let arena = Arena::build(document, true);
    let mut metadata = read_metadata(&arena);
    if metadata.source_url.is_none() {
        metadata.source_url = known_source.and_then(safe_web_address);
    }
    let mut body_blocks = arena.article_blocks(&metadata);
    // As Readability does: when dropping elements by their class and id
    // hints leaves too little text, a wrapper was misjudged; try without.
    let text_length: usize = body_blocks.iter().map(|(_, text)| text.chars().count()).sum();
    if text_length < 500 {
        let retry = Arena::build(document, false).article_blocks(&metadata);
        let retry_length: usize = retry.iter().map(|(_, text)| text.chars().count()).sum();
        if retry_length >= 500 && retry_length > text_length * 2 {
            body_blocks = retry;
        }
    }
    if body_blocks.is_empty() {
        return Err(ReaderError::NoArticleText);
    }
    if metadata.title.is_empty() {
        metadata.title = body_blocks[0].1.chars().take(120).collect();
    }
    let mut blocks = vec![(BlockKind::Headline, metadata.title.clone())];
    blocks.extend(body_blocks);
    Ok(Article::new(metadata, blocks))
}

/// An address kept only when it is plain `http:`/`https:`.
fn safe_web_address(address: &str) -> Option<String> {
    let trimmed = address.trim();
    let lower = trimmed.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        .then(|| trimmed.to_string())
        .filter(|value| !value.chars().any(char::is_whitespace))
}

#[derive(Clone, Debug)]
enum Child {
    Element(usize),
    Text(String),
}

#[derive(Clone, Debug)]
struct Node {
    tag: String,
    attributes: Vec<(String, String)>,
    parent: Option<usize>,
    children: Vec<Child>,
    /// Dropped as never holding the story (tag, hint, hidden).
    dropped: bool,
}

impl Node {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    fn class_and_id(&self) -> String {
        format!("{} {}", self.attribute("class").unwrap_or(""), self.attribute("id").unwrap_or("")).to_ascii_lowercase()
    }
}

/// The page flattened into indexable nodes with parent links, for scoring.
struct Arena {
    nodes: Vec<Node>,
}

const UNLIKELY_HINTS: [&str; 33] = [
    "-ad-",
    "ad-slot",
    "advert",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cookie",
    "consent",
    "disqus",
    "footer",
    "gdpr",
    "menu",
    "masthead",
    "newsletter",
    "related",
    "remark",
    "replies",
    "rss",
    "share",
    "sharing",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "subscribe",
    "promo",
    "popup",
    "pagination",
    "pager",
    "most-read",
    "outbrain",
];
const MAYBE_HINTS: [&str; 6] = ["and", "article", "body", "column", "content", "main"];
const POSITIVE_HINTS: [&str; 9] = ["article", "body", "content", "entry", "main", "page", "post", "text", "story"];
const NEGATIVE_HINTS: [&str; 16] = [
    "hidden", "banner", "combx", "comment", "foot", "footer", "footnote", "masthead", "media", "meta", "promo",
    "related", "share", "shoutbox", "sidebar", "sponsor",
];
const DROPPED_ROLES: [&str; 8] =
    ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", "banner"];

fn has_any_hint(class_and_id: &str, hints: &[&str]) -> bool {
    hints.iter().any(|hint| class_and_id.contains(hint))
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

const BLOCK_TAGS: [&str; 27] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "pre",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
];

fn is_block_tag(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag) || matches!(tag, "hr" | "address" | "body" | "html")
}

impl Arena {
    fn build(document: &HtmlElement, drop_by_hints: bool) -> Arena {
        let mut arena = Arena { nodes: Vec::new() };
        arena.add(document, None, false, drop_by_hints);
        arena
    }

    fn add(
        &mut self,
        element: &HtmlElement,
        parent: Option<usize>,
        parent_dropped: bool,
        drop_by_hints: bool,
    ) -> usize {
        let index = self.nodes.len();
        let dropped = parent_dropped || Self::drops(element, drop_by_hints);
        self.nodes.push(Node {
            tag: element.tag.clone(),
            attributes: element.attributes.clone(),
            parent,
            children: Vec::new(),
            dropped,
        });
        for child in &element.children {
            let child = match child {
                HtmlNode::Element(child) => Child::Element(self.add(child, Some(index), dropped, drop_by_hints)),
                HtmlNode::Text(text) => Child::Text(text.clone()),
            };
            self.nodes[index].children.push(child);
        }
        index
    }

    fn drops(element: &HtmlElement, drop_by_hints: bool) -> bool {
        let tag = element.tag.as_str();
        if DROPPED_TAGS.contains(&tag) {
            return true;
        }
        if element.attribute("hidden").is_some() || element.attribute("aria-hidden") == Some("true") {
            return true;
        }
        if element.attribute("role").is_some_and(|role| DROPPED_ROLES.contains(&role.to_ascii_lowercase().as_str())) {
            return true;
        }
        if !drop_by_hints || matches!(tag, "body" | "html" | "article" | "main" | "a") {
            return false;
        }
        let class_and_id =
            format!("{} {}", element.attribute("class").unwrap_or(""), element.attribute("id").unwrap_or(""))
                .to_ascii_lowercase();
        has_any_hint(&class_and_id, &UNLIKELY_HINTS) && !has_any_hint(&class_and_id, &MAYBE_HINTS)
    }

    /// All text under `index` (dropped subtrees included when `include_dropped`).
    fn text_of(&self, index: usize, include_dropped: bool) -> String {
        let mut text = String::new();
        self.collect_text(index, include_dropped, &mut text);
        collapse_whitespace(&text)
    }

    fn collect_text(&self, index: usize, include_dropped: bool, into: &mut String) {
        let node = &self.nodes[index];
        if node.dropped && !include_dropped && !matches!(node.tag.as_str(), "head") {
            return;
        }
        if node.tag == "br" {
            into.push(' ');
        }
        for child in &node.children {
            match child {
                Child::Text(text) => into.push_str(text),
                Child::Element(child) => {
                    if is_block_tag(&self.nodes[*child].tag) {
                        into.push(' ');
                    }
                    self.collect_text(*child, include_dropped, into);
                    if is_block_tag(&self.nodes[*child].tag) {
                        into.push(' ');
                    }
                }
            }
        }
    }

    /// Code points of link text under `index`.
    fn link_text_length(&self, index: usize) -> usize {
        let node = &self.nodes[index];
        if node.dropped {
            return 0;
        }
        if node.tag == "a" {
            return self.text_of(index, false).chars().count();
        }
        node.children
            .iter()
            .map(|child| match child {
                Child::Element(child) => self.link_text_length(*child),
                Child::Text(_) => 0,
            })
            .sum()
    }

    fn link_density(&self, index: usize) -> f64 {
        let length = self.text_of(index, false).chars().count();
        if length == 0 {
            return 0.0;
        }
        self.link_text_length(index) as f64 / length as f64
    }

    fn find_all(&self, predicate: impl Fn(&Node) -> bool) -> Vec<usize> {
        (0..self.nodes.len()).filter(|&index| predicate(&self.nodes[index])).collect()
    }

    fn is_inside_dropped_or_head(&self, index: usize) -> bool {
        let mut current = Some(index);
        while let Some(at) = current {
            if self.nodes[at].tag == "head" {
                return true;
            }
            current = self.nodes[at].parent;
        }
        false
    }

    fn class_weight(&self, index: usize) -> f64 {
        let class_and_id = self.nodes[index].class_and_id();
        let mut weight = 0.0;
        if has_any_hint(&class_and_id, &POSITIVE_HINTS) {
            weight += 25.0;
        }
        if has_any_hint(&class_and_id, &NEGATIVE_HINTS) {
            weight -= 25.0;
        }
        weight
    }

    fn initial_score(&self, index: usize) -> f64 {
        let tag = self.nodes[index].tag.as_str();
        let by_tag = match tag {
            "article" | "main" => 10.0,
            "div" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        let by_role = if self.nodes[index].attribute("role") == Some("main") { 10.0 } else { 0.0 };
        by_tag + by_role + self.class_weight(index)
    }

    /// Paragraph-like elements: `<p>`, `<pre>`, `<td>`, and `<div>`s whose
    /// children are all inline.
    fn is_scorable(&self, index: usize) -> bool {
        let node = &self.nodes[index];
        if node.dropped {
            return false;
        }
        match node.tag.as_str() {
            "p" | "pre" | "td" => true,
            "div" | "section" => !node.children.iter().any(|child| match child {
                Child::Element(child) => is_block_tag(&self.nodes[*child].tag),
                Child::Text(_) => false,
            }),
            _ => false,
        }
    }

    /// The index of the element most likely to hold the story.
    fn top_candidate(&self) -> Option<usize> {
        let mut scores: Vec<Option<f64>> = vec![None; self.nodes.len()];
        for index in 0..self.nodes.len() {
            if !self.is_scorable(index) || self.is_inside_dropped_or_head(index) {
                continue;
            }
            let text = self.text_of(index, false);
            let length = text.chars().count();
            if length < 25 {
                continue;
            }
            let commas = text.chars().filter(|character| matches!(character, ',' | '，' | '、')).count();
            let score = 1.0 + commas as f64 + (length as f64 / 100.0).floor().min(3.0);
            let mut ancestor = self.nodes[index].parent;
            let mut level = 0;
            while let Some(at) = ancestor {
                if level >= 5 {
                    break;
                }
                let entry = scores[at].get_or_insert_with(|| self.initial_score(at));
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    _ => level as f64 * 3.0,
                };
                *entry += score / divider;
                ancestor = self.nodes[at].parent;
                level += 1;
            }
        }
        let mut best: Option<(usize, f64)> = None;
        for (index, score) in scores.iter().enumerate() {
            let Some(score) = score else { continue };
            if self.nodes[index].dropped || matches!(self.nodes[index].tag.as_str(), "html") {
                continue;
            }
            let adjusted = score * (1.0 - self.link_density(index));
            if best.is_none_or(|(_, best_score)| adjusted > best_score) {
                best = Some((index, adjusted));
            }
        }
        best.map(|(index, _)| index)
    }

    /// The story's blocks in reading order.
    fn article_blocks(&self, metadata: &ArticleMetadata) -> Vec<(BlockKind, String)> {
        let Some(top) = self.top_candidate() else { return Vec::new() };
        // A candidate whose parent holds much of its text in sibling
        // paragraphs (a story split across sibling divs) widens to the parent.
        let mut container = top;
        if let Some(parent) = self.nodes[top].parent {
            let parent_length = self.text_of(parent, false).chars().count();
            let top_length = self.text_of(top, false).chars().count();
            let parent_is_page = matches!(self.nodes[parent].tag.as_str(), "body" | "html");
            if !parent_is_page && top_length * 10 < parent_length * 7 && self.link_density(parent) < 0.25 {
                container = parent;
            }
        }
        let mut blocks = Vec::new();
        self.read_blocks(container, &mut blocks);
        let title = metadata.title.to_lowercase();
        let byline = metadata.byline.as_deref().map(str::to_lowercase);
        let mut seen_body = false;
        blocks
            .into_iter()
            .filter(|(kind, text)| {
                let lower = text.to_lowercase();
                let is_date_line = text.chars().count() < 60 && normalize_date(text).is_some();
                if !seen_body
                    && (lower == title
                        || is_date_line
                        || byline.as_ref().is_some_and(|byline| is_byline_text(&lower, byline)))
                {
                    return false;
                }
                if !seen_body && *kind == BlockKind::Paragraph {
                    seen_body = true;
                }
                !is_boilerplate_line(&lower)
            })
            .collect()
    }

    fn read_blocks(&self, index: usize, into: &mut Vec<(BlockKind, String)>) {
        let node = &self.nodes[index];
        if node.dropped {
            return;
        }
        let tag = node.tag.as_str();
        if is_heading(tag) {
            push_block(into, BlockKind::Heading, self.text_of(index, false));
            return;
        }
        if tag == "blockquote" {
            if self.link_density(index) < 0.5 {
                push_block(into, BlockKind::BlockQuote, self.text_of(index, false));
            }
            return;
        }
        let has_block_children = node.children.iter().any(|child| match child {
            Child::Element(child) => is_block_tag(&self.nodes[*child].tag),
            Child::Text(_) => false,
        });
        if !has_block_children {
            let text = self.text_of(index, false);
            if !text.is_empty() && self.keeps_paragraph(index, &text) {
                push_block(into, BlockKind::Paragraph, text);
            }
            return;
        }
        // Mixed content: runs of inline children form paragraphs between blocks.
        let mut inline_run = String::new();
        let mut inline_links = 0;
        for child in &node.children {
            match child {
                Child::Text(text) => inline_run.push_str(text),
                Child::Element(child) if !is_block_tag(&self.nodes[*child].tag) => {
                    if !self.nodes[*child].dropped {
                        let mut text = String::new();
                        self.collect_text(*child, false, &mut text);
                        inline_run.push_str(&text);
                        inline_links += self.link_text_length(*child);
                    }
                }
                Child::Element(child) => {
                    flush_inline_run(&mut inline_run, &mut inline_links, into);
                    self.read_blocks(*child, into);
                }
            }
        }
        flush_inline_run(&mut inline_run, &mut inline_links, into);
    }

    /// Whether a leaf block is story text rather than a list of links.
    fn keeps_paragraph(&self, index: usize, text: &str) -> bool {
        let density = self.link_density(index);
        let length = text.chars().count();
        if self.nodes[index].tag == "li" {
            return density < 0.3 && length > 40;
        }
        density < 0.5 || length > 300
    }
}

fn flush_inline_run(run: &mut String, links: &mut usize, into: &mut Vec<(BlockKind, String)>) {
    let text = collapse_whitespace(run);
    let length = text.chars().count();
    if length > 0 && (*links as f64) < length as f64 * 0.5 {
        push_block(into, BlockKind::Paragraph, text);
    }
    run.clear();
    *links = 0;
}

fn push_block(into: &mut Vec<(BlockKind, String)>, kind: BlockKind, text: String) {
    let text = collapse_whitespace(&text);
    if !text.is_empty() {
        into.push((kind, text));
    }
}

fn is_byline_text(lower: &str, byline: &str) -> bool {
    lower.chars().count() < 120 && (lower.contains(byline) || lower.starts_with("by "))
}

/// Short lines that are page furniture even inside the story container.
fn is_boilerplate_line(lower: &str) -> bool {
    const FURNITURE: [&str; 14] = [
        "advertisement",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "read more",
        "related articles",
        "sign up for our newsletter",
        "subscribe to our newsletter",
        "skip to main content",
        "skip to content",
        "we use cookies",
        "accept cookies",
        "continue reading",
    ];
    lower.chars().count() < 100 && FURNITURE.iter().any(|phrase| lower.starts_with(phrase))
}

fn read_metadata(arena: &Arena) -> ArticleMetadata {
    let meta = |keys: &[&str]| -> Option<String> {
        for key in keys {
            for node in &arena.nodes {
                if node.tag != "meta" {
                    continue;
                }
                let name = node.attribute("property").or_else(|| node.attribute("name")).or(node.attribute("itemprop"));
                if name.is_some_and(|name| name.eq_ignore_ascii_case(key)) {
                    if let Some(content) = node.attribute("content").map(collapse_whitespace).filter(|c| !c.is_empty())
                    {
                        return Some(content);
                    }
                }
            }
        }
        None
    };
    let body_h1 = arena
        .find_all(|node| node.tag == "h1" && !node.dropped)
        .into_iter()
        .map(|index| arena.text_of(index, false))
        .find(|text| !text.is_empty());
    let document_title = arena
        .find_all(|node| node.tag == "title")
        .into_iter()
        .map(|index| arena.text_of(index, true))
        .find(|text| !text.is_empty());
    // The page's <h1> wins over <title> when <title> is just the site's
    // name or the headline with the site's name around it.
    let title = meta(&["og:title", "dc:title", "twitter:title"])
        .or_else(|| match (&document_title, &body_h1) {
            (Some(document_title), Some(h1))
                if document_title.contains(h1.as_str()) || document_title.split_whitespace().count() < 4 =>
            {
                Some(h1.clone())
            }
            (Some(document_title), _) => Some(strip_site_suffix(document_title)).filter(|title| !title.is_empty()),
            (None, h1) => h1.clone(),
        })
        .unwrap_or_default();

    let byline = meta(&["author", "dc:creator", "article:author_name", "parsely-author", "sailthru.author"])
        .filter(|author| !author.starts_with("http"))
        .or_else(|| byline_from_markup(arena))
        .map(|byline| clean_byline(&byline))
        .filter(|byline| !byline.is_empty());

    let date_value = meta(&[
        "article:published_time",
        "datePublished",
        "date",
        "pubdate",
        "publishdate",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
    ])
    .or_else(|| {
        arena.find_all(|node| node.tag == "time").into_iter().find_map(|index| {
            let node = &arena.nodes[index];
            node.attribute("datetime").map(str::to_string).or_else(|| Some(arena.text_of(index, true)))
        })
    })
    .or_else(|| {
        arena
            .find_all(|node| {
                let hints = node.class_and_id();
                !node.dropped && (hints.contains("dateline") || hints.contains("date") || hints.contains("published"))
            })
            .into_iter()
            .map(|index| arena.text_of(index, false))
            .find(|text| normalize_date(text).is_some())
    });
    let published = date_value.as_deref().and_then(normalize_date);

    let canonical = arena
        .find_all(|node| {
            node.tag == "link" && node.attribute("rel").is_some_and(|rel| rel.eq_ignore_ascii_case("canonical"))
        })
        .into_iter()
        .find_map(|index| arena.nodes[index].attribute("href").and_then(safe_web_address));
    let source_url = canonical.or_else(|| meta(&["og:url"]).as_deref().and_then(safe_web_address));
    let outlet = meta(&["og:site_name", "application-name"]);

    ArticleMetadata { title, byline, dateline: None, outlet, published, source_url }
}

fn byline_from_markup(arena: &Arena) -> Option<String> {
    arena
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| !node.dropped && node.tag != "meta" && node.tag != "link")
        .filter(|(_, node)| {
            let hints = node.class_and_id();
            node.attribute("rel").is_some_and(|rel| rel.eq_ignore_ascii_case("author"))
                || node.attribute("itemprop").is_some_and(|prop| prop.to_ascii_lowercase().contains("author"))
                || hints.contains("byline")
                || hints.contains("author")
                || hints.contains("writtenby")
        })
        .map(|(index, _)| arena.text_of(index, false))
        .find(|text| !text.is_empty() && text.chars().count() < 100)
}

/// "By Jane Doe | Staff writer" → "Jane Doe | Staff writer"; drops a leading "By".
fn clean_byline(raw: &str) -> String {
    let text = collapse_whitespace(raw);
    let lower = text.to_lowercase();
    let without_by = if lower.starts_with("by ") { text[3..].trim().to_string() } else { text };
    without_by.trim_end_matches([',', ';', '|']).trim().to_string()
}

/// "Tax reform passes | The Daily Planet" → "Tax reform passes". The site's
/// name is cut only when what is left still reads like a headline.
fn strip_site_suffix(title: &str) -> String {
    let title = collapse_whitespace(title);
    for separator in [" | ", " – ", " — ", " - ", " :: ", " » ", " / "] {
        if let Some(position) = title.rfind(separator) {
            let head = title[..position].trim();
            if head.split_whitespace().count() >= 3 {
                return head.to_string();
            }
        }
    }
    title
}

/// A date as `yyyy-mm-dd` from ISO dates ("2021-03-04T10:00Z"),
/// "2021/03/04", "March 4, 2021", "4 March 2021", "Mar. 4, 2021", "04.03.2021".
pub fn normalize_date(raw: &str) -> Option<String> {
    let text = collapse_whitespace(raw);
    let digits: Vec<char> = text.chars().collect();
    // ISO-like yyyy-mm-dd or yyyy/mm/dd anywhere in the text.
    for start in 0..digits.len() {
        if digits.len() < start + 10 {
            break;
        }
        let window: String = digits[start..start + 10].iter().collect();
        let bytes = window.as_bytes();
        if window.len() == 10
            && bytes[..4].iter().all(u8::is_ascii_digit)
            && (bytes[4] == b'-' || bytes[4] == b'/')
            && bytes[7] == bytes[4]
            && bytes[5..7].iter().all(u8::is_ascii_digit)
            && bytes[8..10].iter().all(u8::is_ascii_digit)
        {
            let year: u32 = window[..4].parse().ok()?;
            let month: u32 = window[5..7].parse().ok()?;
            let day: u32 = window[8..10].parse().ok()?;
            if let Some(date) = valid_date(year, month, day) {
                return Some(date);
            }
        }
    }
    let words: Vec<String> = text
        .split(|character: char| character.is_whitespace() || character == ',')
        .filter(|word| !word.is_empty())
        .map(|word| word.trim_end_matches('.').to_lowercase())
        .collect();
    let month_of = |word: &str| -> Option<u32> {
        if word.len() < 3 {
            return None;
        }
        MONTH_NAMES
            .iter()
            .position(|name| name.to_lowercase().starts_with(word) || word == name.to_lowercase())
            .map(|index| index as u32 + 1)
            .filter(|_| word.len() >= 3)
    };
    let number = |word: &str| -> Option<u32> {
        let trimmed = word.trim_end_matches(|character: char| character.is_ascii_alphabetic());
        trimmed.parse().ok()
    };
    for index in 0..words.len() {
        let Some(month) = month_of(&words[index]) else { continue };
        // "March 4, 2021"
        if let (Some(day), Some(year)) =
            (words.get(index + 1).and_then(|word| number(word)), words.get(index + 2).and_then(|word| number(word)))
        {
            if let Some(date) = valid_date(year, month, day) {
                return Some(date);
            }
        }
        // "4 March 2021"
        if index > 0 {
            if let (Some(day), Some(year)) =
                (number(&words[index - 1]), words.get(index + 1).and_then(|word| number(word)))
            {
                if let Some(date) = valid_date(year, month, day) {
                    return Some(date);
                }
            }
        }
    }
    // "04.03.2021" (day first, as printed across Europe).
    for word in &words {
        let parts: Vec<&str> = word.split('.').collect();
        if parts.len() == 3 {
            if let (Ok(day), Ok(month), Ok(year)) = (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
                if let Some(date) = valid_date(year, month, day) {
                    return Some(date);
                }
            }
        }
    }
    None
}

fn valid_date(year: u32, month: u32, day: u32) -> Option<String> {
    ((1900..=2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> HtmlElement {
        HtmlElement::new("p").with_text(text)
    }

    fn page(body: HtmlElement) -> HtmlElement {
        HtmlElement::new("html")
            .with_child(
                HtmlElement::new("head")
                    .with_child(HtmlElement::new("title").with_text("Council votes to fix the bridge | Town Crier")),
            )
            .with_child(body)
    }

    const LONG: &str = "The council voted on Tuesday, after a long debate, to spend four million on the bridge, which has been closed since spring.";

    #[test]
    fn the_story_container_wins_over_navigation_and_footer() {
        let body = HtmlElement::new("body")
            .with_child(
                HtmlElement::new("nav").with_child(HtmlElement::new("a").with_attribute("href", "/").with_text("Home")),
            )
            .with_child(
                HtmlElement::new("div")
                    .with_attribute("class", "story-body")
                    .with_child(HtmlElement::new("h1").with_text("Council votes to fix the bridge"))
                    .with_child(paragraph(LONG))
                    .with_child(HtmlElement::new("h2").with_text("What happens next"))
                    .with_child(
                        HtmlElement::new("blockquote").with_text("We will reopen it by winter, said the mayor."),
                    )
                    .with_child(paragraph(LONG)),
            )
            .with_child(HtmlElement::new("footer").with_text("Copyright Town Crier"));
        let article = read_html_article(&page(body), None).unwrap();
        let kinds: Vec<(BlockKind, &str)> =
            article.blocks.iter().map(|block| (block.kind, block.text.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Headline, "Council votes to fix the bridge"),
                (BlockKind::Paragraph, LONG),
                (BlockKind::Heading, "What happens next"),
                (BlockKind::BlockQuote, "We will reopen it by winter, said the mayor."),
                (BlockKind::Paragraph, LONG),
            ]
        );
    }

    #[test]
    fn scripts_and_handlers_never_reach_the_article() {
        let mut image = HtmlElement::new("img");
        image.set_attribute("onerror", "alert(1)");
        image.set_attribute("src", "x");
        assert!(image.attributes.is_empty(), "event handlers and sources are not kept");
        let body = HtmlElement::new("body").with_child(
            HtmlElement::new("article")
                .with_child(HtmlElement::new("script").with_text("alert('owned')"))
                .with_child(HtmlElement::new("style").with_text("p { background: expression(alert(1)) }"))
                .with_child(paragraph(LONG))
                .with_child(image),
        );
        let article = read_html_article(&page(body), None).unwrap();
        assert!(!article.canonical_text().contains("alert"));
        assert!(!article.canonical_text().contains("expression"));
    }

    #[test]
    fn javascript_addresses_are_not_taken_as_the_source() {
        let head = HtmlElement::new("head").with_child(
            HtmlElement::new("link").with_attribute("rel", "canonical").with_attribute("href", "javascript:alert(1)"),
        );
        let document = HtmlElement::new("html")
            .with_child(head)
            .with_child(HtmlElement::new("body").with_child(HtmlElement::new("article").with_child(paragraph(LONG))));
        let article = read_html_article(&document, Some("javascript:void(0)")).unwrap();
        assert_eq!(article.metadata.source_url, None);
        let article = read_html_article(&document, Some("https://example.org/a")).unwrap();
        assert_eq!(article.metadata.source_url.as_deref(), Some("https://example.org/a"));
    }

    #[test]
    fn a_page_without_text_is_refused() {
        let document = HtmlElement::new("html").with_child(HtmlElement::new("body").with_child(
            HtmlElement::new("nav").with_child(HtmlElement::new("a").with_attribute("href", "/").with_text("Home")),
        ));
        assert_eq!(read_html_article(&document, None), Err(ReaderError::NoArticleText));
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        assert!(check_import_size(MAX_IMPORT_BYTES).is_ok());
        let error = check_import_size(20 * 1024 * 1024).unwrap_err();
        assert_eq!(error, ReaderError::TooLarge { bytes: 20 * 1024 * 1024 });
        assert!(error.to_string().contains("20.0 MB"), "{error}");
    }

    #[test]
    fn dates_in_several_formats_are_normalised() {
        assert_eq!(normalize_date("2021-03-04T10:00:00Z").as_deref(), Some("2021-03-04"));
        assert_eq!(normalize_date("Published 2021/03/04").as_deref(), Some("2021-03-04"));
        assert_eq!(normalize_date("March 4, 2021").as_deref(), Some("2021-03-04"));
        assert_eq!(normalize_date("Updated Mar. 4, 2021 10:05 a.m.").as_deref(), Some("2021-03-04"));
        assert_eq!(normalize_date("4 March 2021").as_deref(), Some("2021-03-04"));
        assert_eq!(normalize_date("04.03.2021").as_deref(), Some("2021-03-04"));
        assert_eq!(normalize_date("yesterday"), None);
        assert_eq!(normalize_date("2021-13-40"), None);
    }

    #[test]
    fn the_site_name_is_cut_from_the_document_title() {
        assert_eq!(
            strip_site_suffix("Council votes to fix the bridge | Town Crier"),
            "Council votes to fix the bridge"
        );
        assert_eq!(strip_site_suffix("Home - Town Crier"), "Home - Town Crier");
    }

    #[test]
    fn bylines_lose_their_by() {
        assert_eq!(clean_byline("  By  Jane Doe, "), "Jane Doe");
        assert_eq!(clean_byline("Jane Doe"), "Jane Doe");
    }
}
