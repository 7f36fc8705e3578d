//! The Rust helper of ingestion. The ingest functions themselves are set-based PL/pgSQL in
//! `sql/ingest.sql`; this module gives them the one check SQL cannot make without an
//! exception block per row: whether a text is a timestamp with a UTC offset.
//!
//! ```sql
//! SELECT amp_parse_event_time('2026-11-01T14:30:00+01:00');  -- 2026-11-01 13:30:00+00
//! SELECT amp_parse_event_time('2026-11-01 14:30');           -- NULL: no UTC offset
//! ```

use crate::domain::event_time::parse_event_time;
use pgrx::prelude::*;

/// Parses an event time in the form ingestion accepts (ISO 8601 with a UTC offset, see
/// `crate::domain::event_time`), or returns NULL when the text has another form.
#[pg_extern(immutable, strict, parallel_safe)]
fn amp_parse_event_time(text: &str) -> Option<TimestampWithTimeZone> {
    let micros = parse_event_time(text)?;
    TimestampWithTimeZone::try_from(micros).ok()
}
