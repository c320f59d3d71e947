//! `--set PATH=VALUE`: changes to a scenario made on the command line, applied to its TOML tree before the
//! scenario is read, so an override is checked exactly like the file (types, ranges, unknown keys).
//!
//! Each override is appended to the [`Source`] as its own line after the file text; its value is parsed
//! from that line, so every span, and every error, points either into the file or into the `--set`
//! argument that caused it.

use crate::base::diagnostic::{Diagnostic, Source};
use std::borrow::Cow;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The line an override adds to the source: the argument as given, or with a bare word quoted as a
/// string (`workload.model=llama-3-8b` → `workload.model="llama-3-8b"`), since TOML needs quotes there
/// and a shell makes them awkward.
pub fn as_toml_line(arg: &str) -> String {
    let Some((path, value)) = arg.split_once('=') else { return arg.to_string() };
    let value = value.trim();
    let bare = !value.is_empty()
        && value.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c))
        && value.parse::<f64>().is_err()
        && !matches!(value, "true" | "false" | "inf" | "nan" | "+inf" | "-inf" | "+nan" | "-nan")
        && value.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if bare { format!("{}=\"{value}\"", path.trim()) } else { format!("{}={value}", path.trim()) }
}

/// Moves every span in `v` (and in its keys) `by` bytes to the right.
fn shift<'i>(v: Spanned<DeValue<'i>>, by: usize) -> Spanned<DeValue<'i>> {
    let span = v.span();
    let inner = match v.into_inner() {
        DeValue::Table(t) => DeValue::Table(shift_table(t, by)),
        DeValue::Array(mut a) => {
            for item in a.iter_mut() {
                let taken = std::mem::replace(item, Spanned::new(0..0, DeValue::Boolean(false)));
                *item = shift(taken, by);
            }
            DeValue::Array(a)
        }
        other => other,
    };
    Spanned::new(span.start + by..span.end + by, inner)
}

fn shift_table(t: DeTable<'_>, by: usize) -> DeTable<'_> {
    let mut out = DeTable::new();
    for (k, v) in t {
        let span = k.span();
        out.insert(Spanned::new(span.start + by..span.end + by, k.into_inner()), shift(v, by));
    }
    out
}

fn key<'i>(name: &str) -> Spanned<Cow<'i, str>> {
    Spanned::new(0..0, Cow::Owned(name.to_string()))
}

/// One override, parsed: its path segments with their spans, and its value.
struct Parsed<'i> {
    path: Vec<(String, Range<usize>)>,
    value: Spanned<DeValue<'i>>,
}

/// Parses override `k` from its line in `source`.
fn parse_one<'i>(source: &'i Source, k: usize) -> Result<Parsed<'i>, Diagnostic> {
    let region = source.override_region(k);
    let line = &source.text[region.clone()];
    let doc = DeTable::parse(line).map_err(|e| {
        let span = e.span().unwrap_or(0..line.len());
        source.diagnostic(span.start + region.start..span.end + region.start, e.message().trim().to_string())
    })?;
    let mut table = shift_table(doc.into_inner(), region.start);
    let mut path = Vec::new();
    loop {
        let Some((k, v)) = table.into_iter().next() else {
            return Err(source.diagnostic(region, "expected PATH=VALUE"));
        };
        path.push((k.get_ref().to_string(), k.span()));
        match v.get_ref() {
            // A dotted key nests one table per segment; the leaf is the first value that is not one of
            // those (an inline table written as the value is a leaf too).
            DeValue::Table(_) if !is_inline_value(line, &v, region.start) => {
                let DeValue::Table(inner) = v.into_inner() else { unreachable!("matched a table") };
                table = inner;
            }
            _ => return Ok(Parsed { path, value: v }),
        }
    }
}

/// Whether the table `v` was written as an inline `{...}` value (its span starts at a brace) rather than
/// made by a dotted key.
fn is_inline_value(line: &str, v: &Spanned<DeValue<'_>>, offset: usize) -> bool {
    let start = v.span().start.saturating_sub(offset);
    line.get(start..).is_some_and(|s| s.starts_with('{'))
}

