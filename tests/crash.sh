#!/usr/bin/env bash
# Crash during ingests: a cluster of this test's own runs batches of 20,000 events, each
# staged and ingested in one transaction, until the test kills the postmaster and its
# children with SIGKILL in the middle of one. After restart and crash recovery, every batch
# must be either fully stored or absent, and every batch whose COMMIT the client saw must be
# stored. The cluster listens on a unix socket only and is removed at the end.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

batch_rows=20000
max_batches=40

dir=$(mktemp -d /tmp/amp-crash.XXXXXX)
chown postgres "$dir"
loader_pid=

as_postgres() {
    runuser -u postgres -- "$@"
}

stop_cluster() {
    if [[ -n $loader_pid ]]; then
        kill "$loader_pid" 2>/dev/null || true
        wait "$loader_pid" 2>/dev/null || true
    fi
    if [[ -f $dir/data/postmaster.pid ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}
trap stop_cluster EXIT

start_cluster() {
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
        -o "-p 5432 -k '$dir' -c listen_addresses=''" start >"$dir/pg_ctl.log" 2>&1; then
        tail -n 20 "$dir/server.log"
        return 1
    fi
}

as_postgres "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log"
start_cluster
export PGHOST=$dir PGPORT=5432 PGUSER=postgres PGDATABASE=postgres

sql "CREATE EXTENSION amp"
sql "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
     VALUES ('00000000-0000-4000-8000-000000000001', 'Chat', 'segment', 'Visitors', 'web_chat')"

# Batch b's events all carry action_id = batch_id(b), so a batch can be counted after the
# crash. Each line of committed.log names a batch whose COMMIT returned.
load_batches() {
    for ((batch = 1; batch <= max_batches; batch++)); do
        "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 >/dev/null 2>>"$dir/loader.log" <<SQL || return 0
BEGIN;
INSERT INTO amp_event_staging
SELECT gen_random_uuid()::text, '00000000-0000-4000-8000-000000000001',
       format('b0000000-0000-4000-8000-%s', lpad('$batch', 12, '0')), 'web_chat',
       (ARRAY['qualified', 'offered', 'accepted', 'engaged'])[1 + i % 4],
       to_char(timestamptz '2024-11-01 00:00+00' + i * interval '1 second',
               'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM generate_series(1, $batch_rows) AS i;
SELECT * FROM amp_ingest_staged();
COMMIT;
SQL
        echo "$batch" >>"$dir/committed.log"
    done
}

load_batches &
loader_pid=$!

# Let two batches commit, then kill in the middle of a later one. A batch takes a few
# seconds on an idle machine; the wait allows for a loaded one.
for ((wait_step = 0; wait_step < 3000; wait_step++)); do
    if [[ -f $dir/committed.log ]] && (($(wc -l <"$dir/committed.log") >= 2)); then
        break
    fi
    if ! kill -0 "$loader_pid" 2>/dev/null; then
        echo "crash.sh: the loader stopped before the crash; its errors:"
        cat "$dir/loader.log" 2>/dev/null || true
        exit 1
    fi
    sleep 0.1
done
touch "$dir/committed.log"
sleep 0.3
postmaster=$(head -n 1 "$dir/data/postmaster.pid")
children=$(ps -o pid= --ppid "$postmaster" | tr '\n' ' ')
kill -9 "$postmaster"
for child in $children; do
    kill -9 "$child" 2>/dev/null || true
done
wait "$loader_pid" || true
loader_pid=

# PostgreSQL does not start while a killed process is still attached to the shared memory.
for ((wait_step = 0; wait_step < 100; wait_step++)); do
    alive=0
    for pid in $postmaster $children; do
        if kill -0 "$pid" 2>/dev/null; then
            alive=1
        fi
    done
    ((alive == 0)) && break
    sleep 0.1
done

committed=$(sort -n "$dir/committed.log" | tr '\n' ' ')
echo "batches committed before the crash: $committed"

start_cluster
expect "server ran crash recovery" \
    "$(grep -q 'was not properly shut down; automatic recovery' "$dir/server.log" && echo yes)" yes

batches=$(sql "SELECT action_id::text || ':' || count(*) FROM amp_action_events
               GROUP BY action_id ORDER BY action_id")
partial=$(sql "SELECT count(*) FROM (SELECT action_id FROM amp_action_events GROUP BY action_id
                                     HAVING count(*) <> $batch_rows) AS partial")
expect "no batch is partly stored" "$partial" 0
stored=$(sql "SELECT count(DISTINCT action_id) FROM amp_action_events")
for batch in $committed; do
    expect "committed batch $batch is stored" \
        "$(sql "SELECT count(*) FROM amp_action_events
                WHERE action_id = format('b0000000-0000-4000-8000-%s', lpad('$batch', 12, '0'))::uuid")" \
        "$batch_rows"
done
expect "crash came before the last batch" "$( ((stored < max_batches)) && echo yes)" yes
expect "no staged row left behind" "$(sql "SELECT count(*) FROM amp_event_staging")" 0
echo "batches stored after recovery: $(wc -w <<<"$committed") acknowledged, $stored stored"
echo "$batches" | head -n 5

finish
