//! ISO-8601 text for instants: the extended form with a UTC offset that the export's `time`
//! column carries, and the basic UTC form that export file names carry.
//!
//! ```text
//! with_offset(instant of 2026-03-08 05:00 UTC, -18_000) == "2026-03-08T00:00:00-05:00"
//! basic_utc(instant of 2026-03-01 00:00 UTC)            == "20260301T000000Z"
//! ```
//! Instants are microseconds since 2000-01-01 00:00 UTC, as PostgreSQL stores `timestamptz`,
//! and offsets are seconds east of Greenwich. Years use astronomical numbering (1 BC is year
//! 0000). Years outside 0000–9999 get the expanded form with a sign, such as `+10000` or
//! `-0001`, because PostgreSQL's range reaches 4713 BC and 294276 AD. chrono's dates end at
//! year 262143, so the calendar arithmetic here is written out rather than borrowed from it.

use super::buckets::{MICROS_PER_DAY, MICROS_PER_SECOND};

/// Days from 1970-01-01 to 2000-01-01, the `timestamptz` epoch.
const UNIX_TO_POSTGRES_EPOCH_DAYS: i64 = 10_957;

/// A calendar date and a time of day, all fields already split out.
struct CivilTime {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    micros: i64,
}

/// Returns the proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
/// This is Howard Hinnant's `civil_from_days`, exact for every representable day.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn civil_time(local_micros: i64) -> CivilTime {
    let days = local_micros.div_euclid(MICROS_PER_DAY);
    let of_day = local_micros.rem_euclid(MICROS_PER_DAY);
    let (year, month, day) = civil_from_days(days + UNIX_TO_POSTGRES_EPOCH_DAYS);
    let seconds = of_day / MICROS_PER_SECOND;
    CivilTime {
        year,
        month,
        day,
        hour: seconds / 3_600,
        minute: seconds / 60 % 60,
        second: seconds % 60,
        micros: of_day % MICROS_PER_SECOND,
    }
}

/// Formats a year as ISO 8601 does: four digits, or a sign and at least four digits outside
/// 0000–9999.
fn year_text(year: i64) -> String {
    match year {
        0..=9_999 => format!("{year:04}"),
        10_000.. => format!("+{year}"),
        _ => format!("-{:04}", -year),
    }
}

/// Formats a fraction of a second as `.` and its digits without trailing zeros, or nothing.
fn fraction_text(micros: i64) -> String {
    if micros == 0 {
        return String::new();
    }
    let digits = format!("{micros:06}");
    format!(".{}", digits.trim_end_matches('0'))
}

/// Formats a UTC offset as `+HH:MM`, or `+HH:MM:SS` when it has seconds. ISO 8601 has no
/// seconds in offsets, but local mean time offsets before about 1900 have them, and
/// PostgreSQL's own `timestamptz` output writes them the same way.
fn offset_text(offset_seconds: i64) -> String {
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let magnitude = offset_seconds.abs();
    let (hours, minutes, seconds) = (magnitude / 3_600, magnitude / 60 % 60, magnitude % 60);
    if seconds == 0 {
        format!("{sign}{hours:02}:{minutes:02}")
    } else {
        format!("{sign}{hours:02}:{minutes:02}:{seconds:02}")
    }
}

/// Formats `instant` as local time in the extended form with its offset, such as
/// `2026-03-08T00:00:00-05:00` or `2026-06-01T05:45:00+05:45`. A fraction of a second is
/// written only when it is not zero.
pub fn with_offset(instant: i64, offset_seconds: i64) -> String {
    let local = instant.saturating_add(offset_seconds.saturating_mul(MICROS_PER_SECOND));
    let time = civil_time(local);
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}{}{}",
        year_text(time.year),
        time.month,
        time.day,
        time.hour,
        time.minute,
        time.second,
        fraction_text(time.micros),
        offset_text(offset_seconds)
    )
}

