//! Ledgers of any size for the benchmarks: the English history layout with as many invoice rows as
//! asked (up to a full xlsx sheet, 1,048,575 rows), streamed to the output while the expected figures
//! are tallied, so neither the rows nor the workbook are ever held in memory.
//!
//! Shape: about one customer per 200 rows, with Zipf-distributed (Pareto-like) sizes: the largest
//! customer has about a ninth of the rows, the smallest a handful. Customers pay by a [`Profile`] drawn
//! with realistic weights; about 2% of the rows are credit notes (most set off, some open), instalment
//! payers leave partly paid invoices, short payers leave small balances, a few invoices are never paid
//! (some of them disputed) and fill the oldest buckets. Invoice dates run evenly over the two years up
//! to the as-of date.

use crate::error::SampleError;
use crate::expected::{Expected, Tally};
use crate::history::{
    CsvHistoryWriter, CustomerSheetRow, Profile, XlsxHistoryWriter, HISTORY_DAYS, XLSX_MAX_DATA_ROWS,
};
use crate::model::{add_days, cents, with_vat, Row};
use crate::rng::Rng;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::io::Write;

/// The seed used unless another is asked for.
pub const DEFAULT_SEED: u64 = 0xB16_1ED6E2;

/// The file format of a big ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BigFormat {
    /// An xlsx workbook with an "Invoices" and a "Customers" sheet.
    Xlsx,
    /// A comma-separated UTF-8 file with the invoices only.
    Csv,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct BigOptions {
    /// The number of invoice rows (below the header).
    pub rows: u64,
    /// The format.
    pub format: BigFormat,
    /// The seed: the same seed and row count give the same file.
    pub seed: u64,
    /// The as-of date of the history.
    pub as_of: NaiveDate,
}

const PLACES: [&str; 40] = [
    "Dublin",
    "Cork",
    "Galway",
    "Limerick",
    "Waterford",
    "Kilkenny",
    "Sligo",
    "Wexford",
    "Athlone",
    "Tralee",
    "Ennis",
    "Carlow",
    "Naas",
    "Navan",
    "Drogheda",
    "Dundalk",
    "Bray",
    "Mullingar",
    "Tullamore",
    "Portlaoise",
    "Clonmel",
    "Killarney",
    "Letterkenny",
    "Castlebar",
    "Westport",
    "Ballina",
    "Cavan",
    "Monaghan",
    "Longford",
    "Roscommon",
    "Nenagh",
    "Thurles",
    "Arklow",
    "Wicklow",
    "Gorey",
    "Youghal",
    "Kinsale",
    "Bantry",
    "Dingle",
    "Clifden",
];

const TRADES: [&str; 30] = [
    "Freight",
    "Software",
    "Foods",
    "Builders",
    "Motors",
    "Dental",
    "Print",
    "Timber",
    "Marine",
    "Hotels",
    "Dairy",
    "Engineering",
    "Electrical",
    "Plumbing",
    "Pharmacy",
    "Logistics",
    "Bakery",
    "Brewing",
    "Textiles",
    "Plastics",
    "Garden Centre",
    "Veterinary",
    "Fitness",
    "Catering",
    "Security",
    "Cleaning",
    "Architects",
    "Seafoods",
    "Agri Services",
    "Packaging",
];

const SUFFIXES: [&str; 6] = ["Ltd", "Limited", "& Co.", "Group", "Services Ltd", "DAC"];

/// Profiles with the weights (in percent) they are drawn with.
const PROFILE_WEIGHTS: [(Profile, u64); 10] = [
    (Profile::Early, 10),
    (Profile::OnTime, 35),
    (Profile::SlightlyLate, 20),
    (Profile::ChronicallyLate, 10),
    (Profile::Deteriorating, 5),
    (Profile::Improving, 5),
    (Profile::Erratic, 7),
    (Profile::Instalments, 4),
    (Profile::ShortPayer, 3),
    (Profile::Disputer, 1),
];

struct BigCustomer {
    id: String,
    name: String,
    profile: Profile,
    terms_days: u32,
    typical_net_euros: i64,
}

/// How many customers a ledger of `rows` rows has.
pub fn customer_count(rows: u64) -> usize {
    (rows / 200).clamp(10, 50_000) as usize
}

