//! Errors of the domain core. `crate::pg::error` maps each kind to a SQLSTATE in one place.

use std::fmt;

/// The class of a failure, which decides the SQLSTATE reported to the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A required argument is NULL (22004 null_value_not_allowed).
    NullArgument,
    /// An argument has a value amp cannot use (22023 invalid_parameter_value).
    InvalidParameter,
    /// A referenced object does not exist (P0002 no_data_found).
    NotFound,
    /// A count or instant left the range of its type (22003 numeric_value_out_of_range).
    OutOfRange,
    /// The call is valid but not possible in the current transaction, such as at its isolation
    /// level (0A000 feature_not_supported).
    Unsupported,
    /// A query amp issues itself failed (XX000 internal_error).
    Internal,
}

/// An error a user can act on: a lowercase message naming the value, and a hint with the fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmpError {
    pub kind: ErrorKind,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
}

impl AmpError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> AmpError {
        AmpError {
            kind,
            message: message.into(),
            detail: None,
            hint: None,
        }
    }

    pub fn null_argument(argument: &str) -> AmpError {
        AmpError::new(
            ErrorKind::NullArgument,
            format!("argument \"{argument}\" must not be NULL"),
        )
        .with_hint(format!("Pass a value for \"{argument}\"."))
    }

    pub fn invalid(message: impl Into<String>) -> AmpError {
        AmpError::new(ErrorKind::InvalidParameter, message)
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> AmpError {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> AmpError {
        self.hint = Some(hint.into());
        self
    }
}

/// Maximum number of characters of a user's value that an error message repeats.
const QUOTED_CHARS: usize = 80;

/// Returns a user's value for an error message: in double quotes, with control characters
/// escaped so that they show, and cut after `QUOTED_CHARS` characters so that a huge value
/// does not flood the client and the server log.
pub fn quoted(value: &str) -> String {
    let mut text = String::from("\"");
    for character in value.chars().take(QUOTED_CHARS) {
        if character.is_control() || character == '"' || character == '\\' {
            text.extend(character.escape_debug());
        } else {
            text.push(character);
        }
    }
    text.push('"');
    let length = value.chars().count();
    if length > QUOTED_CHARS {
        text.push_str(&format!(" (cut, {length} characters in all)"));
    }
    text
}

impl fmt::Display for AmpError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for AmpError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_escapes_control_characters() {
        assert_eq!(quoted("\u{1}UTC"), "\"\\u{1}UTC\"");
        assert_eq!(quoted("a\nb"), "\"a\\nb\"");
        assert_eq!(quoted("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn quoted_cuts_long_values() {
        let long = "x".repeat(1_000);
        let text = quoted(&long);
        assert!(text.len() < 150);
        assert!(text.ends_with("(cut, 1000 characters in all)"));
    }

    #[test]
    fn quoted_keeps_unicode() {
        assert_eq!(quoted("Zürich 🙂"), "\"Zürich 🙂\"");
    }
}
