//! The pure model: one set of inputs (plain numbers) in, one provider's cost, latency and margin out.
//!
//! No I/O, no global state, no randomness: [`evaluate`] is a function of its arguments, so it can be tested
//! exhaustively and called from many threads. Every formula is documented in docs/MODEL.md with its source;
//! the `# Formula` notes below name the section.

mod batch;
mod business;
mod energy;
pub mod fields;
mod infeasible;
pub(crate) mod inference;
pub mod inputs;
mod lines;
mod overheads;
mod owned;
pub mod queueing;
pub mod reliability;
pub mod steps;
mod tokens;
pub mod trace;
mod training;

pub use business::{Margin, MarginBridge, margin};
pub use energy::Energy;
pub use infeasible::Infeasible;
pub use inference::Searches;
pub use inputs::{
    Autoscale, BusinessInputs, Fees, GpuHoursInputs, GpuTerms, InferenceInputs, OverlapMode, Ownership, Precision,
    Pricing, Privacy, ProviderInputs, SavingsPreset, ScaleBy, Terms, TokenTerms, TrainingInputs, Verification,
    WorkloadInputs, WorkloadKind,
};
use serde::Serialize;
pub use training::plan::{Checkpointing, LoraTargets, Method, Plan, PlanChoice, Sharding, Sync};
pub use training::{MFU_REFERENCE_PARAMS_B, training_mfu_size_factor};

/// Hours in a billing month: 8,760 / 12 (defaults.toml `hours_per_month`).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The figures of a GPU the model reads (from a catalog entry, without its name and source).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GpuSpec {
    /// On-board memory, GB (10^9 bytes).
    pub memory_gb: f64,
    /// Peak memory bandwidth, TB/s.
    pub memory_bandwidth_tbs: f64,
    /// Peak dense BF16 tensor throughput, TFLOP/s, when sourced.
    pub bf16_dense_tflops: Option<f64>,
    /// Peak dense FP8 tensor throughput, TFLOP/s, when the GPU has FP8.
    pub fp8_dense_tflops: Option<f64>,
    /// Per-GPU GPU-to-GPU bandwidth, GB/s.
    pub interconnect_gbs: f64,
    /// Board power at full load (TDP), W; `None` when the catalog has none.
    pub tdp_w: Option<f64>,
}

/// The figures of a model architecture the model reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelSpec {
    /// Total parameters, billions.
    pub params_b: f64,
    /// Parameters used per token, billions.
    pub active_params_b: f64,
    /// Maximum context, tokens.
    pub context_length: u32,
    /// KV-cache bytes per token over all layers at BF16.
    pub kv_bytes_per_token_bf16: f64,
    /// Transformer layers.
    pub layers: u32,
    /// Model width (the activation an all-reduce moves per token).
    pub hidden_size: u32,
    /// Query heads.
    pub attention_heads: u32,
    /// Per-head dimension.
    pub head_dim: u32,
    /// Routed experts of a mixture-of-experts model; `None` for a dense model.
    pub experts: Option<Experts>,
}

/// The routed experts of a mixture-of-experts model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Experts {
    /// Routed experts per layer.
    pub total: u32,
    /// Experts each token is routed to.
    pub per_token: u32,
}

/// How demand is spread over the day.
#[derive(Debug, Clone, PartialEq)]
pub enum DemandShape {
    /// A cosine whose peak over average is the (uncertain) `peak_to_average` input.
    PeakToAverage,
    /// Demand in each of the 24 hours, relative (scaled to mean 1).
    Hourly(Box<[f64; 24]>),
}

/// The instance shapes an offer rents (GPUs per instance) and whether a replica may span instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Instances {
    /// Bit `k` set: an instance of `k + 1` GPUs is rented.
    mask: u128,
    /// Instances are linked (InfiniBand or NVLink across nodes): a replica may span several.
    pub linked: bool,
}

impl Instances {
    /// Most GPUs in one instance the model represents.
    pub const MAX_SHAPE: u32 = 128;

