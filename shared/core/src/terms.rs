//! Recommended terms: payment term, credit limit, early-payment discount and deposit.
//!
//! - **Payment term**: the policy's days for the risk class when no terms are agreed. With agreed terms,
//!   an excellent payer (A) may get the class's longer terms but never shorter ones (unless its score
//!   rests on little history: then it keeps what was agreed), a good payer (B) keeps the agreed terms,
//!   and the others (C to E) never get longer ones.
//! - **Credit limit**: monthly sales x (term + expected delay) / 30 x the class factor, i.e. the balance a
//!   customer runs up while it pays as it does, scaled by how much of it we want to risk; rounded to the
//!   policy's step, capped by the limit agreed with the customer, never negative. A limit below the
//!   present balance blocks new orders, and says so.
//! - **Early-payment discount** "d/D net N": its annualised cost is d/(1-d) x 365/(N-D) (2/10 net 30
//!   costs 37.2% a year), where N is the day the customer actually pays (term + expected delay). It is
//!   offered only when that cost is below the hurdle: the cost of capital plus the yearly loss rate of
//!   the class, the risk that paying earlier avoids. Slow, risky payers are where it can pay.
//! - **Deposit**: the class's share up front (default: 50% for class E).

use crate::analysis::{Confidence, EarlyPaymentDiscount, Recommended, RiskClass};
use crate::behaviour::round_to;
use crate::money::decimal_from_f64;
use crate::policy::{DiscountOffer, Policy};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// What the recommendation is made from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermsInput {
    /// The customer's risk class.
    pub class: RiskClass,
    /// How much history the class rests on.
    pub confidence: Confidence,
    /// The present balance.
    pub open: Decimal,
    /// Net sales to the customer over the months below.
    pub revenue: Decimal,
    /// The months that revenue covers (at least 1).
    pub months: f64,
    /// The expected days after the due date the customer pays (negative: before).
    pub expected_days_late: f64,
    /// The payment term agreed, in days.
    pub agreed_terms_days: Option<u32>,
    /// The credit limit agreed; zero is none (accounting packages export 0 for a customer without
    /// one, as the score reads it too).
    pub agreed_limit: Option<Decimal>,
}

/// An early-payment discount weighed: what it costs against what it must beat.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiscountVerdict {
    /// The offer.
    pub offer: DiscountOffer,
    /// The day after the invoice the customer is expected to pay without the discount.
    pub paid_after_days: f64,
    /// The annualised cost (fraction); `None` when the customer already pays within the discount period,
    /// so the discount would buy nothing.
    pub annualised_cost: Option<f64>,
    /// Cost of capital plus the class's yearly loss rate (fraction).
    pub hurdle_rate: f64,
}

impl DiscountVerdict {
    /// Whether the discount costs less than it saves.
    pub fn pays(&self) -> bool {
        self.annualised_cost.is_some_and(|cost| cost < self.hurdle_rate)
    }
}

/// The recommendation with the discount weighed (offered or not).
#[derive(Debug, Clone, PartialEq)]
pub struct TermsAdvice {
    /// The recommendation as the analysis carries it.
    pub recommended: Recommended,
    /// The discount considered: the one offered, else the first one weighed.
    pub discount: Option<DiscountVerdict>,
}

/// The annualised cost of a `percent`/`within_days` discount for a customer who would otherwise pay
/// `paid_after_days` after the invoice: d/(1-d) x 365/(N-D). `None` when N <= D.
pub fn discount_cost(percent: Decimal, within_days: u32, paid_after_days: f64) -> Option<f64> {
    let rate = (percent / Decimal::ONE_HUNDRED).to_f64()?;
    let gained_days = paid_after_days - f64::from(within_days);
    if gained_days <= 0.0 || rate >= 1.0 {
        return None;
    }
    Some(rate / (1.0 - rate) * 365.0 / gained_days)
}

