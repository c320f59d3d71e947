//! Errors that point into an input file (a scenario, a user catalog) or a `--set` argument:
//! `file:line:column`, the offending line, a caret, a hint.

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
    /// Byte offset where each line of `text` starts: locating a byte is a binary search, so resolving a
    /// file of thousands of providers stays linear in its size (issue 13).
    line_starts: Vec<usize>,
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
        let line_starts = line_starts(&text, 0);
        Source { name: name.into(), file_len: text.len(), text, overrides: Vec::new(), line_starts }
    }

    /// The same source with `--set` arguments appended, one line each, as `as_line` writes an argument.
    pub fn with_overrides(mut self, args: &[String], as_line: impl Fn(&str) -> String) -> Self {
        for arg in args {
            self.text.push('\n');
            self.line_starts.push(self.text.len());
            self.overrides.push((self.text.len(), arg.clone()));
            let line = as_line(arg);
            let at = self.text.len();
            self.text.push_str(&line);
            self.line_starts.extend(line_starts(&line, at).into_iter().skip(1));
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
        let at = floor_char_boundary(&self.text, at.min(self.text.len()));
        // The last line starting at or before `at`.
        let line = self.line_starts.partition_point(|&start| start <= at).max(1);
        let line_start = self.line_starts[line - 1];
        (line, self.text[line_start..at].chars().count() + 1)
    }

    /// The text of 1-based line `line`, without its newline.
    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line.wrapping_sub(1)).copied().unwrap_or(self.text.len());
        let end = self.line_starts.get(line).map_or(self.text.len(), |next| next - 1);
        self.text.get(start..end.max(start)).unwrap_or("").trim_end_matches('\r')
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
        let line_text = self.line_text(line).to_string();
        Diagnostic { file: self.name.clone(), line, column, width, line_text, message: message.into(), help: None }
    }
}

/// Where each line of `text` starts, offset by `at`: always `at` first.
fn line_starts(text: &str, at: usize) -> Vec<usize> {
    std::iter::once(at).chain(text.match_indices('\n').map(|(i, _)| at + i + 1)).collect()
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One problem in an input, located in its source.
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
        // The line and the message quote the user's text: a control character in it must not reach the
        // terminal (an escape sequence could clear the screen). A tab shows as one space so the caret
        // stays under its column.
        let printable = crate::base::text::printable;
        writeln!(f, "error: {}", printable(&self.message))?;
        if self.file == "--set" {
            writeln!(f, "{pad}--> --set argument, column {}", self.column)?;
        } else {
            writeln!(f, "{pad}--> {}:{}:{}", self.file, self.line, self.column)?;
        }
        writeln!(f, "{pad} |")?;
        writeln!(f, "{} | {}", self.line, printable(&self.line_text.replace('\t', " ")))?;
        let caret_pad = " ".repeat(self.column.saturating_sub(1));
        write!(f, "{pad} | {caret_pad}{}", "^".repeat(self.width))?;
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// Diagnostics as shown to people, separated by blank lines, with a count when there are several.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let blocks: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let mut text = blocks.join("\n\n");
    if diagnostics.len() > 1 {
        text.push_str(&format!("\n\n{} problems found", diagnostics.len()));
    }
    text
}

/// serde's message for a TOML value, in plain terms where it leaks the parser's internals: a date or time
/// where a number belongs reads `invalid type: string "$__toml_private_datetime"` or `invalid type: map`
/// (issue 13). `value` is the text the error points at.
pub fn plain_toml_message(message: &str, value: &str) -> String {
    let date = value.trim_start().starts_with(|c: char| c.is_ascii_digit());
    if message.contains("$__toml_private_datetime") || (date && message.starts_with("invalid type: map")) {
        let value = value.lines().next().unwrap_or("").trim();
        return format!("expected a number, found the date or time `{value}`");
    }
    message.to_string()
}

/// Fields an earlier version read, with what replaces them: an old scenario gets told, not just refused.
const RETIRED: &[(&str, &str)] = &[(
    "interconnect_efficiency",
    "`interconnect_efficiency` was retired: a training step's traffic is now timed over the provider's links \
     (`network_gbs_per_gpu`), and low-communication training is its own method (`sync = \"diloco\"`); \
     docs/MODEL.md, \"Training communication\"",
)];

/// "did you mean" for serde's `unknown field `x`, expected one of `a`, `b`` and
/// `unknown variant `x`, expected ...` messages (or what replaced a retired field).
pub fn did_you_mean(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("unknown variant `"))?;
    let (wanted, expected) = rest.split_once('`')?;
    if let Some((_, help)) = RETIRED.iter().find(|(field, _)| *field == wanted) {
        return Some((*help).to_string());
    }
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let best = super::text::suggest(wanted, known.iter().copied());
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
    fn a_date_where_a_number_belongs_is_named_as_such() {
        let m = "invalid type: string \"$__toml_private_datetime\", expected a spanned value";
        assert_eq!(plain_toml_message(m, "2026-01-01"), "expected a number, found the date or time `2026-01-01`");
        assert_eq!(
            plain_toml_message("invalid type: map, expected f64", "2026-01-01"),
            plain_toml_message(m, "2026-01-01")
        );
        assert_eq!(
            plain_toml_message("invalid type: map, expected f64", "{ a = 1 }"),
            "invalid type: map, expected f64"
        );
    }

    #[test]
    fn suggests_the_nearest_field() {
        let retired = "unknown field `interconnect_efficiency`, expected one of `gpus`, `network_gbs_per_gpu`";
        assert!(did_you_mean(retired).unwrap().contains("network_gbs_per_gpu"));
        let m = "unknown field `batch_sise`, expected one of `kind`, `batch_size`, `model`";
        assert_eq!(did_you_mean(m).as_deref(), Some("did you mean `batch_size`?"));
        assert_eq!(did_you_mean("invalid type: string"), None);
    }
}
