//! A provider's terms: renting GPUs by the hour or buying tokens, the fees either may charge, and the
//! verification and privacy of rented GPUs.

use serde::Serialize;

/// How a provider's results are checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verification<N> {
    /// Results are trusted.
    None,
    /// Every job runs on `factor` independent providers.
    Replication {
        /// Copies of the work.
        factor: N,
    },
    /// A fraction `rate` of requests is re-executed elsewhere.
    SpotCheck {
        /// Fraction of work checked.
        rate: N,
        /// Cost of a check as a fraction of the original work.
        recompute_fraction: N,
    },
    /// A zero-knowledge proof per request (inference) or per run (training).
    Zk {
        /// Proving GPU-seconds per billion active parameters per 2,048 tokens.
        prove_gpu_seconds_per_bparam_2k: N,
        /// Whether the answer waits for the proof (adds proving time to latency).
        synchronous: bool,
    },
    /// Work runs in an attested TEE.
    TeeAttestation {
        /// Extra GPU time, fraction.
        overhead: N,
    },
}

impl<N> Verification<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> Verification<M> {
        match self {
            Verification::None => Verification::None,
            Verification::Replication { factor } => {
                Verification::Replication { factor: f("verification.factor", factor) }
            }
            Verification::SpotCheck { rate, recompute_fraction } => Verification::SpotCheck {
                rate: f("verification.rate", rate),
                recompute_fraction: f("verification.recompute_fraction", recompute_fraction),
            },
            Verification::Zk { prove_gpu_seconds_per_bparam_2k, synchronous } => Verification::Zk {
                prove_gpu_seconds_per_bparam_2k: f(
                    "verification.prove_gpu_seconds_per_bparam_2k",
                    prove_gpu_seconds_per_bparam_2k,
                ),
                synchronous: *synchronous,
            },
            Verification::TeeAttestation { overhead } => {
                Verification::TeeAttestation { overhead: f("verification.overhead", overhead) }
            }
        }
    }

    /// The lower-case name used in files and output.
    pub fn kind_str(&self) -> &'static str {
        match self {
            Verification::None => "none",
            Verification::Replication { .. } => "replication",
            Verification::SpotCheck { .. } => "spot_check",
            Verification::Zk { .. } => "zk",
            Verification::TeeAttestation { .. } => "tee_attestation",
        }
    }
}

/// How a provider keeps the data private from the machine's owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Privacy<N> {
    /// Plain execution.
    None,
    /// A GPU trusted execution environment (confidential computing).
    Tee {
        /// Extra GPU time, fraction.
        overhead: N,
    },
    /// Fully homomorphic encryption.
    Fhe {
        /// Compute multiplier.
        slowdown: N,
    },
}

impl<N> Privacy<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> Privacy<M> {
        match self {
            Privacy::None => Privacy::None,
            Privacy::Tee { overhead } => Privacy::Tee { overhead: f("privacy.overhead", overhead) },
            Privacy::Fhe { slowdown } => Privacy::Fhe { slowdown: f("privacy.slowdown", slowdown) },
        }
    }

    /// The lower-case name used in files and output.
    pub fn kind_str(&self) -> &'static str {
        match self {
            Privacy::None => "none",
            Privacy::Tee { .. } => "tee",
            Privacy::Fhe { .. } => "fhe",
        }
    }
}

/// A provider's terms: GPUs rented by the hour or tokens bought per token, and the fees either may
/// charge (money in the scenario currency).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderInputs<N> {
    /// How it charges for the work.
    pub terms: Terms<N>,
    /// Fees on top.
    pub fees: Fees<N>,
}

/// How a provider charges for the work.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "pricing", rename_all = "snake_case")]
pub enum Terms<N> {
    /// GPUs rented by the hour.
    Gpu(GpuTerms<N>),
    /// A serverless API, priced per token.
    Tokens(TokenTerms<N>),
}

/// How a provider charges: what its terms are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    /// GPUs rented by the hour.
    PerGpuHour,
    /// A serverless API, by the token.
    PerToken,
}

/// Fees any provider may charge on top of its work (money in the scenario currency).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fees<N> {
    /// Fixed fees per month.
    pub fixed_monthly_fee: N,
    /// Fee as a fraction of the work's spend.
    pub fee_fraction: N,
}

