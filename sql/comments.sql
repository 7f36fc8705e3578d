COMMENT ON TYPE amp_action_type IS
    'Kind of action an action map offers: web chat, webhook, content offer or Architect flow.';
COMMENT ON TYPE amp_event_type IS
    'State an action instance reaches; each is a metric of the report, in report order.';
COMMENT ON TYPE amp_trigger_kind IS
    'What makes a visitor qualify for an action map: joining a segment, or an event.';
COMMENT ON TYPE amp_metric_counts IS
    'Result of amp_counts: one count per metric, NULL where the metric applies to none of the '
    'group''s action types, and applicable, the mask of metrics that apply (bit 0 = qualified '
    '... bit 7 = timed_out).';

COMMENT ON TABLE amp_action_maps IS
    'Action maps: what triggers each, which action it offers, and whether it is active.';
COMMENT ON TABLE amp_action_events IS
    'One row per state change of an action instance. action_type must be the map''s, and '
    'event_type must apply to it (see amp_metric_applicability).';
COMMENT ON VIEW amp_metric_applicability IS
    'Which metric exists for which action type, with the metric''s bit in amp_metric_counts.applicable.';

COMMENT ON FUNCTION amp_metric_applies(amp_action_type, amp_event_type) IS
    'Returns whether an event type (metric) exists for an action type.';
COMMENT ON FUNCTION amp_counts_trans(bigint[], amp_action_type, amp_event_type) IS
    'Transition function of amp_counts: counts one event into the bigint[] state.';
COMMENT ON FUNCTION amp_counts_combine(bigint[], bigint[]) IS
    'Combine function of amp_counts: adds two partial states, for parallel and distributed plans.';
COMMENT ON FUNCTION amp_counts_final(bigint[]) IS
    'Final function of amp_counts: turns a state into amp_metric_counts with the applicability mask.';
COMMENT ON AGGREGATE amp_counts(amp_action_type, amp_event_type) IS
    'Counts events per metric. Metrics that apply to none of the action types seen are NULL; '
    'zero rows give NULL everywhere. Parallel safe, with a combine function.';
COMMENT ON FUNCTION amp_series(uuid, timestamptz, timestamptz, text, text) IS
    'Returns one row per hour or day bucket of an action map that overlaps '
    '[range_start, range_end), in the zone''s local clock: hour buckets split at offset '
    'changes, day buckets run local midnight to midnight. Empty buckets are 0; metrics that '
    'do not apply to the map''s action type are NULL. Whole 15-minute slots come from '
    'amp_rollup_15m unless amp.use_rollups is off; the counts are the same either way.';
COMMENT ON FUNCTION amp_series_max_buckets() IS
    'Returns the largest number of buckets one amp_series call may return.';

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
