//! The four ways to get AI work done — rent GPUs on a cloud, rent them on a marketplace or network, own
//! them, or buy tokens — and the comparison a memo leads with: the cheapest option against the cheapest
//! of another way (docs/REPORT.md, "The memo").

use super::{ProviderResult, Results};
use crate::catalog::ProviderKind;

/// The four ways to get the work done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// GPUs rented from a cloud that runs its own data centres.
    Cloud,
    /// GPUs rented on a marketplace or a decentralized network.
    Network,
    /// GPUs bought and run.
    Owned,
    /// A serverless API, by the token.
    Tokens,
}

impl Way {
    /// Which way `p` is.
    pub fn of(p: &ProviderResult) -> Way {
        match p.kind {
            _ if p.is_token_api() => Way::Tokens,
            ProviderKind::Owned => Way::Owned,
            ProviderKind::Centralized => Way::Cloud,
            ProviderKind::Marketplace | ProviderKind::Decentralized => Way::Network,
        }
    }

    /// The way in a few words.
    pub fn label(self) -> &'static str {
        match self {
            Way::Cloud => "rent GPUs on a cloud",
            Way::Network => "rent GPUs on a marketplace or network",
            Way::Owned => "own the GPUs",
            Way::Tokens => "buy tokens",
        }
    }
}

/// The cheapest option of a way other than the cheapest's, by the headline cost's median: what the
/// cheapest is compared with; the runner-up when every option is of one way.
pub fn rival(results: &Results) -> Option<&ProviderResult> {
    let ranked = results.ranked();
    let best = Way::of(ranked.first()?);
    ranked.iter().copied().find(|p| Way::of(p) != best).or_else(|| ranked.get(1).copied())
}
