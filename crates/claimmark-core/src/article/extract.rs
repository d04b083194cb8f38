//! Extraction of a clean article from raw page text.
//!
//! A news page copied as plain text carries its site's chrome around the
//! story: edition menus, breadcrumbs, lists of other stories, sharing links,
//! copyright and licence notices. This module turns such text into an
//! [`Article`]: the headline, a kicker or standfirst, photo captions, body
//! paragraphs, subheadings and the closing contact line, plus the metadata the
//! page states (byline, dateline, outlet, publication date).
//!
//! The input is plain text in which blank lines separate paragraphs and a
//! paragraph is a run of non-blank lines. Every decision is made by a small
//! named heuristic over one line or one paragraph, so each can be tested on
//! its own; none of them knows line numbers or the text of a particular page.
//!
//! This module knows nothing of HTML, the DOM, the network or the browser,
//! and extraction never fails: text with nothing article-like in it gives an
//! article with no blocks.

use crate::article::model::{collapse_whitespace, Article, ArticleMetadata, BlockKind};

/// The raw text of the bundled seed page, exactly as copied from the site.
const SEED_PAGE_TEXT: &str = include_str!("../../../../data/china-daily-2015-12-17-online-providers-help-sought.txt");

/// What extraction found, besides the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extraction {
    /// The clean article.
    pub article: Article,
    /// Every line removed as site chrome, trimmed, in page order. Lines read
    /// into the metadata (the byline, a date line) are not listed.
    pub dropped_lines: Vec<String>,
}

/// Turns raw page text into an article. `source_url`, when given, is recorded
/// in the metadata as is.
pub fn extract_plain_text(raw: &str, source_url: Option<&str>) -> Extraction {
    let segments = segment_page(raw);
    let boundary = metadata_boundary(&segments);
    let title_index = find_title_index(&segments, boundary);
    let title = title_index.map(|index| segments[index].text().to_string()).unwrap_or_default();

    let mut metadata = ArticleMetadata {
        title: title.clone(),
        source_url: source_url.map(str::to_string),
        ..ArticleMetadata::default()
    };
    let mut dropped_lines = Vec::new();
    let mut standfirsts = Vec::new();
    let mut body: Vec<(BlockKind, String)> = Vec::new();
    let mut body_started = false;
    let mut in_link_list = false;
    let mut after_image_alt = false;
    let mut in_trailing_chrome = false;
    let first_article_index = title_index.map_or(0, |index| index + 1);

    if title_index.is_some() {
        for segment in &segments[..first_article_index - 1] {
            dropped_lines.extend(segment.lines().iter().cloned());
        }
    }

    for (index, segment) in segments.iter().enumerate().skip(first_article_index) {
        match segment {
            Segment::Chrome { kind, line } => {
                dropped_lines.push(line.clone());
                match kind {
                    ChromeKind::LinkListHeading => in_link_list = true,
                    ChromeKind::LegalNotice if body_started => in_trailing_chrome = true,
                    _ => {}
                }
                after_image_alt = false;
            }
            _ if in_trailing_chrome => dropped_lines.extend(segment.lines().iter().cloned()),
            Segment::Byline { line, byline } => {
                if metadata.byline.is_none() {
                    apply_byline(&mut metadata, byline);
                } else {
                    dropped_lines.push(line.clone());
                }
            }
            Segment::DateLine { line, date } => {
                if metadata.published.is_none() {
                    metadata.published = Some(date.clone());
                } else {
                    dropped_lines.push(line.clone());
                }
            }
            Segment::Text { text, lines } => {
                let follows_image_alt = std::mem::take(&mut after_image_alt);
                if !title.is_empty() && same_text(text, &title) {
                    dropped_lines.extend(lines.iter().cloned());
                    after_image_alt = true;
                } else if !has_any_word(text) {
                    dropped_lines.extend(lines.iter().cloned());
                } else if is_contact_line(text) {
                    body.push((BlockKind::Contact, text.clone()));
                    in_trailing_chrome = true;
                } else if follows_image_alt || ends_with_photo_credit(text) {
                    body.push((BlockKind::Caption, text.clone()));
                } else if in_link_list && !is_prose(text) {
                    dropped_lines.extend(lines.iter().cloned());
                } else if !body_started {
                    if index < boundary || (!is_prose(text) && is_headline_like(text)) {
                        standfirsts.push((BlockKind::Standfirst, text.clone()));
                    } else {
                        body.push((BlockKind::Paragraph, text.clone()));
                        body_started = true;
                        in_link_list = false;
                    }
                } else if is_prose(text) || !is_headline_like(text) {
                    body.push((BlockKind::Paragraph, text.clone()));
                    in_link_list = false;
                } else if next_segment_is_prose(&segments, index) {
                    body.push((BlockKind::Heading, text.clone()));
                } else {
                    dropped_lines.extend(lines.iter().cloned());
                }
            }
        }
    }

    if let Some(reference) = segments.iter().find_map(|segment| match segment {
        Segment::Chrome { kind: ChromeKind::PrintEditionReference, line } => parse_print_edition_reference(line),
        _ => None,
    }) {
        if metadata.published.is_none() {
            metadata.published = Some(reference.date);
        }
        if metadata.outlet.is_none() {
            metadata.outlet = reference.outlet;
        }
    }
    if metadata.dateline.is_none() {
        metadata.dateline =
            body.iter().find(|(kind, _)| *kind == BlockKind::Paragraph).and_then(|(_, text)| leading_dateline(text));
    }

    let mut blocks = Vec::with_capacity(body.len() + standfirsts.len() + 1);
    if !title.is_empty() {
        blocks.push((BlockKind::Headline, title));
    }
    blocks.extend(standfirsts);
    blocks.extend(body);
    Extraction { article: Article::new(metadata, blocks), dropped_lines }
}

/// The bundled seed article, extracted from the raw page text compiled in.
pub fn seed_article() -> Article {
    extract_plain_text(SEED_PAGE_TEXT, None).article
}

// ---------------------------------------------------------------------------
// Page segmentation
// ---------------------------------------------------------------------------

/// Why a line was taken for site chrome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ChromeKind {
    /// A menu of sections, editions or languages.
    NavigationMenu,
    /// A breadcrumb trail ("Home / Motoring").
    Breadcrumb,
    /// The heading of a list of links to other stories ("Most Viewed").
    LinkListHeading,
    /// Sharing, following and account links ("FOLLOW US", "Sign in").
    SocialOrAccount,
    /// An advertisement marker ("Advertisement").
    Advertisement,
    /// Copyright, licence, registration, cookie, subscription and footer-link notices.
    LegalNotice,
    /// A reference to the printed edition ("(China Daily 12/17/2015 page21)").
    PrintEditionReference,
}

/// One piece of the page, in page order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// A line of site chrome.
    Chrome { kind: ChromeKind, line: String },
    /// A byline line, read into the metadata.
    Byline { line: String, byline: Byline },
    /// A line that only states a date, read into the metadata.
    DateLine { line: String, date: String },
    /// A run of ordinary lines from one paragraph, joined with spaces.
    Text { text: String, lines: Vec<String> },
}

impl Segment {
    fn text(&self) -> &str {
        match self {
            Segment::Chrome { line, .. } | Segment::Byline { line, .. } | Segment::DateLine { line, .. } => line,
            Segment::Text { text, .. } => text,
        }
    }

    fn lines(&self) -> &[String] {
        match self {
            Segment::Chrome { line, .. } | Segment::Byline { line, .. } | Segment::DateLine { line, .. } => {
                std::slice::from_ref(line)
            }
            Segment::Text { lines, .. } => lines,
        }
    }
}

