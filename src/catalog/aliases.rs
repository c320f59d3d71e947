//! The names price data gives GPUs, models and providers, mapped to catalog ids and display names: one
//! table each, shared by every importer (`computecost prices import`).

use super::{Catalog, ProviderKind};

/// GPU names as price lists write them (lower case, letters and digits only, vendor words dropped), with
/// the catalog GPU each means. `A100` without a memory size is the 40 GB part unless the row says 80 GB;
/// `H100` is the SXM part unless the instance name says PCIe (SkyPilot and gpuhunt name both `H100`).
const GPU_ALIASES: &[(&str, &str)] = &[
    ("h100", "h100-sxm-80gb"),
    ("h100sxm", "h100-sxm-80gb"),
    ("h100sxm5", "h100-sxm-80gb"),
    ("h100mega", "h100-sxm-80gb"),
    ("h10080gb", "h100-sxm-80gb"),
    ("h10080gbhbm3", "h100-sxm-80gb"),
    ("h100sxm580gb", "h100-sxm-80gb"),
    ("h100pcie", "h100-pcie-80gb"),
    ("h100pcie80gb", "h100-pcie-80gb"),
    ("h200", "h200-sxm-141gb"),
    ("h200sxm", "h200-sxm-141gb"),
    ("h200141gb", "h200-sxm-141gb"),
    ("h200sxm141gb", "h200-sxm-141gb"),
    ("a100", "a100-sxm-40gb"),
    ("a10040gb", "a100-sxm-40gb"),
    ("a100sxm440gb", "a100-sxm-40gb"),
    ("a10080gb", "a100-sxm-80gb"),
    ("a100sxm480gb", "a100-sxm-80gb"),
    ("a100sxm80gb", "a100-sxm-80gb"),
    ("l40s", "l40s"),
    ("l40s48gb", "l40s"),
    ("a10g", "a10g"),
    ("l4", "l4"),
    ("rtx4090", "rtx-4090"),
    ("4090", "rtx-4090"),
    ("rtx3090", "rtx-3090"),
    ("3090", "rtx-3090"),
    ("mi300x", "mi300x"),
    ("b200", "b200-hgx"),
    ("b200sxm", "b200-hgx"),
    ("b200sxm6", "b200-hgx"),
    ("hgxb200", "b200-hgx"),
    ("gb200", "gb200"),
    ("gb200nvl72", "gb200"),
    ("b300", "b300-hgx"),
    ("b300sxm", "b300-hgx"),
    ("hgxb300", "b300-hgx"),
    ("gb300", "gb300"),
    ("gb300nvl72", "gb300"),
    ("h20", "h20"),
    ("h800", "h800-sxm-80gb"),
    ("h800sxm", "h800-sxm-80gb"),
    ("h80080gb", "h800-sxm-80gb"),
    ("rtxpro6000", "rtx-pro-6000"),
    ("rtxpro6000blackwell", "rtx-pro-6000"),
    ("rtxpro6000blackwellserveredition", "rtx-pro-6000"),
    ("rtxpro6000server", "rtx-pro-6000"),
];

/// Words price lists put around a GPU's name that do not change which GPU it is.
const GPU_NOISE: &[&str] = &["nvidia", "amd", "instinct", "geforce", "tesla", "gpu"];

/// Letters and digits of `s` in lower case, split at anything else.
fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_ascii_lowercase).collect()
}

/// The catalog GPU id a price list's GPU name stands for, or the closest ids when none does.
///
/// `memory_gb` (per GPU) settles the A100's size; `instance` (the instance or listing name) settles an
/// H100's form factor. A catalog id given as is (including GPUs a user catalog adds) and the user's own
/// `aliases` (`NAME=ID`, compared like the table) come first.
pub fn gpu_id(
    catalog: &Catalog,
    aliases: &[(String, String)],
    name: &str,
    memory_gb: Option<f64>,
    instance: &str,
) -> Result<String, Vec<String>> {
    if let Some(g) = catalog.gpus.iter().find(|g| g.id.eq_ignore_ascii_case(name.trim())) {
        return Ok(g.id.clone());
    }
    let key: String = tokens(name).into_iter().filter(|t| !GPU_NOISE.contains(&t.as_str())).collect();
    if let Some((_, id)) = aliases
        .iter()
        .find(|(n, _)| tokens(n).into_iter().filter(|t| !GPU_NOISE.contains(&t.as_str())).collect::<String>() == key)
    {
        return Ok(id.clone());
    }
    let pcie = tokens(instance).iter().any(|t| t.contains("pcie"));
    let found = GPU_ALIASES.iter().find(|(k, _)| *k == key).map(|(_, id)| *id).map(|id| match id {
        "a100-sxm-40gb" if memory_gb.is_some_and(|m| m >= 60.0) => "a100-sxm-80gb",
        "h100-sxm-80gb" if pcie => "h100-pcie-80gb",
        other => other,
    });
    match found {
        Some(id) if catalog.gpus.iter().any(|g| g.id == id) => Ok(id.to_string()),
        _ => Err(crate::base::text::suggest(&name.to_ascii_lowercase(), catalog.gpus.iter().map(|g| g.id.as_str()))
            .into_iter()
            .map(str::to_string)
            .collect()),
    }
}

