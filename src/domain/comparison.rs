//! Period-over-period comparison: the range before a range, and how a total changed.
//!
//! ```text
//! previous_range(start, end) → (start - (end - start), start)
//! change(12, 8) → difference 4, relative 4/8;  change(3, 0) → difference 3, relative None
//! ```
//! The previous range is the span of real time of equal length that ends where the current
//! range starts. Both ranges are sets of instants, so no time zone enters the totals. Across a
//! DST change this keeps the lengths equal but can shift the local clock time of the previous
//! start by the size of the change.

use super::error::{AmpError, ErrorKind};
use super::rates::{rate, Fraction};

/// First instant `timestamptz` can store: 4714-11-24 00:00 UTC BC, in microseconds since
/// 2000-01-01 00:00 UTC (PostgreSQL's `MIN_TIMESTAMP`).
pub const MIN_INSTANT: i64 = -211_813_488_000_000_000;

/// The change of a metric's total from the previous range to the current one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub current: i64,
    pub previous: i64,
    /// `current - previous`.
    pub difference: i64,
    /// `(current - previous) / previous`, or `None` when `previous` is 0.
    pub relative: Option<Fraction>,
}

/// Returns the half-open range of equal length that ends at `start`, for `start < end`.
pub fn previous_range(start: i64, end: i64) -> Result<(i64, i64), AmpError> {
    let too_early = || {
        AmpError::new(
            ErrorKind::OutOfRange,
            "the previous range starts before the earliest timestamptz (4714-11-24 00:00 UTC BC)",
        )
        .with_hint("Move range_start later or shorten the range.")
    };
    let length = end.checked_sub(start).ok_or_else(too_early)?;
    let previous_start = start.checked_sub(length).ok_or_else(too_early)?;
    if previous_start < MIN_INSTANT {
        return Err(too_early());
    }
    Ok((previous_start, start))
}

/// Returns the change from `previous` to `current`.
pub fn change(current: i64, previous: i64) -> Result<Change, AmpError> {
    let difference = current.checked_sub(previous).ok_or_else(|| {
        AmpError::new(
            ErrorKind::OutOfRange,
            "difference of totals overflowed bigint",
        )
        .with_detail(format!(
            "current total {current}, previous total {previous}"
        ))
    })?;
    let relative = rate(Some(difference), Some(previous));
    Ok(Change {
        current,
        previous,
        difference,
        relative,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000_000;

    #[test]
    fn previous_range_has_equal_length() {
        assert_eq!(
            previous_range(10 * HOUR, 35 * HOUR).unwrap(),
            (-15 * HOUR, 10 * HOUR)
        );
        assert_eq!(previous_range(0, 1).unwrap(), (-1, 0));
    }

    #[test]
    fn previous_range_may_start_at_first_instant() {
        let start = MIN_INSTANT + HOUR;
        assert_eq!(
            previous_range(start, start + HOUR).unwrap(),
            (MIN_INSTANT, start)
        );
    }

    #[test]
    fn previous_range_before_first_instant_fails() {
        let start = MIN_INSTANT + HOUR;
        let error = previous_range(start, start + HOUR + 1).unwrap_err();
        assert_eq!(error.kind, ErrorKind::OutOfRange);
        assert!(error.hint.is_some());
    }

    #[test]
    fn previous_range_of_huge_range_fails() {
        // The length of this range does not fit in an i64.
        let error = previous_range(MIN_INSTANT, i64::MAX - 1).unwrap_err();
        assert_eq!(error.kind, ErrorKind::OutOfRange);
    }

    #[test]
    fn change_of_growth_and_decline() {
        let growth = change(12, 8).unwrap();
        assert_eq!(growth.difference, 4);
        assert_eq!(
            growth.relative,
            Some(Fraction {
                numerator: 4,
                denominator: 8
            })
        );
        let decline = change(2, 8).unwrap();
        assert_eq!(decline.difference, -6);
        assert_eq!(
            decline.relative,
            Some(Fraction {
                numerator: -6,
                denominator: 8
            })
        );
    }

    #[test]
    fn change_from_zero_has_no_relative() {
        let from_zero = change(3, 0).unwrap();
        assert_eq!(from_zero.difference, 3);
        assert_eq!(from_zero.relative, None);
        let both_zero = change(0, 0).unwrap();
        assert_eq!(both_zero.difference, 0);
        assert_eq!(both_zero.relative, None);
    }

    #[test]
    fn change_to_zero_is_minus_one() {
        let to_zero = change(0, 5).unwrap();
        assert_eq!(
            to_zero.relative,
            Some(Fraction {
                numerator: -5,
                denominator: 5
            })
        );
    }

    #[test]
    fn change_reports_overflow() {
        let error = change(i64::MAX, -1).unwrap_err();
        assert_eq!(error.kind, ErrorKind::OutOfRange);
    }
}
