//! `computecost providers`: the built-in catalog with sources and dates.

use crate::analysis::stale::is_stale;
use crate::base::format::number;
use crate::catalog::{Catalog, Gpu, Model, Offer, TokenOffer};
use crate::cli::{CatalogTable, ListFormat, PricingArg, ProvidersArgs};
use crate::commands::error::{Error, Usage};
use crate::report::table::{RULED, new_table as ruled_table};
use comfy_table::Table;
use serde::Serialize;
use std::io::Write;

/// Runs `computecost providers`.
pub fn run(args: &ProvidersArgs, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = super::engine::catalog(&args.catalog)?;
    let today = super::engine::today(&args.catalog);
    let max_age = args.catalog.max_age_days;
    let stale = |as_of: &str| is_stale(as_of, &today, max_age);
    let gpu_matches = |id: &str| args.gpu.as_deref().is_none_or(|g| id.contains(&g.to_lowercase()));
    match args.list {
        CatalogTable::Offers => {
            if args.model.is_some() {
                return Err(
                    Usage::Filter("--model filters token APIs (--list tokens): a GPU offer serves any model").into()
                );
            }
            let offers: Vec<&Offer> = catalog
                .offers
                .iter()
                .filter(|o| gpu_matches(&o.gpu) && args.kind.is_none_or(|k| o.kind == super::args::kind(k)))
                .filter(|o| args.pricing.is_none_or(|p| priced_as(&o.pricing_model, p)))
                .filter(|o| args.region.as_deref().is_none_or(|r| contains(&o.region, r)))
                .collect();
            emit(out, args.format, &offers, |rows| offer_table(rows, &stale, &catalog))?;
            let old = offers.iter().filter(|o| stale(&o.as_of)).count();
            if args.catalog.strict_prices && old > 0 {
                let lines = offers
                    .iter()
                    .filter(|o| stale(&o.as_of))
                    .map(|o| format!("offer `{}` (as of {}, limit {max_age} days on {today})", o.id, o.as_of))
                    .collect();
                return Err(Usage::StalePrices { offers: lines }.into());
            }
            if matches!(args.format, ListFormat::Table | ListFormat::Md) && old > 0 {
                let kept = offers.iter().filter(|o| stale(&o.as_of) && !o.newest_available.is_empty()).count();
                let note = format!(
                    "{old} of {} offers are more than {max_age} days old on {today} (marked \"stale\"; {kept} of them \
                     \"newest available\": no later dated price was found, `providers --format csv` says where we \
                     looked): check the price, or bring your own quote with --catalog.",
                    offers.len()
                );
                let note =
                    crate::report::table::wrap(&note, crate::report::table::width().unwrap_or(100).min(100), "  ");
                writeln!(out, "{note}")?;
            }
            Ok(())
        }
        CatalogTable::Gpus => {
            reject_kind(args)?;
            let gpus: Vec<&Gpu> = catalog.gpus.iter().filter(|g| gpu_matches(&g.id)).collect();
            emit(out, args.format, &gpus, gpu_table)
        }
        CatalogTable::Tokens => {
            if args.gpu.is_some() {
                return Err(Usage::Filter("--gpu filters offers and GPUs, not token APIs").into());
            }
            if args.pricing.is_some() || args.region.is_some() {
                return Err(Usage::Filter("--pricing and --region filter GPU offers, not token APIs").into());
            }
            let offers: Vec<&TokenOffer> = catalog
                .token_offers
                .iter()
                .filter(|o| args.kind.is_none_or(|k| o.kind == super::args::kind(k)))
                .filter(|o| {
                    args.model.as_deref().is_none_or(|m| contains(&o.catalog_model, m) || contains(&o.model, m))
                })
                .collect();
            emit(out, args.format, &offers, |rows| token_table(rows, &stale))
        }
        CatalogTable::Models => {
            reject_kind(args)?;
            if args.gpu.is_some() {
                return Err(Usage::Filter("--gpu filters offers and GPUs, not models").into());
            }
            let models: Vec<&Model> = catalog.models.iter().collect();
            emit(out, args.format, &models, model_table)
        }
    }
}

fn reject_kind(args: &ProvidersArgs) -> Result<(), Error> {
    if args.kind.is_some() || args.pricing.is_some() || args.region.is_some() {
        return Err(Usage::Filter("--kind, --pricing and --region filter offers only (use --list offers)").into());
    }
    match args.model {
        Some(_) => Err(Usage::Filter("--model filters token APIs only (use --list tokens)").into()),
        None => Ok(()),
    }
}

/// Whether `text` contains `wanted`, ignoring case.
fn contains(text: &str, wanted: &str) -> bool {
    text.to_lowercase().contains(&wanted.to_lowercase())
}

/// Whether an offer's `pricing_model` is priced as `p` asks (`reserved` takes `reserved_1y`, `reserved_3y`,
/// `committed` and the like).
fn priced_as(pricing_model: &str, p: PricingArg) -> bool {
    match p {
        PricingArg::OnDemand => pricing_model == "on_demand",
        PricingArg::Spot => pricing_model == "spot" || pricing_model == "preemptible",
        PricingArg::Reserved => pricing_model.starts_with("reserved") || pricing_model == "committed",
        PricingArg::Community => pricing_model == "community",
        PricingArg::Secure => pricing_model == "secure",
    }
}

