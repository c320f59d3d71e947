//! User catalogs (`--catalog FILE`): GPUs, models and offers in the schema of the built-in data files, as
//! TOML (`[[offers]]`, `[[gpus]]`, `[[models]]`) or CSV (one table per file, told apart by its header). An
//! entry with a new id extends the catalog; one with an existing id overrides it field by field. Every entry
//! must carry its own `source` and a valid `as_of` date. Errors point at file:line:column.

mod patch;
mod read;

use super::{Catalog, Offer};
use crate::base::date::day_number;
use crate::base::diagnostic::{Diagnostic, Source};
use crate::base::format::compact;
use crate::model::fields::{Check, field, limit, minimum};
use patch::{GpuPatch, ModelPatch, OfferPatch, Patch, Place, TokenOfferPatch};
use read::{from_csv, from_toml};
use std::collections::HashMap;

/// Adds the entries of the user catalog `name` (its `text`) to `catalog`; `today` (YYYY-MM-DD) is the
/// latest `as_of` accepted. Nothing is changed on error.
pub fn extend(catalog: &mut Catalog, name: &str, text: &str, today: &str) -> Result<(), Vec<Diagnostic>> {
    let source = Source::new(name, text);
    let mut merger = Merger::new(catalog.clone(), &source, today);
    let is_toml = !name.to_ascii_lowercase().ends_with(".csv");
    let offers = if is_toml { from_toml(&mut merger)? } else { from_csv(&mut merger)? };
    check_offers(&merger, &offers)?;
    *catalog = merger.catalog;
    Ok(())
}

/// A catalog being extended by one file: the entries' positions by id, so that merging thousands of
/// entries stays linear in the file's size (issue 13).
struct Merger<'a> {
    catalog: Catalog,
    source: &'a Source,
    today: &'a str,
    /// Position of each entry by table and id.
    index: HashMap<(&'static str, String), usize>,
}

