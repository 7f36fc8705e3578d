-- Report functions only read: they assign no transaction ID, so they run in read-only
-- transactions, on a hot standby and inside parallel queries.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amp;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES ('f1000000-0000-4000-8000-000000000001', 'Read-only chat', 'segment', 'Everyone',
        'web_chat');
INSERT INTO amp_action_events
SELECT md5('read-only' || i)::uuid, 'f1000000-0000-4000-8000-000000000001',
       md5('read-only action' || i)::uuid, 'web_chat', 'qualified',
       timestamptz '2026-11-01 00:00+00' + i * interval '7 minutes'
FROM generate_series(0, 999) AS i;

-- Every report function in one read-only transaction; no transaction ID is assigned.
BEGIN READ ONLY;
SELECT count(*) AS series_rows
FROM amp_series('f1000000-0000-4000-8000-000000000001', '2026-11-01', '2026-11-02', 'hour', 'UTC');
SELECT count(*) AS long_rows
FROM amp_series_long('f1000000-0000-4000-8000-000000000001', '2026-11-01', '2026-11-02', 'hour', 'UTC');
SELECT count(*) AS rate_rows
FROM amp_rates('f1000000-0000-4000-8000-000000000001', '2026-11-01', '2026-11-02', 'hour', 'UTC');
SELECT count(*) AS compare_rows
FROM amp_compare('f1000000-0000-4000-8000-000000000001', '2026-11-01', '2026-11-02', 'UTC');
SELECT count(*) AS card_rows FROM amp_cards('2026-11-01', '2026-11-02')
WHERE action_map_id = 'f1000000-0000-4000-8000-000000000001';
SELECT count(*) AS export_rows
FROM amp_export(ARRAY['f1000000-0000-4000-8000-000000000001']::uuid[], '2026-11-01',
                '2026-11-02', 'day', 'UTC');
SELECT length(amp_export_csv('f1000000-0000-4000-8000-000000000001', '2026-11-01',
                             '2026-11-02', 'day', 'UTC')) > 0 AS has_document;
SELECT amp_export_filename('f1000000-0000-4000-8000-000000000001', '2026-11-01', '2026-11-02');
SELECT length(amp_chart_svg(ARRAY['f1000000-0000-4000-8000-000000000001']::uuid[],
                            '2026-11-01', '2026-11-03', 'day', 'UTC')) > 0 AS has_chart;
SELECT txid_current_if_assigned() IS NULL AS no_transaction_id;
COMMIT;

-- Inside a parallel query: the first subquery runs under Gather, the second calls amp_series
-- in the same statement.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT (SELECT count(*) FROM amp_action_events) AS events,
       (SELECT count(*) FROM amp_series('f1000000-0000-4000-8000-000000000001', '2026-11-01',
                                        '2026-11-02', 'hour', 'UTC')) AS buckets;
SELECT (SELECT count(*) FROM amp_action_events) >= 1000 AS events_counted,
       (SELECT count(*) FROM amp_series('f1000000-0000-4000-8000-000000000001', '2026-11-01',
                                        '2026-11-02', 'hour', 'UTC')) AS buckets;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

DELETE FROM amp_action_events WHERE action_map_id = 'f1000000-0000-4000-8000-000000000001';
DELETE FROM amp_action_maps WHERE action_map_id = 'f1000000-0000-4000-8000-000000000001';
