# Concurrent writers against the rollup triggers, sourced by scripts/bench.sh after the timed
# runs. Four pgbench clients each insert events of every map in one hour and delete a few of
# one map's, each statement in its own transaction, so they upsert the same rollup rows at the
# same time. The run passes when no transaction fails (a deadlock would fail one) and
# amp_rollup_check() then finds no difference. The hour is 2026-01-01 00:00-01:00 UTC, after
# the data set, so the timed data stays as it was.

CONCURRENT_CLIENTS=4
CONCURRENT_TRANSACTIONS=${AMP_BENCH_CONCURRENT_TRANSACTIONS:-100}
cat >"$WORK/latency/concurrent.sql" <<SQL
\set map random(1, $MAPS)
INSERT INTO amp_action_events
SELECT gen_random_uuid(), m.action_map_id, gen_random_uuid(), m.action_type, 'qualified',
       timestamptz '2026-01-01 00:00 UTC' + random() * interval '1 hour'
FROM amp_action_maps AS m CROSS JOIN generate_series(1, 4)
ORDER BY random();
DELETE FROM amp_action_events
WHERE event_id IN (SELECT event_id FROM amp_action_events
                   WHERE action_map_id = bench_map_id(:map)
                     AND occurred_at >= '2026-01-01 00:00 UTC'
                   ORDER BY random() LIMIT 4);
SQL

log "concurrency: $CONCURRENT_CLIENTS clients, $CONCURRENT_TRANSACTIONS transactions each"
CONCURRENT_OUTPUT=$("$BIN/pgbench" -n -c "$CONCURRENT_CLIENTS" -j 2 -t "$CONCURRENT_TRANSACTIONS" \
    -f "$WORK/latency/concurrent.sql" -h "$SOCKET" -p "$PORT" -U postgres bench 2>&1 || true)
CONCURRENT_DONE=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$CONCURRENT_OUTPUT")
CONCURRENT_FAILED=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$CONCURRENT_OUTPUT")
CONCURRENT_TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$CONCURRENT_OUTPUT")
CONCURRENT_DIFFERENCES=$(sql -tA -c "SELECT count(*) FROM amp_rollup_check()")
log "  processed ${CONCURRENT_DONE:-?}, failed ${CONCURRENT_FAILED:-0}," \
    "rollup differences $CONCURRENT_DIFFERENCES"
if [ -z "$CONCURRENT_DONE" ]; then
    echo "$CONCURRENT_OUTPUT" >&2
fi
