//! A numeric field of a scenario: a plain number or a distribution table, with the byte range it came from
//! so that errors can point at it.
//!
//! `Deserialize` is written by hand: serde's untagged enums buffer their input and lose the span
//! (toml-rs/toml#535, #748), which would make every error point at the table header. A distribution whose
//! parameters are wrong does not fail deserialization: it becomes [`QuantityValue::Invalid`] with the span
//! of the parameter at fault, and resolution reports it there, line and column.

use crate::base::dist::{Dist, DistSpec};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// The distribution kinds a scenario may name.
pub const DIST_KINDS: [&str; 6] = ["uniform", "triangular", "pert", "normal", "lognormal", "choice"];

/// What a numeric field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum QuantityValue {
    /// A plain number.
    Fixed(f64),
    /// An uncertain value.
    Dist(Dist),
    /// A distribution table with a problem; `span` is the part to point at (`None`: the whole table).
    Invalid {
        /// What is wrong and what was expected.
        message: String,
        /// Where, if narrower than the whole value.
        span: Option<Range<usize>>,
    },
}

/// A number or distribution as written in a scenario, with its span in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value.
    pub value: QuantityValue,
    /// Byte range in the source it was read from.
    pub span: Range<usize>,
}

struct Raw(QuantityValue);

struct RawVisitor;

fn invalid(message: impl Into<String>, span: Option<Range<usize>>) -> Raw {
    Raw(QuantityValue::Invalid { message: message.into(), span })
}

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number or a distribution such as { dist = \"uniform\", low = 1, high = 2 }")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw(QuantityValue::Fixed(v as f64)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw(QuantityValue::Fixed(v as f64)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        if v.is_finite() {
            Ok(Raw(QuantityValue::Fixed(v)))
        } else {
            Err(E::custom(format!("expected a finite number, found {v}")))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut kind: Option<Spanned<String>> = None;
        let mut numbers: BTreeMap<String, (f64, Range<usize>)> = BTreeMap::new();
        let mut lists: BTreeMap<String, (Vec<f64>, Range<usize>)> = BTreeMap::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            match key.get_ref().as_str() {
                "dist" => kind = Some(map.next_value()?),
                "values" | "weights" => {
                    let v: Spanned<Vec<f64>> = map.next_value()?;
                    lists.insert(key.get_ref().clone(), (v.get_ref().clone(), v.span()));
                }
                _ => {
                    let v: Spanned<f64> = map.next_value()?;
                    numbers.insert(key.get_ref().clone(), (*v.get_ref(), key.span().start..v.span().end));
                }
            }
        }
        Ok(build(kind, numbers, lists))
    }
}

/// The parameters each kind takes: required, then optional.
fn params_of(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "uniform" => (&["low", "high"], &[]),
        "triangular" | "pert" => (&["low", "mode", "high"], &[]),
        "normal" => (&["mean", "sd"], &["min", "max"]),
        "lognormal" => (&["p5", "p95"], &[]),
        "choice" => (&["values"], &["weights"]),
        _ => (&[], &[]),
    }
}

