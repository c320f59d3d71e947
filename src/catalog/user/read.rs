//! Reading a user catalog's entries from TOML tables or CSV records, each with its place in the file.

use super::Merger;
use super::patch::{GpuPatch, ModelPatch, OfferPatch, Place, TokenOfferPatch};
use crate::base::diagnostic::Diagnostic;
use crate::catalog::csv_cells::csv_field;
use serde::Deserialize;

/// Reads TOML entries into `catalog`; returns the offers it touched with where each starts.
pub(super) fn from_toml(merger: &mut Merger<'_>) -> Result<Vec<(String, usize)>, Vec<Diagnostic>> {
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
        if !["offers", "gpus", "models", "token_offers", "defaults"].contains(&table) {
            let mut d = source.diagnostic(key.span(), format!("unknown table `{table}` in a catalog file"));
            d = d.with_help(
                "a catalog file holds [[offers]], [[gpus]], [[models]], [[token_offers]] and [[defaults]] entries",
            );
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
                "defaults" => {
                    let patch = super::patch::DefaultPatch::deserialize(de).map_err(located).map_err(suggest)?;
                    merger.merge_default(patch, &place).map_err(one)?;
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

/// Reads CSV records into `catalog`; returns the offers it touched with where each starts.
pub(super) fn from_csv(merger: &mut Merger<'_>) -> Result<Vec<(String, usize)>, Vec<Diagnostic>> {
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
