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
COMMENT ON FUNCTION amp_cards(timestamptz, timestamptz) IS
    'Returns one card per action map, active maps first, then by name: the map''s settings, '
    'its latest event at any time, and qualified, offered and accepted over '
    '[range_start, range_end) with accepted_rate = accepted / offered. Totals are 0 without '
    'events and NULL where the metric does not apply. The rate is NULL when offered is 0.';
COMMENT ON FUNCTION amp_series_long(uuid, timestamptz, timestamptz, text, text, amp_event_type[]) IS
    'Returns amp_series in long form: one ("time", metric, value) row per bucket and selected '
    'metric that applies to the map, ordered by time, then metric. NULL metrics selects '
    'every metric. An empty array or a NULL element raises an error.';
COMMENT ON FUNCTION amp_rates(uuid, timestamptz, timestamptz, text, text) IS
    'Returns per amp_series bucket offered_rate = offered / qualified, accepted_rate = '
    'accepted / offered and engaged_rate = engaged / accepted as numeric fractions, NULL when '
    'the denominator is 0 or a metric does not apply.';
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
COMMENT ON FUNCTION amp_chart_svg(uuid[], timestamptz, timestamptz, text, text, amp_event_type) IS
    'Returns an SVG line chart of one metric per bucket for each listed action map, with the '
    'buckets of amp_series for the same range, granularity and zone. Maps whose action type '
    'lacks the metric appear in the legend without a line.';

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
COMMENT ON SEQUENCE amp_rejected_events_rejection_id_seq IS
    'Numbers the rows of amp_rejected_events; registered for pg_dump, so a restore continues it.';
