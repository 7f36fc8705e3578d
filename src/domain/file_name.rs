//! Safe file names for an export: `amp-<slug of the map's name>-from-<start>-to-<end>.csv`.
//!
//! ```
//! use amp::domain::file_name::{export_file_name, slug};
//!
//! assert_eq!(slug("Chat for Pricing!"), "chat-for-pricing");
//! // 2026-03-01 and 2026-04-01, 00:00 UTC, as microseconds since 2000-01-01.
//! let (start, end) = (825_638_400_000_000, 828_316_800_000_000);
//! assert_eq!(
//!     export_file_name("Chat for Pricing", "5b1c…", start, end),
//!     "amp-chat-for-pricing-from-20260301T000000Z-to-20260401T000000Z.csv"
//! );
//! ```
//!
//! The slug holds only lowercase ASCII letters, digits and single hyphens, never at either end,
//! and at most `MAX_SLUG_LEN` characters. Every other character separates words:
//! - ASCII letters are lowercased;
//! - non-ASCII letters and digits are transliterated to ASCII by the `deunicode` crate
//!   ("Crème brûlée" becomes `creme-brulee`, "Чат" becomes `chat`, "价格" becomes `jia-ge`);
//! - everything else, including punctuation, path separators, quotes, control characters,
//!   spaces and emoji, is a separator.
//!
//! A name with nothing left after slugging falls back to the map's id. The file name always
//! starts with `amp-` and ends with `.csv`, so it is never `.`, `..` or hidden, and it is at
//! most 130 bytes long, well under the 255-byte limit of common file systems. The
//! instants are in UTC in ISO 8601's basic form, which has no colons, because Windows does
//! not allow colons in file names.

use super::iso8601::basic_utc;

/// Maximum length of a slug, in ASCII characters.
pub const MAX_SLUG_LEN: usize = 60;

/// Returns the ASCII transliteration of a non-ASCII letter or digit, or nothing when
/// `deunicode` has none.
fn ascii_spelling(character: char) -> &'static str {
    deunicode::deunicode_char(character).unwrap_or("")
}

/// Returns the slug of a name: lowercase ASCII letters and digits, words joined by single
/// hyphens, cut to `MAX_SLUG_LEN` characters. It is empty when no character of the name is, or
/// transliterates to, an ASCII letter or digit.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    let mut separator_pending = false;
    let mut push = |character: char| {
        if character.is_ascii_alphanumeric() {
            if separator_pending && !slug.is_empty() {
                slug.push('-');
            }
            slug.push(character.to_ascii_lowercase());
            separator_pending = false;
        } else {
            separator_pending = true;
        }
    };
    for character in name.chars() {
        if character.is_ascii() {
            push(character);
        } else if character.is_alphanumeric() {
            // A transliteration continues the word ("e" for é), or ends with a space when the
            // character is a word of its own ("Jia " for 价).
            ascii_spelling(character).chars().for_each(&mut push);
        } else {
            push(' ');
        }
    }
    // Every character is ASCII, so any byte index is a character boundary.
    slug.truncate(MAX_SLUG_LEN);
    slug.trim_end_matches('-').to_owned()
}

