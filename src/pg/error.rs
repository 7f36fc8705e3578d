//! Reporting of domain errors as PostgreSQL errors: the only place that picks SQLSTATEs.

use crate::domain::error::{AmpError, ErrorKind};
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::{PgLogLevel, PgSqlErrorCode};

fn sqlstate(kind: ErrorKind) -> PgSqlErrorCode {
    match kind {
        ErrorKind::NullArgument => PgSqlErrorCode::ERRCODE_NULL_VALUE_NOT_ALLOWED,
        ErrorKind::InvalidParameter => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
        ErrorKind::NotFound => PgSqlErrorCode::ERRCODE_NO_DATA_FOUND,
        ErrorKind::OutOfRange => PgSqlErrorCode::ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
        ErrorKind::Unsupported => PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED,
        ErrorKind::Internal => PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
    }
}

/// Returns the error for an SPI call that failed while `action` ran. Errors raised by the
/// query itself (permissions, cancellation) propagate with their own SQLSTATE and never get here.
pub fn spi_failed(action: &str, error: pgrx::spi::SpiError) -> AmpError {
    AmpError::new(ErrorKind::Internal, format!("{action} failed: {error}"))
}

/// Raises `error` as an ERROR in the function named `function`, so it never returns.
pub fn raise(error: AmpError, function: &'static str) -> ! {
    let mut report = ErrorReport::new(sqlstate(error.kind), error.message, function);
    if let Some(detail) = error.detail {
        report = report.set_detail(detail);
    }
    if let Some(hint) = error.hint {
        report = report.set_hint(hint);
    }
    report.report(PgLogLevel::ERROR);
    unreachable!("an ERROR report does not return")
}

/// Returns the value of `result`, or raises its error in the function named `function`.
pub fn or_raise<T>(result: Result<T, AmpError>, function: &'static str) -> T {
    result.unwrap_or_else(|error| raise(error, function))
}