/// Recommends terms for one customer.
pub fn recommend(input: &TermsInput, policy: &Policy) -> TermsAdvice {
    let class = input.class;
    let class_days = policy.terms.days.get(class);
    let terms = match (input.agreed_terms_days, class) {
        (None, _) => class_days,
        (Some(agreed), RiskClass::A) if input.confidence != Confidence::Low => class_days.max(agreed),
        (Some(agreed), RiskClass::A | RiskClass::B) => agreed,
        (Some(agreed), _) => class_days.min(agreed),
    };
    let delay = input.expected_days_late.max(0.0);

    let revenue = input.revenue.max(Decimal::ZERO).to_f64().unwrap_or(0.0);
    let monthly = revenue / input.months.max(1.0);
    let raw = monthly * (f64::from(terms) + delay) / 30.0 * policy.limits.class_factor.get(class);
    let mut limit = decimal_from_f64(raw).unwrap_or_default().max(Decimal::ZERO);
    // Checked: a round_to of 10^-28 made the division overflow (a panic); such a limit stays unrounded.
    let step = policy.limits.round_to;
    if step > Decimal::ZERO {
        if let Some(rounded) = limit
            .checked_div(step)
            .map(|units| units.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
            .and_then(|units| units.checked_mul(step))
        {
            limit = rounded;
        }
    }
    if policy.limits.capped_by_agreed_limit {
        if let Some(agreed) = input.agreed_limit.filter(|agreed| *agreed > Decimal::ZERO) {
            limit = limit.min(agreed);
        }
    }
    let limit = crate::money::round_cents(limit.max(Decimal::ZERO));

    let discount = if class == RiskClass::E {
        None
    } else {
        let paid_after_days = (f64::from(terms) + input.expected_days_late).max(0.0);
        let hurdle_rate = policy.cost_of_capital + policy.discount.annual_loss_rate.get(class);
        let verdicts: Vec<DiscountVerdict> = policy
            .discount
            .offers
            .iter()
            .map(|offer| DiscountVerdict {
                offer: *offer,
                paid_after_days,
                annualised_cost: discount_cost(offer.percent, offer.within_days, paid_after_days),
                hurdle_rate,
            })
            .collect();
        verdicts
            .iter()
            .find(|verdict| verdict.pays())
            .or(verdicts.first())
            .copied()
    };

    TermsAdvice {
        recommended: Recommended {
            payment_terms_days: terms,
            credit_limit: limit,
            blocks_new_orders: input.open > Decimal::ZERO && limit < input.open,
            early_payment_discount: discount
                .filter(DiscountVerdict::pays)
                .map(|verdict| EarlyPaymentDiscount {
                    percent: verdict.offer.percent,
                    within_days: verdict.offer.within_days,
                    annualised_cost: round_to(verdict.annualised_cost.unwrap_or(0.0), 4),
                    hurdle_rate: round_to(verdict.hurdle_rate, 4),
                }),
            deposit_percent: Decimal::from(policy.terms.deposit_percent.get(class)),
        },
        discount,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn two_ten_net_thirty_costs_37_2_percent_a_year() {
        let cost = discount_cost(dec!(2), 10, 30.0).unwrap();
        assert_eq!(round_to(cost, 3), 0.372);
        // 1/10 net 30: 1/99 x 365/20 = 18.4%.
        assert_eq!(round_to(discount_cost(dec!(1), 10, 30.0).unwrap(), 3), 0.184);
        assert_eq!(discount_cost(dec!(2), 10, 8.0), None);
    }

    fn input(class: RiskClass) -> TermsInput {
        TermsInput {
            class,
            confidence: Confidence::High,
            open: dec!(10000),
            revenue: dec!(120000),
            months: 12.0,
            expected_days_late: 15.0,
            agreed_terms_days: Some(30),
            agreed_limit: None,
        }
    }

    #[test]
    fn the_limit_follows_sales_terms_delay_and_class() {
        // 10,000 a month x (30 + 15) / 30 x 2.0 = 30,000.
        let advice = recommend(&input(RiskClass::B), &Policy::default());
        assert_eq!(advice.recommended.payment_terms_days, 30);
        assert_eq!(advice.recommended.credit_limit, dec!(30000));
        assert!(!advice.recommended.blocks_new_orders);
        // Class D: 15 days, x 1.0: 10,000 x (15 + 15) / 30 x 1.0 = 10,000; a balance above it blocks.
        let advice = recommend(&input(RiskClass::D), &Policy::default());
        assert_eq!(advice.recommended.payment_terms_days, 15);
        assert_eq!(advice.recommended.credit_limit, dec!(10000));
        assert!(!advice.recommended.blocks_new_orders);
        let owing_more = TermsInput {
            open: dec!(12000),
            ..input(RiskClass::D)
        };
        assert!(recommend(&owing_more, &Policy::default()).recommended.blocks_new_orders);
        // The agreed limit caps it.
        let capped = TermsInput {
            agreed_limit: Some(dec!(7500)),
            ..input(RiskClass::A)
        };
        assert_eq!(
            recommend(&capped, &Policy::default()).recommended.credit_limit,
            dec!(7500)
        );
        // An agreed limit of 0 is an export's "none set": it caps nothing, or every such customer
        // would be blocked.
        let unset = TermsInput {
            agreed_limit: Some(dec!(0)),
            ..input(RiskClass::A)
        };
        assert_eq!(
            recommend(&unset, &Policy::default()).recommended.credit_limit,
            recommend(&input(RiskClass::A), &Policy::default())
                .recommended
                .credit_limit
        );
    }

    #[test]
    fn good_payers_keep_their_agreed_terms_and_poor_ones_are_shortened() {
        let agreed = |class, confidence, days| TermsInput {
            confidence,
            agreed_terms_days: Some(days),
            ..input(class)
        };
        let terms = |input: TermsInput| recommend(&input, &Policy::default()).recommended.payment_terms_days;
        assert_eq!(terms(agreed(RiskClass::B, Confidence::High, 60)), 60);
        assert_eq!(terms(agreed(RiskClass::B, Confidence::High, 14)), 14);
        assert_eq!(terms(agreed(RiskClass::A, Confidence::High, 30)), 45);
        assert_eq!(terms(agreed(RiskClass::A, Confidence::High, 60)), 60);
        assert_eq!(terms(agreed(RiskClass::A, Confidence::Low, 14)), 14);
        assert_eq!(terms(agreed(RiskClass::C, Confidence::High, 60)), 30);
        assert_eq!(terms(agreed(RiskClass::D, Confidence::High, 30)), 15);
        assert_eq!(terms(agreed(RiskClass::D, Confidence::High, 7)), 7);
    }

    #[test]
    fn class_e_pays_half_up_front_and_gets_no_credit() {
        let advice = recommend(&input(RiskClass::E), &Policy::default());
        assert_eq!(advice.recommended.credit_limit, dec!(0));
        assert_eq!(advice.recommended.deposit_percent, dec!(50));
        assert_eq!(advice.recommended.early_payment_discount, None);
        assert!(advice.recommended.blocks_new_orders);
    }

    #[test]
    fn a_discount_is_offered_only_where_it_pays() {
        // A prompt class-A payer: 2/10 on day 45 costs 2/98 x 365/35 = 21.3% against 8.5%: no.
        let prompt = TermsInput {
            expected_days_late: 0.0,
            ..input(RiskClass::A)
        };
        let advice = recommend(&prompt, &Policy::default());
        assert_eq!(advice.recommended.early_payment_discount, None);
        let verdict = advice.discount.unwrap();
        assert_eq!(round_to(verdict.annualised_cost.unwrap(), 3), 0.213);
        assert_eq!(round_to(verdict.hurdle_rate, 3), 0.085);
        // A class-D customer paying 90 days late on 15-day terms: 2/10 costs 2/98 x 365/95 = 7.8% against
        // 8% + 5% = 13%: offered, with both numbers.
        let slow = TermsInput {
            expected_days_late: 90.0,
            ..input(RiskClass::D)
        };
        let offer = recommend(&slow, &Policy::default())
            .recommended
            .early_payment_discount
            .unwrap();
        assert_eq!(offer.percent, dec!(2));
        assert_eq!(offer.within_days, 10);
        assert_eq!(round_to(offer.annualised_cost, 3), 0.078);
        assert_eq!(offer.hurdle_rate, 0.13);
    }

    fn any_class() -> impl Strategy<Value = RiskClass> {
        prop_oneof![
            Just(RiskClass::A),
            Just(RiskClass::B),
            Just(RiskClass::C),
            Just(RiskClass::D),
            Just(RiskClass::E)
        ]
    }

    proptest! {
        #[test]
        fn limits_are_never_negative_and_blocking_is_always_said(
            class in any_class(),
            open in -1_000_000i64..10_000_000,
            revenue in -5_000_000i64..50_000_000,
            months in 0.0f64..24.0,
            confidence in prop_oneof![Just(Confidence::Low), Just(Confidence::Medium), Just(Confidence::High)],
            delay in -60.0f64..400.0,
            agreed_terms in proptest::option::of(0u32..120),
            agreed_limit in proptest::option::of(-1000i64..1_000_000),
        ) {
            let input = TermsInput {
                class,
                confidence,
                open: Decimal::new(open, 2),
                revenue: Decimal::new(revenue, 2),
                months,
                expected_days_late: delay,
                agreed_terms_days: agreed_terms,
                agreed_limit: agreed_limit.map(|limit| Decimal::new(limit, 2)),
            };
            let advice = recommend(&input, &Policy::default());
            prop_assert!(advice.recommended.credit_limit >= Decimal::ZERO);
            prop_assert_eq!(
                advice.recommended.blocks_new_orders,
                input.open > Decimal::ZERO && advice.recommended.credit_limit < input.open
            );
            if let Some(discount) = advice.recommended.early_payment_discount {
                // Shown to 4 decimals, so equal at most.
                prop_assert!(discount.annualised_cost <= discount.hurdle_rate);
                prop_assert!(advice.discount.is_some_and(|verdict| verdict.pays()));
            }
        }
    }
}
