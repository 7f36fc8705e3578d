//! `amp_rates`: the report's conversion rates per bucket of one action map.
//!
//! ```sql
//! SELECT * FROM amp_rates('…map id…', '2026-11-01', '2026-11-02', 'day', 'America/New_York');
//! ```
//! Arguments, buckets and errors are those of `amp_series`. Each row contains the bucket's start
//! and three `numeric` fractions: offered_rate = offered / qualified, accepted_rate =
//! accepted / offered and engaged_rate = engaged / accepted. A rate is NULL when its
//! denominator is 0 or either metric does not apply to the map's action type (a webhook has no
//! accepted, so its accepted_rate and engaged_rate are always NULL). The value equals
//! `numerator::numeric / denominator` in SQL, so it is never NaN.

use crate::domain::counts::mask_for_action;
use crate::domain::rates::{conversion_rates, Fraction};
use crate::pg::error::or_raise;
use crate::pg::series::SeriesRequest;
use pgrx::prelude::*;
use pgrx::{AnyNumeric, Uuid};

/// Returns `fraction` as a `numeric`, divided by PostgreSQL's `numeric_div` so that the scale
/// matches `numerator::numeric / denominator` in SQL.
pub(crate) fn fraction_to_numeric(fraction: Fraction) -> AnyNumeric {
    AnyNumeric::from(fraction.numerator) / AnyNumeric::from(fraction.denominator)
}

/// Returns the conversion rates of each hour or day bucket of an action map; see the module
/// docs.
#[pg_extern(stable, parallel_restricted)]
#[search_path(pg_catalog, @extschema@, pg_temp)]
fn amp_rates(
    action_map_id: Option<Uuid>,
    range_start: Option<TimestampWithTimeZone>,
    range_end: Option<TimestampWithTimeZone>,
    granularity: default!(Option<&str>, "'hour'"),
    time_zone: default!(Option<&str>, "current_setting('TimeZone')"),
) -> TableIterator<
    'static,
    (
        name!(time, TimestampWithTimeZone),
        name!(offered_rate, Option<AnyNumeric>),
        name!(accepted_rate, Option<AnyNumeric>),
        name!(engaged_rate, Option<AnyNumeric>),
    ),
> {
    const NAME: &str = "amp_rates";
    let request = or_raise(
        SeriesRequest::new(
            action_map_id,
            range_start,
            range_end,
            granularity,
            time_zone,
        ),
        NAME,
    );
    let buckets = or_raise(request.count(), NAME);
    let action_type = request.action_type;
    let rows: Vec<_> = buckets
        .into_iter()
        .map(|bucket| {
            let [offered_rate, accepted_rate, engaged_rate] =
                conversion_rates(&mask_for_action(&bucket.counts, action_type))
                    .map(|rate| rate.map(fraction_to_numeric));
            (bucket.start, offered_rate, accepted_rate, engaged_rate)
        })
        .collect();
    TableIterator::new(rows)
}
