//! `amp_export_filename`: a safe file name for an export of one action map.
//!
//! ```sql
//! SELECT amp_export_filename('…map id…', '2026-03-01 00:00+00', '2026-04-01 00:00+00');
//! -- amp-chat-for-pricing-from-20260301T000000Z-to-20260401T000000Z.csv
//! ```
//! The name contains the slug of the map's name and the range's bounds in UTC in ISO 8601's
//! basic form; `crate::domain::file_name` gives the slug rules. The range must be finite and not
//! empty, as for `amp_series`.

use crate::domain::error::AmpError;
use crate::domain::file_name::export_file_name;
use crate::pg::error::or_raise;
use crate::pg::export_maps::load_map;
use crate::pg::series::{check_range, required};
use pgrx::prelude::*;
use pgrx::Uuid;

fn file_name(
    action_map_id: Option<Uuid>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
) -> Result<String, AmpError> {
    let action_map_id = required(action_map_id, "action_map_id")?;
    let range_start = required(range_start, "range_start")?;
    let range_end = required(range_end, "range_end")?;
    check_range(range_start, range_end)?;
    let map = load_map(action_map_id)?;
    Ok(export_file_name(
        &map.name,
        &map.id.to_string(),
        range_start.into_inner(),
        range_end.into_inner(),
    ))
}

/// Returns a file name for an export of an action map over a range: `amp-<slug of the
/// name>-from-<start>-to-<end>.csv`, the instants in UTC, such as `20260301T000000Z`.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_export_filename(
    action_map_id: Option<Uuid>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
) -> String {
    or_raise(
        file_name(action_map_id, range_start, range_end),
        "amp_export_filename",
    )
}
