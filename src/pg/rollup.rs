//! The 15-minute rollup `amp_rollup_15m`: the `amp.use_rollups` setting and
//! `amp_rollup_rebuild`.
//!
//! ```sql
//! ALTER TABLE amp_action_events DISABLE TRIGGER amp_action_events_rollup_insert;
//! COPY amp_action_events FROM '/data/events.csv' (FORMAT csv);
//! ALTER TABLE amp_action_events ENABLE TRIGGER amp_action_events_rollup_insert;
//! SELECT amp_rollup_rebuild();          -- or amp_rollup_rebuild('…map id…')
//! SELECT * FROM amp_rollup_check();     -- zero rows: rollup and raw events agree
//! ```
//! The table and its triggers are in `sql/rollup.sql`. The rebuild locks `amp_action_events`
//! in SHARE ROW EXCLUSIVE mode until the transaction ends, so writers wait while readers,
//! including series that read the old rollup rows, go on.

use crate::domain::error::{AmpError, ErrorKind};
use crate::pg::error::{or_raise, spi_failed};
use crate::pg::query::select_one;
use crate::pg::series::map_action_type;
use pgrx::guc::{GucContext, GucFlags, GucRegistry, GucSetting};
use pgrx::prelude::*;
use pgrx::{pg_sys, Uuid};
use std::time::{Duration, Instant};

/// `amp.use_rollups`: whether series read whole 15-minute slots from the rollup.
static USE_ROLLUPS: GucSetting<bool> = GucSetting::<bool>::new(true);

/// Minimum time between two progress NOTICEs of a rebuild.
const PROGRESS_INTERVAL: Duration = Duration::from_secs(5);

/// Registers amp's settings. `_PG_init` calls it once per backend, when the library loads.
pub fn define_settings() {
    GucRegistry::define_bool_guc(
        c"amp.use_rollups",
        c"Reads whole 15-minute slots of series from the rollup amp_rollup_15m.",
        c"When off, series count every event from amp_action_events. The results are the same \
          either way; turn it off to compare them or to bypass a rollup that is being rebuilt.",
        &USE_ROLLUPS,
        GucContext::Userset,
        GucFlags::default(),
    );
}

/// Returns the value of `amp.use_rollups`.
pub fn use_rollups() -> bool {
    USE_ROLLUPS.get() && rollup_exists()
}

/// Returns whether the rollup table exists, which it does not in a database still at amp
/// 0.1.0: the shared library is one file for every version, and must count there from raw
/// events. Series queries run with amp's schema on the search_path.
fn rollup_exists() -> bool {
    matches!(
        select_one::<bool>(
            "SELECT pg_catalog.to_regclass('amp_rollup_15m') IS NOT NULL",
            &[]
        ),
        Ok(Some(true))
    )
}

/// Rows written and events counted by a rebuild.
#[derive(Default)]
struct RebuildTotals {
    rows: i64,
    events: i64,
}

fn reject_snapshot_isolation() -> Result<(), AmpError> {
    let level = unsafe { pg_sys::XactIsoLevel } as u32;
    if level >= pg_sys::XACT_REPEATABLE_READ {
        return Err(AmpError::new(
            ErrorKind::Unsupported,
            "amp_rollup_rebuild requires the READ COMMITTED isolation level",
        )
        .with_detail(
            "Under REPEATABLE READ or SERIALIZABLE the transaction's snapshot is older than the \
             lock the rebuild takes, so it could miss events committed in between.",
        )
        .with_hint(
            "Run it in a READ COMMITTED transaction: BEGIN ISOLATION LEVEL READ COMMITTED; \
             SELECT amp_rollup_rebuild(); COMMIT;",
        ));
    }
    Ok(())
}

