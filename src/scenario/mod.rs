//! Scenario files: schema, loading with located errors, and resolution against the catalog.
//!
//! `ScenarioFile` (the file as written) → [`Scenario`] (every numeric input a [`Param`] that knows its origin).

pub mod aging;
pub mod file;
pub mod overrides;
mod quantity;
mod resolve;

use crate::base::diagnostic::{Diagnostic, Location, Source, did_you_mean, plain_toml_message};
pub use quantity::{DIST_KINDS, Quantity, QuantityValue};
pub use resolve::LABEL_MAX_CHARS;

use crate::base::dist::Dist;
pub use crate::base::warning::Warning;
use crate::catalog::{Catalog, CatalogError, Gpu, Model, ProviderKind};
use crate::model::{BusinessInputs, ProviderInputs, WorkloadInputs, WorkloadSetup};
use serde::Serialize;
use std::path::Path;
use thiserror::Error;

/// The flagship scenario, built in so that a bare `computecost` runs anywhere.
pub const FLAGSHIP: &str = include_str!("../../scenarios/chat-assistant.toml");

/// Label of the built-in flagship in messages.
pub const FLAGSHIP_NAME: &str = "scenarios/chat-assistant.toml";

/// Where a figure came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Origin {
    /// Written in the scenario file.
    Scenario {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Taken from a catalog offer.
    Catalog {
        /// Offer id.
        offer: String,
        /// Column of the offer.
        field: &'static str,
        /// The offer's source.
        source: String,
        /// The offer's date.
        as_of: String,
        /// How the value was derived from the column, if not copied.
        note: Option<String>,
    },
    /// A documented default (defaults.toml and docs/MODEL.md).
    Default {
        /// Key of the default.
        key: String,
    },
    /// Set on the command line with `--set`.
    Override {
        /// The argument, `PATH=VALUE`.
        arg: String,
    },
    /// Computed from other inputs (an owned GPU's price per GPU-hour from its `owned` costs).
    Derived {
        /// How, with the docs/MODEL.md section.
        how: String,
    },
}

/// One numeric input with its origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The point value in the field's unit (money in the scenario currency): the median when uncertain.
    pub value: f64,
    /// The distribution, when the input is uncertain.
    pub dist: Option<Dist>,
    /// Where it came from.
    pub origin: Origin,
}

/// `[scenario]` after resolution.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// Short name.
    pub name: String,
    /// The question the scenario answers.
    pub description: String,
    /// ISO currency code of every money figure.
    pub currency: String,
    /// Units of currency per US dollar.
    pub usd_to_currency: f64,
    /// Months the cumulative figures cover.
    pub horizon_months: f64,
    /// What the memo's headline answers.
    pub headline: file::Headline,
}

/// One provider after resolution.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Unique id within the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Short name for charts: the scenario's `name`, else the offer's provider (`io.net`, `io.net API` for
    /// a token API; with its GPU when the run's GPUs differ), else the id; followed by ` · id` where two
    /// providers would share it.
    pub label: String,
    /// Centralized, marketplace or decentralized.
    pub kind: ProviderKind,
    /// Its GPU.
    pub gpu: Option<Gpu>,
    /// Catalog offer it was built from.
    pub offer: Option<String>,
    /// Its terms.
    pub inputs: ProviderInputs<Param>,
    /// Months its fleet is paid for whatever the use, from the first month: a reserved term (12 or 36, from
    /// the offer's pricing model) or 0 for owned hardware (bought at the start); `None` when paid as used.
    pub commitment_months: Option<f64>,
    /// The model a token API serves, as its offer names it (`None` for GPUs, which run the workload's).
    pub served_model: Option<String>,
}

