//! Invoice histories: how customers of each kind pay, and the writers for the English history layout
//! (QuickBooks/Odoo-like: one row per invoice with the amount paid and the paid date) shared by the
//! English sample and the big generator.

use crate::error::SampleError;
use crate::model::{add_days, cell_number, excel_serial, next_working_day, Row};
use crate::rng::Rng;
use crate::xlsx::new_workbook;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatBorder, Workbook};
use std::io::Write;

/// The invoice sheet's header, in order.
pub const INVOICE_HEADERS: [&str; 10] = [
    "Customer ID",
    "Customer",
    "Invoice No",
    "Invoice Date",
    "Due Date",
    "Amount",
    "Amount Paid",
    "Paid Date",
    "Currency",
    "Disputed",
];

/// The customers sheet's header, in order.
pub const CUSTOMER_HEADERS: [&str; 6] = [
    "Customer ID",
    "Name",
    "Credit Limit",
    "Payment Terms (days)",
    "Email",
    "Phone",
];

/// The most data rows an xlsx sheet holds below its header (1,048,576 rows in all).
pub const XLSX_MAX_DATA_ROWS: u64 = 1_048_575;

/// How a customer pays: each kind draws its delays (days after the due date) differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Pays 4-12 days before the due date (takes early-payment discounts).
    Early,
    /// Pays on the due date or just before; now and then a few days late.
    OnTime,
    /// Pays 4-18 days late.
    SlightlyLate,
    /// Pays 30-60 days late, always.
    ChronicallyLate,
    /// Paid on time two years ago and pays later and later (up to about 90 days).
    Deteriorating,
    /// Paid about 50 days late two years ago and is now nearly on time.
    Improving,
    /// Mostly on time, but one invoice in five is paid 35-95 days late.
    Erratic,
    /// Pays about half some days after the due date and the rest a month later.
    Instalments,
    /// Pays on time but short: bank charges are deducted now and then, leaving small balances open.
    ShortPayer,
    /// Pays within a week of the due date; disputes the odd invoice.
    Disputer,
}

/// What was paid of an invoice by the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    /// The amount paid.
    pub paid: Decimal,
    /// The date of the (last) payment.
    pub paid_date: Option<NaiveDate>,
}

impl Settlement {
    /// Nothing paid yet.
    pub const UNPAID: Settlement = Settlement {
        paid: Decimal::ZERO,
        paid_date: None,
    };
}

/// How long the histories run: two years up to the as-of date.
pub const HISTORY_DAYS: i64 = 730;

impl Profile {
    /// Days after the due date of a payment made `elapsed` days into the history.
    fn delay(self, rng: &mut Rng, elapsed: i64) -> i64 {
        let elapsed = elapsed.clamp(0, HISTORY_DAYS);
        match self {
            Profile::Early => rng.between(-12, -4),
            Profile::OnTime => {
                if rng.percent(85) {
                    rng.between(-3, 0)
                } else {
                    rng.between(1, 5)
                }
            }
            Profile::SlightlyLate => rng.between(4, 18),
            Profile::ChronicallyLate => rng.between(30, 60),
            Profile::Deteriorating => 2 + 88 * elapsed * elapsed / (HISTORY_DAYS * HISTORY_DAYS) + rng.between(-4, 6),
            Profile::Improving => 50 - 46 * elapsed / HISTORY_DAYS + rng.between(-4, 6),
            Profile::Erratic => {
                if rng.percent(80) {
                    rng.between(-2, 3)
                } else {
                    rng.between(35, 95)
                }
            }
            Profile::Instalments | Profile::ShortPayer | Profile::Disputer => rng.between(-1, 8),
        }
    }

