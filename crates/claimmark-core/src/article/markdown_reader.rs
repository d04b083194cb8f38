//! Reading an article from Markdown.
//!
//! Handles what articles saved as Markdown use: a `#` title, `##`–`######`
//! headings, `>` block quotes, paragraphs separated by blank lines, and
//! front matter-like "By …" and date lines under the title. Inline markup
//! (`*emphasis*`, `**strong**`, `` `code` ``, `[text](address)`, images)
//! is reduced to its text; link addresses and images are dropped, so the
//! article holds plain text only. Lists become one paragraph per item.
//!
//! This module knows nothing of HTML or the browser.

use crate::article::html_reader::normalize_date;
use crate::article::model::{collapse_whitespace, Article, ArticleMetadata, BlockKind};

/// Reads `source` as Markdown. The first `#` heading (or, failing that, the
/// first line) is the title. `known_source` is recorded as the address.
pub fn read_markdown_article(source: &str, known_source: Option<&str>) -> Article {
    let mut title: Option<String> = None;
    let mut byline = None;
    let mut published = None;
    let mut blocks: Vec<(BlockKind, String)> = Vec::new();
    let mut paragraph = String::new();
    let mut quote = String::new();
    let mut in_code_fence = false;

    let flush = |paragraph: &mut String, quote: &mut String, blocks: &mut Vec<(BlockKind, String)>| {
        if !paragraph.trim().is_empty() {
            blocks.push((BlockKind::Paragraph, inline_text(paragraph)));
        }
        if !quote.trim().is_empty() {
            blocks.push((BlockKind::BlockQuote, inline_text(quote)));
        }
        paragraph.clear();
        quote.clear();
    };

    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut paragraph, &mut quote, &mut blocks);
            in_code_fence = !in_code_fence;
            continue;
        }
        if in_code_fence {
            paragraph.push_str(trimmed);
            paragraph.push(' ');
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut quote, &mut blocks);
            continue;
        }
        if is_rule(trimmed) {
            flush(&mut paragraph, &mut quote, &mut blocks);
            continue;
        }
        if let Some((level, text)) = heading(trimmed) {
            flush(&mut paragraph, &mut quote, &mut blocks);
            let text = inline_text(text);
            if level == 1 && title.is_none() && blocks.is_empty() {
                title = Some(text);
            } else {
                blocks.push((BlockKind::Heading, text));
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('>') {
            if !paragraph.trim().is_empty() {
                flush(&mut paragraph, &mut quote, &mut blocks);
            }
            quote.push_str(rest.trim_start_matches('>').trim());
            quote.push(' ');
            continue;
        }
        if let Some(item) = list_item(trimmed) {
            flush(&mut paragraph, &mut quote, &mut blocks);
            paragraph.push_str(item);
            flush(&mut paragraph, &mut quote, &mut blocks);
            continue;
        }
        if !quote.is_empty() {
            flush(&mut paragraph, &mut quote, &mut blocks);
        }
        // A "By …" or date line straight under the title is metadata.
        if title.is_some() && blocks.is_empty() && paragraph.is_empty() {
            let text = inline_text(trimmed);
            let lower = text.to_lowercase();
            if byline.is_none() && lower.starts_with("by ") && text.chars().count() < 100 {
                byline = Some(text[3..].trim().to_string());
                continue;
            }
            if published.is_none() && text.chars().count() < 60 {
                if let Some(date) = normalize_date(&text) {
                    published = Some(date);
                    continue;
                }
            }
        }
        paragraph.push_str(trimmed);
        paragraph.push(' ');
    }
    flush(&mut paragraph, &mut quote, &mut blocks);

    let title = title.unwrap_or_else(|| {
        if blocks.is_empty() {
            String::new()
        } else {
            let (_, first) = blocks.remove(0);
            first
        }
    });
    let metadata = ArticleMetadata {
        title: title.clone(),
        byline,
        published,
        source_url: known_source.map(str::to_string),
        ..ArticleMetadata::default()
    };
    let mut all = vec![(BlockKind::Headline, title)];
    all.extend(blocks);
    Article::new(metadata, all)
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&character| character == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim()))
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|character| !character.is_whitespace()).collect();
    compact.len() >= 3
        && (compact.chars().all(|character| character == '-')
            || compact.chars().all(|character| character == '*')
            || compact.chars().all(|character| character == '_'))
}