    /// The shapes `gpus` (each 1 to [`Instances::MAX_SHAPE`]; others are ignored).
    pub fn of(gpus: &[u32], linked: bool) -> Instances {
        let mask = gpus.iter().filter(|&&g| (1..=Self::MAX_SHAPE).contains(&g)).fold(0u128, |m, &g| m | 1 << (g - 1));
        Instances { mask, linked }
    }

    /// The shapes, smallest first.
    pub fn shapes(self) -> impl Iterator<Item = u32> + Clone {
        // Set bits lowest first: a search tries shapes once per trial, so it skips the empty ones.
        let mut rest = self.mask;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                bit + 1
            })
        })
    }

    /// The largest shape (0 when there is none).
    pub fn largest(self) -> u32 {
        if self.mask == 0 { 0 } else { Self::MAX_SHAPE - self.mask.leading_zeros() }
    }
}

impl Serialize for Instances {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Instances", 2)?;
        st.serialize_field("shapes", &self.shapes().collect::<Vec<u32>>())?;
        st.serialize_field("linked", &self.linked)?;
        st.end()
    }
}

impl std::fmt::Display for Instances {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shapes: Vec<String> = self.shapes().map(|g| g.to_string()).collect();
        write!(f, "{} GPUs{}", shapes.join("/"), if self.linked { ", linked" } else { "" })
    }
}

/// What stays fixed across trials for the workload: the model's and GPUs' figures and modes.
#[derive(Debug, Clone)]
pub enum WorkloadSetup {
    /// Serving a model.
    Inference(InferenceSetup),
    /// Training a model.
    Training(TrainingSetup),
    /// Generic GPU-hours of a reference GPU.
    GpuHours(GpuHoursSetup),
}

/// Fixed choices of an inference workload.
#[derive(Debug, Clone)]
pub struct InferenceSetup {
    /// The model served.
    pub model: ModelSpec,
    /// Bytes per weight.
    pub weight_precision: Precision,
    /// Bytes per KV-cache element.
    pub kv_precision: Precision,
    /// Matmul precision; `None` = FP8 when weights are FP8 and the GPU has FP8, else BF16.
    pub compute_precision: Option<Precision>,
    /// How prefill and decode share the GPUs.
    pub overlap: OverlapMode,
    /// GPUs per replica; `None` = chosen (the smallest power of two that holds a fixed batch, or the cheapest
    /// that meets the objectives).
    pub gpus_per_replica: Option<u32>,
    /// How demand is spread over the day.
    pub demand: DemandShape,
}

/// Fixed choices of a training run.
#[derive(Debug, Clone)]
pub struct TrainingSetup {
    /// The model trained.
    pub model: ModelSpec,
    /// Matmul precision (BF16 or FP8).
    pub compute_precision: Precision,
    /// What is trained (a provider may choose its own).
    pub method: Method,
    /// How state is split; `None` = the fastest way that fits.
    pub sharding: Option<Sharding>,
    /// How often the fleet synchronises (a provider may choose its own).
    pub sync: Sync,
    /// What is recomputed; `None` = the least recomputation that fits.
    pub checkpointing: Option<Checkpointing>,
    /// The projections LoRA adapts.
    pub lora_targets: LoraTargets,
}

/// Fixed choices of a generic GPU-hours workload.
#[derive(Debug, Clone)]
pub struct GpuHoursSetup {
    /// The GPU the hours were measured on.
    pub reference_gpu: GpuSpec,
    /// What the hours scale by on another GPU.
    pub scale_by: ScaleBy,
}

/// What stays fixed across trials for one provider.
#[derive(Debug, Clone, Copy)]
pub struct ProviderSetup {
    /// The provider's GPU (`None` for a token API).
    pub gpu: Option<GpuSpec>,
}

