//! A line chart of series as an SVG document, written by hand so that amp needs no plotting
//! library.
//!
//! Buckets are evenly spaced along the x axis in order, one point per bucket, so a 25-hour
//! day takes the same width as a 24-hour one. The y axis starts at 0 and ends at a round
//! number at or above the largest count. Series whose metric does not apply are listed in
//! the legend without a line. Every text taken from the caller is XML-escaped.

use super::buckets::{MICROS_PER_DAY, MICROS_PER_SECOND};
use super::granularity::Granularity;
use chrono::{Duration, NaiveDate};
use std::fmt::Write;

const WIDTH: f64 = 960.0;
const PLOT_LEFT: f64 = 72.0;
const PLOT_RIGHT: f64 = WIDTH - 24.0;
const PLOT_TOP: f64 = 64.0;
const PLOT_BOTTOM: f64 = 384.0;
const LEGEND_TOP: f64 = PLOT_BOTTOM + 56.0;
const LEGEND_ROW: f64 = 20.0;

/// Maximum number of x-axis labels. Labels in between are skipped so that none overlap.
const MAX_X_LABELS: usize = 8;

/// Okabe-Ito colors, which stay distinct for the common forms of color blindness. Series past
/// the last color reuse the palette with a dashed line.
const PALETTE: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
];

/// One line of the chart: a legend label and one count per bucket, or `None` for every bucket
/// when the metric does not apply.
pub struct ChartSeries {
    pub label: String,
    pub values: Option<Vec<i64>>,
}

/// A chart: a title, a subtitle, one x label per bucket and the series to draw.
pub struct LineChart {
    pub title: String,
    pub subtitle: String,
    pub x_labels: Vec<String>,
    pub series: Vec<ChartSeries>,
}

/// Returns the label of a bucket that starts at `instant` (microseconds since 2000-01-01 UTC)
/// in a zone whose UTC offset there is `offset_seconds`: the local date for days, the local
/// date and hour for hours.
pub fn bucket_label(instant: i64, offset_seconds: i64, granularity: Granularity) -> String {
    let local = instant + offset_seconds * MICROS_PER_SECOND;
    let day = local.div_euclid(MICROS_PER_DAY);
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).expect("2000-01-01 is a valid date");
    let date = epoch
        .checked_add_signed(Duration::days(day))
        .unwrap_or(epoch);
    match granularity {
        Granularity::Day => date.format("%Y-%m-%d").to_string(),
        Granularity::Hour => {
            let micros_of_day = local.rem_euclid(MICROS_PER_DAY);
            let hour = micros_of_day / (3_600 * MICROS_PER_SECOND);
            let minute = micros_of_day / (60 * MICROS_PER_SECOND) % 60;
            format!("{} {hour:02}:{minute:02}", date.format("%m-%d"))
        }
    }
}

/// Escapes text for use in SVG character data and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // XML 1.0 allows no other control characters, not even as references.
            '\t' | '\n' | '\r' => escaped.push(character),
            control if control.is_control() => escaped.push('\u{FFFD}'),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Returns the top of the y axis and the step between its ticks. The step is 1, 2 or 5 times a
/// power of ten, the smallest that reaches `max` in at most 5 steps. The top is at least 1.
pub fn y_axis(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut power: i64 = 1;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            let steps = (max + step - 1) / step;
            if steps <= 5 {
                return (steps * step, step);
            }
        }
        power *= 10;
    }
}

fn x_position(index: usize, count: usize) -> f64 {
    if count <= 1 {
        return (PLOT_LEFT + PLOT_RIGHT) / 2.0;
    }
    PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * index as f64 / (count - 1) as f64
}

fn y_position(value: i64, top: i64) -> f64 {
    PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value as f64 / top as f64
}