fn list_item(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(item);
        }
    }
    None
}

/// The text of a line of inline Markdown: emphasis markers and code ticks
/// removed, `[text](address)` reduced to `text`, images dropped.
fn inline_text(source: &str) -> String {
    let characters: Vec<char> = source.chars().collect();
    let mut text = String::new();
    let mut index = 0;
    while index < characters.len() {
        let character = characters[index];
        let is_image = character == '!' && characters.get(index + 1) == Some(&'[');
        if character == '[' || is_image {
            let open = if is_image { index + 1 } else { index };
            if let Some(close) = find_from(&characters, open + 1, ']') {
                if characters.get(close + 1) == Some(&'(') {
                    if let Some(end) = matching_parenthesis(&characters, close + 1) {
                        if !is_image {
                            text.extend(&characters[open + 1..close]);
                        }
                        index = end + 1;
                        continue;
                    }
                }
            }
        }
        if character == '\\' && index + 1 < characters.len() {
            text.push(characters[index + 1]);
            index += 2;
            continue;
        }
        let is_marker = matches!(character, '*' | '`')
            || (character == '_'
                && (index == 0
                    || !characters[index - 1].is_alphanumeric()
                    || characters.get(index + 1).is_none_or(|next| !next.is_alphanumeric())));
        if !is_marker {
            text.push(character);
        }
        index += 1;
    }
    collapse_whitespace(&text)
}

/// The index of the `)` closing the `(` at `open`, counting nested pairs.
fn matching_parenthesis(characters: &[char], open: usize) -> Option<usize> {
    let mut depth = 0_usize;
    for (index, &character) in characters.iter().enumerate().skip(open) {
        match character {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

fn find_from(characters: &[char], start: usize, wanted: char) -> Option<usize> {
    characters.get(start..)?.iter().position(|&character| character == wanted).map(|offset| start + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(article: &Article) -> Vec<(BlockKind, &str)> {
        article.blocks.iter().map(|block| (block.kind, block.text.as_str())).collect()
    }

    #[test]
    fn headings_quotes_and_paragraphs_keep_their_kinds() {
        let source = "# Bridge to reopen\n\nBy Jane Doe\n\nMarch 4, 2021\n\nThe council **voted** to spend\nfour million.\n\n## Next steps\n\n> We will reopen it by winter,\n> said the mayor.\n\nWork starts in [June](https://example.org/june).\n";
        let article = read_markdown_article(source, Some("https://example.org/bridge"));
        assert_eq!(article.metadata.title, "Bridge to reopen");
        assert_eq!(article.metadata.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(article.metadata.published.as_deref(), Some("2021-03-04"));
        assert_eq!(article.metadata.source_url.as_deref(), Some("https://example.org/bridge"));
        assert_eq!(
            kinds(&article),
            vec![
                (BlockKind::Headline, "Bridge to reopen"),
                (BlockKind::Paragraph, "The council voted to spend four million."),
                (BlockKind::Heading, "Next steps"),
                (BlockKind::BlockQuote, "We will reopen it by winter, said the mayor."),
                (BlockKind::Paragraph, "Work starts in June."),
            ]
        );
    }

    #[test]
    fn images_and_link_addresses_are_dropped() {
        let article = read_markdown_article(
            "# T\n\nSee ![chart](javascript:alert(1)) the [data](javascript:alert(2)) here.\n",
            None,
        );
        assert_eq!(kinds(&article)[1], (BlockKind::Paragraph, "See the data here."));
        assert!(!article.canonical_text().contains("javascript"));
    }

    #[test]
    fn without_a_title_heading_the_first_paragraph_is_the_title() {
        let article = read_markdown_article("Plain first line\n\nSecond paragraph.\n", None);
        assert_eq!(article.metadata.title, "Plain first line");
        assert_eq!(
            kinds(&article),
            vec![(BlockKind::Headline, "Plain first line"), (BlockKind::Paragraph, "Second paragraph.")]
        );
    }

    #[test]
    fn list_items_become_paragraphs_and_snake_case_survives() {
        let article = read_markdown_article("# T\n\n- first_item stays\n- *second*\n", None);
        assert_eq!(
            kinds(&article)[1..],
            [(BlockKind::Paragraph, "first_item stays"), (BlockKind::Paragraph, "second")]
        );
    }
}