/// The terms of renting GPUs by the hour (money in the scenario currency).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GpuTerms<N> {
    /// Price per GPU-hour.
    pub price_per_gpu_hour: N,
    /// Fraction of provisioned GPU time doing useful work.
    pub utilization: N,
    /// Most GPUs obtainable at once; `None` = not limited.
    pub capacity_gpus: Option<N>,
    /// Client-to-provider network round trip, ms.
    pub rtt_ms: N,
    /// GPU failures, preemptions or departures per GPU-hour.
    pub failure_rate_per_gpu_hour: N,
    /// Time to bring a failed replica or job back, minutes.
    pub restart_minutes: N,
    /// Egress price per GB.
    pub egress_per_gb: N,
    /// Storage price per GB-month.
    pub storage_per_gb_month: N,
    /// GPUs of this provider's training fleet; `None` = the workload's `gpus`.
    pub gpus: Option<N>,
    /// Network bandwidth between nodes per GPU, each direction, GB/s (training).
    pub network_gbs_per_gpu: N,
    /// Share of the fleet working over a run: GPUs away are neither computing nor billed (training).
    pub availability: N,
    /// The provider's own way of training, where it differs from the workload's.
    pub plan: crate::model::PlanChoice,
    /// Checkpoint write bandwidth per GPU, GB/s.
    pub checkpoint_write_gbs_per_gpu: N,
    /// Most GPUs one replica may span (tensor parallel).
    pub max_gpus_per_replica: N,
    /// The instance shapes rented and whether they are linked.
    pub instances: crate::model::Instances,
    /// Facility power over IT power of the provider's data centres (power usage effectiveness).
    pub pue: N,
    /// Grid emissions, kg CO₂e per kWh.
    pub grid_kg_co2e_per_kwh: N,
    /// A GPU's power while idle with a model loaded, as a fraction of its TDP.
    pub idle_power_fraction: N,
    /// What owning the GPUs costs, for owned hardware (its price per GPU-hour is derived from it); `None` for
    /// rented GPUs.
    pub ownership: Option<Ownership<N>>,
    /// Hour-by-hour scaling, when the provider's fleet follows demand; `None` = static (sized for the peak).
    pub autoscale: Option<Autoscale<N>>,
    /// How results are checked.
    pub verification: Verification<N>,
    /// How data is kept private.
    pub privacy: Privacy<N>,
}

impl<N> ProviderInputs<N> {
    /// The GPU rental terms, unless the provider is a token API.
    pub fn gpu(&self) -> Option<&GpuTerms<N>> {
        match &self.terms {
            Terms::Gpu(g) => Some(g),
            Terms::Tokens(_) => None,
        }
    }

    /// How it charges.
    pub fn pricing(&self) -> Pricing {
        match &self.terms {
            Terms::Gpu(_) => Pricing::PerGpuHour,
            Terms::Tokens(_) => Pricing::PerToken,
        }
    }

    /// The token API terms, if the provider is one.
    pub fn tokens(&self) -> Option<&TokenTerms<N>> {
        match &self.terms {
            Terms::Tokens(t) => Some(t),
            Terms::Gpu(_) => None,
        }
    }

    /// Maps every numeric field through `f(name, value)`. The order is the order fields are drawn in and
    /// listed among the assumptions: a GPU rental's price, use, network and storage, its fees, then its
    /// training, verification and privacy terms, then its power figures; a token API's fees, then its prices
    /// and speeds.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> ProviderInputs<M> {
        match &self.terms {
            Terms::Gpu(g) => {
                let head = (
                    f("price_per_gpu_hour", &g.price_per_gpu_hour),
                    f("utilization", &g.utilization),
                    g.capacity_gpus.as_ref().map(|v| f("capacity_gpus", v)),
                    f("rtt_ms", &g.rtt_ms),
                    f("failure_rate_per_gpu_hour", &g.failure_rate_per_gpu_hour),
                    f("restart_minutes", &g.restart_minutes),
                    f("egress_per_gb", &g.egress_per_gb),
                    f("storage_per_gb_month", &g.storage_per_gb_month),
                );
                let fees = self.fees.map(f);
                let terms = GpuTerms {
                    price_per_gpu_hour: head.0,
                    utilization: head.1,
                    capacity_gpus: head.2,
                    rtt_ms: head.3,
                    failure_rate_per_gpu_hour: head.4,
                    restart_minutes: head.5,
                    egress_per_gb: head.6,
                    storage_per_gb_month: head.7,
                    gpus: g.gpus.as_ref().map(|v| f("gpus", v)),
                    network_gbs_per_gpu: f("network_gbs_per_gpu", &g.network_gbs_per_gpu),
                    availability: f("availability", &g.availability),
                    plan: g.plan,
                    checkpoint_write_gbs_per_gpu: f("checkpoint_write_gbs_per_gpu", &g.checkpoint_write_gbs_per_gpu),
                    max_gpus_per_replica: f("max_gpus_per_replica", &g.max_gpus_per_replica),
                    instances: g.instances,
                    autoscale: g.autoscale.as_ref().map(|a| Autoscale {
                        scale_up_minutes: f("scale_up_minutes", &a.scale_up_minutes),
                        billing_minutes: f("billing_minutes", &a.billing_minutes),
                    }),
                    verification: g.verification.map(f),
                    privacy: g.privacy.map(f),
                    // Drawn last, so adding them left every earlier input's random stream where it was.
                    pue: f("pue", &g.pue),
                    grid_kg_co2e_per_kwh: f("grid_kg_co2e_per_kwh", &g.grid_kg_co2e_per_kwh),
                    idle_power_fraction: f("idle_power_fraction", &g.idle_power_fraction),
                    ownership: g.ownership.as_ref().map(|o| o.map(f)),
                };
                ProviderInputs { terms: Terms::Gpu(terms), fees }
            }
            Terms::Tokens(t) => {
                let fees = self.fees.map(f);
                ProviderInputs { terms: Terms::Tokens(t.map(f)), fees }
            }
        }
    }
}

