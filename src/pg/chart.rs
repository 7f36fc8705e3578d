//! `amp_chart_svg`: a line chart of one metric for several action maps, as an SVG document.
//!
//! ```sql
//! SELECT amp_chart_svg(ARRAY['…map id…', '…map id…']::uuid[], '2026-09-01', '2026-12-01',
//!                      'day', 'America/New_York', 'offered');
//! ```
//! Each map gets one line with one point per bucket of `amp_series` over the same arguments,
//! so the chart agrees with the series row for row. A map whose action type lacks the metric
//! is listed in the legend without a line. `psql -Atc "SELECT amp_chart_svg(...)" > chart.svg`
//! writes a file that browsers display.

use crate::domain::buckets::ZoneRules;
use crate::domain::chart::{bucket_label, render_svg, ChartSeries, LineChart};
use crate::domain::counts::mask_for_action;
use crate::domain::error::AmpError;
use crate::domain::granularity::Granularity;
use crate::domain::metric::Metric;
use crate::pg::enum_args::EventTypeArg;
use crate::pg::error::or_raise;
use crate::pg::query::select_one;
use crate::pg::series::SeriesRequest;
use pgrx::prelude::*;
use pgrx::{Array, Uuid};

/// Arguments shared by every map of the chart.
struct ChartRequest<'a> {
    range_start: TimestampWithTimeZone,
    range_end: TimestampWithTimeZone,
    granularity: &'a str,
    time_zone: &'a str,
    metric: Metric,
}

fn required<T>(value: Option<T>, argument: &str) -> Result<T, AmpError> {
    value.ok_or_else(|| AmpError::null_argument(argument))
}

/// Returns the map ids of the argument, rejecting NULL elements and an empty array.
fn map_ids(action_map_ids: Option<Array<Uuid>>) -> Result<Vec<Uuid>, AmpError> {
    let action_map_ids = required(action_map_ids, "action_map_ids")?;
    let mut ids = Vec::with_capacity(action_map_ids.len());
    for id in action_map_ids.iter() {
        let id = id.ok_or_else(|| {
            AmpError::null_argument("action_map_ids")
                .with_detail("The action_map_ids array contains NULL.")
        })?;
        ids.push(id);
    }
    if ids.is_empty() {
        let hint = "List at least one map, for example \
                    ARRAY(SELECT action_map_id FROM amp_action_maps LIMIT 3).";
        return Err(AmpError::invalid("action_map_ids must not be an empty array").with_hint(hint));
    }
    Ok(ids)
}

fn map_name(action_map_id: Uuid) -> String {
    select_one::<String>(
        "SELECT name FROM amp_action_maps WHERE action_map_id = $1",
        &[action_map_id.into()],
    )
    .ok()
    .flatten()
    .unwrap_or_else(|| action_map_id.to_string())
}

/// Builds the chart: one series per map, and the bucket labels of the first map, which are
/// the same for every map because they depend only on the range, granularity and zone.
fn build_chart(ids: &[Uuid], request: &ChartRequest) -> Result<LineChart, AmpError> {
    let mut series = Vec::with_capacity(ids.len());
    let mut x_labels = Vec::new();
    let mut granularity = Granularity::Day;

    for &id in ids {
        let series_request = SeriesRequest::new(
            Some(id),
            Some(request.range_start),
            Some(request.range_end),
            Some(request.granularity),
            Some(request.time_zone),
        )?;
        let buckets = series_request.count()?;
        granularity = series_request.granularity;
        if x_labels.is_empty() {
            x_labels = buckets
                .iter()
                .map(|bucket| {
                    let start = bucket.start.into_inner();
                    bucket_label(start, series_request.zone.offset_at(start), granularity)
                })
                .collect();
        }

        let values = series_request.action_type.applies(request.metric).then(|| {
            buckets
                .iter()
                .map(|bucket| {
                    mask_for_action(&bucket.counts, series_request.action_type)
                        [request.metric.index()]
                })
                .map(|value| value.unwrap_or(0))
                .collect()
        });
        series.push(ChartSeries {
            label: map_name(id),
            values,
        });
    }

    let first = x_labels.first().cloned().unwrap_or_default();
    let last = x_labels.last().cloned().unwrap_or_default();
    Ok(LineChart {
        title: format!(
            "{} per {}",
            request.metric.report_title(),
            granularity.label()
        ),
        subtitle: format!("{first} to {last}, {}", request.time_zone),
        x_labels,
        series,
    })
}

/// Returns an SVG line chart of one metric of several action maps, as the module docs describe.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_chart_svg(
    action_map_ids: Option<Array<Uuid>>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
    granularity: default!(Option<&str>, "'day'"),
    time_zone: default!(Option<&str>, "current_setting('TimeZone')"),
    metric: default!(Option<EventTypeArg>, "'offered'"),
) -> String {
    const NAME: &str = "amp_chart_svg";
    let ids = or_raise(map_ids(action_map_ids), NAME);
    let request = ChartRequest {
        range_start: or_raise(required(range_start, "range_start"), NAME),
        range_end: or_raise(required(range_end, "range_end"), NAME),
        granularity: or_raise(required(granularity, "granularity"), NAME),
        time_zone: or_raise(required(time_zone, "time_zone"), NAME),
        metric: or_raise(
            required(metric, "metric").and_then(EventTypeArg::metric),
            NAME,
        ),
    };
    let chart = or_raise(build_chart(&ids, &request), NAME);
    render_svg(&chart)
}
