//! Reader-mode extraction of an article from an HTML page.
//!
//! The page arrives as a small tree ([`HtmlElement`]): tag names, a handful
//! of attributes that matter for reading ([`KEPT_ATTRIBUTES`]) and text. The
//! browser layer builds it from `DOMParser` output; native tests build it
//! with an HTML parser. Nothing else of the page survives into the tree, so
//! no script, style, event handler or `javascript:` address can reach the
//! article: the result holds text and block structure only.
//!
//! Extraction follows Mozilla's Readability ([`content`]): hidden and
//! unlikely elements (navigation, comments, related links, consent banners)
//! are dropped, paragraphs are scored by their text, commas and links, the
//! best container wins, and those of its siblings that carry the same story
//! are merged into it (an article split by a photo, an ad or a "read more"
//! fold stays whole). What was kept is cleaned of galleries, link lists,
//! forms and share bars, then read block by block: paragraphs, headings,
//! block quotes and photo captions. Title, byline, date, outlet and address
//! come from [`metadata`]: `<meta>` tags, JSON-LD, `<title>`, and the
//! headline and byline the page shows.
//!
//! This module knows nothing of the DOM or the browser.

mod content;
mod metadata;

use std::fmt;

use crate::article::model::{collapse_whitespace, Article, ArticleMetadata, BlockKind};

pub use metadata::{clean_byline, normalize_date};

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

