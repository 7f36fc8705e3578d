-- amp_rates: offered / qualified, accepted / offered and engaged / accepted per bucket.
-- Expected values are also computed below by hand-written numeric divisions of count(*).
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

INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES
    ('00000000-0000-4000-8000-0000000000e1', 'Chat', 'segment', 'Pricing readers', 'web_chat'),
    ('00000000-0000-4000-8000-0000000000e2', 'Hook', 'event', 'Signup submitted', 'webhook'),
    ('00000000-0000-4000-8000-0000000000e3', 'Offer', 'event', 'Exit intent', 'content_offer'),
    ('00000000-0000-4000-8000-0000000000e4', 'Busy chat', 'segment', 'All visitors', 'web_chat'),
    ('00000000-0000-4000-8000-0000000000e5', 'Busy offer', 'event', 'Cart viewed',
     'content_offer');

-- Hand-picked counts per UTC hour of 2026-11-10, as (map, event type, how many, minute).
INSERT INTO amp_action_events
SELECT md5(e.map || e.event_type || e.occurred_at || i)::uuid, e.map::uuid,
       md5('action' || e.map || i)::uuid, m.action_type, e.event_type::amp_event_type,
       e.occurred_at::timestamptz
FROM (VALUES
    -- Chat, 10:00: 4 qualified, 2 offered, 1 accepted, 1 engaged.
    ('00000000-0000-4000-8000-0000000000e1', 'qualified', 4, '2026-11-10 10:05 UTC'),
    ('00000000-0000-4000-8000-0000000000e1', 'offered', 2, '2026-11-10 10:10 UTC'),
    ('00000000-0000-4000-8000-0000000000e1', 'accepted', 1, '2026-11-10 10:15 UTC'),
    ('00000000-0000-4000-8000-0000000000e1', 'engaged', 1, '2026-11-10 10:20 UTC'),
    -- Chat, 11:00: 3 qualified, nothing offered.
    ('00000000-0000-4000-8000-0000000000e1', 'qualified', 3, '2026-11-10 11:30 UTC'),
    -- Chat, 12:00: nothing. 13:00: 1 offered, 1 accepted, 2 engaged, nothing qualified.
    ('00000000-0000-4000-8000-0000000000e1', 'offered', 1, '2026-11-10 13:00 UTC'),
    ('00000000-0000-4000-8000-0000000000e1', 'accepted', 1, '2026-11-10 13:01 UTC'),
    ('00000000-0000-4000-8000-0000000000e1', 'engaged', 2, '2026-11-10 13:59:59.999999 UTC'),
    -- Hook, 10:00: 3 qualified, 1 offered, 1 engaged.
    ('00000000-0000-4000-8000-0000000000e2', 'qualified', 3, '2026-11-10 10:05 UTC'),
    ('00000000-0000-4000-8000-0000000000e2', 'offered', 1, '2026-11-10 10:10 UTC'),
    ('00000000-0000-4000-8000-0000000000e2', 'engaged', 1, '2026-11-10 10:20 UTC'),
    -- Offer, 10:00: 2 qualified, 3 offered, 1 accepted.
    ('00000000-0000-4000-8000-0000000000e3', 'qualified', 2, '2026-11-10 10:05 UTC'),
    ('00000000-0000-4000-8000-0000000000e3', 'offered', 3, '2026-11-10 10:10 UTC'),
    ('00000000-0000-4000-8000-0000000000e3', 'accepted', 1, '2026-11-10 10:15 UTC')
) AS e (map, event_type, how_many, occurred_at)
JOIN amp_action_maps m ON m.action_map_id = e.map::uuid
CROSS JOIN LATERAL generate_series(1, e.how_many) AS i;

-- Chat: 10:00 gives 2/4, 1/2 and 1/1; 11:00 gives 0/3 and two zero denominators; 12:00 has
-- no events; 13:00 has nothing qualified, 1/1 accepted and 2/1 engaged.
SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e1', '2026-11-10 10:00 UTC',
                        '2026-11-10 14:00 UTC', 'hour', 'UTC');
-- Hook: 1/3 offered; a webhook has no accepted, so accepted_rate and engaged_rate are NULL.
SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e2', '2026-11-10 10:00 UTC',
                        '2026-11-10 11:00 UTC', 'hour', 'UTC');
-- Offer: 3/2 offered, 1/3 accepted; a content offer has no engaged.
SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e3', '2026-11-10 10:00 UTC',
                        '2026-11-10 11:00 UTC', 'hour', 'UTC');
-- The same fractions written as SQL divisions.
SELECT 2::numeric / 4 AS chat_10_offered, 1::numeric / 2 AS chat_10_accepted,
       1::numeric / 1 AS chat_10_engaged, 0::numeric / 3 AS chat_11_offered,
       2::numeric / 1 AS chat_13_engaged, 1::numeric / 3 AS hook_10_offered,
       3::numeric / 2 AS offer_10_offered;

