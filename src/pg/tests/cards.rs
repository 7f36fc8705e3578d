//! Tests of `amp_cards`: totals against a hand-written query, order, maps without events,
//! result types, the default range and argument errors.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP};
    use pgrx::prelude::*;

    const FLOW_MAP: &str = "00000000-0000-4000-8000-000000000004";
    const IDLE_HOOK_MAP: &str = "00000000-0000-4000-8000-000000000005";

    /// Adds an architect flow map and an inactive webhook map, both without events.
    fn add_maps_without_events() {
        Spi::run(&format!(
            "INSERT INTO amp_action_maps
                 (action_map_id, name, trigger_kind, trigger_name, action_type, is_active)
             VALUES ('{FLOW_MAP}', 'Flow', 'event', 'Cart abandoned', 'architect_flow', true),
                    ('{IDLE_HOOK_MAP}', 'Archived hook', 'segment', 'Old visitors', 'webhook',
                     false)"
        ))
        .unwrap();
    }

    /// Cards computed with a join and count(*) FILTER, with the applicability of accepted
    /// written out: every action type but webhook has it.
    fn plain_cards(start: &str, end: &str) -> String {
        format!(
            "SELECT m.action_map_id, m.name, m.trigger_kind, m.trigger_name, m.action_type,
                    m.is_active, m.created_at,
                    (SELECT max(occurred_at) FROM amp_action_events a
                     WHERE a.action_map_id = m.action_map_id) AS last_event_at,
                    count(e.event_id) FILTER (WHERE e.event_type = 'qualified') AS qualified,
                    count(e.event_id) FILTER (WHERE e.event_type = 'offered') AS offered,
                    CASE WHEN m.action_type <> 'webhook'
                         THEN count(e.event_id) FILTER (WHERE e.event_type = 'accepted')
                    END AS accepted,
                    CASE WHEN m.action_type <> 'webhook' THEN
                        count(e.event_id) FILTER (WHERE e.event_type = 'accepted')::numeric
                        / NULLIF(count(e.event_id) FILTER (WHERE e.event_type = 'offered'), 0)
                    END AS accepted_rate
             FROM amp_action_maps m
             LEFT JOIN amp_action_events e ON e.action_map_id = m.action_map_id
                  AND e.occurred_at >= '{start}' AND e.occurred_at < '{end}'
             GROUP BY m.action_map_id"
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
    fn cards_match_plain_query() {
        load_events(2_000);
        add_maps_without_events();
        for (start, end) in [
            ("2026-11-03 05:00 UTC", "2026-11-17 18:30 UTC"),
            ("2026-11-01 00:00 UTC", "2026-12-01 00:00 UTC"),
            ("2030-01-01 00:00 UTC", "2030-01-02 00:00 UTC"),
        ] {
            let cards = format!("SELECT * FROM amp_cards('{start}', '{end}')");
            assert_eq!(
                differences(&cards, &plain_cards(start, end)),
                Some(0),
                "[{start}, {end})"
            );
            let rows =
                Spi::get_one::<i64>(&format!("SELECT count(*) FROM ({cards}) AS c")).unwrap();
            assert_eq!(rows, Some(5), "[{start}, {end})");
        }
    }

    #[pg_test]
    fn cards_order_active_then_name() {
        load_events(10);
        add_maps_without_events();
        let names = Spi::get_one::<Vec<String>>(
            "SELECT array_agg(name ORDER BY position)
             FROM amp_cards('2026-11-01', '2026-12-01') WITH ORDINALITY AS c (
                 action_map_id, name, trigger_kind, trigger_name, action_type, is_active,
                 created_at, last_event_at, qualified, offered, accepted, accepted_rate,
                 position)",
        )
        .unwrap()
        .unwrap();
        assert_eq!(names, ["Chat", "Flow", "Hook", "Offer", "Archived hook"]);
    }

    #[pg_test]
    fn map_without_events_has_card() {
        load_events(10);
        add_maps_without_events();
        let flow = Spi::get_three::<i64, i64, i64>(&format!(
            "SELECT qualified, offered, accepted FROM amp_cards('2026-11-01', '2026-12-01')
             WHERE action_map_id = '{FLOW_MAP}'"
        ))
        .unwrap();
        assert_eq!(flow, (Some(0), Some(0), Some(0)));
        let flow_rate = Spi::get_one::<bool>(&format!(
            "SELECT accepted_rate IS NULL AND last_event_at IS NULL
             FROM amp_cards('2026-11-01', '2026-12-01') WHERE action_map_id = '{FLOW_MAP}'"
        ))
        .unwrap();
        assert_eq!(flow_rate, Some(true));
        let idle_hook = Spi::get_three::<i64, i64, i64>(&format!(
            "SELECT qualified, offered, accepted FROM amp_cards('2026-11-01', '2026-12-01')
             WHERE action_map_id = '{IDLE_HOOK_MAP}'"
        ))
        .unwrap();
        assert_eq!(idle_hook, (Some(0), Some(0), None));
    }

    #[pg_test]
    fn webhook_card_has_no_accepted() {
        load_events(100);
        let row = Spi::get_three::<i64, i64, bool>(&format!(
            "SELECT offered, accepted, accepted_rate IS NULL
             FROM amp_cards('2026-11-01', '2026-12-01') WHERE action_map_id = '{HOOK_MAP}'"
        ))
        .unwrap();
        assert!(row.0.unwrap_or(0) > 0, "{row:?}");
        assert_eq!(row.1, None);
        assert_eq!(row.2, Some(true));
    }

    #[pg_test]
    fn accepted_rate_is_exact_fraction() {
        load_events(0);
        Spi::run(&format!(
            "INSERT INTO amp_action_events
             SELECT gen_random_uuid(), '{CHAT_MAP}', gen_random_uuid(), 'web_chat', t,
                    '2026-11-10 12:00 UTC'
             FROM unnest('{{offered,offered,offered,accepted}}'::amp_event_type[]) AS t"
        ))
        .unwrap();
        let exact = Spi::get_one::<bool>(&format!(
            "SELECT accepted_rate = 1::numeric / 3
                    AND accepted_rate::text = '0.33333333333333333333'
             FROM amp_cards('2026-11-10', '2026-11-11') WHERE action_map_id = '{CHAT_MAP}'"
        ))
        .unwrap();
        assert_eq!(exact, Some(true));
    }

    #[pg_test]
    fn last_event_ignores_range() {
        load_events(0);
        Spi::run(&format!(
            "INSERT INTO amp_action_events VALUES
                 (gen_random_uuid(), '{CHAT_MAP}', gen_random_uuid(), 'web_chat', 'qualified',
                  '2026-11-10 12:00 UTC'),
                 (gen_random_uuid(), '{CHAT_MAP}', gen_random_uuid(), 'web_chat', 'offered',
                  '2027-02-01 08:00 UTC')"
        ))
        .unwrap();
        let row = Spi::get_two::<bool, i64>(&format!(
            "SELECT last_event_at = '2027-02-01 08:00 UTC', qualified
             FROM amp_cards('2026-11-01', '2026-12-01') WHERE action_map_id = '{CHAT_MAP}'"
        ))
        .unwrap();
        assert_eq!(row, (Some(true), Some(1)));
    }

    #[pg_test]
    fn default_range_is_last_week() {
        load_events(0);
        Spi::run(&format!(
            "INSERT INTO amp_action_events
             SELECT gen_random_uuid(), '{CHAT_MAP}', gen_random_uuid(), 'web_chat', 'qualified',
                    now() - age
             FROM unnest(ARRAY[interval '0', interval '1 day', interval '6 days 23 hours',
                               interval '7 days', interval '8 days', interval '-1 hour']) AS age"
        ))
        .unwrap();
        // [now() - 7 days, now()) contains the events 1 day, 6 days 23 hours and 7 days old.
        let qualified = Spi::get_one::<i64>(&format!(
            "SELECT qualified FROM amp_cards() WHERE action_map_id = '{CHAT_MAP}'"
        ))
        .unwrap();
        assert_eq!(qualified, Some(3));
    }

    #[pg_test]
    fn enum_columns_have_enum_types() {
        load_events(0);
        let types = Spi::get_two::<String, String>(
            "SELECT pg_typeof(trigger_kind)::text, pg_typeof(action_type)::text
             FROM amp_cards() LIMIT 1",
        )
        .unwrap();
        assert_eq!(types.0.as_deref(), Some("amp_trigger_kind"));
        assert_eq!(types.1.as_deref(), Some("amp_action_type"));
        let filtered = Spi::get_one::<i64>(
            "SELECT count(*) FROM amp_cards()
             WHERE action_type = 'webhook' AND trigger_kind = 'event'",
        )
        .unwrap();
        assert_eq!(filtered, Some(1));
    }

    #[pg_test]
    fn cards_bad_ranges_raise_sqlstates() {
        load_events(0);
        let cases = [
            ("NULL, '2026-01-02'", "22004"),
            ("'2026-01-01', NULL", "22004"),
            ("range_end => NULL", "22004"),
            ("'-infinity', '2026-01-01'", "22023"),
            ("'2026-01-01', 'infinity'", "22023"),
            ("'2026-01-02', '2026-01-01'", "22023"),
            ("'2026-01-01', '2026-01-01'", "22023"),
        ];
        for (arguments, expected) in cases {
            let statement = format!("SELECT * FROM amp_cards({arguments})");
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }
}
