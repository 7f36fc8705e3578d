//! Data and helpers shared by the `#[pg_test]`s.

use pgrx::prelude::*;

pub const CHAT_MAP: &str = "00000000-0000-4000-8000-000000000001";
pub const HOOK_MAP: &str = "00000000-0000-4000-8000-000000000002";
pub const OFFER_MAP: &str = "00000000-0000-4000-8000-000000000003";

/// Creates three maps (web chat, webhook, content offer) and `per_map` events for each,
/// spread over November 2026 with every applicable event type.
pub fn load_events(per_map: i64) {
    Spi::run(&format!(
        "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
         VALUES ('{CHAT_MAP}', 'Chat', 'segment', 'Returning visitors', 'web_chat'),
                ('{HOOK_MAP}', 'Hook', 'event', 'Form submitted', 'webhook'),
                ('{OFFER_MAP}', 'Offer', 'segment', 'Pricing readers', 'content_offer');
         INSERT INTO amp_action_events
         SELECT gen_random_uuid(), m.action_map_id, gen_random_uuid(), m.action_type, e.event_type,
                timestamptz '2026-11-01 00:00 UTC'
                  + (i * 7919 % (30 * 86400)) * interval '1 second'
         FROM amp_action_maps m
         CROSS JOIN generate_series(1, {per_map}) AS i
         CROSS JOIN LATERAL (
             SELECT a.event_type FROM amp_metric_applicability a
             WHERE a.action_type = m.action_type AND a.applies
             ORDER BY a.event_type OFFSET i % 5 LIMIT 1
         ) AS e"
    ))
    .expect("loading test events failed");
}

/// Returns the SQLSTATE a statement raises, or `None` when it succeeds.
pub fn sqlstate_of(statement: &str) -> Option<String> {
    Spi::run(
        "CREATE OR REPLACE FUNCTION pg_temp.sqlstate_of(statement text) RETURNS text
         LANGUAGE plpgsql AS $$
         BEGIN
             EXECUTE statement;
             RETURN NULL;
         EXCEPTION WHEN OTHERS THEN
             RETURN SQLSTATE;
         END $$",
    )
    .expect("creating sqlstate_of failed");
    Spi::get_one_with_args::<String>("SELECT pg_temp.sqlstate_of($1)", &[statement.into()])
        .expect("sqlstate_of failed")
}
