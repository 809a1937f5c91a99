//! Header synonyms in Dutch, French, English and German: which field a header text names, and in which
//! language. Headers are compared after [`normalize`]: lower case, accents off, punctuation to spaces.

use credit_core::lang::Lang;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The customer's id or account number.
    CustomerId,
    /// The customer's name.
    CustomerName,
    /// The invoice (document) number.
    Invoice,
    /// The invoice (document) date.
    InvoiceDate,
    /// The due date.
    DueDate,
    /// The document amount.
    Amount,
    /// A debit column (amounts owed), with [`Field::Credit`] instead of one signed amount.
    Debit,
    /// A credit column (amounts credited).
    Credit,
    /// The amount still open.
    Open,
    /// The amount paid.
    Paid,
    /// The date paid.
    PaidDate,
    /// The currency code.
    Currency,
    /// Whether the document is disputed.
    Disputed,
    /// Invoice, credit note or payment.
    DocumentType,
    /// Payment terms in days.
    Terms,
    /// Sent electronically or on paper.
    Electronic,
    /// An external credit rating.
    Rating,
    /// The customer's credit limit (customers sheet).
    CreditLimit,
    /// E-mail address (customers sheet).
    Email,
    /// Phone number (customers sheet).
    Phone,
    /// The customer's language (customers sheet).
    Language,
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
                    // Unit4 Multivers abbreviates ("Deb.nr.").
                    "deb nr",
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
                    // SAP Business One's business partner.
                    "bp code",
                    // Sage 50 (UK): "A/C", "A/C Ref".
                    "a c",
                    "a c ref",
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
                    // DATEV's OPOS list: the debtor's account ("Konto" 10001).
                    "konto",
                    "kontonummer",
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
                    // e-Boekhouden names the relation's company "Bedrijf".
                    "bedrijf",
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
                    // Odoo's French reports ("Balance âgée", "Grand livre des partenaires").
                    "partenaire",
                    // Octopus (Belgian) in French.
                    "relation",
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
                    // Odoo's invoice list exported as it stands.
                    "invoice partner display name",
                    "bp name",
                    // QuickBooks Desktop's "Customer:Job" (a job is a sub-customer: "Acme Corp:Kitchen").
                    "customer job",
                    // Xero and Moneybird (whose Dutch export keeps the word); a contact person beside
                    // another customer column is not the customer (see header.rs).
                    "contact",
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
                    // Business Central in Dutch ("Documentnr.").
                    "documentnr",
                    "fact nr",
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
                    // "Inv #", "Inv. #".
                    "inv",
                    "num",
                    "number",
                    "doc no",
                    "document no",
                    "document number",
                    "transaction no",
                    // MYOB AccountRight's aged receivables ("ID No.").
                    "id no",
                    // Visma.net ("Reference no.").
                    "reference no",
                    "ref no",
                    // Zoho Books' "Transaction#".
                    "transaction",
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
                    "rechnungsnr",
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
                    // Belgian packages (WinBooks, BOB) in Dutch.
                    "datum stuk",
                    // Business Central in Dutch.
                    "boekingsdatum",
                    "fact datum",
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
                    "date document",
                    // Odoo in French.
                    "date de facturation",
                    "date facturation",
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
                    "doc date",
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
                    "verv datum",
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
                    // NetSuite.
                    "due date receive by",
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
                    // Moneybird, beside "Totaal excl. btw": the VAT-inclusive total is what is owed.
                    "totaal incl btw",
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
                    "total signed",
                    "orig amount",
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
                    // Octopus (Belgian) beside "Montant".
                    "solde ouvert",
                    "montant ouvert",
                    // Yuki in French.
                    "ouvert",
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
                    "amount due signed",
                    // Business Central's customer ledger entries and aging reports, in the entry's
                    // currency and in LCY ("Remaining Amt. (LCY)").
                    "remaining amount",
                    "remaining amt",
                    // NetSuite's "Amount Remaining", Sage Intacct's "Total due".
                    "amount remaining",
                    // Wave's aged receivables.
                    "total unpaid",
                    "total due",
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
                    // A debit/credit indicator ("D" or "C") next to an unsigned amount.
                    "debet credit",
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
                    "sens",
                    "debit credit",
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
                    "dr cr",
                ],
            ),
            (DE, &["belegart", "dokumentart", "buchungsart", "soll haben", "d c"]),
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

