# Prints the markdown results of scripts/bench.sh, which sources this file after measuring.

# Prints a / b with two decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'
}

# Prints "met" or "missed" for the comparison `value op limit`, op being <= or >=.
verdict() {
    awk -v v="$1" -v op="$2" -v l="$3" \
        'BEGIN { ok = (op == "<=") ? (v <= l) : (v >= l); print (ok ? "met" : "**missed**") }'
}

row() {
    echo "| $1 | ${MEDIAN[$2]} | $(ratio "${MEDIAN[$2]}" "${MEDIAN[count_star]}") | $3 |"
}

cpu_model=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
memory_total=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
server_version=$(sql -tA -c "SHOW server_version")
settings=$(sql -tA -c "SELECT string_agg(name || ' = ' || setting || coalesce(unit, ''), ', ' ORDER BY name)
                       FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'jit',
                           'max_parallel_workers_per_gather', 'parallel_leader_participation')")
events_size=$(sql -tA -c "SELECT pg_size_pretty(pg_table_size('amp_action_events'))
                          || ' table, ' || pg_size_pretty(pg_indexes_size('amp_action_events'))
                          || ' indexes'")
rollup_facts=$(sql -tA -c "SELECT count(*) || ' rows, '
                           || pg_size_pretty(pg_total_relation_size('amp_rollup_15m'))
                           FROM amp_rollup_15m")
heavy_events=$(sql -tA -c "SELECT count(*) FROM amp_action_events WHERE action_map_id = bench_map_id(1)")
light_events=$(sql -tA -c "SELECT count(*) FROM amp_action_events WHERE action_map_id = bench_map_id(2)")

cat <<EOF
# Benchmark results

Written by \`scripts/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); see docs/benchmark.md for
what each line measures. Times are medians of $REPS rounds in which every query ran twice in a
row under pgbench and the second run was timed (one client, results read and discarded), in
milliseconds, from one run of the script.

## Machine and settings
- CPU: $cpu_model, $(nproc) cores; memory: $memory_total
- Load before the run: \`$LOAD_BEFORE\`
- Load after the run: \`$LOAD_AFTER\`
- PostgreSQL $server_version, amp release build
- Settings: $settings; all server defaults except max_wal_size = 8GB and
  checkpoint_timeout = 30min
- Data: $EVENTS events, $MAPS maps, one year (2025 UTC); heavy map $heavy_events events, light
  map $light_events; amp_action_events $events_size; amp_rollup_15m $rollup_facts
- Load with triggers off ${LOAD_SECONDS} s, \`amp_rollup_rebuild()\` ${REBUILD_SECONDS} s,
  \`amp_rollup_check()\` ${CHECK_SECONDS} s (0 differences)

## Counting all events (serial)
| query | median ms | × count(*) | notes |
|---|---|---|---|
$(row "\`count(*)\`" count_star "baseline")
$(row "\`count(event_type)\`" count_event_type "floor for an aggregate that reads its column")
$(row "8 × \`count(*) FILTER\`" filter_all "")
$(row "\`amp_counts\`" amp_counts_all "× count(event_type) = $(ratio "${MEDIAN[amp_counts_all]}" "${MEDIAN[count_event_type]}"), × FILTER = $(ratio "${MEDIAN[amp_counts_all]}" "${MEDIAN[filter_all]}")")
$(row "8 × FILTER, JIT off" filter_all_jit_off "")
$(row "\`amp_counts\`, JIT off" amp_counts_all_jit_off "× FILTER with JIT off = $(ratio "${MEDIAN[amp_counts_all_jit_off]}" "${MEDIAN[filter_all_jit_off]}")")
$(row "FILTER by map and day" filter_maps_days "")
$(row "\`amp_counts\` by map and day" amp_counts_maps_days "× FILTER by map and day = $(ratio "${MEDIAN[amp_counts_maps_days]}" "${MEDIAN[filter_maps_days]}")")
$(row "FILTER, heavy map by hour, a year" filter_heavy_year_hourly "")
$(row "\`amp_counts\`, heavy map by hour, a year" amp_counts_heavy_hours "× FILTER = $(ratio "${MEDIAN[amp_counts_heavy_hours]}" "${MEDIAN[filter_heavy_year_hourly]}")")

## Counting all events with 2 parallel workers
| query | workers planned | median ms | × its serial run | notes |
|---|---|---|---|---|
| \`count(event_type)\` | ${WORKERS[count_event_type_parallel]:-0} | ${MEDIAN[count_event_type_parallel]} | $(ratio "${MEDIAN[count_event_type_parallel]}" "${MEDIAN[count_event_type]}") | |
| 8 × FILTER | ${WORKERS[filter_all_parallel]:-0} | ${MEDIAN[filter_all_parallel]} | $(ratio "${MEDIAN[filter_all_parallel]}" "${MEDIAN[filter_all]}") | |
| \`amp_counts\` | ${WORKERS[amp_counts_all_parallel]:-0} | ${MEDIAN[amp_counts_all_parallel]} | $(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[amp_counts_all]}") | × count(event_type) = $(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[count_event_type_parallel]}"), × FILTER = $(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[filter_all_parallel]}") |
| FILTER by map and day | ${WORKERS[filter_maps_days_parallel]:-0} | ${MEDIAN[filter_maps_days_parallel]} | $(ratio "${MEDIAN[filter_maps_days_parallel]}" "${MEDIAN[filter_maps_days]}") | |
| \`amp_counts\` by map and day | ${WORKERS[amp_counts_maps_days_parallel]:-0} | ${MEDIAN[amp_counts_maps_days_parallel]} | $(ratio "${MEDIAN[amp_counts_maps_days_parallel]}" "${MEDIAN[amp_counts_maps_days]}") | × FILTER = $(ratio "${MEDIAN[amp_counts_maps_days_parallel]}" "${MEDIAN[filter_maps_days_parallel]}") |

## Series of one map ($ZONE)
| map, range | FILTER on raw, ms | amp_series from rollup, ms | amp_series raw, ms | FILTER ÷ rollup | raw ÷ rollup |
|---|---|---|---|---|---|
EOF
for map in heavy light; do
    for shape in year_hourly 90d_daily; do
        filter=${MEDIAN[filter_${map}_${shape}]}
        rollup=${MEDIAN[series_${map}_${shape}_rollup]}
        raw=${MEDIAN[series_${map}_${shape}_raw]}
        echo "| $map, ${shape/_/ } | $filter | $rollup | $raw | $(ratio "$filter" "$rollup") | $(ratio "$raw" "$rollup") |"
    done
done

cat <<EOF

## Ingest of $INGEST_EVENTS events (median of $INGEST_REPS)
"recent" events fall in the last hour of the year, as a stream of new events does; "backfill"
events are spread over the year, so nearly each one updates a different rollup row.

| batch | COPY into staging, ms | INSERT … SELECT without rollup, ms | with rollup, ms | with ÷ without | events/s with rollup |
|---|---|---|---|---|---|
EOF
for batch in recent backfill; do
    echo "| $batch | ${INGEST_COPY[$batch]} | ${INGEST_WITHOUT[$batch]} | ${INGEST_WITH[$batch]} |" \
        "$(ratio "${INGEST_WITH[$batch]}" "${INGEST_WITHOUT[$batch]}") |" \
        "$(awk -v n="$INGEST_EVENTS" -v t="${INGEST_WITH[$batch]}" 'BEGIN {printf "%.0f", n / t * 1000}') |"
done

cat <<EOF

## Concurrent writers
$CONCURRENT_CLIENTS pgbench clients ran the script $CONCURRENT_TRANSACTIONS times each. The
script inserts 4 events per map into the same hour in random order, then deletes up to 4
events of one map, each statement in its own transaction. Scripts processed:
${CONCURRENT_DONE:-none}, failed (deadlocks included): ${CONCURRENT_FAILED:-0}, per second:
${CONCURRENT_TPS:-?}. \`amp_rollup_check()\` afterwards: $CONCURRENT_DIFFERENCES differences.

## Backend peak memory
VmHWM is the peak resident size of the backend that ran the query, shared buffers included;
RssShmem is how much of it is shared memory at the end. Parallel workers are separate
processes and are not included.

| query | VmHWM, RssShmem |
|---|---|
EOF
for name in "${MEMORY_OF[@]}"; do
    echo "| $name | ${MEMORY[$name]} |"
done

heavy_rollup=${MEDIAN[series_heavy_year_hourly_rollup]}
cat <<EOF

## Targets
| target | measured | verdict |
|---|---|---|
| amp_counts ≤ 1.2 × count(event_type), serial | $(ratio "${MEDIAN[amp_counts_all]}" "${MEDIAN[count_event_type]}") | $(verdict "$(ratio "${MEDIAN[amp_counts_all]}" "${MEDIAN[count_event_type]}")" "<=" 1.2) |
| amp_counts ≤ 1.2 × count(event_type), parallel | $(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[count_event_type_parallel]}") | $(verdict "$(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[count_event_type_parallel]}")" "<=" 1.2) |
| amp_counts ≤ 0.65 × FILTER, serial | $(ratio "${MEDIAN[amp_counts_all]}" "${MEDIAN[filter_all]}") | $(verdict "$(ratio "${MEDIAN[amp_counts_all]}" "${MEDIAN[filter_all]}")" "<=" 0.65) |
| amp_counts ≤ 0.65 × FILTER, parallel | $(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[filter_all_parallel]}") | $(verdict "$(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[filter_all_parallel]}")" "<=" 0.65) |
| amp_counts ≤ 0.65 × FILTER, serial, both with JIT off | $(ratio "${MEDIAN[amp_counts_all_jit_off]}" "${MEDIAN[filter_all_jit_off]}") | $(verdict "$(ratio "${MEDIAN[amp_counts_all_jit_off]}" "${MEDIAN[filter_all_jit_off]}")" "<=" 0.65) |
| amp_counts ≤ 0.65 × FILTER by map and day, serial | $(ratio "${MEDIAN[amp_counts_maps_days]}" "${MEDIAN[filter_maps_days]}") | $(verdict "$(ratio "${MEDIAN[amp_counts_maps_days]}" "${MEDIAN[filter_maps_days]}")" "<=" 0.65) |
| parallel amp_counts ≤ 0.6 × serial | $(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[amp_counts_all]}") | $(verdict "$(ratio "${MEDIAN[amp_counts_all_parallel]}" "${MEDIAN[amp_counts_all]}")" "<=" 0.6) |
| heavy year hourly from rollup ≥ 100 × faster than FILTER | $(ratio "${MEDIAN[filter_heavy_year_hourly]}" "$heavy_rollup") | $(verdict "$(ratio "${MEDIAN[filter_heavy_year_hourly]}" "$heavy_rollup")" ">=" 100) |
| heavy year hourly from rollup under 50 ms | $heavy_rollup | $(verdict "$heavy_rollup" "<=" 50) |
| ingest with rollup ≤ 1.3 × without, recent batch | $(ratio "${INGEST_WITH[recent]}" "${INGEST_WITHOUT[recent]}") | $(verdict "$(ratio "${INGEST_WITH[recent]}" "${INGEST_WITHOUT[recent]}")" "<=" 1.3) |
| ingest with rollup ≤ 1.3 × without, backfill batch | $(ratio "${INGEST_WITH[backfill]}" "${INGEST_WITHOUT[backfill]}") | $(verdict "$(ratio "${INGEST_WITH[backfill]}" "${INGEST_WITHOUT[backfill]}")" "<=" 1.3) |
EOF
