//! The built-in catalog: GPU specs, models, provider offers and documented defaults, each figure with its
//! `source` and `as_of` date. The data files under `src/catalog/data/` are embedded in the binary; they were
//! carried from `../shared/reference/` (see docs/MODEL.md, "Catalog").

pub mod aliases;
pub mod cases;
mod csv_cells;
pub mod drift;
pub mod import;
mod types;
mod user;

pub use types::{DefaultEntry, Gpu, Model, Offer, PricePoint, ProviderKind, TokenOffer};

use serde::Deserialize;
use thiserror::Error;

const GPUS_CSV: &str = include_str!("data/gpus.csv");
const MODELS_CSV: &str = include_str!("data/models.csv");
const OFFERS_CSV: &str = include_str!("data/offers.csv");
const TOKEN_PRICES_CSV: &str = include_str!("data/token_prices.csv");
const DEFAULTS_TOML: &str = include_str!("data/defaults.toml");
const PRICE_HISTORY_CSV: &str = include_str!("data/price_history.csv");

/// The origin of entries of the embedded data files.
pub const BUILT_IN: &str = "built-in";

/// An error in catalog data, or a lookup of an id the catalog does not hold.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// A data file could not be parsed.
    #[error("catalog file {file}: {message}")]
    Parse {
        /// The data file's name.
        file: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A user catalog file could not be read (an I/O failure), or is not a UTF-8 text file of a sane size.
    #[error("{}", source.describe("catalog", path))]
    Read {
        /// The path.
        path: String,
        /// What went wrong.
        source: crate::base::input::InputError,
    },
    /// A user catalog file has a problem; the diagnostic points at it.
    #[error("{}", crate::base::diagnostic::render(.0))]
    Invalid(Vec<crate::base::diagnostic::Diagnostic>),
    /// A default the model asked for is not in defaults.toml.
    #[error("no documented default named `{0}` in the catalog")]
    MissingDefault(String),
}

/// The catalog: everything the model knows before it reads a scenario.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// GPU specifications.
    pub gpus: Vec<Gpu>,
    /// Model architectures.
    pub models: Vec<Model>,
    /// Provider offers (price per GPU-hour and the provider's terms).
    pub offers: Vec<Offer>,
    /// Serverless token APIs (price per million tokens).
    pub token_offers: Vec<TokenOffer>,
    /// Documented defaults, by key.
    pub defaults: Vec<DefaultEntry>,
    /// Earlier dated prices of offers (`price_history.csv`), oldest first per offer.
    pub price_history: Vec<PricePoint>,
    /// The user catalog files merged in, in order.
    pub files: Vec<String>,
}

#[derive(Deserialize)]
struct DefaultsFile {
    default: Vec<DefaultEntry>,
}

fn parse_csv<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<Vec<T>, CatalogError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| CatalogError::Parse { file, message: e.to_string() })
}

impl Catalog {
    /// The catalog embedded in the binary.
    pub fn builtin() -> Result<Self, CatalogError> {
        let defaults: DefaultsFile = toml::from_str(DEFAULTS_TOML)
            .map_err(|e| CatalogError::Parse { file: "defaults.toml", message: e.to_string() })?;
        let mut catalog = Catalog {
            gpus: parse_csv("gpus.csv", GPUS_CSV)?,
            models: parse_csv("models.csv", MODELS_CSV)?,
            offers: parse_csv("offers.csv", OFFERS_CSV)?,
            token_offers: parse_csv("token_prices.csv", TOKEN_PRICES_CSV)?,
            defaults: defaults.default,
            price_history: parse_csv("price_history.csv", PRICE_HISTORY_CSV)?,
            files: Vec::new(),
        };
        let builtin = || BUILT_IN.to_string();
        catalog.gpus.iter_mut().for_each(|g| g.origin = builtin());
        catalog.models.iter_mut().for_each(|m| m.origin = builtin());
        catalog.offers.iter_mut().for_each(|o| o.origin = builtin());
        catalog.token_offers.iter_mut().for_each(|o| o.origin = builtin());
        Ok(catalog)
    }

    /// The built-in catalog extended and overridden by user catalog files, in order (later files win);
    /// `today` (YYYY-MM-DD) is the latest `as_of` a user entry may carry.
    pub fn with_files(paths: &[std::path::PathBuf], today: &str) -> Result<Self, CatalogError> {
        let mut catalog = Catalog::builtin()?;
        for path in paths {
            let name = crate::base::text::printable(&path.display().to_string()).into_owned();
            let text = crate::base::input::read_text(path, crate::base::input::MAX_CATALOG_BYTES)
                .map_err(|source| CatalogError::Read { path: name.clone(), source })?;
            user::extend(&mut catalog, &name, &text, today).map_err(CatalogError::Invalid)?;
            catalog.files.push(name);
        }
        Ok(catalog)
    }

    /// The GPU with this id.
    pub fn gpu(&self, id: &str) -> Option<&Gpu> {
        self.gpus.iter().find(|g| g.id == id)
    }