impl<N> Fees<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> Fees<M> {
        Fees {
            fixed_monthly_fee: f("fixed_monthly_fee", &self.fixed_monthly_fee),
            fee_fraction: f("fee_fraction", &self.fee_fraction),
        }
    }
}

/// What owning GPUs costs (money in the scenario currency): bought, powered, housed and run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ownership<N> {
    /// Purchase price of one GPU (with its share of the baseboard).
    pub gpu_price: N,
    /// Purchase price of one server without its GPUs (CPUs, memory, network, chassis).
    pub server_price: N,
    /// GPUs per server.
    pub gpus_per_server: N,
    /// Months the purchase is spread over (straight-line).
    pub amortisation_months: N,
    /// Value left at the end of the amortisation, fraction of the purchase price.
    pub residual_fraction: N,
    /// Power of one server without its GPUs, W.
    pub server_watts: N,
    /// Electricity price per kWh.
    pub electricity_per_kwh: N,
    /// Colocation (space, power and cooling capacity) per kW of IT power, per month.
    pub colocation_per_kw_month: N,
    /// Staff and support per server per month.
    pub staff_per_server_month: N,
}

impl<N> Ownership<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> Ownership<M> {
        Ownership {
            gpu_price: f("owned.gpu_price", &self.gpu_price),
            server_price: f("owned.server_price", &self.server_price),
            gpus_per_server: f("owned.gpus_per_server", &self.gpus_per_server),
            amortisation_months: f("owned.amortisation_months", &self.amortisation_months),
            residual_fraction: f("owned.residual_fraction", &self.residual_fraction),
            server_watts: f("owned.server_watts", &self.server_watts),
            electricity_per_kwh: f("owned.electricity_per_kwh", &self.electricity_per_kwh),
            colocation_per_kw_month: f("owned.colocation_per_kw_month", &self.colocation_per_kw_month),
            staff_per_server_month: f("owned.staff_per_server_month", &self.staff_per_server_month),
        }
    }
}

/// How an autoscaled fleet starts and pays for instances.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Autoscale<N> {
    /// Time from deciding to add an instance to its serving (provision, load weights, warm up), minutes.
    pub scale_up_minutes: N,
    /// The block an instance's run is billed in, minutes.
    pub billing_minutes: N,
}

/// A serverless token API's prices, latency and rate limit (money in the scenario currency).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenTerms<N> {
    /// Price per million input tokens.
    pub input_usd_per_mtok: N,
    /// Price per million output tokens.
    pub output_usd_per_mtok: N,
    /// Price per million cached input tokens; `None` = the input price.
    pub cached_input_usd_per_mtok: Option<N>,
    /// Median time to first token, ms (network included).
    pub ttft_ms: N,
    /// 95th-percentile TTFT over the median.
    pub ttft_p95_ratio: N,
    /// Output tokens per second of one stream.
    pub output_tokens_per_s: N,
    /// Requests per minute the account may send; `None` = not limited.
    pub rate_limit_rpm: Option<N>,
}

impl<N> TokenTerms<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> TokenTerms<M> {
        TokenTerms {
            input_usd_per_mtok: f("input_usd_per_mtok", &self.input_usd_per_mtok),
            output_usd_per_mtok: f("output_usd_per_mtok", &self.output_usd_per_mtok),
            cached_input_usd_per_mtok: self
                .cached_input_usd_per_mtok
                .as_ref()
                .map(|v| f("cached_input_usd_per_mtok", v)),
            ttft_ms: f("ttft_ms", &self.ttft_ms),
            ttft_p95_ratio: f("ttft_p95_ratio", &self.ttft_p95_ratio),
            output_tokens_per_s: f("output_tokens_per_s", &self.output_tokens_per_s),
            rate_limit_rpm: self.rate_limit_rpm.as_ref().map(|v| f("rate_limit_rpm", v)),
        }
    }
}
