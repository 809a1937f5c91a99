//! Measures an xlsx workbook's shared strings before calamine opens it.
//!
//! calamine reserves room for as many strings as the `uniqueCount` attribute of `<sst>` announces, before
//! reading one: `uniqueCount="100000000000000"` in a 2 KB file asks for 2.4 petabytes, and a failed
//! allocation aborts the process (the command, or the whole Lambda), which no error handling can catch.
//! A string takes at least twelve bytes of XML (`<si><t/></si>`), so a count the part's size cannot
//! hold is a lie, and the workbook is refused as damaged.

use crate::error::ImportError;
use quick_xml::events::Event;
use std::io::{BufReader, Cursor, Read};

/// The fewest bytes of XML one shared string takes.
const SMALLEST_STRING_BYTES: u64 = 12;

/// Refuses an xlsx whose shared strings announce more strings than their size can hold.
pub fn check_shared_strings(bytes: &[u8], file_name: &str) -> Result<(), ImportError> {
    // The zip directory was read by `limits::check_zip`; a failure here is left to calamine to report.
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        // calamine looks the part up in a case-insensitive cache, next to wherever the workbook is.
        let Ok(name) = part.name().map(|name| name.into_owned()) else {
            continue;
        };
        if !name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        let size = part.size();
        let Some(announced) = announced_count(part) else {
            continue;
        };
        if announced > size / SMALLEST_STRING_BYTES + 1 {
            return Err(ImportError::Damaged {
                file_name: file_name.to_owned(),
                sheet: None,
                detail: format!("{name} announces {announced} strings in {size} bytes"),
            });
        }
    }
    Ok(())
}

/// The largest number a `uniqueCount` attribute of the first `<sst>` element spells, read the way
/// calamine reads the part (the same XML reader and settings), the attributes scanned as raw text so
/// that no spelling calamine would accept slips past. `None` when there is no such element.
fn announced_count(part: impl Read) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) if element.local_name().as_ref() == "sst" => {
                return Some(largest_count(element.attributes_raw().as_bytes()));
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
        buffer.clear();
    }
}

/// The largest run of digits after any `uniqueCount` in raw attribute text, saturating.
fn largest_count(attributes: &[u8]) -> u64 {
    const KEY: &[u8] = b"uniqueCount";
    let mut largest = 0u64;
    let mut rest = attributes;
    while let Some(at) = rest.windows(KEY.len()).position(|window| window == KEY) {
        rest = &rest[at + KEY.len()..];
        let value = rest
            .iter()
            .skip_while(|byte| byte.is_ascii_whitespace() || matches!(byte, b'=' | b'"' | b'\'' | b'+'))
            .take_while(|byte| byte.is_ascii_digit())
            .fold(0u64, |number, digit| {
                number.saturating_mul(10).saturating_add(u64::from(digit - b'0'))
            });
        largest = largest.max(value);
    }
    largest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_read_from_raw_attributes() {
        assert_eq!(largest_count(br#" count="3" uniqueCount="2""#), 2);
        assert_eq!(
            largest_count(br#" uniqueCount = '100000000000000' "#),
            100_000_000_000_000
        );
        assert_eq!(largest_count(br#" uniqueCount="99999999999999999999999""#), u64::MAX);
        assert_eq!(largest_count(br#" count="3""#), 0);
    }
}
