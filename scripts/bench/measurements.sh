# The queries scripts/bench.sh times, sourced by it. Each is registered with `measure NAME
# PGOPTIONS QUERY`. Session settings: serial runs forbid parallel workers, parallel runs allow
# two (PostgreSQL's default); every other setting is the server default. Hand-written queries
# and amp_series use the same zone, so their hour and day buckets are the same.

ZONE=America/New_York
SERIAL="-c max_parallel_workers_per_gather=0 -c TimeZone=$ZONE"
PARALLEL="-c max_parallel_workers_per_gather=2 -c TimeZone=$ZONE"
HEAVY="bench_map_id(1)"
LIGHT="bench_map_id(2)"
# A year and 90 days, starting off any 15-minute mark as a dashboard's "last N days" does.
YEAR="timestamptz '2025-01-01 05:07:13.25+00', timestamptz '2025-12-31 05:07:13.25+00'"
QUARTER="timestamptz '2025-09-01 04:02:00+00', timestamptz '2025-11-30 04:02:00+00'"

FILTERS="count(*) FILTER (WHERE event_type = 'qualified') AS qualified,
         count(*) FILTER (WHERE event_type = 'offered') AS offered,
         count(*) FILTER (WHERE event_type = 'accepted') AS accepted,
         count(*) FILTER (WHERE event_type = 'started') AS started,
         count(*) FILTER (WHERE event_type = 'engaged') AS engaged,
         count(*) FILTER (WHERE event_type = 'rejected') AS rejected,
         count(*) FILTER (WHERE event_type = 'errored') AS errored,
         count(*) FILTER (WHERE event_type = 'timed_out') AS timed_out"
AMP_COUNTS="(amp_counts(action_type, event_type)).*"

# Hand-written FILTER query over the events of one map in one range, by local hour or day.
filter_series() {
    local map=$1 unit=$2 range_start=${3%%, *} range_end=${3#*, }
    echo "SELECT date_trunc('$unit', occurred_at) AS bucket, $FILTERS
          FROM amp_action_events
          WHERE action_map_id = $map AND occurred_at >= $range_start AND occurred_at < $range_end
          GROUP BY 1 ORDER BY 1"
}

measure count_star "$SERIAL" "SELECT count(*) FROM amp_action_events"
measure count_event_type "$SERIAL" "SELECT count(event_type) FROM amp_action_events"
measure filter_all "$SERIAL" "SELECT $FILTERS FROM amp_action_events"
measure amp_counts_all "$SERIAL" "SELECT $AMP_COUNTS FROM amp_action_events"
# PostgreSQL JIT-compiles queries whose estimated cost exceeds jit_above_cost, which speeds
# up the FILTER expressions; the same two queries without JIT show how much.
measure filter_all_jit_off "$SERIAL -c jit=off" "SELECT $FILTERS FROM amp_action_events"
measure amp_counts_all_jit_off "$SERIAL -c jit=off" "SELECT $AMP_COUNTS FROM amp_action_events"
measure filter_maps_days "$SERIAL" \
    "SELECT action_map_id, date_trunc('day', occurred_at) AS day, $FILTERS
     FROM amp_action_events GROUP BY 1, 2"
measure amp_counts_maps_days "$SERIAL" \
    "SELECT action_map_id, date_trunc('day', occurred_at) AS day, $AMP_COUNTS
     FROM amp_action_events GROUP BY 1, 2"
measure amp_counts_heavy_hours "$SERIAL" \
    "SELECT date_trunc('hour', occurred_at) AS bucket, $AMP_COUNTS
     FROM amp_action_events
     WHERE action_map_id = $HEAVY AND occurred_at >= ${YEAR%%, *} AND occurred_at < ${YEAR#*, }
     GROUP BY 1 ORDER BY 1"

measure count_event_type_parallel "$PARALLEL" "SELECT count(event_type) FROM amp_action_events"
measure filter_all_parallel "$PARALLEL" "SELECT $FILTERS FROM amp_action_events"
measure amp_counts_all_parallel "$PARALLEL" "SELECT $AMP_COUNTS FROM amp_action_events"
measure filter_maps_days_parallel "$PARALLEL" \
    "SELECT action_map_id, date_trunc('day', occurred_at) AS day, $FILTERS
     FROM amp_action_events GROUP BY 1, 2"
measure amp_counts_maps_days_parallel "$PARALLEL" \
    "SELECT action_map_id, date_trunc('day', occurred_at) AS day, $AMP_COUNTS
     FROM amp_action_events GROUP BY 1, 2"

for map in heavy light; do
    id=$HEAVY
    [ "$map" = light ] && id=$LIGHT
    measure "filter_${map}_year_hourly" "$SERIAL" "$(filter_series "$id" hour "$YEAR")"
    measure "filter_${map}_90d_daily" "$SERIAL" "$(filter_series "$id" day "$QUARTER")"
    for source in rollup raw; do
        use=on
        [ "$source" = raw ] && use=off
        measure "series_${map}_year_hourly_$source" "$SERIAL -c amp.use_rollups=$use" \
            "SELECT * FROM amp_series($id, $YEAR, 'hour', '$ZONE')"
        measure "series_${map}_90d_daily_$source" "$SERIAL -c amp.use_rollups=$use" \
            "SELECT * FROM amp_series($id, $QUARTER, 'day', '$ZONE')"
    done
done

# Queries whose backend peak memory is reported; SELECT 1 shows what a new backend uses.
measure baseline_select_1 "$SERIAL" "SELECT 1"
MEMORY_OF=(baseline_select_1 filter_maps_days amp_counts_maps_days amp_counts_all amp_counts_all_parallel
    series_heavy_year_hourly_rollup series_heavy_year_hourly_raw filter_heavy_year_hourly)
