//! W3C Web Annotation export: the session as an `AnnotationCollection` in
//! JSON-LD, with one embedded `AnnotationPage` holding every annotation.
//!
//! Each annotation targets a `SpecificResource` whose `source` is the
//! article's address (or `urn:sha256:` of its text) through a
//! TextQuoteSelector and a TextPositionSelector counted in code points. Tags
//! become `tagging` bodies, the note a `commenting` body, the verdict an
//! `assessing` body and each evidence link a `linking` SpecificResource body. What the model
//! has no term for (claimant, checked date, not-a-claim, origin, anchor
//! status, tag labels) goes under our own `claimmark:` context term, so a
//! generic reader ignores it and claimmark reads it back losslessly. The
//! output passes every MUST assertion of the W3C annotation-model test
//! suite (`tests/w3c_conformance.rs`).
//!
//! Reading these files back is [`crate::formats::import`]'s job.
//! This module knows nothing of files or the clock.

use serde::Serialize;
use serde_json::Value;

use crate::session::annotation::{AnchorStatus, Annotation, AnnotationKind, Origin, Verdict};

use crate::formats::identifiers::{article_source_iri, uuid_from_seed};
use crate::session::reducer::Session;
use crate::time::format_iso8601;
use crate::time::Timestamp;

/// The W3C Web Annotation JSON-LD context.
pub const ANNOTATION_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The namespace of claimmark's own terms. It names terms; it is not meant
/// to be fetched (`.invalid` can never resolve).
pub const CLAIMMARK_NAMESPACE: &str = "https://claimmark.invalid/ns#";

/// The prefix our own properties carry (`claimmark:claimant`).
pub const CLAIMMARK_PREFIX: &str = "claimmark";

/// The full W3C export of `session`, pretty-printed, ending in a newline.
pub fn export_w3c(session: &Session, exported_at: Timestamp) -> String {
    w3c_json(session, exported_at, env!("CARGO_PKG_VERSION"))
}

/// [`export_w3c`] with the generator version given, so golden files do not
/// change with each release.
pub(crate) fn w3c_json(session: &Session, exported_at: Timestamp, generator_version: &str) -> String {
    let collection = collection(session, exported_at, generator_version);
    let mut json = serde_json::to_string_pretty(&collection).expect("the collection holds only JSON values");
    json.push('\n');
    json
}

#[derive(Serialize)]
struct Collection {
    #[serde(rename = "@context")]
    context: Value,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    created: String,
    generator: Generator,
    #[serde(rename = "claimmark:articleId")]
    article_id: String,
    last: String,
    first: Page,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    part_of: String,
    start_index: usize,
    items: Vec<W3cAnnotation>,
}

