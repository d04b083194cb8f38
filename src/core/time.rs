//! ISO 8601 formatting and parsing of [`Timestamp`]s, without a clock.
//!
//! SKELETON — to be implemented.

use crate::core::annotation::Timestamp;

/// `2015-12-17T08:26:00.000Z`.
pub fn format_iso8601(timestamp: Timestamp) -> String {
    let _ = timestamp;
    todo!()
}

/// Parses an ISO 8601 UTC date-time ending in `Z` (fraction optional).
pub fn parse_iso8601(text: &str) -> Option<Timestamp> {
    let _ = text;
    todo!()
}

/// `2015-12-17`.
pub fn format_date(timestamp: Timestamp) -> String {
    let _ = timestamp;
    todo!()
}
