#!/usr/bin/env bash
# Benchmarks amp on a throwaway PostgreSQL cluster and writes docs/benchmark-results.md.
# Usage and settings: docs/benchmark.md. Not part of the test command.
set -euo pipefail

EVENTS=${AMP_BENCH_EVENTS:-10000000}
MAPS=${AMP_BENCH_MAPS:-50}
REPS=${AMP_BENCH_REPS:-5}
INGEST_EVENTS=${AMP_BENCH_INGEST_EVENTS:-$((EVENTS / 20))}
INGEST_REPS=${AMP_BENCH_INGEST_REPS:-3}
PORT=${AMP_BENCH_PORT:-5483}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${AMP_BENCH_DIR:-$REPO/target/bench}
RESULTS=${AMP_BENCH_RESULTS:-$REPO/docs/benchmark-results.md}
PG_CONFIG=${PG_CONFIG:-}

for name in EVENTS MAPS REPS INGEST_EVENTS INGEST_REPS PORT; do
    if ! [[ ${!name} =~ ^[0-9]+$ ]] || [ "${!name}" -lt 1 ]; then
        echo "bench.sh: invalid $name: '${!name}', expected a positive integer" >&2
        exit 2
    fi
done
if [ "$MAPS" -lt 2 ] || [ "$EVENTS" -lt 1000 ]; then
    echo "bench.sh: need AMP_BENCH_MAPS >= 2 and AMP_BENCH_EVENTS >= 1000" >&2
    exit 2
fi
# No default: the script installs amp into this server, so it must be chosen on purpose.
if [ -z "$PG_CONFIG" ] || [ ! -x "$PG_CONFIG" ]; then
    echo "bench.sh: PG_CONFIG is missing or not executable: '$PG_CONFIG'" >&2
    echo "Set PG_CONFIG to the pg_config of the server to install amp into and benchmark." >&2
    exit 2
fi
BIN=$("$PG_CONFIG" --bindir)
DATA=$WORK/data
SOCKET=$WORK

# Runs a server program as the postgres user when this script runs as root.
as_server_user() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

sql() {
    "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET" -p "$PORT" -U postgres -d bench "$@"
}

log() {
    echo "[$(date +%H:%M:%S)] $*" >&2
}

stop_cluster() {
    if [ -f "$DATA/postmaster.pid" ]; then
        as_server_user "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
    fi
}

if [ "${AMP_BENCH_SKIP_INSTALL:-0}" != 1 ]; then
    log "building and installing the release build"
    (cd "$REPO" && cargo pgrx install --release --pg-config "$PG_CONFIG") >&2
fi

log "starting a throwaway cluster in $DATA (unix socket only, port $PORT)"
stop_cluster
rm -rf "$DATA" "$WORK/latency" "$WORK/batch.csv"
mkdir -p "$WORK/latency"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
as_server_user "$BIN/initdb" -D "$DATA" -A trust -U postgres >/dev/null
trap stop_cluster EXIT
as_server_user "$BIN/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w start \
    -o "-p $PORT -k $SOCKET -c listen_addresses='' -c max_wal_size=8GB -c checkpoint_timeout=30min" \
    >/dev/null
"$BIN/createdb" -h "$SOCKET" -p "$PORT" -U postgres bench
sql -v maps="$MAPS" -f "$REPO/scripts/bench/setup.sql"
LOAD_BEFORE=$(uptime)

log "loading $EVENTS events into $MAPS maps (triggers off)"
SECONDS=0
CHUNK=1000000
for ((first = 1; first <= EVENTS; first += CHUNK)); do
    count=$((EVENTS - first + 1 < CHUNK ? EVENTS - first + 1 : CHUNK))
    sql -c "SET session_replication_role = replica" \
        -c "INSERT INTO amp_action_events SELECT * FROM bench_events($first, $count, $EVENTS, $MAPS)"
    log "  $((first + count - 1)) events"
