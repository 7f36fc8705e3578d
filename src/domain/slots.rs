//! The split of a series request into parts counted from the 15-minute rollup and from raw events.
//!
//! The rollup stores counts per 15-minute UTC slot `[s, s + 15 min)`, where `s` is a multiple
//! of 15 minutes since 2000-01-01 00:00 UTC. A slot can stand in for its raw events only when
//! it lies inside `[range_start, range_end)` and inside one bucket. Bucket boundaries fall on
//! slot marks whenever the zone's UTC offset is a multiple of 15 minutes, as every offset in
//! use today is. Historical offsets are not always: local mean time such as +05:53:28
//! (Asia/Kolkata before 1854) or Liberia's -00:44:30 put boundaries between marks, and the
//! slot that contains such a boundary is counted from raw events.

use super::buckets::MICROS_PER_SECOND;

/// Length of one rollup slot in microseconds.
pub const SLOT_MICROS: i64 = 15 * 60 * MICROS_PER_SECOND;

/// A half-open stretch of time `[start, end)` in instants (microseconds since 2000-01-01 UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: i64,
    pub end: i64,
}

/// The split of one request into spans of whole slots read from the rollup and spans counted
/// from raw events. Together they tile `[range_start, range_end)` without overlap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CountPlan {
    pub rollup: Vec<Span>,
    pub raw: Vec<Span>,
}

/// Returns the start of the slot that contains `instant`.
pub fn slot_floor(instant: i64) -> i64 {
    instant.div_euclid(SLOT_MICROS) * SLOT_MICROS
}

/// Returns the first slot mark at or after `instant`, or `None` past the end of `i64`.
fn slot_ceiling(instant: i64) -> Option<i64> {
    let floor = slot_floor(instant);
    if floor == instant {
        Some(instant)
    } else {
        floor.checked_add(SLOT_MICROS)
    }
}

/// Appends `span` to `spans`, merging it into the last span when the two touch.
fn push_merged(spans: &mut Vec<Span>, span: Span) {
    if span.start >= span.end {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.end == span.start => last.end = span.end,
        _ => spans.push(span),
    }
}

impl CountPlan {
    /// Returns the plan that counts the whole range from raw events.
    pub fn raw_only(range_start: i64, range_end: i64) -> CountPlan {
        let mut plan = CountPlan::default();
        push_merged(
            &mut plan.raw,
            Span {
                start: range_start,
                end: range_end,
            },
        );
        plan
    }

    /// Plans the count of `[range_start, range_end)` split at `bucket_starts`, the ascending
    /// output of `crate::domain::buckets::bucket_starts` for that range: its first element may
    /// lie before `range_start`, and the others lie inside the range.
    pub fn with_rollup(bucket_starts: &[i64], range_start: i64, range_end: i64) -> CountPlan {
        let mut cuts = Vec::with_capacity(bucket_starts.len() + 1);
        cuts.push(range_start);
        cuts.extend(
            bucket_starts
                .iter()
                .copied()
                .filter(|&start| start > range_start && start < range_end),
        );
        cuts.push(range_end);

        let mut plan = CountPlan::default();
        for piece in cuts.windows(2) {
            plan.add_piece(piece[0], piece[1]);
        }
        plan
    }

