//! Helpers shared by the tests of the export functions: maps with hostile names, COPY output
//! read back as text, CSV parsing, and `amp_series` rows as the expected values.

use pgrx::prelude::*;

/// Names that break naive CSV writers, file names or spreadsheets, each on one map.
pub const HOSTILE_NAMES: [&str; 16] = [
    "=HYPERLINK(\"http://example.com\",\"click\")",
    "+1, \"plus\"",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTab first",
    "\rCarriage return first",
    "Line one\nLine two",
    "Comma, inside",
    "\"Quoted\" name",
    "🚀 Rocket chat ✨",
    "../../etc/passwd",
    "\"; DROP TABLE amp_action_maps; --",
    "back\\slash",
    "\\.",
    "",
    " padded ",
];

/// Returns the id of the map that `insert_hostile_maps` gives name `index`.
pub fn hostile_map_id(index: usize) -> String {
    format!("00000000-0000-4000-8000-0000000010{index:02}")
}

/// Inserts one web chat map per hostile name. Map `index` gets index + 1 qualified events at
/// 2026-03-08 10:00 UTC plus `index` minutes, so that every map has a different count.
pub fn insert_hostile_maps() {
    for (index, name) in HOSTILE_NAMES.iter().enumerate() {
        let id = hostile_map_id(index);
        Spi::run_with_args(
            "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
             VALUES ($1::uuid, $2, 'segment', 'Hostile names', 'web_chat')",
            &[id.as_str().into(), (*name).into()],
        )
        .expect("inserting a hostile map failed");
        Spi::run_with_args(
            "INSERT INTO amp_action_events
             SELECT gen_random_uuid(), $1::uuid, gen_random_uuid(), 'web_chat', 'qualified',
                    timestamptz '2026-03-08 10:00 UTC' + $2 * interval '1 minute'
             FROM generate_series(0, $2)",
            &[id.as_str().into(), (index as i32).into()],
        )
        .expect("inserting events of a hostile map failed");
    }
}

/// Runs `COPY (query) TO file WITH (FORMAT csv, HEADER)` on the server and returns the file's
/// text. The file lies in the data directory, which a superuser may write and read back.
pub fn copy_csv(query: &str) -> String {
    let path = Spi::get_one::<String>(
        "SELECT current_setting('data_directory') || '/amp_export_test.csv'",
    )
    .expect("reading data_directory failed")
    .expect("data_directory is set");
    Spi::run(&format!(
        "COPY ({query}) TO '{path}' WITH (FORMAT csv, HEADER)"
    ))
    .expect("COPY failed");
    Spi::get_one_with_args::<String>("SELECT pg_read_file($1)", &[path.as_str().into()])
        .expect("pg_read_file failed")
        .expect("the COPY file is not empty")
}

/// Parses a CSV document into records of fields, the header included.
pub fn parse_csv(document: &str) -> Vec<Vec<String>> {
    let body = document.strip_prefix('\u{FEFF}').unwrap_or(document);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("the CSV document parses")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// Returns the rows of `amp_series` for one map as text fields: the time as ISO 8601 with
/// the zone's offset, formatted by PostgreSQL's `to_char` in that zone, then the eight
/// metrics, empty where NULL.
pub fn series_fields(
    map_id: &str,
    start: &str,
    end: &str,
    granularity: &str,
    zone: &str,
) -> Vec<Vec<String>> {
    Spi::run(&format!("SET LOCAL TimeZone = '{zone}'")).expect("setting TimeZone failed");
    let rows = Spi::get_one::<Vec<String>>(&format!(
        "SELECT array_agg(concat_ws(',', to_char(\"time\", 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM'),
                                    coalesce(qualified::text, ''), coalesce(offered::text, ''),
                                    coalesce(accepted::text, ''), coalesce(started::text, ''),
                                    coalesce(engaged::text, ''), coalesce(rejected::text, ''),
                                    coalesce(errored::text, ''), coalesce(timed_out::text, ''))
                          ORDER BY \"time\")
         FROM amp_series('{map_id}', '{start}', '{end}', '{granularity}', '{zone}')"
    ))
    .expect("amp_series failed")
    .unwrap_or_default();
    Spi::run("RESET TimeZone").expect("resetting TimeZone failed");
    rows.iter()
        .map(|row| row.split(',').map(str::to_owned).collect())
        .collect()
}
