//! An annotation: a span of the article, the tags on it, a note, and what a
//! fact-checker records about the claim (verdict, claimant, evidence).

use serde::{Deserialize, Serialize};

use crate::anchoring::selector::TextQuote;
use crate::article::text::CodePointRange;
use crate::session::tags::TagId;
use std::cmp::Ordering;

use crate::time::Timestamp;

/// A UUID v4 in its lowercase hyphenated form. Drawn by the browser layer
/// from `crypto.getRandomValues`; the core only carries it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(pub String);

impl AnnotationId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One highlight on the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Stable identity across edits, storage and export.
    pub id: AnnotationId,
    /// When the annotation was made.
    pub created: Timestamp,
    /// When it was last changed (tags, note).
    pub modified: Timestamp,
    /// Where it sits in the canonical text, in code points.
    pub range: CodePointRange,
    /// The quoted text with up to 32 code points of context on each side.
    pub quote: TextQuote,
    /// Tags in the order they were added; the first one sets the colour.
    pub tags: Vec<TagId>,
    /// The user's note; empty when there is none.
    pub note: String,
    /// Verdict, claimant, evidence and checked date.
    pub claim: ClaimDetails,
    /// A claim, or reviewed as not a claim.
    pub kind: AnnotationKind,
    /// Manual, or an accepted suggestion.
    pub origin: Origin,
    /// How the selectors were last placed on the text.
    pub anchor: AnchorStatus,
}

/// A fact-checker's verdict on a claim, on a named scale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Not checked yet; the default.
    #[default]
    Unverified,
    /// Accurate.
    True,
    /// Accurate but needs clarification or context.
    MostlyTrue,
    /// Partly accurate, leaves out important details.
    HalfTrue,
    /// Accurate in part but gives a wrong impression.
    Misleading,
    /// Not accurate.
    False,
    /// Cannot be proven either way with the evidence available.
    Unproven,
}

impl Verdict {
    /// Every verdict, in the order the scale shows them.
    pub const ALL: [Verdict; 7] = [
        Verdict::Unverified,
        Verdict::True,
        Verdict::MostlyTrue,
        Verdict::HalfTrue,
        Verdict::Misleading,
        Verdict::False,
        Verdict::Unproven,
    ];

    /// What the user sees ("Mostly true").
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Unverified => "Unverified",
            Verdict::True => "True",
            Verdict::MostlyTrue => "Mostly true",
            Verdict::HalfTrue => "Half true",
            Verdict::Misleading => "Misleading",
            Verdict::False => "False",
            Verdict::Unproven => "Unproven",
        }
    }

    /// The stable identifier used in stored and exported JSON ("mostly-true").
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Unverified => "unverified",
            Verdict::True => "true",
            Verdict::MostlyTrue => "mostly-true",
            Verdict::HalfTrue => "half-true",
            Verdict::Misleading => "misleading",
            Verdict::False => "false",
            Verdict::Unproven => "unproven",
        }
    }

    /// The verdict whose [`id`](Verdict::id) is `id`.
    pub fn from_id(id: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|verdict| verdict.id() == id)
    }
}

/// A source that supports a verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// An `http:` or `https:` address.
    pub url: String,
    /// What the source is ("Ministry press release").
    pub label: String,
}

/// What a fact-checker records about a claim besides its tags and note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimDetails {
    /// The verdict; [`Verdict::Unverified`] until someone checks.
    pub verdict: Verdict,
    /// Who made the claim; empty when unknown.
    pub claimant: String,
    /// Sources, in the order they were added.
    pub evidence: Vec<Evidence>,
    /// When the claim was checked, as `yyyy-mm-dd`.
    pub checked: Option<String>,
}

impl ClaimDetails {
    /// True when nothing beyond the defaults has been recorded.
    pub fn is_empty(&self) -> bool {
        self == &ClaimDetails::default()
    }
}

/// Whether a span is a claim or has been reviewed as not being one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnnotationKind {
    /// A claim (the default).
    #[default]
    Claim,
    /// Reviewed and found not to be a claim: an explicit negative example.
    NotAClaim,
}

/// Who proposed the span.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", rename_all_fields = "camelCase", tag = "kind")]
pub enum Origin {
    /// The user selected it.
    #[default]
    Manual,
    /// The user accepted a check-worthiness suggestion.
    Suggested {
        /// The suggestion's score, in thousandths (0..=1000).
        score_permille: u16,
        /// The version of the scoring model that made the suggestion.
        model_version: String,
    },
}

/// How the annotation's selectors were last placed on the article's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", rename_all_fields = "camelCase", tag = "status")]
pub enum AnchorStatus {
    /// Placed exactly (by position or by an exact quote).
    #[default]
    Anchored,
    /// Placed by approximate matching after the text changed.
    Fuzzy {
        /// How well the text matched, in percent (0..=100).
        score_percent: u8,
    },
    /// Could not be placed; kept, never deleted.
    Orphan,
}

impl Annotation {
    /// A new manual, anchored claim with no note and no claim details.
    pub fn new(
        id: AnnotationId,
        now: Timestamp,
        range: CodePointRange,
        quote: TextQuote,
        tags: Vec<TagId>,
    ) -> Annotation {
        Annotation {
            id,
            created: now,
            modified: now,
            range,
            quote,
            tags,
            note: String::new(),
            claim: ClaimDetails::default(),
            kind: AnnotationKind::default(),
            origin: Origin::default(),
            anchor: AnchorStatus::default(),
        }
    }
}
/// Document order: earlier start first; at the same start the longer
/// annotation first, so an enclosing highlight precedes the ones inside it;
/// then by id, so the order is total and stable across reloads.
pub fn document_order(left: &Annotation, right: &Annotation) -> Ordering {
    left.range
        .start
        .cmp(&right.range.start)
        .then_with(|| right.range.end.cmp(&left.range.end))
        .then_with(|| left.id.cmp(&right.id))
}
