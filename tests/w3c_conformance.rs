//! Runs the W3C Web Annotation conformance checker (the web-platform-tests
//! annotation-model suite, in `../shared/conformance`) on claimmark's W3C
//! exports of the seed article: overlapping and nested highlights, several
//! tags on one, notes, verdicts with evidence, a plain highlight, and quotes
//! and notes holding emoji and CJK. Every MUST assertion must pass.
//!
//! The checker needs `python3` and installs its one dependency (`jsonschema`)
//! itself. The test fails, never skips, when the checker is missing. Run with
//! `cargo test --test w3c_conformance -- --nocapture` to see the SHOULD and
//! MAY counts.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use claimmark_core::session::annotation::{AnnotationId, Evidence, Verdict};

use claimmark_core::article::extract::seed_article;
use claimmark_core::article::model::{Article, ArticleMetadata, BlockKind};
use claimmark_core::article::text::CodePointRange;
use claimmark_core::formats::w3c::export_w3c;
use claimmark_core::session::action::Action;
use claimmark_core::session::reducer::Session;
use claimmark_core::session::tags::TagId;
use claimmark_core::time::Timestamp;

/// 2026-11-28T10:00:00.000Z.
const START: i64 = 1_795_860_000_000;

fn checker() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/check-w3c-annotations")
}

fn range_of(article: &Article, needle: &str) -> CodePointRange {
    let byte_start =
        article.canonical_text().find(needle).unwrap_or_else(|| panic!("{needle:?} is not in the article"));
    let start = article.canonical_text()[..byte_start].chars().count();
    CodePointRange { start, end: start + needle.chars().count() }
}

fn id(number: u32) -> AnnotationId {
    AnnotationId(format!("3f2b8c1e-5d4a-4e6f-9a7b-{number:012}"))
}

/// Highlights `needle` with `tags` (in order) and an optional note.
fn annotate(session: &mut Session, number: u32, needle: &str, tags: &[&str], note: &str) {
    let range = range_of(&session.article.clone(), needle);
    let now = Timestamp(START + i64::from(number) * 60_000);
    session.apply(Action::Create { id: id(number), now, range, tag: TagId(tags[0].to_string()) });
    for tag in &tags[1..] {
        session.apply(Action::ToggleTag { id: id(number), tag: TagId(tag.to_string()), now });
    }
    if !note.is_empty() {
        session.apply(Action::SetNote { id: id(number), note: note.to_string(), now });
    }
}

fn seed_session() -> Session {
    let mut session = Session::new(Rc::new(seed_article()));
    annotate(&mut session, 1, "Online providers' help sought", &["opinion"], "");
    annotate(
        &mut session,
        2,
        "More than 100 countries, including China, have found that nearly 30,000 people",
        &["quote", "factual"],
        "Check the UN figure 🔎 against the 2015 report.",
    );
    annotate(&mut session, 3, "nearly 30,000 people", &["statistic"], "数字需要核实 ✅");
    annotate(&mut session, 4, "30,000 people participate in terrorism-related activities", &["factual"], "");
    // A plain highlight: its only tag removed again.
    annotate(&mut session, 5, "Wuzhen, Zhejiang province", &["prediction"], "");
    session.apply(Action::ToggleTag { id: id(5), tag: TagId("prediction".into()), now: Timestamp(START) });
    let verdict = session.annotations.iter_mut().find(|annotation| annotation.id == id(3)).expect("annotation 3");
    verdict.claim.verdict = Verdict::MostlyTrue;
    verdict.claim.claimant = "Chen Weixiong 🇺🇳".into();
    verdict.claim.evidence = vec![Evidence {
        url: "https://www.un.org/securitycouncil/ctc/".into(),
        label: "UN Counter-Terrorism Committee".into(),
    }];
    verdict.claim.checked = Some("2015-12-18".into());
    session
}

