//! The counter state of the `amp_counts` aggregate and its arithmetic.
//!
//! A state is `STATE_LEN` 64-bit integers: one counter per metric in enum order, then the set
//! of action types seen, as bits at `ActionType::index` positions. SQL stores it as an
//! `int8[]`, a concrete type that can travel between parallel workers and Citus nodes.

use super::error::{AmpError, ErrorKind};
use super::metric::{mask_of_seen, ActionType, Metric, MetricMask};

pub const STATE_LEN: usize = 9;
pub const SEEN_SLOT: usize = 8;

/// Bits that may be set in the seen slot: one per action type.
const SEEN_BITS: i64 = (1 << ActionType::ALL.len()) - 1;

/// Finished counts of a group: `None` where the metric applies to none of the types seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricCounts {
    pub values: [Option<i64>; 8],
    pub applicable: MetricMask,
}

/// Returns the error for an event whose type does not exist for its action type.
pub fn inapplicable_event(action: ActionType, metric: Metric) -> AmpError {
    AmpError::invalid(format!(
        "event type \"{}\" does not apply to action type \"{}\"",
        metric.label(),
        action.label()
    ))
    .with_hint("See amp_metric_applicability for the event types of each action type.")
}

/// Counts one event into `state`, which must hold `STATE_LEN` values. A state passed by hand
/// from SQL can hold any counter, so the increment is checked.
#[inline]
pub fn record(state: &mut [i64], action: ActionType, metric: Metric) -> Result<(), AmpError> {
    if !action.applies(metric) {
        return Err(inapplicable_event(action, metric));
    }
    let slot = &mut state[metric.index()];
    *slot = slot.checked_add(1).ok_or_else(overflow)?;
    state[SEEN_SLOT] |= 1 << action.index();
    Ok(())
}

fn overflow() -> AmpError {
    AmpError::new(
        ErrorKind::OutOfRange,
        "amp_counts counter overflowed bigint",
    )
    .with_hint("Split the input into groups that each count fewer than 2^63 events.")
}

/// Checks a state that arrived from SQL, where any `int8[]` can be passed by hand.
pub fn validate(state: &[i64]) -> Result<(), AmpError> {
    let malformed = |why: &str| {
        AmpError::invalid(format!("invalid amp_counts state: {why}"))
            .with_detail(format!("state: {state:?}"))
            .with_hint("Pass a state produced by amp_counts_trans or amp_counts_combine.")
    };
    if state.len() != STATE_LEN {
        return Err(malformed(&format!(
            "expected {STATE_LEN} elements, got {}",
            state.len()
        )));
    }
    if state[..SEEN_SLOT].iter().any(|&count| count < 0) {
        return Err(malformed("a counter is negative"));
    }
    if state[SEEN_SLOT] & !SEEN_BITS != 0 {
        return Err(malformed("the set of action types has unknown bits"));
    }
    Ok(())
}

/// Returns the sum of two valid states: counters add and the sets of seen types unite.
pub fn combine(left: &[i64], right: &[i64]) -> Result<[i64; STATE_LEN], AmpError> {
    validate(left)?;
    validate(right)?;
    let mut sum = [0; STATE_LEN];
    for slot in 0..SEEN_SLOT {
        sum[slot] = left[slot].checked_add(right[slot]).ok_or_else(overflow)?;
    }
    sum[SEEN_SLOT] = left[SEEN_SLOT] | right[SEEN_SLOT];
    Ok(sum)
}

/// Applies the applicability mask of the seen action types to a valid state.
pub fn finish(state: &[i64]) -> Result<MetricCounts, AmpError> {
    validate(state)?;
    let applicable = mask_of_seen(state[SEEN_SLOT] as u8);
    let mut values = [None; 8];
    for metric in Metric::ALL {
        if applicable & metric.bit() != 0 {
            values[metric.index()] = Some(state[metric.index()]);
        }
    }
    Ok(MetricCounts { values, applicable })
}

