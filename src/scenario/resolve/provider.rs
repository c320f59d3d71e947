//! `[[providers]]`: offer, GPU, price and terms of each provider, with verification and privacy.

use super::{Resolver, one_of};
use crate::base::dist::{Dist, DistSpec};
use crate::base::text::suggest;
use crate::catalog::Offer;
use crate::catalog::ProviderKind;
use crate::model::Pricing;
use crate::model::fields::{self, Section};
use crate::model::{Autoscale, Fees, GpuTerms, Instances, Privacy, ProviderInputs, Terms, Verification, WorkloadKind};
use crate::scenario::file::{
    PrivacyFile, PrivacyKind, ProviderFile, Provisioning, ScenarioFile, VerificationFile, VerificationKind,
};
use crate::scenario::quantity::Quantity;
use crate::scenario::{Origin, Param, Provider, Warning};
use std::collections::BTreeMap;
use toml::Spanned;

/// Most providers in one scenario: 2,000 (about 2 GB of statistics on two cores at the defaults). Above
/// it a run would exhaust memory rather than fail clearly (issue 13).
pub const MAX_PROVIDERS: usize = 2_000;

/// The default key of the instance shapes of an offer that lists none.
const SHAPES_DEFAULT: &str = "provider.instance_shapes.unknown";

/// The shapes of an offer that lists none: powers of two up to one 8-GPU host (defaults.toml
/// `provider.instance_shapes.unknown`).
const DEFAULT_SHAPES: [u32; 4] = [1, 2, 4, 8];

