//! A page's title, byline, date, outlet and address.
//!
//! The facts come from `<meta>` tags, JSON-LD (`schema.org` articles),
//! `<title>`, `<link rel=canonical>`, `<time>` and the page's visible
//! headline and byline markup. Choosing between them follows Readability
//! where the page agrees with itself, and prefers what the reader sees when
//! it does not: a social `og:title` unlike the page's headline gives way to
//! the headline, a byline printed beside the story wins over a `<meta>`
//! author, and a byline inside a box of links to other articles is never
//! taken.

use std::collections::HashMap;

use crate::article::model::collapse_whitespace;
use crate::time::MONTH_NAMES;

use super::content::{text_similarity, Dom, NodeId};
use super::{HtmlElement, HtmlNode};

/// Two titles agree when most of the wording of one is in the other.
const SIMILAR: f64 = 0.75;

/// What the page says about itself in markup meant for machines.
#[derive(Debug, Default)]
pub(super) struct PageFacts {
    /// Every `<meta>` with content: its `property`, `name` and `itemprop`.
    meta_tags: Vec<MetaTag>,
    /// Readability's view of the meta tags: normalised key → content, the
    /// last tag winning.
    values: HashMap<String, String>,
    json_ld: Vec<serde_json::Value>,
    /// The text of the first `<title>`.
    document_title: String,
    canonical: Option<String>,
}

#[derive(Debug)]
struct MetaTag {
    keys: Vec<String>,
    content: String,
}

impl PageFacts {
    pub(super) fn collect(document: &HtmlElement) -> PageFacts {
        let mut facts = PageFacts::default();
        let mut title_seen = false;
        facts.visit(document, &mut title_seen);
        facts
    }

    fn visit(&mut self, element: &HtmlElement, title_seen: &mut bool) {
        match element.tag.as_str() {
            "meta" => self.add_meta(element),
            "title" if !*title_seen => {
                *title_seen = true;
                self.document_title = collapse_whitespace(&plain_text(element));
            }
            "link"
                if self.canonical.is_none()
                    && element.attribute("rel").is_some_and(|rel| rel.eq_ignore_ascii_case("canonical")) =>
            {
                self.canonical = element.attribute("href").and_then(safe_web_address);
            }
            "script" => {
                if element.attribute("type").is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    let text = plain_text(element);
                    let text = text.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>");
                    if let Ok(value) = serde_json::from_str(text) {
                        self.json_ld.push(value);
                    }
                }
                return;
            }
            "svg" | "math" | "template" => return,
            _ => {}
        }
        for child in &element.children {
            if let HtmlNode::Element(child) = child {
                self.visit(child, title_seen);
            }
        }
    }

    fn add_meta(&mut self, element: &HtmlElement) {
        let Some(content) = element.attribute("content").map(|content| unescape_entities(content.trim())) else {
            return;
        };
        if content.is_empty() {
            return;
        }
        let property = element.attribute("property");
        let name = element.attribute("name");
        let keys: Vec<String> = [property, name, element.attribute("itemprop")]
            .into_iter()
            .flatten()
            .map(|key| key.trim().to_ascii_lowercase())
            .collect();
        // Readability: a `property` is searched for a known key anywhere in
        // it; a `name` must be one whole known key.
        let mut matched = false;
        if let Some(key) = property.and_then(readability_property_key) {
            self.values.insert(key, content.clone());
            matched = true;
        }
        if !matched {
            if let Some(key) = name.and_then(readability_name_key) {
                self.values.insert(key, content.clone());
            }
        }
        self.meta_tags.push(MetaTag { keys, content });
    }

    fn value(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str).filter(|value| !value.is_empty())
    }

    /// The content of the first `<meta>` whose property, name or itemprop
    /// is one of `keys`, trying the keys in order.
    fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.meta_tags
                .iter()
                .find(|tag| tag.keys.iter().any(|own| own == key))
                .map(|tag| collapse_whitespace(&tag.content))
        })
    }

    /// The first JSON-LD `schema.org` article on the page.
    fn json_ld_article(&self) -> Option<&serde_json::Map<String, serde_json::Value>> {
        self.json_ld.iter().find_map(json_ld_article_in)
    }
}

fn plain_text(element: &HtmlElement) -> String {
    let mut text = String::new();
    for child in &element.children {
        match child {
            HtmlNode::Text(data) => text.push_str(data),
            HtmlNode::Element(child) => text.push_str(&plain_text(child)),
        }
    }
    text
}

