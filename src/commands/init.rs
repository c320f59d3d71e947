//! `computecost init`: write a commented starter scenario.

use crate::cli::{InitArgs, Template};
use crate::commands::error::Error;
use std::io::Write;
use std::path::PathBuf;

/// The text of a starter scenario.
pub fn template(t: Template) -> &'static str {
    match t {
        Template::Inference => include_str!("../templates/inference.toml"),
        Template::Training => include_str!("../templates/training.toml"),
        Template::GpuHours => include_str!("../templates/gpu-hours.toml"),
        Template::Privacy => include_str!("../templates/privacy.toml"),
        Template::Verification => include_str!("../templates/verification.toml"),
    }
}

/// Runs `computecost init`.
pub fn run(args: &InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let text = template(args.template);
    let path = args.out.clone().unwrap_or_else(|| PathBuf::from(format!("{}.toml", args.template.name())));
    super::engine::write_text(&path, args.force, text, "computecost run", out, err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Source;
    use crate::catalog::Catalog;
    use crate::scenario;

    #[test]
    fn every_template_loads_without_errors() {
        let catalog = Catalog::builtin().unwrap();
        for t in Template::ALL {
            let source = Source::new(format!("{}.toml", t.name()), template(t));
            let s = scenario::parse(&source, t.name(), &catalog).unwrap_or_else(|e| panic!("{}: {e}", t.name()));
            assert!(s.providers.len() >= 2, "{}: a template compares at least two providers", t.name());
        }
    }
}
