-- Types of amp. Enum order matters: metric columns, counter slots and mask bits follow the
-- order of amp_event_type, and the set of seen action types follows amp_action_type.

CREATE TYPE amp_action_type AS ENUM ('web_chat', 'webhook', 'content_offer', 'architect_flow');

CREATE TYPE amp_event_type AS ENUM (
    'qualified', 'offered', 'accepted', 'started', 'engaged', 'rejected', 'errored', 'timed_out'
);

CREATE TYPE amp_trigger_kind AS ENUM ('segment', 'event');

CREATE TYPE amp_metric_counts AS (
    qualified bigint,
    offered bigint,
    accepted bigint,
    started bigint,
    engaged bigint,
    rejected bigint,
    errored bigint,
    timed_out bigint,
    applicable integer
);
