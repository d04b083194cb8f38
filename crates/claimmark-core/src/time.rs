//! ISO 8601 formatting and parsing of [`Timestamp`]s, without a clock.
//!
//! The stored and exported formats write every instant as an ISO 8601 UTC
//! date-time with milliseconds (`2015-12-17T08:26:00.000Z`), the form
//! JavaScript's `Date.prototype.toISOString` produces. The conversion is plain
//! proleptic-Gregorian calendar arithmetic on whole days, so this module needs
//! no time crate and never asks what time it is: the caller passes the
//! [`Timestamp`] in.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC. Read from the JS clock by the
/// browser layer and passed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MILLISECONDS_PER_SECOND: i64 = 1_000;
const MILLISECONDS_PER_DAY: i64 = 86_400_000;

/// `2015-12-17T08:26:00.000Z`: always milliseconds, always `Z`.
///
/// Years 0000 to 9999 are written with four digits, which is what
/// [`parse_iso8601`] reads back. An instant outside those years is written in
/// the expanded form JavaScript uses (`+010000-01-01T00:00:00.000Z`), which
/// [`parse_iso8601`] deliberately refuses.
pub fn format_iso8601(timestamp: Timestamp) -> String {
    let days = timestamp.0.div_euclid(MILLISECONDS_PER_DAY);
    let millisecond_of_day = timestamp.0.rem_euclid(MILLISECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let second_of_day = millisecond_of_day / MILLISECONDS_PER_SECOND;
    format!(
        "{}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        format_year(year),
        second_of_day / 3_600,
        second_of_day / 60 % 60,
        second_of_day % 60,
        millisecond_of_day % MILLISECONDS_PER_SECOND,
    )
}

/// Parses an ISO 8601 UTC date-time: `YYYY-MM-DDTHH:MM:SS`, then an optional
/// fraction of 1 to 9 digits (truncated to milliseconds), then `Z` or
/// `+00:00`. Anything else is refused with `None`: other offsets, a missing
/// zone, lowercase `t`/`z`, surrounding spaces, hour 24, leap second 60, and
/// dates the calendar lacks such as February 30.
pub fn parse_iso8601(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 {
        return None;
    }
    let separators_in_place =
        bytes[4] == b'-' && bytes[7] == b'-' && bytes[10] == b'T' && bytes[13] == b':' && bytes[16] == b':';
    if !separators_in_place {
        return None;
    }
    let year = parse_digits(&bytes[0..4])?;
    let month = parse_digits(&bytes[5..7])?;
    let day = parse_digits(&bytes[8..10])?;
    let hour = parse_digits(&bytes[11..13])?;
    let minute = parse_digits(&bytes[14..16])?;
    let second = parse_digits(&bytes[17..19])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }

    let mut rest = &bytes[19..];
    let mut millisecond = 0;
    if let Some(after_dot) = rest.strip_prefix(b".") {
        let digit_count = after_dot.iter().take_while(|byte| byte.is_ascii_digit()).count();
        if !(1..=9).contains(&digit_count) {
            return None;
        }
        // Keep the first three digits, padded on the right: ".5" is 500 ms.
        let mut kept = [b'0'; 3];
        let kept_count = digit_count.min(3);
        kept[..kept_count].copy_from_slice(&after_dot[..kept_count]);
        millisecond = parse_digits(&kept)?;
        rest = &after_dot[digit_count..];
    }
    if rest != b"Z" && rest != b"+00:00" {
        return None;
    }

    let days = days_from_civil(year, month, day);
    let second_of_day = (hour * 60 + minute) * 60 + second;
    Some(Timestamp(days * MILLISECONDS_PER_DAY + second_of_day * MILLISECONDS_PER_SECOND + millisecond))
}

/// `2015-12-17`: the UTC calendar date of `timestamp`, year written as in
/// [`format_iso8601`].
pub fn format_date(timestamp: Timestamp) -> String {
    let (year, month, day) = civil_from_days(timestamp.0.div_euclid(MILLISECONDS_PER_DAY));
    format!("{}-{month:02}-{day:02}", format_year(year))
}

/// Four digits for years 0000 to 9999; otherwise a sign and at least six
/// digits, as ISO 8601's expanded representation and JavaScript have it.
fn format_year(year: i64) -> String {
    if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if year < 0 {
        format!("-{:06}", year.unsigned_abs())
    } else {
        format!("+{year:06}")
    }
}

