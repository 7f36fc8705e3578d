-- amp_series with hour buckets: local whole hours, split where the UTC offset changes, so a
-- day has 23 or 25 rows across DST and a repeated local hour gives two rows.
--
-- Every expectation is derived without amp, in one of three ways named at each check:
--   [generate_series]  The row count is the number of real hours from the start of the
--                      local hour that contains range_start up to range_end. generate_series
--                      over timestamptz in steps of 1 hour (3600 seconds) counts them.
--   [reference]        pg_temp.reference_hourly below recomputes the whole series with
--                      date_trunc('hour', occurred_at AT TIME ZONE zone). No difference
--                      between it and amp_series is expected.
--   [by hand]          Each event's comment in the event list gives its local time and bucket.
-- generate_series and the reference both step one real hour per bucket. That holds for the
-- zones here, because their offsets change only at whole local hours.

-- Hide the NOTICE that amp already exists, because it depends on which files ran before.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amp;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES ('b1000000-0000-0000-0000-000000000001', 'chat', 'segment', 'Pricing visitors', 'web_chat'),
       ('b1000000-0000-0000-0000-000000000002', 'hook', 'event', 'form_submitted', 'webhook');

-- The bucket of each event is worked out in its comment: local time, then the bucket's start.
INSERT INTO amp_action_events
SELECT md5('series_hourly ' || position)::uuid,
       map_id::uuid,
       md5('series_hourly action ' || position)::uuid,
       action_type::amp_action_type,
       event_type::amp_event_type,
       occurred_at::timestamptz