fn customer_name(index: usize) -> String {
    let (places, trades, suffixes) = (PLACES.len(), TRADES.len(), SUFFIXES.len());
    let base = format!(
        "{} {} {}",
        PLACES[index % places],
        TRADES[(index / places) % trades],
        SUFFIXES[(index / (places * trades)) % suffixes]
    );
    let round = index / (places * trades * suffixes);
    if round == 0 {
        base
    } else {
        format!("{base} ({})", round + 1)
    }
}

fn customers(count: usize, rng: &mut Rng) -> Vec<BigCustomer> {
    (0..count)
        .map(|index| {
            let mut draw = rng.below(100);
            let profile = PROFILE_WEIGHTS
                .iter()
                .find(|(_, weight)| {
                    if draw < *weight {
                        true
                    } else {
                        draw -= weight;
                        false
                    }
                })
                .map_or(Profile::OnTime, |(profile, _)| *profile);
            BigCustomer {
                id: format!("C{:06}", index + 1),
                name: customer_name(index),
                profile,
                terms_days: *rng.pick(&[14, 30, 30, 30, 45, 60]),
                typical_net_euros: *rng.pick(&[90, 150, 300, 600, 1200, 2500, 6000]),
            }
        })
        .collect()
}

/// Cumulative Zipf weights (1/rank): drawing from them gives Pareto-like customer sizes with integer
/// arithmetic only, so the same seed gives the same file on any platform.
fn zipf_cumulative(count: usize) -> Vec<u64> {
    let mut total = 0u64;
    (0..count)
        .map(|rank| {
            total += 1_000_000_000 / (rank as u64 + 1);
            total
        })
        .collect()
}

fn draw_customer(cumulative: &[u64], rng: &mut Rng) -> usize {
    let total = cumulative.last().copied().unwrap_or(0);
    let point = rng.below(total);
    cumulative.partition_point(|&upto| upto <= point)
}

enum Sink<W: Write + Send> {
    Xlsx(Box<XlsxHistoryWriter>, W),
    Csv(Box<CsvHistoryWriter<W>>),
}

/// Writes a ledger of `options.rows` rows to `out` and returns its expected figures (totals and
/// customers; open items are left out at this size).
pub fn generate<W: Write + Send>(options: &BigOptions, out: W) -> Result<Expected, SampleError> {
    if options.format == BigFormat::Xlsx && options.rows > XLSX_MAX_DATA_ROWS {
        return Err(SampleError::TooManyRows {
            asked: options.rows,
            max: XLSX_MAX_DATA_ROWS,
        });
    }
    let mut rng = Rng::new(options.seed);
    let customers = customers(customer_count(options.rows), &mut rng);
    let cumulative = zipf_cumulative(customers.len());
    let history_start = add_days(options.as_of, 1 - HISTORY_DAYS);
    let mut sink = match options.format {
        BigFormat::Xlsx => Sink::Xlsx(Box::new(XlsxHistoryWriter::new(options.as_of, "Invoice history")?), out),
        BigFormat::Csv => Sink::Csv(Box::new(CsvHistoryWriter::new(out)?)),
    };
    let mut tally = Tally::new(options.as_of, false);
    let span = HISTORY_DAYS as u64;
    for index in 0..options.rows {
        let day = (u128::from(index) * u128::from(span) / u128::from(options.rows.max(1))) as i64;
        let invoice_date = add_days(history_start, day);
        let customer = &customers[draw_customer(&cumulative, &mut rng)];
        let row = document(index, customer, invoice_date, history_start, options.as_of, &mut rng);
        match &mut sink {
            Sink::Xlsx(writer, _) => writer.write(&row)?,
            Sink::Csv(writer) => writer.write(&row)?,
        }
        tally.add(&row);
    }
    match sink {
        Sink::Xlsx(writer, out) => {
            let sheet: Vec<CustomerSheetRow> = customers.iter().map(customer_sheet_row).collect();
            writer.finish(&sheet, out)?;
        }
        Sink::Csv(writer) => writer.finish()?,
    }
    Ok(tally.finish("EUR"))
}

