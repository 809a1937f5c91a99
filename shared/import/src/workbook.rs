//! Workbooks (xlsx, xlsm, xlsb, xls, ods) read with calamine into [`Grid`]s.
//!
//! xlsx and xlsb sheets are streamed cell by cell: calamine's `worksheet_range` would first build a
//! dense rectangle, so a workbook with one cell in A1 and one in XFD1048576 would ask for 17 billion
//! cells before we could say no. Streaming also keeps a million-row sheet at one copy of its cells.
//! xls and ods are only offered as dense ranges by calamine; their size is bounded beforehand (BIFF
//! sheets cannot exceed 65,536 x 256; ods content is measured by [`crate::ods_guard`]).

use crate::error::ImportError;
use crate::grid::{text_cell, text_cell_from, Grid, GridBuilder};
use crate::limits::Limits;
use crate::sniff::Format;
use calamine::{Data, DataRef, ExcelDateTime, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx, XlsxError};
use chrono::NaiveDate;
use credit_core::ledger::Cell;
use credit_core::money::decimal_from_f64;
use rust_decimal::Decimal;
use std::fmt::Display;
use std::io::Cursor;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;

/// Reads every worksheet of a workbook (not csv), in workbook order.
///
/// calamine indexes and slices hostile bytes in places without checking them first (a two-byte field
/// read from an empty record, a sheet offset past the stream); such a panic is caught here and told as
/// a damaged file, because a user's file must never bring the service down.
pub fn read_workbook(bytes: &[u8], format: Format, file_name: &str, limits: &Limits) -> Result<Vec<Grid>, ImportError> {
    std::panic::catch_unwind(AssertUnwindSafe(|| read_sheets(bytes, format, file_name, limits))).unwrap_or_else(|_| {
        Err(ImportError::Damaged {
            file_name: file_name.to_owned(),
            sheet: None,
            detail: "the spreadsheet reader failed on malformed content".to_owned(),
        })
    })
}

fn read_sheets(bytes: &[u8], format: Format, file_name: &str, limits: &Limits) -> Result<Vec<Grid>, ImportError> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => {
            let mut workbook: Xlsx<_> = Xlsx::new(cursor).map_err(|error| open_error(file_name, error))?;
            // As calamine read it from <workbookPr>: whatever the quoting, the attribute order, or
            // where the officeDocument relationship puts the workbook part.
            let date1904 = workbook.has_1904_epoch();
            let mut grids = Vec::new();
            let mut budget = WorkbookBudget::new(limits);
            for (name, hidden) in worksheet_names(workbook.sheets_metadata(), file_name, limits)? {
                let sheet_limits = budget.next_sheet();
                let limits = &sheet_limits;
                let sheet = name.clone();
                let borrowed = &mut workbook;
                let produce = producer(move |emit| {
                    let mut reader = borrowed
                        .worksheet_cells_reader(&sheet)
                        .map_err(|error| damaged(file_name, &sheet, error))?;
                    let mut unknown_errors = UnknownErrors::default();
                    loop {
                        let cell = match reader.next_cell() {
                            Ok(Some(cell)) => cell,
                            Ok(None) => break,
                            Err(XlsxError::CellError(value)) => {
                                unknown_errors.skip(value, file_name, &sheet, limits)?;
                                continue;
                            }
                            Err(error) => return Err(damaged(file_name, &sheet, error)),
                        };
                        unknown_errors.next_cell();
                        let (row, column) = cell.get_position();
                        if !emit(row, column, cell.get_value().clone()) {
                            break;
                        }
                    }
                    Ok(unknown_errors)
                });
                let (mut builder, unknown_errors) =
                    stream_sheet(GridBuilder::new(name, date1904, file_name, limits), produce)
                        .map_err(|error| budget.explain(error))?;
                unknown_errors
                    .place(&mut workbook, &mut builder)
                    .map_err(|error| budget.explain(error))?;
                grids.push(budget.take(Grid {
                    hidden,
                    ..builder.finish()
                }));
            }
            Ok(grids)
        }
        Format::Xlsb => {
            let mut workbook: Xlsb<_> = Xlsb::new(cursor).map_err(|error| open_error(file_name, error))?;
            // calamine keeps the xlsb date system to itself; date cells carry it, bare serials cannot.
            let date1904 = false;
            let mut grids = Vec::new();
            let mut budget = WorkbookBudget::new(limits);
            for (name, hidden) in worksheet_names(workbook.sheets_metadata(), file_name, limits)? {
                let sheet_limits = budget.next_sheet();
                let limits = &sheet_limits;
                let sheet = name.clone();
                let workbook = &mut workbook;
                let produce = producer(move |emit| {
                    let mut reader = workbook
                        .worksheet_cells_reader(&sheet)
                        .map_err(|error| damaged(file_name, &sheet, error))?;
                    while let Some(cell) = reader.next_cell().map_err(|error| damaged(file_name, &sheet, error))? {
                        let (row, column) = cell.get_position();
                        if !emit(row, column, cell.get_value().clone()) {
                            break;
                        }
                    }
                    Ok(())
                });
                let (builder, ()) = stream_sheet(GridBuilder::new(name, date1904, file_name, limits), produce)
                    .map_err(|error| budget.explain(error))?;
                grids.push(budget.take(Grid {
                    hidden,
                    ..builder.finish()
                }));
            }
            Ok(grids)
        }
        Format::Xls => {
            let workbook: Xls<_> = Xls::new(cursor).map_err(|error| open_error(file_name, error))?;
            read_ranges(workbook, file_name, limits)
        }
        Format::Ods => {
            let workbook: Ods<_> = Ods::new(cursor).map_err(|error| open_error(file_name, error))?;
            read_ranges(workbook, file_name, limits)
        }
        Format::Csv => Ok(Vec::new()),
    }
}

