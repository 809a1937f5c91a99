//! Header rows: which column holds what, recognised by header synonyms in Dutch, French, English and
//! German, wherever the header sits in the first rows of a sheet.

use crate::grid::GridRow;
use credit_core::lang::Lang;
use credit_core::ledger::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How many rows from the top of a sheet may hold the header.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    CustomerId,
    CustomerName,
    Invoice,
    InvoiceDate,
    DueDate,
    Amount,
    Debit,
    Credit,
    Open,
    Paid,
    PaidDate,
    Currency,
    Disputed,
    DocumentType,
    Terms,
    Electronic,
    Rating,
    CreditLimit,
    Email,
    Phone,
    Language,
}

impl Field {
    /// Fields whose cells are amounts.
    pub fn is_amount(self) -> bool {
        matches!(
            self,
            Field::Amount | Field::Debit | Field::Credit | Field::Open | Field::Paid | Field::CreditLimit
        )
    }
}

type Synonyms = &'static [(Option<Lang>, &'static [&'static str])];

const NL: Option<Lang> = Some(Lang::Nl);
const FR: Option<Lang> = Some(Lang::Fr);
const EN: Option<Lang> = Some(Lang::En);
const DE: Option<Lang> = None;

fn synonyms(field: Field) -> Synonyms {
    use Field::*;
    match field {
        CustomerId => &[
            (
                NL,
                &[
                    "klantnummer",
                    "klantnr",
                    "klant nr",
                    "klantcode",
                    "debiteurnummer",
                    "debiteurnr",
                    "debiteur nr",
                    "debiteurcode",
                    "debiteur code",
                    "relatienummer",
                    "relatienr",
                    "relatiecode",
                    "relatie code",
                    "code debiteur",
                ],
            ),
            (
                FR,
                &[
                    "code client",
                    "n client",
                    "no client",
                    "numero client",
                    "num client",
                    "numero de client",
                    "code tiers",
                    "compte client",
                    "compte tiers",
                    "ref client",
                    "reference client",
                ],
            ),
            (
                EN,
                &[
                    "customer id",
                    "customer no",
                    "customer nr",
                    "customer number",
                    "customer code",
                    "customer ref",
                    "account no",
                    "account number",
                    "account code",
                    "account id",
                    "client id",
                    "client code",
                    "client no",
                    "cust id",
                    "cust no",
                    "id",
                ],
            ),
            (
                DE,
                &[
                    "kundennummer",
                    "kunden nr",
                    "kundennr",
                    "debitorennummer",
                    "debitor nr",
                    "debitorennr",
                    "debitor",
                ],
            ),
        ],
        CustomerName => &[
            (
                NL,
                &[
                    "klant",
                    "klantnaam",
                    "naam",
                    "naam klant",
                    "debiteur",
                    "debiteurnaam",
                    "naam debiteur",
                    "relatie",
                    "relatienaam",
                    "bedrijfsnaam",
                    "afnemer",
                ],
            ),
            (
                FR,
                &[
                    "client",
                    "nom",
                    "nom client",
                    "nom du client",
                    "raison sociale",
                    "intitule",
                    "tiers",
                    "nom tiers",
                ],
            ),
            (
                EN,
                &[
                    "customer",
                    "customer name",
                    "name",
                    "client",
                    "client name",
                    "company",
                    "company name",
                    "partner",
                    "account name",
                    "debtor",
                    "account",
                ],
            ),
            (DE, &["kunde", "kundenname", "name des kunden", "firma"]),
        ],
        Invoice => &[
            (
                NL,
                &[
                    "factuur",
                    "factuurnr",
                    "factuur nr",
                    "factuurnummer",
                    "boekstuk",
                    "boekstuknr",
                    "boekstuknummer",
                    "documentnummer",
                    "document nr",
                    "stuknummer",
                    "factuurnummer klant",
                ],
            ),
            (
                FR,
                &[
                    "facture",
                    "n facture",
                    "no facture",
                    "numero facture",
                    "num facture",
                    "numero de facture",
                    "n de facture",
                    "piece",
                    "n piece",
                    "no piece",
                    "numero piece",
                    "n de piece",
                    "reference piece",
                ],
            ),
            (
                EN,
                &[
                    "invoice",
                    "invoice no",
                    "invoice nr",
                    "invoice number",
                    "invoice id",
                    "invoice ref",
                    "inv no",
                    "num",
                    "number",
                    "doc no",
                    "document no",
                    "document number",
                    "transaction no",
                    "reference",
                    "ref",
                ],
            ),
            (
                DE,
                &[
                    "rechnung",
                    "rechnungsnummer",
                    "rechnungs nr",
                    "rechnung nr",
                    "belegnummer",
                    "beleg nr",
                    "belegnr",
                ],
            ),
        ],
        InvoiceDate => &[
            (
                NL,
                &[
                    "factuurdatum",
                    "datum",
                    "boekdatum",
                    "documentdatum",
                    "datum factuur",
                    "boekstukdatum",
                ],
            ),
            (
                FR,
                &[
                    "date facture",
                    "date de facture",
                    "date",
                    "date piece",
                    "date de piece",
                    "date d emission",
                    "date emission",
                ],
            ),
            (
                EN,
                &[
                    "invoice date",
                    "date",
                    "document date",
                    "date issued",
                    "issue date",
                    "transaction date",
                    "invoice bill date",
                    "posting date",
                ],
            ),
            (DE, &["rechnungsdatum", "belegdatum", "datum der rechnung"]),
        ],
        DueDate => &[
            (
                NL,
                &[
                    "vervaldatum",
                    "vervaldag",
                    "verval datum",
                    "uiterste betaaldatum",
                    "datum verval",
                    "vervalt op",
                ],
            ),
            (
                FR,
                &[
                    "echeance",
                    "date echeance",
                    "date d echeance",
                    "date de l echeance",
                    "echeance le",
                    "date limite de paiement",
                ],
            ),
            (
                EN,
                &[
                    "due date",
                    "due",
                    "due on",
                    "payment due",
                    "date due",
                    "payment due date",
                ],
            ),
            (
                DE,
                &[
                    "falligkeit",
                    "falligkeitsdatum",
                    "fallig am",
                    "faellig am",
                    "faelligkeit",
                ],
            ),
        ],
        Amount => &[
            (
                NL,
                &[
                    "bedrag",
                    "factuurbedrag",
                    "totaal bedrag",
                    "totaalbedrag",
                    "bedrag incl btw",
                    "bedrag incl",
                    "origineel bedrag",
                    "oorspronkelijk bedrag",
                    "brutobedrag",
                    "bedrag factuur",
                ],
            ),
            (
                FR,
                &[
                    "montant",
                    "montant ttc",
                    "montant facture",
                    "montant initial",
                    "montant d origine",
                    "total ttc",
                    "montant de la facture",
                ],
            ),
            (
                EN,
                &[
                    "amount",
                    "invoice amount",
                    "total",
                    "original amount",
                    "amount incl vat",
                    "gross amount",
                    "invoice total",
                    "total amount",
                    "amount total",
                ],
            ),
            (DE, &["betrag", "rechnungsbetrag", "bruttobetrag", "gesamtbetrag"]),
        ],
        Debit => &[
            (NL, &["debet"]),
            (FR, &["debit"]),
            (EN, &["debit", "debits"]),
            (DE, &["soll"]),
        ],
        Credit => &[
            (NL, &["credit"]),
            (FR, &["credit"]),
            (EN, &["credits"]),
            (DE, &["haben"]),
        ],
        Open => &[
            (
                NL,
                &[
                    "openstaand",
                    "openstaand bedrag",
                    "saldo",
                    "openstaand saldo",
                    "nog te betalen",
                    "restant",
                    "restbedrag",
                    "open bedrag",
                    "te ontvangen",
                ],
            ),
            (
                FR,
                &[
                    "reste du",
                    "reste a payer",
                    "solde",
                    "montant du",
                    "montant restant",
                    "restant du",
                    "solde du",
                    "reste a encaisser",
                ],
            ),
            (
                EN,
                &[
                    "open",
                    "open amount",
                    "balance",
                    "amount due",
                    "balance due",
                    "outstanding",
                    "open balance",
                    "remaining",
                    "amount outstanding",
                    "residual",
                    "amount residual",
                    "unpaid",
                ],
            ),
            (
                DE,
                &["offen", "offener betrag", "restbetrag", "offener posten", "saldo offen"],
            ),
        ],
        Paid => &[
            (
                NL,
                &["betaald", "betaald bedrag", "ontvangen", "ontvangen bedrag", "voldaan"],
            ),
            (
                FR,
                &[
                    "montant regle",
                    "regle",
                    "paye",
                    "montant paye",
                    "deja paye",
                    "encaisse",
                    "montant encaisse",
                ],
            ),
            (
                EN,
                &[
                    "amount paid",
                    "paid",
                    "paid amount",
                    "payments",
                    "payment",
                    "amount received",
                    "received",
                ],
            ),
            (DE, &["bezahlt", "gezahlt", "zahlungsbetrag", "bezahlter betrag"]),
        ],
        PaidDate => &[
            (
                NL,
                &[
                    "betaaldatum",
                    "datum betaling",
                    "betaald op",
                    "datum ontvangst",
                    "ontvangstdatum",
                    "datum voldaan",
                ],
            ),
            (
                FR,
                &[
                    "date reglement",
                    "date de reglement",
                    "date de paiement",
                    "date paiement",
                    "regle le",
                    "paye le",
                    "date encaissement",
                ],
            ),
            (
                EN,
                &[
                    "paid date",
                    "payment date",
                    "date paid",
                    "paid on",
                    "date received",
                    "settled on",
                    "settlement date",
                    "settled date",
                    "date settled",
                ],
            ),
            (DE, &["zahlungsdatum", "bezahlt am", "zahldatum"]),
        ],
        Currency => &[
            (NL, &["valuta", "munt", "valutacode"]),
            (FR, &["devise", "monnaie"]),
            (EN, &["currency", "curr", "currency code", "ccy"]),
            (DE, &["wahrung", "waehrung"]),
        ],
        Disputed => &[
            (NL, &["betwist", "geschil", "dispuut", "in geschil", "betwisting"]),
            (FR, &["litige", "conteste", "en litige", "contestation"]),
            (EN, &["disputed", "dispute", "in dispute", "on hold"]),
            (DE, &["strittig", "reklamation", "streitig"]),
        ],
        DocumentType => &[
            (
                NL,
                &[
                    "soort",
                    "documentsoort",
                    "documenttype",
                    "boekstuktype",
                    "type document",
                    "soort document",
                    "factuursoort",
                ],
            ),
            (
                FR,
                &[
                    "type de piece",
                    "type piece",
                    "type document",
                    "nature",
                    "type de document",
                    "nature piece",
                ],
            ),
            (
                EN,
                &[
                    "type",
                    "document type",
                    "doc type",
                    "transaction type",
                    "entry type",
                    "move type",
                ],
            ),
            (DE, &["belegart", "dokumentart", "buchungsart"]),
        ],
        Terms => &[
            (
                NL,
                &[
                    "betalingstermijn",
                    "termijn",
                    "betaaltermijn",
                    "betalingsconditie",
                    "betalingsvoorwaarden",
                    "termijn dagen",
                    "betaaltermijn dagen",
                ],
            ),
            (
                FR,
                &[
                    "conditions de paiement",
                    "delai de paiement",
                    "delai",
                    "condition de reglement",
                    "delai paiement jours",
                    "conditions de reglement",
                ],
            ),
            (
                EN,
                &[
                    "payment terms",
                    "terms",
                    "terms days",
                    "payment terms days",
                    "credit terms",
                    "net days",
                ],
            ),
            (DE, &["zahlungsziel", "zahlungsbedingungen", "zahlungsfrist"]),
        ],
        Electronic => &[
            (NL, &["verzendwijze", "e factuur", "elektronisch"]),
            (FR, &["mode d envoi", "electronique", "envoi"]),
            (
                EN,
                &[
                    "electronic",
                    "e invoice",
                    "sent by",
                    "delivery method",
                    "paperless",
                    "paperless bill",
                    "invoice medium",
                ],
            ),
            (DE, &["versandart"]),
        ],
        Rating => &[
            (NL, &["rating", "kredietwaardigheid", "kredietscore", "creditscore"]),
            (FR, &["notation", "cote", "cotation", "note de credit"]),
            (EN, &["credit rating", "external rating", "credit score", "risk rating"]),
            (DE, &["bonitat", "bonitaet", "bonitatsindex"]),
        ],
        CreditLimit => &[
            (
                NL,
                &[
                    "kredietlimiet",
                    "kredietlimit",
                    "limiet",
                    "kredietplafond",
                    "kredietlijn",
                ],
            ),
            (
                FR,
                &[
                    "limite de credit",
                    "plafond",
                    "encours autorise",
                    "plafond de credit",
                    "encours maximum",
                ],
            ),
            (EN, &["credit limit", "limit", "credit line"]),
            (DE, &["kreditlimit", "kreditlinie"]),
        ],
        Email => &[
            (
                NL,
                &["e mail", "email", "e mailadres", "emailadres", "mailadres", "mail"],
            ),
            (FR, &["courriel", "adresse e mail", "adresse email", "mel"]),
            (EN, &["email address", "e mail address", "billing email"]),
            (DE, &["e mail adresse"]),
        ],
        Phone => &[
            (NL, &["telefoon", "tel", "telefoonnummer", "telefoonnr", "gsm"]),
            (FR, &["telephone", "n telephone", "portable"]),
            (EN, &["phone", "phone number", "telephone number", "mobile"]),
            (DE, &["telefon", "telefonnummer"]),
        ],
        Language => &[
            (NL, &["taal"]),
            (FR, &["langue"]),
            (EN, &["language", "lang"]),
            (DE, &["sprache"]),
        ],
    }
}

const ALL_FIELDS: [Field; 21] = [
    Field::CustomerId,
    Field::CustomerName,
    Field::Invoice,
    Field::InvoiceDate,
    Field::DueDate,
    Field::Amount,
    Field::Debit,
    Field::Credit,
    Field::Open,
    Field::Paid,
    Field::PaidDate,
    Field::Currency,
    Field::Disputed,
    Field::DocumentType,
    Field::Terms,
    Field::Electronic,
    Field::Rating,
    Field::CreditLimit,
    Field::Email,
    Field::Phone,
    Field::Language,
];

fn lookup() -> &'static HashMap<&'static str, (Field, Option<Lang>)> {
    static TABLE: OnceLock<HashMap<&'static str, (Field, Option<Lang>)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for field in ALL_FIELDS {
            for (lang, words) in synonyms(field) {
                for word in *words {
                    // The first field to claim a word keeps it ("credit" is the Dutch credit column,
                    // "date" the invoice date).
                    table.entry(*word).or_insert((field, *lang));
                }
            }
        }
        table
    })
}

