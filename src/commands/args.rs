//! The command line's own values made into the library's (as ripgrep's low-level arguments become
//! high-level ones): metrics, provider kinds, formats, chart sizes.

use crate::catalog::ProviderKind;
use crate::chart::Size;
use crate::cli::{ChartArgs, KindArg, MetricArg, RunFormat};
use crate::report::Format;
use crate::sim::Metric;

/// The metric `--metric` names.
pub fn metric(m: MetricArg) -> Metric {
    match m {
        MetricArg::MonthlyCost => Metric::MonthlyCost,
        MetricArg::CostPerUnit => Metric::CostPerUnit,
        MetricArg::GpuHours => Metric::GpuHours,
        MetricArg::TtftMs => Metric::TtftMs,
        MetricArg::TtftP95Ms => Metric::TtftP95Ms,
        MetricArg::LatencyE2eMs => Metric::LatencyE2eMs,
        MetricArg::LatencyE2eP95Ms => Metric::LatencyE2eP95Ms,
        MetricArg::TpotMs => Metric::TpotMs,
        MetricArg::TpotP95Ms => Metric::TpotP95Ms,
        MetricArg::OutputTokensPerSPerGpu => Metric::OutputTokensPerSPerGpu,
        MetricArg::OutputTokensPerSPerUser => Metric::OutputTokensPerSPerUser,
        MetricArg::RequestsPerSPerReplica => Metric::RequestsPerSPerReplica,
        MetricArg::MarginAfter => Metric::MarginAfter,
        MetricArg::MarginImprovementPp => Metric::MarginImprovementPp,
        MetricArg::NetSaving => Metric::NetSaving,
        MetricArg::PaybackMonths => Metric::PaybackMonths,
        MetricArg::WallClockHours => Metric::WallClockHours,
        MetricArg::GpuHoursPerRun => Metric::GpuHoursPerRun,
        MetricArg::Goodput => Metric::Goodput,
        MetricArg::HorizonCost => Metric::HorizonCost,
        MetricArg::HorizonNetSaving => Metric::HorizonNetSaving,
        MetricArg::EnergyKwh => Metric::EnergyKwh,
        MetricArg::Co2eKg => Metric::Co2eKg,
        MetricArg::EnergyWhPerUnit => Metric::EnergyWhPerUnit,
    }
}

/// The provider kind `--kind` names.
pub fn kind(k: KindArg) -> ProviderKind {
    match k {
        KindArg::Centralized => ProviderKind::Centralized,
        KindArg::Marketplace => ProviderKind::Marketplace,
        KindArg::Decentralized => ProviderKind::Decentralized,
        KindArg::Owned => ProviderKind::Owned,
    }
}

/// The output format of `run`.
pub fn format(f: RunFormat) -> Format {
    match f {
        RunFormat::Table => Format::Table,
        RunFormat::Csv => Format::Csv,
        RunFormat::Json => Format::Json,
        RunFormat::Md => Format::Md,
        RunFormat::Focus => Format::Focus,
    }
}

/// The chart size `--width` and `--height` give.
pub fn size(c: ChartArgs) -> Size {
    let (width, height) = c.size();
    Size { width, height }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_metric_has_an_argument_named_by_its_key() {
        let args = MetricArg::value_variants();
        assert_eq!(args.len(), Metric::ALL.len());
        for a in args {
            let m = metric(*a);
            let names: Vec<String> = a.to_possible_value().unwrap().get_name_and_aliases().map(String::from).collect();
            assert!(names.contains(&m.name().to_string()), "{names:?} do not include {}", m.name());
        }
    }

    #[test]
    fn every_kind_has_an_argument_of_its_name() {
        for a in KindArg::value_variants() {
            assert_eq!(a.to_possible_value().unwrap().get_name(), kind(*a).as_str());
        }
    }
}
