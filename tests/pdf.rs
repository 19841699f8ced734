//! `jixiao render --format pdf` through the real binary, checked with poppler-utils
//! (`pdftotext`, `pdffonts`, `pdfinfo`): every cell's text comes back whole, fonts are
//! embedded subsets with ToUnicode, metadata is set, output is byte-identical, and font
//! problems are Chinese errors with exit code 2.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{poppler, root, squash};

use jixiao::document::Document;
use jixiao::render::sheet::Sheet;

const SEED: &str = "specs/fujian-redcross-2021.toml";
const STRESS: &str = "tests/fixtures/stress.toml";

fn jixiao(args: &[&str], envs: &[(&str, &str)]) -> Output {
    support::jixiao_env(args, envs)
}

fn render(spec: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["render", spec, "-f", "pdf", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = jixiao(&args, &[]);
    assert!(
        o.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn view_of(spec: &str) -> Sheet {
    let doc = Document::load(&root().join(spec)).expect("read spec");
    jixiao::forms::sheet(doc.table.as_ref().expect("spec passes check"))
        .expect("built-in layouts fit")
}

/// Every string the form shows, cell by cell (paragraphs joined).
fn cell_texts(v: &Sheet) -> Vec<String> {
    let mut out = vec![v.title.clone(), v.subtitle.clone()];
    out.extend(v.cells.iter().map(|c| c.paras.join("")));
    out.retain(|s| !s.trim().is_empty());
    out
}

#[test]
fn seed_pdf_gives_back_every_cell_whole() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("seed.pdf");
    render(SEED, &pdf, &[]);
    let text = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    // Whole, or (the one cell of a row split between two pages) in two pieces in order.
    let mut split = 0;
    for cell in cell_texts(&view_of(SEED)) {
        if text.contains(&squash(&cell)) {
            continue;
        }
        split += 1;
        assert!(
            pieces_in_order(&squash(&cell), &text).is_some_and(|n| n <= 2),
            "pdftotext lost the cell text {cell:?}"
        );
    }
    assert!(split <= 2, "{split} cells split");
    let pages = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let n: usize = pages
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap();
    for i in 1..=n {
        assert!(
            text.contains(&format!("第{i}页共{n}页")),
            "footer of page {i}"
        );
    }
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size <= 160 * 1024, "seed PDF is {size} bytes");
}

#[test]
fn fonts_are_embedded_subsets_with_unicode_maps() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("seed.pdf");
    render(SEED, &pdf, &[]);
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... encoding emb sub uni object ID
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
        let name = cols[0];
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "subset tag missing: {name}"
        );
    }
}

#[test]
fn metadata_names_the_form_department_and_jixiao() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("seed.pdf");
    render(SEED, &pdf, &[]);
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.contains("部门整体支出绩效目标表 福建省红十字会(本级) 2021年度"),
        "{info}"
    );
    assert!(
        info.lines()
            .any(|l| l.starts_with("Author:") && l.contains("福建省红十字会(本级)"))
    );
    let creator = format!("jixiao {}", env!("CARGO_PKG_VERSION"));
    assert!(
        info.lines()
            .any(|l| l.starts_with("Creator:") && l.contains(&creator))
    );
    // A4 landscape: 297 mm wide, 210 mm high.
    assert!(
        info.lines()
            .any(|l| l.starts_with("Page size:") && l.contains("841.89 x 595.276")),
        "{info}"
    );
    assert!(
        !info.contains("CreationDate"),
        "no SOURCE_DATE_EPOCH, no date: {info}"
    );
}

#[test]
fn same_input_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    render(SEED, &a, &[]);
    render(SEED, &b, &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());

    // In a parallel batch the documents come out the same as alone.
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    for name in ["x.toml", "y.toml"] {
        std::fs::copy(root().join(SEED), batch.join(name)).unwrap();
    }
    let out = dir.path().join("out/");
    let o = jixiao(
        &[
            "render",
            batch.to_str().unwrap(),
            "-f",
            "pdf",
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success());
    let alone = std::fs::read(&a).unwrap();
    assert_eq!(std::fs::read(out.join("x.pdf")).unwrap(), alone);
    assert_eq!(std::fs::read(out.join("y.pdf")).unwrap(), alone);

    // SOURCE_DATE_EPOCH sets the date, reproducibly.
    let d1 = dir.path().join("d1.pdf");
    let d2 = dir.path().join("d2.pdf");
    for d in [&d1, &d2] {
        let o = jixiao(
            &["render", SEED, "-f", "pdf", "-o", d.to_str().unwrap()],
            &[("SOURCE_DATE_EPOCH", "1700000000")],
        );
        assert!(o.status.success());
    }
    assert_eq!(std::fs::read(&d1).unwrap(), std::fs::read(&d2).unwrap());
    let info = poppler("pdfinfo", &["-isodates", d1.to_str().unwrap()]);
    assert!(info.contains("2023-11-14T22:13:20"), "{info}");
}

