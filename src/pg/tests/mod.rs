//! `#[pg_test]`s: each runs inside a real PostgreSQL with amp installed, in a transaction
//! that is rolled back afterwards.

mod chart;
mod counts;
mod fixtures;
mod scale_out;
mod series;
mod series_parity;
