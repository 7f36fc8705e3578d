//! Conversion of `amp_action_type` and `amp_event_type` values, which arrive as enum OIDs, to
//! the core enums. A per-call-site table in `fn_extra` makes the per-row cost a short scan;
//! only an OID not seen before costs a catalog lookup.

use crate::core::error::AmpError;
use crate::core::metric::{ActionType, Metric};
use pgrx::pg_sys;
use crate::pg::enum_args::enum_label;

const SLOTS: usize = 16;

/// OIDs already resolved, with the index of the core enum value each stands for.
#[repr(C)]
struct OidTable {
    oids: [pg_sys::Oid; SLOTS],
    indexes: [u8; SLOTS],
    len: usize,
}

impl OidTable {
    #[inline(always)]
    fn find(&self, oid: pg_sys::Oid) -> Option<usize> {
        let len = self.len.min(SLOTS);
        (0..len).find(|&slot| self.oids[slot] == oid).map(|slot| self.indexes[slot] as usize)
    }

    fn remember(&mut self, oid: pg_sys::Oid, index: usize) {
        if self.len < SLOTS {
            self.oids[self.len] = oid;
            self.indexes[self.len] = index as u8;
            self.len += 1;
        }
    }
}

/// Resolved enum OIDs of one call site, kept in the call's `fn_extra`.
#[repr(C)]
pub struct EnumCache {
    actions: OidTable,
    metrics: OidTable,
}

impl EnumCache {
    /// Returns the cache of this call site, allocating it in `fn_mcxt` on first use.
    ///
    /// # Safety
    /// `fcinfo` must be a valid call whose `fn_extra` is either NULL or set by this function.
    #[inline(always)]
    pub unsafe fn of_call<'a>(fcinfo: pg_sys::FunctionCallInfo) -> &'a mut EnumCache {
        unsafe {
            let flinfo = (*fcinfo).flinfo;
            if (*flinfo).fn_extra.is_null() {
                let size = std::mem::size_of::<EnumCache>();
                (*flinfo).fn_extra = pg_sys::MemoryContextAllocZero((*flinfo).fn_mcxt, size);
            }
            &mut *((*flinfo).fn_extra as *mut EnumCache)
        }
    }

    #[inline(always)]
    pub fn action(&mut self, oid: pg_sys::Oid) -> Result<ActionType, AmpError> {
        match self.actions.find(oid) {
            Some(index) => Ok(ActionType::ALL[index]),
            None => self.resolve_action(oid),
        }
    }

    #[inline(always)]
    pub fn metric(&mut self, oid: pg_sys::Oid) -> Result<Metric, AmpError> {
        match self.metrics.find(oid) {
            Some(index) => Ok(Metric::ALL[index]),
            None => self.resolve_metric(oid),
        }
    }

    #[cold]
    fn resolve_action(&mut self, oid: pg_sys::Oid) -> Result<ActionType, AmpError> {
        let label = enum_label(oid);
        let action = ActionType::from_label(&label).ok_or_else(|| {
            AmpError::invalid(format!("unknown action type \"{label}\""))
                .with_hint("amp counts only web_chat, webhook, content_offer and architect_flow.")
        })?;
        self.actions.remember(oid, action.index());
        Ok(action)
    }

    #[cold]
    fn resolve_metric(&mut self, oid: pg_sys::Oid) -> Result<Metric, AmpError> {
        let label = enum_label(oid);
        let metric = Metric::from_label(&label).ok_or_else(|| {
            AmpError::invalid(format!("unknown event type \"{label}\"")).with_hint(
                "amp counts only the event types listed in amp_metric_applicability.",
            )
        })?;
        self.metrics.remember(oid, metric.index());
        Ok(metric)
    }
}