const UNIT_WORDS: [&str; 9] = ["eur", "usd", "gbp", "chf", "in", "incl", "ttc", "days", "dagen"];

/// Lower case, accents off, punctuation to spaces, single spaces; currency units at the end dropped
/// ("Bedrag (EUR)" -> "bedrag", "N° facture" -> "n facture").
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_lower = false;
    for original in text.chars() {
        // camelCase headers ("customerID", "InvoiceDate") are words too.
        if previous_lower && original.is_uppercase() && !out.ends_with(' ') {
            out.push(' ');
        }
        previous_lower = original.is_lowercase();
        let Some(c) = original.to_lowercase().next() else {
            continue;
        };
        let plain = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'û' | 'ü' | 'ù' | 'ú' => 'u',
            'ç' => 'c',
            'ß' => 's',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if plain == ' ' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(plain);
        }
    }
    let mut words: Vec<&str> = out.split_whitespace().collect();
    // "montant ttc" and "bedrag incl" are synonyms themselves: a unit word goes only when the rest is known.
    while words.len() > 1
        && words.last().is_some_and(|last| UNIT_WORDS.contains(last))
        && !lookup().contains_key(words.join(" ").as_str())
    {
        words.pop();
    }
    words.join(" ")
}

/// What a header text means, and the language it is in (when the word says).
pub fn recognise(header: &str) -> Option<(Field, Option<Lang>)> {
    let key = normalize(header);
    lookup().get(key.as_str()).copied()
}

