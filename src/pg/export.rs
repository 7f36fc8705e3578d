//! `amp_export`: the series of several action maps as one table, made for `COPY ... CSV`.
//!
//! ```sql
//! COPY (SELECT * FROM amp_export(NULL, '2026-03-08 00:00-05', '2026-03-09 00:00-04', 'hour',
//!                                'America/New_York', '{qualified,offered}'))
//!     TO STDOUT WITH (FORMAT csv, HEADER);
//! ```
//! One row per map and bucket, ordered by map and then by time, so that each map's rows form
//! one block as in its own report. The maps come in the order `crate::pg::export_maps`
//! describes: by name and then id for a NULL list, else the list's order. Buckets are those
//! of `amp_series` for the same arguments.
//!
//! Columns: `time` as text in ISO 8601 with the zone's offset at that instant
//! (`2026-03-08T03:00:00-04:00`, `2026-06-01T00:00:00+05:45`), `action_map_id`,
//! `action_map_name`, then the eight metric columns `qualified` … `timed_out` in report order.
//! A metric cell is empty (NULL) when the metric is not selected or does not apply to the
//! row's action type, and a number, possibly 0, otherwise.
//!
//! Why eight metric columns and not only the selected ones: PostgreSQL fixes the columns of
//! `SELECT * FROM f(...)` when it parses the query, from the function's declared result type,
//! while the selection is a value known only at run time. A function that returns `record`
//! would need a column definition list in every call, so `COPY (SELECT * FROM amp_export(...))`
//! would fail as written. A function that returns ready-made CSV lines would have each line
//! quoted again by `COPY ... CSV`. So the header always lists the eight metrics. A file with
//! only the selected columns comes from naming them instead of `*`:
//! `COPY (SELECT time, action_map_id, action_map_name, qualified, offered FROM amp_export(...))`.
//! For one map, `amp_export_csv` writes a document with only the selected metrics that apply.
//!
//! With `for_spreadsheet => true`, a map name that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets an apostrophe in front, so that a spreadsheet opening the file shows
//! the name instead of running it as a formula.

use crate::domain::buckets::ZoneRules;
use crate::domain::counts::mask_for_action;
use crate::domain::csv_report::guard_formula;
use crate::domain::error::AmpError;
use crate::domain::granularity::Granularity;
use crate::domain::iso8601;
use crate::domain::metric::{Metric, MetricMask};
use crate::pg::enum_args::{metrics_argument, EventTypeArg};
use crate::pg::error::or_raise;
use crate::pg::export_maps::{load_maps, requested_ids, ExportMap};
use crate::pg::series::{check_range, required, BucketCounts, SeriesRequest};
use crate::pg::zone::PgZone;
use pgrx::prelude::*;
use pgrx::{Array, Uuid};

const NAME: &str = "amp_export";

/// A validated export request.
struct ExportRequest {
    maps: Vec<ExportMap>,
    range_start: TimestampWithTimeZone,
    range_end: TimestampWithTimeZone,
    granularity: Granularity,
    zone: PgZone,
    selection: MetricMask,
    for_spreadsheet: bool,
}

/// One output row: time text, map id and name, and a value per metric in enum order.
type ExportRow = (String, Uuid, String, [Option<i64>; 8]);

impl ExportRequest {
    /// Validates the arguments in the order `amp_series` does, with the map list's own checks
    /// first and the lookup of the maps last.
    fn new(
        action_map_ids: Option<Vec<Option<Uuid>>>,
        range_start: Option<TimestampWithTimeZone>,
        range_end: Option<TimestampWithTimeZone>,
        granularity: Option<&str>,
        time_zone: Option<&str>,
        metrics: Option<Array<EventTypeArg>>,
        for_spreadsheet: Option<bool>,
    ) -> Result<ExportRequest, AmpError> {
        let ids = requested_ids(action_map_ids)?;
        let range_start = required(range_start, "range_start")?;
        let range_end = required(range_end, "range_end")?;
        let granularity = Granularity::parse(required(granularity, "granularity")?)?;
        let zone = PgZone::load(required(time_zone, "time_zone")?)?;
        let selection = metrics_argument(metrics)?;
        let for_spreadsheet = required(for_spreadsheet, "for_spreadsheet")?;
        check_range(range_start, range_end)?;
        let maps = load_maps(ids.as_deref())?;
        Ok(ExportRequest {
            maps,
            range_start,
            range_end,
            granularity,
            zone,
            selection,
            for_spreadsheet,
        })
    }

    /// Counts one map's buckets, as `amp_series` would.
    fn count(&self, map: &ExportMap) -> Result<Vec<BucketCounts>, AmpError> {
        let series = SeriesRequest {
            action_map_id: map.id,
            action_type: map.action_type,
            range_start: self.range_start,
            range_end: self.range_end,
            granularity: self.granularity,
            zone: self.zone.clone(),
        };
        series.count()
    }

    /// Returns the rows of one map: the counts of the metrics that are selected and apply.
    fn rows(&self, map: &ExportMap) -> Result<Vec<ExportRow>, AmpError> {
        let buckets = self.count(map)?;
        let rows = buckets.into_iter().map(|bucket| {
            let start = bucket.start.into_inner();
            let time = iso8601::with_offset(start, self.zone.offset_at(start));
            let mut values = mask_for_action(&bucket.counts, map.action_type);
            for metric in Metric::ALL {
                if self.selection & metric.bit() == 0 {
                    values[metric.index()] = None;
                }
            }
            // A map name is the only text a user wrote, so it is the cell to guard.
            let name = match self.for_spreadsheet {
                true => guard_formula(&map.name).into_owned(),
                false => map.name.clone(),
            };
            (time, map.id, name, values)
        });
        Ok(rows.collect())
    }
}

/// Returns the hour or day series of several action maps as one table for `COPY ... CSV`,
/// with the map's id and name on every row; see the module docs for the columns and order.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_export(
    action_map_ids: Option<Vec<Option<Uuid>>>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
    granularity: default!(Option<&str>, "'hour'"),
    time_zone: default!(Option<&str>, "current_setting('TimeZone')"),
    metrics: default!(Option<Array<EventTypeArg>>, "NULL"),
    for_spreadsheet: default!(Option<bool>, "false"),
) -> TableIterator<
    'static,
    (
        name!(time, String),
        name!(action_map_id, Uuid),
        name!(action_map_name, String),
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
    let request = or_raise(
        ExportRequest::new(
            action_map_ids,
            range_start,
            range_end,
            granularity,
            time_zone,
            metrics,
            for_spreadsheet,
        ),
        NAME,
    );
    let maps = request.maps.clone();
    // Each map is counted only when the previous map's rows are used up, so amp keeps one map's
    // buckets in memory at a time. PostgreSQL still collects every row of a function scan in a
    // tuplestore, which spills to disk beyond work_mem.
    let rows = maps
        .into_iter()
        .flat_map(move |map| or_raise(request.rows(&map), NAME));
    TableIterator::new(rows.map(|(time, id, name, values)| {
        let [qualified, offered, accepted, started, engaged, rejected, errored, timed_out] = values;
        (
            time, id, name, qualified, offered, accepted, started, engaged, rejected, errored,
            timed_out,
        )
    }))
}
