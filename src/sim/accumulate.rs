//! What a Monte Carlo run keeps: counts, histograms and moments, never the trials themselves.
//!
//! Per provider: feasible and infeasible trials (and the first reason), SLO and margin counts, one
//! [`LogHistogram`] per metric. Per pair of providers: how often the first is cheaper, and a histogram of
//! the cost ratio. Per chunk of trials: mean and variance of every metric and cost line, combined in
//! chunk order so that the floating-point sums do not depend on the thread count.

use super::histogram::LogHistogram;
use super::metric::Metric;
use super::summary::{PairSummary, ProviderSummary, Stats, cheapest_shares, cost_ratio};
use crate::model::{CostBreakdown, Infeasible, MarginBridge, Outcome, WorkloadKind};

/// Mean and variance of a stream (Welford), combinable in a fixed order (Chan et al. 1979).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    /// Finite values seen.
    pub n: u64,
    mean: f64,
    m2: f64,
    nonfinite: u64,
}

impl Moments {
    /// Adds one value (Welford); infinities are counted apart. The hot path uses [`ShiftedSums`].
    #[cfg(test)]
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.nonfinite += 1;
            return;
        }
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Combines with moments of later values.
    ///
    /// # Formula
    /// `mean = mean_a + δ·n_b/n`, `M2 = M2_a + M2_b + δ²·n_a·n_b/n` with `δ = mean_b − mean_a`
    /// (Chan, Golub & LeVeque, "Updating formulae and a pairwise algorithm for computing sample variances", 1979).
    pub fn merge(&mut self, other: &Moments) {
        self.nonfinite += other.nonfinite;
        if other.n == 0 {
            return;
        }
        let n = self.n + other.n;
        let delta = other.mean - self.mean;
        self.mean += delta * other.n as f64 / n as f64;
        self.m2 += other.m2 + delta * delta * self.n as f64 * other.n as f64 / n as f64;
        self.n = n;
    }

    /// The mean (infinite when any value was).
    pub fn mean(&self) -> f64 {
        if self.nonfinite > 0 { f64::INFINITY } else { self.mean }
    }

    /// The population standard deviation (infinite when any value was: results hold no NaN).
    pub fn sd(&self) -> f64 {
        if self.nonfinite > 0 {
            f64::INFINITY
        } else if self.n == 0 {
            0.0
        } else {
            let sd = (self.m2 / self.n as f64).max(0.0).sqrt();
            // A constant summed in floating point leaves a residue of order 1e-17 of its mean: that is 0.
            if sd <= 1e-12 * self.mean.abs() { 0.0 } else { sd }
        }
    }
}

/// Running sums of one chunk, shifted by its first value so that the variance keeps its precision
/// without a division per value (Welford's update divides; this loop runs ~150 times per trial).
#[derive(Debug, Clone, Copy, Default)]
pub struct ShiftedSums {
    n: u64,
    shift: f64,
    s1: f64,
    s2: f64,
    nonfinite: u64,
}

impl ShiftedSums {
    /// Adds one value; infinities are counted apart.
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.nonfinite += 1;
            return;
        }
        if self.n == 0 {
            self.shift = x;
        }
        let d = x - self.shift;
        self.n += 1;
        self.s1 += d;
        self.s2 += d * d;
    }

    /// The sums as moments: `mean = shift + s1/n`, `M2 = s2 − s1²/n`.
    pub fn moments(&self) -> Moments {
        if self.n == 0 {
            return Moments { nonfinite: self.nonfinite, ..Moments::default() };
        }
        let n = self.n as f64;
        Moments {
            n: self.n,
            mean: self.shift + self.s1 / n,
            m2: (self.s2 - self.s1 * self.s1 / n).max(0.0),
            nonfinite: self.nonfinite,
        }
    }
}