/// An address kept only when it is plain `http:`/`https:`.
pub(super) fn safe_web_address(address: &str) -> Option<String> {
    let trimmed = address.trim();
    let lower = trimmed.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        .then(|| trimmed.to_string())
        .filter(|value| !value.chars().any(char::is_whitespace))
}

fn looks_like_address(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("www.") || lower.contains("://")
}

const PROPERTY_PREFIXES: [&str; 5] = ["article", "dc", "dcterm", "og", "twitter"];
const PROPERTY_NAMES: [&str; 6] = ["author", "creator", "description", "published_time", "title", "site_name"];

/// The first `prefix:name` (Readability's property pattern) inside a
/// `property` attribute: `"og:article:author"` gives `"article:author"`.
fn readability_property_key(property: &str) -> Option<String> {
    let compact: String =
        property.chars().filter(|character| !character.is_whitespace()).collect::<String>().to_ascii_lowercase();
    for start in 0..compact.len() {
        if !compact.is_char_boundary(start) {
            continue;
        }
        let rest = &compact[start..];
        for prefix in PROPERTY_PREFIXES {
            let Some(after) = rest.strip_prefix(prefix).and_then(|after| after.strip_prefix(':')) else { continue };
            if let Some(name) = PROPERTY_NAMES.iter().find(|name| after.starts_with(*name)) {
                return Some(format!("{prefix}:{name}"));
            }
        }
    }
    None
}

/// Readability's name pattern: an optional `dc`, `dcterm`, `og`, `twitter`,
/// `parsely`, `weibo:article` or `weibo:webpage` prefix, then one known key.
fn readability_name_key(name: &str) -> Option<String> {
    let key: String =
        name.chars().filter(|character| !character.is_whitespace()).collect::<String>().to_ascii_lowercase();
    const NAMES: [&str; 6] = ["author", "creator", "pub-date", "description", "title", "site_name"];
    const PREFIXES: [&str; 7] = ["dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"];
    let known = NAMES.contains(&key.as_str())
        || PREFIXES.iter().any(|prefix| {
            key.strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix(['-', '.', ':']))
                .is_some_and(|rest| NAMES.contains(&rest))
        });
    known.then(|| key.replace('.', ":"))
}

/// Decodes the entities a page sometimes escapes twice in `<meta>` content.
fn unescape_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(position) = rest.find('&') {
        result.push_str(&rest[..position]);
        rest = &rest[position..];
        let Some(end) = rest.find(';').filter(|&end| end <= 10) else {
            result.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => {
                let number = if let Some(hex) = entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    entity.strip_prefix('#').and_then(|decimal| decimal.parse().ok())
                };
                number.map(|number| char::from_u32(number).filter(|&character| character != '\0').unwrap_or('\u{FFFD}'))
            }
        };
        match decoded {
            Some(character) => {
                result.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                result.push('&');
                rest = &rest[1..];
            }
        }
    }
    result.push_str(rest);
    result
}

// ----- JSON-LD -----

/// Readability's article types (`schema.org` Article and its kinds).
fn is_article_type(kind: &serde_json::Value) -> bool {
    const KINDS: [&str; 18] = [
        "AdvertiserContentArticle",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "Report",
        "SatiricalArticle",
        "ScholarlyArticle",
        "MedicalScholarlyArticle",
        "SocialMediaPosting",
        "BlogPosting",
        "LiveBlogPosting",
        "DiscussionForumPosting",
        "TechArticle",
        "APIReference",
    ];
    let matches = |kind: &str| kind.starts_with("Article") || KINDS.iter().any(|known| kind.contains(known));
    match kind {
        serde_json::Value::String(kind) => matches(kind),
        serde_json::Value::Array(kinds) => kinds.iter().filter_map(serde_json::Value::as_str).any(matches),
        _ => false,
    }
}

fn is_schema_org(context: Option<&serde_json::Value>) -> bool {
    let matches = |text: &str| {
        let text = text.trim_end_matches('/');
        text == "http://schema.org" || text == "https://schema.org"
    };
    match context {
        Some(serde_json::Value::String(context)) => matches(context),
        Some(serde_json::Value::Object(context)) => {
            context.get("@vocab").and_then(|vocab| vocab.as_str()).is_some_and(matches)
        }
        Some(serde_json::Value::Array(contexts)) => contexts.iter().filter_map(serde_json::Value::as_str).any(matches),
        _ => false,
    }
}

