//! Errors that point into a scenario file: `file:line:column`, the offending line, a caret, a hint.

use std::fmt;
use std::ops::Range;

/// A scenario's text and the name to show for it.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path (or label) shown in messages.
    pub name: String,
    /// The whole text.
    pub text: String,
}

impl Source {
    /// A source from a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), text: text.into() }
    }

    /// 1-based line and column (in characters) of byte offset `at`.
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, at)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// A diagnostic at `span` with `message`.
    pub fn diagnostic(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.line_col(span.start);
        let line_text = self.text.lines().nth(line - 1).unwrap_or("").to_string();
        let span_text = self.text.get(span.clone()).unwrap_or("");
        let width = span_text.lines().next().unwrap_or("").chars().count().max(1);
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
        writeln!(f, "{pad}--> {}:{}:{}", self.file, self.line, self.column)?;
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
