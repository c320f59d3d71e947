//! memo.md: the headline, the table, the charts, the margin story, assumptions, sources and caveats, and
//! the command that reproduces it. Everything here is computed from [`Results`], so the memo cannot say
//! what results.json does not.

use super::grid::{self, percent0};
use crate::analysis::explain::Explanation;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::{Assumption, Results};
use crate::base::format;
use crate::catalog::ProviderKind;
use crate::chart::Chart;
use crate::model::MarginBridge;
use crate::model::fields::{Unit, path_of, unit_of_input};
use crate::sim::Metric;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// What the memo shows beside the run's own results.
#[derive(Default)]
pub struct Extras<'a> {
    /// What moves the headline's comparison.
    pub sensitivity: Option<&'a Sensitivity>,
    /// The headline providers, step by step.
    pub explanations: &'a [Explanation],
    /// The same run under the other savings preset.
    pub other_preset: Option<&'a Results>,
}

pub use super::headline::headline;

/// Writes the memo.
pub fn write(results: &Results, charts: &[Chart], extras: &Extras<'_>, out: &mut dyn Write) -> io::Result<()> {
    let Extras { sensitivity, explanations, other_preset } = *extras;
    let s = &results.scenario;
    writeln!(out, "# {}\n", s.name)?;
    let summary = super::brief::lines(results, sensitivity, other_preset);
    if !summary.is_empty() {
        writeln!(out, "## In three lines\n")?;
        for line in &summary {
            writeln!(out, "- {line}")?;
        }
        writeln!(out)?;
    }
    if let Some(advice) = super::brief::recommendation(results, sensitivity) {
        writeln!(out, "**Recommendation:** {advice}\n")?;
    }
    writeln!(out, "> **{}**\n", headline(results))?;
    if !s.description.is_empty() {
        writeln!(out, "{}\n", s.description)?;
    }
    writeln!(out, "*{}*\n", run_line(results))?;
    writeln!(out, "## Side by side\n")?;
    super::markdown::write_body(results, out)?;
    writeln!(out)?;
    super::fleet::write(results, out)?;
    writeln!(out, "\n## Charts\n")?;
    for c in charts {
        writeln!(out, "### {}\n", c.title.split_once(':').map_or(c.title.as_str(), |(t, _)| t))?;
        writeln!(out, "![{}](charts/{}.png)\n", c.title, c.name)?;
        writeln!(out, "{} Vector version: [charts/{}.svg](charts/{}.svg).\n", c.caption, c.name, c.name)?;
    }
    margin_story(results, other_preset, out)?;
    if let Some(s) = sensitivity {
        what_matters(s, out)?;
    }
    assumptions(results, out)?;
    sources(results, out)?;
    caveats(results, out)?;
    reproduce(results, out)?;
    appendix(explanations, out)
}

/// The headline providers' results, step by step (`computecost explain`).
fn appendix(explanations: &[Explanation], out: &mut dyn Write) -> io::Result<()> {
    if explanations.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## Appendix: how the headline figures are computed\n")?;
    writeln!(
        out,
        "Each step names its formula (docs/MODEL.md, section in the last column), the values it used and \
         its result; the inputs table says where every value came from. `computecost explain --provider ID` \
         prints the same for any provider.\n"
    )?;
    for e in explanations {
        super::explain::write_markdown(e, "###", out)?;
        writeln!(out)?;
    }
    Ok(())
}

fn run_line(results: &Results) -> String {
    let s = &results.scenario;
    let how = if s.samples > 1 {
        format!("{} trials, seed {}", format::thousands(s.samples as f64), s.seed)
    } else {
        "point estimate (every input at its median)".into()
    };
    let checked = s
        .price_check
        .as_ref()
        .map_or(String::new(), |c| format!(" · prices aged on {} (limit {} days)", c.today, c.max_age_days));
    let catalogs: String = s.catalogs.iter().map(|c| format!(" + {c}")).collect();
    format!(
        "computecost {} · {} · {how} · catalog as of {}{catalogs}{checked} · money in {}",
        s.version, s.file, s.catalog_date, s.currency
    )
}

fn assumption<'a>(results: &'a Results, path: &str) -> Option<&'a Assumption> {
    results.assumptions.iter().find(|a| a.path == path)
}

