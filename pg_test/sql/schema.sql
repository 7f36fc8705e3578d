-- The objects amp creates: enums and their order, the two tables, the applicability view and
-- function, the constraints that keep events consistent with their maps, the comments, and the
-- registration of both tables with pg_dump.
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

-- Enum labels in their sort order. Metric columns, counter slots and mask bits follow
-- amp_event_type, and the report lists the metrics in this order.
SELECT enum_range(NULL::amp_action_type) AS action_types;
SELECT enum_range(NULL::amp_event_type) AS event_types;
SELECT enum_range(NULL::amp_trigger_kind) AS trigger_kinds;
SELECT 'qualified'::amp_event_type < 'timed_out'::amp_event_type AS qualified_sorts_first,
       'web_chat'::amp_action_type < 'architect_flow'::amp_action_type AS web_chat_sorts_first;

-- The 17 objects of the extension.
\dx+ amp

\d amp_action_maps
\d amp_action_events
\d amp_metric_counts

-- All 32 (action type, event type) pairs. mask_bit is 2 ^ (position of the event type - 1).
SELECT action_type, event_type, applies, mask_bit
FROM amp_metric_applicability
ORDER BY action_type, event_type;

-- The view against the report's table of which metric exists for which action type, typed in
-- by hand: web chat has every metric, a webhook lacks accepted, started and timed_out, and a
-- content offer or Architect flow lacks started, engaged and timed_out.
CREATE TEMP TABLE expected_applicability (action_type amp_action_type, event_type amp_event_type);
INSERT INTO expected_applicability VALUES
    ('web_chat', 'qualified'), ('web_chat', 'offered'), ('web_chat', 'accepted'),
    ('web_chat', 'started'), ('web_chat', 'engaged'), ('web_chat', 'rejected'),
    ('web_chat', 'errored'), ('web_chat', 'timed_out'),
    ('webhook', 'qualified'), ('webhook', 'offered'), ('webhook', 'engaged'),
    ('webhook', 'rejected'), ('webhook', 'errored'),
    ('content_offer', 'qualified'), ('content_offer', 'offered'), ('content_offer', 'accepted'),
    ('content_offer', 'rejected'), ('content_offer', 'errored'),
    ('architect_flow', 'qualified'), ('architect_flow', 'offered'), ('architect_flow', 'accepted'),
    ('architect_flow', 'rejected'), ('architect_flow', 'errored');
-- Expected: no rows either way.
(SELECT action_type, event_type FROM amp_metric_applicability WHERE applies)
EXCEPT
(SELECT action_type, event_type FROM expected_applicability);
(SELECT action_type, event_type FROM expected_applicability)
EXCEPT
(SELECT action_type, event_type FROM amp_metric_applicability WHERE applies);
-- Expected: 8 event types, each bit once, 1 to 128.
SELECT event_type, min(mask_bit) AS mask_bit, count(DISTINCT mask_bit) AS distinct_bits
FROM amp_metric_applicability
GROUP BY event_type
ORDER BY event_type;
DROP TABLE expected_applicability;

-- amp_metric_applies agrees with the view and is STRICT.
SELECT amp_metric_applies('web_chat', 'timed_out') AS chat_timed_out,
       amp_metric_applies('webhook', 'engaged') AS webhook_engaged,
       amp_metric_applies('webhook', 'accepted') AS webhook_accepted,
       amp_metric_applies('content_offer', 'engaged') AS offer_engaged,
       amp_metric_applies('architect_flow', 'accepted') AS flow_accepted,
       amp_metric_applies('architect_flow', 'started') AS flow_started,
       amp_metric_applies(NULL, 'qualified') IS NULL AS null_action_gives_null,
       amp_metric_applies('web_chat', NULL) IS NULL AS null_event_gives_null;
-- Expected: no rows.
SELECT action_type, event_type
FROM amp_metric_applicability
WHERE applies IS DISTINCT FROM amp_metric_applies(action_type, event_type);

