//! Tests of `amp_export`'s spreadsheet option and its argument defaults.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::export_support::{hostile_map_id, insert_hostile_maps, HOSTILE_NAMES};
    use crate::pg::tests::fixtures::{load_events, sqlstate_of};
    use pgrx::prelude::*;

    fn exported_name(index: usize, for_spreadsheet: bool) -> String {
        Spi::get_one::<String>(&format!(
            "SELECT DISTINCT action_map_name
             FROM amp_export(ARRAY['{}']::uuid[], '2026-03-08 10:00+00', '2026-03-08 11:00+00',
                             'hour', 'UTC', for_spreadsheet => {for_spreadsheet})",
            hostile_map_id(index)
        ))
        .unwrap()
        .unwrap()
    }

    #[pg_test]
    fn spreadsheet_export_guards_formula_names() {
        insert_hostile_maps();
        for (index, name) in HOSTILE_NAMES.iter().enumerate() {
            let starts_formula = name.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let expected = if starts_formula {
                format!("'{name}")
            } else {
                name.to_string()
            };
            assert_eq!(exported_name(index, true), expected, "name {index}");
            assert_eq!(exported_name(index, false), *name, "name {index}");
        }
    }

    #[pg_test]
    fn export_defaults_to_hours_in_session_zone() {
        load_events(0);
        Spi::run("SET LOCAL TimeZone = 'Asia/Kolkata'").unwrap();
        let times = Spi::get_one::<Vec<String>>(
            "SELECT array_agg(DISTINCT \"time\" ORDER BY \"time\")
             FROM amp_export(NULL, '2026-06-01 00:00+05:30', '2026-06-01 02:00+05:30')",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            times,
            vec!["2026-06-01T00:00:00+05:30", "2026-06-01T01:00:00+05:30"]
        );
    }

    #[pg_test]
    fn export_rejects_null_spreadsheet_flag() {
        load_events(0);
        let statement = "SELECT * FROM amp_export(NULL, '2026-06-01', '2026-06-02', 'day', 'UTC',
                                                  for_spreadsheet => NULL)";
        assert_eq!(sqlstate_of(statement).as_deref(), Some("22004"));
    }
}