/// Monthly cost by line, in the scenario currency; `T` is what each line holds (a cost, or the running
/// statistics of a cost over trials).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct CostBreakdown<T = f64> {
    /// GPU time for the work itself.
    pub compute: T,
    /// Extra GPU time for verification (replication, spot checks, proofs, attestation).
    pub verification: T,
    /// Extra GPU time for privacy (TEE overhead, FHE slowdown).
    pub privacy: T,
    /// GPU time lost to failures, retries, restarts and checkpoints.
    pub failures: T,
    /// Data sent out.
    pub egress: T,
    /// Data stored.
    pub storage: T,
    /// Fixed and percentage fees.
    pub fees: T,
}

impl<T> CostBreakdown<T> {
    /// Each line through `f`.
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> CostBreakdown<U> {
        CostBreakdown {
            compute: f(&self.compute),
            verification: f(&self.verification),
            privacy: f(&self.privacy),
            failures: f(&self.failures),
            egress: f(&self.egress),
            storage: f(&self.storage),
            fees: f(&self.fees),
        }
    }

    /// `f(mine, theirs)` for each line and the same line of `other`.
    pub fn zip_mut<U>(&mut self, other: &CostBreakdown<U>, mut f: impl FnMut(&mut T, &U)) {
        f(&mut self.compute, &other.compute);
        f(&mut self.verification, &other.verification);
        f(&mut self.privacy, &other.privacy);
        f(&mut self.failures, &other.failures);
        f(&mut self.egress, &other.egress);
        f(&mut self.storage, &other.storage);
        f(&mut self.fees, &other.fees);
    }
}

impl CostBreakdown {
    /// The line names, in display order.
    pub const LINES: [&'static str; 7] =
        ["compute", "verification", "privacy", "failures", "egress", "storage", "fees"];

    /// Sum of all lines.
    pub fn total(&self) -> f64 {
        self.values().iter().sum()
    }

    /// The lines in the order of [`CostBreakdown::LINES`].
    pub fn values(&self) -> [f64; 7] {
        [self.compute, self.verification, self.privacy, self.failures, self.egress, self.storage, self.fees]
    }
}

/// Per-request latency of an inference provider, seconds; percentiles are over requests at the given load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Latency {
    /// Median time to first token.
    pub ttft_p50_s: f64,
    /// 95th-percentile time to first token.
    pub ttft_p95_s: f64,
    /// Median end-to-end latency.
    pub e2e_p50_s: f64,
    /// 95th-percentile end-to-end latency.
    pub e2e_p95_s: f64,
    /// Median time per output token while decoding (other requests' prefills included).
    pub tpot_s: f64,
    /// 95th-percentile time per output token.
    pub tpot_p95_s: f64,
    /// Whether the p95 objectives hold (true when none is set).
    pub slo_met: bool,
    /// An objective no replica count can meet, when there is one.
    pub unreachable: Option<Unreachable>,
}

/// A latency objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Time to first token, p95 (`ttft_slo_ms`).
    Ttft,
    /// End-to-end latency, p95 (`latency_slo_ms`).
    EndToEnd,
    /// Time per output token, p95 (`tpot_slo_ms`).
    Tpot,
}

impl Objective {
    /// Its name for people.
    pub fn title(self) -> &'static str {
        match self {
            Objective::Ttft => "TTFT p95",
            Objective::EndToEnd => "end-to-end p95",
            Objective::Tpot => "TPOT p95",
        }
    }
}

/// An objective that no number of replicas meets: the best the replica does without any queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Unreachable {
    /// Which objective.
    pub objective: Objective,
    /// The best this replica achieves, ms.
    pub best_ms: f64,
    /// The objective, ms.
    pub objective_ms: f64,
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is at least {:.0} ms at any replica count, above the {:.0} ms objective",
            self.objective.title(),
            self.best_ms,
            self.objective_ms
        )
    }
}