/// Running statistics of one provider's values, slot by slot: every metric (in [`Metric::ALL`] order),
/// every cost line, every margin step.
#[derive(Debug, Clone)]
pub struct Sums<T> {
    /// One per metric.
    pub metrics: Vec<T>,
    /// One per cost line.
    pub lines: CostBreakdown<T>,
    /// One per margin step.
    pub bridge: MarginBridge<T>,
}

impl<T: Default + Clone> Default for Sums<T> {
    fn default() -> Self {
        Sums { metrics: vec![T::default(); Metric::ALL.len()], lines: Default::default(), bridge: Default::default() }
    }
}

impl Sums<ShiftedSums> {
    /// The sums as moments.
    pub fn moments(&self) -> Sums<Moments> {
        Sums {
            metrics: self.metrics.iter().map(ShiftedSums::moments).collect(),
            lines: self.lines.map(ShiftedSums::moments),
            bridge: self.bridge.map(ShiftedSums::moments),
        }
    }
}

impl Sums<Moments> {
    /// Combines with the moments of later trials.
    pub fn merge(&mut self, other: &Sums<Moments>) {
        for (a, b) in self.metrics.iter_mut().zip(&other.metrics) {
            a.merge(b);
        }
        self.lines.zip_mut(&other.lines, Moments::merge);
        self.bridge.zip_mut(&other.bridge, Moments::merge);
    }
}

/// Moments of one chunk, per provider.
#[derive(Debug, Clone)]
pub struct ChunkMoments {
    /// Chunk index: moments are combined in this order.
    pub chunk: u64,
    /// One per provider.
    pub values: Vec<Sums<Moments>>,
}

/// Counts of one provider.
#[derive(Debug, Clone, Default)]
pub struct ProviderTally {
    /// Trials in which it could run the workload.
    pub feasible: u64,
    /// Trials in which it could not.
    pub infeasible: u64,
    /// The earliest trial's reason for infeasibility.
    pub first_reason: Option<(u64, Infeasible)>,
    /// Feasible trials meeting the latency objectives.
    pub slo_met: u64,
    /// Trials whose training run ends by its deadline.
    pub on_time: u64,
    /// Feasible trials where the margin improves.
    pub margin_up: u64,
    /// Trials in which it was the cheapest feasible provider (ties share the count).
    pub cheapest: f64,
    /// One histogram per metric, in [`Metric::ALL`] order.
    pub hists: Vec<LogHistogram>,
}

/// Counts of one pair of providers (a before b in scenario order).
#[derive(Debug, Clone, Default)]
pub struct PairTally {
    /// The first provider's index.
    pub a: usize,
    /// The second's, `a < b`.
    pub b: usize,
    /// Trials in which both could run.
    pub both: u64,
    /// Of those, trials in which a cost less.
    pub a_cheaper: u64,
    /// Of those, trials in which they cost the same.
    pub ties: u64,
    /// Distribution of cost(a) / cost(b).
    pub ratio: LogHistogram,
}

/// Everything kept for a run except the ordered moments.
#[derive(Debug, Clone)]
pub struct Tally {
    /// Per provider.
    pub providers: Vec<ProviderTally>,
    /// The pairs compared ([`super::pairs`]).
    pub pairs: Vec<PairTally>,
    /// Values waiting to enter each histogram (providers × metrics, then pairs). A trial touches over a
    /// hundred histograms; adding a chunk's values one histogram at a time keeps each in cache while it
    /// is updated, which is several times faster than scattering every trial over all of them.
    pending: Vec<Vec<f64>>,
    /// The metrics that can have a value for this workload ([`Metric::applies`]), by index: the others are
    /// not asked of every outcome.
    read: Vec<(usize, Metric)>,
}

