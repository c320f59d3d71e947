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
        b.iter(|| draw_only(&plan));
    });

    // The model alone: build each trial's inputs and evaluate every provider, without statistics.
    group.bench_function(BenchmarkId::new("draw + model, 1 thread", TRIALS), |b| {
        b.iter(|| draw_and_model(&flagship, &plan));
    });
    group.finish();
    ratios(&flagship, &catalog, &plan);
}

/// The floor: drawing every uncertain input of every trial, nothing else.
fn draw_only(plan: &Plan<'_>) {
    let mut rng = chunk_rng(1, 0);
    let mut values = vec![0.0; plan.vars.len()];
    for _ in 0..TRIALS {
        plan.draw(&mut rng, &mut values);
        black_box(&values);
    }
}

/// The model alone: each trial's inputs built and every provider evaluated, sharing batch searches as the run
/// does, without statistics.
fn draw_and_model(flagship: &scenario::Scenario, plan: &Plan<'_>) {
    let mut searches = model::Searches::default();
    let mut rng = chunk_rng(1, 0);
    let mut values = vec![0.0; plan.vars.len()];
    for _ in 0..TRIALS {
        plan.draw(&mut rng, &mut values);
        let w = plan.workload(&values);
        let biz = plan.business(&values);
        searches.clear();
        for (k, p) in flagship.providers.iter().enumerate() {
            let terms = plan.provider(k, &values);
            let out = model::evaluate_shared(&flagship.workload, &w, p.setup(), &terms, biz.as_ref(), &mut searches);
            black_box(out).ok();
        }
    }
}

/// The median of `runs` timings of `f`, seconds.
fn median_s(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// The three layers measured in one run, one thread each, interleaved, and their ratios: how far the
/// model and the whole run are from the floor of drawing the inputs (issue 18's "tool ÷ draw floor").
fn ratios(flagship: &scenario::Scenario, catalog: &Catalog, plan: &Plan<'_>) {
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");
    let opts = SimOptions { samples: TRIALS, seed: 1, crn: true };
    let (mut draw, mut model_s, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        draw.push(median_s(1, || draw_only(plan)));
        model_s.push(median_s(1, || draw_and_model(flagship, plan)));
        whole.push(median_s(1, || {
            one.install(|| black_box(computecost::analysis::monte_carlo(flagship, catalog, &opts, &|_| {})));
        }));
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (d, m, w) = (med(&mut draw), med(&mut model_s), med(&mut whole));
    println!("\nflagship, {TRIALS} trials, 1 thread, medians of 5 interleaved runs:");
    println!("  draw only        {d:8.3} s   1.0x");
    println!("  draw + model     {m:8.3} s   {:.1}x the draw floor", m / d);
    println!("  whole run        {w:8.3} s   {:.1}x the draw floor, {:.2}x the model", w / d, w / m);
}

criterion_group!(benches, bench);
criterion_main!(benches);
