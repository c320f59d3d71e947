//! `kind = "owned"`: a provider that buys its GPUs. Its `owned` costs, checked and defaulted, and the price
//! per GPU-hour they come to (docs/MODEL.md, "Owned hardware").

use super::Resolver;
use crate::catalog::Gpu;
use crate::model::{Fees, GpuTerms, Ownership, ProviderInputs, Terms};
use crate::scenario::file::{OwnedFile, ProviderFile};
use crate::scenario::quantity::Quantity;
use crate::scenario::{Origin, Param};

impl Resolver<'_> {
    /// Whether the terms the file gives fit an owned provider (`owned`) or a rented one (not): an owned
    /// provider has no offer and no price; `owned` belongs to an owned provider. Errors where not.
    pub(super) fn owned_terms_allowed(&mut self, p: &ProviderFile, owned: bool) -> bool {
        if owned {
            if let Some(o) = &p.offer {
                self.error(o.span(), "a provider of kind \"owned\" buys its GPUs: it has no offer").help =
                    Some("remove `offer` and give `gpu` and `owned = { gpu_price = ... }`".into());
                return false;
            }
            if let Some(q) = &p.price_per_gpu_hour {
                self.error(
                    q.span.clone(),
                    "an owned provider's price per GPU-hour is derived from its `owned` costs",
                )
                .help = Some(
                    "remove `price_per_gpu_hour` and set `owned.gpu_price`, `owned.electricity_per_kwh`... \
                     (docs/MODEL.md, \"Owned hardware\")"
                        .into(),
                );
                return false;
            }
        } else if let Some(span) = p.owned.as_ref().and_then(OwnedFile::first_span) {
            self.error(span, "`owned` applies to a provider of kind \"owned\"").help =
                Some("add `kind = \"owned\"` (and remove `offer` and `price_per_gpu_hour`), or remove `owned`".into());
        }
        true
    }

    /// Sets an owned provider's price per GPU-hour to what its `owned` costs come to at their medians, for
    /// display and the point estimate; each trial derives its own (model::owned).
    pub(super) fn derive_owned_price(
        &mut self,
        terms: &mut GpuTerms<Param>,
        fees: &Fees<Param>,
        gpu: &Gpu,
        p: &ProviderFile,
    ) {
        let (Some(o), Some(tdp)) = (&terms.ownership, gpu.tdp_w) else {
            self.error(
                p.id.span(),
                format!("GPU `{}` has no TDP in the catalog: an owned GPU's power cannot be priced", gpu.id),
            );
            return;
        };
        let at_medians =
            ProviderInputs { terms: Terms::Gpu(terms.clone()), fees: fees.clone() }.map(&mut |_, v: &Param| v.value);
        let value = match at_medians.gpu() {
            Some(m) => crate::model::owned_price(&o.map(&mut |_, v: &Param| v.value), m, tdp),
            None => f64::NAN,
        };
        terms.price_per_gpu_hour = Param {
            value,
            dist: None,
            origin: Origin::Derived {
                how: "(its `owned` costs at their medians; each trial derives its own price, \
                      docs/MODEL.md#owned-hardware)"
                    .into(),
            },
        };
    }

    /// What owning the GPUs costs: each `owned` field as the file gives it, else its documented default
    /// (the purchase prices per GPU model: `owned.gpu_price.<gpu>`, an error where none is sourced).
    pub(super) fn ownership(&mut self, p: &ProviderFile, gpu: &Gpu, id: &str) -> Ownership<Param> {
        let empty = OwnedFile::default();
        let o = p.owned.as_ref().unwrap_or(&empty);
        let field = |r: &mut Self, name: &str, q: Option<&Quantity>, per_gpu: bool| -> Param {
            let path = format!("owned.{name}");
            let key = if per_gpu { format!("owned.{name}.{}", gpu.id) } else { path.clone() };
            match q {
                Some(q) => r.checked(&path, q),
                None if r.catalog.default_entry(&key).is_ok() => r.default(&key, id),
                None => {
                    r.error(
                        p.id.span(),
                        format!("no sourced `{path}` for GPU `{}`: give it for provider `{id}`", gpu.id),
                    )
                    .help = Some(format!(
                        "e.g. `owned = {{ {name} = ... }}` with your quote (defaults.toml has `{key}` only where a \
                         dated source exists)"
                    ));
                    Param { value: f64::NAN, dist: None, origin: Origin::Default { key } }
                }
            }
        };
        Ownership {
            gpu_price: field(self, "gpu_price", o.gpu_price.as_ref(), true),
            server_price: field(self, "server_price", o.server_price.as_ref(), true),
            gpus_per_server: field(self, "gpus_per_server", o.gpus_per_server.as_ref(), false),
            amortisation_months: field(self, "amortisation_months", o.amortisation_months.as_ref(), false),
            residual_fraction: field(self, "residual_fraction", o.residual_fraction.as_ref(), false),
            server_watts: field(self, "server_watts", o.server_watts.as_ref(), true),
            electricity_per_kwh: field(self, "electricity_per_kwh", o.electricity_per_kwh.as_ref(), false),
            colocation_per_kw_month: field(self, "colocation_per_kw_month", o.colocation_per_kw_month.as_ref(), false),
            staff_per_server_month: field(self, "staff_per_server_month", o.staff_per_server_month.as_ref(), false),
        }
    }
}
