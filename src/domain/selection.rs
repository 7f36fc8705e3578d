//! Metric selection: the optional `metrics amp_event_type[]` argument of the report functions.
//!
//! NULL selects every metric. Duplicates collapse, and the output always follows the canonical
//! metric order. An empty selection is an error, because a report without metrics is almost
//! certainly a mistake in the caller.

use super::error::AmpError;
use super::metric::{ActionType, Metric, MetricMask};

/// Every metric, in canonical order.
pub const ALL_METRICS: MetricMask = 0xFF;

/// Returns the mask of a requested selection: `None` for all metrics, else the listed ones.
pub fn selection_mask(requested: Option<&[Metric]>) -> Result<MetricMask, AmpError> {
    match requested {
        None => Ok(ALL_METRICS),
        Some([]) => Err(AmpError::invalid("metrics must not be an empty array").with_hint(
            "Pass NULL for every metric that applies, or list at least one, e.g. '{offered,accepted}'.",
        )),
        Some(metrics) => Ok(metrics.iter().fold(0, |mask, metric| mask | metric.bit())),
    }
}

/// Returns the metrics of `mask` in canonical order.
pub fn metrics_of(mask: MetricMask) -> Vec<Metric> {
    Metric::ALL
        .into_iter()
        .filter(|metric| mask & metric.bit() != 0)
        .collect()
}

/// Returns the selected metrics that exist for `action`, in canonical order.
pub fn applicable_selection(mask: MetricMask, action: ActionType) -> Vec<Metric> {
    metrics_of(mask & action.applicable_metrics())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_selects_every_metric() {
        assert_eq!(
            metrics_of(selection_mask(None).unwrap()),
            Metric::ALL.to_vec()
        );
    }

    #[test]
    fn empty_selection_is_rejected() {
        let error = selection_mask(Some(&[])).unwrap_err();
        assert!(error.hint.is_some());
    }

    #[test]
    fn duplicates_collapse_into_canonical_order() {
        let requested = [Metric::Errored, Metric::Qualified, Metric::Errored];
        let mask = selection_mask(Some(&requested)).unwrap();
        assert_eq!(metrics_of(mask), vec![Metric::Qualified, Metric::Errored]);
    }

    #[test]
    fn applicable_selection_drops_absent_metrics() {
        let mask = selection_mask(Some(&[Metric::Started, Metric::Engaged])).unwrap();
        assert_eq!(
            applicable_selection(mask, ActionType::Webhook),
            vec![Metric::Engaged]
        );
        assert!(applicable_selection(mask, ActionType::ContentOffer).is_empty());
    }
}
