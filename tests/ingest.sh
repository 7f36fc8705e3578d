#!/usr/bin/env bash
# Ingestion with quarantine: loads tests/data/ingest_mix.csv, a known mix of good, duplicate
# and bad rows, into amp_event_staging and checks every row's outcome against
# tests/data/ingest_mix_expected.csv (line, outcome), the counts, the quarantine contents,
# the stored events and the series they give. Then the same for amp_ingest_json, progress
# NOTICEs and argument errors.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

data=$REPO_ROOT/tests/data
chat=00000000-0000-4000-8000-000000000001
hook=00000000-0000-4000-8000-000000000002
offer=00000000-0000-4000-8000-000000000003
flow=00000000-0000-4000-8000-000000000004

sql "CREATE EXTENSION amp"
sql "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
     VALUES ('$chat', 'Chat', 'segment', 'Returning visitors', 'web_chat'),
            ('$hook', 'Hook', 'event', 'Form submitted', 'webhook'),
            ('$offer', 'Offer', 'segment', 'Pricing readers', 'content_offer'),
            ('$flow', 'Flow', 'event', 'Cart abandoned', 'architect_flow')"

# Events stored before the ingest: line 33 re-delivers the first exactly, line 34 sends the
# second's event id with another event type.
sql "INSERT INTO amp_action_events VALUES
     ('10000000-0000-4000-8000-000000000028', '$chat', 'a0000000-0000-4000-8000-000000000001',
      'web_chat', 'engaged', '2024-11-01T09:00:00Z'),
     ('10000000-0000-4000-8000-000000000029', '$chat', 'a0000000-0000-4000-8000-000000000001',
      'web_chat', 'offered', '2024-11-01T09:00:00Z')"

# The file twice: into staging as an operator would load it, and numbered by line into a
# table of the test, which COPY fills in file order.
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 <<SQL
\copy amp_event_staging FROM '$data/ingest_mix.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE mix (line bigint GENERATED ALWAYS AS IDENTITY, event_id text, action_map_id text,
                  action_id text, action_type text, event_type text, occurred_at text);
\copy mix (event_id, action_map_id, action_id, action_type, event_type, occurred_at) FROM '$data/ingest_mix.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE expected (line bigint, outcome text);
\copy expected FROM '$data/ingest_mix_expected.csv' WITH (FORMAT csv, HEADER true)
SQL

staged=$(sql "SELECT count(*) FROM amp_event_staging")
expect "file is staged whole" "$staged" 36

result=$(sql "SELECT inserted || ' ' || duplicates || ' ' || rejected FROM amp_ingest_staged()")
expect "staged ingest counts" "$result" "8 5 23"
read -r inserted duplicates rejected <<<"$result"
expect "every staged row has one outcome" "$((inserted + duplicates + rejected))" "$staged"
expect "staging is empty afterwards" "$(sql "SELECT count(*) FROM amp_event_staging")" 0

expect "rejections per reason" \
    "$(sql "SELECT string_agg(reason || '=' || n, ' ' ORDER BY reason)
            FROM (SELECT reason::text, count(*) AS n FROM amp_rejected_events GROUP BY 1) AS r")" \
    "$(sql "SELECT string_agg(outcome || '=' || n, ' ' ORDER BY outcome)
            FROM (SELECT outcome, count(*) AS n FROM expected
                  WHERE outcome NOT IN ('inserted', 'duplicate') GROUP BY 1) AS e")"

# Each rejected line must be in the quarantine with its raw values and its expected reason.
expect "quarantine keeps raw values and reasons" \
    "$(sql "SELECT count(*) FROM mix JOIN expected USING (line)
            WHERE outcome NOT IN ('inserted', 'duplicate')
              AND NOT EXISTS (
                  SELECT FROM amp_rejected_events r
                  WHERE r.reason::text = expected.outcome
                    AND (r.event_id, r.action_map_id, r.action_id, r.action_type, r.event_type,
                         r.occurred_at) IS NOT DISTINCT FROM
                        (mix.event_id, mix.action_map_id, mix.action_id, mix.action_type,
                         mix.event_type, mix.occurred_at))")" 0
expect "every rejection has a message and a time" \
    "$(sql "SELECT count(*) FROM amp_rejected_events
            WHERE message IS NULL OR message = '' OR rejected_at IS NULL")" 0
expect "malformed uuid message names column and value" \
    "$(sql "SELECT message FROM amp_rejected_events WHERE event_id = 'not-a-uuid'")" \
    'event_id "not-a-uuid" is not a valid uuid'

