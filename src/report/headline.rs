//! The memo's one-sentence finding: the cheapest option against the cheapest of another way (both models
//! named when they differ) and whether it meets the objectives, or the build-or-buy volumes.

use super::grid::{median, p_cheaper, percent0};
use crate::analysis::Results;
use crate::base::format;
use crate::sim::Metric;

/// `6.21 million`, `850 thousand`, `1.20 billion`.
fn volume(n: f64) -> String {
    let sig = |v: f64| {
        if v >= 100.0 {
            format!("{v:.0}")
        } else if v >= 10.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.2}")
        }
    };
    match n {
        n if n >= 1e9 => format!("{} billion", sig(n / 1e9)),
        n if n >= 1e6 => format!("{} million", sig(n / 1e6)),
        n if n >= 1e3 => format!("{} thousand", sig(n / 1e3)),
        n => format::thousands(n),
    }
}

/// The build-or-buy headline: above which volume self-hosting beats each token API.
fn build_or_buy(results: &Results, found: &[crate::analysis::build_buy::ApiBreakEven]) -> String {
    let (lo, hi) = crate::analysis::build_buy::RANGE;
    let mut beaten: Vec<&crate::analysis::build_buy::ApiBreakEven> =
        found.iter().filter(|b| b.requests_per_month.is_some()).collect();
    beaten.sort_by(|a, b| a.requests_per_month.unwrap_or(0.0).total_cmp(&b.requests_per_month.unwrap_or(0.0)));
    let mut parts: Vec<String> = beaten
        .iter()
        .map(|b| {
            format!(
                "{} above {} requests a month (on {})",
                b.api,
                volume(b.requests_per_month.unwrap_or(0.0)),
                b.self_hosted.as_deref().unwrap_or("—")
            )
        })
        .collect();
    let always: Vec<&str> = found.iter().filter(|b| b.always).map(|b| b.api.as_str()).collect();
    let never: Vec<&str> =
        found.iter().filter(|b| !b.always && b.requests_per_month.is_none()).map(|b| b.api.as_str()).collect();
    let mut s = String::from("Self-hosting beats ");
    if parts.is_empty() && always.is_empty() {
        s = format!(
            "Self-hosting never beats the token APIs ({}) below {} requests a month",
            never.join(", "),
            volume(hi)
        );
    } else {
        if !always.is_empty() {
            parts.insert(0, format!("{} at every volume from {}", always.join(", "), volume(lo)));
        }
        s += &parts.join("; ");
        if !never.is_empty() {
            s += &format!("; it never beats {} below {} requests a month", never.join(", "), volume(hi));
        }
    }
    s += " (every other input at its median).";
    if let Some(best) = results.ranked().first() {
        s += &format!(
            " At this scenario's volume {} is cheapest at {} a month.",
            best.id,
            format::money(median(best, Metric::MonthlyCost), &results.scenario.currency)
        );
    }
    // The APIs serve their own models; say which when they are not the one the GPUs run.
    let gpus_run = results.scenario.model.as_deref().unwrap_or_default();
    let served: Vec<String> = results
        .providers
        .iter()
        .filter_map(|p| p.served_model.as_deref().map(|m| (p, m)))
        .filter(|(_, m)| !crate::catalog::aliases::same_model(m, gpus_run))
        .map(|(p, m)| format!("{} {m}", p.id))
        .collect();
    if !served.is_empty() {
        s += &format!(" Self-hosting runs {gpus_run}; the APIs serve other models: {}.", served.join(", "));
    }
    s
}

