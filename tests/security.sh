#!/usr/bin/env bash
# Security: amp's functions resolve no name through the caller's search_path, run as the
# caller (so row-level security applies), the tenant policy pattern of docs/security.md
# hides other tenants' rows, and a read-only dashboard role can read series but not write.
#
# amp goes into its own schema "analytics" here, to check that the pinned search_path
# follows the schema chosen at CREATE EXTENSION. The roles are cluster-wide, so their names
# carry the process id, and the EXIT trap drops them.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

suffix=$$
dashboard=amp_dashboard_$suffix
writer=amp_writer_$suffix
tenant_a=amp_tenant_a_$suffix
tenant_b=amp_tenant_b_$suffix
map_a=00000000-0000-4000-8000-00000000000a
map_b=00000000-0000-4000-8000-00000000000b

drop_roles() {
    for role in $dashboard $writer $tenant_a $tenant_b; do
        "$PG_BIN/psql" -X -q -c "DROP OWNED BY $role" -c "DROP ROLE $role" >/dev/null 2>&1 || true
    done
}
trap drop_roles EXIT

sql "CREATE SCHEMA analytics; CREATE EXTENSION amp SCHEMA analytics"
sql "ALTER DATABASE \"$PGDATABASE\" SET search_path = analytics, public"

# Every function of amp runs as its caller, and every function that runs SQL pins its
# search_path with pg_catalog first. The C functions listed here look up no object by name:
# they read their arguments and the catalog by OID only. amp_rollup_slot calls only a
# qualified pg_catalog function and must stay inlinable, which a SET clause prevents.
# amp_series sets the same path at run time around its queries (src/pg/query_settings.rs),
# because a SET clause on a value-per-call function is applied once per returned row. The
# hostile-object checks below cover it.
expect "no function is security definer" \
    "$(sql "SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
            WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'amp')
              AND d.deptype = 'e' AND p.prosecdef")" 0
expect "functions without pinned search_path" \
    "$(sql "SELECT coalesce(string_agg(p.proname, ' ' ORDER BY p.proname), '')
            FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
            WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'amp')
              AND d.deptype = 'e' AND p.prokind = 'f'
              AND NOT coalesce('search_path=pg_catalog, analytics, pg_temp' = ANY (p.proconfig),
                               false)")" \
    "amp_counts_combine amp_counts_final amp_counts_trans amp_metric_applies amp_parse_event_time amp_rollup_slot amp_series amp_series_max_buckets"

sql "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
     VALUES ('$map_a', 'Tenant A chat', 'segment', 'Visitors', 'web_chat'),
            ('$map_b', 'Tenant B hook', 'event', 'Signup', 'webhook')"
sql "INSERT INTO amp_event_staging
     SELECT format('50000000-0000-4000-8000-%s', lpad(i::text, 12, '0')),
            CASE WHEN i % 3 = 0 THEN '$map_b' ELSE '$map_a' END,
            'a0000000-0000-4000-8000-000000000001',
            CASE WHEN i % 3 = 0 THEN 'webhook' ELSE 'web_chat' END,
            (ARRAY['qualified', 'offered', 'rejected'])[1 + i % 5 % 3],
            to_char(timestamptz '2024-11-01 00:00+00' + i * interval '7 minutes',
                    'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
     FROM generate_series(1, 300) AS i"
expect "sample data ingests" \
    "$(sql "SELECT inserted || ' ' || rejected FROM amp_ingest_staged()")" "300 0"

series_a="SELECT string_agg(concat_ws(',', time, qualified, offered, rejected, timed_out), ';'
                  ORDER BY time)
          FROM amp_series('$map_a', '2024-11-01', '2024-11-02', 'hour', 'UTC')"
clean_series=$(sql "$series_a")