fn document(
    index: u64,
    customer: &BigCustomer,
    invoice_date: NaiveDate,
    history_start: NaiveDate,
    as_of: NaiveDate,
    rng: &mut Rng,
) -> Row {
    let mut row = Row {
        customer_id: customer.id.clone(),
        customer_name: customer.name.clone(),
        document: String::new(),
        invoice_date,
        due_date: add_days(invoice_date, i64::from(customer.terms_days)),
        amount: Decimal::ZERO,
        paid: Decimal::ZERO,
        paid_date: None,
        disputed: false,
    };
    if rng.percent(2) {
        // A credit note: most are set off the day they are made, and none stays open for long.
        row.document = format!("CN-{:07}", index + 1);
        row.due_date = invoice_date;
        row.amount = -with_vat(cents(customer.typical_net_euros * rng.between(10, 40)), 23);
        let recent = (as_of - invoice_date).num_days() <= 60;
        if rng.percent(75) || !recent {
            row.paid = row.amount;
            row.paid_date = Some(invoice_date);
        }
        return row;
    }
    row.document = format!("INV-{:07}", index + 1);
    let mut net_cents = customer.typical_net_euros * rng.between(40, 180);
    if rng.percent(50) {
        net_cents += rng.between(1, 99);
    }
    row.amount = with_vat(cents(net_cents), 23);
    // A few invoices are never paid (the customer vanished, or the dispute never ended): they are what
    // fills the oldest buckets of any real ledger.
    let stuck = if customer.profile == Profile::Disputer { 40 } else { 3 };
    if rng.per_mille(stuck) {
        row.disputed = customer.profile == Profile::Disputer || rng.percent(25);
        return row;
    }
    let settlement = customer
        .profile
        .settle(rng, invoice_date, row.due_date, row.amount, history_start, as_of);
    row.paid = settlement.paid;
    row.paid_date = settlement.paid_date;
    let disputes = if customer.profile == Profile::Disputer { 80 } else { 5 };
    row.disputed = settlement.paid_date.is_none() && row.due_date < as_of && rng.per_mille(disputes);
    row
}

fn customer_sheet_row(customer: &BigCustomer) -> CustomerSheetRow {
    let slug: String = customer
        .name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    CustomerSheetRow {
        id: customer.id.clone(),
        name: customer.name.clone(),
        credit_limit: Decimal::from(customer.typical_net_euros * 10),
        terms_days: customer.terms_days,
        email: format!("accounts@{slug}.ie"),
        phone: format!(
            "+353 1 {:07}",
            customer.id.trim_start_matches('C').parse::<u64>().unwrap_or(0)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(rows: u64, format: BigFormat) -> BigOptions {
        BigOptions {
            rows,
            format,
            seed: DEFAULT_SEED,
            as_of: crate::AS_OF,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        for format in [BigFormat::Csv, BigFormat::Xlsx] {
            let (mut first, mut second) = (Vec::new(), Vec::new());
            let a = generate(&options(3000, format), std::io::Cursor::new(&mut first)).unwrap();
            let b = generate(&options(3000, format), std::io::Cursor::new(&mut second)).unwrap();
            assert_eq!(a, b);
            assert!(first == second, "{format:?} bytes differ");
        }
    }

    #[test]
    fn csv_has_one_line_per_row_and_the_expected_count() {
        let mut bytes = Vec::new();
        let expected = generate(&options(5000, BigFormat::Csv), &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.lines().count(), 5001);
        assert_eq!(expected.rows, 5000);
        assert!(expected.customers.len() > 10 && expected.customers.len() <= customer_count(5000));
        assert!(expected.totals.items > 100 && expected.totals.overdue > Decimal::ZERO);
    }

    #[test]
    fn sizes_are_pareto_like() {
        let mut rng = Rng::new(1);
        let cumulative = zipf_cumulative(5000);
        let mut counts = vec![0u32; 5000];
        for _ in 0..200_000 {
            counts[draw_customer(&cumulative, &mut rng)] += 1;
        }
        let top_share = f64::from(counts[..50].iter().sum::<u32>()) / 200_000.0;
        assert!(
            top_share > 0.45 && top_share < 0.60,
            "top 1% of customers hold {top_share} of the rows"
        );
        assert!(counts[0] > 15_000 && counts[4999] < 20);
    }

    #[test]
    fn names_are_unique() {
        let names: std::collections::HashSet<String> = (0..20_000).map(customer_name).collect();
        assert_eq!(names.len(), 20_000);
    }

    #[test]
    fn xlsx_refuses_more_rows_than_a_sheet_holds() {
        let error = generate(&options(XLSX_MAX_DATA_ROWS + 1, BigFormat::Xlsx), Vec::new()).unwrap_err();
        assert!(matches!(error, SampleError::TooManyRows { .. }), "{error}");
    }
}
