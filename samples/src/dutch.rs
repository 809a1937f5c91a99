//! The Dutch open-items export ("openstaande posten debiteuren"), shaped like the reports Exact Online,
//! Twinfield and Yuki produce: a title, the company and the report date above the header, numeric
//! customer and invoice numbers, real date cells, euro formats, a subtotal row per customer
//! ("Totaal 10001 ...") followed by a blank row, and a grand total row ("Totaal") at the bottom.
//! Only open items are listed; a few are partly paid (Openstaand below Bedrag) and two are credit notes.

use crate::error::SampleError;
use crate::expected::Expected;
use crate::model::{add_days, cell_number, cents, round_cents, with_vat, Row};
use crate::rng::Rng;
use crate::xlsx::new_workbook;
use crate::Generated;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatBorder, Workbook};

/// The file name under `ledgers/`.
pub const FILE_NAME: &str = "nl-openstaande-posten.xlsx";

/// The sheet name, as Exact names the report.
pub const SHEET_NAME: &str = "Openstaande posten";

const SEED: u64 = 0x004E_4C00_3110_2026;

const COMPANY: &str = "Van Dijk Installatietechniek B.V.";

const CUSTOMERS: [&str; 25] = [
    "Bouwbedrijf Jansen B.V.",
    "Woningcorporatie Het Anker",
    "Hotel De Gouden Leeuw",
    "Transportbedrijf Mulder B.V.",
    "Bakkerij Van den Berg",
    "Schildersbedrijf De Vries",
    "Kapsalon Knipkunst",
    "Dakdekkersbedrijf Smit",
    "Tandartspraktijk Meijer",
    "Fietsenwinkel De Boer",
    "Elektrotechniek Bos B.V.",
    "Timmerbedrijf Vos",
    "Drukkerij Peters & Zn.",
    "Café 't Hoekje",
    "Architectenbureau Dekker",
    "Schoonmaakbedrijf Brouwer",
    "Groothandel Van Leeuwen B.V.",
    "Garage De Wit",
    "Bloemisterij Dijkstra",
    "Accountantskantoor Kok",
    "Sportschool FitFabriek",
    "Zorgboerderij De Hoeve",
    "VvE Parkzicht",
    "Basisschool De Regenboog",
    "Restaurant Zeezicht",
];

const INVOICE_TEXTS: [&str; 9] = [
    "Onderhoud cv-installatie",
    "Levering en montage warmtepomp",
    "Storingsdienst",
    "Servicecontract kwartaal",
    "Vervangen radiatoren",
    "Installatie zonnepanelen",
    "Meerwerk project",
    "Termijnfactuur nieuwbouw",
    "Reparatie mechanische ventilatie",
];

/// One listed item: the model row and its description.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The document.
    pub row: Row,
    /// The "Omschrijving" column.
    pub description: String,
}

struct Draft {
    customer_number: u32,
    customer_name: &'static str,
    invoice_date: NaiveDate,
    due_date: NaiveDate,
    amount: Decimal,
    paid: Decimal,
    description: String,
}

/// The open items as of `as_of`, grouped by customer number, oldest first within a customer.
pub fn items(as_of: NaiveDate) -> Vec<Item> {
    let mut rng = Rng::new(SEED);
    let mut drafts = Vec::new();
    let mut customer_number = 10001;
    for (index, &name) in CUSTOMERS.iter().enumerate() {
        let mut customer_rng = rng.fork();
        let terms_days: i64 = *customer_rng.pick(&[14, 30, 30, 30, 60]);
        let typical_net_euros: i64 = *customer_rng.pick(&[180, 320, 650, 1200, 2800, 5400]);
        // A few large accounts hold most items, as in any real book of receivables.
        let count = if index < 4 {
            8 + customer_rng.below(6)
        } else {
            1 + customer_rng.below(6)
        };
        for _ in 0..count {
            drafts.push(invoice(
                &mut customer_rng,
                as_of,
                customer_number,
                name,
                terms_days,
                typical_net_euros,
            ));
        }
        if index == 4 || index == 11 {
            // One credit note not yet due and one long overdue: both stay negative open items.
            let age = if index == 4 { 6 } else { 75 };
            let invoice_date = add_days(as_of, -age);
            let net = cents(typical_net_euros * customer_rng.between(20, 45));
            drafts.push(Draft {
                customer_number,
                customer_name: name,
                invoice_date,
                due_date: add_days(invoice_date, terms_days),
                amount: -with_vat(net, 21),
                paid: Decimal::ZERO,
                description: if index == 4 {
                    "Creditnota retour materialen".into()
                } else {
                    "Creditnota prijsafspraak".into()
                },
            });
        }
        customer_number += 1 + rng.below(7) as u32;
    }
    number_and_sort(drafts, &mut rng)
}

