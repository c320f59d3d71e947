//! Training worked by hand: GPU-hours, methods that fit, availability, links, per-run lines.
use super::*;
use crate::catalog::Catalog;
use crate::model::inference::tests::{no_fees, terms};
use crate::model::{LoraTargets, PlanChoice, Precision, Privacy};

fn setup(model: &str, method: Method) -> TrainingSetup {
    let catalog = Catalog::builtin().unwrap();
    TrainingSetup {
        model: catalog.model(model).unwrap().spec(),
        compute_precision: Precision::Bf16,
        method,
        sharding: None,
        sync: Sync::Step,
        checkpointing: None,
        lora_targets: LoraTargets::ATTENTION,
    }
}

fn inputs(tokens: f64, gpus: f64) -> TrainingInputs<f64> {
    TrainingInputs {
        training_tokens: tokens,
        gpus,
        mfu: 0.4,
        fp8_speedup: 1.0,
        state_bytes_per_param: 16.0,
        runs_per_month: Some(1.0),
        deadline_days: None,
        memory_reserve_fraction: 0.1,
        bytes_per_token: 4.0,
        batch_tokens: 262_144.0,
        sequence_length: 4096.0,
        diloco_inner_steps: 500.0,
        lora_rank: 16.0,
    }
}

/// `setup` with inputs `w` on H100s rented on terms `p`, without fees.
fn on_h100(setup: &TrainingSetup, w: &TrainingInputs<f64>, p: &GpuTerms<f64>) -> Result<Outcome, Infeasible> {
    evaluate(setup, w, &gpu("h100-sxm-80gb"), p, &no_fees(), &mut crate::model::trace::Off)
}

fn gpu(id: &str) -> GpuSpec {
    Catalog::builtin().unwrap().gpu(id).unwrap().spec()
}

fn run(gpus: f64, failure_rate: f64) -> Result<Outcome, Infeasible> {
    let mut p = terms(2.0);
    p.failure_rate_per_gpu_hour = failure_rate;
    on_h100(&setup("llama-3-8b", Method::Full), &inputs(1e9, gpus), &p)
}

#[test]
fn six_p_d_gpu_hours_by_hand() {
    // FLOPs = 6 × 8.03e9 × 1e9 = 4.818e19. 8 × 989.5e12 × 0.4 = 3.1664e15 FLOP/s.
    // T_s = 4.818e19 / 3.1664e15 / 3600 = 4.2266 h; GPU-hours = 8 × 4.2266 = 33.813; compute = $67.63.
    // One node: its NVLink traffic (data parallel, 2 × 7/8 × 16.06 GB per step at 450 GB/s = 0.062 s)
    // hides under a step's 15.9 s of compute, so the run is compute-bound.
    let out = run(8.0, 0.0).unwrap();
    let solve_h: f64 = 4.818e19 / 3.1664e15 / 3600.0;
    assert!((solve_h - 4.2266).abs() < 1e-4);
    assert!((out.detail.wall_clock_hours - solve_h).abs() < 1e-9);
    assert!((out.gpu_hours.unwrap() - 8.0 * solve_h).abs() < 1e-9);
    assert!((out.cost.compute - 2.0 * 8.0 * solve_h).abs() < 1e-9);
    assert_eq!(out.cost.failures, 0.0);
    assert_eq!(out.detail.goodput, 1.0);
    let plan = out.detail.plan.unwrap();
    // Data parallel does not fit (128.5 GB of state), ZeRO-3 within the node (16.06 GB) does.
    assert_eq!(plan.sharding, Sharding::Hybrid);
}

#[test]
fn fp8_speeds_a_run_up_by_its_measured_factor_not_by_the_peaks() {
    // MFU is stated on the BF16 peak: FP8 at the same MFU and a speedup of 1.3 takes 1/1.3 of the BF16
    // GPU-hours (33.813 / 1.3 = 26.010), where scaling by the FP8 peak would have halved them.
    let hours = |precision: Precision, speedup: f64| {
        let s = TrainingSetup { compute_precision: precision, ..setup("llama-3-8b", Method::Full) };
        let w = TrainingInputs { fp8_speedup: speedup, ..inputs(1e9, 8.0) };
        let p = terms(2.0);
        on_h100(&s, &w, &p).unwrap().gpu_hours.unwrap()
    };
    let bf16 = hours(Precision::Bf16, 1.0);
    let fp8 = hours(Precision::Fp8, 1.3);
    assert!((bf16 - 33.813).abs() < 1e-3, "{bf16}");
    assert!((fp8 - 33.813 / 1.3).abs() < 1e-3, "{fp8}");
}

