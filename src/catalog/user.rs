//! User catalogs (`--catalog FILE`): GPUs, models and offers in the schema of the built-in data files, as
//! TOML (`[[offers]]`, `[[gpus]]`, `[[models]]`) or CSV (one table per file, told apart by its header). An
//! entry with a new id extends the catalog; one with an existing id overrides it field by field. Every entry
//! must carry its own `source` and a valid `as_of` date. Errors point at file:line:column.

use super::{Catalog, Gpu, Model, Offer, ProviderKind, TokenOffer};
use crate::base::date::day_number;
use crate::base::diagnostic::{Diagnostic, Source};
use crate::base::format::compact;
use crate::base::limits::{Check, limit, minimum};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::ops::Range;

/// Where an entry and each of its fields are in the file (byte ranges).
struct Place {
    /// The entry as a whole (a TOML table, a CSV record).
    entry: Range<usize>,
    /// Each field given, by name: its value.
    fields: Vec<(String, Range<usize>)>,
}

impl Place {
    /// The range of `field`'s value, or the entry's start when the field is not given.
    fn of(&self, field: &str) -> Range<usize> {
        self.fields.iter().find(|(k, _)| k == field).map_or(self.entry.start..self.entry.start + 1, |(_, r)| r.clone())
    }
}

/// An entry of a user catalog: every field optional, so one can override a single price.
trait Patch: DeserializeOwned {
    /// The catalog type it patches.
    type Entry;
    /// The table name (`offers`).
    const TABLE: &'static str;
    /// Its id.
    fn id(&self) -> &str;
    /// The `source` and `as_of` it gives.
    fn provenance(&self) -> (Option<&str>, Option<&str>);
    /// Overrides the fields it gives.
    fn apply(self, base: &mut Self::Entry);
    /// A new entry; `Err` lists the required fields it lacks.
    fn build(self) -> Result<Self::Entry, Vec<&'static str>>;
    /// The catalog's entries of this type.
    fn entries(catalog: &mut Catalog) -> &mut Vec<Self::Entry>;
    /// Where an entry came from.
    fn origin(entry: &mut Self::Entry) -> &mut String;
    /// Its numeric fields with the natural range of each, for [`check_entry`].
    fn numbers(entry: &Self::Entry) -> Vec<(&'static str, Option<f64>, Check)>;
    /// A field that breaks a relation between fields (a range's low above its high), with the message.
    fn relation(entry: &Self::Entry) -> Option<(&'static str, String)>;
}

/// Text from a user catalog with its control characters made visible: names and sources reach terminals,
/// SVG and Markdown (issue 13).
trait Clean {
    fn clean(self) -> Self;
}

impl Clean for String {
    fn clean(self) -> Self {
        match crate::base::text::printable(&self) {
            std::borrow::Cow::Borrowed(_) => self,
            std::borrow::Cow::Owned(s) => s,
        }
    }
}

macro_rules! clean_as_is {
    ($($t:ty),*) => { $(impl Clean for $t { fn clean(self) -> Self { self } })* };
}
clean_as_is!(f64, u32, ProviderKind);

/// Declares a patch type for a catalog entry type: `required` fields must be given for a new id, `defaulted`
/// fields default to empty or zero, `optional` fields are `Option`s in the entry too.
macro_rules! patch {
    ($patch:ident, $entry:ident, $table:literal, $vec:ident,
     required: [$($req:ident: $rt:ty),*], defaulted: [$($txt:ident: $tt:ty),*], optional: [$($opt:ident: $ot:ty),*],
     numbers: $numbers:expr, relation: $relation:expr) => {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $patch {
            id: String,
            $($req: Option<$rt>,)*
            $($txt: Option<$tt>,)*
            $($opt: Option<$ot>,)*
        }

        impl Patch for $patch {
            type Entry = $entry;
            const TABLE: &'static str = $table;

            fn id(&self) -> &str {
                &self.id
            }

            fn provenance(&self) -> (Option<&str>, Option<&str>) {
                (self.source.as_deref(), self.as_of.as_deref())
            }

            fn apply(self, base: &mut $entry) {
                $(if let Some(v) = self.$req { base.$req = v.clean(); })*
                $(if let Some(v) = self.$txt { base.$txt = v.clean(); })*
                $(if let Some(v) = self.$opt { base.$opt = Some(v.clean()); })*
            }

            fn build(self) -> Result<$entry, Vec<&'static str>> {
                let missing: Vec<&'static str> =
                    [$((stringify!($req), self.$req.is_none())),*].into_iter().filter(|(_, m)| *m).map(|(k, _)| k).collect();
                if !missing.is_empty() {
                    return Err(missing);
                }
                Ok($entry {
                    id: self.id.clean(),
                    $($req: self.$req.expect("checked above").clean(),)*
                    $($txt: self.$txt.unwrap_or_default().clean(),)*
                    $($opt: self.$opt.map(Clean::clean),)*
                    origin: String::new(),
                })
            }

            fn entries(catalog: &mut Catalog) -> &mut Vec<$entry> {
                &mut catalog.$vec
            }

            fn origin(entry: &mut $entry) -> &mut String {
                &mut entry.origin
            }

            fn numbers(entry: &$entry) -> Vec<(&'static str, Option<f64>, Check)> {
                let f: fn(&$entry) -> Vec<(&'static str, Option<f64>, Check)> = $numbers;
                f(entry)
            }

            fn relation(entry: &$entry) -> Option<(&'static str, String)> {
                let f: fn(&$entry) -> Option<(&'static str, String)> = $relation;
                f(entry)
            }
        }
    };
}

patch!(OfferPatch, Offer, "offers", offers,
required: [provider: String, kind: ProviderKind, gpu: String, source: String, as_of: String],
defaulted: [instance_type: String, pricing_model: String, region: String, note: String],
optional: [gpus_per_instance: u32, price_per_gpu_hour_usd: f64, price_low_usd: f64, price_high_usd: f64,
           egress_usd_per_gb: f64, storage_usd_per_gb_month: f64, capacity_gpus: f64],
numbers: |o| vec![
    ("gpus_per_instance", o.gpus_per_instance.map(f64::from), Check::AtLeastOne),
    ("price_per_gpu_hour_usd", o.price_per_gpu_hour_usd, Check::Positive),
    ("price_low_usd", o.price_low_usd, Check::Positive),
    ("price_high_usd", o.price_high_usd, Check::Positive),
    ("egress_usd_per_gb", o.egress_usd_per_gb, Check::NonNegative),
    ("storage_usd_per_gb_month", o.storage_usd_per_gb_month, Check::NonNegative),
    ("capacity_gpus", o.capacity_gpus, Check::AtLeastOne),
],
relation: |o| match (o.price_low_usd, o.price_high_usd) {
    (Some(lo), Some(hi)) if lo > hi => Some((
        "price_low_usd",
        format!("`price_low_usd` ({lo}) is above `price_high_usd` ({hi}): a range runs from low to high"),
    )),
    (Some(_), None) | (None, Some(_)) if o.price_per_gpu_hour_usd.is_none() => Some((
        if o.price_low_usd.is_some() { "price_low_usd" } else { "price_high_usd" },
        "a price range needs both `price_low_usd` and `price_high_usd`".to_string(),
    )),
    _ => None,
});

patch!(GpuPatch, Gpu, "gpus", gpus,
    required: [name: String, memory_gb: f64, memory_bandwidth_tbs: f64, source: String, as_of: String],
    defaulted: [vendor: String, interconnect: String, interconnect_gbs: f64, note: String],
    optional: [bf16_dense_tflops: f64, fp8_dense_tflops: f64, tdp_w: f64],
    numbers: |g| vec![
        ("memory_gb", Some(g.memory_gb), Check::Positive),
        ("memory_bandwidth_tbs", Some(g.memory_bandwidth_tbs), Check::Positive),
        ("interconnect_gbs", Some(g.interconnect_gbs), Check::NonNegative),
        ("bf16_dense_tflops", g.bf16_dense_tflops, Check::Positive),
        ("fp8_dense_tflops", g.fp8_dense_tflops, Check::Positive),
        ("tdp_w", g.tdp_w, Check::Positive),
    ],
    relation: |_| None);

patch!(ModelPatch, Model, "models", models,
required: [name: String, params_b: f64, active_params_b: f64, context_length: u32,
           kv_bytes_per_token_bf16: f64, source: String, as_of: String],
defaulted: [note: String, layers: u32, hidden_size: u32, attention_heads: u32, kv_heads: u32, head_dim: u32],
optional: [],
numbers: |m| vec![
    ("params_b", Some(m.params_b), Check::Positive),
    ("active_params_b", Some(m.active_params_b), Check::Positive),
    ("context_length", Some(f64::from(m.context_length)), Check::AtLeastOne),
    ("kv_bytes_per_token_bf16", Some(m.kv_bytes_per_token_bf16), Check::Positive),
],
relation: |m| (m.active_params_b > m.params_b).then(|| (
    "active_params_b",
    format!("`active_params_b` ({}) is above `params_b` ({}): a token uses at most every parameter", m.active_params_b, m.params_b),
)));

patch!(TokenOfferPatch, TokenOffer, "token_offers", token_offers,
    required: [provider: String, kind: ProviderKind, model: String, catalog_model: String, input_usd_per_mtok: f64,
               output_usd_per_mtok: f64, source: String, as_of: String],
    defaulted: [note: String],
    optional: [cached_input_usd_per_mtok: f64],
    numbers: |t| vec![
        ("input_usd_per_mtok", Some(t.input_usd_per_mtok), Check::NonNegative),
        ("output_usd_per_mtok", Some(t.output_usd_per_mtok), Check::NonNegative),
        ("cached_input_usd_per_mtok", t.cached_input_usd_per_mtok, Check::NonNegative),
    ],
    relation: |_| None);

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

    /// Merges one entry into the catalog after checking its provenance and, once merged, its numbers.
    fn merge<P: Patch>(&mut self, patch: P, place: &Place) -> Result<(), Diagnostic> {
        let source = self.source;
        let (src, as_of) = patch.provenance();
        if src.is_none_or(|s| s.trim().is_empty()) {
            return Err(source
                .diagnostic(place.of("source"), format!("{} entry `{}` has no `source`", P::TABLE, patch.id()))
                .with_help("every figure needs one: a URL, a document, or `quote from <vendor>, <date>`"));
        }
        match as_of {
            None => {
                return Err(source
                    .diagnostic(
                        place.entry.start..place.entry.start + 1,
                        format!("{} entry `{}` has no `as_of`", P::TABLE, patch.id()),
                    )
                    .with_help("add the date the figure was published or read: as_of = \"2026-11-20\""));
            }
            Some(d) if day_number(d).is_none() => {
                return Err(
                    source.diagnostic(place.of("as_of"), format!("`as_of` must be a date YYYY-MM-DD, found \"{d}\""))
                );
            }
            // A date after today would never be flagged as stale (issue 13).
            Some(d) if day_number(d) > day_number(self.today) => {
                return Err(source
                    .diagnostic(place.of("as_of"), format!("`as_of` {d} is after today, {}", self.today))
                    .with_help(
                        "give the date the figure was published or read; --today sets the day if the clock is wrong",
                    ));
            }
            Some(_) => {}
        }
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
        let bad = |message: String| {
            source.diagnostic(place.of(field), format!("{} entry `{id}`: {message}", P::TABLE)).with_help(help)
        };
        if !v.is_finite() {
            return Err(bad(format!("`{field}` must be a finite number, found {v}")));
        }
        if !natural.holds(v) {
            return Err(bad(format!("`{field}` must be {}, found {v}", natural.expected())));
        }
        if let Some((max, unit)) = limit(name)
            && v > max
        {
            return Err(bad(format!(
                "`{field}` = {} is above the largest value accepted, {} ({unit})",
                compact(v),
                compact(max)
            )));
        }
        if let Some((min, unit)) = minimum(name)
            && v < min
        {
            return Err(bad(format!("`{field}` = {v:e} is below the smallest value accepted, {min} ({unit})")));
        }
    }
    match P::relation(entry) {
        Some((field, message)) => {
            Err(source.diagnostic(place.of(field), format!("{} entry `{id}`: {message}", P::TABLE)))
        }
        None => Ok(()),
    }
}

/// Reads TOML entries into `catalog`; returns the offers it touched with where each starts.
fn from_toml(merger: &mut Merger<'_>) -> Result<Vec<(String, usize)>, Vec<Diagnostic>> {
    use toml::de::{DeTable, DeValue, Deserializer};
    let source = merger.source;
    let text = source.text.as_str();
    let located = |e: toml::de::Error| {
        let span = e.span().unwrap_or(0..0);
        let message =
            crate::base::diagnostic::plain_toml_message(e.message().trim(), text.get(span.clone()).unwrap_or(""));
        vec![source.diagnostic(span, message)]
    };
    let root = DeTable::parse(text).map_err(located)?;
    let mut offers = Vec::new();
    for (key, value) in root.get_ref() {
        let table = key.get_ref().as_ref();
        if !["offers", "gpus", "models", "token_offers"].contains(&table) {
            let mut d = source.diagnostic(key.span(), format!("unknown table `{table}` in a catalog file"));
            d = d.with_help("a catalog file holds [[offers]], [[gpus]], [[models]] and [[token_offers]] entries");
            return Err(vec![d]);
        }
        let DeValue::Array(entries) = value.get_ref() else {
            return Err(vec![
                source
                    .diagnostic(key.span(), format!("`{table}` must be a list of entries"))
                    .with_help(format!("write each entry as a [[{table}]] table")),
            ]);
        };
        for entry in entries.iter() {
            let DeValue::Table(fields) = entry.get_ref() else {
                return Err(vec![source.diagnostic(entry.span(), format!("each of `{table}` must be a table"))]);
            };
            let place = Place {
                entry: entry.span(),
                fields: fields.iter().map(|(k, v)| (k.get_ref().to_string(), v.span())).collect(),
            };
            let de = Deserializer::from(toml::Spanned::new(entry.span(), fields.clone()));
            let suggest = |ds: Vec<Diagnostic>| ds.into_iter().map(with_suggestion).collect::<Vec<_>>();
            let one = |d: Diagnostic| vec![d];
            match table {
                "offers" => {
                    let patch = OfferPatch::deserialize(de).map_err(located).map_err(suggest)?;
                    offers.push((patch.id.clone(), place.entry.start));
                    merger.merge(patch, &place).map_err(one)?;
                }
                "gpus" => {
                    let patch = GpuPatch::deserialize(de).map_err(located).map_err(suggest)?;
                    merger.merge(patch, &place).map_err(one)?;
                }
                "token_offers" => {
                    let patch = TokenOfferPatch::deserialize(de).map_err(located).map_err(suggest)?;
                    merger.merge(patch, &place).map_err(one)?;
                }
                _ => {
                    let patch = ModelPatch::deserialize(de).map_err(located).map_err(suggest)?;
                    merger.merge(patch, &place).map_err(one)?;
                }
            }
        }
    }
    Ok(offers)
}

/// Adds a "did you mean" to an unknown-field error.
fn with_suggestion(d: Diagnostic) -> Diagnostic {
    match crate::base::diagnostic::did_you_mean(&d.message) {
        Some(help) => {
            let head = d.message.split_once(", expected one of").map(|(h, _)| h.to_string());
            let mut d = d.with_help(help);
            if let Some(h) = head {
                d.message = h;
            }
            d
        }
        None => d,
    }
}

/// Byte range of field `index` of the CSV line starting at byte `start` (quotes respected).
fn csv_field(text: &str, start: usize, index: usize) -> Range<usize> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut field = 0;
    let mut quoted = false;
    let mut field_start = start;
    for (i, c) in text[start..line_end].char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                if field == index {
                    return field_start..start + i;
                }
                field += 1;
                field_start = start + i + 1;
            }
            _ => {}
        }
    }
    if field == index { field_start..line_end } else { start..start + 1 }
}