#[derive(Clone, Serialize)]
struct Generator {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
struct W3cAnnotation {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    created: String,
    modified: String,
    generated: String,
    generator: Generator,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Value>,
    target: Target,
    #[serde(rename = "claimmark:claimant", skip_serializing_if = "Option::is_none")]
    claimant: Option<String>,
    #[serde(rename = "claimmark:checked", skip_serializing_if = "Option::is_none")]
    checked: Option<String>,
    #[serde(rename = "claimmark:kind", skip_serializing_if = "Option::is_none")]
    annotation_kind: Option<&'static str>,
    #[serde(rename = "claimmark:origin", skip_serializing_if = "Option::is_none")]
    origin: Option<Origin>,
    #[serde(rename = "claimmark:anchor", skip_serializing_if = "Option::is_none")]
    anchor: Option<AnchorStatus>,
}

#[derive(Serialize)]
struct Target {
    #[serde(rename = "type")]
    kind: &'static str,
    source: String,
    #[serde(rename = "claimmark:articleId")]
    article_id: String,
    selector: Vec<Value>,
}

/// The JSON-LD context: the W3C one, plus our prefix.
pub fn context() -> Value {
    serde_json::json!([ANNOTATION_CONTEXT, { CLAIMMARK_PREFIX: CLAIMMARK_NAMESPACE }])
}

fn collection(session: &Session, exported_at: Timestamp, generator_version: &str) -> Collection {
    let article = &session.article;
    let exported = format_iso8601(exported_at);
    let collection_id = format!("urn:uuid:{}", uuid_from_seed(&format!("collection {} {exported}", article.id)));
    let page_id = format!("urn:uuid:{}", uuid_from_seed(&format!("page {} {exported}", article.id)));
    let generator = Generator {
        id: format!("urn:claimmark:generator:{generator_version}"),
        kind: "Software",
        name: format!("claimmark {generator_version}"),
    };
    let source = article_source_iri(article);
    let title = if article.metadata.title.is_empty() { "untitled article" } else { &article.metadata.title };
    let items: Vec<W3cAnnotation> = session
        .annotations
        .iter()
        .map(|annotation| w3c_annotation(session, annotation, &source, &exported, &generator))
        .collect();
    Collection {
        context: context(),
        kind: "AnnotationCollection",
        label: format!("claimmark annotations on “{title}”"),
        total: items.len(),
        created: exported.clone(),
        generator: generator.clone(),
        article_id: article.id.clone(),
        last: page_id.clone(),
        first: Page { id: page_id, kind: "AnnotationPage", part_of: collection_id.clone(), start_index: 0, items },
        id: collection_id,
    }
}

fn w3c_annotation(
    session: &Session,
    annotation: &Annotation,
    source: &str,
    exported: &str,
    generator: &Generator,
) -> W3cAnnotation {
    let mut body = Vec::new();
    for tag in &annotation.tags {
        let mut tag_body = serde_json::json!({
            "type": "TextualBody",
            "purpose": "tagging",
            "value": tag.as_str(),
        });
        if let Some(definition) = session.tags.get(tag) {
            tag_body["claimmark:label"] = Value::String(definition.label.clone());
        }
        body.push(tag_body);
    }
    if !annotation.note.is_empty() {
        body.push(serde_json::json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/plain",
            "value": annotation.note,
        }));
    }
    if annotation.claim.verdict != Verdict::Unverified {
        body.push(serde_json::json!({
            "type": "TextualBody",
            "purpose": "assessing",
            "value": annotation.claim.verdict.label(),
            "claimmark:verdict": annotation.claim.verdict.id(),
        }));
    }
    for evidence in &annotation.claim.evidence {
        // An external resource body may not carry a purpose; a
        // SpecificResource wrapping it may.
        let mut evidence_body =
            serde_json::json!({ "type": "SpecificResource", "source": evidence.url, "purpose": "linking" });
        if !evidence.label.is_empty() {
            evidence_body["claimmark:label"] = Value::String(evidence.label.clone());
        }
        body.push(evidence_body);
    }
    let mut quote_selector = serde_json::json!({ "type": "TextQuoteSelector", "exact": annotation.quote.exact });
    if !annotation.quote.prefix.is_empty() {
        quote_selector["prefix"] = Value::String(annotation.quote.prefix.clone());
    }
    if !annotation.quote.suffix.is_empty() {
        quote_selector["suffix"] = Value::String(annotation.quote.suffix.clone());
    }
    let position_selector = serde_json::json!({
        "type": "TextPositionSelector",
        "start": annotation.range.start,
        "end": annotation.range.end,
    });
    W3cAnnotation {
        id: format!("urn:uuid:{}", annotation.id.as_str()),
        kind: "Annotation",
        motivation: if annotation.tags.is_empty() { "highlighting" } else { "tagging" },
        created: format_iso8601(annotation.created),
        modified: format_iso8601(annotation.modified),
        generated: exported.to_string(),
        generator: generator.clone(),
        body,
        target: Target {
            kind: "SpecificResource",
            source: source.to_string(),
            article_id: session.article.id.clone(),
            selector: vec![quote_selector, position_selector],
        },
        claimant: Some(annotation.claim.claimant.clone()).filter(|claimant| !claimant.is_empty()),
        checked: annotation.claim.checked.clone(),
        annotation_kind: (annotation.kind == AnnotationKind::NotAClaim).then_some("not-a-claim"),
        origin: Some(annotation.origin.clone()).filter(|origin| origin != &Origin::Manual),
        anchor: Some(annotation.anchor).filter(|anchor| anchor != &AnchorStatus::Anchored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{check_golden, sample_session, SAMPLE_START};
    use serde_json::json;

    const W3C_GOLDEN: &str = include_str!("../../../../tests/golden/w3c-v1.jsonld");

    pub(crate) fn golden_w3c() -> String {
        w3c_json(&sample_session(), Timestamp(SAMPLE_START + 30 * 60_000), "0.1.0")
    }

    #[test]
    fn the_sample_session_reproduces_the_golden_file() {
        check_golden("tests/golden/w3c-v1.jsonld", W3C_GOLDEN, &golden_w3c());
    }

    #[test]
    fn the_collection_has_the_shape_the_model_requires() {
        let value: Value = serde_json::from_str(&golden_w3c()).unwrap();
        assert_eq!(value["@context"][0], ANNOTATION_CONTEXT);
        assert_eq!(value["type"], "AnnotationCollection");
        assert_eq!(value["total"], 7);
        assert!(value["id"].as_str().unwrap().starts_with("urn:uuid:"));
        assert_eq!(value["first"]["type"], "AnnotationPage");
        assert_eq!(value["first"]["partOf"], value["id"]);
        assert_eq!(value["last"], value["first"]["id"]);
        let items = value["first"]["items"].as_array().unwrap();
        assert_eq!(items.len(), 7);
        for item in items {
            assert!(item["id"].as_str().unwrap().starts_with("urn:uuid:7c9e6679-"));
            assert!(item["created"].as_str().unwrap().ends_with('Z'));
            assert!(item["modified"].as_str().unwrap().ends_with('Z'));
            assert_eq!(item["target"]["type"], "SpecificResource");
            assert_eq!(item["target"]["source"], "https://example.com/china-daily/online-providers-help-sought");
            assert_eq!(item["target"]["selector"][0]["type"], "TextQuoteSelector");
            assert_eq!(item["target"]["selector"][1]["type"], "TextPositionSelector");
        }
    }

    #[test]
    fn bodies_carry_tags_note_verdict_and_evidence() {
        let value: Value = serde_json::from_str(&golden_w3c()).unwrap();
        let items = value["first"]["items"].as_array().unwrap();
        let statistic = &items[1];
        assert_eq!(statistic["motivation"], "tagging");
        assert_eq!(
            statistic["body"],
            json!([
                {"type": "TextualBody", "purpose": "tagging", "value": "statistic", "claimmark:label": "Statistic"},
                {"type": "TextualBody", "purpose": "tagging", "value": "factual", "claimmark:label": "Factual claim"},
                {"type": "TextualBody", "purpose": "commenting", "format": "text/plain",
                 "value": "Ministry figure: find the original release.\nCompare with 2014."},
                {"type": "TextualBody", "purpose": "assessing", "value": "Mostly true", "claimmark:verdict": "mostly-true"},
                {"type": "SpecificResource", "source": "https://example.org/mps/2015-statistics",
                 "purpose": "linking", "claimmark:label": "Ministry statistics release"}
            ])
        );
        assert_eq!(statistic["claimmark:claimant"], "Ministry of Public Security");
        assert_eq!(statistic["claimmark:checked"], "2015-12-20");
        assert_eq!(
            statistic["target"]["selector"][1],
            json!({"type": "TextPositionSelector", "start": 125, "end": 170})
        );
        let plain =
            items.iter().find(|item| item["target"]["selector"][0]["exact"] == "hall 🌐 in Wuzhen, café").unwrap();
        assert_eq!(plain["motivation"], "highlighting");
        assert!(plain.get("body").is_none());
        assert_eq!(plain["target"]["selector"][1], json!({"type": "TextPositionSelector", "start": 434, "end": 456}));
        assert_eq!(items[0]["claimmark:kind"], "not-a-claim");
        assert!(items[0]["target"]["selector"][0].get("prefix").is_none(), "an empty prefix is left out");
    }

    #[test]
    fn an_article_without_an_address_is_named_by_its_hash() {
        let mut session = sample_session();
        let mut article = (*session.article).clone();
        article.metadata.source_url = None;
        session.article = std::rc::Rc::new(article);
        let value: Value = serde_json::from_str(&export_w3c(&session, Timestamp(0))).unwrap();
        let source = value["first"]["items"][0]["target"]["source"].as_str().unwrap();
        assert_eq!(source, format!("urn:sha256:{}", &session.article.id[7..]));
        assert_eq!(value["generator"]["name"], format!("claimmark {}", env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn an_empty_session_exports_an_empty_collection() {
        let mut session = sample_session();
        session.annotations.clear();
        let value: Value = serde_json::from_str(&export_w3c(&session, Timestamp(0))).unwrap();
        assert_eq!(value["total"], 0);
        assert_eq!(value["first"]["items"], json!([]));
    }
}
