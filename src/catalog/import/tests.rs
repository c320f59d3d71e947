//! Each importer on small real-shaped files (tests/data/import/README.md says which are real excerpts),
//! with prices worked by hand, and on malformed files.

use super::*;
use crate::catalog::Catalog;

const TODAY: &str = "2026-11-29";

fn opts(as_of: Option<&str>) -> Options {
    Options { as_of: as_of.map(str::to_string), today: TODAY.to_string(), ..Options::default() }
}

fn read(format: Format, path: &str, text: &str, o: &Options) -> Result<Imported, Vec<Diagnostic>> {
    let catalog = Catalog::builtin().unwrap();
    import(format, &Source::new(path, text), &catalog, o)
}

fn offer<'a>(i: &'a Imported, id: &str) -> &'a Offer {
    i.offers
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no offer {id}; have {:?}", i.offers.iter().map(|o| &o.id).collect::<Vec<_>>()))
}

fn token<'a>(i: &'a Imported, id: &str) -> &'a TokenOffer {
    i.token_offers.iter().find(|o| o.id == id).unwrap_or_else(|| {
        panic!("no token offer {id}; have {:?}", i.token_offers.iter().map(|o| &o.id).collect::<Vec<_>>())
    })
}

/// The import written as a user catalog loads back with the same entries.
fn loads_back(i: &Imported) -> Catalog {
    let mut catalog = Catalog::builtin().unwrap();
    let text = to_toml(i, "test import");
    crate::catalog::user::extend(&mut catalog, "imported.toml", &text, TODAY)
        .unwrap_or_else(|d| panic!("{}\n{text}", crate::base::diagnostic::render(&d)));
    for o in &i.offers {
        let back = catalog.offer(&o.id).expect("every imported offer loads");
        assert_eq!(back.price_per_gpu_hour_usd, o.price_per_gpu_hour_usd);
        assert_eq!(back.shapes().unwrap(), vec![o.gpus_per_instance.unwrap()]);
    }
    for t in &i.token_offers {
        let back = catalog.token_offer(&t.id).expect("every imported token offer loads");
        assert_eq!((back.input_usd_per_mtok, back.output_usd_per_mtok), (t.input_usd_per_mtok, t.output_usd_per_mtok));
    }
    catalog
}

#[test]
fn skypilot_prices_are_per_instance_hour_divided_by_the_gpus() {
    let text = include_str!("../../../tests/data/import/skypilot/nebius/vms.csv");
    let i = read(Format::Skypilot, "catalogs/v8/nebius/vms.csv", text, &opts(Some("2026-05-18"))).unwrap();
    // gpu-h100-sxm_8gpu: $23.60/h ÷ 8 = $2.95 on demand; SpotPrice $10.00 ÷ 8 = $1.25 (Nebius preemptible).
    let od = offer(&i, "nebius-gpu-h100-sxm-8gpu-128vcpu-1600gb-eu-north1-od");
    assert_eq!(od.price_per_gpu_hour_usd, Some(2.95));
    assert_eq!(
        (od.gpu.as_str(), od.gpus_per_instance, od.pricing_model.as_str()),
        ("h100-sxm-80gb", Some(8), "on_demand")
    );
    assert_eq!((od.provider.as_str(), od.kind, od.as_of.as_str()), ("Nebius", ProviderKind::Centralized, "2026-05-18"));
    assert_eq!(offer(&i, "nebius-gpu-h100-sxm-8gpu-128vcpu-1600gb-eu-north1-spot").price_per_gpu_hour_usd, Some(1.25));
    // 4 × L40S at $9.1376/h = $2.2844 per GPU-hour; B200 $44.00 ÷ 8 = $5.50.
    assert_eq!(offer(&i, "nebius-gpu-l40s-d-4gpu-128vcpu-768gb-eu-north1-od").price_per_gpu_hour_usd, Some(2.2844));
    assert_eq!(offer(&i, "nebius-gpu-b200-sxm-8gpu-160vcpu-1792gb-us-central1-od").gpu, "b200-hgx");
    assert_eq!(i.offers.len(), 13, "8 GPU rows, 5 of them with a spot price");
    assert_eq!(i.rows, 10);
    assert_eq!(i.skipped, vec![Skipped { reason: "no GPU (a CPU instance)".into(), rows: 2, examples: vec![] }]);
    loads_back(&i);
}

