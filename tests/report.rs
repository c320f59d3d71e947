//! `computecost report`: the memo bundle, its charts, determinism and atomic writes.

use crate::util::{computecost, files, read_results, scenario, stdout_of};
use computecost::analysis::ProviderResult;
use computecost::catalog::ProviderKind;
use computecost::sim::Metric;
use std::fs;
use std::path::{Path, PathBuf};

const FLAGSHIP_CHARTS: [&str; 8] =
    ["cost", "unit-cost", "breakdown", "latency", "margin", "margin-bridge", "cost-cdf", "tornado"];

/// Runs `report` with `args` into a fresh temporary folder; returns it and the bundle folder.
fn report(args: &[&str], stem: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    computecost().arg("report").args(args).arg("--out").arg(dir.path()).arg("-q").assert().success();
    let folder = dir.path().join(stem);
    (dir, folder)
}

/// Decodes a PNG: (width, height, RGB bytes).
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// How plotters writes a text element's content in SVG.
fn text(s: &str) -> String {
    format!("\n{s}\n</text>")
}

#[test]
fn report_writes_every_file_of_the_bundle() {
    let (_dir, folder) = report(&["--samples", "2000"], "chat-assistant");
    let data = ["memo.md", "memo.html", "summary.csv", "breakdown.csv", "results.json", "focus.csv", "sensitivity.csv"];
    for name in data {
        assert!(folder.join(name).is_file(), "missing {name}");
    }
    for chart in FLAGSHIP_CHARTS {
        for ext in ["png", "svg"] {
            assert!(folder.join(format!("charts/{chart}.{ext}")).is_file(), "missing charts/{chart}.{ext}");
        }
    }
    // Nothing else: no staging files left behind.
    let all = files(&folder);
    assert_eq!(all.len(), data.len() + 2 * FLAGSHIP_CHARTS.len(), "{:?}", all.keys().collect::<Vec<_>>());
}

#[test]
fn pngs_decode_at_the_requested_size_and_are_not_blank() {
    let (_dir, folder) = report(&["--samples", "2000"], "chat-assistant");
    for chart in FLAGSHIP_CHARTS {
        let (w, h, rgb) = decode(&fs::read(folder.join(format!("charts/{chart}.png"))).unwrap());
        assert_eq!((w, h), (1200, 700), "{chart}");
        let pixels: Vec<&[u8]> = rgb.chunks(3).collect();
        let inked = pixels.iter().filter(|p| p.iter().any(|c| *c < 200)).count();
        let share = inked as f64 / pixels.len() as f64;
        assert!(share > 0.02 && share < 0.6, "{chart}: {:.1}% of pixels inked", 100.0 * share);
        // The kind colours are present: Okabe-Ito blue (centralized) at least in the legend swatch.
        if chart != "margin-bridge" && chart != "tornado" {
            assert!(pixels.iter().any(|p| *p == [0x00, 0x72, 0xB2]), "{chart}: no centralized blue");
        }
    }
}

