//! Tests of `amp_counts`, its support functions and `amp_metric_applies`.

#[pgrx::pg_schema]
mod tests {
    use crate::domain::metric::{ActionType, Metric};
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, HOOK_MAP};
    use pgrx::prelude::*;

    /// Rows of amp_counts per map that differ from the hand-written FILTER query, both ways.
    const MISMATCH_WITH_FILTER: &str = "
        WITH amp AS (
            SELECT action_map_id, (amp_counts(action_type, event_type)).*
            FROM amp_action_events GROUP BY action_map_id
        ), plain AS (
            SELECT e.action_map_id,
                   count(*) FILTER (WHERE event_type = 'qualified') AS qualified,
                   count(*) FILTER (WHERE event_type = 'offered') AS offered,
                   count(*) FILTER (WHERE event_type = 'accepted') AS accepted,
                   count(*) FILTER (WHERE event_type = 'started') AS started,
                   count(*) FILTER (WHERE event_type = 'engaged') AS engaged,
                   count(*) FILTER (WHERE event_type = 'rejected') AS rejected,
                   count(*) FILTER (WHERE event_type = 'errored') AS errored,
                   count(*) FILTER (WHERE event_type = 'timed_out') AS timed_out
            FROM amp_action_events e GROUP BY e.action_map_id
        ), expected AS (
            SELECT p.action_map_id,
                   p.qualified, p.offered,
                   CASE WHEN amp_metric_applies(m.action_type, 'accepted') THEN p.accepted END,
                   CASE WHEN amp_metric_applies(m.action_type, 'started') THEN p.started END,
                   CASE WHEN amp_metric_applies(m.action_type, 'engaged') THEN p.engaged END,
                   p.rejected, p.errored,
                   CASE WHEN amp_metric_applies(m.action_type, 'timed_out') THEN p.timed_out END
            FROM plain p JOIN amp_action_maps m USING (action_map_id)
        )
        SELECT count(*) FROM (
            (SELECT action_map_id, qualified, offered, accepted, started, engaged, rejected,
                    errored, timed_out FROM amp EXCEPT SELECT * FROM expected)
            UNION ALL
            (SELECT * FROM expected EXCEPT SELECT action_map_id, qualified, offered, accepted,
                    started, engaged, rejected, errored, timed_out FROM amp)
        ) AS differences";

    fn force_parallel_plan() {
        Spi::run(
            "SET LOCAL parallel_setup_cost = 0;
             SET LOCAL parallel_tuple_cost = 0;
             SET LOCAL min_parallel_table_scan_size = 0;
             SET LOCAL max_parallel_workers_per_gather = 2;
             SET LOCAL parallel_leader_participation = off",
        )
        .unwrap();
    }

    #[pg_test]
    fn applies_matches_core_table() {
        for action in ActionType::ALL {
            for metric in Metric::ALL {
                let query = format!(
                    "SELECT amp_metric_applies('{}', '{}')",
                    action.label(),
                    metric.label()
                );
                let applies = Spi::get_one::<bool>(&query).unwrap();
                assert_eq!(applies, Some(action.applies(metric)), "{query}");
            }
        }
    }

    #[pg_test]
    fn counts_equal_filter_query() {
        load_events(2_000);
        assert_eq!(Spi::get_one::<i64>(MISMATCH_WITH_FILTER).unwrap(), Some(0));
    }

    #[pg_test]
    fn counts_of_zero_rows_are_null() {
        let row = Spi::get_two::<i64, i32>(
            "SELECT (c).qualified, (c).applicable
             FROM (SELECT amp_counts(action_type, event_type) AS c
                   FROM amp_action_events WHERE false) AS empty",
        )
        .unwrap();
        assert_eq!(row, (None, Some(0)));
    }

    #[pg_test]
    fn counts_skip_null_arguments() {
        let row = Spi::get_two::<i64, i64>(
            "SELECT (c).qualified, (c).engaged FROM (
                 SELECT amp_counts(a, e) AS c FROM (VALUES
                     ('webhook'::amp_action_type, 'qualified'::amp_event_type),
                     (NULL, 'qualified'),
                     ('webhook', NULL)) AS v (a, e)) AS counted",
        )
        .unwrap();
        assert_eq!(row, (Some(1), Some(0)));
    }

    #[pg_test]
    fn counts_mask_follows_seen_types() {
        load_events(50);
        let applicable = Spi::get_one::<i32>(&format!(
            "SELECT (amp_counts(action_type, event_type)).applicable
             FROM amp_action_events WHERE action_map_id = '{HOOK_MAP}'"
        ))
        .unwrap();
        let expected = ActionType::Webhook.applicable_metrics() as i32;
        assert_eq!(applicable, Some(expected));
        let accepted = Spi::get_one::<i64>(&format!(
            "SELECT (amp_counts(action_type, event_type)).accepted
             FROM amp_action_events WHERE action_map_id = '{HOOK_MAP}'"
        ))
        .unwrap();
        assert_eq!(accepted, None);
    }

    #[pg_test]
    fn parallel_plan_has_partial_aggregate() {
        load_events(20_000);
        Spi::run("ANALYZE amp_action_events").unwrap();
        force_parallel_plan();
        let plan = Spi::get_one::<pgrx::Json>(
            "EXPLAIN (FORMAT JSON) SELECT action_map_id, amp_counts(action_type, event_type)
             FROM amp_action_events GROUP BY action_map_id",
        )
        .unwrap()
        .unwrap();
        let plan = plan.0.to_string();
        assert!(plan.contains("\"Partial Mode\":\"Partial\""), "{plan}");
        assert!(plan.contains("Gather"), "{plan}");
        assert_eq!(Spi::get_one::<i64>(MISMATCH_WITH_FILTER).unwrap(), Some(0));
    }

    #[pg_test]
    fn parallel_filter_leaves_group_empty() {
        load_events(20_000);
        Spi::run("ANALYZE amp_action_events").unwrap();
        force_parallel_plan();
        let query = "SELECT count(*) FROM (
                         SELECT action_map_id,
                                amp_counts(action_type, event_type)
                                    FILTER (WHERE occurred_at < '2000-01-01') AS c
                         FROM amp_action_events GROUP BY action_map_id) AS g
                     WHERE (c).qualified IS NULL AND (c).applicable = 0";
        assert_eq!(Spi::get_one::<i64>(query).unwrap(), Some(3));
    }

    #[pg_test]
    fn transition_rejects_inapplicable_pair() {
        let statement = "SELECT amp_counts(a, e) FROM (VALUES
                             ('content_offer'::amp_action_type, 'engaged'::amp_event_type)) AS v (a, e)";
        assert_eq!(sqlstate_of(statement).as_deref(), Some("22023"));
    }

    #[pg_test]
    fn support_functions_reject_malformed_states() {
        let statements = [
            "SELECT amp_counts_trans('{1,2}', 'webhook', 'qualified')",
            "SELECT amp_counts_trans('{0,0,0,0,0,0,0,0,NULL}', 'webhook', 'qualified')",
            "SELECT amp_counts_trans('{0,0,-1,0,0,0,0,0,0}', 'webhook', 'qualified')",
            "SELECT amp_counts_combine('{0,0,0,0,0,0,0,0,0}', '{1}')",
            "SELECT amp_counts_combine('{0,0,0,0,0,0,0,0,0}', '{0,0,0,0,0,0,0,0,64}')",
            "SELECT amp_counts_final('{0,0,0,0,0,0,0,0,NULL}')",
            "SELECT amp_counts_final('{{0,0,0},{0,0,0},{0,0,1}}')",
            "SELECT amp_counts_combine('{{0,0,0},{0,0,0},{0,0,1}}', '{0,0,0,0,0,0,0,0,0}')",
            "SELECT amp_counts_trans('{{0,0,0},{0,0,0},{0,0,1}}', 'webhook', 'qualified')",
        ];
        for statement in statements {
            assert_eq!(
                sqlstate_of(statement).as_deref(),
                Some("22023"),
                "{statement}"
            );
        }
    }

    #[pg_test]
    fn direct_transition_leaves_argument_intact() {
        let row = Spi::get_two::<Vec<i64>, Vec<i64>>(
            "WITH s AS (SELECT '{0,0,0,0,0,0,0,0,0}'::bigint[] AS state)
             SELECT amp_counts_trans(state, 'web_chat', 'started'), state FROM s",
        )
        .unwrap();
        assert_eq!(row.0, Some(vec![0, 0, 0, 1, 0, 0, 0, 0, 1]));
        assert_eq!(row.1, Some(vec![0; 9]));
    }

    #[pg_test]
    fn expanded_counts_have_named_columns() {
        let columns = Spi::get_one::<String>(
            "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute
             WHERE attrelid = 'amp_metric_counts'::regclass",
        )
        .unwrap();
        let expected =
            "qualified,offered,accepted,started,engaged,rejected,errored,timed_out,applicable";
        assert_eq!(columns.as_deref(), Some(expected));
    }
}