    /// The model with this id.
    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    /// The offer with this id.
    pub fn offer(&self, id: &str) -> Option<&Offer> {
        self.offers.iter().find(|o| o.id == id)
    }

    /// The token API offer with this id.
    pub fn token_offer(&self, id: &str) -> Option<&TokenOffer> {
        self.token_offers.iter().find(|o| o.id == id)
    }

    /// The documented default with this key.
    pub fn default_entry(&self, key: &str) -> Result<&DefaultEntry, CatalogError> {
        self.defaults.iter().find(|d| d.key == key).ok_or_else(|| CatalogError::MissingDefault(key.to_string()))
    }

    /// Replaces the default with `entry`'s key (or adds it).
    pub fn set_default(&mut self, entry: DefaultEntry) {
        match self.defaults.iter_mut().find(|d| d.key == entry.key) {
            Some(d) => *d = entry,
            None => self.defaults.push(entry),
        }
    }

    /// The newest `as_of` date of any catalog figure: the "catalog date" shown in outputs.
    pub fn newest_as_of(&self) -> &str {
        let dates = self
            .gpus
            .iter()
            .map(|g| g.as_of.as_str())
            .chain(self.models.iter().map(|m| m.as_of.as_str()))
            .chain(self.offers.iter().map(|o| o.as_of.as_str()));
        dates.max().unwrap_or("")
    }
}

