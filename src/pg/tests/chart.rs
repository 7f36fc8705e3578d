//! Tests of `amp_chart_svg`: its points follow `amp_series`, and its arguments are checked.

#[pgrx::pg_schema]
mod tests {
    use crate::pg::tests::fixtures::{load_events, sqlstate_of, CHAT_MAP, HOOK_MAP, OFFER_MAP};
    use pgrx::prelude::*;

    fn chart(arguments: &str) -> String {
        Spi::get_one::<String>(&format!("SELECT amp_chart_svg({arguments})"))
            .unwrap()
            .unwrap()
    }

    /// Returns the y coordinates of the first polyline, one per bucket.
    fn first_line_heights(svg: &str) -> Vec<f64> {
        let points = svg
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        points
            .split(' ')
            .map(|pair| pair.split_once(',').unwrap().1.parse().unwrap())
            .collect()
    }

    #[pg_test]
    fn chart_has_one_line_per_map() {
        load_events(200);
        let svg = chart(&format!(
            "ARRAY['{CHAT_MAP}', '{HOOK_MAP}', '{OFFER_MAP}']::uuid[],
             '2026-11-01', '2026-12-01', 'day', 'UTC'"
        ));
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert_eq!(svg.matches("<polyline").count(), 3);
        assert!(svg.contains("Web Actions Offered per day"));
        assert!(svg.contains(">Chat</text>"));
    }

    #[pg_test]
    fn chart_points_follow_series() {
        load_events(200);
        let svg = chart(&format!(
            "ARRAY['{CHAT_MAP}']::uuid[], '2026-11-01', '2026-11-11', 'day', 'UTC', 'qualified'"
        ));
        let heights = first_line_heights(&svg);
        let counts = Spi::get_one::<Vec<i64>>(&format!(
            "SELECT array_agg(qualified ORDER BY \"time\")
             FROM amp_series('{CHAT_MAP}', '2026-11-01', '2026-11-11', 'day', 'UTC')"
        ))
        .unwrap()
        .unwrap();
        assert_eq!(heights.len(), counts.len());

        // A larger count is drawn higher, so at a smaller y, and equal counts at equal heights.
        for i in 0..counts.len() {
            for j in 0..counts.len() {
                if counts[i] > counts[j] {
                    assert!(
                        heights[i] < heights[j],
                        "buckets {i} and {j}: {counts:?} {heights:?}"
                    );
                }
                if counts[i] == counts[j] {
                    assert_eq!(heights[i], heights[j], "buckets {i} and {j}");
                }
            }
        }
    }

    #[pg_test]
    fn chart_lists_inapplicable_map_without_line() {
        load_events(50);
        let svg = chart(&format!(
            "ARRAY['{CHAT_MAP}', '{HOOK_MAP}']::uuid[],
             '2026-11-01', '2026-11-08', 'day', 'UTC', 'accepted'"
        ));
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains("Hook (metric does not apply)"));
    }

    #[pg_test]
    fn chart_escapes_map_names() {
        load_events(10);
        Spi::run(&format!(
            "UPDATE amp_action_maps SET name = '<b>\"Tom & Jerry''s\"</b>'
             WHERE action_map_id = '{CHAT_MAP}'"
        ))
        .unwrap();
        let svg = chart(&format!(
            "ARRAY['{CHAT_MAP}']::uuid[], '2026-11-01', '2026-11-02'"
        ));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;b&gt;&quot;Tom &amp; Jerry&apos;s&quot;&lt;/b&gt;"));
    }

    #[pg_test]
    fn chart_hour_labels_follow_zone() {
        load_events(10);
        let svg = chart(&format!(
            "ARRAY['{CHAT_MAP}']::uuid[], '2026-11-01 00:00 UTC', '2026-11-01 02:00 UTC',
             'hour', 'Asia/Kathmandu'"
        ));
        // Kathmandu is UTC+05:45: the three hours that overlap 00:00-02:00 UTC start at 23:15,
        // 00:15 and 01:15 UTC, which are 05:00, 06:00 and 07:00 local time.
        for label in [
            ">11-01 05:00</text>",
            ">11-01 06:00</text>",
            ">11-01 07:00</text>",
        ] {
            assert!(svg.contains(label), "{label} missing from {svg}");
        }
        assert!(!svg.contains(">11-01 00:00</text>"), "{svg}");
    }

    #[pg_test]
    fn chart_rejects_bad_arguments() {
        load_events(0);
        let chat = format!("ARRAY['{CHAT_MAP}']::uuid[]");
        let unknown = "ARRAY['00000000-0000-4000-8000-0000000000ff']::uuid[]";
        let cases = [
            (
                "NULL::uuid[], '2026-11-01', '2026-11-02'".to_string(),
                "22004",
            ),
            (
                "'{}'::uuid[], '2026-11-01', '2026-11-02'".to_string(),
                "22023",
            ),
            (
                format!("ARRAY['{CHAT_MAP}', NULL]::uuid[], '2026-11-01', '2026-11-02'"),
                "22004",
            ),
            (format!("{chat}, NULL, '2026-11-02'"), "22004"),
            (
                format!("{chat}, '2026-11-01', '2026-11-02', 'day', 'UTC', NULL"),
                "22004",
            ),
            (format!("{chat}, '2026-11-02', '2026-11-01'"), "22023"),
            (
                format!("{chat}, '2026-11-01', '2026-11-02', 'week'"),
                "22023",
            ),
            (
                format!("{chat}, '2026-11-01', '2026-11-02', 'day', 'Mars/Olympus'"),
                "22023",
            ),
            (format!("{unknown}, '2026-11-01', '2026-11-02'"), "P0002"),
        ];
        for (arguments, expected) in cases {
            let statement = format!("SELECT amp_chart_svg({arguments})");
            assert_eq!(
                sqlstate_of(&statement).as_deref(),
                Some(expected),
                "{statement}"
            );
        }
    }
}
