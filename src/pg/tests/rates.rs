//! Tests of `amp_rates`: values against numeric division of count(*) per day, NULL rates and
//! argument errors.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP, OFFER_MAP};
    use pgrx::prelude::*;

    /// Rates per UTC day of one map from count(*) FILTER; `has_accepted` and `has_engaged`
    /// write out whether the map's action type has those metrics.
    fn plain_rates(
        map: &str,
        has_accepted: bool,
        has_engaged: bool,
        start: &str,
        end: &str,
    ) -> String {
        format!(
            "WITH counts AS (
                 SELECT d,
                        count(e.event_id) FILTER (WHERE e.event_type = 'qualified') AS qualified,
                        count(e.event_id) FILTER (WHERE e.event_type = 'offered') AS offered,
                        CASE WHEN {has_accepted}
                             THEN count(e.event_id) FILTER (WHERE e.event_type = 'accepted')
                        END AS accepted,
                        CASE WHEN {has_engaged}
                             THEN count(e.event_id) FILTER (WHERE e.event_type = 'engaged')
                        END AS engaged
                 FROM generate_series('{start}'::timestamptz,
                                      '{end}'::timestamptz - interval '1 day',
                                      interval '1 day') AS d
                 LEFT JOIN amp_action_events e ON e.action_map_id = '{map}'
                      AND e.occurred_at >= d AND e.occurred_at < d + interval '1 day'
                 GROUP BY d)
             SELECT d AS \"time\",
                    offered::numeric / NULLIF(qualified, 0) AS offered_rate,
                    accepted::numeric / NULLIF(offered, 0) AS accepted_rate,
                    engaged::numeric / NULLIF(accepted, 0) AS engaged_rate
             FROM counts"
        )
    }

    fn differences(left: &str, right: &str) -> Option<i64> {
        Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM ((({left}) EXCEPT ({right}))
                                   UNION ALL (({right}) EXCEPT ({left}))) AS d"
        ))
        .unwrap()
    }

    fn insert_chat_events(event_type: &str, count: i64, occurred_at: &str) {
        Spi::run(&format!(
            "INSERT INTO amp_action_events
             SELECT gen_random_uuid(), '{CHAT_MAP}', gen_random_uuid(), 'web_chat', '{event_type}',
                    '{occurred_at}'
             FROM generate_series(1, {count})"
        ))
        .unwrap();
    }

    #[pg_test]
    fn rates_match_plain_query() {
        load_events(2_000);
        let (start, end) = ("2026-11-01 00:00 UTC", "2026-12-01 00:00 UTC");
        for (map, has_accepted, has_engaged) in [
            (CHAT_MAP, true, true),
            (HOOK_MAP, false, true),
            (OFFER_MAP, true, false),
        ] {
            let rates =
                format!("SELECT * FROM amp_rates('{map}', '{start}', '{end}', 'day', 'UTC')");
            let plain = plain_rates(map, has_accepted, has_engaged, start, end);
            assert_eq!(differences(&rates, &plain), Some(0), "{map}");
        }
    }

    #[pg_test]
    fn rates_are_exact_fractions() {
        load_events(0);
        insert_chat_events("qualified", 3, "2026-11-10 10:15 UTC");
        insert_chat_events("offered", 1, "2026-11-10 10:20 UTC");
        insert_chat_events("accepted", 1, "2026-11-10 10:25 UTC");
        insert_chat_events("engaged", 2, "2026-11-10 10:30 UTC");
        let row = Spi::get_three::<String, String, String>(&format!(
            "SELECT offered_rate::text, accepted_rate::text, engaged_rate::text
             FROM amp_rates('{CHAT_MAP}', '2026-11-10 10:00 UTC', '2026-11-10 11:00 UTC',
                            'hour', 'UTC')"
        ))
        .unwrap();
        assert_eq!(row.0.as_deref(), Some("0.33333333333333333333"));
        assert_eq!(row.1.as_deref(), Some("1.00000000000000000000"));
        // Engaged can exceed accepted, so a rate above 1 passes through unchanged.
        assert_eq!(row.2.as_deref(), Some("2.0000000000000000"));
    }

    #[pg_test]
    fn zero_denominators_give_null() {
        load_events(0);
        insert_chat_events("offered", 2, "2026-11-10 10:15 UTC");
        let rows = Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM amp_rates('{CHAT_MAP}', '2026-11-10 00:00 UTC',
                                            '2026-11-11 00:00 UTC', 'hour', 'UTC')
             WHERE offered_rate IS NULL AND engaged_rate IS NULL"
        ))
        .unwrap();
        assert_eq!(rows, Some(24));
        let accepted = Spi::get_one::<String>(&format!(
            "SELECT accepted_rate::text FROM amp_rates('{CHAT_MAP}', '2026-11-10 10:00 UTC',
                                                       '2026-11-10 11:00 UTC', 'hour', 'UTC')"
        ))
        .unwrap();
        assert_eq!(accepted.as_deref(), Some("0.00000000000000000000"));
    }

    #[pg_test]
    fn webhook_rates_lack_accepted() {
        load_events(500);
        let row = Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM amp_rates('{HOOK_MAP}', '2026-11-01', '2026-12-01', 'day', 'UTC')
             WHERE offered_rate IS NOT NULL AND accepted_rate IS NULL AND engaged_rate IS NULL"
        ))
        .unwrap();
        assert_eq!(row, Some(30));
    }

    #[pg_test]
    fn rates_follow_series_buckets() {
        load_events(10);
        let times = Spi::get_one::<bool>(&format!(
            "SELECT array_agg(r.\"time\" ORDER BY r.\"time\") = (
                        SELECT array_agg(s.\"time\" ORDER BY s.\"time\")
                        FROM amp_series('{CHAT_MAP}', '2026-11-01 00:00-04', '2026-11-03 00:00-05',
                                        'day', 'America/New_York') AS s)
             FROM amp_rates('{CHAT_MAP}', '2026-11-01 00:00-04', '2026-11-03 00:00-05', 'day',
                            'America/New_York') AS r"
        ))
        .unwrap();
        assert_eq!(times, Some(true));
    }

    #[pg_test]
    fn rates_bad_arguments_raise_sqlstates() {
        load_events(0);
        let range = "'2026-01-01', '2026-01-02'";
        let cases = [
            (format!("NULL, {range}"), "22004"),
            (format!("'{CHAT_MAP}', NULL, '2026-01-02'"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-01', NULL"), "22004"),
            (format!("'{CHAT_MAP}', {range}, NULL"), "22004"),
            (format!("'{CHAT_MAP}', {range}, 'day', NULL"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-02', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', 'infinity', 'infinity'"), "22023"),
            (format!("'{CHAT_MAP}', {range}, 'minute'"), "22023"),
            (
                format!("'{CHAT_MAP}', {range}, 'day', 'Nowhere/Atlantis'"),
                "22023",
            ),
            (
                format!("'00000000-0000-4000-8000-00000000ffff', {range}"),
                "P0002",
            ),
        ];
        for (arguments, expected) in cases {
            let statement = format!("SELECT * FROM amp_rates({arguments})");
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }
}
