//! The wall clock, read once per action and handed to the core.
//!
//! The core never reads time itself; this is where `Timestamp`s come from.

use claimmark_core::time::Timestamp;

/// Milliseconds since the Unix epoch, from `Date.now()`.
pub fn now() -> Timestamp {
    // Date.now() is an integral number of milliseconds well inside f64's
    // exact integer range, so the cast loses nothing.
    Timestamp(js_sys::Date::now() as i64)
}

/// Today's date in the user's time zone, `yyyy-mm-dd`: the date a
/// fact-checker means by "checked today".
pub fn local_date() -> String {
    let date = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", date.get_full_year(), date.get_month() + 1, date.get_date())
}
