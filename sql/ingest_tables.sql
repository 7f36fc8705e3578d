-- Tables of ingestion: a staging table that COPY can always fill, and the quarantine of
-- rejected rows. docs/ingest.md has the workflow.

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
