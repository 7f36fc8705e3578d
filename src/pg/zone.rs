//! Time zone rules from PostgreSQL's own zone database, so that amp's buckets agree with
//! `SET TimeZone` on the same server and follow its tzdata updates. `AT TIME ZONE` agrees too,
//! except for names that are also abbreviations (CET, EET, MET, WET), where it applies the
//! abbreviation's fixed offset instead of the zone's rules.

use crate::domain::buckets::{ZoneRules, MICROS_PER_SECOND};
use crate::domain::error::{quoted, AmpError};
use pgrx::pg_sys;
use std::cell::Cell;
use std::ffi::CString;

/// Seconds from 1970-01-01 (the `pg_time_t` epoch) to 2000-01-01 (the `timestamptz` epoch).
const UNIX_TO_POSTGRES_EPOCH_SECONDS: i64 = 946_684_800;

/// A stretch of time with one UTC offset: `[from, until)` in instants, offset in seconds.
#[derive(Clone, Copy)]
struct Segment {
    from: i64,
    until: Option<i64>,
    offset: i64,
}

/// A zone loaded with `pg_tzset`. It remembers the last offset segment it looked up, because
/// bucket walks ask about nearby instants many times in a row.
#[derive(Clone)]
pub struct PgZone {
    zone: *const pg_sys::pg_tz,
    last: Cell<Option<Segment>>,
}

impl PgZone {
    /// Loads a zone the way `SET TimeZone` reads its value, so that both give the same zone.
    /// A number is hours east of UTC (the SQL convention, so '5' is UTC+5). Anything else is
    /// a zone name or POSIX string for `pg_tzset`, ignoring case. The SQL `INTERVAL '...'`
    /// form is rejected, and so are zones with leap seconds, which PostgreSQL also refuses.
    pub fn load(name: &str) -> Result<PgZone, AmpError> {
        let unknown = || {
            AmpError::invalid(format!("unknown time zone: {}", quoted(name))).with_hint(
                "Use a name from pg_timezone_names, such as 'America/New_York' or 'UTC'.",
            )
        };
        if name
            .get(..8)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("interval"))
        {
            return Err(AmpError::invalid(format!(
                "time zone given as an interval: {}",
                quoted(name)
            ))
            .with_hint(
                "Pass a zone name such as 'Asia/Kolkata', or the offset in hours such as '5.5'.",
            ));
        }
        if let Some(hours) = offset_hours(name) {
            // pg_tzset_offset takes seconds west of Greenwich, the POSIX sign convention.
            let zone = unsafe { pg_sys::pg_tzset_offset((-hours * 3_600.0) as std::ffi::c_long) };
            if zone.is_null() {
                return Err(AmpError::invalid(format!(
                    "time zone offset is out of range: {}",
                    quoted(name)
                ))
                .with_hint("Use a zone name such as 'Etc/GMT-5', or a smaller offset in hours."));
            }
            return Ok(PgZone {
                zone,
                last: Cell::new(None),
            });
        }
        let c_name = CString::new(name).map_err(|_| unknown())?;
        let zone = unsafe { pg_sys::pg_tzset(c_name.as_ptr()) };
        if zone.is_null() || name.trim().is_empty() {
            return Err(unknown());
        }
        if !unsafe { pg_sys::pg_tz_acceptable(zone) } {
            return Err(AmpError::invalid(format!("time zone {} uses leap seconds", quoted(name)))
                .with_hint("PostgreSQL does not support leap seconds; use the zone without the \"right/\" prefix."));
        }
        Ok(PgZone {
            zone,
            last: Cell::new(None),
        })
    }

    fn segment(&self, instant: i64) -> Segment {
        if let Some(segment) = self.last.get() {
            if segment.from <= instant && segment.until.is_none_or(|until| instant < until) {
                return segment;
            }
        }
        let segment = self.lookup(instant);
        self.last.set(Some(segment));
        segment
    }

    /// Asks PostgreSQL for the offset at `instant` and the next transition that changes it.
    fn lookup(&self, instant: i64) -> Segment {
        let seconds = instant.div_euclid(MICROS_PER_SECOND) + UNIX_TO_POSTGRES_EPOCH_SECONDS;
        let mut probe: pg_sys::pg_time_t = seconds;
        let mut offset_before: std::ffi::c_long = 0;
        let mut first = true;
        let mut offset = 0;
        loop {
            let mut is_dst_before = 0;
            let mut boundary: pg_sys::pg_time_t = 0;
            let mut offset_after: std::ffi::c_long = 0;
            let mut is_dst_after = 0;
            let found = unsafe {
                pg_sys::pg_next_dst_boundary(
                    &probe,
                    &mut offset_before,
                    &mut is_dst_before,
                    &mut boundary,
                    &mut offset_after,
                    &mut is_dst_after,
                    self.zone,
                )
            };
            if first {
                offset = offset_before as i64;
                first = false;
            }
            // Some transitions change only the abbreviation or the DST flag: walk past them.
            if found != 1 {
                return Segment {
                    from: instant,
                    until: None,
                    offset,
                };
            }
            if offset_after as i64 != offset {
                let until =
                    (boundary - UNIX_TO_POSTGRES_EPOCH_SECONDS).checked_mul(MICROS_PER_SECOND);
                return Segment {
                    from: instant,
                    until,
                    offset,
                };
            }
            probe = boundary;
        }
    }
}

/// Returns the hours of a numeric time zone such as '5' or '-3.5', read like the C library's
/// `strtod` that PostgreSQL's TimeZone setting uses: leading spaces allowed, nothing after.
fn offset_hours(text: &str) -> Option<f64> {
    let number = text.trim_start();
    let looks_numeric = number.chars().all(|character| {
        character.is_ascii_digit() || matches!(character, '+' | '-' | '.' | 'e' | 'E')
    });
    if number.is_empty() || !looks_numeric {
        return None;
    }
    number.parse::<f64>().ok().filter(|hours| hours.is_finite())
}

impl ZoneRules for PgZone {
    fn offset_at(&self, instant: i64) -> i64 {
        self.segment(instant).offset
    }

    fn next_change(&self, instant: i64) -> Option<i64> {
        self.segment(instant).until
    }
}
