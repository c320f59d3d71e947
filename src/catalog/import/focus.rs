//! A FinOps FOCUS cost-and-usage export (1.0–1.3): what the company paid, as effective prices per GPU-hour
//! and per million tokens.
//!
//! # Formula
//! Over the usage rows of one group (provider, region, SKU, pricing category; for tokens, provider and
//! model), `price = Σ EffectiveCost / Σ quantity`: GPU-hours are `PricingQuantity × GpuCount` when the
//! pricing unit is instance-hours, `PricingQuantity` when it is GPU-hours; tokens are
//! `PricingQuantity × block` for a pricing unit of `block Tokens`, reported per million. FOCUS spec,
//! columns EffectiveCost, PricingQuantity, PricingUnit (<https://focus.finops.org/focus-specification/>).

use super::table::{Row, Table};
use super::token_lists::token_offer;
use super::{Context, GpuRow, Imported, gpu_offer, round6, slug, within_limit};
use crate::base::date::{day_number, iso_date};
use crate::base::diagnostic::Diagnostic;
use crate::catalog::aliases;
use serde_json::Value;
use std::collections::BTreeMap;

/// Reads the usage rows of a FOCUS export into GPU and token offers at the effective prices paid.
pub(super) fn focus(ctx: &Context) -> Result<Imported, Vec<Diagnostic>> {
    let table = Table::read(
        ctx.source,
        "FOCUS cost-and-usage export",
        &["ChargeCategory", "EffectiveCost", "PricingQuantity", "PricingUnit", "ChargePeriodEnd"],
    )?;
    let provider_column = ["ServiceProviderName", "ProviderName"].into_iter().find(|c| table.has(c));
    let Some(provider_column) = provider_column else {
        return Err(vec![
            ctx.source
                .diagnostic(0..ctx.source.text.find('\n').unwrap_or(1).max(1), "no provider column")
                .with_help("FOCUS 1.3 names it ServiceProviderName, 1.0–1.2 ProviderName"),
        ]);
    };
    let mut imported = Imported::default();
    let mut problems = Vec::new();
    let mut gpus: BTreeMap<GpuKey, Sums> = BTreeMap::new();
    let mut tokens: BTreeMap<(String, String), TokenSums> = BTreeMap::new();
    for row in table.rows() {
        imported.rows += 1;
        if !row.get("ChargeCategory").eq_ignore_ascii_case("usage") {
            imported.skip("not usage (purchases, taxes, credits, adjustments)", row.get("ChargeCategory"));
            continue;
        }
        match read_row(ctx, &row, provider_column, &mut gpus, &mut tokens) {
            Ok(Some(reason)) => imported.skip(reason, row.get("SkuId")),
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (key, sums) in gpus {
        let Ok(price) = within_limit("price_per_gpu_hour", sums.cost / sums.gpu_hours).map(round6) else {
            imported.skip(ABOVE_LIMIT, &key.sku);
            continue;
        };
        if price <= 0.0 {
            // Credits or a commitment paid elsewhere can leave usage at no effective cost: no price to learn.
            imported.skip("GPU usage at no positive effective cost", &key.sku);
            continue;
        }
        let as_of = as_of(ctx, &sums.last_end);
        let note = format!(
            "effective ${:.2} over {:.1} GPU-hours in {} usage row(s) from line {}, charge periods {} to {}",
            sums.cost, sums.gpu_hours, sums.rows, sums.first_line, sums.first_start, sums.last_end
        );
        let (name, kind) = provider(ctx, &key.provider);
        let id = slug(&["focus", &key.provider, &key.sku, &key.region, &key.pricing]);
        let row = GpuRow {
            instance: key.sku.clone(),
            region: key.region.clone(),
            count: key.count,
            pricing: pricing_model(&key.pricing),
            price,
            as_of,
            note,
        };
        imported.offers.push(gpu_offer(ctx, id, (&name, kind), key.gpu.clone(), row));
    }
    for ((provider_name, model), sums) in tokens {
        let (Some(input), Some(output)) = (sums.input.price(), sums.output.price()) else {
            imported.skip("tokens billed without both input and output", &model);
            continue;
        };
        if input < 0.0 || output < 0.0 {
            imported.skip("tokens at a negative effective cost (credits)", &model);
            continue;
        }
        let limits = [("input_usd_per_mtok", Some(input)), ("output_usd_per_mtok", Some(output))];
        let cached_limit = ("cached_input_usd_per_mtok", sums.cached.price());
        if limits.into_iter().chain([cached_limit]).any(|(f, p)| p.is_some_and(|p| within_limit(f, p).is_err())) {
            imported.skip(ABOVE_LIMIT, &model);
            continue;
        }
        let Some(catalog_model) = aliases::model_id(ctx.catalog, &model) else {
            imported.skip("model not in the catalog", &model);
            continue;
        };
        let (name, kind) = provider(ctx, &provider_name);
        let mut offer = token_offer(
            ctx,
            slug(&["focus", &provider_name, &model]),
            (&name, kind),
            &model,
            catalog_model,
            (input, output, sums.cached.price()),
        );
        offer.as_of = as_of(ctx, &sums.last_end);
        offer.note = format!(
            "effective prices paid: {:.3}M input and {:.3}M output tokens for ${:.2}, charge periods to {}",
            sums.input.tokens / 1e6,
            sums.output.tokens / 1e6,
            sums.input.cost + sums.output.cost + sums.cached.cost,
            sums.last_end
        );
        imported.token_offers.push(offer);
    }
    Ok(imported)
}

/// Why a group is skipped whose effective price `--catalog` would refuse (a summed cost is no single cell
/// to point an error at).
const ABOVE_LIMIT: &str = "an effective price above the catalog's limit";

/// One group of GPU usage rows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct GpuKey {
    provider: String,
    region: String,
    sku: String,
    pricing: String,
    gpu: String,
    count: u32,
}

/// What a group of GPU rows adds up to.
#[derive(Debug, Default)]
struct Sums {
    cost: f64,
    gpu_hours: f64,
    rows: usize,
    first_line: usize,
    first_start: String,
    last_end: String,
}

/// Cost and tokens of one token type.
#[derive(Debug, Default)]
struct Meter {
    cost: f64,
    tokens: f64,
}

impl Meter {
    /// USD per million tokens, when any were billed.
    fn price(&self) -> Option<f64> {
        (self.tokens > 0.0).then(|| round6(self.cost / self.tokens * 1e6))
    }
}

/// What one provider's bills for one model add up to.
#[derive(Debug, Default)]
struct TokenSums {
    input: Meter,
    output: Meter,
    cached: Meter,
    last_end: String,
}

/// Adds one usage row to its group; `Ok(Some(reason))` when it is neither GPU-hours nor tokens.
fn read_row(
    ctx: &Context,
    row: &Row,
    provider_column: &str,
    gpus: &mut BTreeMap<GpuKey, Sums>,
    tokens: &mut BTreeMap<(String, String), TokenSums>,
) -> Result<Option<&'static str>, Diagnostic> {
    let currency = row.get("BillingCurrency");
    if !currency.is_empty() && !currency.eq_ignore_ascii_case("USD") {
        return Err(row
            .error("BillingCurrency", format!("prices are in USD; this row is billed in {currency}"))
            .with_help("convert the export to USD first (the catalog holds USD)"));
    }
    let cost = row.number("EffectiveCost")?.unwrap_or(0.0);
    let quantity = row.number("PricingQuantity")?.unwrap_or(0.0);
    if quantity <= 0.0 {
        return Ok(Some("no priced quantity"));
    }
    let details = match row.get("SkuPriceDetails") {
        "" => Value::Null,
        text => serde_json::from_str::<Value>(text)
            .map_err(|e| row.error("SkuPriceDetails", format!("`SkuPriceDetails` must be a JSON object: {e}")))?,
    };
    let detail = |keys: &[&str]| -> String {
        keys.iter()
            .find_map(|k| match details.get(*k) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let unit = row.get("PricingUnit").to_ascii_lowercase();
    let meter = format!("{} {}", row.get("SkuMeter"), detail(&["TokenType"])).to_ascii_lowercase();
    let provider = row.get(provider_column).to_string();
    let end = row.get("ChargePeriodEnd").to_string();
    match day_number(end.get(..10).unwrap_or("")) {
        None => {
            return Err(row.error("ChargePeriodEnd", format!("`ChargePeriodEnd` must be a date-time, found \"{end}\"")));
        }
        Some(d) if d > day_number(&ctx.opts.today).unwrap_or(i64::MAX) + 1 => {
            return Err(row.error("ChargePeriodEnd", format!("the charge period ends after today, {}", ctx.opts.today)));
        }
        Some(_) => {}
    }
    if unit.contains("token") || meter.contains("token") {
        let block = leading_number(&unit).unwrap_or(1.0);
        let model = match detail(&["ModelId", "ModelName"]) {
            m if !m.is_empty() => m,
            _ => row.get("SkuId").to_string(),
        };
        let sums = tokens.entry((provider, model)).or_default();
        let m = if meter.contains("cache") {
            &mut sums.cached
        } else if meter.contains("output") {
            &mut sums.output
        } else if meter.contains("input") || meter.contains("prompt") {
            &mut sums.input
        } else {
            return Ok(Some("tokens of an unknown type (not input, output or cached)"));
        };
        m.cost += cost;
        m.tokens += quantity * block;
        if end > sums.last_end {
            sums.last_end = end;
        }
        return Ok(None);
    }
    let gpu_name = match row.get("x_GpuModel") {
        "" => detail(&["GpuModel", "GpuType", "GPUModel"]),
        g => g.to_string(),
    };
    let count = match row.number("x_GpuCount")? {
        Some(c) => Some(c),
        None => detail(&["GpuCount", "GPUCount"]).parse::<f64>().ok(),
    };
    let (Some(count), false) = (count, gpu_name.is_empty()) else {
        return Ok(Some("neither GPU-hours nor tokens (no GPU model and count in SkuPriceDetails)"));
    };
    if !unit.contains("hour") {
        return Ok(Some("GPU usage not priced by the hour"));
    }
    if count < 1.0 || count.fract() != 0.0 {
        return Err(row.error("SkuPriceDetails", format!("a GPU count must be a whole number ≥ 1, found {count}")));
    }
    let sku = row.get("SkuId");
    let gpu = aliases::gpu_id(ctx.catalog, &ctx.opts.gpu_aliases, &gpu_name, None, sku).map_err(|closest| {
        row.error("SkuPriceDetails", format!("GPU \"{gpu_name}\" is not in the catalog"))
            .with_help(format!("closest: {}; map it with --gpu-alias \"{gpu_name}=GPU_ID\"", closest.join(", ")))
    })?;
    let gpu_hours = if unit.contains("gpu") { quantity } else { quantity * count };
    let key = GpuKey {
        provider,
        region: row.get("RegionId").to_string(),
        sku: sku.to_string(),
        pricing: row.get("PricingCategory").to_string(),
        gpu,
        count: count as u32,
    };
    let sums = gpus.entry(key).or_default();
    if sums.rows == 0 {
        sums.first_line = row.line;
        sums.first_start = row.get("ChargePeriodStart").to_string();
    }
    sums.rows += 1;
    sums.cost += cost;
    sums.gpu_hours += gpu_hours;
    if end > sums.last_end {
        sums.last_end = end;
    }
    Ok(None)
}

/// The number a pricing unit starts with (`1000000 Tokens` → 10⁶; `1K Tokens` → 10³).
fn leading_number(unit: &str) -> Option<f64> {
    let digits: String = unit.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let n = digits.parse::<f64>().ok()?;
    let scale = match unit[digits.len()..].trim_start().chars().next() {
        Some('k') => 1e3,
        Some('m') => 1e6,
        _ => 1.0,
    };
    Some(n * scale)
}

/// The catalog's pricing model for a FOCUS `PricingCategory`.
fn pricing_model(category: &str) -> &'static str {
    match category.to_ascii_lowercase().as_str() {
        "dynamic" => "spot",
        "committed" => "committed",
        "other" => "other",
        _ => "on_demand",
    }
}

/// The last day a charge period ending at `end` covers (FOCUS ends are exclusive: an end at midnight
/// covers the day before), or `--as-of` when given.
fn as_of(ctx: &Context, end: &str) -> String {
    if !ctx.as_of.is_empty() {
        return ctx.as_of.clone();
    }
    let date = end.get(..10).unwrap_or(end);
    let midnight = end.get(10..).is_none_or(|t| t.trim_start_matches('T').starts_with("00:00:00"));
    match day_number(date) {
        Some(d) if midnight => iso_date(d - 1),
        Some(_) => date.to_string(),
        None => end.to_string(),
    }
}

/// The provider's display name and kind (`--provider` and `--kind` override).
fn provider(ctx: &Context, name: &str) -> (String, crate::catalog::ProviderKind) {
    let (display, kind) = aliases::provider(ctx.opts.provider.as_deref().unwrap_or(name));
    (display, ctx.opts.kind.unwrap_or(kind))
}
