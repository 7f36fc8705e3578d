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
