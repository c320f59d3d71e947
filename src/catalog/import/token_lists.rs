//! Token price lists: OpenRouter's models API and LiteLLM's price file, both in USD per token.

use super::{Context, Imported, round6, slug};
use crate::base::diagnostic::Diagnostic;
use crate::catalog::{TokenOffer, aliases};
use serde_json::Value;

/// OpenRouter `GET /api/v1/models`: `data[].pricing.prompt`, `.completion` and `.input_cache_read`, strings
/// in USD per token (`"-1"` for a router whose price varies).
pub(super) fn openrouter(ctx: &Context) -> Result<Imported, Vec<Diagnostic>> {
    let root = parse(ctx)?;
    let Some(models) = root.get("data").and_then(Value::as_array) else {
        return Err(vec![
            ctx.source
                .diagnostic(0..1, "this is not an OpenRouter models list: no `data` array")
                .with_help("save https://openrouter.ai/api/v1/models as it comes"),
        ]);
    };
    let (provider, kind) = aliases::provider(ctx.opts.provider.as_deref().unwrap_or("openrouter"));
    let kind = ctx.opts.kind.unwrap_or(kind);
    let mut imported = Imported::default();
    let mut problems = Vec::new();
    for model in models {
        imported.rows += 1;
        let id = model.get("id").and_then(Value::as_str).unwrap_or("");
        // Where the model is written, found only for an error: a search of the whole text per model would
        // make reading a list of thousands quadratic.
        let at = || locate(ctx, id);
        let pricing = model.get("pricing");
        let price = |key: &str, field: &str| pricing.and_then(|p| p.get(key)).map(|v| per_million(v, key, field));
        let (input, output) = match (price("prompt", "input_usd_per_mtok"), price("completion", "output_usd_per_mtok"))
        {
            (Some(Ok(i)), Some(Ok(o))) => (i, o),
            (Some(Err(m)), _) | (_, Some(Err(m))) => {
                problems.push(ctx.source.diagnostic(at(), format!("model \"{id}\": {m}")));
                continue;
            }
            _ => {
                problems.push(
                    ctx.source
                        .diagnostic(at(), format!("model \"{id}\" has no `pricing.prompt` and `pricing.completion`")),
                );
                continue;
            }
        };
        if input < 0.0 || output < 0.0 {
            imported.skip("a price that varies by request (-1)", id);
            continue;
        }
        let cached = match price("input_cache_read", "cached_input_usd_per_mtok") {
            Some(Ok(c)) if c >= 0.0 => Some(c),
            Some(Err(m)) => {
                problems.push(ctx.source.diagnostic(at(), format!("model \"{id}\": {m}")));
                continue;
            }
            _ => None,
        };
        let names = [model.get("hugging_face_id").and_then(Value::as_str).unwrap_or(""), id];
        let Some(catalog_model) =
            names.iter().filter(|n| !n.is_empty()).find_map(|n| aliases::model_id(ctx.catalog, n))
        else {
            imported.skip("model not in the catalog", id);
            continue;
        };
        imported.token_offers.push(token_offer(
            ctx,
            slug(&["openrouter", id]),
            (&provider, kind),
            id,
            catalog_model,
            (input, output, cached),
        ));
    }
    if problems.is_empty() { Ok(imported) } else { Err(problems) }
}