fn invoice(
    rng: &mut Rng,
    as_of: NaiveDate,
    customer_number: u32,
    customer_name: &'static str,
    terms_days: i64,
    typical_net_euros: i64,
) -> Draft {
    let age = match rng.below(100) {
        0..=54 => rng.between(1, 45),
        55..=79 => rng.between(46, 110),
        _ => rng.between(111, 250),
    };
    let invoice_date = add_days(as_of, -age);
    let mut net_cents = typical_net_euros * rng.between(40, 170);
    if rng.percent(35) {
        net_cents += rng.between(1, 99);
    }
    let amount = with_vat(cents(net_cents), 21);
    // Some customers pay part, often a round sum, and leave the rest open.
    let paid = if rng.percent(12) {
        round_cents(amount * Decimal::from(rng.between(20, 70)) / Decimal::ONE_HUNDRED).trunc()
    } else {
        Decimal::ZERO
    };
    let text = rng.pick(&INVOICE_TEXTS);
    Draft {
        customer_number,
        customer_name,
        invoice_date,
        due_date: add_days(invoice_date, terms_days),
        amount,
        paid,
        description: text.to_string(),
    }
}

/// Invoice numbers run through the year in date order, with gaps where invoices were paid.
fn number_and_sort(mut drafts: Vec<Draft>, rng: &mut Rng) -> Vec<Item> {
    drafts.sort_by_key(|draft| (draft.invoice_date, draft.customer_number));
    let mut last: Option<(i32, i64)> = None;
    let mut items: Vec<(u32, i64, Item)> = drafts
        .into_iter()
        .map(|draft| {
            let year = draft.invoice_date.year();
            let floor = i64::from(draft.invoice_date.ordinal()) * 4 + rng.between(0, 3);
            let sequence = match last {
                Some((last_year, last_sequence)) if last_year == year => floor.max(last_sequence + 1),
                _ => floor,
            };
            last = Some((year, sequence));
            let number = i64::from(year % 100) * 100_000 + sequence;
            let row = Row {
                customer_id: draft.customer_number.to_string(),
                customer_name: draft.customer_name.to_string(),
                document: number.to_string(),
                invoice_date: draft.invoice_date,
                due_date: draft.due_date,
                amount: draft.amount,
                paid: draft.paid,
                paid_date: None,
                disputed: false,
            };
            (
                draft.customer_number,
                number,
                Item {
                    row,
                    description: draft.description,
                },
            )
        })
        .collect();
    items.sort_by_key(|(customer, number, _)| (*customer, *number));
    items.into_iter().map(|(_, _, item)| item).collect()
}

/// The export as xlsx bytes.
pub fn write_xlsx(items: &[Item], as_of: NaiveDate) -> Result<Vec<u8>, SampleError> {
    let mut workbook = new_workbook(as_of, "Openstaande posten debiteuren")?;
    write_sheet(&mut workbook, items, as_of)?;
    Ok(workbook.save_to_buffer()?)
}

