//! Today's UTC date as `yyyy-mm-dd`, which the export file name carries.
//!
//! Computed here from the system clock, independently of the product's own
//! date formatting, so the test would notice if that were wrong.

use std::time::{SystemTime, UNIX_EPOCH};

/// Today's date in UTC, `yyyy-mm-dd`.
pub fn utc_date_today() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).expect("the clock is after 1970").as_secs();
    let (year, month, day) = civil_date_from_days((seconds / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date `days` days after 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_date_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days_map_to_their_dates() {
        assert_eq!(civil_date_from_days(0), (1970, 1, 1));
        assert_eq!(civil_date_from_days(16_786), (2015, 12, 17));
        assert_eq!(civil_date_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_date_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_date_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_date_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn today_is_a_plausible_iso_date() {
        let today = utc_date_today();
        let parts: Vec<u32> = today.split('-').map(|part| part.parse().unwrap()).collect();
        assert_eq!(today.len(), 10, "{today}");
        assert!(parts[0] >= 2024 && (1..=12).contains(&parts[1]) && (1..=31).contains(&parts[2]), "{today}");
    }
}