/// LiteLLM's `model_prices_and_context_window.json`: per model key, `input_cost_per_token`,
/// `output_cost_per_token` and `cache_read_input_token_cost` in USD per token, the provider in
/// `litellm_provider`. Only chat and completion models are read.
pub(super) fn litellm(ctx: &Context) -> Result<Imported, Vec<Diagnostic>> {
    let root = parse(ctx)?;
    let Some(models) = root.as_object() else {
        return Err(vec![ctx.source.diagnostic(0..1, "this is not a LiteLLM price file: not a JSON object of models")]);
    };
    let mut imported = Imported::default();
    let mut problems = Vec::new();
    for (key, model) in models.iter().filter(|(k, _)| k.as_str() != "sample_spec") {
        imported.rows += 1;
        let at = || locate(ctx, key);
        let mode = model.get("mode").and_then(Value::as_str).unwrap_or("chat");
        if mode != "chat" && mode != "completion" {
            imported.skip("not a chat or completion model", key);
            continue;
        }
        let price = |name: &str, field: &str| model.get(name).map(|v| per_million(v, name, field));
        let (input, output) = match (
            price("input_cost_per_token", "input_usd_per_mtok"),
            price("output_cost_per_token", "output_usd_per_mtok"),
        ) {
            (Some(Ok(i)), Some(Ok(o))) => (i, o),
            (Some(Err(m)), _) | (_, Some(Err(m))) => {
                problems.push(ctx.source.diagnostic(at(), format!("model \"{key}\": {m}")));
                continue;
            }
            _ => {
                imported.skip("no token prices", key);
                continue;
            }
        };
        if input < 0.0 || output < 0.0 {
            problems.push(ctx.source.diagnostic(at(), format!("model \"{key}\": a token price is negative")));
            continue;
        }
        let cached = match price("cache_read_input_token_cost", "cached_input_usd_per_mtok") {
            Some(Ok(c)) if c >= 0.0 => Some(c),
            Some(Err(m)) => {
                problems.push(ctx.source.diagnostic(at(), format!("model \"{key}\": {m}")));
                continue;
            }
            _ => None,
        };
        let Some(catalog_model) = aliases::model_id(ctx.catalog, key) else {
            imported.skip("model not in the catalog", key);
            continue;
        };
        let short = model.get("litellm_provider").and_then(Value::as_str).unwrap_or("");
        let (name, kind) = aliases::provider(ctx.opts.provider.as_deref().unwrap_or(short));
        let kind = ctx.opts.kind.unwrap_or(kind);
        let model_name = key.rsplit_once('/').map_or(key.as_str(), |(_, m)| m);
        imported.token_offers.push(token_offer(
            ctx,
            slug(&["litellm", key]),
            (&name, kind),
            model_name,
            catalog_model,
            (input, output, cached),
        ));
    }
    if problems.is_empty() { Ok(imported) } else { Err(problems) }
}

/// The file as JSON; a syntax error is located at its line and column.
fn parse(ctx: &Context) -> Result<Value, Vec<Diagnostic>> {
    serde_json::from_str(&ctx.source.text).map_err(|e| {
        let at = offset_of(&ctx.source.text, e.line(), e.column());
        vec![ctx.source.diagnostic(at..at + 1, format!("not valid JSON: {e}"))]
    })
}

/// Byte offset of 1-based `line` and `column` (serde_json's position), clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(text.len().saturating_sub(1))
}

/// Where the model named `id` is written (its first quoted occurrence), for errors about it.
fn locate(ctx: &Context, id: &str) -> std::ops::Range<usize> {
    let quoted = format!("\"{id}\"");
    match ctx.source.text.find(&quoted) {
        Some(at) if !id.is_empty() => at..at + quoted.len(),
        _ => 0..1,
    }
}

/// A per-token price (a JSON number or a numeric string) in USD per million tokens, within the limit of the
/// catalog's `field`.
fn per_million(value: &Value, key: &str, field: &str) -> Result<f64, String> {
    let x = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match x {
        Some(x) if x.is_finite() => {
            super::within_limit(field, x * 1e6).map(round6).map_err(|why| format!("`{key}` × 10⁶ {why}"))
        }
        _ => Err(format!("`{key}` must be a price in USD per token, found {value}")),
    }
}

/// A token offer with the fields every importer fills the same way.
pub(super) fn token_offer(
    ctx: &Context,
    id: String,
    provider: (&str, crate::catalog::ProviderKind),
    model: &str,
    catalog_model: String,
    (input, output, cached): (f64, f64, Option<f64>),
) -> TokenOffer {
    TokenOffer {
        id,
        provider: provider.0.to_string(),
        kind: provider.1,
        model: model.to_string(),
        input_usd_per_mtok: input,
        output_usd_per_mtok: output,
        cached_input_usd_per_mtok: cached,
        source: ctx.cite.clone(),
        as_of: ctx.as_of.clone(),
        note: "USD per token × 1,000,000".to_string(),
        catalog_model,
        ttft_ms: None,
        output_tokens_per_s: None,
        speed_source: String::new(),
        speed_as_of: String::new(),
        origin: String::new(),
    }
}
