//! Build or buy: the monthly request volume above which the cheapest self-hosted GPU provider costs less
//! than each token API, at the scenario's median inputs. docs/MODEL.md, "Token APIs".

use super::bisect::{Side, bisect};
use crate::model::{self, WorkloadInputs};
use crate::scenario::Scenario;
use serde::Serialize;

/// The volumes searched, requests per month: from a hobby project to ten billion requests.
pub const RANGE: (f64, f64) = (1e4, 1e10);

/// Points of the log grid the crossings are bracketed on before bisection.
const GRID: usize = 121;

/// Relative width at which bisection stops.
const TOLERANCE: f64 = 1e-7;

/// Bisection steps at most: a grid cell (a factor of 10^0.05) narrows to the tolerance in about 20.
const MAX_STEPS: usize = 100;

/// Where self-hosting overtakes one token API.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ApiBreakEven {
    /// The token API.
    pub api: String,
    /// Requests per month above which self-hosting is cheaper; `None` when it never is in [`RANGE`].
    pub requests_per_month: Option<f64>,
    /// The self-hosted provider that is cheapest there.
    pub self_hosted: Option<String>,
    /// The API's monthly cost there.
    pub monthly_cost: Option<f64>,
    /// Self-hosting is cheaper already at the bottom of the range.
    pub always: bool,
}

/// The scenario at its point inputs, evaluated at any volume.
struct Point<'a> {
    scenario: &'a Scenario,
    workload: WorkloadInputs<f64>,
    business: Option<crate::model::BusinessInputs<f64>>,
    providers: Vec<crate::model::ProviderInputs<f64>>,
}

impl Point<'_> {
    /// Monthly cost of provider `k` at `requests` requests a month, every other input at its median.
    fn cost_at(&self, k: usize, requests: f64) -> Option<f64> {
        let mut workload = self.workload.clone();
        let WorkloadInputs::Inference(w) = &mut workload else { return None };
        w.requests_per_month = requests;
        let p = &self.scenario.providers[k];
        model::evaluate(&self.scenario.workload, &workload, p.setup(), &self.providers[k], self.business.as_ref())
            .ok()
            .map(|o| o.monthly_cost)
    }

    /// The cheapest self-hosted provider at `requests`, with its cost.
    fn cheapest_gpu(&self, requests: f64) -> Option<(usize, f64)> {
        self.scenario
            .providers
            .iter()
            .enumerate()
            .filter(|(_, p)| p.inputs.tokens().is_none())
            .filter_map(|(k, _)| self.cost_at(k, requests).map(|c| (k, c)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The id of the cheapest self-hosted provider at `requests`.
    fn cheapest_gpu_id(&self, requests: f64) -> Option<String> {
        self.cheapest_gpu(requests).map(|(g, _)| self.scenario.providers[g].id.clone())
    }
}

/// For each token API of an inference scenario, the volume above which self-hosting is cheaper.
///
/// # Formula
/// The smallest `N` in [`RANGE`] where `min_g C_g(N) − C_api(N)` turns negative, found on a log grid and
/// refined by bisection; `C_api(N) = N · (T_in · p_in + T_out · p_out) / 10⁶` and `C_g` the GPU model.
pub fn break_evens(scenario: &Scenario) -> Vec<ApiBreakEven> {
    let point = Point {
        scenario,
        workload: scenario.point_workload(),
        business: scenario.point_business(),
        providers: scenario.providers.iter().map(|p| p.point_inputs()).collect(),
    };
    let (lo, hi) = RANGE;
    let grid: Vec<f64> = (0..GRID).map(|i| lo * (hi / lo).powf(i as f64 / (GRID - 1) as f64)).collect();
    // The self-hosted side is the same for every API: evaluate it on the grid once.
    let gpu_on_grid: Vec<Option<f64>> = grid.iter().map(|&n| point.cheapest_gpu(n).map(|(_, c)| c)).collect();
    let mut out = Vec::new();
    for (k, p) in scenario.providers.iter().enumerate().filter(|(_, p)| p.inputs.tokens().is_some()) {
        let none = ApiBreakEven {
            api: p.id.clone(),
            requests_per_month: None,
            self_hosted: None,
            monthly_cost: None,
            always: false,
        };
        let gap_on_grid = |i: usize| Some(gpu_on_grid[i]? - point.cost_at(k, grid[i])?);
        if gap_on_grid(0).is_some_and(|g| g < 0.0) {
            out.push(ApiBreakEven { always: true, self_hosted: point.cheapest_gpu_id(lo), ..none });
            continue;
        }
        let gaps: Vec<Option<f64>> = (0..GRID).map(gap_on_grid).collect();
        let Some(i) = gaps.windows(2).position(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if a >= 0.0 && b < 0.0))
        else {
            out.push(none);
            continue;
        };
        // Self-hosting is dearer (a gap of at least 0) on the low side.
        let mut side = |n: f64| {
            let gap = point.cheapest_gpu(n).and_then(|(_, c)| Some(c - point.cost_at(k, n)?));
            Ok::<_, std::convert::Infallible>(if gap.is_some_and(|g| g >= 0.0) { Side::Low } else { Side::High })
        };
        let Ok(found) = bisect((grid[i], grid[i + 1]), &|x, y| (x * y).sqrt(), TOLERANCE, MAX_STEPS, &mut side);
        let b = found.high;
        out.push(ApiBreakEven {
            api: p.id.clone(),
            requests_per_month: Some(b),
            self_hosted: point.cheapest_gpu_id(b),
            monthly_cost: point.cost_at(k, b),
            always: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn a_cheap_api_is_never_beaten_and_a_dear_one_is_beaten_at_the_gpu_floor() {
        // One GPU provider at $4/GPU-h with no failures: its floor is one 4-GPU replica, 4 × 730 × $4 =
        // $11,680 a month (+ storage). An API at $2 per million tokens costs 1,250 tokens × $2 / 10⁶ =
        // $0.0025 a request, so they cross at 11,680 / 0.0025 = 4.672M requests (still on the floor).
        let catalog = Catalog::builtin().unwrap();
        let sets: Vec<String> = vec![];
        let text = r#"
[scenario]
name = "t"
[workload]
kind = "inference"
model = "llama-3-70b"
requests_per_month = 1e6
input_tokens = 1000
output_tokens = 250
batch_size = 64
[[providers]]
id = "gpu"
kind = "centralized"
gpu = "h100-sxm-80gb"
price_per_gpu_hour = 4
failure_rate_per_gpu_hour = 0
storage_per_gb_month = 0
egress_per_gb = 0
utilization = 0.5
[[providers]]
id = "dear"
pricing = "per_token"
kind = "centralized"
input_usd_per_mtok = 2
output_usd_per_mtok = 2
[[providers]]
id = "cheap"
pricing = "per_token"
kind = "centralized"
input_usd_per_mtok = 0.01
output_usd_per_mtok = 0.01
"#;
        let source = crate::base::diagnostic::Source::new("t.toml", text)
            .with_overrides(&sets, crate::scenario::overrides::as_toml_line);
        let s = crate::scenario::parse(&source, "t", &catalog).unwrap();
        let found = break_evens(&s);
        let dear = found.iter().find(|b| b.api == "dear").unwrap();
        let at = dear.requests_per_month.unwrap();
        assert!((at - 4.672e6).abs() / 4.672e6 < 1e-6, "{at}");
        assert_eq!(dear.self_hosted.as_deref(), Some("gpu"));
        let cheap = found.iter().find(|b| b.api == "cheap").unwrap();
        assert_eq!((cheap.requests_per_month, cheap.always), (None, false));
    }
}