/// Reads CSV records into `catalog`; returns the offers it touched with where each starts.
fn from_csv(merger: &mut Merger<'_>) -> Result<Vec<(String, usize)>, Vec<Diagnostic>> {
    let source = merger.source;
    let text = source.text.as_str();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![source.diagnostic(0..1, format!("cannot read the CSV header: {e}"))])?
        .clone();
    let has = |c: &str| headers.iter().any(|h| h == c);
    let table = if has("input_usd_per_mtok") {
        "token_offers"
    } else if has("memory_bandwidth_tbs") {
        "gpus"
    } else if has("params_b") {
        "models"
    } else if has("provider") || has("price_per_gpu_hour_usd") {
        "offers"
    } else {
        return Err(vec![source
            .diagnostic(0..text.find('\n').unwrap_or(text.len()).max(1), "cannot tell what this CSV holds")
            .with_help("use the header of gpus.csv (memory_bandwidth_tbs...), models.csv (params_b...) or offers.csv (provider, price_per_gpu_hour_usd...): `computecost providers --list offers --format csv` prints one")]);
    };
    let mut offers = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let at = e.position().map_or(0, |p| p.byte() as usize);
            vec![source.diagnostic(at..at + 1, format!("malformed CSV record: {e}"))]
        })?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let place = Place {
            entry: start..start + 1,
            fields: headers.iter().enumerate().map(|(i, h)| (h.to_string(), csv_field(text, start, i))).collect(),
        };
        let bad = |e: csv::Error| {
            let field = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err.field().map(|i| i as usize),
                _ => None,
            };
            let range = field.map_or(start..start + 1, |i| csv_field(text, start, i));
            let message = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => match field.and_then(|i| headers.get(i)) {
                    Some(column) => format!("column `{column}`: {}", err.kind()),
                    None => err.kind().to_string(),
                },
                _ => e.to_string(),
            };
            vec![with_suggestion(source.diagnostic(range, message))]
        };
        let one = |d: Diagnostic| vec![d];
        match table {
            "gpus" => {
                merger.merge(record.deserialize::<GpuPatch>(Some(&headers)).map_err(bad)?, &place).map_err(one)?
            }
            "models" => {
                merger.merge(record.deserialize::<ModelPatch>(Some(&headers)).map_err(bad)?, &place).map_err(one)?
            }
            "token_offers" => {
                let patch = record.deserialize::<TokenOfferPatch>(Some(&headers)).map_err(bad)?;
                merger.merge(patch, &place).map_err(one)?;
            }
            _ => {
                let patch = record.deserialize::<OfferPatch>(Some(&headers)).map_err(bad)?;
                offers.push((patch.id.clone(), start));
                merger.merge(patch, &place).map_err(one)?;
            }
        }
    }
    Ok(offers)
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

    #[test]
    fn csv_fields_are_found_past_quoted_commas() {
        let text = "a,\"b, c\",d\n";
        assert_eq!(&text[csv_field(text, 0, 2)], "d");
        assert_eq!(&text[csv_field(text, 0, 1)], "\"b, c\"");
    }
}
