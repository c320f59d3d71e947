//! The fleet over a day: demand hour by hour, replicas packed into whole instances, and the instance-hours a
//! static or autoscaled fleet is billed for. docs/MODEL.md, "Inference: serving a month".

use super::super::{DemandShape, Instances};

/// Hours in the daily profile.
pub const HOURS: usize = 24;

/// The hour the default profile peaks at (14:00): where it peaks does not change what a day costs.
const PEAK_HOUR: f64 = 14.0;

/// Demand per hour relative to the day's average (mean 1).
pub type Profile = [f64; HOURS];

/// The day's demand shape: the explicit 24 hours scaled to mean 1, or a cosine with the given peak over
/// average.
///
/// # Formula
/// For a peak-to-average ratio `r ≤ 2`: `s(h) = 1 + (r − 1)·cos(2π(h − 14)/24)` (mean 1, peak `r`, trough
/// `2 − r`). For `r > 2` the cosine is clipped at 0: `s(h) ∝ max(0, cos θ − d)` with `d` found by bisection
/// so that the peak over the mean of the 24 hourly values is `r` (at most 24: all demand in one hour).
pub fn profile(shape: &DemandShape, peak_to_average: f64) -> Profile {
    match shape {
        DemandShape::Hourly(hours) => {
            let mean = hours.iter().sum::<f64>() / HOURS as f64;
            hours.map(|h| if mean > 0.0 { h / mean } else { 1.0 })
        }
        DemandShape::PeakToAverage => cosine(peak_to_average.clamp(1.0, HOURS as f64)),
    }
}

fn cosine(r: f64) -> Profile {
    let angle = |h: usize| 2.0 * std::f64::consts::PI * (h as f64 - PEAK_HOUR) / HOURS as f64;
    if r <= 2.0 {
        return std::array::from_fn(|h| 1.0 + (r - 1.0) * angle(h).cos());
    }
    let clipped = |d: f64| -> Profile { std::array::from_fn(|h| (angle(h).cos() - d).max(0.0)) };
    let ratio = |d: f64| {
        let p = clipped(d);
        let mean = p.iter().sum::<f64>() / HOURS as f64;
        p.iter().fold(0.0_f64, |m, &x| m.max(x)) / mean
    };
    // ratio(d) grows from 2 at d = −1 to 24 as d → 1 (only the peak hour left).
    let (mut lo, mut hi) = (-1.0_f64, 1.0_f64 - 1e-12);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if ratio(mid) < r { lo = mid } else { hi = mid }
    }
    let p = clipped(0.5 * (lo + hi));
    let mean = p.iter().sum::<f64>() / HOURS as f64;
    p.map(|x| x / mean)
}

/// The peak of a profile over its mean.
pub fn peak_of(p: &Profile) -> f64 {
    p.iter().fold(0.0_f64, |m, &x| m.max(x))
}

/// How replicas of `g` GPUs sit on an offer's instances.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Packing {
    /// GPUs per instance of the shape used.
    pub shape: u32,
    /// Replicas per instance (≥ 1); for a replica spanning linked instances, 1.
    pub per_instance: u32,
    /// Instances per replica (1 unless the replica spans linked instances).
    pub instances_per_replica: u32,
}

impl Packing {
    /// Instances that hold `replicas` replicas.
    pub fn instances(&self, replicas: u32) -> u32 {
        replicas.div_ceil(self.per_instance) * self.instances_per_replica
    }

    /// GPUs billed for `replicas` replicas.
    pub fn gpus(&self, replicas: u32) -> f64 {
        f64::from(self.instances(replicas)) * f64::from(self.shape)
    }
}

/// The shapes of `instances` that can hold a replica of `g` GPUs, each with its packing: a shape of at least
/// `g` GPUs holds `⌊shape / g⌋` replicas; a replica larger than every shape spans `⌈g / largest⌉` linked
/// instances of the largest shape, if the offer links its instances.
pub fn packings(instances: Instances, g: u32) -> impl Iterator<Item = Packing> {
    let largest = instances.largest();
    let spanning = (instances.linked && g > largest && largest > 0).then(|| Packing {
        shape: largest,
        per_instance: 1,
        instances_per_replica: g.div_ceil(largest),
    });
    instances
        .shapes()
        .filter(move |&s| s >= g)
        .map(move |s| Packing { shape: s, per_instance: s / g, instances_per_replica: 1 })
        .chain(spanning)
}

/// Whether a replica of `g` GPUs fits the offer's instances at all.
pub fn fits(instances: Instances, g: u32) -> bool {
    packings(instances, g).next().is_some()
}

/// How a fleet follows demand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    /// Enough for the busiest hour, all day.
    Static,
    /// Whole instances hour by hour, started `lag_h` early, billed in blocks of `billing_h`.
    Autoscale {
        /// Scale-up lag (cold start), hours.
        lag_h: f64,
        /// Billing granularity, hours.
        billing_h: f64,
    },
}