/// A header row: where it is and which column holds which field.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Index of the header row in the grid's rows.
    pub index: usize,
    /// The row number the user sees.
    pub number: u32,
    /// The header texts, one per column (empty for blank header cells).
    pub texts: Vec<String>,
    /// Field -> column index; the first column wins when two mean the same.
    pub columns: HashMap<Field, usize>,
    /// The language the headers are written in, when they tell.
    pub language: Option<Lang>,
}

impl Header {
    /// The column of a field.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.get(&field).copied()
    }

    /// Whether the row can carry a ledger: a customer and an amount.
    pub fn is_ledger(&self) -> bool {
        self.has_customer()
            && [Field::Amount, Field::Open, Field::Debit]
                .iter()
                .any(|f| self.columns.contains_key(f))
    }

    /// Whether the row heads a customer master list.
    pub fn is_customer_list(&self) -> bool {
        self.has_customer()
            && !self.is_ledger()
            && [Field::CreditLimit, Field::Email, Field::Phone, Field::Terms]
                .iter()
                .any(|f| self.columns.contains_key(f))
    }

    fn has_customer(&self) -> bool {
        self.columns.contains_key(&Field::CustomerId) || self.columns.contains_key(&Field::CustomerName)
    }

    /// The recognised columns as "Header (field)" for an error message.
    pub fn describe(&self) -> String {
        let mut parts: Vec<(usize, String)> = self
            .columns
            .iter()
            .map(|(field, &column)| (column, format!("{} = {field:?}", self.texts[column])))
            .collect();
        parts.sort();
        parts.into_iter().map(|(_, text)| text).collect::<Vec<_>>().join(", ")
    }
}

