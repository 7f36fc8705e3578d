//! Properties that a Citus deployment relies on, checked on one server, because Citus cannot be
//! installed here. Citus combines partial states of a custom aggregate only when its state
//! type is not a pseudo-type and it has a combine function. The state then travels as text,
//! so it must survive a text round trip, and the combine must not depend on how the rows
//! were split. Hash partitions by action_map_id stand in for shards distributed by it.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::load_events;
    use pgrx::prelude::*;

    /// Creates `random_state`, a table of random valid states: 8 counters below 10^12, so that
    /// three of them add without overflow, and a random set of seen action types. The
    /// subquery refers to `i` so that it runs again for every row.
    fn create_random_states(count: i64) {
        Spi::run(&format!(
            "SELECT setseed(0.25);
             CREATE TEMP TABLE random_state AS
             SELECT i AS id,
                    ARRAY(SELECT (random() * 1e12)::bigint FROM generate_series(1, 8) WHERE i > 0)
                        || (random() * 15)::bigint AS state
             FROM generate_series(1, {count}) AS i"
        ))
        .unwrap();
    }

    fn count(query: &str) -> i64 {
        Spi::get_one::<i64>(query).unwrap().unwrap()
    }

    #[pg_test]
    fn state_type_is_not_pseudo_type() {
        let row = Spi::get_two::<String, String>(
            "SELECT t.typname::text, t.typtype::text
             FROM pg_aggregate AS a
             JOIN pg_type AS t ON t.oid = a.aggtranstype
             WHERE a.aggfnoid = 'amp_counts(amp_action_type, amp_event_type)'::regprocedure",
        )
        .unwrap();
        assert_eq!(row.0.as_deref(), Some("_int8"));
        // 'b' is a base type, where 'p' would be a pseudo-type such as internal.
        assert_eq!(row.1.as_deref(), Some("b"));
    }

    #[pg_test]
    fn aggregate_has_combine_and_no_serialization() {
        let row = Spi::get_three::<String, String, String>(
            "SELECT a.aggcombinefn::text, a.aggserialfn::text, p.proparallel::text
             FROM pg_aggregate AS a
             JOIN pg_proc AS p ON p.oid = a.aggfnoid
             WHERE a.aggfnoid = 'amp_counts(amp_action_type, amp_event_type)'::regprocedure",
        )
        .unwrap();
        assert_eq!(row.0.as_deref(), Some("amp_counts_combine"));
        // A state of a concrete type travels as its text form, so it needs no serial function.
        assert_eq!(row.1.as_deref(), Some("-"));
        assert_eq!(row.2.as_deref(), Some("s"));
    }

    #[pg_test]
    fn state_survives_text_round_trip() {
        create_random_states(200);
        let changed = count(
            "SELECT count(*) FROM random_state
             WHERE amp_counts_final(state::text::bigint[])
                   IS DISTINCT FROM amp_counts_final(state)",
        );
        assert_eq!(changed, 0);
    }

    #[pg_test]
    fn combine_with_empty_is_identity() {
        create_random_states(200);
        let empty = "'{0,0,0,0,0,0,0,0,0}'::bigint[]";
        let left = count(&format!(
            "SELECT count(*) FROM random_state WHERE amp_counts_combine(state, {empty}) <> state"
        ));
        let right = count(&format!(
            "SELECT count(*) FROM random_state WHERE amp_counts_combine({empty}, state) <> state"
        ));
        assert_eq!(left, 0);
        assert_eq!(right, 0);
    }

    #[pg_test]
    fn combine_is_commutative() {
        create_random_states(100);
        let differences = count(
            "SELECT count(*) FROM random_state AS a CROSS JOIN random_state AS b
             WHERE amp_counts_combine(a.state, b.state) <> amp_counts_combine(b.state, a.state)",
        );
        assert_eq!(differences, 0);
    }

    #[pg_test]
    fn combine_is_associative() {
        create_random_states(30);
        let checked =
            count("SELECT count(*) FROM random_state AS a, random_state AS b, random_state AS c");
        let differences = count(
            "SELECT count(*) FROM random_state AS a, random_state AS b, random_state AS c
             WHERE amp_counts_combine(amp_counts_combine(a.state, b.state), c.state)
                <> amp_counts_combine(a.state, amp_counts_combine(b.state, c.state))",
        );
        assert_eq!(checked, 27_000);
        assert_eq!(differences, 0);
    }

    /// Copies the events into `events_by_map`, partitioned by HASH (action_map_id) into 4
    /// partitions, and turns on partitionwise aggregation.
    fn create_hash_partitioned_copy() {
        load_events(3_000);
        Spi::run(
            "CREATE TEMP TABLE events_by_map (LIKE amp_action_events)
                 PARTITION BY HASH (action_map_id)",
        )
        .unwrap();
        for remainder in 0..4 {
            Spi::run(&format!(
                "CREATE TEMP TABLE events_by_map_{remainder} PARTITION OF events_by_map
                     FOR VALUES WITH (MODULUS 4, REMAINDER {remainder})"
            ))
            .unwrap();
        }
        Spi::run(
            "INSERT INTO events_by_map SELECT * FROM amp_action_events;
             ANALYZE events_by_map;
             SET LOCAL enable_partitionwise_aggregate = on;
             SET LOCAL max_parallel_workers_per_gather = 0",
        )
        .unwrap();
    }

    /// Returns the number of rows in which two queries differ, counted both ways.
    fn differences(left: &str, right: &str) -> i64 {
        count(&format!(
            "SELECT count(*) FROM (
                 (({left}) EXCEPT ALL ({right})) UNION ALL (({right}) EXCEPT ALL ({left}))
             ) AS differing_rows"
        ))
    }

    fn plan_of(query: &str) -> String {
        Spi::get_one::<pgrx::Json>(&format!("EXPLAIN (FORMAT JSON, COSTS OFF) {query}"))
            .unwrap()
            .unwrap()
            .0
            .to_string()
    }

    #[pg_test]
    fn partitions_grouped_by_map_match_table() {
        create_hash_partitioned_copy();
        let by_map = |table: &str| {
            format!(
                "SELECT action_map_id, (amp_counts(action_type, event_type)).*
                 FROM {table} GROUP BY action_map_id"
            )
        };
        assert_eq!(
            count(&format!(
                "SELECT count(*) FROM ({}) AS groups",
                by_map("events_by_map")
            )),
            3
        );
        assert_eq!(
            differences(&by_map("events_by_map"), &by_map("amp_action_events")),
            0
        );

        // Grouped by the partition key, each partition is aggregated in full under the Append,
        // with no combine step above it: the plan Citus makes for a query that pushes down.
        let plan = plan_of(&by_map("events_by_map"));
        assert_eq!(
            plan.matches("\"Node Type\":\"Aggregate\"").count(),
            4,
            "{plan}"
        );
        assert!(plan.contains("\"Node Type\":\"Append\""), "{plan}");
        assert!(!plan.contains("\"Partial Mode\":\"Finalize\""), "{plan}");
    }

    #[pg_test]
    fn partitions_grouped_by_event_type_combine_states() {
        create_hash_partitioned_copy();
        let by_event_type = |table: &str| {
            format!(
                "SELECT event_type, (amp_counts(action_type, event_type)).*
                 FROM {table} GROUP BY event_type"
            )
        };
        assert_eq!(
            count(&format!(
                "SELECT count(*) FROM ({}) AS groups",
                by_event_type("events_by_map")
            )),
            7
        );
        assert_eq!(
            differences(
                &by_event_type("events_by_map"),
                &by_event_type("amp_action_events")
            ),
            0
        );

        // The fixture has 7 event types (no timed_out), most of them with rows of several maps
        // and so of several partitions. Each partition yields partial states that one Finalize
        // Aggregate combines, the way a coordinator combines the partial states of its workers.
        let plan = plan_of(&by_event_type("events_by_map"));
        assert_eq!(
            plan.matches("\"Partial Mode\":\"Partial\"").count(),
            4,
            "{plan}"
        );
        assert_eq!(
            plan.matches("\"Partial Mode\":\"Finalize\"").count(),
            1,
            "{plan}"
        );
    }

    #[pg_test]
    fn per_map_sums_equal_counts() {
        load_events(500);
        // Citus runs the inner query, grouped by action_map_id, whole on the shards, and the
        // outer sum on the coordinator. A metric that does not apply to a map is NULL and drops
        // out of the sum, and bit_or unites the masks, as amp_counts does.
        let two_level = "SELECT day, sum(qualified), sum(offered), sum(accepted), sum(started),
                                sum(engaged), sum(rejected), sum(errored), sum(timed_out),
                                bit_or(applicable)
                         FROM (SELECT action_map_id, date_trunc('day', occurred_at, 'UTC') AS day,
                                      (amp_counts(action_type, event_type)).*
                               FROM amp_action_events GROUP BY 1, 2) AS per_map
                         GROUP BY day";
        let direct = "SELECT date_trunc('day', occurred_at, 'UTC') AS day,
                             (amp_counts(action_type, event_type)).*
                      FROM amp_action_events GROUP BY 1";
        assert_eq!(
            count(&format!("SELECT count(*) FROM ({direct}) AS days")),
            30
        );
        assert_eq!(differences(two_level, direct), 0);
    }
}
