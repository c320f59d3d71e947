//! Uncertainty: distributions, seeded parallel Monte Carlo with common random numbers, and statistics.
//!
//! A run splits its trials into fixed chunks of [`CHUNK`] trials; chunk `c` draws from its own stream,
//! seeded from `(seed, c)`, so a trial's numbers do not depend on which thread runs it. Counts and
//! histograms merge in any order; means and variances are combined in chunk order. The same seed
//! therefore gives byte-identical results whatever the thread count.

mod accumulate;
pub mod histogram;
pub mod metric;
pub mod plan;
pub mod point;
pub mod summary;

pub use metric::{Metric, unit_of_work};
pub use plan::{Plan, Var};
pub use summary::{PairScope, ProviderSummary, Stats, Summary};

use crate::base::defaults::{DEFAULT_SAMPLES, DEFAULT_SEED};
use crate::model::{self, Infeasible, Outcome};
use crate::scenario::Scenario;
use accumulate::{ChunkMoments, ShiftedSums, Sums, Tally};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;

/// Trials per chunk: the unit of parallel work and of seeding.
pub const CHUNK: u64 = 1024;

/// How to run a simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimOptions {
    /// Trials.
    pub samples: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// Common random numbers: every provider sees the same draws in a trial. Off only to measure what
    /// they buy.
    pub crn: bool,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions { samples: DEFAULT_SAMPLES, seed: DEFAULT_SEED, crn: true }
    }
}

/// SplitMix64's finalizer: decorrelates nearby seeds (Steele, Lea & Flood 2014).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The random stream of chunk `chunk` under `seed`.
pub fn chunk_rng(seed: u64, chunk: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(seed ^ mix(chunk)))
}

/// Up to this many providers, every pair is compared; above it, only each provider against the cheapest
/// of each class (centralized, other) at the point estimate: every pair of 1,000 providers would hold half
/// a million ratio histograms (issue 13).
pub const ALL_PAIRS_UP_TO: usize = 50;

/// Which pairs of providers a run compares, and what results.json says of it.
pub fn pairs(scenario: &Scenario, points: &[Result<Outcome, Infeasible>]) -> (Vec<(usize, usize)>, PairScope) {
    let n = scenario.providers.len();
    if n <= ALL_PAIRS_UP_TO {
        let all = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).collect();
        return (all, PairScope::EveryPair);
    }
    let cheapest = |central: bool| {
        (0..n)
            .filter(|&k| (scenario.providers[k].kind == crate::catalog::ProviderKind::Centralized) == central)
            .filter_map(|k| points[k].as_ref().ok().map(|o| (o.monthly_cost, k)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k)
    };
    let mut pairs: Vec<(usize, usize)> = [cheapest(true), cheapest(false)]
        .into_iter()
        .flatten()
        .flat_map(|c| (0..n).filter(move |&k| k != c).map(move |k| (k.min(c), k.max(c))))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    (pairs, PairScope::AgainstCheapest)
}

/// Chunks run between two merges of their moments into the run's totals: each chunk's moments wait in memory
/// until then, so this bounds a run's memory whatever its length (256 chunks of the flagship's ten
/// providers hold about 2 MB) while leaving rayon enough chunks to balance two or more threads.
pub const BATCH_CHUNKS: u64 = 256;

/// Per-thread state: the tally and the moments of the chunks this thread ran.
struct Worker {
    tally: Tally,
    moments: Vec<ChunkMoments>,
}

/// Runs `opts.samples` trials of `scenario`; `progress` is told how many trials each finished chunk held.
pub fn run(scenario: &Scenario, opts: &SimOptions, progress: &(dyn Fn(u64) + Sync)) -> Summary {
    let plan = Plan::new(scenario);
    let n = scenario.providers.len();
    let point = point::outcomes(scenario);
    let (pairs, pair_scope) = pairs(scenario, &point);
    let chunks = opts.samples.div_ceil(CHUNK);
    let (kind, has_business) = (scenario.workload_inputs.kind(), scenario.business.is_some());
    let worker = || Worker { tally: Tally::new(n, &pairs, kind, has_business), moments: Vec::new() };
    let mut tally = Tally::new(n, &pairs, kind, has_business);
    let mut totals = vec![Sums::default(); n];
    // Batches of chunks, each run in parallel; moments are merged in chunk order (as one pass over all the
    // chunks would), histograms and counts in any order (they are exact), so the bytes do not depend on the
    // batching or the threads.
    let mut start = 0;
    while start < chunks {
        let end = (start + BATCH_CHUNKS).min(chunks);
        let Worker { tally: batch, mut moments } = (start..end)
            .into_par_iter()
            .fold(worker, |mut w, c| {
                let m = run_chunk(scenario, &plan, opts, c, &mut w.tally);
                w.moments.push(m);
                progress(CHUNK.min(opts.samples - c * CHUNK));
                w
            })
            .reduce(worker, |mut a, b| {
                a.tally.merge(&b.tally);
                a.moments.extend(b.moments);
                a
            });
        tally.merge(&batch);
        moments.sort_by_key(|m| m.chunk);
        for m in &moments {
            for (t, v) in totals.iter_mut().zip(&m.values) {
                t.merge(v);
            }
        }
        start = end;
    }
    let (providers, pairs) = tally.summary(&totals);
    Summary { samples: opts.samples, seed: opts.seed, providers, pairs, pair_scope, point }
}

/// Runs the trials of chunk `c` into `tally` and returns the chunk's moments.
fn run_chunk(scenario: &Scenario, plan: &Plan<'_>, opts: &SimOptions, c: u64, tally: &mut Tally) -> ChunkMoments {
    let n = scenario.providers.len();
    let mut rng = chunk_rng(opts.seed, c);
    let mut values = vec![0.0; plan.vars.len()];
    let mut outcomes: Vec<Result<Outcome, Infeasible>> = Vec::with_capacity(n);
    let mut sums: Vec<Sums<ShiftedSums>> = vec![Sums::default(); n];
    let mut searches = model::Searches::default();
    let first = c * CHUNK;
    for trial in first..(first + CHUNK).min(opts.samples) {
        plan.draw(&mut rng, &mut values);
        let workload = plan.workload(&values);
        let business = plan.business(&values);
        outcomes.clear();
        // A trial's providers share its workload, so they may share batch searches too.
        searches.clear();
        for (k, p) in scenario.providers.iter().enumerate() {
            let setup = p.setup();
            let outcome = if opts.crn {
                let terms = plan.provider(k, &values);
                model::evaluate_shared(&scenario.workload, &workload, setup, &terms, business.as_ref(), &mut searches)
            } else {
                // Without common random numbers each provider sees its own draw of everything.
                plan.draw(&mut rng, &mut values);
                let own_business = plan.business(&values);
                model::evaluate(
                    &scenario.workload,
                    &plan.workload(&values),
                    setup,
                    &plan.provider(k, &values),
                    own_business.as_ref(),
                )
            };
            outcomes.push(outcome.map(|o| o.with_horizon(scenario.meta.horizon_months, p.commitment_months)));
        }
        tally.record(trial, &outcomes, &mut sums);
    }
    tally.flush(&mut sums);
    ChunkMoments { chunk: c, values: sums.iter().map(Sums::moments).collect() }
}