-- Two maps to hang events on.
INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type, created_at)
VALUES ('a1000000-0000-0000-0000-000000000001', 'Chat on pricing', 'segment', 'Pricing visitors',
        'web_chat', '2026-01-01 00:00:00+00'),
       ('a1000000-0000-0000-0000-000000000002', 'Lead webhook', 'event', 'form_submitted',
        'webhook', '2026-01-01 00:00:00+00');
SELECT action_map_id, name, trigger_kind, action_type, is_active, created_at
FROM amp_action_maps
WHERE action_map_id::text LIKE 'a1000000-%'
ORDER BY action_map_id;

-- A valid event is accepted.
INSERT INTO amp_action_events VALUES
    ('a1000000-0000-0000-0001-000000000001', 'a1000000-0000-0000-0000-000000000002',
     'a1000000-0000-0000-0002-000000000001', 'webhook', 'engaged', '2026-01-02 10:00:00+00');

-- An event whose action_type is not its map's breaks the composite foreign key.
INSERT INTO amp_action_events VALUES
    ('a1000000-0000-0000-0001-000000000002', 'a1000000-0000-0000-0000-000000000002',
     'a1000000-0000-0000-0002-000000000002', 'web_chat', 'offered', '2026-01-02 10:00:00+00');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- So does an event of a map that does not exist.
INSERT INTO amp_action_events VALUES
    ('a1000000-0000-0000-0001-000000000003', 'a1000000-0000-0000-0000-0000000000ff',
     'a1000000-0000-0000-0002-000000000003', 'webhook', 'offered', '2026-01-02 10:00:00+00');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- An event type that does not exist for the action type fails the CHECK constraint: a webhook
-- is never accepted, started or timed out.
INSERT INTO amp_action_events VALUES
    ('a1000000-0000-0000-0001-000000000004', 'a1000000-0000-0000-0000-000000000002',
     'a1000000-0000-0000-0002-000000000004', 'webhook', 'started', '2026-01-02 10:00:00+00');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
UPDATE amp_action_events SET event_type = 'timed_out'
WHERE event_id = 'a1000000-0000-0000-0001-000000000001';
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Changing a map's action type while it has events breaks the foreign key from the other side.
UPDATE amp_action_maps SET action_type = 'web_chat'
WHERE action_map_id = 'a1000000-0000-0000-0000-000000000002';
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Expected: only the valid event is stored.
SELECT event_id, action_type, event_type
FROM amp_action_events
WHERE action_map_id::text LIKE 'a1000000-%';

-- Every object of the extension has a comment. Expected: no rows.
SELECT pg_describe_object(dependency.classid, dependency.objid, 0) AS object_without_comment
FROM pg_depend AS dependency
JOIN pg_extension AS extension
  ON dependency.refclassid = 'pg_extension'::regclass
 AND dependency.refobjid = extension.oid
LEFT JOIN pg_description AS description
  ON description.classoid = dependency.classid
 AND description.objoid = dependency.objid
 AND description.objsubid = 0
WHERE extension.extname = 'amp'
  AND dependency.deptype = 'e'
  AND description.description IS NULL
ORDER BY 1;
-- The query above looks at the objects listed here, so an empty result is not from an empty
-- join.
SELECT count(*) AS extension_objects
FROM pg_depend AS dependency
JOIN pg_extension AS extension
  ON dependency.refclassid = 'pg_extension'::regclass
 AND dependency.refobjid = extension.oid
WHERE extension.extname = 'amp'
  AND dependency.deptype = 'e';

-- Both tables are configuration tables, so pg_dump writes their rows, with no filter.
SELECT extconfig::regclass[] AS configuration_tables, extcondition
FROM pg_extension
WHERE extname = 'amp';

DELETE FROM amp_action_events WHERE action_map_id::text LIKE 'a1000000-%';
DELETE FROM amp_action_maps WHERE action_map_id::text LIKE 'a1000000-%';
