//! The English full invoice history (QuickBooks/Odoo-like): two years of invoices for forty Irish
//! customers (so in euros), paid and unpaid, with a "Customers" sheet. Each customer pays the way its
//! [`Profile`] says, consistently over the two years, so the scores and predictions built on this file
//! have something real to find: early payers, punctual ones, the chronically late, a customer getting
//! worse, one getting better, instalment payers with partly paid invoices, a short payer, a disputed
//! invoice, credit notes (one set off, one open), two new customers and a dormant one.

use crate::error::SampleError;
use crate::expected::Expected;
use crate::history::{CustomerSheetRow, Profile, XlsxHistoryWriter, HISTORY_DAYS};
use crate::model::{add_days, cents, with_vat, Row};
use crate::rng::Rng;
use crate::Generated;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// The file name under `ledgers/`.
pub const FILE_NAME: &str = "en-invoice-history.xlsx";

const SEED: u64 = 0x0045_4E00_3110_2026;

/// Irish VAT, standard rate.
const VAT_PERCENT: u32 = 23;

/// One customer of the book: who it is and how it buys and pays.
struct Account {
    name: &'static str,
    profile: Profile,
    terms_days: u32,
    /// Days between invoices, on average.
    cadence_days: i64,
    typical_net_euros: i64,
    /// The first invoice, when the customer is newer than the history.
    first: Option<(i32, u32, u32)>,
    /// The last invoice, when the customer stopped buying.
    last: Option<(i32, u32, u32)>,
}

const fn account(
    name: &'static str,
    profile: Profile,
    terms_days: u32,
    cadence_days: i64,
    typical_net_euros: i64,
) -> Account {
    Account {
        name,
        profile,
        terms_days,
        cadence_days,
        typical_net_euros,
        first: None,
        last: None,
    }
}

const ARKLOW: &str = "Arklow Pottery";
const SLIGO: &str = "Sligo Renewable Energy";

const ACCOUNTS: [Account; 40] = [
    account("Shannon Freight Ltd", Profile::OnTime, 30, 14, 2400),
    account("Liffey Software Ltd", Profile::Early, 30, 30, 5200),
    account("Connemara Woollens Ltd", Profile::SlightlyLate, 30, 21, 900),
    account("Galway Bay Seafoods", Profile::ChronicallyLate, 30, 14, 1800),
    account("Burren Stoneworks", Profile::Deteriorating, 30, 21, 3100),
    account("Kilkenny Craft Brewery", Profile::OnTime, 14, 10, 650),
    account("Dublin Dental Supplies", Profile::Early, 14, 14, 420),
    account("Wicklow Timber Co.", Profile::Instalments, 45, 30, 8400),
    account("Cork Harbour Marine", Profile::Erratic, 30, 20, 2750),
    account("Limerick Print House", Profile::OnTime, 30, 14, 380),
    account("Atlantic Surf School", Profile::SlightlyLate, 14, 35, 260),
    account("Donegal Tweed Mills", Profile::Improving, 60, 30, 6100),
    account("Boyne Valley Foods", Profile::ChronicallyLate, 45, 10, 1500),
    account("Kerry Dairy Co-operative", Profile::Early, 30, 7, 3900),
    account(SLIGO, Profile::Disputer, 30, 30, 12500),
    account("Waterford Glass Cutters", Profile::OnTime, 30, 21, 1100),
    account("Mayo Builders Providers", Profile::Deteriorating, 30, 10, 2300),
    account("Clare Coast Hotels", Profile::SlightlyLate, 30, 14, 1750),
    account("Athlone Logistics", Profile::OnTime, 45, 7, 980),
    account("Tipperary Agri Services", Profile::ChronicallyLate, 60, 30, 4200),
    account("Howth Fish Market", Profile::OnTime, 14, 7, 310),
    Account {
        first: Some((2026, 8, 3)),
        ..account("Leitrim Woodcraft", Profile::SlightlyLate, 30, 14, 700)
    },
    account("Drogheda Engineering", Profile::Erratic, 30, 14, 3300),
    Account {
        last: Some((2025, 6, 20)),
        ..account("Carlow Garden Centre", Profile::OnTime, 30, 21, 540)
    },
    account("Roscommon Veterinary Clinic", Profile::Early, 14, 21, 450),
    account("Westport Outdoor Gear", Profile::ShortPayer, 30, 14, 890),
    account("Dundalk Data Centre", Profile::OnTime, 30, 30, 15800),
    account("Ennis Music Academy", Profile::SlightlyLate, 30, 45, 220),
    account("Naas Motor Parts", Profile::Deteriorating, 30, 7, 640),
    account("Bray Seaside Cafe", Profile::ChronicallyLate, 14, 14, 190),
    account("Trim Castle Tours", Profile::OnTime, 30, 60, 1200),
    account("Navan Medical Clinic", Profile::Early, 30, 30, 2100),
    account("Killarney Golf Resort", Profile::Instalments, 30, 30, 5600),
    account("Letterkenny Plastics", Profile::OnTime, 60, 14, 7300),
    account("Portlaoise Print & Pack", Profile::SlightlyLate, 45, 14, 1400),
    Account {
        first: Some((2026, 9, 15)),
        ..account("Mullingar Fitness Club", Profile::OnTime, 14, 14, 350)
    },
    account("Tullamore Distillers", Profile::Improving, 30, 21, 9800),
    account("Cavan Poultry Farms", Profile::ChronicallyLate, 30, 21, 2600),
    account(ARKLOW, Profile::OnTime, 30, 30, 760),
    account("Ballina Electrical", Profile::Erratic, 30, 14, 1300),
];

