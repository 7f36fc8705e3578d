//! Tests of `amp_parse_event_time` against PostgreSQL's own timestamptz input.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    #[pg_test]
    fn parse_agrees_with_timestamptz_input() {
        let forms = [
            "2026-11-01T14:30:00Z",
            "2026-11-01 14:30:00+00",
            "2026-11-01T15:30:00.25+01:00",
            "2026-11-01T15:30:00+0100",
            "2026-11-01T09:30-05",
            "2026-11-01T20:15:00.000001+05:45",
            "2000-01-01T00:00:00Z",
            "1999-12-31T23:59:59.999999-15:59",
            "9999-12-31T23:59:59+15:00",
            "2028-02-29T12:00:00Z",
        ];
        for form in forms {
            let same = Spi::get_one_with_args::<bool>(
                "SELECT amp_parse_event_time($1) = $1::timestamptz",
                &[form.into()],
            )
            .unwrap();
            assert_eq!(same, Some(true), "{form}");
        }
    }

    #[pg_test]
    fn parse_returns_null_without_offset() {
        Spi::run("SET LOCAL TimeZone = 'America/New_York'").unwrap();
        for form in ["2026-11-01 14:30:00", "2026-11-01", "now", "infinity", ""] {
            let parsed = Spi::get_one_with_args::<TimestampWithTimeZone>(
                "SELECT amp_parse_event_time($1)",
                &[form.into()],
            )
            .unwrap();
            assert_eq!(parsed, None, "{form}");
        }
    }
}
