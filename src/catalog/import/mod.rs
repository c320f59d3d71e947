//! Price data users have, read into catalog entries that `--catalog` accepts: SkyPilot and gpuhunt
//! catalogs (GPU offers per instance), OpenRouter and LiteLLM price lists (token offers), and FinOps FOCUS
//! cost-and-usage exports (what a company actually paid, as GPU and token offers). docs/PRICES.md.

mod focus;
mod gpu_lists;
mod table;
mod token_lists;

use super::{Catalog, Offer, ProviderKind, TokenOffer};
use crate::base::date::day_number;
use crate::base::diagnostic::{Diagnostic, Source};
use crate::base::format::compact;
use serde::Serialize;

/// A price-data format `prices import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SkyPilot catalog v8 `vms.csv` (per instance-hour, on-demand and spot).
    Skypilot,
    /// dstack's gpuhunt catalog CSV (per instance-hour, a row per on-demand or spot price).
    Gpuhunt,
    /// OpenRouter's `/api/v1/models` JSON (USD per token, as strings).
    Openrouter,
    /// LiteLLM's `model_prices_and_context_window.json` (USD per token).
    Litellm,
    /// A FinOps FOCUS 1.2/1.3 cost-and-usage CSV export (effective cost per priced unit).
    Focus,
}

impl Format {
    /// What the format is, for sources and messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Skypilot => "SkyPilot catalog (vms.csv)",
            Format::Gpuhunt => "gpuhunt catalog (CSV)",
            Format::Openrouter => "OpenRouter models list (JSON)",
            Format::Litellm => "LiteLLM model_prices_and_context_window.json",
            Format::Focus => "FOCUS cost-and-usage export (CSV)",
        }
    }

    /// Whether rows carry their own date (FOCUS charge periods); the others need `--as-of`.
    fn dated(self) -> bool {
        self == Format::Focus
    }
}

/// What the user adds to the file's own data.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The date the file was downloaded (required for formats without dates).
    pub as_of: Option<String>,
    /// The source to cite (default: the format and the file's name).
    pub source: Option<String>,
    /// The provider's name (default: from the file's folder or name, or each row's provider).
    pub provider: Option<String>,
    /// The provider's kind (default: the catalog's kind for a known provider, else centralized).
    pub kind: Option<ProviderKind>,
    /// Skip rows whose GPU the catalog does not know instead of refusing the file.
    pub skip_unknown_gpus: bool,
    /// The user's own GPU names, `(name, catalog id)`.
    pub gpu_aliases: Vec<(String, String)>,
    /// The latest date accepted (YYYY-MM-DD).
    pub today: String,
}

/// Rows left out of an import, with why and where the first one is.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Why, e.g. "no GPU" or "model not in the catalog".
    pub reason: String,
    /// How many rows.
    pub rows: usize,
    /// A few of what was skipped (GPU or model names), for the summary.
    pub examples: Vec<String>,
}

/// What an import found.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// GPU offers, one per provider, instance, region and pricing.
    pub offers: Vec<Offer>,
    /// Token offers, one per provider and model.
    pub token_offers: Vec<TokenOffer>,
    /// Rows left out, by reason.
    pub skipped: Vec<Skipped>,
    /// Rows read.
    pub rows: usize,
}

impl Imported {
    /// Counts a skipped row under `reason`, keeping up to five distinct examples.
    fn skip(&mut self, reason: &str, example: &str) {
        let entry = match self.skipped.iter().position(|s| s.reason == reason) {
            Some(i) => &mut self.skipped[i],
            None => {
                self.skipped.push(Skipped { reason: reason.to_string(), rows: 0, examples: Vec::new() });
                self.skipped.last_mut().expect("just pushed")
            }
        };
        entry.rows += 1;
        if entry.examples.len() < 5 && !example.is_empty() && !entry.examples.iter().any(|e| e == example) {
            entry.examples.push(example.to_string());
        }
    }
}