fn margin_story(results: &Results, other: Option<&Results>, out: &mut dyn Write) -> io::Result<()> {
    let ranked = results.ranked();
    let Some((best, bridge)) = ranked.first().and_then(|p| p.margin_bridge.map(|b| (*p, b))) else {
        return Ok(());
    };
    let cur = results.scenario.currency.as_str();
    let money = |path: &str| assumption(results, path).map_or("—".into(), |a| format::money(a.value, cur));
    let before = bridge.before;
    writeln!(out, "## The margin story\n")?;
    writeln!(
        out,
        "Before AI the business keeps **{}** of revenue as operating margin ({} revenue, {} operational and {} \
         labor costs a month, at their medians). At full adoption, on {} (the cheapest at p50), each step as a mean \
         over the trials:\n",
        format::percent(before),
        money("business.revenue_per_month"),
        money("business.operational_costs_per_month"),
        money("business.labor_costs_per_month"),
        best.id
    )?;
    writeln!(out, "| Step | Share of revenue |\n|---|---:|")?;
    writeln!(out, "| Margin before AI | {} |", format::percent(before))?;
    for (name, step) in MarginBridge::STEPS.iter().zip(bridge.values()) {
        let value = if step == 0.0 { "0.0 pp".to_string() } else { format::pp(100.0 * step) };
        writeln!(out, "| {} | {value} |", crate::base::text::capitalized(name))?;
    }
    writeln!(out, "| = Margin after AI | **{}** |\n", format::percent(bridge.after()))?;
    let rival = ranked.iter().find(|p| p.kind == ProviderKind::Centralized && p.id != best.id);
    if let Some((rival, rb)) = rival.and_then(|r| r.margin_bridge.map(|b| (r, b))) {
        writeln!(
            out,
            "On {}, the cheapest centralized cloud, the AI compute step is {} and the margin after AI {}.\n",
            rival.id,
            format::pp(-100.0 * rb.ai_compute),
            format::percent(rb.after())
        )?;
    }
    let payback = best.metrics.as_ref().and_then(|m| m.get(Metric::PaybackMonths));
    let mut sentence = String::new();
    if let Some(p) = best.p_margin_improves {
        sentence += &format!("On {} the margin improves in {} of trials", best.id, percent0(p));
    }
    if let Some(pb) = payback {
        let band = if pb.p5 == pb.p95 {
            String::new()
        } else {
            format!(" ({} to {} from the 5th to the 95th percentile)", format::months(pb.p5), format::months(pb.p95))
        };
        sentence += &format!(
            "{}the implementation cost ({}) is paid back in {} at the median{band}",
            if sentence.is_empty() { "" } else { "; " },
            money("business.implementation_cost"),
            format::months(pb.p50)
        );
    }
    if !sentence.is_empty() {
        writeln!(out, "{sentence}.\n")?;
    }
    let preset = results.scenario.savings_preset.as_deref().unwrap_or("article");
    let claimed: Vec<&str> = ["business.operational_savings", "business.labor_savings"]
        .into_iter()
        .filter(|path| assumption(results, path).is_some_and(|a| a.from == "default"))
        .collect();
    if !claimed.is_empty() {
        let whose = if preset == "article" {
            "the article's claim (savings preset `article`), not measurements; independent studies find far smaller \
             effects"
        } else {
            "the savings preset `measured`, built from independent studies"
        };
        writeln!(
            out,
            "The savings fractions ({}) are {whose} (see Caveats and docs/MODEL.md, \"Business\"). Set \
             `savings = \"article\"` or `\"measured\"` in `[business]`, or give your own numbers.\n",
            claimed.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        )?;
    } else if results.scenario.savings_preset.is_some() {
        writeln!(out, "The savings fractions are the scenario's own numbers; no savings preset applies.\n")?;
    }
    if let Some(o) = other
        && let Some(alt) = o.providers.iter().find(|p| p.id == best.id)
        && let Some(metrics) = &alt.metrics
        && let (Some(after), Some(delta)) = (metrics.get(Metric::MarginAfter), metrics.get(Metric::MarginImprovementPp))
    {
        let own = best.metrics.as_ref().and_then(|m| m.get(Metric::MarginImprovementPp)).map_or(f64::NAN, |s| s.p50);
        let other_name = o.scenario.savings_preset.as_deref().unwrap_or("measured");
        writeln!(
            out,
            "| Savings preset | Margin after AI on {} (p50) | Change (p50) |\n|---|---:|---:|\n| `{preset}` (this \
             memo) | {} | {} |\n| `{other_name}` | {} | {} |\n",
            best.id,
            format::percent(best.metrics.as_ref().and_then(|m| m.get(Metric::MarginAfter)).map_or(f64::NAN, |s| s.p50)),
            format::pp(own),
            format::percent(after.p50),
            format::pp(delta.p50)
        )?;
        let payback = metrics.get(Metric::PaybackMonths).map_or("never".to_string(), |p| format::months(p.p50));
        writeln!(
            out,
            "Under the `{other_name}` preset the same trials give a margin change of {} instead of {}, and a \
             payback of {payback} at the median.\n",
            format::pp(delta.p50),
            format::pp(own)
        )?;
    }
    Ok(())
}