/// Cells cross from the reading thread to the building one in batches: one channel operation per few
/// thousand cells.
const BATCH: usize = 4096;

/// Streams one sheet into `builder` on two threads: calamine inflates and parses the XML on one; the
/// cells are typed, the grid is built and its limits enforced on the other. Parsing is most of
/// the work of a big import, and a Lambda of 1.8 GB or more has two cores.
///
/// When the builder refuses a cell (a limit), the channel is closed and the reader stops at its next
/// batch.
/// Pins the lifetime of the cells a reader yields to the workbook they borrow from (a closure alone
/// would be asked to accept cells of any lifetime).
fn producer<'d, F, T>(produce: F) -> F
where
    F: FnOnce(&mut dyn FnMut(u32, u32, DataRef<'d>) -> bool) -> Result<T, ImportError> + Send,
{
    produce
}

/// The builder is handed back unfinished, with what the reader returned, so that cells found after
/// the stream (see [`UnknownErrors`]) can still be placed.
fn stream_sheet<'d, 'b, F, T>(mut builder: GridBuilder<'b>, produce: F) -> Result<(GridBuilder<'b>, T), ImportError>
where
    F: FnOnce(&mut dyn FnMut(u32, u32, DataRef<'d>) -> bool) -> Result<T, ImportError> + Send,
    T: Send,
{
    let sheet = builder.sheet_name().to_owned();
    let file_name = builder.file_name().to_owned();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<(u32, u32, DataRef<'d>)>>(4);
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let mut open = true;
            let mut emit = |row: u32, column: u32, data: DataRef<'d>| {
                batch.push((row, column, data));
                if batch.len() == BATCH {
                    open = sender
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .is_ok();
                }
                open
            };
            let outcome = produce(&mut emit);
            if !batch.is_empty() {
                // The builder may have stopped already; then there is nobody to tell.
                let _ = sender.send(batch);
            }
            outcome
        });
        let mut built = Ok(());
        for batch in receiver.iter() {
            built = batch
                .into_iter()
                .try_for_each(|(row, column, data)| builder.put(row, column, from_owned_data_ref(data)));
            if built.is_err() {
                break;
            }
        }
        // Closing the channel before waiting, so that a reader blocked on a full channel wakes up.
        drop(receiver);
        let read = reader.join().unwrap_or_else(|_| {
            Err(ImportError::Damaged {
                file_name,
                sheet: Some(sheet),
                detail: "the spreadsheet reader failed on malformed content".to_owned(),
            })
        });
        built?;
        let read = read?;
        Ok((builder, read))
    })
}

