//! Settings for amp's own SPI queries in set-returning functions: a fixed `search_path`, and
//! JIT compilation off.
//!
//! `#[search_path(...)]` puts a `SET search_path` clause on the SQL function, and PostgreSQL
//! saves and restores the setting around every call. A value-per-call set-returning function,
//! which is what pgrx's `TableIterator` produces, is called once per returned row, so for
//! `amp_series` over a year of hours the clause cost about a third of the call (measured with
//! perf on PostgreSQL 15). `with_query_settings` sets the path once, around the queries that
//! build the rows.
//!
//! The planner cannot see how short the raw edge spans of a series are, so it overestimates
//! that query and JIT-compiles it, which added about 5 ms to a 20 ms series. Counting a heavy
//! map from raw events took the same time with and without JIT (ten million events,
//! PostgreSQL 15), so amp's queries run with `jit = off`.

use crate::domain::error::{AmpError, ErrorKind};
use crate::pg::query::select_one;
use pgrx::pg_sys;
use std::ffi::{CStr, CString};

/// Returns the quoted name of the schema amp is installed in.
fn extension_schema() -> Result<String, AmpError> {
    let schema = select_one::<String>(
        "SELECT pg_catalog.quote_ident(n.nspname)
         FROM pg_catalog.pg_extension AS e
         JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
         WHERE e.extname = 'amp'",
        &[],
    );
    match schema {
        Ok(Some(schema)) => Ok(schema),
        _ => Err(AmpError::new(
            ErrorKind::Internal,
            "the schema of extension \"amp\" was not found",
        )
        .with_hint("Run CREATE EXTENSION amp in this database.")),
    }
}

/// Sets one configuration parameter at the current GUC nest level, as a SET clause does.
fn set_for_call(name: &CStr, value: &str) -> Result<(), AmpError> {
    let value = CString::new(value).map_err(|_| {
        AmpError::new(
            ErrorKind::Internal,
            format!("the value of {name:?} contains a NUL byte"),
        )
    })?;
    unsafe {
        pg_sys::set_config_option(
            name.as_ptr(),
            value.as_ptr(),
            pg_sys::GucContext::PGC_USERSET,
            pg_sys::GucSource::PGC_S_SESSION,
            pg_sys::GucAction::GUC_ACTION_SAVE,
            true,
            0,
            false,
        );
    }
    Ok(())
}

/// Runs `body` with `search_path` set to `pg_catalog`, amp's schema and `pg_temp` and with
/// `jit` off, as SET clauses would, and restores the caller's settings afterwards. When `body`
/// raises an ERROR, the abort of the (sub)transaction restores them.
pub fn with_query_settings<T>(body: impl FnOnce() -> Result<T, AmpError>) -> Result<T, AmpError> {
    let path = format!("pg_catalog, {}, pg_temp", extension_schema()?);
    let nest_level = unsafe { pg_sys::NewGUCNestLevel() };
    let result = set_for_call(c"search_path", &path)
        .and_then(|()| set_for_call(c"jit", "off"))
        .and_then(|()| body());
    unsafe { pg_sys::AtEOXact_GUC(true, nest_level) };
    result
}
