//! [`PageAnswer`]: what the upload page shows, built from the core's analysis, so that the Lambda and
//! `credit serve` answer the same shape.

use base64::Engine;
use chrono::NaiveDate;
use credit_core::analysis::{ActionKind, Analysis};
use credit_core::lang::Lang;
use credit_core::money::cents;
use credit_workbook::labels;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How many actions the page lists: the top of the workbook's worklist.
pub const ACTIONS_SHOWN: usize = 5;

/// The figures of one analysis as the page shows them, and where its workbook is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageAnswer {
    /// The date the ledger was aged at.
    pub as_of: NaiveDate,
    /// The currency of every amount.
    pub currency: String,
    /// The language of the labels and notes below.
    pub language: Lang,
    /// The ledger's file name.
    pub file_name: String,
    /// Data rows read, and used.
    pub rows_read: usize,
    /// Rows used in the analysis.
    pub rows_used: usize,
    /// Rows left out or doubted (the workbook's Data quality sheet lists them).
    pub issues: usize,
    /// Open and overdue totals.
    pub totals: PageTotals,
    /// The headline KPIs; `None` where the ledger's history cannot support one.
    pub kpis: PageKpis,
    /// The open amount per aging bucket, in bucket order.
    pub buckets: Vec<PageBucket>,
    /// The five most urgent actions, as the workbook's Actions sheet orders them (priority, then the
    /// money at risk).
    pub actions: Vec<PageAction>,
    /// The annotated workbook.
    pub workbook: PageWorkbook,
    /// The snapshot the analysis was stored as, when it was.
    pub snapshot_id: Option<String>,
}

/// Totals of the open items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageTotals {
    /// All open amounts.
    #[serde(with = "cents")]
    pub open: Decimal,
    /// The part past due.
    #[serde(with = "cents")]
    pub overdue: Decimal,
    /// The number of open items.
    pub items: usize,
    /// The number of customers with a balance or history.
    pub customers: usize,
}

/// The headline KPIs (ratios 0..1, days as days).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PageKpis {
    /// Overdue / open.
    pub overdue_share: Option<f64>,
    /// Days sales outstanding (standard method).
    pub dso: Option<f64>,
    /// Average days delinquent: DSO minus best possible DSO.
    pub average_days_delinquent: Option<f64>,
    /// Collection effectiveness index.
    pub cei: Option<f64>,
    /// Share of settled invoices paid on time.
    pub on_time_share: Option<f64>,
}

/// One aging bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageBucket {
    /// The bucket's key in the analysis JSON (`not_due`, `1-30`, ...).
    pub key: String,
    /// Its label in the analysis language.
    pub label: String,
    /// The open amount in it.
    #[serde(with = "cents")]
    pub amount: Decimal,
}

/// One action of the worklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageAction {
    /// The customer's id.
    pub customer_id: String,
    /// The customer's name, when known.
    pub customer_name: Option<String>,
    /// The step of the dunning ladder.
    pub kind: ActionKind,
    /// Its label in the analysis language.
    pub kind_label: String,
    /// When to do it.
    pub due: NaiveDate,
    /// 1 (highest) to 5.
    pub priority: u8,
    /// The money the action is about.
    #[serde(with = "cents")]
    pub amount: Decimal,
    /// Why, in the analysis language.
    pub note: String,
}

/// Where the annotated workbook is: inline (a direct analysis) or behind a link (an upload's result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageWorkbook {
    /// The name to save it as.
    pub file_name: String,
    /// The workbook itself, base64 (standard alphabet).
    pub base64: Option<String>,
    /// A URL that serves it.
    pub url: Option<String>,
}

impl PageWorkbook {
    /// The workbook's bytes carried in the answer.
    pub fn inline(file_name: &str, bytes: &[u8]) -> Self {
        PageWorkbook {
            file_name: file_name.to_owned(),
            base64: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
            url: None,
        }
    }

    /// A link to the workbook (a presigned S3 GET).
    pub fn link(file_name: &str, url: &str) -> Self {
        PageWorkbook {
            file_name: file_name.to_owned(),
            base64: None,
            url: Some(url.to_owned()),
        }
    }
}

impl PageAnswer {
    /// The page's view of `analysis`, with its workbook.
    pub fn new(analysis: &Analysis, workbook: PageWorkbook) -> Self {
        let lang = analysis.language;
        let kpis = analysis.kpis.as_ref();
        let mut actions = analysis.actions();
        // The workbook's worklist order: the most pressing step first, then the most money.
        actions.sort_by(|(a, a_action), (b, b_action)| {
            a_action
                .priority
                .cmp(&b_action.priority)
                .then(b_action.amount_at_risk.cmp(&a_action.amount_at_risk))
                .then_with(|| a.id.cmp(&b.id))
        });
        PageAnswer {
            as_of: analysis.as_of,
            currency: analysis.currency.clone(),
            language: lang,
            file_name: analysis.source.file_name.clone(),
            rows_read: analysis.source.rows_read,
            rows_used: analysis.source.rows_used,
            issues: analysis.issues.len(),
            totals: PageTotals {
                open: analysis.totals.open,
                overdue: analysis.totals.overdue,
                items: analysis.totals.items,
                customers: analysis.customers.len(),
            },
            kpis: PageKpis {
                overdue_share: kpis.and_then(|kpis| kpis.overdue_share),
                dso: kpis.and_then(|kpis| kpis.dso),
                average_days_delinquent: kpis.and_then(|kpis| kpis.average_days_delinquent),
                cei: kpis.and_then(|kpis| kpis.cei),
                on_time_share: kpis.and_then(|kpis| kpis.on_time_share),
            },
            buckets: analysis
                .totals
                .buckets
                .iter()
                .map(|(key, amount)| PageBucket {
                    key: key.to_owned(),
                    label: labels::bucket(lang, key),
                    amount,
                })
                .collect(),
            actions: actions
                .into_iter()
                .take(ACTIONS_SHOWN)
                .map(|(customer, action)| PageAction {
                    customer_id: customer.id.clone(),
                    customer_name: customer.name.clone(),
                    kind: action.kind,
                    kind_label: labels::action(lang, action.kind).to_owned(),
                    due: action.on,
                    priority: action.priority,
                    amount: action.amount_at_risk,
                    note: action.note.clone(),
                })
                .collect(),
            workbook,
            snapshot_id: None,
        }
    }

    /// The same, naming the snapshot it was stored as.
    pub fn with_snapshot_id(mut self, id: impl Into<String>) -> Self {
        self.snapshot_id = Some(id.into());
        self
    }
}
