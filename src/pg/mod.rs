//! The PostgreSQL layer: fmgr entry points, SPI queries and error reporting, built with pgrx.
//! Each module here converts between SQL values and the domain core in `crate::core`.

pub mod aggregate;
pub mod applicability;
pub mod enum_args;
pub mod enum_cache;
pub mod error;
pub mod fmgr;
pub mod query_settings;
pub mod rollup;
pub mod series;
pub mod slot_counts;
pub mod zone;

#[cfg(any(test, feature = "pg_test"))]
mod tests;
