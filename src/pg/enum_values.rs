//! Result columns of amp's enum types for `#[pg_extern]` functions: a function that returns
//! `ActionTypeValue` declares an `amp_action_type` column, and `TriggerKindValue` an
//! `amp_trigger_kind` column.
//!
//! ```ignore
//! let action_type: Option<ActionTypeValue> = row.get(5)?;
//! ```
//! A value is the enum's OID, read from an SPI row of the same enum type and returned
//! unchanged, so no label lookup happens per row.

use pgrx::callconv::{BoxRet, FcInfo};
use pgrx::datum::Datum;
use pgrx::prelude::*;
use pgrx::{pg_sys, FromDatum, IntoDatum};

macro_rules! enum_value {
    ($rust_name:ident, $sql_name:literal) => {
        #[doc = concat!("A value of the SQL enum `", $sql_name, "`, kept as its OID.")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $rust_name(pub pg_sys::Oid);

        impl FromDatum for $rust_name {
            unsafe fn from_polymorphic_datum(
                datum: pg_sys::Datum,
                is_null: bool,
                _: pg_sys::Oid,
            ) -> Option<$rust_name> {
                (!is_null).then(|| $rust_name(pg_sys::Oid::from(datum.value() as u32)))
            }
        }

        impl IntoDatum for $rust_name {
            fn into_datum(self) -> Option<pg_sys::Datum> {
                Some(pg_sys::Datum::from(self.0))
            }

            fn type_oid() -> pg_sys::Oid {
                // Resolved through search_path: every amp function that reads or returns these
                // values sets it with the extension's schema first. SPI checks each value it
                // converts against this OID, so a row costs one type-name lookup per column.
                pgrx::wrappers::regtypein($sql_name)
            }
        }

        unsafe impl BoxRet for $rust_name {
            unsafe fn box_into<'fcx>(self, fcinfo: &mut FcInfo<'fcx>) -> Datum<'fcx> {
                unsafe { fcinfo.return_raw_datum(pg_sys::Datum::from(self.0)) }
            }
        }

        impl_sql_translatable!($rust_name, $sql_name);
    };
}

enum_value!(ActionTypeValue, "amp_action_type");
enum_value!(TriggerKindValue, "amp_trigger_kind");
