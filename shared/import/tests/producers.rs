//! Workbooks as producers other than Excel write them, read through the public entry point: streaming
//! writers' inline strings, typed cells (`str`, `d`, `b`, `e`), sheets without `<dimension>` or cell
//! references, Strict Open XML, absolute and unusual part names, the 1904 date system and custom date
//! formats, hidden and chart sheets first, merged and two-row headers, and ods as LibreOffice and
//! Google Sheets write it. Each file is built here, part by part, and what the importer reads (rows,
//! open amounts, dates) is compared with what the file holds.

use chrono::NaiveDate;
use credit_core::issue::IssueKind;
use credit_core::ledger::Ledger;
use credit_import::{read_ledger, ImportOptions};
use pretty_assertions::assert_eq;
use rust_decimal::Decimal;
use std::io::{Cursor, Write};
use std::str::FromStr;
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn read(bytes: &[u8], name: &str) -> Ledger {
    read_ledger(bytes, name, &ImportOptions::default()).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// A zip of the given parts, in that order, deflated (an ods's `mimetype` first and stored).
fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        let options = if *name == "mimetype" {
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
        } else {
            SimpleFileOptions::default()
        };
        writer.start_file(*name, options).expect("start");
        writer.write_all(content.as_bytes()).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

// ---------------------------------------------------------------------------------------------------
// The ledger every xlsx variant holds, and what must be read from it.
// ---------------------------------------------------------------------------------------------------

/// (row, customer, invoice, invoice date, due date, open)
type Seen = (
    u32,
    String,
    Option<String>,
    Option<NaiveDate>,
    NaiveDate,
    Option<Decimal>,
);

struct Line {
    customer: &'static str,
    invoice: &'static str,
    invoice_date: NaiveDate,
    due_date: NaiveDate,
    amount: &'static str,
    open: &'static str,
}

fn lines() -> Vec<Line> {
    vec![
        Line {
            customer: "Acme Ltd",
            invoice: "INV-1",
            invoice_date: day(2026, 9, 1),
            due_date: day(2026, 10, 1),
            amount: "1210",
            open: "605.5",
        },
        Line {
            customer: "Beta & Co",
            invoice: "INV-2",
            invoice_date: day(2026, 9, 15),
            due_date: day(2026, 10, 15),
            amount: "500",
            open: "500",
        },
        Line {
            customer: "Acme Ltd",
            invoice: "INV-3",
            invoice_date: day(2026, 10, 5),
            due_date: day(2026, 11, 4),
            amount: "1000",
            open: "1000",
        },
    ]
}

const HEADERS: [&str; 6] = [
    "Customer",
    "Invoice",
    "Invoice date",
    "Due date",
    "Amount",
    "Open balance",
];

/// What the importer must read from [`lines`] with the header on `header_row` (1-based).
fn expected(header_row: u32) -> Vec<Seen> {
    lines()
        .iter()
        .enumerate()
        .map(|(index, line)| {
            (
                header_row + 1 + index as u32,
                line.customer.to_owned(),
                Some(line.invoice.to_owned()),
                Some(line.invoice_date),
                line.due_date,
                Some(dec(line.open)),
            )
        })
        .collect()
}

fn seen(ledger: &Ledger) -> Vec<Seen> {
    ledger
        .entries
        .iter()
        .map(|entry| {
            (
                entry.at.row,
                entry.customer_id.clone(),
                entry.document.clone(),
                entry.invoice_date,
                entry.due_date,
                entry.open,
            )
        })
        .collect()
}

fn open_total(ledger: &Ledger) -> Decimal {
    ledger
        .entries
        .iter()
        .map(|entry| entry.open_at(day(2026, 10, 31)))
        .sum()
}

fn assert_reads_the_ledger(ledger: &Ledger, header_row: u32, what: &str) {
    assert_eq!(seen(ledger), expected(header_row), "{what}");
    assert_eq!(open_total(ledger), dec("2105.5"), "{what}");
    let problems: Vec<_> = ledger
        .issues
        .iter()
        .filter(|issue| !matches!(issue.kind, IssueKind::SheetSkipped))
        .collect();
    assert!(problems.is_empty(), "{what}: {problems:?}");
}

/// The Excel serial of a date (1900 system, or 1904).
fn serial(date: NaiveDate, date1904: bool) -> i64 {
    let epoch = if date1904 { day(1904, 1, 1) } else { day(1899, 12, 30) };
    (date - epoch).num_days()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn column_letter(column: usize) -> char {
    char::from(b'A' + column as u8)
}

/// How one producer writes a text, a date and a number cell at a reference ("B2").
struct CellWriter {
    text: fn(&str, &str) -> String,
    date: fn(&str, NaiveDate) -> String,
    number: fn(&str, &str) -> String,
}

fn inline_text(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#, escape(text))
}

/// A date as a serial in a cell with style 1 (a date format in [`styles`]).
fn serial_date(at: &str, date: NaiveDate) -> String {
    format!(r#"<c r="{at}" s="1"><v>{}</v></c>"#, serial(date, false))
}

fn plain_number(at: &str, value: &str) -> String {
    format!(r#"<c r="{at}"><v>{value}</v></c>"#)
}

/// The header on `header_row` and the lines below it, each cell written by `cells`.
fn ledger_rows(header_row: u32, cells: &CellWriter) -> String {
    let mut xml = format!(r#"<row r="{header_row}">"#);
    for (column, header) in HEADERS.iter().enumerate() {
        xml += &(cells.text)(&format!("{}{header_row}", column_letter(column)), header);
    }
    xml += "</row>";
    for (index, line) in lines().iter().enumerate() {
        let row = header_row + 1 + index as u32;
        xml += &format!(r#"<row r="{row}">"#);
        xml += &(cells.text)(&format!("A{row}"), line.customer);
        xml += &(cells.text)(&format!("B{row}"), line.invoice);
        xml += &(cells.date)(&format!("C{row}"), line.invoice_date);
        xml += &(cells.date)(&format!("D{row}"), line.due_date);
        xml += &(cells.number)(&format!("E{row}"), line.amount);
        xml += &(cells.number)(&format!("F{row}"), line.open);
        xml += "</row>";
    }
    xml
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

fn worksheet(sheet_data: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetData>{sheet_data}</sheetData></worksheet>"#
    )
}

/// Styles with cellXfs 0 (General) and 1 (the given number format, id 164, or a built-in id).
fn styles(date_format: &str) -> String {
    let (num_fmts, id) = match date_format.parse::<u32>() {
        Ok(builtin) => (String::new(), builtin),
        Err(_) => (
            format!(
                r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="{}"/></numFmts>"#,
                escape(date_format).replace('"', "&quot;")
            ),
            164,
        ),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN_NS}">{num_fmts}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="{id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#
    )
}

/// One sheet of a workbook: its name, `state` attribute (hidden, veryHidden) and kind.
struct SheetPart {
    name: &'static str,
    state: Option<&'static str>,
    chart: bool,
    xml: String,
}

fn sheet(name: &'static str, xml: String) -> SheetPart {
    SheetPart {
        name,
        state: None,
        chart: false,
        xml,
    }
}

/// A transitional xlsx of those sheets, with styles (`date_format` for style 1) and no shared strings.
fn xlsx(sheets: &[SheetPart], date_format: &str, workbook_pr: &str) -> Vec<u8> {
    let mut sheet_entries = String::new();
    let mut relationships = String::new();
    let mut overrides = String::new();
    let mut parts = Vec::new();
    for (index, part) in sheets.iter().enumerate() {
        let number = index + 1;
        let state = part
            .state
            .map(|state| format!(r#" state="{state}""#))
            .unwrap_or_default();
        sheet_entries += &format!(
            r#"<sheet name="{}" sheetId="{number}"{state} r:id="rId{number}"/>"#,
            part.name
        );
        let (folder, kind, content_type) = if part.chart {
            ("chartsheets", "chartsheet", "chartsheet")
        } else {
            ("worksheets", "worksheet", "worksheet")
        };
        relationships +=
            &format!(r#"<Relationship Id="rId{number}" Type="{REL_NS}/{kind}" Target="{folder}/sheet{number}.xml"/>"#);
        overrides += &format!(
            r#"<Override PartName="/xl/{folder}/sheet{number}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{content_type}+xml"/>"#
        );
        parts.push((format!("xl/{folder}/sheet{number}.xml"), part.xml.clone()));
    }
    let styles_id = sheets.len() + 1;
    relationships += &format!(r#"<Relationship Id="rId{styles_id}" Type="{REL_NS}/styles" Target="styles.xml"/>"#);
    let mut all = vec![
        (
            "[Content_Types].xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>"#
            ),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{workbook_pr}<sheets>{sheet_entries}</sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}">{relationships}</Relationships>"#
            ),
        ),
        ("xl/styles.xml".to_owned(), styles(date_format)),
    ];
    all.extend(parts);
    let borrowed: Vec<(&str, String)> = all.iter().map(|(name, xml)| (name.as_str(), xml.clone())).collect();
    zip_of(&borrowed)
}

fn one_sheet(sheet_data: &str, date_format: &str) -> Vec<u8> {
    xlsx(&[sheet("Sheet1", worksheet(sheet_data))], date_format, "")
}

const STREAMING: CellWriter = CellWriter {
    text: inline_text,
    date: serial_date,
    number: plain_number,
};

// ---------------------------------------------------------------------------------------------------
// Inline strings and typed cells.
// ---------------------------------------------------------------------------------------------------

/// Streaming writers (Apache POI's SXSSF, many exporters) write every text inline and no shared
/// strings part.
#[test]
fn inline_strings_without_a_shared_strings_part() {
    let bytes = one_sheet(&ledger_rows(1, &STREAMING), "14");
    assert_reads_the_ledger(&read(&bytes, "inline.xlsx"), 1, "inline strings");
}

/// Inline rich text (runs), `xml:space="preserve"` padding and a phonetic run are read as the text.
#[test]
fn inline_rich_text_is_the_text_of_its_runs() {
    fn rich(at: &str, text: &str) -> String {
        let (head, tail) = text.split_at(text.len() / 2);
        format!(
            r#"<c r="{at}" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">  {}</t></r><r><t xml:space="preserve">{}</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c>"#,
            escape(head),
            escape(tail)
        )
    }
    let cells = CellWriter {
        text: rich,
        date: serial_date,
        number: plain_number,
    };
    let bytes = one_sheet(&ledger_rows(1, &cells), "14");
    assert_reads_the_ledger(&read(&bytes, "rich.xlsx"), 1, "rich inline strings");
}

/// openpyxl (and others writing ISO dates) store dates as `t="d"` cells, formulas' text results as
/// `t="str"`; numbers may come as `t="n"`.
#[test]
fn iso_date_cells_and_formula_text_results() {
    fn formula_text(at: &str, text: &str) -> String {
        format!(
            r#"<c r="{at}" t="str"><f>TRIM("{}")</f><v>{}</v></c>"#,
            escape(text).replace('"', "&quot;"),
            escape(text)
        )
    }
    fn iso(at: &str, date: NaiveDate) -> String {
        format!(r#"<c r="{at}" t="d" s="1"><v>{date}T00:00:00</v></c>"#)
    }
    fn typed_number(at: &str, value: &str) -> String {
        format!(r#"<c r="{at}" t="n"><v>{value}</v></c>"#)
    }
    let cells = CellWriter {
        text: formula_text,
        date: iso,
        number: typed_number,
    };
    let bytes = one_sheet(&ledger_rows(1, &cells), "yyyy-mm-dd");
    assert_reads_the_ledger(&read(&bytes, "typed.xlsx"), 1, "t=str, t=d, t=n");

    // Bare ISO dates, and with a zone or fractions of a second, as other writers put them.
    fn iso_variants(at: &str, date: NaiveDate) -> String {
        let text = match date.format("%d").to_string().as_str() {
            "01" | "15" => format!("{date}"),
            "05" => format!("{date}T00:00:00Z"),
            _ => format!("{date}T00:00:00.000"),
        };
        format!(r#"<c r="{at}" t="d"><v>{text}</v></c>"#)
    }
    let cells = CellWriter {
        text: inline_text,
        date: iso_variants,
        number: plain_number,
    };
    let bytes = one_sheet(&ledger_rows(1, &cells), "14");
    assert_reads_the_ledger(&read(&bytes, "iso.xlsx"), 1, "ISO date variants");
}

/// Booleans (`t="b"`) in a disputed column, and errors (`t="e"`): Excel's classic ones and the newer
/// ones Excel 365 writes (`#SPILL!`, `#CALC!`) and Google Sheets' `#ERROR!`.
#[test]
fn boolean_and_error_cells() {
    let mut rows = String::from(r#"<row r="1">"#);
    for (column, header) in HEADERS.iter().chain(&["Disputed"]).enumerate() {
        rows += &inline_text(&format!("{}1", column_letter(column)), header);
    }
    rows += "</row>";
    let errors = ["#N/A", "#SPILL!", "#CALC!", "#ERROR!", "#GETTING_DATA"];
    // Row 2..4: the ledger, row 3 disputed; rows 5..: one error each in the open column.
    for (index, line) in lines().iter().enumerate() {
        let row = index + 2;
        rows += &format!(
            r#"<row r="{row}">{}{}{}{}{}{}<c r="G{row}" t="b"><v>{}</v></c></row>"#,
            inline_text(&format!("A{row}"), line.customer),
            inline_text(&format!("B{row}"), line.invoice),
            serial_date(&format!("C{row}"), line.invoice_date),
            serial_date(&format!("D{row}"), line.due_date),
            plain_number(&format!("E{row}"), line.amount),
            plain_number(&format!("F{row}"), line.open),
            u8::from(row == 3),
        );
    }
    for (index, error) in errors.iter().enumerate() {
        let row = index + 5;
        rows += &format!(
            r#"<row r="{row}">{}{}{}{}{}<c r="F{row}" t="e"><f>VLOOKUP(B{row},X!A:B,2,0)</f><v>{error}</v></c></row>"#,
            inline_text(&format!("A{row}"), "Gamma"),
            inline_text(&format!("B{row}"), &format!("ERR-{row}")),
            serial_date(&format!("C{row}"), day(2026, 9, 1)),
            serial_date(&format!("D{row}"), day(2026, 10, 1)),
            plain_number(&format!("E{row}"), "99"),
        );
    }
    let bytes = one_sheet(&rows, "14");
    let ledger = read(&bytes, "errors.xlsx");
    assert_eq!(seen(&ledger), expected(1));
    let disputed: Vec<bool> = ledger.entries.iter().map(|entry| entry.disputed).collect();
    assert_eq!(disputed, vec![false, true, false]);
    let refused: Vec<(Option<u32>, String)> = ledger
        .issues
        .iter()
        .filter_map(|issue| match &issue.kind {
            IssueKind::CellError { value } => Some((issue.row, value.clone())),
            _ => None,
        })
        .collect();
    let expected_errors: Vec<(Option<u32>, String)> = errors
        .iter()
        .enumerate()
        .map(|(index, error)| (Some(index as u32 + 5), (*error).to_owned()))
        .collect();
    assert_eq!(refused, expected_errors);
}

// ---------------------------------------------------------------------------------------------------
// Sheets without dimension or references.
// ---------------------------------------------------------------------------------------------------

/// Some generators write no `<dimension>`, no `r` on rows and none on cells.
#[test]
fn rows_and_cells_without_references() {
    let mut rows = String::from("<row>");
    for header in HEADERS {
        rows += &format!(r#"<c t="inlineStr"><is><t>{header}</t></is></c>"#);
    }
    rows += "</row>";
    for line in lines() {
        rows += &format!(
            r#"<row><c t="inlineStr"><is><t>{}</t></is></c><c t="inlineStr"><is><t>{}</t></is></c><c s="1"><v>{}</v></c><c s="1"><v>{}</v></c><c><v>{}</v></c><c><v>{}</v></c></row>"#,
            escape(line.customer),
            line.invoice,
            serial(line.invoice_date, false),
            serial(line.due_date, false),
            line.amount,
            line.open
        );
    }
    let bytes = one_sheet(&rows, "14");
    assert_reads_the_ledger(&read(&bytes, "norefs.xlsx"), 1, "no references");
}

/// Rows with `r` but cells without, and rows with cells but no `r` after a numbered row: the cells
/// take their place from the row and from the cell before them.
#[test]
fn cells_without_references_in_numbered_rows() {
    let mut rows = String::from(r#"<row r="3">"#);
    for header in HEADERS {
        rows += &format!(r#"<c t="inlineStr"><is><t>{header}</t></is></c>"#);
    }
    rows += "</row>";
    for (index, line) in lines().iter().enumerate() {
        // The first line numbered, the others counted on from it.
        let number = if index == 0 { r#" r="4""# } else { "" };
        rows += &format!(
            r#"<row{number}><c t="inlineStr"><is><t>{}</t></is></c><c t="inlineStr"><is><t>{}</t></is></c><c s="1"><v>{}</v></c><c s="1"><v>{}</v></c><c><v>{}</v></c><c><v>{}</v></c></row>"#,
            escape(line.customer),
            line.invoice,
            serial(line.invoice_date, false),
            serial(line.due_date, false),
            line.amount,
            line.open
        );
    }
    let bytes = one_sheet(&rows, "14");
    assert_reads_the_ledger(&read(&bytes, "rowrefs.xlsx"), 3, "rows numbered, cells not");
}

/// Rows far apart and out of order, cells out of order within a row, and no `<dimension>`.
#[test]
fn sparse_and_out_of_order_rows() {
    let data = ledger_rows(1, &STREAMING);
    // Take the rows apart and write them last first, each row's cells reversed.
    let mut rows: Vec<String> = data
        .split("</row>")
        .filter(|row| !row.is_empty())
        .map(str::to_owned)
        .collect();
    rows.reverse();
    let reversed: String = rows
        .iter()
        .map(|row| {
            let (start, cells) = row.split_at(row.find('>').expect("row start") + 1);
            let mut cells: Vec<String> = cells
                .split("</c>")
                .filter(|c| !c.is_empty())
                .map(|c| format!("{c}</c>"))
                .collect();
            cells.reverse();
            format!("{start}{}</row>", cells.concat())
        })
        .collect();
    let bytes = one_sheet(&reversed, "14");
    assert_reads_the_ledger(&read(&bytes, "reversed.xlsx"), 1, "rows and cells reversed");

    // The same ledger with its header on row 10 and blank (but present) rows between the lines.
    let data = ledger_rows(10, &STREAMING)
        .replace(r#"<row r="12">"#, r#"<row r="11" spans="1:6"/><row r="12">"#)
        .replace(
            r#"<row r="1">"#,
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Open items</t></is></c></row><row r="1">"#,
        );
    let bytes = one_sheet(&data, "14");
    assert_reads_the_ledger(&read(&bytes, "sparse.xlsx"), 10, "sparse rows");
}

// ---------------------------------------------------------------------------------------------------
// Strict Open XML.
// ---------------------------------------------------------------------------------------------------

const STRICT_MAIN_NS: &str = "http://purl.oclc.org/ooxml/spreadsheetml/main";
const STRICT_REL_NS: &str = "http://purl.oclc.org/ooxml/officeDocument/relationships";

/// Excel's "Strict Open XML Spreadsheet": other namespaces, shared strings, dates as serials with a
/// date style (Excel writes Strict dates as numbers too, or as ISO `t="d"` cells).
fn strict_workbook(iso_dates: bool) -> Vec<u8> {
    let mut strings: Vec<String> = Vec::new();
    let mut shared = |text: &str| -> usize {
        if let Some(index) = strings.iter().position(|known| known == text) {
            return index;
        }
        strings.push(text.to_owned());
        strings.len() - 1
    };
    let mut rows = String::from(r#"<row r="1" spans="1:6">"#);
    for (column, header) in HEADERS.iter().enumerate() {
        rows += &format!(
            r#"<c r="{}1" t="s"><v>{}</v></c>"#,
            column_letter(column),
            shared(header)
        );
    }
    rows += "</row>";
    for (index, line) in lines().iter().enumerate() {
        let row = index + 2;
        let date = |at: &str, date: NaiveDate| {
            if iso_dates {
                format!(r#"<c r="{at}" s="1" t="d"><v>{date}T00:00:00</v></c>"#)
            } else {
                format!(r#"<c r="{at}" s="1"><v>{}</v></c>"#, serial(date, false))
            }
        };
        rows += &format!(
            r#"<row r="{row}" spans="1:6"><c r="A{row}" t="s"><v>{}</v></c><c r="B{row}" t="s"><v>{}</v></c>{}{}<c r="E{row}"><v>{}</v></c><c r="F{row}"><v>{}</v></c></row>"#,
            shared(line.customer),
            shared(line.invoice),
            date(&format!("C{row}"), line.invoice_date),
            date(&format!("D{row}"), line.due_date),
            line.amount,
            line.open,
        );
    }
    let sst: String = strings
        .iter()
        .map(|text| format!("<si><t>{}</t></si>", escape(text)))
        .collect();
    let header = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
    zip_of(&[
        (
            "[Content_Types].xml",
            format!(
                r#"{header}
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"{header}
<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{STRICT_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"{header}
<workbook xmlns="{STRICT_MAIN_NS}" xmlns:r="{STRICT_REL_NS}" conformance="strict"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/><workbookPr dateCompatibility="0" defaultThemeVersion="166925"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets><sheet name="Open items" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"{header}
<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId3" Type="{STRICT_REL_NS}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="{STRICT_REL_NS}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId1" Type="{STRICT_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"{header}
<worksheet xmlns="{STRICT_MAIN_NS}" xmlns:r="{STRICT_REL_NS}"><dimension ref="A1:F4"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>{rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#
            ),
        ),
        ("xl/styles.xml", styles("dd/mm/yyyy").replace(MAIN_NS, STRICT_MAIN_NS)),
        (
            "xl/sharedStrings.xml",
            format!(
                r#"{header}
<sst xmlns="{STRICT_MAIN_NS}" count="{}" uniqueCount="{}">{sst}</sst>"#,
                strings.len(),
                strings.len()
            ),
        ),
    ])
}

/// A Strict workbook (as Excel saves "Strict Open XML Spreadsheet") is read as well as a
/// transitional one: never a panic, never an empty ledger.
#[test]
fn strict_open_xml() {
    for iso_dates in [false, true] {
        let bytes = strict_workbook(iso_dates);
        // calamine matches elements and relationship types by local name, so Strict reads as is.
        assert_reads_the_ledger(&read(&bytes, "strict.xlsx"), 1, "strict");
    }
}

// ---------------------------------------------------------------------------------------------------
// Part names.
// ---------------------------------------------------------------------------------------------------

/// Renames parts and rewrites the targets that point at them.
fn with_parts_renamed(bytes: &[u8], renames: &[(&str, &str)], rewrites: &[(&str, &str, &str)]) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let name = entry.name().expect("name").into_owned();
        let mut content = String::new();
        entry.read_to_string(&mut content).expect("read");
        for (part, from, to) in rewrites {
            if name == *part {
                assert!(content.contains(from), "{part} holds {from}");
                content = content.replace(from, to);
            }
        }
        let name = renames
            .iter()
            .find(|(from, _)| *from == name)
            .map_or(name.clone(), |(_, to)| (*to).to_owned());
        parts.push((name, content));
    }
    let borrowed: Vec<(&str, String)> = parts.iter().map(|(name, xml)| (name.as_str(), xml.clone())).collect();
    zip_of(&borrowed)
}

/// openpyxl writes absolute targets (`/xl/worksheets/sheet1.xml`) in workbook.xml.rels, some writers in
/// `_rels/.rels` too.
#[test]
fn absolute_relationship_targets() {
    let plain = one_sheet(&ledger_rows(1, &STREAMING), "14");
    let absolute = with_parts_renamed(
        &plain,
        &[],
        &[
            (
                "xl/_rels/workbook.xml.rels",
                r#"Target="worksheets/"#,
                r#"Target="/xl/worksheets/"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"Target="styles.xml""#,
                r#"Target="/xl/styles.xml""#,
            ),
            (
                "_rels/.rels",
                r#"Target="xl/workbook.xml""#,
                r#"Target="/xl/workbook.xml""#,
            ),
        ],
    );
    assert_reads_the_ledger(&read(&absolute, "openpyxl.xlsx"), 1, "absolute targets");
}

/// Sheets in other part names than `xl/worksheets/sheetN.xml`: capitalised, named after the sheet, in
/// another folder; and a workbook part that is not `xl/workbook.xml`.
#[test]
fn unusual_part_names() {
    let plain = one_sheet(&ledger_rows(1, &STREAMING), "14");
    for target in [
        "worksheets/Sheet1.xml",
        "worksheets/ledger_data.xml",
        "sheets/data/sheet.xml",
        "/sheet1.xml",
    ] {
        let part = target.strip_prefix('/').map_or(format!("xl/{target}"), str::to_owned);
        let renamed = with_parts_renamed(
            &plain,
            &[("xl/worksheets/sheet1.xml", &part)],
            &[
                ("xl/_rels/workbook.xml.rels", "worksheets/sheet1.xml", target),
                ("[Content_Types].xml", "/xl/worksheets/sheet1.xml", &format!("/{part}")),
            ],
        );
        assert_reads_the_ledger(&read(&renamed, "renamed.xlsx"), 1, target);
    }
    // The workbook part itself elsewhere, as the officeDocument relationship says.
    let moved = with_parts_renamed(
        &plain,
        &[
            ("xl/workbook.xml", "xl/workbook2.xml"),
            ("xl/_rels/workbook.xml.rels", "xl/_rels/workbook2.xml.rels"),
        ],
        &[
            ("_rels/.rels", "xl/workbook.xml", "xl/workbook2.xml"),
            ("[Content_Types].xml", "/xl/workbook.xml", "/xl/workbook2.xml"),
        ],
    );
    assert_reads_the_ledger(&read(&moved, "moved.xlsx"), 1, "workbook2.xml");
}

// ---------------------------------------------------------------------------------------------------
// Date systems and date formats.
// ---------------------------------------------------------------------------------------------------

/// Excel for Mac's 1904 date system: date cells through their style and bare serials in a date column
/// (General format) both count from 1 January 1904.
#[test]
fn the_1904_date_system() {
    fn serial_1904(at: &str, date: NaiveDate) -> String {
        format!(r#"<c r="{at}" s="1"><v>{}</v></c>"#, serial(date, true))
    }
    fn bare_1904(at: &str, date: NaiveDate) -> String {
        format!(r#"<c r="{at}"><v>{}</v></c>"#, serial(date, true))
    }
    for (what, date, workbook_pr) in [
        (
            "styled, date1904=1",
            serial_1904 as fn(&str, NaiveDate) -> String,
            r#"<workbookPr date1904="1"/>"#,
        ),
        (
            "styled, date1904=true",
            serial_1904,
            r#"<workbookPr date1904="true" defaultThemeVersion="124226"/>"#,
        ),
        ("bare, date1904=1", bare_1904, r#"<workbookPr date1904="1"/>"#),
        ("bare, single quotes", bare_1904, r#"<workbookPr date1904='1'/>"#),
        (
            "bare, after other attributes",
            bare_1904,
            r#"<workbookPr codeName="ThisWorkbook" date1904="1"/>"#,
        ),
    ] {
        let cells = CellWriter {
            text: inline_text,
            date,
            number: plain_number,
        };
        let bytes = xlsx(
            &[sheet("Sheet1", worksheet(&ledger_rows(1, &cells)))],
            "d/m/yyyy",
            workbook_pr,
        );
        assert_reads_the_ledger(&read(&bytes, "mac.xlsx"), 1, what);
    }
}

/// Dates stored as numbers whose style gives a custom date format, as LibreOffice, Google Sheets and
/// localised Excel write them: only the style says they are dates.
#[test]
fn custom_date_formats() {
    for format in [
        "dd/mm/yyyy;@",
        "[$-413]d-mmm-yy",
        r"d\-m\-yyyy",
        "DD/MM/YYYY",
        "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy",
        "[$-409]mmmm d, yyyy;@",
        "yyyy\\-mm\\-dd",
        "d.m.yyyy",
        "[Blue]dd/mm/yy",
        "\"Due \"dd-mm-yyyy",
        "m/d/yyyy h:mm",
        "15",
        "22",
    ] {
        let bytes = one_sheet(&ledger_rows(1, &STREAMING), format);
        assert_reads_the_ledger(&read(&bytes, "formats.xlsx"), 1, format);
    }
}

/// Number formats that are not dates leave amounts as amounts, however many letters they hold.
#[test]
fn amount_formats_are_not_dates() {
    fn styled_number(at: &str, value: &str) -> String {
        format!(r#"<c r="{at}" s="1"><v>{value}</v></c>"#)
    }
    fn styled_text_date(at: &str, date: NaiveDate) -> String {
        inline_text(at, &date.format("%d-%m-%Y").to_string())
    }
    let cells = CellWriter {
        text: inline_text,
        date: styled_text_date,
        number: styled_number,
    };
    for format in [
        "#,##0.00 [$€-413];[Red]-#,##0.00 [$€-413]",
        "_-* #,##0.00\\ \"€\"_-;\\-* #,##0.00\\ \"€\"_-;_-* \"-\"??\\ \"€\"_-;_-@_-",
        "[$$-409]#,##0.00",
        "#,##0.00 \"EUR\"",
        "General",
        "0.00;[Red]\\-0.00",
        "4",
        "44",
    ] {
        let bytes = one_sheet(&ledger_rows(1, &cells), format);
        let ledger = read(&bytes, "amounts.xlsx");
        let amounts: Vec<Option<Decimal>> = ledger.entries.iter().map(|entry| entry.amount).collect();
        assert_eq!(
            amounts,
            vec![Some(dec("1210")), Some(dec("500")), Some(dec("1000"))],
            "{format}"
        );
        assert_reads_the_ledger(&ledger, 1, format);
    }
}

// ---------------------------------------------------------------------------------------------------
// Sheets before the ledger.
// ---------------------------------------------------------------------------------------------------

fn chart_sheet() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<chartsheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></chartsheet>"#
    )
}

/// A hidden sheet of lookups, a very hidden one of settings and a chart sheet before the ledger.
#[test]
fn hidden_very_hidden_and_chart_sheets_first() {
    let lookups = worksheet(&format!(
        r#"<row r="1">{}{}</row><row r="2">{}{}</row>"#,
        inline_text("A1", "Code"),
        inline_text("B1", "Description"),
        inline_text("A2", "F"),
        inline_text("B2", "Invoice")
    ));
    let settings = worksheet(&format!(r#"<row r="1">{}</row>"#, inline_text("A1", "version=3")));
    let ledger = worksheet(&ledger_rows(1, &STREAMING));
    let sheets = [
        SheetPart {
            name: "Chart1",
            state: None,
            chart: true,
            xml: chart_sheet(),
        },
        SheetPart {
            name: "Lookups",
            state: Some("hidden"),
            chart: false,
            xml: lookups,
        },
        SheetPart {
            name: "Settings",
            state: Some("veryHidden"),
            chart: false,
            xml: settings,
        },
        sheet("Open items", ledger),
    ];
    let read = read(&xlsx(&sheets, "14", ""), "hidden.xlsx");
    assert_reads_the_ledger(&read, 1, "hidden and chart sheets first");
    assert_eq!(read.sheets[0].name, "Open items");
}

/// A hidden sheet that holds the same ledger (a copy kept by the producer, a pivot's source) is not
/// counted twice with the visible one.
#[test]
fn a_hidden_copy_of_the_ledger_is_not_counted_twice() {
    let ledger = worksheet(&ledger_rows(1, &STREAMING));
    let sheets = [
        SheetPart {
            name: "Data",
            state: Some("hidden"),
            chart: false,
            xml: ledger.clone(),
        },
        sheet("Open items", ledger.clone()),
    ];
    let copy = read(&xlsx(&sheets, "14", ""), "copy.xlsx");
    assert_eq!(open_total(&copy), dec("2105.5"));
    let hidden_skipped: Vec<_> = copy
        .issues
        .iter()
        .filter(|issue| issue.kind == IssueKind::HiddenSheetSkipped)
        .map(|issue| issue.sheet.as_deref())
        .collect();
    assert_eq!(hidden_skipped, [Some("Data")]);
    assert!(!copy
        .issues
        .iter()
        .any(|issue| matches!(issue.kind, IssueKind::DuplicateInvoice { .. })));

    // A ledger kept only on a hidden sheet is still read.
    let only_hidden = [SheetPart {
        name: "Data",
        state: Some("hidden"),
        chart: false,
        xml: ledger,
    }];
    assert_eq!(
        open_total(&read(&xlsx(&only_hidden, "14", ""), "hidden.xlsx")),
        dec("2105.5")
    );
}

// ---------------------------------------------------------------------------------------------------
// Headers.
// ---------------------------------------------------------------------------------------------------

/// A merged title over the header, merged header cells, and a two-row header whose upper row groups
/// the columns ("Document" over number and date, "Amounts" over amount and open).
#[test]
fn merged_and_two_row_headers() {
    let mut rows = format!(
        r#"<row r="1">{}</row><row r="3">{}{}{}{}</row><row r="4">{}{}{}{}{}{}</row>"#,
        inline_text("A1", "Open items at 31-10-2026"),
        inline_text("A3", "Customer"),
        inline_text("B3", "Document"),
        inline_text("D3", "Due date"),
        inline_text("E3", "Amounts"),
        inline_text("B4", "Invoice"),
        inline_text("C4", "Invoice date"),
        inline_text("E4", "Amount"),
        inline_text("F4", "Open balance"),
        "",
        "",
    );
    for (index, line) in lines().iter().enumerate() {
        let row = index + 5;
        rows += &format!(
            r#"<row r="{row}">{}{}{}{}{}{}</row>"#,
            inline_text(&format!("A{row}"), line.customer),
            inline_text(&format!("B{row}"), line.invoice),
            serial_date(&format!("C{row}"), line.invoice_date),
            serial_date(&format!("D{row}"), line.due_date),
            plain_number(&format!("E{row}"), line.amount),
            plain_number(&format!("F{row}"), line.open),
        );
    }
    let xml = worksheet(&rows).replace(
        "</sheetData></worksheet>",
        r#"</sheetData><mergeCells count="5"><mergeCell ref="A1:F1"/><mergeCell ref="A3:A4"/><mergeCell ref="B3:C3"/><mergeCell ref="D3:D4"/><mergeCell ref="E3:F3"/></mergeCells></worksheet>"#,
    );
    let ledger = read(&xlsx(&[sheet("Sheet1", xml)], "14", ""), "two-rows.xlsx");
    let got: Vec<(String, Option<String>, NaiveDate, Option<Decimal>)> = ledger
        .entries
        .iter()
        .map(|entry| {
            (
                entry.customer_id.clone(),
                entry.document.clone(),
                entry.due_date,
                entry.open,
            )
        })
        .collect();
    let want: Vec<(String, Option<String>, NaiveDate, Option<Decimal>)> = lines()
        .iter()
        .map(|line| {
            (
                line.customer.to_owned(),
                Some(line.invoice.to_owned()),
                line.due_date,
                Some(dec(line.open)),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(open_total(&ledger), dec("2105.5"));
}

// ---------------------------------------------------------------------------------------------------
// ods as LibreOffice and Google Sheets write it.
// ---------------------------------------------------------------------------------------------------

const ODS_NAMESPACES: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0""#;

fn ods(tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODS_NAMESPACES} office:version="1.3"><office:automatic-styles><style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N37"/></office:automatic-styles><office:body><office:spreadsheet><table:calculation-settings table:automatic-find-labels="false"/>{tables}<table:named-expressions/></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".to_owned()),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
                .to_owned(),
        ),
        ("content.xml", content),
    ])
}

fn ods_text(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
        escape(text)
    )
}

fn ods_date(date: NaiveDate) -> String {
    format!(
        r#"<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{date}" calcext:value-type="date"><text:p>{}</text:p></table:table-cell>"#,
        date.format("%d/%m/%Y")
    )
}

/// LibreOffice writes amounts in a currency format as `currency` cells, and two equal cells side by
/// side as one cell repeated.
fn ods_amounts(amount: &str, open: &str) -> String {
    let cell = |value: &str, repeated: &str| {
        format!(
            r#"<table:table-cell{repeated} office:value-type="currency" office:currency="EUR" office:value="{value}" calcext:value-type="currency"><text:p>€{value}</text:p></table:table-cell>"#
        )
    };
    if amount == open {
        cell(amount, r#" table:number-columns-repeated="2""#)
    } else {
        cell(amount, "") + &cell(open, "")
    }
}

/// The ledger as LibreOffice saves it: the header on `header_row`, columns and rows padded with empty
/// repeats to the sheet's end.
fn libreoffice_table(name: &str, header_row: u32) -> String {
    let mut table = format!(
        r#"<table:table table:name="{name}" table:style-name="ta1"><table:table-column table:style-name="co1" table:number-columns-repeated="6" table:default-cell-style-name="Default"/><table:table-column table:style-name="co1" table:number-columns-repeated="16378" table:default-cell-style-name="Default"/>"#
    );
    if header_row > 1 {
        table += &format!(
            r#"<table:table-row table:style-name="ro1" table:number-rows-repeated="{}"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
            header_row - 1
        );
    }
    table += r#"<table:table-row table:style-name="ro1">"#;
    for header in HEADERS {
        table += &ods_text(header);
    }
    table += r#"<table:table-cell table:number-columns-repeated="16378"/></table:table-row>"#;
    for line in lines() {
        table += &format!(
            r#"<table:table-row table:style-name="ro1">{}{}{}{}{}<table:table-cell table:number-columns-repeated="16378"/></table:table-row>"#,
            ods_text(line.customer),
            ods_text(line.invoice),
            ods_date(line.invoice_date),
            ods_date(line.due_date),
            ods_amounts(line.amount, line.open),
        );
    }
    table += &format!(
        r#"<table:table-row table:style-name="ro1" table:number-rows-repeated="{}"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        1_048_576 - header_row - 3
    );
    table
}

/// Reads within a time that a padded sheet cannot stretch (the padding is a million empty rows of
/// 16,384 empty cells).
fn read_quickly(bytes: &[u8], name: &str) -> Ledger {
    let started = Instant::now();
    let ledger = read(bytes, name);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{name}: {:?}",
        started.elapsed()
    );
    ledger
}

#[test]
fn ods_as_libreoffice_writes_it() {
    let bytes = ods(&libreoffice_table("Open items", 1));
    assert!(bytes.len() < 10_000);
    assert_reads_the_ledger(&read_quickly(&bytes, "libreoffice.ods"), 1, "LibreOffice");
    // Header lower down, below empty repeated rows.
    let bytes = ods(&libreoffice_table("Open items", 5));
    assert_reads_the_ledger(&read_quickly(&bytes, "libreoffice.ods"), 5, "LibreOffice, row 5");
}

/// Pretty-printed content (LibreOffice without "size optimization for ODF format", and other
/// writers): white space between the elements of a row.
#[test]
fn ods_pretty_printed() {
    let table = libreoffice_table("Open items", 1)
        .replace("><table:table-cell", ">\n      <table:table-cell")
        .replace("><table:table-row", ">\n    <table:table-row")
        .replace("></table:table-row>", ">\n    </table:table-row>")
        .replace("><text:p>", ">\n        <text:p>")
        .replace("</text:p></table:table-cell>", "</text:p>\n      </table:table-cell>");
    let bytes = ods(&table);
    assert_reads_the_ledger(&read_quickly(&bytes, "pretty.ods"), 1, "pretty-printed ods");
}

/// Google Sheets: dates with a time (`2026-09-01T00:00:00`), amounts as floats, equal rows and cells
/// repeated, styled empty cells repeated between values, a modest padding, and a second sheet.
#[test]
fn ods_as_google_sheets_writes_it() {
    let float = |value: &str, repeated: u32| {
        let repeat = if repeated > 1 {
            format!(r#" table:number-columns-repeated="{repeated}""#)
        } else {
            String::new()
        };
        format!(
            r#"<table:table-cell{repeat} office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>"#
        )
    };
    let date = |date: NaiveDate| {
        format!(
            r#"<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{date}T00:00:00"><text:p>{date}</text:p></table:table-cell>"#
        )
    };
    let mut table = String::from(
        r#"<table:table table:name="Sheet1"><table:table-column table:number-columns-repeated="26"/><table:table-row>"#,
    );
    for header in HEADERS {
        table += &ods_text(header);
    }
    table += r#"<table:table-cell table:style-name="ce2" table:number-columns-repeated="20"/></table:table-row>"#;
    for line in lines() {
        let amounts = if line.amount == line.open {
            float(line.amount, 2)
        } else {
            float(line.amount, 1) + &float(line.open, 1)
        };
        table += &format!(
            r#"<table:table-row>{}{}{}{}{amounts}<table:table-cell table:number-columns-repeated="20"/></table:table-row>"#,
            ods_text(line.customer),
            ods_text(line.invoice),
            date(line.invoice_date),
            date(line.due_date),
        );
    }
    table += r#"<table:table-row table:number-rows-repeated="996"><table:table-cell table:number-columns-repeated="26"/></table:table-row></table:table>"#;
    table += r#"<table:table table:name="Notes"><table:table-row><table:table-cell office:value-type="string"><text:p>Exported <text:span>from</text:span><text:s text:c="2"/>Sheets</text:p></table:table-cell></table:table-row></table:table>"#;
    let bytes = ods(&table);
    assert_reads_the_ledger(&read_quickly(&bytes, "google.ods"), 1, "Google Sheets");

    // Two equal documents on consecutive rows, written once with a row repeat: both are read (and
    // reported as a duplicate), not one.
    let repeated = table.replacen(
        "<table:table-row><table:table-cell office:value-type=\"string\" calcext:value-type=\"string\"><text:p>Beta",
        "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell office:value-type=\"string\" calcext:value-type=\"string\"><text:p>Beta",
        1,
    );
    assert_ne!(repeated, table);
    let ledger = read(&ods(&repeated), "repeated.ods");
    let rows: Vec<u32> = ledger.entries.iter().map(|entry| entry.at.row).collect();
    assert_eq!(rows, vec![2, 3, 4, 5]);
}

/// A sheet that is nothing but huge repeats of empty cells, beside the ledger, costs nothing.
#[test]
fn ods_with_huge_empty_repeats_everywhere() {
    let empty = r#"<table:table table:name="Empty"><table:table-column table:number-columns-repeated="16384"/><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:style-name="ce1" table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
    let mut tables = String::from(empty);
    tables += &libreoffice_table("Open items", 1);
    tables += empty;
    let bytes = ods(&tables);
    assert_reads_the_ledger(&read_quickly(&bytes, "padded.ods"), 1, "empty sheets");
}
