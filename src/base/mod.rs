//! The bottom layer: plain helpers that import nothing else of the crate (numbers formatted for people,
//! text made safe to show, input files read with limits).

pub mod date;
pub mod defaults;
pub mod diagnostic;
pub mod dist;
pub mod format;
pub mod input;
pub mod signal;
pub mod text;
pub mod warning;
