#!/usr/bin/env bash
# Fuzzes amp in a throwaway cluster: every amp function with every argument NULL, the
# hand-made hostile calls of tests/fuzz/hostile.sql, then sqlsmith (Debian package) as an
# unprivileged role for a bounded time and number of queries. Fails if a backend crashed or
# a statement that mentions amp_ raised XX000 (internal_error).
#
# Usage: scripts/fuzz.sh [--seconds N] [--queries N] [--seed N]
#   --seconds  wall-clock limit of the sqlsmith run (default 300)
#   --queries  query limit of the sqlsmith run (default 100000)
#   --seed     sqlsmith's random seed (default: the process id)
# Environment: PG_CONFIG (default /usr/lib/postgresql/15/bin/pg_config) names the
# PostgreSQL whose binaries run the cluster; amp must be installed there. AMP_FUZZ_LOG, if
# set, receives a copy of the server log. Run as root: the cluster runs as postgres,
# listens on a unix socket only, and is removed at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=300
queries=100000
seed=$$
while (($# > 0)); do
    case $1 in
    --seconds) seconds=$2 ;;
    --queries) queries=$2 ;;
    --seed) seed=$2 ;;
    *)
        echo "fuzz.sh: unknown option $1; see the usage at the top of the script" >&2
        exit 2
        ;;
    esac
    shift 2
done

pg_bin=$("${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}" --bindir)
if ! command -v sqlsmith >/dev/null; then
    echo "fuzz.sh: sqlsmith is not installed; install the Debian package: apt-get install sqlsmith" >&2
    exit 2
fi

dir=$(mktemp -d /tmp/amp-fuzz.XXXXXX)
chown postgres "$dir"
stop_cluster() {
    if [[ -f $dir/data/postmaster.pid ]]; then
        runuser -u postgres -- "$pg_bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    fi
    if [[ -n ${AMP_FUZZ_LOG:-} && -f $dir/server.log ]]; then
        cp "$dir/server.log" "$AMP_FUZZ_LOG"
    fi
    rm -rf "$dir"
}
trap stop_cluster EXIT

# %e puts the SQLSTATE in front of every log line. log_min_error_statement logs the
# statement after each error, so an XX000 can be traced to its query.
runuser -u postgres -- "$pg_bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log"
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p 5432 -k '$dir' -c listen_addresses='' -c log_line_prefix='%e ' -c log_min_error_statement=error" \
    start >/dev/null
export PGHOST=$dir PGPORT=5432 PGUSER=postgres PGDATABASE=fuzz
psql() {
    "$pg_bin/psql" -X -q "$@"
}

psql -d postgres -c "CREATE DATABASE fuzz"
psql -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE EXTENSION amp;
INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
SELECT format('00000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid, 'Map ' || i,
       (enum_range(NULL::amp_trigger_kind))[1 + i % 2], 'Trigger ' || i,
       (enum_range(NULL::amp_action_type))[1 + (i - 1) % 4]
FROM generate_series(1, 8) AS i;
INSERT INTO amp_action_events
SELECT gen_random_uuid(), m.action_map_id, gen_random_uuid(), m.action_type, a.event_type,
       timestamptz '2024-10-25 00:00+00' + (i * 7919 % (20 * 86400)) * interval '1 second'
FROM amp_action_maps m
CROSS JOIN generate_series(1, 500) AS i
JOIN amp_metric_applicability a ON a.action_type = m.action_type AND a.applies
WHERE i % 5 = a.mask_bit % 5;
INSERT INTO amp_event_staging VALUES ('x', 'y', 'z', 'web_chat', 'offered', 'now');
SELECT * FROM amp_ingest_staged();
-- sqlsmith runs as this role: it can read and stage, not administer the server.
CREATE ROLE fuzzer LOGIN;
ALTER ROLE fuzzer SET statement_timeout = '2s';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO fuzzer;
GRANT INSERT ON amp_event_staging TO fuzzer;
SQL

echo "fuzz.sh: every amp function with every argument NULL"
psql -At -c "
    SELECT format('SELECT %s(%s);', p.oid::regproc,
                  string_agg('NULL::' || format_type(t.type, NULL), ', ' ORDER BY t.position))
    FROM pg_proc p
    JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
    CROSS JOIN LATERAL unnest(p.proargtypes::oid[]) WITH ORDINALITY AS t (type, position)
    WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'amp')
    GROUP BY p.oid" >"$dir/null_calls.sql"
psql -f "$dir/null_calls.sql" >"$dir/null_calls.out" 2>&1 || true
echo "fuzz.sh: $(wc -l <"$dir/null_calls.sql") calls"

echo "fuzz.sh: hand-made hostile calls"
psql -f tests/fuzz/hostile.sql >"$dir/hostile.out" 2>&1 || true

echo "fuzz.sh: sqlsmith for at most ${seconds}s or $queries queries, seed $seed"
timeout --signal=INT --kill-after=10 "$seconds" sqlsmith --exclude-catalog --seed="$seed" \
    --max-queries="$queries" --target="host=$dir port=5432 dbname=fuzz user=fuzzer" \
    >"$dir/sqlsmith.out" 2>&1 || true
tail -n 5 "$dir/sqlsmith.out"

status=0
if ! psql -At -c "SELECT 1" >/dev/null; then
    echo "fuzz.sh: FAILED: the server no longer accepts connections"
    status=1
fi
crashes=$(grep -E 'terminated by signal|exited with exit code [^0]|server processes terminated' \
    "$dir/server.log" || true)
if [[ -n $crashes ]]; then
    echo "fuzz.sh: FAILED: a backend crashed:"
    echo "$crashes"
    status=1
fi
# Pairs each XX000 error with the statement logged after it, and keeps those that use amp.
internal=$(awk '/^XX000 ERROR:/ { error = $0; next }
                /^XX000 STATEMENT:/ && error != "" { if ($0 ~ /amp_/) print error " -- " $0; error = "" }' \
    "$dir/server.log" | head -n 20)
if [[ -n $internal ]]; then
    echo "fuzz.sh: FAILED: internal errors (XX000) from statements that use amp:"
    echo "$internal"
    status=1
fi

echo "fuzz.sh: errors by SQLSTATE:"
grep -oE '^[0-9A-Z]{5} ERROR' "$dir/server.log" | sort | uniq -c | sort -rn | head -n 15
if ((status == 0)); then
    echo "fuzz.sh: no crash and no internal error"
fi
exit "$status"
