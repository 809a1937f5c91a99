//! Measures a legacy xls workbook before calamine reads it.
//!
//! calamine parses every sheet of an xls as soon as the workbook is opened, into dense ranges sized by
//! the sheet's DIMENSIONS record and by its outermost cells. A few hundred hostile bytes can therefore
//! ask for terabytes: a DIMENSIONS record whose last row precedes its first (the subtraction wraps), two
//! cells at opposite corners of a 65,536 x 65,536 grid, or a directory chain in the container that loops
//! forever. An allocation that large aborts the process, which no error handling can catch; so the
//! container (CFB) and the record stream (BIFF) are walked here first, the way calamine will walk them,
//! and the workbook is refused when it would pass the limits. When this walk cannot make sense of the
//! file, calamine is left to give its own error.

use crate::error::ImportError;
use crate::limits::Limits;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const MINI_STREAM_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;

/// Refuses an xls whose container loops or whose sheets would expand beyond the limits.
pub fn check_xls(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<(), ImportError> {
    let damaged = |sheet: Option<String>, detail: &str| ImportError::Damaged {
        file_name: file_name.to_owned(),
        sheet,
        detail: detail.to_owned(),
    };
    let stream = match workbook_stream(bytes) {
        Ok(Some(stream)) => stream,
        Ok(None) => return Ok(()),
        Err(detail) => return Err(damaged(None, detail)),
    };
    if is_encrypted(&stream) {
        return Err(ImportError::Encrypted {
            file_name: file_name.to_owned(),
        });
    }
    let sheets = bound_sheets(&stream);
    if sheets.len() > limits.max_sheets {
        return Err(ImportError::TooManySheets {
            file_name: file_name.to_owned(),
            sheets: sheets.len(),
            limit: limits.max_sheets,
        });
    }
    let mut workbook_cells = 0u64;
    for (position, name) in sheets {
        let Some(records) = stream.get(position..) else {
            return Err(damaged(
                Some(name),
                "a sheet starts beyond the end of the workbook stream",
            ));
        };
        let extent = scan_sheet(records).map_err(|detail| damaged(Some(name.clone()), detail))?;
        if extent.rows > limits.max_rows_per_sheet as u64 {
            return Err(ImportError::TooManyRows {
                file_name: file_name.to_owned(),
                sheet: name,
                limit: limits.max_rows_per_sheet,
            });
        }
        // Every sheet is held at once, so the workbook as a whole answers to the cell limit.
        workbook_cells = workbook_cells.saturating_add(extent.cells);
        if extent.declared_cells > limits.max_cells_per_sheet as u64
            || workbook_cells > limits.max_cells_per_sheet as u64
        {
            return Err(ImportError::TooManyCells {
                file_name: file_name.to_owned(),
                sheet: name,
                limit: limits.max_cells_per_sheet,
            });
        }
    }
    Ok(())
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// The compound file's sectors, read as calamine reads them.
struct Container<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
    max_id: usize,
}

impl Container<'_> {
    fn sector(&self, id: u32) -> Option<&[u8]> {
        let id = id as usize;
        if id > self.max_id {
            return None;
        }
        let start = (id + 1).checked_mul(self.sector_size)?;
        let end = (start + self.sector_size).min(self.bytes.len());
        self.bytes.get(start..end)
    }

    /// The bytes of a chain, up to `length`; `Err` when the chain loops or leaves the file before
    /// `length` bytes (calamine would then loop, or fail, on its own).
    fn chain(&self, start: u32, length: Option<usize>) -> Result<Vec<u8>, &'static str> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != END_OF_CHAIN && id < RESERVED_SECTORS {
            steps += 1;
            if steps > self.max_id + 1 {
                return Err("a sector chain of the container loops");
            }
            let sector = self
                .sector(id)
                .ok_or("a sector chain of the container leaves the file")?;
            let wanted = length.map_or(sector.len(), |length| sector.len().min(length - out.len()));
            out.extend_from_slice(&sector[..wanted]);
            if length.is_some_and(|length| out.len() >= length) {
                break;
            }
            id = *self
                .fat
                .get(id as usize)
                .ok_or("a sector chain of the container leaves the table")?;
        }
        Ok(out)
    }
}

