//! ISO calendar dates (`YYYY-MM-DD`) as day numbers, to age catalog figures.

/// Days since 1970-01-01 of an ISO date, or `None` if `iso` is not a valid `YYYY-MM-DD` date.
///
/// # Formula
/// Howard Hinnant's `days_from_civil` ("chrono-Compatible Low-Level Date Algorithms", 2013): shift the
/// year to start in March so the leap day is last, then count 400-year eras, years and days.
pub fn day_number(iso: &str) -> Option<i64> {
    let b = iso.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num =
        |r: std::ops::Range<usize>| iso.get(r).filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Whole days from `earlier` to `later` (negative if `later` is before `earlier`).
pub fn days_between(earlier: &str, later: &str) -> Option<i64> {
    Some(day_number(later)? - day_number(earlier)?)
}

/// The ISO date of day number `days` (days since 1970-01-01): the inverse of [`day_number`].
///
/// # Formula
/// Howard Hinnant's `civil_from_days` (same paper as [`day_number`]).
pub fn iso_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_date_inverts_day_number() {
        assert_eq!(iso_date(20_782), "2026-11-25");
        assert_eq!(iso_date(0), "1970-01-01");
        // Years 0001–9999, the range `YYYY-MM-DD` can write.
        for days in (-700_000..2_900_000).step_by(997) {
            assert_eq!(day_number(&iso_date(days)), Some(days), "{days}");
        }
    }

    #[test]
    fn day_numbers_match_known_dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        // Checked with Python: date(2026, 11, 25).toordinal() - date(1970, 1, 1).toordinal() == 20782.
        assert_eq!(day_number("2026-11-25"), Some(20_782));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2023-02-28", "2023-03-01"), Some(1));
    }

    #[test]
    fn invalid_dates_are_refused() {
        for bad in ["2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "2025-02-29", ""] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
        assert!(day_number("2024-02-29").is_some());
    }
}
