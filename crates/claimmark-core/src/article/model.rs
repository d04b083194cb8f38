//! The article model: metadata plus an ordered list of text blocks.
//!
//! The *canonical text* of an article is its blocks' texts joined with a
//! single `"\n"`. Every annotation offset counts code points of that string.
//! Block texts never contain `'\n'`, so each code point belongs to exactly one
//! block or is a separator between two.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::article::text::{code_point_len, CodePointRange};

/// What a block is, which decides how it is shown. Every kind can be annotated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// The article's headline.
    Headline,
    /// A kicker or subhead shown under the headline.
    Standfirst,
    /// A photo caption, set apart from the body.
    Caption,
    /// A body paragraph.
    Paragraph,
    /// A heading inside the body.
    Heading,
    /// A block quotation.
    BlockQuote,
    /// The closing contact line ("Contact the writer at …").
    Contact,
}

impl BlockKind {
    /// The kind's name in JSON and in the DOM's `data-kind` ("block-quote").
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Headline => "headline",
            BlockKind::Standfirst => "standfirst",
            BlockKind::Caption => "caption",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Heading => "heading",
            BlockKind::BlockQuote => "block-quote",
            BlockKind::Contact => "contact",
        }
    }
}

/// One block of an article, with where it starts in the canonical text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// How the block is shown.
    pub kind: BlockKind,
    /// The block's text, with whitespace collapsed and no `'\n'`.
    pub text: String,
    /// Code points from the start of the canonical text to this block.
    pub start: usize,
    /// Number of code points in `text`.
    pub length: usize,
}

impl Block {
    /// The block's span in the canonical text.
    pub fn range(&self) -> CodePointRange {
        CodePointRange { start: self.start, end: self.start + self.length }
    }
}

/// Metadata describing where an article comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMetadata {
    /// The headline.
    pub title: String,
    /// Who wrote it, as printed ("Cao Yin and Zhao Xinying").
    pub byline: Option<String>,
    /// Where it was written from, when the byline says ("Wuzhen, Zhejiang").
    pub dateline: Option<String>,
    /// The publication ("China Daily").
    pub outlet: Option<String>,
    /// Publication date as `yyyy-mm-dd`.
    pub published: Option<String>,
    /// The article's address, when known.
    pub source_url: Option<String>,
}

/// An article ready to read and annotate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// `sha256:` followed by the hex SHA-256 of the canonical text's UTF-8 bytes.
    pub id: String,
    /// Title, byline and the rest.
    pub metadata: ArticleMetadata,
    /// The blocks in reading order, with their offsets filled in.
    pub blocks: Vec<Block>,
    canonical_text: String,
    canonical_length: usize,
}

impl Article {
    /// Builds an article from `(kind, text)` blocks. Each text is trimmed and
    /// its whitespace (newlines included) collapsed to single spaces; blocks
    /// left empty are dropped.
    pub fn new(metadata: ArticleMetadata, blocks: impl IntoIterator<Item = (BlockKind, String)>) -> Article {
        let mut laid_out = Vec::new();
        let mut canonical_text = String::new();
        let mut offset = 0;
        for (kind, raw_text) in blocks {
            let text = collapse_whitespace(&raw_text);
            if text.is_empty() {
                continue;
            }
            if !laid_out.is_empty() {
                canonical_text.push('\n');
                offset += 1;
            }
            let length = code_point_len(&text);
            canonical_text.push_str(&text);
            laid_out.push(Block { kind, text, start: offset, length });
            offset += length;
        }
        Article {
            id: content_id(&canonical_text),
            metadata,
            blocks: laid_out,
            canonical_length: offset,
            canonical_text,
        }
    }

    /// The text that all offsets count into: the blocks joined by `"\n"`.
    pub fn canonical_text(&self) -> &str {
        &self.canonical_text
    }

    /// Length of the canonical text in code points.
    pub fn len(&self) -> usize {
        self.canonical_length
    }

    /// True when the article has no text at all.
    pub fn is_empty(&self) -> bool {
        self.canonical_length == 0
    }

    /// Index of the block holding code point `offset`, or of the block that
    /// follows when `offset` is a separator. `None` past the end.
    pub fn block_index_at(&self, offset: usize) -> Option<usize> {
        let index = self.blocks.partition_point(|block| block.start + block.length <= offset);
        (index < self.blocks.len()).then_some(index)
    }

    /// What stays the same across versions of the article's text: its
    /// source address, else its title. Edited versions are stored under it.
    pub fn identity(&self) -> String {
        match self.metadata.source_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => url.to_string(),
            _ => self.metadata.title.trim().to_string(),
        }
    }

    /// A short, URL-safe name for the article, used in export file names.
    pub fn slug(&self) -> String {
        slugify(&self.metadata.title)
    }
}

/// `sha256:` plus the lowercase hex SHA-256 of `text`'s UTF-8 bytes.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut id = String::with_capacity(7 + 64);
    id.push_str("sha256:");
    for byte in digest {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

/// Trims `text` and collapses every run of whitespace to one space.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercase ASCII letters and digits joined by single dashes, at most 60
/// characters, cut at a dash; `"article"` when nothing is left.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for character in title.chars() {
        if character == '\'' || character == '\u{2019}' {
            continue;
        }
        if character.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(character.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.len() > 60 {
        let cut = slug[..60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug.push_str("article");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Article {
        Article::new(
            ArticleMetadata { title: "Café ☕ news".into(), ..Default::default() },
            vec![
                (BlockKind::Headline, "Café ☕ news".to_string()),
                (BlockKind::Paragraph, "  北京  said\n 1.73 million ".to_string()),
                (BlockKind::Paragraph, "   ".to_string()),
                (BlockKind::Paragraph, "End 😀".to_string()),
            ],
        )
    }

    #[test]
    fn blocks_are_laid_out_in_code_points_with_newline_separators() {
        let article = sample();
        assert_eq!(article.canonical_text(), "Café ☕ news\n北京 said 1.73 million\nEnd 😀");
        assert_eq!(article.blocks.len(), 3);
        assert_eq!(article.blocks[1].start, 12);
        assert_eq!(article.blocks[1].length, 20);
        assert_eq!(article.blocks[2].start, 33);
        assert_eq!(article.len(), 38);
        assert_eq!(article.block_index_at(0), Some(0));
        assert_eq!(article.block_index_at(11), Some(1));
        assert_eq!(article.block_index_at(12), Some(1));
        assert_eq!(article.block_index_at(37), Some(2));
        assert_eq!(article.block_index_at(38), None);
    }

    #[test]
    fn kind_names_are_the_serde_names() {
        for kind in [
            BlockKind::Headline,
            BlockKind::Standfirst,
            BlockKind::Caption,
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::BlockQuote,
            BlockKind::Contact,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn id_is_the_sha256_of_the_canonical_text() {
        let article = Article::new(ArticleMetadata::default(), vec![(BlockKind::Paragraph, "abc".to_string())]);
        assert_eq!(article.id, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn slugs_are_short_and_url_safe() {
        assert_eq!(slugify("Online providers' help sought"), "online-providers-help-sought");
        assert_eq!(slugify("北京 😀"), "article");
        let long = slugify(&"word ".repeat(40));
        assert!(long.len() <= 60 && !long.ends_with('-'));
    }
}