/// Recomputes the rollup rows of one map from its raw events.
fn rebuild_map(action_map_id: Uuid) -> Result<RebuildTotals, AmpError> {
    let query = "WITH inserted AS (
                     INSERT INTO amp_rollup_15m (action_map_id, slot_start, action_type, qualified,
                         offered, accepted, started, engaged, rejected, errored, timed_out)
                     SELECT e.action_map_id, amp_rollup_slot(e.occurred_at), e.action_type,
                            count(*) FILTER (WHERE e.event_type = 'qualified'),
                            count(*) FILTER (WHERE e.event_type = 'offered'),
                            count(*) FILTER (WHERE e.event_type = 'accepted'),
                            count(*) FILTER (WHERE e.event_type = 'started'),
                            count(*) FILTER (WHERE e.event_type = 'engaged'),
                            count(*) FILTER (WHERE e.event_type = 'rejected'),
                            count(*) FILTER (WHERE e.event_type = 'errored'),
                            count(*) FILTER (WHERE e.event_type = 'timed_out')
                     FROM amp_action_events AS e
                     WHERE e.action_map_id = $1
                     GROUP BY 1, 2, 3
                     RETURNING qualified + offered + accepted + started + engaged + rejected
                               + errored + timed_out AS events)
                 SELECT count(*), coalesce(sum(events), 0)::bigint FROM inserted";
    let (rows, events) = Spi::get_two_with_args::<i64, i64>(query, &[action_map_id.into()])
        .map_err(|error| spi_failed("amp_rollup_rebuild: counting the events of a map", error))?;
    Ok(RebuildTotals {
        rows: rows.unwrap_or(0),
        events: events.unwrap_or(0),
    })
}

/// Locks the events against writers and deletes the rollup rows that will be recomputed;
/// returns the maps to recompute.
fn prepare_rebuild(action_map_id: Option<Uuid>) -> Result<Vec<Uuid>, AmpError> {
    Spi::run("LOCK TABLE amp_action_events IN SHARE ROW EXCLUSIVE MODE")
        .map_err(|error| spi_failed("amp_rollup_rebuild: locking amp_action_events", error))?;
    if let Some(action_map_id) = action_map_id {
        map_action_type(action_map_id)?;
        Spi::run_with_args(
            "DELETE FROM amp_rollup_15m WHERE action_map_id = $1",
            &[action_map_id.into()],
        )
        .map_err(|error| spi_failed("amp_rollup_rebuild: deleting the map's rollup rows", error))?;
        return Ok(vec![action_map_id]);
    }
    Spi::run("DELETE FROM amp_rollup_15m")
        .map_err(|error| spi_failed("amp_rollup_rebuild: emptying the rollup", error))?;
    Spi::connect(|client| {
        let rows = client.select(
            "SELECT action_map_id FROM amp_action_maps ORDER BY 1",
            None,
            &[],
        )?;
        let mut maps = Vec::new();
        for row in rows {
            // The primary key is never NULL.
            maps.extend(row.get::<Uuid>(1)?);
        }
        Ok::<_, pgrx::spi::SpiError>(maps)
    })
    .map_err(|error| spi_failed("amp_rollup_rebuild: listing the action maps", error))
}

/// Recomputes the rollup from `amp_action_events`, for one map or, when `action_map_id` is
/// NULL, for all of them, and returns the number of events counted. Sends a NOTICE with the
/// progress at most every 5 seconds and one when done.
#[pg_extern(volatile, parallel_unsafe)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_rollup_rebuild(action_map_id: default!(Option<Uuid>, "NULL")) -> i64 {
    const NAME: &str = "amp_rollup_rebuild";
    or_raise(reject_snapshot_isolation(), NAME);
    let maps = or_raise(prepare_rebuild(action_map_id), NAME);

    let began = Instant::now();
    let mut last_notice = began;
    let mut totals = RebuildTotals::default();
    for (done, map) in maps.iter().enumerate() {
        pg_sys::check_for_interrupts!();
        let map_totals = or_raise(rebuild_map(*map), NAME);
        totals.rows += map_totals.rows;
        totals.events += map_totals.events;
        if last_notice.elapsed() >= PROGRESS_INTERVAL && done + 1 < maps.len() {
            last_notice = Instant::now();
            notice!(
                "amp_rollup_rebuild: {} of {} action maps done, {} events in {} rollup rows, {:.1} s",
                done + 1,
                maps.len(),
                totals.events,
                totals.rows,
                began.elapsed().as_secs_f64()
            );
        }
    }
    notice!(
        "amp_rollup_rebuild: finished, action maps: {}, events: {}, rollup rows: {}, {:.1} s",
        maps.len(),
        totals.events,
        totals.rows,
        began.elapsed().as_secs_f64()
    );
    totals.events
}