fn json_ld_article_in(value: &serde_json::Value) -> Option<&serde_json::Map<String, serde_json::Value>> {
    let value = match value {
        serde_json::Value::Array(items) => items.iter().find(|item| item.get("@type").is_some_and(is_article_type))?,
        other => other,
    };
    let object = value.as_object()?;
    if !is_schema_org(object.get("@context")) {
        return None;
    }
    let article = if object.get("@type").is_none() {
        object
            .get("@graph")?
            .as_array()?
            .iter()
            .find(|item| item.get("@type").is_some_and(is_article_type))?
            .as_object()?
    } else {
        object
    };
    article.get("@type").is_some_and(is_article_type).then_some(article)
}

fn json_string(object: &serde_json::Map<String, serde_json::Value>, key: &str) -> Option<String> {
    object.get(key).and_then(|value| value.as_str()).map(collapse_whitespace).filter(|text| !text.is_empty())
}

fn json_ld_title(facts: &PageFacts, page_title: &str) -> Option<String> {
    let article = facts.json_ld_article()?;
    let name = json_string(article, "name");
    let headline = json_string(article, "headline");
    match (name, headline) {
        // Some sites put their own name in "name": take the one like the page.
        (Some(name), Some(headline)) if name != headline => {
            let name_matches = text_similarity(&name, page_title) > SIMILAR;
            let headline_matches = text_similarity(&headline, page_title) > SIMILAR;
            Some(if headline_matches && !name_matches { headline } else { name })
        }
        (Some(name), _) => Some(name),
        (None, headline) => headline,
    }
}

