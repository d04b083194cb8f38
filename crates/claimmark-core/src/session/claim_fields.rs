//! Checks on what a user types into a claim's fields (claimant, evidence,
//! checked date), with a message for each refusal.
//!
//! The editor calls these before dispatching, to show the message next to
//! the field; the reducer calls them again and ignores a value that fails,
//! so nothing invalid is ever stored. The stored format's decoder
//! (`storage::persist`) checks with the same limits and rules, so what is
//! accepted here always decodes.
//! This module knows strings only: not the session, storage or the UI.

use std::fmt;

use crate::article::text::code_point_len;
use crate::session::annotation::Evidence;
use crate::time::is_calendar_date;

/// Longest claimant accepted, in code points.
pub const CLAIMANT_LIMIT: usize = 300;
/// Most evidence links one annotation may carry.
pub const EVIDENCE_LIMIT: usize = 50;
/// Longest evidence URL or label accepted, in code points.
pub const EVIDENCE_TEXT_LIMIT: usize = 2_000;

/// True for an absolute `http:` or `https:` address with a host; every other
/// scheme (`javascript:`, `data:`, `file:`…) is refused.
pub fn is_web_address(url: &str) -> bool {
    let lowered = url.trim().to_ascii_lowercase();
    let rest = match lowered.strip_prefix("https://").or_else(|| lowered.strip_prefix("http://")) {
        Some(rest) => rest,
        None => return false,
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !url.chars().any(|character| character.is_whitespace() || character.is_control())
}

/// Why a value typed into a claim field was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimFieldError {
    /// The claimant is longer than [`CLAIMANT_LIMIT`] code points.
    ClaimantTooLong,
    /// The evidence address is empty.
    EvidenceUrlMissing,
    /// The evidence address is not an absolute `http:` or `https:` address.
    EvidenceUrlNotWeb {
        /// The scheme written, such as `javascript`, when there is one.
        scheme: Option<String>,
    },
    /// The evidence address or label is longer than [`EVIDENCE_TEXT_LIMIT`].
    EvidenceTooLong,
    /// The annotation already carries [`EVIDENCE_LIMIT`] links.
    TooMuchEvidence,
    /// The checked date is not a real `yyyy-mm-dd` date.
    BadCheckedDate,
}

impl fmt::Display for ClaimFieldError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClaimFieldError::ClaimantTooLong => {
                write!(formatter, "A claimant is limited to {CLAIMANT_LIMIT} characters.")
            }
            ClaimFieldError::EvidenceUrlMissing => write!(formatter, "Enter the address of the source."),
            ClaimFieldError::EvidenceUrlNotWeb { scheme: Some(scheme) } => write!(
                formatter,
                "“{scheme}:” addresses are not accepted as evidence. Use a web address starting with https:// or http://."
            ),
            ClaimFieldError::EvidenceUrlNotWeb { scheme: None } => write!(
                formatter,
                "That is not a full web address. Use one starting with https:// or http://, such as https://example.org/report."
            ),
            ClaimFieldError::EvidenceTooLong => write!(
                formatter,
                "An evidence address or label is limited to {EVIDENCE_TEXT_LIMIT} characters."
            ),
            ClaimFieldError::TooMuchEvidence => {
                write!(formatter, "A claim can carry at most {EVIDENCE_LIMIT} evidence links.")
            }
            ClaimFieldError::BadCheckedDate => write!(formatter, "Enter the checked date as a real date (yyyy-mm-dd)."),
        }
    }
}

impl std::error::Error for ClaimFieldError {}

/// The claimant as it will be stored: trimmed, with runs of whitespace
/// collapsed; refused when too long.
pub fn check_claimant(claimant: &str) -> Result<String, ClaimFieldError> {
    let cleaned = claimant.split_whitespace().collect::<Vec<_>>().join(" ");
    if code_point_len(&cleaned) > CLAIMANT_LIMIT {
        return Err(ClaimFieldError::ClaimantTooLong);
    }
    Ok(cleaned)
}

/// An evidence link as it will be stored: the address trimmed and checked
/// to be `http:` or `https:`, the label trimmed and collapsed.
pub fn check_evidence(url: &str, label: &str) -> Result<Evidence, ClaimFieldError> {
    let url = url.trim();
    if url.is_empty() {
        return Err(ClaimFieldError::EvidenceUrlMissing);
    }
    if !is_web_address(url) {
        return Err(ClaimFieldError::EvidenceUrlNotWeb { scheme: scheme_of(url) });
    }
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if code_point_len(url) > EVIDENCE_TEXT_LIMIT || code_point_len(&label) > EVIDENCE_TEXT_LIMIT {
        return Err(ClaimFieldError::EvidenceTooLong);
    }
    Ok(Evidence { url: url.to_string(), label })
}