#[test]
fn width_and_height_set_the_chart_size() {
    let (_dir, folder) = report(&["--samples", "500", "--width", "1600", "--height", "900"], "chat-assistant");
    let (w, h, _) = decode(&fs::read(folder.join("charts/cost.png")).unwrap());
    assert_eq!((w, h), (1600, 900));
    let svg = fs::read_to_string(folder.join("charts/cost.svg")).unwrap();
    assert!(svg.contains(r#"width="1600""#) && svg.contains(r#"height="900""#), "{}", &svg[..200]);
    computecost().args(["report", "--width", "100"]).assert().code(2);
}

#[test]
fn svgs_name_every_provider_and_their_axes_in_the_embedded_family() {
    let (_dir, folder) = report(&["--samples", "2000"], "chat-assistant");
    let results = read_results(&folder.join("results.json"));
    let labels: Vec<&str> = results.providers.iter().map(|p| p.label.as_str()).collect();
    let axes = [
        ("cost", "monthly cost (USD)"),
        ("unit-cost", "$ per 1M tokens (USD)"),
        ("breakdown", "median monthly cost (USD)"),
        ("latency", "milliseconds"),
        ("margin", "operating margin at full adoption (% of revenue)"),
        ("margin-bridge", "share of revenue (%)"),
        ("cost-cdf", "share of trials at or below (%)"),
        ("tornado", "ionet-api − own-h100 monthly cost (USD)"),
    ];
    for (chart, axis) in axes {
        let svg = fs::read_to_string(folder.join(format!("charts/{chart}.svg"))).unwrap();
        assert!(svg.contains(axis), "{chart}: no axis title {axis:?}");
        assert!(svg.contains("Support assistant on Llama-3-70B"), "{chart}: title does not name the scenario");
        assert!(svg.contains("seed 42"), "{chart}: subtitle without the seed");
        assert!(svg.contains("DejaVu Sans"), "{chart}: not in the embedded family");
        if chart != "margin-bridge" && chart != "tornado" {
            for label in &labels {
                assert!(svg.contains(&text(label)), "{chart}: provider {label} missing");
            }
        }
    }
}

#[test]
fn infeasible_providers_stay_on_the_charts_marked_as_such() {
    // A full fine-tune of the 70B model does not fit the clouds' 8 H100s.
    let file = scenario("fine-tune.toml");
    let args = [file.to_str().unwrap(), "--samples", "1000", "--set", "workload.method=\"full\""];
    let (_dir, folder) = report(&args, "fine-tune");
    let r = read_results(&folder.join("results.json"));
    let aws = &r.providers.iter().find(|p| p.id == "aws").unwrap().label;
    for chart in ["cost", "unit-cost", "breakdown", "wall-clock"] {
        let svg = fs::read_to_string(folder.join(format!("charts/{chart}.svg"))).unwrap();
        assert!(svg.contains(&text(aws)), "{chart}: aws ({aws}) dropped");
        assert!(svg.contains("infeasible: does not fit"), "{chart}: aws not marked infeasible");
    }
    let cdf = fs::read_to_string(folder.join("charts/cost-cdf.svg")).unwrap();
    assert!(cdf.contains(&format!("{aws} (infeasible)")));
    let memo = fs::read_to_string(folder.join("memo.md")).unwrap();
    assert!(memo.contains("**aws is infeasible**"), "caveats do not name aws");
}

#[test]
fn memo_headline_agrees_with_results_json() {
    let (_dir, folder) = report(&["--samples", "3000"], "chat-assistant");
    let r = read_results(&folder.join("results.json"));
    let memo = fs::read_to_string(folder.join("memo.md")).unwrap();
    let headline = memo.lines().find(|l| l.starts_with("> **")).expect("a headline");
    // Recompute the finding from results.json alone.
    let p50 = |p: &ProviderResult| p.metrics.as_ref().unwrap().get(Metric::MonthlyCost).unwrap().p50;
    let feasible: Vec<&ProviderResult> = r.providers.iter().filter(|p| p.feasible).collect();
    let best = feasible.iter().min_by(|a, b| p50(a).total_cmp(&p50(b))).unwrap();
    // The cheapest of another way (rent on a cloud, rent on a network, own, buy tokens).
    use computecost::analysis::ways::Way;
    let rival =
        feasible.iter().filter(|p| Way::of(p) != Way::of(best)).min_by(|a, b| p50(a).total_cmp(&p50(b))).unwrap();
    assert_ne!(best.kind, ProviderKind::Centralized, "the flagship's cheapest is expected off the big clouds");
    let (b, c) = (best.id.as_str(), rival.id.as_str());
    let pair = r.comparisons.iter().find(|x| (x.a == b && x.b == c) || (x.a == c && x.b == b)).unwrap();
    let (p, ratio) = if pair.a == b {
        (pair.p_a_cheaper, pair.median_ratio)
    } else {
        (1.0 - pair.p_a_cheaper, 1.0 / pair.median_ratio)
    };
    let saving = format!("{:.0}% cheaper than {c}", (1.0 - ratio) * 100.0);
    assert!(headline.contains(&format!("**{b} ({})", best.kind)), "{headline}");
    assert!(headline.contains(&saving), "{headline} lacks {saving:?}");
    let chance = if p > 0.995 && p < 1.0 { ">99%".to_string() } else { format!("{:.0}%", 100.0 * p) };
    assert!(headline.contains(&format!("cheaper in {chance} of trials")), "{headline}");
    assert!(headline.contains(&format!("median of paired ratios {ratio:.2}")), "{headline}");
    let slo = best.p_slo_met.unwrap();
    assert!(headline.contains(if slo >= 0.95 { "and meets the 2 s p95 TTFT" } else { "but misses" }), "{headline}");
}

#[test]
fn memo_embeds_every_chart_and_lists_every_input_and_source() {
    let (_dir, folder) = report(&["--samples", "1000"], "chat-assistant");
    let memo = fs::read_to_string(folder.join("memo.md")).unwrap();
    for chart in FLAGSHIP_CHARTS {
        assert!(memo.contains(&format!("](charts/{chart}.png)")), "memo does not embed {chart}");
    }
    for link in memo.split("](").skip(1).filter_map(|s| s.split_once(')')).map(|(l, _)| l) {
        assert!(folder.join(link).is_file(), "memo links to missing {link}");
    }
    for section in
        ["## Side by side", "## The margin story", "## Assumptions", "## Sources", "## Caveats", "## Reproduce"]
    {
        assert!(memo.contains(section), "no {section}");
    }
    let r = read_results(&folder.join("results.json"));
    for a in &r.assumptions {
        let path = a.path.as_str();
        let field = path.rsplit_once('.').map_or(path, |(_, f)| f);
        let shown = if path.starts_with("providers.") { format!(".{field}`") } else { format!("`{path}`") };
        assert!(memo.contains(&shown), "input {path} missing from the assumptions");
        let source = a.source.as_str();
        if !source.is_empty() {
            let head: String = source.chars().take(40).collect();
            assert!(memo.contains(&head), "source of {path} missing: {head}");
        }
    }
    // Distributions read in display units.
    assert!(
        memo.contains("| `business.labor_savings` | 30.0% | uniform(20.0%, 40.0%) | default |"),
        "labor savings row"
    );
    assert!(memo.contains("computecost report scenarios/chat-assistant.toml --samples 1000 --seed 42"));
    // The margin bridge adds up: before + steps = after, as printed.
    let row = |name: &str| -> f64 {
        let line = memo.lines().find(|l| l.starts_with(&format!("| {name} |"))).unwrap_or_else(|| panic!("{name}"));
        let cell = line.split('|').nth(2).unwrap().trim().trim_matches('*');
        cell.trim_end_matches(" pp").trim_end_matches('%').parse().unwrap()
    };
    let steps = ["Operational savings", "Labor savings", "AI compute", "Other AI costs"].map(row);
    let (before, after) = (row("Margin before AI"), row("= Margin after AI"));
    assert!((before + steps.iter().sum::<f64>() - after).abs() < 0.2, "{before} + {steps:?} != {after}");
}

#[test]
fn rerun_is_byte_identical_whatever_the_thread_count() {
    let (_a, first) = report(&["--samples", "3000", "--threads", "2"], "chat-assistant");
    let (_b, second) = report(&["--samples", "3000", "--threads", "1"], "chat-assistant");
    let (one, two) = (files(&first), files(&second));
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (name, bytes) in &one {
        assert!(bytes == &two[name], "{name} differs between runs");
    }
    let (_c, other_seed) = report(&["--samples", "3000", "--seed", "7"], "chat-assistant");
    assert_ne!(files(&other_seed)["results.json"], one["results.json"], "the seed changes nothing");
}

#[test]
fn a_failed_report_leaves_the_earlier_one_intact() {
    let (dir, folder) = report(&["--samples", "500"], "chat-assistant");
    let before = files(&folder);
    // Bad input: nothing is written.
    let bad = dir.path().join("chat-assistant.toml");
    fs::write(&bad, "[scenario]\nname = 3\n").unwrap();
    computecost().arg("report").arg(&bad).arg("--out").arg(dir.path()).assert().code(2);
    assert!(files(&folder) == before, "a rejected scenario changed the report");
    // A write that fails part-way (the charts folder cannot be created): nothing is replaced.
    fs::remove_dir_all(folder.join("charts")).unwrap();
    fs::write(folder.join("charts"), "not a folder").unwrap();
    let kept = files(&folder);
    computecost().args(["report", "--samples", "600", "--out"]).arg(dir.path()).assert().code(1);
    assert!(files(&folder) == kept, "a failed write replaced some files");
}

#[test]
fn a_rerun_removes_charts_the_scenario_no_longer_has() {
    let (dir, folder) = report(&["--samples", "500"], "chat-assistant");
    fs::write(folder.join("charts/wall-clock.png"), b"stale").unwrap();
    fs::write(folder.join("charts/notes.txt"), b"mine").unwrap();
    computecost().args(["report", "--samples", "500", "-q", "--out"]).arg(dir.path()).assert().success();
    assert!(!folder.join("charts/wall-clock.png").exists(), "stale chart kept");
    assert!(folder.join("charts/notes.txt").exists(), "a file computecost did not write was removed");
}

#[test]
fn report_prints_the_memo_path_and_files_are_readable_by_others() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(computecost().args(["report", "--samples", "300", "-q", "--out"]).arg(dir.path()));
    let memo = dir.path().join("chat-assistant/memo.md");
    assert_eq!(out.trim(), memo.display().to_string());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&memo).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "memo.md mode {mode:o}");
    }
}

