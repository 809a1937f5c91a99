//! What every generated workbook shares: fixed document properties, so the bytes never depend on the
//! clock, and the cell formats.

use crate::error::SampleError;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

/// A workbook whose creation date is the sample's as-of date instead of now: with it, and the zip
/// entries' fixed timestamps that rust_xlsxwriter already writes, the same model gives the same bytes.
pub fn new_workbook(as_of: NaiveDate, title: &str) -> Result<Workbook, SampleError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(as_of.year()).unwrap_or(2026),
        as_of.month() as u8,
        as_of.day() as u8,
    )?;
    let properties = DocProperties::new()
        .set_title(title)
        .set_author("credit-samples")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    Ok(workbook)
}
