//! Rows inside the data that are not documents: totals and subtotals ("Totaal", "Total for ...",
//! "TOTAL", "Sous-total"), and the header repeated on every printed page.

use crate::header::Header;
use crate::synonyms::Field;
use credit_core::ledger::Cell;

/// Words that open a total or subtotal label, lower case; a space also matches "-" and "_".
const TOTAL_WORDS: [&str; 20] = [
    "totaal",
    // Belgian Dutch (WinBooks, Octopus): "Algemeen totaal", "Generaal totaal".
    "algemeen totaal",
    "generaal totaal",
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

/// Classifies the rows of one sheet; built once per sheet, because it runs for every row.
pub struct RowClassifier<'a> {
    /// The columns whose content makes a row a document (number, invoice date, due date).
    document_columns: Vec<usize>,
    /// The recognised columns with their header text, to spot the header repeated on a new page.
    recognised: Vec<(usize, &'a str)>,
}

impl<'a> RowClassifier<'a> {
    /// The classifier for the sheet under `header`.
    pub fn new(header: &'a Header) -> Self {
        RowClassifier {
            document_columns: [Field::Invoice, Field::InvoiceDate, Field::DueDate]
                .iter()
                .filter_map(|&field| header.column(field))
                .collect(),
            recognised: header
                .fields()
                .map(|(_, column)| (column, header.texts[column].as_str()))
                .collect(),
        }
    }

    /// What a row is. A label such as "Total Energies SA" in a row with a document number or a
    /// document date is a customer, not a total: total rows carry no document.
    pub fn classify<'c>(&self, cells: &'c [Cell]) -> RowKind<'c> {
        for (column, cell) in cells.iter().enumerate() {
            let Cell::Text(text) = cell else { continue };
            if !is_total_label(text) {
                continue;
            }
            let has_document = self
                .document_columns
                .iter()
                .any(|&other| other != column && cells.get(other).is_some_and(|cell| *cell != Cell::Empty));
            if !has_document {
                return RowKind::Total(text);
            }
        }
        if self.is_repeated_header(cells) {
            return RowKind::RepeatedHeader;
        }
        RowKind::Data
    }

    fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        let matching = self
            .recognised
            .iter()
            .filter(|(column, text)| matches!(cells.get(*column), Some(Cell::Text(cell)) if cell.eq_ignore_ascii_case(text)))
            .count();
        matching >= 2 && matching * 2 >= self.recognised.len()
    }
}

/// Whether a text starts with a total word standing on its own.
pub fn is_total_label(text: &str) -> bool {
    // Most cells start with another letter: one comparison instead of twenty.
    let first = text.trim_start().bytes().next().map(|byte| byte.to_ascii_lowercase());
    matches!(first, Some(b't' | b's' | b'e' | b'g' | b'z' | b'a'))
        && TOTAL_WORDS.iter().any(|word| starts_with_word(text, word))
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
            "Algemeen totaal",
        ] {
            assert!(is_total_label(label), "{label}");
        }
        for text in ["Totalmed BV", "Jansen", "Subtotaalbedrag", "Algemeen Bouwbedrijf", ""] {
            assert!(!is_total_label(text), "{text}");
        }
    }

    #[test]
    fn a_customer_named_total_with_a_document_is_data() {
        let header = header();
        let classifier = RowClassifier::new(&header);
        assert_eq!(
            classifier.classify(&cells(&["Totaal", "", "", "1.234,00"])),
            RowKind::Total("Totaal")
        );
        assert_eq!(
            classifier.classify(&cells(&["Total Energies SA", "F-12", "31-10-2026", "100"])),
            RowKind::Data
        );
        assert_eq!(
            classifier.classify(&cells(&["", "Total for Jansen", "", "100"])),
            RowKind::Total("Total for Jansen")
        );
    }

    #[test]
    fn the_header_repeated_on_a_new_page() {
        let header = header();
        let classifier = RowClassifier::new(&header);
        assert_eq!(
            classifier.classify(&cells(&["Klant", "Factuur", "Vervaldatum", "Bedrag"])),
            RowKind::RepeatedHeader
        );
        assert_eq!(classifier.classify(&cells(&["Klant", "F-1", "", "1"])), RowKind::Data);
    }
}
