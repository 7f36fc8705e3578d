-- Hand-made hostile calls of amp's functions, run by scripts/fuzz.sh after the sample data
-- is loaded. Each statement may fail; none may crash the backend or raise XX000.
-- Map 00000000-0000-4000-8000-000000000001 is a web chat map of the sample data.

-- NULL arguments, one at a time and all at once.
SELECT * FROM amp_series(NULL, NULL, NULL, NULL, NULL);
SELECT * FROM amp_series(NULL, '2024-11-01', '2024-11-02');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', NULL, '2024-11-02');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', NULL);
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', NULL);
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', NULL);
SELECT amp_metric_applies(NULL, NULL);
SELECT amp_metric_applies('web_chat', NULL);
SELECT amp_counts(NULL::amp_action_type, NULL::amp_event_type);
SELECT amp_counts_trans(NULL, NULL, NULL);
SELECT amp_counts_combine(NULL, NULL);
SELECT amp_counts_final(NULL);
SELECT amp_parse_event_time(NULL);
SELECT * FROM amp_ingest_json(NULL);

-- Infinities, the ends of the timestamptz range and huge ranges.
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '-infinity', 'infinity');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', 'infinity', 'day');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '294276-12-31 00:00+00', '294276-12-31 23:59:59.999999+00', 'hour', 'UTC');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '294276-12-31 00:00+00', '294276-12-31 23:59:59.999999+00', 'day', 'Pacific/Kiritimati');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '294276-12-31 00:00+00', '294276-12-31 23:59:59.999999+00', 'hour', 'Etc/GMT+12');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '4714-11-24 00:00+00 BC', '4714-11-25 00:00+00 BC', 'hour', 'UTC');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '4714-11-24 00:00+00 BC', '4714-11-25 00:00+00 BC', 'day', 'America/Los_Angeles');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '4714-11-24 00:00+00 BC', '294276-12-31 00:00+00', 'day');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '1900-01-01', '2100-01-01', 'hour');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2000-01-01', '2274-01-01', 'day');
SELECT count(*) FROM amp_series('00000000-0000-4000-8000-000000000001', '2000-01-01', '2011-05-30', 'hour', 'UTC');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-01 00:00:00.000001');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-02', '2024-11-01');

-- Strange granularities and zones.
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', '');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', repeat('h', 100000));
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', repeat('A', 100000));
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', E'UTC\x01');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', '+14:00');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', '-15:59');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', 'posixrules');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', '../../../../etc/passwd');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', 'EST5EDT,M3.2.0,M11.1.0');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000001', '2024-11-01', '2024-11-02', 'hour', '<+0330>-3:30');
SELECT * FROM amp_series('00000000-0000-4000-8000-000000000000', '2024-11-01', '2024-11-02');

-- Malformed aggregate states, empty and multidimensional arrays, overflow.
SELECT amp_counts_trans('{}', 'web_chat', 'qualified');
SELECT amp_counts_trans('{{0,0,0,0,0,0,0,0,0}}', 'web_chat', 'qualified');
SELECT amp_counts_trans('[5:13]={0,0,0,0,0,0,0,0,0}', 'web_chat', 'qualified');
SELECT amp_counts_trans('{9223372036854775807,0,0,0,0,0,0,0,0}', 'web_chat', 'qualified');
SELECT amp_counts_combine('{}', '{}');
SELECT amp_counts_combine('{{0,0,0,0,0,0,0,0,0}}', '{0,0,0,0,0,0,0,0,0}');
SELECT amp_counts_combine('{9223372036854775807,0,0,0,0,0,0,0,1}', '{1,0,0,0,0,0,0,0,1}');
SELECT amp_counts_combine('{0,0,0,0,0,0,0,0,-1}', '{0,0,0,0,0,0,0,0,0}');
SELECT amp_counts_final('{}');
SELECT amp_counts_final('{0,0,0,0,0,0,0,0,9223372036854775807}');
SELECT amp_counts_final('{{1,2},{3,4}}');
SELECT amp_counts_final(array_fill(0::bigint, ARRAY[100000]));
SELECT amp_counts_final(amp_counts_trans(amp_counts_trans('{0,0,0,0,0,0,0,0,0}', 'webhook', 'engaged'), 'webhook', 'started'));
SELECT amp_counts(a, e) OVER (ORDER BY e) FROM (VALUES ('web_chat'::amp_action_type, 'qualified'::amp_event_type), (NULL, 'offered')) AS v (a, e);
SELECT amp_counts(action_type, event_type) FROM amp_action_events WHERE false;

-- Event times at and past the edges.
SELECT amp_parse_event_time('');
SELECT amp_parse_event_time('0000-01-01T00:00:00Z');
SELECT amp_parse_event_time('9999-12-31T23:59:59.999999-15:59');
SELECT amp_parse_event_time('294276-12-31T23:59:59Z');
SELECT amp_parse_event_time('infinity');
SELECT amp_parse_event_time(repeat('2', 1000000));
SELECT amp_parse_event_time(E'2024-11-01T00:00:00Z\x01');
SELECT amp_parse_event_time('２０２４-11-01T00:00:00Z');

-- Ingestion of hostile input.
SELECT * FROM amp_ingest_json('[]');
SELECT * FROM amp_ingest_json('{}');
SELECT * FROM amp_ingest_json('[null, [], {}, 1, "x", true]');
SELECT * FROM amp_ingest_json('[{"event_id": {"nested": [1, 2, 3]}, "occurred_at": "294276-12-31T00:00:00Z"}]');
SELECT * FROM amp_ingest_json(jsonb_build_array(jsonb_build_object('event_id', repeat('a', 1000000))));
SELECT * FROM amp_ingest_json(jsonb_build_array(jsonb_build_object(
    'event_id', gen_random_uuid(), 'action_map_id', '00000000-0000-4000-8000-000000000001',
    'action_id', gen_random_uuid(), 'action_type', 'web_chat', 'event_type', 'qualified',
    'occurred_at', '9999-12-31T23:59:59Z')));
SELECT * FROM amp_ingest_json((SELECT jsonb_agg(jsonb_build_object('event_id', i)) FROM generate_series(1, 20000) AS i));
INSERT INTO amp_event_staging VALUES (NULL, NULL, NULL, NULL, NULL, NULL), ('', '', '', '', '', ''), (E'\t', E'\n', ' ', '{', '}', '-');
SELECT * FROM amp_ingest_staged();
SET amp.ingest_progress_rows = '-1';
SELECT * FROM amp_ingest_staged();
SET amp.ingest_progress_rows = '99999999999999999999';
SELECT * FROM amp_ingest_staged();
SET amp.ingest_progress_rows = '1';
SELECT * FROM amp_ingest_json('[{"event_id": "00000000-0000-4000-8000-0000000000aa"}]');
RESET amp.ingest_progress_rows;
SELECT * FROM amp_ingest_batch();
SELECT amp_ingest_prepare_batch(), amp_ingest_prepare_batch();
SELECT * FROM amp_ingest_batch();
SELECT * FROM amp_ingest_time_window();
SELECT amp_series_max_buckets();
