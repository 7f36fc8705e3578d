//! `amp_metric_applies(amp_action_type, amp_event_type) → boolean`: whether a metric exists for
//! an action type. The CHECK on `amp_action_events` and the view `amp_metric_applicability`
//! call it, so the table in `crate::domain::metric` is the only copy.

use crate::declare_v1_function;
use crate::pg::enum_cache::EnumCache;
use crate::pg::error::or_raise;
use crate::pg::fmgr::argument;
use pgrx::pg_sys;
use pgrx::prelude::*;

/// Returns whether the event type in argument 1 applies to the action type in argument 0.
/// Declared STRICT and IMMUTABLE.
#[pg_guard]
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn amp_metric_applies(
    fcinfo: pg_sys::FunctionCallInfo,
) -> pg_sys::Datum {
    const NAME: &str = "amp_metric_applies";
    unsafe {
        let action_oid = pg_sys::Oid::from(argument(fcinfo, 0).value.value() as u32);
        let metric_oid = pg_sys::Oid::from(argument(fcinfo, 1).value.value() as u32);
        let cache = EnumCache::of_call(fcinfo);
        let action = or_raise(cache.action(action_oid), NAME);
        let metric = or_raise(cache.metric(metric_oid), NAME);
        pg_sys::Datum::from(action.applies(metric))
    }
}
declare_v1_function!(pg_finfo_amp_metric_applies);