    /// What the customer has paid of `amount` by `as_of`; `history_start` is the first day of the history.
    pub fn settle(
        self,
        rng: &mut Rng,
        invoice_date: NaiveDate,
        due_date: NaiveDate,
        amount: Decimal,
        history_start: NaiveDate,
        as_of: NaiveDate,
    ) -> Settlement {
        let paid_on =
            |days_after_due: i64| next_working_day(add_days(due_date, days_after_due).max(add_days(invoice_date, 1)));
        if self == Profile::Instalments {
            let first_amount = (amount * Decimal::from(rng.between(40, 60)) / Decimal::ONE_HUNDRED).trunc();
            let first_date = paid_on(rng.between(5, 15));
            let last_date = paid_on(rng.between(35, 60));
            return if last_date <= as_of {
                Settlement {
                    paid: amount,
                    paid_date: Some(last_date),
                }
            } else if first_date <= as_of {
                Settlement {
                    paid: first_amount,
                    paid_date: Some(first_date),
                }
            } else {
                Settlement::UNPAID
            };
        }
        let paid_date = paid_on(self.delay(rng, (invoice_date - history_start).num_days()));
        if paid_date > as_of {
            return Settlement::UNPAID;
        }
        let paid = if self == Profile::ShortPayer && rng.percent(15) {
            amount - crate::model::cents(rng.between(750, 2500))
        } else {
            amount
        };
        Settlement {
            paid,
            paid_date: Some(paid_date),
        }
    }
}

/// A row of the customers sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerSheetRow {
    /// The id, as in the invoices.
    pub id: String,
    /// The name.
    pub name: String,
    /// The credit limit.
    pub credit_limit: Decimal,
    /// The agreed payment terms in days.
    pub terms_days: u32,
    /// Where reminders go.
    pub email: String,
    /// Who to call.
    pub phone: String,
}

/// Writes an invoice history to xlsx one row at a time, in rust_xlsxwriter's constant-memory mode:
/// each row goes to a temporary file as soon as the next one starts, so a million rows take a few
/// megabytes of memory. Sheets: "Invoices", then "Customers".
pub struct XlsxHistoryWriter {
    workbook: Workbook,
    date: Format,
    money: Format,
    rows_written: u64,
}

impl XlsxHistoryWriter {
    /// A workbook with the "Invoices" sheet and its header, dated `as_of`.
    pub fn new(as_of: NaiveDate, title: &str) -> Result<Self, SampleError> {
        let mut workbook = new_workbook(as_of, title)?;
        let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name("Invoices")?;
        for (column, width) in [12.0, 30.0, 16.0, 12.0, 12.0, 12.0, 12.0, 12.0, 9.0, 9.0]
            .into_iter()
            .enumerate()
        {
            sheet.set_column_width(column as u16, width)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (column, text) in INVOICE_HEADERS.into_iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, text, &header)?;
        }
        Ok(XlsxHistoryWriter {
            workbook,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            money: Format::new().set_num_format("#,##0.00"),
            rows_written: 0,
        })
    }

    /// Appends one invoice row.
    pub fn write(&mut self, row: &Row) -> Result<(), SampleError> {
        if self.rows_written >= XLSX_MAX_DATA_ROWS {
            return Err(SampleError::TooManyRows {
                asked: self.rows_written + 1,
                max: XLSX_MAX_DATA_ROWS,
            });
        }
        self.rows_written += 1;
        let line = self.rows_written as u32;
        let sheet = self.workbook.worksheet_from_index(0)?;
        sheet.write_string(line, 0, &row.customer_id)?;
        sheet.write_string(line, 1, &row.customer_name)?;
        sheet.write_string(line, 2, &row.document)?;
        sheet.write_number_with_format(line, 3, excel_serial(row.invoice_date), &self.date)?;
        sheet.write_number_with_format(line, 4, excel_serial(row.due_date), &self.date)?;
        sheet.write_number_with_format(line, 5, cell_number(row.amount), &self.money)?;
        sheet.write_number_with_format(line, 6, cell_number(row.paid), &self.money)?;
        if let Some(paid_date) = row.paid_date {
            sheet.write_number_with_format(line, 7, excel_serial(paid_date), &self.date)?;
        }
        sheet.write_string(line, 8, "EUR")?;
        sheet.write_string(line, 9, if row.disputed { "Yes" } else { "No" })?;
        Ok(())
    }

    /// Adds the "Customers" sheet and writes the workbook to `out`.
    pub fn finish<W: Write + Send>(mut self, customers: &[CustomerSheetRow], out: W) -> Result<(), SampleError> {
        let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name("Customers")?;
        for (column, width) in [12.0, 30.0, 12.0, 20.0, 34.0, 18.0].into_iter().enumerate() {
            sheet.set_column_width(column as u16, width)?;
        }
        for (column, text) in CUSTOMER_HEADERS.into_iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, text, &header)?;
        }
        for (index, customer) in customers.iter().enumerate() {
            let line = index as u32 + 1;
            sheet.write_string(line, 0, &customer.id)?;
            sheet.write_string(line, 1, &customer.name)?;
            sheet.write_number_with_format(line, 2, cell_number(customer.credit_limit), &self.money)?;
            sheet.write_number(line, 3, f64::from(customer.terms_days))?;
            sheet.write_string(line, 4, &customer.email)?;
            sheet.write_string(line, 5, &customer.phone)?;
        }
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

