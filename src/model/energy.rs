//! Energy and emissions of a GPU provider's fleet: what the billed GPU-hours draw at the meter.
//! docs/MODEL.md, "Energy".

use super::steps as st;
use super::trace::{Trace, step};
use serde::Serialize;

/// A month's (or, priced per run, a run's) energy and emissions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Energy {
    /// Share of billed GPU time spent computing.
    pub busy: f64,
    /// Average power of one GPU, W.
    pub gpu_watts: f64,
    /// Energy at the meter (facility overhead included), kWh.
    pub kwh: f64,
    /// Emissions, kg CO₂e.
    pub co2e_kg: f64,
    /// Energy per unit of work, Wh (per 1M tokens, per run, per reference GPU-hour).
    pub wh_per_unit: f64,
}

/// What the energy of a fleet reads.
#[derive(Debug, Clone, Copy)]
pub struct Draw {
    /// GPU-hours billed.
    pub gpu_hours: f64,
    /// GPU-hours the work needs at full speed (≤ `gpu_hours`).
    pub busy_gpu_hours: f64,
    /// Board power at full load, W.
    pub tdp_w: f64,
    /// Idle power with a model loaded, share of TDP.
    pub idle_fraction: f64,
    /// Facility power over IT power.
    pub pue: f64,
    /// Grid emissions, kg CO₂e per kWh.
    pub grid_kg_per_kwh: f64,
    /// Units of work the energy is spread over.
    pub units: f64,
}

/// The energy of `d`.
///
/// # Formula
/// `busy = min(1, H_busy / H)`; `P_gpu = TDP · (f_idle + (1 − f_idle) · busy)` — idle GPUs draw `f_idle` of
/// their TDP, busy ones their TDP (an upper bound: measured training draws about 76% of rated node power,
/// arXiv:2506.14551); `E_m = H · P_gpu · PUE / 1000` kWh; `CO2e = E_m · grid`; per unit `1000 · E_m / units` Wh.
pub fn energy<T: Trace>(d: &Draw, t: &mut T) -> Energy {
    let busy = if d.gpu_hours > 0.0 { (d.busy_gpu_hours / d.gpu_hours).clamp(0.0, 1.0) } else { 0.0 };
    let gpu_watts = d.tdp_w * (d.idle_fraction + (1.0 - d.idle_fraction) * busy);
    let kwh = d.gpu_hours * gpu_watts * d.pue / 1000.0;
    let co2e_kg = kwh * d.grid_kg_per_kwh;
    step(t, st::BUSY_HOURS, &[], d.busy_gpu_hours);
    step(t, st::BUSY, &[("H_busy", d.busy_gpu_hours), ("H", d.gpu_hours)], busy);
    step(t, st::GPU_POWER, &[("TDP", d.tdp_w), ("f_idle", d.idle_fraction), ("busy", busy)], gpu_watts);
    step(t, st::ENERGY_KWH, &[("H", d.gpu_hours), ("P_gpu", gpu_watts), ("PUE", d.pue)], kwh);
    step(t, st::CO2E, &[("E_m", kwh), ("grid", d.grid_kg_per_kwh)], co2e_kg);
    let wh_per_unit = if d.units > 0.0 { 1000.0 * kwh / d.units } else { 0.0 };
    Energy { busy, gpu_watts, kwh, co2e_kg, wh_per_unit }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_of_kwh_worked_by_hand() {
        // 8 H100s all month: H = 8 × 730 = 5,840 GPU-h, busy half of it (2,920 GPU-h at full speed);
        // TDP 700 W, idle 15.5% of it: P = 700 × (0.155 + 0.845 × 0.5) = 700 × 0.5775 = 404.25 W;
        // PUE 1.44: E = 5,840 × 404.25 × 1.44 / 1000 = 3,399.5808 kWh; at 0.367 kg/kWh, 1,247.6462 kg CO2e;
        // over 2,000 units, 1,699.7904 Wh each.
        let d = Draw {
            gpu_hours: 5_840.0,
            busy_gpu_hours: 2_920.0,
            tdp_w: 700.0,
            idle_fraction: 0.155,
            pue: 1.44,
            grid_kg_per_kwh: 0.367,
            units: 2_000.0,
        };
        let e = energy(&d, &mut crate::model::trace::Off);
        assert!((e.busy - 0.5).abs() < 1e-12 && (e.gpu_watts - 404.25).abs() < 1e-9);
        assert!((e.kwh - 3_399.580_8).abs() < 1e-6, "{}", e.kwh);
        assert!((e.co2e_kg - 1_247.646_153_6).abs() < 1e-6, "{}", e.co2e_kg);
        assert!((e.wh_per_unit - 1_699.790_4).abs() < 1e-6);
        // Fully busy draws the TDP; no hours, no energy.
        let full = energy(&Draw { busy_gpu_hours: 9e9, ..d }, &mut crate::model::trace::Off);
        assert_eq!(full.gpu_watts, 700.0);
        assert_eq!(energy(&Draw { gpu_hours: 0.0, ..d }, &mut crate::model::trace::Off).kwh, 0.0);
    }
}