/// A scenario ready to evaluate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Path (or label) of the file.
    pub file: String,
    /// The `--set PATH=VALUE` overrides applied to the file, in order.
    pub overrides: Vec<String>,
    /// File name without extension: names the output folder.
    pub stem: String,
    /// Name, currency, horizon.
    pub meta: Meta,
    /// Fixed choices of the workload.
    pub workload: WorkloadSetup,
    /// The catalog entry of the workload's model (inference, training): its name and source.
    pub model: Option<Model>,
    /// The catalog entry of the GPU a GPU-hours workload was measured on.
    pub reference_gpu: Option<Gpu>,
    /// Numeric inputs of the workload.
    pub workload_inputs: WorkloadInputs<Param>,
    /// The business, if given.
    pub business: Option<BusinessInputs<Param>>,
    /// The savings preset of the business, and whether any savings fraction came from it (not the file).
    pub savings: Option<(crate::model::SavingsPreset, bool)>,
    /// The providers, in file order.
    pub providers: Vec<Provider>,
    /// Things to know about the inputs.
    pub warnings: Vec<Warning>,
    /// The day and age limit its catalog prices were checked against, once checked.
    pub price_check: Option<PriceCheck>,
}

/// Why a scenario could not be loaded.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The file could not be read (an I/O failure), or is not a UTF-8 text file of a sane size (bad input).
    #[error("{}", source.describe("scenario", path))]
    Read {
        /// The path.
        path: String,
        /// What went wrong.
        source: crate::base::input::InputError,
    },
    /// The file has problems; each diagnostic points at one.
    #[error("{}", crate::base::diagnostic::render(.0))]
    Invalid(Vec<Diagnostic>),
    /// The catalog is broken (a bug, not bad input).
    #[error(transparent)]
    Catalog(#[from] CatalogError),
}

impl ScenarioError {
    /// Whether the input is at fault (exit 2) rather than the system (exit 1).
    pub fn is_bad_input(&self) -> bool {
        match self {
            ScenarioError::Read { source, .. } => source.is_bad_input(),
            ScenarioError::Invalid(_) => true,
            ScenarioError::Catalog(_) => false,
        }
    }
}

/// Reads and resolves the scenario at `path`.
pub fn load(path: &Path, catalog: &Catalog) -> Result<Scenario, ScenarioError> {
    load_with(path, &[], catalog)
}

/// Reads the scenario at `path`, applies the `--set PATH=VALUE` overrides `sets`, and resolves it.
pub fn load_with(path: &Path, sets: &[String], catalog: &Catalog) -> Result<Scenario, ScenarioError> {
    let shown = crate::base::text::printable(&path.display().to_string()).into_owned();
    let text = crate::base::input::read_text(path, crate::base::input::MAX_SCENARIO_BYTES)
        .map_err(|source| ScenarioError::Read { path: shown.clone(), source })?;
    parse(&Source::new(shown, text).with_overrides(sets, overrides::as_toml_line), &output_stem(path), catalog)
}

/// The output folder's name for the scenario at `path`: its file stem when that is one ordinary path
/// component, else `scenario`. The stem of `...toml` is `..` and that of `..toml` is `.`: joined to
/// `--out` as they are, they would write outside it (issue 13). Control characters become `_`.
pub fn output_stem(path: &Path) -> String {
    let stem: String = path
        .file_stem()
        .map(|s| s.to_string_lossy().chars().map(|c| if c.is_control() { '_' } else { c }).collect())
        .unwrap_or_default();
    let mut parts = Path::new(&stem).components();
    match (parts.next(), parts.next()) {
        (Some(std::path::Component::Normal(_)), None) if !stem.contains(['/', '\\']) => stem,
        _ => "scenario".to_string(),
    }
}

/// The built-in flagship scenario.
pub fn flagship(catalog: &Catalog) -> Result<Scenario, ScenarioError> {
    flagship_with(&[], catalog)
}

/// The built-in flagship scenario with the overrides `sets`.
pub fn flagship_with(sets: &[String], catalog: &Catalog) -> Result<Scenario, ScenarioError> {
    parse(
        &Source::new(FLAGSHIP_NAME, FLAGSHIP).with_overrides(sets, overrides::as_toml_line),
        "chat-assistant",
        catalog,
    )
}