/// The attributes a tree builder passes to [`HtmlElement::set_attribute`]:
/// the kept ones, and `style`, which is never kept but marks an element it
/// hides (`display: none`, `visibility: hidden`) as `hidden`.
pub const READ_ATTRIBUTES: [&str; 14] = [
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
    "style",
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

    /// Adds an attribute if it is one the tree keeps. A `style` that hides
    /// the element is kept as `hidden` instead.
    pub fn set_attribute(&mut self, name: &str, value: &str) {
        let name = name.to_ascii_lowercase();
        if name == "style" {
            if style_hides(value) && self.attribute("hidden").is_none() {
                self.attributes.push(("hidden".to_string(), String::new()));
            }
        } else if KEPT_ATTRIBUTES.contains(&name.as_str()) {
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

/// Whether an inline style hides its element, as Readability checks.
fn style_hides(style: &str) -> bool {
    let compact: String =
        style.chars().filter(|character| !character.is_whitespace()).collect::<String>().to_ascii_lowercase();
    compact.split(';').any(|declaration| {
        let declaration = declaration.trim_end_matches("!important");
        declaration == "display:none" || declaration == "visibility:hidden"
    })
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
    let facts = metadata::PageFacts::collect(document);
    let page = content::Dom::build(document);
    let page_title = metadata::page_title(&facts, &page);
    let provisional_title = metadata::first_title(&facts, &page_title);
    let grabbed = content::grab_article(document, &provisional_title).ok_or(ReaderError::NoArticleText)?;
    let story = grabbed.top_candidate.filter(|&id| page.holds(id));
    let mut title = metadata::choose_title(&facts, &page, &page_title, story);
    let byline = metadata::choose_byline(&facts, &page, story, &title);
    let mut article_metadata = ArticleMetadata {
        title: title.clone(),
        byline,
        dateline: None,
        outlet: metadata::outlet(&facts),
        published: metadata::published_date(&facts, &page),
        source_url: metadata::source_address(&facts).or_else(|| known_source.and_then(metadata::safe_web_address)),
    };
    let body_blocks = tidy_blocks(content::read_content_blocks(&grabbed.dom, grabbed.content), &article_metadata);
    if body_blocks.is_empty() {
        return Err(ReaderError::NoArticleText);
    }
    if title.is_empty() {
        title = body_blocks[0].1.chars().take(120).collect();
        article_metadata.title = title.clone();
    }
    let mut blocks = vec![(BlockKind::Headline, title)];
    blocks.extend(body_blocks);
    Ok(Article::new(article_metadata, blocks))
}

/// Drops what the article already shows apart (the headline, the byline,
/// the date line above the first paragraph) and page furniture lines.
fn tidy_blocks(blocks: Vec<(BlockKind, String)>, metadata: &ArticleMetadata) -> Vec<(BlockKind, String)> {
    let title = collapse_whitespace(&metadata.title).to_lowercase();
    let byline = metadata.byline.as_deref().map(str::to_lowercase);
    let mut seen_body = false;
    blocks
        .into_iter()
        .filter(|(kind, text)| {
            let lower = text.to_lowercase();
            let is_date_line = || text.chars().count() < 60 && normalize_date(text).is_some();
            if !seen_body
                && *kind != BlockKind::Caption
                && (lower == title
                    || byline.as_ref().is_some_and(|byline| is_byline_text(&lower, byline))
                    || is_date_line())
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    fn titled_page(head: HtmlElement, body: HtmlElement) -> HtmlElement {
        HtmlElement::new("html").with_child(head).with_child(body)
    }

    fn head_with(title: &str) -> HtmlElement {
        HtmlElement::new("head").with_child(HtmlElement::new("title").with_text(title))
    }

    fn meta(property: &str, content: &str) -> HtmlElement {
        HtmlElement::new("meta").with_attribute("property", property).with_attribute("content", content)
    }

    fn story(paragraphs: usize) -> HtmlElement {
        let mut body = HtmlElement::new("div").with_attribute("class", "story-body");
        for _ in 0..paragraphs {
            body = body.with_child(paragraph(LONG));
        }
        body
    }

    fn title_of(document: &HtmlElement) -> String {
        read_html_article(document, None).unwrap().metadata.title
    }

    #[test]
    fn the_site_name_is_cut_from_the_document_title() {
        let body = HtmlElement::new("body").with_child(story(5));
        assert_eq!(
            title_of(&titled_page(head_with("Council votes to fix the bridge | Town Crier"), body.clone())),
            "Council votes to fix the bridge"
        );
        // Too little would be left: the whole title stays.
        assert_eq!(title_of(&titled_page(head_with("Home - Town Crier"), body)), "Home - Town Crier");
    }

    #[test]
    fn a_social_og_title_gives_way_to_the_headline_the_page_shows() {
        let body = HtmlElement::new("body")
            .with_child(HtmlElement::new("h1").with_text("Council votes to fix the bridge"))
            .with_child(story(5));
        let social = head_with("Council votes to fix the bridge | Town Crier")
            .with_child(meta("og:title", "You will not believe what our council just did"));
        assert_eq!(title_of(&titled_page(social, body.clone())), "Council votes to fix the bridge");
        // An og:title that agrees with the page is taken as written.
        let agreeing = head_with("Council votes to fix the bridge | Town Crier")
            .with_child(meta("og:title", "Council votes to fix the old bridge"));
        assert_eq!(title_of(&titled_page(agreeing, body)), "Council votes to fix the old bridge");
    }

    #[test]
    fn a_story_split_by_a_figure_keeps_every_section() {
        let body = HtmlElement::new("body").with_child(
            HtmlElement::new("article")
                .with_child(story(3))
                .with_child(
                    HtmlElement::new("figure")
                        .with_child(HtmlElement::new("img"))
                        .with_child(HtmlElement::new("figcaption").with_text("The bridge, closed since spring.")),
                )
                .with_child(story(3))
                .with_child(
                    HtmlElement::new("div").with_attribute("class", "more-stories").with_child(
                        HtmlElement::new("ul")
                            .with_child(
                                HtmlElement::new("li").with_child(
                                    HtmlElement::new("a")
                                        .with_attribute("href", "/a")
                                        .with_text("Road closures this weekend"),
                                ),
                            )
                            .with_child(HtmlElement::new("li").with_child(
                                HtmlElement::new("a").with_attribute("href", "/b").with_text("School places shortfall"),
                            )),
                    ),
                ),
        );
        let article = read_html_article(&page(body), None).unwrap();
        let kinds: Vec<BlockKind> = article.blocks.iter().map(|block| block.kind).collect();
        assert_eq!(
            kinds,
            [
                vec![BlockKind::Headline],
                vec![BlockKind::Paragraph; 3],
                vec![BlockKind::Caption],
                vec![BlockKind::Paragraph; 3]
            ]
            .concat(),
            "{:#?}",
            article.blocks
        );
        assert_eq!(article.blocks[4].text, "The bridge, closed since spring.");
    }

    #[test]
    fn a_byline_in_a_related_links_box_is_never_taken() {
        let teaser = HtmlElement::new("div")
            .with_child(
                HtmlElement::new("a")
                    .with_attribute("href", "/other")
                    .with_text("Mayor opens the new library on Main Street"),
            )
            .with_child(HtmlElement::new("span").with_attribute("class", "byline").with_text("Other Writer"));
        let body = HtmlElement::new("body")
            .with_child(HtmlElement::new("div").with_attribute("class", "top-stories").with_child(teaser))
            .with_child(
                HtmlElement::new("article")
                    .with_child(HtmlElement::new("h1").with_text("Council votes to fix the bridge"))
                    .with_child(
                        HtmlElement::new("p").with_attribute("class", "byline").with_text("By Jane Doe, Staff Writer"),
                    )
                    .with_child(story(4)),
            );
        let head = head_with("Council votes to fix the bridge | Town Crier").with_child(
            HtmlElement::new("meta").with_attribute("name", "author").with_attribute("content", "Town Crier Staff"),
        );
        let article = read_html_article(&titled_page(head, body), None).unwrap();
        // The printed byline beats the meta author, and loses its "By" and job title.
        assert_eq!(article.metadata.byline.as_deref(), Some("Jane Doe"));
        assert!(!article.canonical_text().contains("Jane Doe"), "the byline is not repeated as body text");
        assert!(!article.canonical_text().contains("Other Writer"));
    }

    #[test]
    fn elements_a_style_hides_are_dropped() {
        let hidden =
            HtmlElement::new("p").with_attribute("style", "color: red; display : none").with_text("Hidden text.");
        assert_eq!(hidden.attribute("hidden"), Some(""), "the style itself is not kept");
        assert_eq!(hidden.attribute("style"), None);
        let body = HtmlElement::new("body").with_child(story(4).with_child(hidden));
        let article = read_html_article(&page(body), None).unwrap();
        assert!(!article.canonical_text().contains("Hidden text."));
    }

    #[test]
    fn bylines_lose_their_by() {
        assert_eq!(clean_byline("  By  Jane Doe, "), "Jane Doe");
        assert_eq!(clean_byline("Jane Doe"), "Jane Doe");
    }

    const RANDOM_TAGS: [&str; 24] = [
        "div",
        "p",
        "span",
        "a",
        "section",
        "article",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "ul",
        "li",
        "table",
        "tr",
        "td",
        "br",
        "img",
        "blockquote",
        "header",
        "nav",
        "aside",
        "time",
        "meta",
        "title",
    ];
    const RANDOM_ATTRIBUTES: [(&str, &str); 12] = [
        ("class", "byline"),
        ("class", "story-body content"),
        ("class", "related sidebar"),
        ("class", "wp-caption"),
        ("class", "share-bar"),
        ("class", "photo-gallery"),
        ("class", "author-bio"),
        ("rel", "author"),
        ("itemprop", "author name"),
        ("style", "display:none"),
        ("property", "og:title"),
        ("href", "#top"),
    ];

    fn random_tree() -> impl Strategy<Value = HtmlElement> {
        let text = "[a-zA-Z ,.:|\\-éß北😀\u{00a0}\n]{0,40}";
        let leaf = text.prop_map(|text| HtmlElement::new("span").with_text(&text));
        leaf.prop_recursive(6, 80, 6, move |inner| {
            (
                0..RANDOM_TAGS.len(),
                proptest::collection::vec(0..RANDOM_ATTRIBUTES.len(), 0..3),
                proptest::collection::vec(
                    prop_oneof![inner.prop_map(HtmlNode::Element), text.prop_map(HtmlNode::Text)],
                    0..6,
                ),
            )
                .prop_map(|(tag, attributes, children)| {
                    let mut element = HtmlElement::new(RANDOM_TAGS[tag]);
                    for index in attributes {
                        let (name, value) = RANDOM_ATTRIBUTES[index];
                        element.set_attribute(name, value);
                        element.set_attribute("content", "By Jane Doe, 4 May 2021");
                    }
                    element.children = children;
                    element
                })
        })
    }

    proptest! {
        #[test]
        fn any_page_reads_without_panicking(body in random_tree(), head_title in "\\PC{0,30}") {
            let document = HtmlElement::new("html")
                .with_child(HtmlElement::new("head").with_child(HtmlElement::new("title").with_text(&head_title)))
                .with_child(HtmlElement::new("body").with_child(body));
            if let Ok(article) = read_html_article(&document, None) {
                prop_assert_eq!(article.blocks[0].kind, BlockKind::Headline);
                prop_assert!(article.blocks.iter().all(|block| !block.text.is_empty() && !block.text.contains('\n')));
                prop_assert!(article.metadata.byline.as_deref().is_none_or(|byline| !byline.is_empty()));
            }
        }

        #[test]
        fn any_byline_text_cleans_without_panicking(raw in "\\PC{0,60}") {
            let cleaned = clean_byline(&raw);
            prop_assert!(cleaned.chars().count() <= raw.chars().count() + 8);
        }
    }
}
