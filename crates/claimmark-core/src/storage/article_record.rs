//! The stored article record: the user's edited version of an article,
//! kept so that a reload shows the text the annotations were re-anchored on.
//!
//! Key `claimmark:v1:article:<identity hash>`, where the identity is the
//! article's source address, else its title ([`Article::identity`]), and the
//! hash is `sha256:` plus the hex SHA-256 of the identity's UTF-8 bytes. The
//! value is one compact JSON object (`"format": "claimmark-article"`,
//! version 1) holding the metadata and the blocks; `docs/format.md`
//! describes it and `tests/golden/article-v1.json` pins it.
//!
//! This module knows the article model and JSON. It does not know
//! localStorage or the browser.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::article::model::{content_id, Article, ArticleMetadata, BlockKind};
use crate::time::Timestamp;
use crate::time::{format_iso8601, parse_iso8601};

/// The `format` value of an article record.
pub const ARTICLE_FORMAT_NAME: &str = "claimmark-article";
/// The newest article record version this build writes and reads.
pub const ARTICLE_FORMAT_VERSION: u64 = 1;

/// The localStorage key of the edited version of the article with this
/// identity.
pub fn article_key(identity: &str) -> String {
    format!("claimmark:v1:article:{}", content_id(identity))
}

/// The record as stored.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredArticle {
    format: String,
    version: u64,
    identity: String,
    article_id: String,
    saved_at: String,
    metadata: StoredMetadata,
    blocks: Vec<StoredBlock>,
}

#[derive(Serialize, Deserialize)]
struct StoredMetadata {
    title: String,
    byline: Option<String>,
    dateline: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    source: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredBlock {
    kind: BlockKind,
    text: String,
}

/// Just enough to tell the format and version, read before the rest.
#[derive(Deserialize)]
struct FormatPeek {
    format: Option<String>,
    version: Option<serde_json::Value>,
}

/// Encodes `article` as its stored record, stamped `saved_at`.
pub fn encode_article(article: &Article, saved_at: Timestamp) -> String {
    let metadata = &article.metadata;
    let stored = StoredArticle {
        format: ARTICLE_FORMAT_NAME.to_string(),
        version: ARTICLE_FORMAT_VERSION,
        identity: article.identity(),
        article_id: article.id.clone(),
        saved_at: format_iso8601(saved_at),
        metadata: StoredMetadata {
            title: metadata.title.clone(),
            byline: metadata.byline.clone(),
            dateline: metadata.dateline.clone(),
            outlet: metadata.outlet.clone(),
            published: metadata.published.clone(),
            source: metadata.source_url.clone(),
        },
        blocks: article.blocks.iter().map(|block| StoredBlock { kind: block.kind, text: block.text.clone() }).collect(),
    };
    serde_json::to_string(&stored).expect("an article record always serialises")
}

/// Why a stored article record could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleRecordError {
    /// The value is not JSON; carries the parser's message.
    NotJson(String),
    /// Not an article record, or a field is missing or of the wrong type.
    WrongFormat,
    /// Written by a newer claimmark.
    NewerVersion {
        /// The version found.
        found: u64,
    },
    /// The record belongs to another article (its identity differs).
    WrongArticle {
        /// The identity of the article being opened.
        expected: String,
        /// The identity the record names.
        found: String,
    },
    /// The blocks are empty or do not give the text the record's id names.
    Damaged,
}

impl fmt::Display for ArticleRecordError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArticleRecordError::NotJson(detail) => {
                write!(formatter, "The saved edited text is not valid JSON: {detail}.")
            }
            ArticleRecordError::WrongFormat => {
                formatter.write_str("The saved edited text is not in claimmark's article format, or parts are missing.")
            }
            ArticleRecordError::NewerVersion { found } => write!(
                formatter,
                "The saved edited text was written by a newer claimmark (format version {found}; this one reads \
                 version {ARTICLE_FORMAT_VERSION})."
            ),
            ArticleRecordError::WrongArticle { expected, found } => {
                write!(formatter, "The saved edited text belongs to another article (“{found}”, not “{expected}”).")
            }
            ArticleRecordError::Damaged => {
                formatter.write_str("The saved edited text is damaged: its blocks do not match its recorded id.")
            }
        }
    }
}

impl std::error::Error for ArticleRecordError {}

