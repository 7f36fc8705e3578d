-- The state is a bigint[]: eight counters in amp_event_type order, then the set of action
-- types seen as bits. A concrete state type with a combine function lets PostgreSQL's
-- parallel workers and Citus workers aggregate partially; it needs no serial functions.
CREATE AGGREGATE amp_counts(amp_action_type, amp_event_type) (
    SFUNC = amp_counts_trans,
    STYPE = bigint[],
    FINALFUNC = amp_counts_final,
    COMBINEFUNC = amp_counts_combine,
    INITCOND = '{0,0,0,0,0,0,0,0,0}',
    PARALLEL = SAFE
);