fn build(
    kind: Option<Spanned<String>>,
    numbers: BTreeMap<String, (f64, Range<usize>)>,
    lists: BTreeMap<String, (Vec<f64>, Range<usize>)>,
) -> Raw {
    let Some(kind) = kind else {
        return invalid(format!("a distribution table needs `dist` = one of {}", DIST_KINDS.join(", ")), None);
    };
    let name = kind.get_ref().as_str();
    if !DIST_KINDS.contains(&name) {
        let hint = crate::base::text::suggest(name, DIST_KINDS.into_iter());
        let hint = hint.first().map_or(String::new(), |h| format!(" (did you mean `{h}`?)"));
        return invalid(
            format!("unknown distribution `{name}`{hint}; expected one of {}", DIST_KINDS.join(", ")),
            Some(kind.span()),
        );
    }
    let (required, optional) = params_of(name);
    for (key, span) in numbers.iter().map(|(k, (_, s))| (k, s)).chain(lists.iter().map(|(k, (_, s))| (k, s))) {
        if !required.contains(&key.as_str()) && !optional.contains(&key.as_str()) {
            let all: Vec<&str> = required.iter().chain(optional).copied().collect();
            return invalid(
                format!("`{key}` is not a parameter of `{name}`; it takes {}", all.join(", ")),
                Some(span.clone()),
            );
        }
    }
    for key in required {
        if !numbers.contains_key(*key) && !lists.contains_key(*key) {
            return invalid(format!("`{name}` needs `{}`", required.join("`, `")), None);
        }
    }
    let n = |k: &str| numbers.get(k).map(|(v, _)| *v);
    let spec = match name {
        "uniform" => DistSpec::Uniform { low: n("low").unwrap_or_default(), high: n("high").unwrap_or_default() },
        "triangular" => DistSpec::Triangular {
            low: n("low").unwrap_or_default(),
            mode: n("mode").unwrap_or_default(),
            high: n("high").unwrap_or_default(),
        },
        "pert" => DistSpec::Pert {
            low: n("low").unwrap_or_default(),
            mode: n("mode").unwrap_or_default(),
            high: n("high").unwrap_or_default(),
        },
        "normal" => DistSpec::Normal {
            mean: n("mean").unwrap_or_default(),
            sd: n("sd").unwrap_or_default(),
            min: n("min"),
            max: n("max"),
        },
        "lognormal" => DistSpec::Lognormal { p5: n("p5").unwrap_or_default(), p95: n("p95").unwrap_or_default() },
        _ => DistSpec::Choice {
            values: lists.get("values").map(|(v, _)| v.clone()).unwrap_or_default(),
            weights: lists.get("weights").map(|(v, _)| v.clone()).unwrap_or_default(),
        },
    };
    match Dist::new(spec) {
        Ok(d) => Raw(QuantityValue::Dist(d)),
        Err(e) => {
            let span = e
                .param
                .and_then(|p| numbers.get(p).map(|(_, s)| s.clone()).or_else(|| lists.get(p).map(|(_, s)| s.clone())));
            invalid(e.message, span)
        }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Raw>::deserialize(d)?;
        let span = spanned.span();
        Ok(Quantity { value: spanned.into_inner().0, span })
    }
}

/// `batch_size`: `"auto"` (chosen per provider and trial to meet the objectives at the lowest cost) or a
/// number or distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchFile {
    /// Chosen by the model; the span of the word.
    Auto(Range<usize>),
    /// As given.
    Fixed(Quantity),
}

impl BatchFile {
    /// Where it is written.
    pub fn span(&self) -> Range<usize> {
        match self {
            BatchFile::Auto(span) => span.clone(),
            BatchFile::Fixed(q) => q.span.clone(),
        }
    }
}

enum BatchRaw {
    Auto,
    Fixed(Raw),
}

struct BatchVisitor;

impl<'de> Visitor<'de> for BatchVisitor {
    type Value = BatchRaw;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"auto\", a number or a distribution such as { dist = \"uniform\", low = 16, high = 64 }")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<BatchRaw, E> {
        if v == "auto" { Ok(BatchRaw::Auto) } else { Err(E::invalid_value(de::Unexpected::Str(v), &self)) }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<BatchRaw, E> {
        RawVisitor.visit_i64(v).map(BatchRaw::Fixed)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<BatchRaw, E> {
        RawVisitor.visit_u64(v).map(BatchRaw::Fixed)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<BatchRaw, E> {
        RawVisitor.visit_f64(v).map(BatchRaw::Fixed)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<BatchRaw, A::Error> {
        RawVisitor.visit_map(map).map(BatchRaw::Fixed)
    }
}

impl<'de> Deserialize<'de> for BatchRaw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BatchVisitor)
    }
}

impl<'de> Deserialize<'de> for BatchFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<BatchRaw>::deserialize(d)?;
        let span = spanned.span();
        Ok(match spanned.into_inner() {
            BatchRaw::Auto => BatchFile::Auto(span),
            BatchRaw::Fixed(raw) => BatchFile::Fixed(Quantity { value: raw.0, span }),
        })
    }
}
