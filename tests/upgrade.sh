#!/usr/bin/env bash
# Upgrade from 0.1.0: installs amp 0.1.0 from its committed script, loads data and runs
# ALTER EXTENSION amp UPDATE. The data and series must be unchanged and the new functions
# must work. The upgraded catalog must equal a fresh install of the current version in
# another database.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

fresh=${PGDATABASE}_fresh
trap '"$PG_BIN/dropdb" --if-exists "$fresh" || true' EXIT

# The old full script is not part of `cargo pgrx install`; this copies it (idempotent).
"$REPO_ROOT/scripts/install_releases.sh" "$PG_CONFIG"
current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" \
    "$("$PG_CONFIG" --sharedir)/extension/amp.control")

sql "CREATE EXTENSION amp VERSION '0.1.0'"
expect "old version installed" "$(sql "SELECT extversion FROM pg_extension WHERE extname = 'amp'")" 0.1.0

chat=00000000-0000-4000-8000-000000000001
hook=00000000-0000-4000-8000-000000000002
sql "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
     VALUES ('$chat', 'Chat', 'segment', 'Visitors', 'web_chat'),
            ('$hook', 'Hook', 'event', 'Signup', 'webhook');
     INSERT INTO amp_action_events
     SELECT gen_random_uuid(), m.action_map_id, gen_random_uuid(), m.action_type, a.event_type,
            timestamptz '2024-11-01 00:00+00' + i * interval '137 seconds'
     FROM amp_action_maps m
     CROSS JOIN generate_series(1, 2000) AS i
     JOIN amp_metric_applicability a
       ON a.action_type = m.action_type AND a.applies AND a.mask_bit = 1 << (i % 8)"

series="SELECT md5(string_agg(s::text, ';' ORDER BY m.action_map_id, s.time))
        FROM amp_action_maps m
        CROSS JOIN LATERAL amp_series(m.action_map_id, '2024-10-31', '2024-11-06', 'hour',
                                      'America/New_York') AS s"
events="SELECT count(*) || ' ' || md5(string_agg(e::text, ',' ORDER BY e.event_id))
        FROM amp_action_events e"
counts="SELECT string_agg(c::text, ';' ORDER BY action_map_id)
        FROM (SELECT action_map_id, amp_counts(action_type, event_type) AS c
              FROM amp_action_events GROUP BY action_map_id) AS g"
series_before=$(sql "$series")
events_before=$(sql "$events")
counts_before=$(sql "$counts")

sql "ALTER EXTENSION amp UPDATE"
expect "updated to current version" \
    "$(sql "SELECT extversion FROM pg_extension WHERE extname = 'amp'")" "$current"
expect "events unchanged by update" "$(sql "$events")" "$events_before"
expect "series unchanged by update" "$(sql "$series")" "$series_before"
expect "counts unchanged by update" "$(sql "$counts")" "$counts_before"
expect "new ingest works after update" \
    "$(sql "INSERT INTO amp_event_staging VALUES
                ('90000000-0000-4000-8000-000000000001', '$hook',
                 'a0000000-0000-4000-8000-000000000001', 'webhook', 'engaged',
                 '2024-11-02T10:00:00Z'),
                ('90000000-0000-4000-8000-000000000002', '$hook',
                 'a0000000-0000-4000-8000-000000000001', 'webhook', 'started',
                 '2024-11-02T10:00:00Z');
            SELECT inserted || ' ' || duplicates || ' ' || rejected FROM amp_ingest_staged()")" \
    "1 0 1"

# Everything about amp's objects that a user could observe, one line per fact.
catalog="
WITH members AS (
    SELECT d.classid, d.objid FROM pg_depend d
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
      AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'amp')
)
SELECT 'member ' || pg_describe_object(classid, objid, 0) FROM members
UNION ALL
SELECT format('function %s returns %s volatility %s strict %s parallel %s definer %s config %s source %s comment %s',
              p.oid::regprocedure, pg_get_function_result(p.oid), p.provolatile, p.proisstrict,
              p.proparallel, p.prosecdef, p.proconfig,
              CASE WHEN p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') THEN p.prosrc
                   ELSE md5(p.prosrc) END,
              obj_description(p.oid, 'pg_proc'))
FROM pg_proc p JOIN members m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
UNION ALL
SELECT format('column %s.%s %s notnull %s default %s comment %s', c.relname, a.attname,
              format_type(a.atttypid, a.atttypmod), a.attnotnull,
              pg_get_expr(ad.adbin, ad.adrelid), col_description(c.oid, a.attnum))
FROM pg_class c JOIN members m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
UNION ALL
SELECT format('relation %s kind %s comment %s', c.relname, c.relkind, obj_description(c.oid, 'pg_class'))
FROM pg_class c JOIN members m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
UNION ALL
SELECT format('constraint %s on %s: %s', co.conname, co.conrelid::regclass, pg_get_constraintdef(co.oid))
FROM pg_constraint co JOIN members m ON m.classid = 'pg_class'::regclass AND m.objid = co.conrelid
UNION ALL
SELECT format('index %s', pg_get_indexdef(i.indexrelid))
FROM pg_index i JOIN members m ON m.classid = 'pg_class'::regclass AND m.objid = i.indrelid
UNION ALL
SELECT format('enum %s: %s comment %s', t.typname,
              (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid),
              obj_description(t.oid, 'pg_type'))
FROM pg_type t JOIN members m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
UNION ALL
SELECT format('view %s: %s', c.relname, pg_get_viewdef(c.oid))
FROM pg_class c JOIN members m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
WHERE c.relkind = 'v'
UNION ALL
SELECT format('dumped %s where %s', extconfig::regclass[], extcondition)
FROM pg_extension WHERE extname = 'amp'
ORDER BY 1"

"$PG_BIN/createdb" "$fresh"
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$fresh" -c "CREATE EXTENSION amp"
upgraded_catalog=$(sql "$catalog")
fresh_catalog=$("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$fresh" -c "$catalog")
# diff prints "<" for lines of a fresh install only and ">" for lines of the upgrade only.
differences=$(diff <(echo "$fresh_catalog") <(echo "$upgraded_catalog") || true)
expect "upgraded catalog equals fresh install" "$differences" ""
expect "catalog snapshot covers objects" \
    "$( (($(wc -l <<<"$fresh_catalog") > 100)) && echo yes)" yes

finish