/// The best header row in the first [`HEADER_SEARCH_ROWS`] rows: the one recognising most fields,
/// preferring a ledger header, then a customer list.
pub fn find_header(rows: &[GridRow]) -> Option<Header> {
    let mut best: Option<(u8, usize, Header)> = None;
    for (index, row) in rows
        .iter()
        .enumerate()
        .take_while(|(_, row)| row.number <= HEADER_SEARCH_ROWS)
    {
        let header = read_header_row(index, row);
        let rank = if header.is_ledger() {
            2
        } else if header.is_customer_list() {
            1
        } else {
            0
        };
        let score = header.columns.len();
        if score == 0 {
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|(best_rank, best_score, _)| (rank, score) > (*best_rank, *best_score))
        {
            best = Some((rank, score, header));
        }
    }
    best.map(|(_, _, header)| header)
}

fn read_header_row(index: usize, row: &GridRow) -> Header {
    let mut header = Header {
        index,
        number: row.number,
        ..Header::default()
    };
    let mut votes: HashMap<Lang, usize> = HashMap::new();
    for (column, cell) in row.cells.iter().enumerate() {
        let text = match cell {
            Cell::Text(text) => text.clone(),
            _ => String::new(),
        };
        if let Some((field, lang)) = recognise(&text) {
            let field = disambiguate(field, &header);
            if let std::collections::hash_map::Entry::Vacant(slot) = header.columns.entry(field) {
                slot.insert(column);
                if let Some(lang) = lang {
                    *votes.entry(lang).or_default() += 1;
                }
            }
        }
        header.texts.push(text);
    }
    header.language = votes
        .into_iter()
        .max_by_key(|(lang, count)| (*count, Lang::ALL.iter().position(|l| l == lang)))
        .map(|(lang, _)| lang);
    header
}

