//! From the file as written to a [`Scenario`]: catalog offers and documented defaults fill what the file
//! leaves out, every figure keeps its origin, and every problem becomes a located [`Diagnostic`].

use super::diagnostic::{Diagnostic, Source};
use super::file::{
    BusinessFile, PrivacyFile, PrivacyKind, ProviderFile, ScenarioFile, VerificationFile,
    VerificationKind, WorkloadFile,
};
use super::quantity::Quantity;
use super::{Meta, Origin, Param, Provider, Scenario, Warning};
use crate::catalog::{Catalog, Offer, suggest};
use crate::model::{
    BusinessInputs, GpuHoursInputs, GpuHoursSetup, InferenceInputs, InferenceSetup, OverlapMode,
    Precision, Privacy, ProviderInputs, ScaleBy, TrainingInputs, TrainingSetup, Verification,
    WorkloadInputs, WorkloadKind, WorkloadSetup,
};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// What a numeric field must satisfy.
#[derive(Debug, Clone, Copy)]
enum Check {
    /// > 0.
    Positive,
    /// ≥ 0.
    NonNegative,
    /// In [0, 1].
    Fraction,
    /// In (0, 1].
    Efficiency,
    /// In [0, 1).
    Reserve,
    /// ≥ 1.
    AtLeastOne,
}

impl Check {
    fn holds(self, v: f64) -> bool {
        match self {
            Check::Positive => v > 0.0,
            Check::NonNegative => v >= 0.0,
            Check::Fraction => (0.0..=1.0).contains(&v),
            Check::Efficiency => v > 0.0 && v <= 1.0,
            Check::Reserve => (0.0..1.0).contains(&v),
            Check::AtLeastOne => v >= 1.0,
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Check::Positive => "a number greater than 0",
            Check::NonNegative => "a number of at least 0",
            Check::Fraction => "a fraction between 0 and 1",
            Check::Efficiency => "a fraction greater than 0 and at most 1",
            Check::Reserve => "a fraction of at least 0 and below 1",
            Check::AtLeastOne => "a number of at least 1",
        }
    }
}