#[test]
fn committed_example_report_is_current() {
    // Regenerate with: cargo run --release -- report --today 2026-11-25 (the day prices are aged against is
    // fixed so that the committed memo does not change with the calendar).
    let (_dir, fresh) = report(&["--today", "2026-11-25"], "chat-assistant");
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("output/chat-assistant");
    let (new, old) = (files(&fresh), files(&committed));
    assert_eq!(
        new.keys().collect::<Vec<_>>(),
        old.keys().collect::<Vec<_>>(),
        "output/chat-assistant/ has other files: run `cargo run --release -- report --today 2026-11-25`"
    );
    for (name, bytes) in &new {
        assert!(
            bytes == &old[name],
            "output/chat-assistant/{name} is stale: run `cargo run --release -- report --today 2026-11-25`"
        );
    }
}

#[test]
fn the_memo_and_the_csvs_are_reviewed_snapshots() {
    // The byte-for-byte test above says the committed report is current; these snapshots make a person read
    // every change to the memo and the CSVs (`cargo insta review`). Seed, trials and day are fixed.
    let (_dir, folder) = report(&["--samples", "2000", "--today", "2026-11-25"], "chat-assistant");
    for name in ["memo.md", "summary.csv", "breakdown.csv", "sensitivity.csv"] {
        let text = fs::read_to_string(folder.join(name)).unwrap();
        insta::assert_snapshot!(format!("flagship_{}", name.replace('.', "_")), text);
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_midway_leaves_the_earlier_report_intact() {
    let (dir, folder) = report(&["--samples", "500"], "chat-assistant");
    let before = files(&folder);
    // A run long enough to interrupt: the limit's worth of trials.
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_computecost"))
        .args(["report", "--samples", "10000000", "-q", "--out"])
        .arg(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let killed = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "a run interrupted by SIGINT exits 128 + 2");
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted by SIGINT (Ctrl-C): nothing was written"));
    assert!(files(&folder) == before, "the earlier report changed");
    assert!(!files(dir.path()).keys().any(|k| k.contains(".computecost-")), "staging files left behind");
}

/// Every example scenario, by file stem.
const EXAMPLES: [&str; 6] =
    ["chat-assistant", "build-vs-buy", "fine-tune", "batch-gpu-hours", "private-inference", "verifiable-inference"];

/// Runs `report` on every example (200 trials, prices aged on 2026-11-30) into `dir`: each stem with its
/// bundle folder.
fn report_every_example(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    EXAMPLES
        .iter()
        .map(|name| {
            let out = computecost()
                .args(["report", "--samples", "200", "-q", "--today", "2026-11-30", "--out"])
                .arg(dir)
                .arg(scenario(&format!("{name}.toml")))
                .output()
                .unwrap();
            assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
            (*name, dir.join(name))
        })
        .collect()
}

/// The memo never compares options that run different models without naming both (issue 20), and opens
/// with its three-line summary.
#[test]
fn the_headline_names_both_models_when_they_differ() {
    use computecost::analysis::ways::rival;
    let dir = tempfile::tempdir().unwrap();
    for (name, folder) in report_every_example(dir.path()) {
        let r = read_results(&folder.join("results.json"));
        let memo = fs::read_to_string(folder.join("memo.md")).unwrap();
        assert!(memo.contains("## In three lines"), "{name}: no summary");
        let (Some(best), Some(other)) = (r.ranked().first().copied(), rival(&r)) else { continue };
        let model = |p: &ProviderResult| p.served_model.clone().or(r.scenario.model.clone()).unwrap_or_default();
        let (a, b) = (model(best), model(other));
        if !computecost::catalog::aliases::same_model(&a, &b) {
            let headline = memo.lines().find(|l| l.starts_with("> **")).unwrap();
            let summary = &memo[memo.find("## In three lines").unwrap()..memo.find("> **").unwrap()];
            for text in [headline, summary] {
                assert!(
                    text.contains(&a) && text.contains(&b),
                    "{name}: compares {a} with {b} without naming both:\n{text}"
                );
            }
        }
    }
}

/// When the cheapest serves another model than the workload's, the recommendation says so and names the
/// cheapest option that serves the workload's own model (found here from results.json).
#[test]
fn the_recommendation_names_the_cheapest_option_on_the_workloads_own_model() {
    use computecost::catalog::aliases::same_model;
    let (_dir, folder) = report(&["--samples", "500", "--today", "2026-11-30"], "chat-assistant");
    let r = read_results(&folder.join("results.json"));
    let memo = fs::read_to_string(folder.join("memo.md")).unwrap();
    let advice = memo.lines().find(|l| l.starts_with("**Recommendation:**")).expect("a recommendation");
    let workload = r.scenario.model.clone().unwrap();
    let ranked = r.ranked();
    let best = ranked[0];
    let served = best.served_model.clone().unwrap();
    assert!(!same_model(&served, &workload), "the flagship's cheapest serves another model: {served}");
    assert!(advice.contains(&format!("if {served} does the job of {workload}")), "{advice}");
    let own = ranked
        .iter()
        .find(|p| same_model(p.served_model.as_deref().unwrap_or(&workload), &workload))
        .expect("an option on the workload's model");
    assert_ne!(own.id, best.id);
    assert!(advice.contains(&format!("{} at $", own.id)), "{} not named:\n{advice}", own.id);
}

/// A break-even the memo names is where the pair costs the same: the engine, with that input just either
/// side of it and every other input at its median (`run --point`), ranks the two one way and then the other.
#[test]
fn a_break_even_in_the_memo_is_where_the_pair_costs_the_same() {
    let path = scenario("private-inference.toml");
    let (_dir, folder) =
        report(&["--samples", "500", "--today", "2026-11-30", path.to_str().unwrap()], "private-inference");
    let memo = fs::read_to_string(folder.join("memo.md")).unwrap();
    let mut csv = csv::Reader::from_path(folder.join("sensitivity.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (input, value) = csv
        .records()
        .map(|r| r.unwrap())
        .find_map(|r| r[col("break_even")].parse::<f64>().ok().map(|v| (r[0].to_string(), v)))
        .expect("private-inference has a break-even");
    assert!(memo.contains(&format!("`{input}` falls to")) || memo.contains(&format!("`{input}` rises to")), "{memo}");
    let (a, b) = ("ionet-tee", "plain");
    let gap = |x: f64| {
        let out = computecost()
            .args(["run", "--point", "--format", "json", "--set"])
            .arg(format!("{input}={x}"))
            .arg(scenario("private-inference.toml"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let r: computecost::analysis::Results = serde_json::from_slice(&out.stdout).unwrap();
        let cost = |id: &str| {
            r.providers
                .iter()
                .find(|p| p.id == id)
                .unwrap()
                .metrics
                .as_ref()
                .unwrap()
                .get(Metric::MonthlyCost)
                .unwrap()
                .p50
        };
        cost(a) - cost(b)
    };
    let (below, above) = (gap(value * 0.999), gap(value * 1.001));
    assert!(below.signum() != above.signum(), "{input} at {value}: gap {below} below, {above} above");
}

/// The summary names what moves its comparison most over all trials: the input whose rank correlation
/// with the gap is largest in sensitivity.csv (not the one-at-a-time swing, which ties between every input
/// that flips an owned server).
#[test]
fn the_summary_names_the_input_most_tied_to_its_comparison() {
    let (_dir, folder) = report(&["--samples", "2000"], "chat-assistant");
    let memo = fs::read_to_string(folder.join("memo.md")).unwrap();
    let mut csv = csv::Reader::from_path(folder.join("sensitivity.csv")).unwrap();
    let (input, rho) = csv
        .records()
        .map(|r| r.unwrap())
        .filter_map(|r| r[6].parse::<f64>().ok().map(|rho| (r[0].to_string(), rho)))
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .unwrap();
    let shown = match input.strip_prefix("default ") {
        Some(key) => format!("{key} (default)"),
        None => input.clone(),
    };
    let summary = &memo[..memo.find("> **").unwrap()];
    assert!(summary.contains(&format!("`{shown}` (rank correlation {rho:+.2}")), "{shown} {rho}:\n{summary}");
}

/// A provider's mark on a chart, read off the SVG: its shape and fill.
#[derive(Debug, Clone, PartialEq)]
struct SvgMark {
    shape: &'static str,
    fill: String,
}

/// A point of an SVG and what stands there.
type At<T> = Vec<((f64, f64), T)>;

/// Marks (circles and polygons with a fill) with their centres, and texts with their anchor points.
fn svg_marks_and_texts(svg: &str) -> (At<SvgMark>, At<String>) {
    let attr = |el: &str, name: &str| -> Option<String> {
        let start = el.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(el[start..].split('"').next()?.to_string())
    };
    let mut marks = Vec::new();
    let mut texts = Vec::new();
    for (i, _) in svg.match_indices('<') {
        let el = &svg[i..svg[i..].find('>').map_or(svg.len(), |e| i + e + 1)];
        let fill = attr(el, "fill").filter(|f| f != "none");
        if el.starts_with("<circle") {
            let (Some(x), Some(y), Some(fill)) = (attr(el, "cx"), attr(el, "cy"), fill) else { continue };
            marks.push(((x.parse().unwrap(), y.parse().unwrap()), SvgMark { shape: "circle", fill }));
        } else if el.starts_with("<polygon") {
            let (Some(points), Some(fill)) = (attr(el, "points"), fill) else { continue };
            let pts: Vec<(f64, f64)> = points
                .split_whitespace()
                .map(|p| p.split_once(',').map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap())).unwrap())
                .collect();
            let shape = match pts.len() {
                3 => "triangle",
                4 if pts[0].1 == pts[1].1 => "square",
                4 => "diamond",
                _ => continue,
            };
            let n = pts.len() as f64;
            let centre = (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n);
            marks.push((centre, SvgMark { shape, fill }));
        } else if el.starts_with("<text") {
            let body = svg[i + el.len()..].split("</text>").next().unwrap_or("").trim().to_string();
            let (Some(x), Some(y)) = (attr(el, "x"), attr(el, "y")) else { continue };
            texts.push(((x.parse().unwrap(), y.parse().unwrap()), body));
        }
    }
    (marks, texts)
}

/// The mark beside each provider's name on a chart (left of the name's anchor, on its line), once per
/// provider; a name without a mark fails.
fn provider_marks(svg: &str, r: &computecost::analysis::Results, what: &str) -> Vec<(String, SvgMark)> {
    let (marks, texts) = svg_marks_and_texts(svg);
    let mut here: Vec<(String, SvgMark)> = Vec::new();
    for ((tx, ty), body) in &texts {
        let Some(p) = r.providers.iter().find(|p| p.label == *body) else { continue };
        let mark = marks
            .iter()
            .filter(|((x, y), _)| x < tx && (y - ty).abs() <= 12.0)
            .min_by(|a, b| (tx - a.0.0).total_cmp(&(tx - b.0.0)))
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("{what}: no mark beside {}", p.label));
        if !here.iter().any(|(id, _)| *id == p.id) {
            here.push((p.id.clone(), mark));
        }
    }
    here
}

/// Every chart of every example scenario that names providers draws each beside a mark of its own (shape
/// by way, colour by provider), read off the SVG; no two providers share one; and a provider's mark is the
/// same on every chart of its run.
#[test]
fn every_chart_draws_each_provider_in_a_look_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    for (name, folder) in report_every_example(dir.path()) {
        let r = read_results(&folder.join("results.json"));
        // Chart labels are names, unique in the run, with the GPU where the run's GPUs differ.
        let labels: std::collections::BTreeSet<&str> = r.providers.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels.len(), r.providers.len(), "{name}: labels repeat: {labels:?}");
        if name == "batch-gpu-hours" {
            assert!(labels.contains("Vast.ai RTX 4090 24GB") && labels.contains("RunPod A100 SXM4 80GB"), "{labels:?}");
        }
        let mut seen: std::collections::BTreeMap<String, SvgMark> = Default::default();
        let mut charts = 0;
        let mut files: Vec<PathBuf> = fs::read_dir(folder.join("charts")).unwrap().map(|e| e.unwrap().path()).collect();
        // The flagship's sweep too, from its own command: its lines' end labels carry the same marks.
        if name == "chat-assistant" {
            let sweep = ["sweep", "--param", "workload.requests_per_month", "--from", "1e6", "--to", "1e8"];
            let out = computecost()
                .args(sweep)
                .args(["--steps", "4", "--samples", "100", "-q", "--out"])
                .arg(dir.path().join("sweep"))
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            files.push(dir.path().join("sweep/chat-assistant/charts/sweep-workload-requests_per_month.svg"));
        }
        for file in files {
            if file.extension().is_none_or(|e| e != "svg") {
                continue;
            }
            let svg = fs::read_to_string(&file).unwrap();
            let here = provider_marks(&svg, &r, &format!("{name} {file:?}"));
            if file.to_string_lossy().contains("sweep-") {
                assert!(here.len() >= 5, "the sweep names {} providers at its lines' ends", here.len());
            }
            for (id, mark) in &here {
                if let Some(before) = seen.get(id) {
                    assert_eq!(before, mark, "{name} {file:?}: {id} changes its look between charts");
                }
                seen.insert(id.clone(), mark.clone());
            }
            if here.is_empty() {
                continue;
            }
            charts += 1;
            for (i, (a, ma)) in here.iter().enumerate() {
                for (b, mb) in &here[i + 1..] {
                    assert_ne!(ma, mb, "{name} {file:?}: {a} and {b} are drawn alike");
                }
            }
        }
        assert!(charts >= 4, "{name}: only {charts} charts name providers");
        let feasible = r.providers.iter().filter(|p| p.feasible).count();
        assert!(seen.len() >= feasible, "{name}: {} of {feasible} providers found on the charts", seen.len());
    }
}

/// A provider's long `name` is cut to a chart label of at most `LABEL_MAX_CHARS` characters, so it cannot
/// crowd the plot out of its chart.
#[test]
fn a_long_provider_name_is_cut_for_the_charts() {
    use computecost::scenario::LABEL_MAX_CHARS;
    let dir = tempfile::tempdir().unwrap();
    let long = "W".repeat(3000);
    let text = fs::read_to_string(scenario("chat-assistant.toml")).unwrap();
    let file = dir.path().join("long.toml");
    fs::write(&file, text.replace("name = \"Owned H100 SXM (colocated)\"", &format!("name = \"{long}\""))).unwrap();
    let r = crate::util::results_of(computecost().args(["run", "--point", "--format", "json"]).arg(&file));
    let own = &crate::util::provider(&r, "own-h100");
    assert_eq!(own.name, long, "the name itself is kept");
    assert_eq!(own.label.chars().count(), LABEL_MAX_CHARS, "{}", own.label);
    assert!(own.label.ends_with('…'));
}
