//! Fixtures the core's tests share: a sample article and session in the
//! shape of the seed article (behind the golden files), random sessions for
//! property tests, and the golden-file comparison.
//!
//! Built for tests only. Tests anywhere in the crate may use it, so it sits
//! outside the layering of the domain folders.

use std::path::PathBuf;
use std::rc::Rc;

use proptest::prelude::*;

use crate::article::model::{Article, ArticleMetadata, BlockKind};
use crate::article::text::{code_point_len, CodePointRange};
use crate::session::action::Action;
use crate::session::annotation::{AnchorStatus, AnnotationId, AnnotationKind, ClaimDetails, Origin};
use crate::session::reducer::Session;
use crate::session::tag_editing::{TagDisposal, TagMove};
use crate::session::tags::{TagDefinition, TagId};
use crate::time::Timestamp;

/// The repository's top folder, where `tests/golden/` and `data/` live.
pub(crate) fn repository_root() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// 2026-11-28T10:00:00.000Z.
pub(crate) const SAMPLE_START: i64 = 1_795_860_000_000;

/// A short article in the shape of the seed article, with accents, CJK
/// and emoji so code-point offsets are exercised.
pub(crate) fn sample_article() -> Article {
    Article::new(
        ArticleMetadata {
            title: "Online providers' help sought".into(),
            byline: Some("Cao Yin and Zhao Xinying".into()),
            dateline: Some("Wuzhen, Zhejiang".into()),
            outlet: Some("China Daily".into()),
            published: Some("2015-12-17".into()),
            source_url: Some("https://example.com/china-daily/online-providers-help-sought".into()),
        },
        [
            (BlockKind::Headline, "Online providers' help sought"),
            (BlockKind::Standfirst, "Shared responsibility called for in terror fight"),
            (
                BlockKind::Paragraph,
                "According to the Ministry of Public Security, 1.73 million cases of illegal online activity \
                 have been dealt with since the beginning of the year.",
            ),
            (
                BlockKind::Paragraph,
                "\"More than 100 countries, including China, have found that nearly 30,000 people participate \
                 in terrorism-related activities after being recruited online,\" Chen said.",
            ),
            (BlockKind::Caption, "The expo's motto, 互联互通 共享共治, hung over the hall 🌐 in Wuzhen, café-side."),
        ]
        .map(|(kind, text)| (kind, text.to_string())),
    )
}

pub(crate) fn sample_id(number: u32) -> AnnotationId {
    AnnotationId(format!("7c9e6679-7425-40de-944b-e07fc1f90a{number:02}"))
}

/// The fixed session behind both golden files: overlapping and nested
/// highlights, several tags, notes, a plain highlight with no tag, and
/// quotes holding CJK and emoji.
pub(crate) fn sample_session() -> Session {
    let article = Rc::new(sample_article());
    let mut session = Session::new(article.clone());
    let minute = 60_000;
    let create = |session: &mut Session, number: u32, minutes: i64, needle: &str, tag: &str| {
        session.apply(Action::Create {
            id: sample_id(number),
            now: Timestamp(SAMPLE_START + minutes * minute),
            range: sample_range(&article, needle),
            tag: TagId(tag.to_string()),
        });
    };
    create(&mut session, 1, 0, "Online providers' help sought", "opinion");
    create(&mut session, 2, 1, "1.73 million cases of illegal online activity", "statistic");
    create(&mut session, 3, 2, "illegal online activity have been dealt with", "factual");
    create(
        &mut session,
        4,
        3,
        "More than 100 countries, including China, have found that nearly 30,000 people",
        "quote",
    );
    create(&mut session, 5, 4, "nearly 30,000 people", "statistic");
    create(&mut session, 6, 5, "互联互通 共享共治", "quote");
    create(&mut session, 7, 6, "hall 🌐 in Wuzhen, café", "prediction");
    session.apply(Action::ToggleTag {
        id: sample_id(2),
        tag: TagId("factual".into()),
        now: Timestamp(SAMPLE_START + 10 * minute),
    });
    session.apply(Action::SetNote {
        id: sample_id(2),
        note: "Ministry figure: find the original release.\nCompare with 2014.".into(),
        now: Timestamp(SAMPLE_START + 11 * minute),
    });
    session.apply(Action::SetNote {
        id: sample_id(6),
        note: "Motto: \"interconnection, shared governance\" 🤝".into(),
        now: Timestamp(SAMPLE_START + 12 * minute),
    });
    session.apply(Action::ToggleTag {
        id: sample_id(7),
        tag: TagId("prediction".into()),
        now: Timestamp(SAMPLE_START + 13 * minute),
    });
    // Fields that later features set, written directly so that both
    // golden files show every field of the format.
    for annotation in &mut session.annotations {
        match annotation.id.as_str().chars().last() {
            Some('1') => annotation.kind = AnnotationKind::NotAClaim,
            Some('2') => {
                annotation.claim = ClaimDetails {
                    verdict: crate::session::annotation::Verdict::MostlyTrue,
                    claimant: "Ministry of Public Security".into(),
                    evidence: vec![crate::session::annotation::Evidence {
                        url: "https://example.org/mps/2015-statistics".into(),
                        label: "Ministry statistics release".into(),
                    }],
                    checked: Some("2015-12-20".into()),
                }
            }
            Some('5') => {
                annotation.origin = Origin::Suggested { score_permille: 870, model_version: "checkworthy-1".into() }
            }
            Some('6') => annotation.anchor = AnchorStatus::Fuzzy { score_percent: 94 },
            _ => {}
        }
    }
    session.fully_reviewed = true;
    session
}