/// Inputs shown in the memo's sensitivity section.
const TOP_INPUTS: usize = 5;

fn what_matters(s: &Sensitivity, out: &mut dyn Write) -> io::Result<()> {
    let cur = s.scenario.currency.as_str();
    let q = s.metric.quantity();
    let show = |v: Option<f64>| v.map_or("cannot run".to_string(), |v| format::quantity(q, v, cur));
    writeln!(
        out,
        "## What matters most
"
    )?;
    writeln!(
        out,
        "How far {} moves when one uncertain input goes from its 5th to its 95th percentile, every other input \
         at its median ({} with all at their medians); ρ is the input's rank correlation with it over the \
         trials. Full table: [sensitivity.csv](sensitivity.csv); chart: [charts/tornado.png](charts/tornado.png).\n",
        s.target_title(),
        show(s.base)
    )?;
    writeln!(out, "| Input | 5th → 95th percentile | {} | Swing | ρ |\n|---|---|---|---:|---:|", s.target_title())?;
    for e in s.inputs.iter().take(TOP_INPUTS) {
        let unit = unit_of_input(&e.input).unwrap_or(Unit::Plain(""));
        writeln!(
            out,
            "| `{}` | {} → {} | {} → {} | {} | {} |",
            super::sensitivity::input_name(&e.input),
            unit.show_bare(e.low, cur),
            unit.show_bare(e.high, cur),
            show(e.at_low),
            show(e.at_high),
            if e.swing.is_finite() { format::quantity(q, e.swing, cur) } else { "—".into() },
            e.rank_correlation.map_or("—".into(), |r| format!("{r:+.2}"))
        )?;
    }
    writeln!(out)?;
    if let Some(top) = s.inputs.first() {
        writeln!(
            out,
            "The result is most sensitive to `{}`: pin it down first (a measurement, a quote) before the others.\n",
            super::sensitivity::input_name(&top.input)
        )?;
    }
    Ok(())
}

/// How an assumption reads: value with unit, and its distribution with the same units.
fn shown(a: &Assumption, currency: &str) -> (String, String) {
    let unit = unit_of_input(&a.path).unwrap_or(Unit::Plain(""));
    let value = unit.show(a.value, currency);
    let dist = a.distribution.as_ref().map_or(String::new(), |d| d.display_with(&|v| unit.show_bare(v, currency)));
    (value, dist)
}

