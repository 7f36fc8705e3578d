//! `amp_series_long`: the counts of `amp_series` in long form, one row per bucket and metric,
//! the shape Grafana turns into one series per metric.
//!
//! ```sql
//! SELECT * FROM amp_series_long('…map id…', '2026-11-01', '2026-11-02', 'hour', 'UTC',
//!                               metrics => '{accepted,offered}');
//! ```
//! Arguments, buckets and errors are those of `amp_series`, plus `metrics`: NULL selects every
//! metric, duplicates collapse, an empty array raises 22023 and a NULL element 22004. Rows come
//! ordered by time, then by metric in the order of `amp_event_type`. Metrics that do not apply
//! to the map's action type are left out, so a selection of only such metrics returns no rows.

use crate::domain::selection::applicable_selection;
use crate::pg::enum_args::{metrics_argument, EventTypeArg};
use crate::pg::error::or_raise;
use crate::pg::series::SeriesRequest;
use pgrx::prelude::*;
use pgrx::{Array, Uuid};

/// Returns one row per bucket and selected metric of an action map's counts; see the module
/// docs.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_series_long(
    action_map_id: Option<Uuid>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
    granularity: default!(Option<&str>, "'hour'"),
    time_zone: default!(Option<&str>, "current_setting('TimeZone')"),
    metrics: default!(Option<Array<EventTypeArg>>, "NULL"),
) -> TableIterator<
    'static,
    (
        name!(time, TimestampWithTimeZone),
        name!(metric, String),
        name!(value, i64),
    ),
> {
    const NAME: &str = "amp_series_long";
    let request = or_raise(
        SeriesRequest::new(
            action_map_id,
            range_start,
            range_end,
            granularity,
            time_zone,
        ),
        NAME,
    );
    let selection = or_raise(metrics_argument(metrics), NAME);
    let metrics = applicable_selection(selection, request.action_type);
    let buckets = or_raise(request.count(), NAME);
    TableIterator::new(buckets.into_iter().flat_map(move |bucket| {
        let counts = bucket.counts;
        metrics.clone().into_iter().map(move |metric| {
            (
                bucket.start,
                metric.label().to_string(),
                counts[metric.index()],
            )
        })
    }))
}