fn json_ld_author(facts: &PageFacts) -> Option<String> {
    let author = facts.json_ld_article()?.get("author")?;
    let name_of = |value: &serde_json::Value| -> Option<String> {
        match value {
            serde_json::Value::Object(person) => json_string(person, "name"),
            serde_json::Value::String(name) if !looks_like_address(name) => Some(collapse_whitespace(name)),
            _ => None,
        }
    };
    match author {
        serde_json::Value::Array(people) => {
            let names: Vec<String> = people.iter().filter_map(name_of).filter(|name| !name.is_empty()).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        other => name_of(other),
    }
    .filter(|name| !name.is_empty())
}

// ----- title -----

/// Readability's `_getArticleTitle`: the `<title>` with the site's name cut
/// off when what is left still reads like a headline.
pub(super) fn page_title(facts: &PageFacts, dom: &Dom) -> String {
    let original = facts.document_title.trim().to_string();
    let mut title = original.clone();
    let word_count = |text: &str| text.split_whitespace().count().max(1);
    let mut hierarchical = false;
    let separator_positions = separator_positions(&original);
    if let Some(&(last, _)) = separator_positions.last() {
        hierarchical = separator_positions.iter().any(|&(_, character)| matches!(character, '\\' | '/' | '>' | '»'));
        title = original[..last].to_string();
        if word_count(&title) < 3 {
            let (first, character) = separator_positions[0];
            title = original[first + 1 + character.len_utf8()..].to_string();
        }
    } else if title.contains(": ") {
        let headings_match = dom
            .descendants(dom.root)
            .into_iter()
            .filter(|&node| matches!(dom.tag(node), "h1" | "h2"))
            .any(|heading| dom.text_content(heading).trim() == original);
        if !headings_match {
            let last_colon = original.rfind(':').unwrap_or(0);
            title = original[last_colon + 1..].to_string();
            let first_colon = original.find(':').unwrap_or(0);
            if word_count(&title) < 3 {
                title = original[first_colon + 1..].to_string();
            } else if word_count(&original[..first_colon]) > 5 {
                title = original.clone();
            }
        }
    } else {
        let length = original.chars().count();
        if !(15..=150).contains(&length) {
            let headings: Vec<NodeId> =
                dom.descendants(dom.root).into_iter().filter(|&node| dom.tag(node) == "h1").collect();
            if headings.len() == 1 {
                title = dom.inner_text(headings[0]);
            }
        }
    }
    let title = collapse_whitespace(&title);
    let title_words = title.split_whitespace().count();
    let original_words_without_separators =
        original.split(['|', '-', '\\', '/', '>', '»']).collect::<Vec<_>>().join("").split_whitespace().count();
    if title_words <= 4 && (!hierarchical || title_words != original_words_without_separators.saturating_sub(1)) {
        return original;
    }
    title
}

/// Byte positions of Readability's title separators (`|`, `-`, `\`, `/`,
/// `>`, `»` with a space on each side), with the separator.
fn separator_positions(title: &str) -> Vec<(usize, char)> {
    let characters: Vec<(usize, char)> = title.char_indices().collect();
    let mut found = Vec::new();
    for window in characters.windows(3) {
        let [(_, before), (position, separator), (_, after)] = [window[0], window[1], window[2]];
        if before == ' ' && after == ' ' && matches!(separator, '|' | '-' | '\\' | '/' | '>' | '»') {
            found.push((position, separator));
        }
    }
    found
}

/// The title `<meta>` tags and JSON-LD give, in Readability's order.
fn metadata_title(facts: &PageFacts, page_title: &str) -> Option<String> {
    json_ld_title(facts, page_title)
        .or_else(|| {
            [
                "dc:title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
            ]
            .iter()
            .find_map(|key| facts.value(key))
            .map(collapse_whitespace)
        })
        .filter(|title| !title.is_empty())
}

fn agree(first: &str, second: &str) -> bool {
    text_similarity(first, second) > SIMILAR || text_similarity(second, first) > SIMILAR
}

/// The title Readability would take before the story is found; used to
/// recognise the headline inside the page.
pub(super) fn first_title(facts: &PageFacts, page_title: &str) -> String {
    metadata_title(facts, page_title).unwrap_or_else(|| page_title.to_string())
}

/// How far up from `from` the nearest common ancestor with `node` lies:
/// 0 when `node` is inside `from`.
fn distance_up(dom: &Dom, from: NodeId, node: NodeId) -> usize {
    let mut node_ancestors = Vec::new();
    let mut at = Some(node);
    while let Some(id) = at {
        node_ancestors.push(id);
        at = dom.parent(id);
    }
    let mut distance = 0;
    let mut at = Some(from);
    while let Some(id) = at {
        if node_ancestors.contains(&id) {
            return distance;
        }
        distance += 1;
        at = dom.parent(id);
    }
    distance
}

fn is_shown(dom: &Dom, node: NodeId) -> bool {
    let mut at = Some(node);
    while let Some(id) = at {
        if dom.attribute(id, "hidden").is_some() || dom.attribute(id, "aria-hidden") == Some("true") {
            return false;
        }
        at = dom.parent(id);
    }
    true
}

/// The `<h1>` the reader sees above the story: the shown one nearest the
/// story's container, else the first one that agrees with `<title>`.
fn visible_headline(dom: &Dom, story: Option<NodeId>, page_title: &str) -> Option<String> {
    let headings: Vec<(NodeId, String)> = dom
        .descendants(dom.root)
        .into_iter()
        .filter(|&node| dom.tag(node) == "h1" && is_shown(dom, node))
        .map(|node| (node, dom.inner_text(node)))
        .filter(|(_, text)| !text.is_empty() && text.chars().count() <= 300)
        .collect();
    if let Some(story) = story {
        if let Some((_, text)) = headings.iter().min_by_key(|(node, _)| distance_up(dom, story, *node)) {
            return Some(text.clone());
        }
    }
    headings.iter().find(|(_, text)| agree(text, page_title)).or_else(|| headings.first()).map(|(_, text)| text.clone())
}

/// The article's title. The `<meta>`/JSON-LD title is kept when it agrees
/// with the `<title>` or with the headline shown on the page; when it does
/// not (a headline written for social media), the shown headline wins.
pub(super) fn choose_title(facts: &PageFacts, dom: &Dom, page_title: &str, story: Option<NodeId>) -> String {
    let page_title = page_title.to_string();
    let shown = visible_headline(dom, story, &page_title);
    match (metadata_title(facts, &page_title), shown) {
        (Some(metadata), shown)
            if (!page_title.is_empty() && agree(&metadata, &page_title))
                || shown.as_deref().is_some_and(|shown| agree(&metadata, shown)) =>
        {
            metadata
        }
        (Some(_), Some(shown)) => shown,
        (Some(metadata), None) => {
            if page_title.split_whitespace().count() >= 3 {
                page_title
            } else {
                metadata
            }
        }
        // A <title> that is only the site's name gives way to the headline.
        (None, Some(shown)) if !agree(&page_title, &shown) && page_title.split_whitespace().count() <= 4 => shown,
        (None, shown) if page_title.is_empty() => shown.unwrap_or_default(),
        (None, _) => page_title,
    }
}

// ----- byline -----

/// Class or id words of containers whose bylines belong to other articles
/// or to readers: comments, related links, recommendations, side rails.
const OTHER_ARTICLES_HINTS: [&str; 27] = [
    "comment",
    "disqus",
    "replies",
    "related",
    "recommend",
    "popular",
    "trending",
    "most-read",
    "mostread",
    "sidebar",
    "widget",
    "footer",
    "outbrain",
    "taboola",
    "promo",
    "sponsor",
    "more-from",
    "morefrom",
    "read-next",
    "readnext",
    "next-article",
    "up-next",
    "newsletter",
    "teaser",
    "right-rail",
    "left-rail",
    "recirc",
];

fn is_byline_node(dom: &Dom, node: NodeId) -> bool {
    let match_string = dom.match_string(node);
    dom.attribute(node, "rel").is_some_and(|rel| rel.eq_ignore_ascii_case("author"))
        || dom.attribute(node, "itemprop").is_some_and(|itemprop| itemprop.to_ascii_lowercase().contains("author"))
        || ["byline", "author", "writtenby", "p-author"].iter().any(|hint| match_string.contains(hint))
}

/// Whether `node` sits in a box about other articles: a container hinted
/// as related links or comments, an `<aside>`/`<nav>`/`<footer>`, or a small
/// container that also links to another headline.
fn is_in_other_articles_box(dom: &Dom, node: NodeId, title: &str) -> bool {
    let mut at = dom.parent(node);
    let mut level = 0;
    while let Some(ancestor) = at {
        if matches!(dom.tag(ancestor), "aside" | "nav" | "footer") {
            return true;
        }
        let match_string = dom.match_string(ancestor);
        if OTHER_ARTICLES_HINTS.iter().any(|hint| match_string.contains(hint)) {
            return true;
        }
        if level < 3 && links_to_another_headline(dom, ancestor, node, title) {
            return true;
        }
        level += 1;
        at = dom.parent(ancestor);
    }
    false
}

/// The most text a teaser (headline, byline, a line of summary) holds.
const LONGEST_TEASER: usize = 400;

fn links_to_another_headline(dom: &Dom, container: NodeId, byline: NodeId, title: &str) -> bool {
    if dom.inner_text(container).chars().count() > LONGEST_TEASER {
        return false;
    }
    let inside_byline = |node: NodeId| {
        let mut at = Some(node);
        while let Some(id) = at {
            if id == byline {
                return true;
            }
            at = dom.parent(id);
        }
        false
    };
    dom.descendants(container).into_iter().filter(|&node| dom.tag(node) == "a" && !inside_byline(node)).any(|link| {
        let text = dom.inner_text(link);
        text.split_whitespace().count() >= 5 && !agree(&text, title)
    })
}

/// Bylines printed on the page, in document order, with their nodes.
fn visible_bylines(dom: &Dom, title: &str) -> Vec<(NodeId, String)> {
    let mut found = Vec::new();
    let mut at = Some(dom.root);
    while let Some(node) = at {
        let skip = dom.attribute(node, "hidden").is_some() || dom.attribute(node, "aria-hidden") == Some("true");
        if skip {
            at = dom.next_element(node, true);
            continue;
        }
        if is_byline_node(dom, node) {
            let length = dom.inner_text(node).chars().count();
            if length > 0 && length < 100 && !is_in_other_articles_box(dom, node, title) {
                // A name marked as such inside the byline is the byline.
                let name = dom
                    .descendants(node)
                    .into_iter()
                    .find(|&inner| dom.attribute(inner, "itemprop").is_some_and(|itemprop| itemprop.contains("name")))
                    .unwrap_or(node);
                let text = clean_byline(&dom.spaced_text(name));
                if !text.is_empty() {
                    found.push((node, text));
                }
                at = dom.next_element(node, true);
                continue;
            }
        }
        at = dom.next_element(node, false);
    }
    found
}

/// How many levels above the story's container a printed byline may sit
/// and still be the story's own.
const NEAREST_BYLINE_LEVELS: usize = 4;

/// The article's byline: the one printed nearest the story, else the
/// JSON-LD or `<meta>` author, else the first printed one; cleaned of "By",
/// dates and job titles.
pub(super) fn choose_byline(facts: &PageFacts, dom: &Dom, story: Option<NodeId>, title: &str) -> Option<String> {
    let printed = visible_bylines(dom, title);
    let near = match story {
        Some(story) => printed
            .iter()
            .map(|(node, text)| (distance_up(dom, story, *node), text))
            .filter(|(distance, _)| *distance <= NEAREST_BYLINE_LEVELS)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, text)| text.clone()),
        None => printed.first().map(|(_, text)| text.clone()),
    };
    near.or_else(|| metadata_byline(facts))
        .or_else(|| printed.first().map(|(_, text)| text.clone()))
        .map(|byline| clean_byline(&byline))
        .filter(|byline| !byline.is_empty())
}

