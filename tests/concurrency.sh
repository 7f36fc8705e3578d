#!/usr/bin/env bash
# Concurrent ingests: pgbench runs writers that stage and ingest overlapping batches of
# event ids while readers run amp_series, then stagers and separate ingesters that share the
# staging table. Afterwards the stored events must be exactly the distinct ids sent, with no
# rejection, no failed transaction and no deadlock. The load is bounded by transaction counts
# (-t), about 20,000 staged rows in all.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sql "CREATE EXTENSION amp"
sql "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
     SELECT format('00000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
            'Map ' || i, 'event', 'Visit', (enum_range(NULL::amp_action_type))[1 + i]
     FROM generate_series(0, 3) AS i"
sql "CREATE TABLE sent_ids (event_id uuid NOT NULL)"

# Event n always has the same values, so a re-sent id is a duplicate and never a conflict.
sql "CREATE FUNCTION test_events(first integer, count integer)
     RETURNS SETOF amp_event_staging LANGUAGE sql AS \$\$
         SELECT format('80000000-0000-4000-8000-%s', lpad(n::text, 12, '0')),
                format('00000000-0000-4000-8000-%s', lpad((n % 4)::text, 12, '0')),
                'a0000000-0000-4000-8000-000000000001',
                (enum_range(NULL::amp_action_type))[1 + n % 4]::text,
                'qualified',
                to_char(timestamptz '2024-11-01 00:00+00' + n * interval '1 minute',
                        'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
         FROM generate_series(first, first + count - 1) AS n
     \$\$"

cat >"$work/writer.sql" <<'SQL'
\set first random(1, 3000)
BEGIN;
INSERT INTO amp_event_staging SELECT * FROM test_events(:first, 50);
INSERT INTO sent_ids SELECT event_id::uuid FROM test_events(:first, 50);
SELECT * FROM amp_ingest_staged();
COMMIT;
SQL
cat >"$work/reader.sql" <<'SQL'
\set map random(0, 3)
SELECT count(*), sum(qualified)
FROM amp_series(format('00000000-0000-4000-8000-%s', lpad(:map::text, 12, '0'))::uuid,
                '2024-10-31', '2024-11-05', 'hour', 'UTC');
SQL
cat >"$work/stager.sql" <<'SQL'
\set first random(2000, 5000)
BEGIN;
INSERT INTO amp_event_staging SELECT * FROM test_events(:first, 50);
INSERT INTO sent_ids SELECT event_id::uuid FROM test_events(:first, 50);
COMMIT;
SQL
cat >"$work/ingester.sql" <<'SQL'
SELECT * FROM amp_ingest_staged();
SQL

deadlocks_before=$(sql "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")

run_pgbench() {
    local log=$1
    shift
    if ! "$PG_BIN/pgbench" -n -c 6 -j 2 "$@" >"$log" 2>&1; then
        cat "$log"
        return 1
    fi
}

run_pgbench "$work/phase1.log" -t 30 -f "$work/writer.sql@3" -f "$work/reader.sql@1"
expect "writers and readers: no failed transaction" \
    "$(grep -c 'number of failed transactions: [1-9]' "$work/phase1.log" || true)" 0
expect "writers and readers: every transaction ran" \
    "$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/phase1.log")" 180

run_pgbench "$work/phase2.log" -t 30 -f "$work/stager.sql@1" -f "$work/ingester.sql@1"
expect "stagers and ingesters: no failed transaction" \
    "$(grep -c 'number of failed transactions: [1-9]' "$work/phase2.log" || true)" 0
expect "stagers and ingesters: every transaction ran" \
    "$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/phase2.log")" 180
# Rows staged after the last ingester ran are still waiting.
sql "SELECT * FROM amp_ingest_staged()" >/dev/null

expect "stored events equal distinct ids sent" \
    "$(sql "SELECT count(*) FROM amp_action_events")" \
    "$(sql "SELECT count(DISTINCT event_id) FROM sent_ids")"
expect "no id sent is missing" \
    "$(sql "SELECT count(*) FROM (SELECT event_id FROM sent_ids
                                  EXCEPT SELECT event_id FROM amp_action_events) AS missing")" 0
expect "nothing rejected" "$(sql "SELECT count(*) FROM amp_rejected_events")" 0
expect "staging drained" "$(sql "SELECT count(*) FROM amp_event_staging")" 0
expect "series count every stored event" \
    "$(sql "SELECT sum(s.qualified) FROM amp_action_maps m
            CROSS JOIN LATERAL amp_series(m.action_map_id, '2024-10-31', '2024-11-06', 'day', 'UTC') AS s")" \
    "$(sql "SELECT count(*) FROM amp_action_events")"
expect "no deadlock" \
    "$(sql "SELECT deadlocks - $deadlocks_before FROM pg_stat_database
            WHERE datname = current_database()")" 0

finish