/// Formats `instant` in UTC in the basic form, such as `20260301T000000Z`. A fraction of a
/// second is written only when it is not zero.
pub fn basic_utc(instant: i64) -> String {
    let time = civil_time(instant);
    format!(
        "{}{:02}{:02}T{:02}{:02}{:02}{}Z",
        year_text(time.year),
        time.month,
        time.day,
        time.hour,
        time.minute,
        time.second,
        fraction_text(time.micros)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Datelike, NaiveDate};

    const UNIX_TO_POSTGRES_EPOCH_SECONDS: i64 = 946_684_800;

    fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> i64 {
        let seconds = NaiveDate::from_ymd_opt(year, month, day)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        (seconds - UNIX_TO_POSTGRES_EPOCH_SECONDS) * MICROS_PER_SECOND
    }

    #[test]
    fn offsets_of_common_zones() {
        let cases = [
            (
                utc(2026, 3, 8, 5, 0),
                -5 * 3_600,
                "2026-03-08T00:00:00-05:00",
            ),
            (
                utc(2026, 3, 8, 7, 0),
                -4 * 3_600,
                "2026-03-08T03:00:00-04:00",
            ),
            (
                utc(2026, 5, 31, 18, 15),
                5 * 3_600 + 2_700,
                "2026-06-01T00:00:00+05:45",
            ),
            (
                utc(2026, 5, 31, 23, 30),
                5 * 3_600 + 1_800,
                "2026-06-01T05:00:00+05:30",
            ),
            (utc(2026, 1, 1, 0, 0), 0, "2026-01-01T00:00:00+00:00"),
            (
                utc(2026, 1, 1, 0, 0),
                -(9 * 3_600 + 1_800),
                "2025-12-31T14:30:00-09:30",
            ),
        ];
        for (instant, offset, expected) in cases {
            assert_eq!(with_offset(instant, offset), expected);
        }
    }

    #[test]
    fn offset_with_seconds_keeps_them() {
        // New York's local mean time until 1883: UTC-04:56:02.
        let offset = -(4 * 3_600 + 56 * 60 + 2);
        assert_eq!(
            with_offset(utc(1880, 1, 1, 4, 56) + 2 * MICROS_PER_SECOND, offset),
            "1880-01-01T00:00:00-04:56:02"
        );
    }

    #[test]
    fn fraction_is_trimmed() {
        let instant = utc(2026, 3, 1, 0, 0) + 500_000;
        assert_eq!(with_offset(instant, 0), "2026-03-01T00:00:00.5+00:00");
        assert_eq!(basic_utc(instant), "20260301T000000.5Z");
        assert_eq!(
            basic_utc(utc(2026, 3, 1, 0, 0) + 1),
            "20260301T000000.000001Z"
        );
    }

    #[test]
    fn basic_form_of_range_bounds() {
        assert_eq!(basic_utc(utc(2026, 3, 1, 0, 0)), "20260301T000000Z");
        assert_eq!(
            basic_utc(utc(2026, 4, 1, 23, 59) + 59 * MICROS_PER_SECOND),
            "20260401T235959Z"
        );
        assert_eq!(basic_utc(0), "20000101T000000Z");
    }

    /// Returns the day count since 1970-01-01 of a proleptic Gregorian date, the inverse of
    /// `civil_from_days` in Howard Hinnant's formulation.
    fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
        let year = if month <= 2 { year - 1 } else { year };
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month = i64::from(month);
        let day_of_year =
            (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    fn instant_of_date(year: i64, month: u32, day: u32) -> i64 {
        (days_from_civil(year, month, day) - UNIX_TO_POSTGRES_EPOCH_DAYS) * MICROS_PER_DAY
    }

    #[test]
    fn years_outside_four_digits_get_a_sign() {
        // PostgreSQL's timestamptz runs from 4714-11-24 BC (astronomical year -4713) to
        // 294276-12-31.
        assert_eq!(
            basic_utc(instant_of_date(294_276, 12, 31)),
            "+2942761231T000000Z"
        );
        assert_eq!(
            with_offset(instant_of_date(-4_713, 11, 24), 0),
            "-4713-11-24T00:00:00+00:00"
        );
        assert_eq!(basic_utc(instant_of_date(0, 12, 31)), "00001231T000000Z");
        assert_eq!(basic_utc(instant_of_date(-1, 1, 1)), "-00010101T000000Z");
        assert_eq!(
            basic_utc(instant_of_date(10_000, 1, 1)),
            "+100000101T000000Z"
        );
    }

    #[test]
    fn calendar_round_trips_over_postgres_range() {
        let first = days_from_civil(-4_713, 11, 24);
        let last = days_from_civil(294_276, 12, 31);
        for day in (first..=last).step_by(9_973).chain([first, last]) {
            let (year, month, date) = civil_from_days(day);
            assert_eq!(
                days_from_civil(year, month, date),
                day,
                "{year}-{month}-{date}"
            );
        }
    }

    #[test]
    fn calendar_agrees_with_chrono() {
        // Every 997th day over chrono's whole range, plus the days around 2000-01-01.
        let first =
            NaiveDate::MIN.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap());
        let last =
            NaiveDate::MAX.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap());
        let days = (first.num_days()..=last.num_days())
            .step_by(997)
            .chain(10_900..11_000);
        for day in days {
            let expected = DateTime::from_timestamp(day * 86_400, 0)
                .unwrap()
                .date_naive();
            let (year, month, date) = civil_from_days(day);
            assert_eq!(year, i64::from(expected.year()), "day {day}");
            assert_eq!(month, expected.month(), "day {day}");
            assert_eq!(date, expected.day(), "day {day}");
        }
    }
}
