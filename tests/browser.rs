//! memo.html in a real browser: headless Chromium prints it to PDF on A4 and on Letter, `pdfinfo` reads the
//! page size and count, `pdftotext` finds every chart's title (drawn inside the inline SVG). Runs when
//! Chromium and poppler are installed; without them it skips with a notice, unless
//! `COMPUTECOST_REQUIRE_BROWSER=1` (as `.ci/run` sets after installing them), when it fails instead.

use crate::util::computecost;
use std::fs;
use std::path::Path;
use std::process::Command;

/// The browser and the PDF tools, or why the test cannot run.
fn tools() -> Result<String, String> {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    let poppler = ["pdfinfo", "pdftotext"].iter().all(|t| Command::new(t).arg("-v").output().is_ok());
    match (browser, poppler) {
        (Some(b), true) => Ok(b.to_string()),
        (None, _) => Err("no chromium on the PATH".into()),
        (_, false) => Err("no pdfinfo/pdftotext (poppler-utils)".into()),
    }
}

/// Prints `html` to `pdf` with headless Chromium, closed to the network.
fn print_to_pdf(browser: &str, html: &Path, pdf: &Path, profile: &Path) {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html)
        .output()
        .expect("run chromium");
    assert!(pdf.exists(), "chromium wrote no PDF: {}", String::from_utf8_lossy(&out.stderr));
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run a poppler tool");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_html_memo_prints_to_pdf_on_a4_and_letter() {
    let browser = match tools() {
        Ok(b) => b,
        Err(why) if std::env::var("COMPUTECOST_REQUIRE_BROWSER").as_deref() == Ok("1") => {
            panic!("COMPUTECOST_REQUIRE_BROWSER=1 but {why}: apt-get install -y chromium poppler-utils")
        }
        Err(why) => {
            eprintln!(
                "SKIPPED the_html_memo_prints_to_pdf_on_a4_and_letter: {why} (set COMPUTECOST_REQUIRE_BROWSER=1 to require it)"
            );
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let out = computecost()
        .args(["report", "--samples", "500", "--today", "2026-11-30", "-q", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let folder = dir.path().join("chat-assistant");
    let html = fs::read_to_string(folder.join("memo.html")).unwrap();
    assert!(!html.contains("<script"), "the memo needs no JavaScript");
    // Every chart's title, as its image in memo.md names it: `![title](charts/name.png)`.
    let memo = fs::read_to_string(folder.join("memo.md")).unwrap();
    let titles: Vec<&str> =
        memo.lines().filter_map(|l| l.strip_prefix("![")?.split_once("](charts/").map(|(t, _)| t)).collect();
    assert!(titles.len() >= 7, "{titles:?}");
    for (size, name) in [("A4", "(A4)"), ("Letter", "(letter)")] {
        let copy = folder.join(format!("memo-{size}.html"));
        let sized = html.replacen("@page {", &format!("@page {{ size: {size};"), 1);
        assert_ne!(sized, html, "memo.html has an @page rule to size");
        fs::write(&copy, sized).unwrap();
        let pdf = folder.join(format!("memo-{size}.pdf"));
        print_to_pdf(&browser, &copy, &pdf, &dir.path().join(format!("profile-{size}")));
        let info = stdout(Command::new("pdfinfo").arg(&pdf));
        assert!(info.contains(name), "{size}: not printed on {size}:\n{info}");
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("a page count");
        // A memo of eight charts, its tables and appendix: more than a leaflet, less than a book.
        assert!((8..=60).contains(&pages), "{size}: {pages} pages");
        let text = stdout(Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-"));
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for title in &titles {
            let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.matches(title.as_str()).count() >= 1, "{size}: chart title {title:?} not in the PDF");
        }
        assert!(flat.contains("Recommendation:"), "{size}: the memo's text is missing");
    }
}
