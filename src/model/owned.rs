//! Owned hardware: the price per GPU-hour that buying, powering, housing and running GPUs comes to, so an
//! owned fleet is billed like a rented one. docs/MODEL.md, "Owned hardware".

use super::steps as st;
use super::trace::{Trace, step};
use super::{GpuTerms, HOURS_PER_MONTH, Ownership};

/// An owned GPU's cost per GPU-hour, line by line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OwnedPrice {
    /// Purchase per GPU, its share of the server included.
    pub capex_per_gpu: f64,
    /// Amortisation per GPU-hour.
    pub amortisation: f64,
    /// Electricity per GPU-hour.
    pub power: f64,
    /// Colocation per GPU-hour.
    pub colocation: f64,
    /// Staff and support per GPU-hour.
    pub staff: f64,
    /// The sum: the price per GPU-hour the fleet is billed at.
    pub price: f64,
}

/// What one owned GPU costs per hour of the month, with `tdp_w` its board power.
///
/// # Formula
/// `capex = gpu_price + server_price / n_srv`; `amort = capex · (1 − residual) / (months · h_mo)`
/// (straight-line, IRS Publication 946); `P_it = TDP · (f_idle + (1 − f_idle) · u) + server_W / n_srv` W, the
/// average IT power of a GPU and its share of the server when busy a share `u` of the time;
/// `power = P_it · PUE / 1000 · $/kWh`; `colo = colo_kW · (TDP + server_W / n_srv) / 1000 / h_mo` (colocation is
/// sold per kW of peak IT power); `staff = staff_srv / n_srv / h_mo`; `price = amort + power + colo + staff`.
/// Every hour of the month is paid for, used or not, as for a rented static fleet.
pub fn price<T: Trace>(o: &Ownership<f64>, p: &GpuTerms<f64>, tdp_w: f64, t: &mut T) -> OwnedPrice {
    let per_server = o.gpus_per_server.max(1.0);
    let capex_per_gpu = o.gpu_price + o.server_price / per_server;
    let amortisation = capex_per_gpu * (1.0 - o.residual_fraction) / (o.amortisation_months * HOURS_PER_MONTH);
    let server_share = o.server_watts / per_server;
    let it_watts = tdp_w * (p.idle_power_fraction + (1.0 - p.idle_power_fraction) * p.utilization) + server_share;
    let power = it_watts * p.pue / 1000.0 * o.electricity_per_kwh;
    let colocation = o.colocation_per_kw_month * (tdp_w + server_share) / 1000.0 / HOURS_PER_MONTH;
    let staff = o.staff_per_server_month / per_server / HOURS_PER_MONTH;
    let price = amortisation + power + colocation + staff;
    let terms = [("gpu_price", o.gpu_price), ("server_price", o.server_price), ("n_srv", per_server)];
    step(t, st::OWNED_CAPEX, &terms, capex_per_gpu);
    let terms = [("capex", capex_per_gpu), ("residual", o.residual_fraction), ("months", o.amortisation_months)];
    step(t, st::OWNED_AMORTISATION, &terms, amortisation);
    let terms = [
        ("TDP", tdp_w),
        ("f_idle", p.idle_power_fraction),
        ("u", p.utilization),
        ("server_W", o.server_watts),
        ("n_srv", per_server),
    ];
    step(t, st::OWNED_IT_POWER, &terms, it_watts);
    step(t, st::OWNED_POWER, &[("P_it", it_watts), ("PUE", p.pue), ("kwh_price", o.electricity_per_kwh)], power);
    let terms =
        [("colo_kW", o.colocation_per_kw_month), ("TDP", tdp_w), ("server_W", o.server_watts), ("n_srv", per_server)];
    step(t, st::OWNED_COLOCATION, &terms, colocation);
    step(t, st::OWNED_STAFF, &[("staff_srv", o.staff_per_server_month), ("n_srv", per_server)], staff);
    let terms = [("amort", amortisation), ("power", power), ("colo", colocation), ("staff", staff)];
    step(t, st::OWNED_PRICE, &terms, price);
    OwnedPrice { capex_per_gpu, amortisation, power, colocation, staff, price }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::trace::Off;

    fn terms(u: f64) -> GpuTerms<f64> {
        let mut p = crate::model::inference::tests::terms(1.0);
        p.utilization = u;
        p.idle_power_fraction = 0.155;
        p.pue = 1.2;
        p
    }

    #[test]
    fn an_owned_h100_gpu_hour_worked_by_hand() {
        // One H100 of an 8-GPU server: $24,400 + $74,000 / 8 = $33,650; over 60 months of 730 h, no residual:
        //   amort = 33,650 / 43,800 = $0.768265/GPU-h.
        // IT power at u = 0.88: 700 · (0.155 + 0.845 · 0.88) + 4,600 / 8 = 700 · 0.8986 + 575 = 1,204.02 W;
        //   power = 1.20402 kW · PUE 1.2 · $0.0875/kWh = $0.126422/GPU-h.
        // Colocation $184.06/kW-month on (700 + 575) W = 1.275 kW: 184.06 · 1.275 / 730 = $0.321474/GPU-h.
        // Staff $2,000/server-month: 2,000 / 8 / 730 = $0.342466/GPU-h.
        // Price = 0.768265 + 0.126422 + 0.321474 + 0.342466 = $1.558627/GPU-h.
        let o = Ownership {
            gpu_price: 24_400.0,
            server_price: 74_000.0,
            gpus_per_server: 8.0,
            amortisation_months: 60.0,
            residual_fraction: 0.0,
            server_watts: 4_600.0,
            electricity_per_kwh: 0.0875,
            colocation_per_kw_month: 184.06,
            staff_per_server_month: 2_000.0,
        };
        let x = price(&o, &terms(0.88), 700.0, &mut Off);
        assert!((x.capex_per_gpu - 33_650.0).abs() < 1e-9);
        assert!((x.amortisation - 0.768_265).abs() < 1e-6, "{x:?}");
        assert!((x.power - 0.126_422).abs() < 1e-6, "{x:?}");
        assert!((x.colocation - 0.321_474).abs() < 1e-6, "{x:?}");
        assert!((x.staff - 0.342_466).abs() < 1e-6, "{x:?}");
        assert!((x.price - 1.558_627).abs() < 2e-6, "{x:?}");
        // A residual value of 20% takes 20% off the amortisation; an idle fleet draws less power.
        let resold = price(&Ownership { residual_fraction: 0.2, ..o.clone() }, &terms(0.88), 700.0, &mut Off);
        assert!((resold.amortisation - 0.8 * x.amortisation).abs() < 1e-12);
        assert!(price(&o, &terms(0.0), 700.0, &mut Off).power < x.power);
    }
}
