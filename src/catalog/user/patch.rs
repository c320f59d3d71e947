//! The entry types of a user catalog: every field optional, so one entry can override a single figure,
//! with what each checks once merged.

use super::super::{Catalog, Gpu, Model, Offer, ProviderKind, TokenOffer};
use crate::model::fields::Check;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::ops::Range;

/// Where an entry and each of its fields are in the file (byte ranges).
pub(super) struct Place {
    /// The entry as a whole (a TOML table, a CSV record).
    pub(super) entry: Range<usize>,
    /// Each field given, by name: its value.
    pub(super) fields: Vec<(String, Range<usize>)>,
}

impl Place {
    /// The range of `field`'s value, or the entry's start when the field is not given.
    pub(super) fn of(&self, field: &str) -> Range<usize> {
        self.fields.iter().find(|(k, _)| k == field).map_or(self.entry.start..self.entry.start + 1, |(_, r)| r.clone())
    }
}

/// An entry of a user catalog: every field optional, so one can override a single price.
pub(super) trait Patch: DeserializeOwned {
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
clean_as_is!(f64, u32, bool, ProviderKind);

/// Declares a patch type for a catalog entry type: `required` fields must be given for a new id, `defaulted`
/// fields default to empty or zero, `optional` fields are `Option`s in the entry too.
macro_rules! patch {
    ($patch:ident, $entry:ident, $table:literal, $vec:ident,
     required: [$($req:ident: $rt:ty),*], defaulted: [$($txt:ident: $tt:ty),*], optional: [$($opt:ident: $ot:ty),*],
     numbers: $numbers:expr, relation: $relation:expr) => {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct $patch {
            pub(super) id: String,
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
defaulted: [instance_type: String, pricing_model: String, region: String, note: String, shapes_source: String,
           newest_available: String],
optional: [gpus_per_instance: u32, price_per_gpu_hour_usd: f64, price_low_usd: f64, price_high_usd: f64,
           egress_usd_per_gb: f64, storage_usd_per_gb_month: f64, capacity_gpus: f64, instance_shapes: String,
           instances_linked: bool],
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
    _ if o.shapes().is_err() => Some(("instance_shapes", o.shapes().err().unwrap_or_default())),
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
optional: [experts: u32, experts_per_token: u32],
numbers: |m| vec![
    ("params_b", Some(m.params_b), Check::Positive),
    ("active_params_b", Some(m.active_params_b), Check::Positive),
    ("context_length", Some(f64::from(m.context_length)), Check::AtLeastOne),
    ("kv_bytes_per_token_bf16", Some(m.kv_bytes_per_token_bf16), Check::Positive),
    ("experts", m.experts.map(f64::from), Check::AtLeastOne),
    ("experts_per_token", m.experts_per_token.map(f64::from), Check::AtLeastOne),
],
relation: |m| match (m.experts, m.experts_per_token) {
    _ if m.active_params_b > m.params_b => Some((
        "active_params_b",
        format!("`active_params_b` ({}) is above `params_b` ({}): a token uses at most every parameter", m.active_params_b, m.params_b),
    )),
    (Some(e), Some(k)) if k > e => Some((
        "experts_per_token",
        format!("`experts_per_token` ({k}) is above `experts` ({e}): a token is routed to some of the experts"),
    )),
    (Some(_), None) | (None, Some(_)) => Some((
        if m.experts.is_some() { "experts" } else { "experts_per_token" },
        "a mixture of experts needs both `experts` and `experts_per_token`".to_string(),
    )),
    _ => None,
});

patch!(TokenOfferPatch, TokenOffer, "token_offers", token_offers,
    required: [provider: String, kind: ProviderKind, model: String, catalog_model: String, input_usd_per_mtok: f64,
               output_usd_per_mtok: f64, source: String, as_of: String],
    defaulted: [note: String, speed_source: String, speed_as_of: String],
    optional: [cached_input_usd_per_mtok: f64, ttft_ms: f64, output_tokens_per_s: f64],
    numbers: |t| vec![
        ("input_usd_per_mtok", Some(t.input_usd_per_mtok), Check::NonNegative),
        ("output_usd_per_mtok", Some(t.output_usd_per_mtok), Check::NonNegative),
        ("cached_input_usd_per_mtok", t.cached_input_usd_per_mtok, Check::NonNegative),
        ("ttft_ms", t.ttft_ms, Check::Positive),
        ("output_tokens_per_s", t.output_tokens_per_s, Check::Positive),
    ],
    relation: |_| None);

/// A `[[defaults]]` entry: the documented default `key` with the fields given overridden.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DefaultPatch {
    pub(super) key: String,
    pub(super) value: Option<f64>,
    pub(super) dist: Option<crate::base::dist::DistSpec>,
    pub(super) unit: Option<String>,
    pub(super) source: Option<String>,
    pub(super) as_of: Option<String>,
    pub(super) thin: Option<bool>,
    pub(super) note: Option<String>,
}