    /// Adds the part of one bucket that lies inside the range: its whole slots go to the
    /// rollup, and the partial slots at either end go to raw events.
    fn add_piece(&mut self, start: i64, end: i64) {
        let first_mark = slot_ceiling(start);
        let last_mark = slot_floor(end);
        match first_mark {
            Some(first_mark) if first_mark < last_mark => {
                push_merged(
                    &mut self.raw,
                    Span {
                        start,
                        end: first_mark,
                    },
                );
                push_merged(
                    &mut self.rollup,
                    Span {
                        start: first_mark,
                        end: last_mark,
                    },
                );
                push_merged(
                    &mut self.raw,
                    Span {
                        start: last_mark,
                        end,
                    },
                );
            }
            _ => push_merged(&mut self.raw, Span { start, end }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::buckets::{bucket_starts, next_boundary, ZoneRules, MICROS_PER_HOUR};
    use crate::domain::granularity::Granularity;

    const MINUTE: i64 = 60 * MICROS_PER_SECOND;
    const HOUR: i64 = MICROS_PER_HOUR;

    struct FixedZone(i64);

    impl ZoneRules for FixedZone {
        fn offset_at(&self, _instant: i64) -> i64 {
            self.0
        }

        fn next_change(&self, _instant: i64) -> Option<i64> {
            None
        }
    }

    fn span(start: i64, end: i64) -> Span {
        Span { start, end }
    }

    /// Checks that the plan tiles the range, that rollup spans are whole slots, and that no
    /// bucket boundary falls inside a slot read from the rollup.
    fn assert_valid(plan: &CountPlan, boundaries: &[i64], range_start: i64, range_end: i64) {
        let mut all: Vec<Span> = plan.rollup.iter().chain(plan.raw.iter()).copied().collect();
        all.sort_by_key(|span| span.start);
        assert_eq!(all.first().map(|span| span.start), Some(range_start));
        assert_eq!(all.last().map(|span| span.end), Some(range_end));
        for pair in all.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "gap or overlap in {all:?}");
        }
        for span in all.iter() {
            assert!(span.start < span.end, "empty span {span:?}");
        }
        for span in plan.rollup.iter() {
            assert_eq!(slot_floor(span.start), span.start, "{span:?}");
            assert_eq!(slot_floor(span.end), span.end, "{span:?}");
            for &boundary in boundaries {
                let inside = span.start < boundary && boundary < span.end;
                assert!(
                    !inside || slot_floor(boundary) == boundary,
                    "{boundary} cuts {span:?}"
                );
            }
        }
    }

    #[test]
    fn aligned_range_reads_only_rollup() {
        let starts = [0, HOUR, 2 * HOUR];
        let plan = CountPlan::with_rollup(&starts, 0, 3 * HOUR);
        assert_eq!(plan.rollup, vec![span(0, 3 * HOUR)]);
        assert!(plan.raw.is_empty());
    }

    #[test]
    fn unaligned_edges_read_raw() {
        let start = 7 * MINUTE;
        let end = 2 * HOUR + 40 * MINUTE;
        let plan = CountPlan::with_rollup(&[0, HOUR, 2 * HOUR], start, end);
        assert_eq!(plan.rollup, vec![span(15 * MINUTE, 2 * HOUR + 30 * MINUTE)]);
        assert_eq!(
            plan.raw,
            vec![span(start, 15 * MINUTE), span(2 * HOUR + 30 * MINUTE, end)]
        );
    }

    #[test]
    fn range_inside_one_slot_reads_raw() {
        let plan = CountPlan::with_rollup(&[0], 3 * MINUTE, 14 * MINUTE);
        assert!(plan.rollup.is_empty());
        assert_eq!(plan.raw, vec![span(3 * MINUTE, 14 * MINUTE)]);
    }

    #[test]
    fn unaligned_boundary_slot_reads_raw() {
        // Two buckets split at 00:20: the slot 00:15-00:30 contains the boundary.
        let boundary = 20 * MINUTE;
        let plan = CountPlan::with_rollup(&[0, boundary], 0, HOUR);
        assert_eq!(
            plan.rollup,
            vec![span(0, 15 * MINUTE), span(30 * MINUTE, HOUR)]
        );
        assert_eq!(plan.raw, vec![span(15 * MINUTE, 30 * MINUTE)]);
    }

    #[test]
    fn raw_only_is_one_span() {
        let plan = CountPlan::raw_only(-5, 5);
        assert!(plan.rollup.is_empty());
        assert_eq!(plan.raw, vec![span(-5, 5)]);
    }

    #[test]
    fn slots_before_2000_floor_down() {
        assert_eq!(slot_floor(-1), -SLOT_MICROS);
        assert_eq!(slot_floor(-SLOT_MICROS), -SLOT_MICROS);
        assert_eq!(slot_ceiling(-1), Some(0));
        assert_eq!(slot_ceiling(i64::MAX), None);
    }

    #[test]
    fn plans_tile_ranges_in_many_zones() {
        // Offsets in seconds: UTC, +05:45, -03:30, and two local mean times that are not on
        // quarter hours (+05:53:28 and -04:56:02).
        let offsets = [0, 20_700, -12_600, 21_208, -17_762];
        let mut seed: u64 = 17;
        for round in 0..400 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let zone = FixedZone(offsets[round % offsets.len()]);
            let granularity = if round % 3 == 0 {
                Granularity::Day
            } else {
                Granularity::Hour
            };
            let start = ((seed >> 20) % 400_000_000) as i64 * 1_000_003 - 50 * HOUR;
            let length = 1 + ((seed >> 5) % 3_000_000_000) as i64 * 97;
            let end = start + length;
            let starts = bucket_starts(&zone, granularity, start, end).unwrap();
            let mut boundaries = starts.clone();
            boundaries.push(next_boundary(&zone, granularity, starts[starts.len() - 1]).unwrap());
            let plan = CountPlan::with_rollup(&starts, start, end);
            assert_valid(&plan, &boundaries, start, end);
            if zone.0 % 900 == 0 {
                // Only the two partial edge slots can come from raw events.
                assert!(plan.raw.len() <= 2, "{plan:?}");
                assert!(plan.rollup.len() <= 1, "{plan:?}");
            }
        }
    }
}
