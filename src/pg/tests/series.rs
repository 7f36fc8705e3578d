//! Tests of `amp_series`: bucket edges, DST, gap filling, masks and argument errors.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP};
    use pgrx::prelude::*;

    fn count_rows(query: &str) -> i64 {
        Spi::get_one::<i64>(&format!("SELECT count(*) FROM ({query}) AS rows"))
            .unwrap()
            .unwrap()
    }

    fn insert_chat_event(event_type: &str, occurred_at: &str) {
        Spi::run(&format!(
            "INSERT INTO amp_action_events VALUES (gen_random_uuid(), '{CHAT_MAP}',
                 gen_random_uuid(), 'web_chat', '{event_type}', '{occurred_at}')"
        ))
        .unwrap();
    }

    #[pg_test]
    fn fall_back_day_has_25_hours() {
        load_events(10);
        let query = format!(
            "SELECT * FROM amp_series('{CHAT_MAP}', '2026-11-01 00:00-04', '2026-11-02 00:00-05',
                                      'hour', 'America/New_York')"
        );
        assert_eq!(count_rows(&query), 25);
        let repeated = format!(
            "SELECT * FROM ({query}) AS s
             WHERE to_char(\"time\" AT TIME ZONE 'America/New_York', 'HH24') = '01'"
        );
        assert_eq!(count_rows(&repeated), 2);
    }

    #[pg_test]
    fn spring_forward_day_has_23_hours() {
        load_events(10);
        let query = format!(
            "SELECT * FROM amp_series('{CHAT_MAP}', '2026-03-29 00:00+00', '2026-03-30 00:00+01',
                                      'PT1H', 'Europe/London')"
        );
        assert_eq!(count_rows(&query), 23);
    }

    #[pg_test]
    fn day_buckets_span_dst_days() {
        load_events(10);
        Spi::run("SET LOCAL TimeZone = 'America/New_York'").unwrap();
        // The last bucket has no successor, so only the three full days get a length.
        let lengths = Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(length::text ORDER BY \"time\") FROM (
                 SELECT \"time\", lead(\"time\") OVER (ORDER BY \"time\") - \"time\" AS length
                 FROM amp_series('{CHAT_MAP}', '2026-10-31', '2026-11-04', 'day',
                                 'America/New_York')) AS days
             WHERE length IS NOT NULL"
        ));
        let lengths = lengths.unwrap().unwrap();
        assert_eq!(&lengths[..3], &["1 day", "1 day 01:00:00", "1 day"]);
    }

    #[pg_test]
    fn quarter_hour_zone_starts_at_15() {
        load_events(10);
        let minutes = Spi::get_one::<String>(&format!(
            "SELECT string_agg(DISTINCT to_char(\"time\" AT TIME ZONE 'UTC', 'MI'), ',')
             FROM amp_series('{CHAT_MAP}', '2026-11-01', '2026-11-02', 'hour', 'Asia/Kathmandu')"
        ))
        .unwrap();
        assert_eq!(minutes.as_deref(), Some("15"));
    }

    #[pg_test]
    fn range_edges_are_half_open() {
        load_events(0);
        insert_chat_event("qualified", "2026-11-10 10:00 UTC");
        insert_chat_event("offered", "2026-11-10 11:00 UTC");
        insert_chat_event("accepted", "2026-11-10 10:59:59.999999 UTC");
        let query = format!(
            "SELECT \"time\" AT TIME ZONE 'UTC', qualified, offered, accepted
             FROM amp_series('{CHAT_MAP}', '2026-11-10 10:00 UTC', '2026-11-10 11:00 UTC',
                             'hour', 'UTC')"
        );
        assert_eq!(count_rows(&query), 1);
        let row = Spi::get_three::<i64, i64, i64>(&format!(
            "SELECT qualified, offered, accepted
             FROM amp_series('{CHAT_MAP}', '2026-11-10 10:00 UTC', '2026-11-10 11:00 UTC',
                             'hour', 'UTC')"
        ))
        .unwrap();
        assert_eq!(row, (Some(1), Some(0), Some(1)));
    }

    #[pg_test]
    fn empty_buckets_are_zero() {
        load_events(0);
        let zeros = count_rows(&format!(
            "SELECT * FROM amp_series('{CHAT_MAP}', '2030-01-01', '2030-01-02', 'hour', 'UTC')
             WHERE qualified = 0 AND timed_out = 0"
        ));
        assert_eq!(zeros, 24);
    }

    #[pg_test]
    fn webhook_series_nulls_inapplicable() {
        load_events(10);
        let row = Spi::get_three::<i64, i64, i64>(&format!(
            "SELECT accepted, engaged, timed_out
             FROM amp_series('{HOOK_MAP}', '2030-01-01', '2030-01-01 01:00', 'hour', 'UTC')"
        ))
        .unwrap();
        assert_eq!(row, (None, Some(0), None));
    }

    #[pg_test]
    fn time_zone_defaults_to_session() {
        load_events(0);
        Spi::run("SET LOCAL TimeZone = 'Asia/Kolkata'").unwrap();
        let minute = Spi::get_one::<String>(&format!(
            "SELECT to_char(min(\"time\") AT TIME ZONE 'UTC', 'HH24:MI')
             FROM amp_series('{CHAT_MAP}', '2026-11-10 00:00 UTC', '2026-11-10 02:00 UTC', 'hour')"
        ))
        .unwrap();
        assert_eq!(minute.as_deref(), Some("23:30"));
    }

    #[pg_test]
    fn bad_arguments_raise_sqlstates() {
        load_events(0);
        let call = |arguments: &str| format!("SELECT * FROM amp_series({arguments})");
        let cases = [
            (format!("NULL, '2026-01-01', '2026-01-02'"), "22004"),
            (format!("'{CHAT_MAP}', NULL, '2026-01-02'"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-01', NULL"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', NULL"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', 'day', NULL"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-02', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', '2026-01-01', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', '-infinity', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', '2026-01-01', 'infinity'"), "22023"),
            (format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', 'minute'"), "22023"),
            (format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', 'day', 'Nowhere/Atlantis'"), "22023"),
            (format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', 'day', ''"), "22023"),
            (format!("'{CHAT_MAP}', '1900-01-01', '2026-01-01', 'hour'"), "22023"),
            (format!("'00000000-0000-4000-8000-00000000ffff', '2026-01-01', '2026-01-02'"), "P0002"),
            (format!("'{CHAT_MAP}', '4714-11-24 00:00+00 BC', '4714-11-24 01:00+00 BC', 'day', 'EST5EDT'"), "22003"),
        ];
        for (arguments, expected) in cases {
            let statement = call(&arguments);
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }

    /// Returns the start of the day bucket that contains 2026-06-01 12:00 UTC, as UTC text.
    fn day_start_in(zone_argument: &str) -> Option<String> {
        Spi::get_one::<String>(&format!(
            "SELECT to_char(min(\"time\") AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
             FROM amp_series('{CHAT_MAP}', '2026-06-01 12:00+00', '2026-06-01 13:00+00', 'day'
                             {zone_argument})"
        ))
        .unwrap()
    }

    #[pg_test]
    fn numeric_zone_matches_set_time_zone() {
        load_events(0);
        assert_eq!(day_start_in(", '5'").as_deref(), Some("2026-05-31 19:00"));
        assert_eq!(
            day_start_in(", '-3.5'").as_deref(),
            Some("2026-06-01 03:30")
        );
        Spi::run("SET LOCAL TIME ZONE 5").unwrap();
        assert_eq!(day_start_in("").as_deref(), Some("2026-05-31 19:00"));
    }

    #[pg_test]
    fn zone_forms_set_time_zone_rejects() {
        load_events(0);
        let call = |zone: &str| {
            format!(
                "SELECT * FROM amp_series('{CHAT_MAP}', '2026-01-01', '2026-01-02', 'day', {zone})"
            )
        };
        for zone in [
            "'INTERVAL ''+05:30'''",
            "'right/UTC'",
            "'200'",
            r"E'\x01UTC'",
        ] {
            let statement = call(zone);
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some("22023"),
                "{statement}"
            );
        }
    }

    #[pg_test]
    fn last_representable_day_works() {
        load_events(0);
        let rows = count_rows(&format!(
            "SELECT * FROM amp_series('{CHAT_MAP}', '294276-12-30 UTC', '294276-12-31 UTC', 'day',
                                      'Pacific/Kiritimati')"
        ));
        assert_eq!(rows, 2);
    }

    #[pg_test]
    fn series_keeps_caller_settings() {
        load_events(10);
        let schema = Spi::get_one::<String>(
            "SELECT quote_ident(extnamespace::regnamespace::text) FROM pg_extension WHERE extname = 'amp'",
        )
        .unwrap()
        .unwrap();
        Spi::run("SET LOCAL search_path = pg_catalog").unwrap();
        Spi::run("SET LOCAL jit = on").unwrap();
        let rows = Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM {schema}.amp_series('{CHAT_MAP}', '2026-11-01', '2026-11-02', 'hour', 'UTC')"
        ))
        .unwrap();
        assert_eq!(rows, Some(24));
        let path = Spi::get_one::<String>("SHOW search_path").unwrap();
        assert_eq!(path.as_deref(), Some("pg_catalog"));
        let jit = Spi::get_one::<String>("SHOW jit").unwrap();
        assert_eq!(jit.as_deref(), Some("on"));
    }

    #[pg_test]
    fn series_error_restores_settings() {
        load_events(0);
        let schema = Spi::get_one::<String>(
            "SELECT quote_ident(extnamespace::regnamespace::text) FROM pg_extension WHERE extname = 'amp'",
        )
        .unwrap()
        .unwrap();
        Spi::run("SET LOCAL search_path = pg_catalog").unwrap();
        let statement = format!(
            "SELECT * FROM {schema}.amp_series('00000000-0000-4000-8000-00000000ffff', '2026-01-01', '2026-01-02')"
        );
        assert_eq!(sqlstate_of(&statement).as_deref(), Some("P0002"));
        let path = Spi::get_one::<String>("SHOW search_path").unwrap();
        assert_eq!(path.as_deref(), Some("pg_catalog"));
    }
}
