//! Tests of the rollup triggers, `amp_rollup_check` and `amp_rollup_rebuild`.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP, OFFER_MAP};
    use pgrx::prelude::*;

    fn differences() -> i64 {
        Spi::get_one::<i64>("SELECT count(*) FROM amp_rollup_check()")
            .unwrap()
            .unwrap()
    }

    fn rollup_total() -> i64 {
        Spi::get_one::<i64>(
            "SELECT coalesce(sum(qualified + offered + accepted + started + engaged + rejected
                                 + errored + timed_out), 0)::bigint
             FROM amp_rollup_15m",
        )
        .unwrap()
        .unwrap()
    }

    fn event_total() -> i64 {
        Spi::get_one::<i64>("SELECT count(*) FROM amp_action_events")
            .unwrap()
            .unwrap()
    }

    fn run(statement: &str) {
        Spi::run(statement).unwrap_or_else(|error| panic!("{statement}: {error}"));
    }

    /// Returns how many rows of a month of hourly series differ between rollup and raw reads.
    fn series_differences(map: &str) -> i64 {
        let series = format!(
            "SELECT * FROM amp_series('{map}', '2026-10-31 23:07:30 UTC', '2026-12-01 00:50 UTC',
                                      'hour', 'America/New_York')"
        );
        run(&format!(
            "CREATE TEMP TABLE with_rollup ON COMMIT DROP AS {series}"
        ));
        run("SET LOCAL amp.use_rollups = off");
        run(&format!(
            "CREATE TEMP TABLE raw_only ON COMMIT DROP AS {series}"
        ));
        run("SET LOCAL amp.use_rollups = on");
        let count = Spi::get_one::<i64>(
            "SELECT count(*) FROM ((TABLE with_rollup EXCEPT TABLE raw_only)
                                   UNION ALL (TABLE raw_only EXCEPT TABLE with_rollup)) AS d",
        )
        .unwrap()
        .unwrap();
        run("DROP TABLE with_rollup, raw_only");
        count
    }

    #[pg_test]
    fn insert_fills_rollup() {
        load_events(500);
        assert_eq!(rollup_total(), event_total());
        assert_eq!(differences(), 0);
        let misaligned = Spi::get_one::<i64>(
            "SELECT count(*) FROM amp_rollup_15m WHERE slot_start <> amp_rollup_slot(slot_start)",
        );
        assert_eq!(misaligned.unwrap(), Some(0));
    }

    #[pg_test]
    fn update_moves_counts() {
        load_events(500);
        run("UPDATE amp_action_events SET occurred_at = occurred_at + interval '7 minutes'
             WHERE event_id IN (SELECT event_id FROM amp_action_events ORDER BY event_id LIMIT 200)");
        assert_eq!(differences(), 0);
        run("UPDATE amp_action_events SET event_type = 'qualified' WHERE event_type = 'offered'");
        assert_eq!(differences(), 0);
        let offered =
            Spi::get_one::<i64>("SELECT sum(offered)::bigint FROM amp_rollup_15m").unwrap();
        assert_eq!(offered, Some(0));
        assert_eq!(rollup_total(), event_total());
    }

    #[pg_test]
    fn update_of_other_columns_keeps_rollup() {
        load_events(200);
        let before = Spi::get_one::<i64>("SELECT count(*) FROM amp_rollup_15m").unwrap();
        // An updated row gets a new ctid, so equal ctids show that no row was written.
        let locations =
            "SELECT string_agg(ctid::text, ',' ORDER BY action_map_id, slot_start, action_type)
                         FROM amp_rollup_15m";
        let locations_before = Spi::get_one::<String>(locations).unwrap();
        run("UPDATE amp_action_events SET action_id = gen_random_uuid()");
        let locations_after = Spi::get_one::<String>(locations).unwrap();
        assert_eq!(
            Spi::get_one::<i64>("SELECT count(*) FROM amp_rollup_15m").unwrap(),
            before
        );
        assert_eq!(locations_before, locations_after);
        assert_eq!(differences(), 0);
    }

    #[pg_test]
    fn delete_subtracts_and_drops_empty_slots() {
        load_events(500);
        run("DELETE FROM amp_action_events WHERE occurred_at < '2026-11-10'");
        assert_eq!(differences(), 0);
        assert_eq!(rollup_total(), event_total());
        let early = Spi::get_one::<i64>(
            "SELECT count(*) FROM amp_rollup_15m WHERE slot_start < '2026-11-10'",
        );
        assert_eq!(early.unwrap(), Some(0));
        run(&format!(
            "DELETE FROM amp_action_events WHERE action_map_id = '{HOOK_MAP}'"
        ));
        let hook_rows = Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM amp_rollup_15m WHERE action_map_id = '{HOOK_MAP}'"
        ));
        assert_eq!(hook_rows.unwrap(), Some(0));
        assert_eq!(differences(), 0);
    }

    #[pg_test]
    fn truncate_empties_rollup() {
        load_events(100);
        run("TRUNCATE amp_action_events");
        assert_eq!(
            Spi::get_one::<i64>("SELECT count(*) FROM amp_rollup_15m").unwrap(),
            Some(0)
        );
    }

    #[pg_test]
    fn merge_and_upsert_keep_rollup_exact() {
        load_events(300);
        run("CREATE TEMP TABLE incoming ON COMMIT DROP AS
             SELECT * FROM amp_action_events ORDER BY event_id LIMIT 120");
        run(
            "UPDATE incoming SET occurred_at = occurred_at + interval '50 minutes',
                                 event_id = CASE WHEN event_id::text < '8' THEN gen_random_uuid()
                                                 ELSE event_id END",
        );
        run("MERGE INTO amp_action_events AS e USING incoming AS i ON e.event_id = i.event_id
             WHEN MATCHED AND i.occurred_at < '2026-11-15' THEN UPDATE SET occurred_at = i.occurred_at
             WHEN MATCHED THEN DELETE
             WHEN NOT MATCHED THEN INSERT VALUES (i.event_id, i.action_map_id, i.action_id,
                                                  i.action_type, i.event_type, i.occurred_at)");
        assert_eq!(differences(), 0);
        run("INSERT INTO amp_action_events SELECT * FROM incoming
             ON CONFLICT (event_id) DO UPDATE SET event_type = 'rejected'");
        assert_eq!(differences(), 0);
        assert_eq!(rollup_total(), event_total());
    }

    #[pg_test]
    fn check_reports_each_difference() {
        load_events(0);
        run("ALTER TABLE amp_action_events DISABLE TRIGGER amp_action_events_rollup_insert");
        run(&format!(
            "INSERT INTO amp_action_events VALUES
                 (gen_random_uuid(), '{CHAT_MAP}', gen_random_uuid(), 'web_chat', 'offered',
                  '2026-11-03 10:14:59.999999 UTC'),
                 (gen_random_uuid(), '{CHAT_MAP}', gen_random_uuid(), 'web_chat', 'offered',
                  '2026-11-03 10:00 UTC')"
        ));
        run(&format!(
            "INSERT INTO amp_rollup_15m (action_map_id, slot_start, action_type, engaged)
             VALUES ('{OFFER_MAP}', '2026-11-03 10:15 UTC', 'content_offer', 3)"
        ));
        let rows = Spi::connect(|client| {
            client
                .select(
                    "SELECT action_map_id::text, slot_start = '2026-11-03 10:00 UTC', event_type::text,
                            rollup_count, raw_count
                     FROM amp_rollup_check()",
                    None,
                    &[],
                )
                .unwrap()
                .map(|row| {
                    (
                        row.get::<String>(1).unwrap().unwrap(),
                        row.get::<bool>(2).unwrap().unwrap(),
                        row.get::<String>(3).unwrap().unwrap(),
                        row.get::<i64>(4).unwrap().unwrap(),
                        row.get::<i64>(5).unwrap().unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        });
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(
            rows[0],
            (CHAT_MAP.to_string(), true, "offered".to_string(), 0, 2)
        );
        assert_eq!(
            rows[1],
            (OFFER_MAP.to_string(), false, "engaged".to_string(), 3, 0)
        );
    }

    #[pg_test]
    fn rebuild_after_bulk_load_without_triggers() {
        load_events(200);
        run("ALTER TABLE amp_action_events DISABLE TRIGGER amp_action_events_rollup_insert");
        load_more_events();
        run("ALTER TABLE amp_action_events ENABLE TRIGGER amp_action_events_rollup_insert");
        assert!(differences() > 0);
        assert!(series_differences(CHAT_MAP) > 0);

        let counted = Spi::get_one::<i64>("SELECT amp_rollup_rebuild()").unwrap();
        assert_eq!(counted, Some(event_total()));
        assert_eq!(differences(), 0);
        assert_eq!(series_differences(CHAT_MAP), 0);
        assert_eq!(series_differences(HOOK_MAP), 0);
    }

    #[pg_test]
    fn rebuild_of_one_map_leaves_others() {
        load_events(200);
        run("ALTER TABLE amp_action_events DISABLE TRIGGER USER");
        load_more_events();
        run("ALTER TABLE amp_action_events ENABLE TRIGGER USER");
        let hook_events = Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM amp_action_events WHERE action_map_id = '{HOOK_MAP}'"
        ));
        let counted = Spi::get_one::<i64>(&format!("SELECT amp_rollup_rebuild('{HOOK_MAP}')"));
        assert_eq!(counted.unwrap(), hook_events.unwrap());
        let maps_differing = Spi::get_one::<Vec<String>>(
            "SELECT array_agg(DISTINCT action_map_id::text) FROM amp_rollup_check()",
        );
        let mut expected = vec![CHAT_MAP.to_string(), OFFER_MAP.to_string()];
        expected.sort();
        assert_eq!(maps_differing.unwrap(), Some(expected));
        assert_eq!(series_differences(HOOK_MAP), 0);
    }

    #[pg_test]
    fn rebuild_rejects_unknown_map() {
        load_events(0);
        let statement = "SELECT amp_rollup_rebuild('00000000-0000-4000-8000-00000000ffff')";
        assert_eq!(sqlstate_of(statement).as_deref(), Some("P0002"));
    }

    #[pg_test]
    fn series_reads_rollup_when_enabled() {
        load_events(300);
        // Doubling the rollup counts shows which source a series read.
        run("UPDATE amp_rollup_15m SET qualified = qualified * 2");
        assert!(series_differences(CHAT_MAP) > 0);
        run(&format!("SELECT amp_rollup_rebuild('{CHAT_MAP}')"));
        assert_eq!(series_differences(CHAT_MAP), 0);
    }

    /// Adds a second batch of events to every map, a week after the first.
    fn load_more_events() {
        run("INSERT INTO amp_action_events
             SELECT gen_random_uuid(), action_map_id, gen_random_uuid(), action_type, event_type,
                    occurred_at + interval '7 days 3 minutes'
             FROM amp_action_events");
    }
}