fn write_sheet(workbook: &mut Workbook, items: &[Item], as_of: NaiveDate) -> Result<(), SampleError> {
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let euro_code = "[$€-413] #,##0.00;[$€-413] -#,##0.00";
    let euro = Format::new().set_num_format(euro_code);
    let euro_bold = Format::new().set_num_format(euro_code).set_bold();
    let euro_total = Format::new()
        .set_num_format(euro_code)
        .set_bold()
        .set_border_top(FormatBorder::Thin);

    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    for (column, width) in [11.0, 32.0, 11.0, 12.0, 12.0, 32.0, 7.0, 14.0, 14.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(column as u16, width)?;
    }
    sheet.write_string_with_format(0, 0, "Openstaande posten debiteuren", &title)?;
    sheet.write_string(1, 0, COMPANY)?;
    sheet.write_string(2, 0, "Rapportdatum:")?;
    sheet.write_number_with_format(2, 1, crate::model::excel_serial(as_of), &date)?;
    let headers = [
        "Debiteurnr",
        "Naam",
        "Factuurnr",
        "Factuurdatum",
        "Vervaldatum",
        "Omschrijving",
        "Valuta",
        "Bedrag",
        "Openstaand",
    ];
    let header_row = 4;
    for (column, text) in headers.into_iter().enumerate() {
        sheet.write_string_with_format(header_row, column as u16, text, &header)?;
    }

    let mut line = header_row + 1;
    let mut grand = (Decimal::ZERO, Decimal::ZERO);
    for group in items.chunk_by(|a, b| a.row.customer_id == b.row.customer_id) {
        let mut subtotal = (Decimal::ZERO, Decimal::ZERO);
        for item in group {
            let row = &item.row;
            let customer_number: f64 = row.customer_id.parse().unwrap_or_default();
            let document_number: f64 = row.document.parse().unwrap_or_default();
            sheet.write_number(line, 0, customer_number)?;
            sheet.write_string(line, 1, &row.customer_name)?;
            sheet.write_number(line, 2, document_number)?;
            sheet.write_number_with_format(line, 3, crate::model::excel_serial(row.invoice_date), &date)?;
            sheet.write_number_with_format(line, 4, crate::model::excel_serial(row.due_date), &date)?;
            sheet.write_string(line, 5, &item.description)?;
            sheet.write_string(line, 6, "EUR")?;
            sheet.write_number_with_format(line, 7, cell_number(row.amount), &euro)?;
            sheet.write_number_with_format(line, 8, cell_number(row.open()), &euro)?;
            subtotal.0 += row.amount;
            subtotal.1 += row.open();
            line += 1;
        }
        let first = &group[0].row;
        let label = format!("Totaal {} {}", first.customer_id, first.customer_name);
        sheet.write_string_with_format(line, 0, &label, &bold)?;
        sheet.write_number_with_format(line, 7, cell_number(subtotal.0), &euro_bold)?;
        sheet.write_number_with_format(line, 8, cell_number(subtotal.1), &euro_bold)?;
        grand.0 += subtotal.0;
        grand.1 += subtotal.1;
        line += 2;
    }
    sheet.write_string_with_format(line, 0, "Totaal", &bold)?;
    sheet.write_number_with_format(line, 7, cell_number(grand.0), &euro_total)?;
    sheet.write_number_with_format(line, 8, cell_number(grand.1), &euro_total)?;
    Ok(())
}

/// The sample and its expected figures.
pub fn generate(as_of: NaiveDate) -> Result<Generated, SampleError> {
    let items = items(as_of);
    let bytes = write_xlsx(&items, as_of)?;
    let expected = Expected::of_rows(items.iter().map(|item| &item.row), as_of, "EUR");
    Ok(Generated {
        file_name: FILE_NAME,
        bytes,
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AS_OF;

    #[test]
    fn shape_is_that_of_a_small_business_book() {
        let items = items(AS_OF);
        let customers: std::collections::BTreeSet<&str> =
            items.iter().map(|item| item.row.customer_id.as_str()).collect();
        assert!((100..=120).contains(&items.len()), "{} items", items.len());
        assert_eq!(customers.len(), 25);
        assert_eq!(items.iter().filter(|item| item.row.is_credit_note()).count(), 2);
        assert!(items.iter().filter(|item| !item.row.paid.is_zero()).count() >= 5);
        assert!(items
            .iter()
            .all(|item| item.row.invoice_date <= AS_OF && !item.row.open().is_zero()));
        let documents: std::collections::BTreeSet<&str> = items.iter().map(|item| item.row.document.as_str()).collect();
        assert_eq!(documents.len(), items.len(), "invoice numbers are unique");
    }

    #[test]
    fn every_bucket_is_used() {
        let items = items(AS_OF);
        let expected = Expected::of_rows(items.iter().map(|item| &item.row), AS_OF, "EUR");
        for (label, amount) in crate::expected::BUCKET_LABELS.iter().zip(expected.totals.buckets.0) {
            assert!(amount > Decimal::ZERO, "bucket {label} is empty");
        }
    }
}
