//! Inference worked by hand: a replica's timings, tensor-parallel communication, experts read, a month of
//! serving on whole instances, static against autoscaled, the batch the objectives allow.

use super::*;
use crate::catalog::Catalog;
use crate::model::trace::Off;
use crate::model::{DemandShape, Instances, OverlapMode, Precision, Privacy};
use replica::{all_reduce_s, batch_max, expected_distinct_experts, physics, weights_read};

/// One provider on its own: no batch searches shared with others.
fn evaluate(
    setup: &InferenceSetup,
    w: &InferenceInputs<f64>,
    gpu: &GpuSpec,
    p: &GpuTerms<f64>,
    fees: &Fees<f64>,
    t: &mut Off,
) -> Result<Outcome, Infeasible> {
    super::evaluate(setup, w, gpu, p, fees, &mut Searches::default(), t)
}

pub(crate) fn setup(overlap: OverlapMode, gpus: Option<u32>) -> InferenceSetup {
    let catalog = Catalog::builtin().unwrap();
    InferenceSetup {
        model: catalog.model("llama-3-70b").unwrap().spec(),
        weight_precision: Precision::Bf16,
        kv_precision: Precision::Bf16,
        compute_precision: None,
        overlap,
        gpus_per_replica: gpus,
        demand: DemandShape::PeakToAverage,
    }
}

/// 10M requests of 1,000 in / 250 out at a flat day, no communication latency, prefill fully hidden.
pub(crate) fn workload(batch: f64) -> InferenceInputs<f64> {
    InferenceInputs {
        requests_per_month: 1e7,
        input_tokens: 1000.0,
        output_tokens: 250.0,
        cache_hit_fraction: 0.0,
        batch_size: Some(batch),
        latency_slo_ms: Some(10_000.0),
        ttft_slo_ms: None,
        tpot_slo_ms: None,
        mfu: 0.4,
        mbu: 0.7,
        serving_efficiency: 1.0,
        memory_reserve_fraction: 0.1,
        min_replicas: 1.0,
        bytes_per_token: 4.0,
        peak_to_average: 1.0,
        prefill_overlap: 1.0,
        allreduce_latency_us: 0.0,
        link_efficiency: 1.0,
    }
}