/// Writes the chart as a complete SVG document.
pub fn render_svg(chart: &LineChart) -> String {
    let height = LEGEND_TOP + LEGEND_ROW * chart.series.len() as f64 + 16.0;
    let max = chart
        .series
        .iter()
        .filter_map(|s| s.values.as_ref())
        .flatten()
        .copied()
        .max();
    let (top, step) = y_axis(max.unwrap_or(0));

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" "#,
            r#"viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
        ),
        width = WIDTH,
        height = height
    );
    let _ = writeln!(svg, "<title>{}</title>", escape_xml(&chart.title));
    let _ = writeln!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let title_style = r#"font-size="16" font-weight="bold""#;
    push_text(&mut svg, (PLOT_LEFT, 24.0), title_style, &chart.title);
    push_text(
        &mut svg,
        (PLOT_LEFT, 44.0),
        r##"fill="#555555""##,
        &chart.subtitle,
    );

    write_y_axis(&mut svg, top, step);
    write_x_axis(&mut svg, &chart.x_labels);
    for (index, series) in chart.series.iter().enumerate() {
        write_series(&mut svg, index, series, top, chart.x_labels.len());
    }
    svg.push_str("</svg>\n");
    svg
}

/// Appends a line element from `from` to `to`, with `style` as further attributes.
fn push_line(svg: &mut String, from: (f64, f64), to: (f64, f64), style: &str) {
    let _ = writeln!(
        svg,
        r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" {style}/>"#,
        from.0, from.1, to.0, to.1
    );
}

/// Appends a text element at `at`, with `style` as further attributes. Escapes `text`.
fn push_text(svg: &mut String, at: (f64, f64), style: &str, text: &str) {
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" {style}>{}</text>"#,
        at.0,
        at.1,
        escape_xml(text)
    );
}