#[test]
fn an_unknown_gpu_is_an_error_naming_it_unless_skipped() {
    let text = include_str!("../../../tests/data/import/skypilot/lambda/vms.csv");
    let path = "catalogs/v8/lambda/vms.csv";
    let errors = read(Format::Skypilot, path, text, &opts(Some("2026-11-20"))).unwrap_err();
    let rendered = crate::base::diagnostic::render(&errors);
    assert_eq!(errors.len(), 2, "one error per unknown name: {rendered}");
    assert!(
        rendered.contains("lambda/vms.csv:3:13") && rendered.contains("GPU \"V100\" is not in the catalog"),
        "{rendered}"
    );
    assert!(rendered.contains("closest: ") && rendered.contains("--skip-unknown-gpus"), "{rendered}");
    let skip = Options { skip_unknown_gpus: true, ..opts(Some("2026-11-20")) };
    let i = read(Format::Skypilot, path, text, &skip).unwrap();
    // gpu_8x_h100_sxm5 $31.92/h ÷ 8 = $3.99 (Lambda's published H100 price); gpu_8x_b200_sxm6 $53.52 ÷ 8 = $6.69.
    assert_eq!(offer(&i, "lambda-gpu-8x-h100-sxm5-us-south-3-od").price_per_gpu_hour_usd, Some(3.99));
    assert_eq!(offer(&i, "lambda-gpu-8x-b200-sxm6-us-east-1-od").price_per_gpu_hour_usd, Some(6.69));
    let unknown = i.skipped.iter().find(|s| s.reason == "GPU not in the catalog").unwrap();
    assert_eq!((unknown.rows, unknown.examples.clone()), (2, vec!["V100".to_string(), "GH200".to_string()]));
    // A user alias makes the GH200 rows count, as the GPU it names.
    let aliased = Options { gpu_aliases: vec![("GH200".into(), "h100-sxm-80gb".into())], ..skip };
    let i = read(Format::Skypilot, path, text, &aliased).unwrap();
    assert_eq!(offer(&i, "lambda-gpu-1x-gh200-us-east-1-od").price_per_gpu_hour_usd, Some(2.29));
}

#[test]
fn gpuhunt_rows_are_on_demand_or_spot_by_their_flag() {
    let text = include_str!("../../../tests/data/import/vastai.csv");
    let i = read(Format::Gpuhunt, "gpuhunt/vastai.csv", text, &opts(Some("2026-11-28"))).unwrap();
    // 8 × H100 at $16.136/h = $2.017 per GPU-hour; the spot row $12.00/h = $1.50.
    let h100 = offer(&i, "vast-ai-18815930-texas-us-od");
    assert_eq!((h100.price_per_gpu_hour_usd, h100.provider.as_str()), (Some(2.017), "Vast.ai"));
    assert_eq!(h100.kind, ProviderKind::Marketplace);
    assert_eq!(offer(&i, "vast-ai-18815930-texas-us-spot").price_per_gpu_hour_usd, Some(1.5));
    // gpu_memory 80 GB makes an A100 the 80 GB part.
    assert_eq!(offer(&i, "vast-ai-20233815-oslo-no-od").gpu, "a100-sxm-80gb");
    assert_eq!(offer(&i, "vast-ai-12044061-quebec-ca-spot").price_per_gpu_hour_usd, Some(0.3017));
    assert_eq!(i.offers.len(), 5);
    loads_back(&i);
}

#[test]
fn openrouter_prices_are_strings_in_usd_per_token() {
    let text = include_str!("../../../tests/data/import/openrouter-models.json");
    let i = read(Format::Openrouter, "models.json", text, &opts(Some("2026-11-29"))).unwrap();
    // "0.00000013" USD per token × 10⁶ = $0.13 per million input tokens; "0.0000004" = $0.40 output.
    let llama = token(&i, "openrouter-meta-llama-llama-3-3-70b-instruct");
    assert_eq!((llama.input_usd_per_mtok, llama.output_usd_per_mtok), (0.13, 0.4));
    assert_eq!((llama.catalog_model.as_str(), llama.provider.as_str()), ("llama-3-70b", "OpenRouter"));
    let deepseek = token(&i, "openrouter-deepseek-deepseek-chat-v3-0324");
    assert_eq!((deepseek.catalog_model.as_str(), deepseek.cached_input_usd_per_mtok), ("deepseek-v3", Some(0.125)));
    let reasons: Vec<(&str, usize)> = i.skipped.iter().map(|s| (s.reason.as_str(), s.rows)).collect();
    assert_eq!(reasons, vec![("model not in the catalog", 1), ("a price that varies by request (-1)", 1)]);
    loads_back(&i);
}

#[test]
fn litellm_reads_chat_models_with_their_providers() {
    let text = include_str!("../../../tests/data/import/litellm-prices.json");
    let i = read(Format::Litellm, "model_prices_and_context_window.json", text, &opts(Some("2026-11-29"))).unwrap();
    // 8.8e-07 USD per token = $0.88 per million (Together's Llama 3.3 70B Turbo).
    let together = token(&i, "litellm-together-ai-meta-llama-llama-3-3-70b-instruct-turbo");
    assert_eq!((together.input_usd_per_mtok, together.output_usd_per_mtok), (0.88, 0.88));
    assert_eq!((together.provider.as_str(), together.catalog_model.as_str()), ("Together AI", "llama-3-70b"));
    assert_eq!(token(&i, "litellm-deepinfra-meta-llama-meta-llama-3-1-405b-instruct").catalog_model, "llama-3.1-405b");
    assert_eq!(i.rows, 4, "sample_spec is not a model");
    loads_back(&i);
}

