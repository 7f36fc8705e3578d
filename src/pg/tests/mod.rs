//! `#[pg_test]`s: each runs inside a real PostgreSQL with amp installed, in a transaction
//! that is rolled back afterwards.

mod counts;
mod fixtures;
mod ingest;
mod series;
mod series_parity;
