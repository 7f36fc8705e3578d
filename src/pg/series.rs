//! `amp_series`: counts per hour or day bucket of one action map between two instants.
//!
//! ```sql
//! SELECT * FROM amp_series('…map id…', '2026-11-01', '2026-11-02', 'hour', 'America/New_York');
//! ```
//! One row per bucket that overlaps `[range_start, range_end)`, labelled by the bucket's start,
//! in ascending order. Empty buckets give 0, and metrics that do not apply to the map's action
//! type give NULL. Buckets follow the zone's local clock (see `crate::core::buckets`).

use crate::core::buckets::{bucket_starts, MAX_BUCKETS};
use crate::core::counts::mask_for_action;
use crate::core::error::{AmpError, ErrorKind};
use crate::core::granularity::Granularity;
use crate::core::metric::{ActionType, Metric};
use crate::pg::error::{or_raise, spi_failed};
use crate::pg::query::select_one;
use crate::pg::zone::PgZone;
use pgrx::prelude::*;
use pgrx::Uuid;

/// A validated series request.
pub struct SeriesRequest {
    pub action_map_id: Uuid,
    pub action_type: ActionType,
    pub range_start: TimestampWithTimeZone,
    pub range_end: TimestampWithTimeZone,
    pub granularity: Granularity,
    pub zone: PgZone,
}

/// Counts of one bucket: its start and one counter per metric in enum order.
pub struct BucketCounts {
    pub start: TimestampWithTimeZone,
    pub counts: [i64; 8],
}

/// Returns the value of a required argument, or the NULL-argument error naming it.
pub(crate) fn required<T>(value: Option<T>, argument: &str) -> Result<T, AmpError> {
    value.ok_or_else(|| AmpError::null_argument(argument))
}

/// Checks that a range is finite and not empty or reversed.
pub(crate) fn check_range(
    start: TimestampWithTimeZone,
    end: TimestampWithTimeZone,
) -> Result<(), AmpError> {
    for (argument, value) in [("range_start", start), ("range_end", end)] {
        if value.is_infinity() || value.is_neg_infinity() {
            return Err(AmpError::invalid(format!("{argument} must be finite, got {value}"))
                .with_hint("Pass a finite timestamp; a report over an infinite range has no end."));
        }
    }
    if end <= start {
        return Err(AmpError::invalid(format!(
            "range_end ({end}) must be later than range_start ({start})"
        ))
        .with_hint("The range is half-open, [range_start, range_end): swap the bounds or widen it."));
    }
    Ok(())
}

/// Returns the P0002 error for an action map id that does not exist.
pub fn map_not_found(action_map_id: Uuid) -> AmpError {
    AmpError::new(ErrorKind::NotFound, format!("action map \"{action_map_id}\" does not exist"))
        .with_hint("List the maps with: SELECT action_map_id, name FROM amp_action_maps;")
}

/// Returns the action type of a map, or a P0002 error when no such map exists.
pub fn map_action_type(action_map_id: Uuid) -> Result<ActionType, AmpError> {
    let label = select_one::<String>(
        "SELECT action_type::text FROM amp_action_maps WHERE action_map_id = $1",
        &[action_map_id.into()],
    )
    .map_err(|error| spi_failed("looking up the action map", error))?;
    let label = label.ok_or_else(|| map_not_found(action_map_id))?;
    ActionType::from_label(&label)
        .ok_or_else(|| AmpError::invalid(format!("unknown action type \"{label}\" of map {action_map_id}")))
}

impl SeriesRequest {
    /// Validates the arguments of a series function in the order a user would fix them.
    pub fn new(
        action_map_id: Option<Uuid>,
        range_start: Option<TimestampWithTimeZone>,
        range_end: Option<TimestampWithTimeZone>,
        granularity: Option<&str>,
        time_zone: Option<&str>,
    ) -> Result<SeriesRequest, AmpError> {
        let action_map_id = required(action_map_id, "action_map_id")?;
        let range_start = required(range_start, "range_start")?;
        let range_end = required(range_end, "range_end")?;
        let granularity = Granularity::parse(required(granularity, "granularity")?)?;
        let zone = PgZone::load(required(time_zone, "time_zone")?)?;
        check_range(range_start, range_end)?;
        let action_type = map_action_type(action_map_id)?;
        Ok(SeriesRequest { action_map_id, action_type, range_start, range_end, granularity, zone })
    }