impl<'a> Merger<'a> {
    fn new(catalog: Catalog, source: &'a Source, today: &'a str) -> Self {
        let mut index = HashMap::new();
        let tables: [(&'static str, Vec<&str>); 4] = [
            (OfferPatch::TABLE, catalog.offers.iter().map(|e| e.id.as_str()).collect()),
            (GpuPatch::TABLE, catalog.gpus.iter().map(|e| e.id.as_str()).collect()),
            (ModelPatch::TABLE, catalog.models.iter().map(|e| e.id.as_str()).collect()),
            (TokenOfferPatch::TABLE, catalog.token_offers.iter().map(|e| e.id.as_str()).collect()),
        ];
        for (table, ids) in tables {
            for (i, id) in ids.into_iter().enumerate() {
                index.insert((table, id.to_string()), i);
            }
        }
        Merger { catalog, source, today, index }
    }

    /// Every entry needs a `source` and an `as_of` date no later than today.
    fn provenance(
        &self,
        table: &str,
        id: &str,
        (src, as_of): (Option<&str>, Option<&str>),
        place: &Place,
    ) -> Result<(), Diagnostic> {
        let source = self.source;
        if src.is_none_or(|s| s.trim().is_empty()) {
            return Err(source
                .diagnostic(place.of("source"), format!("{table} entry `{id}` has no `source`"))
                .with_help("every figure needs one: a URL, a document, or `quote from <vendor>, <date>`"));
        }
        match as_of {
            None => Err(source
                .diagnostic(place.entry.start..place.entry.start + 1, format!("{table} entry `{id}` has no `as_of`"))
                .with_help("add the date the figure was published or read: as_of = \"2026-11-20\"")),
            Some(d) if day_number(d).is_none() => {
                Err(source.diagnostic(place.of("as_of"), format!("`as_of` must be a date YYYY-MM-DD, found \"{d}\"")))
            }
            // A date after today would never be flagged as stale (issue 13).
            Some(d) if day_number(d) > day_number(self.today) => Err(source
                .diagnostic(place.of("as_of"), format!("`as_of` {d} is after today, {}", self.today))
                .with_help(
                    "give the date the figure was published or read; --today sets the day if the clock is wrong",
                )),
            Some(_) => Ok(()),
        }
    }

    /// Overrides one documented default (`[[defaults]]`): its value, prior, unit, source and date.
    fn merge_default(&mut self, patch: patch::DefaultPatch, place: &Place) -> Result<(), Diagnostic> {
        let source = self.source;
        let provenance = (patch.source.as_deref(), patch.as_of.as_deref());
        self.provenance("defaults", &patch.key, provenance, place)?;
        let Some(base) = self.catalog.defaults.iter().find(|d| d.key == patch.key).cloned() else {
            let keys = self.catalog.defaults.iter().map(|d| d.key.as_str());
            let hint = crate::base::text::suggest(&patch.key, keys);
            return Err(source
                .diagnostic(place.of("key"), format!("no documented default `{}` to override", patch.key))
                .with_help(match hint.first() {
                    Some(k) => format!("did you mean `{k}`? docs/MODEL.md, \"Defaults\", lists them"),
                    None => "docs/MODEL.md, \"Defaults\", lists the defaults".to_string(),
                }));
        };
        let mut entry = base;
        if let Some(v) = patch.value {
            // A default that stands for an input passes that input's checks (an availability of −0.5 is
            // refused here, not found later as a run that never ends); other defaults need only be finite.
            let message = match input_of_default(&patch.key) {
                Some((name, natural)) => out_of_range("value", name, v, natural),
                None => (!v.is_finite()).then(|| format!("`value` must be a finite number, found {v}")),
            };
            if let Some(message) = message {
                return Err(source.diagnostic(place.of("value"), format!("default `{}`: {message}", patch.key)));
            }
            entry.value = v;
            // A value alone is a fixed figure: the built-in spread belonged to the built-in median.
            entry.dist = None;
        }
        if let Some(spec) = patch.dist {
            match crate::base::dist::Dist::new(spec.clone()) {
                Ok(d) => {
                    if patch.value.is_none() {
                        entry.value = d.median();
                    }
                    entry.dist = Some(spec);
                }
                Err(e) => return Err(source.diagnostic(place.of("dist"), e.message)),
            }
        }
        if let Some(u) = patch.unit {
            entry.unit = u;
        }
        entry.source = patch.source.unwrap_or_default();
        entry.as_of = patch.as_of.unwrap_or_default();
        entry.thin = patch.thin.unwrap_or(false);
        entry.note = patch.note.unwrap_or_default();
        let (line, _) = source.line_col(place.entry.start);
        entry.origin = format!("{}:{line}", source.name);
        self.catalog.set_default(entry);
        Ok(())
    }

    /// Merges one entry into the catalog after checking its provenance and, once merged, its numbers.
    fn merge<P: Patch>(&mut self, patch: P, place: &Place) -> Result<(), Diagnostic> {
        let source = self.source;
        self.provenance(P::TABLE, patch.id(), patch.provenance(), place)?;
        let (line, _) = source.line_col(place.entry.start);
        let here = format!("{}:{line}", source.name);
        let id = patch.id().to_string();
        let key = (P::TABLE, id.clone());
        let entries = P::entries(&mut self.catalog);
        let at = match self.index.get(&key) {
            Some(&i) => {
                let existing = &mut entries[i];
                patch.apply(existing);
                let origin = P::origin(existing);
                *origin =
                    format!("{here} (overrides {})", if origin.is_empty() { "built-in" } else { origin.as_str() });
                i
            }
            None => {
                let mut entry = patch.build().map_err(|missing| {
                    let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                    source
                        .diagnostic(place.of("id"), format!("new {} entry `{id}` lacks {}", P::TABLE, list.join(", ")))
                        .with_help(format!(
                            "`{id}` is not in the built-in catalog, so it needs every required field; to override a \
                             built-in entry use its id (`computecost providers --list {}`)",
                            P::TABLE
                        ))
                })?;
                *P::origin(&mut entry) = here;
                entries.push(entry);
                self.index.insert(key, entries.len() - 1);
                entries.len() - 1
            }
        };
        check_entry::<P>(&entries[at], &id, source, place)
    }

    /// The offer with this id, by the index.
    fn offer(&self, id: &str) -> Option<&Offer> {
        self.index.get(&(OfferPatch::TABLE, id.to_string())).map(|&i| &self.catalog.offers[i])
    }
}

/// The limit a catalog column shares with the scenario field it fills (a price per GPU-hour, its range's
/// ends, egress, storage); other columns have their own.
fn limit_name(field: &str) -> &str {
    match field {
        "price_per_gpu_hour_usd" | "price_low_usd" | "price_high_usd" => "price_per_gpu_hour",
        "egress_usd_per_gb" => "egress_per_gb",
        "storage_usd_per_gb_month" => "storage_per_gb_month",
        other => other,
    }
}

/// The numbers of a merged entry must be finite, in their natural range and within the limits scenario
/// values have (`base::limits`): a price of NaN, −1 or 1e308 in a user catalog is refused where it is
/// written, not found later as a hang or a negative headline (issue 13).
fn check_entry<P: Patch>(entry: &P::Entry, id: &str, source: &Source, place: &Place) -> Result<(), Diagnostic> {
    let help = "limits catch typos and unit slips (a price per instance rather than per GPU, a figure in the \
                wrong unit); docs/MODEL.md, \"Input limits\", lists them";
    for (field, value, natural) in P::numbers(entry) {
        let Some(v) = value else { continue };
        let name = limit_name(field);
        if let Some(message) = out_of_range(field, name, v, natural) {
            let at = format!("{} entry `{id}`: {message}", P::TABLE);
            return Err(source.diagnostic(place.of(field), at).with_help(help));
        }
    }
    match P::relation(entry) {
        Some((field, message)) => {
            Err(source.diagnostic(place.of(field), format!("{} entry `{id}`: {message}", P::TABLE)))
        }
        None => Ok(()),
    }
}

/// The input a default's value stands for, with its natural range: an input's own path
/// (`owned.electricity_per_kwh`), that path with a qualifier (`owned.gpu_price.h100-sxm-80gb`), or
/// `bytes_per_token`, `section.field` and `section.field.qualifier` (`provider.availability.decentralized`).
/// Longer keys name a parameter of a prior (`workload.mfu.training.size_exponent`), not the input, and are
/// not range-checked.
fn input_of_default(key: &str) -> Option<(&'static str, Check)> {
    let qualified = key.rsplit_once('.').map(|(path, _)| path);
    if let Some(f) = [Some(key), qualified].into_iter().flatten().find_map(field) {
        return Some((f.path, f.check?));
    }
    let segments: Vec<&str> = key.split('.').collect();
    let path = match segments.as_slice() {
        [field] => *field,
        [_, field] | [_, field, _] => *field,
        _ => return None,
    };
    let field = field(path)?;
    Some((field.path, field.check?))
}

/// Why `v`, written as `field` and limited as the input `name`, is refused: not finite, outside its natural
/// range, or past the limits scenario values have; `None` when it is accepted.
fn out_of_range(field: &str, name: &str, v: f64, natural: Check) -> Option<String> {
    if !v.is_finite() {
        return Some(format!("`{field}` must be a finite number, found {v}"));
    }
    if !natural.holds(v) {
        return Some(format!("`{field}` must be {}, found {v}", natural.expected()));
    }
    if let Some((max, unit)) = limit(name)
        && v > max
    {
        return Some(format!(
            "`{field}` = {} is above the largest value accepted, {} ({unit})",
            compact(v),
            compact(max)
        ));
    }
    if let Some((min, unit)) = minimum(name)
        && v < min
    {
        return Some(format!("`{field}` = {v:e} is below the smallest value accepted, {min} ({unit})"));
    }
    None
}

/// Every offer the file touched must name a GPU the catalog holds, and carry a price or a range.
fn check_offers(merger: &Merger<'_>, touched: &[(String, usize)]) -> Result<(), Vec<Diagnostic>> {
    let (catalog, source) = (&merger.catalog, merger.source);
    for (id, at) in touched {
        let Some(o) = merger.offer(id) else { continue };
        let at = *at..*at + 1;
        if catalog.gpu(&o.gpu).is_none() {
            let known = crate::base::text::suggest(&o.gpu, catalog.gpus.iter().map(|g| g.id.as_str()));
            let mut d = source.diagnostic(at, format!("offer `{id}` names unknown GPU `{}`", o.gpu));
            d = d.with_help(match known.first() {
                Some(k) => format!("did you mean `{k}`? `computecost providers --list gpus` lists them"),
                None => "`computecost providers --list gpus` lists the GPUs; add yours under [[gpus]]".into(),
            });
            return Err(vec![d]);
        }
        let priced = o.price_per_gpu_hour_usd.is_some() || (o.price_low_usd.is_some() && o.price_high_usd.is_some());
        if !priced {
            return Err(vec![
                source
                    .diagnostic(at, format!("offer `{id}` has no price"))
                    .with_help("give price_per_gpu_hour_usd, or price_low_usd and price_high_usd"),
            ]);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extended(text: &str) -> Result<Catalog, String> {
        let mut c = Catalog::builtin().unwrap();
        extend(&mut c, "mine.toml", text, "2026-11-29").map(|()| c).map_err(|d| crate::base::diagnostic::render(&d))
    }

    #[test]
    fn an_override_changes_only_the_fields_it_gives() {
        let before = Catalog::builtin().unwrap();
        let c = extended(
            "[[offers]]\nid = \"aws-p5-h100-od-2026\"\nprice_per_gpu_hour_usd = 5.5\nsource = \"quote\"\nas_of = \"2026-11-20\"\n",
        )
        .unwrap();
        let (old, new) = (before.offer("aws-p5-h100-od-2026").unwrap(), c.offer("aws-p5-h100-od-2026").unwrap());
        assert_eq!(new.price_per_gpu_hour_usd, Some(5.5));
        assert_eq!((new.egress_usd_per_gb, &new.gpu, &new.region), (old.egress_usd_per_gb, &old.gpu, &old.region));
        assert_eq!((new.source.as_str(), new.as_of.as_str()), ("quote", "2026-11-20"));
        assert_eq!(new.origin, "mine.toml:1 (overrides built-in)");
        assert_eq!(c.offers.len(), before.offers.len());
    }

    #[test]
    fn a_new_gpu_and_a_new_model_extend_the_catalog() {
        let c = extended(
            "[[gpus]]\nid = \"b200\"\nname = \"NVIDIA B200\"\nmemory_gb = 180\nmemory_bandwidth_tbs = 8\n\
             bf16_dense_tflops = 2250\nsource = \"datasheet\"\nas_of = \"2026-01-01\"\n\n\
             [[models]]\nid = \"tiny\"\nname = \"Tiny\"\nparams_b = 1\nactive_params_b = 1\ncontext_length = 4096\n\
             kv_bytes_per_token_bf16 = 32768\nsource = \"config.json\"\nas_of = \"2026-01-01\"\n",
        )
        .unwrap();
        assert_eq!(c.gpu("b200").unwrap().memory_gb, 180.0);
        assert_eq!(c.gpu("b200").unwrap().origin, "mine.toml:1");
        assert_eq!(c.model("tiny").unwrap().context_length, 4096);
    }

    #[test]
    fn mistakes_are_located_and_explained() {
        let cases = [
            ("[[offer]]\nid = \"x\"\n", "unknown table `offer`", "mine.toml:1:3"),
            (
                "[[offers]]\nid = \"new\"\nsource = \"q\"\nas_of = \"2026-01-01\"\n",
                "lacks `provider`, `kind`, `gpu`",
                "mine.toml:2:6",
            ),
            (
                "[[offers]]\nid = \"aws-p5-h100-od-2026\"\nsource = \"q\"\nas_of = \"2026-13-01\"\n",
                "must be a date",
                "mine.toml:4:9",
            ),
            (
                "[[offers]]\nid = \"aws-p5-h100-od-2026\"\nsource = \"q\"\nas_of = \"2026-01-01\"\ngpu = \"h100\"\n",
                "unknown GPU `h100`",
                "mine.toml:1:1",
            ),
            (
                "[[gpus]]\nid = \"l4\"\nmemory_gb = \"lots\"\nsource = \"q\"\nas_of = \"2026-01-01\"\n",
                "invalid type",
                "mine.toml:3:13",
            ),
        ];
        for (text, message, at) in cases {
            let err = extended(text).unwrap_err();
            assert!(err.contains(message) && err.contains(at), "{text:?}:\n{err}");
        }
    }

    #[test]
    fn an_error_leaves_the_catalog_unchanged() {
        let mut c = Catalog::builtin().unwrap();
        let text = "[[offers]]\nid = \"aws-p5-h100-od-2026\"\nprice_per_gpu_hour_usd = 1\nsource = \"q\"\nas_of = \"2026-01-01\"\n\
                    [[offers]]\nid = \"broken\"\nsource = \"q\"\nas_of = \"2026-01-01\"\n";
        assert!(extend(&mut c, "mine.toml", text, "2026-11-29").is_err());
        assert_eq!(c.offer("aws-p5-h100-od-2026").unwrap().price_per_gpu_hour_usd, Some(6.88));
    }

    #[test]
    fn a_token_quote_extends_the_token_catalog() {
        let c = extended(
            "[[token_offers]]\nid = \"acme-70b\"\nprovider = \"Acme\"\nkind = \"decentralized\"\nmodel = \"Llama-3.3-70B\"\n\
             catalog_model = \"llama-3-70b\"\ninput_usd_per_mtok = 0.1\noutput_usd_per_mtok = 0.2\n\
             source = \"quote from Acme, 2026-11-20\"\nas_of = \"2026-11-20\"\n",
        )
        .unwrap();
        let t = c.token_offer("acme-70b").unwrap();
        assert_eq!((t.input_usd_per_mtok, t.origin.as_str()), (0.1, "mine.toml:1"));
    }
}
