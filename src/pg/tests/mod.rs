//! `#[pg_test]`s: each runs inside a real PostgreSQL with amp installed, in a transaction
//! that is rolled back afterwards.

mod cards;
mod catalog;
mod chart;
mod compare;
mod counts;
mod export;
mod export_csv;
mod export_spreadsheet;
mod export_support;
mod fixtures;
mod ingest;
mod rates;
mod rollup;
mod rollup_parity;
mod scale_out;
mod series;
mod series_long;
mod series_parity;
