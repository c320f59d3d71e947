//! Margin: the article's savings, net of what the AI compute costs. docs/MODEL.md, "Business".

use super::BusinessInputs;
use super::steps::{self as st};
use super::trace::{Trace, step};
use serde::Serialize;

/// What the AI does to the business's margin at full adoption.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Margin {
    /// Savings minus AI costs per month at full adoption.
    pub net_saving: f64,
    /// Months until cumulative net saving covers the implementation cost; `None` = never.
    pub payback_months: Option<f64>,
    /// What the cumulative net saving is made of (for totals over a horizon).
    pub ramp: Ramp,
    /// The margin before AI and the steps to the margin after, each a fraction of revenue.
    pub bridge: MarginBridge,
}

impl Margin {
    /// Margin before AI, fraction of revenue.
    pub fn before(&self) -> f64 {
        self.bridge.before
    }

    /// Margin after AI at full adoption, fraction of revenue.
    pub fn after(&self) -> f64 {
        self.bridge.after()
    }

    /// `after − before`, percentage points.
    pub fn improvement_pp(&self) -> f64 {
        100.0 * self.bridge.values().iter().sum::<f64>()
    }
}

/// The monthly figures a cumulative net saving adds up, as [`payback_months`] reads them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ramp {
    /// Savings minus AI compute per month at full adoption, `G`.
    pub gross: f64,
    /// Other AI costs per month, from month one.
    pub other: f64,
    /// Months to full adoption, `A`.
    pub months: f64,
    /// One-time implementation cost.
    pub upfront: f64,
}

impl Ramp {
    /// The cumulative net saving after `horizon` months.
    ///
    /// # Formula
    /// `N(H) = G·E(H) − other·H − upfront`, `E(H) = ∫₀ᴴ min(1, t/A) dt` ([`adopted_months`]), the same
    /// ramp [`payback_months`] solves `N(t) = 0` on.
    pub fn cumulative_net(&self, horizon: f64) -> f64 {
        self.gross * adopted_months(self.months, horizon) - self.other * horizon - self.upfront
    }
}

/// Months of full adoption in the first `horizon` months when adoption ramps linearly over `ramp` months.
///
/// # Formula
/// `E(H) = H²/(2A)` for `H ≤ A`, `H − A/2` after; `H` without a ramp (`A = 0`).
pub fn adopted_months(ramp: f64, horizon: f64) -> f64 {
    if ramp <= 0.0 {
        horizon
    } else if horizon <= ramp {
        horizon * horizon / (2.0 * ramp)
    } else {
        horizon - ramp / 2.0
    }
}

/// The steps from margin before to margin after AI, each a fraction of revenue:
/// `before + operational_savings + labor_savings − ai_compute − other_ai_costs = after`. `T` is what each
/// step holds (a fraction, or its running statistics over trials).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, serde::Deserialize)]
pub struct MarginBridge<T = f64> {
    /// Margin before AI, `(R − O − L)/R`.
    pub before: T,
    /// Operational costs saved, `O·s_o/R`.
    pub operational_savings: T,
    /// Labor costs saved, `L·s_l/R`.
    pub labor_savings: T,
    /// The AI compute bill, `C/R`.
    pub ai_compute: T,
    /// Other AI running costs, `other/R`.
    pub other_ai_costs: T,
}

impl<T> MarginBridge<T> {
    /// Each step through `f`.
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> MarginBridge<U> {
        MarginBridge {
            before: f(&self.before),
            operational_savings: f(&self.operational_savings),
            labor_savings: f(&self.labor_savings),
            ai_compute: f(&self.ai_compute),
            other_ai_costs: f(&self.other_ai_costs),
        }
    }

    /// `f(mine, theirs)` for each step and the same step of `other`.
    pub fn zip_mut<U>(&mut self, other: &MarginBridge<U>, mut f: impl FnMut(&mut T, &U)) {
        f(&mut self.before, &other.before);
        f(&mut self.operational_savings, &other.operational_savings);
        f(&mut self.labor_savings, &other.labor_savings);
        f(&mut self.ai_compute, &other.ai_compute);
        f(&mut self.other_ai_costs, &other.other_ai_costs);
    }
}