fn metadata_byline(facts: &PageFacts) -> Option<String> {
    json_ld_author(facts)
        .or_else(|| {
            ["dc:creator", "dcterm:creator", "author", "parsely-author", "article:author"]
                .iter()
                .filter_map(|key| facts.value(key))
                .find(|value| !looks_like_address(value))
                .map(collapse_whitespace)
        })
        .or_else(|| {
            facts.meta(&["article:author_name", "sailthru.author"]).filter(|author| !looks_like_address(author))
        })
}

const BYLINE_PREFIXES: [&str; 22] = [
    "作者：",
    "作者:",
    "记者：",
    "记者:",
    "撰文：",
    "撰文:",
    "文／",
    "文/",
    "文：",
    "文:",
    "written by",
    "posted by",
    "words by",
    "story by",
    "reported by",
    "reporting by",
    "text by",
    "by:",
    "by",
    "von",
    "par",
    "por",
];

const JOB_WORDS: [&str; 25] = [
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "columnist",
    "contributor",
    "contributing",
    "journalist",
    "producer",
    "critic",
    "photographer",
    "analyst",
    "technologist",
    "staff",
    "senior",
    "chief",
    "director",
    "bureau",
    "intern",
    "freelance",
    "researcher",
    "professor",
    "fellow",
    "president",
    "manager",
];

