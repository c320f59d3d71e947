//! The shape of the code (issue 14): layers that import only to their left, and files small enough to
//! read. docs/ARCHITECTURE.md explains the layers.

use std::path::{Path, PathBuf};

/// The layers, each allowed to import only those before it. Written here once.
const LAYERS: [&str; 10] =
    ["base", "model", "catalog", "scenario", "sim", "analysis", "chart", "report", "cli", "commands"];

/// What `cli` may import: clap definitions only, with the shared defaults and plain parsing of `base`.
const CLI_MAY_IMPORT: [&str; 1] = ["base"];

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 600;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `text` without `#[cfg(test)]` items (a `mod x;` declaration or a braced block) and line comments.
fn without_tests_and_comments(text: &str) -> String {
    let text: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let (semi, brace) = (after.find(';'), after.find('{'));
        let end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => s + 1,
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = after.len();
                for (i, c) in after[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (Some(s), None) => s + 1,
            (None, None) => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level modules `text` names through `crate::`: `crate::report::format::number`, `use crate::a`,
/// and every first segment of a `use crate::{a::b, c}` group.
fn crate_references(text: &str) -> Vec<String> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let after = &text[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // Each item at the group's top level: `a::b`, `c`, `d::{e, f}`.
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth > 0 => depth -= 1,
                    '}' | ',' if depth == 0 => {
                        found.push(ident(group[start..i].trim()));
                        start = i + 1;
                        if c == '}' {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        } else {
            found.push(ident(after));
        }
    }
    found.retain(|n| !n.is_empty());
    found.sort();
    found.dedup();
    found
}

#[test]
fn layers_import_only_to_their_left() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        // lib.rs and main.rs sit above every layer; tests.rs files are test modules.
        if top == "lib" || top == "main" || rel.ends_with("tests.rs") {
            continue;
        }
        let Some(layer) = LAYERS.iter().position(|l| *l == top) else {
            wrong.push(format!("{}: module `{top}` is in no layer", rel.display()));
            continue;
        };
        let text = without_tests_and_comments(&std::fs::read_to_string(file).unwrap());
        for name in crate_references(&text) {
            let allowed = match LAYERS.iter().position(|l| *l == name) {
                None => false,
                Some(_) if top == "cli" => CLI_MAY_IMPORT.contains(&name.as_str()) || name == "cli",
                Some(target) => target <= layer,
            };
            if !allowed {
                wrong.push(format!("{}: `{top}` reaches `crate::{name}`", rel.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers ({}):\n{}", LAYERS.join(" → "), wrong.join("\n"));
}

#[test]
fn the_scan_finds_inline_paths_and_groups_and_skips_tests() {
    let text = "use crate::{base::format, model};\nfn f() { crate::report::format::number(1.0); }\n// crate::cli\n\
                #[cfg(test)]\nmod tests { use crate::commands; }\n";
    assert_eq!(crate_references(&without_tests_and_comments(text)), ["base", "model", "report"]);
}

#[test]
fn no_source_file_is_longer_than_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(f, n)| format!("{}: {n} lines", f.strip_prefix(root).unwrap().display()))
        .collect();
    assert!(long.is_empty(), "split these files (at most {MAX_LINES} lines):\n{}", long.join("\n"));
}
