//! Stale prices: catalog offers whose `as_of` date is older than the age limit on the day of the run.
//! The day comes from the caller (the clock, or `--today`), so this stays a pure function.

use crate::base::date::days_between;
use crate::base::warning::{Warning, WarningKind};
use crate::scenario::{Origin, Scenario};
use std::collections::BTreeMap;

/// Whether a figure dated `as_of` is more than `max_age_days` old on `today` (both `YYYY-MM-DD`; an
/// unreadable date is not stale).
pub fn is_stale(as_of: &str, today: &str, max_age_days: u32) -> bool {
    days_between(as_of, today).is_some_and(|age| age > i64::from(max_age_days))
}

/// One warning per catalog offer the scenario's providers use whose `as_of` is more than
/// `max_age_days` before `today` (both `YYYY-MM-DD`).
///
/// Only offers are aged: their prices and terms move in weeks, while GPU specifications and model
/// architectures do not change, and the documented defaults are dated by the study they come from.
pub fn stale_offers(scenario: &Scenario, today: &str, max_age_days: u32) -> Vec<Warning> {
    let mut stale: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for p in &scenario.providers {
        p.inputs.map(&mut |_, param| {
            if let Origin::Catalog { offer, as_of, .. } = &param.origin
                && is_stale(as_of, today, max_age_days)
            {
                let users = stale.entry((offer.clone(), as_of.clone())).or_default();
                if !users.contains(&p.id) {
                    users.push(p.id.clone());
                }
            }
        });
    }
    stale
        .into_iter()
        .map(|((offer, as_of), users)| {
            let age = days_between(&as_of, today).unwrap_or(0);
            Warning {
                code: WarningKind::StaleFigure,
                message: format!(
                    "offer `{offer}` is {age} days old (as of {as_of}, limit {max_age_days} days on {today}); it \
                     prices {}",
                    users.join(", ")
                ),
                detail: "Check the provider's current price, or bring your own quote with --catalog (README, \
                         \"Your own prices\")."
                    .into(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn an_offer_is_stale_only_past_the_limit() {
        let catalog = Catalog::builtin().unwrap();
        let s = crate::scenario::flagship_with(&[], &catalog).unwrap();
        // AWS's offer is dated 2026-08-22: 180 days later is 2027-02-18.
        let aws = |w: &Vec<Warning>| w.iter().any(|w| w.message.contains("aws-p5-h100-od-2026"));
        assert!(!aws(&stale_offers(&s, "2027-02-18", 180)));
        let late = stale_offers(&s, "2027-02-19", 180);
        assert!(aws(&late), "{late:?}");
        assert!(late.iter().all(|w| w.code == WarningKind::StaleFigure));
        let w = late.iter().find(|w| w.message.contains("aws-p5-h100-od-2026")).unwrap();
        assert!(w.message.contains("181 days old") && w.message.contains("prices aws"), "{}", w.message);
        // Nothing is stale on the day every offer was read.
        assert!(stale_offers(&s, "2020-01-01", 180).is_empty());
    }
}
