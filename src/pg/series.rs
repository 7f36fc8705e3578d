//! `amp_series`: counts per hour or day bucket of one action map between two instants.
//!
//! ```sql
//! SELECT * FROM amp_series('…map id…', '2026-11-01', '2026-11-02', 'hour', 'America/New_York');
//! ```
//! One row per bucket that overlaps `[range_start, range_end)`, labelled by the bucket's start,
//! in ascending order. Empty buckets give 0, and metrics that do not apply to the map's action
//! type give NULL. Buckets follow the zone's local clock (see `crate::domain::buckets`).
//! Counts of whole 15-minute slots come from the rollup `amp_rollup_15m`, and the rest from
//! raw events (see `crate::domain::slots`); `SET amp.use_rollups = off` counts all of it raw.

use crate::domain::buckets::{bucket_starts, MAX_BUCKETS};
use crate::domain::counts::mask_for_action;
use crate::domain::error::{AmpError, ErrorKind};
use crate::domain::granularity::Granularity;
use crate::domain::metric::ActionType;
use crate::domain::slots::CountPlan;
use crate::pg::error::{or_raise, spi_failed};
use crate::pg::query::select_one;
use crate::pg::query_settings::with_query_settings;
use crate::pg::rollup::use_rollups;
use crate::pg::slot_counts::{add_raw_spans, add_rollup_spans};
use crate::pg::zone::PgZone;
use pgrx::prelude::*;
use pgrx::Uuid;

pub use crate::pg::slot_counts::BucketCounts;

/// A validated series request.
pub struct SeriesRequest {
    pub action_map_id: Uuid,
    pub action_type: ActionType,
    pub range_start: TimestampWithTimeZone,
    pub range_end: TimestampWithTimeZone,
    pub granularity: Granularity,
    pub zone: PgZone,
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
            return Err(
                AmpError::invalid(format!("{argument} must be finite, got {value}")).with_hint(
                    "Pass a finite timestamp; a report over an infinite range has no end.",
                ),
            );
        }
    }
    if end <= start {
        return Err(AmpError::invalid(format!(
            "range_end ({end}) must be later than range_start ({start})"
        ))
        .with_hint(
            "The range is half-open, [range_start, range_end): swap the bounds or widen it.",
        ));
    }
    Ok(())
}

/// Returns the P0002 error for an action map id that does not exist.
pub fn map_not_found(action_map_id: Uuid) -> AmpError {
    AmpError::new(
        ErrorKind::NotFound,
        format!("action map \"{action_map_id}\" does not exist"),
    )
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
    ActionType::from_label(&label).ok_or_else(|| {
        AmpError::invalid(format!(
            "unknown action type \"{label}\" of map {action_map_id}"
        ))
    })
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
        Ok(SeriesRequest {
            action_map_id,
            action_type,
            range_start,
            range_end,
            granularity,
            zone,
        })
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

    /// Counts the map's events per bucket and event type. Whole 15-minute slots that lie
    /// inside one bucket come from the rollup, and the rest of the range from raw events.
    /// With `amp.use_rollups` off, all of it comes from raw events. Both give the same counts
    /// unless the rollup triggers were bypassed without a rebuild.
    pub fn count(&self) -> Result<Vec<BucketCounts>, AmpError> {
        let starts = self.bucket_starts()?;
        let range_start = self.range_start.into_inner();
        let range_end = self.range_end.into_inner();
        let plan = if use_rollups() {
            let instants: Vec<i64> = starts.iter().map(|start| start.into_inner()).collect();
            CountPlan::with_rollup(&instants, range_start, range_end)
        } else {
            CountPlan::raw_only(range_start, range_end)
        };
        let mut buckets: Vec<BucketCounts> = starts
            .into_iter()
            .map(|start| BucketCounts {
                start,
                counts: [0; 8],
            })
            .collect();
        add_raw_spans(self.action_map_id, &plan.raw, &mut buckets)?;
        add_rollup_spans(self.action_map_id, &plan.rollup, &mut buckets)?;
        Ok(buckets)
    }
}

/// Returns one row per hour or day bucket of an action map's counts; see the module docs.
/// It has no `SET search_path` clause, because that would cost a GUC save and restore per
/// returned row. Its queries run under `with_query_settings` instead.
#[pg_extern(stable, parallel_restricted)]
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
    let (action_type, buckets) = or_raise(
        with_query_settings(|| {
            let request = SeriesRequest::new(
                action_map_id,
                range_start,
                range_end,
                granularity,
                time_zone,
            )?;
            Ok((request.action_type, request.count()?))
        }),
        NAME,
    );
    TableIterator::new(buckets.into_iter().map(move |bucket| {
        let [qualified, offered, accepted, started, engaged, rejected, errored, timed_out] =
            mask_for_action(&bucket.counts, action_type);
        (
            bucket.start,
            qualified,
            offered,
            accepted,
            started,
            engaged,
            rejected,
            errored,
            timed_out,
        )
    }))
}

/// Largest number of rows `amp_series` returns, so that clients can size their requests.
#[pg_extern(immutable, parallel_safe)]
fn amp_series_max_buckets() -> i32 {
    MAX_BUCKETS as i32
}
