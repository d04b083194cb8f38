//! Identifiers the interchange formats share: the IRI an article is known
//! by, and ids derived from a seed so that re-importing a file recognises
//! its annotations without the core drawing a random number.

use sha2::{Digest, Sha256};

use crate::article::model::Article;

/// The IRI other tools should know the article by: its address when known,
/// otherwise `urn:sha256:<hex>` of its canonical text.
pub fn article_source_iri(article: &Article) -> String {
    match &article.metadata.source_url {
        Some(url) if !url.trim().is_empty() => url.clone(),
        _ => article_hash_iri(article),
    }
}

/// `urn:sha256:<hex>` of the article's canonical text.
pub fn article_hash_iri(article: &Article) -> String {
    format!("urn:sha256:{}", article.id.trim_start_matches("sha256:"))
}

/// A UUID in version-4 layout derived from `seed` by SHA-256: the same seed
/// always gives the same id, so re-importing a file recognises its
/// annotations, and the core never needs a random number.
pub fn uuid_from_seed(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::sample_article;

    #[test]
    fn the_source_is_the_address_or_the_text_hash() {
        let article = sample_article();
        assert_eq!(article_source_iri(&article), "https://example.com/china-daily/online-providers-help-sought");
        let mut anonymous = article.clone();
        anonymous.metadata.source_url = None;
        assert_eq!(article_source_iri(&anonymous), format!("urn:sha256:{}", &article.id[7..]));
        assert_eq!(article_source_iri(&anonymous).len(), "urn:sha256:".len() + 64);
    }

    #[test]
    fn seeded_uuids_are_stable_version_4_layouts() {
        let first = uuid_from_seed("http://example.org/anno/1");
        assert_eq!(first, uuid_from_seed("http://example.org/anno/1"));
        assert_ne!(first, uuid_from_seed("http://example.org/anno/2"));
        assert_eq!(first.len(), 36);
        assert_eq!(&first[14..15], "4");
        assert!(matches!(&first[19..20], "8" | "9" | "a" | "b"));
        assert!(first.chars().all(|character| character == '-' || character.is_ascii_hexdigit()));
    }
}
