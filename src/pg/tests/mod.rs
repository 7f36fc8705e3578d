//! `#[pg_test]`s: each runs inside a real PostgreSQL with amp installed, in a transaction
//! that is rolled back afterwards.

mod catalog;
mod counts;
mod fixtures;
mod rollup;
mod rollup_parity;
mod series;
mod series_parity;
