//! schema.org ClaimReview export: one `ClaimReview` per annotation that has
//! a verdict, as a JSON-LD array whose items each carry their own
//! `@context`, so any one of them can be pasted into a fact-check page.
//!
//! `claimReviewed` is the quote; `reviewRating` puts the verdict on a
//! 1 (false) to 5 (true) scale with the verdict's label as `alternateName`;
//! `itemReviewed` is a `Claim` whose `author` is the claimant and whose
//! `appearance` is the article; `datePublished` is the checked date, or the
//! day the annotation last changed. A verdict of "unproven" has no place on
//! a truth scale, so its rating carries only the `alternateName`.
//!
//! This module knows nothing of files or the clock.

use serde_json::{json, Map, Value};

use crate::session::annotation::{Annotation, Verdict};
use crate::session::reducer::Session;
use crate::time::format_date;

/// The worst rating: false.
pub const WORST_RATING: u8 = 1;
/// The best rating: true.
pub const BEST_RATING: u8 = 5;

/// Where `verdict` sits on the 1–5 scale; `None` for verdicts that are not
/// a degree of truth (unverified, unproven).
pub fn rating_value(verdict: Verdict) -> Option<u8> {
    match verdict {
        Verdict::False => Some(1),
        Verdict::Misleading => Some(2),
        Verdict::HalfTrue => Some(3),
        Verdict::MostlyTrue => Some(4),
        Verdict::True => Some(5),
        Verdict::Unverified | Verdict::Unproven => None,
    }
}

/// The annotations a ClaimReview export carries: those with a verdict.
pub fn reviewed_annotations(session: &Session) -> impl Iterator<Item = &Annotation> {
    session.annotations.iter().filter(|annotation| annotation.claim.verdict != Verdict::Unverified)
}

/// The ClaimReview JSON-LD file, pretty-printed, ending in a newline.
pub fn export_claim_review(session: &Session) -> String {
    let reviews: Vec<Value> =
        reviewed_annotations(session).map(|annotation| claim_review(session, annotation)).collect();
    let mut json = serde_json::to_string_pretty(&reviews).expect("reviews hold only JSON values");
    json.push('\n');
    json
}

fn claim_review(session: &Session, annotation: &Annotation) -> Value {
    let metadata = &session.article.metadata;
    let mut appearance = Map::new();
    appearance.insert("@type".into(), json!("NewsArticle"));
    if let Some(url) = &metadata.source_url {
        appearance.insert("url".into(), json!(url));
    }
    if !metadata.title.is_empty() {
        appearance.insert("headline".into(), json!(metadata.title));
    }
    if let Some(published) = &metadata.published {
        appearance.insert("datePublished".into(), json!(published));
    }
    if let Some(outlet) = &metadata.outlet {
        appearance.insert("publisher".into(), json!({"@type": "Organization", "name": outlet}));
    }
    let mut claim = Map::new();
    claim.insert("@type".into(), json!("Claim"));
    if !annotation.claim.claimant.is_empty() {
        claim.insert("author".into(), json!({"name": annotation.claim.claimant}));
    }
    if let Some(published) = &metadata.published {
        claim.insert("datePublished".into(), json!(published));
    }
    claim.insert("appearance".into(), Value::Object(appearance));
    let verdict = annotation.claim.verdict;
    let mut rating = Map::new();
    rating.insert("@type".into(), json!("Rating"));
    if let Some(value) = rating_value(verdict) {
        rating.insert("ratingValue".into(), json!(value));
        rating.insert("bestRating".into(), json!(BEST_RATING));
        rating.insert("worstRating".into(), json!(WORST_RATING));
    }
    rating.insert("alternateName".into(), json!(verdict.label()));
    let mut review = Map::new();
    review.insert("@context".into(), json!("https://schema.org"));
    review.insert("@type".into(), json!("ClaimReview"));
    review.insert("identifier".into(), json!(format!("urn:uuid:{}", annotation.id.as_str())));
    review.insert("claimReviewed".into(), json!(annotation.quote.exact));
    review.insert("itemReviewed".into(), Value::Object(claim));
    review.insert("reviewRating".into(), Value::Object(rating));
    let date = annotation.claim.checked.clone().unwrap_or_else(|| format_date(annotation.modified));
    review.insert("datePublished".into(), json!(date));
    if !annotation.note.is_empty() {
        review.insert("reviewBody".into(), json!(annotation.note));
    }
    if !annotation.claim.evidence.is_empty() {
        let citations: Vec<Value> = annotation
            .claim
            .evidence
            .iter()
            .map(|evidence| {
                let mut citation = json!({"@type": "CreativeWork", "url": evidence.url});
                if !evidence.label.is_empty() {
                    citation["name"] = json!(evidence.label);
                }
                citation
            })
            .collect();
        review.insert("citation".into(), Value::Array(citations));
    }
    Value::Object(review)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{check_golden, sample_session};

    const CLAIM_REVIEW_GOLDEN: &str = include_str!("../../../../tests/golden/claimreview-v1.jsonld");

    #[test]
    fn the_sample_session_reproduces_the_golden_file() {
        check_golden(
            "tests/golden/claimreview-v1.jsonld",
            CLAIM_REVIEW_GOLDEN,
            &export_claim_review(&sample_session()),
        );
    }

    #[test]
    fn one_review_per_verdict_with_the_documented_fields() {
        let reviews: Value = serde_json::from_str(&export_claim_review(&sample_session())).unwrap();
        let reviews = reviews.as_array().unwrap();
        assert_eq!(reviews.len(), 1, "only one sample annotation has a verdict");
        let review = &reviews[0];
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["claimReviewed"], "1.73 million cases of illegal online activity");
        assert_eq!(
            review["reviewRating"],
            json!({"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1, "alternateName": "Mostly true"})
        );
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        assert_eq!(review["itemReviewed"]["author"]["name"], "Ministry of Public Security");
        assert_eq!(
            review["itemReviewed"]["appearance"]["url"],
            "https://example.com/china-daily/online-providers-help-sought"
        );
        assert_eq!(review["datePublished"], "2015-12-20");
        assert_eq!(review["citation"][0]["url"], "https://example.org/mps/2015-statistics");
    }

    #[test]
    fn unproven_has_no_place_on_the_scale_and_unchecked_reviews_take_the_modified_day() {
        let mut session = sample_session();
        session.annotations[3].claim.verdict = Verdict::Unproven;
        session.annotations[1].claim.checked = None;
        let reviews: Value = serde_json::from_str(&export_claim_review(&session)).unwrap();
        assert_eq!(reviews[0]["datePublished"], "2026-11-28");
        assert_eq!(reviews[1]["reviewRating"], json!({"@type": "Rating", "alternateName": "Unproven"}));
        assert!(reviews[1]["itemReviewed"].get("author").is_none(), "no claimant, no author");
        assert_eq!(
            Verdict::ALL.iter().filter_map(|verdict| rating_value(*verdict)).collect::<Vec<_>>(),
            vec![5, 4, 3, 2, 1]
        );
    }

    #[test]
    fn no_verdicts_give_an_empty_list() {
        let mut session = sample_session();
        session.annotations.iter_mut().for_each(|annotation| annotation.claim.verdict = Verdict::Unverified);
        assert_eq!(export_claim_review(&session), "[]\n");
    }
}
