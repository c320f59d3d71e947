//! Errors that point into a scenario file: `file:line:column`, the offending line, a caret, a hint.

use std::fmt;
use std::ops::Range;

/// A scenario's text and the name to show for it, followed by the `--set` overrides, one per line.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path (or label) shown in messages.
    pub name: String,
    /// The file's text, then a newline and one line per override.
    pub text: String,
    /// Length of the file's own text.
    file_len: usize,
    /// Where each override's line starts in `text`, and the argument as given.
    overrides: Vec<(usize, String)>,
}

/// Where a byte of a [`Source`] came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The scenario file, 1-based line and column.
    File {
        /// Line.
        line: usize,
        /// Column, in characters.
        column: usize,
    },
    /// A `--set` argument.
    Override {
        /// The argument as given.
        arg: String,
        /// 1-based column in the argument.
        column: usize,
    },
}

impl Source {
    /// A source from a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Source { name: name.into(), file_len: text.len(), text, overrides: Vec::new() }
    }

    /// The same source with `--set` arguments appended, one line each.
    pub fn with_overrides(mut self, args: &[String]) -> Self {
        for arg in args {
            self.text.push('\n');
            self.overrides.push((self.text.len(), arg.clone()));
            self.text.push_str(&super::overrides::as_toml_line(arg));
        }
        self
    }

    /// The `--set` arguments, as given.
    pub fn override_args(&self) -> Vec<String> {
        self.overrides.iter().map(|(_, arg)| arg.clone()).collect()
    }

    /// The file's own text, without the overrides.
    pub fn file_text(&self) -> &str {
        &self.text[..self.file_len]
    }

    /// How many overrides follow the file.
    pub fn override_count(&self) -> usize {
        self.overrides.len()
    }

    /// The byte range of override `k`'s line.
    pub fn override_region(&self, k: usize) -> Range<usize> {
        let start = self.overrides[k].0;
        let end = self.overrides.get(k + 1).map_or(self.text.len(), |(next, _)| next - 1);
        start..end
    }

    /// Which override, if any, byte `at` belongs to.
    fn override_at(&self, at: usize) -> Option<usize> {
        if at < self.file_len || self.overrides.is_empty() {
            return None;
        }
        Some(self.overrides.iter().rposition(|(start, _)| *start <= at).unwrap_or(0))
    }

    /// Where byte offset `at` came from: a line and column of the file, or a `--set` argument.
    pub fn locate(&self, at: usize) -> Location {
        match self.override_at(at) {
            Some(k) => {
                let region = self.override_region(k);
                let column = self.text[region.start..at.clamp(region.start, region.end)].chars().count() + 1;
                Location::Override { arg: self.overrides[k].1.clone(), column }
            }
            None => {
                let (line, column) = self.line_col(at);
                Location::File { line, column }
            }
        }
    }

    /// 1-based line and column (in characters) of byte offset `at` in the whole text.
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, at)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// A diagnostic at `span` with `message`: in the file, or in the `--set` argument the span falls in.
    pub fn diagnostic(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let span_text = self.text.get(span.clone()).unwrap_or("");
        let width = span_text.lines().next().unwrap_or("").chars().count().max(1);
        if let Some(k) = self.override_at(span.start) {
            let region = self.override_region(k);
            let column = self.text[region.start..span.start.clamp(region.start, region.end)].chars().count() + 1;
            return Diagnostic {
                file: "--set".into(),
                line: 1,
                column,
                width,
                line_text: self.text[region].to_string(),
                message: message.into(),
                help: None,
            };
        }
        let (line, column) = self.line_col(span.start);
        let line_text = self.text.lines().nth(line - 1).unwrap_or("").to_string();
        Diagnostic { file: self.name.clone(), line, column, width, line_text, message: message.into(), help: None }
    }
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One problem in a scenario, located in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// File name as shown.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Characters to underline.
    pub width: usize,
    /// The source line.
    pub line_text: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// The same diagnostic with a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        writeln!(f, "error: {}", self.message)?;
        if self.file == "--set" {
            writeln!(f, "{pad}--> --set argument, column {}", self.column)?;
        } else {
            writeln!(f, "{pad}--> {}:{}:{}", self.file, self.line, self.column)?;
        }
        writeln!(f, "{pad} |")?;
        writeln!(f, "{} | {}", self.line, self.line_text)?;
        let caret_pad = " ".repeat(self.column.saturating_sub(1));
        write!(f, "{pad} | {caret_pad}{}", "^".repeat(self.width))?;
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// "did you mean" for serde's `unknown field `x`, expected one of `a`, `b`` and
/// `unknown variant `x`, expected ...` messages.
pub fn did_you_mean(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("unknown variant `"))?;
    let (wanted, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let best = crate::catalog::suggest(wanted, known.iter().copied());
    best.first().map(|b| format!("did you mean `{b}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let s = Source::new("x.toml", "a = 1\n# é\nbb = 2\n");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        let at = s.text.find("bb").unwrap();
        assert_eq!(s.line_col(at), (3, 1));
        assert_eq!(s.line_col(s.text.find("2").unwrap()), (3, 6));
    }

    #[test]
    fn renders_like_rustc() {
        let s = Source::new("s.toml", "[workload]\nbatch_sise = 4\n");
        let d = s.diagnostic(11..21, "unknown field `batch_sise`").with_help("did you mean `batch_size`?");
        let text = d.to_string();
        assert!(text.contains("--> s.toml:2:1"), "{text}");
        assert!(text.contains("2 | batch_sise = 4"));
        assert!(text.contains("  | ^^^^^^^^^^"));
        assert!(text.ends_with("= help: did you mean `batch_size`?"));
    }

    #[test]
    fn suggests_the_nearest_field() {
        let m = "unknown field `batch_sise`, expected one of `kind`, `batch_size`, `model`";
        assert_eq!(did_you_mean(m).as_deref(), Some("did you mean `batch_size`?"));
        assert_eq!(did_you_mean("invalid type: string"), None);
    }
}
