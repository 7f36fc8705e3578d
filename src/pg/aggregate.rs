//! The aggregate `amp_counts(amp_action_type, amp_event_type) → amp_metric_counts`.
//!
//! ```sql
//! SELECT action_map_id, (amp_counts(action_type, event_type)).*
//! FROM amp_action_events GROUP BY action_map_id;
//! ```
//! Its state is an `int8[]` (see `crate::domain::counts`), a concrete type so that parallel
//! workers and Citus nodes can ship partial states to a combine step. The transition function
//! writes the counter in place when an aggregate calls it, as PostgreSQL's own accumulators
//! do, so it allocates nothing per row. A metric that applies to none of the action types in a
//! group is NULL, and zero rows give NULL everywhere.

use crate::declare_v1_function;
use crate::domain::counts::{self, STATE_LEN};
use crate::domain::error::AmpError;
use crate::pg::enum_cache::EnumCache;
use crate::pg::error::{or_raise, raise};
use crate::pg::fmgr::{argument, in_aggregate_context};
use pgrx::prelude::*;
use pgrx::{pg_sys, Array};

/// Bytes before the elements of a one-dimensional `int8[]` without a NULL bitmap: the varlena
/// header, ndim, dataoffset, element type, one dimension and one lower bound, aligned to 8.
const ARRAY_DATA_OFFSET: usize = 24;

fn invalid_state() -> AmpError {
    AmpError::invalid("invalid amp_counts state").with_hint(format!(
        "Pass a one-dimensional int8[] of {STATE_LEN} non-NULL elements, as amp_counts_trans returns."
    ))
}

/// Returns the counters of a state array stored in place with a plain 4-byte header, or `None`
/// for any other layout (short header, compressed, NULLs, other shape).
///
/// # Safety
/// `array` must point to a detoasted or in-memory `int8[]` value.
#[inline(always)]
unsafe fn counters_in_place<'a>(array: *mut u8) -> Option<&'a mut [i64]> {
    unsafe {
        // On little-endian machines a plain 4-byte varlena header has its two low bits clear.
        #[cfg(target_endian = "little")]
        let plain_header = *array & 0x03 == 0;
        #[cfg(not(target_endian = "little"))]
        let plain_header = false;
        if !plain_header {
            return None;
        }
        let header = array as *const i32;
        let total_size = (*header as u32 >> 2) as usize;
        let ndim = *header.add(1);
        let dataoffset = *header.add(2);
        let element_type = *(header.add(3) as *const pg_sys::Oid);
        let length = *header.add(4);
        let well_formed = ndim == 1
            && dataoffset == 0
            && element_type == pg_sys::INT8OID
            && length == STATE_LEN as i32
            && total_size >= ARRAY_DATA_OFFSET + STATE_LEN * 8;
        if !well_formed {
            return None;
        }
        let data = array.add(ARRAY_DATA_OFFSET) as *mut i64;
        Some(std::slice::from_raw_parts_mut(data, STATE_LEN))
    }
}

/// Transition function of `amp_counts`: counts one (action type, event type) pair.
///
/// Declared STRICT, so rows with a NULL argument never reach it.
#[pg_guard]
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn amp_counts_trans(
    fcinfo: pg_sys::FunctionCallInfo,
) -> pg_sys::Datum {
    const NAME: &str = "amp_counts_trans";
    unsafe {
        let state = argument(fcinfo, 0).value;
        let action_oid = pg_sys::Oid::from(argument(fcinfo, 1).value.value() as u32);
        let metric_oid = pg_sys::Oid::from(argument(fcinfo, 2).value.value() as u32);
        let cache = EnumCache::of_call(fcinfo);
        let action = or_raise(cache.action(action_oid), NAME);
        let metric = or_raise(cache.metric(metric_oid), NAME);

        // The aggregate owns its state, so the counter can be written where it lies.
        if in_aggregate_context(fcinfo) {
            if let Some(counters) = counters_in_place(state.cast_mut_ptr()) {
                or_raise(counts::record(counters, action, metric), NAME);
                return state;
            }
        }

        // Called from plain SQL, or with an unusual layout: work on a private copy.
        let copy = pg_sys::pg_detoast_datum_copy(state.cast_mut_ptr());
        let Some(counters) = counters_in_place(copy.cast()) else {
            let detail = "The array is not one-dimensional, has the wrong length or contains NULL.";
            raise(invalid_state().with_detail(detail), NAME)
        };
        or_raise(counts::validate(counters), NAME);
        or_raise(counts::record(counters, action, metric), NAME);
        pg_sys::Datum::from(copy)
    }
}
declare_v1_function!(pg_finfo_amp_counts_trans);

