-- Sample data for amp: 12 action maps and about one million action events.
--
-- Usage, in a database where the amp extension is installed:
--   psql -v ON_ERROR_STOP=1 -f scripts/sample_data.sql
--
-- Events fall in [2026-09-01 00:00 UTC, 2026-11-30 00:00 UTC). These 90 days contain the
-- European DST change (2026-10-25) and the US one (2026-11-01). Traffic follows a daily
-- and a weekly cycle in America/New_York local time. Each action instance (action_id) runs
-- through a funnel that narrows, and it emits only the event types that exist for its
-- action type.
--
-- The output is deterministic. Every id and every random draw is taken from md5 of a fixed
-- key (map number, hour number, instance number), so neither random(), the query plan nor
-- the session time zone changes it. Running the script again deletes the rows of the 12
-- sample maps and inserts the same rows again. Other maps and their events are not touched.
--
-- Measured on PostgreSQL 15 (2 cores) against tables with their keys and no other index:
-- about 16 s of backend CPU time, half of it in the primary and foreign key checks.

BEGIN;

-- Lets the final sort of about a million rows run in memory.
SET LOCAL work_mem = '256MB';
-- The planner overestimates the row counts of generate_series by orders of magnitude and
-- would JIT-compile the query, which costs more CPU time than it saves here.
SET LOCAL jit = off;

-- Returns a uniform draw in (0, 1) from the 32-bit chunk `chunk` (0 to 3) of an md5 hex digest.
CREATE FUNCTION pg_temp.sample_uniform(digest text, chunk integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT (('x' || substr(digest, 8 * chunk + 1, 8))::bit(32)::bigint::double precision + 0.5) / 4294967296.0
$$;

-- Returns a delay of `minimum` seconds plus an exponential draw with mean `mean` seconds
-- (taken from the uniform draw `u`), capped at `maximum` seconds and rounded to milliseconds.
CREATE FUNCTION pg_temp.sample_delay(
    u double precision,
    minimum double precision,
    mean double precision,
    maximum double precision
)
RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT round(1000 * least(minimum - mean * ln(u), maximum)) * interval '1 millisecond'
$$;

-- Generator parameters of each sample map. The columns up to created_at go into
-- amp_action_maps, and is_active is deactivated_at IS NULL.
CREATE TEMP TABLE sample_map_profile (
    map_number integer PRIMARY KEY,
    action_map_id uuid GENERATED ALWAYS AS (md5('amp sample map ' || map_number::text)::uuid) STORED,
    name text NOT NULL,
    trigger_kind amp_trigger_kind NOT NULL,
    trigger_name text NOT NULL,
    action_type amp_action_type NOT NULL,
    created_at timestamptz NOT NULL,
    -- Time from which an inactive map receives no qualified events, or NULL for an active map.
    deactivated_at timestamptz,
    -- Mean action instances per hour at traffic weight 1 (a Monday at 10:00 local time).
    peak_instances_per_hour double precision NOT NULL,
    -- Share of qualified instances that are offered. Web chats reach it only while agents
    -- are staffed (weekdays 08:00-20:00 local time) and 30% of it otherwise.
    offer_rate double precision NOT NULL,
    -- Share of offered instances that are accepted, or engaged for a webhook.
    success_rate double precision NOT NULL,
    -- Outage window [outage_start, outage_end) in which the success rate drops to a tenth.
    outage_start timestamptz,
    outage_end timestamptz
) ON COMMIT DROP;

-- The volumes give the pricing page chat about a quarter of all events. Maps 4, 6 and 12 are
-- light, and maps 3, 7 and 10 are inactive.
INSERT INTO sample_map_profile (
    map_number, name, trigger_kind, trigger_name, action_type, created_at, deactivated_at,
    peak_instances_per_hour, offer_rate, success_rate, outage_start, outage_end
) VALUES
    (1, 'Chat for pricing page', 'segment', 'Returning visitors', 'web_chat',
     '2025-11-04 14:20:00+00', NULL, 112, 0.78, 0.36, NULL, NULL),
    (2, 'Checkout help chat, carts over $200', 'event', 'Checkout page idle for 45 seconds', 'web_chat',
     '2026-02-17 16:05:00+00', NULL, 56, 0.82, 0.42, NULL, NULL),
    (3, 'Enterprise sales chat', 'segment', 'Enterprise accounts', 'web_chat',
     '2026-01-09 10:30:00+00', '2026-10-12 15:20:00+00', 37, 0.70, 0.30, NULL, NULL),
    (4, 'Support chat after a failed search', 'event', 'Search returned no results', 'web_chat',
     '2026-06-22 09:00:00+00', NULL, 6.4, 0.74, 0.28, NULL, NULL),
    (5, 'Notify CRM of high-intent visitors', 'segment', 'High-intent visitors', 'webhook',
     '2025-12-01 12:00:00+00', NULL, 56, 0.97, 0.93, '2026-10-14 14:00:00+00', '2026-10-14 17:30:00+00'),
    (6, 'Post large carts to the sales Slack channel', 'event', 'Cart value over $500', 'webhook',
     '2026-04-30 18:45:00+00', NULL, 3, 0.95, 0.90, NULL, NULL),
    (7, 'Lead webhook (legacy endpoint)', 'event', 'Contact form submitted', 'webhook',
     '2025-03-11 08:15:00+00', '2026-09-20 13:45:00+00', 51, 0.96, 0.82, NULL, NULL),
    (8, 'Black Friday early access', 'segment', 'Newsletter subscribers', 'content_offer',
     '2026-08-25 13:00:00+00', NULL, 58, 0.72, 0.14, NULL, NULL),
    (9, 'Free shipping for first-time buyers', 'segment', 'First-time visitors', 'content_offer',
     '2026-03-02 10:10:00+00', NULL, 48, 0.68, 0.09, NULL, NULL),
    (10, 'Don''t leave yet: 10% off your first order', 'event', 'Exit intent', 'content_offer',
     '2026-05-19 15:30:00+00', '2026-11-08 21:10:00+00', 51, 0.80, 0.11, NULL, NULL),
    (11, 'Callback request flow', 'event', 'Callback requested', 'architect_flow',
     '2026-07-07 11:25:00+00', NULL, 35, 0.90, 0.88, NULL, NULL),
    (12, 'Route VIP customers to their account manager', 'segment', 'VIP customers', 'architect_flow',
     '2026-08-03 16:40:00+00', NULL, 2.3, 0.92, 0.90, NULL, NULL);

-- Events go first because of the foreign key to amp_action_maps.
DELETE FROM amp_action_events
WHERE action_map_id IN (SELECT action_map_id FROM sample_map_profile);

DELETE FROM amp_action_maps
WHERE action_map_id IN (SELECT action_map_id FROM sample_map_profile);

INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type, is_active, created_at)
SELECT action_map_id,
       name,
       trigger_kind,
       trigger_name,
       action_type,
       deactivated_at IS NULL,
       created_at
