//! Inference worked by hand: replica sizing, a month of serving, overheads.

use super::*;
use crate::catalog::Catalog;
use crate::model::Privacy;
use crate::model::trace::Off;

pub(crate) fn setup(overlap: OverlapMode, gpus: Option<u32>) -> InferenceSetup {
    let catalog = Catalog::builtin().unwrap();
    InferenceSetup {
        model: catalog.model("llama-3-70b").unwrap().spec(),
        weight_precision: Precision::Bf16,
        kv_precision: Precision::Bf16,
        compute_precision: None,
        overlap,
        gpus_per_replica: gpus,
    }
}

pub(crate) fn workload(batch: f64) -> InferenceInputs<f64> {
    InferenceInputs {
        requests_per_month: 1e7,
        input_tokens: 1000.0,
        output_tokens: 250.0,
        cache_hit_fraction: 0.0,
        batch_size: batch,
        latency_slo_ms: Some(10_000.0),
        ttft_slo_ms: None,
        tpot_slo_ms: None,
        mfu: 0.4,
        mbu: 0.7,
        serving_efficiency: 1.0,
        memory_reserve_fraction: 0.1,
        min_replicas: 1.0,
        bytes_per_token: 4.0,
    }
}

pub(crate) fn terms(price: f64) -> GpuTerms<f64> {
    GpuTerms {
        price_per_gpu_hour: price,
        utilization: 0.5,
        capacity_gpus: None,
        rtt_ms: 38.5,
        failure_rate_per_gpu_hour: 0.0,
        restart_minutes: 12.5,
        egress_per_gb: 0.09,
        storage_per_gb_month: 0.023,
        interconnect_efficiency: 1.0,
        checkpoint_write_gbs_per_gpu: 0.122,
        max_gpus_per_replica: 8.0,
        verification: Verification::None,
        privacy: Privacy::None,
    }
}

/// No fees beyond the work's price.
pub(crate) fn no_fees() -> Fees<f64> {
    Fees { fixed_monthly_fee: 0.0, fee_fraction: 0.0 }
}

