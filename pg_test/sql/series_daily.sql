-- amp_series with day buckets: each runs from the first instant of a local date to the
-- first instant of the next, so days across DST last 23 or 25 hours.
--
-- Every expectation is derived without amp, in one of two ways named at each check:
--   [reference]  pg_temp.reference_daily below recomputes the whole series. It makes one
--                bucket per local date with generate_series over timestamp (without time
--                zone), starts it at local midnight AT TIME ZONE zone, and counts each event
--                on the date (occurred_at AT TIME ZONE zone)::date. No difference between it
--                and amp_series is expected. Local midnight exists once on every date used.
--   [by hand]    Each event's comment in the event list gives its local time and date. Day
--                lengths follow from the transition instants given there. The column hours
--                is the time to the next row's start, so the last row has none.

-- Hide the NOTICE that amp already exists, because it depends on which files ran before.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amp;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES ('d1000000-0000-0000-0000-000000000001', 'chat', 'segment', 'Pricing visitors', 'web_chat'),
       ('d1000000-0000-0000-0000-000000000002', 'hook', 'event', 'form_submitted', 'webhook');

INSERT INTO amp_action_events
SELECT md5('series_daily ' || position)::uuid,
       map_id::uuid,
       md5('series_daily action ' || position)::uuid,
       action_type::amp_action_type,
       event_type::amp_event_type,
       occurred_at::timestamptz
