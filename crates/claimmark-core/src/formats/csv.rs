//! CSV export (RFC 4180): one row per annotation, for spreadsheets.
//!
//! Columns: `id, quote, start, end, tags, note, created, modified`, then
//! `kind, verdict, claimant, evidence, checked, anchor`. Tags and evidence
//! links are joined with `;`. Rows end in CRLF; a field is quoted when it
//! holds a comma, a quote, a line break or leading or trailing spaces, with
//! inner quotes doubled. A cell that a spreadsheet would run as a formula
//! (one starting with `=`, `+`, `-` or `@`, or a tab or carriage return) gets a
//! leading `'`, so opening the file never executes anything. The file starts
//! with a UTF-8 byte order mark so that spreadsheet programs read CJK and
//! emoji correctly.
//!
//! This module knows nothing of files or the clock.

use crate::session::annotation::{AnchorStatus, AnnotationKind};
use crate::session::reducer::Session;
use crate::time::format_iso8601;

/// The header row's column names, in order.
pub const COLUMNS: [&str; 14] = [
    "id", "quote", "start", "end", "tags", "note", "created", "modified", "kind", "verdict", "claimant", "evidence",
    "checked", "anchor",
];

/// The byte order mark the file starts with.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// The CSV file for `session`, annotations in document order.
pub fn export_csv(session: &Session) -> String {
    let mut csv = String::new();
    csv.push(BYTE_ORDER_MARK);
    push_row(&mut csv, COLUMNS.iter().map(|column| column.to_string()));
    for annotation in &session.annotations {
        let anchor = match annotation.anchor {
            AnchorStatus::Anchored => "anchored".to_string(),
            AnchorStatus::Fuzzy { score_percent } => format!("fuzzy {score_percent}%"),
            AnchorStatus::Orphan => "orphan".to_string(),
        };
        push_row(
            &mut csv,
            [
                annotation.id.as_str().to_string(),
                annotation.quote.exact.clone(),
                annotation.range.start.to_string(),
                annotation.range.end.to_string(),
                annotation.tags.iter().map(|tag| tag.as_str()).collect::<Vec<_>>().join(";"),
                annotation.note.clone(),
                format_iso8601(annotation.created),
                format_iso8601(annotation.modified),
                match annotation.kind {
                    AnnotationKind::Claim => "claim".to_string(),
                    AnnotationKind::NotAClaim => "not-a-claim".to_string(),
                },
                annotation.claim.verdict.id().to_string(),
                annotation.claim.claimant.clone(),
                annotation.claim.evidence.iter().map(|evidence| evidence.url.as_str()).collect::<Vec<_>>().join(";"),
                annotation.claim.checked.clone().unwrap_or_default(),
                anchor,
            ],
        );
    }
    csv
}

fn push_row(csv: &mut String, fields: impl IntoIterator<Item = String>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            csv.push(',');
        }
        csv.push_str(&csv_field(&field));
    }
    csv.push_str("\r\n");
}

/// One field, neutralised against formula injection, then quoted if needed.
pub fn csv_field(value: &str) -> String {
    let neutralised =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    let needs_quotes =
        neutralised.contains([',', '"', '\n', '\r']) || neutralised.starts_with(' ') || neutralised.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", neutralised.replace('"', "\"\""))
    } else {
        neutralised
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{check_golden, sample_session};

    const CSV_GOLDEN: &str = include_str!("../../../../tests/golden/claims-v1.csv");

    #[test]
    fn the_sample_session_reproduces_the_golden_file() {
        check_golden("tests/golden/claims-v1.csv", CSV_GOLDEN, &export_csv(&sample_session()));
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" padded"), "\" padded\"");
        assert_eq!(csv_field("互联互通 🌐"), "互联互通 🌐");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tcmd"), "'\tcmd");
        assert_eq!(csv_field("a=b"), "a=b", "only a leading sign is dangerous");
    }

    /// Python's `csv` module is the reference reader: LibreOffice and Excel
    /// read RFC 4180 the same way.
    #[test]
    fn pythons_csv_module_reads_the_golden_file_back_field_for_field() {
        let path = crate::test_support::repository_root().join("tests/golden/claims-v1.csv");
        let script = "import csv, json, sys\n\
                      with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    \
                      print(json.dumps(list(csv.reader(f, strict=True))))";
        let output = std::process::Command::new("python3")
            .args(["-c", script])
            .arg(&path)
            .output()
            .expect("python3 is installed (the W3C checker needs it too)");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let rows: Vec<Vec<String>> = serde_json::from_slice(&output.stdout).unwrap();
        let session = sample_session();
        assert_eq!(rows.len(), session.annotations.len() + 1);
        assert_eq!(rows[0], COLUMNS);
        for (row, annotation) in rows[1..].iter().zip(&session.annotations) {
            assert_eq!(row.len(), COLUMNS.len());
            assert_eq!(row[0], annotation.id.as_str());
            assert_eq!(row[1], annotation.quote.exact);
            assert_eq!(row[2], annotation.range.start.to_string());
            assert_eq!(row[3], annotation.range.end.to_string());
            assert_eq!(row[4], annotation.tags.iter().map(|tag| tag.as_str()).collect::<Vec<_>>().join(";"));
            assert_eq!(row[5], annotation.note);
        }
        assert_eq!(rows[2][9], "mostly-true");
        assert_eq!(rows[6][13], "fuzzy 94%");

        let mut dangerous = session.clone();
        dangerous.annotations[0].note = "=cmd|' /C calc'!A0".into();
        dangerous.annotations[1].claim.claimant = "@SUM(1+1)".into();
        let text = export_csv(&dangerous);
        let output = std::process::Command::new("python3")
            .args([
                "-c",
                &script.replace(
                    "open(sys.argv[1], newline='', encoding='utf-8-sig')",
                    "open(0, newline='', encoding='utf-8-sig')",
                ),
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().expect("stdin").write_all(text.as_bytes())?;
                child.wait_with_output()
            })
            .expect("python3 reads from stdin");
        let rows: Vec<Vec<String>> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(rows[1][5], "'=cmd|' /C calc'!A0");
        assert_eq!(rows[2][10], "'@SUM(1+1)");
    }

    #[test]
    fn one_row_per_annotation_with_the_header_first() {
        let session = sample_session();
        let csv = export_csv(&session);
        assert!(csv.starts_with("\u{feff}id,quote,start,end,tags,note,created,modified,kind,verdict,"));
        assert!(csv.ends_with("\r\n"));
        assert!(csv.contains(
            "7c9e6679-7425-40de-944b-e07fc1f90a02,1.73 million cases of illegal online activity,125,170,\
             statistic;factual,\"Ministry figure: find the original release.\nCompare with 2014.\","
        ));
        assert_eq!(csv.matches("\r\n").count(), session.annotations.len() + 1);
    }
}
