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
    'do not apply to the map''s action type are NULL.';
COMMENT ON FUNCTION amp_series_max_buckets() IS
    'Returns the largest number of buckets one amp_series call may return.';
COMMENT ON FUNCTION amp_chart_svg(uuid[], timestamptz, timestamptz, text, text, amp_event_type) IS
    'Returns an SVG line chart of one metric per bucket for each listed action map, with the '
    'buckets of amp_series for the same range, granularity and zone. Maps whose action type '
    'lacks the metric appear in the legend without a line.';