impl Field {
    /// How many fields there are.
    pub const COUNT: usize = 21;

    /// Every field, in declaration order (`ALL[field as usize] == field`).
    pub const ALL: [Field; Field::COUNT] = [
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
}

fn lookup() -> &'static HashMap<&'static str, (Field, Option<Lang>)> {
    static TABLE: OnceLock<HashMap<&'static str, (Field, Option<Lang>)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for field in Field::ALL {
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

// "lcy" and "lv" are Business Central's local currency, in English and Dutch.
const UNIT_WORDS: [&str; 11] = [
    "eur", "usd", "gbp", "chf", "in", "incl", "ttc", "days", "dagen", "lcy", "lv",
];

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

/// Headers that say "number" and nothing more ("No.", "N°", "Nr.", "Nummer", "Numéro"). QuickBooks Online
/// (UK, Canadian French) and Teamleader head their document numbers so, but a Dutch package may head the
/// customer's number so too: such a header is weighed against the rows below it (see header.rs), never
/// taken on its own word.
pub fn is_bare_number(header: &str) -> bool {
    matches!(
        normalize(header).as_str(),
        "n" | "no" | "nr" | "nummer" | "numero" | "nro"
    )
}

/// Words an aging bucket header is made of besides its numbers: "1 - 30", "31 - 60 days", "Over 60
/// days", "91 and over", "< 1 Month", "2 Months", "0-30 dagen", "Overdue 1-30", "+ 120 jours".
/// QuickBooks Online writes "91 or more days past due", in Canadian French "91 jours ou plus en souffrance".
const BUCKET_WORDS: [&str; 29] = [
    "days",
    "day",
    "dagen",
    "dag",
    "jours",
    "j",
    "tage",
    "month",
    "months",
    "maand",
    "maanden",
    "mois",
    "over",
    "and",
    "en",
    "et",
    "plus",
    "meer",
    "dan",
    "than",
    "older",
    "overdue",
    "past",
    "due",
    "vervallen",
    "or",
    "more",
    "ou",
    "souffrance",
];

/// Bucket headers without a number: the amounts not yet due, and those older than every bucket.
const BUCKET_NAMES: [&str; 11] = [
    "current",
    // QuickBooks Online in Canadian French.
    "courant",
    "not due",
    "niet vervallen",
    "nog niet vervallen",
    "non echu",
    "non echus",
    "a echoir",
    "nicht fallig",
    "older",
    "ouder",
];

/// Whether a header names an aging bucket of amounts ("Current", "1 - 30", "Over 60 days"): the columns of
/// an aged summary, one row per customer.
pub fn is_aging_bucket(header: &str) -> bool {
    let key = normalize(header);
    if BUCKET_NAMES.contains(&key.as_str()) {
        return true;
    }
    let mut numbers = 0;
    let all_bucket_words = key.split(' ').all(|word| {
        let number = !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_digit());
        numbers += usize::from(number);
        number || BUCKET_WORDS.contains(&word)
    });
    // A number alone ("30", "60", "90") is a bucket; a year ("2026") heads a column of another report.
    let lone_year = key.len() == 4 && numbers == 1;
    numbers > 0 && all_bucket_words && !lone_year
}

/// What a header text means, and the language it is in (when the word says).
pub fn recognise(header: &str) -> Option<(Field, Option<Lang>)> {
    let key = normalize(header);
    lookup().get(key.as_str()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(header: &str) -> Option<Field> {
        recognise(header).map(|(field, _)| field)
    }

    #[test]
    fn synonyms_in_four_languages() {
        assert_eq!(field("Debiteurnr."), Some(Field::CustomerId));
        assert_eq!(field("N° facture"), Some(Field::Invoice));
        assert_eq!(field("Échéance"), Some(Field::DueDate));
        assert_eq!(field("Montant TTC"), Some(Field::Amount));
        assert_eq!(field("Reste dû"), Some(Field::Open));
        assert_eq!(field("Amount (EUR)"), Some(Field::Amount));
        assert_eq!(field("Open Balance"), Some(Field::Open));
        assert_eq!(field("Fälligkeitsdatum"), Some(Field::DueDate));
        assert_eq!(field("Bedrag incl. BTW"), Some(Field::Amount));
        assert_eq!(field("Rechnungsnummer"), Some(Field::Invoice));
        assert_eq!(field("Währung"), Some(Field::Currency));
        assert_eq!(field("Payment Terms (days)"), Some(Field::Terms));
        assert_eq!(field("Remaining Amt. (LCY)"), Some(Field::Open));
        assert_eq!(field("Omschrijving"), None);
        // NetSuite, Sage Intacct, Yuki (French) and DATEV: the open amount was read from the amount
        // column, the due date derived, the debtor's account lost.
        assert_eq!(field("Amount Remaining"), Some(Field::Open));
        assert_eq!(field("Total due"), Some(Field::Open));
        assert_eq!(field("Ouvert"), Some(Field::Open));
        assert_eq!(field("Due Date/Receive By"), Some(Field::DueDate));
        assert_eq!(field("Konto"), Some(Field::CustomerId));
        assert_eq!(field("Rechnungsnr."), Some(Field::Invoice));
        // Abbreviated headers: Unit4 Multivers, Visma.net, SAP Business One.
        assert_eq!(field("Deb.nr."), Some(Field::CustomerId));
        assert_eq!(field("Fact.datum"), Some(Field::InvoiceDate));
        assert_eq!(field("Verv.datum"), Some(Field::DueDate));
        assert_eq!(field("Fact.nr."), Some(Field::Invoice));
        assert_eq!(field("Reference no."), Some(Field::Invoice));
        assert_eq!(field("Doc. date"), Some(Field::InvoiceDate));
        assert_eq!(field("Orig. amount"), Some(Field::Amount));
        assert_eq!(field("BP Code"), Some(Field::CustomerId));
        assert_eq!(field("Total Unpaid"), Some(Field::Open));
    }

    #[test]
    fn every_field_of_the_issue_has_a_word_in_each_language() {
        let fields = [
            Field::CustomerId,
            Field::CustomerName,
            Field::Invoice,
            Field::InvoiceDate,
            Field::DueDate,
            Field::Amount,
            Field::Open,
            Field::Paid,
            Field::PaidDate,
            Field::Currency,
            Field::Disputed,
            Field::DocumentType,
        ];
        for field in fields {
            for lang in [Some(Lang::Nl), Some(Lang::Fr), Some(Lang::En), None] {
                assert!(
                    synonyms(field).iter().any(|(l, words)| *l == lang && !words.is_empty()),
                    "{field:?} has no {lang:?} word"
                );
            }
        }
    }

    #[test]
    fn aging_bucket_headers() {
        for header in [
            "Current",
            "1 - 30",
            "31 - 60 days",
            "Over 60 days",
            "91 and over",
            "< 1 Month",
            "2 Months",
            "0-30 dagen",
            "> 90",
            "Overdue 1-30",
            "Niet vervallen",
            "Non échu",
            "+120",
            "Older",
            "91 or more days past due",
            "Courant",
            "1 - 30 jours en souffrance",
            "91 jours ou plus en souffrance",
        ] {
            assert!(is_aging_bucket(header), "{header}");
        }
        for header in [
            "Dagen",
            "Total",
            "Saldo",
            "Due Date",
            "Age",
            "Dagen vervallen",
            "2026",
            "",
        ] {
            assert!(!is_aging_bucket(header), "{header}");
        }
    }

    #[test]
    fn camel_case_and_language_of_the_word() {
        assert_eq!(field("customerID"), Some(Field::CustomerId));
        assert_eq!(field("SettledDate"), Some(Field::PaidDate));
        assert_eq!(field("PaperlessBill"), Some(Field::Electronic));
        assert_eq!(field("InvoiceAmount"), Some(Field::Amount));
        assert_eq!(recognise("Vervaldatum").and_then(|(_, lang)| lang), Some(Lang::Nl));
        assert_eq!(recognise("Date d'échéance").and_then(|(_, lang)| lang), Some(Lang::Fr));
        for field in Field::ALL {
            assert_eq!(Field::ALL[field as usize], field);
        }
    }
}
