//! `jixiao render --format xlsx` through the real binary: the workbook's structure (merges,
//! numbers, page setup), byte-identical output, the round trip through `jixiao import`,
//! and a real client — LibreOffice converts the workbook to PDF and every cell's text
//! comes back from `pdftotext`.

mod support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use jixiao::document::Document;
use jixiao::model::{Orientation, Paper};
use jixiao::render::sheet::{Role, Sheet};
use jixiao::render::xlsx::{Page, Shows, plan};
use support::office::{libreoffice_pdf, pieces_anywhere};
use support::{jixiao, jixiao_env, root};

const SEED: &str = "specs/fujian-redcross-2021.toml";
const PROJECT: &str = "specs/qingshan-education-project-2020.toml";
const STRESS: &str = "tests/fixtures/stress.toml";
const MINIMAL: &str = "tests/fixtures/valid/minimal.toml";
const LONG40: &str = "tests/fixtures/long40.toml";
const A4_LANDSCAPE: Page = Page {
    paper: Paper::A4,
    orientation: Orientation::Landscape,
};

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "jixiao failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn render(spec: &str, out: &Path, format: &str, extra: &[&str]) {
    let mut args = vec!["render", spec, "-f", format, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(jixiao(&args));
}

fn sheet_of(spec: &str) -> Sheet {
    let doc = Document::load(&root().join(spec)).expect("read spec");
    jixiao::forms::sheet(doc.table.as_ref().expect("spec passes check"))
        .expect("built-in layouts fit")
}