/// Error values calamine does not know fail their cell in calamine's reader, not only the value: Excel
/// 365's `#SPILL!`, `#CALC!`, `#FIELD!`..., the file format's `#GETTING_DATA`, Google Sheets' `#ERROR!`.
/// One such cell made the whole workbook "damaged". The reader goes on with the next cell (it is left
/// inside the failed one, which it skips), the failed cells are counted by their place in the stream,
/// and a second pass that reads positions only ([`XlsxCellReader::next_formula`], which parses no
/// value) puts each back as the error it is, so that its row is refused for it like any `#N/A`.
///
/// [`XlsxCellReader::next_formula`]: calamine::XlsxCellReader::next_formula
#[derive(Default)]
struct UnknownErrors {
    /// (the 0-based place of the cell among the sheet's `<c>` elements, its value)
    cells: Vec<(usize, String)>,
    seen: usize,
}

impl UnknownErrors {
    fn next_cell(&mut self) {
        self.seen += 1;
    }

    /// Records a failed cell, refusing the sheet when there are more of them than it may hold cells.
    fn skip(&mut self, value: String, file_name: &str, sheet: &str, limits: &Limits) -> Result<(), ImportError> {
        if self.cells.len() >= limits.max_cells_per_sheet {
            return Err(ImportError::TooManyCells {
                file_name: file_name.to_owned(),
                sheet: sheet.to_owned(),
                limit: limits.max_cells_per_sheet,
            });
        }
        // An error value is a few characters; a longer one is kept short, not held whole.
        let value = value.chars().take(32).collect();
        self.cells.push((self.seen, value));
        self.seen += 1;
        Ok(())
    }

    fn place<RS>(self, workbook: &mut Xlsx<RS>, builder: &mut GridBuilder<'_>) -> Result<(), ImportError>
    where
        RS: std::io::Read + std::io::Seek,
    {
        if self.cells.is_empty() {
            return Ok(());
        }
        let sheet = builder.sheet_name().to_owned();
        let file_name = builder.file_name();
        let mut reader = workbook
            .worksheet_cells_reader(&sheet)
            .map_err(|error| damaged(file_name, &sheet, error))?;
        let mut pending = self.cells.into_iter().peekable();
        let mut place = 0;
        while let Some(cell) = reader
            .next_formula()
            .map_err(|error| damaged(file_name, &sheet, error))?
        {
            while let Some((_, value)) = pending.next_if(|(at, _)| *at == place) {
                let (row, column) = cell.get_position();
                builder.put(row, column, Cell::Error(value))?;
            }
            if pending.peek().is_none() {
                break;
            }
            place += 1;
        }
        Ok(())
    }
}

/// The rows and cells the sheets read so far hold, against the workbook's limits: each sheet may take
/// only what the ones before it left, and running out is told as the workbook's limit, not the sheet's.
struct WorkbookBudget<'l> {
    limits: &'l Limits,
    rows: usize,
    cells: usize,
}

impl<'l> WorkbookBudget<'l> {
    fn new(limits: &'l Limits) -> Self {
        WorkbookBudget {
            limits,
            rows: 0,
            cells: 0,
        }
    }

    /// The limits of the next sheet: its own, or what is left of the workbook's when that is less.
    fn next_sheet(&self) -> Limits {
        let limits = self.limits;
        Limits {
            max_rows_per_sheet: limits
                .max_rows_per_sheet
                .min(limits.max_rows_per_workbook.saturating_sub(self.rows)),
            max_cells_per_sheet: limits
                .max_cells_per_sheet
                .min(limits.max_cells_per_workbook.saturating_sub(self.cells)),
            ..limits.clone()
        }
    }

    /// Counts a sheet read in.
    fn take(&mut self, grid: Grid) -> Grid {
        self.rows += grid.rows.len();
        self.cells += grid.rows.iter().map(|row| row.cells.len()).sum::<usize>();
        grid
    }