/// Applies the mask of one action type to raw counts, as a series does for its map.
pub fn mask_for_action(counts: &[i64; 8], action: ActionType) -> [Option<i64>; 8] {
    let mut values = [None; 8];
    for metric in Metric::ALL {
        if action.applies(metric) {
            values[metric.index()] = Some(counts[metric.index()]);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a state from a pseudo-random stream of applicable events.
    fn random_state(seed: &mut u64, events: usize) -> [i64; STATE_LEN] {
        let mut state = [0; STATE_LEN];
        for _ in 0..events {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let action = ActionType::ALL[(*seed >> 33) as usize % 4];
            let metric = Metric::ALL[(*seed >> 40) as usize % 8];
            if action.applies(metric) {
                record(&mut state, action, metric).unwrap();
            }
        }
        state
    }

    #[test]
    fn record_counts_and_marks_type() {
        let mut state = [0; STATE_LEN];
        record(&mut state, ActionType::Webhook, Metric::Engaged).unwrap();
        record(&mut state, ActionType::Webhook, Metric::Engaged).unwrap();
        assert_eq!(state[Metric::Engaged.index()], 2);
        assert_eq!(state[SEEN_SLOT], 1 << ActionType::Webhook.index());
    }

    #[test]
    fn record_rejects_inapplicable_event() {
        let mut state = [0; STATE_LEN];
        let error = record(&mut state, ActionType::Webhook, Metric::Started).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidParameter);
        assert!(error.message.contains("\"started\""));
        assert_eq!(state, [0; STATE_LEN]);
    }

    #[test]
    fn record_reports_overflow() {
        let mut state = [0; STATE_LEN];
        state[Metric::Offered.index()] = i64::MAX;
        let error = record(&mut state, ActionType::Webhook, Metric::Offered).unwrap_err();
        assert_eq!(error.kind, ErrorKind::OutOfRange);
        assert_eq!(state[Metric::Offered.index()], i64::MAX);
    }

    #[test]
    fn finish_empty_state_is_all_null() {
        let counts = finish(&[0; STATE_LEN]).unwrap();
        assert_eq!(counts.applicable, 0);
        assert_eq!(counts.values, [None; 8]);
    }

    #[test]
    fn finish_nulls_inapplicable_and_zeroes_applicable() {
        let mut state = [0; STATE_LEN];
        record(&mut state, ActionType::ContentOffer, Metric::Offered).unwrap();
        let counts = finish(&state).unwrap();
        assert_eq!(counts.values[Metric::Offered.index()], Some(1));
        assert_eq!(counts.values[Metric::Accepted.index()], Some(0));
        assert_eq!(counts.values[Metric::Engaged.index()], None);
        assert_eq!(counts.values[Metric::TimedOut.index()], None);
        assert_eq!(
            counts.applicable,
            ActionType::ContentOffer.applicable_metrics()
        );
    }

    #[test]
    fn combine_with_empty_is_identity() {
        let mut seed = 7;
        for events in [0, 1, 50] {
            let state = random_state(&mut seed, events);
            assert_eq!(combine(&state, &[0; STATE_LEN]).unwrap(), state);
            assert_eq!(combine(&[0; STATE_LEN], &state).unwrap(), state);
        }
    }

    #[test]
    fn combine_is_associative_and_commutative() {
        let mut seed = 42;
        for round in 0..200 {
            let a = random_state(&mut seed, round % 17);
            let b = random_state(&mut seed, round % 5);
            let c = random_state(&mut seed, round % 23);
            assert_eq!(combine(&a, &b).unwrap(), combine(&b, &a).unwrap());
            let left = combine(&combine(&a, &b).unwrap(), &c).unwrap();
            let right = combine(&a, &combine(&b, &c).unwrap()).unwrap();
            assert_eq!(left, right);
        }
    }

    #[test]
    fn validate_rejects_malformed_states() {
        assert!(validate(&[0; 3]).is_err());
        let mut negative = [0; STATE_LEN];
        negative[2] = -1;
        assert!(validate(&negative).is_err());
        let mut unknown_type = [0; STATE_LEN];
        unknown_type[SEEN_SLOT] = 1 << 4;
        assert!(validate(&unknown_type).is_err());
    }

    #[test]
    fn combine_reports_overflow() {
        let mut full = [0; STATE_LEN];
        full[0] = i64::MAX;
        let error = combine(&full, &full).unwrap_err();
        assert_eq!(error.kind, ErrorKind::OutOfRange);
    }

    #[test]
    fn mask_for_action_follows_type() {
        let counts = [5, 4, 3, 2, 1, 6, 7, 8];
        let values = mask_for_action(&counts, ActionType::Webhook);
        assert_eq!(values[Metric::Engaged.index()], Some(1));
        assert_eq!(values[Metric::Accepted.index()], None);
        assert_eq!(values[Metric::Errored.index()], Some(7));
    }
}
