//! SQL arguments of amp's enum types for `#[pg_extern]` functions: `EventTypeArg` maps to
//! `amp_event_type`, so `Option<EventTypeArg>` declares an `amp_event_type` argument and
//! `Option<Array<EventTypeArg>>` an `amp_event_type[]` argument.
//! These conversions look the label up in the catalog, so they suit arguments, not rows.

use crate::domain::error::{AmpError, ErrorKind};
use crate::domain::metric::Metric;
use crate::domain::metric::MetricMask;
use crate::domain::selection::selection_mask;
use pgrx::callconv::{Arg, ArgAbi};
use pgrx::datum::{Datum, FromDatum, UnboxDatum};
use pgrx::nullable::Nullable;
use pgrx::pg_sys;
use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::Array;
use std::ffi::CStr;

/// A value of the SQL enum `amp_event_type`, still as its OID.
#[derive(Clone, Copy, Debug)]
pub struct EventTypeArg(pub pg_sys::Oid);

impl FromDatum for EventTypeArg {
    unsafe fn from_polymorphic_datum(
        datum: pg_sys::Datum,
        is_null: bool,
        _: pg_sys::Oid,
    ) -> Option<Self> {
        (!is_null).then(|| EventTypeArg(pg_sys::Oid::from(datum.value() as u32)))
    }
}

unsafe impl UnboxDatum for EventTypeArg {
    type As<'src> = EventTypeArg;

    unsafe fn unbox<'src>(datum: Datum<'src>) -> Self::As<'src>
    where
        Self: 'src,
    {
        EventTypeArg(pg_sys::Oid::from(datum.sans_lifetime().value() as u32))
    }
}

// pgrx unboxes the elements of an `Array<EventTypeArg>` argument through `UnboxDatum`, but it
// still requires the element type to be an argument type itself. pgrx calls this only for a
// non-NULL argument, so the panic marks a broken pgrx invariant, not a user error.
unsafe impl<'fcx> ArgAbi<'fcx> for EventTypeArg {
    unsafe fn unbox_arg_unchecked(arg: Arg<'_, 'fcx>) -> Self {
        let index = arg.index();
        unsafe { arg.unbox_arg_using_from_datum() }
            .unwrap_or_else(|| panic!("argument {index} must not be null"))
    }

    unsafe fn unbox_nullable_arg(arg: Arg<'_, 'fcx>) -> Nullable<Self> {
        unsafe { arg.unbox_arg_using_from_datum() }.into()
    }
}

unsafe impl SqlTranslatable for EventTypeArg {
    const TYPE_IDENT: &'static str = "amp::pg::enum_args::EventTypeArg";
    const TYPE_ORIGIN: TypeOrigin = TypeOrigin::External;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> =
        Ok(SqlMappingRef::literal("amp_event_type"));
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> =
        Ok(ReturnsRef::One(SqlMappingRef::literal("amp_event_type")));
}

impl EventTypeArg {
    /// Returns the metric this value names.
    pub fn metric(self) -> Result<Metric, AmpError> {
        let label = enum_label(self.0);
        Metric::from_label(&label).ok_or_else(|| {
            AmpError::invalid(format!("unknown event type \"{label}\""))
                .with_hint("amp counts only the event types listed in amp_metric_applicability.")
        })
    }
}

/// Returns the selection mask of a `metrics amp_event_type[]` argument; a NULL element is an
/// error, since it selects nothing the caller could have meant.
pub fn metrics_argument(metrics: Option<Array<EventTypeArg>>) -> Result<MetricMask, AmpError> {
    let Some(metrics) = metrics else {
        return selection_mask(None);
    };
    let mut selected = Vec::with_capacity(metrics.len());
    for element in metrics.iter() {
        let element = element.ok_or_else(|| {
            AmpError::new(
                ErrorKind::NullArgument,
                "metrics must not contain NULL elements",
            )
            .with_hint("Remove the NULL elements, or pass NULL as metrics to select them all.")
        })?;
        selected.push(element.metric()?);
    }
    selection_mask(Some(&selected))
}

/// Returns the label of an enum value through PostgreSQL's own output function.
pub fn enum_label(oid: pg_sys::Oid) -> String {
    unsafe {
        let function = pg_sys::Oid::from(pg_sys::F_ENUM_OUT);
        let datum =
            pg_sys::OidFunctionCall1Coll(function, pg_sys::InvalidOid, pg_sys::Datum::from(oid));
        let label = CStr::from_ptr(datum.cast_mut_ptr::<std::ffi::c_char>());
        label.to_string_lossy().into_owned()
    }
}