#[test]
fn stress_spec_renders_every_cell() {
    let check = jixiao(&["check", STRESS], &[]);
    assert!(check.status.success(), "stress spec must pass check");
    let dir = tempfile::tempdir().unwrap();
    for (name, extra) in [
        ("landscape.pdf", &[][..]),
        ("portrait.pdf", &["--orientation", "portrait"][..]),
    ] {
        let pdf = dir.path().join(name);
        render(STRESS, &pdf, extra);
        let text = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
        let view = view_of(STRESS);
        // Names are short and must come back whole; cells of rows taller than a page come
        // back in page-sized pieces, in order. (The very long cells, whose repetitive text
        // defeats this matching, are checked piece by piece by the layout unit tests.)
        let in_indicators = |c: &&jixiao::render::sheet::Cell| c.path.starts_with("indicators[");
        for c in view.cells.iter().filter(in_indicators) {
            let cell = c.paras.join("");
            if c.key == Some("name") {
                assert!(text.contains(&squash(&cell)), "{name}: lost {cell:?}");
            } else if c.key.is_some_and(|k| k != "level1" && k != "level2")
                && cell.chars().count() < 300
            {
                let pieces = pieces_in_order(&squash(&cell), &text);
                assert!(
                    pieces.is_some_and(|n| n <= 3),
                    "{name}: lost {cell:?} ({pieces:?} pieces)"
                );
            }
        }
        // The goal, taller than a page, comes back in order across its pieces.
        let goal_cell = view
            .cells
            .iter()
            .find(|c| c.path == "overall_goal")
            .expect("goal");
        let goal = squash(&goal_cell.paras.join(""));
        let first = &goal[..goal.char_indices().nth(60).unwrap().0];
        assert!(text.contains(first));
    }
}

/// In how many in-order pieces `needle` occurs in `hay` (greedy longest pieces).
fn pieces_in_order(needle: &str, hay: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    let mut from = 0; // byte offset in hay
    let mut i = 0;
    let mut pieces = 0;
    while i < needle.len() {
        let mut best: Option<(usize, usize)> = None; // (chars matched, end byte in hay)
        let mut lo = 1;
        let mut hi = needle.len() - i;
        while lo <= hi {
            let mid = (lo + hi) / 2;
            let piece: String = needle[i..i + mid].iter().collect();
            match hay[from..].find(&piece) {
                Some(k) => {
                    best = Some((mid, from + k + piece.len()));
                    lo = mid + 1;
                }
                None => hi = mid - 1,
            }
        }
        let (n, end) = best?;
        i += n;
        from = end;
        pieces += 1;
    }
    Some(pieces)
}

#[test]
fn paper_and_orientation_options() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("a3.pdf");
    render(SEED, &pdf, &["--paper", "a3", "--orientation", "portrait"]);
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("841.89 x 1190.55"), "{info}");
}

fn spec_with(dir: &Path, explanation: &str, style: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    let text = text.replacen(
        "explanation = \"加强全省红十字会系统工作成效交流与宣传\"",
        &format!("explanation = \"{explanation}\""),
        1,
    );
    let path = dir.join("spec.toml");
    std::fs::write(&path, format!("{text}\n{style}")).unwrap();
    path
}

#[test]
fn missing_glyph_is_a_chinese_error_naming_character_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_with(dir.path(), "含有𠀀字", "");
    let out = dir.path().join("x.pdf");
    let o = jixiao(
        &[
            "render",
            spec.to_str().unwrap(),
            "-f",
            "pdf",
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("“𠀀”") && err.contains("U+20000"), "{err}");
    assert!(err.contains("年度绩效指标第 1 行的“内涵解释”"), "{err}");
    assert!(!out.exists());
}