/// Compares `actual` with a golden file's content, or rewrites the file
/// when `CLAIMMARK_BLESS=1`.
pub(crate) fn check_golden(path_in_repository: &str, golden: &str, actual: &str) {
    if std::env::var("CLAIMMARK_BLESS").as_deref() == Ok("1") {
        let path = repository_root().join(path_in_repository);
        std::fs::write(&path, actual).expect("the golden file can be written");
        return;
    }
    assert!(
        golden == actual,
        "{path_in_repository} no longer matches what the code produces. If the change is deliberate (and the \
         format version was bumped if old files can no longer be read), regenerate it with \
         `CLAIMMARK_BLESS=1 cargo test -p claimmark-core` and review the diff.\n--- golden\n{golden}\n--- produced\n{actual}"
    );
}

/// An article of random blocks and a session of random annotations on it,
/// built through the reducer.
pub(crate) fn random_session() -> impl Strategy<Value = Session> {
    let blocks = proptest::collection::vec(block_text(), 1..4);
    let edits = proptest::collection::vec(
        (
            0_usize..200,
            1_usize..40,
            0_usize..6,
            note_text(),
            -62_167_219_200_000_i64..=253_402_300_799_999,
            0_i64..1_000_000,
        ),
        0..8,
    );
    (blocks, edits, 0_u64..1_000).prop_map(|(blocks, edits, revision_offset)| {
        let article = Rc::new(Article::new(
            ArticleMetadata { title: blocks[0].clone(), ..Default::default() },
            blocks.into_iter().map(|text| (BlockKind::Paragraph, text)),
        ));
        let mut session = Session::new(article.clone());
        let tag_ids: Vec<TagId> = session.tags.tags.iter().map(|tag| tag.id.clone()).collect();
        for (number, (start, length, tag_index, note, created, later)) in edits.into_iter().enumerate() {
            let start = start % article.len().max(1);
            let end = (start + length).min(article.len());
            let id = AnnotationId(format!("id-{number}"));
            session.apply(Action::Create {
                id: id.clone(),
                now: Timestamp(created),
                range: CodePointRange { start, end },
                tag: tag_ids[tag_index].clone(),
            });
            session.apply(Action::SetNote { id, note, now: Timestamp(created.saturating_add(later)) });
        }
        session.revision += revision_offset;
        session
    })
}

/// Edits of the tag set, valid and refused ones mixed, on tags that are
/// in use, unused, deleted or unknown.
pub(crate) fn tag_action_strategy(
    any_now: impl Strategy<Value = Timestamp> + Clone + 'static,
) -> impl Strategy<Value = Action> {
    let any_tag = prop_oneof![
        Just(tag("statistic")),
        Just(tag("quote")),
        Just(tag("opinion")),
        Just(tag("health")),
        Just(tag("retired"))
    ];
    let any_label = prop_oneof![
        Just("Health".to_string()),
        Just("quote".to_string()),
        Just(String::new()),
        Just("Numbers".to_string())
    ];
    let any_color = prop_oneof![Just("#cfe8ff".to_string()), Just("#335".to_string()), Just("pink".to_string())];
    let any_key = proptest::option::of(prop_oneof![Just('1'), Just('6'), Just('0'), Just('j')]);
    let any_disposal = prop_oneof![
        Just(TagDisposal::RemoveFromAnnotations),
        any_tag.clone().prop_map(TagDisposal::ReplaceWith),
        Just(TagDisposal::DeleteAnnotations),
    ];
    prop_oneof![
        (any_tag.clone(), any_label.clone(), any_color.clone(), any_key.clone()).prop_map(
            |(id, label, color, hotkey)| { Action::AddTag { definition: TagDefinition { id, label, color, hotkey } } }
        ),
        (any_tag.clone(), any_label).prop_map(|(id, label)| Action::RenameTag { id, label }),
        (any_tag.clone(), any_color).prop_map(|(id, color)| Action::RecolorTag { id, color }),
        (any_tag.clone(), prop_oneof![Just(TagMove::Up), Just(TagMove::Down)])
            .prop_map(|(id, direction)| Action::MoveTag { id, direction }),
        (any_tag.clone(), any_key).prop_map(|(id, hotkey)| Action::SetTagHotkey { id, hotkey }),
        (any_tag, any_disposal, any_now).prop_map(|(id, disposal, now)| Action::DeleteTag { id, disposal, now }),
    ]
}

fn tag(id: &str) -> TagId {
    TagId(id.into())
}

/// Code points of the first occurrence of `needle` in the sample article.
pub(crate) fn sample_range(article: &Article, needle: &str) -> CodePointRange {
    let byte_start = article.canonical_text().find(needle).expect("the needle is in the sample article");
    let start = code_point_len(&article.canonical_text()[..byte_start]);
    CodePointRange { start, end: start + code_point_len(needle) }
}

fn block_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,'\"éüñÅ北京乌镇互联😀🌐🛡\u{FE0F}\u{301}]{1,30}"
}

fn note_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z \"\\\\\n\t\u{0}\u{7f}é北😀\u{2028}]{1,20}"]
}
