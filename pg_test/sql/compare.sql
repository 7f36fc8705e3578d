-- amp_compare: each metric's total in a range and in the equally long span just before it.
-- Expected totals are also computed below by hand-written count(*) FILTER queries.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS amp CASCADE;
CREATE EXTENSION amp;
RESET client_min_messages;
SET TimeZone = 'America/New_York';
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
    ('00000000-0000-4000-8000-0000000000f1', 'Chat', 'segment', 'Pricing readers', 'web_chat'),
    ('00000000-0000-4000-8000-0000000000f2', 'Hook', 'event', 'Signup submitted', 'webhook');

-- The current range is the New York week from 2026-11-01 00:00 EDT to 2026-11-08 00:00 EST:
-- 169 hours, because the clocks fall back on 2026-11-01. The previous range is the 169 hours
-- before it, from 2026-10-24 23:00 EDT. Events sit on and next to each edge.
INSERT INTO amp_action_events
SELECT md5(e.event_type || e.occurred_at)::uuid, '00000000-0000-4000-8000-0000000000f1',
       md5('action' || e.occurred_at)::uuid, 'web_chat', e.event_type::amp_event_type,
       e.occurred_at::timestamptz
FROM (VALUES
    ('qualified', '2026-10-24 22:59:59.999999-04'),  -- before the previous range
    ('qualified', '2026-10-24 23:00:00-04'),         -- first instant of the previous range
    ('offered', '2026-10-27 12:00:00-04'),
    ('accepted', '2026-10-27 12:01:00-04'),
    ('errored', '2026-10-29 08:00:00-04'),
    ('qualified', '2026-10-31 23:59:59.999999-04'),  -- last instant of the previous range
    ('qualified', '2026-11-01 00:00:00-04'),         -- first instant of the current range
    ('qualified', '2026-11-01 01:30:00-05'),
    ('qualified', '2026-11-03 09:00:00-05'),
    ('offered', '2026-11-03 09:01:00-05'),
    ('offered', '2026-11-03 09:02:00-05'),
    ('accepted', '2026-11-03 09:03:00-05'),
    ('started', '2026-11-03 09:04:00-05'),
    ('engaged', '2026-11-03 09:05:00-05'),
    ('timed_out', '2026-11-07 23:59:59.999999-05'),  -- last instant of the current range
    ('rejected', '2026-11-08 00:00:00-05')           -- after the current range
) AS e (event_type, occurred_at);

SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '2026-11-01 00:00-04',
                          '2026-11-08 00:00-05', 'America/New_York');

-- The same totals, with the previous range's start written out.
SELECT event_type,
       count(*) FILTER (WHERE occurred_at >= '2026-11-01 00:00-04'
                          AND occurred_at < '2026-11-08 00:00-05') AS current_total,
       count(*) FILTER (WHERE occurred_at >= '2026-10-24 23:00-04'
                          AND occurred_at < '2026-11-01 00:00-04') AS previous_total
FROM amp_action_events
WHERE action_map_id = '00000000-0000-4000-8000-0000000000f1'
GROUP BY event_type ORDER BY event_type;
SELECT extract(epoch FROM timestamptz '2026-11-08 00:00-05' - timestamptz '2026-11-01 00:00-04')
           / 3600 AS current_hours,
       extract(epoch FROM timestamptz '2026-11-01 00:00-04' - timestamptz '2026-10-24 23:00-04')
           / 3600 AS previous_hours;

-- time_zone does not change any total: both ranges are spans of instants.
SELECT (SELECT array_agg(c ORDER BY c.metric)
        FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '2026-11-01 00:00-04',
                         '2026-11-08 00:00-05', 'America/New_York') AS c)
     = (SELECT array_agg(c ORDER BY c.metric)
        FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '2026-11-01 00:00-04',
                         '2026-11-08 00:00-05', 'Asia/Kathmandu') AS c)
       AS same_in_kathmandu;

-- A webhook lists only its five metrics; with no events both totals are 0, and so no
-- relative change.
SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f2', '2026-11-01 00:00-04',
                          '2026-11-08 00:00-05');

-- An event every 53 minutes for the webhook, cycling through its types, against
-- count(*) FILTER over a 10-day range and the 10 days before it.
INSERT INTO amp_action_events
SELECT md5('hook' || i)::uuid, '00000000-0000-4000-8000-0000000000f2',
       md5('hook action' || i)::uuid, 'webhook',
       ('{qualified,qualified,qualified,offered,offered,engaged,rejected,errored}'::amp_event_type[])[1 + i % 8],
       timestamptz '2026-10-20 00:00 UTC' + i * interval '53 minutes'
FROM generate_series(1, 900) AS i;
WITH amp AS (
    SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f2', '2026-11-02 07:00 UTC',
                              '2026-11-12 07:00 UTC', 'UTC')
), plain AS (
    SELECT m.metric::text,
           count(e.event_id) FILTER (WHERE e.occurred_at >= '2026-11-02 07:00 UTC'
                                       AND e.occurred_at < '2026-11-12 07:00 UTC') AS current_total,
           count(e.event_id) FILTER (WHERE e.occurred_at >= '2026-10-23 07:00 UTC'
                                       AND e.occurred_at < '2026-11-02 07:00 UTC') AS previous_total
    FROM unnest('{qualified,offered,engaged,rejected,errored}'::amp_event_type[]) AS m (metric)
    LEFT JOIN amp_action_events e ON e.action_map_id = '00000000-0000-4000-8000-0000000000f2'
         AND e.event_type = m.metric
    GROUP BY m.metric
), expected AS (
    SELECT metric, current_total, previous_total, current_total - previous_total AS difference,
           (current_total - previous_total)::numeric / NULLIF(previous_total, 0) AS relative_change
    FROM plain
)
SELECT (SELECT count(*) FROM amp) AS amp_rows,
       (SELECT count(*) FROM ((TABLE amp EXCEPT TABLE expected)
                              UNION ALL (TABLE expected EXCEPT TABLE amp)) AS d) AS differences;
SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f2', '2026-11-02 07:00 UTC',
                          '2026-11-12 07:00 UTC', 'UTC');

-- Bad arguments; the last range would need a previous range before 4714-11-24 BC.
\x on
SELECT c.statement, e.*
FROM (VALUES
    ($$SELECT * FROM amp_compare(NULL, '2026-11-01', '2026-11-08')$$),
    ($$SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '2026-11-01', NULL)$$),
    ($$SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '2026-11-01', '2026-11-08', NULL)$$),
    ($$SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '2026-11-01', '2026-11-08', 'Nowhere/Atlantis')$$),
    ($$SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '-infinity', '2026-11-08')$$),
    ($$SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '2026-11-08', '2026-11-01')$$),
    ($$SELECT * FROM amp_compare('00000000-0000-4000-8000-00000000ffff', '2026-11-01', '2026-11-08')$$),
    ($$SELECT * FROM amp_compare('00000000-0000-4000-8000-0000000000f1', '4000-01-01 BC', '2026-11-08')$$)
) AS c (statement),
LATERAL pg_temp.error_of(c.statement) AS e;
\x off