fn assumptions(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let cur = results.scenario.currency.as_str();
    writeln!(out, "## Assumptions\n")?;
    writeln!(
        out,
        "Every input the model read. Uncertain inputs show their distribution and, as the value, its median. A \
         provider input that several providers share is listed once (`providers.*` = all of them).\n"
    )?;
    writeln!(out, "| Input | Value | Distribution | From | Where |\n|---|---:|---|---|---|")?;
    // Provider inputs identical across providers collapse into one row naming them all.
    enum Row<'a> {
        Plain(&'a Assumption),
        Shared { field: String, ids: Vec<String>, first: &'a Assumption },
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut shared: BTreeMap<(String, String, &str, &str), usize> = BTreeMap::new();
    for a in &results.assumptions {
        let Some((id, field)) = a.path.strip_prefix("providers.").and_then(|rest| rest.split_once('.')) else {
            rows.push(Row::Plain(a));
            continue;
        };
        let (value, dist) = shown(a, cur);
        let key = (field.to_string(), value + " " + &dist, a.from.as_str(), a.location.as_str());
        match shared.get(&key).map(|&i| &mut rows[i]) {
            Some(Row::Shared { ids, .. }) => ids.push(id.to_string()),
            _ => {
                shared.insert(key, rows.len());
                rows.push(Row::Shared { field: field.to_string(), ids: vec![id.to_string()], first: a });
            }
        }
    }
    let providers = results.providers.len();
    for row in rows {
        let (label, a) = match row {
            Row::Plain(a) => (a.path.clone(), a),
            Row::Shared { field, ids, first } if ids.len() == 1 => (format!("providers.{}.{field}", ids[0]), first),
            Row::Shared { field, ids, first } if ids.len() == providers => (format!("providers.*.{field}"), first),
            Row::Shared { field, ids, first } => (format!("providers.{{{}}}.{field}", ids.join(", ")), first),
        };
        let (value, dist) = shown(a, cur);
        writeln!(out, "| `{label}` | {value} | {dist} | {} | {} |", a.from, cell(&a.location))?;
    }
    writeln!(out)
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn sources(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let mut by_source: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for a in results.assumptions.iter().filter(|a| !a.source.is_empty()) {
        let used = by_source.entry((a.source.as_str(), a.as_of.as_str())).or_default();
        let field = path_of(&a.path).to_string();
        if !used.contains(&field) {
            used.push(field);
        }
    }
    if by_source.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Sources\n")?;
    writeln!(out, "Catalog figures and defaults this run used, with the date each was published or read.\n")?;
    for ((source, as_of), used) in by_source {
        let used: Vec<String> = used.iter().map(|f| format!("`{f}`")).collect();
        writeln!(out, "- {} (as of {as_of}); used for {}", source.trim_end_matches('.'), used.join(", "))?;
    }
    writeln!(out)
}

fn caveats(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let mut lines = Vec::new();
    for p in results.providers.iter().filter(|p| !p.feasible) {
        lines.push(format!(
            "**{} is infeasible**: {}. It keeps its row in every table and chart.",
            p.id,
            p.infeasible_reason.as_deref().unwrap_or("unknown")
        ));
    }
    let all = results.warnings.iter().chain(results.providers.iter().flat_map(|p| p.warnings.iter()));
    for w in all {
        let detail = if w.detail.is_empty() { String::new() } else { format!(" {}", w.detail.trim()) };
        if w.code == crate::base::warning::WarningKind::ThinDefault {
            lines.push(format!("**Thin evidence** behind `{}`.{detail}", grid::thin_key(w)));
        } else if w.code == crate::base::warning::WarningKind::StaleFigure {
            lines.push(format!("**Stale price**: {}.{detail}", w.message.trim_end_matches('.')));
        } else {
            lines.push(format!("{}.{detail}", w.message.trim_end_matches('.')));
        }
    }
    if results.scenario.savings_preset.is_some() {
        lines.push(
            "**What independent studies found about AI savings**: support agents with a gen-AI assistant resolved \
             14% more issues per hour (NBER w31161, 2023); AI chatbots saved 2.8% of work time in 11 exposed \
             occupations in Denmark, with no effect on earnings (BFI 2025-56); experienced developers were 19% \
             slower with AI tools in a randomized trial (METR 2025); 95% of organizations saw no measurable P&L \
             return (MIT NANDA 2025). None supports 15-30% operational or 20-40% labor cost cuts; the `measured` \
             savings preset is built from these (docs/MODEL.md, \"Business\")."
                .into(),
        );
    }
    lines.push(
        "What the model leaves out (attention FLOPs, tensor-parallel communication, queueing below full batch \
         occupancy, per-request variation) is listed in docs/MODEL.md, \"What the model leaves out\"."
            .into(),
    );
    writeln!(out, "## Caveats\n")?;
    for line in lines {
        writeln!(out, "- {}", cell(&line))?;
    }
    writeln!(out)
}

/// `arg` quoted for a POSIX shell when it needs it.
fn shell_quote(arg: &str) -> String {
    if arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_.=/:+,".contains(c)) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

fn reproduce(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let s = &results.scenario;
    let mut how = if s.samples > 1 { format!("--samples {} --seed {}", s.samples, s.seed) } else { "--point".into() };
    for arg in &s.overrides {
        how += &format!(" --set {}", shell_quote(arg));
    }
    for file in &s.catalogs {
        how += &format!(" --catalog {}", shell_quote(file));
    }
    if let Some(c) = &s.price_check {
        how += &format!(" --today {}", c.today);
        if c.max_age_days != crate::base::defaults::DEFAULT_MAX_AGE_DAYS {
            how += &format!(" --max-age-days {}", c.max_age_days);
        }
    }
    writeln!(out, "## Reproduce\n")?;
    writeln!(
        out,
        "The same command with the same computecost version ({}) and catalog ({}) writes byte-identical files:\n",
        s.version, s.catalog_date
    )?;
    writeln!(out, "```sh\ncomputecost report {} {how}\n```", s.file)
}
