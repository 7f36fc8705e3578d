-- Upgrade from 0.1.0 to 0.1.1: ingestion with quarantine, report, export and chart
-- functions, views for BI tools, and the 15-minute rollup. ALTER EXTENSION amp UPDATE runs
-- this file.
--
-- The ingestion objects repeat sql/ingest_tables.sql, sql/ingest_batch.sql, sql/ingest.sql
-- and their part of sql/comments.sql, which pgrx puts into a fresh 0.1.1 install.
-- tests/upgrade.sh compares the catalog of an upgraded database with that of a fresh
-- install, so a difference between the copies fails it.

\echo Use "ALTER EXTENSION amp UPDATE TO '0.1.1'" to load this file. \quit

-- amp_series sets its search_path at run time around its queries: a SET clause on a
-- value-per-call function is saved and restored once per returned row.
ALTER FUNCTION amp_series(uuid, timestamptz, timestamptz, text, text) RESET search_path;

CREATE FUNCTION amp_parse_event_time("text" text)
RETURNS timestamptz
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_parse_event_time_wrapper';

-- sql/ingest_tables.sql


CREATE TABLE amp_event_staging (
    event_id text,
    action_map_id text,
    action_id text,
    action_type text,
    event_type text,
    occurred_at text
);

CREATE TYPE amp_rejection_reason AS ENUM (
    'not_an_object',
    'missing_value',
    'malformed_uuid',
    'unknown_action_type',
    'unknown_event_type',
    'malformed_timestamp',
    'implausible_timestamp',
    'unknown_action_map',
    'action_type_mismatch',
    'inapplicable_event_type',
    'conflicting_duplicate'
);

-- A sequence of its own rather than an identity column, so that pg_extension_config_dump
-- can register it and a restored database continues the numbering.
CREATE SEQUENCE amp_rejected_events_rejection_id_seq;

CREATE TABLE amp_rejected_events (
    rejection_id bigint PRIMARY KEY DEFAULT nextval('amp_rejected_events_rejection_id_seq'),
    event_id text,
    action_map_id text,
    action_id text,
    action_type text,
    event_type text,
    occurred_at text,
    reason amp_rejection_reason NOT NULL,
    message text NOT NULL,
    rejected_at timestamptz NOT NULL DEFAULT now()
);

ALTER SEQUENCE amp_rejected_events_rejection_id_seq OWNED BY amp_rejected_events.rejection_id;

CREATE INDEX amp_rejected_events_reason_idx ON amp_rejected_events (reason, rejected_at);

SELECT pg_catalog.pg_extension_config_dump('amp_event_staging', '');
SELECT pg_catalog.pg_extension_config_dump('amp_rejected_events', '');
SELECT pg_catalog.pg_extension_config_dump('amp_rejected_events_rejection_id_seq', '');

-- sql/ingest_batch.sql