impl Tally {
    /// An empty tally for `n` providers and the pairs `pairs` (`a < b`) of a `kind` workload, with a business
    /// section or not.
    pub fn new(n: usize, pairs: &[(usize, usize)], kind: WorkloadKind, has_business: bool) -> Self {
        let provider = ProviderTally { hists: vec![LogHistogram::default(); Metric::ALL.len()], ..Default::default() };
        Tally {
            providers: vec![provider; n],
            pairs: pairs.iter().map(|&(a, b)| PairTally { a, b, ..PairTally::default() }).collect(),
            pending: vec![Vec::new(); n * Metric::ALL.len() + pairs.len()],
            read: Metric::ALL.iter().copied().enumerate().filter(|(_, m)| m.applies(kind, has_business)).collect(),
        }
    }

    /// Adds the pending values to their histograms, and each provider's metric values, in trial order, to
    /// its running sums in `sums` (one per provider): the same sums as adding them trial by trial, from a
    /// buffer the histograms fill anyway.
    pub fn flush(&mut self, sums: &mut [Sums<ShiftedSums>]) {
        let per = Metric::ALL.len();
        let providers = self.providers.len();
        for (h, values) in self.pending.iter_mut().enumerate() {
            if h < providers * per {
                let slot = &mut sums[h / per].metrics[h % per];
                self.providers[h / per].hists[h % per].add_all_seeing(values, |v| slot.add(v));
            } else {
                self.pairs[h - providers * per].ratio.add_all(values);
            }
            values.clear();
        }
    }

    /// Records one trial's outcomes, and their values into `sums` (one per provider).
    pub fn record(&mut self, trial: u64, outcomes: &[Result<Outcome, Infeasible>], sums: &mut [Sums<ShiftedSums>]) {
        for (k, outcome) in outcomes.iter().enumerate() {
            let tally = &mut self.providers[k];
            match outcome {
                Err(reason) => {
                    tally.infeasible += 1;
                    if tally.first_reason.is_none_or(|(t, _)| trial < t) {
                        tally.first_reason = Some((trial, *reason));
                    }
                }
                Ok(o) => {
                    tally.feasible += 1;
                    let slots = &mut sums[k];
                    for &(i, metric) in &self.read {
                        if let Some(v) = metric.of(o) {
                            self.pending[k * Metric::ALL.len() + i].push(v);
                        }
                    }
                    slots.lines.zip_mut(&o.cost, |s, v| s.add(*v));
                    if let Some(m) = o.margin {
                        slots.bridge.zip_mut(&m.bridge, |s, v| s.add(*v));
                    }
                    if o.latency.is_some_and(|l| l.slo_met) {
                        tally.slo_met += 1;
                    }
                    if o.detail.on_time == Some(true) {
                        tally.on_time += 1;
                    }
                    if o.margin.is_some_and(|m| m.improvement_pp() > 0.0) {
                        tally.margin_up += 1;
                    }
                }
            }
        }
        let costs: Vec<Option<f64>> = outcomes.iter().map(|o| o.as_ref().ok().map(|o| o.monthly_cost)).collect();
        for (p, share) in self.providers.iter_mut().zip(cheapest_shares(&costs)) {
            p.cheapest += share;
        }
        let ratios = self.providers.len() * Metric::ALL.len();
        for (pair, t) in self.pairs.iter_mut().enumerate() {
            if let (Some(a), Some(b)) = (costs[t.a], costs[t.b]) {
                t.both += 1;
                if a < b {
                    t.a_cheaper += 1;
                } else if a == b {
                    t.ties += 1;
                }
                self.pending[ratios + pair].push(cost_ratio(a, b));
            }
        }
    }

    /// Adds another tally (counts and histograms: the order does not matter). Both must be flushed.
    pub fn merge(&mut self, other: &Tally) {
        for (a, b) in self.providers.iter_mut().zip(&other.providers) {
            a.feasible += b.feasible;
            a.infeasible += b.infeasible;
            a.slo_met += b.slo_met;
            a.on_time += b.on_time;
            a.margin_up += b.margin_up;
            a.cheapest += b.cheapest;
            if let Some((t, r)) = b.first_reason
                && a.first_reason.is_none_or(|(ta, _)| t < ta)
            {
                a.first_reason = Some((t, r));
            }
            for (ha, hb) in a.hists.iter_mut().zip(&b.hists) {
                ha.merge(hb);
            }
        }
        for (a, b) in self.pairs.iter_mut().zip(&other.pairs) {
            a.both += b.both;
            a.a_cheaper += b.a_cheaper;
            a.ties += b.ties;
            a.ratio.merge(&b.ratio);
        }
    }

