//! CSV documents of the report, written with the `csv` crate to RFC 4180.
//!
//! ```
//! use amp::domain::csv_report::{Cell, CsvDocument};
//!
//! let mut document = CsvDocument::new(false);
//! document.write_row(&[Cell::Text("time"), Cell::Text("Web Actions Offered")]);
//! document.write_row(&[Cell::Text("2026-03-08T00:00:00-05:00"), Cell::Number(3)]);
//! assert_eq!(
//!     document.finish(),
//!     "time,Web Actions Offered\n2026-03-08T00:00:00-05:00,3\n"
//! );
//! ```
//!
//! Two flavours:
//! - plain: UTF-8 without a byte-order mark, LF line ends, and a field quoted only when it
//!   contains a comma, a double quote, CR or LF. These are the rules of PostgreSQL's
//!   `COPY ... (FORMAT csv, HEADER)` (`CopyAttributeOutCSV` in PostgreSQL 15), so the bytes
//!   equal what COPY writes for the same values.
//! - for a spreadsheet: a UTF-8 byte-order mark so that Excel reads the file as UTF-8, and CRLF
//!   line ends. Every text cell that begins with `=`, `+`, `-`, `@`, TAB or CR gets an
//!   apostrophe in front, so that a spreadsheet shows the text instead of running it as a
//!   formula. Numbers are never prefixed.

use csv::{QuoteStyle, Terminator, Writer, WriterBuilder};
use std::borrow::Cow;

/// The byte-order mark that marks the file as UTF-8 for a spreadsheet.
const UTF8_BOM: &str = "\u{FEFF}";

/// Leading characters after which a spreadsheet may read a cell as a formula: `=`, `+`, `-`
/// and `@` start one, and a leading TAB or CR can hide one.
const FORMULA_PREFIXES: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A value of one CSV field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text, which the spreadsheet flavour guards against formula injection.
    Text(&'a str),
    /// A count, written in decimal and never prefixed.
    Number(i64),
}

/// Returns `text` with an apostrophe in front when a spreadsheet would read it as a formula.
pub fn guard_formula(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_PREFIXES) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV document being written to memory; every row must have as many cells as the first.
pub struct CsvDocument {
    writer: Writer<Vec<u8>>,
    for_spreadsheet: bool,
}

impl CsvDocument {
    /// Starts a document in the plain flavour, or the spreadsheet flavour when
    /// `for_spreadsheet` is true.
    pub fn new(for_spreadsheet: bool) -> CsvDocument {
        let mut output = Vec::new();
        let terminator = if for_spreadsheet {
            output.extend_from_slice(UTF8_BOM.as_bytes());
            Terminator::CRLF
        } else {
            Terminator::Any(b'\n')
        };
        let writer = WriterBuilder::new()
            .quote_style(QuoteStyle::Necessary)
            .terminator(terminator)
            .from_writer(output);
        CsvDocument {
            writer,
            for_spreadsheet,
        }
    }