pub(crate) fn terms(price: f64) -> GpuTerms<f64> {
    GpuTerms {
        price_per_gpu_hour: price,
        utilization: 1.0,
        capacity_gpus: None,
        rtt_ms: 38.5,
        failure_rate_per_gpu_hour: 0.0,
        restart_minutes: 12.5,
        egress_per_gb: 0.09,
        storage_per_gb_month: 0.023,
        gpus: None,
        network_gbs_per_gpu: 50.0,
        availability: 1.0,
        plan: crate::model::PlanChoice::default(),
        checkpoint_write_gbs_per_gpu: 0.122,
        max_gpus_per_replica: 8.0,
        instances: Instances::of(&[1, 2, 4, 8], false),
        pue: 1.0,
        grid_kg_co2e_per_kwh: 0.0,
        idle_power_fraction: 0.0,
        ownership: None,
        autoscale: None,
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

fn replica_at(s: &InferenceSetup, w: &InferenceInputs<f64>, g: u32, b: u32) -> Replica {
    let ph = physics(s, w, &h100()).unwrap();
    timing(s, w, &ph, g, b, 8, &mut Off)
}

#[test]
fn decode_step_llama3_70b_on_4_h100_by_hand() {
    // Weights 70.55e9 × 2 B = 141.1e9 B. KV at batch 1: (1000 + 250/2) × 327,680 B = 368.64e6 B.
    // t_mem = (141.1e9 + 368.64e6) / (4 × 3.35e12 × 0.7) = 141.46864e9 / 9.38e12 = 15.082 ms.
    // t_comp = (2 × 70.55e9 + 4 × 80 layers × 8,192 × 1,125) / (4 × 989.5e12 × 0.4) = 144.049e9 / 1583.2e12.
    let r = replica_at(&setup(OverlapMode::Sequential, Some(4)), &workload(1.0), 4, 1);
    assert_eq!((r.gpus, r.batch, r.batch_max), (4, 1, 358));
    assert!(close(r.step_memory_s, 141.46864e9 / 9.38e12, 1e-12), "{}", r.step_memory_s);
    assert!(close(r.step_compute_s, (141.1e9 + 4.0 * 80.0 * 8192.0 * 1125.0) / 1583.2e12, 1e-12));
    assert!((r.step_memory_s * 1000.0 - 15.082).abs() < 0.001);
    assert!(r.memory_bound());
}

#[test]
fn tensor_parallel_all_reduce_for_70b_at_tp4_and_tp8_by_hand() {
    // Llama-3-70B: 80 layers, width 8,192; a decode step at batch 64 all-reduces 64 × 8,192 × 2 B = 1,048,576 B
    // twice per layer. H100 NVLink 900 GB/s both ways = 450 GB/s a direction; α = 10 µs, η = 0.8.
    // TP4: 10 µs + 2·3/4 · 1,048,576 / (0.8 · 450e9) = 10 + 4.369 µs = 14.369 µs; × 160 = 2.2991 ms.
    // TP8: 10 µs + 2·7/8 · 1,048,576 / 3.6e11 = 10 + 5.097 µs = 15.097 µs; × 160 = 2.4155 ms.
    let mut w = workload(64.0);
    w.allreduce_latency_us = 10.0;
    w.link_efficiency = 0.8;
    let one = all_reduce_s(4.0, 1_048_576.0, 450e9, &w);
    assert!(close(one, 10e-6 + 1.5 * 1_048_576.0 / 3.6e11, 1e-12), "{one}");
    let s = setup(OverlapMode::Chunked, None);
    let tp4 = replica_at(&s, &w, 4, 64);
    let tp8 = replica_at(&s, &w, 8, 64);
    assert!((tp4.step_comm_s * 1000.0 - 2.2991).abs() < 1e-4, "{}", tp4.step_comm_s);
    assert!((tp8.step_comm_s * 1000.0 - 2.4155).abs() < 1e-4, "{}", tp8.step_comm_s);
    // One GPU has nothing to reduce.
    assert_eq!(all_reduce_s(1.0, 1e9, 450e9, &w), 0.0);
    // Across linked instances the scale-out network (50 GB/s a direction) carries it.
    let ph = physics(&s, &w, &h100()).unwrap();
    let spanning = timing(&s, &w, &ph, 16, 64, 8, &mut Off);
    let want = 160.0 * (10e-6 + 2.0 * 15.0 / 16.0 * 1_048_576.0 / (0.8 * 50e9));
    assert!(close(spanning.step_comm_s, want, 1e-12), "{} vs {want}", spanning.step_comm_s);
}

#[test]
fn a_batch_routes_to_a_limited_set_of_experts() {
    // Mixtral: 8 experts, 2 per token. One token reads 2; two tokens 8·(1 − 0.75²) = 3.5; 16 tokens
    // 8·(1 − 0.75^16) = 7.92; a large batch reads all 8.
    assert!(close(expected_distinct_experts(8.0, 2.0, 1.0), 2.0, 1e-12));
    assert!(close(expected_distinct_experts(8.0, 2.0, 2.0), 3.5, 1e-12));
    assert!(close(expected_distinct_experts(8.0, 2.0, 16.0), 8.0 * (1.0 - 0.75f64.powi(16)), 1e-12));
    assert!(expected_distinct_experts(8.0, 2.0, 1000.0) > 8.0 - 1e-9);
    // Bytes read: P_e = (46.7 − 12.9)e9 / 6 = 5.6333e9, P_shared = 12.9e9 − 2·5.6333e9 = 1.6333e9;
    // at batch 1 it reads the active 12.9e9 parameters, at batch 2 1.6333e9 + 3.5·5.6333e9 = 21.35e9 (BF16: ×2).
    let catalog = Catalog::builtin().unwrap();
    let mut s = setup(OverlapMode::Chunked, None);
    s.model = catalog.model("mixtral-8x7b").unwrap().spec();
    let ph = physics(&s, &workload(1.0), &h100()).unwrap();
    assert!(close(weights_read(&s, &ph, 1.0), 12.9e9 * 2.0, 1e-9));
    assert!(close(weights_read(&s, &ph, 2.0), (1.6333333333e9 + 3.5 * 5.6333333333e9) * 2.0, 1e-9));
    assert!(close(weights_read(&s, &ph, 1e4), 46.7e9 * 2.0, 1e-9));
    // A dense model reads every weight at any batch.
    let dense = setup(OverlapMode::Chunked, None);
    let ph = physics(&dense, &workload(1.0), &h100()).unwrap();
    assert_eq!(weights_read(&dense, &ph, 1.0), ph.weights);
}

#[test]
fn prefill_hides_under_decode_as_far_as_the_overlap_says() {
    // Batch 32 on 4 GPUs, no communication (α = 0 but bandwidth term counts): the serial rule adds every
    // prefill to the decode; the chunked rule hides them; φ = 0.5 sits halfway.
    let s_seq = setup(OverlapMode::Sequential, Some(4));
    let s_chunk = setup(OverlapMode::Chunked, Some(4));
    let mut w = workload(32.0);
    let seq = replica_at(&s_seq, &w, 4, 32);
    let full = replica_at(&s_chunk, &w, 4, 32);
    w.prefill_overlap = 0.5;
    let half = replica_at(&s_chunk, &w, 4, 32);
    w.prefill_overlap = 0.0;
    let none = replica_at(&s_chunk, &w, 4, 32);
    assert!(close(none.cycle_s, seq.cycle_s, 1e-12));
    assert!(close(half.cycle_s, 0.5 * (seq.cycle_s + full.cycle_s), 1e-12));
    assert!(full.cycle_s < seq.cycle_s);
    // Serial: a prefill stalls decoding by its whole time; hidden: by nothing while memory-bound.
    assert!(close(seq.stall_s, seq.prefill_s, 1e-9), "{} vs {}", seq.stall_s, seq.prefill_s);
    assert_eq!(full.stall_s, 0.0);
}

#[test]
fn model_that_does_not_fit_is_infeasible_with_its_reason() {
    // Llama-3.1-405B in BF16: 405.85e9 × 2 B = 811.7 GB of weights > 8 × 80 GB × 0.9 = 576 GB.
    let catalog = Catalog::builtin().unwrap();
    let mut s = setup(OverlapMode::Chunked, None);
    s.model = catalog.model("llama-3.1-405b").unwrap().spec();
    let err = evaluate(&s, &workload(1.0), &h100(), &terms(2.0), &no_fees(), &mut Off).unwrap_err();
    match err {
        Infeasible::DoesNotFit { gpus, need_gb, have_gb } => {
            assert_eq!(gpus, 8);
            // + KV of one 1,250-token request: 1250 × 516,096 B = 0.645 GB.
            assert!((need_gb - 812.34512).abs() < 1e-9, "{need_gb}");
            assert!((have_gb - 576.0).abs() < 1e-9);
        }
        other => panic!("expected DoesNotFit, got {other:?}"),
    }
    // Linked instances let it span two 8-GPU nodes when the provider allows 16 GPUs per replica.
    let mut t = terms(2.0);
    t.instances = Instances::of(&[8], true);
    t.max_gpus_per_replica = 16.0;
    let out = evaluate(&s, &workload(1.0), &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert_eq!((out.detail.gpus_per_replica, out.detail.instance_gpus), (16, 8));
}

#[test]
fn a_fixed_batch_takes_the_smallest_replica_that_holds_it() {
    // 2 GPUs: 144e9 − 141.1e9 = 2.9e9 B → 7 sequences; 4 GPUs hold 358. Batch 4 fits on 2, 32 needs 4.
    let s = setup(OverlapMode::Chunked, None);
    let ph = physics(&s, &workload(1.0), &h100()).unwrap();
    assert_eq!((batch_max(&ph, &workload(1.0), 2), batch_max(&ph, &workload(1.0), 4)), (7, 358));
    let gpus = |b: f64| evaluate(&s, &workload(b), &h100(), &terms(2.0), &no_fees(), &mut Off).unwrap().detail;
    assert_eq!(gpus(4.0).gpus_per_replica, 2);
    assert_eq!(gpus(32.0).gpus_per_replica, 4);
    // A batch larger than 8 GPUs hold is capped, not refused.
    let big = gpus(5000.0);
    assert_eq!(big.gpus_per_replica, 8);
    assert!(big.batch < 5000 && big.batch == big.batch_max && big.batch_capped);
}

#[test]
fn four_gpus_on_an_eight_gpu_instance_pay_for_eight() {
    // One replica of 4 GPUs is enough (min_replicas 1 covers 10M requests), but AWS-like offers rent only
    // 8-GPU instances: the month bills 8 × 730 = 5,840 GPU-hours, twice the replica's 2,920.
    let s = setup(OverlapMode::Chunked, Some(4));
    let mut w = workload(32.0);
    w.requests_per_month = 1e6;
    let mut t = terms(6.88);
    t.instances = Instances::of(&[8], false);
    let out = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert_eq!((out.detail.replicas_peak, out.detail.instances_peak, out.detail.instance_gpus), (1, 1, 8));
    assert!(close(out.cost.compute, 8.0 * 730.0 * 6.88, 1e-12), "{}", out.cost.compute);
    // With 4-GPU instances on offer it pays for 4.
    t.instances = Instances::of(&[4, 8], false);
    let out = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert!(close(out.cost.compute, 4.0 * 730.0 * 6.88, 1e-12));
}

/// A working day: quiet nights, busy office hours.
fn office_day() -> [f64; 24] {
    let mut day = [1.0; 24];
    day[8..18].fill(4.0);
    day[18..22].fill(2.0);
    day
}

#[test]
fn a_static_and_an_autoscaled_month_from_a_24_hour_shape() {
    // The day sums to 14·1 + 10·4 + ... = 14 + 40 + 8 = 62 relative units, mean 62/24; office hours run at
    // 4 / (62/24) = 1.548× the average. Replicas per hour: ⌈λ·s_h / X⌉ with λ = N / (730·3600), X = b / S.
    let mut s = setup(OverlapMode::Chunked, Some(4));
    s.demand = DemandShape::Hourly(Box::new(office_day()));
    let mut w = workload(32.0);
    w.requests_per_month = 1.2e8;
    w.min_replicas = 1.0;
    let mut t = terms(4.0);
    t.instances = Instances::of(&[8], false);
    let still = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    let x = still.detail.requests_per_s_per_replica;
    let lambda = 1.2e8 / (730.0 * 3600.0);
    let per_hour: Vec<u32> =
        office_day().iter().map(|d| ((lambda * d / (62.0 / 24.0) / x).ceil() as u32).max(1)).collect();
    let peak = *per_hour.iter().max().unwrap();
    assert_eq!(still.detail.replicas_peak, peak);
    // Static: the peak's instances (two 4-GPU replicas per 8-GPU instance) all month.
    let instances = |n: u32| n.div_ceil(2);
    assert!(close(still.cost.compute, f64::from(instances(peak)) * 8.0 * 730.0 * 4.0, 1e-12));
    // Autoscaled, exact billing and no lag: each hour's instances, × 730/24 days.
    t.autoscale = Some(crate::model::Autoscale { scale_up_minutes: 0.0, billing_minutes: 0.0 });
    let moving = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    let hours: u32 = per_hour.iter().map(|&n| instances(n)).sum();
    assert!(close(moving.cost.compute, f64::from(hours) * 8.0 * 730.0 / 24.0 * 4.0, 1e-12), "{}", moving.cost.compute);
    assert!(moving.cost.compute < 0.8 * still.cost.compute);
    assert!(moving.detail.autoscaled && !still.detail.autoscaled);
    // The busiest hour runs the same fleet either way, so its latency is the same.
    assert_eq!(moving.latency.unwrap().ttft_p95_s, still.latency.unwrap().ttft_p95_s);
}

#[test]
fn latency_is_queued_at_the_busiest_hour() {
    // Two replicas of batch 1 at a peak 2× the average: the TTFT p95 is the Erlang C wait at λ_peak, not λ.
    let s = setup(OverlapMode::Chunked, Some(4));
    let mut w = workload(1.0);
    w.latency_slo_ms = None;
    w.min_replicas = 2.0;
    w.peak_to_average = 2.0;
    let t = terms(4.0);
    let out = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    let service = 1.0 / out.detail.requests_per_s_per_replica;
    let lambda_peak = 2.0 * w.requests_per_month / (730.0 * 3600.0);
    let n = out.detail.replicas_peak;
    let [w95] = crate::model::queueing::wait_quantiles(f64::from(n), service, lambda_peak, [0.95]);
    let lat = out.latency.unwrap();
    let prefill =
        lat.ttft_p50_s - 0.0385 - crate::model::queueing::wait_quantiles(f64::from(n), service, lambda_peak, [0.5])[0];
    assert!(close(lat.ttft_p95_s, 0.0385 + w95 + prefill, 1e-9));
    assert!(w95 > 0.0, "two slots at a 2× peak must queue");
}

#[test]
fn the_auto_batch_for_a_tpot_objective_by_hand() {
    // Llama-3-70B BF16 on 4 H100s (the only shape on offer), 1,000 in / 250 out, prefill fully hidden, TPOT
    // objective 20 ms. Per request: t_pf = (2·70.55e9·1000 + 2·80·8192·1000²) / 1583.2e12 + 160 all-reduces
    // of 16.4 MB at 450 GB/s = 98.69 ms. At b = 39: t_mem = (141.1e9 + 39·368.64e6)/9.38e12 = 16.575 ms,
    // t_comp = 3.548 ms, t_ar = 0.341 ms; memory side 250·(16.575 + 0.341) = 4.229 s < compute side
    // 39·98.69 ms + 250·(3.548 + 0.341) ms = 4.821 s = cycle; stall = (4.821 − 250·16.916 ms)/39 = 15.18 ms;
    // TPOT95 = (4.821 + 1.645·√39·0.01518)/250 = 19.91 ms ≤ 20. At b = 40: cycle 4.945 s, stall 17.59 ms,
    // TPOT95 = 20.51 ms > 20. So "auto" serves at batch 39.
    let s = setup(OverlapMode::Chunked, None);
    let mut w = workload(1.0);
    w.batch_size = None;
    w.latency_slo_ms = None;
    w.tpot_slo_ms = Some(20.0);
    let mut t = terms(4.0);
    t.instances = Instances::of(&[4], false);
    let out = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert_eq!((out.detail.gpus_per_replica, out.detail.batch), (4, 39));
    let lat = out.latency.unwrap();
    assert!((lat.tpot_p95_s * 1000.0 - 19.9086).abs() < 1e-3, "{}", lat.tpot_p95_s);
    assert!(lat.slo_met);
    // The same objective with a fixed batch of 64 is missed, and no replica count can fix it.
    w.batch_size = Some(64.0);
    let fixed = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap().latency.unwrap();
    assert!(!fixed.slo_met);
    assert_eq!(fixed.unreachable.map(|u| u.objective), Some(crate::model::Objective::Tpot));
}

#[test]
fn auto_prefers_the_cheapest_degree_that_meets_the_objectives() {
    // Without objectives the largest batch each degree holds wins on cost; with a 10 ms TPOT objective only
    // 8 GPUs reach it (15.09 ms at b = 1 on 4 GPUs), at a higher cost per token.
    let s = setup(OverlapMode::Chunked, None);
    let mut w = workload(1.0);
    w.batch_size = None;
    w.latency_slo_ms = None;
    w.requests_per_month = 3e8;
    let t = terms(4.0);
    let free = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    w.tpot_slo_ms = Some(10.0);
    let tight = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert_eq!(tight.detail.gpus_per_replica, 8);
    assert!(tight.latency.unwrap().slo_met && tight.latency.unwrap().tpot_p95_s <= 0.010);
    assert!(tight.cost_per_unit > free.cost_per_unit, "{} vs {}", tight.cost_per_unit, free.cost_per_unit);
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
    // At 4e8 requests the replicas run far above the one-replica floor, so the TEE's 4% shows in the fleet.
    // At 80% of capacity the queue is short, so latency shows the TEE's slower service, not a longer wait.
    let s = setup(OverlapMode::Sequential, Some(4));
    let mut w = workload(32.0);
    w.requests_per_month = 4e8;
    let mut t = terms(3.0);
    t.utilization = 0.8;
    let plain = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    t.privacy = Privacy::Tee { overhead: 0.04 };
    let tee = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    // Whole replicas: the privacy line is the extra replicas' hours, near 4% of compute.
    assert!(tee.cost.privacy > 0.0 && tee.cost.privacy < 0.1 * tee.cost.compute, "{}", tee.cost.privacy);
    assert!(close(tee.cost.compute, plain.cost.compute, 1e-12));
    assert!(tee.latency.unwrap().e2e_p50_s > plain.latency.unwrap().e2e_p50_s);
    t.privacy = Privacy::Fhe { slowdown: 1e4 };
    let fhe = evaluate(&s, &w, &h100(), &t, &no_fees(), &mut Off).unwrap();
    assert!(fhe.cost.privacy > 1e3 * fhe.cost.compute);
    assert!(!fhe.latency.unwrap().slo_met);
}

#[test]
fn capacity_below_need_is_infeasible() {
    let mut t = terms(2.0);
    t.capacity_gpus = Some(4.0);
    t.instances = Instances::of(&[4], false);
    let mut w = workload(32.0);
    w.requests_per_month = 4e7;
    let err = evaluate(&setup(OverlapMode::Sequential, Some(4)), &w, &h100(), &t, &no_fees(), &mut Off).unwrap_err();
    match err {
        Infeasible::Capacity { need_gpus, capacity_gpus } => {
            assert_eq!(capacity_gpus, 4.0);
            assert!(need_gpus >= 8.0 && need_gpus % 4.0 == 0.0, "{need_gpus}");
        }
        other => panic!("expected Capacity, got {other:?}"),
    }
}

#[test]
fn failures_add_restart_and_retry_time() {
    // failure GPU-hours = λ_f × H_fleet × g × (R/60 + S/7200).
    let s = setup(OverlapMode::Sequential, Some(4));
    let mut t = terms(4.0);
    t.failure_rate_per_gpu_hour = 1e-3;
    t.instances = Instances::of(&[4], false);
    let out = evaluate(&s, &workload(32.0), &h100(), &t, &no_fees(), &mut Off).unwrap();
    let h = out.cost.compute / 4.0;
    let service = 1.0 / out.detail.requests_per_s_per_replica * 32.0;
    let want = 1e-3 * h * 4.0 * (12.5 / 60.0 + service / 7200.0) * 4.0;
    assert!(close(out.cost.failures, want, 1e-9), "{} vs {want}", out.cost.failures);
}