    /// The run's summary from this (flushed) tally and the moments `totals` (one per provider).
    pub fn summary(&self, totals: &[Sums<Moments>]) -> (Vec<ProviderSummary>, Vec<PairSummary>) {
        let providers = self
            .providers
            .iter()
            .zip(totals)
            .map(|(t, sums)| {
                let metrics = Metric::ALL
                    .iter()
                    .zip(&t.hists)
                    .zip(&sums.metrics)
                    .map(|((&m, h), moments)| {
                        let stats = (h.count() > 0).then(|| Stats {
                            mean: moments.mean(),
                            sd: moments.sd(),
                            p5: h.quantile(0.05),
                            p25: h.quantile(0.25),
                            p50: h.quantile(0.5),
                            p75: h.quantile(0.75),
                            p95: h.quantile(0.95),
                        });
                        (m, stats)
                    })
                    .collect();
                let costs = &t.hists[Metric::MonthlyCost.index()];
                ProviderSummary {
                    feasible: t.feasible,
                    infeasible: t.infeasible,
                    first_reason: t.first_reason.map(|(_, r)| r),
                    slo_met: t.slo_met,
                    on_time: t.on_time,
                    margin_up: t.margin_up,
                    cheapest: t.cheapest,
                    metrics,
                    breakdown: sums.lines.map(Moments::mean),
                    margin_bridge: (sums.bridge.before.n > 0).then(|| sums.bridge.map(Moments::mean)),
                    cost_quantiles: (1..100).map(|i| costs.quantile(f64::from(i) / 100.0)).collect(),
                }
            })
            .collect();
        let pairs = self
            .pairs
            .iter()
            .map(|t| PairSummary {
                a: t.a,
                b: t.b,
                both: t.both,
                a_cheaper: t.a_cheaper,
                ties: t.ties,
                median_ratio: t.ratio.quantile(0.5),
            })
            .collect();
        (providers, pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_combine_to_the_direct_mean_and_sd() {
        let xs: Vec<f64> = (0..1000).map(|i| (f64::from(i) * 0.37).sin() * 50.0 + 100.0).collect();
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.add(x));
        let mut parts = Moments::default();
        for chunk in xs.chunks(97) {
            let mut m = Moments::default();
            chunk.iter().for_each(|&x| m.add(x));
            parts.merge(&m);
        }
        let mean = xs.iter().sum::<f64>() / 1000.0;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 1000.0).sqrt();
        assert!((all.mean() - mean).abs() < 1e-12 && (parts.mean() - mean).abs() < 1e-12);
        assert!((all.sd() - sd).abs() < 1e-10 && (parts.sd() - sd).abs() < 1e-10);
    }

    #[test]
    fn shifted_sums_give_the_same_moments_as_welford() {
        let xs: Vec<f64> = (0..1024).map(|i| 34_070.51 + (f64::from(i) * 0.91).cos() * 3.0).collect();
        let (mut w, mut s) = (Moments::default(), ShiftedSums::default());
        xs.iter().for_each(|&x| {
            w.add(x);
            s.add(x);
        });
        let m = s.moments();
        assert!((m.mean() - w.mean()).abs() < 1e-9 && (m.sd() - w.sd()).abs() < 1e-9, "{m:?} vs {w:?}");
    }

    #[test]
    fn an_infinite_value_makes_the_mean_and_sd_infinite() {
        let mut m = Moments::default();
        [1.0, f64::INFINITY].iter().for_each(|&x| m.add(x));
        assert_eq!(m.mean(), f64::INFINITY);
        assert_eq!(m.sd(), f64::INFINITY);
    }
}
