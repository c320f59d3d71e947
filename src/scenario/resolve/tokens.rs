//! `[[providers]]` priced per token: a serverless API's prices (inline or from the token catalog),
//! latency and rate limit. docs/MODEL.md, "Token APIs".

use super::{Resolver, one_of};
use crate::base::text::suggest;
use crate::catalog::TokenOffer;
use crate::model::{Fees, Pricing, ProviderInputs, Terms, TokenTerms, WorkloadKind};
use crate::scenario::file::ProviderFile;
use crate::scenario::quantity::Quantity;
use crate::scenario::{Origin, Param, Provider};

impl Resolver<'_> {
    /// A provider priced per token; `model` is the workload's catalog model.
    pub(super) fn token_provider(
        &mut self,
        p: &ProviderFile,
        id: &str,
        workload: WorkloadKind,
        model: Option<&str>,
    ) -> Option<Provider> {
        let at = p.pricing.as_ref().map(|s| s.span()).or(p.offer.as_ref().map(|o| o.span())).unwrap_or(p.id.span());
        if workload != WorkloadKind::Inference {
            self.error(
                at,
                format!(
                    "provider `{id}` is priced per token, but a {} workload is not served by a token API",
                    workload.as_str()
                ),
            )
            .help = Some(
                "token APIs price inference; use GPU offers (`computecost providers`) for training or GPU-hours".into(),
            );
            return None;
        }
        let offer = match &p.offer {
            None => None,
            Some(o) => match self.catalog.token_offer(o.get_ref()) {
                Some(t) => Some(t.clone()),
                None => {
                    let hint = suggest(o.get_ref(), self.catalog.token_offers.iter().map(|x| x.id.as_str()));
                    let help = match one_of(&hint) {
                        Some(h) => format!("did you mean {h}? (`computecost providers --list tokens` lists them)"),
                        None => "`computecost providers --list tokens` lists the token APIs".to_string(),
                    };
                    self.error(o.span(), format!("unknown token API offer `{}`", o.get_ref())).help = Some(help);
                    return None;
                }
            },
        };
        if let (Some(o), Some(m)) = (&offer, model)
            && o.catalog_model != m
        {
            let span = p.offer.as_ref().map_or(at.clone(), |s| s.span());
            self.error(
                span,
                format!(
                    "token API `{}` serves {} ({}), but the workload's model is `{m}`",
                    o.id, o.model, o.catalog_model
                ),
            )
            .help = Some(format!("`computecost providers --list tokens` lists the APIs serving `{m}`"));
            return None;
        }
        self.refuse_terms(p, Pricing::PerToken);
        let kind = self.provider_kind(p, id, offer.as_ref().map(|o| o.kind))?;
        let price = |r: &mut Self, name: &'static str, q: Option<&Quantity>, usd: Option<f64>| -> Option<Param> {
            match (q, &offer) {
                (Some(q), _) => Some(r.checked(name, q)),
                (None, Some(o)) => usd.map(|v| r.token_param(o, name, v)),
                (None, None) => None,
            }
        };
        let input = price(
            self,
            "input_usd_per_mtok",
            p.input_usd_per_mtok.as_ref(),
            offer.as_ref().map(|o| o.input_usd_per_mtok),
        );
        let output = price(
            self,
            "output_usd_per_mtok",
            p.output_usd_per_mtok.as_ref(),
            offer.as_ref().map(|o| o.output_usd_per_mtok),
        );
        let cached = price(
            self,
            "cached_input_usd_per_mtok",
            p.cached_input_usd_per_mtok.as_ref(),
            offer.as_ref().and_then(|o| o.cached_input_usd_per_mtok),
        );
        let (Some(input), Some(output)) = (input, output) else {
            self.error(p.id.span(), format!("provider `{id}` is priced per token but has no token prices")).help = Some(
                "give `input_usd_per_mtok` and `output_usd_per_mtok`, or a token API `offer` (`computecost providers --list tokens`)".into(),
            );
            return None;
        };
        let size = self.size_class(model.or(offer.as_ref().map(|o| o.catalog_model.as_str())));
        let tokens = TokenTerms {
            input_usd_per_mtok: input,
            output_usd_per_mtok: output,
            cached_input_usd_per_mtok: cached,
            ttft_ms: self.speed(
                p.ttft_ms.as_ref(),
                offer.as_ref(),
                "ttft_ms",
                &format!("provider.token.ttft_ms.{size}"),
                id,
            ),
            ttft_p95_ratio: self.or_default(
                "ttft_p95_ratio",
                p.ttft_p95_ratio.as_ref(),
                "provider.token.ttft_p95_ratio",
                id,
            ),
            output_tokens_per_s: self.speed(
                p.output_tokens_per_s.as_ref(),
                offer.as_ref(),
                "output_tokens_per_s",
                &format!("provider.token.output_tokens_per_s.{size}"),
                id,
            ),
            rate_limit_rpm: p.rate_limit_rpm.as_ref().map(|q| self.checked("rate_limit_rpm", q)),
        };
        let fees = Fees {
            fixed_monthly_fee: self.or_default("fixed_monthly_fee", p.fixed_monthly_fee.as_ref(), "provider.fees", id),
            fee_fraction: self.or_default("fee_fraction", p.fee_fraction.as_ref(), "provider.fees", id),
        };
        let inputs = ProviderInputs { terms: Terms::Tokens(tokens), fees };
        let name =
            p.name.as_deref().map(|n| crate::base::text::printable(n).into_owned()).unwrap_or_else(|| match &offer {
                Some(o) => format!("{} {} (per token)", o.provider, o.model),
                None => id.to_string(),
            });
        let label = match (&p.name, &offer) {
            (Some(_), _) => name.clone(),
            (None, Some(o)) => format!("{} API", o.provider),
            (None, None) => id.to_string(),
        };
        Some(Provider {
            id: id.to_string(),
            name,
            label,
            kind,
            gpu: None,
            served_model: offer.as_ref().map(|o| o.model.clone()),
            offer: offer.map(|o| o.id),
            inputs,
            commitment_months: None,
        })
    }

    /// The size class whose default latency a token API of `model` gets: `small` up to 15B active parameters,
    /// `medium` up to 100B, `large` above (docs/MODEL.md, "Token APIs").
    fn size_class(&self, model: Option<&str>) -> &'static str {
        match model.and_then(|m| self.catalog.model(m)).map(|m| m.active_params_b) {
            Some(p) if p <= 15.0 => "small",
            Some(p) if p > 100.0 => "large",
            _ => "medium",
        }
    }

    /// A speed or latency: the file's, else the offer's measured figure, else the size class's default.
    fn speed(
        &mut self,
        q: Option<&Quantity>,
        offer: Option<&TokenOffer>,
        name: &'static str,
        key: &str,
        id: &str,
    ) -> Param {
        let measured = offer.and_then(|o| match name {
            "ttft_ms" => o.ttft_ms,
            _ => o.output_tokens_per_s,
        });
        match (q, offer, measured) {
            (Some(q), _, _) => self.checked(name, q),
            (None, Some(o), Some(v)) => Param {
                value: v,
                dist: None,
                origin: Origin::Catalog {
                    offer: o.id.clone(),
                    field: name,
                    source: o.speed_source.clone(),
                    as_of: o.speed_as_of.clone(),
                    note: None,
                },
            },
            _ => self.default(key, id),
        }
    }

    /// A token catalog price in USD per million tokens, converted to the scenario currency.
    fn token_param(&self, o: &TokenOffer, field: &'static str, usd: f64) -> Param {
        Param {
            value: usd * self.usd_to_currency,
            dist: None,
            origin: Origin::Catalog {
                offer: o.id.clone(),
                field,
                source: o.source.clone(),
                as_of: o.as_of.clone(),
                note: (o.catalog_model != o.model).then(|| format!("serves {}", o.model)),
            },
        }
    }
}
