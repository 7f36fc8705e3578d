-- The views for query builders such as Metabase: amp_hourly_counts_utc and
-- amp_daily_counts_utc. Their columns, their agreement with amp_series in UTC, their NULLs for
-- metrics that do not apply, and the native question of docs/dashboards.md.
-- Hide the NOTICE that amp already exists, because it depends on which files ran before.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amp;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\set VERBOSITY default
\set SHOW_CONTEXT never

-- Columns and types. The bucket start is a timestamptz, so Metabase converts it to its report
-- time zone instead of reading a zone-less local time. action_type is text.
SELECT table_name, ordinal_position, column_name, data_type
FROM information_schema.columns
WHERE table_name IN ('amp_hourly_counts_utc', 'amp_daily_counts_utc')
ORDER BY table_name, ordinal_position;

-- Both views and their bucket columns are documented, which Metabase shows as descriptions.
SELECT c.relname, obj_description(c.oid, 'pg_class') IS NOT NULL AS has_comment,
       col_description(c.oid, 1) IS NOT NULL AS bucket_column_has_comment
FROM pg_class AS c
WHERE c.relname IN ('amp_hourly_counts_utc', 'amp_daily_counts_utc')
ORDER BY c.relname;

-- One map per action type, and a web chat map without events.
INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES ('e1000000-0000-0000-0000-000000000001', 'chat', 'segment', 'Pricing visitors', 'web_chat'),
       ('e1000000-0000-0000-0000-000000000002', 'hook', 'event', 'form_submitted', 'webhook'),
       ('e1000000-0000-0000-0000-000000000003', 'offer', 'segment', 'Returning visitors', 'content_offer'),
       ('e1000000-0000-0000-0000-000000000004', 'flow', 'event', 'cart_abandoned', 'architect_flow'),
       ('e1000000-0000-0000-0000-000000000005', 'quiet chat', 'segment', 'Nobody', 'web_chat');

-- Events as (map, event type, instant). The chat events straddle UTC midnight of 2026-11-01
-- and the US fall-back change at 06:00 UTC, so UTC days and New York days group them
-- differently.
INSERT INTO amp_action_events
SELECT md5(format('metabase %s %s', planned.position, planned.map_number))::uuid,
       ('e1000000-0000-0000-0000-00000000000' || planned.map_number)::uuid,
       md5(format('metabase action %s', planned.position))::uuid,
       map.action_type,
       planned.event_type::amp_event_type,
       planned.occurred_at::timestamptz
FROM (VALUES (1, 1, 'qualified', '2026-10-31 23:59:59.999999+00'),
             (2, 1, 'offered', '2026-11-01 00:00:00+00'),
             (3, 1, 'accepted', '2026-11-01 00:30:00+00'),
             (4, 1, 'qualified', '2026-11-01 05:30:00+00'),
             (5, 1, 'timed_out', '2026-11-01 06:30:00+00'),
             (6, 1, 'qualified', '2026-11-02 04:59:59+00'),
             (7, 2, 'qualified', '2026-11-01 10:15:00+00'),
             (8, 2, 'engaged', '2026-11-01 10:45:00+00'),
             (9, 3, 'offered', '2026-11-01 10:15:00+00'),
             (10, 4, 'accepted', '2026-11-03 12:00:00+00'))
     AS planned (position, map_number, event_type, occurred_at)
JOIN amp_action_maps AS map
  ON map.action_map_id = ('e1000000-0000-0000-0000-00000000000' || planned.map_number)::uuid;

-- Expected: the chat map has a UTC day 2026-10-31 with one qualified event, 2026-11-01 with
-- 4 events and 2026-11-02 with one. Metrics that do not apply to a webhook (accepted,
-- started, timed_out) and to a content offer or Architect flow (started, engaged, timed_out)
-- are empty. The quiet chat map has no rows.
SELECT day_start, map_name, action_type, qualified, offered, accepted, started, engaged,
       rejected, errored, timed_out
FROM amp_daily_counts_utc
WHERE action_map_id::text LIKE 'e1000000-%'
ORDER BY map_name, day_start;

-- Expected: one row per UTC hour with events: 23:00, 00:00 (offered and accepted), 05:00,
-- 06:00 and 04:00 for the chat map, 10:00 for the others.
SELECT hour_start, map_name, qualified, offered, accepted, engaged, timed_out
FROM amp_hourly_counts_utc
WHERE action_map_id::text LIKE 'e1000000-%'
ORDER BY map_name, hour_start;

