//! GPU price catalogs: SkyPilot's `vms.csv` and dstack's gpuhunt CSV, both priced per instance-hour.

use super::table::{Row, Table};
use super::{Context, GpuRow, Imported, gpu_offer, merge_same_ids, round6, slug};
use crate::base::diagnostic::Diagnostic;
use crate::catalog::ProviderKind;
use crate::catalog::aliases;
use std::path::Path;

/// SkyPilot catalog v8 `vms.csv`: `Price` and `SpotPrice` per instance-hour, `AcceleratorCount` GPUs of
/// `AcceleratorName` (per-GPU memory in `GpuInfo`). The provider is the file's folder (`catalogs/v8/aws`).
pub(super) fn skypilot(ctx: &Context) -> Result<Imported, Vec<Diagnostic>> {
    let table = Table::read(
        ctx.source,
        "SkyPilot vms.csv",
        &["InstanceType", "AcceleratorName", "AcceleratorCount", "Region", "Price"],
    )?;
    let folder = Path::new(&ctx.source.name).parent().and_then(|p| p.file_name()).and_then(|f| f.to_str());
    let provider = provider_of(ctx, folder, "the folder SkyPilot keeps it in (catalogs/v8/<cloud>/vms.csv)")?;
    let columns =
        Columns { instance: "InstanceType", region: "Region", gpu: "AcceleratorName", count: "AcceleratorCount" };
    read_rows(ctx, &table, &provider, &columns, |row| {
        let memory = gpu_info_memory_gb(row.get("GpuInfo"));
        let mut prices = vec![("on_demand", "Price")];
        if table.has("SpotPrice") {
            prices.push(("spot", "SpotPrice"));
        }
        Ok((memory, prices))
    })
}

/// dstack's gpuhunt catalog CSV: `price` per instance-hour of `gpu_count` × `gpu_name` (`gpu_memory` GB
/// each); `spot` says which price it is. The provider is the file's name (`vastai.csv`).
pub(super) fn gpuhunt(ctx: &Context) -> Result<Imported, Vec<Diagnostic>> {
    let table = Table::read(
        ctx.source,
        "gpuhunt catalog",
        &["instance_name", "location", "price", "gpu_count", "gpu_name", "spot"],
    )?;
    let stem = Path::new(&ctx.source.name).file_stem().and_then(|f| f.to_str());
    let provider = provider_of(ctx, stem, "the file's name (gpuhunt writes one file per provider, e.g. vastai.csv)")?;
    let columns = Columns { instance: "instance_name", region: "location", gpu: "gpu_name", count: "gpu_count" };
    read_rows(ctx, &table, &provider, &columns, |row| {
        let memory = row.number("gpu_memory")?;
        let pricing = match row.get("spot").to_ascii_lowercase().as_str() {
            "true" => "spot",
            "false" => "on_demand",
            other => return Err(row.error("spot", format!("`spot` must be True or False, found \"{other}\""))),
        };
        Ok((memory, vec![(pricing, "price")]))
    })
}

/// The columns both catalogs have under their own names.
struct Columns {
    instance: &'static str,
    region: &'static str,
    gpu: &'static str,
    count: &'static str,
}

/// The provider's name and kind: `--provider` and `--kind`, else the short name found in the file's path.
fn provider_of(ctx: &Context, short: Option<&str>, from: &str) -> Result<(String, ProviderKind), Vec<Diagnostic>> {
    let (name, kind) = match (&ctx.opts.provider, short) {
        (Some(p), _) => aliases::provider(p),
        (None, Some(s)) if !s.is_empty() && s != "." => aliases::provider(s),
        _ => {
            return Err(vec![
                ctx.source
                    .diagnostic(0..1, format!("cannot tell the provider from {from}"))
                    .with_help("name it: --provider \"Acme GPU\""),
            ]);
        }
    };
    Ok((name, ctx.opts.kind.unwrap_or(kind)))
}