/// Model names as price lists write them (letters and digits of the part after the last `/`, filler words
/// dropped), with the catalog model of the same architecture and size. A trailing date or revision
/// (`2507`, `0324`) is allowed after a key.
const MODEL_ALIASES: &[(&str, &str)] = &[
    ("llama38b", "llama-3-8b"),
    ("llama318b", "llama-3-8b"),
    ("llama370b", "llama-3-70b"),
    ("llama3170b", "llama-3-70b"),
    ("llama3370b", "llama-3-70b"),
    ("llama31405b", "llama-3.1-405b"),
    ("llama323b", "llama-3.2-3b"),
    ("mixtral8x7b", "mixtral-8x7b"),
    ("deepseekv3", "deepseek-v3"),
    ("qwen2572b", "qwen2.5-72b"),
    ("mistral7b", "mistral-7b"),
    ("mistral7bv01", "mistral-7b"),
    ("mistral7bv02", "mistral-7b"),
    ("mistral7bv03", "mistral-7b"),
    ("qwen3235ba22b", "qwen3-235b-a22b"),
    ("llama4maverick", "llama-4-maverick"),
    ("llama4maverick17b128e", "llama-4-maverick"),
    ("llama27b", "llama-2-7b"),
    ("llama213b", "llama-2-13b"),
    ("llama270b", "llama-2-70b"),
];

/// Words in model names that do not change the weights' architecture or size.
const MODEL_NOISE: &[&str] =
    &["meta", "instruct", "turbo", "versatile", "chat", "hf", "fp8", "bf16", "fp16", "it", "v1", "free", "latest"];

/// The catalog model a price list's model name stands for, where the alias table knows it.
pub fn model_id(catalog: &Catalog, name: &str) -> Option<String> {
    let last = name.rsplit('/').next().unwrap_or(name);
    let last = last.split(':').next().unwrap_or(last);
    if let Some(m) = catalog.models.iter().find(|m| m.id.eq_ignore_ascii_case(last)) {
        return Some(m.id.clone());
    }
    let key: String = tokens(last).into_iter().filter(|t| !MODEL_NOISE.contains(&t.as_str())).collect();
    MODEL_ALIASES
        .iter()
        .filter(|(k, _)| key.strip_prefix(k).is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit())))
        .max_by_key(|(k, _)| k.len())
        .map(|(_, id)| id.to_string())
        .filter(|id| catalog.models.iter().any(|m| m.id == *id))
}

/// A model name reduced to its release: the part after the last `/` and before a `:`, its letters and
/// digits without the filler words of [`MODEL_NOISE`] (`meta.llama3-70b-instruct-v1:0` → `llama370b`).
fn release_key(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    let last = last.split(':').next().unwrap_or(last);
    tokens(last).into_iter().filter(|t| !MODEL_NOISE.contains(&t.as_str())).collect()
}

