//! The memo bundle of the flagship at 100,000 trials, by stage: the simulation, the charts (SVG + PNG),
//! the sensitivity analysis behind the tornado, and the memo with the data files. Run with
//! `cargo bench --bench report`; `benches/report.sh` times the whole command, disk writes included.
//! docs/PERFORMANCE.md records the figures.

use computecost::analysis::sensitivity::{self, analyse};
use computecost::catalog::Catalog;
use computecost::chart::{self, Size};
use computecost::report::Bundle;
use computecost::scenario;
use computecost::sim::Metric;
use computecost::sim::SimOptions;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const TRIALS: u64 = 100_000;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("catalog");
    let flagship = scenario::flagship(&catalog).expect("flagship");
    let opts = SimOptions { samples: TRIALS, seed: 42, crn: true };
    let results = computecost::analysis::monte_carlo(&flagship, &catalog, &opts, &|_| {});
    let target = sensitivity::key_target(&results).expect("a feasible provider");
    let sens =
        || analyse(&flagship, results.scenario.clone(), Metric::MonthlyCost, target.clone(), TRIALS, 42).expect("ok");
    let s = sens();
    let mut charts = chart::render_all(&results, None, Size::DEFAULT).expect("charts");
    charts.push(chart::render_tornado(&s, "tornado", Size::DEFAULT).expect("tornado"));
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("simulate 100k trials", |b| {
        b.iter(|| black_box(computecost::analysis::monte_carlo(&flagship, &catalog, &opts, &|_| {})))
    });
    group.bench_function("render 7 charts (SVG + PNG)", |b| {
        b.iter(|| black_box(chart::render_all(&results, None, Size::DEFAULT).expect("charts")))
    });
    group.bench_function("sensitivity over 100k trials", |b| b.iter(|| black_box(sens())));
    group.bench_function("memo + data files", |b| {
        b.iter(|| {
            black_box(
                Bundle::full(
                    &results,
                    &charts,
                    &computecost::report::memo::Extras { sensitivity: Some(&s), ..Default::default() },
                )
                .expect("bundle"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
