//! Compares `amp_series` read through the rollup with a raw recount (`amp.use_rollups = off`)
//! on random ranges and zones: DST days, quarter- and half-hour zones, unaligned range edges,
//! and local mean time whose bucket boundaries fall between 15-minute marks.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, CHAT_MAP};
    use pgrx::prelude::*;

    /// UTC windows with events: (start, length in hours, zones to read them in).
    const WINDOWS: [(&str, i64, &[&str]); 6] = [
        // New York springs forward on 2026-03-08.
        (
            "2026-03-06 00:00 UTC",
            120,
            &["America/New_York", "UTC", "Asia/Kathmandu"],
        ),
        // Adelaide (+10:30/+09:30) leaves DST on 2026-04-05 and enters it on 2026-10-04.
        (
            "2026-04-03 00:00 UTC",
            96,
            &["Australia/Adelaide", "Asia/Kolkata"],
        ),
        (
            "2026-10-02 00:00 UTC",
            96,
            &["Australia/Adelaide", "Europe/London"],
        ),
        // New York falls back on 2026-11-01.
        (
            "2026-10-30 00:00 UTC",
            120,
            &["America/New_York", "Asia/Kathmandu", "Australia/Adelaide"],
        ),
        // Local mean time: Kolkata +05:53:28, Kathmandu +05:41:16, New York -04:56:02.
        (
            "1850-06-01 00:00 UTC",
            72,
            &["Asia/Kolkata", "Asia/Kathmandu", "America/New_York"],
        ),
        // New York leaves local mean time for EST at 12:03:58 local on 1883-11-18.
        ("1883-11-17 00:00 UTC", 72, &["America/New_York", "UTC"]),
    ];

    const MICROS_PER_HOUR: u64 = 3_600_000_000;

    /// Adds events to CHAT_MAP in every window: spread by seconds, with some exactly on a
    /// 15-minute mark and some one microsecond before one.
    fn load_windows() {
        load_events(0);
        for (start, hours, _) in WINDOWS {
            Spi::run(&format!(
                "INSERT INTO amp_action_events
                 SELECT gen_random_uuid(), '{CHAT_MAP}', gen_random_uuid(), 'web_chat',
                        (enum_range(NULL::amp_event_type))[1 + i % 8],
                        CASE i % 5
                            WHEN 0 THEN amp_rollup_slot(t)
                            WHEN 1 THEN amp_rollup_slot(t) - interval '1 microsecond'
                            ELSE t
                        END
                 FROM generate_series(1, {events}) AS i,
                      LATERAL (SELECT timestamptz '{start}'
                                      + (i::bigint * 7919 % ({hours} * 3600)) * interval '1 second'
                                      + (i % 3) * interval '0.25 seconds' AS t) AS spread",
                events = hours * 20
            ))
            .expect("loading window events failed");
        }
    }

    fn next(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 17
    }

    /// Returns the differing rows of one series read both ways, and its event total.
    fn compare(call: &str) -> (i64, i64) {
        Spi::run(&format!(
            "CREATE TEMP TABLE with_rollup AS SELECT * FROM {call}"
        ))
        .unwrap();
        Spi::run("SET LOCAL amp.use_rollups = off").unwrap();
        Spi::run(&format!(
            "CREATE TEMP TABLE raw_only AS SELECT * FROM {call}"
        ))
        .unwrap();
        Spi::run("SET LOCAL amp.use_rollups = on").unwrap();
        let differing = Spi::get_one::<i64>(
            "SELECT count(*) FROM ((TABLE with_rollup EXCEPT ALL TABLE raw_only)
                                   UNION ALL (TABLE raw_only EXCEPT ALL TABLE with_rollup)) AS d",
        )
        .unwrap()
        .unwrap();
        let total = Spi::get_one::<i64>(
            "SELECT coalesce(sum(qualified + offered + accepted + started + engaged + rejected
                                 + errored + timed_out), 0)::bigint FROM raw_only",
        )
        .unwrap()
        .unwrap();
        Spi::run("DROP TABLE with_rollup, raw_only").unwrap();
        (differing, total)
    }

    #[pg_test]
    fn rollup_series_equal_raw_recount() {
        load_windows();
        let mut seed: u64 = 29;
        let mut counted_rounds = 0;
        for round in 0..90 {
            let (window_start, hours, zones) = WINDOWS[round % WINDOWS.len()];
            let zone = zones[(next(&mut seed) as usize) % zones.len()];
            let granularity = if next(&mut seed) % 3 == 0 {
                "day"
            } else {
                "hour"
            };
            let window_micros = hours as u64 * MICROS_PER_HOUR;
            let mut offset = next(&mut seed) % window_micros;
            let mut length = 1 + next(&mut seed) % (window_micros / 2);
            // A third of the ranges start and end on 15-minute marks.
            if round % 3 == 0 {
                let slot = 900_000_000;
                offset -= offset % slot;
                length = (length / slot).max(1) * slot;
            }
            let start = format!("timestamptz '{window_start}' + interval '{offset} microseconds'");
            let end = format!(
                "timestamptz '{window_start}' + interval '{} microseconds'",
                offset + length
            );
            let call =
                format!("amp_series('{CHAT_MAP}', {start}, {end}, '{granularity}', '{zone}')");
            let (differing, total) = compare(&call);
            assert_eq!(differing, 0, "{call}");
            if total > 0 {
                counted_rounds += 1;
            }
        }
        assert!(
            counted_rounds > 60,
            "only {counted_rounds} ranges held events"
        );
    }

    #[pg_test]
    fn rollup_series_equal_on_range_edges() {
        load_windows();
        // Ranges that start or end one microsecond off a mark, or lie inside one slot.
        let ranges = [
            (
                "2026-11-01 04:59:59.999999 UTC",
                "2026-11-01 07:00:00.000001 UTC",
            ),
            ("2026-11-01 05:00 UTC", "2026-11-01 05:14:59.999999 UTC"),
            ("2026-11-01 05:03 UTC", "2026-11-01 05:04 UTC"),
            ("2026-10-31 00:00 UTC", "2026-11-03 00:00 UTC"),
            ("1850-06-01 05:00 UTC", "1850-06-02 19:30 UTC"),
        ];
        for (start, end) in ranges {
            for zone in [
                "America/New_York",
                "Asia/Kolkata",
                "Asia/Kathmandu",
                "Australia/Adelaide",
            ] {
                for granularity in ["hour", "day"] {
                    let call = format!(
                        "amp_series('{CHAT_MAP}', '{start}', '{end}', '{granularity}', '{zone}')"
                    );
                    assert_eq!(compare(&call).0, 0, "{call}");
                }
            }
        }
    }
}