fn h100() -> GpuSpec {
    Catalog::builtin().unwrap().gpu("h100-sxm-80gb").unwrap().spec()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

#[test]
fn decode_step_llama3_70b_on_4_h100_by_hand() {
    // Weights 70.55e9 × 2 B = 141.1e9 B. KV at batch 1: (1000 + 250/2) × 327,680 B = 368.64e6 B.
    // t_mem = (141.1e9 + 368.64e6) / (4 × 3.35e12 × 0.7) = 141.46864e9 / 9.38e12 = 15.082 ms.
    // t_comp = 2 × 70.55e9 × 1 / (4 × 989.5e12 × 0.4) = 0.0891 ms, so decode is memory-bound.
    let r = replica(&setup(OverlapMode::Sequential, Some(4)), &workload(1.0), &h100(), 8.0, &mut Off).unwrap();
    assert_eq!((r.gpus, r.batch), (4, 1));
    assert!(close(r.step_memory_s, 141.46864e9 / 9.38e12, 1e-12), "{}", r.step_memory_s);
    assert!(close(r.step_compute_s, 141.1e9 / 1583.2e12, 1e-12));
    assert!((r.step_memory_s * 1000.0 - 15.082).abs() < 0.001);
}

#[test]
fn batch_32_cycle_by_hand() {
    // b_max = ⌊(4 × 80e9 × 0.9 − 141.1e9) / (1250 × 327,680)⌋ = ⌊146.9e9 / 409.6e6⌋ = 358.
    // t_pf = 2 × 70.55e9 × 1000 / 1583.2e12 = 89.124 ms.
    // t_mem = (141.1e9 + 32 × 368.64e6) / 9.38e12 = 152.89648e9 / 9.38e12 = 16.300 ms.
    // t_comp = 2 × 70.55e9 × 32 / 1583.2e12 = 2.852 ms.
    // sequential: 32 × 0.089124 + 250 × 0.016300 = 2.85197 + 4.07507 = 6.92704 s.
    // chunked: max(250 × 0.016300, 2.85197 + 250 × 0.002852) = max(4.07507, 3.56497) = 4.07507 s.
    let seq = replica(&setup(OverlapMode::Sequential, Some(4)), &workload(32.0), &h100(), 8.0, &mut Off).unwrap();
    assert_eq!(seq.batch_max, 358);
    let t_pf = 141.1e12 / 1583.2e12;
    let t_mem = 152.89648e9 / 9.38e12;
    assert!(close(seq.cycle_s, 32.0 * t_pf + 250.0 * t_mem, 1e-12));
    assert!((seq.cycle_s - 6.92704).abs() < 1e-4, "{}", seq.cycle_s);
    let chunked = replica(&setup(OverlapMode::Chunked, Some(4)), &workload(32.0), &h100(), 8.0, &mut Off).unwrap();
    assert!(close(chunked.cycle_s, 250.0 * t_mem, 1e-12));
}

#[test]
fn replica_size_is_the_smallest_that_holds_the_batch() {
    // 2 GPUs: 144e9 − 141.1e9 = 2.9e9 B → 7 sequences; 4 GPUs hold 358. Batch 4 fits on 2, 32 needs 4.
    let s = setup(OverlapMode::Chunked, None);
    assert_eq!(replica(&s, &workload(4.0), &h100(), 8.0, &mut Off).unwrap().gpus, 2);
    assert_eq!(replica(&s, &workload(32.0), &h100(), 8.0, &mut Off).unwrap().gpus, 4);
    // A batch larger than 8 GPUs hold is capped, not refused.
    let big = replica(&s, &workload(5000.0), &h100(), 8.0, &mut Off).unwrap();
    assert_eq!(big.gpus, 8);
    assert!(big.batch < 5000 && big.batch == big.batch_max);
}

#[test]
fn model_that_does_not_fit_is_infeasible_with_its_reason() {
    // Llama-3.1-405B in BF16: 405.85e9 × 2 B = 811.7 GB of weights > 8 × 80 GB × 0.9 = 576 GB.
    let catalog = Catalog::builtin().unwrap();
    let mut s = setup(OverlapMode::Chunked, None);
    s.model = catalog.model("llama-3.1-405b").unwrap().spec();
    let err = replica(&s, &workload(1.0), &h100(), 8.0, &mut Off).unwrap_err();
    match err {
        Infeasible::DoesNotFit { gpus, need_gb, have_gb } => {
            assert_eq!(gpus, 8);
            // + KV of one 1,250-token request: 1250 × 516,096 B = 0.645 GB.
            assert!((need_gb - 812.34512).abs() < 1e-9, "{need_gb}");
            assert!((have_gb - 576.0).abs() < 1e-9);
        }
        other => panic!("expected DoesNotFit, got {other:?}"),
    }
}

#[test]
fn month_of_serving_by_hand() {
    // λ = 1e7 / 2,628,000 s = 3.80518 req/s; per replica 32 / 6.92704 s = 4.61958 req/s;
    // replicas = 3.80518 / (4.61958 × 0.5) = 1.64742; GPU-hours = 1.64742 × 4 × 730 = 4810.5;
    // compute = 4810.5 × $4 = $19,242. Egress 1e7 × 250 × 4 B = 10 GB × $0.09 = $0.90.
    // Storage 141.1 GB × $0.023 = $3.2453. Tokens 1.25e10 → per 1M = total / 12,500.
    let out =
        evaluate(&setup(OverlapMode::Sequential, Some(4)), &workload(32.0), &h100(), &terms(4.0), &no_fees(), &mut Off)
            .unwrap();
    let cycle: f64 = 32.0 * 141.1e12 / 1583.2e12 + 250.0 * 152.89648e9 / 9.38e12;
    let gpu_hours: f64 = 1e7 / 2_628_000.0 / (32.0 / cycle * 0.5) * 4.0 * 730.0;
    assert!((gpu_hours - 4810.5).abs() < 0.1, "{gpu_hours}");
    assert!(close(out.cost.compute, gpu_hours * 4.0, 1e-12));
    assert!(close(out.cost.egress, 0.9, 1e-12));
    assert!(close(out.cost.storage, 141.1 * 0.023, 1e-12));
    assert_eq!((out.cost.verification, out.cost.privacy, out.cost.failures, out.cost.fees), (0.0, 0.0, 0.0, 0.0));
    assert!(close(out.monthly_cost, out.cost.compute + 0.9 + 141.1 * 0.023, 1e-12));
    assert!(close(out.cost_per_unit, out.monthly_cost / 12_500.0, 1e-12));
    // 64 slots at load 26.36 never queue: latency is RTT + prefill, and RTT + cycle.
    let lat = out.latency.unwrap();
    assert!(close(lat.ttft_p95_s, 0.0385 + 141.1e12 / 1583.2e12, 1e-9));
    assert!(close(lat.e2e_p95_s, 0.0385 + cycle, 1e-9));
    assert!(lat.slo_met);
}

#[test]
fn flagship_aws_line_by_hand() {
    // docs/MODEL.md "Worked example": 20M requests, batch 64, chunked, 4 H100, $6.88/GPU-h, failures
    // 1.97e-5 per GPU-hour with 12.5-min restarts. Cycle 7.130 s, replicas 1.696, 4,951.3 GPU-hours:
    // compute $34,064.90 + failures $0.56 + egress $1.80 + storage $3.25 = $34,070.51.
    let mut w = workload(64.0);
    w.requests_per_month = 2e7;
    let mut t = terms(6.88);
    t.failure_rate_per_gpu_hour = 1.97e-5;
    let out = evaluate(&setup(OverlapMode::Chunked, None), &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert_eq!(out.detail.gpus_per_replica, 4);
    assert!((out.cost.compute - 34_064.90).abs() < 0.01, "{}", out.cost.compute);
    assert!((out.cost.failures - 0.5619).abs() < 1e-4, "{}", out.cost.failures);
    assert!((out.monthly_cost - 34_070.51).abs() < 0.01, "{}", out.monthly_cost);
    assert!((out.cost_per_unit - 1.3628).abs() < 1e-4);
}

#[test]
fn cost_is_linear_in_price() {
    let s = setup(OverlapMode::Chunked, None);
    let a = evaluate(&s, &workload(32.0), &h100(), &terms(2.0), &no_fees(), &mut Off).unwrap();
    let b = evaluate(&s, &workload(32.0), &h100(), &terms(4.0), &no_fees(), &mut Off).unwrap();
    assert!(close(b.cost.compute, 2.0 * a.cost.compute, 1e-12));
    assert!(b.monthly_cost > a.monthly_cost);
}

#[test]
fn replication_k_gives_k_times_compute() {
    let s = setup(OverlapMode::Sequential, Some(4));
    let mut t = terms(3.0);
    t.verification = Verification::Replication { factor: 3.0 };
    let out = evaluate(&s, &workload(32.0), &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert!(close(out.cost.verification, 2.0 * out.cost.compute, 1e-12));
}

#[test]
fn tee_and_fhe_add_a_privacy_line_and_latency() {
    // Sequential mode needs 1.65 replicas, above the one-replica floor, so the TEE's 4% shows in full.
    let s = setup(OverlapMode::Sequential, Some(4));
    let plain = evaluate(&s, &workload(32.0), &h100(), &terms(3.0), &no_fees(), &mut Off).unwrap();
    let mut t = terms(3.0);
    t.privacy = Privacy::Tee { overhead: 0.04 };
    let tee = evaluate(&s, &workload(32.0), &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert!(close(tee.cost.privacy, 0.04 * tee.cost.compute, 1e-9));
    assert!(close(tee.cost.compute, plain.cost.compute, 1e-12));
    assert!(tee.latency.unwrap().e2e_p50_s > plain.latency.unwrap().e2e_p50_s);
    t.privacy = Privacy::Fhe { slowdown: 1e4 };
    let fhe = evaluate(&s, &workload(32.0), &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert!(fhe.cost.privacy > 1e3 * fhe.cost.compute);
    assert!(!fhe.latency.unwrap().slo_met);
}

#[test]
fn capacity_below_need_is_infeasible() {
    let mut t = terms(2.0);
    t.capacity_gpus = Some(4.0);
    let err = evaluate(&setup(OverlapMode::Sequential, Some(4)), &workload(32.0), &h100(), &t, &no_fees(), &mut Off)
        .unwrap_err();
    // 1.65 replicas → 2 replicas × 4 GPUs = 8 > 4.
    assert_eq!(err, Infeasible::Capacity { need_gpus: 8.0, capacity_gpus: 4.0 });
}

#[test]
fn failures_add_restart_and_retry_time() {
    // failure GPU-hours = λ_f × H × g × (R/60 + cycle/7200).
    let s = setup(OverlapMode::Sequential, Some(4));
    let mut t = terms(4.0);
    t.failure_rate_per_gpu_hour = 1e-3;
    let out = evaluate(&s, &workload(32.0), &h100(), &t, &no_fees(), &mut Off).unwrap();
    let h = out.cost.compute / 4.0;
    let cycle: f64 = 32.0 * 141.1e12 / 1583.2e12 + 250.0 * 152.89648e9 / 9.38e12;
    let want = 1e-3 * h * 4.0 * (12.5 / 60.0 + cycle / 7200.0) * 4.0;
    assert!(close(out.cost.failures, want, 1e-9), "{} vs {want}", out.cost.failures);
}