    /// A sheet refused for a limit lower than its own was refused for the workbook's.
    fn explain(&self, error: ImportError) -> ImportError {
        match error {
            ImportError::TooManyRows {
                file_name,
                sheet,
                limit,
            } if limit < self.limits.max_rows_per_sheet => ImportError::TooManyRowsInWorkbook {
                file_name,
                sheet,
                limit: self.limits.max_rows_per_workbook,
            },
            ImportError::TooManyCells {
                file_name,
                sheet,
                limit,
            } if limit < self.limits.max_cells_per_sheet => ImportError::TooManyCellsInWorkbook {
                file_name,
                sheet,
                limit: self.limits.max_cells_per_workbook,
            },
            other => other,
        }
    }
}

/// The worksheets (not chart or macro sheets) with whether each is hidden, refused when there are more
/// sheets than the limit.
fn worksheet_names(
    sheets: &[calamine::Sheet],
    file_name: &str,
    limits: &Limits,
) -> Result<Vec<(String, bool)>, ImportError> {
    if sheets.len() > limits.max_sheets {
        return Err(ImportError::TooManySheets {
            file_name: file_name.to_owned(),
            sheets: sheets.len(),
            limit: limits.max_sheets,
        });
    }
    Ok(sheets
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| (sheet.name.clone(), sheet.visible != SheetVisible::Visible))
        .collect())
}

fn read_ranges<RS, R>(mut workbook: R, file_name: &str, limits: &Limits) -> Result<Vec<Grid>, ImportError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: Display,
{
    let names = worksheet_names(workbook.sheets_metadata(), file_name, limits)?;
    let mut grids = Vec::with_capacity(names.len());
    let mut budget = WorkbookBudget::new(limits);
    for (name, hidden) in names {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|error| damaged(file_name, &name, error))?;
        let sheet_limits = budget.next_sheet();
        let mut builder = GridBuilder::new(name, false, file_name, &sheet_limits);
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        for (row, column, data) in range.used_cells() {
            let row = first_row.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
            let column = first_column.saturating_add(u32::try_from(column).unwrap_or(u32::MAX));
            builder
                .put(row, column, from_data(data))
                .map_err(|error| budget.explain(error))?;
        }
        grids.push(budget.take(Grid {
            hidden,
            ..builder.finish()
        }));
    }
    Ok(grids)
}

fn open_error(file_name: &str, error: impl Display) -> ImportError {
    let detail = error.to_string();
    if detail.to_ascii_lowercase().contains("password") {
        ImportError::Encrypted {
            file_name: file_name.to_owned(),
        }
    } else {
        ImportError::Damaged {
            file_name: file_name.to_owned(),
            sheet: None,
            detail,
        }
    }
}

fn damaged(file_name: &str, sheet: &str, error: impl Display) -> ImportError {
    ImportError::Damaged {
        file_name: file_name.to_owned(),
        sheet: Some(sheet.to_owned()),
        detail: error.to_string(),
    }
}

/// A streamed cell as the ledger reads it; an inline string already trimmed is moved, not copied.
fn from_owned_data_ref(data: DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(value) => Cell::Number(Decimal::from(value)),
        DataRef::Float(value) => number(value),
        DataRef::String(text) | DataRef::DurationIso(text) => text_cell(text),
        DataRef::DateTimeIso(text) => iso_cell(&text),
        DataRef::SharedString(text) => text_cell_from(text),
        DataRef::Bool(value) => Cell::Bool(value),
        DataRef::DateTime(value) => date_time(&value),
        DataRef::Error(error) => Cell::Error(error.to_string()),
    }
}

