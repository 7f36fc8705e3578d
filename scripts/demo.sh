#!/usr/bin/env bash
# Build amp in release mode, install it into the system PostgreSQL 15, load the sample data
# into a throwaway cluster in target/demo-cluster, print a few reports and write a chart to
# target/amp-daily-offered.svg. Run as root.
#
#   scripts/demo.sh        (re)create the database amp_demo and print the reports
#   scripts/demo.sh stop   stop the demo cluster
#
# The cluster keeps running afterwards and listens on a unix socket only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/cluster.sh

demo_cluster=target/demo-cluster

case ${1:-} in
    "") ;;
    stop)
        cluster_stop "$demo_cluster"
        echo "demo.sh: the demo cluster is stopped"
        exit 0
        ;;
    *)
        echo "usage: scripts/demo.sh [stop]" >&2
        exit 2
        ;;
esac

scripts/setup.sh
cargo pgrx install --release --pg-config "${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"

# Restart, so that no session from an earlier run keeps the previous amp library loaded.
cluster_stop "$demo_cluster"
cluster_start "$demo_cluster"

export PGDATABASE=amp_demo
run_psql() {
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$@"
}

run_psql -d postgres -c "DROP DATABASE IF EXISTS amp_demo" -c "CREATE DATABASE amp_demo"
run_psql -c "CREATE EXTENSION amp"

echo "demo.sh: loading scripts/sample_data.sql (about a million events)"
load_start=$SECONDS
run_psql -f scripts/sample_data.sql
echo "demo.sh: loaded in $((SECONDS - load_start)) s"

# With the session time zone in New York, '2026-09-01' means local midnight and the
# reports show local times.
PGTZ=America/New_York run_psql <<'SQL'
\echo
\echo Action maps:
SELECT * FROM amp_action_maps ORDER BY name;

SELECT action_map_id AS map_id, name AS map_name
FROM amp_action_maps
WHERE action_type = 'web_chat'
ORDER BY name
LIMIT 1
\gset

\echo Daily series of :"map_name", 2026-09-01 up to 2026-11-30 (exclusive), America/New_York:
SELECT * FROM amp_series(:'map_id', '2026-09-01', '2026-11-30', 'day', 'America/New_York');

\echo Hourly series of :"map_name" around the end of US daylight saving time on 2026-11-01:
SELECT *
FROM amp_series(:'map_id', '2026-10-31 12:00-04', '2026-11-01 17:00-05', 'hour', 'America/New_York');

\echo Cards of all maps over the last week of the data:
SELECT name, trigger_kind, trigger_name, action_type, is_active, last_event_at,
       qualified, offered, accepted, round(accepted_rate, 3) AS accepted_rate
FROM amp_cards('2026-11-23', '2026-11-30');
SQL

# The daily series of the same map as a CSV file, named by amp_export_filename.
map_id=$(run_psql -At -c "SELECT action_map_id FROM amp_action_maps
                          WHERE action_type = 'web_chat' ORDER BY name LIMIT 1")
export_dir=target/exports
mkdir -p "$export_dir"
export_file="$export_dir/$(PGTZ=America/New_York run_psql -At -c \
    "SELECT amp_export_filename('$map_id', '2026-09-01', '2026-11-30')")"
PGTZ=America/New_York run_psql -c "\\copy (SELECT * FROM amp_export(ARRAY['$map_id']::uuid[],
    '2026-09-01', '2026-11-30', 'day', 'America/New_York')) TO '$export_file' WITH (FORMAT csv, HEADER)"
echo
echo "demo.sh: wrote the daily series as CSV to $export_file ($(wc -l <"$export_file") lines)"
# One line per action type: the active map that sorts first by name within each type.
chart=target/amp-daily-offered.svg
PGTZ=America/New_York run_psql -A -t -o "$chart" <<'SQL'
SELECT amp_chart_svg(
    ARRAY(SELECT DISTINCT ON (action_type) action_map_id
          FROM amp_action_maps
          WHERE is_active
          ORDER BY action_type, name),
    '2026-09-01', '2026-11-29', 'day', 'America/New_York', 'offered');
SQL
echo "demo.sh: wrote the daily offered actions of four maps to $chart"

cluster_env "$demo_cluster"
cat <<EOF_HELP
The demo cluster is still running. Connect with:
    psql -h $PGHOST -p $PGPORT -U postgres amp_demo
Stop it with:
    scripts/demo.sh stop
EOF_HELP