fn write_y_axis(svg: &mut String, top: i64, step: i64) {
    let mut value = 0;
    while value <= top {
        let y = y_position(value, top);
        push_line(
            svg,
            (PLOT_LEFT, y),
            (PLOT_RIGHT, y),
            r##"stroke="#dddddd""##,
        );
        let label_at = (PLOT_LEFT - 8.0, y + 4.0);
        push_text(svg, label_at, r#"text-anchor="end""#, &value.to_string());
        value += step;
    }
}

fn write_x_axis(svg: &mut String, labels: &[String]) {
    let axis_style = r##"stroke="#333333""##;
    push_line(
        svg,
        (PLOT_LEFT, PLOT_BOTTOM),
        (PLOT_RIGHT, PLOT_BOTTOM),
        axis_style,
    );

    let every = labels.len().div_ceil(MAX_X_LABELS).max(1);
    for (index, label) in labels.iter().enumerate().step_by(every) {
        let x = x_position(index, labels.len());
        push_line(svg, (x, PLOT_BOTTOM), (x, PLOT_BOTTOM + 4.0), axis_style);
        push_text(
            svg,
            (x, PLOT_BOTTOM + 20.0),
            r#"text-anchor="middle""#,
            label,
        );
    }
}

fn write_series(svg: &mut String, index: usize, series: &ChartSeries, top: i64, buckets: usize) {
    let color = PALETTE[index % PALETTE.len()];
    let dash = if index >= PALETTE.len() {
        r#" stroke-dasharray="6 3""#
    } else {
        ""
    };
    let stroke = format!(r#"stroke="{color}" stroke-width="2"{dash}"#);
    let legend_y = LEGEND_TOP + LEGEND_ROW * index as f64;
    let legend_text_at = (PLOT_LEFT + 32.0, legend_y);

    let Some(values) = &series.values else {
        let label = format!("{} (metric does not apply)", series.label);
        push_text(svg, legend_text_at, r##"fill="#777777""##, &label);
        return;
    };

    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(bucket, &value)| {
            let x = x_position(bucket, buckets);
            format!("{x:.1},{:.1}", y_position(value, top))
        })
        .collect();
    let _ = writeln!(
        svg,
        r#"<polyline fill="none" {stroke} points="{}"><title>{}</title></polyline>"#,
        points.join(" "),
        escape_xml(&series.label)
    );
    let swatch_y = legend_y - 4.0;
    push_line(
        svg,
        (PLOT_LEFT, swatch_y),
        (PLOT_LEFT + 24.0, swatch_y),
        &stroke,
    );
    push_text(svg, legend_text_at, "", &series.label);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(series: Vec<ChartSeries>, buckets: usize) -> LineChart {
        LineChart {
            title: "Web Actions Offered per day".into(),
            subtitle: "UTC".into(),
            x_labels: (0..buckets).map(|day| format!("day {day}")).collect(),
            series,
        }
    }

    #[test]
    fn y_axis_rounds_up_to_few_steps() {
        assert_eq!(y_axis(0), (1, 1));
        assert_eq!(y_axis(5), (5, 1));
        assert_eq!(y_axis(7), (8, 2));
        assert_eq!(y_axis(23), (25, 5));
        assert_eq!(y_axis(1_234), (1_500, 500));
        assert_eq!(y_axis(100_000), (100_000, 20_000));
    }

    #[test]
    fn y_axis_covers_the_maximum() {
        for max in 0..5_000 {
            let (top, step) = y_axis(max);
            assert!(top >= max, "max {max}");
            assert!(top / step <= 5, "max {max}");
            assert_eq!(top % step, 0, "max {max}");
        }
    }

    #[test]
    fn escape_replaces_markup_characters() {
        assert_eq!(
            escape_xml(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert_eq!(escape_xml("bell\u{7}"), "bell\u{FFFD}");
    }

    #[test]
    fn bucket_label_uses_local_date() {
        // 2026-11-01 04:00 UTC is midnight in New York (UTC-4 before the fall-back change).
        let instant = (NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
            - NaiveDate::from_ymd_opt(2000, 1, 1).unwrap())
        .num_days()
            * MICROS_PER_DAY
            + 4 * 3_600 * MICROS_PER_SECOND;
        assert_eq!(
            bucket_label(instant, -4 * 3_600, Granularity::Day),
            "2026-11-01"
        );
        assert_eq!(bucket_label(instant, 0, Granularity::Hour), "11-01 04:00");
        assert_eq!(
            bucket_label(instant, 5 * 3_600 + 45 * 60, Granularity::Hour),
            "11-01 09:45"
        );
    }

    #[test]
    fn render_draws_one_polyline_per_applicable_series() {
        let svg = render_svg(&chart(
            vec![
                ChartSeries {
                    label: "Chat".into(),
                    values: Some(vec![1, 5, 3]),
                },
                ChartSeries {
                    label: "Hook".into(),
                    values: None,
                },
            ],
            3,
        ));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>\n"));
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains("Hook (metric does not apply)"));
    }

    #[test]
    fn render_places_points_left_to_right() {
        let svg = render_svg(&chart(
            vec![ChartSeries {
                label: "Chat".into(),
                values: Some(vec![0, 5, 5]),
            }],
            3,
        ));
        let points = svg
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let coordinates: Vec<(f64, f64)> = points
            .split(' ')
            .map(|pair| {
                let (x, y) = pair.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        assert_eq!(coordinates.len(), 3);
        assert_eq!(coordinates[0], (PLOT_LEFT, PLOT_BOTTOM));
        assert_eq!(coordinates[2], (PLOT_RIGHT, PLOT_TOP));
        assert!(coordinates[0].0 < coordinates[1].0);
    }

    #[test]
    fn render_escapes_series_labels() {
        let svg = render_svg(&chart(
            vec![ChartSeries {
                label: "<script>alert(1)</script>".into(),
                values: Some(vec![1]),
            }],
            1,
        ));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn render_limits_x_labels() {
        let svg = render_svg(&chart(
            vec![ChartSeries {
                label: "Chat".into(),
                values: Some(vec![1; 90]),
            }],
            90,
        ));
        let labels = svg.matches("text-anchor=\"middle\"").count();
        assert!(labels <= MAX_X_LABELS, "{labels} labels");
        assert!(labels >= MAX_X_LABELS - 1, "{labels} labels");
    }

    #[test]
    fn render_dashes_series_past_the_palette() {
        let series = (0..PALETTE.len() + 1)
            .map(|index| ChartSeries {
                label: format!("map {index}"),
                values: Some(vec![1, 2]),
            })
            .collect();
        let svg = render_svg(&chart(series, 2));
        assert_eq!(svg.matches("stroke-dasharray").count(), 2);
    }
}