/// Instance-hours billed per day for `instances[h]` instances needed in hour `h`.
///
/// # Formula
/// Static: `24 · max_h n_h`. Autoscale: instance `i` runs in the hours where `n_h > i`; each unbroken run of
/// `L` hours (runs wrap around midnight) is billed `⌈(L + lag)/G⌉ · G` hours (started `lag` early, billed in
/// blocks of `G`); an instance needed all day is billed 24 hours.
pub fn instance_hours_per_day(instances: &[u32; HOURS], policy: Policy) -> f64 {
    let peak = instances.iter().copied().max().unwrap_or(0);
    match policy {
        Policy::Static => 24.0 * f64::from(peak),
        Policy::Autoscale { lag_h, billing_h } => {
            let mut total = 0.0;
            for i in 0..peak {
                let on: [bool; HOURS] = std::array::from_fn(|h| instances[h] > i);
                if on.iter().all(|&x| x) {
                    total += HOURS as f64;
                    continue;
                }
                // Start from an hour the instance is off so that a run crossing midnight is counted once.
                let start = on.iter().position(|&x| !x).unwrap_or(0);
                let mut run = 0.0;
                for k in 1..=HOURS {
                    if on[(start + k) % HOURS] {
                        run += 1.0;
                    } else if run > 0.0 {
                        total += billed(run + lag_h, billing_h);
                        run = 0.0;
                    }
                }
                if run > 0.0 {
                    total += billed(run + lag_h, billing_h);
                }
            }
            total
        }
    }
}

/// Hours billed for a run of `hours`, in blocks of `block` hours (none: exact).
fn billed(hours: f64, block: f64) -> f64 {
    if block > 0.0 { (hours / block).ceil() * block } else { hours }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cosine_profile_has_mean_one_and_the_asked_peak() {
        for r in [1.0, 1.24, 1.5, 1.82, 2.0, 2.5, 4.0, 10.0] {
            let p = profile(&DemandShape::PeakToAverage, r);
            let mean = p.iter().sum::<f64>() / 24.0;
            assert!((mean - 1.0).abs() < 1e-9, "r={r}: mean {mean}");
            assert!((peak_of(&p) - r).abs() < 1e-6, "r={r}: peak {}", peak_of(&p));
            assert!(p.iter().all(|&x| x >= 0.0));
        }
        // r = 1.5: trough 0.5 at 02:00, peak 1.5 at 14:00.
        let p = profile(&DemandShape::PeakToAverage, 1.5);
        assert!((p[14] - 1.5).abs() < 1e-12 && (p[2] - 0.5).abs() < 1e-12);
    }

    #[test]
    fn an_explicit_day_is_scaled_to_mean_one() {
        let mut hours = [1.0; 24];
        hours[9] = 3.0; // sum 26: mean 26/24
        let p = profile(&DemandShape::Hourly(Box::new(hours)), 99.0);
        assert!((p[9] - 3.0 * 24.0 / 26.0).abs() < 1e-12);
        assert!((peak_of(&p) - 72.0 / 26.0).abs() < 1e-12);
    }

    #[test]
    fn four_gpus_of_a_replica_on_an_eight_gpu_instance_pay_eight() {
        let p8 = Instances::of(&[8], false);
        let packing: Vec<Packing> = packings(p8, 4).collect();
        assert_eq!(packing, vec![Packing { shape: 8, per_instance: 2, instances_per_replica: 1 }]);
        assert_eq!(packing[0].gpus(1), 8.0);
        // Two replicas share one instance; a third needs a second.
        assert_eq!(packing[0].gpus(2), 8.0);
        assert_eq!(packing[0].gpus(3), 16.0);
        // Shapes of 1, 2, 4 and 8 hold a 4-GPU replica on 4 or 8; 16 GPUs do not fit unlinked instances.
        let lambda = Instances::of(&[1, 2, 4, 8], false);
        assert_eq!(packings(lambda, 4).map(|p| p.shape).collect::<Vec<_>>(), vec![4, 8]);
        assert!(!fits(lambda, 16));
        // Linked 8-GPU instances carry a 16-GPU replica on two of them.
        let linked = Instances::of(&[8], true);
        let span: Vec<Packing> = packings(linked, 16).collect();
        assert_eq!(span, vec![Packing { shape: 8, per_instance: 1, instances_per_replica: 2 }]);
        assert_eq!(span[0].gpus(3), 48.0);
    }

    #[test]
    fn a_static_and_an_autoscaled_day_by_hand() {
        // Needs 1 instance from 00:00 to 08:00, 3 from 08:00 to 18:00, 2 from 18:00 to 24:00.
        let mut n = [1u32; 24];
        n[8..18].fill(3);
        n[18..24].fill(2);
        // Static: 3 instances all day = 72 instance-hours.
        assert_eq!(instance_hours_per_day(&n, Policy::Static), 72.0);
        // Autoscaled without lag: instance 0 all day (24) + instance 1 08-24 (16) + instance 2 08-18 (10) = 50.
        let exact = Policy::Autoscale { lag_h: 0.0, billing_h: 0.0 };
        assert_eq!(instance_hours_per_day(&n, exact), 50.0);
        // A 10-minute cold start and hourly billing: 16 h + 1/6 → 17, 10 h + 1/6 → 11; total 24 + 17 + 11 = 52.
        let hourly = Policy::Autoscale { lag_h: 10.0 / 60.0, billing_h: 1.0 };
        assert_eq!(instance_hours_per_day(&n, hourly), 52.0);
        // Per-second billing: 24 + 16⅙ + 10⅙.
        let fine = Policy::Autoscale { lag_h: 10.0 / 60.0, billing_h: 1.0 / 3600.0 };
        assert!((instance_hours_per_day(&n, fine) - (50.0 + 2.0 / 6.0)).abs() < 1e-3);
    }

    #[test]
    fn a_run_across_midnight_is_one_run() {
        // Needed 20:00 to 04:00 only: one 8-hour run, one cold start.
        let mut n = [0u32; 24];
        n[20..].fill(1);
        n[..4].fill(1);
        let policy = Policy::Autoscale { lag_h: 0.5, billing_h: 1.0 };
        assert_eq!(instance_hours_per_day(&n, policy), 9.0);
    }
}
