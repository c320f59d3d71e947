//! computecost: what an AI workload costs on centralized clouds, GPU marketplaces and decentralized GPU
//! networks, how fast it runs, how sure we are, and what it does to margins.

pub mod catalog;
pub mod model;