#[test]
fn font_problems_are_chinese_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let o = render_err(&["--font", "/nonexistent/字体.ttf"], &out);
    assert!(o.contains("找不到字体文件"), "{o}");
    let o = render_err(&["--font", "Cargo.toml"], &out);
    assert!(o.contains("不是可用的字体文件"), "{o}");
    // A spec's own font is relative to the spec's folder.
    let spec = spec_with(dir.path(), "x", "[style]\nfont = \"fonts/nope.otf\"\n");
    let o = jixiao(
        &[
            "render",
            spec.to_str().unwrap(),
            "-f",
            "pdf",
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    let expected = dir.path().join("fonts/nope.otf");
    assert!(err.contains(&expected.display().to_string()), "{err}");
}

fn render_err(extra: &[&str], out: &Path) -> String {
    let mut args = vec!["render", SEED, "-f", "pdf", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = jixiao(&args, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A department's own font collection (needs Debian's fonts-noto-cjk, which .ci/run installs).
#[test]
fn department_collection_font_by_index_or_name() {
    // Where Debian/Ubuntu, Fedora and Arch put the collection.
    let candidates = [
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-serif-cjk-vf-fonts/NotoSerifCJK-VF.ttc",
        "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    ];
    let Some(ttc) = candidates.iter().map(Path::new).find(|p| p.exists()) else {
        support::missing_tool(
            "NotoSerifCJK-Regular.ttc",
            "fonts-noto-cjk",
            &format!("none of {candidates:?} exists"),
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let err = render_err(&["--font", ttc.to_str().unwrap()], &out);
    assert!(
        err.contains("字体集") && err.contains("Noto Serif CJK SC"),
        "{err}"
    );
    for selector in ["2", "Noto Serif CJK SC"] {
        render(
            SEED,
            &out,
            &["--font", ttc.to_str().unwrap(), "--font-index", selector],
        );
        let fonts = poppler("pdffonts", &[out.to_str().unwrap()]);
        assert!(fonts.contains("+NotoSerifCJKscRegular"), "{fonts}");
        assert!(fonts.contains("CID Type 0C"), "{fonts}");
        let text = squash(&poppler("pdftotext", &[out.to_str().unwrap(), "-"]));
        for cell in cell_texts(&view_of(SEED)) {
            let pieces = pieces_in_order(&squash(&cell), &text);
            assert!(pieces.is_some_and(|n| n <= 2), "lost {cell:?}");
        }
    }
}

/// A page that continues the 年度履职目标 rows repeats their column header, as the indicator
/// header is repeated (the stress spec's duties run from page 1 to page 2 in portrait);
/// a page that starts with the indicator header shows only that one.
#[test]
fn duty_header_repeats_on_the_page_that_continues_the_duties() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("stress.pdf");
    render(STRESS, &pdf, &["--orientation", "portrait"]);
    let page = |n: usize| {
        let n = n.to_string();
        squash(&poppler(
            "pdftotext",
            &["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
        ))
    };
    let page2 = page(2);
    for head in ["部门职能", "年度目标任务", "支出项目名称", "预算金额(万元)"]
    {
        assert!(page2.contains(head), "page 2 lacks {head}: {page2}");
    }
    // The seed in landscape: page 2 starts with the indicator block.
    let seed = dir.path().join("seed.pdf");
    render(SEED, &seed, &[]);
    let page2 = squash(&poppler(
        "pdftotext",
        &["-f", "2", "-l", "2", seed.to_str().unwrap(), "-"],
    ));
    assert!(page2.contains("一级指标"), "{page2}");
    assert!(
        !page2.contains("部门职能"),
        "duty header over the indicators: {page2}"
    );
}

#[test]
fn a_continued_indicator_row_repeats_its_name() {
    // An explanation longer than a page: every page it reaches shows the indicator's
    // 三级指标 name beside it, as labels repeat.
    let dir = tempfile::tempdir().unwrap();
    let long = "应用人人急救网络平台开展红十字救护员获证培训，".repeat(140);
    let spec = spec_with(dir.path(), &long, "");
    let pdf = dir.path().join("long.pdf");
    render(spec.to_str().unwrap(), &pdf, &[]);
    let pages: usize = poppler("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    let mut reached = 0;
    for n in 1..=pages {
        let n = n.to_string();
        let text = squash(&poppler(
            "pdftotext",
            &["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
        ));
        if text.contains("获证培训，应用人人急救") {
            reached += 1;
            assert!(
                text.contains("编印《福建省红十字会年报》"),
                "page {n} continues the explanation without its name"
            );
        }
    }
    assert!(reached >= 2, "the explanation runs over {reached} pages");
}