# The lines expected to be inserted, parsed by PostgreSQL's own input functions. The table
# is filled first, because a cast in a join condition would also run on the bad lines.
sql "CREATE TABLE good AS
     SELECT btrim(event_id)::uuid AS event_id, btrim(action_map_id)::uuid AS action_map_id,
            btrim(action_id)::uuid AS action_id, btrim(action_type)::amp_action_type AS action_type,
            btrim(event_type)::amp_event_type AS event_type, occurred_at::timestamptz AS occurred_at
     FROM mix JOIN expected USING (line) WHERE outcome = 'inserted'
     UNION ALL
     SELECT * FROM amp_action_events
     WHERE event_id IN ('10000000-0000-4000-8000-000000000028',
                        '10000000-0000-4000-8000-000000000029')"

# The stored events are the two stored before plus the good lines.
expect "stored events are the good rows" \
    "$(sql "SELECT count(*) FROM ((TABLE amp_action_events EXCEPT TABLE good)
                                  UNION ALL (TABLE good EXCEPT TABLE amp_action_events)) AS d")" 0
expect "stored event count" "$(sql "SELECT count(*) FROM amp_action_events")" 10

# The series of each map sums to the good rows of that map, metric by metric.
for map in $chat $hook $offer $flow; do
    series=$(sql "SELECT concat_ws(' ', sum(qualified), sum(offered), sum(accepted),
                         sum(started), sum(engaged), sum(rejected), sum(errored), sum(timed_out))
                  FROM amp_series('$map', '2024-10-31', '2024-11-05', 'hour', 'UTC')")
    plain=$(sql "SELECT concat_ws(' ',
                    CASE WHEN amp_metric_applies(m.action_type, 'qualified') THEN count(e.*) FILTER (WHERE e.event_type = 'qualified') END,
                    CASE WHEN amp_metric_applies(m.action_type, 'offered') THEN count(e.*) FILTER (WHERE e.event_type = 'offered') END,
                    CASE WHEN amp_metric_applies(m.action_type, 'accepted') THEN count(e.*) FILTER (WHERE e.event_type = 'accepted') END,
                    CASE WHEN amp_metric_applies(m.action_type, 'started') THEN count(e.*) FILTER (WHERE e.event_type = 'started') END,
                    CASE WHEN amp_metric_applies(m.action_type, 'engaged') THEN count(e.*) FILTER (WHERE e.event_type = 'engaged') END,
                    CASE WHEN amp_metric_applies(m.action_type, 'rejected') THEN count(e.*) FILTER (WHERE e.event_type = 'rejected') END,
                    CASE WHEN amp_metric_applies(m.action_type, 'errored') THEN count(e.*) FILTER (WHERE e.event_type = 'errored') END,
                    CASE WHEN amp_metric_applies(m.action_type, 'timed_out') THEN count(e.*) FILTER (WHERE e.event_type = 'timed_out') END)
                 FROM amp_action_maps m
                 LEFT JOIN good AS e USING (action_map_id)
                 WHERE m.action_map_id = '$map'
                 GROUP BY m.action_type")
    expect "series of map $map matches good rows" "$series" "$plain"
done

# Loading the same file again changes nothing but the quarantine: the good rows are now all
# duplicates, and the bad rows are rejected again.
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -c "\\copy amp_event_staging FROM '$data/ingest_mix.csv' WITH (FORMAT csv, HEADER true)"
expect "second load is idempotent" \
    "$(sql "SELECT inserted || ' ' || duplicates || ' ' || rejected FROM amp_ingest_staged()")" \
    "0 13 23"
expect "second load stores nothing new" "$(sql "SELECT count(*) FROM amp_action_events")" 10