/// A second "Datum" after the invoice date is the due date; "Credit" beside "Debet" is the credit
/// column, not a credit-note flag.
fn disambiguate(field: Field, header: &Header) -> Field {
    match field {
        Field::InvoiceDate if header.columns.contains_key(&Field::InvoiceDate) => Field::DueDate,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_in_four_languages() {
        assert_eq!(recognise("Debiteurnr.").map(|r| r.0), Some(Field::CustomerId));
        assert_eq!(recognise("N° facture").map(|r| r.0), Some(Field::Invoice));
        assert_eq!(recognise("Échéance").map(|r| r.0), Some(Field::DueDate));
        assert_eq!(recognise("Montant TTC").map(|r| r.0), Some(Field::Amount));
        assert_eq!(recognise("Reste dû").map(|r| r.0), Some(Field::Open));
        assert_eq!(recognise("Amount (EUR)").map(|r| r.0), Some(Field::Amount));
        assert_eq!(recognise("Open Balance").map(|r| r.0), Some(Field::Open));
        assert_eq!(recognise("Fälligkeitsdatum").map(|r| r.0), Some(Field::DueDate));
        assert_eq!(recognise("Bedrag incl. BTW").map(|r| r.0), Some(Field::Amount));
        assert_eq!(recognise("Omschrijving"), None);
        assert_eq!(recognise("customerID").map(|r| r.0), Some(Field::CustomerId));
        assert_eq!(recognise("SettledDate").map(|r| r.0), Some(Field::PaidDate));
    }

    #[test]
    fn the_header_language_is_voted() {
        let row = GridRow {
            number: 4,
            cells: [
                "Klantnummer",
                "Naam",
                "Factuurdatum",
                "Vervaldatum",
                "Bedrag",
                "Omschrijving",
            ]
            .iter()
            .map(|text| Cell::Text(text.to_string()))
            .collect(),
        };
        let header = find_header(std::slice::from_ref(&row)).expect("a header");
        assert!(header.is_ledger());
        assert_eq!(header.language, Some(Lang::Nl));
        assert_eq!(header.column(Field::DueDate), Some(3));
    }
}