/// Paragraphs of the page: runs of non-blank lines, each line trimmed.
/// Lines holding only whitespace (non-breaking spaces included) are blank.
fn split_paragraphs(raw: &str) -> Vec<Vec<String>> {
    let mut paragraphs = Vec::new();
    let mut current = Vec::new();
    for line in raw.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(trimmed.to_string());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// Splits the page into segments. Bylines, date lines and chrome are
/// recognised line by line, because pages often run them together without a
/// blank line; the ordinary lines left in a paragraph are joined into text.
fn segment_page(raw: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for paragraph in split_paragraphs(raw) {
        let mut pending: Vec<String> = Vec::new();
        for line in paragraph {
            let classified = if let Some(byline) = parse_byline(&line) {
                Some(Segment::Byline { line: line.clone(), byline })
            } else if let Some(date) = parse_date_line(&line) {
                Some(Segment::DateLine { line: line.clone(), date })
            } else {
                classify_chrome_line(&line).map(|kind| Segment::Chrome { kind, line: line.clone() })
            };
            match classified {
                Some(segment) => {
                    flush_text(&mut pending, &mut segments);
                    segments.push(segment);
                }
                None => pending.push(line),
            }
        }
        flush_text(&mut pending, &mut segments);
    }
    segments
}

fn flush_text(pending: &mut Vec<String>, segments: &mut Vec<Segment>) {
    if !pending.is_empty() {
        let lines = std::mem::take(pending);
        segments.push(Segment::Text { text: collapse_whitespace(&lines.join(" ")), lines });
    }
}

/// Where the article's front matter ends: the first byline, or failing that
/// the first prose paragraph. The headline is looked for before it.
fn metadata_boundary(segments: &[Segment]) -> usize {
    segments
        .iter()
        .position(|segment| matches!(segment, Segment::Byline { .. }))
        .or_else(|| segments.iter().position(|segment| matches!(segment, Segment::Text { text, .. } if is_prose(text))))
        .unwrap_or(segments.len())
}

/// Index of the headline among the segments before `boundary`. Preference
/// goes to a headline-like line the page repeats later (image alt text and
/// share widgets repeat the headline), then to the first one after the last
/// navigation chrome (so a masthead above the menus is skipped), then to the
/// first one at all.
fn find_title_index(segments: &[Segment], boundary: usize) -> Option<usize> {
    let candidates: Vec<usize> = (0..boundary.min(segments.len()))
        .filter(|&index| matches!(&segments[index], Segment::Text { text, .. } if is_title_candidate(text)))
        .collect();
    let repeated_later = candidates.iter().copied().find(|&index| {
        let text = segments[index].text();
        segments[index + 1..]
            .iter()
            .any(|later| matches!(later, Segment::Text { text: later_text, .. } if same_text(later_text, text)))
    });
    let last_navigation = segments[..boundary.min(segments.len())].iter().rposition(|segment| {
        matches!(
            segment,
            Segment::Chrome {
                kind: ChromeKind::NavigationMenu
                    | ChromeKind::Breadcrumb
                    | ChromeKind::SocialOrAccount
                    | ChromeKind::LinkListHeading
                    | ChromeKind::Advertisement,
                ..
            }
        )
    });
    let after_navigation =
        candidates.iter().copied().find(|&index| last_navigation.is_none_or(|navigation| index > navigation));
    repeated_later.or(after_navigation).or_else(|| candidates.first().copied())
}

fn is_title_candidate(text: &str) -> bool {
    is_headline_like(text) && !is_contact_line(text) && !ends_with_photo_credit(text)
}

/// True when the next segment is a prose paragraph.
fn next_segment_is_prose(segments: &[Segment], index: usize) -> bool {
    matches!(segments.get(index + 1), Some(Segment::Text { text, .. }) if is_prose(text))
}

fn same_text(left: &str, right: &str) -> bool {
    collapse_whitespace(left).to_lowercase() == collapse_whitespace(right).to_lowercase()
}

// ---------------------------------------------------------------------------
// Shape of a line: headline or prose
// ---------------------------------------------------------------------------

/// Longest line, in words, still taken for a headline.
const HEADLINE_MAX_WORDS: usize = 20;
/// Longest line, in characters, still taken for a headline.
const HEADLINE_MAX_CHARS: usize = 160;
/// A headline ending in '?' or '!' is short; longer ones are sentences.
const QUESTION_HEADLINE_MAX_WORDS: usize = 12;

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn has_any_word(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn is_closing_mark(character: char) -> bool {
    matches!(character, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '\u{bb}' | '*' | '\u{300d}' | '\u{300f}')
}

fn is_opening_quote(character: char) -> bool {
    matches!(character, '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{ab}' | '\u{300c}' | '\u{300e}')
}

/// The text's last character that is not a closing quote or bracket.
fn last_meaningful_char(text: &str) -> Option<char> {
    text.trim_end().chars().rev().find(|&character| !is_closing_mark(character) && !character.is_whitespace())
}

/// True when the text ends like a sentence: '.', '!', '?', '…' or ':',
/// possibly followed by closing quotes or brackets.
fn ends_with_sentence_punctuation(text: &str) -> bool {
    matches!(
        last_meaningful_char(text),
        Some('.' | '!' | '?' | '\u{2026}' | ':' | '\u{3002}' | '\u{ff01}' | '\u{ff1f}')
    )
}

/// A line shaped like a headline: short, starting with a capital, a digit or
/// a quote, and not ending like a statement. Short questions and
/// exclamations count; links and e-mail addresses do not.
fn is_headline_like(text: &str) -> bool {
    let words = word_count(text);
    if words == 0 || words > HEADLINE_MAX_WORDS || text.chars().count() > HEADLINE_MAX_CHARS {
        return false;
    }
    let lowercase = text.to_lowercase();
    if text.contains('@') || lowercase.contains("http") || lowercase.contains("www.") {
        return false;
    }
    let Some(first) = text.chars().next() else {
        return false;
    };
    let starts_well = is_opening_quote(first) || (first.is_alphanumeric() && !first.is_lowercase());
    if !starts_well {
        return false;
    }
    match last_meaningful_char(text) {
        Some('.' | ',' | ';' | ':' | '\u{2026}' | '\u{3002}' | '-' | '\u{2013}' | '\u{2014}') | None => false,
        Some('?' | '!' | '\u{ff01}' | '\u{ff1f}') => {
            let ends_on_the_mark = text.trim_end().ends_with(['?', '!', '\u{ff01}', '\u{ff1f}']);
            words <= QUESTION_HEADLINE_MAX_WORDS && ends_on_the_mark && !is_opening_quote(first)
        }
        Some(_) => true,
    }
}

/// A paragraph of running text: it ends like a sentence (and is not a short
/// question headline), or it is too long to be anything else.
fn is_prose(text: &str) -> bool {
    (ends_with_sentence_punctuation(text) && !is_headline_like(text)) || word_count(text) > HEADLINE_MAX_WORDS
}

// ---------------------------------------------------------------------------
// Chrome lines
// ---------------------------------------------------------------------------

/// What kind of site chrome `line` is, if any.
fn classify_chrome_line(line: &str) -> Option<ChromeKind> {
    if parse_print_edition_reference(line).is_some() {
        Some(ChromeKind::PrintEditionReference)
    } else if is_legal_notice_line(line) {
        Some(ChromeKind::LegalNotice)
    } else if is_link_list_heading(line) {
        Some(ChromeKind::LinkListHeading)
    } else if is_advertisement_marker(line) {
        Some(ChromeKind::Advertisement)
    } else if is_breadcrumb_line(line) {
        Some(ChromeKind::Breadcrumb)
    } else if is_navigation_menu_line(line) {
        Some(ChromeKind::NavigationMenu)
    } else if is_social_or_account_line(line) {
        Some(ChromeKind::SocialOrAccount)
    } else {
        None
    }
}

/// Lowercase, with curly apostrophes made straight, whitespace collapsed and
/// trailing arrows, colons and ellipses removed: the form chrome phrases are
/// compared in.
fn normalize_phrase(line: &str) -> String {
    collapse_whitespace(line)
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .trim_end_matches(|character: char| {
            matches!(character, ':' | '>' | '\u{bb}' | '\u{203a}' | '\u{2026}' | '.' | '|' | '-' | '\u{2014}')
                || character.is_whitespace()
        })
        .to_string()
}

/// Headings that introduce a list of links to other stories.
const LINK_LIST_HEADINGS: &[&str] = &[
    "today's top news",
    "top news",
    "top stories",
    "editor's picks",
    "editors' picks",
    "editor's choice",
    "most viewed",
    "most read",
    "most popular",
    "most shared",
    "most commented",
    "popular",
    "popular now",
    "related",
    "related stories",
    "related articles",
    "related news",
    "related content",
    "related coverage",
    "related links",
    "related topics",
    "trending",
    "trending now",
    "trending stories",
    "read more",
    "read next",
    "read also",
    "see also",
    "recommended",
    "recommended for you",
    "recommended stories",
    "you may also like",
    "you might also like",
    "more stories",
    "more news",
    "latest",
    "latest news",
    "latest stories",
    "don't miss",
    "in other news",
    "what to read next",
    "further reading",
    "special coverage",
    "hot topics",
];

/// "Most Viewed", "Related stories", "Read more", "More from Business": the
/// heading of a list of links.
fn is_link_list_heading(line: &str) -> bool {
    let phrase = normalize_phrase(line);
    if LINK_LIST_HEADINGS.contains(&phrase.as_str()) {
        return true;
    }
    let short = word_count(&phrase) <= 5;
    let more_from = ["more from ", "more in ", "more on ", "latest from ", "more stories from "]
        .iter()
        .any(|prefix| phrase.starts_with(prefix));
    short && more_from && !ends_with_sentence_punctuation(line)
}

/// "Advertisement", "Sponsored content", "Story continues below advertisement".
fn is_advertisement_marker(line: &str) -> bool {
    matches!(
        normalize_phrase(line).as_str(),
        "advertisement"
            | "advertising"
            | "ad"
            | "sponsored"
            | "sponsored content"
            | "paid content"
            | "story continues below advertisement"
            | "article continues below advertisement"
            | "continue reading below"
            | "scroll to continue with content"
    )
}

/// Words that make up sharing, following and account links.
const SOCIAL_WORDS: &[&str] = &[
    "follow",
    "share",
    "tweet",
    "email",
    "e-mail",
    "print",
    "copy",
    "link",
    "comments",
    "comment",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "weibo",
    "wechat",
    "reddit",
    "pinterest",
    "instagram",
    "youtube",
    "tiktok",
    "telegram",
    "sign",
    "log",
    "login",
    "logout",
    "register",
    "subscribe",
    "menu",
    "search",
    "skip",
    "navigation",
    "close",
    "account",
    "newsletters",
];

/// Short words that may sit between them ("Follow us on Twitter").
const SOCIAL_FILLER_WORDS: &[&str] = &[
    "us", "this", "on", "via", "to", "in", "up", "out", "my", "the", "and", "or", "article", "story", "page", "main",
    "content",
];

/// "FOLLOW US", "Share this article", "Sign in | Subscribe", "Skip to main
/// content": a short line made only of sharing, following and account words.
fn is_social_or_account_line(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|character: char| character.is_whitespace() || matches!(character, '|' | '\u{b7}' | '\u{2022}' | '/'))
        .map(|word| {
            word.trim_matches(|character: char| !character.is_alphanumeric() && character != '-').to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let all_known =
        words.iter().all(|word| SOCIAL_WORDS.contains(&word.as_str()) || SOCIAL_FILLER_WORDS.contains(&word.as_str()));
    all_known && words.iter().any(|word| SOCIAL_WORDS.contains(&word.as_str()))
}

/// Language names as edition switchers print them.
const LANGUAGE_NAMES: &[&str] = &[
    "中文",
    "双语",
    "English",
    "Français",
    "Español",
    "Deutsch",
    "Italiano",
    "Português",
    "Русский",
    "العربية",
    "日本語",
    "한국어",
];

/// Longest menu item, in words.
const MENU_ITEM_MAX_WORDS: usize = 3;

/// A menu of sections, editions or languages: "Home | World | Business",
/// an edition switcher naming two languages, or menu items whose spaces were
/// lost when the page was copied ("USEUROPEAFRICAASIA").
fn is_navigation_menu_line(line: &str) -> bool {
    is_delimited_menu(line) || is_language_switcher(line) || has_run_together_capitals(line)
}

/// Three or more short items separated by '|', '•' or '·', none of them a
/// sentence or a number.
fn is_delimited_menu(line: &str) -> bool {
    let items: Vec<&str> =
        line.split(['|', '\u{2022}', '\u{b7}']).map(str::trim).filter(|item| !item.is_empty()).collect();
    items.len() >= 3
        && items.iter().all(|item| {
            word_count(item) <= MENU_ITEM_MAX_WORDS
                && !ends_with_sentence_punctuation(item)
                && !item.chars().any(|character| character.is_ascii_digit())
        })
}

/// A short line naming at least two languages: an edition switcher.
fn is_language_switcher(line: &str) -> bool {
    let named = LANGUAGE_NAMES.iter().filter(|name| line.contains(*name)).count();
    named >= 2 && word_count(line) <= 8
}

/// Capitals run together without spaces, longer than any ordinary word.
const RUN_TOGETHER_CAPITALS_MIN: usize = 12;

/// A short line with a run of at least a dozen ASCII capitals and no word in
/// lower case: menu items ("US", "EUROPE", "AFRICA", "ASIA") glued together by
/// the copy.
fn has_run_together_capitals(line: &str) -> bool {
    let has_lowercase_word = line.split_whitespace().any(|word| word.chars().next().is_some_and(char::is_lowercase));
    if word_count(line) > 6 || ends_with_sentence_punctuation(line) || has_lowercase_word {
        return false;
    }
    let mut run = 0;
    for character in line.chars() {
        if character.is_ascii_uppercase() {
            run += 1;
            if run >= RUN_TOGETHER_CAPITALS_MIN {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// First crumbs that mark a trail even when it has only two steps.
const BREADCRUMB_ROOTS: &[&str] = &["home", "homepage", "home page", "front page", "news", "index"];

/// A breadcrumb trail: "Home / Motoring", "News › World › Asia",
/// "World / Africa / Kenya". A two-step trail split by '/' must start at a
/// root such as "Home", since "Li Xueren / Xinhua" is a photo credit.
fn is_breadcrumb_line(line: &str) -> bool {
    let (crumbs, slash_separated) = if line.contains(['>', '\u{bb}', '\u{203a}', '\u{ff1e}']) {
        (line.split(['>', '\u{bb}', '\u{203a}', '\u{ff1e}']).map(str::trim).collect::<Vec<_>>(), false)
    } else if line.contains('/') {
        (line.split('/').map(str::trim).collect::<Vec<_>>(), true)
    } else {
        return false;
    };
    if crumbs.len() < 2 || crumbs.len() > 6 {
        return false;
    }
    let crumbs_look_right = crumbs.iter().all(|crumb| {
        let starts_with_capital =
            crumb.chars().next().is_some_and(|first| first.is_alphanumeric() && !first.is_lowercase());
        (1..=4).contains(&word_count(crumb))
            && starts_with_capital
            && !ends_with_sentence_punctuation(crumb)
            && !crumb.chars().any(|character| character.is_ascii_digit())
    });
    if !crumbs_look_right {
        return false;
    }
    let starts_at_root = BREADCRUMB_ROOTS.contains(&crumbs[0].to_lowercase().as_str());
    !slash_separated || starts_at_root || crumbs.len() >= 3
}

/// Footer links that may share a line ("Privacy Policy | Terms of Use").
const FOOTER_LINK_PHRASES: &[&str] = &[
    "privacy policy",
    "privacy notice",
    "cookie policy",
    "cookie settings",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "terms & conditions",
    "contact us",
    "about us",
    "advertise with us",
    "advertise",
    "careers",
    "sitemap",
    "site map",
    "accessibility",
];

/// Copyright, licence, registration, cookie, subscription and footer-link
/// notices.
fn is_legal_notice_line(line: &str) -> bool {
    is_copyright_line(line)
        || is_registration_line(line)
        || is_cookie_notice(line)
        || is_subscription_prompt(line)
        || is_footer_link_line(line)
}

/// "Copyright 1995 - . All rights reserved. …", "© 2024 The Gazette",
/// "(c) 2023 Example Media".
fn is_copyright_line(line: &str) -> bool {
    let lowercase = line.to_lowercase();
    let starts_with_c_mark = lowercase
        .strip_prefix("(c)")
        .is_some_and(|rest| rest.trim_start().starts_with(|character: char| character.is_ascii_digit()));
    lowercase.starts_with("copyright")
        || line.starts_with('\u{a9}')
        || starts_with_c_mark
        || lowercase.contains("all rights reserved")
}

/// Labels that open an official licence or registration notice.
const REGISTRATION_LABELS: &[&str] = &[
    "license",
    "licence",
    "registration",
    "registered",
    "business license",
    "business licence",
    "reg. no",
    "company number",
];

/// "License for publishing multimedia online 0108263", "Registration Number:
/// 130349", "京ICP备13028878号": a registry label with a long number.
fn is_registration_line(line: &str) -> bool {
    let lowercase = line.to_lowercase();
    let longest_digit_run = line.split(|character: char| !character.is_ascii_digit()).map(str::len).max().unwrap_or(0);
    let labelled = REGISTRATION_LABELS
        .iter()
        .any(|label| lowercase.starts_with(label))
        // China's website filing numbers read "京ICP备…号" or "ICP证…号".
        || line.contains("ICP备")
        || line.contains("ICP证")
        || lowercase.starts_with("icp");
    labelled && longest_digit_run >= 5 && word_count(line) <= 12
}

/// A cookie banner: it speaks of cookies and either opens the way banners do
/// or points at a cookie policy or an accept button.
fn is_cookie_notice(line: &str) -> bool {
    let lowercase = line.to_lowercase();
    if !lowercase.contains("cookie") {
        return false;
    }
    let banner_openings = ["we use cookies", "this site uses", "this website uses", "by continuing", "by using this"];
    let banner_phrases =
        ["cookie policy", "cookie settings", "accept cookies", "accept all", "manage cookies", "cookie preferences"];
    banner_openings.iter().any(|opening| lowercase.starts_with(opening))
        || banner_phrases.iter().any(|phrase| lowercase.contains(phrase))
}

/// "Subscribe to our newsletter", "Sign up for our daily briefing".
fn is_subscription_prompt(line: &str) -> bool {
    let lowercase = line.to_lowercase();
    let openings = [
        "subscribe to",
        "subscribe now",
        "sign up for our",
        "sign up to our",
        "sign up for the",
        "get our newsletter",
        "join our newsletter",
        "get the latest news delivered",
    ];
    openings.iter().any(|opening| lowercase.starts_with(opening)) && word_count(line) <= 25
}

/// A line made only of footer links: "Privacy Policy | Terms of Use | Contact Us".
fn is_footer_link_line(line: &str) -> bool {
    let mut rest = line.to_lowercase();
    let mut found = false;
    for phrase in FOOTER_LINK_PHRASES {
        if rest.contains(phrase) {
            found = true;
            rest = rest.replace(phrase, " ");
        }
    }
    found
        && rest.chars().all(|character| {
            character.is_whitespace() || matches!(character, '|' | '\u{b7}' | '\u{2022}' | '/' | ',' | '-')
        })
}

/// A reference to the printed edition, and what it tells.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PrintEditionReference {
    /// The paper named before the date ("China Daily"), if any.
    outlet: Option<String>,
    /// The print date as `yyyy-mm-dd`.
    date: String,
}

/// "(China Daily 12/17/2015 page21)", "[The Times, 4 March 2024, page A3]":
/// a bracketed line naming a page and holding a date.
fn parse_print_edition_reference(line: &str) -> Option<PrintEditionReference> {
    let inner = line
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        .or_else(|| line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')))?;
    let lowercase = inner.to_lowercase();
    let page_at = lowercase.rfind("page")?;
    let after_page = lowercase[page_at + "page".len()..].trim_start_matches([' ', '.']);
    let names_a_page = !after_page.is_empty()
        && after_page.chars().any(|character| character.is_ascii_digit())
        && after_page.chars().all(|character| character.is_ascii_alphanumeric());
    if !names_a_page {
        return None;
    }
    let found = find_date(inner)?;
    let outlet_text = inner[..found.start].trim().trim_end_matches([',', ' ']).trim();
    let outlet = (!outlet_text.is_empty() && !outlet_text.chars().any(|character| character.is_ascii_digit()))
        .then(|| outlet_text.to_string());
    Some(PrintEditionReference { outlet, date: found.iso })
}

// ---------------------------------------------------------------------------
// Bylines
// ---------------------------------------------------------------------------

/// What a byline line states.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Byline {
    /// The writers, as printed ("Cao Yin and Zhao Xinying").
    authors: String,
    /// Where the story was filed from ("Wuzhen, Zhejiang").
    dateline: Option<String>,
    /// The publication named on the line ("China Daily").
    outlet: Option<String>,
    /// A date on the line, as `yyyy-mm-dd`.
    published: Option<String>,
}

fn apply_byline(metadata: &mut ArticleMetadata, byline: &Byline) {
    metadata.byline = Some(byline.authors.clone());
    if metadata.dateline.is_none() {
        metadata.dateline = byline.dateline.clone();
    }
    if metadata.outlet.is_none() {
        metadata.outlet = byline.outlet.clone();
    }
    if metadata.published.is_none() {
        metadata.published = byline.published.clone();
    }
}

/// Longest line, in words, still read as a byline.
const BYLINE_MAX_WORDS: usize = 30;

/// Reads a byline line: "By Cao Yin and Zhao Xinying in Wuzhen, Zhejiang |
/// China Daily | Updated: 2015-12-17 08:26", "By Jane Doe | Updated: …",
/// "By Jane Doe, Staff Reporter", "Zhang San, China Daily Reporter". Parts
/// split by '|' after the names are a date or the outlet.
fn parse_byline(line: &str) -> Option<Byline> {
    if word_count(line) > BYLINE_MAX_WORDS {
        return None;
    }
    let parts: Vec<&str> = line.split('|').map(str::trim).filter(|part| !part.is_empty()).collect();
    let (first, others) = parts.split_first()?;
    let mut byline = parse_by_names(first).or_else(|| parse_names_with_role(first))?;
    for part in others {
        if let Some(found) = find_date(part) {
            if byline.published.is_none() {
                byline.published = Some(found.iso);
            }
        } else if byline.outlet.is_none() && looks_like_outlet(part) {
            byline.outlet = Some(part.to_string());
        } else {
            return None;
        }
    }
    Some(byline)
}

/// "By Cao Yin and Zhao Xinying in Wuzhen, Zhejiang", "By Jane Doe, Staff
/// Reporter", "BY JOHN ROE".
fn parse_by_names(part: &str) -> Option<Byline> {
    let rest = part.get(..3).filter(|prefix| prefix.eq_ignore_ascii_case("by ")).map(|_| part[3..].trim())?;
    let (names_and_place, role_outlet) = split_off_role(rest);
    let (names, dateline) = match names_and_place.split_once(" in ") {
        Some((names, place)) if is_place_name(place.trim()) => (names.trim(), Some(place.trim().to_string())),
        Some(_) => return None,
        None => (names_and_place.trim(), None),
    };
    if !is_list_of_names(names) {
        return None;
    }
    Some(Byline { authors: names.to_string(), dateline, outlet: role_outlet, published: None })
}

/// "Jane Doe, Staff Reporter", "Zhang San, China Daily Reporter": names,
/// then a comma and a newsroom role.
fn parse_names_with_role(part: &str) -> Option<Byline> {
    let (names, role) = part.rsplit_once(',')?;
    if !is_newsroom_role(role.trim()) || !is_list_of_names(names.trim()) {
        return None;
    }
    Some(Byline { authors: names.trim().to_string(), outlet: outlet_in_role(role.trim()), ..Byline::default() })
}

/// Splits a trailing ", Staff Reporter" off the names, returning the rest and
/// the outlet the role names, if any.
fn split_off_role(text: &str) -> (&str, Option<String>) {
    match text.rsplit_once(',') {
        Some((before, role)) if is_newsroom_role(role.trim()) => (before, outlet_in_role(role.trim())),
        _ => (text, None),
    }
}

/// Words that end a newsroom role ("Staff Reporter", "Foreign Correspondent").
const ROLE_WORDS: &[&str] = &[
    "reporter",
    "reporters",
    "correspondent",
    "correspondents",
    "writer",
    "writers",
    "editor",
    "editors",
    "journalist",
    "columnist",
    "contributor",
    "staff",
    "chief",
];

/// Words that describe a role rather than name an outlet.
const ROLE_DESCRIPTIONS: &[&str] = &[
    "staff",
    "senior",
    "chief",
    "special",
    "foreign",
    "political",
    "business",
    "sports",
    "science",
    "health",
    "investigative",
    "contributing",
    "freelance",
    "our",
    "own",
    "bureau",
    "a",
    "the",
];

fn is_newsroom_role(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.last().is_some_and(|last| ROLE_WORDS.contains(&last.to_lowercase().as_str()))
        && words.iter().all(|word| {
            word.chars().next().is_some_and(|first| !first.is_lowercase()) || ROLE_DESCRIPTIONS.contains(word)
        })
}

/// "China Daily Reporter" names its outlet; "Staff Reporter" does not.
fn outlet_in_role(role: &str) -> Option<String> {
    let words: Vec<&str> = role.split_whitespace().collect();
    let (_, before_role_word) = words.split_last()?;
    let outlet: Vec<&str> = before_role_word
        .iter()
        .copied()
        .filter(|word| !ROLE_DESCRIPTIONS.contains(&word.to_lowercase().as_str()))
        .collect();
    (!outlet.is_empty()).then(|| outlet.join(" "))
}

/// Lowercase particles that may sit inside a personal name.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "der", "den", "di", "dos", "du", "la", "le", "van", "von", "bin", "binti", "al", "el",
    "ibn", "ter", "y",
];

/// One personal name: one to five words, each capitalised or a particle,
/// with no digits.
fn is_personal_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.iter().all(|word| {
            let capitalised = word.chars().next().is_some_and(|first| first.is_alphabetic() && !first.is_lowercase());
            (capitalised || NAME_PARTICLES.contains(word))
                && word
                    .chars()
                    .all(|character| character.is_alphabetic() || matches!(character, '.' | '-' | '\'' | '\u{2019}'))
        })
}

/// "Cao Yin and Zhao Xinying", "Jane Doe, John Roe & Ann Poe".
fn is_list_of_names(text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    text.split(',')
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" & "))
        .map(str::trim)
        .map(|part| part.strip_prefix("and ").unwrap_or(part))
        .all(is_personal_name)
}

/// "Wuzhen, Zhejiang", "Nairobi", "New York": one to six capitalised words.
fn is_place_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=6).contains(&words.len())
        && words.iter().all(|word| {
            word.chars().next().is_some_and(|first| first.is_alphabetic() && !first.is_lowercase())
                || NAME_PARTICLES.contains(word)
                || *word == "of"
        })
        && !text.chars().any(|character| character.is_ascii_digit())
}

