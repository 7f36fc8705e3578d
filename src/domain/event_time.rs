//! Parsing of the `occurred_at` text of an ingested event.
//!
//! Ingestion accepts one form: an ISO 8601 / RFC 3339 date and time with an explicit UTC
//! offset, such as `2026-11-01T14:30:00Z`, `2026-11-01 14:30:00.25+01:00` or PostgreSQL's own
//! output `2026-11-01 14:30:00+00`. A time without an offset is rejected, because its instant
//! would depend on the TimeZone setting of the session that runs the ingest.
//!
//! Grammar: `YYYY-MM-DD` (`T` | `t` | space) `HH:MM` [`:SS` [`.` 1 to 6 digits]] followed by
//! `Z`, `z`, or `+`/`-` then `HH`, `HHMM` or `HH:MM`. Leading and trailing spaces are ignored.
//! Leap seconds (`:60`) and offsets of 16 hours or more are rejected.

use super::buckets::{MICROS_PER_HOUR, MICROS_PER_SECOND};
use chrono::NaiveDate;

const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;

/// Days from 0001-01-01 (day 1 of chrono's common era) to 2000-01-01, the `timestamptz` epoch.
const CE_DAYS_TO_POSTGRES_EPOCH: i64 = 730_120;

/// A cursor over the ASCII bytes of the text being parsed.
struct Cursor<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn eat(&mut self, expected: u8) -> bool {
        let matches = self.peek() == Some(expected);
        if matches {
            self.position += 1;
        }
        matches
    }

    /// Reads exactly `count` decimal digits as a number.
    fn digits(&mut self, count: usize) -> Option<i64> {
        let slice = self.bytes.get(self.position..self.position + count)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.position += count;
        Some(
            slice
                .iter()
                .fold(0, |value, digit| value * 10 + i64::from(digit - b'0')),
        )
    }

    /// Reads a fraction of a second of 1 to 6 digits, in microseconds.
    fn fraction(&mut self) -> Option<i64> {
        let start = self.position;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.position += 1;
        }
        let length = self.position - start;
        if length == 0 || length > 6 {
            return None;
        }
        let mut cursor = Cursor {
            bytes: self.bytes,
            position: start,
        };
        let value = cursor.digits(length)?;
        Some(value * 10_i64.pow((6 - length) as u32))
    }

    fn at_end(&self) -> bool {
        self.position == self.bytes.len()
    }
}

