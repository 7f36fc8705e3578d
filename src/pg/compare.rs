//! `amp_compare`: each metric's total in a range next to its total in the range before.
//!
//! ```sql
//! SELECT * FROM amp_compare('…map id…', '2026-11-01 00:00-04', '2026-11-08 00:00-05',
//!                           'America/New_York');
//! ```
//! One row per metric that applies to the map's action type, in the order of
//! `amp_event_type`: current_total over `[range_start, range_end)`, previous_total over the
//! range of equal length that ends at range_start, difference = current − previous and
//! relative_change = difference / previous as a `numeric` fraction (NULL when previous is 0).
//!
//! Equal length means an equal span of real time (see `crate::domain::comparison`). The week
//! above, midnight to midnight in New York, contains the autumn DST change and lasts 169 hours,
//! so the previous range is the 169 hours before it: from 2026-10-24 23:00 local time, not
//! from midnight.
//! `time_zone` is checked like amp_series's (NULL raises 22004, an unknown name 22023) but
//! does not change any total, because both ranges are spans of instants. It is in the
//! signature so that a dashboard can pass the arguments it passes to amp_series.

use crate::domain::comparison::{change, previous_range};
use crate::domain::error::{AmpError, ErrorKind};
use crate::domain::metric::{ActionType, Metric};
use crate::domain::selection::{applicable_selection, ALL_METRICS};
use crate::pg::error::{or_raise, spi_failed};
use crate::pg::rates::fraction_to_numeric;
use crate::pg::series::{check_range, map_action_type, required};
use crate::pg::zone::PgZone;
use pgrx::prelude::*;
use pgrx::{AnyNumeric, Uuid};

/// Totals per metric, in enum order, of the current and the previous range.
struct Totals {
    current: [i64; 8],
    previous: [i64; 8],
}

/// A validated comparison request.
struct CompareRequest {
    action_map_id: Uuid,
    action_type: ActionType,
    previous_start: TimestampWithTimeZone,
    range_start: TimestampWithTimeZone,
    range_end: TimestampWithTimeZone,
}

impl CompareRequest {
    /// Validates the arguments in the order of `SeriesRequest::new`.
    fn new(
        action_map_id: Option<Uuid>,
        range_start: Option<TimestampWithTimeZone>,
        range_end: Option<TimestampWithTimeZone>,
        time_zone: Option<&str>,
    ) -> Result<CompareRequest, AmpError> {
        let action_map_id = required(action_map_id, "action_map_id")?;
        let range_start = required(range_start, "range_start")?;
        let range_end = required(range_end, "range_end")?;
        PgZone::load(required(time_zone, "time_zone")?)?;
        check_range(range_start, range_end)?;
        let (previous_start, _) = previous_range(range_start.into_inner(), range_end.into_inner())?;
        // previous_range returns an instant from MIN_INSTANT up to range_start, all of which
        // timestamptz can store, so this error is unreachable.
        let previous_start = TimestampWithTimeZone::try_from(previous_start).map_err(|_| {
            AmpError::new(
                ErrorKind::OutOfRange,
                "the previous range starts outside timestamptz",
            )
        })?;
        let action_type = map_action_type(action_map_id)?;
        Ok(CompareRequest {
            action_map_id,
            action_type,
            previous_start,
            range_start,
            range_end,
        })
    }

    /// Counts the map's events per metric in both ranges with one scan of
    /// `[previous_start, range_end)`.
    fn totals(&self) -> Result<Totals, AmpError> {
        let mut totals = Totals {
            current: [0; 8],
            previous: [0; 8],
        };
        let query = "SELECT occurred_at >= $3, event_type::text, count(*) \
                     FROM amp_action_events \
                     WHERE action_map_id = $1 AND occurred_at >= $2 AND occurred_at < $4 \
                     GROUP BY 1, 2";
        Spi::connect(|client| {
            let rows = client.select(
                query,
                None,
                &[
                    self.action_map_id.into(),
                    self.previous_start.into(),
                    self.range_start.into(),
                    self.range_end.into(),
                ],
            )?;
            for row in rows {
                let in_current = row.get::<bool>(1)?.unwrap_or(false);
                let label = row.get::<String>(2)?.unwrap_or_default();
                let count = row.get::<i64>(3)?.unwrap_or(0);
                if let Some(metric) = Metric::from_label(&label) {
                    let slots = if in_current {
                        &mut totals.current
                    } else {
                        &mut totals.previous
                    };
                    slots[metric.index()] += count;
                }
            }
            Ok::<_, pgrx::spi::SpiError>(())
        })
        .map_err(|error| spi_failed("counting events", error))?;
        Ok(totals)
    }
}

/// Returns, per metric of an action map, the total in a range and in the range of equal length
/// before it; see the module docs.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_compare(
    action_map_id: Option<Uuid>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
    time_zone: default!(Option<&str>, "current_setting('TimeZone')"),
) -> TableIterator<
    'static,
    (
        name!(metric, String),
        name!(current_total, i64),
        name!(previous_total, i64),
        name!(difference, i64),
        name!(relative_change, Option<AnyNumeric>),
    ),
> {
    const NAME: &str = "amp_compare";
    let request = or_raise(
        CompareRequest::new(action_map_id, range_start, range_end, time_zone),
        NAME,
    );
    let totals = or_raise(request.totals(), NAME);
    let mut rows = Vec::new();
    for metric in applicable_selection(ALL_METRICS, request.action_type) {
        let index = metric.index();
        let moved = or_raise(change(totals.current[index], totals.previous[index]), NAME);
        rows.push((
            metric.label().to_string(),
            moved.current,
            moved.previous,
            moved.difference,
            moved.relative.map(fraction_to_numeric),
        ));
    }
    TableIterator::new(rows)
}
