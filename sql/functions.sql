-- Functions written directly against the version-1 calling convention (see src/pg/fmgr.rs),
-- declared here because their arguments are amp's own enum types.

CREATE FUNCTION amp_metric_applies(action_type amp_action_type, event_type amp_event_type)
RETURNS boolean
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'amp_metric_applies';

CREATE FUNCTION amp_counts_trans(state bigint[], action_type amp_action_type, event_type amp_event_type)
RETURNS bigint[]
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'amp_counts_trans';

CREATE FUNCTION amp_counts_final(state bigint[])
RETURNS amp_metric_counts
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'amp_counts_final';
