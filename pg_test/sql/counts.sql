-- The aggregate amp_counts(action_type, event_type): one count per metric, NULL for metrics
-- that apply to none of the group's action types, 0 for applicable metrics with no events.
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

-- One map per action type, and a web chat map without events.
INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES ('c1000000-0000-0000-0000-000000000001', 'chat', 'segment', 'Pricing visitors', 'web_chat'),
       ('c1000000-0000-0000-0000-000000000002', 'hook', 'event', 'form_submitted', 'webhook'),
       ('c1000000-0000-0000-0000-000000000003', 'offer', 'segment', 'Returning visitors', 'content_offer'),
       ('c1000000-0000-0000-0000-000000000004', 'flow', 'event', 'cart_abandoned', 'architect_flow'),
       ('c1000000-0000-0000-0000-000000000005', 'quiet chat', 'segment', 'Nobody', 'web_chat');

-- Events, as (map, event type, how many), in time order: the list position times 10 minutes
-- plus n. The expected counts below are read off this list.
INSERT INTO amp_action_events
SELECT md5(format('counts %s %s %s', planned.map_number, planned.event_type, n))::uuid,
       ('c1000000-0000-0000-0000-00000000000' || planned.map_number)::uuid,
       md5(format('counts action %s %s', planned.map_number, n))::uuid,
       map.action_type,
       planned.event_type::amp_event_type,
       timestamptz '2026-05-01 00:00:00+00' + (planned.position * 10 + n) * interval '1 minute'
FROM (VALUES (1, 1, 'qualified', 3), (2, 1, 'offered', 2), (3, 1, 'accepted', 1),
             (4, 1, 'started', 1), (5, 1, 'engaged', 1), (6, 1, 'timed_out', 1),
             (7, 2, 'qualified', 2), (8, 2, 'offered', 2), (9, 2, 'engaged', 1),
             (10, 2, 'errored', 1),
             (11, 3, 'qualified', 1), (12, 3, 'offered', 1), (13, 3, 'rejected', 1),
             (14, 4, 'qualified', 2), (15, 4, 'accepted', 1))
     AS planned (position, map_number, event_type, how_many)
JOIN amp_action_maps AS map
  ON map.action_map_id = ('c1000000-0000-0000-0000-00000000000' || planned.map_number)::uuid
CROSS JOIN generate_series(1, planned.how_many) AS n;

-- One group per map. Expected from the list above, as counts in amp_event_type order
-- (qualified to timed_out) with - for NULL, then applicable:
--   chat   3 2 1 1 1 0 0 1   255 (every bit)
--   hook   2 2 - - 1 0 1 -   1 + 2 + 16 + 32 + 64 = 115
--   offer  1 1 0 - - 1 0 -   1 + 2 + 4 + 32 + 64 = 103
--   flow   2 0 1 - - 0 0 -   103
-- A webhook has no accepted, started or timed_out. A content offer and an Architect flow have
-- no started, engaged or timed_out. The quiet chat map has no events, so it has no group.
SELECT map.name, (amp_counts(event.action_type, event.event_type)).*
FROM amp_action_events AS event
JOIN amp_action_maps AS map USING (action_map_id)
WHERE event.action_map_id::text LIKE 'c1000000-%'
GROUP BY map.action_map_id, map.name
ORDER BY map.action_map_id;

-- Mixed action types in one group: a metric is NULL only if it applies to none of them.
-- webhook + content offer: started and timed_out apply to neither, so NULL; accepted applies
-- to the offer (0 events) and engaged to the webhook (1 event). Mask 115 | 103 = 119.
-- All four maps: web chat makes every metric apply, so the mask is 255 and the counts are
-- the sums of the four rows above.
SELECT 'hook + offer' AS maps, (amp_counts(action_type, event_type)).*
FROM amp_action_events
WHERE action_map_id IN ('c1000000-0000-0000-0000-000000000002', 'c1000000-0000-0000-0000-000000000003')
UNION ALL
SELECT 'offer + flow', (amp_counts(action_type, event_type)).*
FROM amp_action_events
WHERE action_map_id IN ('c1000000-0000-0000-0000-000000000003', 'c1000000-0000-0000-0000-000000000004')
UNION ALL
SELECT 'all four', (amp_counts(action_type, event_type)).*
FROM amp_action_events
WHERE action_map_id::text LIKE 'c1000000-%';

