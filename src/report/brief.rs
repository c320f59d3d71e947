//! The memo's opening summary: three lines a reader can paste. The cheapest of each way to get the work
//! done (rent GPUs on a cloud, rent them on a marketplace or network, own them, buy tokens), compared like
//! with like: the models each side runs are named when they differ, with the paired odds, what would change
//! the answer, the horizon total, the margin under both savings presets, and the old or thin figures it rests
//! on.

use super::grid::{median, p_cheaper, percent0};
use crate::analysis::sensitivity::{BreakEven, InputEffect, Sensitivity};
use crate::analysis::ways::{self, Way};
use crate::analysis::{ProviderResult, Results};
use crate::base::format;
use crate::base::text::capitalized;
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
    let Some(best) = ranked.first() else { return Vec::new() };
    // A training run without runs_per_month is priced per run: no month, no horizon.
    let (cost, per) = (results.headline_cost(), if results.scenario.per_run { "a run" } else { "a month" });
    let cur = results.scenario.currency.as_str();
    let money = |v: f64| format::money(v, cur);
    let way = Way::of(best);
    let mut out = Vec::new();

    // 1. The cheapest, per month, per 1M tokens, per request; then the cheapest of each other way.
    let monthly = median(best, cost);
    let requests = results.assumptions.iter().find(|a| a.path == "workload.requests_per_month").map(|a| a.value);
    let per_request = requests.filter(|n| *n > 0.0).map(|n| format!(", about {} per request", money(monthly / n)));
    let unit = median(best, Metric::CostPerUnit);
    let per_unit = if results.scenario.per_run {
        String::new()
    } else {
        format!(" — {} per {}{}", money(unit), results.scenario.unit, per_request.unwrap_or_default())
    };
    let mut first = format!("**Cheapest: {} ({})** at {} {per}{per_unit}.", best.id, way.label(), money(monthly));
    if let Some(wall) = best.metrics.as_ref().and_then(|m| m.get(Metric::WallClockHours)) {
        first += &format!(" One run takes {} of wall-clock at the median.", format::hours(wall.p50));
    }
    let others: Vec<&ProviderResult> = [Way::Cloud, Way::Network, Way::Owned, Way::Tokens]
        .into_iter()
        .filter(|w| *w != way)
        .filter_map(|w| ranked.iter().copied().find(|p| Way::of(p) == w))
        .collect();
    if !others.is_empty() {
        let list: Vec<String> =
            others.iter().map(|p| format!("{} {} ({})", Way::of(p).label(), money(median(p, cost)), p.id)).collect();
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
            (Some(a), Some(b)) if !crate::catalog::aliases::same_model(a, b) => {
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
            second += &match input.break_even {
                Some(b) => format!(
                    "; the two cost the same where it {} {}, every other input at its median",
                    if b.percentile < 0.5 { "falls to" } else { "rises to" },
                    break_even_text(input, b, cur)
                ),
                None => "; it cannot close the gap alone within its 1st-99th percentiles".into(),
            };
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
    let horizon = best.metrics.as_ref().and_then(|m| m.get(Metric::HorizonCost)).map(|s| s.p50);
    let mut third = match horizon.filter(|_| !results.scenario.per_run) {
        Some(total) => {
            let ramp = results
                .assumptions
                .iter()
                .find(|a| a.path == "business.adoption_months")
                .map(|a| a.value)
                .filter(|m| *m > 0.0)
                .map_or(String::new(), |m| format!(" (adoption ramping up over the first {m:.0})"));
            format!("Over {months:.0} months{ramp} it costs {}", money(total))
        }
        None => match (best.p_on_time, results.scenario.deadline_days) {
            (Some(p), Some(days)) => {
                format!("Its runs end within the {days}-day deadline in {} of trials", percent0(p))
            }
            _ => "Priced per run (the scenario sets no runs_per_month)".to_string(),
        },
    };
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
    let compared: Vec<&str> = [Some(*best), rival].into_iter().flatten().map(|p| p.id.as_str()).collect();
    let (moving, zeros) = thin(results, &compared, sensitivity);
    if !moving.is_empty() {
        third += &format!(" Thin evidence that moves the comparison: {}.", ticked(&moving));
    }
    if !zeros.is_empty() {
        third += &format!(" Taken as 0 on thin evidence: {}.", ticked(&zeros));
    }
    out.push(third);
    out
}

/// `` `a`, `b` ``.
fn ticked(keys: &[String]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

/// The thin defaults behind the compared providers: those that move the comparison (inputs of the
/// sensitivity analysis, largest swing first) and those counted as 0 for want of a source. A thin default
/// that neither moves the gap nor is a missing zero (a grid's carbon intensity, an API's latency) is left
/// to the caveats.
fn thin(results: &Results, compared: &[&str], sensitivity: Option<&Sensitivity>) -> (Vec<String>, Vec<String>) {
    let thin_warnings: Vec<&crate::base::warning::Warning> = results
        .warnings
        .iter()
        .chain(results.providers.iter().flat_map(|p| p.warnings.iter()))
        .filter(|w| w.code == WarningKind::ThinDefault)
        .collect();
    let behind: Vec<(String, Option<f64>)> = thin_warnings
        .iter()
        .filter_map(|w| {
            let (value, users) = super::grid::thin_use(w);
            users.iter().any(|u| compared.contains(u)).then(|| (super::grid::thin_key(w), value))
        })
        .collect();
    // An input that moves the gap moves it whoever else reads it (a workload-wide default too).
    let thin_keys: Vec<String> = thin_warnings.iter().map(|w| super::grid::thin_key(w)).collect();
    let moving: Vec<String> = sensitivity
        .map(|s| {
            s.inputs
                .iter()
                .filter_map(|i| i.input.strip_prefix("default "))
                .filter(|key| thin_keys.iter().any(|k| k == key))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let zeros = behind.into_iter().filter(|(_, v)| *v == Some(0.0)).map(|(k, _)| k).collect();
    (moving, zeros)
}

/// `0.62 (its 97th percentile)`, in the input's unit.
fn break_even_text(input: &InputEffect, b: BreakEven, currency: &str) -> String {
    let unit = crate::model::fields::unit_of_input(&input.input).unwrap_or(crate::model::fields::Unit::Plain(""));
    format!(
        "{} (its {} percentile)",
        unit.show_bare(b.value, currency),
        format::ordinal((b.percentile * 100.0).round())
    )
}

/// What to do, in one paragraph (Markdown): the cheapest when it is clearly cheapest and serves the
/// workload's model; when it serves another model, the cheapest that serves the workload's too; when the
/// paired odds are close, that it is too close to call; then what would change the answer (the break-even
/// nearest its input's median) and the old price to confirm first.
pub fn recommendation(results: &Results, sensitivity: Option<&Sensitivity>) -> Option<String> {
    let ranked = results.ranked();
    let best = *ranked.first()?;
    let cur = results.scenario.currency.as_str();
    let money = |p: &ProviderResult| format::money(median(p, results.headline_cost()), cur);
    let per = if results.scenario.per_run { "a run" } else { "a month" };
    let act = |p: &ProviderResult| match Way::of(p) {
        Way::Tokens => format!("buy tokens from {}", p.id),
        Way::Owned => format!("own the GPUs ({})", p.id),
        Way::Cloud | Way::Network => format!("rent GPUs from {}", p.id),
    };
    let rival = ways::rival(results);
    let odds = rival.and_then(|r| p_cheaper(results, &best.id, &r.id).map(|(p, _)| (r, p)));
    let workload_model = results.scenario.model.as_deref();
    let serves_other = matches!((model_of(results, best), workload_model), (Some(a), Some(w)) if !crate::catalog::aliases::same_model(a, w));
    let mut s = if serves_other {
        let (a, w) = (model_of(results, best).unwrap_or_default(), workload_model.unwrap_or_default());
        let same =
            ranked.iter().find(|p| model_of(results, p).is_some_and(|m| crate::catalog::aliases::same_model(m, w)));
        let mut s =
            format!("{} if {a} does the job of {w} (check it on your own traffic first)", capitalized(&act(best)));
        if let Some(same) = same {
            s += &format!("; for {w} itself, {} at {} {per}", act(same), money(same));
            if let Some(old) = stale(results, same).first() {
                s += &format!(" ({old})");
            }
        }
        s
    } else {
        match odds {
            Some((r, p)) if results.scenario.samples > 1 && p < 0.6 && p > 0.4 => format!(
                "Too close to call between {} and {}: each is cheaper in about half the paired trials ({} vs {})",
                best.id,
                r.id,
                percent0(p),
                percent0(1.0 - p)
            ),
            Some((r, p)) if results.scenario.samples > 1 && p < 0.9 => {
                format!("Lean to {}, but it is cheaper than {} in only {} of paired trials", best.id, r.id, percent0(p))
            }
            _ => format!("{} at {} {per}", capitalized(&act(best)), money(best)),
        }
    };
    if let Some(p) = best.p_slo_met.filter(|p| *p < 0.95) {
        s += &format!(", though it misses the latency objectives in {} of trials", percent0(1.0 - p));
    }
    s.push('.');
    if let (Some(sens), Some(r)) = (sensitivity, rival) {
        let flip = sens
            .inputs
            .iter()
            .filter_map(|i| i.break_even.map(|b| (i, b)))
            .min_by(|a, b| (a.1.percentile - 0.5).abs().total_cmp(&(b.1.percentile - 0.5).abs()));
        s += &match flip {
            Some((input, b)) => format!(
                " It changes if `{}` {} {} with every other input at its median (where {} − {} is {} {per}): \
                 the two then cost the same.",
                super::sensitivity::input_name(&input.input),
                if b.percentile < 0.5 { "falls to" } else { "rises to" },
                break_even_text(input, b, cur),
                sens_a(sens),
                r.id,
                sens.base.map_or("unknown".into(), |v| format::money(v, cur)),
            ),
            None => {
                format!(" No single input within its 1st-99th percentiles makes {} cheaper than {}.", r.id, best.id)
            }
        };
    }
    if let Some(old) = stale(results, best).first() {
        s += &format!(" Confirm the price first: {old}.");
    }
    Some(s)
}

/// The first provider of the analysis's pair (the cheapest, for the memo's own).
fn sens_a(s: &Sensitivity) -> &str {
    match &s.target {
        crate::analysis::sensitivity::Target::Pair { a, .. } => a,
        crate::analysis::sensitivity::Target::Provider { id } => id,
    }
}
