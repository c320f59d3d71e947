//! A scenario compiled for sampling: which inputs are uncertain, in what order they are drawn, and how one
//! trial's draws become the model's inputs.
//!
//! Each uncertain input is a *variable* drawn once per trial and used by every provider that reads it
//! (common random numbers). Inputs that come from the same documented default (say, the decentralized
//! failure rate used by three networks) are one variable: the uncertainty is about the figure itself,
//! so all its users see the same draw.

use crate::base::dist::Dist;
use crate::model::{BusinessInputs, ProviderInputs, WorkloadInputs};
use crate::scenario::{Origin, Param, Scenario};
use rand::Rng;
use std::collections::HashMap;

/// One uncertain variable.
#[derive(Debug, Clone)]
pub struct Var {
    /// What it is: a dotted path, or `default <key>` for a shared default.
    pub label: String,
    /// Its distribution.
    pub dist: Dist,
}

/// Where a field's value comes from in a trial.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Fixed(f64),
    Var(usize),
}

impl Slot {
    fn get(self, values: &[f64]) -> f64 {
        match self {
            Slot::Fixed(v) => v,
            Slot::Var(i) => values[i],
        }
    }
}

/// The sampling plan of a scenario.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    scenario: &'a Scenario,
    /// Uncertain variables, in draw order.
    pub vars: Vec<Var>,
    workload: Vec<Slot>,
    business: Vec<Slot>,
    providers: Vec<Vec<Slot>>,
}

struct Builder {
    vars: Vec<Var>,
    by_default: HashMap<String, usize>,
}

impl Builder {
    fn slot(&mut self, label: String, p: &Param) -> Slot {
        let Some(dist) = &p.dist else { return Slot::Fixed(p.value) };
        if let Origin::Default { key } = &p.origin {
            if let Some(&i) = self.by_default.get(key) {
                return Slot::Var(i);
            }
            self.by_default.insert(key.clone(), self.vars.len());
            self.vars.push(Var { label: format!("default {key}"), dist: dist.clone() });
        } else {
            self.vars.push(Var { label, dist: dist.clone() });
        }
        Slot::Var(self.vars.len() - 1)
    }
}

/// A uniform draw in the open interval (0, 1): 53 random bits, centred in their cell.
pub fn unit(rng: &mut impl Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

impl<'a> Plan<'a> {
    /// Compiles `scenario`; fields are visited in the order their `map` functions visit them.
    pub fn new(scenario: &'a Scenario) -> Self {
        let mut b = Builder { vars: Vec::new(), by_default: HashMap::new() };
        let mut workload = Vec::new();
        scenario.workload_inputs.map(&mut |name, p| workload.push(b.slot(format!("workload.{name}"), p)));
        let mut business = Vec::new();
        if let Some(bi) = &scenario.business {
            bi.map(&mut |name, p| business.push(b.slot(format!("business.{name}"), p)));
        }
        let providers = scenario
            .providers
            .iter()
            .map(|pr| {
                let mut slots = Vec::new();
                pr.inputs.map(&mut |name, p| slots.push(b.slot(format!("providers.{}.{name}", pr.id), p)));
                slots
            })
            .collect();
        Plan { scenario, vars: b.vars, workload, business, providers }
    }

    /// Which variables the workload, the business and providers `ks` read (indexed like `vars`).
    pub fn read_by(&self, ks: &[usize]) -> Vec<bool> {
        let mut read = vec![false; self.vars.len()];
        let slots = self.workload.iter().chain(&self.business).chain(ks.iter().flat_map(|&k| &self.providers[k]));
        for slot in slots {
            if let Slot::Var(i) = slot {
                read[*i] = true;
            }
        }
        read
    }

    /// Draws every variable once into `values`.
    pub fn draw(&self, rng: &mut impl Rng, values: &mut [f64]) {
        for (v, var) in values.iter_mut().zip(&self.vars) {
            *v = var.dist.quantile(unit(rng));
        }
    }

    /// The workload's inputs for one trial.
    pub fn workload(&self, values: &[f64]) -> WorkloadInputs<f64> {
        let mut slots = self.workload.iter();
        self.scenario.workload_inputs.map(&mut |_, _| slots.next().expect("one slot per field").get(values))
    }

    /// The business's inputs for one trial.
    pub fn business(&self, values: &[f64]) -> Option<BusinessInputs<f64>> {
        let mut slots = self.business.iter();
        self.scenario
            .business
            .as_ref()
            .map(|b| b.map(&mut |_, _| slots.next().expect("one slot per field").get(values)))
    }

    /// Provider `k`'s terms for one trial.
    pub fn provider(&self, k: usize, values: &[f64]) -> ProviderInputs<f64> {
        let mut slots = self.providers[k].iter();
        self.scenario.providers[k].inputs.map(&mut |_, _| slots.next().expect("one slot per field").get(values))
    }
}
