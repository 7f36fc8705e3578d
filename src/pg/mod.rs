//! The PostgreSQL layer: fmgr entry points, SPI queries and error reporting, built with pgrx.
//! Each module here converts between SQL values and the domain core in `crate::domain`.

pub mod aggregate;
pub mod applicability;
pub mod cards;
pub mod chart;
pub mod compare;
pub mod enum_args;
pub mod enum_cache;
pub mod enum_values;
pub mod error;
pub mod export;
pub mod export_csv;
pub mod export_filename;
pub mod export_maps;
pub mod fmgr;
pub mod ingest;
pub mod query;
pub mod query_settings;
pub mod rates;
pub mod rollup;
pub mod series;
pub mod series_long;
pub mod slot_counts;
pub mod zone;

#[cfg(any(test, feature = "pg_test"))]
mod tests;
