-- amp_series_long: amp_series as one ("time", metric, value) row per bucket and metric.
-- Expected values are also computed below by hand-written count(*) queries.
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
    ('00000000-0000-4000-8000-0000000000d1', 'Chat for pricing', 'segment', 'Pricing readers',
     'web_chat'),
    ('00000000-0000-4000-8000-0000000000d2', 'Hook on signup', 'event', 'Signup submitted',
     'webhook');

-- One event every 23 minutes from 2026-11-01 00:00 UTC, cycling through the types that apply.
INSERT INTO amp_action_events
SELECT md5(m.action_map_id::text || i)::uuid, m.action_map_id, md5('action' || i)::uuid,
       m.action_type, t.types[1 + i % array_length(t.types, 1)],
       timestamptz '2026-11-01 00:00 UTC' + i * interval '23 minutes'
FROM amp_action_maps m
JOIN (VALUES
    ('web_chat'::amp_action_type,
     '{qualified,qualified,offered,accepted,started,engaged,rejected,errored,timed_out}'::amp_event_type[]),
    ('webhook', '{qualified,qualified,offered,engaged,rejected,errored}')
) AS t (action_type, types) USING (action_type)
CROSS JOIN generate_series(1, 400) AS i;

-- The New York autumn change: local 01:00 happens twice, so four buckets cover
-- 00:00 EDT to 03:00 EST. Metrics come in enum order whatever order they are asked in.
SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d1',
                              '2026-11-01 00:00-04', '2026-11-01 03:00-05', 'hour',
                              'America/New_York', '{timed_out,qualified,offered,qualified}');

-- The same counts by hand: the four local hours, with the repeated 01:00 split by offset.
SELECT h AS "time",
       count(*) FILTER (WHERE e.event_type = 'qualified') AS qualified,
       count(*) FILTER (WHERE e.event_type = 'offered') AS offered,
       count(*) FILTER (WHERE e.event_type = 'timed_out') AS timed_out
FROM unnest(ARRAY['2026-11-01 00:00-04', '2026-11-01 01:00-04', '2026-11-01 01:00-05',
                  '2026-11-01 02:00-05']::timestamptz[]) AS h
LEFT JOIN amp_action_events e ON e.action_map_id = '00000000-0000-4000-8000-0000000000d1'
     AND e.occurred_at >= h AND e.occurred_at < h + interval '1 hour'
GROUP BY h ORDER BY h;

-- Without a selection, a webhook gets only the five metrics that apply to it.
SET TimeZone = 'UTC';
SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d2',
                              '2026-11-02 00:00 UTC', '2026-11-04 00:00 UTC', 'day', 'UTC');
SELECT date_trunc('day', occurred_at AT TIME ZONE 'UTC') AS utc_day, event_type, count(*)
FROM amp_action_events
WHERE action_map_id = '00000000-0000-4000-8000-0000000000d2'
  AND occurred_at >= '2026-11-02 00:00 UTC' AND occurred_at < '2026-11-04 00:00 UTC'
GROUP BY 1, 2 ORDER BY 1, 2;

-- Every hour of both maps over three UTC days against count(*) per UTC hour and metric: no
-- row differs, in either direction.
WITH long AS (
    SELECT '00000000-0000-4000-8000-0000000000d1'::uuid AS map, l.*
    FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-01 00:00 UTC',
                         '2026-11-04 00:00 UTC', 'hour', 'UTC') AS l
    UNION ALL
    SELECT '00000000-0000-4000-8000-0000000000d2', l.*
    FROM amp_series_long('00000000-0000-4000-8000-0000000000d2', '2026-11-01 00:00 UTC',
                         '2026-11-04 00:00 UTC', 'hour', 'UTC') AS l
), plain AS (
    SELECT m.action_map_id AS map, h AS "time", a.metric::text AS metric,
           count(e.event_id) AS value
    FROM amp_action_maps m
    CROSS JOIN generate_series(timestamptz '2026-11-01 00:00 UTC',
                               timestamptz '2026-11-03 23:00 UTC', interval '1 hour') AS h
    JOIN (VALUES
        ('web_chat'::amp_action_type,
         '{qualified,offered,accepted,started,engaged,rejected,errored,timed_out}'::amp_event_type[]),
        ('webhook', '{qualified,offered,engaged,rejected,errored}')
    ) AS t (action_type, metrics) ON t.action_type = m.action_type
    CROSS JOIN unnest(t.metrics) AS a (metric)
    LEFT JOIN amp_action_events e ON e.action_map_id = m.action_map_id
         AND e.event_type = a.metric AND e.occurred_at >= h AND e.occurred_at < h + interval '1 hour'
    GROUP BY 1, 2, 3
)
SELECT (SELECT count(*) FROM long) AS long_rows,
       (SELECT count(*) FROM plain) AS plain_rows,
       (SELECT count(*) FROM ((TABLE long EXCEPT TABLE plain)
                              UNION ALL (TABLE plain EXCEPT TABLE long)) AS d) AS differences;

-- Rows are ordered by time, then metric.
SELECT count(*) AS misplaced_rows
FROM (SELECT position, row_number() OVER (ORDER BY "time", metric::amp_event_type) AS expected
      FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-01 00:00 UTC',
                           '2026-11-02 00:00 UTC', 'hour', 'UTC')
           WITH ORDINALITY AS l ("time", metric, value, position)) AS o
WHERE position <> expected;

-- Selecting only metrics that do not apply to a webhook returns no rows.
SELECT count(*) AS rows
FROM amp_series_long('00000000-0000-4000-8000-0000000000d2', '2026-11-01', '2026-11-02',
                     metrics => '{accepted,started,timed_out}');

-- Bad arguments.
\x on
SELECT c.statement, e.*
FROM (VALUES
    ($$SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-01', '2026-11-02', metrics => '{}')$$),
    ($$SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-01', '2026-11-02', metrics => '{offered,NULL}')$$),
    ($$SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-01', '2026-11-02', metrics => '{clicked}')$$),
    ($$SELECT * FROM amp_series_long(NULL, '2026-11-01', '2026-11-02')$$),
    ($$SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-02', '2026-11-01')$$),
    ($$SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-01', '2026-11-02', 'week')$$),
    ($$SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-01', '2026-11-02', 'hour', NULL)$$),
    ($$SELECT * FROM amp_series_long('00000000-0000-4000-8000-0000000000d1', '2026-11-01', '2026-11-02', 'hour', 'Mars/Olympus_Mons')$$),
    ($$SELECT * FROM amp_series_long('00000000-0000-4000-8000-00000000ffff', '2026-11-01', '2026-11-02')$$)
) AS c (statement),
LATERAL pg_temp.error_of(c.statement) AS e;
\x off