/// The one-sentence finding at the top of the memo: the cheapest provider against the cheapest of another
/// way (`analysis::ways::rival`), and whether it meets the objectives; or, when the scenario asks, the
/// build-or-buy volumes.
pub fn headline(results: &Results) -> String {
    if let Some(found) = &results.scenario.build_vs_buy {
        return build_or_buy(results, found);
    }
    let ranked = results.ranked();
    let cur = results.scenario.currency.as_str();
    let sampled = results.scenario.samples > 1;
    let Some(best) = ranked.first() else {
        let reasons: Vec<String> = results
            .providers
            .iter()
            .map(|p| format!("{} ({})", p.id, p.infeasible_reason.as_deref().unwrap_or("infeasible")))
            .collect();
        return format!("No provider can run this workload: {}.", reasons.join("; "));
    };
    let rival = crate::analysis::ways::rival(results);
    let rival_class =
        rival.map_or(String::new(), |r| format!("the cheapest way to {}", crate::analysis::ways::Way::of(r).label()));
    // A training workload without runs_per_month is priced per run, not per month.
    let headline = results.headline_cost();
    let per = if results.scenario.per_run { "a run" } else { "a month" };
    let cost = format::money(median(best, headline), cur);
    let mut s = match rival.and_then(|r| p_cheaper(results, &best.id, &r.id).map(|pair| (r, pair))) {
        Some((rival, (p, ratio))) => {
            let rival_cost = format::money(median(rival, headline), cur);
            let saving = (1.0 - ratio) * 100.0;
            let how = if saving >= 0.5 {
                format!("is {saving:.0}% cheaper than")
            } else if saving > -0.5 {
                "costs about the same as".to_string()
            } else {
                format!("is {:.0}% dearer than", -saving)
            };
            let odds = if sampled {
                format!(" at p50; cheaper in {} of trials, median of paired ratios {ratio:.2}", percent0(p))
            } else {
                String::new()
            };
            let models = match (super::brief::model_of(results, best), super::brief::model_of(results, rival)) {
                (Some(a), Some(b)) if !crate::catalog::aliases::same_model(a, b) => {
                    format!("; different models: {} serves {a}, {} runs {b}", best.id, rival.id)
                }
                _ => String::new(),
            };
            format!(
                "{} ({}) {how} {}, {rival_class} ({cost} vs {rival_cost} {per}{odds}){models}",
                best.id, best.kind, rival.id
            )
        }
        None => {
            let odds = if sampled {
                format!(" at p50, cheapest in {} of trials", percent0(best.p_cheapest))
            } else {
                String::new()
            };
            format!("{} ({}) is the cheapest provider at {cost} {per}{odds}", best.id, best.kind)
        }
    };
    if let (Some(p), Some(objectives)) = (best.p_slo_met, objectives_text(results)) {
        s += &if !sampled {
            if p >= 1.0 { format!(", and meets {objectives}") } else { format!(", but misses {objectives}") }
        } else if p >= 0.95 {
            format!(", and meets {objectives} in {} of trials", percent0(p))
        } else {
            format!(", but misses {objectives} in {} of trials", percent0(1.0 - p))
        };
    }
    if let Some(wall) = best.metrics.as_ref().and_then(|m| m.get(Metric::WallClockHours)) {
        s += &format!(", in {} wall-clock at p50", format::hours(wall.p50));
        if let (Some(p), Some(days)) = (best.p_on_time, results.scenario.deadline_days) {
            s += &format!(" ({} of trials within the {days}-day deadline)", percent0(p));
        }
    }
    s += ".";
    // The three-way decision: when a token API leads, say what renting GPUs would cost, and vice versa.
    let is_api = |p: &&&crate::analysis::ProviderResult| p.is_token_api();
    let other_way = if is_api(&best) { ranked.iter().find(|p| !is_api(p)) } else { ranked.iter().find(is_api) };
    let compared = rival.map(|r| r.id.as_str());
    if let Some(o) = other_way.filter(|o| Some(o.id.as_str()) != compared) {
        let what = if is_api(&o) { "buying tokens" } else { "on GPUs" };
        s += &format!(" Cheapest {what}: {} ({}) at {} {per}.", o.id, o.kind, format::money(median(o, headline), cur));
    }
    s
}

/// `the 2.00 s p95 TTFT and 200 ms TPOT objectives`, or `None` without objectives.
fn objectives_text(results: &Results) -> Option<String> {
    let o = &results.scenario.objectives;
    let parts: Vec<String> = [
        o.ttft_p95_ms.map(|v| format!("{} p95 TTFT", format::duration_tick(v))),
        o.e2e_p95_ms.map(|v| format!("{} p95 end-to-end", format::duration_tick(v))),
        o.tpot_ms.map(|v| format!("{} TPOT", format::duration_tick(v))),
    ]
    .into_iter()
    .flatten()
    .collect();
    match parts.len() {
        0 => None,
        1 => Some(format!("the {} objective", parts[0])),
        _ => {
            let (last, rest) = parts.split_last()?;
            Some(format!("the {} and {last} objectives", rest.join(", ")))
        }
    }
}
