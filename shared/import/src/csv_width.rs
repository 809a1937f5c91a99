//! How wide a csv file's records are, found before the csv reader holds one: it keeps a whole record
//! in memory, however many fields it has, before any of it can be looked at.

use crate::error::ImportError;
use csv_core::{ReadFieldResult, ReaderBuilder};

/// Refuses a csv text with a record of more than `limit` fields.
///
/// Most files pass in one quick scan: without quotes, each line is one record, and a line with fewer
/// than `limit` delimiters cannot hold that many fields; with quotes (a quoted cell may hold line
/// breaks, so a record may span lines), fewer than `limit` delimiters in the whole file is enough.
/// Only the other files are parsed field by field, with the csv reader's own rules (quoted delimiters
/// are no separators), in constant memory.
pub fn check_record_widths(text: &[u8], delimiter: u8, limit: usize, file_name: &str) -> Result<(), ImportError> {
    let suspicious = if memchr::memchr(b'"', text).is_some() {
        memchr::memchr_iter(delimiter, text)
            .nth(limit.saturating_sub(1))
            .is_some()
    } else {
        let mut line_start = 0;
        memchr::memchr_iter(b'\n', text)
            .chain(std::iter::once(text.len()))
            .any(|line_end| {
                let line = &text[line_start..line_end];
                line_start = line_end + 1;
                line.len() >= limit
                    && memchr::memchr_iter(delimiter, line)
                        .nth(limit.saturating_sub(1))
                        .is_some()
            })
    };
    if !suspicious {
        return Ok(());
    }
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let mut field = [0u8; 4096];
    let mut input = text;
    let (mut record, mut fields) = (1u32, 0usize);
    loop {
        let (result, read, _) = reader.read_field(input, &mut field);
        input = &input[read..];
        match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
            ReadFieldResult::Field { record_end } => {
                fields += 1;
                if fields > limit {
                    return Err(ImportError::TooManyFields {
                        file_name: file_name.to_owned(),
                        row: record,
                        limit,
                    });
                }
                if record_end {
                    (record, fields) = (record.saturating_add(1), 0);
                }
            }
            ReadFieldResult::End => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_wider_than_the_limit_is_refused_with_its_row() {
        let mut text = b"Klant;Bedrag\nJansen;1,00\n".to_vec();
        text.extend(std::iter::repeat_n(b';', 100));
        text.extend_from_slice(b"\nSmit;2,00\n");
        assert_eq!(
            check_record_widths(&text, b';', 50, "w.csv"),
            Err(ImportError::TooManyFields {
                file_name: "w.csv".into(),
                row: 3,
                limit: 50
            })
        );
        assert_eq!(check_record_widths(&text, b';', 101, "w.csv"), Ok(()));
    }

    #[test]
    fn delimiters_inside_quotes_and_newlines_inside_quotes_are_no_fields() {
        let text = format!("Klant;Notitie\nJansen;\"{}\nnog{}\"\n", ";".repeat(60), ";".repeat(60));
        assert_eq!(check_record_widths(text.as_bytes(), b';', 50, "q.csv"), Ok(()));
        let wide_last_line = format!("Klant;Bedrag\n{}", ",".repeat(60));
        assert!(check_record_widths(wide_last_line.as_bytes(), b',', 50, "l.csv").is_err());
    }

    proptest::proptest! {
        // The scan must agree with the csv reader itself on every text, or it would refuse a file
        // the reader holds cheaply or let through one it does not.
        #[test]
        fn refuses_exactly_the_texts_with_a_record_wider_than_the_limit(
            text in "[a;\"\n\r]{0,120}",
            limit in 1usize..8,
        ) {
            let widest = csv::ReaderBuilder::new()
                .delimiter(b';')
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .filter_map(Result::ok)
                .map(|record| record.len())
                .max()
                .unwrap_or(0);
            let verdict = check_record_widths(text.as_bytes(), b';', limit, "p.csv");
            proptest::prop_assert_eq!(verdict.is_err(), widest > limit, "widest {}", widest);
        }
    }
}
