# Ingest throughput with and without rollup maintenance, sourced by scripts/bench.sh. Two
# batches of new events are COPYed into a staging table and then inserted with INSERT ...
# SELECT, once with the rollup insert trigger disabled and once with it enabled, in
# alternating order:
# - recent: events of the last hour of the year, as a stream of new events brings them, so
#   the trigger updates few rollup rows (4 slots per map);
# - backfill: events spread over the whole year like the data set, so nearly every event
#   lands in a different rollup row, the worst case for the trigger.
# Each insert is rolled back and followed by a VACUUM, so every repetition starts from the
# same table.

# Runs `setup`, then `timed` inside a DO block, then `end` (COMMIT or ROLLBACK) in one
# session, and prints the elapsed milliseconds of `timed` as measured by the server.
elapsed_ms() {
    local setup=$1 timed=$2 end=$3
    sql 2>&1 >/dev/null <<EOF | sed -n 's/.*elapsed_ms \([0-9.]*\).*/\1/p'
BEGIN;
$setup
DO \$\$
DECLARE
    began timestamptz := clock_timestamp();
BEGIN
    $timed;
    RAISE NOTICE 'elapsed_ms %', round(extract(epoch FROM clock_timestamp() - began) * 1000, 1);
END
\$\$;
$end;
EOF
}

median() {
    printf '%s\n' "$@" | sort -n |
        awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m}'
}

INSERT_BATCH="INSERT INTO amp_action_events SELECT * FROM bench_staging"
WITHOUT_ROLLUP="ALTER TABLE amp_action_events DISABLE TRIGGER amp_action_events_rollup_insert;"
declare -A INGEST_COPY INGEST_WITHOUT INGEST_WITH

# Measures one batch: its name, the trailing arguments of bench_events that place it in time,
# and the number of its first event.
measure_ingest() {
    local batch=$1 placement=$2 first=$3 csv="$WORK/batch-$1.csv"
    local copy_times=() without_times=() with_times=() modes
    sql -c "COPY (SELECT * FROM bench_events($first, $INGEST_EVENTS, $placement))
            TO '$csv' (FORMAT csv)"
    for ((rep = 1; rep <= INGEST_REPS; rep++)); do
        copy_times+=("$(elapsed_ms "TRUNCATE bench_staging;" \
            "COPY bench_staging FROM '$csv' (FORMAT csv)" COMMIT)")
        sql -c "VACUUM ANALYZE bench_staging"
        modes="without with"
        ((rep % 2)) || modes="with without"
        for mode in $modes; do
            if [ "$mode" = without ]; then
                without_times+=("$(elapsed_ms "$WITHOUT_ROLLUP" "$INSERT_BATCH" ROLLBACK)")
            else
                with_times+=("$(elapsed_ms "" "$INSERT_BATCH" ROLLBACK)")
            fi
            sql -c "VACUUM amp_action_events, amp_rollup_15m"
        done
        log "  $batch $rep: copy ${copy_times[-1]} ms, insert without rollup" \
            "${without_times[-1]} ms, with rollup ${with_times[-1]} ms"
    done
    INGEST_COPY[$batch]=$(median "${copy_times[@]}")
    INGEST_WITHOUT[$batch]=$(median "${without_times[@]}")
    INGEST_WITH[$batch]=$(median "${with_times[@]}")
}

log "ingest: $INGEST_EVENTS events per batch, $INGEST_REPS repetitions per mode"
measure_ingest recent "$INGEST_EVENTS, $MAPS, '2025-12-31 23:00 UTC', '1 hour'" $((EVENTS + 1))
measure_ingest backfill "$EVENTS, $MAPS" $((EVENTS + INGEST_EVENTS + 1))

# bench_staging still contains the backfill batch.
OPTIONS_OF[ingest_backfill_with_rollup]=""
SQL_OF[ingest_backfill_with_rollup]="BEGIN; $INSERT_BATCH; ROLLBACK"
MEMORY[ingest_backfill_with_rollup]=$(peak_memory ingest_backfill_with_rollup)
MEMORY_OF+=(ingest_backfill_with_rollup)
sql -c "VACUUM amp_action_events, amp_rollup_15m"