    /// Appends one record.
    ///
    /// NOTE: an empty text cell comes out as an empty field, as the `csv` crate writes it,
    /// while COPY writes `""` for an empty string. amp's documents hold times, titles and
    /// counts, none of them empty, so their bytes still equal COPY's.
    pub fn write_row(&mut self, cells: &[Cell<'_>]) {
        let fields = cells.iter().map(|cell| match *cell {
            Cell::Text(text) if self.for_spreadsheet => guard_formula(text),
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Number(number) => Cow::Owned(number.to_string()),
        });
        let fields: Vec<Cow<'_, str>> = fields.collect();
        // Writing to a Vec cannot fail, so the only error left is a row whose length differs
        // from the first row's.
        self.writer
            .write_record(fields.iter().map(|field| field.as_bytes()))
            .expect("every row of a CSV document has the header's length");
    }

    /// Returns the finished document.
    pub fn finish(self) -> String {
        let bytes = self
            .writer
            .into_inner()
            .expect("flushing a CSV writer into memory cannot fail");
        String::from_utf8(bytes).expect("a CSV document written from UTF-8 text is UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(rows: &[&[Cell<'_>]]) -> String {
        let mut document = CsvDocument::new(false);
        for row in rows {
            document.write_row(row);
        }
        document.finish()
    }

    fn spreadsheet(rows: &[&[Cell<'_>]]) -> String {
        let mut document = CsvDocument::new(true);
        for row in rows {
            document.write_row(row);
        }
        document.finish()
    }

    /// Parses a document back with the `csv` crate's reader, without treating a row as header.
    fn parse(document: &str) -> Vec<Vec<String>> {
        let body = document.strip_prefix(UTF8_BOM).unwrap_or(document);
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|record| record.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    const HOSTILE: [&str; 12] = [
        "=HYPERLINK(\"http://example.com\",\"click\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\tleading tab",
        "\rleading carriage return",
        "comma, inside",
        "\"quoted\" name",
        "line one\nline two",
        "🚀 launch, \"now\"",
        "'=already guarded",
        "a=b",
    ];

    #[test]
    fn plain_document_uses_lf_without_bom() {
        let document = plain(&[
            &[Cell::Text("time"), Cell::Text("Web Actions Qualified")],
            &[Cell::Text("2026-03-08T00:00:00-05:00"), Cell::Number(12)],
            &[Cell::Text("2026-03-08T01:00:00-05:00"), Cell::Number(0)],
        ]);
        let expected = "time,Web Actions Qualified\n\
                        2026-03-08T00:00:00-05:00,12\n\
                        2026-03-08T01:00:00-05:00,0\n";
        assert_eq!(document, expected);
    }

    #[test]
    fn plain_quoting_follows_copy_rules() {
        // COPY quotes a field that contains the delimiter, the quote, CR or LF, and doubles
        // quotes inside it. It leaves spaces, tabs, apostrophes and non-ASCII alone.
        let cases = [
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("carriage\rreturn", "\"carriage\rreturn\""),
            (" padded ", " padded "),
            ("\ttab", "\ttab"),
            ("=1+1", "=1+1"),
            ("café 🚀", "café 🚀"),
            ("back\\slash", "back\\slash"),
        ];
        for (text, field) in cases {
            let document = plain(&[&[Cell::Text(text), Cell::Number(1)]]);
            assert_eq!(document, format!("{field},1\n"), "{text:?}");
        }
    }

    #[test]
    fn plain_round_trips_hostile_text() {
        let rows: Vec<[Cell<'_>; 2]> = HOSTILE
            .iter()
            .map(|text| [Cell::Text(text), Cell::Number(7)])
            .collect();
        let mut document = CsvDocument::new(false);
        for row in &rows {
            document.write_row(row);
        }
        let parsed = parse(&document.finish());
        assert_eq!(parsed.len(), HOSTILE.len());
        for (record, text) in parsed.iter().zip(HOSTILE) {
            assert_eq!(record, &[text.to_owned(), "7".to_owned()]);
        }
    }

    #[test]
    fn spreadsheet_has_bom_and_crlf() {
        let document = spreadsheet(&[
            &[Cell::Text("time"), Cell::Text("Web Actions Offered")],
            &[Cell::Text("2026-03-08T00:00:00-05:00"), Cell::Number(4)],
        ]);
        let expected = "\u{FEFF}time,Web Actions Offered\r\n2026-03-08T00:00:00-05:00,4\r\n";
        assert_eq!(document, expected);
        assert!(document.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
    }

    #[test]
    fn spreadsheet_guards_formula_prefixes() {
        for text in HOSTILE {
            let document = spreadsheet(&[&[Cell::Text(text)]]);
            let parsed = parse(&document);
            let guarded = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let expected = if guarded {
                format!("'{text}")
            } else {
                text.to_owned()
            };
            assert_eq!(parsed, vec![vec![expected]], "{text:?}");
        }
    }

    #[test]
    fn spreadsheet_leaves_numbers_alone() {
        let document = spreadsheet(&[&[Cell::Number(-5), Cell::Number(0), Cell::Text("-5")]]);
        assert_eq!(document, "\u{FEFF}-5,0,'-5\r\n");
    }

    #[test]
    fn guard_then_quote() {
        let document = spreadsheet(&[&[Cell::Text("=1,\"2\"")]]);
        assert_eq!(document, "\u{FEFF}\"'=1,\"\"2\"\"\"\r\n");
    }

    #[test]
    fn guard_formula_cases() {
        assert_eq!(guard_formula("=A1"), "'=A1");
        assert_eq!(guard_formula("\r\nx"), "'\r\nx");
        assert_eq!(guard_formula("A1="), "A1=");
        assert_eq!(guard_formula(""), "");
        assert_eq!(guard_formula("’=curly apostrophe"), "’=curly apostrophe");
        assert!(matches!(guard_formula("plain"), Cow::Borrowed(_)));
    }

    #[test]
    #[should_panic(expected = "header's length")]
    fn rows_of_unequal_length_panic() {
        plain(&[&[Cell::Text("a"), Cell::Text("b")], &[Cell::Text("c")]]);
    }
}