/// "By Jane Doe, Staff Writer | March 4, 2021" → "Jane Doe": the byline's
/// names without the "By", dates, times, job titles and handles around them.
pub fn clean_byline(raw: &str) -> String {
    let mut text = split_letters_from_digits(&collapse_whitespace(raw));
    text = trim_separators(&text).to_string();
    if let Some(rest) = strip_byline_prefix(&text) {
        text = rest;
    } else if let Some(rest) = after_inner_by(&text) {
        text = rest;
    }
    text = cut_at_date(&text);
    text = cut_job_titles(&text);
    let words: Vec<&str> = text.split_whitespace().filter(|word| !word.starts_with('@')).collect();
    let mut words = words;
    while words.last().is_some_and(|word| {
        matches!(
            word.to_lowercase().trim_matches(|character: char| !character.is_alphanumeric()),
            "follow" | "email" | "twitter" | "updated" | "published" | "on"
        )
    }) {
        words.pop();
    }
    trim_separators(&words.join(" ")).to_string()
}

fn trim_separators(text: &str) -> &str {
    text.trim_matches(|character: char| {
        character.is_whitespace() || matches!(character, ',' | ';' | '|' | '-' | '–' | '—' | '·' | '•' | '/' | ':')
    })
}

/// "Nolan22 Dec" → "Nolan 22 Dec": bylines glued to their dates by markup.
fn split_letters_from_digits(text: &str) -> String {
    let mut result = String::with_capacity(text.len() + 4);
    let mut previous: Option<char> = None;
    for character in text.chars() {
        if previous.is_some_and(char::is_alphabetic) && character.is_ascii_digit() {
            result.push(' ');
        }
        result.push(character);
        previous = Some(character);
    }
    result
}

