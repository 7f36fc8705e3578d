//! Compares `amp_series` with hand-written SQL that groups the same events by local hour and
//! offset, or by local date, on random ranges in several zones.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, CHAT_MAP};
    use pgrx::prelude::*;

    const ZONES: [&str; 6] = [
        "UTC",
        "America/New_York",
        "Europe/London",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Australia/Adelaide",
    ];

    /// Counts, per bucket start, the events of CHAT_MAP in the range: a bucket is a local
    /// hour together with its UTC offset, or a local date.
    fn plain_sql(granularity: &str, zone: &str, start: &str, end: &str) -> String {
        let key = if granularity == "hour" {
            format!(
                "(date_trunc('hour', occurred_at AT TIME ZONE '{zone}') AT TIME ZONE 'UTC')
                 - ((occurred_at AT TIME ZONE '{zone}') - (occurred_at AT TIME ZONE 'UTC'))"
            )
        } else {
            format!("date_trunc('day', occurred_at AT TIME ZONE '{zone}') AT TIME ZONE '{zone}'")
        };
        format!(
            "SELECT {key} AS bucket, count(*) FILTER (WHERE event_type = 'qualified') AS qualified,
                    count(*) FILTER (WHERE event_type = 'engaged') AS engaged,
                    count(*) AS total
             FROM amp_action_events
             WHERE action_map_id = '{CHAT_MAP}' AND occurred_at >= '{start}'
               AND occurred_at < '{end}'
             GROUP BY 1"
        )
    }

    fn amp_sql(granularity: &str, zone: &str, start: &str, end: &str) -> String {
        format!(
            "SELECT \"time\" AS bucket, qualified, engaged,
                    qualified + offered + accepted + started + engaged + rejected + errored
                    + timed_out AS total
             FROM amp_series('{CHAT_MAP}', '{start}', '{end}', '{granularity}', '{zone}')
             WHERE qualified + offered + accepted + started + engaged + rejected + errored
                   + timed_out > 0"
        )
    }

    #[pg_test]
    fn series_match_plain_sql() {
        load_events(6_000);
        let mut seed: u64 = 5;
        for round in 0..24 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let zone = ZONES[round % ZONES.len()];
            let granularity = if round % 2 == 0 { "hour" } else { "day" };
            let start_minutes = (seed >> 33) % (20 * 1440);
            let length_minutes = 1 + (seed >> 45) % (12 * 1440);
            let start =
                format!("2026-11-01 00:00 UTC'::timestamptz + interval '{start_minutes} minutes");
            let end = format!(
                "2026-11-01 00:00 UTC'::timestamptz + interval '{} minutes",
                start_minutes + length_minutes
            );
            let start = Spi::get_one::<String>(&format!("SELECT ('{start}')::text"))
                .unwrap()
                .unwrap();
            let end = Spi::get_one::<String>(&format!("SELECT ('{end}')::text"))
                .unwrap()
                .unwrap();
            let amp = amp_sql(granularity, zone, &start, &end);
            let plain = plain_sql(granularity, zone, &start, &end);
            let differences = Spi::get_one::<i64>(&format!(
                "SELECT count(*) FROM ((({amp}) EXCEPT ({plain}))
                                       UNION ALL (({plain}) EXCEPT ({amp}))) AS d"
            ))
            .unwrap();
            assert_eq!(
                differences,
                Some(0),
                "{granularity} {zone} [{start}, {end})"
            );
            let rows = Spi::get_one::<i64>(&format!("SELECT count(*) FROM ({amp}) AS a")).unwrap();
            assert!(
                rows.unwrap_or(0) > 0,
                "{granularity} {zone} [{start}, {end})"
            );
        }
    }
}
