//! One small portfolio over three snapshots (October 2025, September 2026, October 2026) whose review
//! can be worked out by hand:
//!
//! | customer | September 2026 | October 2026 |
//! | --- | --- | --- |
//! | A | 10,000 open, 2,000 overdue, class B, reminder | 16,000 open (A-1 still open, A-3 new), class C |
//! | B | 5,000 overdue (B-1), class D, phone call | B-1 still open, class E |
//! | C | 4,000 not due (C-1), class A, pre-due reminder | C-1 paid, C-2 3,000 not due, class A |
//! | D | 1,000 overdue (D-1), class C, reminder | paid, 0 open, class B |
//! | E | — | new, 6,000 open (20% of the total) |
//! | F | — | new, 100 open (too small to list) |
//!
//! Totals: September 20,000 open, 8,000 overdue; October 30,100 open, 7,000 overdue.
#![allow(dead_code)]

use crate::common::*;
use credit_core::analysis::{ActionKind, RiskClass};
use credit_review::compute::Snapshot;
use rust_decimal_macros::dec;

pub fn october_2025() -> Snapshot {
    snapshot(analysis(
        "2025-10-31",
        vec![customer("A", dec!(12000), dec!(3000), RiskClass::B, 70)],
        vec![item("A", "A-0", "2025-09-15", dec!(3000), 46)],
        Extra {
            dso: Some(55.0),
            cei: Some(0.5),
        },
    ))
}

pub fn september_2026() -> Snapshot {
    snapshot(analysis(
        "2026-09-30",
        vec![
            with_action(
                with_revenue(customer("A", dec!(10000), dec!(2000), RiskClass::B, 70), dec!(110000)),
                ActionKind::Reminder,
                "2026-10-03",
                dec!(2000),
            ),
            with_action(
                customer("B", dec!(5000), dec!(5000), RiskClass::D, 45),
                ActionKind::PhoneCall,
                "2026-10-01",
                dec!(5000),
            ),
            with_action(
                customer("C", dec!(4000), dec!(0), RiskClass::A, 85),
                ActionKind::PreDueReminder,
                "2026-10-10",
                dec!(4000),
            ),
            with_action(
                customer("D", dec!(1000), dec!(1000), RiskClass::C, 60),
                ActionKind::Reminder,
                "2026-10-02",
                dec!(1000),
            ),
        ],
        vec![
            item("A", "A-1", "2026-09-01", dec!(2000), 29),
            item("A", "A-2", "2026-10-20", dec!(8000), -20),
            item("B", "B-1", "2026-08-01", dec!(5000), 60),
            item("C", "C-1", "2026-10-15", dec!(4000), -15),
            item("D", "D-1", "2026-09-10", dec!(1000), 20),
        ],
        Extra {
            dso: Some(40.0),
            cei: Some(0.7),
        },
    ))
}

pub fn october_2026() -> Snapshot {
    snapshot(analysis(
        "2026-10-31",
        vec![
            with_revenue(customer("A", dec!(16000), dec!(2000), RiskClass::C, 62), dec!(120000)),
            with_action(
                with_revenue(customer("E", dec!(6000), dec!(0), RiskClass::B, 72), dec!(50000)),
                ActionKind::PreDueReminder,
                "2026-11-25",
                dec!(6000),
            ),
            with_action(
                with_revenue(customer("B", dec!(5000), dec!(5000), RiskClass::E, 30), dec!(30000)),
                ActionKind::CreditHold,
                "2026-11-02",
                dec!(5000),
            ),
            with_revenue(customer("C", dec!(3000), dec!(0), RiskClass::A, 85), dec!(80000)),
            customer("F", dec!(100), dec!(0), RiskClass::C, 60),
            with_revenue(customer("D", dec!(0), dec!(0), RiskClass::B, 75), dec!(10000)),
        ],
        vec![
            item("A", "A-1", "2026-09-01", dec!(2000), 60),
            item("A", "A-3", "2026-11-20", dec!(14000), -20),
            item("B", "B-1", "2026-08-01", dec!(5000), 91),
            item("C", "C-2", "2026-11-15", dec!(3000), -15),
            item("E", "E-1", "2026-11-30", dec!(6000), -30),
            item("F", "F-1", "2026-11-30", dec!(100), -30),
        ],
        Extra {
            dso: Some(50.0),
            cei: Some(0.6),
        },
    ))
}