#[test]
fn the_mfu_prior_scales_with_size_by_hand() {
    // Exponent 0.25: an 8B model gets (8/70)^0.25 = 0.58143 of the 70B prior, a 405B one
    // (405/70)^0.25 = 1.55092; at the reference size the factor is 1.
    assert!((training_mfu_size_factor(8.0, 0.25) - 0.581_43).abs() < 1e-5);
    assert!((training_mfu_size_factor(405.0, 0.25) - 1.550_92).abs() < 1e-5);
    assert_eq!(training_mfu_size_factor(70.0, 0.25), 1.0);
    assert_eq!(training_mfu_size_factor(8.0, 0.0), 1.0);
}

#[test]
fn failures_lengthen_the_run() {
    let calm = run(8.0, 0.0).unwrap();
    let churn = run(8.0, 1e-2).unwrap();
    assert!(churn.detail.wall_clock_hours > calm.detail.wall_clock_hours);
    assert!(churn.cost.failures > 0.0 && churn.detail.goodput < 1.0);
}

#[test]
fn a_full_70b_fine_tune_on_8_h100_names_the_method_that_fits() {
    // ZeRO-3 over 8 GPUs: 141.1 GB of state per GPU plus 0.81 GB of activations (full checkpointing,
    // 194 × 4096 × 8192 B, split over 8 GPUs by tensor parallelism), against 72 GB usable. LoRA's
    // frozen BF16 weights, 17.6 GB per GPU, fit.
    let w = inputs(1e9, 8.0);
    let p = terms(2.0);
    let full = on_h100(&setup("llama-3-70b", Method::Full), &w, &p);
    match full {
        Err(Infeasible::TrainingDoesNotFit { need_gb, have_gb, gpus: 8, fits_with: Some(Method::Lora) }) => {
            assert!((need_gb - (141.1 + 194.0 * 4096.0 * 8192.0 / 8.0 / 1e9)).abs() < 1e-9, "{need_gb}");
            assert!((have_gb - 72.0).abs() < 1e-9);
        }
        other => panic!("{other:?}"),
    }
    let lora = on_h100(&setup("llama-3-70b", Method::Lora), &w, &p).unwrap();
    // Unsplit, selective recomputation keeps 80 × 34 × 4096 × 8192 B = 91.3 GB of activations and only full
    // checkpointing (4 + 2 FLOPs) fits; splitting layers over the node's 8 GPUs (11.4 GB of activations
    // each, beside 17.6 GB of weights) fits without recomputation and is faster.
    let plan = lora.detail.plan.unwrap();
    assert_eq!((plan.tensor_parallel, plan.sharding), (8, Sharding::Dp));
    assert_ne!(plan.checkpointing, Checkpointing::Full);
    assert!(lora.detail.memory_per_gpu_gb < 72.0);
    // LoRA does 4 FLOPs per parameter per token, not 6.
    let tokens_per_s = 1e9 / (lora.detail.wall_clock_hours * 3600.0);
    let expected = 8.0 * 989.5e12 * 0.4 / (4.0 * 70.55e9);
    assert_eq!(lora.detail.goodput, 1.0);
    assert!((tokens_per_s / expected - 1.0).abs() < 1e-9, "{tokens_per_s} vs {expected}");
}

#[test]
fn wall_clock_under_an_availability_of_half_by_hand() {
    // Half the fleet away: the run takes twice as long; the GPU-hours billed (those working) stay.
    let mut p = terms(2.0);
    let full = run(8.0, 0.0).unwrap();
    p.availability = 0.5;
    let half = on_h100(&setup("llama-3-8b", Method::Full), &inputs(1e9, 8.0), &p).unwrap();
    assert!((half.detail.wall_clock_hours - 2.0 * 4.2266).abs() < 1e-3, "{}", half.detail.wall_clock_hours);
    assert!((half.gpu_hours.unwrap() - full.gpu_hours.unwrap()).abs() < 1e-9);
    assert!((half.detail.goodput - 0.5).abs() < 1e-9);
}

