//! amp: action map performance analytics inside PostgreSQL.
//!
//! `domain` contains the domain logic in plain Rust, and `pg` is the PostgreSQL layer built with
//! pgrx.
//! The SQL objects that are not functions live in the files under `sql/`, wired in below in
//! the order they depend on each other.

pub mod domain;
pub mod pg;

::pgrx::pg_module_magic!();

/// Registers amp's settings when PostgreSQL loads the library.
#[pgrx::pg_guard]
pub extern "C-unwind" fn _PG_init() {
    pg::rollup::define_settings();
}

pgrx::extension_sql_file!("../sql/types.sql", name = "types", bootstrap);
pgrx::extension_sql_file!(
    "../sql/functions.sql",
    name = "functions",
    requires = ["types"]
);
pgrx::extension_sql_file!(
    "../sql/tables.sql",
    name = "tables",
    requires = ["functions"]
);
pgrx::extension_sql_file!("../sql/rollup.sql", name = "rollup", requires = ["tables"]);
pgrx::extension_sql_file!(
    "../sql/aggregate.sql",
    name = "aggregate",
    requires = ["functions", pg::aggregate::amp_counts_combine]
);
pgrx::extension_sql_file!(
    "../sql/ingest_tables.sql",
    name = "ingest_tables",
    requires = ["tables"]
);
pgrx::extension_sql_file!(
    "../sql/ingest_batch.sql",
    name = "ingest_batch",
    requires = ["ingest_tables", pg::ingest::amp_parse_event_time]
);
pgrx::extension_sql_file!(
    "../sql/ingest.sql",
    name = "ingest",
    requires = ["ingest_batch"]
);
pgrx::extension_sql_file!(
    "../sql/views.sql",
    name = "views",
    requires = ["tables", "aggregate"]
);
pgrx::extension_sql_file!("../sql/comments.sql", name = "comments", finalize);

#[cfg(test)]
pub mod pg_test {
    pub fn setup(_options: Vec<&str>) {}

    pub fn postgresql_conf_options() -> Vec<&'static str> {
        vec![]
    }
}
