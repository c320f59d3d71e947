//! Verification and privacy as multipliers and extra GPU time, shared by all workloads.

use super::{Privacy, Verification};

/// Multiplier on GPU time (and latency) from privacy.
///
/// # Formula
/// `tee: 1 + overhead`, `fhe: slowdown`, `none: 1` (docs/MODEL.md, "Privacy").
pub fn privacy_multiplier(privacy: &Privacy<f64>) -> f64 {
    match privacy {
        Privacy::None => 1.0,
        Privacy::Tee { overhead } => 1.0 + overhead,
        Privacy::Fhe { slowdown } => *slowdown,
    }
}

/// Multiplier on GPU time (and latency) from running in an attested TEE; 1 for other verification modes.
pub fn attestation_multiplier(verification: &Verification<f64>) -> f64 {
    match verification {
        Verification::TeeAttestation { overhead } => 1.0 + overhead,
        _ => 1.0,
    }
}

/// Copies of the work run at once (replication factor; 1 otherwise).
pub fn replication_factor(verification: &Verification<f64>) -> f64 {
    match verification {
        Verification::Replication { factor } => *factor,
        _ => 1.0,
    }
}

/// Proving GPU-seconds for `tokens` tokens through a model of `active_params_b` billion active parameters.
///
/// # Formula
/// `rate · P_active[B] · tokens / 2048`: zkLLM proves a 13B inference at sequence length 2,048 in under
/// 900 s (arXiv:2404.16109), extrapolated linearly (docs/MODEL.md, "Verification").
pub fn zk_prove_seconds(rate: f64, active_params_b: f64, tokens: f64) -> f64 {
    rate * active_params_b * tokens / 2048.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipliers_by_mode() {
        assert_eq!(privacy_multiplier(&Privacy::None), 1.0);
        assert!((privacy_multiplier(&Privacy::Tee { overhead: 0.04 }) - 1.04).abs() < 1e-12);
        assert_eq!(privacy_multiplier(&Privacy::Fhe { slowdown: 1e4 }), 1e4);
        assert_eq!(replication_factor(&Verification::Replication { factor: 3.0 }), 3.0);
        assert_eq!(replication_factor(&Verification::None), 1.0);
        assert!((attestation_multiplier(&Verification::TeeAttestation { overhead: 0.05 }) - 1.05).abs() < 1e-12);
    }

    #[test]
    fn zk_rate_reproduces_the_zkllm_anchor() {
        // 69.2 s per B-param per 2k tokens x 13B x 2048 tokens = 899.6 s, the zkLLM figure.
        let s = zk_prove_seconds(69.2, 13.0, 2048.0);
        assert!((s - 899.6).abs() < 1e-9, "{s}");
    }
}