# JSON: the same rules, plus elements that are not objects. Values that are JSON numbers or
# nulls arrive as text or as missing.
json_result=$(sql "SELECT inserted || ' ' || duplicates || ' ' || rejected FROM amp_ingest_json('[
    {\"event_id\": \"20000000-0000-4000-8000-000000000001\", \"action_map_id\": \"$hook\",
     \"action_id\": \"a0000000-0000-4000-8000-000000000002\", \"action_type\": \"webhook\",
     \"event_type\": \"qualified\", \"occurred_at\": \"2024-11-04T10:00:00Z\", \"extra\": 1},
    {\"event_id\": \"20000000-0000-4000-8000-000000000001\", \"action_map_id\": \"$hook\",
     \"action_id\": \"a0000000-0000-4000-8000-000000000002\", \"action_type\": \"webhook\",
     \"event_type\": \"qualified\", \"occurred_at\": \"2024-11-04T10:00:00Z\"},
    {\"event_id\": \"20000000-0000-4000-8000-000000000002\", \"action_map_id\": \"$hook\",
     \"action_id\": \"a0000000-0000-4000-8000-000000000002\", \"action_type\": \"webhook\",
     \"event_type\": \"qualified\", \"occurred_at\": 1762250400},
    {\"event_id\": null, \"action_map_id\": \"$hook\"},
    42,
    [\"not\", \"an\", \"object\"],
    null
]'::jsonb)")
expect "json ingest counts" "$json_result" "1 1 5"
expect "json non-objects are quarantined" \
    "$(sql "SELECT count(*) FROM amp_rejected_events WHERE reason = 'not_an_object'")" 3
expect "json number timestamp is malformed" \
    "$(sql "SELECT reason FROM amp_rejected_events
            WHERE event_id = '20000000-0000-4000-8000-000000000002'")" malformed_timestamp
expect "empty json array ingests nothing" \
    "$(sql "SELECT inserted || ' ' || duplicates || ' ' || rejected FROM amp_ingest_json('[]')")" \
    "0 0 0"
expect "json NULL argument" "$(sql_state "SELECT * FROM amp_ingest_json(NULL)")" 22004
expect "json object argument" "$(sql_state "SELECT * FROM amp_ingest_json('{}')")" 22023
expect "json scalar argument" "$(sql_state "SELECT * FROM amp_ingest_json('\"x\"')")" 22023
expect "empty staging ingests nothing" \
    "$(sql "SELECT inserted || ' ' || duplicates || ' ' || rejected FROM amp_ingest_staged()")" \
    "0 0 0"

# The uuid check accepts exactly what PostgreSQL's uuid input accepts.
uuid_cases=(
    a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11
    '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}' a0eebc999c0b4ef8bb6d6bb9bd380a11
    a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11 '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'
    a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1 a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111
    a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11 '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'
    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}' a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11
    a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11- -a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11
    g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 '{}' 0
)
for value in "${uuid_cases[@]}"; do
    if [[ $(sql_state "SELECT '$value'::uuid") == ok ]]; then cast=valid; else cast=invalid; fi
    reason=$(sql "SELECT b.rejected FROM amp_ingest_json(jsonb_build_array(jsonb_build_object(
                      'event_id', '$value', 'action_map_id', '$chat',
                      'action_id', 'a0000000-0000-4000-8000-000000000005',
                      'action_type', 'web_chat', 'event_type', 'qualified',
                      'occurred_at', '2024-11-05T00:00:00Z'))) AS b")
    if [[ $reason == 0 ]]; then check=valid; else check=invalid; fi
    expect "uuid check agrees with cast for $value" "$check" "$cast"
done

# Progress: with 4 rows per step, 10 new events take 3 steps and report each of them.
notices=$("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 2>&1 >/dev/null <<SQL
SET amp.ingest_progress_rows = 4;
INSERT INTO amp_event_staging
SELECT format('30000000-0000-4000-8000-%s', lpad(i::text, 12, '0')), '$chat',
       'a0000000-0000-4000-8000-000000000003', 'web_chat', 'offered', '2024-11-04T12:00:00Z'
FROM generate_series(1, 10) AS i;
SELECT * FROM amp_ingest_staged();
SQL
)
expect "progress notices per step" "$(grep -c 'rows done' <<<"$notices")" 3
expect "progress notice text" "$(grep 'rows done' <<<"$notices" | tail -n 1 | sed 's/^.*NOTICE: *//')" \
    "amp: 10 of 10 rows done, 10 inserted so far"
expect "small ingest stays quiet" \
    "$("$PG_BIN/psql" -X -q -c "SELECT * FROM amp_ingest_json('[]')" 2>&1 >/dev/null | wc -l)" 0
expect "invalid progress setting" \
    "$(sql_state "SET amp.ingest_progress_rows = 'many'; SELECT * FROM amp_ingest_staged()")" 22023
expect "zero progress setting" \
    "$(sql_state "SET amp.ingest_progress_rows = 0; SELECT * FROM amp_ingest_staged()")" 22023

# Two ingests in one transaction, and a failed ingest that rolls back everything it moved.
expect "two ingests in one transaction" \
    "$(sql "BEGIN;
            CREATE TEMPORARY TABLE first_ingest AS SELECT * FROM amp_ingest_json('[]');
            SELECT inserted || ' ' || duplicates || ' ' || rejected FROM amp_ingest_staged();
            COMMIT;")" "0 0 0"
sql "INSERT INTO amp_event_staging VALUES ('40000000-0000-4000-8000-000000000001', '$chat',
     'a0000000-0000-4000-8000-000000000004', 'web_chat', 'errored', '2024-11-04T13:00:00Z')"
sql "BEGIN; SELECT * FROM amp_ingest_staged(); ROLLBACK;" >/dev/null
expect "rolled back ingest leaves row staged" "$(sql "SELECT count(*) FROM amp_event_staging")" 1
expect "rolled back ingest stores nothing" \
    "$(sql "SELECT count(*) FROM amp_action_events
            WHERE event_id = '40000000-0000-4000-8000-000000000001'")" 0

finish