/// The "Workbook" (or "Book") stream; `Ok(None)` when the container is not one we can walk.
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, &'static str> {
    let sector_size = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(None),
    };
    if bytes.len() < sector_size || u16_at(bytes, 32) != Some(6) {
        return Ok(None);
    }
    let max_id = bytes.len() / sector_size;
    let (Some(directory_start), Some(mini_fat_start), Some(mini_fat_sectors), Some(difat_start)) = (
        u32_at(bytes, 48),
        u32_at(bytes, 60),
        u32_at(bytes, 64),
        u32_at(bytes, 68),
    ) else {
        return Ok(None);
    };
    let mut container = Container {
        bytes,
        sector_size,
        fat: Vec::new(),
        max_id,
    };
    let mut difat: Vec<u32> = (0..109).filter_map(|index| u32_at(bytes, 76 + 4 * index)).collect();
    let mut next = difat_start;
    let mut steps = 0usize;
    while next < RESERVED_SECTORS {
        steps += 1;
        let Some(sector) = container.sector(next).filter(|_| steps <= max_id + 1) else {
            return Ok(None);
        };
        difat.extend((0..sector.len() / 4).filter_map(|index| u32_at(sector, 4 * index)));
        next = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFAT_SECTOR) {
        let Some(sector) = container.sector(id) else {
            return Ok(None);
        };
        fat.extend((0..sector.len() / 4).filter_map(|index| u32_at(sector, 4 * index)));
    }
    container.fat = fat;

    // calamine reads the directory chain without a length: a loop there never ends.
    let directory = container.chain(directory_start, None)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let Some(root) = entries.first() else {
        return Ok(None);
    };
    let length_of = |entry: &[u8]| -> Option<u64> {
        if sector_size == 512 {
            u32_at(entry, 120).map(u64::from)
        } else {
            u64_at(entry, 120)
        }
    };
    let file_length = bytes.len() as u64;
    let root_length = length_of(root).unwrap_or(0);
    let mini_fat_length = u64::from(mini_fat_sectors) * sector_size as u64;
    if root_length > file_length || mini_fat_length > file_length {
        return Err("the container declares streams larger than the file");
    }
    let Some(workbook) = entries.iter().find(|entry| {
        let name = entry_name(entry);
        name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book")
    }) else {
        return Ok(None);
    };
    let (Some(start), Some(length)) = (u32_at(workbook, 116), length_of(workbook)) else {
        return Ok(None);
    };
    if length > file_length {
        return Err("the workbook stream is declared larger than the file");
    }
    let length = length as usize;
    if length >= MINI_STREAM_CUTOFF {
        return container.chain(start, Some(length)).map(Some);
    }
    // A small workbook lives in the mini stream: 64-byte sectors inside the root entry's chain.
    let mini_stream = container.chain(u32_at(root, 116).unwrap_or(END_OF_CHAIN), Some(root_length as usize))?;
    let mini_fat_bytes = container.chain(mini_fat_start, Some(mini_fat_length as usize))?;
    let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4)
        .filter_map(|index| u32_at(&mini_fat_bytes, 4 * index))
        .collect();
    let mut out = Vec::with_capacity(length);
    let mut id = start;
    let mut steps = 0usize;
    while id != END_OF_CHAIN && out.len() < length {
        steps += 1;
        let begin = (id as usize).saturating_mul(MINI_SECTOR);
        let Some(sector) = mini_stream.get(begin..(begin + MINI_SECTOR).min(mini_stream.len())) else {
            return Ok(None);
        };
        if steps > mini_stream.len() / MINI_SECTOR + 1 || sector.is_empty() {
            return Ok(None);
        }
        out.extend_from_slice(&sector[..sector.len().min(length - out.len())]);
        id = *mini_fat.get(id as usize).unwrap_or(&END_OF_CHAIN);
    }
    Ok(Some(out))
}

fn entry_name(entry: &[u8]) -> String {
    let units: Vec<u16> = (0..32)
        .filter_map(|index| u16_at(entry, 2 * index))
        .take_while(|unit| *unit != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// BIFF records: (type, data), stopping where calamine would fail.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let kind = u16_at(rest, 0)?;
        let length = usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..4 + length)?;
        rest = &rest[4 + length..];
        Some((kind, data))
    })
}

/// Whether the workbook globals hold a FILEPASS record: the workbook is password-protected and every
/// record after it is encrypted (sheet names and cells read as noise). calamine's own test: a non-zero
/// encryption type.
fn is_encrypted(stream: &[u8]) -> bool {
    records(stream)
        .take_while(|(kind, _)| *kind != 0x000A)
        .any(|(kind, data)| kind == 0x002F && u16_at(data, 0).is_some_and(|encryption| encryption != 0))
}

/// The sheets of the workbook globals: where each starts, and its name.
fn bound_sheets(stream: &[u8]) -> Vec<(usize, String)> {
    let mut sheets = Vec::new();
    for (kind, data) in records(stream) {
        match kind {
            0x0085 => {
                let Some(position) = u32_at(data, 0) else { continue };
                let name = sheet_name(data).unwrap_or_else(|| format!("#{}", sheets.len() + 1));
                sheets.push((position as usize, name));
            }
            0x000A => break,
            _ => {}
        }
    }
    sheets
}

/// A BIFF8 sheet name: a length, a flag for 16-bit characters, then the characters.
fn sheet_name(data: &[u8]) -> Option<String> {
    let length = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 1 == 1;
    let text = data.get(8..)?;
    if wide {
        let units: Vec<u16> = (0..length).filter_map(|index| u16_at(text, 2 * index)).collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(text.get(..length)?.iter().map(|&byte| char::from(byte)).collect())
    }
}

/// How much a sheet asks of memory.
#[derive(Debug, Default, PartialEq, Eq)]
struct SheetExtent {
    /// Rows between the first and the last cell.
    rows: u64,
    /// Cells of the dense ranges calamine builds (values and formulas).
    cells: u64,
    /// Cells its DIMENSIONS record declares (calamine reserves room for them).
    declared_cells: u64,
}