#[test]
fn focus_bills_give_the_effective_prices_paid() {
    let text = include_str!("../../../tests/data/import/focus-bill.csv");
    let i = read(Format::Focus, "focus-bill.csv", text, &opts(None)).unwrap();
    // Two halves of October: 2 × $11,491.20 over 2 × 360 h × 8 GPUs = $22,982.40 / 5,760 = $3.99 per GPU-hour.
    let od = offer(&i, "focus-lambda-gpu-8x-h100-sxm5-us-south-3-standard");
    assert_eq!((od.price_per_gpu_hour_usd, od.pricing_model.as_str()), (Some(3.99), "on_demand"));
    // The charge period ends (exclusively) at 2026-11-01T00:00Z: the last day billed is 2026-10-31.
    assert_eq!(od.as_of, "2026-10-31");
    // Committed: EffectiveCost $14,880 over 744 h × 8 GPUs = $2.50 (the amortised commitment, not BilledCost 0).
    let committed = offer(&i, "focus-lambda-gpu-8x-h100-sxm5-us-east-1-committed");
    assert_eq!((committed.price_per_gpu_hour_usd, committed.pricing_model.as_str()), (Some(2.5), "committed"));
    // Tokens: $1,040 for 8,000 × 10⁶ input tokens = $0.13 per million; $640 for 2,000 × 10⁶ output = $0.32.
    let t = token(&i, "focus-deepinfra-meta-llama-llama-3-3-70b-instruct");
    assert_eq!((t.input_usd_per_mtok, t.output_usd_per_mtok, t.catalog_model.as_str()), (0.13, 0.32, "llama-3-70b"));
    let reasons: Vec<&str> = i.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons,
        vec![
            "neither GPU-hours nor tokens (no GPU model and count in SkuPriceDetails)",
            "not usage (purchases, taxes, credits, adjustments)"
        ]
    );
    loads_back(&i);
    // The FOCUS specification's own per-token example reads, and its fictional model is skipped.
    let spec = include_str!("../../../tests/data/import/focus-spec-per-token.csv");
    let i = read(Format::Focus, "per_token_foundation_model_api.csv", spec, &opts(None)).unwrap();
    assert!(i.offers.is_empty() && i.token_offers.is_empty());
    assert_eq!(i.skipped[0].examples, vec!["solora-saturn-4.8".to_string()]);
}

#[test]
fn malformed_files_are_refused_at_their_line_and_column() {
    let cases: [(Format, &str, &str, &str, &str); 6] = [
        (
            Format::Skypilot,
            "x/vms.csv",
            include_str!("../../../tests/data/import/bad/price-not-a-number.csv"),
            "x/vms.csv:3:50",
            "`Price` must be a number, found \"twenty-eight\"",
        ),
        (
            Format::Skypilot,
            "x/vms.csv",
            include_str!("../../../tests/data/import/bad/not-skypilot.csv"),
            "x/vms.csv:1:1",
            "this is not a SkyPilot vms.csv: no column InstanceType, AcceleratorName",
        ),
        (
            Format::Focus,
            "eur.csv",
            include_str!("../../../tests/data/import/bad/euro-bill.csv"),
            "eur.csv:2:1",
            "prices are in USD; this row is billed in EUR",
        ),
        (
            Format::Openrouter,
            "m.json",
            include_str!("../../../tests/data/import/bad/truncated.json"),
            "m.json:3:99",
            "not valid JSON: EOF while parsing",
        ),
        (
            Format::Openrouter,
            "m.json",
            include_str!("../../../tests/data/import/bad/price-string.json"),
            "m.json:3:12",
            "model \"meta-llama/llama-3.3-70b-instruct\": `prompt` must be a price in USD per token, found \"free\"",
        ),
        (Format::Litellm, "l.json", "[1, 2]", "l.json:1:1", "this is not a LiteLLM price file"),
    ];
    for (format, path, text, at, want) in cases {
        let errors = read(format, path, text, &opts(Some("2026-11-29"))).unwrap_err();
        let rendered = crate::base::diagnostic::render(&errors);
        let located = rendered.contains(&format!("--> {at}\n"));
        assert!(located && rendered.contains(want), "{format:?} {path}: want {at} {want}\ngot {rendered}");
    }
}