fn emit<T: Serialize>(
    out: &mut dyn Write,
    format: ListFormat,
    rows: &[&T],
    table: impl Fn(&[&T]) -> Table,
) -> Result<(), Error> {
    match format {
        ListFormat::Table | ListFormat::Md => {
            crate::report::table::set_markdown(format == ListFormat::Md);
            // A narrow terminal loses the secondary columns first (offers, token prices, GPUs, models); the
            // date, with its stale mark, stays and wraps.
            let drop = [
                "from",
                "egress $/GB",
                "storage $/GB-mo",
                "range",
                "source",
                "kind",
                "cached $/M",
                "ttft ms",
                "tok/s",
                "interconnect GB/s",
                "provider",
            ];
            let (text, dropped) = crate::report::table::fit(&table(rows), &drop);
            writeln!(out, "{text}")?;
            if let Some(note) = crate::report::table::dropped_note(&dropped) {
                writeln!(out, "{note}")?;
            }
        }
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            for row in rows {
                w.serialize(row).map_err(std::io::Error::other)?;
            }
            w.flush()?;
        }
    }
    Ok(())
}

fn new_table(header: &[&str]) -> Table {
    ruled_table(header.iter().map(ToString::to_string).collect(), RULED)
}

/// A source URL shortened for a terminal: scheme dropped, at most 60 characters.
fn short_source(source: &str) -> String {
    let s = source.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
    if s.chars().count() > 60 { format!("{}…", s.chars().take(59).collect::<String>()) } else { s.to_string() }
}

fn opt(v: Option<f64>) -> String {
    v.map_or("—".into(), number)
}

/// An `as_of` cell, marked when the figure is stale.
fn dated(as_of: &str, stale: &dyn Fn(&str) -> bool) -> String {
    if stale(as_of) { format!("{as_of} (stale)") } else { as_of.to_string() }
}

fn offer_table(offers: &[&Offer], stale: &dyn Fn(&str) -> bool, catalog: &Catalog) -> Table {
    let mut t = new_table(&[
        "id",
        "provider",
        "kind",
        "gpu",
        "pricing",
        "$/GPU-h",
        "range",
        "egress $/GB",
        "storage $/GB-mo",
        "as_of",
        "source",
        "from",
    ]);
    for o in offers {
        let range = match (o.price_low_usd, o.price_high_usd) {
            (Some(lo), Some(hi)) => format!("{}–{}", number(lo), number(hi)),
            (Some(lo), None) => format!("from {}", number(lo)),
            _ => String::new(),
        };
        t.add_row(vec![
            o.id.clone(),
            o.provider.clone(),
            o.kind.to_string(),
            catalog.gpu(&o.gpu).map_or_else(|| o.gpu.clone(), |g| g.short_name().to_string()),
            o.pricing_model.clone(),
            opt(o.price_per_gpu_hour_usd),
            range,
            opt(o.egress_usd_per_gb),
            opt(o.storage_usd_per_gb_month),
            match dated(&o.as_of, stale) {
                d if d.ends_with("(stale)") && !o.newest_available.is_empty() => {
                    d.replace("(stale)", "(stale, newest available)")
                }
                d => d,
            },
            short_source(&o.source),
            o.origin.clone(),
        ]);
    }
    t
}

fn token_table(offers: &[&TokenOffer], stale: &dyn Fn(&str) -> bool) -> Table {
    let mut t = new_table(&["id", "provider", "kind", "model", "as", "$/M in", "$/M out", "as_of", "source", "from"]);
    for o in offers {
        t.add_row(vec![
            o.id.clone(),
            o.provider.clone(),
            o.kind.to_string(),
            o.model.clone(),
            o.catalog_model.clone(),
            number(o.input_usd_per_mtok),
            number(o.output_usd_per_mtok),
            dated(&o.as_of, stale),
            short_source(&o.source),
            o.origin.clone(),
        ]);
    }
    t
}

fn gpu_table(gpus: &[&Gpu]) -> Table {
    let mut t = new_table(&[
        "id",
        "name",
        "memory GB",
        "bandwidth TB/s",
        "BF16 TFLOP/s",
        "FP8 TFLOP/s",
        "link GB/s",
        "as_of",
        "source",
        "from",
    ]);
    for g in gpus {
        t.add_row(vec![
            g.id.clone(),
            g.name.clone(),
            number(g.memory_gb),
            number(g.memory_bandwidth_tbs),
            opt(g.bf16_dense_tflops),
            opt(g.fp8_dense_tflops),
            number(g.interconnect_gbs),
            g.as_of.clone(),
            short_source(&g.source),
            g.origin.clone(),
        ]);
    }
    t
}

fn model_table(models: &[&Model]) -> Table {
    let mut t = new_table(&[
        "id",
        "name",
        "params B",
        "active B",
        "layers",
        "context",
        "KV B/token (BF16)",
        "as_of",
        "source",
        "from",
    ]);
    for m in models {
        t.add_row(vec![
            m.id.clone(),
            m.name.clone(),
            number(m.params_b),
            number(m.active_params_b),
            m.layers.to_string(),
            m.context_length.to_string(),
            number(m.kv_bytes_per_token_bf16),
            m.as_of.clone(),
            short_source(&m.source),
            m.origin.clone(),
        ]);
    }
    t
}
