//! The memo's account of the rented GPUs: for each provider renting GPUs, the fleet at the busiest hour, the
//! instances it occupies, the hours they are billed and the price, which multiply to the compute line.

use crate::analysis::Results;
use crate::base::format::{money, thousands};
use std::io::{self, Write};

/// Writes "What the rented GPUs cost, and why" (nothing for a scenario without rented serving).
pub fn write(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let cur = results.scenario.currency.as_str();
    let rows: Vec<String> = results
        .providers
        .iter()
        .filter(|p| !p.is_token_api() && p.feasible)
        .filter_map(|p| {
            let d = p.detail.as_ref().filter(|d| d.instance_gpus > 0)?;
            let price = p.price_per_gpu_hour?;
            let policy = if d.autoscaled { "autoscale" } else { "static" };
            let instance_hours = d.gpu_hours_billed / f64::from(d.instance_gpus);
            Some(format!(
                "| {} | {policy} | {} GPU{} × batch {} | {} at {:.2}× the average | {} | {} × {}-GPU | {} instance-h × {} GPUs = {} GPU-h | {}/GPU-h | {} |",
                p.id,
                d.gpus_per_replica,
                if d.gpus_per_replica == 1 { "" } else { "s" },
                d.batch,
                d.replicas_peak,
                d.peak_to_average,
                tokens_per_s(d.output_tokens_per_s_per_gpu),
                d.instances_peak,
                d.instance_gpus,
                thousands(instance_hours),
                d.instance_gpus,
                thousands(d.gpu_hours_billed),
                money(price, cur),
                money(d.gpu_hours_billed * price, cur),
            ))
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "## What the rented GPUs cost, and why\n")?;
    writeln!(
        out,
        "With every input at its median (`computecost run --point`), a provider renting GPUs pays for whole \
         instances: the replicas its busiest hour needs, packed into the instance shapes it rents, for the \
         hours its policy keeps them (`static`: all month; `autoscale`: hour by hour), at its price per \
         GPU-hour. That product is the compute line; verification, failures, egress, storage and fees come on \
         top. docs/MODEL.md, \"Inference: serving a month\".\n"
    )?;
    writeln!(
        out,
        "| Provider | Policy | Replica | Replicas at the busiest hour | Output tok/s per GPU | Instances | Billed per month | Price | Compute |"
    )?;
    writeln!(out, "|---|---|---|---|---:|---|---|---:|---:|")?;
    for row in rows {
        writeln!(out, "{row}")?;
    }
    Ok(())
}

/// A throughput for a table cell.
fn tokens_per_s(v: f64) -> String {
    if v >= 100.0 { thousands(v) } else { format!("{v:.1}") }
}
