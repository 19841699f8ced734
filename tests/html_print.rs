//! The HTML form printed by a real browser (headless Chromium, `--print-to-pdf`) against
//! the PDF of the same spec: the same number of pages, each page's table ending at the
//! same height, and the same labels (一级/二级, section labels, 三级指标 names continued
//! over a break) on each page, in landscape and portrait, for the seed, a 40-indicator
//! table with long texts and the stress spec.

mod support;

use std::path::{Path, PathBuf};

use support::{chromium, code, fixture, jixiao, poppler, seed_spec, squash, stderr};

/// Renders `spec` as HTML and PDF in `orientation` into `dir` and prints the HTML with
/// Chromium: (the PDF, Chromium's print).
fn both(spec: &Path, orientation: &str, dir: &Path) -> (PathBuf, PathBuf) {
    let run = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "html,pdf".as_ref(),
        "--orientation".as_ref(),
        orientation.as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let stem = spec.file_stem().unwrap().to_str().unwrap();
    let html = dir.join(format!("{stem}.html"));
    let printed = dir.join("chromium.pdf");
    let out = std::process::Command::new(chromium())
        .args(support::CHROMIUM_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", printed.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        printed.is_file(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir.join(format!("{stem}.pdf")), printed)
}

/// Each page's text, whitespace removed, in the order drawn (`-raw`): a browser draws a
/// cell's lines together, the PDF a cell's text as one block.
fn page_texts(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(squash).collect();
    // The text ends with a form feed after the last page.
    pages.pop();
    pages
}

/// How far down each page the ink reaches, over the text area (12 mm top margin; 14 mm
/// bottom margin, where the footer is left out): rasterised at 100 dpi.
fn ink(pdf: &Path) -> Vec<f64> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let run = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "100"])
        .args([pdf.as_os_str(), prefix.as_os_str()])
        .output()
        .unwrap_or_else(|e| support::missing_tool("pdftoppm", "poppler-utils", &e));
    assert!(run.status.success());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let data = std::fs::read(f).unwrap();
            // Binary PGM: "P5\n<w> <h>\n255\n" then one byte a pixel.
            let mut fields = data.splitn(4, |&b| b == b'\n');
            let _magic = fields.next();
            let size = String::from_utf8_lossy(fields.next().unwrap()).into_owned();
            let _max = fields.next();
            let pixels = fields.next().unwrap();
            let (w, h) = size.split_once(' ').unwrap();
            let (w, h): (usize, usize) = (w.parse().unwrap(), h.trim().parse().unwrap());
            let px_mm = 100.0 / 25.4;
            let top = (12.0 * px_mm) as usize;
            let bottom = h - (14.0 * px_mm) as usize;
            let lowest = (top..=bottom)
                .rev()
                .find(|&y| pixels[y * w..(y + 1) * w].iter().any(|&p| p < 128))
                .unwrap_or(top);
            (lowest - top) as f64 / (bottom - top) as f64
        })
        .collect()
}

/// The texts that the PDF shows again on the pages a cell reaches (labels) and the 三级
/// indicator names, whitespace removed.
fn labels(spec: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(spec).unwrap();
    let table = jixiao::validate::check_text(&text)
        .table
        .expect("the spec passes");
    let sheet = jixiao::forms::sheet(&table).expect("built-in layouts fit");
    let mut out: Vec<String> = sheet
        .cells
        .iter()
        .filter(|c| c.repeat || c.key == Some("name"))
        .map(|c| squash(&c.text()))
        .filter(|t| t.chars().count() >= 2)
        .collect();
    out.sort();
    out.dedup();
    out
}

fn compare(spec: &Path, orientation: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, printed) = both(spec, orientation, dir.path());
    let case = format!("{} {orientation}", spec.display());
    let (want, got) = (page_texts(&pdf), page_texts(&printed));
    assert_eq!(got.len(), want.len(), "{case}: pages");
    let (want_ink, got_ink) = (ink(&pdf), ink(&printed));
    assert_eq!(got_ink.len(), want_ink.len(), "{case}: rasterised pages");
    for (n, (w, g)) in want_ink.iter().zip(&got_ink).enumerate() {
        assert!(
            (w - g).abs() < 0.01,
            "{case}: page {} ends at {g:.3} of the text area, the PDF's at {w:.3}",
            n + 1
        );
    }
    let labels = labels(spec);
    let mut missing = Vec::new();
    let mut shown = 0;
    for (n, (w, g)) in want.iter().zip(&got).enumerate() {
        for label in &labels {
            shown += usize::from(w.contains(label.as_str()));
            if w.contains(label.as_str()) != g.contains(label.as_str()) {
                missing.push(format!(
                    "page {}: {label} (PDF {}, HTML {})",
                    n + 1,
                    w.contains(label.as_str()),
                    g.contains(label.as_str())
                ));
            }
        }
        let footer = format!("第{}页共{}页", n + 1, want.len());
        assert!(g.contains(&footer), "{case}: page {} lacks {footer}", n + 1);
    }
    assert!(missing.is_empty(), "{case}: {missing:#?}");
    // Every page shows some label or indicator name (the comparison compared something).
    assert!(
        shown >= want.len(),
        "{case}: {shown} labels on {} pages",
        want.len()
    );
}

#[test]
fn seed_prints_page_for_page_as_the_pdf() {
    for orientation in ["landscape", "portrait"] {
        compare(&seed_spec(), orientation);
    }
}

#[test]
fn long_texts_print_page_for_page_as_the_pdf() {
    for orientation in ["landscape", "portrait"] {
        compare(&fixture("long40.toml"), orientation);
    }
}

#[test]
fn stress_prints_page_for_page_as_the_pdf() {
    for orientation in ["landscape", "portrait"] {
        compare(&fixture("stress.toml"), orientation);
    }
}

/// A character the bundled font lacks stops the PDF, not the HTML: the HTML is written
/// without the PDF's pages and prints its long table, as before the pages existed.
#[test]
fn without_the_pdf_layout_the_html_prints_its_long_table() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("emoji.toml");
    let text = std::fs::read_to_string(seed_spec()).unwrap();
    assert!(text.contains("开展急救培训"));
    std::fs::write(&spec, text.replacen("开展急救培训", "开展急救培训😀", 1)).unwrap();
    let html = dir.path().join("emoji.html");
    let run = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-o".as_ref(),
        html.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("开展急救培训😀"));
    assert!(page.contains(r#"<table class="form"#));
    assert!(!page.contains("print-pages"), "pages without a layout");
}

/// A department's own `style.css` styles the screen; the printed pages keep their own
/// stylesheet (`print.css`), so they still print as the PDF, on the spec's paper.
#[test]
fn a_custom_stylesheet_keeps_the_printed_pages() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(tpl.join("style.css"), "body { color: #333; }").unwrap();
    let html = dir.path().join("a.html");
    let run = jixiao([
        "render".as_ref(),
        seed_spec().as_os_str(),
        "--orientation".as_ref(),
        "portrait".as_ref(),
        "-o".as_ref(),
        html.as_os_str(),
        "--templates".as_ref(),
        tpl.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("body { color: #333; }"));
    assert!(page.contains("@page { size: A4 portrait;"));
    assert_eq!(page.matches(r#"<section class="page">"#).count(), 3);
}
