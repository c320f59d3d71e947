//! The list of every input a run used, with where it came from: the scenario line, the catalog offer, or
//! the documented default with its source.

use super::results::Assumption;
use crate::catalog::Catalog;
use crate::scenario::{Origin, Param, Scenario};

fn assumption(path: String, p: &Param, file: &str, catalog: &Catalog) -> Assumption {
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
        Origin::Default { key } => {
            let entry = catalog.default_entry(key).ok();
            let source = entry.map_or(String::new(), |e| e.source.clone());
            let as_of = entry.map_or(String::new(), |e| e.as_of.clone());
            ("default", key.clone(), source, as_of)
        }
    };
    Assumption { path, value: p.value, from, location, source, as_of }
}

/// Every input of `scenario` the model reads, in file order: workload, business, then each provider.
pub fn assumptions(scenario: &Scenario, catalog: &Catalog) -> Vec<Assumption> {
    let file = scenario.file.as_str();
    let mut out = Vec::new();
    scenario.workload_inputs.map(&mut |name, p| out.push(assumption(format!("workload.{name}"), p, file, catalog)));
    if let Some(b) = &scenario.business {
        b.map(&mut |name, p| out.push(assumption(format!("business.{name}"), p, file, catalog)));
    }
    let kind = scenario.workload_inputs.kind();
    for provider in &scenario.providers {
        provider.inputs.map(&mut |name, p| {
            let field = name.split('.').next().unwrap_or(name);
            if kind.uses_provider_field(field) {
                out.push(assumption(format!("providers.{}.{name}", provider.id), p, file, catalog));
            }
        });
    }
    out
}
