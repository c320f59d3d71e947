//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::PathBuf;

/// The computecost binary built for these tests.
pub fn computecost() -> Command {
    Command::new(env!("CARGO_BIN_EXE_computecost"))
}

/// Path of a shipped scenario.
pub fn scenario(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// stdout of a successful run, as text.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("binary runs");
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// `run SCENARIO --format json`, parsed.
pub fn results_json(name: &str) -> serde_json::Value {
    let text = stdout_of(computecost().args(["run", "--format", "json"]).arg(scenario(name)));
    serde_json::from_str(&text).expect("results.json parses")
}

/// The provider entry `id` of parsed results.
pub fn provider<'a>(results: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    results["providers"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}
