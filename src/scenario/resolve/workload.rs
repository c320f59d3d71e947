//! `[workload]`: the model and the numbers of an inference, training or GPU-hours workload.

use super::{Resolver, one_of};
use crate::base::text::suggest;
use crate::catalog::Gpu;
use crate::model::fields;
use crate::model::fields::limit;
use crate::model::{
    DemandShape, GpuHoursInputs, GpuHoursSetup, InferenceInputs, InferenceSetup, LoraTargets, Method, OverlapMode,
    Precision, ScaleBy, Sharding, Sync, TrainingInputs, TrainingSetup, WorkloadInputs, WorkloadKind, WorkloadSetup,
};
use crate::scenario::file::WorkloadFile;
use crate::scenario::quantity::BatchFile;
use crate::scenario::{Origin, Param};
use toml::Spanned;

impl Resolver<'_> {
    pub(super) fn workload(&mut self, w: &WorkloadFile) -> Option<(WorkloadSetup, WorkloadInputs<Param>)> {
        let kind = *w.kind.get_ref();
        let at = w.kind.span();
        // A field another kind of workload reads is a mistake worth pointing at (model::fields).
        for (name, span) in w.given() {
            if fields::field(name).is_some_and(|f| !f.read_by(kind)) {
                self.error(span, format!("`{name}` does not apply to a {} workload", kind.as_str()));
            }
        }
        let user = "workload";
        match kind {
            WorkloadKind::Inference => {
                let model = self.model(w, kind);
                let within = "[workload]";
                let (demand, peak_to_average) = self.demand(w);
                let inputs = InferenceInputs {
                    requests_per_month: self.required(
                        "requests_per_month",
                        w.requests_per_month.as_ref(),
                        at.clone(),
                        within,
                    ),
                    input_tokens: self.required("input_tokens", w.input_tokens.as_ref(), at.clone(), within),
                    output_tokens: self.required("output_tokens", w.output_tokens.as_ref(), at.clone(), within),
                    cache_hit_fraction: self.or_default(
                        "cache_hit_fraction",
                        w.cache_hit_fraction.as_ref(),
                        "workload.cache_hit_fraction",
                        user,
                    ),
                    batch_size: match &w.batch_size {
                        None | Some(BatchFile::Auto(_)) => None,
                        Some(BatchFile::Fixed(q)) => Some(self.checked("batch_size", q)),
                    },
                    latency_slo_ms: w.latency_slo_ms.as_ref().map(|q| self.checked("latency_slo_ms", q)),
                    ttft_slo_ms: w.ttft_slo_ms.as_ref().map(|q| self.checked("ttft_slo_ms", q)),
                    tpot_slo_ms: w.tpot_slo_ms.as_ref().map(|q| self.checked("tpot_slo_ms", q)),
                    mfu: self.or_default("mfu", w.mfu.as_ref(), "workload.mfu.inference", user),
                    mbu: self.or_default("mbu", w.mbu.as_ref(), "workload.mbu", user),
                    // A mixture of experts loses more than the roofline shows (docs/MODEL.md, "Serving
                    // efficiency of mixtures of experts").
                    serving_efficiency: self.or_default(
                        "serving_efficiency",
                        w.serving_efficiency.as_ref(),
                        if model.as_ref().is_some_and(|m| m.experts.is_some()) {
                            "workload.serving_efficiency.moe"
                        } else {
                            "workload.serving_efficiency"
                        },
                        user,
                    ),
                    memory_reserve_fraction: self.or_default(
                        "memory_reserve_fraction",
                        w.memory_reserve_fraction.as_ref(),
                        "workload.memory_reserve_fraction",
                        user,
                    ),
                    min_replicas: self.or_default(
                        "min_replicas",
                        w.min_replicas.as_ref(),
                        "workload.min_replicas",
                        user,
                    ),
                    bytes_per_token: self.or_default(
                        "bytes_per_token",
                        w.bytes_per_token.as_ref(),
                        "bytes_per_token",
                        user,
                    ),
                    peak_to_average,
                    prefill_overlap: self.or_default(
                        "prefill_overlap",
                        w.prefill_overlap.as_ref(),
                        "workload.prefill_overlap",
                        user,
                    ),
                    allreduce_latency_us: self.or_default(
                        "allreduce_latency_us",
                        w.allreduce_latency_us.as_ref(),
                        "workload.allreduce_latency_us",
                        user,
                    ),
                    link_efficiency: self.or_default(
                        "link_efficiency",
                        w.link_efficiency.as_ref(),
                        "workload.link_efficiency",
                        user,
                    ),
                };
                if let (Some(o), Some(q)) = (&w.overlap, &w.prefill_overlap)
                    && *o.get_ref() == OverlapMode::Sequential
                {
                    self.error(q.span.clone(), "`prefill_overlap` applies to `overlap = \"chunked\"` only").help =
                        Some("a sequential engine never hides prefill under decode: remove one of the two".into());
                }
                let weight_precision = w.weight_precision.as_ref().map_or(Precision::Bf16, |p| *p.get_ref());
                let kv_precision = w.kv_precision.as_ref().map_or(Precision::Bf16, |p| *p.get_ref());
                if let Some(p) = &w.kv_precision
                    && *p.get_ref() == Precision::Int4
                {
                    self.error(p.span(), "`kv_precision` must be bf16 or fp8");
                }
                let compute_precision = self.compute_precision(w);
                if let Some(g) = &w.gpus_per_replica {
                    let v = f64::from(*g.get_ref());
                    if v == 0.0 {
                        self.error(g.span(), "`gpus_per_replica` must be at least 1");
                    } else if let Some((max, unit)) = limit("gpus_per_replica")
                        && v > max
                    {
                        self.error(
                            g.span(),
                            format!("`gpus_per_replica` = {v} is above the largest value accepted, {max} ({unit})"),
                        )
                        .help = Some("docs/MODEL.md, \"Input limits\", lists the limits".into());
                    }
                }
                self.named.0.clone_from(&model);
                let setup = model.map(|model| {
                    WorkloadSetup::Inference(InferenceSetup {
                        model: model.spec(),
                        weight_precision,
                        kv_precision,
                        compute_precision,
                        overlap: w.overlap.as_ref().map_or(OverlapMode::Chunked, |o| *o.get_ref()),
                        gpus_per_replica: w.gpus_per_replica.as_ref().map(|g| *g.get_ref()),
                        demand,
                    })
                });
                setup.map(|s| (s, WorkloadInputs::Inference(inputs)))
            }
            WorkloadKind::Training => {
                let model = self.model(w, kind);
                let within = "[workload]";
                let compute_precision = self.compute_precision(w).unwrap_or(Precision::Bf16);
                let mfu = match w.mfu.as_ref() {
                    Some(q) => self.checked("mfu", q),
                    None => self.training_mfu(model.as_ref(), user),
                };
                let fp8_speedup = match (compute_precision, w.fp8_speedup.as_ref()) {
                    (_, Some(q)) => self.checked("fp8_speedup", q),
                    (Precision::Fp8, None) => self.default("workload.fp8_training_speedup", user),
                    _ => Param { value: 1.0, dist: None, origin: Origin::Default { key: "bf16".into() } },
                };
                let inputs = TrainingInputs {
                    training_tokens: self.required("training_tokens", w.training_tokens.as_ref(), at.clone(), within),
                    gpus: {
                        let gpus = self.required("gpus", w.gpus.as_ref(), at.clone(), within);
                        self.training_gpus = gpus.value;
                        gpus
                    },
                    mfu,
                    fp8_speedup,
                    state_bytes_per_param: self.or_default(
                        "state_bytes_per_param",
                        w.state_bytes_per_param.as_ref(),
                        "workload.state_bytes_per_param",
                        user,
                    ),
                    runs_per_month: w.runs_per_month.as_ref().map(|q| self.checked("runs_per_month", q)),
                    deadline_days: w.deadline_days.as_ref().map(|q| self.checked("deadline_days", q)),
                    memory_reserve_fraction: self.or_default(
                        "memory_reserve_fraction",
                        w.memory_reserve_fraction.as_ref(),
                        "workload.memory_reserve_fraction",
                        user,
                    ),
                    bytes_per_token: self.or_default(
                        "bytes_per_token",
                        w.bytes_per_token.as_ref(),
                        "bytes_per_token",
                        user,
                    ),
                    batch_tokens: self.or_default(
                        "batch_tokens",
                        w.batch_tokens.as_ref(),
                        "workload.batch_tokens",
                        user,
                    ),
                    sequence_length: self.or_default(
                        "sequence_length",
                        w.sequence_length.as_ref(),
                        "workload.sequence_length",
                        user,
                    ),
                    diloco_inner_steps: self.or_default(
                        "diloco_inner_steps",
                        w.diloco_inner_steps.as_ref(),
                        "workload.diloco_inner_steps",
                        user,
                    ),
                    lora_rank: self.or_default("lora_rank", w.lora_rank.as_ref(), "workload.lora_rank", user),
                };
                self.named.0.clone_from(&model);
                let sync = w.sync.as_ref().map_or(Sync::Step, |s| *s.get_ref());
                self.training_sync = sync;
                let sharding = w.sharding.as_ref().and_then(|s| s.get_ref().sharding());
                if let (Sync::Diloco, Some(s), Some(at)) = (sync, sharding, w.sharding.as_ref()) {
                    self.refuse_diloco_sharding(s, at.span());
                }
                let lora_targets = self.lora_targets(w);
                let setup = model.map(|model| {
                    WorkloadSetup::Training(TrainingSetup {
                        model: model.spec(),
                        compute_precision,
                        method: w.method.as_ref().map_or(Method::Full, |m| *m.get_ref()),
                        sharding,
                        sync,
                        checkpointing: w.checkpointing.as_ref().and_then(|c| c.get_ref().checkpointing()),
                        lora_targets,
                    })
                });
                setup.map(|s| (s, WorkloadInputs::Training(inputs)))
            }
            WorkloadKind::GpuHours => {
                let within = "[workload]";
                let inputs = GpuHoursInputs {
                    gpu_hours_per_month: self.required(
                        "gpu_hours_per_month",
                        w.gpu_hours_per_month.as_ref(),
                        at.clone(),
                        within,
                    ),
                    egress_gb_per_month: self.or_default(
                        "egress_gb_per_month",
                        w.egress_gb_per_month.as_ref(),
                        "workload.egress_gb_per_month",
                        user,
                    ),
                    storage_gb: self.or_default("storage_gb", w.storage_gb.as_ref(), "workload.storage_gb", user),
                };
                let reference = match &w.reference_gpu {
                    None => {
                        self.error(at.clone(), "missing field `reference_gpu` in a gpu_hours workload");
                        None
                    }
                    Some(id) => self.gpu(id),
                };
                self.named.1.clone_from(&reference);
                let setup = reference.map(|reference_gpu| {
                    WorkloadSetup::GpuHours(GpuHoursSetup {
                        reference_gpu: reference_gpu.spec(),
                        scale_by: w.scale_by.as_ref().map_or(ScaleBy::Flops, |s| *s.get_ref()),
                    })
                });
                setup.map(|s| (s, WorkloadInputs::GpuHours(inputs)))
            }
        }
    }

    /// The day's shape and its peak over average: the default cosine with the ratio from the file or the
    /// documented default, or the explicit 24 hours and their peak over their mean.
    fn demand(&mut self, w: &WorkloadFile) -> (DemandShape, Param) {
        let file = w.demand.as_ref();
        let ratio = file.and_then(|d| d.get_ref().peak_to_average.as_ref());
        let hourly = file.and_then(|d| d.get_ref().hourly.as_ref());
        if let (Some(q), Some(_)) = (ratio, hourly) {
            self.error(q.span.clone(), "give `peak_to_average` or `hourly`, not both").help =
                Some("`hourly` sets the whole day, and with it the peak over the average".into());
        }
        let cosine = |r: &mut Self| {
            let ratio = r.or_default("demand.peak_to_average", ratio, "workload.demand.peak_to_average", "workload");
            (DemandShape::PeakToAverage, ratio)
        };
        let Some(hours) = hourly else { return cosine(self) };
        let values = hours.get_ref();
        let bad = values.iter().position(|v| !v.is_finite() || *v < 0.0);
        if values.len() != 24 || bad.is_some() || values.iter().all(|&v| v == 0.0) {
            let found = match bad {
                Some(i) => format!("hour {i} is {}", values[i]),
                None if values.len() != 24 => format!("{} numbers", values.len()),
                None => "all zero".to_string(),
            };
            self.error(hours.span(), format!("`hourly` needs 24 numbers of at least 0, not all zero; found {found}"))
                .help = Some(
                "demand in hours 00-23 in any unit, e.g. requests per hour; it is scaled to the month's total".into(),
            );
            return cosine(self);
        }
        let mut day = [0.0; 24];
        day.copy_from_slice(values);
        let mean = day.iter().sum::<f64>() / 24.0;
        let peak = day.iter().fold(0.0_f64, |m, &v| m.max(v)) / mean;
        let peak = self.param_at(&crate::scenario::quantity::Quantity {
            value: crate::scenario::quantity::QuantityValue::Fixed(peak),
            span: hours.span(),
        });
        (DemandShape::Hourly(Box::new(day)), peak)
    }

    /// The matmul precision if given; INT4 is refused (INT4 weights run their matmuls in BF16).
    /// The default training MFU prior of `model`: the prior of a dense 70B model scaled by
    /// `(P_active / P_ref)^b`, and by the MoE factor for a mixture of experts (docs/MODEL.md, "Training").
    fn training_mfu(&mut self, model: Option<&crate::catalog::Model>, user: &str) -> Param {
        let at_reference = self.default("workload.mfu.training", user);
        let value = |key: &str, or: f64| self.catalog.default_entry(key).map_or(or, |e| e.value);
        let (exponent, moe) =
            (value("workload.mfu.training.size_exponent", 0.0), value("workload.mfu.training.moe_factor", 1.0));
        let factor = model.map_or(1.0, |m| {
            let size = crate::model::training_mfu_size_factor(m.active_params_b, exponent);
            if m.active_params_b < m.params_b { size * moe } else { size }
        });
        Param {
            value: at_reference.value * factor,
            dist: at_reference.dist.map(|d| d.scaled(factor)),
            origin: at_reference.origin,
        }
    }

    fn compute_precision(&mut self, w: &WorkloadFile) -> Option<Precision> {
        let p = w.compute_precision.as_ref()?;
        if *p.get_ref() == Precision::Int4 {
            self.error(p.span(), "`compute_precision` must be bf16 or fp8 (int4 weights run their matmuls in bf16)");
        }
        Some(*p.get_ref())
    }

    pub(super) fn gpu(&mut self, id: &Spanned<String>) -> Option<Gpu> {
        match self.catalog.gpu(id.get_ref()) {
            Some(g) => Some(g.clone()),
            None => {
                let hint = suggest(id.get_ref(), self.catalog.gpus.iter().map(|g| g.id.as_str()));
                let help = match one_of(&hint) {
                    Some(h) => format!("did you mean {h}?"),
                    None => format!(
                        "known GPUs: {}",
                        self.catalog.gpus.iter().map(|g| g.id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.error(id.span(), format!("unknown GPU `{}`", id.get_ref())).help = Some(help);
                None
            }
        }
    }
}

impl Resolver<'_> {
    /// A DiLoCo worker is one node: sharding across nodes contradicts it.
    pub(super) fn refuse_diloco_sharding(&mut self, sharding: Sharding, at: std::ops::Range<usize>) {
        if !sharding.within_node() {
            self.error(
                at,
                format!("`sharding = \"{}\"` splits state across nodes, which DiLoCo does not", sharding.as_str()),
            )
            .help = Some("with `sync = \"diloco\"` use `sharding = \"dp\"`, `\"hybrid\"` or `\"auto\"`".into());
        }
    }

    /// The projections LoRA adapts: q, k, v and o unless the file names some of them.
    fn lora_targets(&mut self, w: &WorkloadFile) -> LoraTargets {
        let Some(list) = &w.lora_targets else { return LoraTargets::ATTENTION };
        let mut t = LoraTargets { q: false, k: false, v: false, o: false };
        for name in list.get_ref() {
            match name.as_str() {
                "q" => t.q = true,
                "k" => t.k = true,
                "v" => t.v = true,
                "o" => t.o = true,
                other => {
                    let shown = crate::base::text::printable(other).into_owned();
                    self.error(list.span(), format!("unknown LoRA target `{shown}`")).help =
                        Some("targets are among \"q\", \"k\", \"v\" and \"o\" (the attention projections)".into());
                }
            }
        }
        if !(t.q || t.k || t.v || t.o) {
            self.error(list.span(), "`lora_targets` is empty").help = Some("name at least one of q, k, v, o".into());
        }
        t
    }
}
