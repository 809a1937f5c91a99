//! Every text of the workbook in Dutch, French and English.

use credit_core::analysis::{ActionKind, RiskClass};
use credit_core::lang::Lang;

/// The sheet names, in the workbook's language.
pub struct SheetNames {
    pub summary: &'static str,
    pub ledger: &'static str,
    pub customers: &'static str,
    pub actions: &'static str,
    pub quality: &'static str,
    pub policy: &'static str,
}

pub fn sheet_names(lang: Lang) -> SheetNames {
    match lang {
        Lang::Nl => SheetNames {
            summary: "Overzicht",
            ledger: "Grootboek",
            customers: "Klanten",
            actions: "Acties",
            quality: "Datakwaliteit",
            policy: "Beleid",
        },
        Lang::Fr => SheetNames {
            summary: "Synthèse",
            ledger: "Grand livre",
            customers: "Clients",
            actions: "Actions",
            quality: "Qualité des données",
            policy: "Politique",
        },
        Lang::En => SheetNames {
            summary: "Summary",
            ledger: "Ledger",
            customers: "Customers",
            actions: "Actions",
            quality: "Data quality",
            policy: "Policy",
        },
    }
}

/// A label in the three languages.
pub fn t(lang: Lang, nl: &'static str, fr: &'static str, en: &'static str) -> &'static str {
    lang.pick(nl, fr, en)
}

pub fn bucket(lang: Lang, label: &str) -> String {
    match label {
        "not_due" => t(lang, "Niet vervallen", "Non échu", "Not due").to_owned(),
        days => format!("{days} {}", t(lang, "dagen", "jours", "days")),
    }
}

pub fn class(class: RiskClass) -> &'static str {
    match class {
        RiskClass::A => "A",
        RiskClass::B => "B",
        RiskClass::C => "C",
        RiskClass::D => "D",
        RiskClass::E => "E",
    }
}

/// Every action, for sizing the columns that show them.
pub const ALL_ACTIONS: [ActionKind; 8] = [
    ActionKind::PreDueReminder,
    ActionKind::Reminder,
    ActionKind::SecondReminder,
    ActionKind::PhoneCall,
    ActionKind::FormalNotice,
    ActionKind::CreditHold,
    ActionKind::CollectionAgency,
    ActionKind::ResolveDispute,
];

/// The action a policy file names by its key (`pre_due_reminder`, ...), as serde spells it.
pub fn action_from_key(key: &str) -> Option<ActionKind> {
    use ActionKind::*;
    Some(match key {
        "pre_due_reminder" => PreDueReminder,
        "reminder" => Reminder,
        "second_reminder" => SecondReminder,
        "phone_call" => PhoneCall,
        "formal_notice" => FormalNotice,
        "credit_hold" => CreditHold,
        "collection_agency" => CollectionAgency,
        "resolve_dispute" => ResolveDispute,
        _ => return None,
    })
}

pub fn action(lang: Lang, kind: ActionKind) -> &'static str {
    use ActionKind::*;
    match kind {
        PreDueReminder => t(
            lang,
            "Herinnering vóór vervaldag",
            "Rappel avant échéance",
            "Pre-due reminder",
        ),
        Reminder => t(lang, "Herinnering per e-mail", "Rappel par e-mail", "E-mail reminder"),
        SecondReminder => t(lang, "Tweede herinnering", "Deuxième rappel", "Second reminder"),
        PhoneCall => t(lang, "Telefoneren", "Appeler", "Phone call"),
        FormalNotice => t(lang, "Ingebrekestelling", "Mise en demeure", "Formal notice"),
        CreditHold => t(
            lang,
            "Leveringen stoppen (verkoop verwittigen)",
            "Bloquer les livraisons (prévenir la vente)",
            "Credit hold (tell sales)",
        ),
        CollectionAgency => t(lang, "Incassobureau", "Agence de recouvrement", "Collection agency"),
        ResolveDispute => t(lang, "Geschil oplossen", "Résoudre le litige", "Resolve dispute"),
    }
}