/// The byline after a leading "By", "Written by", "作者：" and the like;
/// empty when the label stands alone.
fn strip_byline_prefix(text: &str) -> Option<String> {
    // ASCII lower-casing keeps byte offsets, so `lower` indexes `text`.
    let lower = text.to_ascii_lowercase();
    for prefix in BYLINE_PREFIXES {
        let Some(rest) = lower.strip_prefix(prefix) else { continue };
        let ends_in_letter = prefix.ends_with(|character: char| character.is_alphabetic());
        if ends_in_letter && !rest.is_empty() && !rest.starts_with([' ', ':']) {
            continue;
        }
        let remainder = trim_separators(&text[prefix.len()..]);
        // "von"/"par"/"por" are also name particles ("von der Leyen").
        let particle = matches!(prefix, "von" | "par" | "por");
        if particle && !remainder.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        return Some(remainder.to_string());
    }
    None
}

/// "Tech Industry by Steven Musil" → "Steven Musil": a short label before
/// an inner "by".
fn after_inner_by(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let position = lower.find(" by ")?;
    let before = &text[..position];
    (before.split_whitespace().count() <= 4).then(|| text[position + 4..].trim().to_string())
}

fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(['.', ',']).to_lowercase();
    if word.chars().count() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|name| {
            let name = name.to_lowercase();
            name == word || (word.chars().count() <= 4 && name.starts_with(&word))
        })
        .map(|index| index as u32 + 1)
}

fn is_number_word(word: &str) -> bool {
    let trimmed = word.trim_matches(|character: char| !character.is_alphanumeric());
    !trimmed.is_empty()
        && trimmed.chars().next().is_some_and(|character| character.is_ascii_digit())
        && trimmed.chars().filter(char::is_ascii_digit).count() * 2 >= trimmed.chars().count()
}

/// Cuts the byline where a date or time starts ("– Apr 16, 2015",
/// "22 Dec 2016", "2021-03-04", "Updated 10:05").
fn cut_at_date(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let is_date_start = |index: usize| -> bool {
        let word = words[index];
        let next_is_number = words.get(index + 1).is_some_and(|next| is_number_word(next));
        let lower = word.to_lowercase();
        if matches!(lower.trim_end_matches(':'), "updated" | "published" | "posted") {
            return true;
        }
        if month_of(word).is_some() && next_is_number {
            return true;
        }
        if is_number_word(word) {
            return true;
        }
        false
    };
    match (1..words.len()).find(|&index| is_date_start(index)) {
        Some(index) => {
            let mut kept = &words[..index];
            while kept.last().is_some_and(|word| matches!(word.to_lowercase().as_str(), "on" | "at" | "le" | "am")) {
                kept = &kept[..kept.len() - 1];
            }
            trim_separators(&kept.join(" ")).to_string()
        }
        None => text.to_string(),
    }
}

/// Drops ", Senior Staff Technologist" and "| Staff writer" from the end:
/// everything from the first separated part that names a job.
fn cut_job_titles(text: &str) -> String {
    const SEPARATORS: [&str; 8] = [", ", " | ", " - ", " – ", " — ", " · ", " • ", " / "];
    let is_job = |segment: &str| {
        let lower = segment.to_lowercase();
        lower.contains("author of")
            || lower
                .split(|character: char| !character.is_alphanumeric())
                .any(|word| JOB_WORDS.iter().any(|job| word.starts_with(job)))
    };
    let mut segment_start = 0;
    loop {
        let rest = &text[segment_start..];
        let next = SEPARATORS
            .iter()
            .filter_map(|separator| rest.find(separator).map(|position| (position, separator.len())))
            .min();
        let segment_end = next.map_or(text.len(), |(position, _)| segment_start + position);
        if segment_start > 0 && is_job(&text[segment_start..segment_end]) {
            return trim_separators(&text[..segment_start]).to_string();
        }
        match next {
            Some((position, length)) => segment_start += position + length,
            None => return text.to_string(),
        }
    }
}

// ----- date, outlet, address -----

/// The publication date as `yyyy-mm-dd`, from `<meta>` tags, JSON-LD,
/// `<time>` or a date printed in the page's date markup.
pub(super) fn published_date(facts: &PageFacts, dom: &Dom) -> Option<String> {
    let from_meta = facts.meta(&[
        "article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
    ]);
    let from_json_ld = || facts.json_ld_article().and_then(|article| json_string(article, "datePublished"));
    let nodes = dom.descendants(dom.root);
    let from_time = || {
        nodes.iter().filter(|&&node| dom.tag(node) == "time").find_map(|&node| {
            dom.attribute(node, "datetime").map(str::to_string).or_else(|| Some(dom.inner_text(node)))
        })
    };
    let from_markup = || {
        nodes
            .iter()
            .filter(|&&node| {
                let hints = dom.match_string(node);
                ["dateline", "date", "published", "byline"].iter().any(|hint| hints.contains(hint))
            })
            .map(|&node| dom.spaced_text(node))
            // A byline's "Updated 4 March" is not when the story appeared.
            .filter(|text| {
                let lower = text.to_lowercase();
                !["updated", "modified", "mis à jour", "aktualisiert"].iter().any(|word| lower.contains(word))
            })
            .find(|text| normalize_date(text).is_some())
    };
    [from_meta, from_json_ld(), from_time(), from_markup()]
        .into_iter()
        .flatten()
        .find_map(|value| normalize_date(&value))
}

