//! Text from users made safe to show anywhere: a terminal, an SVG (XML 1.0 forbids most control
//! characters even when escaped), Markdown, CSV.

use std::borrow::Cow;

/// Whether `c` is a control character that must not reach an output (every C0 and C1 control and DEL;
/// `keep_layout` keeps newline and tab, for multi-line text such as a description).
fn is_unsafe(c: char, keep_layout: bool) -> bool {
    c.is_control() && !(keep_layout && matches!(c, '\n' | '\t'))
}

/// The visible stand-in of a control character: its Unicode control picture (ESC → ␛, U+241B) for C0
/// and DEL, the replacement character for C1 controls (they have no picture).
fn picture(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1F => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// `s` with every control character shown as its control picture, so that an escape sequence in a name
/// can neither drive a terminal nor break an SVG; one character stays one character, so columns and
/// carets still line up. Borrowed when there is nothing to replace.
pub fn printable(s: &str) -> Cow<'_, str> {
    shown(s, false)
}

/// As [`printable`], keeping newlines and tabs (multi-line text).
pub fn printable_multiline(s: &str) -> Cow<'_, str> {
    shown(s, true)
}

fn shown(s: &str, keep_layout: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, keep_layout)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if is_unsafe(c, keep_layout) { picture(c) } else { c }).collect())
}

/// The first control character of `s` (newline and tab allowed when `keep_layout`), with its character
/// index: for errors that point at it.
pub fn first_control(s: &str, keep_layout: bool) -> Option<(usize, char)> {
    s.chars().enumerate().find(|(_, c)| is_unsafe(*c, keep_layout))
}

/// Up to three known ids closest to `wanted`, for "did you mean" hints.
pub fn suggest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = known
        .map(|k| (strsim::normalized_damerau_levenshtein(wanted, k), k))
        .filter(|(score, k)| *score >= 0.5 || k.contains(wanted) || wanted.contains(*k))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// `s` with its first letter in capitals (`monthly cost` → `Monthly cost`).
pub fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_rank_the_closest_id_first() {
        let known = ["llama-3-70b", "llama-3-8b", "mixtral-8x7b"];
        assert_eq!(suggest("llama3-70b", known.into_iter())[0], "llama-3-70b");
        assert!(suggest("zzzzzz", known.into_iter()).is_empty());
    }

    #[test]
    fn control_characters_become_pictures_and_nothing_else_changes() {
        assert!(matches!(printable("Llama-3 70B · é"), Cow::Borrowed(_)));
        assert_eq!(printable("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(printable("tab\there\nnl"), "tab\u{2409}here\u{240a}nl");
        assert_eq!(printable_multiline("tab\there\nnl\r"), "tab\there\nnl\u{240d}");
        assert_eq!(printable("\u{7f}\u{85}\u{0}"), "\u{2421}\u{fffd}\u{2400}");
        assert_eq!(printable("a\u{1b}b").chars().count(), 3, "one character stays one character");
        assert_eq!(first_control("ab\u{1b}", false), Some((2, '\u{1b}')));
        assert_eq!(first_control("a\nb", true), None);
    }
}
