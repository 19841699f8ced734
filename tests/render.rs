//! `jixiao render` to HTML and JSON, and `jixiao init`, through the real binary.

mod support;

use std::path::Path;

use support::{code, fixture, jixiao, seed_cell_texts, seed_spec, stderr};

fn render(spec: &Path, format: &str, out: &Path) -> std::process::Output {
    jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
}

/// Undoes the five escapes Tera's autoescape applies, to compare with plain text.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn seed_html_contains_every_text_of_the_original_form() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.html");
    let run = render(&seed_spec(), "html", &out);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let html = unescape(&std::fs::read_to_string(&out).unwrap());
    let mut missing = Vec::new();
    for text in seed_cell_texts() {
        // Amounts are printed with two decimals (1119.8 → 1119.80).
        let shown = match text.as_str() {
            "1119.8" => "1119.80".to_owned(),
            _ => text.clone(),
        };
        if !html.contains(&shown) {
            missing.push(text);
        }
    }
    assert!(missing.is_empty(), "missing from HTML: {missing:?}");
}

#[test]
fn seed_html_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.html");
    let run = render(&seed_spec(), "html", &out);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    insta::assert_snapshot!("seed_html", std::fs::read_to_string(&out).unwrap());
}

#[test]
fn seed_html_merges_cells_like_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.html");
    render(&seed_spec(), "html", &out);
    let whole = std::fs::read_to_string(&out).unwrap();
    // The long table (the screen's, and the print of templates without the PDF's pages);
    // the printed pages after it are tested in tests/html_print.rs.
    let html = &whole[..whole
        .find(r#"<div class="print-pages">"#)
        .expect("printed pages")];
    // 年度预算安排 spans its three short rows, merged in print too: the rows are kept on
    // one page (all but the last kept with the next).
    assert!(html.contains(
        r#"<tr class="keep with-next">
<th rowspan="3" class="edge section">年度预算安排(万元)</th>"#
    ));
    // 年度履职目标: its label is in the repeated column header (printed) and goes on beside
    // the two duties below it: one merged cell on screen (text on screen only, where the
    // header is not repeated), one cell per row in print, without a rule between them.
    assert!(html.contains(
        r#"<th class="edge section head-label"><span class="print-only">年度履职目标</span></th>"#
    ));
    assert!(html.contains(
        r#"<th rowspan="2" class="edge section body-label screen-cell"><span class="screen-only">年度履职目标</span></th>
<th class="edge section body-label print-cell open"></th>"#
    ));
    // 18 indicator rows beside one label on screen; in print 17 open cells and a closed one.
    assert!(html.contains(
        r#"<tr class="keep">
<th rowspan="18" class="edge section body-label screen-cell"><span class="screen-only">年度绩效指标</span></th>"#
    ));
    let section_cells = |class: &str| {
        html.matches(&format!("<th class=\"{class}\"></th>"))
            .count()
    };
    assert_eq!(
        section_cells("edge section body-label print-cell open"),
        17 + 1
    );
    assert_eq!(section_cells("edge section body-label print-cell"), 1 + 1);
    assert!(!html.contains("label-cont"));
    // Runs of 一级/二级: 产出 8 rows, 数量 5 (both merged on screen, one cell per row in
    // print, the text in the first), 质量 3 (short rows, at most a quarter of a page:
    // merged in print too); 成本指标 covers the 二级 column.
    let cell = |attrs: &str, path: &str, text: &str| {
        format!(r#"<td {attrs} data-field="indicators[{path}">{text}</td>"#)
    };
    for expected in [
        cell(
            r#"rowspan="8" class="c col-level1 screen-cell""#,
            "0].level1",
            "产出指标",
        ),
        cell(
            r#"class="c col-level1 print-cell open""#,
            "0].level1",
            "产出指标",
        ),
        cell(
            r#"rowspan="5" class="c col-level2 screen-cell""#,
            "0].level2",
            "数量指标",
        ),
        cell(
            r#"rowspan="3" class="c col-level2""#,
            "5].level2",
            "质量指标",
        ),
        // Four rows, but tall ones (two to four lines each): kept together they could
        // leave a third of a page empty, so one cell per row in print.
        cell(
            r#"rowspan="4" class="c col-level2 screen-cell""#,
            "12].level2",
            "可持续影响指标",
        ),
        cell(
            r#"colspan="2" class="c col-level1""#,
            "8].level1",
            "成本指标",
        ),
        cell(
            r#"rowspan="2" class="c col-level2""#,
            "16].level2",
            "服务对象满意度指标",
        ),
    ] {
        assert!(html.contains(&expected), "{expected}");
    }
    // The printed 产出 run: its first cell and 7 empty ones, the last closing the run.
    assert_eq!(
        html.matches(r#"<td class="c col-level1 print-cell open"></td>"#)
            .count(),
        6 + 5
    );
    // Merged cells a printing browser would cut at a page break are shown on screen only:
    // every other merged cell covers rows kept together.
    for (at, _) in html
        .match_indices("<td rowspan=")
        .chain(html.match_indices("<th rowspan="))
    {
        let tag = &html[at..at + html[at..].find('>').unwrap()];
        if tag.contains("screen-cell") {
            continue;
        }
        let row_start = html[..at].rfind("<tr").unwrap();
        assert!(
            html[row_start..at].contains("with-next"),
            "merged in print without its rows kept together: {tag}"
        );
    }
    // A short row is kept whole; where a merged cell is printed one cell per row, the
    // row it starts in may be too.
    assert!(html.contains(r#"<tr class="keep">"#));
    // The indicator header repeats on every printed page, and a footer rule closes the
    // table under the last row of each page.
    assert!(html.contains("<thead>") && html.contains("table-header-group"));
    assert!(html.contains("table-footer-group"));
    assert_eq!(
        html.matches(r#"<tfoot class="rule"><tr><td colspan="9"></td></tr></tfoot>"#)
            .count(),
        3
    );
    assert!(html.contains("size: A4 landscape"));
}

#[test]
fn spec_text_cannot_inject_markup() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("valid/minimal.toml"))
        .unwrap()
        .replace("某某市某某局", "<script>alert(1)</script>&局");
    let spec = dir.path().join("xss.toml");
    std::fs::write(&spec, text).unwrap();
    let out = dir.path().join("xss.html");
    let run = render(&spec, "html", &out);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn json_is_identical_for_float_and_string_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(seed_spec()).unwrap();
    let variant = original
        .replace("total = 2120.91", "total = \"2120.91\"")
        .replace("project = 1119.8 ", "project = \"1119.80\" ")
        .replace("amount = 662.00", "amount = 662");
    assert_ne!(original, variant);
    let spec_b = dir.path().join("b.toml");
    std::fs::write(&spec_b, variant).unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    assert_eq!(code(&render(&seed_spec(), "json", &a)), 0);
    assert_eq!(code(&render(&spec_b, "json", &b)), 0);
    let (ja, jb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(ja, jb);
    let v: serde_json::Value = serde_json::from_slice(&ja).unwrap();
    assert_eq!(v["schema"], "jixiao/goal-table/v1");
    assert_eq!(v["budget"]["project"], "1119.80");
    assert_eq!(v["indicators"].as_array().unwrap().len(), 18);
    assert_eq!(v["indicators"][8]["target"]["text"], "≥1119.80万元");
    assert_eq!(v["indicators"][8]["target"]["kind"]["op"], "≥");
    assert!(!String::from_utf8_lossy(&ja).contains(".toml"));
}

#[test]
fn spec_with_errors_is_not_rendered_and_old_output_survives() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("form.html");
    std::fs::write(&out, "previous good output").unwrap();
    let run = render(&fixture("invalid/E104-budget-sum.toml"), "html", &out);
    assert_eq!(code(&run), 1);
    assert!(stderr(&run).contains("E104"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "previous good output"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary files left behind");
}

#[test]
fn several_specs_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("输出");
    let run = jixiao([
        "render".as_ref(),
        seed_spec().as_os_str(),
        fixture("valid/minimal.toml").as_os_str(),
        "-o".as_ref(),
        out_dir.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(out_dir.join("fujian-redcross-2021.html").is_file());
    assert!(out_dir.join("minimal.html").is_file());
}

#[test]
fn custom_templates_override_and_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(tpl.join("goal_table.html"), "<h1>{{ department }}</h1>").unwrap();
    let out = dir.path().join("a.html");
    let args = |t: &Path| {
        jixiao([
            "render".as_ref(),
            seed_spec().as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--templates".as_ref(),
            t.as_os_str(),
        ])
    };
    let run = args(&tpl);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "<h1>福建省红十字会(本级)</h1>"
    );
    std::fs::write(
        tpl.join("goal_table.html"),
        "<h1>\n{{ department | nosuchfilter }</h1>",
    )
    .unwrap();
    let run = args(&tpl);
    assert_eq!(code(&run), 2);
    let err = stderr(&run);
    assert!(
        err.contains("模板错误") && err.contains("goal_table.html:2:"),
        "{err}"
    );
}

#[test]
fn init_writes_a_skeleton_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("二〇二七.toml");
    let run = jixiao([
        "init".as_ref(),
        path.as_os_str(),
        "--year".as_ref(),
        "2027".as_ref(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("year = 2027") && text.contains("# 部门(单位)名称"));
    // It parses; what is left to fill is reported as empty fields, never as syntax errors.
    let (exit, diags) = support::check_json(&path);
    assert_eq!(exit, 1);
    assert!(diags.iter().all(|(c, _)| c == "E005"), "{diags:?}");
    std::fs::write(&path, "mine").unwrap();
    let run = jixiao(["init".as_ref(), path.as_os_str()]);
    assert_eq!(code(&run), 2);
    assert!(stderr(&run).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    let run = jixiao(["init".as_ref(), path.as_os_str(), "--force".as_ref()]);
    assert_eq!(code(&run), 0);
}

#[test]
fn several_formats_in_one_run_share_one_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out/");
    let run = jixiao([
        "render".as_ref(),
        seed_spec().as_os_str(),
        "-f".as_ref(),
        "html,pdf,json".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    for ext in ["html", "pdf", "json"] {
        assert!(
            out.join(format!("fujian-redcross-2021.{ext}")).is_file(),
            "{ext}"
        );
    }
    // Warnings are printed once, not once per format.
    assert_eq!(stderr(&run).matches("警告[W304]").count(), 1);
    let file = dir.path().join("one.html");
    let run = jixiao([
        "render".as_ref(),
        seed_spec().as_os_str(),
        "-f".as_ref(),
        "html,pdf".as_ref(),
        "-o".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(code(&run), 2);
    assert!(stderr(&run).contains("应为文件夹"));
}

#[test]
fn recursive_templates_are_stopped_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.html");
    for (template, phrase) in [
        (r#"{% include "goal_table.html" %}"#, "循环包含"),
        (
            "{% component deep() %}x{{<deep />}}{% endcomponent deep %}{{<deep />}}",
            "递归调用超过 20 层",
        ),
    ] {
        let tpl = dir.path().join("tpl");
        std::fs::create_dir_all(&tpl).unwrap();
        std::fs::write(tpl.join("goal_table.html"), template).unwrap();
        let run = jixiao([
            "render".as_ref(),
            seed_spec().as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--templates".as_ref(),
            tpl.as_os_str(),
        ]);
        assert_eq!(code(&run), 2);
        assert!(stderr(&run).contains(phrase), "{}", stderr(&run));
        assert!(!out.exists());
    }
}

/// The HTML printed by a real browser (headless Chromium, `--print-to-pdf`): the page
/// footer counts pages, the seed prints on 3 pages (5 when a browser kept every row whole,
/// 4 when it kept merged labels whole; the printed pages are now the PDF's, see
/// tests/html_print.rs), no page but the last is left mostly empty, every page's part of
/// the table is closed by its rules, and every cell's text is on paper.
#[test]
fn seed_html_prints_from_chromium_with_page_numbers() {
    let chromium = support::chromium();
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("seed.html");
    render(&seed_spec(), "html", &html);
    let pdf = dir.path().join("seed.pdf");
    let profile = dir.path().join("profile");
    let out = std::process::Command::new(chromium)
        .args(support::CHROMIUM_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&out.stderr));
    // In the order drawn (-raw): cell by cell, as a printing browser draws the cells of a
    // row one after another; read by position, the lines of neighbouring cells that share
    // a baseline would interleave.
    let text = std::process::Command::new("pdftotext")
        .args(["-raw".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext（poppler-utils）runs");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let pages = text.matches('\u{c}').count();
    // Three pages, as the PDF: the indicator block's merged labels split across pages
    // (kept whole they moved the block to page 3 and left page 2 mostly empty: 4 pages).
    assert!((1..=3).contains(&pages), "{pages} pages");
    let fills = printed_fills(&pdf);
    assert_eq!(fills.len(), pages);
    for (n, fill) in fills[..pages - 1].iter().enumerate() {
        assert!(
            *fill >= 0.75,
            "page {} filled to {fill:.2}: {fills:?}",
            n + 1
        );
    }
    for n in 1..=pages {
        assert!(
            squashed.contains(&format!("第{n}页共{pages}页")),
            "footer of page {n}"
        );
    }
    // The narrow section label ending in a unit wraps before the bracket, not inside it
    // (it left 元) alone on its last line).
    let words = printed_words(&pdf);
    assert!(
        words.iter().any(|w| w == "(万元)") && !words.iter().any(|w| w == "元)"),
        "年度预算安排(万元) wraps inside its unit: {:?}",
        &words[..words.len().min(20)]
    );
    // Every page's part of the table is closed: nothing is drawn below the rule under the
    // last row (merged cells cut by the break reached a few mm below it, or ended a row
    // early and left the rule short), and a continued page starts with a rule across the
    // table (the repeated header's top).
    let rules = printed_rules(&pdf);
    assert_eq!(rules.len(), pages);
    for (n, page) in rules.iter().enumerate() {
        let closed = page.full.iter().any(|&y| page.lowest <= y + 1);
        assert!(
            closed,
            "page {}: drawn down to y={} px, below the last rule across the table ({:?})",
            n + 1,
            page.lowest,
            page.full.last()
        );
        if n > 0 {
            assert!(
                page.full.first().is_some_and(|&y| y <= page.first + 1),
                "page {}: the table starts at y={} px without a rule across it ({:?})",
                n + 1,
                page.first,
                page.full.first()
            );
        }
    }
    for cell in support::seed_cell_texts() {
        let cell: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
        // Lines of neighbouring cells interleave in the text layer and a split row goes on
        // after the footer, so compare the first characters of each cell (narrow label
        // columns hold four).
        let head: String = cell.chars().take(4).collect();
        assert!(squashed.contains(&head), "printed HTML lacks {cell:?}");
    }
}

/// How far down each printed page the text reaches, over the text area (12 mm top and
/// 14 mm bottom margins of the print stylesheet; the footer in the bottom margin is left
/// out), from the word boxes of `pdftotext -bbox`.
fn printed_fills(pdf: &Path) -> Vec<f64> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext（poppler-utils）runs");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let start = tag.find(&key).map(|k| k + key.len()).expect("attribute");
        let end = tag[start..].find('"').expect("closing quote") + start;
        tag[start..end].parse().expect("a number")
    };
    let mm = 72.0 / 25.4;
    let mut fills = Vec::new();
    for page in xml.split("<page ").skip(1) {
        let height = attr(page, "height");
        let (top, bottom) = (12.0 * mm, height - 14.0 * mm);
        let lowest = page
            .split("<word ")
            .skip(1)
            .map(|w| attr(w, "yMax"))
            .filter(|&y| y <= bottom)
            .fold(top, f64::max);
        fills.push((lowest - top) / (bottom - top));
    }
    fills
}

/// The words of the text layer (`pdftotext -bbox`), in order: a cell's text is one word per
/// printed line.
fn printed_words(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext（poppler-utils）runs");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    xml.split("<word ")
        .skip(1)
        .filter_map(|w| {
            let start = w.find('>')? + 1;
            let end = w.find("</word>")?;
            Some(unescape(&w[start..end]))
        })
        .collect()
}

/// The lines drawn on one printed page, in pixels at 100 dpi from the top, inside the text
/// area and the table's width. The text area ends 14 mm above the paper's foot; a rule
/// drawn on its last line of pixels is taken in, the footer in the middle of the margin
/// is left out.
struct PageRules {
    /// The first and the last pixel row with anything drawn.
    first: usize,
    lowest: usize,
    /// Rows drawn across the whole table width (its horizontal rules).
    full: Vec<usize>,
}

/// Rasterises each page of `pdf` (`pdftoppm -gray`) and finds its horizontal rules.
fn printed_rules(pdf: &Path) -> Vec<PageRules> {
    const DPI: f64 = 100.0;
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let run = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "100"])
        .args([pdf.as_os_str(), prefix.as_os_str()])
        .output()
        .expect("pdftoppm（poppler-utils）runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let data = std::fs::read(file).unwrap();
            // Binary PGM: "P5", width, height, maxval, one whitespace byte, the pixels.
            let mut fields = Vec::new();
            let mut at = 0;
            while fields.len() < 4 {
                while data[at].is_ascii_whitespace() {
                    at += 1;
                }
                let start = at;
                while !data[at].is_ascii_whitespace() {
                    at += 1;
                }
                fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
            }
            assert_eq!(fields[0], "P5", "{}", file.display());
            let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
            let px = &data[at + 1..];
            let bottom = h - (11.0 / 25.4 * DPI) as usize;
            let dark = |x: usize, y: usize| px[y * w + x] < 128;
            let inked: Vec<usize> = (0..w)
                .filter(|&x| (0..bottom).any(|y| dark(x, y)))
                .collect();
            let (x0, x1) = (inked[0], inked[inked.len() - 1]);
            let width = x1 - x0 + 1;
            let drawn: Vec<usize> = (0..bottom)
                .filter(|&y| (x0..=x1).any(|x| dark(x, y)))
                .collect();
            let full = drawn
                .iter()
                .copied()
                .filter(|&y| (x0..=x1).filter(|&x| dark(x, y)).count() * 50 >= width * 49)
                .collect();
            PageRules {
                first: drawn[0],
                lowest: drawn[drawn.len() - 1],
                full,
            }
        })
        .collect()
}

/// Renders a fixture to HTML in a temporary folder and returns the unescaped page.
fn html_of(spec: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.html");
    let run = render(spec, "html", &out);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    unescape(&std::fs::read_to_string(&out).unwrap())
}

#[test]
fn full_width_targets_and_amounts_are_shown_half_width() {
    let html = html_of(&fixture("invalid/W014-full-width.toml"));
    for shown in ["≥100人次", "≤50条", "≥90%", "100.00"] {
        assert!(html.contains(shown), "{shown} missing");
    }
    assert!(
        !html.contains("９"),
        "full-width digits leaked into the form"
    );
}

#[test]
fn short_level_names_become_one_canonical_cell() {
    let html = html_of(&fixture("invalid/W208-short-level-name.toml"));
    assert!(html.contains(">产出指标</td>"));
    assert!(html.contains(">效益指标</td>"));
    assert!(html.contains(">服务对象满意度指标</td>"));
    assert!(!html.contains(">产出</td>") && !html.contains(">效果指标</td>"));
}

#[test]
fn indicators_written_apart_are_grouped() {
    let html = html_of(&fixture("invalid/W209-indicators-apart.toml"));
    assert_eq!(
        html.matches(">产出指标</td>").count(),
        1,
        "one 产出指标 cell"
    );
    let pos = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(
        pos("宣传册数") < pos("宣传条数"),
        "moved row sits with its group"
    );
}

#[test]
fn output_without_extension_gets_the_formats() {
    let dir = tempfile::tempdir().unwrap();
    let run = render(&seed_spec(), "json", &dir.path().join("表"));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(dir.path().join("表.json").is_file());
    assert!(!dir.path().join("表").exists());
}

#[test]
fn output_extension_contradicting_the_format_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.html");
    let run = render(&seed_spec(), "pdf", &out);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "{err}");
    assert!(err.contains("与格式 pdf 不符"), "{err}");
    assert!(err.contains("x.pdf"), "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn output_dash_writes_to_stdout() {
    let run = render(&seed_spec(), "json", Path::new("-"));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["year"], 2021);
    assert!(!Path::new("-").exists());
    let run = render(&seed_spec(), "json,html", Path::new("-"));
    assert_eq!(code(&run), 2, "{}", stderr(&run));
}

/// An unwritable folder is named, with the reason in Chinese; never a temporary file.
#[cfg(target_os = "linux")]
#[test]
fn unwritable_folder_is_named_without_os_english() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    for (out, why) in [
        (Path::new("/sys/x.html").to_path_buf(), "没有写入权限"),
        (file.join("x.html"), "不是文件夹"),
    ] {
        let run = render(&seed_spec(), "html", &out);
        let err = stderr(&run);
        assert_eq!(code(&run), 2, "{err}");
        assert!(err.contains("无法写入文件夹"), "{err}");
        assert!(err.contains(why), "{err}");
        for leak in [".jixiao-", "os error", "Permission", "at path", "已存在"] {
            assert!(!err.contains(leak), "{leak} leaked: {err}");
        }
    }
}
