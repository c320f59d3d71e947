//! Where a CSV cell sits in its file, so that an error about it can name its line and column.

use std::ops::Range;

/// Byte range of field `index` of the CSV line starting at byte `start` (quotes respected); the line's
/// first byte when it has fewer fields.
pub(crate) fn csv_field(text: &str, start: usize, index: usize) -> Range<usize> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
    let mut field = 0;
    let mut quoted = false;
    let mut field_start = start;
    for (i, c) in text[start..line_end].char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                if field == index {
                    return field_start..start + i;
                }
                field += 1;
                field_start = start + i + 1;
            }
            _ => {}
        }
    }
    if field == index { field_start..line_end } else { start..start + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_found_past_quoted_commas() {
        let text = "a,\"b, c\",d\n";
        assert_eq!(&text[csv_field(text, 0, 2)], "d");
        assert_eq!(&text[csv_field(text, 0, 1)], "\"b, c\"");
        let crlf = "x,y\r\n";
        assert_eq!(&crlf[csv_field(crlf, 0, 1)], "y", "a CRLF line's last cell ends before the CR");
    }
}