/// Reads a stored record for the article whose identity is `identity`.
pub fn decode_article(raw: &str, identity: &str) -> Result<Article, ArticleRecordError> {
    let peek: FormatPeek = serde_json::from_str(raw).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => ArticleRecordError::WrongFormat,
        _ => ArticleRecordError::NotJson(error.to_string()),
    })?;
    let version = peek.version.as_ref().and_then(serde_json::Value::as_u64);
    match (peek.format.as_deref(), version) {
        (Some(ARTICLE_FORMAT_NAME), Some(found)) if found > ARTICLE_FORMAT_VERSION => {
            return Err(ArticleRecordError::NewerVersion { found })
        }
        (Some(ARTICLE_FORMAT_NAME), Some(ARTICLE_FORMAT_VERSION)) => {}
        _ => return Err(ArticleRecordError::WrongFormat),
    }
    let stored: StoredArticle = serde_json::from_str(raw).map_err(|_| ArticleRecordError::WrongFormat)?;
    if parse_iso8601(&stored.saved_at).is_none() {
        return Err(ArticleRecordError::WrongFormat);
    }
    if stored.identity != identity {
        return Err(ArticleRecordError::WrongArticle { expected: identity.to_string(), found: stored.identity });
    }
    let metadata = ArticleMetadata {
        title: stored.metadata.title,
        byline: stored.metadata.byline,
        dateline: stored.metadata.dateline,
        outlet: stored.metadata.outlet,
        published: stored.metadata.published,
        source_url: stored.metadata.source,
    };
    let article = Article::new(metadata, stored.blocks.into_iter().map(|block| (block.kind, block.text)));
    if article.is_empty() || article.id != stored.article_id || article.identity() != identity {
        return Err(ArticleRecordError::Damaged);
    }
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLDEN: &str = include_str!("../../../../tests/golden/article-v1.json");

    fn sample() -> Article {
        Article::new(
            ArticleMetadata {
                title: "Online providers' help sought".into(),
                byline: Some("Cao Yin and Zhao Xinying".into()),
                dateline: Some("Wuzhen, Zhejiang".into()),
                outlet: Some("China Daily".into()),
                published: Some("2015-12-17".into()),
                source_url: Some("https://example.com/china-daily/online-providers-help-sought".into()),
            },
            vec![
                (BlockKind::Headline, "Online providers' help sought".to_string()),
                (BlockKind::Standfirst, "Shared responsibility called for in terror fight".to_string()),
                (BlockKind::Caption, "The expo hall 🌐 in Wuzhen, 乌镇.".to_string()),
                (BlockKind::Paragraph, "An editor's note was added before the figures.".to_string()),
                (
                    BlockKind::Paragraph,
                    "According to the Ministry of Public Security, 1.74 million cases were dealt with.".to_string(),
                ),
                (BlockKind::Contact, "Contact the writers at caoyin@chinadaily.com.cn".to_string()),
            ],
        )
    }

    const SAVED_AT: Timestamp = Timestamp(1_795_860_000_000);

    #[test]
    fn golden_article_record_is_stable_and_decodes() {
        let encoded = encode_article(&sample(), SAVED_AT);
        crate::test_support::check_golden("tests/golden/article-v1.json", GOLDEN, &format!("{encoded}\n"));
        let decoded = decode_article(GOLDEN.trim_end(), &sample().identity()).unwrap();
        assert_eq!(decoded, sample());
    }

    #[test]
    fn keys_hash_the_identity_which_is_the_source_else_the_title() {
        let article = sample();
        assert_eq!(article.identity(), "https://example.com/china-daily/online-providers-help-sought");
        assert_eq!(
            article_key(&article.identity()),
            format!("claimmark:v1:article:{}", content_id(&article.identity()))
        );
        let mut untitled = article.metadata.clone();
        untitled.source_url = Some("  ".into());
        let by_title = Article::new(untitled, vec![(BlockKind::Paragraph, "x".to_string())]);
        assert_eq!(by_title.identity(), "Online providers' help sought");
    }

    #[test]
    fn bad_records_are_refused_with_a_reason() {
        let identity = sample().identity();
        let good: serde_json::Value = serde_json::from_str(GOLDEN).unwrap();
        let with = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut value = good.clone();
            edit(&mut value);
            decode_article(&value.to_string(), &identity)
        };
        assert!(matches!(decode_article("{not json", &identity), Err(ArticleRecordError::NotJson(_))));
        assert_eq!(decode_article("[1,2]", &identity), Err(ArticleRecordError::WrongFormat));
        assert_eq!(with(&|value| value["format"] = "claimmark-store".into()), Err(ArticleRecordError::WrongFormat));
        assert_eq!(with(&|value| value["version"] = 0.into()), Err(ArticleRecordError::WrongFormat));
        assert_eq!(with(&|value| value["version"] = 2.into()), Err(ArticleRecordError::NewerVersion { found: 2 }));
        assert_eq!(
            with(&|value| {
                value["version"] = 2.into();
                value["blocks"] = "anything".into();
            }),
            Err(ArticleRecordError::NewerVersion { found: 2 })
        );
        assert_eq!(with(&|value| value["savedAt"] = "yesterday".into()), Err(ArticleRecordError::WrongFormat));
        assert_eq!(with(&|value| value["blocks"][0]["kind"] = "sidebar".into()), Err(ArticleRecordError::WrongFormat));
        assert_eq!(with(&|value| value["blocks"][4]["text"] = "Tampered.".into()), Err(ArticleRecordError::Damaged));
        assert_eq!(with(&|value| value["blocks"] = serde_json::json!([])), Err(ArticleRecordError::Damaged));
        assert_eq!(
            with(&|value| value["identity"] = "elsewhere".into()),
            Err(ArticleRecordError::WrongArticle { expected: identity.clone(), found: "elsewhere".into() })
        );
        for error in [ArticleRecordError::Damaged, ArticleRecordError::NewerVersion { found: 3 }] {
            assert!(error.to_string().starts_with("The saved edited text"));
        }
    }
}
