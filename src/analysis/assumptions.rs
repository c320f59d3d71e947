//! The list of every input a run used, with its unit, its distribution and where it came from: the
//! scenario line, the catalog offer, or the documented default with its source.

use super::results::Assumption;
use crate::catalog::Catalog;
use crate::model::fields;
use crate::scenario::{Origin, Param, Scenario};

fn assumption(path: String, p: &Param, file: &str, currency: &str, catalog: &Catalog) -> Assumption {
    let (from, location, source, as_of) = match &p.origin {
        Origin::Scenario { line, column } => {
            ("scenario", format!("{file}:{line}:{column}"), String::new(), String::new())
        }
        Origin::Catalog { offer, field, source, as_of, note } => {
            let location = match note {
                Some(n) => format!("offer {offer}, {field} ({n})"),
                None => format!("offer {offer}, {field}"),
            };
            ("catalog", location, source.clone(), as_of.clone())
        }
        Origin::Override { arg } => ("override", format!("--set {arg}"), String::new(), String::new()),
        Origin::Derived { how } => ("derived", how.clone(), String::new(), String::new()),
        Origin::Default { key } => {
            let entry = catalog.default_entry(key).ok();
            let source = entry.map_or(String::new(), |e| e.source.clone());
            let as_of = entry.map_or(String::new(), |e| e.as_of.clone());
            ("default", key.clone(), source, as_of)
        }
    };
    let unit = fields::unit_of_input(&path).map_or(String::new(), |u| u.name(currency));
    let distribution = p.dist.as_ref().map(|d| d.spec().clone());
    Assumption { path, value: p.value, unit, distribution, from: from.to_string(), location, source, as_of }
}

/// Every input of `scenario` the model reads, in file order: workload, business, then each provider.
pub fn assumptions(scenario: &Scenario, catalog: &Catalog) -> Vec<Assumption> {
    let file = scenario.file.as_str();
    let cur = scenario.meta.currency.as_str();
    let mut out = Vec::new();
    scenario
        .workload_inputs
        .map(&mut |name, p| out.push(assumption(format!("workload.{name}"), p, file, cur, catalog)));
    if let Some(b) = &scenario.business {
        b.map(&mut |name, p| out.push(assumption(format!("business.{name}"), p, file, cur, catalog)));
    }
    let kind = scenario.workload_inputs.kind();
    for provider in &scenario.providers {
        provider.inputs.map(&mut |name, p| {
            if fields::field(name).is_some_and(|f| f.read_by(kind)) {
                out.push(assumption(format!("providers.{}.{name}", provider.id), p, file, cur, catalog));
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::scenario;

    #[test]
    fn every_input_of_every_example_has_a_unit() {
        let catalog = Catalog::builtin().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let s = scenario::load(&path, &catalog).unwrap();
            for a in assumptions(&s, &catalog) {
                assert!(!a.unit.is_empty(), "{}: {} has no unit", path.display(), a.path);
            }
        }
    }
}