/// Per-GPU memory from SkyPilot's `GpuInfo` (`... 'MemoryInfo': {'SizeInMiB': 81920} ...`), in GB.
fn gpu_info_memory_gb(info: &str) -> Option<f64> {
    let at = info.find("SizeInMiB")? + "SizeInMiB".len();
    let digits: String =
        info[at..].chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
    digits.parse::<f64>().ok().map(|mib| mib / 1024.0)
}

/// Reads every row into offers: one per price column `prices` gives (`(pricing model, column)`), divided by
/// the row's GPUs. Rows without GPUs, with a fraction of a GPU or without a price are skipped and counted;
/// a GPU the catalog does not know is an error (once per name) unless `--skip-unknown-gpus`.
fn read_rows(
    ctx: &Context,
    table: &Table,
    provider: &(String, ProviderKind),
    cols: &Columns,
    per_row: impl Fn(&Row) -> Result<(Option<f64>, Vec<(&'static str, &'static str)>), Diagnostic>,
) -> Result<Imported, Vec<Diagnostic>> {
    let mut imported = Imported::default();
    let mut offers = Vec::new();
    let mut problems = Vec::new();
    let mut unknown_seen: Vec<String> = Vec::new();
    for row in table.rows() {
        imported.rows += 1;
        let name = row.get(cols.gpu);
        let count = match row.number(cols.count) {
            Ok(c) => c.unwrap_or(0.0),
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        if name.is_empty() || count <= 0.0 {
            imported.skip("no GPU (a CPU instance)", "");
            continue;
        }
        if count > 1e4 {
            problems
                .push(row.error(cols.count, format!("`{}` must be at most 10,000 GPUs, found {count}", cols.count)));
            continue;
        }
        if count.fract() != 0.0 {
            imported.skip("a fraction of a GPU (not modelled)", &format!("{} × {name}", count));
            continue;
        }
        let (memory, prices) = match per_row(&row) {
            Ok(x) => x,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let instance = row.get(cols.instance);
        let gpu = match aliases::gpu_id(ctx.catalog, &ctx.opts.gpu_aliases, name, memory, instance) {
            Ok(g) => g,
            Err(_) if ctx.opts.skip_unknown_gpus => {
                imported.skip("GPU not in the catalog", name);
                continue;
            }
            Err(closest) => {
                if !unknown_seen.iter().any(|n| n == name) {
                    unknown_seen.push(name.to_string());
                    let near =
                        if closest.is_empty() { String::new() } else { format!("closest: {}; ", closest.join(", ")) };
                    problems.push(row.error(cols.gpu, format!("GPU \"{name}\" is not in the catalog")).with_help(format!(
                        "{near}map it with --gpu-alias \"{name}=GPU_ID\", add it in a catalog's [[gpus]], or leave such rows out with --skip-unknown-gpus"
                    )));
                }
                continue;
            }
        };
        let mut priced = false;
        for (pricing, column) in prices {
            let price = match row.number(column) {
                Ok(p) => p,
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            };
            let Some(price) = price.filter(|p| *p > 0.0) else { continue };
            let per_gpu = match super::within_limit("price_per_gpu_hour", price / count) {
                Ok(p) => p,
                Err(why) => {
                    problems.push(row.error(column, format!("`{column}` ÷ {count} GPUs {why}")));
                    continue;
                }
            };
            priced = true;
            let region = row.get(cols.region);
            let tag = if pricing == "spot" { "spot" } else { "od" };
            let id = slug(&[&provider.0, instance, region, tag]);
            let count = count as u32;
            let note = format!("{instance}: ${price}/h ÷ {count} GPU(s) ({column}, line {})", row.line);
            let line = GpuRow {
                instance: instance.to_string(),
                region: region.to_string(),
                count,
                pricing,
                price: round6(per_gpu),
                as_of: ctx.as_of.clone(),
                note,
            };
            offers.push(gpu_offer(ctx, id, (&provider.0, provider.1), gpu.clone(), line));
        }
        if !priced {
            imported.skip("no price", instance);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    imported.offers = merge_same_ids(offers);
    Ok(imported)
}
