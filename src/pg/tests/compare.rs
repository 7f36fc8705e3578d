//! Tests of `amp_compare`: totals against count(*) FILTER, the previous range across DST, the
//! relative change and argument errors.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP, OFFER_MAP};
    use pgrx::prelude::*;

    /// Per metric that applies (listed in `metrics`), counts in [start, end) and in the range
    /// of equal length before it, computed with count(*) FILTER.
    fn plain_compare(map: &str, metrics: &str, start: &str, end: &str) -> String {
        format!(
            "WITH bounds AS (
                 SELECT '{start}'::timestamptz AS s, '{end}'::timestamptz AS e,
                        '{start}'::timestamptz
                        - ('{end}'::timestamptz - '{start}'::timestamptz) AS p),
             totals AS (
                 SELECT m.metric,
                        count(ev.event_id) FILTER (WHERE ev.occurred_at >= b.s
                                                     AND ev.occurred_at < b.e) AS current_total,
                        count(ev.event_id) FILTER (WHERE ev.occurred_at >= b.p
                                                     AND ev.occurred_at < b.s) AS previous_total
                 FROM bounds b
                 CROSS JOIN unnest('{metrics}'::amp_event_type[]) AS m (metric)
                 LEFT JOIN amp_action_events ev ON ev.action_map_id = '{map}'
                      AND ev.event_type = m.metric
                 GROUP BY m.metric)
             SELECT metric::text, current_total, previous_total,
                    current_total - previous_total AS difference,
                    (current_total - previous_total)::numeric / NULLIF(previous_total, 0)
                        AS relative_change
             FROM totals"
        )
    }

    fn differences(left: &str, right: &str) -> Option<i64> {
        Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM ((({left}) EXCEPT ({right}))
                                   UNION ALL (({right}) EXCEPT ({left}))) AS d"
        ))
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
    fn compare_matches_plain_query() {
        load_events(3_000);
        // plain_compare subtracts an interval, which is an equal span of real time only in a
        // zone without offset changes.
        Spi::run("SET LOCAL TimeZone = 'UTC'").unwrap();
        let all = "{qualified,offered,accepted,started,engaged,rejected,errored,timed_out}";
        let cases = [
            (
                CHAT_MAP,
                all,
                "2026-11-16 00:00 UTC",
                "2026-11-23 00:00 UTC",
            ),
            (
                CHAT_MAP,
                all,
                "2026-11-10 13:17 UTC",
                "2026-11-12 02:00 UTC",
            ),
            (
                HOOK_MAP,
                "{qualified,offered,engaged,rejected,errored}",
                "2026-11-15 00:00 UTC",
                "2026-12-01 00:00 UTC",
            ),
            (
                OFFER_MAP,
                "{qualified,offered,accepted,rejected,errored}",
                "2026-11-20 00:00 UTC",
                "2026-11-27 00:00 UTC",
            ),
            (
                OFFER_MAP,
                "{qualified,offered,accepted,rejected,errored}",
                "2026-11-02 00:00 UTC",
                "2026-11-03 00:00 UTC",
            ),
        ];
        for (map, metrics, start, end) in cases {
            let compare = format!("SELECT * FROM amp_compare('{map}', '{start}', '{end}', 'UTC')");
            let plain = plain_compare(map, metrics, start, end);
            assert_eq!(
                differences(&compare, &plain),
                Some(0),
                "{map} [{start}, {end})"
            );
            let rows =
                Spi::get_one::<i64>(&format!("SELECT count(*) FROM ({compare}) AS c")).unwrap();
            let expected = metrics.split(',').count() as i64;
            assert_eq!(rows, Some(expected), "{map} [{start}, {end})");
        }
    }

    #[pg_test]
    fn metrics_in_canonical_order() {
        load_events(10);
        let metrics = Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(metric ORDER BY position)
             FROM amp_compare('{HOOK_MAP}', '2026-11-10', '2026-11-11', 'UTC')
                  WITH ORDINALITY AS c (metric, current_total, previous_total, difference,
                                        relative_change, position)"
        ))
        .unwrap()
        .unwrap();
        assert_eq!(
            metrics,
            ["qualified", "offered", "engaged", "rejected", "errored"]
        );
    }

    #[pg_test]
    fn previous_range_is_equal_real_time() {
        load_events(0);
        // The New York week from 2026-11-01 lasts 169 hours because of the autumn change, so
        // the previous range starts 169 hours earlier: 2026-10-24 23:00 EDT.
        insert_chat_event("qualified", "2026-10-24 22:59:59.999999-04");
        insert_chat_event("qualified", "2026-10-24 23:00:00-04");
        insert_chat_event("qualified", "2026-10-31 23:59:59.999999-04");
        insert_chat_event("qualified", "2026-11-01 00:00:00-04");
        insert_chat_event("qualified", "2026-11-07 23:59:59.999999-05");
        insert_chat_event("qualified", "2026-11-08 00:00:00-05");
        let totals = Spi::get_two::<i64, i64>(&format!(
            "SELECT current_total, previous_total
             FROM amp_compare('{CHAT_MAP}', '2026-11-01 00:00-04', '2026-11-08 00:00-05',
                              'America/New_York')
             WHERE metric = 'qualified'"
        ))
        .unwrap();
        assert_eq!(totals, (Some(2), Some(2)));
    }

    #[pg_test]
    fn time_zone_leaves_totals_unchanged() {
        load_events(1_000);
        let call = |zone: &str| {
            format!(
                "SELECT * FROM amp_compare('{CHAT_MAP}', '2026-11-12 00:00 UTC',
                                           '2026-11-19 00:00 UTC', '{zone}')"
            )
        };
        for zone in ["America/New_York", "Asia/Kathmandu", "Australia/Adelaide"] {
            assert_eq!(differences(&call("UTC"), &call(zone)), Some(0), "{zone}");
        }
    }

    #[pg_test]
    fn relative_change_values() {
        load_events(0);
        // Qualified: 2 on the day before, 3 on the day compared.
        for occurred_at in ["2026-11-09 01:00 UTC", "2026-11-09 02:00 UTC"] {
            insert_chat_event("qualified", occurred_at);
        }
        for occurred_at in [
            "2026-11-10 01:00 UTC",
            "2026-11-10 02:00 UTC",
            "2026-11-10 03:00 UTC",
        ] {
            insert_chat_event("qualified", occurred_at);
        }
        insert_chat_event("offered", "2026-11-10 04:00 UTC");
        insert_chat_event("errored", "2026-11-09 04:00 UTC");

        let totals = |metric: &str| {
            Spi::get_three::<i64, i64, i64>(&format!(
                "SELECT current_total, previous_total, difference
                 FROM amp_compare('{CHAT_MAP}', '2026-11-10 00:00 UTC', '2026-11-11 00:00 UTC',
                                  'UTC')
                 WHERE metric = '{metric}'"
            ))
            .unwrap()
        };
        let relative_change = |metric: &str| {
            Spi::get_one::<String>(&format!(
                "SELECT relative_change::text
                 FROM amp_compare('{CHAT_MAP}', '2026-11-10 00:00 UTC', '2026-11-11 00:00 UTC',
                                  'UTC')
                 WHERE metric = '{metric}'"
            ))
            .unwrap()
        };

        assert_eq!(totals("qualified"), (Some(3), Some(2), Some(1)));
        assert_eq!(
            relative_change("qualified").as_deref(),
            Some("0.50000000000000000000")
        );

        assert_eq!(totals("offered"), (Some(1), Some(0), Some(1)));
        assert_eq!(relative_change("offered"), None);

        assert_eq!(totals("errored"), (Some(0), Some(1), Some(-1)));
        assert_eq!(
            relative_change("errored").as_deref(),
            Some("-1.00000000000000000000")
        );
    }

    #[pg_test]
    fn compare_bad_arguments_raise_sqlstates() {
        load_events(0);
        let range = "'2026-01-01', '2026-01-02'";
        let cases = [
            (format!("NULL, {range}"), "22004"),
            (format!("'{CHAT_MAP}', NULL, '2026-01-02'"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-01', NULL"), "22004"),
            (format!("'{CHAT_MAP}', {range}, NULL"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-02', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', '2026-01-01', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', '-infinity', '2026-01-01'"), "22023"),
            (
                format!("'{CHAT_MAP}', {range}, 'Nowhere/Atlantis'"),
                "22023",
            ),
            (format!("'{CHAT_MAP}', {range}, ''"), "22023"),
            (
                format!("'00000000-0000-4000-8000-00000000ffff', {range}"),
                "P0002",
            ),
            (
                format!("'{CHAT_MAP}', '4000-01-01 BC', '2026-01-01', 'UTC'"),
                "22003",
            ),
        ];
        for (arguments, expected) in cases {
            let statement = format!("SELECT * FROM amp_compare({arguments})");
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }
}