/// Whether two model names name the same release: equal once reduced by `release_key`, or one the other
/// followed by digits only (a context length or a date: `llama3-70b-8192`). Llama 3 70B and Llama 3.3
/// 70B are different releases of one architecture: the alias table maps both to one catalog model for
/// sizing, but a reader must be told they are different models.
pub fn same_model(a: &str, b: &str) -> bool {
    let (a, b) = (release_key(a), release_key(b));
    let extends = |long: &str, short: &str| {
        long.strip_prefix(short).is_some_and(|rest| !short.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
    };
    a == b || extends(&a, &b) || extends(&b, &a)
}

/// Provider names and kinds by the short names price files use (SkyPilot's cloud folders, gpuhunt's file
/// names, LiteLLM's `litellm_provider`). The kinds are the catalog's own for the same provider.
const PROVIDERS: &[(&str, &str, ProviderKind)] = &[
    ("aws", "AWS", ProviderKind::Centralized),
    ("gcp", "GCP", ProviderKind::Centralized),
    ("azure", "Azure", ProviderKind::Centralized),
    ("lambda", "Lambda", ProviderKind::Centralized),
    ("lambdalabs", "Lambda", ProviderKind::Centralized),
    ("coreweave", "CoreWeave", ProviderKind::Centralized),
    ("nebius", "Nebius", ProviderKind::Centralized),
    ("oci", "Oracle Cloud (OCI)", ProviderKind::Centralized),
    ("runpod", "RunPod", ProviderKind::Marketplace),
    ("vast", "Vast.ai", ProviderKind::Marketplace),
    ("vastai", "Vast.ai", ProviderKind::Marketplace),
    ("tensordock", "TensorDock", ProviderKind::Marketplace),
    ("hyperbolic", "Hyperbolic", ProviderKind::Decentralized),
    ("akash", "Akash Network", ProviderKind::Decentralized),
    ("ionet", "io.net", ProviderKind::Decentralized),
    ("together_ai", "Together AI", ProviderKind::Centralized),
    ("deepinfra", "DeepInfra", ProviderKind::Centralized),
    ("fireworks_ai", "Fireworks AI", ProviderKind::Centralized),
    ("groq", "Groq", ProviderKind::Centralized),
    ("bedrock", "AWS Bedrock", ProviderKind::Centralized),
    ("bedrock_converse", "AWS Bedrock", ProviderKind::Centralized),
    ("cerebras", "Cerebras", ProviderKind::Centralized),
    ("sambanova", "SambaNova Cloud", ProviderKind::Centralized),
    ("openrouter", "OpenRouter", ProviderKind::Marketplace),
];

/// The display name and kind of a provider's short name; unknown names are kept as written, as a
/// centralized provider (a cloud), which `--provider` and `--kind` override.
pub fn provider(short: &str) -> (String, ProviderKind) {
    let key = short.trim().to_ascii_lowercase().replace(['-', '.', ' '], "");
    PROVIDERS
        .iter()
        .find(|(k, _, _)| k.replace('_', "") == key.replace('_', ""))
        .map_or((short.trim().to_string(), ProviderKind::Centralized), |(_, name, kind)| (name.to_string(), *kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::builtin().unwrap()
    }

    #[test]
    fn every_alias_names_a_catalog_gpu_or_model() {
        let c = catalog();
        for (_, id) in GPU_ALIASES {
            assert!(c.gpu(id).is_some(), "GPU alias to unknown {id}");
        }
        for (_, id) in MODEL_ALIASES {
            assert!(c.model(id).is_some(), "model alias to unknown {id}");
        }
    }

    #[test]
    fn gpu_names_from_price_files_map_to_catalog_ids() {
        let c = catalog();
        let id = |name: &str, mem: Option<f64>, inst: &str| gpu_id(&c, &[], name, mem, inst);
        assert_eq!(id("H100", Some(80.0), "gpu-h100-sxm_8gpu").unwrap(), "h100-sxm-80gb");
        assert_eq!(id("H100", Some(80.0), "gpu_1x_h100_pcie").unwrap(), "h100-pcie-80gb");
        assert_eq!(id("NVIDIA H100 80GB HBM3", None, "").unwrap(), "h100-sxm-80gb");
        assert_eq!(id("A100", Some(40.0), "").unwrap(), "a100-sxm-40gb");
        assert_eq!(id("A100", Some(80.0), "").unwrap(), "a100-sxm-80gb");
        assert_eq!(id("A100-80GB", None, "").unwrap(), "a100-sxm-80gb");
        assert_eq!(id("RTX4090", None, "").unwrap(), "rtx-4090");
        assert_eq!(id("MI300X", None, "").unwrap(), "mi300x");
        assert_eq!(id("b200-hgx", None, "").unwrap(), "b200-hgx");
        let closest = id("V100", None, "").unwrap_err();
        assert!(!closest.is_empty(), "an unknown GPU names the closest ids");
        let aliased = gpu_id(&c, &[("A6000".into(), "l40s".into())], "RTX A6000", None, "");
        assert!(aliased.is_err(), "a user alias matches the name's words exactly");
        assert_eq!(gpu_id(&c, &[("A6000".into(), "l40s".into())], "A6000", None, "").unwrap(), "l40s");
    }

    #[test]
    fn model_names_from_price_lists_map_to_catalog_models() {
        let c = catalog();
        let m = |n: &str| model_id(&c, n);
        assert_eq!(m("meta-llama/llama-3.3-70b-instruct").as_deref(), Some("llama-3-70b"));
        // One architecture for sizing, but different releases for a reader.
        assert!(!same_model("meta-llama/Llama-3.3-70B-Instruct", "llama-3-70b"));
        assert!(!same_model("Llama-3.1-70B-Instruct-Turbo (FP8)", "llama-3-70b"));
        assert!(same_model("Meta-Llama-3-70B-Instruct", "llama-3-70b"));
        assert!(same_model("meta.llama3-70b-instruct-v1:0", "llama-3-70b"));
        assert!(same_model("llama3-70b-8192", "llama-3-70b"));
        assert!(!same_model("llama-3-8b", "llama-3-70b"));
        assert_eq!(m("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo").as_deref(), Some("llama-3-70b"));
        assert_eq!(m("bedrock/meta.llama3-1-405b-instruct-v1:0").as_deref(), Some("llama-3.1-405b"));
        assert_eq!(m("groq/llama-3.1-8b-instant"), None, "an unknown suffix is not guessed away");
        assert_eq!(m("deepseek/deepseek-v3-0324").as_deref(), Some("deepseek-v3"));
        assert_eq!(m("qwen/qwen3-235b-a22b-2507").as_deref(), Some("qwen3-235b-a22b"));
        assert_eq!(m("openai/gpt-4o"), None);
        assert_eq!(m("deepseek-ai/DeepSeek-R1-Distill-Llama-70B"), None);
    }

    #[test]
    fn provider_short_names_map_to_the_catalogs_names_and_kinds() {
        assert_eq!(provider("vastai"), ("Vast.ai".to_string(), ProviderKind::Marketplace));
        assert_eq!(provider("together_ai"), ("Together AI".to_string(), ProviderKind::Centralized));
        assert_eq!(provider("acme"), ("acme".to_string(), ProviderKind::Centralized));
    }
}
