//! `amp_export_csv`: one action map's report as a complete CSV document in a `text` value.
//!
//! ```sql
//! SELECT amp_export_csv('…map id…', '2026-03-08 00:00-05', '2026-03-09 00:00-04', 'hour',
//!                       'America/New_York', '{qualified,offered}', for_spreadsheet => true);
//! ```
//! The header row is `time` and then the report titles ("Web Actions Qualified", …) of the
//! selected metrics that apply to the map's action type, in report order. When none of the
//! selected metrics applies, the document has the `time` column alone. One row follows per
//! bucket of `amp_series` for the same arguments, with the time in ISO 8601 with the zone's
//! offset, as `amp_export` writes it, and the counts.
//!
//! The plain document is UTF-8 with LF line ends and equals byte for byte what
//! `COPY (SELECT time AS "time", qualified AS "Web Actions Qualified", …) TO STDOUT WITH
//! (FORMAT csv, HEADER)` writes for the same values. With `for_spreadsheet` it starts with a
//! UTF-8 byte-order mark, ends lines with CRLF, and guards text cells against formula
//! injection (see `crate::domain::csv_report`). The byte-order mark is U+FEFF, which only a UTF8
//! or SQL_ASCII database can hold, so `for_spreadsheet` is rejected in other databases.

use crate::domain::buckets::ZoneRules;
use crate::domain::csv_report::{Cell, CsvDocument};
use crate::domain::error::AmpError;
use crate::domain::iso8601;
use crate::domain::metric::Metric;
use crate::domain::selection::applicable_selection;
use crate::pg::enum_args::{metrics_argument, EventTypeArg};
use crate::pg::error::or_raise;
use crate::pg::series::{required, SeriesRequest};
use pgrx::prelude::*;
use pgrx::{pg_sys, Array, Uuid};
use std::ffi::CStr;

const NAME: &str = "amp_export_csv";

/// Checks that the database can store the byte-order mark of a spreadsheet document.
fn check_spreadsheet_encoding() -> Result<(), AmpError> {
    let encoding = unsafe { pg_sys::GetDatabaseEncoding() };
    let utf8 = pg_sys::pg_enc::PG_UTF8 as i32;
    let sql_ascii = pg_sys::pg_enc::PG_SQL_ASCII as i32;
    if encoding == utf8 || encoding == sql_ascii {
        return Ok(());
    }
    let name = unsafe { CStr::from_ptr(pg_sys::GetDatabaseEncodingName()) }.to_string_lossy();
    Err(AmpError::invalid(format!(
        "for_spreadsheet requires a database encoding of UTF8 or SQL_ASCII, not {name}"
    ))
    .with_detail(format!(
        "A spreadsheet document starts with the byte-order mark U+FEFF, which {name} cannot represent."
    ))
    .with_hint(
        "Pass for_spreadsheet => false, or export from a database created with ENCODING 'UTF8'.",
    ))
}

/// Writes the document of a validated request.
fn write_document(
    request: &SeriesRequest,
    metrics: &[Metric],
    for_spreadsheet: bool,
) -> Result<String, AmpError> {
    let buckets = request.count()?;
    let mut document = CsvDocument::new(for_spreadsheet);
    let mut header = vec![Cell::Text("time")];
    header.extend(
        metrics
            .iter()
            .map(|metric| Cell::Text(metric.report_title())),
    );
    document.write_row(&header);
    for bucket in buckets {
        let start = bucket.start.into_inner();
        let time = iso8601::with_offset(start, request.zone.offset_at(start));
        let mut row = vec![Cell::Text(&time)];
        row.extend(
            metrics
                .iter()
                .map(|metric| Cell::Number(bucket.counts[metric.index()])),
        );
        document.write_row(&row);
    }
    Ok(document.finish())
}

/// Returns one action map's hour or day report as an RFC 4180 CSV document; see the module
/// docs for the columns and the two flavours.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_export_csv(
    action_map_id: Option<Uuid>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
    granularity: default!(Option<&str>, "'hour'"),
    time_zone: default!(Option<&str>, "current_setting('TimeZone')"),
    metrics: default!(Option<Array<EventTypeArg>>, "NULL"),
    for_spreadsheet: default!(Option<bool>, "false"),
) -> String {
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
    let for_spreadsheet = or_raise(required(for_spreadsheet, "for_spreadsheet"), NAME);
    if for_spreadsheet {
        or_raise(check_spreadsheet_encoding(), NAME);
    }
    let metrics = applicable_selection(selection, request.action_type);
    or_raise(write_document(&request, &metrics, for_spreadsheet), NAME)
}