/// The value of a run of ASCII digits; `None` if any byte is not a digit.
fn parse_digits(digits: &[u8]) -> Option<i64> {
    digits.iter().try_fold(0_i64, |value, byte| byte.is_ascii_digit().then(|| value * 10 + i64::from(byte - b'0')))
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic-Gregorian date. The year is shifted to
/// start in March so that the leap day falls at the end of it, which makes the
/// day of the year a linear function of the month (Howard Hinnant's method).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year_from_march = if month <= 2 { year - 1 } else { year };
    let era = year_from_march.div_euclid(400);
    let year_of_era = year_from_march.rem_euclid(400);
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic-Gregorian `(year, month, day)` of a day count since
/// 1970-01-01; the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days_from_era_zero = days + 719_468;
    let era = days_from_era_zero.div_euclid(146_097);
    let day_of_era = days_from_era_zero.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// True for a real calendar date written `yyyy-mm-dd`.
pub fn is_calendar_date(text: &str) -> bool {
    text.len() == 10 && parse_iso8601(&format!("{text}T00:00:00Z")).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 0000-01-01T00:00:00.000Z.
    const FIRST_FOUR_DIGIT_INSTANT: i64 = -62_167_219_200_000;
    /// 9999-12-31T23:59:59.999Z.
    const LAST_FOUR_DIGIT_INSTANT: i64 = 253_402_300_799_999;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_iso8601(Timestamp(0)), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_iso8601(Timestamp(1_450_340_760_000)), "2015-12-17T08:26:00.000Z");
        assert_eq!(format_iso8601(Timestamp(951_825_600_007)), "2000-02-29T12:00:00.007Z");
        assert_eq!(format_iso8601(Timestamp(-2_203_891_200_000)), "1900-03-01T00:00:00.000Z");
        assert_eq!(format_iso8601(Timestamp(FIRST_FOUR_DIGIT_INSTANT)), "0000-01-01T00:00:00.000Z");
        assert_eq!(format_iso8601(Timestamp(LAST_FOUR_DIGIT_INSTANT)), "9999-12-31T23:59:59.999Z");
    }

    #[test]
    fn formats_instants_before_1970_counting_back_from_the_epoch() {
        assert_eq!(format_iso8601(Timestamp(-1)), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_iso8601(Timestamp(-86_400_000)), "1969-12-31T00:00:00.000Z");
        assert_eq!(format_iso8601(Timestamp(-86_400_001)), "1969-12-30T23:59:59.999Z");
        assert_eq!(format_date(Timestamp(-1)), "1969-12-31");
    }

    #[test]
    fn formats_years_outside_four_digits_in_expanded_form() {
        assert_eq!(format_iso8601(Timestamp(LAST_FOUR_DIGIT_INSTANT + 1)), "+010000-01-01T00:00:00.000Z");
        assert_eq!(format_iso8601(Timestamp(FIRST_FOUR_DIGIT_INSTANT - 1)), "-000001-12-31T23:59:59.999Z");
        assert_eq!(parse_iso8601("+010000-01-01T00:00:00.000Z"), None);
        assert!(format_iso8601(Timestamp(i64::MAX)).starts_with("+292278994-08-17T"));
        assert!(format_iso8601(Timestamp(i64::MIN)).starts_with("-292275055-05-16T"));
    }

    #[test]
    fn formats_dates() {
        assert_eq!(format_date(Timestamp(1_450_340_760_000)), "2015-12-17");
        assert_eq!(format_date(Timestamp(1_795_860_000_000)), "2026-11-28");
        assert_eq!(format_date(Timestamp(0)), "1970-01-01");
    }

    #[test]
    fn parses_the_accepted_forms() {
        let expected = Some(Timestamp(1_450_340_760_000));
        assert_eq!(parse_iso8601("2015-12-17T08:26:00.000Z"), expected);
        assert_eq!(parse_iso8601("2015-12-17T08:26:00Z"), expected);
        assert_eq!(parse_iso8601("2015-12-17T08:26:00+00:00"), expected);
        assert_eq!(parse_iso8601("2015-12-17T08:26:00.000+00:00"), expected);
        assert_eq!(parse_iso8601("2015-12-17T08:26:00.5Z"), Some(Timestamp(1_450_340_760_500)));
        assert_eq!(parse_iso8601("2015-12-17T08:26:00.123456789Z"), Some(Timestamp(1_450_340_760_123)));
        assert_eq!(parse_iso8601("1969-12-31T23:59:59.9999Z"), Some(Timestamp(-1)));
        assert_eq!(parse_iso8601("2000-02-29T12:00:00.007Z"), Some(Timestamp(951_825_600_007)));
        assert_eq!(parse_iso8601("0000-01-01T00:00:00.000Z"), Some(Timestamp(FIRST_FOUR_DIGIT_INSTANT)));
        assert_eq!(parse_iso8601("9999-12-31T23:59:59.999Z"), Some(Timestamp(LAST_FOUR_DIGIT_INSTANT)));
    }

    #[test]
    fn refuses_everything_else() {
        let refused = [
            "",
            "2015-12-17",
            "2015-12-17T08:26:00",
            "2015-12-17 08:26:00Z",
            "2015-12-17t08:26:00Z",
            "2015-12-17T08:26:00z",
            " 2015-12-17T08:26:00Z",
            "2015-12-17T08:26:00Z ",
            "2015-12-17T08:26:00.Z",
            "2015-12-17T08:26:00.1234567890Z",
            "2015-12-17T08:26:00.12a4Z",
            "2015-12-17T08:26:00+01:00",
            "2015-12-17T08:26:00-00:00",
            "2015-12-17T08:26:00+0000",
            "2015-12-17T08:26Z",
            "2015-02-30T00:00:00Z",
            "2015-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2015-04-31T00:00:00Z",
            "2015-13-01T00:00:00Z",
            "2015-00-10T00:00:00Z",
            "2015-12-00T00:00:00Z",
            "2015-12-17T24:00:00Z",
            "2015-12-17T23:60:00Z",
            "2015-12-17T23:59:60Z",
            "+2015-12-17T08:26:00Z",
            "-015-12-17T08:26:00Z",
            "2015-1-017T08:26:00Z",
            "２015-12-17T08:26:00Z",
        ];
        for text in refused {
            assert_eq!(parse_iso8601(text), None, "{text:?} should be refused");
        }
    }

    proptest! {
        #[test]
        fn parse_reads_back_what_format_writes(milliseconds in FIRST_FOUR_DIGIT_INSTANT..=LAST_FOUR_DIGIT_INSTANT) {
            let formatted = format_iso8601(Timestamp(milliseconds));
            prop_assert_eq!(formatted.len(), 24);
            prop_assert_eq!(parse_iso8601(&formatted), Some(Timestamp(milliseconds)));
            prop_assert!(formatted.starts_with(&format_date(Timestamp(milliseconds))));
        }

        #[test]
        fn format_writes_back_any_valid_calendar_instant(
            year in 0_i64..=9999,
            month in 1_i64..=12,
            day in 1_i64..=31,
            hour in 0_i64..=23,
            minute in 0_i64..=59,
            second in 0_i64..=59,
            millisecond in 0_i64..=999,
        ) {
            let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millisecond:03}Z");
            let parsed = parse_iso8601(&text);
            if day <= days_in_month(year, month) {
                prop_assert_eq!(parsed.map(format_iso8601), Some(text));
            } else {
                prop_assert_eq!(parsed, None);
            }
        }

        #[test]
        fn consecutive_days_are_consecutive_dates(days in -3_000_000_i64..3_000_000) {
            let (year, month, day) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(year, month, day), days);
            let (next_year, next_month, next_day) = civil_from_days(days + 1);
            let same_month = next_year == year && next_month == month && next_day == day + 1;
            let next_month_starts = next_day == 1 && day == days_in_month(year, month)
                && ((next_year == year && next_month == month + 1) || (next_year == year + 1 && month == 12 && next_month == 1));
            prop_assert!(same_month || next_month_starts);
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,40}") {
            if let Some(timestamp) = parse_iso8601(&text) {
                prop_assert!((FIRST_FOUR_DIGIT_INSTANT..=LAST_FOUR_DIGIT_INSTANT).contains(&timestamp.0));
            }
        }

        #[test]
        fn parse_never_panics_on_near_misses(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,11})?(Z|\\+00:00|z|)") {
            if let Some(timestamp) = parse_iso8601(&text) {
                let formatted = format_iso8601(timestamp);
                prop_assert_eq!(&formatted[..19], &text[..19]);
            }
        }
    }
}
