//! The wall clock, read once per action and handed to the core.
//!
//! The core never reads time itself; this is where `Timestamp`s come from.

use crate::core::annotation::Timestamp;

/// Milliseconds since the Unix epoch, from `Date.now()`.
pub fn now() -> Timestamp {
    // Date.now() is an integral number of milliseconds well inside f64's
    // exact integer range, so the cast loses nothing.
    Timestamp(js_sys::Date::now() as i64)
}