#[derive(Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, column: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, column, column),
            Some((top, bottom, left, right)) => (top.min(row), bottom.max(row), left.min(column), right.max(column)),
        });
    }

    fn rows(&self) -> u64 {
        self.0.map_or(0, |(top, bottom, _, _)| u64::from(bottom - top) + 1)
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(top, bottom, left, right)| {
            (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1)
        })
    }
}

/// Walks one sheet's records as calamine does: nested substreams (charts) skipped, cells and formulas
/// bounded, the DIMENSIONS record checked for the wrap-around calamine would not survive.
fn scan_sheet(stream: &[u8]) -> Result<SheetExtent, &'static str> {
    let mut cells = Bounds::default();
    let mut formulas = Bounds::default();
    let mut declared_cells = 0u64;
    let mut seen_sheet_start = false;
    let mut depth = 0usize;
    let position = |data: &[u8]| Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
    for (kind, data) in records(stream) {
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match kind {
            0x0809 if seen_sheet_start => depth += 1,
            0x0809 => seen_sheet_start = true,
            0x000A => break,
            0x0200 => declared_cells = declared_cells.max(dimensions(data)?),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((row, column)) = position(data) {
                    cells.add(row, column);
                }
            }
            0x0006 => {
                if let Some((row, column)) = position(data) {
                    cells.add(row, column);
                    formulas.add(row, column);
                }
            }
            0x00BD => {
                // MulRk: a row, a first column, then six bytes per cell.
                if let (Some((row, first)), true) = (position(data), data.len() >= 6) {
                    let count = (data.len() - 6) / 6;
                    cells.add(row, first);
                    cells.add(row, first + count.saturating_sub(1) as u32);
                }
            }
            _ => {}
        }
    }
    Ok(SheetExtent {
        rows: cells.rows(),
        cells: cells.cells().saturating_add(formulas.cells()),
        declared_cells,
    })
}

/// The cells a DIMENSIONS record makes calamine reserve; `Err` when its bounds run backwards, which
/// calamine would turn into a wrapped, astronomical size.
fn dimensions(data: &[u8]) -> Result<u64, &'static str> {
    let (first_row, last_row, mut first_column, last_column) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        // calamine refuses these lengths itself.
        _ => return Ok(0),
    };
    if first_column > 0xFF || last_column < first_column {
        first_column = 0;
    }
    let (end_row, end_column) = if last_row >= 1 && last_column >= 1 {
        (last_row - 1, last_column - 1)
    } else {
        (first_row, first_column)
    };
    if end_row < first_row || end_column < first_column {
        return Err("the sheet's DIMENSIONS record runs backwards");
    }
    Ok((u64::from(end_row - first_row) + 1) * (u64::from(end_column - first_column) + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_that_would_wrap_are_refused() {
        let record = |first_row: u32, last_row: u32, first_column: u16, last_column: u16| {
            let mut data = Vec::new();
            data.extend_from_slice(&first_row.to_le_bytes());
            data.extend_from_slice(&last_row.to_le_bytes());
            data.extend_from_slice(&first_column.to_le_bytes());
            data.extend_from_slice(&last_column.to_le_bytes());
            data.extend_from_slice(&[0, 0]);
            data
        };
        assert_eq!(dimensions(&record(0, 10, 0, 4)), Ok(40));
        assert!(dimensions(&record(100, 50, 0, 4)).is_err(), "last row before the first");
        assert!(
            dimensions(&record(0, 10, 5, 5)).is_err(),
            "an empty column range starting at 5"
        );
        assert_eq!(dimensions(&record(0, 0, 0, 0)), Ok(1));
        assert_eq!(dimensions(&record(0, 65_536, 0, 256)), Ok(65_536 * 256));
    }

    #[test]
    fn cells_at_far_corners_make_a_big_dense_range() {
        let mut stream = Vec::new();
        let mut record = |kind: u16, data: &[u8]| {
            stream.extend_from_slice(&kind.to_le_bytes());
            stream.extend_from_slice(&(data.len() as u16).to_le_bytes());
            stream.extend_from_slice(data);
        };
        record(0x0809, &[0; 16]);
        let number = |row: u16, column: u16| {
            let mut data = Vec::new();
            data.extend_from_slice(&row.to_le_bytes());
            data.extend_from_slice(&column.to_le_bytes());
            data.extend_from_slice(&[0; 10]);
            data
        };
        record(0x0203, &number(0, 0));
        record(0x0203, &number(65_535, 65_535));
        record(0x000A, &[]);
        let extent = scan_sheet(&stream).unwrap();
        assert_eq!(extent.rows, 65_536);
        assert_eq!(extent.cells, 65_536 * 65_536);
    }

    #[test]
    fn what_is_not_a_compound_file_is_left_to_calamine() {
        assert_eq!(workbook_stream(b"not a compound file"), Ok(None));
        assert_eq!(check_xls(&[0u8; 600], "x.xls", &Limits::default()), Ok(()));
    }
}