#[test]
fn undated_formats_need_an_as_of_no_later_than_today() {
    let text = include_str!("../../../tests/data/import/vastai.csv");
    for (as_of, want) in [
        (None, "has no date, and every price needs one"),
        (Some("2026-13-01"), "--as-of must be a date YYYY-MM-DD"),
        (Some("2026-12-01"), "--as-of 2026-12-01 is after today, 2026-11-29"),
    ] {
        let errors = read(Format::Gpuhunt, "vastai.csv", text, &opts(as_of)).unwrap_err();
        let rendered = crate::base::diagnostic::render(&errors);
        assert!(rendered.contains(want), "{as_of:?}: {rendered}");
    }
}

#[test]
fn ids_are_slugs_and_stay_unique() {
    assert_eq!(slug(&["Vast.ai", "12044061", "Quebec, CA", "od"]), "vast-ai-12044061-quebec-ca-od");
    assert_eq!(slug(&["", "--a__b--", "c"]), "a-b-c");
    let mut i = Imported::default();
    let t = token_lists::token_offer;
    let ctx_catalog = Catalog::builtin().unwrap();
    let source = Source::new("x", "");
    let o = opts(Some("2026-11-29"));
    let ctx =
        Context { source: &source, catalog: &ctx_catalog, opts: &o, as_of: "2026-11-29".into(), cite: "c".into() };
    for _ in 0..3 {
        i.token_offers.push(t(
            &ctx,
            "same".into(),
            ("P", ProviderKind::Centralized),
            "m",
            "llama-3-70b".into(),
            (1.0, 2.0, None),
        ));
    }
    dedupe_ids(&mut i);
    let ids: Vec<&str> = i.token_offers.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, vec!["same", "same-2", "same-3"]);
}

#[test]
fn focus_usage_at_no_effective_cost_is_skipped_not_written() {
    // A month of H100 hours fully covered by credits: EffectiveCost 0 gives no price to learn, and an offer at
    // $0 would be refused by --catalog, so the group is skipped and counted.
    let text = "ChargeCategory,ChargePeriodEnd,EffectiveCost,PricingQuantity,PricingUnit,ServiceProviderName,SkuId,SkuPriceDetails\n\
                Usage,2026-11-01T00:00:00Z,0.00,720,Hours,Lambda,gpu_8x_h100_sxm5,\"{\"\"GpuModel\"\":\"\"H100\"\",\"\"GpuCount\"\":8}\"\n";
    let i = read(Format::Focus, "credits.csv", text, &opts(None)).unwrap();
    assert!(i.offers.is_empty());
    assert_eq!(i.skipped[0].reason, "GPU usage at no positive effective cost");
}

#[test]
fn prices_the_catalog_would_refuse_are_refused_at_import() {
    // $1e308 an instance-hour was written as `inf` (1.25e307 × 10⁶ overflowed the rounding) into a catalog
    // that --catalog then refused; now the cell is named, and nothing is returned.
    let huge = "InstanceType,AcceleratorName,AcceleratorCount,Region,Price\nx,H100,8,r,1e308\nz,H100,1e9,r,5\n";
    let errors = read(Format::Skypilot, "c/vms.csv", huge, &opts(Some("2026-11-01"))).unwrap_err();
    let rendered = crate::base::diagnostic::render(&errors);
    assert!(
        rendered.contains("--> c/vms.csv:2:12") && rendered.contains("gives 1.25e307 for `price_per_gpu_hour`"),
        "{rendered}"
    );
    assert!(rendered.contains("--> c/vms.csv:3:8") && rendered.contains("must be at most 10,000 GPUs"), "{rendered}");
    // $0.002 a token is $2,000 per million, above the $1,000 limit of input_usd_per_mtok.
    let dear = r#"{"data": [{"id": "meta-llama/llama-3.3-70b-instruct", "pricing": {"prompt": "0.002", "completion": "0.0000004"}}]}"#;
    let errors = read(Format::Openrouter, "m.json", dear, &opts(Some("2026-11-01"))).unwrap_err();
    let rendered = crate::base::diagnostic::render(&errors);
    assert!(rendered.contains("`prompt` × 10⁶ gives 2,000 for `input_usd_per_mtok`"), "{rendered}");
    // A FOCUS group has no single cell: it is skipped and counted.
    let bill = "ChargeCategory,ChargePeriodEnd,EffectiveCost,PricingQuantity,PricingUnit,ServiceProviderName,SkuId,SkuPriceDetails\n\
                Usage,2026-11-01T00:00:00Z,1e12,1,Hours,Lambda,gpu_8x_h100_sxm5,\"{\"\"GpuModel\"\":\"\"H100\"\",\"\"GpuCount\"\":8}\"\n";
    let i = read(Format::Focus, "bill.csv", bill, &opts(None)).unwrap();
    assert!(i.offers.is_empty());
    assert_eq!(i.skipped[0].reason, "an effective price above the catalog's limit");
}
