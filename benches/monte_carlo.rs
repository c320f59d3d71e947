//! Monte Carlo throughput on the flagship scenario, and its floor: the cost of drawing the random inputs
//! alone. Run with `cargo bench --bench monte_carlo`; docs/PERFORMANCE.md records the figures.

use computecost::catalog::Catalog;
use computecost::model;
use computecost::scenario;
use computecost::sim::{Plan, SimOptions, chunk_rng};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const TRIALS: u64 = 100_000;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("catalog");
    let flagship = scenario::flagship(&catalog).expect("flagship");
    let providers = flagship.providers.len() as u64;
    let mut group = c.benchmark_group("flagship");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TRIALS * providers));

    // The whole run: sample, evaluate every provider, keep statistics (all threads).
    group.bench_function(BenchmarkId::new("sim::run", TRIALS), |b| {
        let opts = SimOptions { samples: TRIALS, seed: 1, crn: true };
        b.iter(|| black_box(computecost::analysis::monte_carlo(&flagship, &catalog, &opts, &|_| {})));
    });

    // One thread, so the ratios below compare like with like.
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");
    group.bench_function(BenchmarkId::new("sim::run 1 thread", TRIALS), |b| {
        let opts = SimOptions { samples: TRIALS, seed: 1, crn: true };
        b.iter(|| one.install(|| black_box(computecost::analysis::monte_carlo(&flagship, &catalog, &opts, &|_| {}))));
    });

    // The floor: drawing every uncertain input of every trial, nothing else (one thread).
    let plan = Plan::new(&flagship);
    group.bench_function(BenchmarkId::new("draw only, 1 thread", TRIALS), |b| {
        b.iter(|| {
            let mut rng = chunk_rng(1, 0);
            let mut values = vec![0.0; plan.vars.len()];
            for _ in 0..TRIALS {
                plan.draw(&mut rng, &mut values);
                black_box(&values);
            }
        });
    });

    // The model alone: build each trial's inputs and evaluate every provider, without statistics.
    group.bench_function(BenchmarkId::new("draw + model, 1 thread", TRIALS), |b| {
        b.iter(|| {
            let mut rng = chunk_rng(1, 0);
            let mut values = vec![0.0; plan.vars.len()];
            for _ in 0..TRIALS {
                plan.draw(&mut rng, &mut values);
                let w = plan.workload(&values);
                let biz = plan.business(&values);
                for (k, p) in flagship.providers.iter().enumerate() {
                    let setup = p.setup();
                    black_box(model::evaluate(&flagship.workload, &w, setup, &plan.provider(k, &values), biz.as_ref()))
                        .ok();
                }
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
