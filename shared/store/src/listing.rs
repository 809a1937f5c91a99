//! The snapshot listing printed by `credit snapshots`.

use crate::model::SnapshotSummary;
use credit_core::money::format_cents;
use std::fmt;

/// A newest-first list of snapshots as a plain text table, one line per snapshot:
///
/// ```text
/// MONTH    AS OF       OPEN        OVERDUE     CUSTOMERS  FILE               ID
/// 2026-10  2026-10-31  125430.50   40210.00           42  ledger-oct.xlsx    20261031-20261102081530123456-3fa2c19b
/// ```
///
/// `println!("{}", SnapshotTable(&snapshots))`; an empty list prints "No snapshots stored yet.".
pub struct SnapshotTable<'a>(pub &'a [SnapshotSummary]);

impl fmt::Display for SnapshotTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return writeln!(f, "No snapshots stored yet.");
        }
        let file_width = self
            .0
            .iter()
            .map(|snapshot| snapshot.source.file_name.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(4, 40);
        writeln!(
            f,
            "{:<7}  {:<10}  {:>14}  {:>14}  {:>9}  {:<file_width$}  ID",
            "MONTH", "AS OF", "OPEN", "OVERDUE", "CUSTOMERS", "FILE"
        )?;
        for snapshot in self.0 {
            let file: String = snapshot.source.file_name.chars().take(40).collect();
            writeln!(
                f,
                "{:<7}  {:<10}  {:>14}  {:>14}  {:>9}  {:<file_width$}  {}",
                snapshot.month.to_string(),
                snapshot.as_of.to_string(),
                format!("{} {}", format_cents(snapshot.totals.open), snapshot.currency),
                format!("{} {}", format_cents(snapshot.totals.overdue), snapshot.currency),
                snapshot.customer_count,
                file,
                snapshot.id
            )?;
        }
        Ok(())
    }
}