/// Writes an invoice history as a plain csv (comma separated, UTF-8, ISO dates, amounts with a decimal
/// point), one row at a time. A csv has one table, so the customers sheet is left out.
pub struct CsvHistoryWriter<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvHistoryWriter<W> {
    /// Writes the header.
    pub fn new(out: W) -> Result<Self, SampleError> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(INVOICE_HEADERS)?;
        Ok(CsvHistoryWriter { writer })
    }

    /// Appends one invoice row.
    pub fn write(&mut self, row: &Row) -> Result<(), SampleError> {
        let paid_date = row.paid_date.map(|date| date.to_string()).unwrap_or_default();
        self.writer.write_record([
            row.customer_id.as_str(),
            row.customer_name.as_str(),
            row.document.as_str(),
            &row.invoice_date.to_string(),
            &row.due_date.to_string(),
            &crate::expected::format_cents(row.amount),
            &crate::expected::format_cents(row.paid),
            &paid_date,
            "EUR",
            if row.disputed { "Yes" } else { "No" },
        ])?;
        Ok(())
    }

    /// Flushes everything to the output.
    pub fn finish(mut self) -> Result<(), SampleError> {
        self.writer.flush().map_err(|error| SampleError::Csv(error.into()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cents;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn instalments_leave_a_partial_payment_open_until_the_last_one() {
        let as_of = date(2026, 10, 31);
        let start = date(2024, 11, 1);
        let mut rng = Rng::new(5);
        // Due 20 days before the as-of date: the first instalment is in, the last is not.
        let due = date(2026, 10, 11);
        let settlement = Profile::Instalments.settle(&mut rng, date(2026, 9, 11), due, cents(100_000), start, as_of);
        assert!(
            settlement.paid > Decimal::ZERO && settlement.paid < cents(100_000),
            "{settlement:?}"
        );
        assert!(settlement.paid_date.is_some_and(|paid| paid > due && paid <= as_of));
    }

    #[test]
    fn payments_never_precede_the_invoice_nor_fall_on_a_weekend() {
        use chrono::Datelike;
        let as_of = date(2026, 10, 31);
        let mut rng = Rng::new(11);
        for day in 0..300 {
            let invoice_date = add_days(date(2025, 1, 1), day);
            let settlement = Profile::Early.settle(
                &mut rng,
                invoice_date,
                add_days(invoice_date, 7),
                cents(100),
                date(2024, 11, 1),
                as_of,
            );
            let paid = settlement.paid_date.unwrap();
            assert!(paid > invoice_date);
            assert!(paid.weekday().number_from_monday() <= 5);
        }
    }

    #[test]
    fn deterioration_shows_in_the_delays() {
        let mut rng = Rng::new(3);
        let early: i64 = (0..50).map(|_| Profile::Deteriorating.delay(&mut rng, 30)).sum();
        let late: i64 = (0..50).map(|_| Profile::Deteriorating.delay(&mut rng, 700)).sum();
        assert!(early / 50 < 10 && late / 50 > 60, "{early} {late}");
    }
}
