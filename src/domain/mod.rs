//! The domain core: plain Rust with no PostgreSQL dependency, so `cargo test` checks it without
//! a server. The pgrx layer in `crate::pg` only converts types and reports errors.

pub mod buckets;
pub mod chart;
pub mod comparison;
pub mod counts;
pub mod csv_report;
pub mod error;
pub mod event_time;
pub mod file_name;
pub mod granularity;
pub mod iso8601;
pub mod metric;
pub mod rates;
pub mod selection;
pub mod slots;
