//! Tests of `amp_export_csv` and `amp_export_filename`: equality with COPY's bytes and with
//! `amp_series`, headers, the spreadsheet flavour, file names and argument errors.

#[pgrx::pg_schema]
mod tests {
    use crate::domain::metric::{ActionType, Metric};
    use crate::pg::tests::export_support::{
        copy_csv, hostile_map_id, insert_hostile_maps, parse_csv, series_fields, HOSTILE_NAMES,
    };
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP, OFFER_MAP};
    use pgrx::prelude::*;

    fn export_csv(arguments: &str) -> String {
        Spi::get_one::<String>(&format!("SELECT amp_export_csv({arguments})"))
            .unwrap()
            .unwrap()
    }

    /// Returns the COPY query that writes the same values as `amp_export_csv` for `metrics`.
    fn copy_query(map: &str, metrics: &[Metric], window: &str) -> String {
        let columns: Vec<String> = metrics
            .iter()
            .map(|metric| format!("{} AS \"{}\"", metric.label(), metric.report_title()))
            .collect();
        format!(
            "SELECT \"time\" AS \"time\", {} FROM amp_export(ARRAY['{map}']::uuid[], {window})",
            columns.join(", ")
        )
    }

    #[pg_test]
    fn csv_equals_copy_bytes() {
        load_events(1_000);
        let window = "'2026-11-01 00:00-04', '2026-11-03 00:00-05', 'hour', 'America/New_York'";
        let cases = [
            (CHAT_MAP, ActionType::WebChat, "NULL"),
            (HOOK_MAP, ActionType::Webhook, "NULL"),
            (
                OFFER_MAP,
                ActionType::ContentOffer,
                "'{errored,accepted,started}'",
            ),
        ];
        for (map, action, metrics) in cases {
            let selected: Vec<Metric> = Metric::ALL
                .into_iter()
                .filter(|metric| action.applies(*metric))
                .filter(|metric| metrics == "NULL" || metrics.contains(metric.label()))
                .collect();
            let copied = copy_csv(&copy_query(map, &selected, window));
            let exported = export_csv(&format!("'{map}', {window}, {metrics}"));
            assert_eq!(exported, copied, "{map} {metrics}");
            assert_eq!(exported.lines().count(), 1 + 49, "{map}");
        }
    }

    #[pg_test]
    fn csv_counts_equal_series() {
        load_events(1_000);
        let (start, end) = ("2026-11-01 00:00+05:45", "2026-11-08 00:00+05:45");
        let records = parse_csv(&export_csv(&format!(
            "'{CHAT_MAP}', '{start}', '{end}', 'day', 'Asia/Kathmandu'"
        )));
        let titles: Vec<&str> = Metric::ALL
            .iter()
            .map(|metric| metric.report_title())
            .collect();
        assert_eq!(records[0][0], "time");
        assert_eq!(records[0][1..], titles[..]);
        let expected = series_fields(CHAT_MAP, start, end, "day", "Asia/Kathmandu");
        assert_eq!(records[1..], expected[..]);
    }

    #[pg_test]
    fn csv_header_lists_applicable_selection() {
        load_events(0);
        let document = export_csv(&format!(
            "'{HOOK_MAP}', '2026-01-01 00:00+00', '2026-01-01 01:00+00', 'hour', 'UTC',
             '{{timed_out,engaged,started,qualified,engaged}}'"
        ));
        assert_eq!(
            document,
            "time,Web Actions Qualified,Web Actions Engaged\n2026-01-01T00:00:00+00:00,0,0\n"
        );
    }

    #[pg_test]
    fn csv_without_applicable_metric_has_time_only() {
        load_events(0);
        let document = export_csv(&format!(
            "'{HOOK_MAP}', '2026-01-01 00:00+00', '2026-01-01 02:00+00', 'hour', 'UTC', '{{started}}'"
        ));
        assert_eq!(
            document,
            "time\n2026-01-01T00:00:00+00:00\n2026-01-01T01:00:00+00:00\n"
        );
    }

    #[pg_test]
    fn csv_defaults_to_hours_in_session_zone() {
        load_events(0);
        Spi::run("SET LOCAL TimeZone = 'Asia/Kolkata'").unwrap();
        let document = export_csv(&format!(
            "'{OFFER_MAP}', '2026-01-01 00:00+05:30', '2026-01-01 01:00+05:30'"
        ));
        assert!(
            document.starts_with("time,Web Actions Qualified,"),
            "{document}"
        );
        assert!(
            document.contains("\n2026-01-01T00:00:00+05:30,0,0,0,0,0\n"),
            "{document}"
        );
        assert_eq!(document.lines().count(), 2);
    }

    #[pg_test]
    fn csv_for_spreadsheet_has_bom_and_crlf() {
        load_events(0);
        let window = "'2026-01-01 00:00+00', '2026-01-01 02:00+00', 'hour', 'UTC', '{offered}'";
        let document = export_csv(&format!("'{CHAT_MAP}', {window}, true"));
        let expected = "\u{FEFF}time,Web Actions Offered\r\n\
                        2026-01-01T00:00:00+00:00,0\r\n\
                        2026-01-01T01:00:00+00:00,0\r\n";
        assert_eq!(document, expected);
        let plain = export_csv(&format!("'{CHAT_MAP}', {window}, false"));
        assert_eq!(
            plain,
            expected
                .trim_start_matches('\u{FEFF}')
                .replace("\r\n", "\n")
        );
    }

    #[pg_test]
    fn csv_for_spreadsheet_guards_negative_years() {
        // 2 BC is year -0001 in ISO 8601, so the time cell starts with a minus sign.
        load_events(0);
        let window =
            "'0002-01-01 00:00+00 BC', '0002-01-01 01:00+00 BC', 'hour', 'UTC', '{offered}'";
        let guarded = export_csv(&format!("'{CHAT_MAP}', {window}, true"));
        assert_eq!(
            guarded,
            "\u{FEFF}time,Web Actions Offered\r\n'-0001-01-01T00:00:00+00:00,0\r\n"
        );
        let plain = export_csv(&format!("'{CHAT_MAP}', {window}"));
        assert_eq!(
            plain,
            "time,Web Actions Offered\n-0001-01-01T00:00:00+00:00,0\n"
        );
    }

    #[pg_test]
    fn csv_bad_arguments_raise_sqlstates() {
        load_events(0);
        let window = "'2026-01-01', '2026-01-02', 'hour', 'UTC'";
        let cases = [
            (format!("NULL, {window}"), "22004"),
            (format!("'{CHAT_MAP}', NULL, '2026-01-02'"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-01', NULL"), "22004"),
            (
                format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', NULL"),
                "22004",
            ),
            (
                format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', 'hour', NULL"),
                "22004",
            ),
            (format!("'{CHAT_MAP}', {window}, '{{NULL}}'"), "22004"),
            (format!("'{CHAT_MAP}', {window}, NULL, NULL"), "22004"),
            (format!("'{CHAT_MAP}', {window}, '{{}}'"), "22023"),
            (format!("'{CHAT_MAP}', '2026-01-02', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', '-infinity', '2026-01-01'"), "22023"),
            (
                format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', 'fortnight'"),
                "22023",
            ),
            (
                format!("'{CHAT_MAP}', '2026-01-01', '2026-01-02', 'hour', 'Atlantis'"),
                "22023",
            ),
            (
                format!("'00000000-0000-4000-8000-00000000ffff', {window}"),
                "P0002",
            ),
        ];
        for (arguments, expected) in cases {
            let statement = format!("SELECT amp_export_csv({arguments})");
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }

    #[pg_test]
    fn filename_of_example_map() {
        Spi::run(
            "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
             VALUES ('00000000-0000-4000-8000-0000000000c1', 'Chat for Pricing', 'segment',
                     'Pricing readers', 'web_chat')",
        )
        .unwrap();
        let name = Spi::get_one::<String>(
            "SELECT amp_export_filename('00000000-0000-4000-8000-0000000000c1',
                                        '2026-03-01 00:00+00', '2026-03-31 20:00-04')",
        )
        .unwrap();
        assert_eq!(
            name.as_deref(),
            Some("amp-chat-for-pricing-from-20260301T000000Z-to-20260401T000000Z.csv")
        );
    }

    #[pg_test]
    fn filename_of_hostile_names_is_safe() {
        insert_hostile_maps();
        for index in 0..HOSTILE_NAMES.len() {
            let id = hostile_map_id(index);
            let name = Spi::get_one::<String>(&format!(
                "SELECT amp_export_filename('{id}', '2026-03-01 00:00+00', '2026-03-02 00:00+00')"
            ))
            .unwrap()
            .unwrap();
            let safe = name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-.TZ".contains(c));
            assert!(safe, "{:?} gave {name:?}", HOSTILE_NAMES[index]);
            assert!(
                name.starts_with("amp-")
                    && name.ends_with("-from-20260301T000000Z-to-20260302T000000Z.csv")
            );
            assert!(!name.contains(".."), "{name:?}");
        }
        let rocket = Spi::get_one::<String>(&format!(
            "SELECT amp_export_filename('{}', '2026-03-01 00:00+00', '2026-03-02 00:00+00')",
            hostile_map_id(9)
        ))
        .unwrap();
        assert_eq!(
            rocket.as_deref(),
            Some("amp-rocket-chat-from-20260301T000000Z-to-20260302T000000Z.csv")
        );
        let empty = Spi::get_one::<String>(&format!(
            "SELECT amp_export_filename('{}', '2026-03-01 00:00+00', '2026-03-02 00:00+00')",
            hostile_map_id(14)
        ))
        .unwrap();
        let expected = format!(
            "amp-{}-from-20260301T000000Z-to-20260302T000000Z.csv",
            hostile_map_id(14)
        );
        assert_eq!(empty, Some(expected));
    }

    #[pg_test]
    fn filename_bad_arguments_raise_sqlstates() {
        load_events(0);
        let cases = [
            (format!("NULL, '2026-01-01', '2026-01-02'"), "22004"),
            (format!("'{CHAT_MAP}', NULL, '2026-01-02'"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-01', NULL"), "22004"),
            (format!("'{CHAT_MAP}', '2026-01-02', '2026-01-01'"), "22023"),
            (format!("'{CHAT_MAP}', '2026-01-01', 'infinity'"), "22023"),
            (
                format!("'00000000-0000-4000-8000-00000000ffff', '2026-01-01', '2026-01-02'"),
                "P0002",
            ),
        ];
        for (arguments, expected) in cases {
            let statement = format!("SELECT amp_export_filename({arguments})");
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }
}