done
LOAD_SECONDS=$SECONDS
log "rebuilding the rollup"
SECONDS=0
sql -c "SELECT amp_rollup_rebuild()" >/dev/null
REBUILD_SECONDS=$SECONDS
sql -c "VACUUM ANALYZE"
SECONDS=0
DIFFERENCES=$(sql -tA -c "SELECT count(*) FROM amp_rollup_check()")
CHECK_SECONDS=$SECONDS
if [ "$DIFFERENCES" != 0 ]; then
    echo "bench.sh: amp_rollup_check() found $DIFFERENCES differences after the rebuild" >&2
    exit 1
fi

declare -A MEDIAN SQL_OF OPTIONS_OF WORKERS
ORDER=()

# Registers a measurement: name, PGOPTIONS, query.
measure() {
    ORDER+=("$1")
    OPTIONS_OF[$1]=$2
    SQL_OF[$1]=$3
}

# Writes a measurement's pgbench script, records how many parallel workers its plan requests,
# and runs it once to warm the caches.
prepare_measurement() {
    local name=$1 file="$WORK/latency/$1.sql"
    echo "${SQL_OF[$name]};" >"$file"
    export PGOPTIONS=${OPTIONS_OF[$name]}
    WORKERS[$name]=$(sql -tA -c "EXPLAIN ${SQL_OF[$name]}" | sed -n 's/.*Workers Planned: \([0-9]*\).*/\1/p' | head -1)
    "$BIN/pgbench" -n -t 1 -f "$file" -h "$SOCKET" -p "$PORT" -U postgres bench >/dev/null
    unset PGOPTIONS
}

# Runs a measurement twice in one pgbench session, which logs both latencies to a file of its
# own. Only the second run counts: the first brings back the pages that the other queries of
# the round pushed out of shared buffers.
time_measurement() {
    local name=$1
    PGOPTIONS=${OPTIONS_OF[$name]} "$BIN/pgbench" -n -t 2 -f "$WORK/latency/$name.sql" -l \
        --log-prefix="$WORK/latency/$name" -h "$SOCKET" -p "$PORT" -U postgres bench >/dev/null
}

# Stores the median latency in ms of a measurement's counted runs. The latency of the second
# run is the time between the ends of the two runs, from the log's epoch columns, because
# pgbench 15.20 logged 0 as the latency of a session's last transaction in one of our runs.
summarize_measurement() {
    local name=$1 log_file
    MEDIAN[$name]=$(for log_file in "$WORK/latency/$name".[0-9]*; do
        awk '{ended[$2] = $5 * 1000000 + $6} END {print (ended[2] - ended[1]) / 1000}' "$log_file"
    done | sort -n |
        awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m}')
    log "  $name: ${MEDIAN[$name]} ms (workers planned: ${WORKERS[$name]:-0})"
}

# Prints the peak resident memory of a fresh backend that runs one query: VmHWM, and RssShmem
# at the end, which is the part of it that is shared buffers and other shared memory.
peak_memory() {
    local name=$1
    PGOPTIONS=${OPTIONS_OF[$name]} sql <<EOF | tr -s ' ' | paste -sd' '
SELECT pg_backend_pid() AS backend_pid \gset
\setenv AMP_BENCH_PID :backend_pid
\o /dev/null
${SQL_OF[$name]};
\o
\! grep -E '^(VmHWM|RssShmem)' /proc/\$AMP_BENCH_PID/status | sed 's/\t/ /'
EOF
}

. "$REPO/scripts/bench/measurements.sh"

# Every round runs each query once, so that a change in the machine's load over the run
# affects all queries alike rather than the few that happen to run during it.
log "timing queries, $REPS rounds"
for name in "${ORDER[@]}"; do
    prepare_measurement "$name"
done
for ((round = 1; round <= REPS; round++)); do
    for name in "${ORDER[@]}"; do
        time_measurement "$name"
    done
    log "  round $round of $REPS done"
done
for name in "${ORDER[@]}"; do
    summarize_measurement "$name"
done

declare -A MEMORY
for name in "${MEMORY_OF[@]}"; do
    MEMORY[$name]=$(peak_memory "$name")
done

. "$REPO/scripts/bench/ingest.sh"
. "$REPO/scripts/bench/concurrency.sh"
LOAD_AFTER=$(uptime)

. "$REPO/scripts/bench/report.sh" >"$RESULTS"
cat "$RESULTS"
log "results written to $RESULTS"