-- The same counts from count(*) FILTER, with the applicability of each metric written out by
-- hand in CASE expressions. Expected: no rows either way, over groups by map, by action type
-- pair and over everything.
CREATE TEMP VIEW plain_counts AS
SELECT grouping_key,
       CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE event_type = 'qualified') END AS qualified,
       CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE event_type = 'offered') END AS offered,
       CASE WHEN bool_or(action_type IN ('web_chat', 'content_offer', 'architect_flow'))
            THEN count(*) FILTER (WHERE event_type = 'accepted') END AS accepted,
       CASE WHEN bool_or(action_type = 'web_chat')
            THEN count(*) FILTER (WHERE event_type = 'started') END AS started,
       CASE WHEN bool_or(action_type IN ('web_chat', 'webhook'))
            THEN count(*) FILTER (WHERE event_type = 'engaged') END AS engaged,
       CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE event_type = 'rejected') END AS rejected,
       CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE event_type = 'errored') END AS errored,
       CASE WHEN bool_or(action_type = 'web_chat')
            THEN count(*) FILTER (WHERE event_type = 'timed_out') END AS timed_out
FROM (SELECT action_map_id::text AS grouping_key, action_type, event_type
      FROM amp_action_events WHERE action_map_id::text LIKE 'c1000000-%'
      UNION ALL
      SELECT 'everything', action_type, event_type
      FROM amp_action_events WHERE action_map_id::text LIKE 'c1000000-%'
      UNION ALL
      SELECT 'hook + offer', action_type, event_type
      FROM amp_action_events
      WHERE action_map_id IN ('c1000000-0000-0000-0000-000000000002',
                              'c1000000-0000-0000-0000-000000000003')) AS grouped
GROUP BY grouping_key;
CREATE TEMP VIEW aggregate_counts AS
SELECT grouping_key, (amp_counts(action_type, event_type)).*
FROM (SELECT action_map_id::text AS grouping_key, action_type, event_type
      FROM amp_action_events WHERE action_map_id::text LIKE 'c1000000-%'
      UNION ALL
      SELECT 'everything', action_type, event_type
      FROM amp_action_events WHERE action_map_id::text LIKE 'c1000000-%'
      UNION ALL
      SELECT 'hook + offer', action_type, event_type
      FROM amp_action_events
      WHERE action_map_id IN ('c1000000-0000-0000-0000-000000000002',
                              'c1000000-0000-0000-0000-000000000003')) AS grouped
GROUP BY grouping_key;
SELECT count(*) AS groups_compared FROM plain_counts;
(SELECT grouping_key, qualified, offered, accepted, started, engaged, rejected, errored, timed_out
 FROM aggregate_counts)
EXCEPT
(SELECT * FROM plain_counts);
(SELECT * FROM plain_counts)
EXCEPT
(SELECT grouping_key, qualified, offered, accepted, started, engaged, rejected, errored, timed_out
 FROM aggregate_counts);
DROP VIEW aggregate_counts;
DROP VIEW plain_counts;

-- Zero rows: every metric NULL and applicable 0, both without GROUP BY and for a map without
-- events reached through an outer join, whose NULL arguments the aggregate skips.
SELECT (amp_counts(action_type, event_type)).*
FROM amp_action_events
WHERE action_map_id = 'c1000000-0000-0000-0000-000000000005';
SELECT map.name, (amp_counts(event.action_type, event.event_type)).*
FROM amp_action_maps AS map
LEFT JOIN amp_action_events AS event USING (action_map_id)
WHERE map.action_map_id IN ('c1000000-0000-0000-0000-000000000004', 'c1000000-0000-0000-0000-000000000005')
GROUP BY map.action_map_id, map.name
ORDER BY map.action_map_id;

-- Rows with a NULL argument are skipped, because the transition function is STRICT. Expected:
-- one webhook offer, so offered 1, the other webhook metrics 0, mask 115.
SELECT (amp_counts(action_type::amp_action_type, event_type::amp_event_type)).*
FROM (VALUES ('webhook', 'offered'), (NULL, 'offered'), ('webhook', NULL), (NULL, NULL))
     AS input (action_type, event_type);