-- An event every 41 minutes for the busy maps, cycling through the types that apply.
INSERT INTO amp_action_events
SELECT md5(m.action_map_id::text || i)::uuid, m.action_map_id, md5('busy' || i)::uuid,
       m.action_type, t.types[1 + i % array_length(t.types, 1)],
       timestamptz '2026-10-28 00:00 UTC' + i * interval '41 minutes'
FROM amp_action_maps m
JOIN (VALUES
    ('00000000-0000-4000-8000-0000000000e4'::uuid,
     '{qualified,qualified,qualified,offered,offered,accepted,engaged,timed_out}'::amp_event_type[]),
    ('00000000-0000-4000-8000-0000000000e5', '{qualified,offered,offered,accepted,rejected}')
) AS t (action_map_id, types) USING (action_map_id)
CROSS JOIN generate_series(1, 700) AS i;

-- Local days in New York around the autumn change (2026-11-01 has 25 hours), against
-- count(*) per local day: no row differs, in either direction.
WITH amp AS (
    SELECT 'Busy chat' AS map, r.* FROM amp_rates('00000000-0000-4000-8000-0000000000e4',
        '2026-10-29 00:00-04', '2026-11-05 00:00-05', 'day', 'America/New_York') AS r
    UNION ALL
    SELECT 'Busy offer', r.* FROM amp_rates('00000000-0000-4000-8000-0000000000e5',
        '2026-10-29 00:00-04', '2026-11-05 00:00-05', 'day', 'America/New_York') AS r
), counts AS (
    SELECT m.name AS map, m.action_type, d AS "time",
           count(e.event_id) FILTER (WHERE e.event_type = 'qualified') AS qualified,
           count(e.event_id) FILTER (WHERE e.event_type = 'offered') AS offered,
           count(e.event_id) FILTER (WHERE e.event_type = 'accepted') AS accepted,
           count(e.event_id) FILTER (WHERE e.event_type = 'engaged') AS engaged
    FROM amp_action_maps m
    CROSS JOIN (SELECT day AT TIME ZONE 'America/New_York' AS d
                FROM generate_series(timestamp '2026-10-29', timestamp '2026-11-04',
                                     interval '1 day') AS day) AS days
    LEFT JOIN amp_action_events e ON e.action_map_id = m.action_map_id
         AND e.occurred_at >= d
         AND e.occurred_at < ((d AT TIME ZONE 'America/New_York') + interval '1 day')
                             AT TIME ZONE 'America/New_York'
    WHERE m.name LIKE 'Busy %'
    GROUP BY 1, 2, 3
), plain AS (
    SELECT map, "time",
           offered::numeric / NULLIF(qualified, 0) AS offered_rate,
           accepted::numeric / NULLIF(offered, 0) AS accepted_rate,
           CASE WHEN action_type = 'web_chat' THEN engaged::numeric / NULLIF(accepted, 0) END
               AS engaged_rate
    FROM counts
)
SELECT (SELECT count(*) FROM amp) AS amp_rows,
       (SELECT count(*) FROM plain) AS plain_rows,
       (SELECT count(*) FROM amp WHERE offered_rate IS NOT NULL) AS amp_offered_rates,
       (SELECT count(*) FROM ((TABLE amp EXCEPT TABLE plain)
                              UNION ALL (TABLE plain EXCEPT TABLE amp)) AS d) AS differences;

-- Buckets are those of amp_series.
SELECT (SELECT array_agg("time" ORDER BY "time")
        FROM amp_rates('00000000-0000-4000-8000-0000000000e4', '2026-11-01 00:00-04',
                       '2026-11-01 03:00-05', 'hour', 'America/New_York'))
     = (SELECT array_agg("time" ORDER BY "time")
        FROM amp_series('00000000-0000-4000-8000-0000000000e4', '2026-11-01 00:00-04',
                        '2026-11-01 03:00-05', 'hour', 'America/New_York'))
       AS same_buckets;

-- Bad arguments.
\x on
SELECT c.statement, e.*
FROM (VALUES
    ($$SELECT * FROM amp_rates(NULL, '2026-11-01', '2026-11-02')$$),
    ($$SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e1', NULL, '2026-11-02')$$),
    ($$SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e1', '2026-11-01', 'infinity')$$),
    ($$SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e1', '2026-11-02', '2026-11-01')$$),
    ($$SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e1', '2026-11-01', '2026-11-02', 'minute')$$),
    ($$SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e1', '2026-11-01', '2026-11-02', 'day', NULL)$$),
    ($$SELECT * FROM amp_rates('00000000-0000-4000-8000-0000000000e1', '2026-11-01', '2026-11-02', 'day', 'Nowhere/Atlantis')$$),
    ($$SELECT * FROM amp_rates('00000000-0000-4000-8000-00000000ffff', '2026-11-01', '2026-11-02')$$)
) AS c (statement),
LATERAL pg_temp.error_of(c.statement) AS e;
\x off