impl Resolver<'_> {
    pub(super) fn providers(&mut self, file: &ScenarioFile, workload: WorkloadKind) -> Vec<Provider> {
        if file.providers.is_empty() {
            self.error(0..0, "the scenario has no `[[providers]]`").help =
                Some("add at least one, e.g. `[[providers]]` `id = \"aws\"` `offer = \"aws-p5-h100-od-2026\"`".into());
        }
        if let Some(extra) = file.providers.get(MAX_PROVIDERS) {
            self.error(
                extra.id.span(),
                format!(
                    "the scenario has {} providers, more than the {MAX_PROVIDERS} one run compares",
                    file.providers.len()
                ),
            )
            .help = Some("split it into several scenarios (each run's memory and time grow with its providers)".into());
            return Vec::new();
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut out = Vec::new();
        for p in &file.providers {
            let id = p.id.get_ref().trim().to_string();
            // Ids name files (`tornado-...-<id>`) and `--set` paths: a word, nothing that a path or a
            // terminal would read as more.
            if id.is_empty() || id.contains(|c: char| c.is_whitespace() || c.is_control() || "./\\".contains(c)) {
                self.error(
                    p.id.span(),
                    format!(
                        "provider id {:?} must be a non-empty word without spaces, dots, slashes or control characters",
                        p.id.get_ref()
                    ),
                );
            }
            if let Some(first) = seen.get(&id) {
                let line = *first;
                self.error(p.id.span(), format!("duplicate provider id `{id}`")).help =
                    Some(format!("the first `{id}` is at line {line}; ids must be unique"));
            } else {
                seen.insert(id.clone(), self.source.line_col(p.id.span().start).0);
            }
            let model = file.workload.model.as_ref().map(|m| m.get_ref().as_str());
            if let Some(provider) = self.provider(p, &id, workload, model) {
                out.push(provider);
            }
        }
        out
    }

    fn provider(
        &mut self,
        p: &ProviderFile,
        id: &str,
        workload: WorkloadKind,
        model: Option<&str>,
    ) -> Option<Provider> {
        let pricing = p.pricing.as_ref().map(|s| *s.get_ref());
        let token_offer = p.offer.as_ref().is_some_and(|o| self.catalog.token_offer(o.get_ref()).is_some());
        match (pricing, token_offer) {
            (Some(Pricing::PerToken), _) | (None, true) => return self.token_provider(p, id, workload, model),
            (Some(Pricing::PerGpuHour), true) => {
                let span = p.offer.as_ref().map_or(0..0, Spanned::span);
                self.error(span, "this offer is a token API, priced per token").help =
                    Some("remove `pricing = \"per_gpu_hour\"`, or pick a GPU offer (`computecost providers`)".into());
                return None;
            }
            _ => {}
        }
        let offer = match &p.offer {
            None => None,
            Some(o) => match self.catalog.offer(o.get_ref()) {
                Some(offer) => Some(offer.clone()),
                None => {
                    let ids = self.catalog.offers.iter().map(|x| x.id.as_str());
                    let tokens = self.catalog.token_offers.iter().map(|x| x.id.as_str());
                    let hint = suggest(o.get_ref(), ids.chain(tokens));
                    let help = match one_of(&hint) {
                        Some(h) => format!("did you mean {h}? (`computecost providers` lists offers)"),
                        None => "`computecost providers` lists the catalog's offers".to_string(),
                    };
                    self.error(o.span(), format!("unknown offer `{}`", o.get_ref())).help = Some(help);
                    return None;
                }
            },
        };
        self.refuse_terms(p, Pricing::PerGpuHour);
        let kind = self.provider_kind(p, id, offer.as_ref().map(|o| o.kind))?;
        let gpu = match (&p.gpu, &offer) {
            (Some(g), Some(o)) if g.get_ref() != &o.gpu && p.price_per_gpu_hour.is_none() => {
                self.error(g.span(), format!("offer `{}` prices GPU `{}`, not `{}`", o.id, o.gpu, g.get_ref())).help =
                    Some("give `price_per_gpu_hour` too, or pick an offer for this GPU".into());
                return None;
            }
            (Some(g), _) => self.gpu(g)?,
            (None, Some(o)) => self.catalog.gpu(&o.gpu).cloned()?,
            (None, None) => {
                self.error(p.id.span(), format!("provider `{id}` needs an `offer` or a `gpu`"));
                return None;
            }
        };
        let owned = kind == ProviderKind::Owned;
        if !self.owned_terms_allowed(p, owned) {
            return None;
        }
        let price = match (&p.price_per_gpu_hour, &offer) {
            // Set from the ownership costs once the terms are known (below).
            (None, None) if owned => Param { value: 0.0, dist: None, origin: Origin::Derived { how: String::new() } },
            (Some(q), _) => self.checked("price_per_gpu_hour", q),
            // An observed range becomes the price's spread: triangular around the published price, or uniform
            // when only the range is published.
            (None, Some(o)) => match (o.price_per_gpu_hour_usd, o.price_low_usd, o.price_high_usd) {
                (Some(v), Some(lo), Some(hi)) if lo < hi && (lo..=hi).contains(&v) => {
                    let dist = Dist::new(DistSpec::Triangular { low: lo, mode: v, high: hi }).ok();
                    let note = "triangular over the observed range, mode at the published price".to_string();
                    self.catalog_param(o, "price_per_gpu_hour_usd", v, dist, Some(note))
                }
                (Some(v), _, _) => self.catalog_param(o, "price_per_gpu_hour_usd", v, None, None),
                // A range of one value is that price.
                (None, Some(lo), Some(hi)) if lo == hi => self.catalog_param(o, "price_low_usd", lo, None, None),
                (None, Some(lo), Some(hi)) if lo < hi => {
                    self.warnings.push(Warning::new(
                        crate::base::warning::WarningKind::PriceRangeOnly,
                        format!(
                            "{id}: offer `{}` publishes only a range (${lo}-${hi}/GPU-h), priced as uniform over it",
                            o.id
                        ),
                    ));
                    let dist = Dist::new(DistSpec::Uniform { low: lo, high: hi }).ok();
                    let note = "uniform over the published range".to_string();
                    self.catalog_param(o, "price_low_usd..price_high_usd", (lo + hi) / 2.0, dist, Some(note))
                }
                _ => {
                    self.error(p.offer.as_ref().map_or(0..0, Spanned::span), format!("offer `{}` has no price", o.id));
                    return None;
                }
            },
            (None, None) => {
                self.error(p.id.span(), format!("provider `{id}` needs `price_per_gpu_hour` (or an `offer`)"));
                return None;
            }
        };
        let k = kind.as_str();
        let serving = workload == WorkloadKind::Inference;
        let utilization_key = if serving { "provider.utilization.serving" } else { "provider.utilization.batch" };
        let capacity = match (&p.capacity_gpus, &offer) {
            (Some(q), _) => Some(self.checked("capacity_gpus", q)),
            (None, Some(o)) => o.capacity_gpus.map(|c| Param {
                value: c,
                dist: None,
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
        let money =
            |r: &mut Self, name: &str, q: Option<&Quantity>, field: &'static str, usd: Option<f64>, unknown: &str| {
                match (q, &offer) {
                    (Some(q), _) => r.checked(name, q),
                    (None, Some(o)) if usd.is_some() => r.catalog_param(o, field, usd.unwrap_or_default(), None, None),
                    (None, _) => r.default(unknown, id),
                }
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
        let fees = Fees {
            fixed_monthly_fee: self.provider_field(
                workload,
                "fixed_monthly_fee",
                p.fixed_monthly_fee.as_ref(),
                "provider.fees",
                id,
            ),
            fee_fraction: self.provider_field(workload, "fee_fraction", p.fee_fraction.as_ref(), "provider.fees", id),
        };
        let terms = GpuTerms {
            price_per_gpu_hour: price,
            utilization: self.provider_field(workload, "utilization", p.utilization.as_ref(), utilization_key, id),
            capacity_gpus: capacity,
            rtt_ms: self.provider_field(workload, "rtt_ms", p.rtt_ms.as_ref(), &format!("provider.rtt_ms.{k}"), id),
            failure_rate_per_gpu_hour: self.provider_field(
                workload,
                "failure_rate_per_gpu_hour",
                p.failure_rate_per_gpu_hour.as_ref(),
                &format!("provider.failure_rate_per_gpu_hour.{k}"),
                id,
            ),
            restart_minutes: self.provider_field(
                workload,
                "restart_minutes",
                p.restart_minutes.as_ref(),
                "provider.restart_minutes",
                id,
            ),
            egress_per_gb: egress,
            storage_per_gb_month: storage,
            pue: self.provider_field(workload, "pue", p.pue.as_ref(), &format!("provider.pue.{k}"), id),
            grid_kg_co2e_per_kwh: self.provider_field(
                workload,
                "grid_kg_co2e_per_kwh",
                p.grid_kg_co2e_per_kwh.as_ref(),
                &format!("provider.grid_kg_co2e_per_kwh.{k}"),
                id,
            ),
            idle_power_fraction: self.provider_field(
                workload,
                "idle_power_fraction",
                p.idle_power_fraction.as_ref(),
                "provider.idle_power_fraction",
                id,
            ),
            ownership: if owned { Some(self.ownership(p, &gpu, id)) } else { None },
            gpus: p.gpus.as_ref().map(|q| self.checked("gpus", q)),
            network_gbs_per_gpu: self.provider_field(
                workload,
                "network_gbs_per_gpu",
                p.network_gbs_per_gpu.as_ref(),
                &format!("provider.network_gbs_per_gpu.{k}"),
                id,
            ),
            availability: self.provider_field(
                workload,
                "availability",
                p.availability.as_ref(),
                &format!("provider.availability.{k}"),
                id,
            ),
            plan: self.plan_choice(p, workload),
            checkpoint_write_gbs_per_gpu: self.provider_field(
                workload,
                "checkpoint_write_gbs_per_gpu",
                p.checkpoint_write_gbs_per_gpu.as_ref(),
                &format!("provider.checkpoint_write_gbs_per_gpu.{k}"),
                id,
            ),
            max_gpus_per_replica: self.provider_field(
                workload,
                "max_gpus_per_replica",
                p.max_gpus_per_replica.as_ref(),
                "provider.max_gpus_per_replica",
                id,
            ),
            instances: self.instances(p, offer.as_ref(), id, workload),
            autoscale: self.autoscale(p, id, workload),
            verification: self.verification(p.verification.as_ref(), workload, id),
            privacy: self.privacy(p.privacy.as_ref(), workload, id),
        };
        let mut terms = terms;
        if owned {
            self.derive_owned_price(&mut terms, &fees, &gpu, p);
        }
        let inputs = ProviderInputs { terms: Terms::Gpu(terms), fees };
        let name =
            p.name.as_deref().map(|n| crate::base::text::printable(n).into_owned()).unwrap_or_else(|| match &offer {
                Some(o) => format!("{} {} ({})", o.provider, gpu.short_name(), o.pricing_model.replace('_', "-")),
                None => id.to_string(),
            });
        let label = match (&p.name, &offer) {
            (Some(_), _) => name.clone(),
            (None, Some(o)) => o.provider.clone(),
            (None, None) if kind == ProviderKind::Owned => format!("Owned {}", gpu.short_name()),
            (None, None) => id.to_string(),
        };
        let commitment_months = match (kind, offer.as_ref().map(|o| o.pricing_model.as_str())) {
            (ProviderKind::Owned, _) => Some(0.0),
            (_, Some("reserved_1y")) => Some(12.0),
            (_, Some("reserved_3y")) => Some(36.0),
            _ => None,
        };
        Some(Provider {
            id: id.to_string(),
            name,
            label,
            kind,
            gpu: Some(gpu),
            offer: offer.map(|o| o.id),
            inputs,
            commitment_months,
            served_model: None,
        })
    }

    /// The provider's own way of training (training only; an error elsewhere).
    fn plan_choice(&mut self, p: &ProviderFile, workload: WorkloadKind) -> crate::model::PlanChoice {
        if workload != WorkloadKind::Training {
            let spans = [
                p.gpus.as_ref().map(|q| ("gpus", q.span.clone())),
                p.method.as_ref().map(|m| ("method", m.span())),
                p.sharding.as_ref().map(|m| ("sharding", m.span())),
                p.sync.as_ref().map(|m| ("sync", m.span())),
            ];
            for (name, span) in spans.into_iter().flatten() {
                self.error(span, format!("`{name}` on a provider applies to a training workload only"));
            }
            return crate::model::PlanChoice::default();
        }
        let sharding = p.sharding.as_ref().and_then(|s| s.get_ref().sharding());
        let sync = p.sync.as_ref().map(|s| *s.get_ref());
        let effective = sync.unwrap_or(self.training_sync);
        if let (crate::model::Sync::Diloco, Some(s), Some(at)) = (effective, sharding, p.sharding.as_ref()) {
            self.refuse_diloco_sharding(s, at.span());
        }
        crate::model::PlanChoice { method: p.method.as_ref().map(|m| *m.get_ref()), sharding, sync }
    }

    /// The instance shapes the provider rents: the scenario's, else the offer's, else the documented default
    /// (GPUs in powers of two up to one 8-GPU host, thin evidence).
    fn instances(&mut self, p: &ProviderFile, offer: Option<&Offer>, id: &str, workload: WorkloadKind) -> Instances {
        let linked = p.instances_linked.as_ref().map(|l| *l.get_ref()).or(offer.and_then(|o| o.instances_linked));
        let linked = linked.unwrap_or(false);
        if let Some(shapes) = &p.instance_shapes {
            let list = shapes.get_ref();
            let max = Instances::MAX_SHAPE;
            if list.is_empty() || list.iter().any(|&g| g == 0 || g > max) {
                self.error(
                    shapes.span(),
                    format!("`instance_shapes` needs GPU counts from 1 to {max}, e.g. [8] or [1, 2, 4, 8]"),
                );
            }
            return Instances::of(list, linked);
        }
        // An offer's shapes were checked when the catalog was read.
        let listed = offer.map(|o| o.shapes().unwrap_or_default()).unwrap_or_default();
        if !listed.is_empty() {
            return Instances::of(&listed, linked);
        }
        if workload == WorkloadKind::Inference {
            self.thin.entry(SHAPES_DEFAULT.to_string()).or_default().push(id.to_string());
        }
        Instances::of(&DEFAULT_SHAPES, linked)
    }

    /// Hour-by-hour scaling terms when `provisioning = "autoscale"`; errors for autoscale terms on a static
    /// provider or outside a serving workload.
    fn autoscale(&mut self, p: &ProviderFile, id: &str, workload: WorkloadKind) -> Option<Autoscale<Param>> {
        let auto = p.provisioning.as_ref().is_some_and(|v| *v.get_ref() == Provisioning::Autoscale);
        if let Some(v) = &p.provisioning
            && workload != WorkloadKind::Inference
        {
            self.error(v.span(), "`provisioning` applies to an inference workload").help =
                Some("training and GPU-hours jobs rent their GPUs for the job's duration".into());
            return None;
        }
        if !auto {
            for (name, q) in [("scale_up_minutes", &p.scale_up_minutes), ("billing_minutes", &p.billing_minutes)] {
                if let Some(q) = q {
                    self.error(q.span.clone(), format!("`{name}` applies to `provisioning = \"autoscale\"` only"))
                        .help = Some("add `provisioning = \"autoscale\"`, or remove it".into());
                }
            }
            return None;
        }
        Some(Autoscale {
            scale_up_minutes: self.or_default(
                "scale_up_minutes",
                p.scale_up_minutes.as_ref(),
                "provider.autoscale.scale_up_minutes",
                id,
            ),
            billing_minutes: self.or_default(
                "billing_minutes",
                p.billing_minutes.as_ref(),
                "provider.autoscale.billing_minutes",
                id,
            ),
        })
    }

    /// Errors for the terms a provider of `pricing` does not read: GPU terms on a token API, token prices
    /// on a GPU rental (model::fields, by section).
    pub(super) fn refuse_terms(&mut self, p: &ProviderFile, pricing: Pricing) {
        for (name, span) in p.given() {
            let Some(section) = fields::field(name).map(|f| f.section) else { continue };
            let gpu_only = matches!(section, Section::Gpu | Section::Verification | Section::Privacy);
            match pricing {
                Pricing::PerToken if gpu_only => {
                    self.error(span, format!("`{name}` does not apply to a provider priced per token")).help = Some(
                        "a token API takes input_usd_per_mtok, output_usd_per_mtok, cached_input_usd_per_mtok, \
                         ttft_ms, ttft_p95_ratio, output_tokens_per_s, rate_limit_rpm and fees"
                            .into(),
                    );
                }
                Pricing::PerGpuHour if section == Section::Token => {
                    self.error(span, format!("`{name}` applies to a provider priced per token")).help = Some(
                        "add `pricing = \"per_token\"` for a token API, or remove it from a provider renting GPUs"
                            .into(),
                    );
                }
                _ => {}
            }
        }
    }

    /// The provider's kind: as the file says, else its offer's; an error when neither gives one.
    pub(super) fn provider_kind(
        &mut self,
        p: &ProviderFile,
        id: &str,
        offer: Option<ProviderKind>,
    ) -> Option<ProviderKind> {
        match (&p.kind, offer) {
            (Some(k), _) => Some(*k.get_ref()),
            (None, Some(k)) => Some(k),
            (None, None) => {
                self.error(p.id.span(), format!("provider `{id}` needs an `offer` or a `kind`")).help =
                    Some("kind is one of centralized, marketplace, decentralized".into());
                None
            }
        }
    }

    fn verification(&mut self, v: Option<&VerificationFile>, workload: WorkloadKind, id: &str) -> Verification<Param> {
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
            ("recompute_fraction", v.recompute_fraction.as_ref().map(|q| q.span.clone())),
            ("prove_gpu_seconds_per_bparam_2k", v.prove_gpu_seconds_per_bparam_2k.as_ref().map(|q| q.span.clone())),
            ("overhead", v.overhead.as_ref().map(|q| q.span.clone())),
        ];
        for (name, span) in given {
            if let Some(span) = span
                && !allowed.contains(&name)
            {
                self.error(span, format!("`{name}` does not apply to verification kind `{}`", kind_name(kind))).help =
                    Some(format!(
                        "`{}` takes: {}",
                        kind_name(kind),
                        if allowed.is_empty() { "nothing".into() } else { allowed.join(", ") }
                    ));
            }
        }
        match kind {
            VerificationKind::None => Verification::None,
            VerificationKind::Replication => {
                let factor =
                    self.or_default("verification.factor", v.factor.as_ref(), "verification.replication.factor", id);
                Verification::Replication { factor }
            }
            VerificationKind::SpotCheck => {
                let rate =
                    self.required("verification.rate", v.rate.as_ref(), v.kind.span(), "a spot_check verification");
                if v.rate.is_none()
                    && let Some(d) = self.diagnostics.last_mut()
                {
                    d.help = Some("no provider publishes its sampling rate; give the fraction of work you will re-check, e.g. rate = 0.05".into());
                }
                let recompute_fraction = self.or_default(
                    "verification.recompute_fraction",
                    v.recompute_fraction.as_ref(),
                    "verification.spot_check.recompute_fraction",
                    id,
                );
                Verification::SpotCheck { rate, recompute_fraction }
            }
            VerificationKind::Zk => {
                if workload == WorkloadKind::GpuHours {
                    self.error(
                        v.kind.span(),
                        "zk verification needs a model: use it with an inference or training workload",
                    )
                    .help = Some("for GPU-hours work use replication or spot_check".into());
                }
                let rate = self.or_default(
                    "verification.prove_gpu_seconds_per_bparam_2k",
                    v.prove_gpu_seconds_per_bparam_2k.as_ref(),
                    "verification.zk.prove_gpu_seconds_per_bparam_2k",
                    id,
                );
                Verification::Zk { prove_gpu_seconds_per_bparam_2k: rate, synchronous: v.synchronous.unwrap_or(false) }
            }
            VerificationKind::TeeAttestation => {
                let overhead =
                    self.or_default("verification.overhead", v.overhead.as_ref(), "privacy.tee.overhead.inference", id);
                Verification::TeeAttestation { overhead }
            }
        }
    }

    fn privacy(&mut self, p: Option<&PrivacyFile>, workload: WorkloadKind, id: &str) -> Privacy<Param> {
        let Some(p) = p else { return Privacy::None };
        let kind = *p.kind.get_ref();
        if let (Some(q), false) = (&p.overhead, kind == PrivacyKind::Tee) {
            self.error(q.span.clone(), "`overhead` applies to privacy kind `tee` only");
        }
        if let (Some(q), false) = (&p.slowdown, kind == PrivacyKind::Fhe) {
            self.error(q.span.clone(), "`slowdown` applies to privacy kind `fhe` only");
        }
        match kind {
            PrivacyKind::None => Privacy::None,
            PrivacyKind::Tee => {
                // The TEE's cost depends on the work: a few % for inference, 18-32% for training on one GPU,
                // and several times the compute for data-parallel training across GPUs.
                let key = match workload {
                    WorkloadKind::Training if self.training_gpus > 1.0 => "privacy.tee.overhead.training_multi_gpu",
                    WorkloadKind::Training => "privacy.tee.overhead.training_single_gpu",
                    _ => "privacy.tee.overhead.inference",
                };
                let overhead = self.or_default("privacy.overhead", p.overhead.as_ref(), key, id);
                Privacy::Tee { overhead }
            }
            PrivacyKind::Fhe => {
                let slowdown = self.or_default("privacy.slowdown", p.slowdown.as_ref(), "privacy.fhe.slowdown", id);
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