/// Whether one more link fits on an annotation that has `current` already.
pub fn check_room_for_evidence(current: usize) -> Result<(), ClaimFieldError> {
    if current >= EVIDENCE_LIMIT {
        return Err(ClaimFieldError::TooMuchEvidence);
    }
    Ok(())
}

/// The checked date as it will be stored: empty means "not checked".
pub fn check_checked_date(date: &str) -> Result<Option<String>, ClaimFieldError> {
    let date = date.trim();
    if date.is_empty() {
        return Ok(None);
    }
    if !is_calendar_date(date) {
        return Err(ClaimFieldError::BadCheckedDate);
    }
    Ok(Some(date.to_string()))
}

/// The scheme of `url` ("javascript" in "javascript:alert(1)"), lowercased,
/// when it is written like one.
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let is_scheme = scheme.chars().next().is_some_and(|first| first.is_ascii_alphabetic())
        && scheme.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '+' | '-' | '.'));
    is_scheme.then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_accepted_as_evidence_with_a_message_naming_the_scheme() {
        assert_eq!(
            check_evidence("  https://example.org/report?x=1  ", "  Ministry \n press release "),
            Ok(Evidence { url: "https://example.org/report?x=1".into(), label: "Ministry press release".into() })
        );
        assert!(check_evidence("HTTP://EXAMPLE.ORG", "").is_ok());
        let refused = check_evidence("javascript:alert(1)", "x").unwrap_err();
        assert_eq!(refused, ClaimFieldError::EvidenceUrlNotWeb { scheme: Some("javascript".into()) });
        assert!(refused.to_string().contains("“javascript:” addresses are not accepted"));
        for bad in ["data:text/html,hi", "file:///etc/passwd", "JavaScript:void(0)", "ftp://example.org"] {
            assert!(
                matches!(check_evidence(bad, ""), Err(ClaimFieldError::EvidenceUrlNotWeb { scheme: Some(_) })),
                "{bad}"
            );
        }
        assert_eq!(check_evidence("example.org/report", ""), Err(ClaimFieldError::EvidenceUrlNotWeb { scheme: None }));
        assert_eq!(
            check_evidence("https://", ""),
            Err(ClaimFieldError::EvidenceUrlNotWeb { scheme: Some("https".into()) })
        );
        assert_eq!(check_evidence("   ", "label"), Err(ClaimFieldError::EvidenceUrlMissing));
        let long_label = "x".repeat(EVIDENCE_TEXT_LIMIT + 1);
        assert_eq!(check_evidence("https://example.org", &long_label), Err(ClaimFieldError::EvidenceTooLong));
        let long_url = format!("https://example.org/{}", "x".repeat(EVIDENCE_TEXT_LIMIT));
        assert_eq!(check_evidence(&long_url, ""), Err(ClaimFieldError::EvidenceTooLong));
    }

    #[test]
    fn claimants_are_cleaned_and_limited_in_code_points() {
        assert_eq!(check_claimant("  Liu \t Xinyun "), Ok("Liu Xinyun".into()));
        assert_eq!(check_claimant(""), Ok(String::new()));
        assert!(check_claimant(&"乌".repeat(CLAIMANT_LIMIT)).is_ok());
        assert_eq!(check_claimant(&"乌".repeat(CLAIMANT_LIMIT + 1)), Err(ClaimFieldError::ClaimantTooLong));
    }

    #[test]
    fn checked_dates_must_be_real_and_empty_clears_them() {
        assert_eq!(check_checked_date("2026-11-28"), Ok(Some("2026-11-28".into())));
        assert_eq!(check_checked_date(" "), Ok(None));
        for bad in ["2026-02-30", "28/11/2026", "2026-11-28T10:00:00Z", "tomorrow"] {
            assert_eq!(check_checked_date(bad), Err(ClaimFieldError::BadCheckedDate), "{bad}");
        }
    }

    #[test]
    fn the_evidence_limit_leaves_room_for_exactly_the_stored_maximum() {
        assert!(check_room_for_evidence(EVIDENCE_LIMIT - 1).is_ok());
        assert_eq!(check_room_for_evidence(EVIDENCE_LIMIT), Err(ClaimFieldError::TooMuchEvidence));
    }
}
