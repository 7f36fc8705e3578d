//! Series granularity: the names a user may pass and what each means.

use super::error::{quoted, AmpError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    /// Local whole hours, split at every UTC-offset change so none is longer than 60 minutes.
    Hour,
    /// Local dates: from the first instant of a date to the first instant of the next.
    Day,
}

impl Granularity {
    /// Parses a granularity, ignoring case and surrounding spaces.
    pub fn parse(text: &str) -> Result<Granularity, AmpError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "hour" | "hourly" | "pt1h" => Ok(Granularity::Hour),
            "day" | "daily" | "p1d" => Ok(Granularity::Day),
            _ => Err(
                AmpError::invalid(format!("invalid granularity: {}", quoted(text))).with_hint(
                    "Use 'hour' (also 'hourly', 'PT1H') or 'day' (also 'daily', 'P1D').",
                ),
            ),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Granularity::Hour => "hour",
            Granularity::Day => "day",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_every_spelling() {
        for text in ["hour", "HOURLY", "PT1H", " pt1h "] {
            assert_eq!(
                Granularity::parse(text).unwrap(),
                Granularity::Hour,
                "{text}"
            );
        }
        for text in ["day", "Daily", "P1D", "p1d"] {
            assert_eq!(
                Granularity::parse(text).unwrap(),
                Granularity::Day,
                "{text}"
            );
        }
    }

    #[test]
    fn parse_rejects_unknown_names() {
        for text in ["", "week", "PT15M", "hours"] {
            let error = Granularity::parse(text).unwrap_err();
            assert!(error.message.contains(&format!("\"{text}\"")), "{text}");
            assert!(error.hint.is_some());
        }
    }
}
