-- Invalid calls of amp_series: each raises an error whose SQLSTATE names the class of mistake
-- and whose message and hint name the argument and the fix.

-- Hide the NOTICE that amp already exists, because it depends on which files ran before.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amp;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
-- Errors print their message, DETAIL and HINT, and the SQLSTATE follows on its own line through
-- LAST_ERROR_SQLSTATE, because VERBOSITY verbose would also print a source file and line.
\set VERBOSITY default
\set SHOW_CONTEXT never

INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES ('e1000000-0000-0000-0000-000000000001', 'chat', 'segment', 'Pricing visitors', 'web_chat');

-- A valid call, so that the errors below come from the argument under test.
SELECT count(*) AS rows
FROM amp_series('e1000000-0000-0000-0000-000000000001',
                '2026-01-01 00:00+00', '2026-01-02 00:00+00', 'hour', 'UTC');

-- Each NULL argument: 22004 null_value_not_allowed, naming the argument.
SELECT * FROM amp_series(NULL, '2026-01-01 00:00+00', '2026-01-02 00:00+00', 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001', NULL, '2026-01-02 00:00+00', 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001', '2026-01-01 00:00+00', NULL, 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', NULL, 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', 'hour', NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Explicit NULLs override the defaults too.
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', time_zone => NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- An empty or reversed range: 22023 invalid_parameter_value. The range is half-open, so
-- range_end equal to range_start contains no instant.
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-01 00:00+00', 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-02 00:00+00', '2026-01-01 00:00+00', 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- Infinite bounds: 22023.
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '-infinity', '2026-01-01 00:00+00', 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', 'infinity', 'day', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         'infinity', 'infinity', 'day', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- Unknown granularities: 22023. Only hours and days exist, so a finer ISO-8601 duration
-- is rejected too.
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', 'week', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', 'PT15M', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', '', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- Unknown time zones: 22023.
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', 'hour', 'Mars/Olympus_Mons');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', 'hour', '');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- The limit on the number of buckets.
SELECT amp_series_max_buckets();
-- Exactly amp_series_max_buckets() hours is allowed: expected 100000 rows.
SELECT count(*) AS rows
FROM amp_series('e1000000-0000-0000-0000-000000000001',
                '2026-01-01 00:00+00',
                timestamptz '2026-01-01 00:00+00' + amp_series_max_buckets() * interval '1 hour',
                'hour', 'UTC');
-- One hour more: 22023.
SELECT count(*) AS rows
FROM amp_series('e1000000-0000-0000-0000-000000000001',
                '2026-01-01 00:00+00',
                timestamptz '2026-01-01 00:00+00' + (amp_series_max_buckets() + 1) * interval '1 hour',
                'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- The same for days: amp_series_max_buckets() days from 2000-01-01 is allowed, one more is not.
SELECT count(*) AS rows
FROM amp_series('e1000000-0000-0000-0000-000000000001',
                '2000-01-01 00:00+00',
                timestamptz '2000-01-01 00:00+00' + amp_series_max_buckets() * interval '1 day',
                'day', 'UTC');
SELECT count(*) AS rows
FROM amp_series('e1000000-0000-0000-0000-000000000001',
                '2000-01-01 00:00+00',
                timestamptz '2000-01-01 00:00+00' + (amp_series_max_buckets() + 1) * interval '1 day',
                'day', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- A bucket that would start before the earliest timestamptz, 4714-11-24 00:00 UTC BC. Los
-- Angeles keeps local mean time (-07:52:58) in that year, so the local day that contains
-- that instant began 16:07:02 earlier. 22003 numeric_value_out_of_range.
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '4714-11-24 00:00+00 BC', '4714-11-24 03:00+00 BC', 'day',
                         'America/Los_Angeles');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- An unknown map: P0002 no_data_found.
SELECT * FROM amp_series('e1000000-0000-0000-0000-0000000000ff',
                         '2026-01-01 00:00+00', '2026-01-02 00:00+00', 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- With several mistakes the first reported is, in order: a NULL argument, the granularity,
-- the time zone, the range, the map.
SELECT * FROM amp_series('e1000000-0000-0000-0000-0000000000ff',
                         '2026-01-02 00:00+00', NULL, 'week', 'Mars/Olympus_Mons');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-0000000000ff',
                         '2026-01-02 00:00+00', '2026-01-01 00:00+00', 'week', 'Mars/Olympus_Mons');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-0000000000ff',
                         '2026-01-02 00:00+00', '2026-01-01 00:00+00', 'hour', 'Mars/Olympus_Mons');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM amp_series('e1000000-0000-0000-0000-0000000000ff',
                         '2026-01-02 00:00+00', '2026-01-01 00:00+00', 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- The bounds in the range message follow the session's TimeZone and DateStyle.
SET TimeZone = 'America/New_York';
SELECT * FROM amp_series('e1000000-0000-0000-0000-000000000001',
                         '2026-01-02 00:00+00', '2026-01-01 00:00+00', 'hour', 'UTC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SET TimeZone = 'UTC';

DELETE FROM amp_action_maps WHERE action_map_id::text LIKE 'e1000000-%';