/// The publication's name.
pub(super) fn outlet(facts: &PageFacts) -> Option<String> {
    facts.meta(&["og:site_name", "application-name"]).or_else(|| {
        let publisher = facts.json_ld_article()?.get("publisher")?.as_object()?;
        json_string(publisher, "name")
    })
}

/// The article's own address: `<link rel=canonical>`, else `og:url`.
pub(super) fn source_address(facts: &PageFacts) -> Option<String> {
    facts.canonical.clone().or_else(|| facts.meta(&["og:url"]).as_deref().and_then(safe_web_address))
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

    #[test]
    fn bylines_lose_prefixes_dates_job_titles_and_handles() {
        assert_eq!(clean_byline("  By  Jane Doe, "), "Jane Doe");
        assert_eq!(clean_byline("Jane Doe"), "Jane Doe");
        assert_eq!(clean_byline("by: Jane Doe"), "Jane Doe");
        assert_eq!(clean_byline("Written by Jane Doe | Staff writer"), "Jane Doe");
        assert_eq!(clean_byline("Dan Goodin - Apr 16, 2015 8:02 pm UTC"), "Dan Goodin");
        assert_eq!(clean_byline("by Lucas Nolan22 Dec 2016651"), "Lucas Nolan");
        assert_eq!(
            clean_byline(
                "By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech, Privacy, and Technology Project"
            ),
            "Daniel Kahn Gillmor"
        );
        assert_eq!(
            clean_byline("Tech Industry by Steven Musil January 18, 2017 11:00 PM PST @stevenmusil"),
            "Steven Musil"
        );
        assert_eq!(clean_byline("By Alex Heath, a deputy editor and author of the Command Line"), "Alex Heath");
        assert_eq!(clean_byline("Cao Yin and Zhao Xinying"), "Cao Yin and Zhao Xinying");
        assert_eq!(clean_byline("Jane Doe, John Smith"), "Jane Doe, John Smith");
        assert_eq!(clean_byline("Theresa May"), "Theresa May");
        assert_eq!(clean_byline("肖春芳"), "肖春芳");
        assert_eq!(clean_byline("作者：肖春芳"), "肖春芳");
        assert_eq!(clean_byline("作者："), "");
        assert_eq!(clean_byline("By"), "");
        assert_eq!(clean_byline("Byron Smith"), "Byron Smith");
        assert_eq!(clean_byline("von der Leyen"), "von der Leyen");
        assert_eq!(clean_byline("Von Hans Müller"), "Hans Müller");
        assert_eq!(clean_byline("İstanbul by Ayşe Yılmaz"), "Ayşe Yılmaz");
    }

    #[test]
    fn readability_meta_keys_are_recognised() {
        assert_eq!(readability_property_key("og:article:author").as_deref(), Some("article:author"));
        assert_eq!(readability_property_key("og:title").as_deref(), Some("og:title"));
        assert_eq!(readability_property_key("og:image"), None);
        assert_eq!(readability_name_key("dc.creator").as_deref(), Some("dc:creator"));
        assert_eq!(readability_name_key("parsely-author").as_deref(), Some("parsely-author"));
        assert_eq!(readability_name_key("author").as_deref(), Some("author"));
        assert_eq!(readability_name_key("viewport"), None);
    }

    #[test]
    fn entities_escaped_twice_are_decoded() {
        assert_eq!(unescape_entities("Tom &amp; Jerry&#039;s &#x263A; &bogus;"), "Tom & Jerry's ☺ &bogus;");
    }

    #[test]
    fn title_separators_need_spaces_around_them() {
        assert_eq!(separator_positions("Up-to-date news | Site").len(), 1);
        assert_eq!(separator_positions("A - B » C").len(), 2);
    }
}
