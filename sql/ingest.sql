-- The ingest functions: amp_ingest_staged moves the rows of amp_event_staging, and
-- amp_ingest_json the objects of a JSON array, through amp_ingest_batch (sql/ingest_batch.sql).
--
-- Every function here runs with search_path = pg_catalog, @extschema@, pg_temp, so objects
-- that a caller creates in other schemas, or temporary functions and operators, are never
-- resolved in place of PostgreSQL's or amp's own.

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