const AREA_CODES: [&str; 8] = ["1", "21", "91", "61", "51", "71", "66", "98"];

/// The customer id of the account at `index` in the table.
fn customer_id(index: usize) -> String {
    format!("C{}", 1001 + index)
}

fn ymd((year, month, day): (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The history: every invoice and credit note up to `as_of`, by date, numbered.
pub fn rows(as_of: NaiveDate) -> Vec<Row> {
    let mut rng = Rng::new(SEED);
    let history_start = add_days(as_of, -HISTORY_DAYS);
    let mut rows = Vec::new();
    for (index, account) in ACCOUNTS.iter().enumerate() {
        let mut customer_rng = rng.fork();
        rows.extend(account_rows(
            account,
            &customer_id(index),
            &mut customer_rng,
            history_start,
            as_of,
        ));
    }
    rows.sort_by(|a, b| (a.invoice_date, &a.customer_id).cmp(&(b.invoice_date, &b.customer_id)));
    let mut sequence: Option<(i32, u32, u32)> = None;
    for row in &mut rows {
        let year = row.invoice_date.year();
        let (invoices, credit_notes) = match sequence {
            Some((last_year, invoices, credit_notes)) if last_year == year => (invoices, credit_notes),
            _ => (0, 0),
        };
        if row.is_credit_note() {
            row.document = format!("CN-{year}-{:04}", credit_notes + 1);
            sequence = Some((year, invoices, credit_notes + 1));
        } else {
            row.document = format!("INV-{year}-{:05}", invoices + 1);
            sequence = Some((year, invoices + 1, credit_notes));
        }
    }
    rows
}

fn account_rows(account: &Account, id: &str, rng: &mut Rng, history_start: NaiveDate, as_of: NaiveDate) -> Vec<Row> {
    let first = account.first.and_then(ymd).unwrap_or(history_start);
    let last = account.last.and_then(ymd).unwrap_or(as_of).min(as_of);
    let mut rows = Vec::new();
    let mut invoice_date = add_days(first, rng.between(0, account.cadence_days - 1));
    while invoice_date <= last {
        let due_date = add_days(invoice_date, i64::from(account.terms_days));
        let mut net_cents = account.typical_net_euros * rng.between(60, 140);
        if rng.percent(50) {
            net_cents += rng.between(1, 99);
        }
        let amount = with_vat(cents(net_cents), VAT_PERCENT);
        let settlement = account
            .profile
            .settle(rng, invoice_date, due_date, amount, history_start, as_of);
        rows.push(Row {
            customer_id: id.to_string(),
            customer_name: account.name.to_string(),
            document: String::new(),
            invoice_date,
            due_date,
            amount,
            paid: settlement.paid,
            paid_date: settlement.paid_date,
            disputed: false,
        });
        let jitter = account.cadence_days / 4;
        invoice_date = add_days(
            invoice_date,
            (account.cadence_days + rng.between(-jitter, jitter)).max(1),
        );
    }
    if account.name == SLIGO {
        // The first invoice of May 2026 is disputed: unpaid ever since, the rest paid as usual.
        let may = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or(as_of);
        if let Some(row) = rows.iter_mut().find(|row| row.invoice_date >= may) {
            row.disputed = true;
            row.paid = Decimal::ZERO;
            row.paid_date = None;
        }
    }
    if account.name == ARKLOW {
        // Breakage credited twice: once set off against a later invoice, once still open.
        for (date, applied) in [((2025, 9, 12), true), ((2026, 10, 20), false)] {
            let Some(invoice_date) = ymd(date) else { continue };
            let amount = -with_vat(cents(account.typical_net_euros * rng.between(20, 40)), VAT_PERCENT);
            rows.push(Row {
                customer_id: id.to_string(),
                customer_name: account.name.to_string(),
                document: String::new(),
                invoice_date,
                due_date: invoice_date,
                amount,
                paid: if applied { amount } else { Decimal::ZERO },
                paid_date: applied.then_some(invoice_date),
                disputed: false,
            });
        }
    }
    rows
}

/// The customers sheet: limits of about two months of sales, the agreed terms and contacts.
pub fn customers() -> Vec<CustomerSheetRow> {
    let mut rng = Rng::new(SEED ^ 0xC0FFEE);
    ACCOUNTS
        .iter()
        .enumerate()
        .map(|(index, account)| {
            let two_months_gross = account.typical_net_euros * 123 * 60 / (100 * account.cadence_days);
            let limit_thousands = (two_months_gross + 999) / 1000;
            let domain: String = account
                .name
                .split_whitespace()
                .take(2)
                .flat_map(|word| word.chars().filter(char::is_ascii_alphanumeric))
                .collect::<String>()
                .to_ascii_lowercase();
            CustomerSheetRow {
                id: customer_id(index),
                name: account.name.to_string(),
                credit_limit: Decimal::from(limit_thousands.max(1) * 1000),
                terms_days: account.terms_days,
                email: format!("accounts@{domain}.ie"),
                phone: format!(
                    "+353 {} {:03} {:04}",
                    rng.pick(&AREA_CODES),
                    rng.between(200, 999),
                    rng.between(0, 9999)
                ),
            }
        })
        .collect()
}

/// The sample and its expected figures.
pub fn generate(as_of: NaiveDate) -> Result<Generated, SampleError> {
    let rows = rows(as_of);
    let mut writer = XlsxHistoryWriter::new(as_of, "Invoice history")?;
    for row in &rows {
        writer.write(row)?;
    }
    let mut bytes = Vec::new();
    writer.finish(&customers(), std::io::Cursor::new(&mut bytes))?;
    let expected = Expected::of_rows(&rows, as_of, "EUR");
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

    fn behaviour_of(expected: &Expected, name: &str) -> crate::expected::BehaviourFigures {
        let index = ACCOUNTS.iter().position(|account| account.name == name).unwrap();
        let customer = expected.customer(&customer_id(index)).unwrap();
        customer.behaviour.clone().unwrap()
    }

    #[test]
    fn each_kind_of_payer_shows_in_the_figures() {
        let rows = rows(AS_OF);
        let expected = Expected::of_rows(&rows, AS_OF, "EUR");
        assert_eq!(expected.customers.len(), 40);
        assert!((1000..=2500).contains(&rows.len()), "{} rows", rows.len());

        assert!(behaviour_of(&expected, "Liffey Software Ltd").avg_days_late < -2.0);
        let punctual = behaviour_of(&expected, "Shannon Freight Ltd");
        assert!(
            punctual.on_time_share > 0.6 && punctual.avg_days_late.abs() < 3.0,
            "{punctual:?}"
        );
        let late = behaviour_of(&expected, "Galway Bay Seafoods");
        assert!(
            (30.0..=62.0).contains(&late.avg_days_late) && late.on_time_share == 0.0,
            "{late:?}"
        );

        let burren = expected.customer("C1005").unwrap();
        assert!(
            burren.max_days_overdue > 40,
            "the deteriorating customer is far behind now: {burren:?}"
        );

        let disputed: Vec<_> = expected.open_items.iter().filter(|item| item.disputed).collect();
        assert_eq!(disputed.len(), 1);
        assert!(disputed[0].days_overdue > 120);

        let partly_paid = rows
            .iter()
            .filter(|row| row.paid > Decimal::ZERO && row.open() > Decimal::ZERO)
            .count();
        assert!(partly_paid >= 3, "{partly_paid} partly paid invoices");
        assert_eq!(rows.iter().filter(|row| row.is_credit_note()).count(), 2);

        let carlow = expected.customer("C1024").unwrap();
        assert_eq!(
            (carlow.open, carlow.items),
            (Decimal::ZERO, 0),
            "the dormant customer owes nothing"
        );
        assert!(carlow.behaviour.is_some());

        let newest = expected.customer("C1036").unwrap();
        assert!(newest
            .behaviour
            .as_ref()
            .is_none_or(|behaviour| behaviour.paid_invoices <= 3));
    }

    #[test]
    fn customers_sheet_matches_the_invoices() {
        let customers = customers();
        assert_eq!(customers.len(), ACCOUNTS.len());
        assert_eq!(customers[0].id, "C1001");
        assert_eq!(customers[0].email, "accounts@shannonfreight.ie");
        assert!(customers
            .iter()
            .all(|customer| customer.credit_limit >= Decimal::from(1000)));
    }
}