/// One part of the workbook's zip, as text.
fn part(xlsx: &Path, name: &str) -> String {
    let file = std::fs::File::open(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("xlsx is a zip");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the workbook"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn workbook_has_the_sheets_cells_merges_numbers_and_page_setup() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("seed.xlsx");
    render(SEED, &xlsx, "xlsx", &[]);
    let sheet = sheet_of(SEED);

    let plan = plan(&sheet, A4_LANDSCAPE);
    let rows = &plan.rows;
    assert!(!plan.breaks.is_empty(), "the seed takes several pages");
    // Labels cut by a page break (年度绩效指标, 产出指标 …) are written on each page.
    let cut: Vec<&str> = sheet
        .cells
        .iter()
        .filter(|c| plan.segments(c).len() > 1)
        .map(|c| c.paras[0].as_str())
        .collect();
    assert!(cut.contains(&"年度绩效指标"), "{cut:?}");
    assert!(
        sheet
            .cells
            .iter()
            .all(|c| c.repeat || plan.segments(c).len() == 1)
    );
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("calamine reads it");
    let name = wb.sheet_names()[0].clone();
    assert_eq!(name, "部门整体支出绩效目标表");
    let range = wb.worksheet_range(&name).unwrap();
    let at = |r: usize, c: usize| range.get_value((r as u32, c as u32)).cloned();
    assert_eq!(at(0, 0), Some(Data::String(sheet.title.clone())));
    assert_eq!(at(1, 0), Some(Data::String(sheet.subtitle.clone())));
    // Every cell at its place below the two title rows, labels cut by a page break again
    // on the next page: amounts as numbers, the rest text.
    // The part of a label inside the repeated header row is blank (the label shows below
    // it on every page).
    for (i, cell, ((r0, _), shows)) in sheet
        .cells
        .iter()
        .enumerate()
        .flat_map(|(i, c)| plan.shows(&sheet, i).into_iter().map(move |s| (i, c, s)))
    {
        let got = at(r0 as usize, usize::from(plan.cols[i].0));
        let text = match shows {
            Shows::All => cell.text(),
            Shows::Part(t) => t,
            Shows::Nothing => String::new(),
        };
        match cell.role {
            Role::Amount if !text.is_empty() => {
                let want: f64 = text.parse().unwrap();
                assert_eq!(got, Some(Data::Float(want)), "{}", cell.field);
            }
            _ if text.is_empty() => assert!(
                matches!(got, None | Some(Data::Empty)),
                "{}: {got:?}",
                cell.field
            ),
            _ => assert_eq!(got, Some(Data::String(text)), "{}", cell.field),
        }
    }
    // Every spanning cell merged exactly as on the sheet (page by page for labels), plus
    // the two title rows.
    let mut merges: Vec<(u32, u32, u32, u32)> = wb
        .merge_cells_by_sheet_name(&name)
        .expect("merged cells")
        .iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
    merges.sort();
    let last_col = plan.widths.len() as u32 - 1;
    let mut want: Vec<(u32, u32, u32, u32)> = vec![(0, 0, 0, last_col), (1, 0, 1, last_col)];
    want.extend(
        sheet
            .cells
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                let (c0, c1) = (u32::from(plan.cols[i].0), u32::from(plan.cols[i].1));
                plan.segments(c)
                    .into_iter()
                    .map(move |(r0, r1)| (r0, c0, r1, c1))
            })
            .filter(|&(r0, c0, r1, c1)| r0 != r1 || c0 != c1),
    );
    want.sort();
    assert_eq!(merges, want);

    let ws = part(&xlsx, "xl/worksheets/sheet1.xml");
    for needle in [
        r#"<pageSetUpPr fitToPage="1"/>"#,
        r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#,
        "<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>",
    ] {
        assert!(ws.contains(needle), "sheet1.xml lacks {needle}");
    }
    // Every grid row has an explicit height (Excel does not fit merged cells).
    let heights = ws.matches(r#"customHeight="1""#).count();
    assert!(heights >= sheet.rows + 2, "{heights} rows with a height");
    // The indicator header row repeats at the top of every page.
    let header = rows.span(*sheet.header_rows.iter().max().unwrap(), 0).0 + 1; // 1-based
    let book = part(&xlsx, "xl/workbook.xml");
    assert!(
        book.contains(&format!("部门整体支出绩效目标表!${header}:${header}")),
        "print titles: {book}"
    );
    let styles = part(&xlsx, "xl/styles.xml");
    assert!(styles.contains(r#"<name val="宋体"/>"#), "font: {styles}");
    assert!(
        styles.contains(r#"<left style="thin">"#),
        "borders: {styles}"
    );
    assert!(
        styles.contains(r#"formatCode="0.00""#),
        "amount format: {styles}"
    );
    assert!(styles.contains(r#"wrapText="1""#), "wrapped text: {styles}");
}

#[test]
fn same_input_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    render(SEED, &a, "xlsx", &[]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    render(SEED, &b, "xlsx", &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(part(&a, "docProps/core.xml").contains("1980-01-01T00:00:00Z"));
    // SOURCE_DATE_EPOCH sets the document date.
    let c = dir.path().join("c.xlsx");
    let out = c.to_str().unwrap();
    ok(jixiao_env(
        ["render", SEED, "-f", "xlsx", "-o", out],
        &[("SOURCE_DATE_EPOCH", "1609459200")],
    ));
    assert!(part(&c, "docProps/core.xml").contains("2021-01-01T00:00:00Z"));
}

/// `render -f json` of a spec.
fn json_of(spec: &Path, dir: &Path, name: &str) -> String {
    let out = dir.join(name);
    render(spec.to_str().unwrap(), &out, "json", &[]);
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn imported_workbook_gives_back_the_same_table() {
    for spec in [SEED, MINIMAL, STRESS] {
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("form.xlsx");
        render(spec, &xlsx, "xlsx", &[]);
        let back = dir.path().join("back.toml");
        let o = ok(jixiao([
            "import",
            xlsx.to_str().unwrap(),
            "-o",
            back.to_str().unwrap(),
        ]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("W403"), "{spec}: misaligned rows: {err}");
        let original = json_of(&root().join(spec), dir.path(), "original.json");
        let again = json_of(&back, dir.path(), "again.json");
        assert_eq!(original, again, "{spec}: the round trip changed the table");
    }
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "无法运行 {tool}：{e}。请安装 poppler-utils / cannot run {tool} ({e}): \
             install poppler-utils (apt-get install -y poppler-utils)"
        )
    });
    assert!(o.status.success(), "{tool} failed");
    String::from_utf8(o.stdout).expect("utf-8 output")
}

fn pages(pdf: &Path) -> Vec<(f64, f64)> {
    poppler("pdfinfo", &["-f", "1", "-l", "999", pdf.to_str().unwrap()])
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (v[1], v[2])
        })
        .collect()
}

#[test]
fn libreoffice_shows_every_cell_of_both_forms() {
    for spec in [SEED, PROJECT] {
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("form.xlsx");
        render(spec, &xlsx, "xlsx", &[]);
        let pdf = libreoffice_pdf(&xlsx);
        let text = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
        let sheet = sheet_of(spec);
        for title in [&sheet.title, &sheet.subtitle] {
            assert!(text.contains(&squash(title)), "{spec}: no {title:?}");
        }
        // A wrapped cell's lines may come back between the lines of the cells beside it,
        // so each cell comes back in at most as many pieces as it has lines (one more for
        // a page break inside it).
        let plan = plan(&sheet, A4_LANDSCAPE);
        for (i, cell) in sheet
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.text().trim().is_empty())
        {
            let want = squash(&cell.paras.join(""));
            let lines = plan.lines(&sheet, i);
            let pieces = pieces_anywhere(&want, &text);
            assert!(
                pieces.is_some_and(|n| n <= lines + 1),
                "{spec}: LibreOffice does not show {} {want:?} ({pieces:?} pieces, {lines} lines)",
                cell.field
            );
        }
        let sizes = pages(&pdf);
        assert!(!sizes.is_empty());
        for (i, (w, h)) in sizes.iter().enumerate() {
            assert!(
                (w - 841.89).abs() < 1.0 && (h - 595.28).abs() < 1.0,
                "{spec}: page {} is {w}×{h}, not A4 landscape",
                i + 1
            );
        }
        let n = sizes.len();
        for i in 1..=n {
            assert!(
                text.contains(&format!("第{i}页共{n}页")),
                "footer of page {i}"
            );
        }
    }
}

#[test]
fn a_form_too_wide_for_the_page_is_fit_to_its_width() {
    // Portrait A4 is far narrower than the form: still one page wide, every column on the
    // first page, nothing dropped.
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("narrow.xlsx");
    render(SEED, &xlsx, "xlsx", &["--orientation", "portrait"]);
    let ws = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(ws.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    assert!(ws.contains(r#"fitToHeight="0" orientation="portrait""#));
    let pdf = libreoffice_pdf(&xlsx);
    let first = squash(&poppler(
        "pdftotext",
        &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    ));
    for label in ["部门(单位)名称", "部门预算编码", "338601", "预算金额(万元)"] {
        assert!(first.contains(label), "page 1 lacks {label}: {first}");
    }
    for (w, h) in pages(&pdf) {
        assert!(w < h, "portrait pages");
    }
}

#[test]
fn write_errors_are_chinese_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("不是文件夹");
    std::fs::write(&blocker, "x").unwrap();
    let out = blocker.join("表.xlsx");
    let o = jixiao(["render", SEED, "-f", "xlsx", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("无法写入"), "{err}");
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn page_setup_follows_the_specs_style_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    let spec = dir.path().join("a3.toml");
    std::fs::write(
        &spec,
        format!("{text}\n[style]\npaper = \"A3\"\norientation = \"纵向\"\n"),
    )
    .unwrap();
    let spec = spec.to_str().unwrap();
    let xlsx = dir.path().join("a3.xlsx");
    render(spec, &xlsx, "xlsx", &[]);
    let ws = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        ws.contains(r#"<pageSetup paperSize="8" fitToHeight="0" orientation="portrait""#),
        "{ws}"
    );
    // The command line wins over [style].
    render(
        spec,
        &xlsx,
        "xlsx",
        &["--paper", "a4", "--orientation", "landscape"],
    );
    let ws = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        ws.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
        "{ws}"
    );
}

/// A department spec with `n` indicators written by tools/make-scale-spec.py.
fn scale_spec(n: usize, dir: &Path) -> PathBuf {
    let spec = dir.join(format!("scale-{n}.toml"));
    let o = Command::new("python3")
        .arg(root().join("tools/make-scale-spec.py"))
        .arg(n.to_string())
        .arg(&spec)
        .output()
        .unwrap_or_else(|e| support::missing_tool("python3", "python3", &e));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    spec
}

#[test]
fn a_table_of_more_pages_than_excel_has_page_breaks_still_exports() {
    // 12,000 indicators take about 1,300 pages; Excel keeps at most 1023 manual breaks.
    // The first 1023 are ours, the client breaks the rest, and every row is written.
    let dir = tempfile::tempdir().unwrap();
    let spec = scale_spec(12000, dir.path());
    let xlsx = dir.path().join("big.xlsx");
    let o = jixiao([
        "render",
        spec.to_str().unwrap(),
        "-f",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let ws = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(ws.contains(r#"<rowBreaks count="1023""#), "breaks capped");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("calamine reads it");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let last = "第12000项";
    let found = range.rows().any(|r| {
        r.iter()
            .any(|d| matches!(d, Data::String(s) if s.starts_with(last)))
    });
    assert!(found, "the last indicator is in the workbook");
}

#[test]
fn libreoffice_prints_the_seed_on_as_many_pages_as_the_pdf() {
    // Each block has its own column fit (部门职能 and 年度目标任务 wide, 支出项目名称 as
    // narrow as its names), so 年度履职目标 no longer wraps 部门职能 to some 26 lines and
    // the workbook takes the PDF's three pages, not four.
    for orientation in ["landscape", "portrait"] {
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("seed.xlsx");
        let pdf = dir.path().join("seed-own.pdf");
        render(SEED, &xlsx, "xlsx", &["--orientation", orientation]);
        render(SEED, &pdf, "pdf", &["--orientation", orientation]);
        let printed = pages(&libreoffice_pdf(&xlsx)).len();
        let own = pages(&pdf).len();
        assert_eq!(
            printed, own,
            "{orientation}: LibreOffice {printed} pages, PDF {own}"
        );
    }
}

#[test]
fn libreoffice_prints_the_long_table_within_a_page_of_the_pdf() {
    // 40 indicators with long 内涵解释: the indicator block's own fit gives 内涵解释 the
    // width (5 pages, as the PDF; 6 with the grid's columns, 61 before rows were planned).
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("long40.xlsx");
    let pdf = dir.path().join("long40-own.pdf");
    render(LONG40, &xlsx, "xlsx", &[]);
    render(LONG40, &pdf, "pdf", &[]);
    let printed = pdf_text_pages(&libreoffice_pdf(&xlsx));
    let own = pages(&pdf).len();
    assert!(
        printed.len() <= own + 1,
        "LibreOffice {} pages, PDF {own}",
        printed.len()
    );
    // Every cell's text comes back (a wrapped cell in at most as many pieces as lines,
    // one more for a page break).
    let text: String = printed.concat();
    let sheet = sheet_of(LONG40);
    let plan = plan(&sheet, A4_LANDSCAPE);
    for (i, cell) in sheet.cells.iter().enumerate() {
        let want = squash(&cell.paras.join(""));
        if want.is_empty() {
            continue;
        }
        let pieces = pieces_anywhere(&want, &text);
        assert!(
            pieces.is_some_and(|n| n <= plan.lines(&sheet, i) + 1),
            "LibreOffice does not show {} ({pieces:?} pieces)",
            cell.field
        );
    }
}

/// The text of each page of a PDF, whitespace removed.
fn pdf_text_pages(pdf: &Path) -> Vec<String> {
    let n = pages(pdf).len();
    (1..=n)
        .map(|i| {
            let i = i.to_string();
            squash(&poppler(
                "pdftotext",
                &["-f", &i, "-l", &i, pdf.to_str().unwrap(), "-"],
            ))
        })
        .collect()
}
