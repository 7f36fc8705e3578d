//! Conversion of `amp_action_type` and `amp_event_type` values, which arrive as enum OIDs, to
//! the core enums. A per-call-site table in `fn_extra` makes the per-row cost one indexed load
//! and compare, and only an OID not seen before costs a catalog lookup.

use crate::domain::error::AmpError;
use crate::domain::metric::{ActionType, Metric};
use crate::pg::enum_args::enum_label;
use pgrx::pg_sys;

/// Slots of the direct-mapped part of an `OidTable`, a power of two.
const DIRECT_SLOTS: usize = 64;
/// Slots for OIDs whose direct slot is taken by another OID.
const OVERFLOW_SLOTS: usize = 16;

/// OIDs already resolved, with the index of the core enum value each stands for.
///
/// Each OID goes in the direct slot given by its low bits. PostgreSQL assigns the labels of
/// one `CREATE TYPE ... AS ENUM` nearby OIDs, so they get distinct slots, and the lookup is a
/// load and a compare whose branch the CPU predicts. A linear scan over the labels, as used
/// before, mispredicted on rows in random order and cost about a fifth of `amp_counts` (perf,
/// PostgreSQL 15, one million rows). An OID whose slot is taken, such as a label added later
/// with `ALTER TYPE ... ADD VALUE`, goes to the overflow list.
#[repr(C)]
struct OidTable {
    direct_oids: [pg_sys::Oid; DIRECT_SLOTS],
    /// The core enum index plus one, so that zeroed memory means an empty slot.
    direct_indexes: [u8; DIRECT_SLOTS],
    overflow_oids: [pg_sys::Oid; OVERFLOW_SLOTS],
    overflow_indexes: [u8; OVERFLOW_SLOTS],
    overflow_len: usize,
}

impl OidTable {
    #[inline(always)]
    fn slot(oid: pg_sys::Oid) -> usize {
        u32::from(oid) as usize & (DIRECT_SLOTS - 1)
    }

    #[inline(always)]
    fn find(&self, oid: pg_sys::Oid) -> Option<usize> {
        let slot = Self::slot(oid);
        let entry = self.direct_indexes[slot];
        if self.direct_oids[slot] == oid && entry != 0 {
            return Some(entry as usize - 1);
        }
        self.find_overflow(oid)
    }

    #[cold]
    fn find_overflow(&self, oid: pg_sys::Oid) -> Option<usize> {
        let len = self.overflow_len.min(OVERFLOW_SLOTS);
        (0..len)
            .find(|&slot| self.overflow_oids[slot] == oid)
            .map(|slot| self.overflow_indexes[slot] as usize)
    }

    fn remember(&mut self, oid: pg_sys::Oid, index: usize) {
        let slot = Self::slot(oid);
        if self.direct_indexes[slot] == 0 {
            self.direct_oids[slot] = oid;
            self.direct_indexes[slot] = index as u8 + 1;
        } else if self.overflow_len < OVERFLOW_SLOTS {
            self.overflow_oids[self.overflow_len] = oid;
            self.overflow_indexes[self.overflow_len] = index as u8;
            self.overflow_len += 1;
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
            AmpError::invalid(format!("unknown event type \"{label}\""))
                .with_hint("amp counts only the event types listed in amp_metric_applicability.")
        })?;
        self.metrics.remember(oid, metric.index());
        Ok(metric)
    }
}