# Hostile objects: a schema first on the caller's search_path with look-alikes of names
# that amp's SQL uses, each of which logs its call, plus a temporary table that masks
# amp_action_maps. None of them may be used.
sql "CREATE SCHEMA evil;
     CREATE TABLE evil.calls (name text);
     CREATE TABLE evil.amp_action_maps (LIKE analytics.amp_action_maps);
     CREATE TABLE evil.amp_action_events (LIKE analytics.amp_action_events);
     CREATE TABLE evil.amp_event_staging (LIKE analytics.amp_event_staging);
     CREATE FUNCTION evil.width_bucket(timestamptz, timestamptz[]) RETURNS integer
         LANGUAGE plpgsql AS \$\$ BEGIN INSERT INTO evil.calls VALUES ('width_bucket'); RETURN 1; END \$\$;
     CREATE FUNCTION evil.btrim(text) RETURNS text
         LANGUAGE plpgsql AS \$\$ BEGIN INSERT INTO evil.calls VALUES ('btrim'); RETURN \$1; END \$\$;
     CREATE FUNCTION evil.now() RETURNS timestamptz
         LANGUAGE plpgsql AS \$\$ BEGIN INSERT INTO evil.calls VALUES ('now'); RETURN '2000-01-01'; END \$\$;
     CREATE FUNCTION evil.format(text, VARIADIC text[]) RETURNS text
         LANGUAGE plpgsql AS \$\$ BEGIN INSERT INTO evil.calls VALUES ('format'); RETURN 'x'; END \$\$;
     CREATE FUNCTION evil.uuid_equal(uuid, uuid) RETURNS boolean
         LANGUAGE plpgsql AS \$\$ BEGIN INSERT INTO evil.calls VALUES ('='); RETURN true; END \$\$;
     CREATE OPERATOR evil.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = evil.uuid_equal);
     CREATE FUNCTION evil.text_match(text, text) RETURNS boolean
         LANGUAGE plpgsql AS \$\$ BEGIN INSERT INTO evil.calls VALUES ('~*'); RETURN true; END \$\$;
     CREATE OPERATOR evil.~* (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_match);
     GRANT USAGE ON SCHEMA evil TO PUBLIC;
     GRANT ALL ON ALL TABLES IN SCHEMA evil TO PUBLIC;"

hostile() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At <<SQL
SET search_path = evil, analytics, public;
CREATE TEMPORARY TABLE amp_action_maps (LIKE analytics.amp_action_maps);
$1
SQL
}

expect "series ignores hostile objects" "$(hostile "$series_a")" "$clean_series"
expect "ingest ignores hostile objects" \
    "$(hostile "INSERT INTO analytics.amp_event_staging VALUES
                    ('60000000-0000-4000-8000-000000000001', '$map_a',
                     'a0000000-0000-4000-8000-000000000001', 'web_chat', 'offered',
                     '2024-11-01T05:00:00Z'),
                    ('not-a-uuid', '$map_a', 'a0000000-0000-4000-8000-000000000001',
                     'web_chat', 'offered', '2024-11-01T05:00:00Z');
                SELECT inserted || ' ' || duplicates || ' ' || rejected
                FROM analytics.amp_ingest_staged();")" "1 0 1"
expect "hostile functions never called" "$(sql "SELECT count(*) FROM evil.calls")" 0
expect "hostile tables stay empty" \
    "$(sql "SELECT (SELECT count(*) FROM evil.amp_action_events)
                   + (SELECT count(*) FROM evil.amp_action_maps)")" 0

# Row-level security with the tenant pattern of docs/security.md. A table of the database,
# not of the extension, names each map's tenant role. Policies on amp's two tables show a
# role only the maps of the tenants it is a member of.
sql "CREATE ROLE $tenant_a; CREATE ROLE $tenant_b;
     CREATE TABLE public.amp_map_tenants (
         action_map_id uuid PRIMARY KEY REFERENCES analytics.amp_action_maps,
         tenant name NOT NULL);
     INSERT INTO public.amp_map_tenants VALUES ('$map_a', '$tenant_a'), ('$map_b', '$tenant_b');
     ALTER TABLE analytics.amp_action_maps ENABLE ROW LEVEL SECURITY;
     ALTER TABLE analytics.amp_action_events ENABLE ROW LEVEL SECURITY;
     CREATE POLICY tenant_maps ON analytics.amp_action_maps FOR SELECT
         USING (EXISTS (SELECT FROM public.amp_map_tenants t
                        WHERE t.action_map_id = amp_action_maps.action_map_id
                          AND pg_has_role(current_user, t.tenant, 'MEMBER')));
     CREATE POLICY tenant_events ON analytics.amp_action_events FOR SELECT
         USING (EXISTS (SELECT FROM public.amp_map_tenants t
                        WHERE t.action_map_id = amp_action_events.action_map_id
                          AND pg_has_role(current_user, t.tenant, 'MEMBER')));
     ALTER TABLE analytics.amp_rollup_15m ENABLE ROW LEVEL SECURITY;
     CREATE POLICY tenant_rollup ON analytics.amp_rollup_15m FOR SELECT
         USING (EXISTS (SELECT FROM public.amp_map_tenants t
                        WHERE t.action_map_id = amp_rollup_15m.action_map_id
                          AND pg_has_role(current_user, t.tenant, 'MEMBER')));
     GRANT USAGE ON SCHEMA analytics TO $tenant_a, $tenant_b;
     GRANT SELECT ON analytics.amp_action_maps, analytics.amp_action_events,
                     analytics.amp_rollup_15m, public.amp_map_tenants TO $tenant_a, $tenant_b;"

as_role() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -c "SET ROLE $1" -c "$2"
}

expect "tenant sees only its maps" \
    "$(as_role $tenant_a "SELECT string_agg(action_map_id::text, ' ') FROM amp_action_maps")" \
    "$map_a"