-- Only NULLs: the same as zero rows.
SELECT (amp_counts(action_type::amp_action_type, event_type::amp_event_type)).*
FROM (VALUES (NULL, 'offered'), ('webhook', NULL)) AS input (action_type, event_type);

-- Without .* the result is one amp_metric_counts value.
SELECT amp_counts(action_type, event_type) AS counts,
       pg_typeof(amp_counts(action_type, event_type)) AS result_type
FROM amp_action_events
WHERE action_map_id = 'c1000000-0000-0000-0000-000000000002';

-- A FILTER clause that leaves some groups empty: only the chat map has a timed_out event, so
-- its row counts 1 timed_out with mask 255, and the other maps are all NULL with mask 0.
SELECT map.name,
       (amp_counts(event.action_type, event.event_type) FILTER (WHERE event.event_type = 'timed_out')).*
FROM amp_action_events AS event
JOIN amp_action_maps AS map USING (action_map_id)
WHERE event.action_map_id::text LIKE 'c1000000-%'
GROUP BY map.action_map_id, map.name
ORDER BY map.action_map_id;

-- As a window aggregate, where the final function runs once per row on a state that keeps
-- growing, and a moving frame restarts the state. The hook map's events in time order are
-- qualified, qualified, offered, offered, engaged, errored. Expected, as (qualified, offered,
-- engaged, errored) per row, all with mask 115:
--   running:   1 0 0 0, 2 0 0 0, 2 1 0 0, 2 2 0 0, 2 2 1 0, 2 2 1 1
--   last two:  1 0 0 0, 2 0 0 0, 1 1 0 0, 0 2 0 0, 0 1 1 0, 0 0 1 1
SELECT event_type,
       amp_counts(action_type, event_type) OVER (ORDER BY occurred_at) AS running,
       amp_counts(action_type, event_type)
           OVER (ORDER BY occurred_at ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS last_two
FROM amp_action_events
WHERE action_map_id = 'c1000000-0000-0000-0000-000000000002'
ORDER BY occurred_at;

-- An inapplicable pair never gets past the CHECK constraint of amp_action_events, but other
-- tables and VALUES lists can pass one to the aggregate.
SELECT amp_counts(action_type::amp_action_type, event_type::amp_event_type)
FROM (VALUES ('webhook', 'offered'), ('webhook', 'started')) AS input (action_type, event_type);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts(action_type::amp_action_type, event_type::amp_event_type)
FROM (VALUES ('content_offer', 'timed_out')) AS input (action_type, event_type);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- Parallel aggregation: partial states from the workers meet in amp_counts_combine. The table
-- has 60000 rows: i % 4 picks the action type (1 webhook, 2 content offer, 3 Architect flow,
-- 0 web chat) and (i / 4) cycles through the event types that apply to it.
CREATE TABLE counts_bulk_events AS
SELECT i,
       i % 5 AS group_key,
       (ARRAY['web_chat', 'webhook', 'content_offer', 'architect_flow']::amp_action_type[])[i % 4 + 1]
           AS action_type,
       CASE i % 4
           WHEN 0 THEN (ARRAY['qualified', 'offered', 'accepted', 'started', 'engaged', 'rejected',
                              'errored', 'timed_out']::amp_event_type[])[(i / 4) % 8 + 1]
           WHEN 1 THEN (ARRAY['qualified', 'offered', 'engaged', 'rejected',
                              'errored']::amp_event_type[])[(i / 4) % 5 + 1]
           ELSE (ARRAY['qualified', 'offered', 'accepted', 'rejected',
                       'errored']::amp_event_type[])[(i / 4) % 5 + 1]
       END AS event_type
FROM generate_series(1, 60000) AS i;
ANALYZE counts_bulk_events;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_total AS
SELECT (amp_counts(action_type, event_type)).* FROM counts_bulk_events;
CREATE TEMP TABLE serial_by_group AS
SELECT group_key, (amp_counts(action_type, event_type)).* FROM counts_bulk_events GROUP BY group_key;
CREATE TEMP TABLE serial_by_group_without_chat AS
SELECT group_key, (amp_counts(action_type, event_type)).*
FROM counts_bulk_events WHERE action_type <> 'web_chat' GROUP BY group_key;

-- Each action type has 15000 rows. Web chat spreads them over 8 event types (1875 each) and
-- the others over 5 (3000 each). Expected, with a sum of 60000:
--   qualified, offered, rejected, errored  1875 + 3 * 3000 = 10875
--   accepted                               1875 + 2 * 3000 = 7875
--   engaged                                1875 + 3000 = 4875
--   started, timed_out                     1875
SELECT * FROM serial_total;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
CREATE TEMP TABLE parallel_total AS
SELECT (amp_counts(action_type, event_type)).* FROM counts_bulk_events;
CREATE TEMP TABLE parallel_total AS
SELECT (amp_counts(action_type, event_type)).* FROM counts_bulk_events;
EXPLAIN (COSTS OFF)
CREATE TEMP TABLE parallel_by_group AS
SELECT group_key, (amp_counts(action_type, event_type)).* FROM counts_bulk_events GROUP BY group_key;
CREATE TEMP TABLE parallel_by_group AS
SELECT group_key, (amp_counts(action_type, event_type)).* FROM counts_bulk_events GROUP BY group_key;
CREATE TEMP TABLE parallel_by_group_without_chat AS
SELECT group_key, (amp_counts(action_type, event_type)).*
FROM counts_bulk_events WHERE action_type <> 'web_chat' GROUP BY group_key;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Expected: no rows from any of the six comparisons.
SELECT * FROM parallel_total EXCEPT SELECT * FROM serial_total;
SELECT * FROM serial_total EXCEPT SELECT * FROM parallel_total;
SELECT * FROM parallel_by_group EXCEPT SELECT * FROM serial_by_group;
SELECT * FROM serial_by_group EXCEPT SELECT * FROM parallel_by_group;
SELECT * FROM parallel_by_group_without_chat EXCEPT SELECT * FROM serial_by_group_without_chat;
SELECT * FROM serial_by_group_without_chat EXCEPT SELECT * FROM parallel_by_group_without_chat;

-- The parallel groups against count(*) FILTER. Every group has rows of all four action
-- types, so every metric applies and none is NULL. Expected: no rows either way.
CREATE TEMP TABLE plain_by_group AS
SELECT i % 5 AS group_key,
       count(*) FILTER (WHERE event_type = 'qualified') AS qualified,
       count(*) FILTER (WHERE event_type = 'offered') AS offered,
       count(*) FILTER (WHERE event_type = 'accepted') AS accepted,
       count(*) FILTER (WHERE event_type = 'started') AS started,
       count(*) FILTER (WHERE event_type = 'engaged') AS engaged,
       count(*) FILTER (WHERE event_type = 'rejected') AS rejected,
       count(*) FILTER (WHERE event_type = 'errored') AS errored,
       count(*) FILTER (WHERE event_type = 'timed_out') AS timed_out
FROM counts_bulk_events
GROUP BY i % 5;
(SELECT group_key, qualified, offered, accepted, started, engaged, rejected, errored, timed_out
 FROM parallel_by_group)
EXCEPT
(SELECT * FROM plain_by_group);
(SELECT * FROM plain_by_group)
EXCEPT
(SELECT group_key, qualified, offered, accepted, started, engaged, rejected, errored, timed_out
 FROM parallel_by_group);

-- The comparisons covered 5 groups per grouped query. The groups without web chat have the
-- mask of webhook, content offer and Architect flow, 115 | 103 = 119, so started and
-- timed_out are NULL.
SELECT count(*) AS groups FROM parallel_by_group;
SELECT group_key, applicable, started, timed_out
FROM parallel_by_group_without_chat
ORDER BY group_key;

DROP TABLE serial_total, serial_by_group, serial_by_group_without_chat,
           parallel_total, parallel_by_group, parallel_by_group_without_chat, plain_by_group;
DROP TABLE counts_bulk_events;

-- The support functions called directly. A state is 8 counters in amp_event_type order, then
-- the set of action types seen as bits (1 web chat, 2 webhook, 4 content offer, 8 Architect flow).
SELECT amp_counts_trans('{0,0,0,0,0,0,0,0,0}', 'web_chat', 'offered') AS chat_offered,
       amp_counts_trans('{0,1,0,0,0,0,0,0,1}', 'webhook', 'engaged') AS then_webhook_engaged,
       amp_counts_trans('{5,0,0,0,0,0,0,0,8}', 'architect_flow', 'qualified') AS flow_qualified;
-- A state read from a table column (stored with a short varlena header) is copied, not changed.
CREATE TEMP TABLE stored_state (state bigint[]);
INSERT INTO stored_state VALUES ('{1,2,3,4,5,6,7,8,1}');
SELECT amp_counts_trans(state, 'web_chat', 'timed_out') AS next_state,
       amp_counts_final(state) AS finished
FROM stored_state;
SELECT state AS unchanged FROM stored_state;
DROP TABLE stored_state;
-- Counters add and the sets of seen types unite: mask 1 | 2 = 3.
SELECT amp_counts_combine('{1,2,3,4,5,6,7,8,1}', '{1,1,1,1,1,1,1,1,2}') AS combined,
       amp_counts_combine('{0,0,0,0,0,0,0,0,0}', '{3,1,0,0,1,0,0,0,2}') AS with_empty;
-- The final function masks by the types seen: the webhook state keeps qualified, offered,
-- engaged, rejected and errored (mask 115) although it has numbers in every slot.
SELECT amp_counts_final('{1,2,3,4,5,6,7,8,2}') AS webhook_state,
       amp_counts_final('{1,2,3,4,5,6,7,8,12}') AS offer_and_flow_state,
       amp_counts_final('{0,0,0,0,0,0,0,0,0}') AS empty_state;
-- STRICT: a NULL state or argument gives NULL.
SELECT amp_counts_trans(NULL, 'webhook', 'offered') IS NULL AS trans_null,
       amp_counts_combine(NULL, '{0,0,0,0,0,0,0,0,0}') IS NULL AS combine_null,
       amp_counts_final(NULL) IS NULL AS final_null;

-- Malformed states: wrong length, a NULL element, two dimensions, a negative counter, unknown
-- bits in the set of seen types. Each is SQLSTATE 22023.
SELECT amp_counts_trans('{0,0,0}', 'webhook', 'offered');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_trans('{0,0,0,0,0,0,0,0,NULL}', 'webhook', 'offered');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_trans('{{0,0,0,0,0,0,0,0,0}}', 'webhook', 'offered');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_trans('{0,-1,0,0,0,0,0,0,0}', 'webhook', 'offered');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_trans('{0,0,0,0,0,0,0,0,16}', 'webhook', 'offered');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_combine('{1,2,3}', '{0,0,0,0,0,0,0,0,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_combine('{0,0,0,0,0,0,0,0,0}', '{1,2,3,4,5,6,7,8,NULL}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_combine('{0,0,0,0,0,0,0,0,0}', '{1,1,1,-1,1,1,1,1,2}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_combine('{0,0,0,0,0,0,0,0,32}', '{0,0,0,0,0,0,0,0,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_final('{1,2,3,4,5,6,7,8}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_final('{1,2,3,4,5,6,7,8,NULL}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT amp_counts_final('{1,2,3,-4,5,6,7,8,2}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- An inapplicable pair passed to the transition function.
SELECT amp_counts_trans('{0,0,0,0,0,0,0,0,0}', 'webhook', 'started');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- A counter at the bigint maximum cannot grow: 22003 numeric_value_out_of_range, from the
-- transition function as from the combine function. Only the SQLSTATE of the transition
-- function is compared, so that the test does not fix its message.
SELECT amp_counts_combine('{9223372036854775807,0,0,0,0,0,0,0,1}', '{1,0,0,0,0,0,0,0,1}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set VERBOSITY sqlstate
SELECT amp_counts_trans('{9223372036854775807,0,0,0,0,0,0,0,1}', 'web_chat', 'qualified');
\set VERBOSITY default

DELETE FROM amp_action_events WHERE action_map_id::text LIKE 'c1000000-%';
DELETE FROM amp_action_maps WHERE action_map_id::text LIKE 'c1000000-%';