FROM (VALUES
    -- New York, spring forward on 2026-03-08 at 07:00 UTC: the local day 03-08 runs from
    -- 05:00 UTC to 04:00 UTC on 03-09, 23 hours.
    -- 2026-03-07 23:59:59 EST: date 03-07.
    (1, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'rejected', '2026-03-08 04:59:59+00'),
    -- 2026-03-08 00:00 EST, on the edge: date 03-08.
    (2, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-03-08 05:00:00+00'),
    -- 2026-03-08 23:59:59.999999 EDT, the last instant of the short day: date 03-08.
    (3, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-03-09 03:59:59.999999+00'),
    -- 2026-03-09 00:00 EDT: date 03-09.
    (4, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'accepted', '2026-03-09 04:00:00+00'),
    -- New York, fall back on 2026-11-01 at 06:00 UTC: the local day 11-01 runs from 04:00 UTC
    -- to 05:00 UTC on 11-02, 25 hours.
    -- 01:30 EDT and 01:30 EST: date 11-01, twice.
    (5, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'engaged', '2026-11-01 05:30:00+00'),
    (6, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'engaged', '2026-11-01 06:30:00+00'),
    -- 2026-11-01 23:30 EST, already 11-02 in UTC: date 11-01.
    (7, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'started', '2026-11-02 04:30:00+00'),
    -- London, spring forward on 2026-03-29 at 01:00 UTC; fall back on 2026-10-25 at 01:00 UTC.
    -- 2026-03-28 23:30 GMT: date 03-28.
    (8, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'timed_out', '2026-03-28 23:30:00+00'),
    -- 2026-03-30 00:30 BST, still 03-29 in UTC: date 03-30.
    (9, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'errored', '2026-03-29 23:30:00+00'),
    -- 2026-10-25 00:30 BST, still 10-24 in UTC: date 10-25.
    (10, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-10-24 23:30:00+00'),
    -- 2026-10-25 23:30 GMT: date 10-25.
    (11, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-10-25 23:30:00+00'),
    -- Adelaide, DST ends on 2026-04-05 at 16:30 UTC the day before: the local day 04-05 runs
    -- from 13:30 UTC on 04-04 (+10:30) to 14:30 UTC on 04-05 (+09:30), 25 hours.
    -- 2026-04-05 00:00 ACDT, on the edge: date 04-05.
    (12, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-04-04 13:30:00+00'),
    -- 2026-04-05 23:59:59 ACST: date 04-05.
    (13, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-04-05 14:29:59+00'),
    -- 2026-04-06 00:00 ACST: date 04-06.
    (14, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'accepted', '2026-04-05 14:30:00+00'),
    -- Adelaide, DST starts on 2026-10-04 at 16:30 UTC the day before: the local day 10-04
    -- runs from 14:30 UTC on 10-03 (+09:30) to 13:30 UTC on 10-04 (+10:30), 23 hours.
    -- 2026-10-04 00:00 ACST: date 10-04.
    (15, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'started', '2026-10-03 14:30:00+00'),
    -- 2026-10-05 00:00 ACDT: date 10-05.
    (16, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'started', '2026-10-04 13:30:00+00'),
    -- Kolkata, +05:30: local dates begin at 18:30 UTC. 2026-06-01 23:59:59 IST: date 06-01.
    (17, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-06-01 18:29:59+00'),
    -- 2026-06-02 00:00 IST: date 06-02.
    (18, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-06-01 18:30:00+00'),
    -- Kathmandu, +05:45: local dates begin at 18:15 UTC. 2026-06-05 23:59:59 NPT: date 06-05.
    (19, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-06-05 18:14:59+00'),
    -- 2026-06-06 00:00 NPT: date 06-06.
    (20, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-06-05 18:15:00+00'),
    -- UTC, range [2026-07-01 06:00, 2026-07-03 18:00). 05:00 on 07-01 is in the first day
    -- but before range_start: not counted.
    (21, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-07-01 05:00:00+00'),
    -- At range_start: counted on 07-01.
    (22, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-07-01 06:00:00+00'),
    -- On the edge 07-02 00:00: counted on 07-02.
    (23, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'accepted', '2026-07-02 00:00:00+00'),
    -- The last instant before range_end: counted on 07-03.
    (24, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'started', '2026-07-03 17:59:59.999999+00'),
    -- At range_end, and after it on the same date: not counted.
    (25, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'engaged', '2026-07-03 18:00:00+00'),
    (26, 'd1000000-0000-0000-0000-000000000001', 'web_chat', 'engaged', '2026-07-03 20:00:00+00'),
    -- The webhook map in New York: 2026-11-01 01:30 EDT and 01:30 EST, date 11-01.
    (27, 'd1000000-0000-0000-0000-000000000002', 'webhook', 'qualified', '2026-11-01 05:30:00+00'),
    (28, 'd1000000-0000-0000-0000-000000000002', 'webhook', 'engaged', '2026-11-01 06:30:00+00'))
    AS planned (position, map_id, action_type, event_type, occurred_at);

-- The reference series: one bucket per local date from the date of range_start to the date
-- of the last instant before range_end. The CASE expressions give NULL for the metrics that
-- the map's action type lacks.
CREATE FUNCTION pg_temp.reference_daily(
    map_id uuid, range_start timestamptz, range_end timestamptz, zone text)
RETURNS TABLE ("time" timestamptz, qualified bigint, offered bigint, accepted bigint,
               started bigint, engaged bigint, rejected bigint, errored bigint, timed_out bigint)
LANGUAGE sql STABLE
AS $$
WITH map AS (
    SELECT action_type FROM amp_action_maps WHERE action_map_id = map_id
),
days AS (
    SELECT local_midnight::date AS local_date
    FROM generate_series((range_start AT TIME ZONE zone)::date::timestamp,
                         ((range_end - interval '1 microsecond') AT TIME ZONE zone)::date::timestamp,
                         interval '1 day') AS local_midnight
),
dated_events AS (
    SELECT (occurred_at AT TIME ZONE zone)::date AS local_date, event_type
    FROM amp_action_events
    WHERE action_map_id = map_id AND occurred_at >= range_start AND occurred_at < range_end
)
SELECT days.local_date::timestamp AT TIME ZONE zone,
       count(event_type) FILTER (WHERE event_type = 'qualified'),
       count(event_type) FILTER (WHERE event_type = 'offered'),
       CASE WHEN map.action_type IN ('web_chat', 'content_offer', 'architect_flow')
            THEN count(event_type) FILTER (WHERE event_type = 'accepted') END,
       CASE WHEN map.action_type = 'web_chat'
            THEN count(event_type) FILTER (WHERE event_type = 'started') END,
       CASE WHEN map.action_type IN ('web_chat', 'webhook')
            THEN count(event_type) FILTER (WHERE event_type = 'engaged') END,
       count(event_type) FILTER (WHERE event_type = 'rejected'),
       count(event_type) FILTER (WHERE event_type = 'errored'),
       CASE WHEN map.action_type = 'web_chat'
            THEN count(event_type) FILTER (WHERE event_type = 'timed_out') END
FROM days
CROSS JOIN map
LEFT JOIN dated_events USING (local_date)
GROUP BY days.local_date, map.action_type
$$;

-- Rows of amp_series missing from the reference, and the other way round.
CREATE FUNCTION pg_temp.daily_differences(
    map_id uuid, range_start timestamptz, range_end timestamptz, zone text)
RETURNS TABLE (source text, "time" timestamptz, qualified bigint, offered bigint,
               accepted bigint, started bigint, engaged bigint, rejected bigint, errored bigint,
               timed_out bigint)
LANGUAGE sql STABLE
AS $$
SELECT 'amp_series only', *
FROM (SELECT * FROM amp_series(map_id, range_start, range_end, 'day', zone)
      EXCEPT
      SELECT * FROM pg_temp.reference_daily(map_id, range_start, range_end, zone)) AS only_amp
UNION ALL
SELECT 'reference only', *
FROM (SELECT * FROM pg_temp.reference_daily(map_id, range_start, range_end, zone)
      EXCEPT
      SELECT * FROM amp_series(map_id, range_start, range_end, 'day', zone)) AS only_reference
$$;

-- New York around the spring change. [by hand] Four rows, 03-07 to 03-10, lasting 24, 23 and
-- 24 hours. rejected 1 on 03-07;
-- qualified 1 and offered 1 on 03-08, at its first and last instant; accepted 1 on 03-09.
SET TimeZone = 'America/New_York';
SELECT "time",
       (extract(epoch FROM lead("time") OVER (ORDER BY "time") - "time") / 3600)::integer AS hours,
       qualified, offered, accepted, rejected
FROM amp_series('d1000000-0000-0000-0000-000000000001',
                '2026-03-07 00:00 America/New_York', '2026-03-11 00:00 America/New_York',
                'day', 'America/New_York');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-03-07 00:00 America/New_York', '2026-03-11 00:00 America/New_York', 'America/New_York');

-- New York around the fall change. [by hand] 10-31 lasts 24 hours and 11-01 25 hours.
-- engaged 2 and started 1 on 11-01: the 23:30 EST event is on 11-02 in UTC but on 11-01
-- locally.
SELECT "time",
       (extract(epoch FROM lead("time") OVER (ORDER BY "time") - "time") / 3600)::integer AS hours,
       started, engaged
FROM amp_series('d1000000-0000-0000-0000-000000000001',
                '2026-10-31 00:00 America/New_York', '2026-11-03 00:00 America/New_York',
                'day', 'America/New_York');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-10-31 00:00 America/New_York', '2026-11-03 00:00 America/New_York', 'America/New_York');

-- The webhook map: accepted, started and timed_out are NULL on every day, empty days
-- included. [by hand] qualified 1 and engaged 1 on 11-01, zeros on 10-31 and 11-02.
SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000002',
                         '2026-10-31 00:00 America/New_York', '2026-11-03 00:00 America/New_York',
                         'day', 'America/New_York');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000002',
    '2026-10-31 00:00 America/New_York', '2026-11-03 00:00 America/New_York', 'America/New_York');

-- London. [by hand] 03-29 lasts 23 hours, 10-25 lasts 25 hours. timed_out 1 on 03-28 and
-- errored 1 on 03-30 (00:30 BST); qualified 2 on 10-25 (00:30 BST and 23:30 GMT).
SET TimeZone = 'Europe/London';
SELECT "time",
       (extract(epoch FROM lead("time") OVER (ORDER BY "time") - "time") / 3600)::integer AS hours,
       errored, timed_out
FROM amp_series('d1000000-0000-0000-0000-000000000001',
                '2026-03-28 00:00 Europe/London', '2026-03-31 00:00 Europe/London',
                'day', 'Europe/London');
SELECT "time",
       (extract(epoch FROM lead("time") OVER (ORDER BY "time") - "time") / 3600)::integer AS hours,
       qualified
FROM amp_series('d1000000-0000-0000-0000-000000000001',
                '2026-10-24 00:00 Europe/London', '2026-10-27 00:00 Europe/London',
                'day', 'Europe/London');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-03-28 00:00 Europe/London', '2026-03-31 00:00 Europe/London', 'Europe/London');
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-10-24 00:00 Europe/London', '2026-10-27 00:00 Europe/London', 'Europe/London');

-- Adelaide. [by hand] 04-05 lasts 25 hours and 10-04 23 hours. offered 2 on 04-05 (its first
-- and last second), accepted 1 on 04-06; started 1 on 10-04 and 1 on 10-05.
SET TimeZone = 'Australia/Adelaide';
SELECT "time",
       (extract(epoch FROM lead("time") OVER (ORDER BY "time") - "time") / 3600)::integer AS hours,
       offered, accepted
FROM amp_series('d1000000-0000-0000-0000-000000000001',
                '2026-04-04 00:00 Australia/Adelaide', '2026-04-07 00:00 Australia/Adelaide',
                'day', 'Australia/Adelaide');
SELECT "time",
       (extract(epoch FROM lead("time") OVER (ORDER BY "time") - "time") / 3600)::integer AS hours,
       started
FROM amp_series('d1000000-0000-0000-0000-000000000001',
                '2026-10-03 00:00 Australia/Adelaide', '2026-10-06 00:00 Australia/Adelaide',
                'day', 'Australia/Adelaide');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-04-04 00:00 Australia/Adelaide', '2026-04-07 00:00 Australia/Adelaide', 'Australia/Adelaide');
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-10-03 00:00 Australia/Adelaide', '2026-10-06 00:00 Australia/Adelaide', 'Australia/Adelaide');

-- Kolkata and Kathmandu, shown in UTC: local dates begin at 18:30 and 18:15 UTC. The ranges
-- start at 00:00 UTC, inside a local date that began the evening before in UTC, so the first
-- row is labelled before range_start.
SET TimeZone = 'UTC';
-- [by hand] Three rows, 05-31 18:30, 06-01 18:30 and 06-02 18:30: qualified 1 on the first
-- (23:59:59 IST), offered 1 on the second (00:00 IST).
SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000001',
                         '2026-06-01 00:00+00', '2026-06-03 00:00+00', 'day', 'Asia/Kolkata');
-- [by hand] Two rows, 06-04 18:15 and 06-05 18:15: qualified 1 on the first, offered 1 on
-- the second.
SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000001',
                         '2026-06-05 00:00+00', '2026-06-06 00:00+00', 'day', 'Asia/Kathmandu');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-06-01 00:00+00', '2026-06-03 00:00+00', 'Asia/Kolkata');
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-06-05 00:00+00', '2026-06-06 00:00+00', 'Asia/Kathmandu');

-- An unaligned range in UTC, [07-01 06:00, 07-03 18:00). [by hand] Three rows labelled
-- 07-01, 07-02 and 07-03 00:00; the first is before range_start. Counted: offered at
-- range_start, accepted on the 07-02 edge, started at the last instant before range_end.
-- Not counted: qualified at 05:00 on 07-01, engaged at range_end and after it.
SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000001',
                         '2026-07-01 06:00+00', '2026-07-03 18:00+00', 'day', 'UTC');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-07-01 06:00+00', '2026-07-03 18:00+00', 'UTC');

-- Gap filling: a week without events gives seven rows of zeros. [by hand] 08-01 to 08-07.
SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000001',
                         '2026-08-01 00:00+00', '2026-08-08 00:00+00', 'day', 'UTC');

-- The year 2026 in New York. [reference] 365 rows, [by hand] all 26 chat events fall inside
-- it, and the comparison with the reference expects no rows.
SELECT count(*) AS days,
       sum(qualified + offered + accepted + started + engaged + rejected + errored + timed_out)
           AS events
FROM amp_series('d1000000-0000-0000-0000-000000000001',
                '2026-01-01 00:00 America/New_York', '2027-01-01 00:00 America/New_York',
                'day', 'America/New_York');
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2026-01-01 00:00 America/New_York', '2027-01-01 00:00 America/New_York', 'America/New_York');
-- A century of days in New York, each starting at local midnight. [reference] 2000-01-01 to
-- 2100-01-01 is 36525 days; expected no differences.
SELECT count(*) AS days
FROM amp_series('d1000000-0000-0000-0000-000000000001',
                '2000-01-01 00:00 America/New_York', '2100-01-01 00:00 America/New_York',
                'day', 'America/New_York');
SELECT * FROM pg_temp.daily_differences('d1000000-0000-0000-0000-000000000001',
    '2000-01-01 00:00 America/New_York', '2100-01-01 00:00 America/New_York', 'America/New_York');

-- Granularity spellings: case and surrounding spaces do not matter, and 'daily' and the
-- ISO-8601 duration 'P1D' mean 'day'. Expected: 3 rows and no differences for each.
SELECT spelling,
       (SELECT count(*)
        FROM amp_series('d1000000-0000-0000-0000-000000000001',
                        '2026-10-31 00:00 America/New_York', '2026-11-03 00:00 America/New_York',
                        spelling, 'America/New_York')) AS row_count,
       (SELECT count(*)
        FROM (SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000001',
                                       '2026-10-31 00:00 America/New_York',
                                       '2026-11-03 00:00 America/New_York',
                                       spelling, 'America/New_York')
              EXCEPT
              SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000001',
                                       '2026-10-31 00:00 America/New_York',
                                       '2026-11-03 00:00 America/New_York',
                                       'day', 'America/New_York')) AS difference) AS differences
FROM (VALUES ('day'), ('DAY'), ('daily'), ('Daily'), ('DAILY'), ('P1D'), ('p1d'), (' P1D '))
     AS spellings (spelling)
ORDER BY spelling COLLATE "C";

-- time_zone defaults to the session's TimeZone. With TimeZone set to Kolkata the days begin
-- at 18:30 UTC, the same three rows as with the zone passed explicitly.
SET TimeZone = 'Asia/Kolkata';
SELECT "time" AT TIME ZONE 'UTC' AS start_in_utc
FROM amp_series('d1000000-0000-0000-0000-000000000001', '2026-06-01 00:00+00', '2026-06-03 00:00+00', 'day');
-- Expected: no rows.
SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000001', '2026-06-01 00:00+00', '2026-06-03 00:00+00', 'day')
EXCEPT
SELECT * FROM amp_series('d1000000-0000-0000-0000-000000000001',
                         '2026-06-01 00:00+00', '2026-06-03 00:00+00', 'day', 'Asia/Kolkata');
SET TimeZone = 'UTC';

DROP FUNCTION pg_temp.daily_differences(uuid, timestamptz, timestamptz, text);
DROP FUNCTION pg_temp.reference_daily(uuid, timestamptz, timestamptz, text);
DELETE FROM amp_action_events WHERE action_map_id::text LIKE 'd1000000-%';
DELETE FROM amp_action_maps WHERE action_map_id::text LIKE 'd1000000-%';
