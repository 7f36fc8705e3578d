//! Tests of `amp_export`: equality with `amp_series`, time text, order of maps, selection,
//! argument errors, and hostile names through real COPY output.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::export_support::{
        copy_csv, hostile_map_id, insert_hostile_maps, parse_csv, series_fields, HOSTILE_NAMES,
    };
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP, OFFER_MAP};
    use pgrx::prelude::*;

    const METRIC_COLUMNS: &str =
        "qualified, offered, accepted, started, engaged, rejected, errored, timed_out";

    /// Returns the rows of `amp_export` for one map as text fields in output order, the
    /// metrics empty where NULL.
    fn export_fields(call: &str, map_id: &str) -> Vec<Vec<String>> {
        let rows = Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(concat_ws(',', \"time\", coalesce(qualified::text, ''),
                                        coalesce(offered::text, ''), coalesce(accepted::text, ''),
                                        coalesce(started::text, ''), coalesce(engaged::text, ''),
                                        coalesce(rejected::text, ''), coalesce(errored::text, ''),
                                        coalesce(timed_out::text, '')) ORDER BY position)
             FROM {call} WITH ORDINALITY AS e (\"time\", action_map_id, action_map_name,
                                               {METRIC_COLUMNS}, position)
             WHERE action_map_id = '{map_id}'"
        ))
        .unwrap()
        .unwrap_or_default();
        rows.iter()
            .map(|row| row.split(',').map(str::to_owned).collect())
            .collect()
    }

    #[pg_test]
    fn export_equals_series_in_every_zone() {
        load_events(1_500);
        let cases = [
            (
                "hour",
                "America/New_York",
                "2026-11-01 00:00-04",
                "2026-11-02 00:00-05",
            ),
            (
                "day",
                "America/New_York",
                "2026-10-30 00:00-04",
                "2026-11-04 00:00-05",
            ),
            (
                "hour",
                "Asia/Kathmandu",
                "2026-11-10 00:00+05:45",
                "2026-11-11 00:00+05:45",
            ),
            (
                "day",
                "Asia/Kolkata",
                "2026-11-01 00:00+05:30",
                "2026-11-08 00:00+05:30",
            ),
            (
                "hour",
                "Australia/Adelaide",
                "2026-11-05 00:00+10:30",
                "2026-11-06 00:00+10:30",
            ),
            ("hour", "UTC", "2026-11-15 07:30+00", "2026-11-15 19:10+00"),
        ];
        for (granularity, zone, start, end) in cases {
            let call = format!("amp_export(NULL, '{start}', '{end}', '{granularity}', '{zone}')");
            for map in [CHAT_MAP, HOOK_MAP, OFFER_MAP] {
                let exported = export_fields(&call, map);
                let expected = series_fields(map, start, end, granularity, zone);
                assert!(!expected.is_empty(), "{call}");
                assert_eq!(exported, expected, "{call} {map}");
            }
        }
    }

    #[pg_test]
    fn export_time_uses_quarter_hour_offset() {
        load_events(0);
        let first = Spi::get_one::<String>(&format!(
            "SELECT \"time\" FROM amp_export(ARRAY['{CHAT_MAP}']::uuid[], '2026-06-01 00:00+05:45',
                                             '2026-06-02 00:00+05:45', 'day', 'Asia/Kathmandu')"
        ))
        .unwrap();
        assert_eq!(first.as_deref(), Some("2026-06-01T00:00:00+05:45"));
        let spring = Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(\"time\") FROM amp_export(ARRAY['{CHAT_MAP}']::uuid[],
                 '2026-03-08 01:00-05', '2026-03-08 04:00-04', 'hour', 'America/New_York')"
        ))
        .unwrap()
        .unwrap();
        let expected = ["2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00"];
        assert_eq!(spring, expected);
    }

    #[pg_test]
    fn export_orders_all_maps_by_name_then_id() {
        load_events(0);
        Spi::run(
            "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
             VALUES ('00000000-0000-4000-8000-0000000000b2', 'Chat', 'event', 'x', 'webhook'),
                    ('00000000-0000-4000-8000-0000000000b1', 'Chat', 'event', 'x', 'webhook'),
                    ('00000000-0000-4000-8000-0000000000a0', 'Alpha', 'event', 'x', 'webhook')",
        )
        .unwrap();
        let order = Spi::get_one::<Vec<String>>(
            "SELECT array_agg(firsts.id ORDER BY first_position) FROM (
                 SELECT action_map_name || ' ' || right(action_map_id::text, 2) AS id,
                        min(position) AS first_position
                 FROM amp_export(NULL, '2026-01-01 00:00+00', '2026-01-01 02:00+00', 'hour', 'UTC')
                      WITH ORDINALITY AS e (\"time\", action_map_id, action_map_name, a, b, c, d,
                                            f, g, h, i, position)
                 GROUP BY 1) AS firsts",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            order,
            ["Alpha a0", "Chat 01", "Chat b1", "Chat b2", "Hook 02", "Offer 03"]
        );
    }

    #[pg_test]
    fn export_keeps_list_order_once_each() {
        load_events(10);
        let names = Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(action_map_name || ' ' || \"time\") FROM amp_export(
                 ARRAY['{OFFER_MAP}', '{CHAT_MAP}', '{OFFER_MAP}']::uuid[], '2026-01-01 00:00+00',
                 '2026-01-01 02:00+00', 'hour', 'UTC')"
        ))
        .unwrap()
        .unwrap();
        let expected = [
            "Offer 2026-01-01T00:00:00+00:00",
            "Offer 2026-01-01T01:00:00+00:00",
            "Chat 2026-01-01T00:00:00+00:00",
            "Chat 2026-01-01T01:00:00+00:00",
        ];
        assert_eq!(names, expected);
    }

    #[pg_test]
    fn export_blanks_unselected_and_inapplicable() {
        load_events(200);
        let call = format!(
            "amp_export(ARRAY['{HOOK_MAP}', '{CHAT_MAP}']::uuid[], '2026-11-01 00:00+00',
                        '2026-12-01 00:00+00', 'day', 'UTC', '{{started,offered,offered}}')"
        );
        let hook = export_fields(&call, HOOK_MAP);
        let chat = export_fields(&call, CHAT_MAP);
        assert_eq!(hook.len(), 30);
        assert_eq!(chat.len(), 30);

        for row in &hook {
            // Only offered is both selected and applicable, because webhooks have no started.
            let filled: Vec<bool> = row[1..].iter().map(|cell| !cell.is_empty()).collect();
            assert_eq!(
                filled,
                [false, true, false, false, false, false, false, false],
                "{row:?}"
            );
        }
        for row in &chat {
            let filled: Vec<bool> = row[1..].iter().map(|cell| !cell.is_empty()).collect();
            assert_eq!(
                filled,
                [false, true, false, true, false, false, false, false],
                "{row:?}"
            );
        }

        let offered_total: i64 = hook.iter().map(|row| row[2].parse::<i64>().unwrap()).sum();
        let expected = Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM amp_action_events
             WHERE action_map_id = '{HOOK_MAP}' AND event_type = 'offered'"
        ))
        .unwrap();
        assert_eq!(Some(offered_total), expected);
    }

    #[pg_test]
    fn export_of_no_maps_is_empty() {
        let rows = Spi::get_one::<i64>(
            "SELECT count(*) FROM amp_export(NULL, '2026-01-01', '2026-01-02', 'hour', 'UTC')",
        )
        .unwrap();
        assert_eq!(rows, Some(0));
    }

    #[pg_test]
    fn export_bad_arguments_raise_sqlstates() {
        load_events(0);
        let missing = "00000000-0000-4000-8000-00000000ffff";
        let window = "'2026-01-01', '2026-01-02', 'hour', 'UTC'";
        let cases = [
            (
                format!("ARRAY['{CHAT_MAP}', NULL]::uuid[], {window}"),
                "22004",
            ),
            (format!("NULL, NULL, '2026-01-02', 'hour', 'UTC'"), "22004"),
            (format!("NULL, '2026-01-01', NULL, 'hour', 'UTC'"), "22004"),
            (
                format!("NULL, '2026-01-01', '2026-01-02', NULL, 'UTC'"),
                "22004",
            ),
            (
                format!("NULL, '2026-01-01', '2026-01-02', 'hour', NULL"),
                "22004",
            ),
            (format!("NULL, {window}, '{{offered,NULL}}'"), "22004"),
            (format!("'{{}}', {window}"), "22023"),
            (format!("NULL, {window}, '{{}}'"), "22023"),
            (
                format!("NULL, '2026-01-02', '2026-01-01', 'hour', 'UTC'"),
                "22023",
            ),
            (
                format!("NULL, '2026-01-01', 'infinity', 'hour', 'UTC'"),
                "22023",
            ),
            (
                format!("NULL, '2026-01-01', '2026-01-02', 'week', 'UTC'"),
                "22023",
            ),
            (
                format!("NULL, '2026-01-01', '2026-01-02', 'hour', 'Mars/Olympus'"),
                "22023",
            ),
            (
                format!("NULL, '1900-01-01', '2026-01-01', 'hour', 'UTC'"),
                "22023",
            ),
            (format!("ARRAY['{missing}']::uuid[], {window}"), "P0002"),
            (
                format!("ARRAY['{CHAT_MAP}', '{missing}']::uuid[], {window}"),
                "P0002",
            ),
        ];
        for (arguments, expected) in cases {
            let statement = format!("SELECT * FROM amp_export({arguments})");
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }

    #[pg_test]
    fn export_copy_round_trips_hostile_names() {
        insert_hostile_maps();
        let ids: Vec<String> = (0..HOSTILE_NAMES.len()).map(hostile_map_id).collect();
        let document = copy_csv(&format!(
            "SELECT * FROM amp_export(ARRAY['{}']::uuid[], '2026-03-08 10:00+00', '2026-03-08 12:00+00',
                                      'hour', 'UTC', '{{qualified}}')",
            ids.join("','")
        ));
        let records = parse_csv(&document);
        let header = format!(
            "time,action_map_id,action_map_name,{}",
            METRIC_COLUMNS.replace(", ", ",")
        );
        assert_eq!(records[0].join(","), header);
        // Two hour rows per map, in the list's order.
        assert_eq!(records.len(), 1 + 2 * HOSTILE_NAMES.len());
        for (index, name) in HOSTILE_NAMES.iter().enumerate() {
            for hour in 0..2 {
                let record = &records[1 + 2 * index + hour];
                assert_eq!(record[1], ids[index]);
                assert_eq!(record[2], *name, "name {index}");
                // Map `index` has index + 1 events, all in the first hour.
                let expected = if hour == 0 {
                    (index + 1).to_string()
                } else {
                    "0".to_owned()
                };
                assert_eq!(record[3], expected, "name {index}, hour {hour}");
                assert!(record[4..].iter().all(String::is_empty), "{record:?}");
            }
        }
    }
}