/// Applies every override of `source` to the file's tree `root`.
pub fn apply<'i>(source: &'i Source, mut root: DeTable<'i>) -> Result<DeTable<'i>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for k in 0..source.override_count() {
        match parse_one(source, k).and_then(|p| set(source, &mut root, p)) {
            Ok(()) => {}
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() { Ok(root) } else { Err(errors) }
}

fn set<'i>(source: &Source, root: &mut DeTable<'i>, p: Parsed<'i>) -> Result<(), Diagnostic> {
    let (first, first_span) = &p.path[0];
    let mut table: &mut DeTable<'i> = root;
    let mut rest = &p.path[..];
    if first == "providers" {
        let Some((id, id_span)) = p.path.get(1) else {
            return Err(source
                .diagnostic(first_span.clone(), "a provider override needs an id and a field")
                .with_help("write providers.<id>.<field>=VALUE, e.g. providers.ionet.price_per_gpu_hour=2.1"));
        };
        if p.path.len() < 3 {
            return Err(source
                .diagnostic(id_span.clone(), format!("`providers.{id}` needs a field"))
                .with_help(format!("write providers.{id}.<field>=VALUE, e.g. providers.{id}.price_per_gpu_hour=2.1")));
        }
        let providers = match table.get_mut(&key("providers")).map(Spanned::get_mut) {
            Some(DeValue::Array(a)) => a,
            _ => return Err(source.diagnostic(first_span.clone(), "the scenario has no [[providers]]")),
        };
        let ids: Vec<String> = providers
            .iter()
            .filter_map(|p| p.get_ref().as_table()?.get(&key("id"))?.get_ref().as_str().map(str::to_string))
            .collect();
        let Some(index) = ids.iter().position(|x| x == id) else {
            let mut d = source.diagnostic(id_span.clone(), format!("no provider `{id}` in this scenario"));
            d = match crate::base::text::suggest(id, ids.iter().map(String::as_str)).first() {
                Some(best) => d.with_help(format!("did you mean `{best}`? Providers: {}", ids.join(", "))),
                None => d.with_help(format!("providers: {}", ids.join(", "))),
            };
            return Err(d);
        };
        table = match providers.as_mut()[index].get_mut() {
            DeValue::Table(t) => t,
            _ => unreachable!("the provider was found by its table's id"),
        };
        rest = &p.path[2..];
    }
    let (leaf, parents) = rest.split_last().expect("a path has at least one segment");
    for (name, span) in parents {
        let entry = table
            .entry(Spanned::new(span.clone(), Cow::Owned(name.clone())))
            .or_insert_with(|| Spanned::new(span.clone(), DeValue::Table(DeTable::new())));
        table = match entry.get_mut() {
            DeValue::Table(t) => t,
            _ => {
                return Err(source.diagnostic(
                    span.clone(),
                    format!("`{name}` holds a value, not a table: nothing can be set inside it"),
                ));
            }
        };
    }
    let (name, span) = leaf;
    table.remove(&key(name));
    table.insert(Spanned::new(span.clone(), Cow::Owned(name.clone())), p.value);
    Ok(())
}

/// The argument's path with the key at `column` replaced by the suggestion in `help`
/// (`did you mean `x`?`): `workload.requests_per_mont` → "did you mean `workload.requests_per_month`?".
pub fn corrected_path(arg: &str, column: usize, help: &str) -> Option<String> {
    let suggestion = help.strip_prefix("did you mean `")?.strip_suffix("`?")?;
    let line = as_toml_line(arg);
    let (path, _) = line.split_once('=')?;
    let at = line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let mut start = 0;
    let mut fixed = Vec::new();
    for segment in path.split('.') {
        let end = start + segment.len();
        if (start..=end).contains(&at) {
            fixed.push(suggestion);
            let rest = line[..path.len()].get(end..).unwrap_or("");
            return Some(format!("did you mean `{}{rest}`?", fixed.join(".")));
        }
        fixed.push(segment.trim());
        start = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corrected_path_replaces_the_unknown_segment() {
        let help = "did you mean `requests_per_month`?";
        let arg = "workload.requests_per_mont=3e7";
        assert_eq!(corrected_path(arg, 10, help).as_deref(), Some("did you mean `workload.requests_per_month`?"));
        let arg = "providers.aws.verificaton.rate=0.1";
        let col = arg.find("verificaton").unwrap() + 1;
        assert_eq!(
            corrected_path(arg, col, "did you mean `verification`?").as_deref(),
            Some("did you mean `providers.aws.verification.rate`?")
        );
    }

    #[test]
    fn bare_words_become_strings_and_numbers_stay_numbers() {
        assert_eq!(as_toml_line("workload.model=llama-3-8b"), "workload.model=\"llama-3-8b\"");
        assert_eq!(as_toml_line("workload.requests_per_month=3e7"), "workload.requests_per_month=3e7");
        assert_eq!(as_toml_line("business.labor_savings=0.1"), "business.labor_savings=0.1");
        assert_eq!(as_toml_line("x.y=true"), "x.y=true");
        assert_eq!(as_toml_line("x.y={dist=\"uniform\",low=1,high=2}"), "x.y={dist=\"uniform\",low=1,high=2}");
    }
}