/// Sizing details that explain a result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Detail {
    /// GPUs per replica (inference) or GPUs in the run (training).
    pub gpus_per_replica: u32,
    /// Concurrent sequences per replica actually used.
    pub batch: u32,
    /// Largest batch the KV cache can hold.
    pub batch_max: u32,
    /// Replicas running on average over the day (inference).
    pub replicas: f64,
    /// Replicas running at the busiest hour (inference).
    pub replicas_peak: u32,
    /// GPUs per instance of the shape rented (inference).
    pub instance_gpus: u32,
    /// Instances running at the busiest hour (inference).
    pub instances_peak: u32,
    /// GPU-hours per month the fleet is billed, instances × hours × GPUs per instance (inference).
    pub gpu_hours_billed: f64,
    /// The fleet follows demand hour by hour (autoscale) rather than holding the peak all day (inference).
    pub autoscaled: bool,
    /// Demand at the busiest hour over the day's average (inference).
    pub peak_to_average: f64,
    /// Output tokens per second per replica at the batch used (inference).
    pub tokens_per_s_per_replica: f64,
    /// Output tokens per second per GPU at the batch used (inference).
    pub output_tokens_per_s_per_gpu: f64,
    /// Output tokens per second one request sees while decoding: 1 / median TPOT (inference).
    pub output_tokens_per_s_per_user: f64,
    /// Requests per second one replica completes at the batch used (inference).
    pub requests_per_s_per_replica: f64,
    /// Whether decode is limited by memory bandwidth (true) or compute (false).
    pub decode_memory_bound: bool,
    /// Wall-clock of one run, hours (training).
    pub wall_clock_hours: f64,
    /// Fraction of wall-clock the fleet computes at full speed: lost to waiting on links, to GPUs away and
    /// to failures otherwise (training).
    pub goodput: f64,
    /// GPU-hours billed per run (training).
    pub gpu_hours_per_run: f64,
    /// Cost of one run (training).
    pub cost_per_run: f64,
    /// Only per-run figures apply: no `runs_per_month` was given (training).
    pub per_run_only: bool,
    /// How the run is carried out (training).
    pub plan: Option<Plan>,
    /// Memory per GPU, GB (training).
    pub memory_per_gpu_gb: f64,
    /// Share of the fleet working over the run (training).
    pub availability: f64,
    /// Compute time over compute and exposed communication time (training).
    pub communication_efficiency: f64,
    /// Whether the run ends by its deadline; `None` without one (training).
    pub on_time: Option<bool>,
    /// Useful work units per month: tokens (inference), runs (training), reference GPU-hours.
    pub units_per_month: f64,
    /// The requested batch was more than the KV cache holds.
    pub batch_capped: bool,
    /// The requested GPUs were more than the provider's capacity.
    pub gpus_capped: bool,
    /// Matmul precision used.
    pub compute_precision: Option<Precision>,
}

/// One provider's result for one set of inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Monthly cost by line.
    pub cost: CostBreakdown,
    /// Total monthly cost.
    pub monthly_cost: f64,
    /// Cost per unit of work (per 1M tokens, per run, per reference GPU-hour).
    pub cost_per_unit: f64,
    /// GPU-hours billed per month (`None` for a token API, which bills tokens).
    pub gpu_hours: Option<f64>,
    /// Latency (inference only).
    pub latency: Option<Latency>,
    /// Margin effect (when the scenario has a business section).
    pub margin: Option<Margin>,
    /// Sizing details.
    pub detail: Detail,
    /// Totals over the scenario's horizon, once [`Outcome::with_horizon`] sets them.
    pub horizon: Option<Horizon>,
    /// Energy and emissions of a GPU provider whose GPU has a TDP in the catalog.
    pub energy: Option<Energy>,
}

/// Cumulative figures over `scenario.horizon_months` (docs/MODEL.md, "Business", horizon totals).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Horizon {
    /// The AI cost over the horizon (compute ramps with adoption when the scenario has a business section).
    pub cost: f64,
    /// The cumulative net saving after the horizon, implementation cost paid (with a business section).
    pub net_saving: Option<f64>,
}

