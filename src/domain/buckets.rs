//! Bucket boundaries of a series in a time zone's local clock.
//!
//! Instants are microseconds since 2000-01-01 00:00 UTC, as PostgreSQL stores `timestamptz`.
//! A bucket boundary is an instant where:
//! - for hours: the local time is a whole hour, or the UTC offset changes, so every hour
//!   bucket lasts at most 60 real minutes and a repeated local hour gives two buckets;
//! - for days: the local date increases, so a bucket runs from the first instant of a local
//!   date to the first instant of the next one (23 or 25 hours across DST).
//!
//! Zone data comes through `ZoneRules`, which the PostgreSQL layer implements with the server's
//! own time zone database and the tests implement with fixed transition tables.

use super::error::{AmpError, ErrorKind};
use super::granularity::Granularity;

pub const MICROS_PER_SECOND: i64 = 1_000_000;
pub const MICROS_PER_HOUR: i64 = 3_600 * MICROS_PER_SECOND;
pub const MICROS_PER_DAY: i64 = 24 * MICROS_PER_HOUR;

/// Largest number of buckets one series may return: about 11 years of hours.
pub const MAX_BUCKETS: usize = 100_000;

/// UTC offsets of one time zone over time.
pub trait ZoneRules {
    /// Returns the UTC offset in seconds (east of Greenwich positive) in force at `instant`.
    fn offset_at(&self, instant: i64) -> i64;

    /// Returns the first instant after `instant` whose offset differs from the one at `instant`.
    fn next_change(&self, instant: i64) -> Option<i64>;
}

fn out_of_range() -> AmpError {
    AmpError::new(
        ErrorKind::OutOfRange,
        "bucket boundary is outside the range of timestamptz",
    )
    .with_hint("Use a range that does not reach the first or last representable timestamp.")
}

fn add(instant: i64, micros: i64) -> Result<i64, AmpError> {
    instant.checked_add(micros).ok_or_else(out_of_range)
}

fn unit_micros(granularity: Granularity) -> i64 {
    match granularity {
        Granularity::Hour => MICROS_PER_HOUR,
        Granularity::Day => MICROS_PER_DAY,
    }
}

/// Returns the local day number of `instant` under its own offset.
fn local_day(zone: &dyn ZoneRules, instant: i64) -> Result<i64, AmpError> {
    let local = add(instant, zone.offset_at(instant) * MICROS_PER_SECOND)?;
    Ok(local.div_euclid(MICROS_PER_DAY))
}

/// Returns the first bucket boundary strictly after `instant`.
pub fn next_boundary(
    zone: &dyn ZoneRules,
    granularity: Granularity,
    instant: i64,
) -> Result<i64, AmpError> {
    let unit = unit_micros(granularity);
    let mut from = instant;
    loop {
        // Within a stretch of constant offset, the next boundary is the next local multiple
        // of the unit, unless the offset changes first.
        let offset = zone.offset_at(from) * MICROS_PER_SECOND;
        let local = add(from, offset)?;
        let next_local = add(local.div_euclid(unit) * unit, unit)?;
        let candidate = add(next_local, -offset)?;
        let change = match zone.next_change(from) {
            Some(change) if change <= candidate => change,
            _ => return Ok(candidate),
        };
        let date_increases = local_day(zone, change)? > local_day(zone, change - 1)?;
        if granularity == Granularity::Hour || date_increases {
            return Ok(change);
        }
        from = change;
    }
}

/// Returns the start of the bucket that contains `instant`.
pub fn bucket_start(
    zone: &dyn ZoneRules,
    granularity: Granularity,
    instant: i64,
) -> Result<i64, AmpError> {
    // Three units back contain at least one boundary even across the largest known offset
    // jumps, and the loop widens the window if a zone's history proves otherwise.
    let mut lookback = 3 * unit_micros(granularity);
    loop {
        let mut start = next_boundary(zone, granularity, add(instant, -lookback)?)?;
        if start <= instant {
            loop {
                let next = next_boundary(zone, granularity, start)?;
                if next > instant {
                    return Ok(start);
                }
                start = next;
            }
        }
        lookback = lookback.checked_mul(2).ok_or_else(out_of_range)?;
    }
}