/// Returns the file name of an export of the map named `map_name` over `[range_start,
/// range_end)`, instants in microseconds since 2000-01-01 UTC. The slug of `map_id`, such as a
/// UUID, replaces a name whose slug is empty.
pub fn export_file_name(map_name: &str, map_id: &str, range_start: i64, range_end: i64) -> String {
    let name_slug = slug(map_name);
    let subject = if name_slug.is_empty() {
        slug(map_id)
    } else {
        name_slug
    };
    format!(
        "amp-{subject}-from-{}-to-{}.csv",
        basic_utc(range_start),
        basic_utc(range_end)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARCH: i64 = 825_638_400_000_000;
    const APRIL: i64 = 828_316_800_000_000;
    const MAP_ID: &str = "5b1c2d3e-0000-4000-8000-00000000abcd";

    fn is_safe_file_name(name: &str) -> bool {
        let allowed = |character: char| {
            character.is_ascii_lowercase()
                || character.is_ascii_digit()
                || "-.+TZ".contains(character)
        };
        name.starts_with("amp-")
            && name.ends_with(".csv")
            && name.chars().all(allowed)
            && name.len() < 255
    }

    #[test]
    fn slug_of_plain_names() {
        assert_eq!(slug("Chat for Pricing"), "chat-for-pricing");
        assert_eq!(slug("  Chat -- for   Pricing!! "), "chat-for-pricing");
        assert_eq!(slug("Q3_2026 offer #2"), "q3-2026-offer-2");
        assert_eq!(slug("ALLCAPS"), "allcaps");
    }

    #[test]
    fn slug_of_hostile_names() {
        let cases = [
            ("../../etc/passwd", "etc-passwd"),
            ("..\\..\\windows\\system32", "windows-system32"),
            (
                "\"; DROP TABLE amp_action_maps; --",
                "drop-table-amp-action-maps",
            ),
            ("=HYPERLINK(\"http://x\")", "hyperlink-http-x"),
            ("line\nbreak\r\ttab\0nul", "line-break-tab-nul"),
            ("'single' `back` \"double\"", "single-back-double"),
            ("name.csv", "name-csv"),
            ("C:\\temp\\x", "c-temp-x"),
        ];
        for (name, expected) in cases {
            assert_eq!(slug(name), expected, "{name:?}");
        }
    }

    #[test]
    fn slug_transliterates_letters_and_drops_symbols() {
        assert_eq!(slug("Crème brûlée"), "creme-brulee");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug("Чат"), "chat");
        assert_eq!(slug("价格"), "jia-ge");
        assert_eq!(slug("🚀 Launch 🚀 Chat"), "launch-chat");
        assert_eq!(slug("ünïcödé"), "unicode");
        assert_eq!(slug("٣ offers"), "3-offers");
    }

    #[test]
    fn slug_can_be_empty() {
        for name in [
            "",
            "   ",
            "...",
            "../..",
            "🚀🎉",
            "\"'`",
            "\u{200B}\u{FEFF}",
        ] {
            assert_eq!(slug(name), "", "{name:?}");
        }
    }

    #[test]
    fn slug_is_capped_without_trailing_hyphen() {
        let long = "word ".repeat(40);
        let capped = slug(&long);
        assert!(capped.len() <= MAX_SLUG_LEN);
        assert!(!capped.ends_with('-'));
        assert!(capped.starts_with("word-word"));
        assert_eq!(slug(&"x".repeat(500)).len(), MAX_SLUG_LEN);
        // The cut lands right after a hyphen here: "word-" repeated twelve times is 60.
        assert_eq!(slug(&"word ".repeat(13)), "word-".repeat(11) + "word");
    }

    #[test]
    fn file_name_of_example_map() {
        let name = export_file_name("Chat for Pricing", MAP_ID, MARCH, APRIL);
        assert_eq!(
            name,
            "amp-chat-for-pricing-from-20260301T000000Z-to-20260401T000000Z.csv"
        );
    }

    #[test]
    fn file_name_falls_back_to_id() {
        let name = export_file_name("🚀🚀", MAP_ID, MARCH, APRIL);
        assert_eq!(
            name,
            format!("amp-{MAP_ID}-from-20260301T000000Z-to-20260401T000000Z.csv")
        );
    }

    #[test]
    fn file_name_length_is_bounded() {
        // The last microsecond PostgreSQL can store, 294276-12-31 23:59:59.999999 UTC.
        let last = 9_223_371_331_199_999_999;
        let name = export_file_name(&"x".repeat(300), MAP_ID, last, last);
        assert_eq!(name.len(), 130);
        assert!(
            name.ends_with("-to-+2942761231T235959.999999Z.csv"),
            "{name}"
        );
    }

    #[test]
    fn file_names_of_hostile_names_are_safe() {
        let names = [
            "../../etc/passwd",
            "\"; DROP",
            "🚀",
            "",
            ".",
            "..",
            "/",
            "\\",
            "a/b\\c:d*e?f\"g<h>i|j",
            "\u{0}\u{7}\u{1B}[31mred",
            &"long name ".repeat(100),
        ];
        for map_name in names {
            let name = export_file_name(map_name, MAP_ID, MARCH, APRIL);
            assert!(is_safe_file_name(&name), "{map_name:?} gave {name:?}");
            assert!(!name.contains(".."), "{name:?}");
        }
    }
}