FROM sample_map_profile
ORDER BY map_number;

INSERT INTO amp_action_events (event_id, action_map_id, action_id, action_type, event_type, occurred_at)
WITH hour_slot AS (
    -- One row per UTC hour of the range, with its New York local hour and ISO weekday. New
    -- York offsets are whole hours, so each UTC hour is exactly one local hour.
    SELECT hour_number,
           hour_start,
           extract(hour FROM hour_start AT TIME ZONE 'America/New_York')::integer AS local_hour,
           extract(isodow FROM hour_start AT TIME ZONE 'America/New_York')::integer AS local_weekday
    FROM generate_series(0, 90 * 24 - 1) AS hour_number
    CROSS JOIN LATERAL (
        SELECT timestamptz '2026-09-01 00:00:00+00' + hour_number * interval '1 hour'
    ) AS slot(hour_start)
),
weighted_hour AS (
    -- Invented traffic shape: the hour factor peaks at 1 from 10:00 to 16:00 local time and
    -- drops to 0.05 at night. Weekdays weigh about 1 and weekends about half.
    SELECT hour_number,
           hour_start,
           (ARRAY[0.12, 0.08, 0.06, 0.05, 0.06, 0.10, 0.22, 0.40, 0.65, 0.88, 1.00, 1.00,
                  0.92, 0.95, 1.00, 0.96, 0.85, 0.68, 0.55, 0.50, 0.46, 0.40, 0.30, 0.20])[local_hour + 1]
               * (ARRAY[1.00, 1.02, 1.00, 0.97, 0.88, 0.52, 0.45])[local_weekday] AS traffic_weight,
           local_weekday <= 5 AND local_hour BETWEEN 8 AND 19 AS agents_staffed
    FROM hour_slot
),
-- MATERIALIZED keeps PostgreSQL from inlining the CTEs from here on, which would compute
-- the md5 digests and the expressions built on them again at every reference.
instance_count AS MATERIALIZED (
    -- Expected instances per map and hour, times a per-day factor in [0.85, 1.15) and a
    -- per-hour factor in [0.75, 1.25), rounded down or up at random so that light maps
    -- still get their fractional mean.
    SELECT m.map_number,
           m.action_map_id,
           m.action_type,
           m.offer_rate,
           m.success_rate,
           m.outage_start,
           m.outage_end,
           m.deactivated_at,
           h.hour_number,
           h.hour_start,
           h.agents_staffed,
           floor(m.peak_instances_per_hour * h.traffic_weight
                 * (0.85 + 0.30 * pg_temp.sample_uniform(
                        md5('amp sample day ' || m.map_number || '/' || h.hour_number / 24), 0))
                 * (0.75 + 0.50 * pg_temp.sample_uniform(hour_digest, 0))
                 + pg_temp.sample_uniform(hour_digest, 1))::integer AS instance_total
    FROM sample_map_profile AS m
    CROSS JOIN weighted_hour AS h
    CROSS JOIN LATERAL (
        SELECT md5('amp sample hour ' || m.map_number || '/' || h.hour_number)
    ) AS digest(hour_digest)
    WHERE h.hour_start < coalesce(m.deactivated_at, 'infinity')
),
action_instance AS MATERIALIZED (
    SELECT c.action_map_id,
           c.action_type,
           key.instance_key,
           md5('amp sample action ' || key.instance_key)::uuid AS action_id,
           md5('amp sample decision ' || key.instance_key) AS decision_digest,
           md5('amp sample delay ' || key.instance_key) AS delay_digest,
           c.hour_start,
           c.agents_staffed,
           c.offer_rate,
           c.success_rate,
           c.outage_start,
           c.outage_end,
           c.deactivated_at
    FROM instance_count AS c
    CROSS JOIN LATERAL generate_series(1, c.instance_total) AS instance_number
    CROSS JOIN LATERAL (
        SELECT c.map_number || '/' || c.hour_number || '/' || instance_number
    ) AS key(instance_key)
),
action_draw AS MATERIALIZED (
    -- Uniform draws in (0, 1): three decide the path through the funnel and four the
    -- delays between its steps.
    SELECT i.action_map_id,
           i.action_type,
           i.instance_key,
           i.action_id,
           q.qualified_at,
           -- Web chats are offered less often while few agents are staffed.
           CASE WHEN i.action_type = 'web_chat' AND NOT i.agents_staffed
                THEN 0.3 * i.offer_rate
                ELSE i.offer_rate
           END AS offer_probability,
           CASE WHEN q.qualified_at >= i.outage_start AND q.qualified_at < i.outage_end
                THEN 0.1 * i.success_rate
                ELSE i.success_rate
           END AS success_probability,
           i.deactivated_at,
           pg_temp.sample_uniform(i.decision_digest, 1) AS offer_draw,
           pg_temp.sample_uniform(i.decision_digest, 2) AS outcome_draw,
           pg_temp.sample_uniform(i.decision_digest, 3) AS follow_up_draw,
           pg_temp.sample_uniform(i.delay_digest, 0) AS offer_delay_draw,
           pg_temp.sample_uniform(i.delay_digest, 1) AS outcome_delay_draw,
           pg_temp.sample_uniform(i.delay_digest, 2) AS follow_up_delay_draw,
           pg_temp.sample_uniform(i.delay_digest, 3) AS engage_delay_draw
    FROM action_instance AS i
    CROSS JOIN LATERAL (
        SELECT i.hour_start
               + floor(3600000 * pg_temp.sample_uniform(i.decision_digest, 0)) * interval '1 millisecond'
    ) AS q(qualified_at)
),
action_path AS MATERIALIZED (
    -- The steps each instance takes. Each action type gets only the outcomes that exist
    -- for it.
    SELECT d.action_map_id,
           d.action_type,
           d.instance_key,
           d.action_id,
           d.qualified_at,
           d.offer_delay_draw,
           d.outcome_delay_draw,
           d.follow_up_delay_draw,
           d.engage_delay_draw,
           -- The step after qualified: offered, errored before the offer (0.4%), or nothing.
           CASE WHEN d.offer_draw < d.offer_probability THEN 'offered'
                WHEN d.offer_draw < d.offer_probability + 0.004 THEN 'errored'
           END AS first_step,
           -- The outcome of an offer.
           CASE
               WHEN d.offer_draw >= d.offer_probability THEN NULL
               -- Web chat: 2% error, 2% leave the page without an outcome, and of the rest
               -- 40% close the invitation and 60% let it expire.
               WHEN d.action_type = 'web_chat' THEN
                   CASE WHEN d.outcome_draw < d.success_probability THEN 'accepted'
                        WHEN d.outcome_draw < d.success_probability + 0.02 THEN 'errored'
                        WHEN d.outcome_draw < d.success_probability + 0.02
                                              + 0.4 * (0.96 - d.success_probability) THEN 'rejected'
                        WHEN d.outcome_draw < 0.98 THEN 'timed_out'
                   END
               -- Webhook: every call ends engaged, errored (70% of failures) or rejected.
               WHEN d.action_type = 'webhook' THEN
                   CASE WHEN d.outcome_draw < d.success_probability THEN 'engaged'
                        WHEN d.outcome_draw < d.success_probability
                                              + 0.7 * (1 - d.success_probability) THEN 'errored'
                        ELSE 'rejected'
                   END
               -- Content offer: 1.5% error, 75% of the rest closed, the others ignored.
               WHEN d.action_type = 'content_offer' THEN
                   CASE WHEN d.outcome_draw < d.success_probability THEN 'accepted'
                        WHEN d.outcome_draw < d.success_probability + 0.015 THEN 'errored'
                        WHEN d.outcome_draw < d.success_probability + 0.015
                                              + 0.75 * (0.985 - d.success_probability) THEN 'rejected'
                   END
               -- Architect flow: 40% of failures error and 60% are rejected, for example
               -- over a rate limit.
               WHEN d.action_type = 'architect_flow' THEN
                   CASE WHEN d.outcome_draw < d.success_probability THEN 'accepted'
                        WHEN d.outcome_draw < d.success_probability
                                              + 0.4 * (1 - d.success_probability) THEN 'errored'
                        ELSE 'rejected'
                   END
           END AS outcome,
           -- What follows an accepted web chat: it starts in 90% of cases, and 80% of
           -- started chats engage. The same draw decides both, so engaged implies started.
           -- 4% error instead of starting and 6% end without either. Only rows with
           -- outcome 'accepted' use this.
           CASE
               WHEN d.action_type <> 'web_chat' THEN NULL
               WHEN d.follow_up_draw < 0.9 * 0.8 THEN 'engaged'
               WHEN d.follow_up_draw < 0.9 THEN 'started'
               WHEN d.follow_up_draw < 0.94 THEN 'errored'
           END AS chat_follow_up
    FROM action_draw AS d
    WHERE d.qualified_at < coalesce(d.deactivated_at, 'infinity')
),
action_timing AS MATERIALIZED (
    -- The time of each step. Delays are given in seconds as (minimum, mean of the
    -- exponential part, maximum).
    SELECT p.*,
           offer.offered_at,
           offer.early_error_at,
           outcome.outcome_at,
           follow_up.started_at,
           follow_up.late_error_at
    FROM action_path AS p
    CROSS JOIN LATERAL (
        SELECT CASE WHEN p.first_step = 'offered' THEN
                   p.qualified_at + CASE p.action_type
                       WHEN 'web_chat' THEN pg_temp.sample_delay(p.offer_delay_draw, 1, 8, 60)
                       WHEN 'webhook' THEN pg_temp.sample_delay(p.offer_delay_draw, 0.2, 0.5, 5)
                       WHEN 'content_offer' THEN pg_temp.sample_delay(p.offer_delay_draw, 1, 5, 30)
                       WHEN 'architect_flow' THEN pg_temp.sample_delay(p.offer_delay_draw, 0.3, 1, 10)
                   END
               END,
               CASE WHEN p.first_step = 'errored' THEN
                   p.qualified_at + pg_temp.sample_delay(p.offer_delay_draw, 0.5, 3, 30)
               END
    ) AS offer(offered_at, early_error_at)
    CROSS JOIN LATERAL (
        SELECT offer.offered_at + CASE p.action_type::text || ' ' || p.outcome
            -- Chat invitations expire about a minute after they are offered.
            WHEN 'web_chat accepted' THEN pg_temp.sample_delay(p.outcome_delay_draw, 3, 20, 240)
            WHEN 'web_chat rejected' THEN pg_temp.sample_delay(p.outcome_delay_draw, 2, 12, 180)
            WHEN 'web_chat timed_out' THEN pg_temp.sample_delay(p.outcome_delay_draw, 60, 2, 75)
            WHEN 'web_chat errored' THEN pg_temp.sample_delay(p.outcome_delay_draw, 0.5, 3, 30)
            WHEN 'webhook engaged' THEN pg_temp.sample_delay(p.outcome_delay_draw, 0.1, 0.4, 10)
            WHEN 'webhook errored' THEN pg_temp.sample_delay(p.outcome_delay_draw, 0.2, 8, 30)
            WHEN 'webhook rejected' THEN pg_temp.sample_delay(p.outcome_delay_draw, 0.1, 0.3, 5)
            WHEN 'content_offer accepted' THEN pg_temp.sample_delay(p.outcome_delay_draw, 2, 25, 600)
            WHEN 'content_offer rejected' THEN pg_temp.sample_delay(p.outcome_delay_draw, 1.5, 10, 300)
            WHEN 'content_offer errored' THEN pg_temp.sample_delay(p.outcome_delay_draw, 0.5, 2, 30)
            WHEN 'architect_flow accepted' THEN pg_temp.sample_delay(p.outcome_delay_draw, 0.3, 1.5, 20)
            WHEN 'architect_flow rejected' THEN pg_temp.sample_delay(p.outcome_delay_draw, 0.1, 0.3, 5)
            WHEN 'architect_flow errored' THEN pg_temp.sample_delay(p.outcome_delay_draw, 0.5, 4, 60)
        END
    ) AS outcome(outcome_at)
    CROSS JOIN LATERAL (
        SELECT CASE WHEN p.outcome = 'accepted' AND p.chat_follow_up IN ('started', 'engaged')
                   THEN outcome.outcome_at + pg_temp.sample_delay(p.follow_up_delay_draw, 2, 6, 60)
               END,
               CASE WHEN p.outcome = 'accepted' AND p.chat_follow_up = 'errored'
                   THEN outcome.outcome_at + pg_temp.sample_delay(p.follow_up_delay_draw, 1, 5, 60)
               END
    ) AS follow_up(started_at, late_error_at)
)
SELECT md5('amp sample event ' || t.instance_key || '/' || e.event_type)::uuid,
       t.action_map_id,
       t.action_id,
       t.action_type,
       e.event_type,
       e.occurred_at