/// Returns the starts of all buckets that overlap the half-open range `[start, end)`, in
/// ascending order. The first may lie before `start`. Requires `start < end`.
pub fn bucket_starts(
    zone: &dyn ZoneRules,
    granularity: Granularity,
    start: i64,
    end: i64,
) -> Result<Vec<i64>, AmpError> {
    debug_assert!(start < end);
    let mut starts = vec![bucket_start(zone, granularity, start)?];
    loop {
        let next = next_boundary(zone, granularity, starts[starts.len() - 1])?;
        if next >= end {
            return Ok(starts);
        }
        if starts.len() == MAX_BUCKETS {
            return Err(too_many_buckets(granularity));
        }
        starts.push(next);
    }
}

fn too_many_buckets(granularity: Granularity) -> AmpError {
    AmpError::invalid(format!(
        "range contains more than {MAX_BUCKETS} {} buckets",
        granularity.label()
    ))
    .with_hint(match granularity {
        Granularity::Hour => "Use a shorter range, or daily granularity for long ranges.",
        Granularity::Day => "Use a shorter range.",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const UNIX_TO_PG_EPOCH_SECONDS: i64 = 946_684_800;

    /// Converts a UTC wall-clock time to an instant.
    fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> i64 {
        let seconds = NaiveDate::from_ymd_opt(year, month, day)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        (seconds - UNIX_TO_PG_EPOCH_SECONDS) * MICROS_PER_SECOND
    }

    /// A zone given by its offset before the first change and a list of (change, new offset).
    struct TableZone {
        initial: i64,
        changes: Vec<(i64, i64)>,
    }

    impl ZoneRules for TableZone {
        fn offset_at(&self, instant: i64) -> i64 {
            self.changes
                .iter()
                .take_while(|(at, _)| *at <= instant)
                .last()
                .map_or(self.initial, |(_, offset)| *offset)
        }

        fn next_change(&self, instant: i64) -> Option<i64> {
            self.changes
                .iter()
                .map(|(at, _)| *at)
                .find(|at| *at > instant)
        }
    }

    fn fixed(offset_seconds: i64) -> TableZone {
        TableZone {
            initial: offset_seconds,
            changes: vec![],
        }
    }

    const H: i64 = 3_600;

    fn new_york_2026() -> TableZone {
        TableZone {
            initial: -5 * H,
            changes: vec![
                (utc(2026, 3, 8, 7, 0), -4 * H),
                (utc(2026, 11, 1, 6, 0), -5 * H),
            ],
        }
    }

    fn london_2026() -> TableZone {
        TableZone {
            initial: 0,
            changes: vec![(utc(2026, 3, 29, 1, 0), H), (utc(2026, 10, 25, 1, 0), 0)],
        }
    }

    fn adelaide_2026() -> TableZone {
        TableZone {
            initial: 10 * H + 1_800,
            changes: vec![
                (utc(2026, 4, 4, 16, 30), 9 * H + 1_800),
                (utc(2026, 10, 3, 16, 30), 10 * H + 1_800),
            ],
        }
    }

    fn durations(starts: &[i64], end: i64) -> Vec<i64> {
        let mut edges = starts.to_vec();
        edges.push(end);
        edges
            .windows(2)
            .map(|pair| (pair[1] - pair[0]) / MICROS_PER_SECOND)
            .collect()
    }

    #[test]
    fn hours_in_utc_are_whole_hours() {
        let starts = bucket_starts(
            &fixed(0),
            Granularity::Hour,
            utc(2026, 1, 1, 0, 0),
            utc(2026, 1, 1, 3, 0),
        )
        .unwrap();
        assert_eq!(
            starts,
            vec![
                utc(2026, 1, 1, 0, 0),
                utc(2026, 1, 1, 1, 0),
                utc(2026, 1, 1, 2, 0)
            ]
        );
    }

    #[test]
    fn first_bucket_starts_before_unaligned_range() {
        let starts = bucket_starts(
            &fixed(0),
            Granularity::Hour,
            utc(2026, 1, 1, 0, 30),
            utc(2026, 1, 1, 1, 30),
        )
        .unwrap();
        assert_eq!(starts, vec![utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 1, 0)]);
    }

    #[test]
    fn fall_back_day_has_25_hours() {
        let zone = new_york_2026();
        let start = utc(2026, 11, 1, 4, 0);
        let end = utc(2026, 11, 2, 5, 0);
        let hours = bucket_starts(&zone, Granularity::Hour, start, end).unwrap();
        assert_eq!(hours.len(), 25);
        // Local 01:00 EDT and 01:00 EST are two rows an hour apart.
        assert_eq!(hours[1], utc(2026, 11, 1, 5, 0));
        assert_eq!(hours[2], utc(2026, 11, 1, 6, 0));
        let days = bucket_starts(&zone, Granularity::Day, start, end).unwrap();
        assert_eq!(days, vec![start]);
        assert_eq!(next_boundary(&zone, Granularity::Day, start).unwrap(), end);
    }

    #[test]
    fn spring_forward_day_has_23_hours() {
        let zone = new_york_2026();
        let start = utc(2026, 3, 8, 5, 0);
        let end = utc(2026, 3, 9, 4, 0);
        let hours = bucket_starts(&zone, Granularity::Hour, start, end).unwrap();
        assert_eq!(hours.len(), 23);
        assert!(durations(&hours, end).iter().all(|&seconds| seconds == H));
        assert_eq!(next_boundary(&zone, Granularity::Day, start).unwrap(), end);
    }

    #[test]
    fn london_days_across_both_changes() {
        let zone = london_2026();
        let spring = bucket_starts(
            &zone,
            Granularity::Day,
            utc(2026, 3, 28, 12, 0),
            utc(2026, 3, 30, 0, 0),
        )
        .unwrap();
        assert_eq!(
            spring,
            vec![
                utc(2026, 3, 28, 0, 0),
                utc(2026, 3, 29, 0, 0),
                utc(2026, 3, 29, 23, 0)
            ]
        );
        assert_eq!(durations(&spring[..2], spring[2]), vec![24 * H, 23 * H]);
        let autumn = bucket_starts(
            &zone,
            Granularity::Day,
            utc(2026, 10, 24, 23, 0),
            utc(2026, 10, 26, 1, 0),
        )
        .unwrap();
        assert_eq!(
            autumn,
            vec![utc(2026, 10, 24, 23, 0), utc(2026, 10, 26, 0, 0)]
        );
        assert_eq!(durations(&autumn, utc(2026, 10, 26, 1, 0)), vec![25 * H, H]);
    }

    #[test]
    fn half_and_quarter_hour_zones() {
        let kolkata = fixed(5 * H + 1_800);
        let hours = bucket_starts(
            &kolkata,
            Granularity::Hour,
            utc(2026, 6, 1, 0, 0),
            utc(2026, 6, 1, 1, 0),
        )
        .unwrap();
        assert_eq!(
            hours,
            vec![utc(2026, 5, 31, 23, 30), utc(2026, 6, 1, 0, 30)]
        );
        let kathmandu = fixed(5 * H + 2_700);
        let days = bucket_starts(
            &kathmandu,
            Granularity::Day,
            utc(2026, 6, 1, 0, 0),
            utc(2026, 6, 1, 1, 0),
        )
        .unwrap();
        assert_eq!(days, vec![utc(2026, 5, 31, 18, 15)]);
        let hours = bucket_starts(
            &kathmandu,
            Granularity::Hour,
            utc(2026, 6, 1, 0, 0),
            utc(2026, 6, 1, 1, 0),
        )
        .unwrap();
        assert_eq!(
            hours,
            vec![utc(2026, 5, 31, 23, 15), utc(2026, 6, 1, 0, 15)]
        );
    }

    #[test]
    fn adelaide_dst_end_repeats_local_hour() {
        let zone = adelaide_2026();
        // Local 2026-04-05 00:00 ACDT to 06:00 ACST: 02:00-03:00 happens twice.
        let start = utc(2026, 4, 4, 13, 30);
        let end = utc(2026, 4, 4, 20, 30);
        let hours = bucket_starts(&zone, Granularity::Hour, start, end).unwrap();
        assert_eq!(hours.len(), 7);
        assert!(durations(&hours, end).iter().all(|&seconds| seconds == H));
        let days = bucket_starts(&zone, Granularity::Day, start, end).unwrap();
        assert_eq!(days, vec![start]);
        assert_eq!(
            next_boundary(&zone, Granularity::Day, start).unwrap(),
            utc(2026, 4, 5, 14, 30)
        );
    }

    #[test]
    fn too_many_buckets_is_rejected() {
        let error = bucket_starts(
            &fixed(0),
            Granularity::Hour,
            0,
            (MAX_BUCKETS as i64 + 1) * MICROS_PER_HOUR,
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidParameter);
        let exact = bucket_starts(
            &fixed(0),
            Granularity::Hour,
            0,
            MAX_BUCKETS as i64 * MICROS_PER_HOUR,
        );
        assert_eq!(exact.unwrap().len(), MAX_BUCKETS);
    }

    #[test]
    fn extreme_instants_report_out_of_range() {
        let error =
            bucket_starts(&fixed(14 * H), Granularity::Day, i64::MAX - 10, i64::MAX).unwrap_err();
        assert_eq!(error.kind, ErrorKind::OutOfRange);
    }

    /// Returns a zone that changes offset every few hours, half of the changes by 30 or 45 minutes.
    fn restless_zone() -> TableZone {
        let mut changes = vec![];
        let mut at = utc(2026, 1, 1, 0, 0);
        let mut seed: u64 = 3;
        for _ in 0..400 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            at +=
                ((seed >> 33) % 50 + 1) as i64 * 1_800 * MICROS_PER_SECOND + 7 * MICROS_PER_SECOND;
            let offset = ((seed >> 40) % 57) as i64 * 900 - 12 * H;
            changes.push((at, offset));
        }
        TableZone {
            initial: 0,
            changes,
        }
    }

    #[test]
    fn buckets_tile_any_range() {
        let zone = restless_zone();
        let mut seed: u64 = 11;
        for round in 0..300 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let start = utc(2026, 1, 2, 0, 0) + ((seed >> 20) % 200_000_000_000) as i64 * 3;
            let end = start + 1 + ((seed >> 7) % 20_000_000_000) as i64 * 17;
            let granularity = if round % 2 == 0 {
                Granularity::Hour
            } else {
                Granularity::Day
            };
            let starts = bucket_starts(&zone, granularity, start, end).unwrap();
            assert!(starts[0] <= start);
            assert!(starts.windows(2).all(|pair| pair[0] < pair[1]));
            let after_last = next_boundary(&zone, granularity, starts[starts.len() - 1]).unwrap();
            assert!(after_last >= end);
            for (index, &bucket) in starts.iter().enumerate() {
                assert_eq!(bucket_start(&zone, granularity, bucket).unwrap(), bucket);
                let bucket_end = starts.get(index + 1).copied().unwrap_or(after_last);
                assert_eq!(
                    bucket_start(&zone, granularity, bucket_end - 1).unwrap(),
                    bucket
                );
                if granularity == Granularity::Hour {
                    assert!(bucket_end - bucket <= MICROS_PER_HOUR);
                    let local = bucket + zone.offset_at(bucket) * MICROS_PER_SECOND;
                    let on_change = zone.offset_at(bucket - 1) != zone.offset_at(bucket);
                    assert!(local % MICROS_PER_HOUR == 0 || on_change);
                }
            }
        }
    }
}