/// Reads `source` (named by its file path) in `format` against `catalog`. Nothing is returned on error:
/// every problem found is reported with its line and column.
pub fn import(format: Format, source: &Source, catalog: &Catalog, opts: &Options) -> Result<Imported, Vec<Diagnostic>> {
    let as_of = provenance(format, source, opts)?;
    let cite = opts.source.clone().unwrap_or_else(|| format!("{}: {}", format.describe(), source.name));
    let ctx = Context { source, catalog, opts, as_of, cite };
    let mut imported = match format {
        Format::Skypilot => gpu_lists::skypilot(&ctx)?,
        Format::Gpuhunt => gpu_lists::gpuhunt(&ctx)?,
        Format::Openrouter => token_lists::openrouter(&ctx)?,
        Format::Litellm => token_lists::litellm(&ctx)?,
        Format::Focus => focus::focus(&ctx)?,
    };
    dedupe_ids(&mut imported);
    Ok(imported)
}

/// What every importer reads besides the file.
struct Context<'a> {
    source: &'a Source,
    catalog: &'a Catalog,
    opts: &'a Options,
    /// `--as-of`, checked (empty for dated formats without it).
    as_of: String,
    /// The source every entry cites.
    cite: String,
}

/// `--as-of`, required for undated formats and checked as a date no later than today.
fn provenance(format: Format, source: &Source, opts: &Options) -> Result<String, Vec<Diagnostic>> {
    let start = 0..source.text.find('\n').unwrap_or(source.text.len()).max(1);
    match &opts.as_of {
        None if format.dated() => Ok(String::new()),
        None => Err(vec![
            source
                .diagnostic(start, format!("a {} has no date, and every price needs one", format.describe()))
                .with_help("give the day the file was downloaded or committed: --as-of 2026-11-29"),
        ]),
        Some(d) if day_number(d).is_none() => {
            Err(vec![source.diagnostic(start, format!("--as-of must be a date YYYY-MM-DD, found \"{d}\""))])
        }
        Some(d) if day_number(d) > day_number(&opts.today) => {
            Err(vec![source.diagnostic(start, format!("--as-of {d} is after today, {}", opts.today))])
        }
        Some(d) => Ok(d.clone()),
    }
}

/// An id of lower-case letters, digits and dashes from `parts`.
fn slug(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts.iter().filter(|p| !p.trim().is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        let mut dash = false;
        for c in part.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
                dash = false;
            } else if !dash && !out.is_empty() && !out.ends_with('-') {
                out.push('-');
                dash = true;
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// Makes ids unique within the import (a numbered suffix from the second on).
fn dedupe_ids(imported: &mut Imported) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut fresh = |id: &mut String| {
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id.push_str(&format!("-{n}"));
        }
    };
    imported.offers.iter_mut().for_each(|o| fresh(&mut o.id));
    imported.token_offers.iter_mut().for_each(|o| fresh(&mut o.id));
}

/// A GPU offer as a user catalog writes it.
#[derive(Serialize)]
struct OfferOut<'a> {
    id: &'a str,
    provider: &'a str,
    kind: ProviderKind,
    gpu: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    gpus_per_instance: Option<u32>,
    instance_type: &'a str,
    pricing_model: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    price_per_gpu_hour_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price_low_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price_high_usd: Option<f64>,
    region: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_shapes: Option<&'a str>,
    shapes_source: &'a str,
    source: &'a str,
    as_of: &'a str,
    note: &'a str,
}

/// A token offer as a user catalog writes it.
#[derive(Serialize)]
struct TokenOut<'a> {
    id: &'a str,
    provider: &'a str,
    kind: ProviderKind,
    model: &'a str,
    catalog_model: &'a str,
    input_usd_per_mtok: f64,
    output_usd_per_mtok: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    cached_input_usd_per_mtok: Option<f64>,
    source: &'a str,
    as_of: &'a str,
    note: &'a str,
}

/// The whole catalog file: `[[offers]]`, `[[token_offers]]`.
#[derive(Serialize)]
struct CatalogOut<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    offers: Vec<OfferOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    token_offers: Vec<TokenOut<'a>>,
}

