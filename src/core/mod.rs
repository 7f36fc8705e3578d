//! The domain core: plain Rust with no PostgreSQL dependency, so `cargo test` checks it without
//! a server. The pgrx layer in `crate::pg` only converts types and reports errors.

pub mod buckets;
pub mod counts;
pub mod error;
pub mod granularity;
pub mod metric;
pub mod selection;
pub mod slots;
