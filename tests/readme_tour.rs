//! Following the README inside the repository leaves it as it was (issue 20): its commands run in a
//! temporary copy of the repository, and `git status --porcelain` stays empty.

use crate::util::computecost;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=tour", "-c", "user.email=tour@example.invalid"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_readme_tour_leaves_the_repository_clean() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().unwrap();
    // The tracked files only (no target/), as a fresh clone has them.
    for file in git(repo, &["ls-files"]).lines() {
        let to = copy.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo.join(file), &to).unwrap();
    }
    git(copy.path(), &["init", "-q"]);
    git(copy.path(), &["add", "-A"]);
    git(copy.path(), &["commit", "-q", "-m", "copy"]);

    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let commands: Vec<Vec<&str>> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("$ computecost "))
        .map(|l| l.split_whitespace().collect())
        // `cargo run --release` runs the flagship, as `computecost run` does.
        .chain(std::iter::once(vec!["run"]))
        .collect();
    assert!(commands.len() >= 5, "the README's console examples were not found");
    for args in &commands {
        // Fewer trials than the README's default keep the test quick; what a command writes does not
        // depend on them.
        let sampled = args.first().is_some_and(|c| ["run", "sweep", "sensitivity", "diff"].contains(c));
        let mut cmd = computecost();
        cmd.current_dir(copy.path()).args(args);
        if sampled {
            cmd.args(["--samples", "200"]);
        }
        let out = cmd.output().unwrap();
        // Examples that read a file of the reader's own (my.toml, variant.toml) fail here; nothing else may.
        let own_file = args.iter().any(|a| *a == "my.toml" || *a == "variant.toml");
        assert!(own_file || out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let status = git(copy.path(), &["status", "--porcelain", "--untracked-files=all"]);
        assert!(status.is_empty(), "`computecost {}` changed the repository:\n{status}", args.join(" "));
    }
}