FROM (VALUES
    -- New York, spring forward on 2026-03-08 at 07:00 UTC (02:00 EST becomes 03:00 EDT).
    -- At range_start of the local day, 00:00 EST: bucket 00:00 EST.
    (1, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-03-08 05:00:00+00'),
    -- 01:59:59.999999 EST, the last instant before the gap: bucket 01:00 EST.
    (2, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-03-08 06:59:59.999999+00'),
    -- 03:00 EDT, the first instant after the gap, on a bucket edge: bucket 03:00 EDT.
    (3, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'accepted', '2026-03-08 07:00:00+00'),
    -- At range_end, 2026-03-09 00:00 EDT: outside the local day, not counted.
    (4, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'started', '2026-03-09 04:00:00+00'),
    -- New York, fall back on 2026-11-01 at 06:00 UTC (02:00 EDT becomes 01:00 EST).
    -- 00:59:59 EDT: bucket 00:00 EDT.
    (5, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'rejected', '2026-11-01 04:59:59+00'),
    -- 01:30 EDT: the first 01:00 bucket, 01:00 EDT.
    (6, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-11-01 05:30:00+00'),
    -- 01:00 EST exactly, on the edge between the two 01:00 buckets: bucket 01:00 EST.
    (7, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'engaged', '2026-11-01 06:00:00+00'),
    -- 01:30 EST: bucket 01:00 EST.
    (8, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'engaged', '2026-11-01 06:30:00+00'),
    -- London, spring forward on 2026-03-29 at 01:00 UTC (01:00 GMT becomes 02:00 BST).
    -- 00:30 GMT: bucket 00:00 GMT.
    (9, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'timed_out', '2026-03-29 00:30:00+00'),
    -- 02:00 BST exactly: bucket 02:00 BST.
    (10, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'errored', '2026-03-29 01:00:00+00'),
    -- London, fall back on 2026-10-25 at 01:00 UTC (02:00 BST becomes 01:00 GMT).
    -- 01:30 BST: bucket 01:00 BST.
    (11, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-10-25 00:30:00+00'),
    -- 01:30 GMT, twice: bucket 01:00 GMT.
    (12, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-10-25 01:30:00+00'),
    (13, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-10-25 01:30:00+00'),
    -- Kolkata, +05:30 all year. 05:59:59 IST: bucket 05:00 IST = 23:30 UTC the day before.
    (14, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-06-01 00:29:59+00'),
    -- 06:00 IST exactly: bucket 06:00 IST = 00:30 UTC.
    (15, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-06-01 00:30:00+00'),
    -- Kathmandu, +05:45 all year. 05:59:59 NPT: bucket 05:00 NPT = 23:15 UTC the day before.
    (16, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-06-02 00:14:59+00'),
    -- 06:00 NPT exactly: bucket 06:00 NPT = 00:15 UTC.
    (17, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-06-02 00:15:00+00'),
    -- Adelaide, DST ends on 2026-04-05 at 16:30 UTC the day before (03:00 ACDT, +10:30,
    -- becomes 02:00 ACST, +09:30). 02:30 ACDT: bucket 02:00 ACDT = 15:30 UTC.
    (18, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-04-04 16:00:00+00'),
    -- 02:00 ACST exactly, the repeated hour: bucket 02:00 ACST = 16:30 UTC.
    (19, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'accepted', '2026-04-04 16:30:00+00'),
    -- 02:30 ACST: bucket 02:00 ACST.
    (20, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'accepted', '2026-04-04 17:00:00+00'),
    -- Adelaide, DST starts on 2026-10-04 at 16:30 UTC the day before (02:00 ACST becomes
    -- 03:00 ACDT). 01:59:59 ACST: bucket 01:00 ACST = 15:30 UTC.
    (21, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'started', '2026-10-03 16:29:59+00'),
    -- 03:00 ACDT exactly: bucket 03:00 ACDT = 16:30 UTC.
    (22, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'started', '2026-10-03 16:30:00+00'),
    -- UTC, range [10:20, 12:40) on 2026-07-01. 10:10 is in the first bucket but before
    -- range_start: not counted.
    (23, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'qualified', '2026-07-01 10:10:00+00'),
    -- At range_start: counted in bucket 10:00.
    (24, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'offered', '2026-07-01 10:20:00+00'),
    -- On the edge 11:00: bucket 11:00.
    (25, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'accepted', '2026-07-01 11:00:00+00'),
    -- The last instant before range_end: counted in bucket 12:00.
    (26, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'started', '2026-07-01 12:39:59.999999+00'),
    -- At range_end, and after it within the last bucket: not counted.
    (27, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'engaged', '2026-07-01 12:40:00+00'),
    (28, 'b1000000-0000-0000-0000-000000000001', 'web_chat', 'engaged', '2026-07-01 12:50:00+00'),
    -- The webhook map on the New York fall-back night: 01:30 EDT and 01:30 EST.
    (29, 'b1000000-0000-0000-0000-000000000002', 'webhook', 'qualified', '2026-11-01 05:30:00+00'),
    (30, 'b1000000-0000-0000-0000-000000000002', 'webhook', 'engaged', '2026-11-01 06:30:00+00'))
    AS planned (position, map_id, action_type, event_type, occurred_at);

-- The reference series. Its buckets start at the local hour that contains range_start, moved
-- to UTC by the offset in force then, and step one real hour. An event belongs to the bucket
-- of its local hour, moved to UTC by the offset in force at the event. The CASE expressions
-- give NULL for the metrics that the map's action type lacks.
CREATE FUNCTION pg_temp.reference_hourly(
    map_id uuid, range_start timestamptz, range_end timestamptz, zone text)
RETURNS TABLE ("time" timestamptz, qualified bigint, offered bigint, accepted bigint,
               started bigint, engaged bigint, rejected bigint, errored bigint, timed_out bigint)
LANGUAGE sql STABLE
AS $$
WITH map AS (
    SELECT action_type FROM amp_action_maps WHERE action_map_id = map_id
),
buckets AS (
    SELECT generate_series(
               (date_trunc('hour', range_start AT TIME ZONE zone)
                - ((range_start AT TIME ZONE zone) - (range_start AT TIME ZONE 'UTC')))
                   AT TIME ZONE 'UTC',
               range_end - interval '1 microsecond',
               interval '1 hour') AS bucket_start
),
keyed_events AS (
    SELECT (date_trunc('hour', occurred_at AT TIME ZONE zone)
            - ((occurred_at AT TIME ZONE zone) - (occurred_at AT TIME ZONE 'UTC')))
               AT TIME ZONE 'UTC' AS bucket_start,
           event_type
    FROM amp_action_events
    WHERE action_map_id = map_id AND occurred_at >= range_start AND occurred_at < range_end
)
SELECT buckets.bucket_start,
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
FROM buckets
CROSS JOIN map
LEFT JOIN keyed_events USING (bucket_start)
GROUP BY buckets.bucket_start, map.action_type
$$;

-- Rows of amp_series missing from the reference, and the other way round.
CREATE FUNCTION pg_temp.hourly_differences(
    map_id uuid, range_start timestamptz, range_end timestamptz, zone text)
RETURNS TABLE (source text, "time" timestamptz, qualified bigint, offered bigint,
               accepted bigint, started bigint, engaged bigint, rejected bigint, errored bigint,
               timed_out bigint)
LANGUAGE sql STABLE
AS $$
SELECT 'amp_series only', *
FROM (SELECT * FROM amp_series(map_id, range_start, range_end, 'hour', zone)
      EXCEPT
      SELECT * FROM pg_temp.reference_hourly(map_id, range_start, range_end, zone)) AS only_amp
UNION ALL
SELECT 'reference only', *
FROM (SELECT * FROM pg_temp.reference_hourly(map_id, range_start, range_end, zone)
      EXCEPT
      SELECT * FROM amp_series(map_id, range_start, range_end, 'hour', zone)) AS only_reference
$$;

-- New York, 2026-03-08: the local day has 23 hours, and 02:00 local does not exist.
SET TimeZone = 'America/New_York';
-- [generate_series] Expected 23.
SELECT count(*) AS hours_in_local_day
FROM generate_series(timestamptz '2026-03-08 00:00 America/New_York',
                     timestamptz '2026-03-09 00:00 America/New_York' - interval '1 microsecond',
                     interval '1 hour');
-- [by hand] 23 rows, 01:00-05 followed by 03:00-04. qualified 1 at 00:00 (event at
-- range_start), offered 1 at 01:00, accepted 1 at 03:00; the event at range_end is not
-- counted, so started is 0 everywhere.
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-03-08 00:00 America/New_York', '2026-03-09 00:00 America/New_York',
                         'hour', 'America/New_York');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-03-08 00:00 America/New_York', '2026-03-09 00:00 America/New_York', 'America/New_York');

-- New York, 2026-11-01: the local day has 25 hours, and 01:00 local comes twice.
-- [generate_series] Expected 25.
SELECT count(*) AS hours_in_local_day
FROM generate_series(timestamptz '2026-11-01 00:00 America/New_York',
                     timestamptz '2026-11-02 00:00 America/New_York' - interval '1 microsecond',
                     interval '1 hour');
-- [by hand] 25 rows with 01:00-04 and 01:00-05 as two rows: rejected 1 at 00:00-04,
-- offered 1 at 01:00-04, engaged 2 at 01:00-05 (one on its first instant).
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-11-01 00:00 America/New_York', '2026-11-02 00:00 America/New_York',
                         'hour', 'America/New_York');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-11-01 00:00 America/New_York', '2026-11-02 00:00 America/New_York', 'America/New_York');

-- The webhook map on the same night: accepted, started and timed_out do not exist for a
-- webhook, so they are NULL in every row, empty buckets included. [by hand] Local 00:00 to
-- 03:00 is four real hours (the clock goes back once), so four rows: qualified 1 at
-- 01:00-04 and engaged 1 at 01:00-05, all other applicable metrics 0.
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000002',
                         '2026-11-01 00:00 America/New_York', '2026-11-01 03:00 America/New_York',
                         'hour', 'America/New_York');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000002',
    '2026-11-01 00:00 America/New_York', '2026-11-01 03:00 America/New_York', 'America/New_York');

-- London, 2026-03-29 (23 hours) and 2026-10-25 (25 hours).
SET TimeZone = 'Europe/London';
-- [generate_series] Expected 23 and 25.
SELECT (SELECT count(*)
        FROM generate_series(timestamptz '2026-03-29 00:00 Europe/London',
                             timestamptz '2026-03-30 00:00 Europe/London' - interval '1 microsecond',
                             interval '1 hour')) AS spring_hours,
       (SELECT count(*)
        FROM generate_series(timestamptz '2026-10-25 00:00 Europe/London',
                             timestamptz '2026-10-26 00:00 Europe/London' - interval '1 microsecond',
                             interval '1 hour')) AS autumn_hours;
-- Expected 23 and 25.
SELECT (SELECT count(*)
        FROM amp_series('b1000000-0000-0000-0000-000000000001',
                        '2026-03-29 00:00 Europe/London', '2026-03-30 00:00 Europe/London',
                        'hour', 'Europe/London')) AS spring_rows,
       (SELECT count(*)
        FROM amp_series('b1000000-0000-0000-0000-000000000001',
                        '2026-10-25 00:00 Europe/London', '2026-10-26 00:00 Europe/London',
                        'hour', 'Europe/London')) AS autumn_rows;
-- [by hand] The first rows of each day. Spring: 00:00+00 (timed_out 1), then 02:00+01
-- (errored 1). Autumn: 00:00+01, 01:00+01 (qualified 1), 01:00+00 (qualified 2), 02:00+00.
SELECT "time", qualified, errored, timed_out
FROM amp_series('b1000000-0000-0000-0000-000000000001',
                '2026-03-29 00:00 Europe/London', '2026-03-30 00:00 Europe/London',
                'hour', 'Europe/London')
LIMIT 3;
SELECT "time", qualified, errored, timed_out
FROM amp_series('b1000000-0000-0000-0000-000000000001',
                '2026-10-25 00:00 Europe/London', '2026-10-26 00:00 Europe/London',
                'hour', 'Europe/London')
LIMIT 4;
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-03-29 00:00 Europe/London', '2026-03-30 00:00 Europe/London', 'Europe/London');
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-10-25 00:00 Europe/London', '2026-10-26 00:00 Europe/London', 'Europe/London');

-- Kolkata (+05:30) and Kathmandu (+05:45), shown in UTC: buckets start at :30 and :15 past
-- the UTC hour. The range [00:00, 06:00) UTC starts inside the local hour 05:00, which began
-- at 23:30 (Kolkata) or 23:15 (Kathmandu) UTC the day before, so there are 7 rows.
SET TimeZone = 'UTC';
-- [by hand] 23:30 qualified 1, 00:30 offered 1, then zeros up to 05:30.
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-06-01 00:00+00', '2026-06-01 06:00+00', 'hour', 'Asia/Kolkata');
-- [by hand] 23:15 qualified 1, 00:15 offered 1, then zeros up to 05:15.
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-06-02 00:00+00', '2026-06-02 06:00+00', 'hour', 'Asia/Kathmandu');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-06-01 00:00+00', '2026-06-01 06:00+00', 'Asia/Kolkata');
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-06-02 00:00+00', '2026-06-02 06:00+00', 'Asia/Kathmandu');

-- Adelaide: +10:30 until DST ends on 2026-04-05, +09:30 until DST starts on 2026-10-04.
SET TimeZone = 'Australia/Adelaide';
-- [generate_series] Expected 25 and 23.
SELECT (SELECT count(*)
        FROM generate_series(timestamptz '2026-04-05 00:00 Australia/Adelaide',
                             timestamptz '2026-04-06 00:00 Australia/Adelaide' - interval '1 microsecond',
                             interval '1 hour')) AS dst_end_hours,
       (SELECT count(*)
        FROM generate_series(timestamptz '2026-10-04 00:00 Australia/Adelaide',
                             timestamptz '2026-10-05 00:00 Australia/Adelaide' - interval '1 microsecond',
                             interval '1 hour')) AS dst_start_hours;
-- Expected 25 and 23.
SELECT (SELECT count(*)
        FROM amp_series('b1000000-0000-0000-0000-000000000001',
                        '2026-04-05 00:00 Australia/Adelaide', '2026-04-06 00:00 Australia/Adelaide',
                        'hour', 'Australia/Adelaide')) AS dst_end_rows,
       (SELECT count(*)
        FROM amp_series('b1000000-0000-0000-0000-000000000001',
                        '2026-10-04 00:00 Australia/Adelaide', '2026-10-05 00:00 Australia/Adelaide',
                        'hour', 'Australia/Adelaide')) AS dst_start_rows;
-- [by hand] DST end: 00:00, 01:00, 02:00 at +10:30 (offered 1 at 02:00), then 02:00 again
-- at +09:30 (accepted 2), 03:00 at +09:30.
SELECT "time", offered, accepted, started
FROM amp_series('b1000000-0000-0000-0000-000000000001',
                '2026-04-05 00:00 Australia/Adelaide', '2026-04-05 04:00 Australia/Adelaide',
                'hour', 'Australia/Adelaide');
-- [by hand] DST start: 00:00, 01:00 at +09:30 (started 1 at 01:00), then 03:00 at +10:30
-- (started 1 on its first instant).
SELECT "time", offered, accepted, started
FROM amp_series('b1000000-0000-0000-0000-000000000001',
                '2026-10-04 00:00 Australia/Adelaide', '2026-10-04 04:00 Australia/Adelaide',
                'hour', 'Australia/Adelaide');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-04-05 00:00 Australia/Adelaide', '2026-04-06 00:00 Australia/Adelaide', 'Australia/Adelaide');
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-10-04 00:00 Australia/Adelaide', '2026-10-05 00:00 Australia/Adelaide', 'Australia/Adelaide');

-- An unaligned range in UTC, [10:20, 12:40) on 2026-07-01. [by hand] Three rows; the first
-- is labelled 10:00, before range_start. Counted: offered at range_start (10:00), accepted on
-- the 11:00 edge, started at 12:39:59.999999 (12:00). Not counted: qualified at 10:10
-- (before range_start), engaged at 12:40 (range_end) and 12:50 (after it).
SET TimeZone = 'UTC';
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-07-01 10:20+00', '2026-07-01 12:40+00', 'hour', 'UTC');
-- [reference] Expected: no rows.
SELECT * FROM pg_temp.hourly_differences('b1000000-0000-0000-0000-000000000001',
    '2026-07-01 10:20+00', '2026-07-01 12:40+00', 'UTC');
-- A range of one microsecond still gives the bucket that contains it.
SELECT "time" FROM amp_series('b1000000-0000-0000-0000-000000000001',
                              '2026-07-01 10:20+00', '2026-07-01 10:20:00.000001+00', 'hour', 'UTC');

-- Gap filling: a range without events gives one row per hour, every applicable metric 0.
-- [by hand] 6 rows, 00:00 to 05:00.
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-08-01 00:00+00', '2026-08-01 06:00+00', 'hour', 'UTC');

-- The year 2026 in New York: the hour lost in March and the hour repeated in November
-- cancel, so [generate_series] expected 365 * 24 = 8760 rows. [by hand] The chat map's 28
-- events all fall inside the year, the one at 2026-03-09 00:00 EDT included, so they sum to 28.
SELECT count(*) AS hours,
       sum(qualified + offered + accepted + started + engaged + rejected + errored + timed_out)
           AS events
FROM amp_series('b1000000-0000-0000-0000-000000000001',
                '2026-01-01 00:00 America/New_York', '2027-01-01 00:00 America/New_York',
                'hour', 'America/New_York');
SELECT count(*) AS hours
FROM generate_series(timestamptz '2026-01-01 00:00 America/New_York',
                     timestamptz '2027-01-01 00:00 America/New_York' - interval '1 microsecond',
                     interval '1 hour');

-- Granularity spellings: case and surrounding spaces do not matter, and 'hourly' and the
-- ISO-8601 duration 'PT1H' mean 'hour'. Expected: 25 rows and no differences for each.
SELECT spelling,
       (SELECT count(*)
        FROM amp_series('b1000000-0000-0000-0000-000000000001',
                        '2026-11-01 00:00 America/New_York', '2026-11-02 00:00 America/New_York',
                        spelling, 'America/New_York')) AS row_count,
       (SELECT count(*)
        FROM (SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                                       '2026-11-01 00:00 America/New_York',
                                       '2026-11-02 00:00 America/New_York',
                                       spelling, 'America/New_York')
              EXCEPT
              SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                                       '2026-11-01 00:00 America/New_York',
                                       '2026-11-02 00:00 America/New_York',
                                       'hour', 'America/New_York')) AS difference) AS differences
FROM (VALUES ('hour'), ('HOUR'), ('Hourly'), ('HOURLY'), ('PT1H'), ('pt1h'), (' PT1H ')) AS spellings (spelling)
ORDER BY spelling COLLATE "C";

-- Zone names are matched without regard to case, as by SET TimeZone. Expected: no rows.
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-06-01 00:00+00', '2026-06-01 06:00+00', 'hour', 'asia/kolkata')
EXCEPT
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-06-01 00:00+00', '2026-06-01 06:00+00', 'hour', 'Asia/Kolkata');

-- The defaults: granularity 'hour', and time_zone the session's TimeZone setting. With
-- TimeZone set to Kolkata the buckets start at :30 past the UTC hour. Expected: 7 rows in
-- both, no differences.
SET TimeZone = 'Asia/Kolkata';
SELECT count(*) AS default_rows,
       count(*) FILTER (WHERE extract(minute FROM "time" AT TIME ZONE 'UTC') = 30) AS rows_at_half_past
FROM amp_series('b1000000-0000-0000-0000-000000000001', '2026-06-01 00:00+00', '2026-06-01 06:00+00');
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001', '2026-06-01 00:00+00', '2026-06-01 06:00+00')
EXCEPT
SELECT * FROM amp_series('b1000000-0000-0000-0000-000000000001',
                         '2026-06-01 00:00+00', '2026-06-01 06:00+00', 'hour', 'Asia/Kolkata');
-- Changing the session's TimeZone changes the default: in New York the same UTC range gives
-- buckets on the UTC hour, 6 rows.
SET TimeZone = 'America/New_York';
SELECT count(*) AS default_rows,
       count(*) FILTER (WHERE extract(minute FROM "time" AT TIME ZONE 'UTC') = 0) AS rows_on_the_hour
FROM amp_series('b1000000-0000-0000-0000-000000000001', '2026-06-01 00:00+00', '2026-06-01 06:00+00');
SET TimeZone = 'UTC';

DROP FUNCTION pg_temp.hourly_differences(uuid, timestamptz, timestamptz, text);
DROP FUNCTION pg_temp.reference_hourly(uuid, timestamptz, timestamptz, text);
DELETE FROM amp_action_events WHERE action_map_id::text LIKE 'b1000000-%';
DELETE FROM amp_action_maps WHERE action_map_id::text LIKE 'b1000000-%';
