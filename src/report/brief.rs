//! The memo's opening summary: three lines a reader can paste. The cheapest of each way to get the work
//! done (rent GPUs on a cloud, rent them on a marketplace or network, own them, buy tokens), compared like
//! with like: the models each side runs are named when they differ, with the paired odds, what would change
//! the answer, the horizon total, the margin under both savings presets, and the old or thin figures it rests
//! on.

use super::grid::{median, p_cheaper, percent0};
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::ways::{self, Way};
use crate::analysis::{ProviderResult, Results};
use crate::base::format;
use crate::base::warning::WarningKind;
use crate::sim::Metric;

/// What `p` runs: a token API's own model, else the workload's.
pub fn model_of<'a>(results: &'a Results, p: &'a ProviderResult) -> Option<&'a str> {
    p.served_model.as_deref().or(results.scenario.model.as_deref())
}

/// The stale prices behind `p`, as the run's warnings name them (`offer X is N days old`).
fn stale(results: &Results, p: &ProviderResult) -> Vec<String> {
    let prices = |message: &str| {
        message.split_once("; it prices ").is_some_and(|(_, ids)| ids.split(", ").any(|id| id.trim() == p.id))
    };
    results
        .warnings
        .iter()
        .chain(&p.warnings)
        .filter(|w| w.code == WarningKind::StaleFigure && prices(&w.message))
        .map(|w| w.message.split(" (as of").next().unwrap_or(&w.message).to_string())
        .collect()
}

/// The summary's lines (Markdown), or none when nothing can run the workload or costs are per run.
pub fn lines(results: &Results, sensitivity: Option<&Sensitivity>, other_preset: Option<&Results>) -> Vec<String> {
    let ranked = results.ranked();
    let rival = ways::rival(results);
    let (Some(best), false) = (ranked.first(), results.scenario.per_run) else { return Vec::new() };
    let cur = results.scenario.currency.as_str();
    let money = |v: f64| format::money(v, cur);
    let way = Way::of(best);
    let mut out = Vec::new();

    // 1. The cheapest, per month, per 1M tokens, per request; then the cheapest of each other way.
    let monthly = median(best, Metric::MonthlyCost);
    let requests = results.assumptions.iter().find(|a| a.path == "workload.requests_per_month").map(|a| a.value);
    let per_request = requests.filter(|n| *n > 0.0).map(|n| format!(", about {} per request", money(monthly / n)));
    let unit = median(best, Metric::CostPerUnit);
    let mut first = format!(
        "**Cheapest: {} ({})** at {} a month — {} per {}{}.",
        best.id,
        way.label(),
        money(monthly),
        money(unit),
        results.scenario.unit,
        per_request.unwrap_or_default()
    );
    let others: Vec<&ProviderResult> = [Way::Cloud, Way::Network, Way::Owned, Way::Tokens]
        .into_iter()
        .filter(|w| *w != way)
        .filter_map(|w| ranked.iter().copied().find(|p| Way::of(p) == w))
        .collect();
    if !others.is_empty() {
        let list: Vec<String> = others
            .iter()
            .map(|p| format!("{} {} ({})", Way::of(p).label(), money(median(p, Metric::MonthlyCost)), p.id))
            .collect();
        first += &format!(" The cheapest of each other way: {}.", list.join("; "));
    }
    out.push(first);

    // 2. Against the next way: the paired odds, the models when they differ, what would change it.
    if let Some(rival) = rival {
        let mut second = match p_cheaper(results, &best.id, &rival.id) {
            Some((p, ratio)) if results.scenario.samples > 1 => format!(
                "{} is cheaper than {} ({}) in {} of paired trials, median cost ratio {ratio:.2}",
                best.id,
                rival.id,
                Way::of(rival).label(),
                percent0(p)
            ),
            _ => format!("{} costs less than {} ({}) at the median", best.id, rival.id, Way::of(rival).label()),
        };
        match (model_of(results, best), model_of(results, rival)) {
            (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b) => {
                second += &format!("; they serve different models: {} runs {a}, {} runs {b}", best.id, rival.id);
            }
            (Some(a), Some(_)) => second += &format!(", both running {a}"),
            _ => {}
        }
        // The input most tied to the gap over all trials: rank correlation, not the one-at-a-time swing,
        // which a fleet that moves in whole servers ties between every input that flips a server.
        let tied = sensitivity.and_then(|s| {
            s.inputs
                .iter()
                .filter_map(|i| i.rank_correlation.map(|r| (i, r)))
                .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
                .map(|(i, r)| (s, i, r))
        });
        if let Some((s, input, rho)) = tied {
            second += &format!(
                ". What moves {} most over the trials: `{}` (rank correlation {}; tornado below)",
                s.target_title(),
                super::sensitivity::input_name(&input.input),
                format::signed(rho, 2)
            );
        } else if let Some((s, input)) = sensitivity.and_then(|s| s.inputs.first().map(|i| (s, i))) {
            second += &format!(
                ". What moves {} most: `{}` (tornado below)",
                s.target_title(),
                super::sensitivity::input_name(&input.input)
            );
        }
        second.push('.');
        out.push(second);
    }

    // 3. Over the horizon, the margin under both presets, and what the answer rests on.
    let months = results.scenario.horizon_months;
    let mut third = format!("Over {months:.0} months it costs {}", money(median(best, Metric::HorizonCost)));
    let pp = |r: &Results| r.providers.iter().find(|p| p.id == best.id).map(|p| median(p, Metric::MarginImprovementPp));
    if let (Some(here), Some(preset)) =
        (pp(results).filter(|v| v.is_finite()), results.scenario.savings_preset.as_deref())
    {
        third += &format!("; the margin moves {} with the {preset} savings", format::pp(here));
        if let Some(there) = other_preset.and_then(pp).filter(|v| v.is_finite()) {
            let other = other_preset.and_then(|r| r.scenario.savings_preset.as_deref()).unwrap_or("other");
            third += &format!(", {} with the {other} ones", format::pp(there));
        }
    }
    let mut behind: Vec<String> = stale(results, best);
    if let Some(rival) = rival {
        behind.extend(stale(results, rival));
    }
    if behind.is_empty() {
        third.push('.');
    } else {
        third += &format!(". Old prices behind it: {}.", behind.join("; "));
    }
    out.push(third);
    out
}
