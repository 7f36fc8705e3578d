//! Tests of `amp_series_long`: values against count(*) per hour, row order, metric selection
//! and argument errors.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP};
    use pgrx::prelude::*;

    /// Counts per UTC hour and metric of one map, with the metrics that apply written out.
    fn plain_long(map: &str, metrics: &str, start: &str, end: &str) -> String {
        format!(
            "SELECT h AS \"time\", m.metric::text AS metric, count(e.event_id) AS value
             FROM generate_series('{start}'::timestamptz, '{end}'::timestamptz - interval '1 hour',
                                  interval '1 hour') AS h
             CROSS JOIN unnest('{metrics}'::amp_event_type[]) AS m (metric)
             LEFT JOIN amp_action_events e ON e.action_map_id = '{map}'
                  AND e.event_type = m.metric
                  AND e.occurred_at >= h AND e.occurred_at < h + interval '1 hour'
             GROUP BY 1, 2"
        )
    }

    fn differences(left: &str, right: &str) -> Option<i64> {
        Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM ((({left}) EXCEPT ({right}))
                                   UNION ALL (({right}) EXCEPT ({left}))) AS d"
        ))
        .unwrap()
    }

    #[pg_test]
    fn long_series_match_plain_query() {
        load_events(3_000);
        let (start, end) = ("2026-11-04 00:00 UTC", "2026-11-06 00:00 UTC");
        let cases = [
            (
                CHAT_MAP,
                "{qualified,offered,accepted,started,engaged,rejected,errored,timed_out}",
            ),
            (HOOK_MAP, "{qualified,offered,engaged,rejected,errored}"),
        ];
        for (map, metrics) in cases {
            let long = format!(
                "SELECT * FROM amp_series_long('{map}', '{start}', '{end}', 'hour', 'UTC')"
            );
            let plain = plain_long(map, metrics, start, end);
            assert_eq!(differences(&long, &plain), Some(0), "{map}");
            let nonzero = Spi::get_one::<i64>(&format!(
                "SELECT count(*) FROM ({long}) AS l WHERE value > 0"
            ));
            assert!(nonzero.unwrap().unwrap_or(0) > 0, "{map}");
        }
    }

    #[pg_test]
    fn rows_ordered_by_time_then_metric() {
        load_events(500);
        let misplaced = Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM (
                 SELECT position,
                        row_number() OVER (ORDER BY \"time\", metric::amp_event_type) AS expected
                 FROM amp_series_long('{CHAT_MAP}', '2026-11-01', '2026-11-03', 'hour', 'UTC')
                      WITH ORDINALITY AS l (\"time\", metric, value, position)) AS o
             WHERE position <> expected"
        ))
        .unwrap();
        assert_eq!(misplaced, Some(0));
        let first_bucket = Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(metric ORDER BY position)
             FROM amp_series_long('{HOOK_MAP}', '2026-11-01', '2026-11-01 01:00', 'hour', 'UTC')
                  WITH ORDINALITY AS l (\"time\", metric, value, position)"
        ))
        .unwrap()
        .unwrap();
        assert_eq!(
            first_bucket,
            ["qualified", "offered", "engaged", "rejected", "errored"]
        );
    }

    #[pg_test]
    fn selection_collapses_and_orders() {
        load_events(100);
        let metrics = Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(metric ORDER BY position)
             FROM amp_series_long('{CHAT_MAP}', '2026-11-01', '2026-11-01 02:00', 'hour', 'UTC',
                                  '{{timed_out,qualified,timed_out}}')
                  WITH ORDINALITY AS l (\"time\", metric, value, position)"
        ))
        .unwrap()
        .unwrap();
        assert_eq!(
            metrics,
            ["qualified", "timed_out", "qualified", "timed_out"]
        );
    }

    #[pg_test]
    fn inapplicable_selection_returns_nothing() {
        load_events(100);
        let rows = Spi::get_one::<i64>(&format!(
            "SELECT count(*) FROM amp_series_long('{HOOK_MAP}', '2026-11-01', '2026-11-02',
                                                  'hour', 'UTC', '{{started,timed_out}}')"
        ))
        .unwrap();
        assert_eq!(rows, Some(0));
        let partly = Spi::get_one::<Vec<String>>(&format!(
            "SELECT array_agg(DISTINCT metric) FROM amp_series_long('{HOOK_MAP}', '2026-11-01',
                 '2026-11-02', 'day', 'UTC', '{{accepted,engaged}}')"
        ))
        .unwrap()
        .unwrap();
        assert_eq!(partly, ["engaged"]);
    }

    #[pg_test]
    fn long_series_follow_dst_buckets() {
        load_events(10);
        let buckets = Spi::get_one::<i64>(&format!(
            "SELECT count(DISTINCT \"time\") FROM amp_series_long('{CHAT_MAP}',
                 '2026-11-01 00:00-04', '2026-11-02 00:00-05', 'hour', 'America/New_York',
                 '{{qualified}}')"
        ))
        .unwrap();
        assert_eq!(buckets, Some(25));
    }

    #[pg_test]
    fn long_bad_arguments_raise_sqlstates() {
        load_events(0);
        let range = "'2026-01-01', '2026-01-02'";
        let cases = [
            (
                format!("'{CHAT_MAP}', {range}, 'hour', 'UTC', '{{}}'"),
                "22023",
            ),
            (
                format!("'{CHAT_MAP}', {range}, 'hour', 'UTC', '{{qualified,NULL}}'"),
                "22004",
            ),
            (
                format!("'{CHAT_MAP}', {range}, metrics => ARRAY[NULL]::amp_event_type[]"),
                "22004",
            ),
            (
                format!("'{CHAT_MAP}', {range}, 'hour', 'UTC', '{{clicked}}'"),
                "22P02",
            ),
            (format!("NULL, {range}"), "22004"),
            (format!("'{CHAT_MAP}', NULL, '2026-01-02'"), "22004"),
            (format!("'{CHAT_MAP}', {range}, NULL"), "22004"),
            (format!("'{CHAT_MAP}', {range}, 'hour', NULL"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-02', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', {range}, 'week'"), "22023"),
            (
                format!("'{CHAT_MAP}', {range}, 'hour', 'Nowhere/Atlantis'"),
                "22023",
            ),
            (
                format!("'00000000-0000-4000-8000-00000000ffff', {range}"),
                "P0002",
            ),
        ];
        for (arguments, expected) in cases {
            let statement = format!("SELECT * FROM amp_series_long({arguments})");
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }
}