/// The import as a user catalog (TOML), after `header` as comment lines.
pub fn to_toml(imported: &Imported, header: &str) -> String {
    let out = CatalogOut {
        offers: imported
            .offers
            .iter()
            .map(|o| OfferOut {
                id: &o.id,
                provider: &o.provider,
                kind: o.kind,
                gpu: &o.gpu,
                gpus_per_instance: o.gpus_per_instance,
                instance_type: &o.instance_type,
                pricing_model: &o.pricing_model,
                price_per_gpu_hour_usd: o.price_per_gpu_hour_usd,
                price_low_usd: o.price_low_usd,
                price_high_usd: o.price_high_usd,
                region: &o.region,
                instance_shapes: o.instance_shapes.as_deref(),
                shapes_source: &o.shapes_source,
                source: &o.source,
                as_of: &o.as_of,
                note: &o.note,
            })
            .collect(),
        token_offers: imported
            .token_offers
            .iter()
            .map(|t| TokenOut {
                id: &t.id,
                provider: &t.provider,
                kind: t.kind,
                model: &t.model,
                catalog_model: &t.catalog_model,
                input_usd_per_mtok: t.input_usd_per_mtok,
                output_usd_per_mtok: t.output_usd_per_mtok,
                cached_input_usd_per_mtok: t.cached_input_usd_per_mtok,
                source: &t.source,
                as_of: &t.as_of,
                note: &t.note,
            })
            .collect(),
    };
    let body = toml::to_string(&out).expect("plain strings and finite numbers serialise");
    let comments: String = header.lines().map(|l| format!("# {l}\n")).collect();
    format!("{comments}\n{body}")
}

/// A GPU offer with the fields every importer fills the same way.
fn gpu_offer(ctx: &Context, id: String, provider: (&str, ProviderKind), gpu: String, row: GpuRow) -> Offer {
    Offer {
        id,
        provider: provider.0.to_string(),
        kind: provider.1,
        gpu,
        gpus_per_instance: Some(row.count),
        instance_type: row.instance,
        pricing_model: row.pricing.to_string(),
        price_per_gpu_hour_usd: Some(row.price),
        price_low_usd: None,
        price_high_usd: None,
        region: row.region,
        egress_usd_per_gb: None,
        storage_usd_per_gb_month: None,
        source: ctx.cite.clone(),
        as_of: row.as_of,
        note: row.note,
        capacity_gpus: None,
        instance_shapes: Some(row.count.to_string()),
        instances_linked: None,
        shapes_source: format!("the instance's GPU count in {}", ctx.source.name),
        newest_available: String::new(),
        origin: String::new(),
    }
}

/// One priced instance row, per GPU-hour.
struct GpuRow {
    instance: String,
    region: String,
    count: u32,
    pricing: &'static str,
    price: f64,
    as_of: String,
    note: String,
}

/// Merges offers that share an id (a price per availability zone, say): the median price with the range
/// of the rows when they differ.
fn merge_same_ids(offers: Vec<Offer>) -> Vec<Offer> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: std::collections::HashMap<String, Vec<Offer>> = std::collections::HashMap::new();
    for o in offers {
        if !groups.contains_key(&o.id) {
            order.push(o.id.clone());
        }
        groups.entry(o.id.clone()).or_default().push(o);
    }
    order
        .into_iter()
        .map(|id| {
            let mut group = groups.remove(&id).expect("every id has its group");
            let mut prices: Vec<f64> = group.iter().filter_map(|o| o.price_per_gpu_hour_usd).collect();
            prices.sort_by(f64::total_cmp);
            let mut first = group.swap_remove(0);
            if prices.len() > 1 && prices[0] < prices[prices.len() - 1] {
                first.price_per_gpu_hour_usd = Some(round6(prices[prices.len() / 2]));
                first.price_low_usd = Some(prices[0]);
                first.price_high_usd = Some(prices[prices.len() - 1]);
                first.note = format!(
                    "{} rows (zones or listings) from ${:.4} to ${:.4} per GPU-hour; the price is their median",
                    prices.len(),
                    prices[0],
                    prices[prices.len() - 1]
                );
            }
            first
        })
        .collect()
}

/// `x` to six decimals: prices per GPU-hour and per million tokens carry no more.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// `value` if the input `field` (`price_per_gpu_hour`, `input_usd_per_mtok`...) accepts it, else why not: an
/// imported price must be one `--catalog` will load.
fn within_limit(field: &str, value: f64) -> Result<f64, String> {
    match crate::model::fields::field(field).and_then(|f| f.max) {
        Some((max, unit)) if value.is_nan() || value > max => {
            Err(format!("gives {} for `{field}`, above the largest value accepted, {max} ({unit})", compact(value)))
        }
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests;