expect "tenant counts only its events" \
    "$(as_role $tenant_a "SELECT (amp_counts(action_type, event_type)).qualified
                          + (amp_counts(action_type, event_type)).offered
                          + (amp_counts(action_type, event_type)).rejected
                          FROM amp_action_events")" \
    "$(sql "SELECT count(*) FROM amp_action_events WHERE action_map_id = '$map_a'")"
expect "tenant series equals owner series" "$(as_role $tenant_a "$series_a")" \
    "$(sql "$series_a")"
expect "other tenant's map is not found" \
    "$(sql_state "SET ROLE $tenant_b; SELECT * FROM amp_series('$map_a', '2024-11-01', '2024-11-02')")" \
    P0002
expect "other tenant counts nothing of A" \
    "$(as_role $tenant_b "SELECT count(*) FROM amp_action_events WHERE action_map_id = '$map_a'")" 0
# An export of every map holds only the maps the tenant may read, with the owner's numbers.
export_all="SELECT string_agg(DISTINCT action_map_id::text, ' ')
            FROM amp_export(NULL, '2024-11-01 00:00+00', '2024-11-02 00:00+00', 'hour', 'UTC')"
expect "tenant export holds only its maps" "$(as_role $tenant_a "$export_all")" "$map_a"
export_a="SELECT sum(qualified) FROM amp_export(ARRAY['$map_a']::uuid[], '2024-11-01 00:00+00',
                                                '2024-11-02 00:00+00', 'hour', 'UTC')"
expect "tenant export equals owner export" "$(as_role $tenant_a "$export_a")" "$(sql "$export_a")"
expect "tenant cards hold only its maps" \
    "$(as_role $tenant_a "SELECT string_agg(action_map_id::text, ' ')
                          FROM amp_cards('2024-11-01 00:00+00', '2024-11-02 00:00+00')")" \
    "$map_a"

# The read-only dashboard role: the grants of docs/security.md, and no more.
sql "CREATE ROLE $dashboard;
     GRANT USAGE ON SCHEMA analytics TO $dashboard;
     GRANT SELECT ON analytics.amp_action_maps, analytics.amp_action_events,
                     analytics.amp_rollup_15m, analytics.amp_metric_applicability,
                     public.amp_map_tenants TO $dashboard;
     GRANT $tenant_a, $tenant_b TO $dashboard;"
expect "dashboard reads series" "$(as_role $dashboard "$series_a")" "$(sql "$series_a")"
read_only_cases=(
    "INSERT INTO amp_action_events VALUES ('70000000-0000-4000-8000-000000000001', '$map_a', 'a0000000-0000-4000-8000-000000000001', 'web_chat', 'offered', '2024-11-01')"
    "UPDATE amp_action_events SET occurred_at = occurred_at"
    "DELETE FROM amp_action_events"
    "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type) VALUES (gen_random_uuid(), 'x', 'event', 'x', 'webhook')"
    "INSERT INTO amp_event_staging (event_id) VALUES ('x')"
    "SELECT * FROM amp_ingest_staged()"
    "SELECT * FROM amp_ingest_json('[{\"event_id\": \"x\"}]')"
    "SELECT * FROM amp_rejected_events"
)
for statement in "${read_only_cases[@]}"; do
    expect "dashboard denied: ${statement:0:40}" "$(sql_state "SET ROLE $dashboard; $statement")" 42501
done

# The writer role: the grants of docs/security.md for a service that loads events. UPDATE on
# staging is for the row locks that amp_ingest_staged takes. BYPASSRLS lets it insert past
# the SELECT-only policies above and compare re-deliveries with every stored event.
sql "CREATE ROLE $writer;
     GRANT USAGE ON SCHEMA analytics TO $writer;
     GRANT SELECT, INSERT, UPDATE, DELETE ON analytics.amp_event_staging TO $writer;
     GRANT SELECT, INSERT ON analytics.amp_action_events, analytics.amp_rejected_events TO $writer;
     GRANT SELECT, INSERT, UPDATE ON analytics.amp_rollup_15m TO $writer;
     GRANT SELECT ON analytics.amp_action_maps TO $writer;
     GRANT USAGE ON SEQUENCE analytics.amp_rejected_events_rejection_id_seq TO $writer;
     ALTER ROLE $writer BYPASSRLS;"
expect "writer ingests" \
    "$(as_role $writer "INSERT INTO amp_event_staging VALUES
                            ('70000000-0000-4000-8000-000000000002', '$map_b',
                             'a0000000-0000-4000-8000-000000000001', 'webhook', 'engaged',
                             '2024-11-01T06:00:00Z'),
                            ('70000000-0000-4000-8000-000000000003', '$map_b', '', '', '', '');
                        SELECT inserted || ' ' || duplicates || ' ' || rejected
                        FROM amp_ingest_staged()")" "1 0 1"
expect "writer cannot change maps" \
    "$(sql_state "SET ROLE $writer; UPDATE amp_action_maps SET name = 'x'")" 42501

finish
