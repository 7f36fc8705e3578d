-- Tables and the applicability view. Both tables are configuration tables of the extension,
-- so pg_dump writes their rows although the extension itself creates them.

CREATE TABLE amp_action_maps (
    action_map_id uuid PRIMARY KEY,
    name text NOT NULL,
    trigger_kind amp_trigger_kind NOT NULL,
    trigger_name text NOT NULL,
    action_type amp_action_type NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- The target of the events' composite foreign key.
    CONSTRAINT amp_action_maps_id_action_type_key UNIQUE (action_map_id, action_type)
);

CREATE TABLE amp_action_events (
    event_id uuid PRIMARY KEY,
    action_map_id uuid NOT NULL,
    action_id uuid NOT NULL,
    action_type amp_action_type NOT NULL,
    event_type amp_event_type NOT NULL,
    occurred_at timestamptz NOT NULL,
    -- An event's action type must be its map's: the pair must exist in amp_action_maps.
    CONSTRAINT amp_action_events_map_fkey FOREIGN KEY (action_map_id, action_type)
        REFERENCES amp_action_maps (action_map_id, action_type),
    CONSTRAINT amp_action_events_event_type_applies
        CHECK (amp_metric_applies(action_type, event_type))
);

-- Serves queries of one map over a time range with index-only scans: series read event_type,
-- amp_counts also action_type. On 64-bit builds action_type takes no extra space, because
-- index tuples are padded to 8 bytes.
CREATE INDEX amp_action_events_map_time_idx
    ON amp_action_events (action_map_id, occurred_at) INCLUDE (event_type, action_type);

SELECT pg_catalog.pg_extension_config_dump('amp_action_maps', '');
SELECT pg_catalog.pg_extension_config_dump('amp_action_events', '');

CREATE VIEW amp_metric_applicability AS
SELECT a.action_type,
       e.event_type,
       amp_metric_applies(a.action_type, e.event_type) AS applies,
       (1 << (e.position - 1)::integer) AS mask_bit
FROM unnest(enum_range(NULL::amp_action_type)) AS a (action_type)
CROSS JOIN unnest(enum_range(NULL::amp_event_type)) WITH ORDINALITY AS e (event_type, position);