/// Parses `text` into microseconds since 2000-01-01 00:00 UTC, the unit PostgreSQL stores in a
/// `timestamptz`. Returns `None` for anything outside the grammar in the module docs.
pub fn parse_event_time(text: &str) -> Option<i64> {
    let mut cursor = Cursor {
        bytes: text.trim_matches(' ').as_bytes(),
        position: 0,
    };

    let year = cursor.digits(4)?;
    cursor.eat(b'-').then_some(())?;
    let month = cursor.digits(2)?;
    cursor.eat(b'-').then_some(())?;
    let day = cursor.digits(2)?;
    let date = NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32)?;
    (cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ')).then_some(())?;

    let hour = cursor.digits(2)?;
    cursor.eat(b':').then_some(())?;
    let minute = cursor.digits(2)?;
    let mut second = 0;
    let mut micros = 0;
    if cursor.eat(b':') {
        second = cursor.digits(2)?;
        if cursor.eat(b'.') {
            micros = cursor.fraction()?;
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }

    let offset = parse_offset(&mut cursor)?;
    if !cursor.at_end() {
        return None;
    }

    let days = i64::from(chrono::Datelike::num_days_from_ce(&date)) - CE_DAYS_TO_POSTGRES_EPOCH;
    let local = days * 24 * MICROS_PER_HOUR
        + hour * MICROS_PER_HOUR
        + minute * MICROS_PER_MINUTE
        + second * MICROS_PER_SECOND
        + micros;
    Some(local - offset)
}

/// Parses the UTC offset at the end of a timestamp, in microseconds east of Greenwich.
fn parse_offset(cursor: &mut Cursor<'_>) -> Option<i64> {
    if cursor.eat(b'Z') || cursor.eat(b'z') {
        return Some(0);
    }
    let sign = if cursor.eat(b'+') {
        1
    } else if cursor.eat(b'-') {
        -1
    } else {
        return None;
    };
    let hours = cursor.digits(2)?;
    let has_colon = cursor.eat(b':');
    let minutes = if has_colon || cursor.peek().is_some() {
        cursor.digits(2)?
    } else {
        0
    };
    if hours > 15 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * MICROS_PER_HOUR + minutes * MICROS_PER_MINUTE))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Microseconds since 2000-01-01 UTC of a UTC wall-clock time.
    fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> i64 {
        let seconds = NaiveDate::from_ymd_opt(year, month, day)
            .unwrap()
            .and_hms_opt(hour, minute, second)
            .unwrap()
            .and_utc()
            .timestamp();
        (seconds - 946_684_800) * MICROS_PER_SECOND
    }

    #[test]
    fn parse_accepts_iso_forms() {
        let expected = utc(2026, 11, 1, 14, 30, 0);
        let forms = [
            "2026-11-01T14:30:00Z",
            "2026-11-01t14:30z",
            "2026-11-01 14:30:00+00",
            "2026-11-01 14:30:00+00:00",
            "2026-11-01T15:30:00+01:00",
            "2026-11-01T15:30:00+0100",
            "2026-11-01T09:30:00-05",
            "2026-11-01T20:15:00+05:45",
            "  2026-11-01T14:30:00Z  ",
        ];
        for form in forms {
            assert_eq!(parse_event_time(form), Some(expected), "{form}");
        }
    }

    #[test]
    fn parse_keeps_fractions() {
        let base = utc(2026, 11, 1, 14, 30, 5);
        assert_eq!(
            parse_event_time("2026-11-01T14:30:05.5Z"),
            Some(base + 500_000)
        );
        assert_eq!(
            parse_event_time("2026-11-01T14:30:05.000001Z"),
            Some(base + 1)
        );
        assert_eq!(parse_event_time("2026-11-01T14:30:05.1234567Z"), None);
    }

    #[test]
    fn parse_handles_epoch_and_leap_day() {
        assert_eq!(parse_event_time("2000-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_event_time("1999-12-31T23:59:59Z"),
            Some(-MICROS_PER_SECOND)
        );
        assert_eq!(
            parse_event_time("2028-02-29T12:00:00Z"),
            Some(utc(2028, 2, 29, 12, 0, 0))
        );
    }

    #[test]
    fn parse_rejects_missing_offset() {
        assert_eq!(parse_event_time("2026-11-01T14:30:00"), None);
        assert_eq!(parse_event_time("2026-11-01 14:30"), None);
    }

    #[test]
    fn parse_rejects_malformed_text() {
        let malformed = [
            "",
            " ",
            "yesterday",
            "now",
            "2026-11-01",
            "2026-13-01T00:00Z",
            "2026-02-29T00:00Z",
            "2026-11-31T00:00Z",
            "2026-11-01T24:00Z",
            "2026-11-01T23:60Z",
            "2026-11-01T23:59:60Z",
            "2026-11-01T14:30:00.Z",
            "2026-11-01T14:30:00+16",
            "2026-11-01T14:30:00+01:60",
            "2026-11-01T14:30:00+1",
            "2026-11-01T14:30:00+01:0",
            "2026-11-01T14:30:00Z trailing",
            "26-11-01T14:30:00Z",
            "+2026-11-01T14:30:00Z",
            "2026/11/01T14:30:00Z",
            "2026-11-01T14:30:00ZZ",
            "٢٠٢٦-11-01T14:30:00Z",
            "infinity",
        ];
        for text in malformed {
            assert_eq!(parse_event_time(text), None, "{text:?}");
        }
    }
}