/// Reads a state array into a fixed-size buffer, rejecting NULL elements and wrong lengths.
fn read_state(state: Array<i64>) -> Result<[i64; STATE_LEN], AmpError> {
    if state.len() != STATE_LEN {
        return Err(invalid_state().with_detail(format!("The array has {} elements.", state.len())));
    }
    let mut values = [0; STATE_LEN];
    for (slot, element) in state.iter().enumerate() {
        values[slot] =
            element.ok_or_else(|| invalid_state().with_detail("The array contains NULL."))?;
    }
    // SAFETY: the pointer comes from a detoasted array that lives as long as the call.
    let dimensions = unsafe { (*state.into_array_type()).ndim };
    if dimensions != 1 {
        return Err(invalid_state().with_detail(format!("The array has {dimensions} dimensions.")));
    }
    Ok(values)
}

/// Combine function of `amp_counts`: adds two partial states from parallel workers or nodes.
#[pg_extern(immutable, parallel_safe, strict)]
fn amp_counts_combine(left: Array<i64>, right: Array<i64>) -> Vec<i64> {
    const NAME: &str = "amp_counts_combine";
    let left = or_raise(read_state(left), NAME);
    let right = or_raise(read_state(right), NAME);
    or_raise(counts::combine(&left, &right), NAME).to_vec()
}

/// Final function of `amp_counts`: applies the applicability mask and builds the composite.
/// It only reads the state, as window aggregates may call it more than once.
#[pg_guard]
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn amp_counts_final(
    fcinfo: pg_sys::FunctionCallInfo,
) -> pg_sys::Datum {
    const NAME: &str = "amp_counts_final";
    unsafe {
        let state_datum = argument(fcinfo, 0).value;
        let Some(state) = Array::<i64>::from_polymorphic_datum(state_datum, false, pg_sys::INT8OID)
        else {
            raise(invalid_state(), NAME)
        };
        let state = or_raise(read_state(state), NAME);
        let finished = or_raise(counts::finish(&state), NAME);

        let mut tupdesc: pg_sys::TupleDesc = std::ptr::null_mut();
        let kind = pg_sys::get_call_result_type(fcinfo, std::ptr::null_mut(), &mut tupdesc);
        if kind != pg_sys::TypeFuncClass::TYPEFUNC_COMPOSITE {
            raise(
                AmpError::invalid("amp_counts_final must be declared to return amp_metric_counts"),
                NAME,
            )
        }
        let tupdesc = pg_sys::BlessTupleDesc(tupdesc);

        let mut values = [pg_sys::Datum::from(0); STATE_LEN];
        let mut nulls = [true; STATE_LEN];
        for (slot, value) in finished.values.iter().enumerate() {
            if let Some(count) = value {
                values[slot] = pg_sys::Datum::from(*count);
                nulls[slot] = false;
            }
        }
        values[STATE_LEN - 1] = pg_sys::Datum::from(finished.applicable as i32);
        nulls[STATE_LEN - 1] = false;
        let tuple = pg_sys::heap_form_tuple(tupdesc, values.as_mut_ptr(), nulls.as_mut_ptr());
        pg_sys::HeapTupleHeaderGetDatum((*tuple).t_data)
    }
}
declare_v1_function!(pg_finfo_amp_counts_final);