/// A TOML or serde error as a diagnostic, with a suggestion for an unknown key. In a `--set` argument
/// the suggestion is the whole corrected path.
fn toml_diagnostic(source: &Source, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let message = plain_toml_message(e.message().trim(), source.text.get(span.clone()).unwrap_or(""));
    let mut d = source.diagnostic(span.clone(), message.clone());
    // The TOML parser's words for the two most common slips, in plain terms.
    if message.starts_with("string values must be quoted") {
        let after_eq = d.line_text.split_once('=').map_or(String::new(), |(_, v)| v.trim().to_string());
        if after_eq.is_empty() {
            d.message = "missing value after `=`".into();
            d = d.with_help("give a number, a \"quoted string\" or a distribution such as { dist = \"uniform\", low = 1, high = 2 }");
        } else {
            d = d.with_help(format!("text values go in quotes: \"{after_eq}\""));
        }
    }
    if message == "duplicate key" {
        let key = d.line_text.split('=').next().unwrap_or("").trim().to_string();
        d = d.with_help(format!("`{key}` is already set earlier in this table; keep one of the two"));
    }
    if message.starts_with("key with no value") {
        d = d.with_help("each line is `key = value`, a `[table]` header, or a `# comment`");
    }
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        let example = match field {
            "scenario" => Some("a scenario file starts with `[scenario]` and `name = \"...\"`"),
            "workload" => Some("add a `[workload]` table with `kind = \"inference\"`, \"training\" or \"gpu_hours\""),
            "name" => Some("add `name = \"...\"`: it titles every table and chart"),
            "kind" => Some("add `kind = \"inference\"`, `\"training\"` or `\"gpu_hours\"`"),
            "id" => Some("every provider needs an `id`, e.g. `id = \"aws\"`"),
            _ => None,
        };
        if let Some(e) = example {
            d = d.with_help(e);
        }
    }
    if let Some(help) = did_you_mean(&message) {
        // With a suggestion, the list of every field is noise.
        if let Some((head, _)) = message.split_once(", expected one of") {
            d.message = head.to_string();
        }
        let corrected = match source.locate(span.start) {
            Location::Override { arg, column } => overrides::corrected_path(&arg, column, &help),
            Location::File { .. } => None,
        };
        d = d.with_help(corrected.unwrap_or(help));
    }
    d
}

/// Parses and resolves scenario text (and its overrides); `stem` names the output folder.
pub fn parse(source: &Source, stem: &str, catalog: &Catalog) -> Result<Scenario, ScenarioError> {
    use serde::Deserialize;
    let invalid = |e: toml::de::Error| ScenarioError::Invalid(vec![toml_diagnostic(source, &e)]);
    let root = toml::de::DeTable::parse(source.file_text()).map_err(invalid)?;
    let span = root.span();
    let root = overrides::apply(source, root.into_inner()).map_err(ScenarioError::Invalid)?;
    let de = toml::de::Deserializer::from(toml::Spanned::new(span, root));
    let file = file::ScenarioFile::deserialize(de).map_err(invalid)?;
    resolve::Resolver::new(source, catalog).resolve(file, stem.to_string()).map_err(ScenarioError::Invalid)
}

/// The day catalog prices were aged against and the limit applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PriceCheck {
    /// `YYYY-MM-DD`.
    pub today: String,
    /// Offers older than this many days are flagged.
    pub max_age_days: u32,
}

impl Scenario {
    /// Whether costs are per training run: a training workload without `runs_per_month`.
    pub fn per_run(&self) -> bool {
        matches!(&self.workload_inputs, WorkloadInputs::Training(w) if w.runs_per_month.is_none())
    }

    /// The training deadline, days, if the workload has one.
    pub fn deadline_days(&self) -> Option<f64> {
        match &self.workload_inputs {
            WorkloadInputs::Training(w) => w.deadline_days.as_ref().map(|d| d.value),
            _ => None,
        }
    }

    /// Every input at its point value: the deterministic evaluation.
    pub fn point_workload(&self) -> WorkloadInputs<f64> {
        self.workload_inputs.map(&mut |_, p| p.value)
    }

    /// The business at its point values.
    pub fn point_business(&self) -> Option<BusinessInputs<f64>> {
        self.business.as_ref().map(|b| b.map(&mut |_, p| p.value))
    }
}

impl Provider {
    /// What the model needs to know about the provider besides its inputs.
    pub fn setup(&self) -> crate::model::ProviderSetup {
        crate::model::ProviderSetup { gpu: self.gpu.as_ref().map(Gpu::spec) }
    }

    /// The provider's terms at their point values.
    pub fn point_inputs(&self) -> ProviderInputs<f64> {
        self.inputs.map(&mut |_, p| p.value)
    }
}

#[cfg(test)]
mod tests;