impl Outcome {
    /// This outcome with its totals over `months`; a training workload priced per run has none.
    /// `commitment` is the months a fleet is paid for whatever the use (a reserved term; 0 for owned
    /// hardware), `None` when it is paid as used.
    ///
    /// # Formula
    /// Paid as used: cost `C·E(H)` with `E` the months of full adoption (`business::adopted_months`; `H`
    /// without a business section); net saving `N(H)` of the margin's ramp (`business::Ramp::cumulative_net`).
    /// Committed to `T` months: the fleet is paid from the first month and for the whole term, cost
    /// `C·M` with `M = max(H, T)`, and the net saving `N(H) + C·(E(H) − M)` (the savings still ramp).
    pub fn with_horizon(mut self, months: f64, commitment: Option<f64>) -> Outcome {
        if !self.detail.per_run_only {
            let adopted = self.margin.map_or(months, |m| business::adopted_months(m.ramp.months, months));
            let paid = commitment.map_or(adopted, |term| months.max(term));
            let extra = self.monthly_cost * (adopted - paid);
            let net_saving = self.margin.map(|m| m.ramp.cumulative_net(months) + extra);
            self.horizon = Some(Horizon { cost: self.monthly_cost * paid, net_saving });
        }
        self
    }
}

/// Evaluates one provider for one set of inputs.
///
/// `Err` says why the provider cannot run the workload; it is a result, not a failure of the model.
pub fn evaluate(
    workload: &WorkloadSetup,
    inputs: &WorkloadInputs<f64>,
    provider: ProviderSetup,
    terms: &ProviderInputs<f64>,
    business: Option<&BusinessInputs<f64>>,
) -> Result<Outcome, Infeasible> {
    evaluate_traced(workload, inputs, provider, terms, business, &mut trace::Off)
}

/// [`evaluate`], sharing batch searches with the other providers of the same `inputs` through `searches`
/// (clear it when the inputs change): the outcome is the same, found once per distinct GPU, instance shapes
/// and latency inputs instead of once per provider.
pub fn evaluate_shared(
    workload: &WorkloadSetup,
    inputs: &WorkloadInputs<f64>,
    provider: ProviderSetup,
    terms: &ProviderInputs<f64>,
    business: Option<&BusinessInputs<f64>>,
    searches: &mut Searches,
) -> Result<Outcome, Infeasible> {
    evaluate_in(workload, inputs, provider, terms, business, searches, &mut trace::Off)
}

/// [`evaluate`], recording every intermediate step into `t` (see [`trace`]).
pub fn evaluate_traced<T: trace::Trace>(
    workload: &WorkloadSetup,
    inputs: &WorkloadInputs<f64>,
    provider: ProviderSetup,
    terms: &ProviderInputs<f64>,
    business: Option<&BusinessInputs<f64>>,
    t: &mut T,
) -> Result<Outcome, Infeasible> {
    evaluate_in(workload, inputs, provider, terms, business, &mut Searches::default(), t)
}

/// An owned GPU's price per GPU-hour (docs/MODEL.md, "Owned hardware"), for a GPU of board power `tdp_w`.
pub fn owned_price(o: &Ownership<f64>, p: &GpuTerms<f64>, tdp_w: f64) -> f64 {
    owned::price(o, p, tdp_w, &mut trace::Off).price
}