pub(super) struct Resolver<'a> {
    source: &'a Source,
    catalog: &'a Catalog,
    diagnostics: Vec<Diagnostic>,
    /// Thin defaults used, with who used them.
    thin: BTreeMap<String, Vec<String>>,
    warnings: Vec<Warning>,
    usd_to_currency: f64,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(source: &'a Source, catalog: &'a Catalog) -> Self {
        Resolver {
            source,
            catalog,
            diagnostics: Vec::new(),
            thin: BTreeMap::new(),
            warnings: Vec::new(),
            usd_to_currency: 1.0,
        }
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(self.source.diagnostic(span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn from_file(&self, q: &Quantity) -> Param {
        let (line, column) = self.source.line_col(q.span.start);
        Param {
            value: q.value,
            origin: Origin::Scenario { line, column },
        }
    }

    fn checked(&mut self, name: &str, q: &Quantity, check: Check) -> Param {
        if !check.holds(q.value) {
            let d = self.error(
                q.span.clone(),
                format!("`{name}` must be {}, found {}", check.expected(), q.value),
            );
            if matches!(check, Check::Fraction | Check::Efficiency | Check::Reserve)
                && q.value > 1.0
            {
                d.help = Some(format!(
                    "fractions are written as 0.{:02}, not {}",
                    q.value.min(99.0) as u32,
                    q.value
                ));
            }
        }
        self.from_file(q)
    }

    /// The documented default `key`, noting thin evidence against `user`.
    fn default(&mut self, key: &str, user: &str) -> Param {
        match self.catalog.default_entry(key) {
            Ok(entry) => {
                if entry.thin {
                    self.thin
                        .entry(key.to_string())
                        .or_default()
                        .push(user.to_string());
                }
                Param {
                    value: entry.value,
                    origin: Origin::Default {
                        key: key.to_string(),
                    },
                }
            }
            Err(e) => {
                // A missing default is a catalog bug; report it instead of panicking.
                self.error(0..0, e.to_string());
                Param {
                    value: 0.0,
                    origin: Origin::Default {
                        key: key.to_string(),
                    },
                }
            }
        }
    }

    /// As [`Resolver::or_default`] for a provider field, without a thin-evidence caveat when `workload`
    /// does not read the field.
    #[allow(clippy::too_many_arguments)]
    fn provider_field(
        &mut self,
        workload: WorkloadKind,
        name: &'static str,
        q: Option<&Quantity>,
        check: Check,
        key: &str,
        user: &str,
    ) -> Param {
        if workload.uses_provider_field(name) {
            return self.or_default(name, q, check, key, user);
        }
        match q {
            Some(q) => self.checked(name, q, check),
            None => {
                let value = self.catalog.default_entry(key).map_or(0.0, |e| e.value);
                Param {
                    value,
                    origin: Origin::Default {
                        key: key.to_string(),
                    },
                }
            }
        }
    }

    /// The file's value if given (checked), else the documented default.
    fn or_default(
        &mut self,
        name: &str,
        q: Option<&Quantity>,
        check: Check,
        key: &str,
        user: &str,
    ) -> Param {
        match q {
            Some(q) => self.checked(name, q, check),
            None => self.default(key, user),
        }
    }

    /// The file's value, or an error at `at` saying it is missing.
    fn required(
        &mut self,
        name: &str,
        q: Option<&Quantity>,
        check: Check,
        at: Range<usize>,
        within: &str,
    ) -> Param {
        match q {
            Some(q) => self.checked(name, q, check),
            None => {
                self.error(at, format!("missing field `{name}` in {within}"));
                Param {
                    value: f64::NAN,
                    origin: Origin::Default {
                        key: "missing".into(),
                    },
                }
            }
        }
    }

    fn catalog_param(
        &self,
        offer: &Offer,
        field: &'static str,
        usd: f64,
        note: Option<String>,
    ) -> Param {
        Param {
            value: usd * self.usd_to_currency,
            origin: Origin::Catalog {
                offer: offer.id.clone(),
                field,
                source: offer.source.clone(),
                as_of: offer.as_of.clone(),
                note,
            },
        }
    }

    pub(super) fn resolve(
        mut self,
        file: ScenarioFile,
        stem: String,
    ) -> Result<Scenario, Vec<Diagnostic>> {
        let meta = self.meta(&file);
        let workload = self.workload(&file.workload);
        let business = file.business.as_ref().map(|b| self.business(b));
        let providers = self.providers(&file, *file.workload.kind.get_ref());
        let thin: Vec<Warning> = std::mem::take(&mut self.thin)
            .into_iter()
            .map(|(key, users)| {
                let entry = self.catalog.default_entry(&key).ok();
                let mut users = users;
                users.dedup();
                Warning {
                    code: "thin_default",
                    message: format!(
                        "thin evidence: `{key}` = {} {} (used by {})",
                        entry.map_or(0.0, |e| e.value),
                        entry.map_or("", |e| e.unit.as_str()),
                        users.join(", "),
                    ),
                    detail: entry.map_or(String::new(), |e| {
                        if e.note.is_empty() {
                            e.source.clone()
                        } else {
                            format!("{} {}", e.source, e.note)
                        }
                    }),
                }
            })
            .collect();
        let Some((workload, workload_inputs)) = workload.filter(|_| self.diagnostics.is_empty())
        else {
            return Err(self.diagnostics);
        };
        let mut warnings = self.warnings;
        warnings.extend(thin);
        Ok(Scenario {
            file: self.source.name.clone(),
            stem,
            meta,
            workload,
            workload_inputs,
            business,
            providers,
            warnings,
        })
    }

    fn meta(&mut self, file: &ScenarioFile) -> Meta {
        let m = &file.scenario;
        let currency = m
            .currency
            .as_ref()
            .map_or("USD".to_string(), |c| c.get_ref().trim().to_uppercase());
        if let Some(c) = &m.currency
            && (currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_alphabetic()))
        {
            self.error(
                c.span(),
                format!(
                    "`currency` must be a 3-letter ISO code such as \"USD\", found {:?}",
                    c.get_ref()
                ),
            );
        }
        self.usd_to_currency = match (&m.usd_to_currency, currency.as_str()) {
            (Some(rate), _) => self.checked("usd_to_currency", rate, Check::Positive).value,
            (None, "USD") => 1.0,
            (None, _) => {
                let span = m.currency.as_ref().map_or(0..0, |c| c.span());
                self.error(
                    span,
                    format!("scenario currency {currency} needs `usd_to_currency`"),
                )
                .help = Some(
                    "catalog prices are in USD; add e.g. `usd_to_currency = 0.92` to [scenario]"
                        .into(),
                );
                1.0
            }
        };
        let horizon = self.or_default(
            "horizon_months",
            m.horizon_months.as_ref(),
            Check::Positive,
            "scenario.horizon_months",
            "scenario",
        );
        Meta {
            name: m.name.clone(),
            description: m.description.trim().to_string(),
            currency,
            usd_to_currency: self.usd_to_currency,
            horizon_months: horizon.value,
        }
    }

    fn refuse_fields(&mut self, kind: WorkloadKind, fields: &[(&str, Option<Range<usize>>)]) {
        for (name, span) in fields {
            if let Some(span) = span {
                self.error(
                    span.clone(),
                    format!("`{name}` does not apply to a {} workload", kind.as_str()),
                );
            }
        }
    }

    fn model(&mut self, w: &WorkloadFile, kind: WorkloadKind) -> Option<crate::catalog::Model> {
        let Some(id) = &w.model else {
            self.error(
                w.kind.span(),
                format!("missing field `model` in a {} workload", kind.as_str()),
            )
            .help = Some(format!("pick one of: {}", self.model_ids()));
            return None;
        };
        match self.catalog.model(id.get_ref()) {
            Some(m) => Some(m.clone()),
            None => {
                let hint = suggest(
                    id.get_ref(),
                    self.catalog.models.iter().map(|m| m.id.as_str()),
                );
                let help = match hint.first() {
                    Some(h) => {
                        format!("did you mean `{h}`? (`computecost providers` lists the catalog)")
                    }
                    None => format!("known models: {}", self.model_ids()),
                };
                self.error(id.span(), format!("unknown model `{}`", id.get_ref()))
                    .help = Some(help);
                None
            }
        }
    }

    fn model_ids(&self) -> String {
        self.catalog
            .models
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn workload(&mut self, w: &WorkloadFile) -> Option<(WorkloadSetup, WorkloadInputs<Param>)> {
        let kind = *w.kind.get_ref();
        let at = w.kind.span();
        let span = |q: &Option<Quantity>| q.as_ref().map(|q| q.span.clone());
        let sspan = |s: Option<Range<usize>>| s;
        let inference_only = [
            ("requests_per_month", span(&w.requests_per_month)),
            ("input_tokens", span(&w.input_tokens)),
            ("output_tokens", span(&w.output_tokens)),
            ("cache_hit_fraction", span(&w.cache_hit_fraction)),
            ("batch_size", span(&w.batch_size)),
            ("latency_slo_ms", span(&w.latency_slo_ms)),
            ("ttft_slo_ms", span(&w.ttft_slo_ms)),
            ("tpot_slo_ms", span(&w.tpot_slo_ms)),
            (
                "weight_precision",
                sspan(w.weight_precision.as_ref().map(Spanned::span)),
            ),
            (
                "kv_precision",
                sspan(w.kv_precision.as_ref().map(Spanned::span)),
            ),
            ("overlap", sspan(w.overlap.as_ref().map(Spanned::span))),
            (
                "gpus_per_replica",
                sspan(w.gpus_per_replica.as_ref().map(Spanned::span)),
            ),
            ("mbu", span(&w.mbu)),
            ("serving_efficiency", span(&w.serving_efficiency)),
            ("min_replicas", span(&w.min_replicas)),
        ];
        let training_only = [
            ("training_tokens", span(&w.training_tokens)),
            ("gpus", span(&w.gpus)),
            ("state_bytes_per_param", span(&w.state_bytes_per_param)),
            ("runs_per_month", span(&w.runs_per_month)),
            ("deadline_days", span(&w.deadline_days)),
        ];
        let gpu_hours_only = [
            (
                "reference_gpu",
                sspan(w.reference_gpu.as_ref().map(Spanned::span)),
            ),
            ("gpu_hours_per_month", span(&w.gpu_hours_per_month)),
            ("scale_by", sspan(w.scale_by.as_ref().map(Spanned::span))),
            ("egress_gb_per_month", span(&w.egress_gb_per_month)),
            ("storage_gb", span(&w.storage_gb)),
        ];
        let model_based = [
            ("model", sspan(w.model.as_ref().map(Spanned::span))),
            ("mfu", span(&w.mfu)),
            (
                "compute_precision",
                sspan(w.compute_precision.as_ref().map(Spanned::span)),
            ),
            ("memory_reserve_fraction", span(&w.memory_reserve_fraction)),
            ("bytes_per_token", span(&w.bytes_per_token)),
        ];
        let user = "workload";
        match kind {
            WorkloadKind::Inference => {
                self.refuse_fields(kind, &training_only);
                self.refuse_fields(kind, &gpu_hours_only);
                let model = self.model(w, kind);
                let within = "[workload]";
                let inputs = InferenceInputs {
                    requests_per_month: self.required(
                        "requests_per_month",
                        w.requests_per_month.as_ref(),
                        Check::NonNegative,
                        at.clone(),
                        within,
                    ),
                    input_tokens: self.required(
                        "input_tokens",
                        w.input_tokens.as_ref(),
                        Check::Positive,
                        at.clone(),
                        within,
                    ),
                    output_tokens: self.required(
                        "output_tokens",
                        w.output_tokens.as_ref(),
                        Check::AtLeastOne,
                        at.clone(),
                        within,
                    ),
                    cache_hit_fraction: self.or_default(
                        "cache_hit_fraction",
                        w.cache_hit_fraction.as_ref(),
                        Check::Fraction,
                        "workload.cache_hit_fraction",
                        user,
                    ),
                    batch_size: self.required(
                        "batch_size",
                        w.batch_size.as_ref(),
                        Check::AtLeastOne,
                        at.clone(),
                        within,
                    ),
                    latency_slo_ms: w
                        .latency_slo_ms
                        .as_ref()
                        .map(|q| self.checked("latency_slo_ms", q, Check::Positive)),
                    ttft_slo_ms: w
                        .ttft_slo_ms
                        .as_ref()
                        .map(|q| self.checked("ttft_slo_ms", q, Check::Positive)),
                    tpot_slo_ms: w
                        .tpot_slo_ms
                        .as_ref()
                        .map(|q| self.checked("tpot_slo_ms", q, Check::Positive)),
                    mfu: self.or_default(
                        "mfu",
                        w.mfu.as_ref(),
                        Check::Efficiency,
                        "workload.mfu.inference",
                        user,
                    ),
                    mbu: self.or_default(
                        "mbu",
                        w.mbu.as_ref(),
                        Check::Efficiency,
                        "workload.mbu",
                        user,
                    ),
                    serving_efficiency: self.or_default(
                        "serving_efficiency",
                        w.serving_efficiency.as_ref(),
                        Check::Efficiency,
                        "workload.serving_efficiency",
                        user,
                    ),
                    memory_reserve_fraction: self.or_default(
                        "memory_reserve_fraction",
                        w.memory_reserve_fraction.as_ref(),
                        Check::Reserve,
                        "workload.memory_reserve_fraction",
                        user,
                    ),
                    min_replicas: self.or_default(
                        "min_replicas",
                        w.min_replicas.as_ref(),
                        Check::NonNegative,
                        "workload.min_replicas",
                        user,
                    ),
                    bytes_per_token: self.or_default(
                        "bytes_per_token",
                        w.bytes_per_token.as_ref(),
                        Check::Positive,
                        "bytes_per_token",
                        user,
                    ),
                };
                let weight_precision = w
                    .weight_precision
                    .as_ref()
                    .map_or(Precision::Bf16, |p| *p.get_ref());
                let kv_precision = w
                    .kv_precision
                    .as_ref()
                    .map_or(Precision::Bf16, |p| *p.get_ref());
                if let Some(p) = &w.kv_precision
                    && *p.get_ref() == Precision::Int4
                {
                    self.error(p.span(), "`kv_precision` must be bf16 or fp8");
                }
                let compute_precision = w.compute_precision.as_ref().map(|p| *p.get_ref());
                if let Some(p) = &w.compute_precision
                    && *p.get_ref() == Precision::Int4
                {
                    self.error(p.span(), "`compute_precision` must be bf16 or fp8 (int4 weights run their matmuls in bf16)");
                }
                if let Some(g) = &w.gpus_per_replica
                    && *g.get_ref() == 0
                {
                    self.error(g.span(), "`gpus_per_replica` must be at least 1");
                }
                let setup = model.map(|model| {
                    WorkloadSetup::Inference(InferenceSetup {
                        model,
                        weight_precision,
                        kv_precision,
                        compute_precision,
                        overlap: w
                            .overlap
                            .as_ref()
                            .map_or(OverlapMode::Chunked, |o| *o.get_ref()),
                        gpus_per_replica: w.gpus_per_replica.as_ref().map(|g| *g.get_ref()),
                    })
                });
                setup.map(|s| (s, WorkloadInputs::Inference(inputs)))
            }
            WorkloadKind::Training => {
                self.refuse_fields(kind, &inference_only);
                self.refuse_fields(kind, &gpu_hours_only);
                let model = self.model(w, kind);
                let within = "[workload]";
                let inputs = TrainingInputs {
                    training_tokens: self.required(
                        "training_tokens",
                        w.training_tokens.as_ref(),
                        Check::Positive,
                        at.clone(),
                        within,
                    ),
                    gpus: self.required(
                        "gpus",
                        w.gpus.as_ref(),
                        Check::AtLeastOne,
                        at.clone(),
                        within,
                    ),
                    mfu: self.or_default(
                        "mfu",
                        w.mfu.as_ref(),
                        Check::Efficiency,
                        "workload.mfu.training",
                        user,
                    ),
                    state_bytes_per_param: self.or_default(
                        "state_bytes_per_param",
                        w.state_bytes_per_param.as_ref(),
                        Check::Positive,
                        "workload.state_bytes_per_param",
                        user,
                    ),
                    runs_per_month: self.or_default(
                        "runs_per_month",
                        w.runs_per_month.as_ref(),
                        Check::NonNegative,
                        "workload.runs_per_month",
                        user,
                    ),
                    deadline_days: w
                        .deadline_days
                        .as_ref()
                        .map(|q| self.checked("deadline_days", q, Check::Positive)),
                    memory_reserve_fraction: self.or_default(
                        "memory_reserve_fraction",
                        w.memory_reserve_fraction.as_ref(),
                        Check::Reserve,
                        "workload.memory_reserve_fraction",
                        user,
                    ),
                    bytes_per_token: self.or_default(
                        "bytes_per_token",
                        w.bytes_per_token.as_ref(),
                        Check::Positive,
                        "bytes_per_token",
                        user,
                    ),
                };
                let compute_precision = w
                    .compute_precision
                    .as_ref()
                    .map_or(Precision::Bf16, |p| *p.get_ref());
                if let Some(p) = &w.compute_precision
                    && *p.get_ref() == Precision::Int4
                {
                    self.error(p.span(), "`compute_precision` must be bf16 or fp8");
                }
                let setup = model.map(|model| {
                    WorkloadSetup::Training(TrainingSetup {
                        model,
                        compute_precision,
                    })
                });
                setup.map(|s| (s, WorkloadInputs::Training(inputs)))
            }
            WorkloadKind::GpuHours => {
                self.refuse_fields(kind, &inference_only);
                self.refuse_fields(kind, &training_only);
                self.refuse_fields(kind, &model_based);
                let within = "[workload]";
                let inputs = GpuHoursInputs {
                    gpu_hours_per_month: self.required(
                        "gpu_hours_per_month",
                        w.gpu_hours_per_month.as_ref(),
                        Check::NonNegative,
                        at.clone(),
                        within,
                    ),
                    egress_gb_per_month: self.or_default(
                        "egress_gb_per_month",
                        w.egress_gb_per_month.as_ref(),
                        Check::NonNegative,
                        "workload.egress_gb_per_month",
                        user,
                    ),
                    storage_gb: self.or_default(
                        "storage_gb",
                        w.storage_gb.as_ref(),
                        Check::NonNegative,
                        "workload.storage_gb",
                        user,
                    ),
                };
                let reference = match &w.reference_gpu {
                    None => {
                        self.error(
                            at.clone(),
                            "missing field `reference_gpu` in a gpu_hours workload",
                        );
                        None
                    }
                    Some(id) => self.gpu(id),
                };
                let setup = reference.map(|reference_gpu| {
                    WorkloadSetup::GpuHours(GpuHoursSetup {
                        reference_gpu,
                        scale_by: w.scale_by.as_ref().map_or(ScaleBy::Flops, |s| *s.get_ref()),
                    })
                });
                setup.map(|s| (s, WorkloadInputs::GpuHours(inputs)))
            }
        }
    }

    fn gpu(&mut self, id: &Spanned<String>) -> Option<crate::catalog::Gpu> {
        match self.catalog.gpu(id.get_ref()) {
            Some(g) => Some(g.clone()),
            None => {
                let hint = suggest(
                    id.get_ref(),
                    self.catalog.gpus.iter().map(|g| g.id.as_str()),
                );
                let help = match hint.first() {
                    Some(h) => format!("did you mean `{h}`?"),
                    None => format!(
                        "known GPUs: {}",
                        self.catalog
                            .gpus
                            .iter()
                            .map(|g| g.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.error(id.span(), format!("unknown GPU `{}`", id.get_ref()))
                    .help = Some(help);
                None
            }
        }
    }

    fn business(&mut self, b: &Spanned<BusinessFile>) -> BusinessInputs<Param> {
        let at = b.span();
        let f = b.get_ref();
        let within = "[business]";
        let user = "business";
        BusinessInputs {
            revenue_per_month: self.required(
                "revenue_per_month",
                f.revenue_per_month.as_ref(),
                Check::Positive,
                at.clone(),
                within,
            ),
            operational_costs_per_month: self.required(
                "operational_costs_per_month",
                f.operational_costs_per_month.as_ref(),
                Check::NonNegative,
                at.clone(),
                within,
            ),
            labor_costs_per_month: self.required(
                "labor_costs_per_month",
                f.labor_costs_per_month.as_ref(),
                Check::NonNegative,
                at.clone(),
                within,
            ),
            operational_savings: self.or_default(
                "operational_savings",
                f.operational_savings.as_ref(),
                Check::Fraction,
                "business.operational_savings",
                user,
            ),
            labor_savings: self.or_default(
                "labor_savings",
                f.labor_savings.as_ref(),
                Check::Fraction,
                "business.labor_savings",
                user,
            ),
            adoption_months: self.or_default(
                "adoption_months",
                f.adoption_months.as_ref(),
                Check::NonNegative,
                "business.adoption_months",
                user,
            ),
            other_ai_costs_per_month: self.or_default(
                "other_ai_costs_per_month",
                f.other_ai_costs_per_month.as_ref(),
                Check::NonNegative,
                "business.other_ai_costs",
                user,
            ),
            implementation_cost: self.or_default(
                "implementation_cost",
                f.implementation_cost.as_ref(),
                Check::NonNegative,
                "business.implementation_cost",
                user,
            ),
        }
    }

    fn providers(&mut self, file: &ScenarioFile, workload: WorkloadKind) -> Vec<Provider> {
        if file.providers.is_empty() {
            self.error(0..0, "the scenario has no `[[providers]]`")
                .help = Some("add at least one, e.g. `[[providers]]` `id = \"aws\"` `offer = \"aws-p5-h100-od-2026\"`".into());
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut out = Vec::new();
        for p in &file.providers {
            let id = p.id.get_ref().trim().to_string();
            if id.is_empty() || id.contains(char::is_whitespace) || id.contains('.') {
                self.error(
                    p.id.span(),
                    format!(
                        "provider id {:?} must be a non-empty word without spaces or dots",
                        p.id.get_ref()
                    ),
                );
            }
            if let Some(first) = seen.get(&id) {
                let line = *first;
                self.error(p.id.span(), format!("duplicate provider id `{id}`"))
                    .help = Some(format!(
                    "the first `{id}` is at line {line}; ids must be unique"
                ));
            } else {
                seen.insert(id.clone(), self.source.line_col(p.id.span().start).0);
            }
            if let Some(provider) = self.provider(p, &id, workload) {
                out.push(provider);
            }
        }
        out
    }

    fn provider(&mut self, p: &ProviderFile, id: &str, workload: WorkloadKind) -> Option<Provider> {
        let offer = match &p.offer {
            None => None,
            Some(o) => match self.catalog.offer(o.get_ref()) {
                Some(offer) => Some(offer.clone()),
                None => {
                    let hint = suggest(
                        o.get_ref(),
                        self.catalog.offers.iter().map(|x| x.id.as_str()),
                    );
                    let help = match hint.first() {
                        Some(h) => {
                            format!("did you mean `{h}`? (`computecost providers` lists offers)")
                        }
                        None => "`computecost providers` lists the catalog's offers".to_string(),
                    };
                    self.error(o.span(), format!("unknown offer `{}`", o.get_ref()))
                        .help = Some(help);
                    return None;
                }
            },
        };
        let kind = match (&p.kind, &offer) {
            (Some(k), _) => *k.get_ref(),
            (None, Some(o)) => o.kind,
            (None, None) => {
                self.error(
                    p.id.span(),
                    format!("provider `{id}` needs an `offer` or a `kind`"),
                )
                .help = Some("kind is one of centralized, marketplace, decentralized".into());
                return None;
            }
        };
        let gpu = match (&p.gpu, &offer) {
            (Some(g), Some(o)) if g.get_ref() != &o.gpu && p.price_per_gpu_hour.is_none() => {
                self.error(
                    g.span(),
                    format!(
                        "offer `{}` prices GPU `{}`, not `{}`",
                        o.id,
                        o.gpu,
                        g.get_ref()
                    ),
                )
                .help = Some("give `price_per_gpu_hour` too, or pick an offer for this GPU".into());
                return None;
            }
            (Some(g), _) => self.gpu(g)?,
            (None, Some(o)) => self.catalog.gpu(&o.gpu).cloned()?,
            (None, None) => {
                self.error(
                    p.id.span(),
                    format!("provider `{id}` needs an `offer` or a `gpu`"),
                );
                return None;
            }
        };
        let price = match (&p.price_per_gpu_hour, &offer) {
            (Some(q), _) => self.checked("price_per_gpu_hour", q, Check::Positive),
            (None, Some(o)) => {
                match (o.price_per_gpu_hour_usd, o.price_low_usd, o.price_high_usd) {
                    (Some(v), _, _) => self.catalog_param(o, "price_per_gpu_hour_usd", v, None),
                    (None, Some(lo), Some(hi)) => {
                        self.warnings.push(Warning::new(
                        "price_range_midpoint",
                        format!("{id}: offer `{}` publishes only a range (${lo}-${hi}/GPU-h); its midpoint is used", o.id),
                    ));
                        self.catalog_param(
                            o,
                            "price_low_usd..price_high_usd",
                            (lo + hi) / 2.0,
                            Some("midpoint of the published range".into()),
                        )
                    }
                    _ => {
                        self.error(
                            p.offer.as_ref().map_or(0..0, Spanned::span),
                            format!("offer `{}` has no price", o.id),
                        );
                        return None;
                    }
                }
            }
            (None, None) => {
                self.error(
                    p.id.span(),
                    format!("provider `{id}` needs `price_per_gpu_hour` (or an `offer`)"),
                );
                return None;
            }
        };
        let k = kind.as_str();
        let serving = workload == WorkloadKind::Inference;
        let utilization_key = if serving {
            "provider.utilization.serving"
        } else {
            "provider.utilization.batch"
        };
        let capacity = match (&p.capacity_gpus, &offer) {
            (Some(q), _) => Some(self.checked("capacity_gpus", q, Check::Positive)),
            (None, Some(o)) => o.capacity_gpus.map(|c| Param {
                value: c,
                origin: Origin::Catalog {
                    offer: o.id.clone(),
                    field: "capacity_gpus",
                    source: o.source.clone(),
                    as_of: o.as_of.clone(),
                    note: None,
                },
            }),
            (None, None) => None,
        };
        let money = |r: &mut Self,
                     name: &str,
                     q: Option<&Quantity>,
                     field: &'static str,
                     usd: Option<f64>,
                     unknown: &str| match (q, &offer) {
            (Some(q), _) => r.checked(name, q, Check::NonNegative),
            (None, Some(o)) if usd.is_some() => {
                r.catalog_param(o, field, usd.unwrap_or_default(), None)
            }
            (None, _) => r.default(unknown, id),
        };
        let egress = money(
            self,
            "egress_per_gb",
            p.egress_per_gb.as_ref(),
            "egress_usd_per_gb",
            offer.as_ref().and_then(|o| o.egress_usd_per_gb),
            "provider.egress_per_gb.unknown",
        );
        let storage = money(
            self,
            "storage_per_gb_month",
            p.storage_per_gb_month.as_ref(),
            "storage_usd_per_gb_month",
            offer.as_ref().and_then(|o| o.storage_usd_per_gb_month),
            "provider.storage_per_gb_month.unknown",
        );
        let inputs = ProviderInputs {
            price_per_gpu_hour: price,
            utilization: self.provider_field(
                workload,
                "utilization",
                p.utilization.as_ref(),
                Check::Efficiency,
                utilization_key,
                id,
            ),
            capacity_gpus: capacity,
            rtt_ms: self.provider_field(
                workload,
                "rtt_ms",
                p.rtt_ms.as_ref(),
                Check::NonNegative,
                &format!("provider.rtt_ms.{k}"),
                id,
            ),
            failure_rate_per_gpu_hour: self.provider_field(
                workload,
                "failure_rate_per_gpu_hour",
                p.failure_rate_per_gpu_hour.as_ref(),
                Check::NonNegative,
                &format!("provider.failure_rate_per_gpu_hour.{k}"),
                id,
            ),
            restart_minutes: self.provider_field(
                workload,
                "restart_minutes",
                p.restart_minutes.as_ref(),
                Check::NonNegative,
                "provider.restart_minutes",
                id,
            ),
            egress_per_gb: egress,
            storage_per_gb_month: storage,
            fixed_monthly_fee: self.provider_field(
                workload,
                "fixed_monthly_fee",
                p.fixed_monthly_fee.as_ref(),
                Check::NonNegative,
                "provider.fees",
                id,
            ),
            fee_fraction: self.provider_field(
                workload,
                "fee_fraction",
                p.fee_fraction.as_ref(),
                Check::Fraction,
                "provider.fees",
                id,
            ),
            interconnect_efficiency: self.provider_field(
                workload,
                "interconnect_efficiency",
                p.interconnect_efficiency.as_ref(),
                Check::Efficiency,
                &format!("provider.interconnect_efficiency.{k}"),
                id,
            ),
            checkpoint_write_gbs_per_gpu: self.provider_field(
                workload,
                "checkpoint_write_gbs_per_gpu",
                p.checkpoint_write_gbs_per_gpu.as_ref(),
                Check::Positive,
                &format!("provider.checkpoint_write_gbs_per_gpu.{k}"),
                id,
            ),
            max_gpus_per_replica: self.provider_field(
                workload,
                "max_gpus_per_replica",
                p.max_gpus_per_replica.as_ref(),
                Check::AtLeastOne,
                "provider.max_gpus_per_replica",
                id,
            ),
            verification: self.verification(p.verification.as_ref(), workload, id),
            privacy: self.privacy(p.privacy.as_ref(), workload, id),
        };
        let name = p.name.clone().unwrap_or_else(|| match &offer {
            Some(o) => format!(
                "{} {} ({})",
                o.provider,
                gpu.short_name(),
                o.pricing_model.replace('_', "-")
            ),
            None => id.to_string(),
        });
        Some(Provider {
            id: id.to_string(),
            name,
            kind,
            gpu,
            offer: offer.map(|o| o.id),
            inputs,
        })
    }

    fn verification(
        &mut self,
        v: Option<&VerificationFile>,
        workload: WorkloadKind,
        id: &str,
    ) -> Verification<Param> {
        let Some(v) = v else {
            return Verification::None;
        };
        let kind = *v.kind.get_ref();
        let allowed: &[&str] = match kind {
            VerificationKind::None => &[],
            VerificationKind::Replication => &["factor"],
            VerificationKind::SpotCheck => &["rate", "recompute_fraction"],
            VerificationKind::Zk => &["prove_gpu_seconds_per_bparam_2k", "synchronous"],
            VerificationKind::TeeAttestation => &["overhead"],
        };
        let given = [
            ("factor", v.factor.as_ref().map(|q| q.span.clone())),
            ("rate", v.rate.as_ref().map(|q| q.span.clone())),
            (
                "recompute_fraction",
                v.recompute_fraction.as_ref().map(|q| q.span.clone()),
            ),
            (
                "prove_gpu_seconds_per_bparam_2k",
                v.prove_gpu_seconds_per_bparam_2k
                    .as_ref()
                    .map(|q| q.span.clone()),
            ),
            ("overhead", v.overhead.as_ref().map(|q| q.span.clone())),
        ];
        for (name, span) in given {
            if let Some(span) = span
                && !allowed.contains(&name)
            {
                self.error(
                    span,
                    format!(
                        "`{name}` does not apply to verification kind `{}`",
                        kind_name(kind)
                    ),
                )
                .help = Some(format!(
                    "`{}` takes: {}",
                    kind_name(kind),
                    if allowed.is_empty() {
                        "nothing".into()
                    } else {
                        allowed.join(", ")
                    }
                ));
            }
        }
        match kind {
            VerificationKind::None => Verification::None,
            VerificationKind::Replication => {
                let factor = self.or_default(
                    "factor",
                    v.factor.as_ref(),
                    Check::AtLeastOne,
                    "verification.replication.factor",
                    id,
                );
                Verification::Replication { factor }
            }
            VerificationKind::SpotCheck => {
                let rate = self.required(
                    "rate",
                    v.rate.as_ref(),
                    Check::Fraction,
                    v.kind.span(),
                    "a spot_check verification",
                );
                if v.rate.is_none()
                    && let Some(d) = self.diagnostics.last_mut()
                {
                    d.help = Some("no provider publishes its sampling rate; give the fraction of work you will re-check, e.g. rate = 0.05".into());
                }
                let recompute_fraction = self.or_default(
                    "recompute_fraction",
                    v.recompute_fraction.as_ref(),
                    Check::Fraction,
                    "verification.spot_check.recompute_fraction",
                    id,
                );
                Verification::SpotCheck {
                    rate,
                    recompute_fraction,
                }
            }
            VerificationKind::Zk => {
                if workload == WorkloadKind::GpuHours {
                    self.error(v.kind.span(), "zk verification needs a model: use it with an inference or training workload")
                        .help = Some("for GPU-hours work use replication or spot_check".into());
                }
                let rate = self.or_default(
                    "prove_gpu_seconds_per_bparam_2k",
                    v.prove_gpu_seconds_per_bparam_2k.as_ref(),
                    Check::Positive,
                    "verification.zk.prove_gpu_seconds_per_bparam_2k",
                    id,
                );
                Verification::Zk {
                    prove_gpu_seconds_per_bparam_2k: rate,
                    synchronous: v.synchronous.unwrap_or(false),
                }
            }
            VerificationKind::TeeAttestation => {
                let overhead = self.or_default(
                    "overhead",
                    v.overhead.as_ref(),
                    Check::NonNegative,
                    "privacy.tee.overhead.inference",
                    id,
                );
                Verification::TeeAttestation { overhead }
            }
        }
    }

    fn privacy(
        &mut self,
        p: Option<&PrivacyFile>,
        workload: WorkloadKind,
        id: &str,
    ) -> Privacy<Param> {
        let Some(p) = p else { return Privacy::None };
        let kind = *p.kind.get_ref();
        if let (Some(q), false) = (&p.overhead, kind == PrivacyKind::Tee) {
            self.error(
                q.span.clone(),
                "`overhead` applies to privacy kind `tee` only",
            );
        }
        if let (Some(q), false) = (&p.slowdown, kind == PrivacyKind::Fhe) {
            self.error(
                q.span.clone(),
                "`slowdown` applies to privacy kind `fhe` only",
            );
        }
        match kind {
            PrivacyKind::None => Privacy::None,
            PrivacyKind::Tee => {
                // The TEE's cost depends on the work: a few % for inference, far more for multi-GPU training.
                let key = match workload {
                    WorkloadKind::Training => "privacy.tee.overhead.training_multi_gpu",
                    _ => "privacy.tee.overhead.inference",
                };
                let overhead =
                    self.or_default("overhead", p.overhead.as_ref(), Check::NonNegative, key, id);
                Privacy::Tee { overhead }
            }
            PrivacyKind::Fhe => {
                let slowdown = self.or_default(
                    "slowdown",
                    p.slowdown.as_ref(),
                    Check::AtLeastOne,
                    "privacy.fhe.slowdown",
                    id,
                );
                Privacy::Fhe { slowdown }
            }
        }
    }
}

fn kind_name(kind: VerificationKind) -> &'static str {
    match kind {
        VerificationKind::None => "none",
        VerificationKind::Replication => "replication",
        VerificationKind::SpotCheck => "spot_check",
        VerificationKind::Zk => "zk",
        VerificationKind::TeeAttestation => "tee_attestation",
    }
}