impl MarginBridge {
    /// Step names, in the order of [`MarginBridge::values`].
    pub const STEPS: [&'static str; 4] = ["operational savings", "labor savings", "AI compute", "other AI costs"];

    /// Signed steps (savings positive, costs negative), in [`MarginBridge::STEPS`] order.
    pub fn values(&self) -> [f64; 4] {
        [self.operational_savings, self.labor_savings, -self.ai_compute, -self.other_ai_costs]
    }

    /// Where the steps end: the margin after AI.
    pub fn after(&self) -> f64 {
        self.before + self.values().iter().sum::<f64>()
    }
}

/// The margin effect of spending `ai_compute` a month on compute.
///
/// # Formula
/// `S = O·s_o + L·s_l` (savings), `net = S − C − other`, `before = (R − O − L)/R`,
/// `after = before + net/R`, improvement `= 100·net/R` pp. Payback: `payback_months` (this module).
pub fn margin<T: Trace>(b: &BusinessInputs<f64>, ai_compute: f64, t: &mut T) -> Margin {
    let ops = b.operational_costs_per_month * b.operational_savings;
    let labor = b.labor_costs_per_month * b.labor_savings;
    let savings = ops + labor;
    let net = savings - ai_compute - b.other_ai_costs_per_month;
    let before = (b.revenue_per_month - b.operational_costs_per_month - b.labor_costs_per_month) / b.revenue_per_month;
    if t.on() {
        let (o, l, rev) = (b.operational_costs_per_month, b.labor_costs_per_month, b.revenue_per_month);
        step(t, st::SAVINGS_OPS, &[("O", o), ("s_o", b.operational_savings)], ops);
        step(t, st::SAVINGS_LABOR, &[("L", l), ("s_l", b.labor_savings)], labor);
        let net_terms = [("S_o", ops), ("S_l", labor), ("C", ai_compute), ("X_ai", b.other_ai_costs_per_month)];
        step(t, st::NET_SAVING, &net_terms, net);
        step(t, st::MARGIN_BEFORE, &[("Rev", rev), ("O", o), ("L", l)], before);
        step(t, st::MARGIN_AFTER, &[("m_0", before), ("net", net), ("Rev", rev)], before + net / rev);
    }
    Margin {
        net_saving: net,
        payback_months: payback_months(
            savings - ai_compute,
            b.other_ai_costs_per_month,
            b.adoption_months,
            b.implementation_cost,
        ),
        ramp: Ramp {
            gross: savings - ai_compute,
            other: b.other_ai_costs_per_month,
            months: b.adoption_months,
            upfront: b.implementation_cost,
        },
        bridge: MarginBridge {
            before,
            operational_savings: ops / b.revenue_per_month,
            labor_savings: labor / b.revenue_per_month,
            ai_compute: ai_compute / b.revenue_per_month,
            other_ai_costs: b.other_ai_costs_per_month / b.revenue_per_month,
        },
    }
}

/// Months until the cumulative net saving reaches the one-time cost `upfront`.
///
/// # Formula
/// Savings and compute ramp together linearly over `A` months (`r(t) = min(1, t/A)`); other AI costs run
/// from month one. Cumulative net `N(t) = G·∫₀ᵗ r − other·t − upfront` with `G = savings − compute`:
/// - `t ≤ A`: `G·t²/(2A) − other·t − upfront = 0` → `t = (other + √(other² + 2·G·upfront/A)) / (G/A)`
/// - `t > A`: `(G − other)·t − G·A/2 − upfront = 0` → `t = (upfront + G·A/2) / (G − other)`
///
/// `None` when `G ≤ other` (the AI never pays for itself), except that nothing to pay back gives 0.
pub fn payback_months(gross: f64, other: f64, ramp_months: f64, upfront: f64) -> Option<f64> {
    if upfront <= 0.0 && other <= 0.0 && gross >= 0.0 {
        return Some(0.0);
    }
    if gross <= other {
        return None;
    }
    if ramp_months > 0.0 {
        let slope = gross / ramp_months;
        let t = (other + (other * other + 2.0 * slope * upfront).sqrt()) / slope;
        if t <= ramp_months {
            return Some(t);
        }
    }
    Some((upfront + gross * ramp_months / 2.0) / (gross - other))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn business() -> BusinessInputs<f64> {
        BusinessInputs {
            revenue_per_month: 1_000_000.0,
            operational_costs_per_month: 400_000.0,
            labor_costs_per_month: 300_000.0,
            operational_savings: 0.225,
            labor_savings: 0.30,
            adoption_months: 0.0,
            other_ai_costs_per_month: 10_000.0,
            implementation_cost: 200_000.0,
        }
    }

    #[test]
    fn margin_worked_by_hand() {
        // before = (1,000,000 − 400,000 − 300,000)/1,000,000 = 30%.
        // savings = 400,000·0.225 + 300,000·0.30 = 90,000 + 90,000 = 180,000.
        // net = 180,000 − 50,000 (compute) − 10,000 = 120,000 → +12.0 pp, after = 42%.
        // payback with no ramp = 200,000 / (130,000 − 10,000) = 1.6667 months.
        let m = margin(&business(), 50_000.0, &mut crate::model::trace::Off);
        assert!((m.before() - 0.30).abs() < 1e-12);
        assert!((m.net_saving - 120_000.0).abs() < 1e-6);
        assert!((m.improvement_pp() - 12.0).abs() < 1e-9);
        assert!((m.after() - 0.42).abs() < 1e-12);
        assert!((m.payback_months.unwrap() - 200_000.0 / 120_000.0).abs() < 1e-12);
        // Bridge: +9 pp ops, +9 pp labor, −5 pp compute, −1 pp other; 30 + 9 + 9 − 5 − 1 = 42.
        let expected = [0.09, 0.09, -0.05, -0.01];
        for (got, want) in m.bridge.values().iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        assert!((m.net_saving / 1_000_000.0 * 100.0 - m.improvement_pp()).abs() < 1e-9, "net/R = improvement");
    }

    #[test]
    fn payback_inside_the_ramp_by_hand() {
        // G = 120,000, other = 0, A = 6, upfront = 120,000: G·t²/(2A) = 120,000 → t² = 12 → t = 3.4641 < 6.
        let t = payback_months(120_000.0, 0.0, 6.0, 120_000.0).unwrap();
        assert!((t - 12f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn payback_after_the_ramp_by_hand() {
        // G = 100, other = 20, A = 4, upfront = 500. Inside the ramp N(4) = 100·16/8 − 80 − 500 < 0,
        // so t = (500 + 100·4/2)/(100 − 20) = 700/80 = 8.75, and N(8.75) = 80·8.75 − 200 − 500 = 0.
        let t = payback_months(100.0, 20.0, 4.0, 500.0).unwrap();
        assert!((t - 8.75).abs() < 1e-12);
    }

    #[test]
    fn cumulative_net_over_a_horizon_by_hand() {
        // G = 100, other = 20, A = 4, upfront = 500 (as above). Over 12 months: E = 12 − 4/2 = 10 months of
        // full adoption, N = 100·10 − 20·12 − 500 = 260; over 3 months (inside the ramp) E = 9/8 = 1.125,
        // N = 112.5 − 60 − 500 = −447.5; at the payback month 8.75, N = 0.
        let r = Ramp { gross: 100.0, other: 20.0, months: 4.0, upfront: 500.0 };
        assert!((r.cumulative_net(12.0) - 260.0).abs() < 1e-12);
        assert!((r.cumulative_net(3.0) + 447.5).abs() < 1e-12);
        assert!(r.cumulative_net(payback_months(100.0, 20.0, 4.0, 500.0).unwrap()).abs() < 1e-9);
        assert_eq!(adopted_months(0.0, 12.0), 12.0);
    }

    #[test]
    fn never_pays_back_when_costs_exceed_savings() {
        assert_eq!(payback_months(10.0, 20.0, 0.0, 100.0), None);
        let m = margin(&business(), 500_000.0, &mut crate::model::trace::Off);
        assert!(m.improvement_pp() < 0.0);
        assert_eq!(m.payback_months, None);
    }
}
