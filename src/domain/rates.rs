//! Conversion rates of the report: offered / qualified, accepted / offered, engaged / accepted.
//!
//! ```text
//! conversion_rates(&[Some(8), Some(4), Some(1), ..]) → [Some(4/8), Some(1/4), ..]
//! rate(Some(3), Some(0)) → None
//! ```
//! A rate is an exact `Fraction` of two counts, or `None` (SQL NULL) when the denominator is 0
//! or either metric does not apply, so no caller divides by zero or produces NaN. The
//! PostgreSQL layer turns a fraction into `numeric` with PostgreSQL's own division, so a rate
//! equals `numerator::numeric / denominator` in SQL.

use super::metric::Metric;

/// An exact quotient of two integers whose denominator is never 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fraction {
    pub numerator: i64,
    pub denominator: i64,
}

/// A conversion rate: the metric divided and the metric it is divided by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConversionRate {
    /// Name of the result column.
    pub name: &'static str,
    pub numerator: Metric,
    pub denominator: Metric,
}

/// The report's conversion rates, in the order of the result columns.
pub const CONVERSION_RATES: [ConversionRate; 3] = [
    ConversionRate {
        name: "offered_rate",
        numerator: Metric::Offered,
        denominator: Metric::Qualified,
    },
    ConversionRate {
        name: "accepted_rate",
        numerator: Metric::Accepted,
        denominator: Metric::Offered,
    },
    ConversionRate {
        name: "engaged_rate",
        numerator: Metric::Engaged,
        denominator: Metric::Accepted,
    },
];

/// Returns `numerator / denominator`, or `None` when either value is absent or the
/// denominator is 0.
pub fn rate(numerator: Option<i64>, denominator: Option<i64>) -> Option<Fraction> {
    let numerator = numerator?;
    let denominator = denominator?;
    if denominator == 0 {
        return None;
    }
    Some(Fraction {
        numerator,
        denominator,
    })
}

/// Returns the conversion rates of one bucket, given its counts in metric order with `None`
/// for metrics that do not apply to the map's action type.
pub fn conversion_rates(values: &[Option<i64>; 8]) -> [Option<Fraction>; 3] {
    CONVERSION_RATES.map(|conversion| {
        rate(
            values[conversion.numerator.index()],
            values[conversion.denominator.index()],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::counts::mask_for_action;
    use crate::domain::metric::ActionType;

    fn fraction(numerator: i64, denominator: i64) -> Option<Fraction> {
        Some(Fraction {
            numerator,
            denominator,
        })
    }

    #[test]
    fn rate_keeps_exact_fraction() {
        assert_eq!(rate(Some(1), Some(3)), fraction(1, 3));
        assert_eq!(rate(Some(0), Some(5)), fraction(0, 5));
        assert_eq!(rate(Some(7), Some(2)), fraction(7, 2));
    }

    #[test]
    fn rate_of_zero_denominator_is_none() {
        assert_eq!(rate(Some(0), Some(0)), None);
        assert_eq!(rate(Some(5), Some(0)), None);
    }

    #[test]
    fn rate_of_absent_metric_is_none() {
        assert_eq!(rate(None, Some(4)), None);
        assert_eq!(rate(Some(4), None), None);
        assert_eq!(rate(None, None), None);
    }

    #[test]
    fn conversion_rates_follow_column_order() {
        let counts = [8, 4, 1, 0, 1, 0, 0, 0];
        let rates = conversion_rates(&mask_for_action(&counts, ActionType::WebChat));
        assert_eq!(rates, [fraction(4, 8), fraction(1, 4), fraction(1, 1)]);
        let names = CONVERSION_RATES.map(|conversion| conversion.name);
        assert_eq!(names, ["offered_rate", "accepted_rate", "engaged_rate"]);
    }

    #[test]
    fn conversion_rates_of_webhook() {
        // A webhook has no accepted metric, so both rates that use it are absent.
        let counts = [6, 3, 0, 0, 2, 0, 0, 0];
        let rates = conversion_rates(&mask_for_action(&counts, ActionType::Webhook));
        assert_eq!(rates, [fraction(3, 6), None, None]);
    }

    #[test]
    fn conversion_rates_of_content_offer() {
        let counts = [6, 3, 3, 0, 0, 0, 0, 0];
        let rates = conversion_rates(&mask_for_action(&counts, ActionType::ContentOffer));
        assert_eq!(rates, [fraction(3, 6), fraction(3, 3), None]);
    }

    #[test]
    fn conversion_rates_of_empty_bucket() {
        let rates = conversion_rates(&mask_for_action(&[0; 8], ActionType::WebChat));
        assert_eq!(rates, [None, None, None]);
    }
}