/// Whether `source` is something a reader can open: a URL, a DOI, an arXiv id, or one of the stated
/// non-sources (a convention, a neutral choice, a definition, a fit on the shipped accuracy cases, a prior
/// marked as unsourced, or a figure taken from the offer's own source).
pub fn openable_source(source: &str) -> bool {
    const STATED: [&str; 11] = [
        "computecost convention",
        "Neutral",
        "By definition",
        "Fitted on the fit half of accuracy.toml",
        "Fitted on the price histories",
        "UNSOURCED PRIOR",
        "NOT SOURCED",
        "As ",
        "The priced instance type",
        "Offer note",
        "The claim under test",
    ];
    let s = source.trim();
    let after =
        |marker: &str| s.split(marker).skip(1).any(|rest| rest.starts_with(|c: char| c.is_ascii_alphanumeric()));
    let arxiv = s.split("arXiv:").skip(1).any(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    let doi = s.split("10.").skip(1).any(|rest| {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits >= 4 && rest[digits..].starts_with('/')
    });
    after("https://") || after("http://") || arxiv || doi || STATED.iter().any(|m| s.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_source_can_be_opened() {
        let c = Catalog::builtin().unwrap();
        let mut sources: Vec<(String, &str)> = Vec::new();
        sources.extend(c.gpus.iter().map(|g| (format!("gpu {}", g.id), g.source.as_str())));
        sources.extend(c.models.iter().map(|m| (format!("model {}", m.id), m.source.as_str())));
        for o in &c.offers {
            sources.push((format!("offer {}", o.id), &o.source));
            sources.push((format!("offer {} shapes", o.id), &o.shapes_source));
        }
        for t in &c.token_offers {
            sources.push((format!("token offer {}", t.id), &t.source));
            sources.push((format!("token offer {} speed", t.id), &t.speed_source));
        }
        sources.extend(c.defaults.iter().map(|d| (format!("default {}", d.key), d.source.as_str())));
        let cases = cases::builtin();
        sources.extend(cases.iter().map(|k| (format!("accuracy case {}", k.id), k.source.as_str())));
        let unopenable: Vec<&String> =
            sources.iter().filter(|(_, s)| !s.trim().is_empty() && !openable_source(s)).map(|(what, _)| what).collect();
        assert!(unopenable.is_empty(), "sources a reader cannot open: {unopenable:?}");
        for file in ["overheads.csv", "offers-notes.md", "overheads-notes.md", "DESIGN.md"] {
            let citing: Vec<&String> = sources.iter().filter(|(_, s)| s.contains(file)).map(|(w, _)| w).collect();
            assert!(citing.is_empty(), "{file} is not shipped, yet cited by {citing:?}");
        }
        // The rule itself: a bare file name or repository path is not a source a reader can open.
        assert!(
            openable_source("https://arxiv.org/abs/2407.21783")
                && openable_source("Douillard et al., arXiv:2311.08105")
        );
        assert!(openable_source("doi 10.1145/3600006.3613165"));
        assert!(!openable_source("overheads.csv lat-azure-na") && !openable_source("NVIDIA/nccl issue #1259"));
        assert!(!openable_source("see https:// later"));
    }

    fn is_iso_date(s: &str) -> bool {
        crate::base::date::day_number(s).is_some()
    }

    #[test]
    fn builtin_catalog_parses_and_has_the_required_entries() {
        let c = Catalog::builtin().unwrap();
        for gpu in [
            "h100-sxm-80gb",
            "h100-pcie-80gb",
            "h200-sxm-141gb",
            "a100-sxm-80gb",
            "a100-sxm-40gb",
            "l40s",
            "a10g",
            "l4",
            "rtx-4090",
            "rtx-3090",
            "mi300x",
        ] {
            assert!(c.gpu(gpu).is_some(), "missing GPU {gpu}");
        }
        for model in ["llama-3-8b", "llama-3-70b", "llama-3.1-405b", "mixtral-8x7b"] {
            assert!(c.model(model).is_some(), "missing model {model}");
        }
        let providers = |kind: ProviderKind| {
            let mut p: Vec<&str> = c.offers.iter().filter(|o| o.kind == kind).map(|o| o.provider.as_str()).collect();
            p.sort_unstable();
            p.dedup();
            p.len()
        };
        assert!(c.offers.len() >= 12);
        assert!(providers(ProviderKind::Centralized) >= 4);
        assert!(providers(ProviderKind::Marketplace) + providers(ProviderKind::Decentralized) >= 4);
    }

    #[test]
    fn every_figure_has_a_source_and_an_iso_date() {
        let c = Catalog::builtin().unwrap();
        let rows = c
            .gpus
            .iter()
            .map(|g| (&g.id, &g.source, &g.as_of))
            .chain(c.models.iter().map(|m| (&m.id, &m.source, &m.as_of)))
            .chain(c.offers.iter().map(|o| (&o.id, &o.source, &o.as_of)))
            .chain(c.token_offers.iter().map(|o| (&o.id, &o.source, &o.as_of)))
            .chain(c.defaults.iter().map(|d| (&d.key, &d.source, &d.as_of)));
        for (id, source, as_of) in rows {
            assert!(!source.trim().is_empty(), "{id} has no source");
            assert!(is_iso_date(as_of), "{id} has as_of {as_of:?}, not YYYY-MM-DD");
        }
    }

    #[test]
    fn every_offer_names_a_catalog_gpu_and_a_price() {
        let c = Catalog::builtin().unwrap();
        for o in &c.offers {
            assert!(c.gpu(&o.gpu).is_some(), "offer {} names unknown GPU {}", o.id, o.gpu);
            let priced =
                o.price_per_gpu_hour_usd.is_some() || (o.price_low_usd.is_some() && o.price_high_usd.is_some());
            assert!(priced, "offer {} has neither a price nor a range", o.id);
        }
    }

    #[test]
    fn the_token_catalog_covers_three_models_and_both_kinds_of_provider() {
        let c = Catalog::builtin().unwrap();
        assert!(c.token_offers.len() >= 12);
        let mut models: Vec<&str> = c.token_offers.iter().map(|o| o.catalog_model.as_str()).collect();
        models.sort_unstable();
        models.dedup();
        assert!(models.len() >= 3, "{models:?}");
        for o in &c.token_offers {
            assert!(c.model(&o.catalog_model).is_some(), "{}: unknown catalog model {}", o.id, o.catalog_model);
            assert!(o.input_usd_per_mtok > 0.0 && o.output_usd_per_mtok > 0.0, "{}", o.id);
        }
        assert!(c.token_offers.iter().any(|o| o.kind == ProviderKind::Decentralized));
        assert!(c.token_offers.iter().any(|o| o.kind == ProviderKind::Centralized));
        // Token and GPU offers share one id space: a scenario's `offer` names either.
        assert!(c.token_offers.iter().all(|t| c.offer(&t.id).is_none()), "an id is both a GPU and a token offer");
    }

    #[test]
    fn offer_ids_are_unique() {
        let c = Catalog::builtin().unwrap();
        let mut ids: Vec<&str> = c.offers.iter().map(|o| o.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
    }

    #[test]
    fn model_md_lists_every_default() {
        let doc = include_str!("../../docs/MODEL.md");
        let doc = &doc[doc.find("\n## Defaults").expect("a Defaults section")..];
        let c = Catalog::builtin().unwrap();
        for d in &c.defaults {
            let row = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", d.key)))
                .unwrap_or_else(|| panic!("docs/MODEL.md has no row for default `{}`", d.key));
            let value: f64 = row.split('|').nth(2).unwrap().trim().parse().unwrap();
            assert_eq!(value, d.value, "docs/MODEL.md shows {value} for `{}`, defaults.toml {}", d.key, d.value);
            assert_eq!(row.contains("| yes |"), d.thin, "thin flag of `{}` differs", d.key);
            assert_eq!(row.split('|').nth(3).unwrap().trim().is_empty(), d.dist.is_none(), "prior of `{}`", d.key);
        }
    }

    #[test]
    fn every_prior_is_valid_and_its_median_is_the_stated_value() {
        let c = Catalog::builtin().unwrap();
        for d in c.defaults.iter().filter(|d| d.dist.is_some()) {
            let dist = crate::base::dist::Dist::new(d.dist.clone().unwrap())
                .unwrap_or_else(|e| panic!("default `{}`: {}", d.key, e.message));
            let median = dist.median();
            assert!(
                (median - d.value).abs() <= 1e-3 * d.value.abs(),
                "`{}`: value {} but median {median}",
                d.key,
                d.value
            );
        }
    }

    #[test]
    fn the_hours_per_month_constant_is_the_documented_default() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(c.default_entry("hours_per_month").unwrap().value, crate::model::HOURS_PER_MONTH);
    }
}
