//! What `credit analyze` prints: the headline figures a credit manager reads first.

use credit_core::analysis::{Analysis, IssueReport};
use credit_core::issue::Severity;
use credit_core::lang::Lang;
use credit_core::money::format_cents;
use std::fmt::Write;
use std::path::Path;

/// How many customers the summary lists.
const TOP_CUSTOMERS: usize = 5;

/// The summary of an analysis, in its language.
pub fn render(analysis: &Analysis, workbook: &Path) -> String {
    let lang = analysis.language;
    let currency = &analysis.currency;
    let totals = &analysis.totals;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({}: {})",
        lang.pick("Debiteuren per", "Créances au", "Receivables as of"),
        analysis.as_of,
        analysis.source.file_name,
        rows_read(lang, analysis.source.rows_read, analysis.source.rows_used)
    );
    let _ = writeln!(
        out,
        "  {:<22}{:>16} {currency}  ({} {})",
        lang.pick("Openstaand", "Encours", "Open"),
        format_cents(totals.open),
        totals.items,
        lang.pick("posten", "pièces", "items")
    );
    let _ = writeln!(
        out,
        "  {:<22}{:>16} {currency}  ({})",
        lang.pick("Vervallen", "Échu", "Overdue"),
        format_cents(totals.overdue),
        percent(totals.overdue, totals.open)
    );
    for (label, amount) in totals.buckets.iter() {
        let _ = writeln!(out, "    {:<20}{:>16}", bucket_label(lang, label), format_cents(amount));
    }
    if let Some(kpis) = &analysis.kpis {
        if let Some(dso) = kpis.dso {
            let _ = writeln!(out, "  {:<22}{:>16.1}", "DSO", dso);
        }
    }
    if !analysis.customers.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick("Grootste openstaande saldi", "Plus gros encours", "Largest balances")
        );
        for customer in analysis.customers.iter().take(TOP_CUSTOMERS) {
            let class = customer
                .risk_class
                .map(|class| format!("{class:?}"))
                .unwrap_or_else(|| "-".into());
            let name = customer.name.as_deref().unwrap_or(&customer.id);
            let _ = writeln!(
                out,
                "  {:<32}{:>16}  {:>16} {}  {class}",
                truncate(name, 31),
                format_cents(customer.open),
                format_cents(customer.overdue),
                lang.pick("vervallen", "échu", "overdue"),
            );
        }
    }
    let warnings = analysis
        .issues
        .iter()
        .filter(|issue| issue.severity >= Severity::Warning)
        .count();
    if !analysis.issues.is_empty() {
        let _ = writeln!(
            out,
            "{}: {} ({} {})",
            lang.pick("Meldingen", "Signalements", "Issues"),
            analysis.issues.len(),
            warnings,
            lang.pick(
                "rijen niet of twijfelachtig gebruikt",
                "lignes écartées ou douteuses",
                "rows left out or doubtful"
            )
        );
        for issue in analysis
            .issues
            .iter()
            .filter(|issue| issue.severity >= Severity::Warning)
            .take(5)
        {
            let _ = writeln!(out, "  {}", problem_line(issue));
        }
    }
    let _ = writeln!(
        out,
        "{}: {}",
        lang.pick("Werkmap", "Classeur", "Workbook"),
        workbook.display()
    );
    out
}

/// One problem with its place in the file: `sheet Blad1, row 7, column Vervaldatum: ...`.
pub fn problem_line(issue: &IssueReport) -> String {
    let mut place = Vec::new();
    if let Some(sheet) = &issue.sheet {
        place.push(sheet.clone());
    }
    if let Some(row) = issue.row {
        place.push(format!("#{row}"));
    }
    if let Some(column) = &issue.column {
        place.push(format!("[{column}]"));
    }
    if place.is_empty() {
        issue.message.clone()
    } else {
        format!("{}: {}", place.join(" "), issue.message)
    }
}

fn rows_read(lang: Lang, read: usize, used: usize) -> String {
    match lang {
        Lang::Nl => format!("{read} rijen gelezen, {used} gebruikt"),
        Lang::Fr => format!("{read} lignes lues, {used} utilisées"),
        Lang::En => format!("{read} rows read, {used} used"),
    }
}

fn bucket_label(lang: Lang, label: &str) -> String {
    match label {
        "not_due" => lang.pick("niet vervallen", "non échu", "not due").to_owned(),
        days => format!("{days} {}", lang.pick("dagen", "jours", "days")),
    }
}

fn percent(part: rust_decimal::Decimal, whole: rust_decimal::Decimal) -> String {
    if whole.is_zero() {
        return "-".into();
    }
    format!("{}%", (part * rust_decimal::Decimal::ONE_HUNDRED / whole).round_dp(1))
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max.saturating_sub(1)).chain(['…']).collect()
    }
}
