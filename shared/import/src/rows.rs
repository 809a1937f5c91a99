//! Rows inside the data that are not documents: totals and subtotals ("Totaal", "Total for ...",
//! "TOTAL", "Sous-total"), and the header repeated on every printed page.

use crate::header::Header;
use crate::synonyms::Field;
use credit_core::ledger::Cell;

/// Words that open a total or subtotal label, lower case; a space also matches "-" and "_".
const TOTAL_WORDS: [&str; 18] = [
    "totaal",
    "subtotaal",
    "eindtotaal",
    "totalen",
    "total",
    "totals",
    "totaux",
    "sous total",
    "sub total",
    "subtotal",
    "grand total",
    "summe",
    "gesamt",
    "gesamtsumme",
    "zwischensumme",
    "totale",
    "endsumme",
    "somme",
];

/// What a row is, before its values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind<'a> {
    /// A total or subtotal row, with its label.
    Total(&'a str),
    /// The header row again (exports repeat it on every printed page).
    RepeatedHeader,
    /// Anything else: a document, a section heading or a broken row, told apart by its values.
    Data,
}

/// Classifies a row. A label such as "Total Energies SA" in a row with a document number or a document
/// date is a customer, not a total: total rows carry no document.
pub fn classify<'a>(cells: &'a [Cell], header: &Header) -> RowKind<'a> {
    for (column, cell) in cells.iter().enumerate() {
        let Cell::Text(text) = cell else { continue };
        if !is_total_label(text) {
            continue;
        }
        let has_document = [Field::Invoice, Field::InvoiceDate, Field::DueDate]
            .iter()
            .any(|&field| {
                header
                    .column(field)
                    .is_some_and(|other| other != column && cells.get(other).is_some_and(|cell| *cell != Cell::Empty))
            });
        if !has_document {
            return RowKind::Total(text);
        }
    }
    if is_repeated_header(cells, header) {
        return RowKind::RepeatedHeader;
    }
    RowKind::Data
}

/// Whether a text starts with a total word standing on its own.
pub fn is_total_label(text: &str) -> bool {
    TOTAL_WORDS.iter().any(|word| starts_with_word(text, word))
}

fn starts_with_word(text: &str, word: &str) -> bool {
    let mut chars = text.trim_start().chars();
    for expected in word.chars() {
        match chars.next() {
            Some(' ' | '-' | '_') if expected == ' ' => {}
            Some(c) if c.to_ascii_lowercase() == expected => {}
            _ => return false,
        }
    }
    chars.next().is_none_or(|next| !next.is_alphanumeric())
}

fn is_repeated_header(cells: &[Cell], header: &Header) -> bool {
    let recognised = header.fields().count();
    let matching = header
        .fields()
        .filter(|&(_, column)| match cells.get(column) {
            Some(Cell::Text(text)) => text.eq_ignore_ascii_case(&header.texts[column]),
            _ => false,
        })
        .count();
    matching >= 2 && matching * 2 >= recognised
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GridRow;
    use crate::header::find_header;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|text| match *text {
                "" => Cell::Empty,
                text => Cell::Text(text.to_owned()),
            })
            .collect()
    }

    fn header() -> Header {
        let row = GridRow {
            number: 1,
            cells: cells(&["Klant", "Factuur", "Vervaldatum", "Bedrag"]),
        };
        find_header(&[row]).expect("header")
    }

    #[test]
    fn total_labels_in_four_languages() {
        for label in [
            "Totaal",
            "TOTAL",
            "Total for 10001",
            "Totaal 10001 Jansen",
            "Sous-total client",
            "Subtotal:",
            "Grand Total",
            "Total général",
            "Eindtotaal",
            "Zwischensumme",
        ] {
            assert!(is_total_label(label), "{label}");
        }
        for text in ["Totalmed BV", "Jansen", "Subtotaalbedrag", ""] {
            assert!(!is_total_label(text), "{text}");
        }
    }

    #[test]
    fn a_customer_named_total_with_a_document_is_data() {
        let header = header();
        assert_eq!(
            classify(&cells(&["Totaal", "", "", "1.234,00"]), &header),
            RowKind::Total("Totaal")
        );
        assert_eq!(
            classify(&cells(&["Total Energies SA", "F-12", "31-10-2026", "100"]), &header),
            RowKind::Data
        );
        assert_eq!(
            classify(&cells(&["", "Total for Jansen", "", "100"]), &header),
            RowKind::Total("Total for Jansen")
        );
    }

    #[test]
    fn the_header_repeated_on_a_new_page() {
        let header = header();
        assert_eq!(
            classify(&cells(&["Klant", "Factuur", "Vervaldatum", "Bedrag"]), &header),
            RowKind::RepeatedHeader
        );
        assert_eq!(classify(&cells(&["Klant", "F-1", "", "1"]), &header), RowKind::Data);
    }
}