#[test]
fn sharded_training_over_internet_links_is_slow_and_diloco_is_not() {
    // 64 GPUs in 8 nodes at 0.05 GB/s per GPU. Llama 3 8B full training, ZeRO-3 or hybrid: each step's
    // gradient all-reduce between nodes, 2 × 7/8 × 16.06 GB / 8 = 3.513 GB per GPU, takes 70.3 s against
    // 0.50 s of compute; DiLoCo (500 inner steps) sends 2 × 7/8 × 8.03 GB / 8 every 500 steps.
    let mut p = terms(2.0);
    p.network_gbs_per_gpu = 0.05;
    let w = inputs(1e9, 64.0);
    let sync = on_h100(&setup("llama-3-8b", Method::Full), &w, &p).unwrap();
    let diloco_setup = TrainingSetup { sync: Sync::Diloco, ..setup("llama-3-8b", Method::Full) };
    let diloco = on_h100(&diloco_setup, &w, &p).unwrap();
    let compute_s: f64 = 6.0 * 8.03e9 * 262_144.0 / (64.0 * 989.5e12 * 0.4);
    assert!((compute_s - 0.4986).abs() < 1e-4, "{compute_s}");
    let link_s: f64 = 2.0 * 7.0 / 8.0 * 16.06e9 / 8.0 * (1.0 / 0.05e9 - 1.0 / 50e9);
    assert!(
        sync.detail.communication_efficiency < 0.05,
        "{:?} {}",
        sync.detail.plan,
        sync.detail.communication_efficiency
    );
    let plan = sync.detail.plan.unwrap();
    assert_ne!(plan.checkpointing, Checkpointing::Full, "{plan:?}");
    // Beyond the reference fabric the network adds 3.513 GB × (1/0.05 − 1/50) GB/s = 70.2 s a step; the
    // H100's own NVLink is the reference, so it adds nothing.
    assert!((sync.detail.communication_efficiency - compute_s / (compute_s + link_s)).abs() < 1e-9);
    assert!(diloco.detail.communication_efficiency > 0.9, "{}", diloco.detail.communication_efficiency);
    assert_eq!(diloco.detail.plan.unwrap().sync, Sync::Diloco);
}

#[test]
fn a_provider_fleet_and_method_override_the_workload() {
    let mut p = terms(2.0);
    p.gpus = Some(16.0);
    p.plan = PlanChoice { method: Some(Method::Qlora), sharding: None, sync: None };
    let out = on_h100(&setup("llama-3-70b", Method::Full), &inputs(1e9, 8.0), &p).unwrap();
    assert_eq!(out.detail.gpus_per_replica, 16);
    assert_eq!(out.detail.plan.unwrap().method, Method::Qlora);
}

#[test]
fn per_run_figures_without_runs_per_month() {
    // Without runs_per_month the lines cover one run: fixed fees and storage for the run's months.
    let mut p = terms(2.0);
    p.storage_per_gb_month = 0.1;
    let fees = Fees { fixed_monthly_fee: 730.0, fee_fraction: 0.0 };
    let w = TrainingInputs { runs_per_month: None, ..inputs(1e9, 8.0) };
    let out = evaluate(
        &setup("llama-3-8b", Method::Full),
        &w,
        &gpu("h100-sxm-80gb"),
        &p,
        &fees,
        &mut crate::model::trace::Off,
    )
    .unwrap();
    let months = out.detail.wall_clock_hours / HOURS_PER_MONTH;
    assert!(out.detail.per_run_only);
    assert!((out.cost.fees - 730.0 * months).abs() < 1e-9, "{}", out.cost.fees);
    let storage_gb = 16.0 * 8.03e9 / 1e9 + 4.0;
    assert!((out.cost.storage - storage_gb * 0.1 * months).abs() < 1e-9);
    assert_eq!(out.cost_per_unit, out.detail.cost_per_run);
}

#[test]
fn a_deadline_gives_on_time_not_infeasible() {
    let w = TrainingInputs { deadline_days: Some(0.1), ..inputs(1e9, 8.0) };
    let p = terms(2.0);
    let out = on_h100(&setup("llama-3-8b", Method::Full), &w, &p).unwrap();
    assert_eq!(out.detail.on_time, Some(false));
    let w = TrainingInputs { deadline_days: Some(1.0), ..inputs(1e9, 8.0) };
    let out = on_h100(&setup("llama-3-8b", Method::Full), &w, &p).unwrap();
    assert_eq!(out.detail.on_time, Some(true));
}

#[test]
fn multi_gpu_tee_training_is_far_dearer() {
    let mut p = terms(2.0);
    p.privacy = Privacy::Tee { overhead: 7.68 };
    let out = on_h100(&setup("llama-3-8b", Method::Full), &inputs(1e9, 8.0), &p).unwrap();
    assert!((out.cost.privacy / out.cost.compute - 7.68).abs() < 1e-9);
}

#[test]
fn a_gpu_without_a_link_cannot_time_a_node_of_several() {
    let mut g = gpu("h100-sxm-80gb");
    g.interconnect_gbs = 0.0;
    let p = terms(2.0);
    let run = |gpus: f64| {
        evaluate(
            &setup("llama-3-8b", Method::Lora),
            &inputs(1e9, gpus),
            &g,
            &p,
            &no_fees(),
            &mut crate::model::trace::Off,
        )
    };
    assert!(matches!(run(8.0), Err(Infeasible::MissingFigure { .. })));
    // One GPU sends nothing over a link.
    assert!(run(1.0).is_ok());
}