    /// Returns the bucket starts of the request, at most `MAX_BUCKETS` of them.
    pub fn bucket_starts(&self) -> Result<Vec<TimestampWithTimeZone>, AmpError> {
        let starts = bucket_starts(
            &self.zone,
            self.granularity,
            self.range_start.into_inner(),
            self.range_end.into_inner(),
        )?;
        starts
            .into_iter()
            .map(|start| {
                TimestampWithTimeZone::try_from(start).map_err(|_| {
                    AmpError::new(
                        ErrorKind::OutOfRange,
                        "the bucket that contains range_start begins before 4714-11-24 00:00:00+00 BC, \
                         the earliest timestamptz",
                    )
                    .with_hint("Move range_start later.")
                })
            })
            .collect()
    }

    /// Counts the map's events per bucket and event type from the raw events table.
    pub fn count(&self) -> Result<Vec<BucketCounts>, AmpError> {
        let starts = self.bucket_starts()?;
        let mut buckets: Vec<BucketCounts> =
            starts.iter().map(|&start| BucketCounts { start, counts: [0; 8] }).collect();
        let query = "SELECT width_bucket(occurred_at, $4), event_type::text, count(*) \
                     FROM amp_action_events \
                     WHERE action_map_id = $1 AND occurred_at >= $2 AND occurred_at < $3 \
                     GROUP BY 1, 2";
        Spi::connect(|client| {
            let rows = client.select(
                query,
                None,
                &[
                    self.action_map_id.into(),
                    self.range_start.into(),
                    self.range_end.into(),
                    starts.clone().into(),
                ],
            )?;
            for row in rows {
                let bucket = row.get::<i32>(1)?.unwrap_or(0) as usize;
                let label = row.get::<String>(2)?.unwrap_or_default();
                let count = row.get::<i64>(3)?.unwrap_or(0);
                // Every counted event is at or after the first bucket start, so bucket ≥ 1.
                if let (Some(slot), Some(metric)) = (bucket.checked_sub(1), Metric::from_label(&label)) {
                    buckets[slot].counts[metric.index()] += count;
                }
            }
            Ok::<_, pgrx::spi::SpiError>(())
        })
        .map_err(|error| spi_failed("counting events", error))?;
        Ok(buckets)
    }
}


/// Returns one row per hour or day bucket of an action map's counts; see the module docs.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_series(
    action_map_id: Option<Uuid>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
    granularity: default!(Option<&str>, "'hour'"),
    time_zone: default!(Option<&str>, "current_setting('TimeZone')"),
) -> TableIterator<
    'static,
    (
        name!(time, TimestampWithTimeZone),
        name!(qualified, Option<i64>),
        name!(offered, Option<i64>),
        name!(accepted, Option<i64>),
        name!(started, Option<i64>),
        name!(engaged, Option<i64>),
        name!(rejected, Option<i64>),
        name!(errored, Option<i64>),
        name!(timed_out, Option<i64>),
    ),
> {
    const NAME: &str = "amp_series";
    let request =
        or_raise(SeriesRequest::new(action_map_id, range_start, range_end, granularity, time_zone), NAME);
    let buckets = or_raise(request.count(), NAME);
    let action_type = request.action_type;
    TableIterator::new(buckets.into_iter().map(move |bucket| {
        let [qualified, offered, accepted, started, engaged, rejected, errored, timed_out] =
            mask_for_action(&bucket.counts, action_type);
        (bucket.start, qualified, offered, accepted, started, engaged, rejected, errored, timed_out)
    }))
}

/// Largest number of rows `amp_series` returns, so that clients can size their requests.
#[pg_extern(immutable, parallel_safe)]
fn amp_series_max_buckets() -> i32 {
    MAX_BUCKETS as i32
}
