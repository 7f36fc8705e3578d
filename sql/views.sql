-- Views for BI tools whose query builders read tables and views but cannot call set-returning
-- functions, such as Metabase. Buckets are UTC hours and UTC days, and every time column is a
-- timestamptz, so each tool can convert it to the reader's zone. For local-time buckets,
-- call amp_series with a time zone instead.
--
-- Each view has one row per map and bucket with at least one event, so an empty bucket has
-- no row. A metric that does not apply to the map's action type is NULL, as in amp_counts.
-- action_type is text, because query builders filter text columns more reliably than enums.

-- NOTE: both views aggregate the raw events on every query. Once amp keeps a 15-minute
-- rollup table, they should read the rollup instead, and only the buckets at the edges of a
-- range from the raw events.
CREATE VIEW amp_hourly_counts_utc AS
SELECT bucket.hour_start,
       map.action_map_id,
       map.name AS map_name,
       map.action_type::text AS action_type,
       (bucket.counts).qualified,
       (bucket.counts).offered,
       (bucket.counts).accepted,
       (bucket.counts).started,
       (bucket.counts).engaged,
       (bucket.counts).rejected,
       (bucket.counts).errored,
       (bucket.counts).timed_out
FROM (
    SELECT event.action_map_id,
           date_trunc('hour', event.occurred_at, 'UTC') AS hour_start,
           amp_counts(event.action_type, event.event_type) AS counts
    FROM amp_action_events AS event
    GROUP BY event.action_map_id, date_trunc('hour', event.occurred_at, 'UTC')
) AS bucket
JOIN amp_action_maps AS map USING (action_map_id);

CREATE VIEW amp_daily_counts_utc AS
SELECT bucket.day_start,
       map.action_map_id,
       map.name AS map_name,
       map.action_type::text AS action_type,
       (bucket.counts).qualified,
       (bucket.counts).offered,
       (bucket.counts).accepted,
       (bucket.counts).started,
       (bucket.counts).engaged,
       (bucket.counts).rejected,
       (bucket.counts).errored,
       (bucket.counts).timed_out
FROM (
    SELECT event.action_map_id,
           date_trunc('day', event.occurred_at, 'UTC') AS day_start,
           amp_counts(event.action_type, event.event_type) AS counts
    FROM amp_action_events AS event
    GROUP BY event.action_map_id, date_trunc('day', event.occurred_at, 'UTC')
) AS bucket
JOIN amp_action_maps AS map USING (action_map_id);

COMMENT ON VIEW amp_hourly_counts_utc IS
    'Event counts per action map and UTC hour, for query builders such as Metabase. Only hours '
    'with events have a row; metrics that do not apply to the map''s action type are NULL. For '
    'hours in another zone, call amp_series.';
COMMENT ON VIEW amp_daily_counts_utc IS
    'Event counts per action map and UTC day (midnight to midnight UTC), for query builders such '
    'as Metabase. Only days with events have a row; metrics that do not apply to the map''s '
    'action type are NULL. For local days, call amp_series with a time zone.';
COMMENT ON COLUMN amp_hourly_counts_utc.hour_start IS
    'Start of the UTC hour, as a timestamptz.';
COMMENT ON COLUMN amp_daily_counts_utc.day_start IS
    'Midnight UTC at the start of the day, as a timestamptz.';
