//! Helpers for functions written directly against PostgreSQL's version-1 calling convention,
//! used where pgrx's argument conversion would cost too much per row.

use pgrx::pg_sys;

/// Declares a `pg_finfo_NAME` record, which PostgreSQL looks up to learn that function `NAME`
/// uses the version-1 calling convention. Pass the record's full name.
#[macro_export]
macro_rules! declare_v1_function {
    ($record:ident) => {
        #[unsafe(no_mangle)]
        #[doc(hidden)]
        pub extern "C" fn $record() -> &'static ::pgrx::pg_sys::Pg_finfo_record {
            const V1_API: ::pgrx::pg_sys::Pg_finfo_record =
                ::pgrx::pg_sys::Pg_finfo_record { api_version: 1 };
            &V1_API
        }
    };
}

/// Returns argument `index` of a call. The caller checks nullness first unless the function is
/// STRICT.
///
/// # Safety
/// `fcinfo` must be a valid call with more than `index` arguments.
#[inline(always)]
pub unsafe fn argument(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> pg_sys::NullableDatum {
    unsafe { *(*fcinfo).args.as_ptr().add(index) }
}

/// Returns whether the call comes from an aggregate or window aggregate, the test that
/// PostgreSQL's `AggCheckCallContext` makes, written inline because it runs once per row.
///
/// # Safety
/// `fcinfo` must be a valid call.
#[inline(always)]
pub unsafe fn in_aggregate_context(fcinfo: pg_sys::FunctionCallInfo) -> bool {
    unsafe {
        let context = (*fcinfo).context;
        !context.is_null()
            && matches!(
                (*context).type_,
                pg_sys::NodeTag::T_AggState | pg_sys::NodeTag::T_WindowAggState
            )
    }
}