/// A cell of a dense range (xls, ods) as the ledger reads it.
fn from_data(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(value) => Cell::Number(Decimal::from(*value)),
        Data::Float(value) => number(*value),
        Data::String(text) | Data::DurationIso(text) => text_cell_from(text),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(value) => date_time(value),
        Data::DateTimeIso(text) => iso_cell(text),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

/// A number cell; one no Decimal can hold (1e300, NaN, infinity) stays visible as text, so that the row
/// is refused as an unreadable amount or date rather than read as having no amount at all.
fn number(value: f64) -> Cell {
    decimal_from_f64(value).map_or_else(|| Cell::Text(format!("{value:e}")), Cell::Number)
}

/// A date-formatted number is a date; a duration-formatted one stays a number.
fn date_time(value: &ExcelDateTime) -> Cell {
    match value.as_datetime() {
        Some(moment) if value.is_datetime() => Cell::Date(moment.date()),
        _ => number(value.as_f64()),
    }
}

/// ods stores dates as ISO text ("2026-10-31" or "2026-10-31T00:00:00").
fn iso_cell(text: &str) -> Cell {
    text.get(..10)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .map_or_else(|| text_cell_from(text), Cell::Date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A one-sheet xlsx whose sheet data is `rows`, without styles or shared strings.
    fn xlsx(rows: &str) -> Vec<u8> {
        xlsx_with("", rows)
    }

    fn xlsx_with(workbook_pr: &str, rows: &str) -> Vec<u8> {
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let parts = [
            (
                "_rels/.rels",
                format!(
                    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/workbook.xml",
                format!(
                    r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}">{workbook_pr}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(
                    r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
                ),
            ),
        ];
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in parts {
            writer
                .start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn error_values_calamine_does_not_know_are_errors_in_their_place() {
        let bytes = xlsx(concat!(
            r#"<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="e"><f>SORT(X1:X9)</f><v>#SPILL!</v></c><c r="C1"><v>3</v></c></row>"#,
            r#"<row r="2"><c r="A2" t="e"><v>#N/A</v></c><c r="D2" t="e"><v>#GETTING_DATA</v></c></row>"#,
            r#"<row r="4"><c r="A4" t="e"><v>#ERROR!</v></c><c r="B4"><v>5</v></c></row>"#,
        ));
        let grids = read_workbook(&bytes, Format::Xlsx, "s.xlsx", &Limits::default()).expect("reads");
        let rows: Vec<(u32, Vec<Cell>)> = grids[0]
            .rows
            .iter()
            .map(|row| (row.number, row.cells.clone()))
            .collect();
        let number = |value: i64| Cell::Number(Decimal::from(value));
        let error = |value: &str| Cell::Error(value.to_owned());
        assert_eq!(
            rows,
            vec![
                (1, vec![number(1), error("#SPILL!"), number(3)]),
                (2, vec![error("#N/A"), Cell::Empty, Cell::Empty, error("#GETTING_DATA")]),
                (4, vec![error("#ERROR!"), number(5)]),
            ]
        );
    }

    #[test]
    fn unknown_error_cells_count_against_the_cell_limit() {
        let cells: String = (1..=20)
            .map(|row| format!(r#"<row r="{row}"><c r="A{row}" t="e"><v>#CALC!</v></c></row>"#))
            .collect();
        let limits = Limits {
            max_cells_per_sheet: 10,
            ..Limits::default()
        };
        let error = read_workbook(&xlsx(&cells), Format::Xlsx, "s.xlsx", &limits).unwrap_err();
        assert!(
            matches!(error, ImportError::TooManyCells { limit: 10, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn the_1904_date_system_is_the_one_calamine_reads() {
        for workbook_pr in [
            r#"<workbookPr date1904="1"/>"#,
            r#"<workbookPr date1904='1'/>"#,
            r#"<workbookPr date1904 = "true" defaultThemeVersion="124226"/>"#,
        ] {
            let bytes = xlsx_with(workbook_pr, r#"<row r="1"><c r="A1"><v>44864</v></c></row>"#);
            let grids = read_workbook(&bytes, Format::Xlsx, "mac.xlsx", &Limits::default()).expect("reads");
            assert!(grids[0].date1904, "{workbook_pr}");
        }
        let bytes = xlsx_with(
            r#"<workbookPr date1904="0"/>"#,
            r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
        );
        let grids = read_workbook(&bytes, Format::Xlsx, "pc.xlsx", &Limits::default()).expect("reads");
        assert!(!grids[0].date1904);
    }
}