fn evaluate_in<T: trace::Trace>(
    workload: &WorkloadSetup,
    inputs: &WorkloadInputs<f64>,
    provider: ProviderSetup,
    terms: &ProviderInputs<f64>,
    business: Option<&BusinessInputs<f64>>,
    searches: &mut Searches,
    t: &mut T,
) -> Result<Outcome, Infeasible> {
    // Scenario resolution gives a GPU to every provider not priced per token, and token APIs only to
    // inference workloads; the errors below are never reached from a resolved scenario.
    let gpu = || provider.gpu.as_ref().ok_or(Infeasible::MissingFigure { what: "the provider's GPU" });
    let fees = &terms.fees;
    // Owned hardware is billed like a rented fleet at the price its ownership comes to.
    let owned_terms = match &terms.terms {
        Terms::Gpu(p) => match &p.ownership {
            Some(o) => {
                let tdp =
                    gpu()?.tdp_w.ok_or(Infeasible::MissingFigure { what: "the GPU's TDP (owned hardware's power)" })?;
                Some(Terms::Gpu(GpuTerms { price_per_gpu_hour: owned::price(o, p, tdp, t).price, ..p.clone() }))
            }
            None => None,
        },
        Terms::Tokens(_) => None,
    };
    let terms_used = owned_terms.as_ref().unwrap_or(&terms.terms);
    let mut outcome = match (workload, inputs, terms_used) {
        (WorkloadSetup::Inference(setup), WorkloadInputs::Inference(w), Terms::Tokens(api)) => {
            let peak = inference::fleet::peak_of(&inference::fleet::profile(&setup.demand, w.peak_to_average));
            tokens::evaluate(w, api, fees, peak, t)?
        }
        (_, _, Terms::Tokens(_)) => {
            return Err(Infeasible::MissingFigure { what: "per-token prices for this workload" });
        }
        (WorkloadSetup::Inference(setup), WorkloadInputs::Inference(w), Terms::Gpu(p)) => {
            inference::evaluate(setup, w, gpu()?, p, fees, searches, t)?
        }
        (WorkloadSetup::Training(setup), WorkloadInputs::Training(w), Terms::Gpu(p)) => {
            training::evaluate(setup, w, gpu()?, p, fees, t)?
        }
        (WorkloadSetup::GpuHours(setup), WorkloadInputs::GpuHours(w), Terms::Gpu(p)) => {
            batch::evaluate(setup, w, gpu()?, p, fees, t)?
        }
        _ => unreachable!("workload setup and inputs are built together by scenario::resolve"),
    };
    if let (Terms::Gpu(p), Some(tdp_w), Some(gpu_hours)) =
        (terms_used, provider.gpu.as_ref().and_then(|g| g.tdp_w), outcome.gpu_hours)
    {
        let draw = energy::Draw {
            gpu_hours,
            busy_gpu_hours: busy_gpu_hours(inputs, p, &outcome, gpu_hours),
            tdp_w,
            idle_fraction: p.idle_power_fraction,
            pue: p.pue,
            grid_kg_per_kwh: p.grid_kg_co2e_per_kwh,
            units: outcome.detail.units_per_month
                / if matches!(inputs, WorkloadInputs::Inference(_)) { 1e6 } else { 1.0 },
        };
        outcome.energy = Some(energy::energy(&draw, t));
    }
    outcome.margin = business.map(|b| margin(b, outcome.monthly_cost, t));
    Ok(outcome)
}

/// The GPU-hours of `outcome` spent computing at full speed.
///
/// # Formula
/// Inference: the replica-hours the month's requests need at the batch used, `N_req / (X · 3600)`, times the
/// GPUs per replica; training: the billed hours times the goodput; GPU-hours work: times the utilization.
fn busy_gpu_hours(inputs: &WorkloadInputs<f64>, p: &GpuTerms<f64>, outcome: &Outcome, gpu_hours: f64) -> f64 {
    let d = &outcome.detail;
    match inputs {
        WorkloadInputs::Inference(w) if d.requests_per_s_per_replica > 0.0 => {
            w.requests_per_month / (d.requests_per_s_per_replica * 3600.0) * f64::from(d.gpus_per_replica)
        }
        WorkloadInputs::Inference(_) => gpu_hours,
        WorkloadInputs::Training(_) => gpu_hours * d.goodput,
        WorkloadInputs::GpuHours(_) => gpu_hours * p.utilization,
    }
}

/// Dense peak FLOP/s of `gpu` in `precision` (INT4 weights run their matmuls in BF16).
fn peak_flops(gpu: &GpuSpec, precision: Precision) -> Result<f64, Infeasible> {
    let tflops = match precision {
        Precision::Fp8 => gpu.fp8_dense_tflops.ok_or(Infeasible::MissingFigure { what: "FP8 peak of this GPU" }),
        Precision::Bf16 | Precision::Int4 => {
            gpu.bf16_dense_tflops.ok_or(Infeasible::MissingFigure { what: "BF16 peak of this GPU" })
        }
    }?;
    Ok(tflops * 1e12)
}
