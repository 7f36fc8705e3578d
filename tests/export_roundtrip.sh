#!/usr/bin/env bash
# Runs the CSV export recipes of docs/export.md through real psql and checks the files with
# Python's csv module. The numbers must equal amp_series, and names with commas, quotes,
# newlines, emoji and formula prefixes must come back unchanged. amp_export_csv must also equal
# COPY's output byte for byte.
#
# The database comes from PGHOST, PGPORT, PGUSER and PGDATABASE. amp must be installed there;
# the script runs CREATE EXTENSION IF NOT EXISTS amp, creates its own maps (ids starting with
# e0e0e0e0-) and deletes them again at the end. Exits non-zero when any check fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checker="$here/export_roundtrip.py"

for variable in PGHOST PGPORT PGUSER PGDATABASE; do
    if [[ -z "${!variable:-}" ]]; then
        echo "export_roundtrip: $variable is not set. Set PGHOST, PGPORT, PGUSER and PGDATABASE to a database where amp is installed." >&2
        exit 2
    fi
done

work=$(mktemp -d)
cleanup() {
    psql -X -q -v ON_ERROR_STOP=1 \
        -c "DELETE FROM amp_action_events WHERE action_map_id::text LIKE 'e0e0e0e0-%'" \
        -c "DELETE FROM amp_action_maps WHERE action_map_id::text LIKE 'e0e0e0e0-%'" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

python3 "$checker" setup | psql -X -q -v ON_ERROR_STOP=1 >/dev/null
mapfile -t ids < <(python3 "$checker" ids)
reversed_array="ARRAY['$(printf '%s\n' "${ids[@]}" | tac | paste -sd, - | sed "s/,/','/g")']::uuid[]"

hourly="'2026-03-07 00:00-05', '2026-03-10 00:00-04', 'hour', 'America/New_York'"
daily="'2026-03-01 00:00+05:45', '2026-03-15 00:00+05:45', 'day', 'Asia/Kathmandu'"

# amp_series for every test map, the values every export must repeat.
series() {
    local window=$1 zone=$2
    psql -X -q -v ON_ERROR_STOP=1 --csv -c "
        SELECT m.action_map_id, extract(epoch FROM s.\"time\")::bigint AS epoch,
               to_char(s.\"time\" AT TIME ZONE '$zone', 'YYYY-MM-DD\"T\"HH24:MI:SS') AS local,
               s.qualified, s.offered, s.accepted, s.started, s.engaged, s.rejected, s.errored,
               s.timed_out
        FROM amp_action_maps m CROSS JOIN LATERAL amp_series(m.action_map_id, $window) s
        WHERE m.action_map_id::text LIKE 'e0e0e0e0-%'
        ORDER BY m.action_map_id, s.\"time\""
}
series "$hourly" America/New_York >"$work/series-hourly.csv"
series "$daily" Asia/Kathmandu >"$work/series-daily.csv"
psql -X -At -v ON_ERROR_STOP=1 -c "
    SELECT action_map_id FROM amp_action_maps WHERE action_map_id::text LIKE 'e0e0e0e0-%'
    ORDER BY name, action_map_id" >"$work/name-order.txt"

# Recipe 1: \copy of amp_export to a file, every map, then a list with a metric selection.
psql -X -v ON_ERROR_STOP=1 -c "\copy (SELECT * FROM amp_export(NULL, $hourly)) TO '$work/export-hourly.csv' WITH (FORMAT csv, HEADER)"
psql -X -v ON_ERROR_STOP=1 -c "\copy (SELECT * FROM amp_export($reversed_array, $daily, '{offered,engaged,timed_out}')) TO '$work/export-daily.csv' WITH (FORMAT csv, HEADER)"

# Recipe 2: psql -Atc of amp_export_csv into the file amp_export_filename names.
mkdir "$work/plain" "$work/sheet" "$work/exact"
: >"$work/file-names.txt"
for id in "${ids[@]}"; do
    file=$(psql -X -At -v ON_ERROR_STOP=1 -c "SELECT amp_export_filename('$id', '2026-03-07 00:00-05', '2026-03-10 00:00-04')")
    printf '%s\t%s\n' "$id" "$file" >>"$work/file-names.txt"
    psql -X -At -v ON_ERROR_STOP=1 -c "SELECT amp_export_csv('$id', $hourly)" >"$work/plain/$file"
    psql -X -At -v ON_ERROR_STOP=1 -c "SELECT amp_export_csv('$id', $daily, '{offered,engaged,timed_out}', for_spreadsheet => true)" >"$work/sheet/$id.csv"
    # The exact variant drops the newline psql adds, and must equal COPY's output byte for byte.
    psql -X -At -v ON_ERROR_STOP=1 -c "SELECT amp_export_csv('$id', $hourly)" | head -c -1 >"$work/exact/$id.csv"
    psql -X -q -v ON_ERROR_STOP=1 -c "$(python3 "$checker" copy-query "$id")" >"$work/exact/$id.copy"
done

python3 "$checker" check "$work"