/// An article with emoji, CJK and accents inside the quotes, and an address.
fn emoji_session() -> Session {
    let article = Article::new(
        ArticleMetadata {
            title: "The expo's motto".into(),
            source_url: Some("https://example.com/expo-motto".into()),
            ..Default::default()
        },
        [
            (BlockKind::Headline, "The expo's motto"),
            (BlockKind::Paragraph, "The motto, 互联互通 共享共治, hung over the hall 🌐 in Wuzhen, café-side 🛡️."),
        ]
        .map(|(kind, text)| (kind, text.to_string())),
    );
    let mut session = Session::new(Rc::new(article));
    annotate(&mut session, 11, "互联互通 共享共治", &["quote"], "Motto: \"interconnection\" 🤝");
    annotate(&mut session, 12, "hall 🌐 in Wuzhen, café", &["factual", "causal"], "");
    annotate(&mut session, 13, "🌐 in Wuzhen, café-side 🛡️", &["opinion"], "Überlappend 😀");
    session
}

struct CheckerRun {
    stdout: String,
    passed: usize,
}

fn run_checker(file: &Path) -> CheckerRun {
    let checker = checker();
    assert!(
        checker.is_file(),
        "the W3C conformance checker is missing: expected {} (the shared conformance suite must sit beside the \
         repository)",
        checker.display()
    );
    let output = Command::new("python3")
        .arg(&checker)
        .arg(file)
        .output()
        .unwrap_or_else(|error| panic!("cannot run python3 {}: {error}", checker.display()));
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let last_line = stdout.lines().last().unwrap_or_default().to_string();
    let counts: Vec<usize> =
        last_line.split(|character: char| !character.is_ascii_digit()).filter_map(|part| part.parse().ok()).collect();
    assert!(
        output.status.success() && last_line.ends_with(" passed, 0 failed") && counts.len() == 2 && counts[0] > 0,
        "the W3C checker did not pass {}:\n{stdout}\n{stderr}",
        file.display()
    );
    CheckerRun { stdout, passed: counts[0] }
}

/// Sums the SHOULD and MAY lines of the checker's report.
fn optional_counts(stdout: &str, level: &str) -> (usize, usize) {
    stdout
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix(level))
        .map(|rest| {
            let numbers: Vec<usize> = rest
                .split(|character: char| !character.is_ascii_digit())
                .filter_map(|part| part.parse().ok())
                .collect();
            (numbers.first().copied().unwrap_or(0), numbers.get(1).copied().unwrap_or(0))
        })
        .fold((0, 0), |(met, unmet), (more_met, more_unmet)| (met + more_met, unmet + more_unmet))
}

#[test]
fn w3c_exports_pass_every_must_assertion_of_the_w3c_suite() {
    let directory = std::env::temp_dir().join(format!("claimmark-w3c-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a temporary directory");
    let cases = [("seed-article", seed_session()), ("emoji-article", emoji_session())];
    for (name, session) in cases {
        assert!(session.annotations.len() >= 3);
        let overlapping = session.annotations.windows(2).any(|pair| pair[0].range.overlaps(&pair[1].range));
        assert!(overlapping, "{name} has overlapping highlights");
        let json = export_w3c(&session, Timestamp(START + 3_600_000));
        let path = directory.join(format!("{name}.jsonld"));
        std::fs::write(&path, &json).expect("the export can be written");
        let run = run_checker(&path);
        assert_eq!(run.passed, session.annotations.len(), "every annotation is checked:\n{}", run.stdout);
        let (should_met, should_unmet) = optional_counts(&run.stdout, "SHOULD");
        let (may_met, may_unmet) = optional_counts(&run.stdout, "MAY");
        let must_line = run.stdout.lines().filter(|line| line.trim_start().starts_with("MUST")).count();
        println!(
            "{name}: {} passed, 0 failed ({must_line} objects checked); SHOULD {should_met} met, {should_unmet} not \
             met; MAY {may_met} met, {may_unmet} not met",
            run.passed
        );

        // Each annotation on its own, as other tools post them one by one.
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut single = value["first"]["items"][1].clone();
        single["@context"] = value["@context"].clone();
        let single_path = directory.join(format!("{name}-single.jsonld"));
        std::fs::write(&single_path, single.to_string()).expect("the annotation can be written");
        assert_eq!(run_checker(&single_path).passed, 1);
    }
    let _ = std::fs::remove_dir_all(&directory);
}