FROM action_timing AS t
-- One candidate row per event type. A NULL time means that the instance has no such event.
CROSS JOIN LATERAL (VALUES
    ('qualified'::amp_event_type, t.qualified_at),
    ('offered', t.offered_at),
    ('accepted', CASE WHEN t.outcome = 'accepted' THEN t.outcome_at END),
    ('started', t.started_at),
    ('engaged', CASE
                    WHEN t.outcome = 'engaged' THEN t.outcome_at
                    WHEN t.started_at IS NOT NULL AND t.chat_follow_up = 'engaged'
                        THEN t.started_at + pg_temp.sample_delay(t.engage_delay_draw, 10, 60, 600)
                END),
    ('rejected', CASE WHEN t.outcome = 'rejected' THEN t.outcome_at END),
    ('errored', coalesce(t.early_error_at,
                         CASE WHEN t.outcome = 'errored' THEN t.outcome_at END,
                         t.late_error_at)),
    ('timed_out', CASE WHEN t.outcome = 'timed_out' THEN t.outcome_at END)
) AS e(event_type, occurred_at)
-- Late steps of instances qualified just before the end of the range are cut off, as
-- they would be in a report that ends there.
WHERE e.occurred_at < timestamptz '2026-11-30 00:00:00+00'
-- Time order, as events arrive, so that the physical order correlates with occurred_at.
ORDER BY 6, 1;

DROP FUNCTION pg_temp.sample_uniform(text, integer);
DROP FUNCTION pg_temp.sample_delay(double precision, double precision, double precision, double precision);

COMMIT;

ANALYZE amp_action_maps;
ANALYZE amp_action_events;
