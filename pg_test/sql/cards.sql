-- amp_cards: one card per action map, with totals over a range.
-- Every expected total is also computed below by a hand-written count(*) FILTER query.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS amp CASCADE;
CREATE EXTENSION amp;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

-- Returns the SQLSTATE, message, detail and hint a statement raises, or state 'none'.
CREATE FUNCTION pg_temp.error_of(statement text, OUT state text, OUT message text,
                                 OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    state := 'none';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;

INSERT INTO amp_action_maps
    (action_map_id, name, trigger_kind, trigger_name, action_type, is_active, created_at)
VALUES
    ('00000000-0000-4000-8000-0000000000c1', 'Chat for pricing', 'segment', 'Pricing readers',
     'web_chat', true, '2026-10-01 09:00 UTC'),
    ('00000000-0000-4000-8000-0000000000c2', 'Hook on signup', 'event', 'Signup submitted',
     'webhook', true, '2026-10-02 10:00 UTC'),
    ('00000000-0000-4000-8000-0000000000c3', 'Offer on exit', 'event', 'Exit intent',
     'content_offer', false, '2026-10-03 11:00 UTC'),
    ('00000000-0000-4000-8000-0000000000c4', 'Flow for returns', 'segment', 'Returning buyers',
     'architect_flow', true, '2026-10-04 12:00 UTC'),
    ('00000000-0000-4000-8000-0000000000c5', 'Archived chat', 'segment', 'Old campaign',
     'web_chat', false, '2026-01-05 13:00 UTC');

-- One event every 97 minutes from 2026-11-01 for the first three maps, cycling through the
-- event types that apply. The flow map has no events; the archived chat has one in June.
INSERT INTO amp_action_events
SELECT md5(m.action_map_id::text || i)::uuid, m.action_map_id, md5('action' || i)::uuid,
       m.action_type, t.types[1 + i % array_length(t.types, 1)],
       timestamptz '2026-11-01 00:00 UTC' + i * interval '97 minutes'
FROM amp_action_maps m
JOIN (VALUES
    ('web_chat'::amp_action_type,
     '{qualified,qualified,qualified,offered,offered,accepted,started,engaged,timed_out}'::amp_event_type[]),
    ('webhook', '{qualified,qualified,offered,engaged,rejected,errored}'),
    ('content_offer', '{qualified,offered,offered,accepted,rejected}')
) AS t (action_type, types) USING (action_type)
CROSS JOIN generate_series(1, 300) AS i
WHERE m.name <> 'Archived chat';
INSERT INTO amp_action_events VALUES
    ('00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-0000000000c5',
     '00000000-0000-4000-8000-00000000a001', 'web_chat', 'qualified', '2026-06-15 08:30 UTC');

-- Active maps first, then by name; the flow map has zero totals and the webhook no accepted.
SELECT name, trigger_kind, trigger_name, action_type, is_active, created_at, last_event_at,
       qualified, offered, accepted, accepted_rate
FROM amp_cards('2026-11-03 00:00 UTC', '2026-11-10 00:00 UTC');

-- The same totals from a join and count(*) FILTER; accepted exists for every type but webhook.
SELECT m.name,
       count(e.event_id) FILTER (WHERE e.event_type = 'qualified') AS qualified,
       count(e.event_id) FILTER (WHERE e.event_type = 'offered') AS offered,
       CASE WHEN m.action_type <> 'webhook'
            THEN count(e.event_id) FILTER (WHERE e.event_type = 'accepted') END AS accepted,
       CASE WHEN m.action_type <> 'webhook'
            THEN count(e.event_id) FILTER (WHERE e.event_type = 'accepted')::numeric
                 / NULLIF(count(e.event_id) FILTER (WHERE e.event_type = 'offered'), 0)
       END AS accepted_rate,
       (SELECT max(occurred_at) FROM amp_action_events a
        WHERE a.action_map_id = m.action_map_id) AS last_event_at
FROM amp_action_maps m
LEFT JOIN amp_action_events e ON e.action_map_id = m.action_map_id
     AND e.occurred_at >= '2026-11-03 00:00 UTC' AND e.occurred_at < '2026-11-10 00:00 UTC'
GROUP BY m.action_map_id
ORDER BY m.is_active DESC, m.name;

-- Ranges are half-open: the event at 2026-11-01 01:37 counts in a range starting then, and
-- not in one ending then.
SELECT name, qualified, offered, accepted
FROM amp_cards('2026-11-01 01:37 UTC', '2026-11-01 03:14 UTC')
WHERE action_type <> 'architect_flow';
SELECT name, qualified, offered, accepted
FROM amp_cards('2026-11-01 00:00 UTC', '2026-11-01 01:37 UTC')
WHERE action_type <> 'architect_flow';

-- Enum columns keep their enum types, so they compare with enum literals.
SELECT DISTINCT pg_typeof(trigger_kind) AS trigger_kind_type,
       pg_typeof(action_type) AS action_type_type
FROM amp_cards();
SELECT name FROM amp_cards() WHERE action_type = 'webhook' AND trigger_kind = 'event';

-- The default range is [now() - 7 days, now()).
BEGIN;
INSERT INTO amp_action_events
SELECT md5('recent' || age)::uuid, '00000000-0000-4000-8000-0000000000c4',
       md5('recent action' || age)::uuid, 'architect_flow', 'offered', now() - age
FROM unnest(ARRAY[interval '0', interval '1 day', interval '7 days',
                  interval '7 days 1 second', interval '-1 hour']) AS age;
SELECT name, qualified, offered, accepted, accepted_rate
FROM amp_cards() WHERE action_type = 'architect_flow';
ROLLBACK;

-- An empty table gives no cards.
BEGIN;
DELETE FROM amp_action_events;
DELETE FROM amp_action_maps;
SELECT count(*) AS cards FROM amp_cards();
ROLLBACK;

-- Bad ranges.
\x on
SELECT c.statement, e.*
FROM (VALUES
    ($$SELECT * FROM amp_cards(NULL, '2026-11-10')$$),
    ($$SELECT * FROM amp_cards(range_end => NULL)$$),
    ($$SELECT * FROM amp_cards('-infinity', '2026-11-10')$$),
    ($$SELECT * FROM amp_cards('2026-11-10', 'infinity')$$),
    ($$SELECT * FROM amp_cards('2026-11-10', '2026-11-03')$$),
    ($$SELECT * FROM amp_cards('2026-11-10', '2026-11-10')$$)
) AS c (statement),
LATERAL pg_temp.error_of(c.statement) AS e;
\x off
