//! `amp_cards`: one card per action map, the list a user picks a map's report from.
//!
//! ```sql
//! SELECT name, action_type, qualified, offered, accepted, accepted_rate
//! FROM amp_cards('2026-11-01', '2026-12-01');
//! ```
//! Every map has a card, with or without events. A card shows the map's settings and its
//! latest event at any time (`last_event_at`), which does not depend on the range and is NULL
//! for a map without events. Its headline totals over `[range_start, range_end)` are
//! qualified, offered and accepted. A total is 0 when nothing happened, and NULL where the
//! metric does not apply to the map's action type (accepted for a webhook). accepted_rate =
//! accepted / offered as a `numeric` fraction, NULL when offered is 0 or accepted does not
//! apply. Active maps come first, then maps by name in the database's collation, then by id
//! so that equal names keep one order. The range defaults to
//! `[now() - interval '7 days', now())`, and is checked like amp_series's.

use crate::domain::counts::mask_for_action;
use crate::domain::error::AmpError;
use crate::domain::metric::{ActionType, Metric};
use crate::domain::rates::rate;
use crate::pg::enum_values::{ActionTypeValue, TriggerKindValue};
use crate::pg::error::{or_raise, spi_failed};
use crate::pg::rates::fraction_to_numeric;
use crate::pg::series::{check_range, required};
use pgrx::prelude::*;
use pgrx::{AnyNumeric, Uuid};

/// Columns of a card, in result order. The table's NOT NULL columns are `Option`s only
/// because SPI hands every value over as one.
type Card = (
    Option<Uuid>,
    Option<String>,
    Option<TriggerKindValue>,
    Option<String>,
    Option<ActionTypeValue>,
    Option<bool>,
    Option<TimestampWithTimeZone>,
    Option<TimestampWithTimeZone>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<AnyNumeric>,
);

/// One row per map: its settings, its latest event and amp_counts over the range. A map
/// without events in the range still gets its row, because the aggregate of the lateral
/// subquery returns one row for an empty input.
const CARDS_QUERY: &str = "
    SELECT m.action_map_id, m.name, m.trigger_kind, m.trigger_name, m.action_type,
           m.action_type::text, m.is_active, m.created_at,
           (SELECT max(l.occurred_at) FROM amp_action_events l
            WHERE l.action_map_id = m.action_map_id),
           (t.counts).qualified, (t.counts).offered, (t.counts).accepted
    FROM amp_action_maps m
    CROSS JOIN LATERAL (
        SELECT amp_counts(e.action_type, e.event_type) AS counts
        FROM amp_action_events e
        WHERE e.action_map_id = m.action_map_id AND e.occurred_at >= $1 AND e.occurred_at < $2
    ) AS t
    ORDER BY m.is_active DESC, m.name, m.action_map_id";

fn read_cards(
    range_start: TimestampWithTimeZone,
    range_end: TimestampWithTimeZone,
) -> Result<Vec<Card>, AmpError> {
    Spi::connect(|client| {
        let rows = client.select(CARDS_QUERY, None, &[range_start.into(), range_end.into()])?;
        let mut cards = Vec::with_capacity(rows.len());
        for row in rows {
            // ActionType has every label of amp_action_type, so `action` is never `None`.
            let label = row.get::<String>(6)?.unwrap_or_default();
            let action = ActionType::from_label(&label);
            // amp_counts gives NULL everywhere for a map without events in the range. So the
            // map's own action type decides which totals are 0 and which do not apply.
            let mut counts = [0; 8];
            for (column, metric) in [
                (10, Metric::Qualified),
                (11, Metric::Offered),
                (12, Metric::Accepted),
            ] {
                counts[metric.index()] = row.get::<i64>(column)?.unwrap_or(0);
            }
            let totals = action
                .map(|action| mask_for_action(&counts, action))
                .unwrap_or([None; 8]);
            let [qualified, offered, accepted] =
                [Metric::Qualified, Metric::Offered, Metric::Accepted]
                    .map(|metric| totals[metric.index()]);
            cards.push((
                row.get::<Uuid>(1)?,
                row.get::<String>(2)?,
                row.get::<TriggerKindValue>(3)?,
                row.get::<String>(4)?,
                row.get::<ActionTypeValue>(5)?,
                row.get::<bool>(7)?,
                row.get::<TimestampWithTimeZone>(8)?,
                row.get::<TimestampWithTimeZone>(9)?,
                qualified,
                offered,
                accepted,
                rate(accepted, offered).map(fraction_to_numeric),
            ));
        }
        Ok::<_, pgrx::spi::SpiError>(cards)
    })
    .map_err(|error| spi_failed("reading action maps", error))
}

/// Returns one card per action map with its totals over a range; see the module docs.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_cards(
    range_start: default!(Option<TimestampWithTimeZone>, "now() - interval '7 days'"),
    range_end: default!(Option<TimestampWithTimeZone>, "now()"),
) -> TableIterator<
    'static,
    (
        name!(action_map_id, Option<Uuid>),
        name!(name, Option<String>),
        name!(trigger_kind, Option<TriggerKindValue>),
        name!(trigger_name, Option<String>),
        name!(action_type, Option<ActionTypeValue>),
        name!(is_active, Option<bool>),
        name!(created_at, Option<TimestampWithTimeZone>),
        name!(last_event_at, Option<TimestampWithTimeZone>),
        name!(qualified, Option<i64>),
        name!(offered, Option<i64>),
        name!(accepted, Option<i64>),
        name!(accepted_rate, Option<AnyNumeric>),
    ),
> {
    const NAME: &str = "amp_cards";
    let range_start = or_raise(required(range_start, "range_start"), NAME);
    let range_end = or_raise(required(range_end, "range_end"), NAME);
    or_raise(check_range(range_start, range_end), NAME);
    TableIterator::new(or_raise(read_cards(range_start, range_end), NAME))
}
