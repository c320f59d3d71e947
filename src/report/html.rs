//! memo.html: the memo as one self-contained page to open, send or print to PDF. It is memo.md turned into
//! HTML (CommonMark with tables, by pulldown-cmark), each chart's PNG reference replaced by the chart's own
//! SVG inline, the embedded fonts as data URLs, and a print style sheet: no network, no JavaScript, the same
//! text as memo.md.

use crate::chart::Chart;
use base64::Engine as _;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// The page's style: screen and print (A4 and Letter both fit its 17 cm column), charts kept whole on a
/// page, wide tables in a smaller type that wraps.
const STYLE: &str = r#"
@page { margin: 14mm 12mm; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #222; }
body { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.6rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 0.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1.02rem; margin: 1.2rem 0 0.4rem; }
blockquote { margin: 0.8rem 0; padding: 0.5rem 0.9rem; border-left: 4px solid #0072B2; background: #f4f8fb; }
code { font-size: 0.92em; background: #f3f3f3; padding: 0 0.15em; border-radius: 2px; overflow-wrap: anywhere; }
pre { background: #f3f3f3; padding: 0.5rem 0.8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; font-size: 0.72rem; line-height: 1.25; margin: 0.6rem 0; width: 100%; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.15rem 0.25rem; vertical-align: top; }
td code { overflow-wrap: anywhere; }
th { text-align: left; background: #f6f6f6; }
figure { margin: 0.8rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
li { margin: 0.15rem 0; }
a { color: #0b5d94; overflow-wrap: anywhere; }
@media print {
  html { font-size: 9pt; }
  body { max-width: none; margin: 0; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
  figure svg { max-height: 98mm; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The embedded faces, in a style element of their own at the end of the head, so the page's source opens
/// with its readable part.
const FONTS: &str = r#"
@font-face { font-family: "DejaVu Sans"; font-weight: normal; src: url(data:font/ttf;base64,REGULAR) format("truetype"); }
@font-face { font-family: "DejaVu Sans"; font-weight: bold; src: url(data:font/ttf;base64,BOLD) format("truetype"); }
"#;

/// The SVG of `charts/<name>.png` in `src`, if it names a chart.
fn chart_for<'a>(src: &str, charts: &'a [Chart]) -> Option<&'a Chart> {
    let name = src.strip_prefix("charts/")?.strip_suffix(".png")?;
    charts.iter().find(|c| c.name == name)
}

/// Whether following `url` would run code (`javascript:`, `vbscript:`, `data:`), however it is spelled.
fn runs_code(url: &str) -> bool {
    let scheme: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| scheme.starts_with(s))
}

/// `text` safe inside HTML text and attributes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// memo.html from memo.md (`markdown`), its charts and its title.
pub fn page(markdown: &str, charts: &[Chart], title: &str) -> String {
    // The memo quotes the scenario's own text (its name, description, provider names): raw HTML in it is
    // shown as text, and an image that is not one of the charts becomes a link, so the page runs no
    // script and fetches nothing whatever a scenario says.
    let mut linked = false;
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Image { link_type, dest_url, title, id }) if chart_for(&dest_url, charts).is_none() => {
            linked = true;
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        // A link that would run code when followed goes nowhere.
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if runs_code(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: "".into(), title, id })
        }
        Event::End(TagEnd::Image) if linked => {
            linked = false;
            Event::End(TagEnd::Link)
        }
        other => other,
    });
    let mut body = String::new();
    html::push_html(&mut body, events);
    // Each chart image becomes the chart itself: `<p><img src="charts/x.png" alt="..." /></p>`.
    let mut inlined = String::with_capacity(body.len());
    let mut rest = body.as_str();
    while let Some(start) = rest.find("<p><img src=\"") {
        let (before, tail) = rest.split_at(start);
        inlined.push_str(before);
        let src = &tail["<p><img src=\"".len()..];
        let src = &src[..src.find('"').unwrap_or(0)];
        let end = tail.find("</p>").map_or(tail.len(), |e| e + "</p>".len());
        match chart_for(src, charts) {
            Some(c) => {
                inlined.push_str(&format!("<figure aria-label=\"{}\">\n", escape(&c.title)));
                inlined.push_str(c.svg.trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").trim());
                inlined.push_str("\n</figure>");
            }
            None => inlined.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    inlined.push_str(rest);
    let b64 = base64::engine::general_purpose::STANDARD;
    let fonts = FONTS
        .replace("REGULAR", &b64.encode(crate::chart::theme::REGULAR))
        .replace("BOLD", &b64.encode(crate::chart::theme::BOLD));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n\
         <style>{fonts}</style>\n</head>\n<body>\n{inlined}</body>\n</html>\n",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(name: &str) -> Chart {
        Chart {
            name: name.into(),
            title: format!("{name} title"),
            caption: String::new(),
            svg: format!("<svg viewBox=\"0 0 10 10\"><text>{name} inside</text></svg>"),
            png: Vec::new(),
        }
    }

    #[test]
    fn charts_are_inlined_and_nothing_is_fetched() {
        let md = "# T & co\n\n![Cost](charts/cost.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![Other](elsewhere.png)\n";
        let page = page(md, &[chart("cost")], "T & co");
        assert!(page.contains("<figure aria-label=\"cost title\">\n<svg viewBox"), "{page}");
        assert!(page.contains("cost inside"));
        assert!(!page.contains("charts/cost.png"), "the PNG reference is replaced");
        assert!(page.contains("<table>") && page.contains("<td>2</td>"), "tables are rendered");
        assert!(page.contains("<title>T &amp; co</title>"));
        // An image that is not a chart becomes a link to it: nothing is fetched.
        assert!(page.contains("<a href=\"elsewhere.png\">Other</a>") && !page.contains("<img"), "{page}");
        assert!(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"));
        assert!(page.contains("data:font/ttf;base64,AAEAAA"), "the fonts are embedded (a TrueType header)");
    }

    #[test]
    fn html_in_the_scenarios_text_is_shown_not_run() {
        let md = "# Evil <script>alert(1)</script>\n\n<img src=http://x.example/a.png>\n\n![x](http://x.example/b.png)\n\n\
                  [click](JavaScript:alert(1)) [ok](https://example.org)\n";
        let page = page(md, &[], "Evil");
        assert!(!page.contains("<script") && !page.contains("<img"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
        assert!(page.contains("<a href=\"http://x.example/b.png\">x</a>"), "{page}");
        assert!(!page.to_lowercase().contains("javascript:") && page.contains("<a href=\"\">click</a>"), "{page}");
        assert!(page.contains("<a href=\"https://example.org\">ok</a>"), "{page}");
    }
}
