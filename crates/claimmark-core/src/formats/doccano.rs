//! doccano JSONL export: the article's text as one line with its span
//! labels, ready for doccano's sequence-labelling import.
//!
//! The line is `{"text": …, "label": [[start, end, "tag"], …], "quotes": […],
//! "article_id": …, "source": …}`. Offsets count code points of the canonical
//! text, one label entry per tag of each annotation; `quotes[i]` is the text
//! of `label[i]`, so a dataset builder can check every span. Highlights with
//! no tag, and orphans (whose offsets no longer fit the text), are left out.
//!
//! This module knows nothing of files or the clock.

use serde::Serialize;

use crate::formats::identifiers::article_source_iri;
use crate::session::annotation::{AnchorStatus, Annotation};
use crate::session::reducer::Session;

#[derive(Serialize)]
struct DoccanoLine<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    quotes: Vec<&'a str>,
    article_id: &'a str,
    source: String,
}

/// The annotations a doccano export carries: tagged and placed on the text.
pub fn exported_annotations(session: &Session) -> impl Iterator<Item = &Annotation> {
    session
        .annotations
        .iter()
        .filter(|annotation| !annotation.tags.is_empty() && annotation.anchor != AnchorStatus::Orphan)
}

/// The doccano JSONL file: one line for the article, ending in a newline.
pub fn export_doccano(session: &Session) -> String {
    let mut label = Vec::new();
    let mut quotes = Vec::new();
    for annotation in exported_annotations(session) {
        for tag in &annotation.tags {
            label.push((annotation.range.start, annotation.range.end, tag.as_str()));
            quotes.push(annotation.quote.exact.as_str());
        }
    }
    let line = DoccanoLine {
        text: session.article.canonical_text(),
        label,
        quotes,
        article_id: &session.article.id,
        source: article_source_iri(&session.article),
    };
    let mut jsonl = serde_json::to_string(&line).expect("a doccano line holds only strings and numbers");
    jsonl.push('\n');
    jsonl
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::text::slice_code_points;
    use crate::test_support::{check_golden, sample_session};
    use serde_json::Value;

    const DOCCANO_GOLDEN: &str = include_str!("../../../../tests/golden/doccano-v1.jsonl");

    #[test]
    fn the_sample_session_reproduces_the_golden_file() {
        check_golden("tests/golden/doccano-v1.jsonl", DOCCANO_GOLDEN, &export_doccano(&sample_session()));
    }

    #[test]
    fn one_line_with_one_label_per_tag_in_code_points() {
        let session = sample_session();
        let jsonl = export_doccano(&session);
        assert_eq!(jsonl.lines().count(), 1);
        assert!(jsonl.ends_with("}\n"));
        let line: Value = serde_json::from_str(jsonl.trim_end()).unwrap();
        let text = line["text"].as_str().unwrap();
        assert_eq!(text, session.article.canonical_text());
        let labels = line["label"].as_array().unwrap();
        let quotes = line["quotes"].as_array().unwrap();
        assert_eq!(labels.len(), 7, "six tagged highlights, one with two tags");
        assert_eq!(labels.len(), quotes.len());
        for (label, quote) in labels.iter().zip(quotes) {
            let start = label[0].as_u64().unwrap() as usize;
            let end = label[1].as_u64().unwrap() as usize;
            assert_eq!(slice_code_points(text, start, end), quote.as_str().unwrap());
        }
        assert_eq!(labels[1], serde_json::json!([125, 170, "statistic"]));
        assert_eq!(labels[2], serde_json::json!([125, 170, "factual"]));
        assert!(!quotes.iter().any(|quote| quote == "hall 🌐 in Wuzhen, café"), "untagged highlights are left out");
        assert!(quotes.iter().any(|quote| quote == "互联互通 共享共治"));
    }

    #[test]
    fn orphans_are_left_out() {
        let mut session = sample_session();
        session.annotations[1].anchor = AnchorStatus::Orphan;
        let line: Value = serde_json::from_str(export_doccano(&session).trim_end()).unwrap();
        assert_eq!(line["label"].as_array().unwrap().len(), 5);
    }
}