CREATE FUNCTION amp_ingest_time_window(OUT earliest timestamptz, OUT latest timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
    SELECT timestamptz '2000-01-01 00:00:00+00', now() + interval '1 day'
$$;

-- Rows per insert step, and so per progress NOTICE: the setting amp.ingest_progress_rows,
-- 100000 when unset.
CREATE FUNCTION amp_ingest_progress_rows()
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $function$
DECLARE
    setting text := current_setting('amp.ingest_progress_rows', true);
BEGIN
    IF setting IS NULL OR btrim(setting) = '' THEN
        RETURN 100000;
    END IF;
    IF setting !~ '^\s*[0-9]{1,18}\s*$' OR setting::bigint = 0 THEN
        RAISE EXCEPTION 'invalid amp.ingest_progress_rows: "%"', setting
            USING ERRCODE = '22023',
                  HINT = 'Set it to a positive number of rows, e.g. SET amp.ingest_progress_rows = 100000, or RESET it.';
    END IF;
    RETURN setting::bigint;
END
$function$;

-- Creates the empty temporary table that amp_ingest_batch reads, replacing one left by an
-- earlier call in the same transaction.
CREATE FUNCTION amp_ingest_prepare_batch()
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $function$
BEGIN
    IF to_regclass('pg_temp.amp_ingest_batch') IS NOT NULL THEN
        DROP TABLE pg_temp.amp_ingest_batch;
    END IF;
    CREATE TEMPORARY TABLE amp_ingest_batch (
        ordinal bigint NOT NULL,
        event_id text,
        action_map_id text,
        action_id text,
        action_type text,
        event_type text,
        occurred_at text
    ) ON COMMIT DROP;
END
$function$;

-- Moves the rows of pg_temp.amp_ingest_batch: valid rows into amp_action_events, exact
-- re-deliveries counted as duplicates, everything else into amp_rejected_events. Each row
-- gets one outcome, so inserted + duplicates + rejected is the number of rows in the batch.
--
-- New events are inserted in event_id order, in steps of amp_ingest_progress_rows() rows.
-- Every ingest takes the unique index entries in ascending order, so two ingests of
-- overlapping event ids can wait for each other but never in a cycle (tests/concurrency.sh
-- runs that case).
CREATE FUNCTION amp_ingest_batch(OUT inserted bigint, OUT duplicates bigint, OUT rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $function$
DECLARE
    -- The syntax of PostgreSQL's uuid input: 32 hex digits, optionally in braces, with an
    -- optional hyphen after any group of four digits. tests/ingest.sh compares the two.
    uuid_pattern constant text :=
        '^(\{[0-9a-f]{4}(-?[0-9a-f]{4}){7}\}|[0-9a-f]{4}(-?[0-9a-f]{4}){7})$';
    step_rows constant bigint := amp_ingest_progress_rows();
    total bigint;
    candidates bigint;
    done bigint := 0;
    step_inserted bigint;
    batch_duplicates bigint;
    conflicts bigint;
BEGIN
    SELECT count(*) INTO total FROM pg_temp.amp_ingest_batch;
    inserted := 0;

    -- Parse every value and give each row its first failed check, in the order a sender
    -- would fix them. Values are trimmed of surrounding white space; labels are
    -- case-sensitive, as PostgreSQL's enum input is.
    IF to_regclass('pg_temp.amp_ingest_checked') IS NOT NULL THEN
        DROP TABLE pg_temp.amp_ingest_checked;
    END IF;
    CREATE TEMPORARY TABLE amp_ingest_checked ON COMMIT DROP AS
    WITH trimmed AS (
        SELECT b.*,
               nullif(btrim(b.event_id), '') AS event_id_text,
               nullif(btrim(b.action_map_id), '') AS action_map_id_text,
               nullif(btrim(b.action_id), '') AS action_id_text,
               nullif(btrim(b.action_type), '') AS action_type_text,
               nullif(btrim(b.event_type), '') AS event_type_text,
               nullif(btrim(b.occurred_at), '') AS occurred_at_text
        FROM pg_temp.amp_ingest_batch AS b
    ), parsed AS (
        SELECT t.*,
               CASE WHEN t.event_id_text ~* uuid_pattern THEN t.event_id_text::uuid END
                   AS event_uuid,
               CASE WHEN t.action_map_id_text ~* uuid_pattern THEN t.action_map_id_text::uuid END
                   AS action_map_uuid,
               CASE WHEN t.action_id_text ~* uuid_pattern THEN t.action_id_text::uuid END
                   AS action_uuid,
               CASE WHEN t.action_type_text = ANY (enum_range(NULL::amp_action_type)::text[])
                   THEN t.action_type_text::amp_action_type END AS action_type_value,
               CASE WHEN t.event_type_text = ANY (enum_range(NULL::amp_event_type)::text[])
                   THEN t.event_type_text::amp_event_type END AS event_type_value,
               amp_parse_event_time(t.occurred_at_text) AS occurred_at_value
        FROM trimmed AS t
    ), checked AS (
        SELECT p.*,
               m.action_type AS map_action_type,
               CASE
                   WHEN p.event_id_text IS NULL THEN 'missing_value'
                   WHEN p.event_uuid IS NULL THEN 'malformed_uuid'
                   WHEN p.action_map_id_text IS NULL THEN 'missing_value'
                   WHEN p.action_map_uuid IS NULL THEN 'malformed_uuid'
                   WHEN p.action_id_text IS NULL THEN 'missing_value'
                   WHEN p.action_uuid IS NULL THEN 'malformed_uuid'
                   WHEN p.action_type_text IS NULL THEN 'missing_value'
                   WHEN p.action_type_value IS NULL THEN 'unknown_action_type'
                   WHEN p.event_type_text IS NULL THEN 'missing_value'
                   WHEN p.event_type_value IS NULL THEN 'unknown_event_type'
                   WHEN p.occurred_at_text IS NULL THEN 'missing_value'
                   WHEN p.occurred_at_value IS NULL THEN 'malformed_timestamp'
                   WHEN p.occurred_at_value < w.earliest OR p.occurred_at_value > w.latest
                       THEN 'implausible_timestamp'
                   WHEN m.action_type IS NULL THEN 'unknown_action_map'
                   WHEN m.action_type <> p.action_type_value THEN 'action_type_mismatch'
                   WHEN NOT amp_metric_applies(p.action_type_value, p.event_type_value)
                       THEN 'inapplicable_event_type'
               END::amp_rejection_reason AS reason,
               w.earliest,
               w.latest
        FROM parsed AS p
        CROSS JOIN amp_ingest_time_window() AS w
        LEFT JOIN amp_action_maps AS m ON m.action_map_id = p.action_map_uuid
    )
    SELECT c.*,
           CASE c.reason
               WHEN 'missing_value' THEN format('%s is missing', CASE
                   WHEN c.event_id_text IS NULL THEN 'event_id'
                   WHEN c.action_map_id_text IS NULL THEN 'action_map_id'
                   WHEN c.action_id_text IS NULL THEN 'action_id'
                   WHEN c.action_type_text IS NULL THEN 'action_type'
                   WHEN c.event_type_text IS NULL THEN 'event_type'
                   ELSE 'occurred_at' END)
               WHEN 'malformed_uuid' THEN CASE
                   WHEN c.event_uuid IS NULL
                       THEN format('event_id "%s" is not a valid uuid', left(c.event_id_text, 100))
                   WHEN c.action_map_uuid IS NULL
                       THEN format('action_map_id "%s" is not a valid uuid', left(c.action_map_id_text, 100))
                   ELSE format('action_id "%s" is not a valid uuid', left(c.action_id_text, 100)) END
               WHEN 'unknown_action_type' THEN format('action_type "%s" is not one of %s',
                   left(c.action_type_text, 100),
                   array_to_string(enum_range(NULL::amp_action_type), ', '))
               WHEN 'unknown_event_type' THEN format('event_type "%s" is not one of %s',
                   left(c.event_type_text, 100),
                   array_to_string(enum_range(NULL::amp_event_type), ', '))
               WHEN 'malformed_timestamp' THEN format('occurred_at "%s" is not an ISO 8601 '
                   'timestamp with a UTC offset, such as 2026-11-01T14:30:00Z',
                   left(c.occurred_at_text, 100))
               WHEN 'implausible_timestamp' THEN format('occurred_at %s is outside the plausible '
                   'window [%s, %s] (see amp_ingest_time_window())',
                   c.occurred_at_value, c.earliest, c.latest)
               WHEN 'unknown_action_map' THEN format('action map %s does not exist',
                   c.action_map_uuid)
               WHEN 'action_type_mismatch' THEN format('action_type "%s" differs from the type '
                   '"%s" of action map %s', c.action_type_value, c.map_action_type,
                   c.action_map_uuid)
               WHEN 'inapplicable_event_type' THEN format('event type "%s" does not apply to '
                   'action type "%s"', c.event_type_value, c.action_type_value)
           END AS message
    FROM checked AS c;

    INSERT INTO amp_rejected_events (event_id, action_map_id, action_id, action_type,
                                     event_type, occurred_at, reason, message)
    SELECT c.event_id, c.action_map_id, c.action_id, c.action_type, c.event_type,
           c.occurred_at, c.reason, c.message
    FROM pg_temp.amp_ingest_checked AS c
    WHERE c.reason IS NOT NULL
    ORDER BY c.ordinal;
    GET DIAGNOSTICS rejected = ROW_COUNT;

    -- Among the valid rows, the first occurrence of an event id is a candidate for insertion.
    -- A later occurrence with the same values is a re-delivery; with other values, a conflict.
    IF to_regclass('pg_temp.amp_ingest_valid') IS NOT NULL THEN
        DROP TABLE pg_temp.amp_ingest_valid;
    END IF;
    CREATE TEMPORARY TABLE amp_ingest_valid ON COMMIT DROP AS
    SELECT v.*,
           (v.action_map_uuid, v.action_uuid, v.action_type_value, v.event_type_value,
            v.occurred_at_value)
               IS NOT DISTINCT FROM
           (v.first_map, v.first_action, v.first_action_type, v.first_event_type,
            v.first_occurred_at) AS same_as_first
    FROM (
        SELECT c.*,
               row_number() OVER same_id AS occurrence,
               first_value(c.action_map_uuid) OVER same_id AS first_map,
               first_value(c.action_uuid) OVER same_id AS first_action,
               first_value(c.action_type_value) OVER same_id AS first_action_type,
               first_value(c.event_type_value) OVER same_id AS first_event_type,
               first_value(c.occurred_at_value) OVER same_id AS first_occurred_at
        FROM pg_temp.amp_ingest_checked AS c
        WHERE c.reason IS NULL
        WINDOW same_id AS (PARTITION BY c.event_uuid ORDER BY c.ordinal)
    ) AS v;

    SELECT count(*) INTO batch_duplicates
    FROM pg_temp.amp_ingest_valid WHERE occurrence > 1 AND same_as_first;

    INSERT INTO amp_rejected_events (event_id, action_map_id, action_id, action_type,
                                     event_type, occurred_at, reason, message)
    SELECT v.event_id, v.action_map_id, v.action_id, v.action_type, v.event_type,
           v.occurred_at, 'conflicting_duplicate',
           format('event_id %s appears earlier in this batch with different values',
                  v.event_uuid)
    FROM pg_temp.amp_ingest_valid AS v
    WHERE v.occurrence > 1 AND NOT v.same_as_first
    ORDER BY v.ordinal;
    GET DIAGNOSTICS conflicts = ROW_COUNT;
    rejected := rejected + conflicts;

    IF to_regclass('pg_temp.amp_ingest_candidates') IS NOT NULL THEN
        DROP TABLE pg_temp.amp_ingest_candidates;
    END IF;
    CREATE TEMPORARY TABLE amp_ingest_candidates ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY v.event_uuid) AS position, v.*
    FROM pg_temp.amp_ingest_valid AS v
    WHERE v.occurrence = 1;
    GET DIAGNOSTICS candidates = ROW_COUNT;
    CREATE INDEX ON pg_temp.amp_ingest_candidates (position);

    IF to_regclass('pg_temp.amp_ingest_inserted') IS NOT NULL THEN
        DROP TABLE pg_temp.amp_ingest_inserted;
    END IF;
    CREATE TEMPORARY TABLE amp_ingest_inserted (event_id uuid) ON COMMIT DROP;

    IF total > step_rows THEN
        RAISE NOTICE 'amp: checked % rows: % to insert, % rejected', total, candidates, rejected;
    END IF;

    WHILE done < candidates LOOP
        WITH new_events AS (
            INSERT INTO amp_action_events (event_id, action_map_id, action_id, action_type,
                                           event_type, occurred_at)
            SELECT c.event_uuid, c.action_map_uuid, c.action_uuid, c.action_type_value,
                   c.event_type_value, c.occurred_at_value
            FROM pg_temp.amp_ingest_candidates AS c
            WHERE c.position > done AND c.position <= done + step_rows
            ORDER BY c.position
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id
        )
        INSERT INTO pg_temp.amp_ingest_inserted SELECT n.event_id FROM new_events AS n;
        GET DIAGNOSTICS step_inserted = ROW_COUNT;
        inserted := inserted + step_inserted;
        done := least(done + step_rows, candidates);
        IF candidates > step_rows THEN
            RAISE NOTICE 'amp: % of % rows done, % inserted so far', done, candidates, inserted;
        END IF;
    END LOOP;

    -- A candidate that was not inserted collided with a stored event: the same values make it
    -- a re-delivery, other values a conflict. This statement takes a new snapshot, so it sees
    -- events that concurrent ingests committed while this one waited for them.
    INSERT INTO amp_rejected_events (event_id, action_map_id, action_id, action_type,
                                     event_type, occurred_at, reason, message)
    SELECT c.event_id, c.action_map_id, c.action_id, c.action_type, c.event_type,
           c.occurred_at, 'conflicting_duplicate',
           format('event_id %s is already stored with different values', c.event_uuid)
    FROM pg_temp.amp_ingest_candidates AS c
    LEFT JOIN amp_action_events AS e ON e.event_id = c.event_uuid
    WHERE NOT EXISTS (SELECT FROM pg_temp.amp_ingest_inserted AS i
                      WHERE i.event_id = c.event_uuid)
      AND (e.action_map_id, e.action_id, e.action_type, e.event_type, e.occurred_at)
          IS DISTINCT FROM
          (c.action_map_uuid, c.action_uuid, c.action_type_value, c.event_type_value,
           c.occurred_at_value)
    ORDER BY c.ordinal;
    GET DIAGNOSTICS conflicts = ROW_COUNT;
    rejected := rejected + conflicts;

    duplicates := batch_duplicates + (candidates - inserted - conflicts);

    IF inserted + duplicates + rejected <> total THEN
        RAISE EXCEPTION 'amp_ingest_batch lost track of rows: % inserted + % duplicates + % '
                        'rejected <> % in the batch', inserted, duplicates, rejected, total
            USING ERRCODE = 'XX000';
    END IF;

    DROP TABLE pg_temp.amp_ingest_checked, pg_temp.amp_ingest_valid,
               pg_temp.amp_ingest_candidates, pg_temp.amp_ingest_inserted;
END
$function$;

-- sql/ingest.sql


CREATE FUNCTION amp_ingest_staged()
RETURNS TABLE (inserted bigint, duplicates bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $function$
BEGIN
    PERFORM amp_ingest_prepare_batch();

    -- Take every staged row that this transaction can see and no concurrent ingest has
    -- locked. Rows locked by another ingest are skipped, not waited for, so concurrent calls
    -- split the staging table between them and never move a row twice.
    WITH taken AS (
        DELETE FROM amp_event_staging AS s
        WHERE s.ctid IN (SELECT l.ctid FROM amp_event_staging AS l FOR UPDATE SKIP LOCKED)
        RETURNING s.*
    )
    INSERT INTO pg_temp.amp_ingest_batch (ordinal, event_id, action_map_id, action_id,
                                          action_type, event_type, occurred_at)
    SELECT row_number() OVER (), t.event_id, t.action_map_id, t.action_id, t.action_type,
           t.event_type, t.occurred_at
    FROM taken AS t;

    RETURN QUERY SELECT b.inserted, b.duplicates, b.rejected FROM amp_ingest_batch() AS b;
    DROP TABLE pg_temp.amp_ingest_batch;
END
$function$;

CREATE FUNCTION amp_ingest_json(events jsonb)
RETURNS TABLE (inserted bigint, duplicates bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $function$
DECLARE
    not_objects bigint;
BEGIN
    IF events IS NULL THEN
        RAISE EXCEPTION 'argument "events" must not be NULL'
            USING ERRCODE = '22004',
                  HINT = 'Pass a JSON array of event objects; ''[]'' ingests nothing.';
    END IF;
    IF jsonb_typeof(events) <> 'array' THEN
        RAISE EXCEPTION 'events must be a JSON array, got a JSON %', jsonb_typeof(events)
            USING ERRCODE = '22023',
                  HINT = 'Wrap the event objects in [ ], e.g. ''[{"event_id": "…", …}]''.';
    END IF;

    PERFORM amp_ingest_prepare_batch();

    INSERT INTO pg_temp.amp_ingest_batch (ordinal, event_id, action_map_id, action_id,
                                          action_type, event_type, occurred_at)
    SELECT a.position, a.element ->> 'event_id', a.element ->> 'action_map_id',
           a.element ->> 'action_id', a.element ->> 'action_type', a.element ->> 'event_type',
           a.element ->> 'occurred_at'
    FROM jsonb_array_elements(events) WITH ORDINALITY AS a (element, position)
    WHERE jsonb_typeof(a.element) = 'object';

    -- The whole element goes into the message: the row has no other column that could keep it.
    INSERT INTO amp_rejected_events (reason, message)
    SELECT 'not_an_object',
           format('element %s of the array is a JSON %s, not an object: %s', a.position,
                  jsonb_typeof(a.element), a.element::text)
    FROM jsonb_array_elements(events) WITH ORDINALITY AS a (element, position)
    WHERE jsonb_typeof(a.element) <> 'object'
    ORDER BY a.position;
    GET DIAGNOSTICS not_objects = ROW_COUNT;

    RETURN QUERY SELECT b.inserted, b.duplicates, b.rejected + not_objects
                 FROM amp_ingest_batch() AS b;
    DROP TABLE pg_temp.amp_ingest_batch;
END
$function$;

COMMENT ON TABLE amp_event_staging IS
    'Landing table for raw events: every column is text, so COPY accepts any row. '
    'amp_ingest_staged() moves the rows into amp_action_events or amp_rejected_events.';
COMMENT ON TYPE amp_rejection_reason IS
    'Why ingestion rejected a row. Each rejected row gets one reason, from the first check it '
    'fails; docs/ingest.md lists the checks in order.';
COMMENT ON TABLE amp_rejected_events IS
    'Quarantine: rows that ingestion rejected, with their raw text values, the reason, a '
    'message naming the value, and when they were rejected.';
COMMENT ON FUNCTION amp_parse_event_time(text) IS
    'Parses an ISO 8601 timestamp with a UTC offset, such as 2026-11-01T14:30:00Z; returns '
    'NULL for any other text, including a time without an offset.';
COMMENT ON FUNCTION amp_ingest_time_window() IS
    'Returns the window of plausible event times: from 2000-01-01 00:00 UTC to one day after '
    'the start of the current transaction. Events outside it are rejected as implausible_timestamp.';
COMMENT ON FUNCTION amp_ingest_progress_rows() IS
    'Returns the rows per insert step of an ingest, and so per progress NOTICE: the setting '
    'amp.ingest_progress_rows, or 100000.';
COMMENT ON FUNCTION amp_ingest_prepare_batch() IS
    'Internal to ingestion: creates the empty temporary table pg_temp.amp_ingest_batch.';
COMMENT ON FUNCTION amp_ingest_batch() IS
    'Internal to ingestion: moves the rows of pg_temp.amp_ingest_batch into '
    'amp_action_events or amp_rejected_events and returns the counts.';
COMMENT ON FUNCTION amp_ingest_staged() IS
    'Moves every staged row that no concurrent ingest holds: valid rows into amp_action_events, '
    're-deliveries of stored event ids counted as duplicates, the rest into '
    'amp_rejected_events. Returns the three counts, which add up to the rows taken.';
COMMENT ON FUNCTION amp_ingest_json(jsonb) IS
    'Ingests a JSON array of event objects with the same rules and counts as amp_ingest_staged; '
    'elements that are not objects are rejected as not_an_object.';

-- The report and export functions: amp_cards, amp_series_long, amp_rates, amp_compare,
-- amp_export, amp_export_csv and amp_export_filename, as pgrx generates them.

CREATE FUNCTION "amp_cards"(
	"range_start" timestamp with time zone DEFAULT now() - interval '7 days',
	"range_end" timestamp with time zone DEFAULT now()
) RETURNS TABLE (
	"action_map_id" uuid,
	"name" TEXT,
	"trigger_kind" amp_trigger_kind,
	"trigger_name" TEXT,
	"action_type" amp_action_type,
	"is_active" bool,
	"created_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"qualified" bigint,
	"offered" bigint,
	"accepted" bigint,
	"accepted_rate" NUMERIC
)
STABLE PARALLEL RESTRICTED
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_cards_wrapper';

CREATE FUNCTION "amp_compare"(
	"action_map_id" uuid,
	"range_start" timestamp with time zone,
	"range_end" timestamp with time zone,
	"time_zone" TEXT DEFAULT current_setting('TimeZone')
) RETURNS TABLE (
	"metric" TEXT,
	"current_total" bigint,
	"previous_total" bigint,
	"difference" bigint,
	"relative_change" NUMERIC
)
STABLE PARALLEL RESTRICTED
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_compare_wrapper';

CREATE FUNCTION "amp_export"(
	"action_map_ids" uuid[],
	"range_start" timestamp with time zone,
	"range_end" timestamp with time zone,
	"granularity" TEXT DEFAULT 'hour',
	"time_zone" TEXT DEFAULT current_setting('TimeZone'),
	"metrics" amp_event_type[] DEFAULT NULL,
	"for_spreadsheet" bool DEFAULT false
) RETURNS TABLE (
	"time" TEXT,
	"action_map_id" uuid,
	"action_map_name" TEXT,
	"qualified" bigint,
	"offered" bigint,
	"accepted" bigint,
	"started" bigint,
	"engaged" bigint,
	"rejected" bigint,
	"errored" bigint,
	"timed_out" bigint
)
STABLE PARALLEL RESTRICTED
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_export_wrapper';

CREATE FUNCTION "amp_export_csv"(
	"action_map_id" uuid,
	"range_start" timestamp with time zone,
	"range_end" timestamp with time zone,
	"granularity" TEXT DEFAULT 'hour',
	"time_zone" TEXT DEFAULT current_setting('TimeZone'),
	"metrics" amp_event_type[] DEFAULT NULL,
	"for_spreadsheet" bool DEFAULT false
) RETURNS TEXT
STABLE PARALLEL RESTRICTED
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_export_csv_wrapper';

CREATE FUNCTION "amp_export_filename"(
	"action_map_id" uuid,
	"range_start" timestamp with time zone,
	"range_end" timestamp with time zone
) RETURNS TEXT
STABLE PARALLEL RESTRICTED
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_export_filename_wrapper';

CREATE FUNCTION "amp_rates"(
	"action_map_id" uuid,
	"range_start" timestamp with time zone,
	"range_end" timestamp with time zone,
	"granularity" TEXT DEFAULT 'hour',
	"time_zone" TEXT DEFAULT current_setting('TimeZone')
) RETURNS TABLE (
	"time" timestamp with time zone,
	"offered_rate" NUMERIC,
	"accepted_rate" NUMERIC,
	"engaged_rate" NUMERIC
)
STABLE PARALLEL RESTRICTED
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_rates_wrapper';

CREATE FUNCTION "amp_series_long"(
	"action_map_id" uuid,
	"range_start" timestamp with time zone,
	"range_end" timestamp with time zone,
	"granularity" TEXT DEFAULT 'hour',
	"time_zone" TEXT DEFAULT current_setting('TimeZone'),
	"metrics" amp_event_type[] DEFAULT NULL
) RETURNS TABLE (
	"time" timestamp with time zone,
	"metric" TEXT,
	"value" bigint
)
STABLE PARALLEL RESTRICTED
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_series_long_wrapper';

COMMENT ON FUNCTION amp_cards(timestamptz, timestamptz) IS
    'Returns one card per action map, active maps first, then by name: the map''s settings, '
    'its latest event at any time, and qualified, offered and accepted over '
    '[range_start, range_end) with accepted_rate = accepted / offered. Totals are 0 without '
    'events and NULL where the metric does not apply. The rate is NULL when offered is 0.';
COMMENT ON FUNCTION amp_compare(uuid, timestamptz, timestamptz, text) IS
    'Returns per metric that applies to the map its total over [range_start, range_end), its '
    'total over the equally long span of real time just before, the difference and the '
    'relative change (NULL when the previous total is 0). time_zone is validated but '
    'changes no total.';
COMMENT ON FUNCTION amp_export(uuid[], timestamptz, timestamptz, text, text, amp_event_type[], boolean) IS
    'Returns the hour or day series of several action maps (NULL: every map, by name then id) '
    'as one table for COPY ... (FORMAT csv, HEADER): time as ISO 8601 text with the zone''s '
    'offset, action_map_id, action_map_name, then the eight metrics. A metric cell is NULL '
    'when the metric is not selected or does not apply to the map. Rows run by map, then time. '
    'for_spreadsheet puts an apostrophe before a map name that starts with =, +, -, @, tab or CR.';
COMMENT ON FUNCTION amp_export_csv(uuid, timestamptz, timestamptz, text, text, amp_event_type[], boolean) IS
    'Returns one action map''s series as an RFC 4180 CSV document: a time column, then the '
    'report titles of the selected metrics that apply. Plain: UTF-8, LF, the bytes COPY ... '
    'CSV writes. for_spreadsheet: byte-order mark, CRLF, and an apostrophe before text cells '
    'that start with =, +, -, @, tab or CR.';
COMMENT ON FUNCTION amp_export_filename(uuid, timestamptz, timestamptz) IS
    'Returns a safe file name for an export of an action map over a range: '
    'amp-<slug of the name>-from-<start>-to-<end>.csv, the instants in UTC basic ISO 8601.';
COMMENT ON FUNCTION amp_rates(uuid, timestamptz, timestamptz, text, text) IS
    'Returns per amp_series bucket offered_rate = offered / qualified, accepted_rate = '
    'accepted / offered and engaged_rate = engaged / accepted as numeric fractions, NULL when '
    'the denominator is 0 or a metric does not apply.';
COMMENT ON FUNCTION amp_series_long(uuid, timestamptz, timestamptz, text, text, amp_event_type[]) IS
    'Returns amp_series in long form: one ("time", metric, value) row per bucket and selected '
    'metric that applies to the map, ordered by time, then metric. NULL metrics selects '
    'every metric. An empty array or a NULL element raises an error.';

-- The chart function and the views for BI tools (sql/views.sql).

CREATE FUNCTION "amp_chart_svg"(
	"action_map_ids" uuid[],
	"range_start" timestamp with time zone,
	"range_end" timestamp with time zone,
	"granularity" TEXT DEFAULT 'day',
	"time_zone" TEXT DEFAULT current_setting('TimeZone'),
	"metric" amp_event_type DEFAULT 'offered'
) RETURNS TEXT
STABLE PARALLEL RESTRICTED
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_chart_svg_wrapper';

COMMENT ON FUNCTION amp_chart_svg(uuid[], timestamptz, timestamptz, text, text, amp_event_type) IS
    'Returns an SVG line chart of one metric per bucket for each listed action map, with the '
    'buckets of amp_series for the same range, granularity and zone. Maps whose action type '
    'lacks the metric appear in the legend without a line.';

-- Views for BI tools whose query builders read tables and views but cannot call set-returning
-- functions, such as Metabase. Buckets are UTC hours and UTC days, and every time column is a
-- timestamptz, so each tool can convert it to the reader's zone. For local-time buckets,
-- call amp_series with a time zone instead.
--
-- Each view has one row per map and bucket with at least one event, so an empty bucket has
-- no row. A metric that does not apply to the map's action type is NULL, as in amp_counts.
-- action_type is text, because query builders filter text columns more reliably than enums.

-- NOTE: both views aggregate the raw events on every query. Once amp keeps a 15-minute
-- rollup table, they should read the rollup instead, and only the buckets at the edges of a
-- range from the raw events.
CREATE VIEW amp_hourly_counts_utc AS
SELECT bucket.hour_start,
       map.action_map_id,
       map.name AS map_name,
       map.action_type::text AS action_type,
       (bucket.counts).qualified,
       (bucket.counts).offered,
       (bucket.counts).accepted,
       (bucket.counts).started,
       (bucket.counts).engaged,
       (bucket.counts).rejected,
       (bucket.counts).errored,
       (bucket.counts).timed_out
FROM (
    SELECT event.action_map_id,
           date_trunc('hour', event.occurred_at, 'UTC') AS hour_start,
           amp_counts(event.action_type, event.event_type) AS counts
    FROM amp_action_events AS event
    GROUP BY event.action_map_id, date_trunc('hour', event.occurred_at, 'UTC')
) AS bucket
JOIN amp_action_maps AS map USING (action_map_id);

CREATE VIEW amp_daily_counts_utc AS
SELECT bucket.day_start,
       map.action_map_id,
       map.name AS map_name,
       map.action_type::text AS action_type,
       (bucket.counts).qualified,
       (bucket.counts).offered,
       (bucket.counts).accepted,
       (bucket.counts).started,
       (bucket.counts).engaged,
       (bucket.counts).rejected,
       (bucket.counts).errored,
       (bucket.counts).timed_out
FROM (
    SELECT event.action_map_id,
           date_trunc('day', event.occurred_at, 'UTC') AS day_start,
           amp_counts(event.action_type, event.event_type) AS counts
    FROM amp_action_events AS event
    GROUP BY event.action_map_id, date_trunc('day', event.occurred_at, 'UTC')
) AS bucket
JOIN amp_action_maps AS map USING (action_map_id);

COMMENT ON VIEW amp_hourly_counts_utc IS
    'Event counts per action map and UTC hour, for query builders such as Metabase. Only hours '
    'with events have a row; metrics that do not apply to the map''s action type are NULL. For '
    'hours in another zone, call amp_series.';
COMMENT ON VIEW amp_daily_counts_utc IS
    'Event counts per action map and UTC day (midnight to midnight UTC), for query builders such '
    'as Metabase. Only days with events have a row; metrics that do not apply to the map''s '
    'action type are NULL. For local days, call amp_series with a time zone.';
COMMENT ON COLUMN amp_hourly_counts_utc.hour_start IS
    'Start of the UTC hour, as a timestamptz.';
COMMENT ON COLUMN amp_daily_counts_utc.day_start IS
    'Midnight UTC at the start of the day, as a timestamptz.';

-- The index now also covers action_type, so amp_counts over one map reads the index alone.
DROP INDEX amp_action_events_map_time_idx;
CREATE INDEX amp_action_events_map_time_idx
    ON amp_action_events (action_map_id, occurred_at) INCLUDE (event_type, action_type);

-- The 15-minute rollup (sql/rollup.sql), then its rows for the events already stored.
-- The 15-minute rollup of amp_action_events and the triggers that keep it exact.
--
-- Every statement that writes amp_action_events updates the rollup in the same transaction,
-- through statement-level AFTER triggers with transition tables: INSERT (and COPY) add counts,
-- DELETE subtracts them, UPDATE moves them, TRUNCATE empties the rollup.
--
-- Rows are upserted in primary key order, so two statements that touch the same slots lock
-- them in the same order and cannot deadlock each other. A transaction keeps the rollup rows
-- it wrote locked until it ends, so concurrent writers to the same slot wait for each other,
-- and transactions of several statements that touch shared slots in different orders can
-- still deadlock.
--
-- Triggers do not fire when they are disabled or when session_replication_role is replica, so
-- run amp_rollup_rebuild() after such a load.
--
-- The rollup is not registered with pg_extension_config_dump. It is derived data: when a dump
-- is restored, COPY into amp_action_events fires the insert trigger, which rebuilds it. A
-- data-only restore with --disable-triggers needs amp_rollup_rebuild() afterwards.

-- Inlined by the planner: a SQL function whose body is one expression and that has no SET
-- clause is replaced by its expression.
CREATE FUNCTION amp_rollup_slot(instant timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.date_bin('15 minutes', instant, timestamptz '2000-01-01 00:00+00');

CREATE TABLE amp_rollup_15m (
    action_map_id uuid NOT NULL,
    -- Start of the slot [slot_start, slot_start + 15 minutes), on a 15-minute mark of UTC.
    slot_start timestamptz NOT NULL,
    action_type amp_action_type NOT NULL,
    qualified bigint NOT NULL DEFAULT 0,
    offered bigint NOT NULL DEFAULT 0,
    accepted bigint NOT NULL DEFAULT 0,
    started bigint NOT NULL DEFAULT 0,
    engaged bigint NOT NULL DEFAULT 0,
    rejected bigint NOT NULL DEFAULT 0,
    errored bigint NOT NULL DEFAULT 0,
    timed_out bigint NOT NULL DEFAULT 0,
    CONSTRAINT amp_rollup_15m_pkey PRIMARY KEY (action_map_id, slot_start, action_type),
    CONSTRAINT amp_rollup_15m_slot_start_aligned
        CHECK (slot_start = amp_rollup_slot(slot_start))
);

-- Adds the counts of the inserted events.
CREATE FUNCTION amp_rollup_after_insert() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
BEGIN
    INSERT INTO amp_rollup_15m AS r (action_map_id, slot_start, action_type, qualified, offered,
                                     accepted, started, engaged, rejected, errored, timed_out)
    SELECT e.action_map_id,
           amp_rollup_slot(e.occurred_at),
           e.action_type,
           count(*) FILTER (WHERE e.event_type = 'qualified'),
           count(*) FILTER (WHERE e.event_type = 'offered'),
           count(*) FILTER (WHERE e.event_type = 'accepted'),
           count(*) FILTER (WHERE e.event_type = 'started'),
           count(*) FILTER (WHERE e.event_type = 'engaged'),
           count(*) FILTER (WHERE e.event_type = 'rejected'),
           count(*) FILTER (WHERE e.event_type = 'errored'),
           count(*) FILTER (WHERE e.event_type = 'timed_out')
    FROM new_events AS e
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (action_map_id, slot_start, action_type) DO UPDATE
    SET qualified = r.qualified + excluded.qualified,
        offered = r.offered + excluded.offered,
        accepted = r.accepted + excluded.accepted,
        started = r.started + excluded.started,
        engaged = r.engaged + excluded.engaged,
        rejected = r.rejected + excluded.rejected,
        errored = r.errored + excluded.errored,
        timed_out = r.timed_out + excluded.timed_out;
    RETURN NULL;
END
$$;

-- Moves the counts of updated events from their old slots to their new ones.
CREATE FUNCTION amp_rollup_after_update() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
BEGIN
    WITH changes AS (
        SELECT n.action_map_id, n.occurred_at, n.action_type, n.event_type, 1 AS sign
        FROM new_events AS n
        UNION ALL
        SELECT o.action_map_id, o.occurred_at, o.action_type, o.event_type, -1
        FROM old_events AS o
    ), deltas AS (
        SELECT c.action_map_id,
               amp_rollup_slot(c.occurred_at) AS slot_start,
               c.action_type,
               coalesce(sum(c.sign) FILTER (WHERE c.event_type = 'qualified'), 0) AS qualified,
               coalesce(sum(c.sign) FILTER (WHERE c.event_type = 'offered'), 0) AS offered,
               coalesce(sum(c.sign) FILTER (WHERE c.event_type = 'accepted'), 0) AS accepted,
               coalesce(sum(c.sign) FILTER (WHERE c.event_type = 'started'), 0) AS started,
               coalesce(sum(c.sign) FILTER (WHERE c.event_type = 'engaged'), 0) AS engaged,
               coalesce(sum(c.sign) FILTER (WHERE c.event_type = 'rejected'), 0) AS rejected,
               coalesce(sum(c.sign) FILTER (WHERE c.event_type = 'errored'), 0) AS errored,
               coalesce(sum(c.sign) FILTER (WHERE c.event_type = 'timed_out'), 0) AS timed_out
        FROM changes AS c
        GROUP BY 1, 2, 3
    )
    INSERT INTO amp_rollup_15m AS r (action_map_id, slot_start, action_type, qualified, offered,
                                     accepted, started, engaged, rejected, errored, timed_out)
    SELECT d.*
    FROM deltas AS d
    -- An UPDATE that keeps map, action type, event type and slot leaves a zero delta.
    WHERE (d.qualified, d.offered, d.accepted, d.started, d.engaged, d.rejected, d.errored,
           d.timed_out) <> (0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 2, 3
    ON CONFLICT (action_map_id, slot_start, action_type) DO UPDATE
    SET qualified = r.qualified + excluded.qualified,
        offered = r.offered + excluded.offered,
        accepted = r.accepted + excluded.accepted,
        started = r.started + excluded.started,
        engaged = r.engaged + excluded.engaged,
        rejected = r.rejected + excluded.rejected,
        errored = r.errored + excluded.errored,
        timed_out = r.timed_out + excluded.timed_out;

    -- Only slots of old row versions can lose counts, so only they can reach zero.
    DELETE FROM amp_rollup_15m AS r
    WHERE (r.qualified, r.offered, r.accepted, r.started, r.engaged, r.rejected, r.errored,
           r.timed_out) = (0, 0, 0, 0, 0, 0, 0, 0)
      AND (r.action_map_id, r.slot_start, r.action_type) IN (
          SELECT o.action_map_id,
                 amp_rollup_slot(o.occurred_at),
                 o.action_type
          FROM old_events AS o);
    RETURN NULL;
END
$$;

-- Subtracts the counts of deleted events.
CREATE FUNCTION amp_rollup_after_delete() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
BEGIN
    INSERT INTO amp_rollup_15m AS r (action_map_id, slot_start, action_type, qualified, offered,
                                     accepted, started, engaged, rejected, errored, timed_out)
    SELECT o.action_map_id,
           amp_rollup_slot(o.occurred_at),
           o.action_type,
           -count(*) FILTER (WHERE o.event_type = 'qualified'),
           -count(*) FILTER (WHERE o.event_type = 'offered'),
           -count(*) FILTER (WHERE o.event_type = 'accepted'),
           -count(*) FILTER (WHERE o.event_type = 'started'),
           -count(*) FILTER (WHERE o.event_type = 'engaged'),
           -count(*) FILTER (WHERE o.event_type = 'rejected'),
           -count(*) FILTER (WHERE o.event_type = 'errored'),
           -count(*) FILTER (WHERE o.event_type = 'timed_out')
    FROM old_events AS o
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (action_map_id, slot_start, action_type) DO UPDATE
    SET qualified = r.qualified + excluded.qualified,
        offered = r.offered + excluded.offered,
        accepted = r.accepted + excluded.accepted,
        started = r.started + excluded.started,
        engaged = r.engaged + excluded.engaged,
        rejected = r.rejected + excluded.rejected,
        errored = r.errored + excluded.errored,
        timed_out = r.timed_out + excluded.timed_out;

    DELETE FROM amp_rollup_15m AS r
    WHERE (r.qualified, r.offered, r.accepted, r.started, r.engaged, r.rejected, r.errored,
           r.timed_out) = (0, 0, 0, 0, 0, 0, 0, 0)
      AND (r.action_map_id, r.slot_start, r.action_type) IN (
          SELECT o.action_map_id,
                 amp_rollup_slot(o.occurred_at),
                 o.action_type
          FROM old_events AS o);
    RETURN NULL;
END
$$;

-- Empties the rollup along with the events. TRUNCATE has no transition tables.
CREATE FUNCTION amp_rollup_after_truncate() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
BEGIN
    TRUNCATE amp_rollup_15m;
    RETURN NULL;
END
$$;

CREATE TRIGGER amp_action_events_rollup_insert
    AFTER INSERT ON amp_action_events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION amp_rollup_after_insert();

CREATE TRIGGER amp_action_events_rollup_update
    AFTER UPDATE ON amp_action_events
    REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION amp_rollup_after_update();

CREATE TRIGGER amp_action_events_rollup_delete
    AFTER DELETE ON amp_action_events
    REFERENCING OLD TABLE AS old_events
    FOR EACH STATEMENT EXECUTE FUNCTION amp_rollup_after_delete();

CREATE TRIGGER amp_action_events_rollup_truncate
    AFTER TRUNCATE ON amp_action_events
    FOR EACH STATEMENT EXECUTE FUNCTION amp_rollup_after_truncate();

CREATE FUNCTION amp_rollup_check()
RETURNS TABLE (
    action_map_id uuid,
    slot_start timestamptz,
    action_type amp_action_type,
    event_type amp_event_type,
    rollup_count bigint,
    raw_count bigint
)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
BEGIN ATOMIC
    WITH raw AS (
        SELECT e.action_map_id, amp_rollup_slot(e.occurred_at) AS slot_start, e.action_type,
               count(*) FILTER (WHERE e.event_type = 'qualified') AS qualified,
               count(*) FILTER (WHERE e.event_type = 'offered') AS offered,
               count(*) FILTER (WHERE e.event_type = 'accepted') AS accepted,
               count(*) FILTER (WHERE e.event_type = 'started') AS started,
               count(*) FILTER (WHERE e.event_type = 'engaged') AS engaged,
               count(*) FILTER (WHERE e.event_type = 'rejected') AS rejected,
               count(*) FILTER (WHERE e.event_type = 'errored') AS errored,
               count(*) FILTER (WHERE e.event_type = 'timed_out') AS timed_out
        FROM amp_action_events AS e
        GROUP BY 1, 2, 3
    ), paired AS (
        SELECT coalesce(r.action_map_id, w.action_map_id) AS action_map_id,
               coalesce(r.slot_start, w.slot_start) AS slot_start,
               coalesce(r.action_type, w.action_type) AS action_type,
               ARRAY[r.qualified, r.offered, r.accepted, r.started, r.engaged, r.rejected,
                     r.errored, r.timed_out] AS rollup_counts,
               ARRAY[w.qualified, w.offered, w.accepted, w.started, w.engaged, w.rejected,
                     w.errored, w.timed_out] AS raw_counts
        FROM amp_rollup_15m AS r
        FULL JOIN raw AS w
            ON w.action_map_id = r.action_map_id AND w.slot_start = r.slot_start
           AND w.action_type = r.action_type
    )
    SELECT p.action_map_id, p.slot_start, p.action_type, m.event_type,
           coalesce(p.rollup_counts[m.position::integer], 0), coalesce(p.raw_counts[m.position::integer], 0)
    FROM paired AS p
    CROSS JOIN unnest(enum_range(NULL::amp_event_type)) WITH ORDINALITY AS m (event_type, position)
    WHERE coalesce(p.rollup_counts[m.position::integer], 0) <> coalesce(p.raw_counts[m.position::integer], 0)
    ORDER BY 1, 2, 3, 4;
END;

INSERT INTO amp_rollup_15m (action_map_id, slot_start, action_type, qualified, offered,
                            accepted, started, engaged, rejected, errored, timed_out)
SELECT e.action_map_id, amp_rollup_slot(e.occurred_at), e.action_type,
       count(*) FILTER (WHERE e.event_type = 'qualified'),
       count(*) FILTER (WHERE e.event_type = 'offered'),
       count(*) FILTER (WHERE e.event_type = 'accepted'),
       count(*) FILTER (WHERE e.event_type = 'started'),
       count(*) FILTER (WHERE e.event_type = 'engaged'),
       count(*) FILTER (WHERE e.event_type = 'rejected'),
       count(*) FILTER (WHERE e.event_type = 'errored'),
       count(*) FILTER (WHERE e.event_type = 'timed_out')
FROM amp_action_events AS e
GROUP BY 1, 2, 3;

CREATE FUNCTION "amp_rollup_rebuild"(
	"action_map_id" uuid DEFAULT NULL
) RETURNS bigint
VOLATILE PARALLEL UNSAFE
SET search_path TO pg_catalog, @extschema@, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'amp_rollup_rebuild_wrapper';

COMMENT ON TABLE amp_rollup_15m IS
    'Counts of amp_action_events per action map, 15-minute UTC slot and action type, kept '
    'exact by triggers in the same transaction. Derived data: not dumped, rebuilt by the insert '
    'trigger on restore, or by amp_rollup_rebuild() after a load with triggers disabled.';
COMMENT ON FUNCTION amp_rollup_slot(timestamptz) IS
    'Returns the start of the 15-minute UTC slot that contains an instant.';
COMMENT ON FUNCTION amp_rollup_after_insert() IS
    'Trigger function: adds the counts of inserted or copied events to amp_rollup_15m.';
COMMENT ON FUNCTION amp_rollup_after_update() IS
    'Trigger function: moves the counts of updated events between amp_rollup_15m rows.';
COMMENT ON FUNCTION amp_rollup_after_delete() IS
    'Trigger function: subtracts the counts of deleted events from amp_rollup_15m and removes '
    'rows whose counts reach zero.';
COMMENT ON FUNCTION amp_rollup_after_truncate() IS
    'Trigger function: truncates amp_rollup_15m along with amp_action_events.';
COMMENT ON TRIGGER amp_action_events_rollup_insert ON amp_action_events IS
    'Keeps amp_rollup_15m in step with inserted events; disable it only for a bulk load that '
    'amp_rollup_rebuild() follows.';
COMMENT ON TRIGGER amp_action_events_rollup_update ON amp_action_events IS
    'Keeps amp_rollup_15m in step with updated events.';
COMMENT ON TRIGGER amp_action_events_rollup_delete ON amp_action_events IS
    'Keeps amp_rollup_15m in step with deleted events.';
COMMENT ON TRIGGER amp_action_events_rollup_truncate ON amp_action_events IS
    'Empties amp_rollup_15m when amp_action_events is truncated.';
COMMENT ON FUNCTION amp_rollup_check() IS
    'Returns one row per action map, slot, action type and event type whose count in '
    'amp_rollup_15m differs from a recount of amp_action_events; zero rows mean they agree.';
COMMENT ON FUNCTION amp_rollup_rebuild(uuid) IS
    'Recomputes amp_rollup_15m from amp_action_events for one map, or all maps when NULL, and '
    'returns the number of events counted. Blocks writers of amp_action_events until the '
    'transaction ends; requires READ COMMITTED.';
COMMENT ON FUNCTION amp_series(uuid, timestamptz, timestamptz, text, text) IS
    'Returns one row per hour or day bucket of an action map that overlaps '
    '[range_start, range_end), in the zone''s local clock: hour buckets split at offset '
    'changes, day buckets run local midnight to midnight. Empty buckets are 0; metrics that '
    'do not apply to the map''s action type are NULL. Whole 15-minute slots come from '
    'amp_rollup_15m unless amp.use_rollups is off; the counts are the same either way.';
COMMENT ON SEQUENCE amp_rejected_events_rejection_id_seq IS
    'Numbers the rows of amp_rejected_events; registered for pg_dump, so a restore continues it.';
