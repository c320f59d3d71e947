//! The forecast as FinOps FOCUS rows (`run --format focus`): one row per feasible provider and percentile
//! of its headline cost, so a FinOps tool can put the forecast beside actual bills. docs/REPORT.md.

use crate::analysis::Results;
use crate::base::date::{day_number, iso_date};
use std::io::{self, Write};

/// The columns written, in order: those of the FOCUS 1.3 specification's own examples
/// (`specification/data/ai_billing/*.csv`), `ProviderName` and `PublisherName` for FOCUS 1.0–1.2 readers, and
/// the `x_` extension columns FOCUS allows for the forecast's own fields.
pub const COLUMNS: [&str; 41] = [
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "HostProviderName",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingQuantity",
    "PricingUnit",
    "PrincipalId",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "ServiceCategory",
    "ServiceName",
    "ServiceProviderName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceDetails",
    "SkuPriceId",
    "x_Scenario",
    "x_Quantile",
    "x_ProviderId",
    "x_ProviderKind",
    "x_Trials",
];

/// The percentiles written, with their fraction.
const QUANTILES: [(&str, f64); 5] = [("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95)];

/// Writes the forecast rows. The charge period is the calendar month after the day prices were checked
/// (`--today`), or after the catalog's newest date when they were not.
pub fn write(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    let day =
        results.scenario.price_check.as_ref().map_or(results.scenario.catalog_date.as_str(), |c| c.today.as_str());
    let (start, end) = next_month(day);
    let metric = results.headline_cost();
    let (unit, per) = if results.scenario.per_run { ("Run", "one training run") } else { ("Month", "a month") };
    let run = &results.scenario;
    for p in results.providers.iter().filter(|p| p.feasible) {
        let Some(stats) = p.metrics.as_ref().and_then(|m| m.get(metric)) else { continue };
        for (name, q) in QUANTILES {
            let cost = match name {
                "p5" => stats.p5,
                "p25" => stats.p25,
                "p50" => stats.p50,
                "p75" => stats.p75,
                _ => stats.p95,
            };
            if !cost.is_finite() {
                continue;
            }
            let cost = format!("{cost:.2}");
            let description =
                format!("Forecast cost of {per}: {name} of {} trials (computecost {})", run.samples, run.version);
            let service = if p.gpu.is_some() { "GPU compute" } else { "Token API" };
            let row: [&str; 41] = [
                &cost,
                "computecost-forecast",
                &run.name,
                &run.currency,
                &end,
                &start,
                "Usage",
                "",
                &description,
                "Usage-Based",
                &end,
                &start,
                "1",
                unit,
                &cost,
                &cost,
                &cost,
                &p.name,
                &p.name,
                &cost,
                &cost,
                "Standard",
                "1",
                unit,
                "",
                &p.name,
                &p.name,
                "",
                "AI and Machine Learning",
                service,
                &p.name,
                "Generative AI",
                p.offer.as_deref().unwrap_or(&p.id),
                unit,
                "",
                "",
                &run.name,
                &format!("{q}"),
                &p.id,
                p.kind.as_str(),
                &run.samples.to_string(),
            ];
            w.write_record(row)?;
        }
    }
    w.flush()
}

/// The first instants of the month after `day` (YYYY-MM-DD) and of the month after that, as FOCUS
/// date-times (`2026-12-01T00:00:00Z`); the period is start-inclusive, end-exclusive, as FOCUS's are.
fn next_month(day: &str) -> (String, String) {
    let year: i64 = day.get(..4).and_then(|y| y.parse().ok()).unwrap_or(1970);
    let month: i64 = day.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let first = |y: i64, m: i64| {
        let (y, m) = (y + (m - 1) / 12, (m - 1) % 12 + 1);
        let date = format!("{y:04}-{m:02}-01");
        // Round-trip through the day count so an impossible date cannot slip through.
        day_number(&date).map_or(date.clone(), iso_date) + "T00:00:00Z"
    };
    (first(year, month + 1), first(year, month + 2))
}

#[cfg(test)]
mod tests {
    use super::next_month;

    #[test]
    fn the_forecast_month_follows_the_day_prices_were_checked() {
        assert_eq!(next_month("2026-11-29"), ("2026-12-01T00:00:00Z".into(), "2027-01-01T00:00:00Z".into()));
        assert_eq!(next_month("2026-12-31"), ("2027-01-01T00:00:00Z".into(), "2027-02-01T00:00:00Z".into()));
    }
}
