//! A numeric field of a scenario: a plain number (or, from the uncertainty layer on, a distribution), with
//! the byte range it came from so that errors can point at it.
//!
//! `Deserialize` is written by hand: serde's untagged enums buffer their input and lose the span
//! (toml-rs/toml#535, #748), which would make every error point at the table header.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::ops::Range;

/// A number as written in a scenario, with its span in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value.
    pub value: f64,
    /// Byte range in the source it was read from.
    pub span: Range<usize>,
}

struct Raw(f64);

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        if v.is_finite() { Ok(Raw(v)) } else { Err(E::custom(format!("expected a finite number, found {v}"))) }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<Raw>::deserialize(d)?;
        let span = spanned.span();
        Ok(Quantity { value: spanned.into_inner().0, span })
    }
}
