#!/usr/bin/env bash
# pg_dump of a database that uses amp, restored into a new database where the restore runs
# CREATE EXTENSION itself, gives the same series, the same rows in every amp table and a
# quarantine numbering that continues. Row-level security on amp's tables is not restored,
# which docs/security.md warns about; the last checks pin that behaviour.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

restored=${PGDATABASE}_restored
work=$(mktemp -d)
cleanup() {
    "$PG_BIN/dropdb" --if-exists "$restored" || true
    rm -rf "$work"
}
trap cleanup EXIT

sql "CREATE EXTENSION amp"
sql "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
     SELECT format('00000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
            'Map ' || i, 'segment', 'Visitors', t.action_type
     FROM generate_series(1, 8) AS i
     CROSS JOIN LATERAL (SELECT (enum_range(NULL::amp_action_type))[1 + i % 4] AS action_type) t"
# Every applicable event type of each map, spread over November 2024 with its US and EU DST
# changes in the range.
sql "INSERT INTO amp_action_events
     SELECT gen_random_uuid(), m.action_map_id, gen_random_uuid(), m.action_type, a.event_type,
            timestamptz '2024-10-20 00:00+00' + (i * 7919 % (30 * 86400)) * interval '1 second'
     FROM amp_action_maps m
     CROSS JOIN generate_series(1, 400) AS i
     JOIN amp_metric_applicability a ON a.action_type = m.action_type AND a.applies
     WHERE i % 8 = a.mask_bit % 8 OR i % 3 = 0"
sql "INSERT INTO amp_event_staging VALUES
     ('not-a-uuid', NULL, NULL, NULL, NULL, NULL),
     (gen_random_uuid()::text, '00000000-0000-4000-8000-000000000001', gen_random_uuid()::text,
      'webhook', 'offered', '2024-11-02T00:00:00Z')"
sql "SELECT * FROM amp_ingest_staged()" >/dev/null
# Rows staged but not yet ingested are data too.
sql "INSERT INTO amp_event_staging VALUES ('staged', 'but', 'not', 'yet', 'ingested', '')"

# The tenant pattern of docs/security.md.
sql "CREATE TABLE amp_map_tenants (action_map_id uuid PRIMARY KEY REFERENCES amp_action_maps,
                                   tenant name NOT NULL);
     INSERT INTO amp_map_tenants SELECT action_map_id, 'pg_monitor' FROM amp_action_maps;
     ALTER TABLE amp_action_events ENABLE ROW LEVEL SECURITY;
     CREATE POLICY tenant_events ON amp_action_events FOR SELECT
         USING (EXISTS (SELECT FROM amp_map_tenants t
                        WHERE t.action_map_id = amp_action_events.action_map_id
                          AND pg_has_role(current_user, t.tenant, 'MEMBER')))"

# One line per (map, granularity, zone, bucket), with every metric.
snapshot() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$1" -c "
        SELECT m.action_map_id, g, z, s.*
        FROM amp_action_maps m
        CROSS JOIN unnest(ARRAY['hour', 'day']) AS g
        CROSS JOIN unnest(ARRAY['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kathmandu']) AS z
        CROSS JOIN LATERAL amp_series(m.action_map_id, '2024-10-20', '2024-11-20', g, z) AS s
        ORDER BY 1, 2, 3, s.time"
}

tables() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$1" -c "
        SELECT 'maps', md5(string_agg(t::text, ',' ORDER BY t::text)) FROM amp_action_maps t
        UNION ALL
        SELECT 'events', md5(string_agg(t::text, ',' ORDER BY t::text)) FROM amp_action_events t
        UNION ALL
        SELECT 'staging', md5(string_agg(t::text, ',' ORDER BY t::text)) FROM amp_event_staging t
        UNION ALL
        SELECT 'rejected', md5(string_agg(t::text, ',' ORDER BY t::text)) FROM amp_rejected_events t
        UNION ALL
        SELECT 'tenants', md5(string_agg(t::text, ',' ORDER BY t::text)) FROM amp_map_tenants t"
}

# Prints the number of policies on amp_action_events and whether row-level security is on.
row_security() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$1" -c "
        SELECT (SELECT count(*) FROM pg_policies WHERE tablename = 'amp_action_events')
               || ' ' || relrowsecurity
        FROM pg_class WHERE relname = 'amp_action_events'"
}

before_series=$(snapshot "$PGDATABASE")
before_tables=$(tables "$PGDATABASE")
expect "series snapshot is not empty" "$( (($(wc -l <<<"$before_series") > 1000)) && echo yes)" yes

"$PG_BIN/pg_dump" -Fc -f "$work/amp.dump" "$PGDATABASE"
"$PG_BIN/createdb" "$restored"
"$PG_BIN/pg_restore" --exit-on-error -d "$restored" "$work/amp.dump"

expect "restore created the extension" \
    "$("$PG_BIN/psql" -X -At -d "$restored" -c "SELECT extversion FROM pg_extension WHERE extname = 'amp'")" \
    "$(sql "SELECT extversion FROM pg_extension WHERE extname = 'amp'")"
after_series=$(snapshot "$restored")
expect "series identical after restore" "$(md5sum <<<"$after_series")" "$(md5sum <<<"$before_series")"
expect "tables identical after restore" "$(tables "$restored")" "$before_tables"

# pg_dump 15 writes neither the policies nor ENABLE ROW LEVEL SECURITY of a table that
# belongs to an extension, so a restore must run them again (docs/security.md).
expect "row security before dump" "$(row_security "$PGDATABASE")" "1 true"
expect "row security not restored" "$(row_security "$restored")" "0 false"

# The quarantine numbering continues after the restored rows.
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$restored" \
    -c "INSERT INTO amp_event_staging (event_id) VALUES ('bad')" \
    -c "SELECT * FROM amp_ingest_staged()" >/dev/null
expect "quarantine numbering continues" \
    "$("$PG_BIN/psql" -X -At -d "$restored" -c "
        SELECT count(*) = count(DISTINCT rejection_id) FROM amp_rejected_events")" t

finish
