-- Objects of the benchmark database, outside the extension: the action maps and a generator
-- of synthetic events. psql variables: maps (number of action maps, at least 2).
--
-- Map 1 is the heavy map: it gets every fourth event, a quarter of all. The other maps share
-- the rest evenly and cycle through the four action types. Event types follow a fixed funnel:
-- per 100 events, 40 qualified, 25 offered, 10 accepted, 5 started, 7 engaged, 6 rejected,
-- 4 errored and 3 timed out. A type that does not apply to the map's action type counts as
-- qualified instead.

CREATE EXTENSION IF NOT EXISTS amp;

CREATE FUNCTION bench_map_id(map_number integer) RETURNS uuid
LANGUAGE sql IMMUTABLE
RETURN ('00000000-0000-4000-8000-' || lpad(to_hex(map_number), 12, '0'))::uuid;

INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
SELECT bench_map_id(k), 'Map ' || k, 'segment', 'Segment ' || k,
       CASE WHEN k = 1 THEN 'web_chat'
            ELSE (enum_range(NULL::amp_action_type))[1 + k % 4] END
FROM generate_series(1, :maps) AS k;

-- One array of 100 event types per action type, drawn from by a hash of the event number.
CREATE TABLE bench_mix AS
SELECT m.action_map_id,
       array_agg(CASE WHEN amp_metric_applies(m.action_type, w.event_type) THEN w.event_type
                      ELSE 'qualified' END
                 ORDER BY w.event_type, g) AS event_types
FROM amp_action_maps AS m
CROSS JOIN (VALUES ('qualified'::amp_event_type, 40), ('offered', 25), ('accepted', 10),
                   ('started', 5), ('engaged', 7), ('rejected', 6), ('errored', 4),
                   ('timed_out', 3)) AS w (event_type, weight)
CROSS JOIN LATERAL generate_series(1, w.weight) AS g
GROUP BY 1;

-- Events number first .. first + count - 1 of a batch of `total` events spread evenly over
-- `span` from `span_start`, in number order (by default, the data set over 2025 UTC). Numbers
-- above `total` wrap around the span again, so a later batch has the same spread of maps,
-- types and times as the data set.
CREATE FUNCTION bench_events(
    first bigint,
    count bigint,
    total bigint,
    maps integer,
    span_start timestamptz DEFAULT '2025-01-01 00:00 UTC',
    span interval DEFAULT '365 days'
)
RETURNS SETOF amp_action_events
LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid,
           mix.action_map_id,
           gen_random_uuid(),
           m.action_type,
           mix.event_types[1 + (hashint8extended(n, 2) & 9223372036854775807) % 100],
           span_start
             + (((n - 1) % total) * spacing
                + (hashint8extended(n, 3) & 9223372036854775807) % spacing)
               * interval '1 microsecond'
    FROM (SELECT (extract(epoch FROM span) * 1000000)::bigint / total AS spacing) AS s,
         generate_series(first, first + count - 1) AS n
    JOIN bench_mix AS mix
      ON mix.action_map_id = bench_map_id(CASE WHEN n % 4 = 0 THEN 1
          ELSE 2 + ((hashint8extended(n, 1) & 9223372036854775807) % (maps - 1))::integer END)
    JOIN amp_action_maps AS m ON m.action_map_id = mix.action_map_id;
END;

CREATE TABLE bench_staging (LIKE amp_action_events);