/// "China Daily", "Reuters", "The Riverside Gazette": a short capitalised
/// name without digits or sentence punctuation.
fn looks_like_outlet(text: &str) -> bool {
    (1..=5).contains(&word_count(text))
        && text.chars().next().is_some_and(|first| first.is_alphanumeric() && !first.is_lowercase())
        && !text.chars().any(|character| character.is_ascii_digit())
        && !ends_with_sentence_punctuation(text)
}

/// The dateline that opens a wire story: "NAIROBI, Kenya (Reuters) — …"
/// gives "Nairobi, Kenya". Words printed in capitals are given title case.
fn leading_dateline(paragraph: &str) -> Option<String> {
    let dash_at = [" \u{2014} ", " \u{2013} ", " -- ", " - "].iter().filter_map(|dash| paragraph.find(dash)).min()?;
    let head = paragraph[..dash_at].trim();
    let head = match head.rfind(" (") {
        Some(open) if head.ends_with(')') => head[..open].trim(),
        _ => head,
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let first_word_in_capitals = words.first().is_some_and(|first| {
        let letters: Vec<char> = first.chars().filter(|character| character.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|letter| letter.is_uppercase())
    });
    if !(1..=5).contains(&words.len()) || !first_word_in_capitals || !is_place_name(head.trim_end_matches(',')) {
        return None;
    }
    let title_cased: Vec<String> = words.iter().map(|word| title_case_if_capitals(word)).collect();
    Some(title_cased.join(" ").trim_end_matches(',').to_string())
}

/// "NAIROBI," becomes "Nairobi,"; "UK" and "Kenya" stay as they are.
fn title_case_if_capitals(word: &str) -> String {
    let letters = word.chars().filter(|character| character.is_alphabetic()).count();
    let all_capitals = word.chars().filter(|character| character.is_alphabetic()).all(char::is_uppercase);
    if letters <= 2 || !all_capitals {
        return word.to_string();
    }
    let mut result = String::with_capacity(word.len());
    let mut first_letter_done = false;
    for character in word.chars() {
        if character.is_alphabetic() && !first_letter_done {
            result.push(character);
            first_letter_done = true;
        } else {
            result.extend(character.to_lowercase());
        }
    }
    result
}

// ---------------------------------------------------------------------------
// Contact lines and captions
// ---------------------------------------------------------------------------

/// "Contact the writer at caoyin@chinadaily.com.cn", "Email the reporter at
/// …", "Reach Jane Doe at jane@example.com".
fn is_contact_line(text: &str) -> bool {
    let lowercase = text.to_lowercase();
    let openings = ["contact ", "email ", "e-mail ", "reach ", "write to ", "you can reach ", "follow the writer"];
    let names_a_writer =
        ["the writer", "the reporter", "the author", "the editor"].iter().any(|phrase| lowercase.contains(phrase));
    openings.iter().any(|opening| lowercase.starts_with(opening))
        && (text.contains('@') || names_a_writer)
        && word_count(text) <= 40
}

/// How photo credits open ("Photo: …", "[Photo/Xinhua]", "(Photo by …)"),
/// compared in lower case with the spaces around '/' removed.
const PHOTO_CREDIT_OPENINGS: &[&str] = &[
    "photo/",
    "photo:",
    "photo by",
    "photo courtesy",
    "photo provided",
    "photos/",
    "photos:",
    "photos by",
    "photograph:",
    "photograph by",
    "file photo",
    "image:",
    "image by",
    "image courtesy",
    "picture:",
    "picture by",
    "credit:",
    "provided to",
];

fn opens_like_photo_credit(text: &str) -> bool {
    let normalized = text.trim().to_lowercase().replace(" /", "/").replace("/ ", "/");
    PHOTO_CREDIT_OPENINGS.iter().any(|opening| normalized.starts_with(opening))
}

/// A caption ends with a photo credit: "… Li Xueren / Xinhua",
/// "… [Photo/Xinhua]", "… (Photo by Ann Lee/Reuters)", "… Photo: AFP".
fn ends_with_photo_credit(text: &str) -> bool {
    let text = text.trim();
    let bracketed = [('[', ']'), ('(', ')')].iter().any(|&(open, close)| {
        text.strip_suffix(close)
            .and_then(|rest| rest.rfind(open).map(|at| &rest[at + open.len_utf8()..]))
            .is_some_and(opens_like_photo_credit)
    });
    if bracketed {
        return true;
    }
    let last_sentence = match text.rfind(". ") {
        Some(at) => text[at + 2..].trim(),
        None => text,
    };
    opens_like_photo_credit(last_sentence) || is_name_slash_agency(last_sentence)
}

/// "Li Xueren / Xinhua", "Ann Lee/Reuters", "John Roe / Getty Images".
fn is_name_slash_agency(text: &str) -> bool {
    let Some((name, agency)) = text.split_once('/') else {
        return false;
    };
    let capitalised_words = |part: &str| {
        let words: Vec<&str> = part.split_whitespace().collect();
        (1..=4).contains(&words.len())
            && words.iter().all(|word| {
                word.chars().next().is_some_and(|first| first.is_alphabetic() && !first.is_lowercase())
                    && word.chars().all(|character| character.is_alphabetic() || matches!(character, '.' | '-' | '\''))
            })
    };
    !agency.contains('/') && capitalised_words(name) && capitalised_words(agency)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A date found in a text, with its byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FoundDate {
    /// The date as `yyyy-mm-dd`.
    iso: String,
    /// Byte index where the date starts.
    start: usize,
    /// Byte index just past the date.
    end: usize,
}

/// A run of letters and digits, with its byte span.
#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn alphanumeric_tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (index, character) in text.char_indices() {
        match (character.is_alphanumeric(), start) {
            (true, None) => start = Some(index),
            (false, Some(begun)) => {
                tokens.push(Token { text: &text[begun..index], start: begun, end: index });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begun) = start {
        tokens.push(Token { text: &text[begun..], start: begun, end: text.len() });
    }
    tokens
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// 1 to 12 for a month's name or its usual abbreviation ("Dec", "Sept").
fn month_number(word: &str) -> Option<u32> {
    let lowercase = word.to_lowercase();
    if lowercase == "sept" {
        return Some(9);
    }
    MONTH_NAMES
        .iter()
        .position(|name| *name == lowercase || (lowercase.len() == 3 && name.starts_with(lowercase.as_str())))
        .map(|index| index as u32 + 1)
}

fn is_digits(text: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&text.len()) && text.chars().all(|character| character.is_ascii_digit())
}

/// A day of the month, possibly with an ordinal suffix ("17", "3rd").
fn day_number(word: &str) -> Option<u32> {
    let lowercase = word.to_lowercase();
    let digits =
        ["st", "nd", "rd", "th"].iter().find_map(|suffix| lowercase.strip_suffix(suffix)).unwrap_or(&lowercase);
    is_digits(digits, 1..=2).then(|| digits.parse().ok()).flatten()
}

fn is_leap_year(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `yyyy-mm-dd` when the three numbers make a real date between 1900 and 2100.
fn iso_date(year: u32, month: u32, day: u32) -> Option<String> {
    let valid =
        (1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The first date in `text`, in any of the forms news pages print:
/// "2015-12-17", "2015/12/17", "12/17/2015", "17.12.2015", "December 17,
/// 2015", "Dec. 17, 2015", "17 December 2015". Slashed and dashed dates put
/// the month first, as US and Chinese English-language sites do, unless the
/// first number cannot be a month; dotted dates put the day first.
fn find_date(text: &str) -> Option<FoundDate> {
    let tokens = alphanumeric_tokens(text);
    tokens.windows(3).find_map(|window| {
        let [first, second, third] = [window[0], window[1], window[2]];
        let separator_one = &text[first.end..second.start];
        let separator_two = &text[second.end..third.start];
        let iso = date_from_numbers(first.text, second.text, third.text, separator_one, separator_two)
            .or_else(|| date_from_month_name(first.text, second.text, third.text, separator_one, separator_two))?;
        Some(FoundDate { iso, start: first.start, end: third.end })
    })
}

fn date_from_numbers(
    first: &str,
    second: &str,
    third: &str,
    separator_one: &str,
    separator_two: &str,
) -> Option<String> {
    if separator_one != separator_two || !matches!(separator_one, "-" | "/" | ".") {
        return None;
    }
    let number = |text: &str| text.parse::<u32>().ok();
    if is_digits(first, 4..=4) && is_digits(second, 1..=2) && is_digits(third, 1..=2) {
        return iso_date(number(first)?, number(second)?, number(third)?);
    }
    if is_digits(first, 1..=2) && is_digits(second, 1..=2) && is_digits(third, 4..=4) {
        let (one, two, year) = (number(first)?, number(second)?, number(third)?);
        return if separator_one == "." {
            iso_date(year, two, one)
        } else {
            iso_date(year, one, two).or_else(|| iso_date(year, two, one))
        };
    }
    None
}

fn date_from_month_name(
    first: &str,
    second: &str,
    third: &str,
    separator_one: &str,
    separator_two: &str,
) -> Option<String> {
    if !is_digits(third, 4..=4) {
        return None;
    }
    let year = third.parse().ok()?;
    if let Some(month) = month_number(first) {
        let separators_fit = matches!(separator_one, " " | ". ") && matches!(separator_two, " " | ", " | ",");
        let day = day_number(second)?;
        return separators_fit.then(|| iso_date(year, month, day)).flatten();
    }
    let day = day_number(first)?;
    let month = month_number(second)?;
    let separators_fit = separator_one == " " && matches!(separator_two, " " | ", " | ". ");
    separators_fit.then(|| iso_date(year, month, day)).flatten()
}

/// Words that may stand beside a date on a line that only states the date.
const DATE_LINE_WORDS: &[&str] = &[
    "updated",
    "published",
    "posted",
    "last",
    "modified",
    "first",
    "date",
    "on",
    "at",
    "created",
    "edited",
    "am",
    "pm",
    "a",
    "p",
    "m",
    "h",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Longest line, in words, still read as a date line.
const DATE_LINE_MAX_WORDS: usize = 12;

/// "Updated: 2015-12-17 08:26", "Published: 4 March 2024, 10:15 GMT",
/// "Tuesday, March 5, 2024": a line that states a date and nothing else.
fn parse_date_line(line: &str) -> Option<String> {
    if word_count(line) > DATE_LINE_MAX_WORDS {
        return None;
    }
    let found = find_date(line)?;
    let rest = format!("{} {}", &line[..found.start], &line[found.end..]);
    let only_date_words = alphanumeric_tokens(&rest).iter().all(|token| {
        DATE_LINE_WORDS.contains(&token.text.to_lowercase().as_str())
            || is_digits(token.text, 1..=4)
            || is_time_zone(token.text)
    });
    let only_separators = rest.chars().all(|character| {
        character.is_alphanumeric()
            || character.is_whitespace()
            || matches!(character, ',' | '|' | '-' | '\u{2013}' | '\u{2014}' | ':' | '.' | '(' | ')' | '+' | '/')
    });
    (only_date_words && only_separators).then_some(found.iso)
}

/// "GMT", "UTC", "ET", "BST", "UTC+8" split as "UTC" and "8".
fn is_time_zone(word: &str) -> bool {
    (2..=4).contains(&word.len()) && word.chars().all(|character| character.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::model::Block;
    use proptest::prelude::*;

    fn texts_of_kind(article: &Article, kind: BlockKind) -> Vec<&str> {
        article.blocks.iter().filter(|block| block.kind == kind).map(|block| block.text.as_str()).collect()
    }

    fn kinds(article: &Article) -> Vec<BlockKind> {
        article.blocks.iter().map(|block| block.kind).collect()
    }

    // --- The seed article -------------------------------------------------

    const SEED_CHROME_LINES: &[&str] = &[
        "USEUROPEAFRICAASIA 中文双语Français",
        "Home / Motoring",
        "(China Daily 12/17/2015 page21)",
        "Today's Top News",
        "Editor's picks",
        "Most Viewed",
        "Copyright 1995 - . All rights reserved.",
        "License for publishing multimedia online 0108263",
        "Registration Number: 130349",
        "FOLLOW US",
    ];

    fn seed_extraction() -> Extraction {
        extract_plain_text(SEED_PAGE_TEXT, None)
    }

    #[test]
    fn seed_headline_and_title() {
        let article = seed_article();
        assert_eq!(article.blocks[0].kind, BlockKind::Headline);
        assert_eq!(article.blocks[0].text, "Online providers' help sought");
        assert_eq!(article.metadata.title, "Online providers' help sought");
    }

    #[test]
    fn seed_kicker_is_moved_under_the_headline() {
        let article = seed_article();
        assert_eq!(article.blocks[1].kind, BlockKind::Standfirst);
        assert_eq!(article.blocks[1].text, "Shared responsibility called for in terror fight");
        assert_eq!(texts_of_kind(&article, BlockKind::Standfirst).len(), 1);
    }

    #[test]
    fn seed_metadata_comes_from_the_byline_line() {
        let metadata = seed_article().metadata;
        assert_eq!(metadata.byline.as_deref(), Some("Cao Yin and Zhao Xinying"));
        assert_eq!(metadata.dateline.as_deref(), Some("Wuzhen, Zhejiang"));
        assert_eq!(metadata.outlet.as_deref(), Some("China Daily"));
        assert_eq!(metadata.published.as_deref(), Some("2015-12-17"));
        assert_eq!(metadata.source_url, None);
    }

    #[test]
    fn seed_caption() {
        let article = seed_article();
        let captions = texts_of_kind(&article, BlockKind::Caption);
        assert_eq!(captions.len(), 1);
        assert_eq!(article.blocks[2].kind, BlockKind::Caption);
        assert!(captions[0].starts_with("President Xi Jinping talks with Alibaba Chairman Jack Ma (left)"));
        assert!(captions[0].ends_with(
            "The expo displays the latest Internet technologies and products in China and abroad. Li Xueren / Xinhua"
        ));
    }

    #[test]
    fn seed_body_paragraphs() {
        let article = seed_article();
        let paragraphs = texts_of_kind(&article, BlockKind::Paragraph);
        // The page holds twelve body paragraphs between the kicker and the contact line.
        assert_eq!(paragraphs.len(), 12);
        assert_eq!(
            paragraphs[0],
            "Online product and service providers are encouraged to join efforts to fight terrorism and assume more \
             responsibility for cybersecurity, experts on security and anti-terrorism said on Wednesday."
        );
        assert_eq!(
            paragraphs[11],
            "\"We have set up a department to deal with online crimes and opened more than 200 labs for getting and \
             analyzing digital evidence,\" Liu said, adding that the bureau has also trained its staff to make sure \
             that they are better able to crack down on online crimes."
        );
        assert!(paragraphs[2].starts_with("\"More than 100 countries"));
        assert!(paragraphs[7].starts_with("According to the Ministry of Public Security, 1.73 million cases"));
    }

    #[test]
    fn seed_contact_line_closes_the_article() {
        let article = seed_article();
        let last = article.blocks.last().expect("the seed has blocks");
        assert_eq!(last.kind, BlockKind::Contact);
        assert_eq!(last.text, "Contact the writer at caoyin@chinadaily.com.cn and zhaoxinying@chinadaily.com.cn");
        assert_eq!(texts_of_kind(&article, BlockKind::Contact).len(), 1);
    }

    #[test]
    fn seed_block_order() {
        let mut expected = vec![BlockKind::Headline, BlockKind::Standfirst, BlockKind::Caption];
        expected.extend(std::iter::repeat_n(BlockKind::Paragraph, 12));
        expected.push(BlockKind::Contact);
        assert_eq!(kinds(&seed_article()), expected);
    }

    #[test]
    fn seed_dropped_lines_are_exactly_the_chrome() {
        let dropped = seed_extraction().dropped_lines;
        assert_eq!(dropped.len(), 11);
        assert_eq!(dropped[0], "USEUROPEAFRICAASIA 中文双语Français");
        assert_eq!(dropped[1], "Home / Motoring");
        assert_eq!(dropped[2], "Online providers' help sought");
        assert_eq!(dropped[3], "(China Daily 12/17/2015 page21)");
        assert_eq!(&dropped[4..7], ["Today's Top News", "Editor's picks", "Most Viewed"]);
        assert!(dropped[7].starts_with("Copyright 1995 - . All rights reserved. The content"));
        assert_eq!(
            &dropped[8..],
            ["License for publishing multimedia online 0108263", "Registration Number: 130349", "FOLLOW US"]
        );
    }

    #[test]
    fn seed_no_chrome_survives_in_blocks_or_metadata() {
        let article = seed_article();
        let metadata = &article.metadata;
        let metadata_fields: Vec<&str> = [&metadata.byline, &metadata.dateline, &metadata.outlet, &metadata.published]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .chain([metadata.title.as_str()])
            .collect();
        for chrome in SEED_CHROME_LINES {
            assert!(!article.canonical_text().contains(chrome), "{chrome:?} survived in the text");
            for field in &metadata_fields {
                assert!(!field.contains(chrome), "{chrome:?} survived in metadata {field:?}");
            }
        }
        for fragment in
            ["USEUROPE", "Motoring", "page21", "Copyright", "Registration", "FOLLOW", "Most Viewed", "Editor's picks"]
        {
            assert!(!article.canonical_text().contains(fragment), "{fragment:?} survived");
        }
        let headline_copies =
            article.blocks.iter().filter(|block| block.text.contains("Online providers' help sought")).count();
        assert_eq!(headline_copies, 1, "the image alt copy of the headline must be dropped");
        assert!(!article.canonical_text().contains('\u{a0}'));
    }

    #[test]
    fn seed_every_raw_line_is_kept_dropped_or_read_as_metadata() {
        let extraction = seed_extraction();
        let text = extraction.article.canonical_text();
        for line in SEED_PAGE_TEXT.lines().map(str::trim).filter(|line| !line.is_empty()) {
            let kept = text.contains(line);
            let dropped = extraction.dropped_lines.iter().any(|dropped| dropped == line);
            let byline = line.starts_with("By Cao Yin");
            assert!(kept || dropped || byline, "line neither kept, dropped nor read as metadata: {line:?}");
        }
    }

    #[test]
    fn seed_offsets_are_laid_out() {
        let article = seed_article();
        let rebuilt: Vec<&str> = article.blocks.iter().map(|block: &Block| block.text.as_str()).collect();
        assert_eq!(rebuilt.join("\n"), article.canonical_text());
        assert_eq!(article.blocks[1].start, article.blocks[0].length + 1);
        assert!(article.id.starts_with("sha256:"));
        assert_eq!(article, extract_plain_text(SEED_PAGE_TEXT, None).article);
    }

    #[test]
    fn source_url_is_recorded() {
        let extraction = extract_plain_text(SEED_PAGE_TEXT, Some("https://example.com/a"));
        assert_eq!(extraction.article.metadata.source_url.as_deref(), Some("https://example.com/a"));
    }

    // --- Synthetic pages --------------------------------------------------

    const RIVERSIDE_GAZETTE_PAGE: &str = include_str!("../../../../tests/fixtures/extract/riverside-gazette.txt");
    const WIRE_SERVICE_PAGE: &str = include_str!("../../../../tests/fixtures/extract/wire-service.txt");
    const CITY_NEWS_PAGE: &str = include_str!("../../../../tests/fixtures/extract/city-news.txt");

    #[test]
    fn riverside_gazette_page() {
        let extraction = extract_plain_text(RIVERSIDE_GAZETTE_PAGE, None);
        let article = &extraction.article;
        assert_eq!(article.metadata.title, "Council approves riverside flood barrier");
        assert_eq!(article.metadata.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(article.metadata.published.as_deref(), Some("2024-03-04"));
        assert_eq!(article.metadata.outlet, None);
        assert_eq!(
            texts_of_kind(article, BlockKind::Standfirst),
            ["The £12m scheme will protect 400 homes that flooded twice in the past decade."]
        );
        assert_eq!(
            texts_of_kind(article, BlockKind::Paragraph),
            [
                "Councillors voted 9-2 on Monday night to build a concrete barrier along the east bank of the River Wend.",
                "Work is expected to start in the autumn and take 18 months, the council's planning chief, Ravi Patel, said.",
                "\"This is the most important decision we have taken in a decade,\" he told the meeting.",
                "The Environment Agency will pay two thirds of the cost.",
                "Residents will be consulted on the design of the barrier's footpath in May.",
            ]
        );
        assert_eq!(texts_of_kind(article, BlockKind::Heading), ["What happens next"]);
        assert_eq!(
            kinds(article),
            [
                BlockKind::Headline,
                BlockKind::Standfirst,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Heading,
                BlockKind::Paragraph,
            ]
        );
        for chrome in [
            "The Riverside Gazette",
            "Home | News | Sport | Business | Opinion | Culture",
            "We use cookies to improve your experience. By continuing to browse you accept our Cookie Policy.",
            "News › Local",
            "Share this article",
            "Related stories",
            "Mayor opens new library wing",
            "Rail fares to rise in January",
            "© 2024 Riverside Gazette Ltd. All rights reserved.",
            "Privacy Policy | Terms of Use | Contact Us",
        ] {
            assert!(extraction.dropped_lines.iter().any(|line| line == chrome), "{chrome:?} not dropped");
            assert!(!article.canonical_text().contains(chrome), "{chrome:?} survived");
        }
    }

    #[test]
    fn wire_service_page() {
        let extraction = extract_plain_text(WIRE_SERVICE_PAGE, Some("https://wire.example.com/africa/drought"));
        let article = &extraction.article;
        assert_eq!(article.metadata.title, "Kenya's farmers count the cost of a third failed rainy season");
        assert_eq!(article.metadata.byline.as_deref(), Some("John Roe and Mary Major"));
        assert_eq!(article.metadata.published.as_deref(), Some("2024-03-05"));
        assert_eq!(article.metadata.dateline.as_deref(), Some("Nairobi, Kenya"));
        assert_eq!(
            texts_of_kind(article, BlockKind::Caption),
            ["Farmers inspect a dried-up maize field near Machakos on Monday. (Photo by Ann Lee/Reuters)"]
        );
        assert_eq!(
            texts_of_kind(article, BlockKind::Paragraph),
            [
                "NAIROBI, Kenya (Reuters) — More than 2 million people in eastern Kenya need food aid after the short \
                 rains failed for a third year running, the government said on Tuesday.",
                "Maize prices have doubled since October, according to the national statistics bureau.",
                "\"We planted twice and lost everything twice,\" said Grace Mutua, who farms two acres near Kitui.",
                "The Kenya Meteorological Department forecasts below-average rain until at least May.",
            ]
        );
        assert_eq!(
            kinds(article),
            [
                BlockKind::Headline,
                BlockKind::Caption,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
            ]
        );
        for chrome in [
            "Skip to main content",
            "Sign in | Subscribe",
            "World / Africa / Kenya",
            "Advertisement",
            "Read more",
            "Somalia braces for floods after drought",
            "Follow us on Twitter",
            "Subscribe to our newsletter for the day's top stories.",
            "Terms of Service | Privacy Policy",
        ] {
            assert!(extraction.dropped_lines.iter().any(|line| line == chrome), "{chrome:?} not dropped");
            assert!(!article.canonical_text().contains(chrome), "{chrome:?} survived");
        }
    }

    #[test]
    fn city_news_page() {
        let extraction = extract_plain_text(CITY_NEWS_PAGE, None);
        let article = &extraction.article;
        assert_eq!(article.metadata.title, "Metro line 14 opens to passengers");
        assert_eq!(article.metadata.byline.as_deref(), Some("Wang Lei"));
        assert_eq!(article.metadata.outlet.as_deref(), Some("City News"));
        assert_eq!(article.metadata.published.as_deref(), Some("2023-12-03"));
        assert_eq!(texts_of_kind(article, BlockKind::Standfirst), ["Trains every four minutes at peak hours"]);
        assert_eq!(
            texts_of_kind(article, BlockKind::Caption),
            ["Passengers board the first train at Xiyuan station on Sunday. [Photo/Xinhua]"]
        );
        assert_eq!(
            texts_of_kind(article, BlockKind::Paragraph),
            [
                "The city's 14th metro line opened on Sunday morning, linking the western suburbs with the \
                 financial district.",
                "The 32-kilometer line has 21 stations and is expected to carry 500,000 passengers a day by 2025, \
                 the operator said.",
                "A single ride costs between 3 and 8 yuan.",
            ]
        );
        assert_eq!(texts_of_kind(article, BlockKind::Contact), ["Contact the reporter at wanglei@citynews.example"]);
        for chrome in [
            "Trending",
            "Ring road closed for repairs",
            "Most Popular",
            "Heavy snow expected this weekend",
            "Editor's picks",
            "(c) 2023 City News Group",
            "京ICP备13028878号",
        ] {
            assert!(extraction.dropped_lines.iter().any(|line| line == chrome), "{chrome:?} not dropped");
            assert!(!article.canonical_text().contains(chrome), "{chrome:?} survived");
        }
    }

    #[test]
    fn plain_story_without_chrome_keeps_every_paragraph() {
        let page =
            "Storm closes schools\n\nAll schools in the county will stay shut on Friday.\n\nBuses will not run.\n";
        let extraction = extract_plain_text(page, None);
        assert_eq!(extraction.article.metadata.title, "Storm closes schools");
        assert_eq!(
            texts_of_kind(&extraction.article, BlockKind::Paragraph),
            ["All schools in the county will stay shut on Friday.", "Buses will not run."]
        );
        assert!(extraction.dropped_lines.is_empty());
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let page = "Storm closes schools\n\nAll schools in the county\nwill stay shut on Friday.\n";
        let article = extract_plain_text(page, None).article;
        assert_eq!(
            texts_of_kind(&article, BlockKind::Paragraph),
            ["All schools in the county will stay shut on Friday."]
        );
    }

    #[test]
    fn empty_input_gives_an_article_without_blocks() {
        for page in ["", "\n\n", "   \n\u{a0}\n"] {
            let extraction = extract_plain_text(page, None);
            assert!(extraction.article.blocks.is_empty());
            assert!(extraction.article.is_empty());
            assert_eq!(extraction.article.metadata.title, "");
            assert!(extraction.dropped_lines.is_empty());
        }
    }

    #[test]
    fn page_of_only_chrome_gives_no_blocks() {
        let page = "Home | News | Sport\n\nFOLLOW US\n\n© 2024 Example Media\n";
        let extraction = extract_plain_text(page, None);
        assert!(extraction.article.blocks.is_empty());
        assert_eq!(extraction.dropped_lines.len(), 3);
    }

    // --- Heuristics, one by one --------------------------------------------

    #[test]
    fn paragraphs_are_runs_of_non_blank_lines() {
        let paragraphs = split_paragraphs("a\nb\n\n \u{a0}\n  c  \r\n\n\n");
        assert_eq!(paragraphs, vec![vec!["a".to_string(), "b".to_string()], vec!["c".to_string()]]);
    }

    #[test]
    fn segmenting_splits_chrome_out_of_a_paragraph() {
        let segments = segment_page("Registration Number: 130349\nFOLLOW US\n\nBy Jane Doe\nPublished: 4 March 2024\n");
        assert_eq!(
            segments.iter().map(Segment::text).collect::<Vec<_>>(),
            ["Registration Number: 130349", "FOLLOW US", "By Jane Doe", "Published: 4 March 2024"]
        );
        assert!(matches!(segments[0], Segment::Chrome { kind: ChromeKind::LegalNotice, .. }));
        assert!(matches!(segments[1], Segment::Chrome { kind: ChromeKind::SocialOrAccount, .. }));
        assert!(matches!(segments[2], Segment::Byline { .. }));
        assert!(matches!(&segments[3], Segment::DateLine { date, .. } if date == "2024-03-04"));
    }

    #[test]
    fn navigation_menus() {
        assert!(is_navigation_menu_line("USEUROPEAFRICAASIA 中文双语Français"));
        assert!(is_navigation_menu_line("Home | World | Business | Sport"));
        assert!(is_navigation_menu_line("English • Español • Deutsch"));
        assert!(is_navigation_menu_line("中文 English"));
        assert!(!is_navigation_menu_line("Online providers' help sought"));
        assert!(!is_navigation_menu_line("NATO and the INTERNATIONAL community"));
        assert!(!is_navigation_menu_line("By Jane Doe | CNN | 2024-03-05"));
        assert!(!is_navigation_menu_line("He said: yes | no | maybe, he was not sure."));
    }

    #[test]
    fn breadcrumbs() {
        assert!(is_breadcrumb_line("Home / Motoring"));
        assert!(is_breadcrumb_line("News › Local"));
        assert!(is_breadcrumb_line("World / Africa / Kenya"));
        assert!(is_breadcrumb_line("Sport > Football > Premier League"));
        assert!(!is_breadcrumb_line("Li Xueren / Xinhua"));
        assert!(!is_breadcrumb_line("Prices rose 3% in 2023/2024."));
        assert!(!is_breadcrumb_line("Shared responsibility called for in terror fight"));
        assert!(!is_breadcrumb_line("the input/output ratio"));
    }

    #[test]
    fn link_list_headings() {
        for heading in [
            "Today's Top News",
            "Editor's picks",
            "Editor’s Picks",
            "Most Viewed",
            "Related stories",
            "Trending",
            "Read more »",
            "More from Business",
        ] {
            assert!(is_link_list_heading(heading), "{heading:?}");
        }
        assert!(!is_link_list_heading("Most viewers watched the final on Sunday."));
        assert!(!is_link_list_heading("More from the same fields was harvested this year than ever before."));
    }

    #[test]
    fn advertisement_markers() {
        assert!(is_advertisement_marker("Advertisement"));
        assert!(is_advertisement_marker("Story continues below advertisement"));
        assert!(!is_advertisement_marker("Advertisement spending rose 4% last year."));
    }

    #[test]
    fn social_and_account_lines() {
        for line in [
            "FOLLOW US",
            "Follow us on Twitter",
            "Share this article",
            "Sign in | Subscribe",
            "Skip to main content",
            "Facebook Twitter WhatsApp Email",
        ] {
            assert!(is_social_or_account_line(line), "{line:?}");
        }
        for line in ["Share prices fell on Monday.", "Follow the money", "On the up", "Us"] {
            assert!(!is_social_or_account_line(line), "{line:?}");
        }
    }

    #[test]
    fn legal_notices() {
        for line in [
            "Copyright 1995 - . All rights reserved. The content (including but not limited to text) belongs to CDIC.",
            "License for publishing multimedia online 0108263",
            "Registration Number: 130349",
            "© 2024 Riverside Gazette Ltd. All rights reserved.",
            "(c) 2023 City News Group",
            "京ICP备13028878号",
            "We use cookies to improve your experience.",
            "This site uses cookies. Read our cookie policy.",
            "Subscribe to our newsletter for the day's top stories.",
            "Privacy Policy | Terms of Use | Contact Us",
        ] {
            assert!(is_legal_notice_line(line), "{line:?}");
        }
        for line in [
            "License plates will change next year, the ministry said.",
            "The court ruled that copying the song broke copyright law.",
            "Regulators said sites must ask before storing cookies.",
            "Registration opens on Monday for 12,000 places.",
            "The ICP scheme covered 12345 firms",
            "Contact us if you saw the accident, police said.",
        ] {
            assert!(!is_legal_notice_line(line), "{line:?}");
        }
    }

    #[test]
    fn print_edition_references() {
        assert_eq!(
            parse_print_edition_reference("(China Daily 12/17/2015 page21)"),
            Some(PrintEditionReference { outlet: Some("China Daily".to_string()), date: "2015-12-17".to_string() })
        );
        assert_eq!(
            parse_print_edition_reference("[The Times, 4 March 2024, page A3]"),
            Some(PrintEditionReference { outlet: Some("The Times".to_string()), date: "2024-03-04".to_string() })
        );
        assert_eq!(parse_print_edition_reference("(Photo by Ann Lee/Reuters)"), None);
        assert_eq!(parse_print_edition_reference("(see page 4)"), None);
        assert_eq!(parse_print_edition_reference("China Daily 12/17/2015 page21"), None);
    }

    #[test]
    fn print_edition_date_is_a_fallback_for_the_publication_date() {
        let page = "Storm closes schools\n\nAll schools will stay shut on Friday.\n\n(Gazette 03/04/2024 page3)\n";
        let extraction = extract_plain_text(page, None);
        assert_eq!(extraction.article.metadata.published.as_deref(), Some("2024-03-04"));
        assert_eq!(extraction.article.metadata.outlet.as_deref(), Some("Gazette"));
        assert_eq!(extraction.dropped_lines, ["(Gazette 03/04/2024 page3)"]);
    }

    #[test]
    fn bylines_with_place_outlet_and_date() {
        assert_eq!(
            parse_byline("By Cao Yin and Zhao Xinying in Wuzhen, Zhejiang | China Daily | Updated: 2015-12-17 08:26"),
            Some(Byline {
                authors: "Cao Yin and Zhao Xinying".to_string(),
                dateline: Some("Wuzhen, Zhejiang".to_string()),
                outlet: Some("China Daily".to_string()),
                published: Some("2015-12-17".to_string()),
            })
        );
        assert_eq!(
            parse_byline("By Jane Doe | Updated: March 5, 2024 8:02 a.m. ET"),
            Some(Byline {
                authors: "Jane Doe".to_string(),
                published: Some("2024-03-05".to_string()),
                ..Byline::default()
            })
        );
    }

    #[test]
    fn bylines_with_roles() {
        assert_eq!(
            parse_byline("By Jane Doe, Staff Reporter"),
            Some(Byline { authors: "Jane Doe".to_string(), ..Byline::default() })
        );
        assert_eq!(
            parse_byline("Zhang San, China Daily Reporter"),
            Some(Byline {
                authors: "Zhang San".to_string(),
                outlet: Some("China Daily".to_string()),
                ..Byline::default()
            })
        );
        assert_eq!(
            parse_byline("By Ana de la Cruz, John Roe and Mary Major"),
            Some(Byline { authors: "Ana de la Cruz, John Roe and Mary Major".to_string(), ..Byline::default() })
        );
    }

    #[test]
    fn sentences_starting_with_by_are_not_bylines() {
        assert_eq!(parse_byline("By the end of the year, prices had doubled."), None);
        assert_eq!(parse_byline("By 2030 the city will need 40,000 new homes"), None);
        assert_eq!(parse_byline("Liu Xinyun, an official at the ministry"), None);
        assert_eq!(parse_byline("By Jane Doe in the morning light"), None);
        assert_eq!(parse_byline("Online providers' help sought"), None);
    }

    #[test]
    fn dates_in_many_formats() {
        let iso = |text: &str| find_date(text).map(|found| found.iso);
        assert_eq!(iso("Updated: 2015-12-17 08:26").as_deref(), Some("2015-12-17"));
        assert_eq!(iso("2015/12/17").as_deref(), Some("2015-12-17"));
        assert_eq!(iso("(China Daily 12/17/2015 page21)").as_deref(), Some("2015-12-17"));
        assert_eq!(iso("December 17, 2015").as_deref(), Some("2015-12-17"));
        assert_eq!(iso("Dec. 17, 2015").as_deref(), Some("2015-12-17"));
        assert_eq!(iso("Sept 3rd 2021").as_deref(), Some("2021-09-03"));
        assert_eq!(iso("17 December 2015").as_deref(), Some("2015-12-17"));
        assert_eq!(iso("17.12.2015").as_deref(), Some("2015-12-17"));
        assert_eq!(iso("29/02/2024").as_deref(), Some("2024-02-29"));
        assert_eq!(iso("12/03/2023").as_deref(), Some("2023-12-03"));
    }

    #[test]
    fn impossible_or_partial_dates_are_not_dates() {
        for text in [
            "1.73 million",
            "February 30, 2015",
            "29/02/2023",
            "13/13/2015",
            "page21",
            "08:26",
            "2,700 suspects",
            "May 2024",
        ] {
            assert_eq!(find_date(text), None, "{text:?}");
        }
        let found = find_date("on 4 March 2024 at noon").expect("a date");
        assert_eq!((found.start, found.end), (3, 15));
    }

    #[test]
    fn date_lines_hold_only_a_date() {
        assert_eq!(parse_date_line("Published: 4 March 2024, 10:15 GMT").as_deref(), Some("2024-03-04"));
        assert_eq!(parse_date_line("Tuesday, March 5, 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(parse_date_line("Updated 12/03/2023 08:00 UTC+8").as_deref(), Some("2023-12-03"));
        assert_eq!(parse_date_line("The plan was approved on March 5, 2024."), None);
        assert_eq!(parse_date_line("(China Daily 12/17/2015 page21)"), None);
    }

    #[test]
    fn headline_shape() {
        assert!(is_headline_like("Online providers' help sought"));
        assert!(is_headline_like("Shared responsibility called for in terror fight"));
        assert!(is_headline_like("Is the economy slowing?"));
        assert!(is_headline_like("\"Not again\": residents despair"));
        assert!(!is_headline_like("China is a major target of hackers."));
        assert!(!is_headline_like("lowercase start here"));
        assert!(!is_headline_like("Contact the writer at caoyin@chinadaily.com.cn"));
        assert!(!is_headline_like(&"Word ".repeat(21)));
        assert!(!is_headline_like("\"Why now?\""));
    }

    #[test]
    fn prose_shape() {
        assert!(is_prose("China is a major target of hackers."));
        assert!(is_prose("\"I'm happy,\" he said."));
        assert!(is_prose("He asked: \"Why now?\""));
        assert!(!is_prose("Is the economy slowing?"));
        assert!(!is_prose("Online providers' help sought"));
        assert!(is_prose(&"word ".repeat(21)));
    }

    #[test]
    fn contact_lines() {
        assert!(is_contact_line("Contact the writer at caoyin@chinadaily.com.cn and zhaoxinying@chinadaily.com.cn"));
        assert!(is_contact_line("Email the reporter at jane@example.com"));
        assert!(is_contact_line("Contact the writers at the paper's Beijing office"));
        assert!(!is_contact_line("Contact between the two sides broke down in May."));
        assert!(!is_contact_line("He sent an email to jane@example.com on Monday."));
    }

    #[test]
    fn photo_credits() {
        assert!(ends_with_photo_credit("The expo displays the latest products. Li Xueren / Xinhua"));
        assert!(ends_with_photo_credit("Passengers board the first train. [Photo/Xinhua]"));
        assert!(ends_with_photo_credit("Farmers inspect a field. (Photo by Ann Lee/Reuters)"));
        assert!(ends_with_photo_credit("The barrier under construction. Photo: Riverside Gazette"));
        assert!(ends_with_photo_credit("Fans celebrate in the square. John Roe / Getty Images"));
        assert!(!ends_with_photo_credit("Prices rose in 2023/2024."));
        assert!(!ends_with_photo_credit("The ratio of input/output improved."));
        assert!(!ends_with_photo_credit("He said the images were fake (photos were not checked)"));
        assert!(!ends_with_photo_credit("The photo was taken in 2019. Photographers disagree"));
    }

    #[test]
    fn wire_datelines() {
        assert_eq!(
            leading_dateline("NAIROBI, Kenya (Reuters) — More than 2 million people …").as_deref(),
            Some("Nairobi, Kenya")
        );
        assert_eq!(leading_dateline("BEIJING -- China said on Monday …").as_deref(), Some("Beijing"));
        assert_eq!(leading_dateline("NEW YORK - Stocks fell.").as_deref(), Some("New York"));
        assert_eq!(leading_dateline("The UN said - on Monday - that aid would rise."), None);
        assert_eq!(leading_dateline("Prices rose."), None);
    }

    #[test]
    fn title_prefers_a_headline_the_page_repeats() {
        let page = "Breaking Bulletin\n\nLocal Stories Roundup\n\nBridge reopens after repairs\n\nBy Jane Doe\n\n\
                    Bridge reopens after repairs\n\nWorkers on the new deck\n\nThe bridge reopened on Monday.\n";
        let extraction = extract_plain_text(page, None);
        assert_eq!(extraction.article.metadata.title, "Bridge reopens after repairs");
        assert_eq!(extraction.article.metadata.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(kinds(&extraction.article), [BlockKind::Headline, BlockKind::Caption, BlockKind::Paragraph]);
        assert_eq!(extraction.article.blocks[1].text, "Workers on the new deck");
        assert_eq!(
            extraction.dropped_lines,
            ["Breaking Bulletin", "Local Stories Roundup", "Bridge reopens after repairs"]
        );
    }

    #[test]
    fn title_skips_a_masthead_above_the_menu() {
        let page = "The Daily Example\n\nHome | News | Sport\n\nBridge reopens after repairs\n\nThe bridge reopened on Monday.\n";
        assert_eq!(extract_plain_text(page, None).article.metadata.title, "Bridge reopens after repairs");
    }

    #[test]
    fn headline_like_line_without_prose_after_it_is_dropped_from_the_body() {
        let page = "Bridge reopens\n\nThe bridge reopened on Monday.\n\nWhat drivers need to know\n\nTolls are unchanged.\n\nCity budget passes\n";
        let extraction = extract_plain_text(page, None);
        assert_eq!(texts_of_kind(&extraction.article, BlockKind::Heading), ["What drivers need to know"]);
        assert_eq!(extraction.dropped_lines, ["City budget passes"]);
    }

    // --- Properties ---------------------------------------------------------

    fn page_line() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[A-Za-z ,.'\"?!/|()\\[\\]@:-]{0,60}",
            Just("Home / Motoring".to_string()),
            Just("By Jane Doe in Paris | Example Daily | Updated: 2015-12-17 08:26".to_string()),
            Just("Contact the writer at a@b.example".to_string()),
            Just("Most Viewed".to_string()),
            Just("(China Daily 12/17/2015 page21)".to_string()),
            Just("Copyright 2024. All rights reserved.".to_string()),
            Just("Online providers' help sought".to_string()),
            Just("A caption. Li Xueren / Xinhua".to_string()),
            Just("China is a major target of hackers.".to_string()),
            Just(String::new()),
            Just("\u{a0}".to_string()),
        ]
    }

    proptest! {
        #[test]
        fn extraction_never_panics_and_blocks_are_single_non_empty_lines(
            lines in prop::collection::vec(page_line(), 0..24),
            separator in prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n")],
        ) {
            let page = lines.join(separator);
            let extraction = extract_plain_text(&page, None);
            for block in &extraction.article.blocks {
                prop_assert!(!block.text.is_empty());
                prop_assert!(!block.text.contains('\n'));
            }
            let article = &extraction.article;
            let headlines = article.blocks.iter().filter(|block| block.kind == BlockKind::Headline).count();
            prop_assert_eq!(headlines, usize::from(!article.metadata.title.is_empty()));
            if headlines == 1 {
                prop_assert_eq!(article.blocks[0].kind, BlockKind::Headline);
                prop_assert_eq!(&article.blocks[0].text, &article.metadata.title);
            }
        }

        #[test]
        fn extraction_of_arbitrary_text_never_panics(raw in any::<String>()) {
            let extraction = extract_plain_text(&raw, None);
            for block in &extraction.article.blocks {
                prop_assert!(!block.text.is_empty());
                prop_assert!(!block.text.contains('\n'));
            }
        }
    }
}
