//! From the file as written to a [`Scenario`]: catalog offers and documented defaults fill what the file
//! leaves out, every figure keeps its origin, and every problem becomes a located [`Diagnostic`].
//! This file holds the resolver's machinery, `[scenario]` and `[business]`; `workload` and `provider`
//! resolve the other sections.

mod owned;
mod provider;
mod tokens;
mod workload;

use super::file::{BusinessFile, ScenarioFile, WorkloadFile};
use super::quantity::{Quantity, QuantityValue};
use super::{Meta, Origin, Param, Scenario, Warning};
use crate::base::diagnostic::{Diagnostic, Location, Source};
use crate::base::dist::{Dist, DistSpec};
use crate::base::format::compact;
use crate::base::text::suggest;
use crate::catalog::{Catalog, Offer};
use crate::model::fields::{self, Check};
use crate::model::{BusinessInputs, WorkloadKind};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// The longest chart label, in characters, before the id a shared label gains (a provider's `name` is cut
/// to it with "…").
pub const LABEL_MAX_CHARS: usize = 40;

pub(super) struct Resolver<'a> {
    source: &'a Source,
    catalog: &'a Catalog,
    diagnostics: Vec<Diagnostic>,
    /// Thin defaults used, with who used them.
    thin: BTreeMap<String, Vec<String>>,
    warnings: Vec<Warning>,
    usd_to_currency: f64,
    /// Priors of the defaults used so far, by key.
    default_dists: BTreeMap<String, Option<Dist>>,
    /// GPUs a training run asks for (point value): picks the TEE overhead default.
    training_gpus: f64,
    /// How the workload synchronises (training): a provider's own sharding is checked against it.
    training_sync: crate::model::Sync,
    /// The catalog entries the workload names: its model, or the GPU its hours were measured on.
    named: (Option<crate::catalog::Model>, Option<crate::catalog::Gpu>),
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
            training_gpus: 0.0,
            training_sync: crate::model::Sync::Step,
            named: (None, None),
            default_dists: BTreeMap::new(),
        }
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(self.source.diagnostic(span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn param_at(&self, q: &Quantity) -> Param {
        let origin = match self.source.locate(q.span.start) {
            Location::File { line, column } => Origin::Scenario { line, column },
            Location::Override { arg, .. } => Origin::Override { arg },
        };
        match &q.value {
            QuantityValue::Fixed(v) => Param { value: *v, dist: None, origin },
            QuantityValue::Dist(d) => Param { value: d.median(), dist: Some(d.clone()), origin },
            QuantityValue::Invalid { .. } => Param { value: f64::NAN, dist: None, origin },
        }
    }

    /// The file's value of the field at `path` (`verification.rate`), with the field's range applied to a
    /// number or to the whole support of a distribution, and its limits to the number or to the
    /// distribution's 0.1st and 99.9th percentiles (model::fields).
    fn checked(&mut self, path: &str, q: &Quantity) -> Param {
        let Some(field) = fields::field(path).filter(|f| f.check.is_some()) else {
            // A resolver reading a field the table does not hold is a bug; say so rather than panic.
            self.error(q.span.clone(), format!("internal: no facts for the input `{path}`"));
            return self.param_at(q);
        };
        let (name, check) = (field.key(), field.check.unwrap_or(Check::NonNegative));
        let too_big = |v: f64, usd: f64| -> Option<String> {
            let (max, unit) = field.max?;
            let max = if unit.starts_with("USD") { max * usd } else { max };
            (v > max).then(|| {
                let unit = if unit.starts_with("USD") && usd != 1.0 {
                    format!("{unit}, times usd_to_currency")
                } else {
                    unit.to_string()
                };
                format!("{} ({unit})", compact(max))
            })
        };
        let help = "limits catch typos and unit slips (a price per instance rather than per GPU, a count with \
                    extra zeros, a percentage for a fraction); docs/MODEL.md, \"Input limits\", lists them";
        match &q.value {
            QuantityValue::Fixed(v) => {
                let v = *v;
                let floor = field.min.filter(|(min, _)| v > 0.0 && v < *min);
                if let Some((min, unit)) = floor {
                    self.error(
                        q.span.clone(),
                        format!("`{name}` = {v:e} is below the smallest value accepted, {min} ({unit})"),
                    )
                    .help = Some(help.into());
                } else if let Some(max) = too_big(v, self.usd_to_currency) {
                    self.error(
                        q.span.clone(),
                        format!("`{name}` = {} is above the largest value accepted, {max}", compact(v)),
                    )
                    .help = Some(help.into());
                } else if field.whole && v.fract() != 0.0 && check.holds(v) {
                    self.error(q.span.clone(), format!("`{name}` counts whole things: found {v}")).help =
                        Some(format!("write {} or {}", v.floor().max(1.0), v.ceil()));
                }
                if !check.holds(v) {
                    let d = self.error(q.span.clone(), format!("`{name}` must be {}, found {v}", check.expected()));
                    if matches!(check, Check::Fraction | Check::Efficiency | Check::Reserve) && v > 1.0 {
                        d.help = Some(format!("fractions are written as 0.{:02}, not {v}", v.min(99.0) as u32));
                    }
                    if field.volume && v == 0.0 {
                        d.help = Some(
                            "the cost per unit of work divides by the volume: a month of none has no cost per unit"
                                .into(),
                        );
                    }
                }
            }
            QuantityValue::Dist(d) => {
                let (lo, hi) = d.support();
                let top = d.quantile(0.999);
                let bottom = d.quantile(0.001);
                let floor = field.min.filter(|(min, _)| bottom < *min && lo >= 0.0);
                if let Some((min, unit)) = floor {
                    self.error(
                        q.span.clone(),
                        format!(
                            "`{name}`: {d} reaches {bottom:e} at its 0.1st percentile, below the smallest value accepted, {min} ({unit})"
                        ),
                    )
                    .help = Some(help.into());
                }
                if let Some(max) = too_big(top, self.usd_to_currency) {
                    self.error(
                        q.span.clone(),
                        format!(
                            "`{name}`: {d} reaches {} at its 99.9th percentile, above the largest value accepted, {max}",
                            compact(top)
                        ),
                    )
                    .help = Some(help.into());
                }
                if !check.holds(lo) || !check.holds(hi) {
                    let shown = |x: f64| {
                        if x.is_infinite() { format!("{}∞", if x < 0.0 { "-" } else { "" }) } else { format!("{x}") }
                    };
                    let message = format!(
                        "`{name}` must be {}, but {d} ranges over [{}, {}]",
                        check.expected(),
                        shown(lo),
                        shown(hi)
                    );
                    let diag = self.error(q.span.clone(), message);
                    if matches!(d.spec(), DistSpec::Normal { .. }) {
                        diag.help = Some("truncate the normal with `min` and `max`".into());
                    }
                }
            }
            QuantityValue::Invalid { message, span } => {
                let span = span.clone().unwrap_or_else(|| q.span.clone());
                self.error(span, format!("`{name}`: {message}"));
            }
        }
        self.param_at(q)
    }

    /// The documented default `key`, noting thin evidence against `user`.
    fn default(&mut self, key: &str, user: &str) -> Param {
        match self.catalog.default_entry(key) {
            Ok(entry) => {
                if entry.thin {
                    self.thin.entry(key.to_string()).or_default().push(user.to_string());
                }
                let dist = self.default_dist(key);
                Param { value: entry.value, dist, origin: Origin::Default { key: key.to_string() } }
            }
            Err(e) => {
                // A missing default is a catalog bug; report it instead of panicking.
                self.error(0..0, e.to_string());
                Param { value: 0.0, dist: None, origin: Origin::Default { key: key.to_string() } }
            }
        }
    }

    /// The prior of default `key`, built once per scenario (a PERT builds a quantile table).
    fn default_dist(&mut self, key: &str) -> Option<Dist> {
        if let Some(d) = self.default_dists.get(key) {
            return d.clone();
        }
        let spec = self.catalog.default_entry(key).ok().and_then(|e| e.dist.clone());
        let dist = spec.and_then(|s| match Dist::new(s) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(0..0, format!("catalog default `{key}` has a bad distribution: {}", e.message));
                None
            }
        });
        self.default_dists.insert(key.to_string(), dist.clone());
        dist
    }

    /// As [`Resolver::or_default`] for a provider field, without a thin-evidence caveat or a draw when
    /// `workload` does not read the field.
    fn provider_field(
        &mut self,
        workload: WorkloadKind,
        path: &str,
        q: Option<&Quantity>,
        key: &str,
        user: &str,
    ) -> Param {
        if fields::field(path).is_some_and(|f| f.read_by(workload)) {
            return self.or_default(path, q, key, user);
        }
        match q {
            Some(q) => self.checked(path, q),
            None => {
                // Not read by the model: the point value is enough, and no draw is wasted on it.
                let value = self.catalog.default_entry(key).map_or(0.0, |e| e.value);
                Param { value, dist: None, origin: Origin::Default { key: key.to_string() } }
            }
        }
    }

    /// The file's value of the field at `path` if given (checked), else the documented default `key`.
    fn or_default(&mut self, path: &str, q: Option<&Quantity>, key: &str, user: &str) -> Param {
        match q {
            Some(q) => self.checked(path, q),
            None => self.default(key, user),
        }
    }

    /// The file's value of the field at `path`, or an error at `at` saying it is missing.
    fn required(&mut self, path: &str, q: Option<&Quantity>, at: Range<usize>, within: &str) -> Param {
        match q {
            Some(q) => self.checked(path, q),
            None => {
                let name = path.rsplit('.').next().unwrap_or(path);
                self.error(at, format!("missing field `{name}` in {within}"));
                Param { value: f64::NAN, dist: None, origin: Origin::Default { key: "missing".into() } }
            }
        }
    }

    /// A catalog figure in USD (and its spread, if any), converted to the scenario currency.
    fn catalog_param(
        &self,
        offer: &Offer,
        field: &'static str,
        usd: f64,
        dist: Option<Dist>,
        note: Option<String>,
    ) -> Param {
        let dist = dist.map(|d| d.scaled(self.usd_to_currency));
        Param {
            value: dist.as_ref().map_or(usd * self.usd_to_currency, Dist::median),
            dist,
            origin: Origin::Catalog {
                offer: offer.id.clone(),
                field,
                source: offer.source.clone(),
                as_of: offer.as_of.clone(),
                note,
            },
        }
    }

    pub(super) fn resolve(mut self, file: ScenarioFile, stem: String) -> Result<Scenario, Vec<Diagnostic>> {
        let meta = self.meta(&file);
        let workload = self.workload(&file.workload);
        let business = file.business.as_ref().map(|b| self.business(b));
        let savings = file.business.as_ref().map(|b| {
            let f = b.get_ref();
            let preset = f.savings.as_ref().map(|p| *p.get_ref()).unwrap_or_default();
            (preset, f.operational_savings.is_none() || f.labor_savings.is_none())
        });
        let mut providers = self.providers(&file, *file.workload.kind.get_ref());
        // Where the GPU providers rent different GPUs, a label without the scenario's own name says which.
        let gpus: Vec<&str> = providers.iter().filter_map(|p| p.gpu.as_ref().map(|g| g.id.as_str())).collect();
        if gpus.windows(2).any(|w| w[0] != w[1]) {
            for p in providers.iter_mut().filter(|p| p.label != p.name) {
                if let Some(g) = p.gpu.as_ref().filter(|g| !p.label.contains(g.short_name())) {
                    p.label = format!("{} {}", p.label, g.short_name());
                }
            }
        }
        // A label is for a chart's margin: a long name is cut, so it cannot crowd out the plot.
        for p in providers.iter_mut().filter(|p| p.label.chars().count() > LABEL_MAX_CHARS) {
            p.label = p.label.chars().take(LABEL_MAX_CHARS - 1).collect::<String>().trim_end().to_string() + "…";
        }
        // A chart label two providers share tells them apart by id.
        let shared: Vec<bool> =
            providers.iter().map(|p| providers.iter().filter(|q| q.label == p.label).count() > 1).collect();
        for (p, shared) in providers.iter_mut().zip(shared) {
            if shared {
                p.label = format!("{} · {}", p.label, p.id);
            }
        }
        if let Some(h) = &file.scenario.headline
            && *h.get_ref() == crate::scenario::file::Headline::BuildVsBuy
        {
            let apis = providers.iter().filter(|p| p.inputs.tokens().is_some()).count();
            if apis == 0 || apis == providers.len() {
                self.error(h.span(), "a build_vs_buy headline needs both token APIs and GPU providers").help = Some(
                    "add a provider priced per token (`computecost providers --list tokens`) and one renting GPUs"
                        .into(),
                );
            }
        }
        let thin: Vec<Warning> = std::mem::take(&mut self.thin)
            .into_iter()
            .map(|(key, users)| {
                let entry = self.catalog.default_entry(&key).ok();
                let mut users = users;
                users.dedup();
                Warning {
                    code: crate::base::warning::WarningKind::ThinDefault,
                    message: format!(
                        "thin evidence: `{key}` = {} {} (used by {})",
                        entry.map_or(0.0, |e| e.value),
                        entry.map_or("", |e| e.unit.as_str()),
                        users.join(", "),
                    ),
                    detail: entry.map_or(String::new(), |e| {
                        let source = e.source.trim_end_matches('.');
                        if e.note.is_empty() { format!("{source}.") } else { format!("{source}. {}", e.note) }
                    }),
                }
            })
            .collect();
        let Some((workload, workload_inputs)) = workload.filter(|_| self.diagnostics.is_empty()) else {
            return Err(self.diagnostics);
        };
        let mut warnings = self.warnings;
        warnings.extend(thin);
        Ok(Scenario {
            file: self.source.name.clone(),
            overrides: self.source.override_args(),
            stem,
            meta,
            workload,
            model: self.named.0,
            reference_gpu: self.named.1,
            workload_inputs,
            business,
            savings,
            providers,
            warnings,
            price_check: None,
        })
    }

    fn meta(&mut self, file: &ScenarioFile) -> Meta {
        let m = &file.scenario;
        let currency = m.currency.as_ref().map_or("USD".to_string(), |c| c.get_ref().trim().to_uppercase());
        if let Some(c) = &m.currency
            && (currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_alphabetic()))
        {
            self.error(
                c.span(),
                format!("`currency` must be a 3-letter ISO code such as \"USD\", found {:?}", c.get_ref()),
            );
        }
        self.usd_to_currency = match (&m.usd_to_currency, currency.as_str()) {
            (Some(rate), _) => {
                let errors = self.diagnostics.len();
                let v = self.checked("usd_to_currency", rate).value;
                // A refused rate (0, −0.0, 1e308...) is reported above; the rest of the file is still
                // checked, in USD, so that no conversion divides by it (issue 13).
                if self.diagnostics.len() > errors { 1.0 } else { v }
            }
            (None, "USD") => 1.0,
            (None, _) => {
                let span = m.currency.as_ref().map_or(0..0, |c| c.span());
                self.error(span, format!("scenario currency {currency} needs `usd_to_currency`")).help =
                    Some("catalog prices are in USD; add e.g. `usd_to_currency = 0.92` to [scenario]".into());
                1.0
            }
        };
        let horizon =
            self.or_default("horizon_months", m.horizon_months.as_ref(), "scenario.horizon_months", "scenario");
        Meta {
            // Names reach terminals, SVG and Markdown: control characters are shown as pictures there.
            name: crate::base::text::printable(&m.name).into_owned(),
            description: crate::base::text::printable_multiline(m.description.trim()).into_owned(),
            currency,
            usd_to_currency: self.usd_to_currency,
            horizon_months: horizon.value,
            headline: m.headline.as_ref().map(|h| *h.get_ref()).unwrap_or_default(),
        }
    }

    fn model(&mut self, w: &WorkloadFile, kind: WorkloadKind) -> Option<crate::catalog::Model> {
        let Some(id) = &w.model else {
            self.error(
                w.kind.span(),
                format!(
                    "missing field `model` in {} workload",
                    if kind == WorkloadKind::Inference { "an inference" } else { "a training" }
                ),
            )
            .help = Some(format!("pick one of: {}", self.model_ids()));
            return None;
        };
        match self.catalog.model(id.get_ref()) {
            Some(m) => Some(m.clone()),
            None => {
                let hint = suggest(id.get_ref(), self.catalog.models.iter().map(|m| m.id.as_str()));
                let help = match hint.first() {
                    Some(h) => {
                        format!("did you mean `{h}`? (`computecost providers` lists the catalog)")
                    }
                    None => format!("known models: {}", self.model_ids()),
                };
                self.error(id.span(), format!("unknown model `{}`", id.get_ref())).help = Some(help);
                None
            }
        }
    }

    fn model_ids(&self) -> String {
        self.catalog.models.iter().map(|m| m.id.as_str()).collect::<Vec<_>>().join(", ")
    }

    fn business(&mut self, b: &Spanned<BusinessFile>) -> BusinessInputs<Param> {
        let at = b.span();
        let f = b.get_ref();
        let within = "[business]";
        let user = "business";
        let preset = f.savings.as_ref().map(|p| *p.get_ref()).unwrap_or_default();
        BusinessInputs {
            revenue_per_month: self.required("revenue_per_month", f.revenue_per_month.as_ref(), at.clone(), within),
            operational_costs_per_month: self.required(
                "operational_costs_per_month",
                f.operational_costs_per_month.as_ref(),
                at.clone(),
                within,
            ),
            labor_costs_per_month: self.required(
                "labor_costs_per_month",
                f.labor_costs_per_month.as_ref(),
                at.clone(),
                within,
            ),
            operational_savings: self.or_default(
                "operational_savings",
                f.operational_savings.as_ref(),
                &preset.default_key("operational_savings"),
                user,
            ),
            labor_savings: self.or_default(
                "labor_savings",
                f.labor_savings.as_ref(),
                &preset.default_key("labor_savings"),
                user,
            ),
            adoption_months: self.or_default(
                "adoption_months",
                f.adoption_months.as_ref(),
                "business.adoption_months",
                user,
            ),
            other_ai_costs_per_month: self.or_default(
                "other_ai_costs_per_month",
                f.other_ai_costs_per_month.as_ref(),
                "business.other_ai_costs",
                user,
            ),
            implementation_cost: self.or_default(
                "implementation_cost",
                f.implementation_cost.as_ref(),
                "business.implementation_cost",
                user,
            ),
        }
    }
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`"; `None` when there is nothing to suggest.
fn one_of(hints: &[&str]) -> Option<String> {
    let quoted: Vec<String> = hints.iter().map(|h| format!("`{h}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [rest @ .., last] => Some(format!("{} or {last}", rest.join(", "))),
    }
}