-- The views agree with amp_series in UTC on every bucket that has events, and the views have
-- no other rows. Expected: 14 buckets compared (8 hours and 6 days), and no rows either way.
CREATE TEMP TABLE series_utc AS
SELECT map.action_map_id, granularity, series.*
FROM amp_action_maps AS map
CROSS JOIN (VALUES ('hour'), ('day')) AS g (granularity)
CROSS JOIN LATERAL amp_series(map.action_map_id, '2026-10-31 00:00+00', '2026-11-04 00:00+00',
                              g.granularity, 'UTC') AS series
WHERE map.action_map_id::text LIKE 'e1000000-%'
  AND coalesce(series.qualified, 0) + coalesce(series.offered, 0) + coalesce(series.accepted, 0)
      + coalesce(series.started, 0) + coalesce(series.engaged, 0) + coalesce(series.rejected, 0)
      + coalesce(series.errored, 0) + coalesce(series.timed_out, 0) > 0;
CREATE TEMP TABLE views_utc AS
SELECT action_map_id, 'hour' AS granularity, hour_start AS "time", qualified, offered, accepted,
       started, engaged, rejected, errored, timed_out
FROM amp_hourly_counts_utc WHERE action_map_id::text LIKE 'e1000000-%'
UNION ALL
SELECT action_map_id, 'day', day_start, qualified, offered, accepted, started, engaged, rejected,
       errored, timed_out
FROM amp_daily_counts_utc WHERE action_map_id::text LIKE 'e1000000-%';
SELECT count(*) AS compared_buckets FROM views_utc;
(SELECT * FROM views_utc) EXCEPT (SELECT * FROM series_utc);
(SELECT * FROM series_utc) EXCEPT (SELECT * FROM views_utc);

-- The buckets stay UTC whatever the session's time zone, which Metabase sets to its report
-- time zone. Expected: no rows.
SET TimeZone = 'America/New_York';
(SELECT action_map_id, day_start FROM amp_daily_counts_utc WHERE action_map_id::text LIKE 'e1000000-%')
EXCEPT
(SELECT action_map_id, "time" FROM views_utc WHERE granularity = 'day');
-- In New York time, each UTC midnight shows as 20:00 or 19:00 of the day before.
SELECT DISTINCT day_start FROM amp_daily_counts_utc
WHERE action_map_id::text LIKE 'e1000000-%'
ORDER BY day_start;
SET TimeZone = 'UTC';
DROP TABLE series_utc, views_utc;

-- The native question of docs/dashboards.md, with its variables filled in as Metabase does:
-- {{action_map_id}} = the chat map, {{first_day}} = 2026-10-31, {{last_day}} = 2026-11-01 and
-- {{time_zone}} = America/New_York. Expected: two New York days. 2026-10-31 starts at 04:00
-- UTC and contains the qualified, offered and accepted events up to 00:30 UTC on 2026-11-01.
-- 2026-11-01 is 25 hours long, to 05:00 UTC on 2026-11-02, and contains two qualified events
-- and the timed-out one.
WITH request AS (
    SELECT 'e1000000-0000-0000-0000-000000000001'::uuid AS action_map_id,
           coalesce('America/New_York'::text, current_setting('TimeZone')) AS time_zone,
           '2026-10-31'::date AS first_day,
           '2026-11-01'::date AS last_day
)
SELECT series."time", series.qualified, series.offered, series.accepted, series.timed_out
FROM request,
     amp_series(request.action_map_id,
                request.first_day::timestamp AT TIME ZONE request.time_zone,
                (request.last_day + 1)::timestamp AT TIME ZONE request.time_zone,
                'day',
                request.time_zone) AS series
ORDER BY series."time";

-- Without a {{time_zone}} value Metabase drops the optional clause, and the question uses the
-- session's zone, which Metabase sets to the report time zone. Expected: the same two days,
-- shown in New York time.
SET TimeZone = 'America/New_York';
WITH request AS (
    SELECT 'e1000000-0000-0000-0000-000000000001'::uuid AS action_map_id,
           coalesce( current_setting('TimeZone')) AS time_zone,
           '2026-10-31'::date AS first_day,
           '2026-11-01'::date AS last_day
)
SELECT series."time", series.qualified, series.offered, series.accepted, series.timed_out
FROM request,
     amp_series(request.action_map_id,
                request.first_day::timestamp AT TIME ZONE request.time_zone,
                (request.last_day + 1)::timestamp AT TIME ZONE request.time_zone,
                'day',
                request.time_zone) AS series
ORDER BY series."time";
SET TimeZone = 'UTC';

DELETE FROM amp_action_events WHERE action_map_id::text LIKE 'e1000000-%';
DELETE FROM amp_action_maps WHERE action_map_id::text LIKE 'e1000000-%';
