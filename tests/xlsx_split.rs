//! A row taller than a page in the workbook, as LibreOffice prints it: split into rows
//! at the line boundaries the exporter computes, starting where it stands, no text cut,
//! every page closed by a rule; and `jixiao import` puts the row back together.

mod support;

use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx, open_workbook};
use jixiao::document::Document;
use jixiao::model::{Orientation, Paper};
use jixiao::render::sheet::Sheet;
use jixiao::render::xlsx::{Page, plan};
use support::office::{
    fonts, libreoffice_pdf, overlapping_words, pieces_anywhere, pieces_in_order, printed_pages,
    words_below_the_table,
};
use support::{jixiao, poppler, root, squash};

const SEED: &str = "specs/fujian-redcross-2021.toml";

fn ok(args: &[&str]) {
    let o = jixiao(args);
    assert!(
        o.status.success(),
        "jixiao {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `spec` as xlsx and as PDF in one orientation (`landscape`, `portrait`), into `dir`.
fn render_both(spec: &str, dir: &Path, orientation: &str) -> (PathBuf, PathBuf) {
    let xlsx = dir.join(format!("{orientation}.xlsx"));
    let pdf = dir.join(format!("{orientation}-own.pdf"));
    for (format, out) in [("xlsx", &xlsx), ("pdf", &pdf)] {
        let out = out.to_str().unwrap();
        ok(&[
            "render",
            spec,
            "-f",
            format,
            "-o",
            out,
            "--orientation",
            orientation,
        ]);
    }
    (xlsx, pdf)
}

/// The seed with a 3,000-character 年度目标任务 in its first duty: characters drawn from
/// common ones by a fixed pseudo-random sequence, a comma or full stop every few, so that
/// any piece of a few characters is found in one place only.
fn long_duty_spec(dir: &Path) -> PathBuf {
    let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
    let pool: Vec<char> =
        "健全急救培训质量管控体系强化机构资质认证完善线上下方式推进知识技能六进工作\
        组织开展志愿服务红十字会救护员宣传活动年度目标任务部门职能预算金额支出项目名称\
        捐献造血干细胞遗体器官人道救助应急救援队伍建设物资储备演练社区学校企业农村机关"
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
    let mut state: u64 = 20_211_231;
    let mut task = String::new();
    for k in 1..=3000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        task.push(match k % 23 {
            0 => '。',
            11 => '，',
            _ => pool[(state >> 33) as usize % pool.len()],
        });
    }
    let start = seed.find("task = \"").unwrap() + "task = \"".len();
    let end = start + seed[start..].find('"').unwrap();
    let spec = dir.join("long-duty.toml");
    std::fs::write(&spec, format!("{}{task}{}", &seed[..start], &seed[end..])).unwrap();
    spec
}

fn sheet_of(spec: &Path) -> Sheet {
    let doc = Document::load(spec).expect("read spec");
    jixiao::forms::sheet(doc.table.as_ref().expect("spec passes check")).expect("layout")
}

fn pdf_pages(pdf: &Path) -> usize {
    poppler("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines_and_nothing_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    let spec = long_duty_spec(dir.path());
    let sheet = sheet_of(&spec);
    for (name, orientation) in [
        ("landscape", Orientation::Landscape),
        ("portrait", Orientation::Portrait),
    ] {
        let (xlsx, own) = render_both(spec.to_str().unwrap(), dir.path(), name);
        let plan = plan(
            &sheet,
            Page {
                paper: Paper::A4,
                orientation,
            },
        );
        let pages = printed_pages(&libreoffice_pdf(&xlsx));
        let own = pdf_pages(&own);
        assert!(
            pages.len() <= own + 1,
            "{name}: LibreOffice {} pages, PDF {own}",
            pages.len()
        );
        // Every cell's text comes back: a wrapped cell in at most as many pieces as it
        // has lines (lines of cells side by side interleave), plus one a page; the long
        // task (unique text) in order.
        let all: String = pages.iter().map(|p| p.text.as_str()).collect();
        for (i, cell) in sheet.cells.iter().enumerate() {
            let want = squash(&cell.paras.join(""));
            if want.is_empty() {
                continue;
            }
            let most = plan.lines(&sheet, i) + pages.len();
            let pieces = pieces_anywhere(&want, &all);
            assert!(
                pieces.is_some_and(|n| n <= most),
                "{name}: LibreOffice does not show {} ({pieces:?} pieces)",
                cell.field
            );
            if want.chars().count() == 3000 {
                let pieces = pieces_in_order(&want, &all);
                assert!(
                    pieces.is_some_and(|n| n <= most),
                    "{name}: the long task is not whole and in order ({pieces:?} pieces)"
                );
            }
        }
        let task: Vec<char> = sheet
            .cells
            .iter()
            .map(|c| c.paras.join(""))
            .find(|t| t.chars().count() == 3000)
            .expect("the long task")
            .chars()
            .collect();
        // The row starts where it stands, and every page it runs over is full.
        let task_pages: Vec<usize> = (0..pages.len())
            .filter(|&p| {
                task.windows(8)
                    .step_by(8)
                    .any(|w| pages[p].text.contains(&w.iter().collect::<String>()))
            })
            .collect();
        assert!(task_pages.len() >= 3, "{name}: {task_pages:?}");
        for &p in &task_pages[..task_pages.len() - 1] {
            assert!(
                pages[p].fill > 0.8,
                "{name}: page {} is {:.2} full",
                p + 1,
                pages[p].fill
            );
        }
        // Every page is closed by a rule: no merged range runs over a page break.
        let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
        let ws = wb.sheet_names()[0].clone();
        for m in wb.merge_cells_by_sheet_name(&ws).unwrap() {
            let cut = plan.breaks.iter().find(|&&b| m.start.0 < b && b <= m.end.0);
            assert!(
                cut.is_none(),
                "{name}: {m:?} runs over the break at {cut:?}"
            );
        }
    }
}

#[test]
fn the_import_puts_a_split_row_back_together() {
    let dir = tempfile::tempdir().unwrap();
    let spec = long_duty_spec(dir.path());
    let xlsx = dir.path().join("split.xlsx");
    ok(&[
        "render",
        spec.to_str().unwrap(),
        "-f",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    let back = dir.path().join("back.toml");
    ok(&[
        "import",
        xlsx.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    let json = |spec: &Path, name: &str| {
        let out = dir.path().join(name);
        ok(&[
            "render",
            spec.to_str().unwrap(),
            "-f",
            "json",
            "-o",
            out.to_str().unwrap(),
        ]);
        std::fs::read_to_string(out).unwrap()
    };
    assert_eq!(json(&spec, "a.json"), json(&back, "b.json"));
}

/// LibreOffice's print of `spec` against the PDF, in both orientations: at most
/// `most_pages(pdf pages)` pages, no text running out of its cell, and every cell's text on the pages its rows are planned on (a wrapped cell in at
/// most as many pieces as lines, one more a page).
fn prints_with_every_cell(spec: &str, most_pages: impl Fn(usize) -> usize) {
    let dir = tempfile::tempdir().unwrap();
    let sheet = sheet_of(&root().join(spec));
    for (name, orientation) in [
        ("landscape", Orientation::Landscape),
        ("portrait", Orientation::Portrait),
    ] {
        let (xlsx, own) = render_both(spec, dir.path(), name);
        let plan = plan(
            &sheet,
            Page {
                paper: Paper::A4,
                orientation,
            },
        );
        let printed = libreoffice_pdf(&xlsx);
        // LibreOffice draws the section label merged down from the repeated header row
        // (年度绩效指标) a second time on continuation pages, over the label written
        // there (and, on the last page, below the table): a double print of a label, not
        // text cut off. (Ending the label with the header row stops it, but the project
        // import then finds the label twice.)
        let labels: Vec<String> = sheet
            .cells
            .iter()
            .filter(|c| c.repeat)
            .map(|c| squash(&c.paras.join("")))
            .collect();
        let label = |w: &str| labels.iter().any(|l| l.contains(w));
        let mut over: Vec<_> = overlapping_words(&printed)
            .into_iter()
            .filter(|(_, a, b)| !(label(a) && label(b)))
            .collect();
        over.extend(
            words_below_the_table(&printed)
                .into_iter()
                .filter(|(_, w)| !label(w))
                .map(|(p, w)| (p, w, "(below the table)".to_owned())),
        );
        assert!(
            over.is_empty(),
            "{spec} {name}: text runs out of its cell: {:?}",
            &over[..over.len().min(5)]
        );
        let pages = printed_pages(&printed);
        let own = pdf_pages(&own);
        let fills: Vec<String> = pages.iter().map(|p| format!("{:.2}", p.fill)).collect();
        eprintln!(
            "{spec} {name}: LibreOffice {} pages, PDF {own}; fill {fills:?}; fonts {:?}",
            pages.len(),
            fonts(&printed)
        );
        assert!(
            pages.len() <= most_pages(own),
            "{spec} {name}: LibreOffice {} pages, PDF {own}",
            pages.len()
        );
        // The page a worksheet row is planned on; LibreOffice may break earlier, never
        // later, so a cell is looked for from its page on, as far as the pages it adds.
        let extra = (pages.len() + 1).saturating_sub(plan.breaks.len() + 1);
        let page_of = |x: u32| plan.breaks.iter().filter(|&&b| b <= x).count();
        for (i, cell) in sheet.cells.iter().enumerate() {
            let want = squash(&cell.paras.join(""));
            if want.is_empty() {
                continue;
            }
            let segments = plan.segments(cell);
            let first = page_of(segments[0].0);
            let last = page_of(segments[segments.len() - 1].1);
            let from = first.saturating_sub(1);
            let to = (last + 2 + extra).min(pages.len());
            let hay: String = pages[from..to].iter().map(|p| p.text.as_str()).collect();
            let pieces = pieces_anywhere(&want, &hay);
            assert!(
                pieces.is_some_and(|n| n <= plan.lines(&sheet, i) + 1 + last - first),
                "{spec} {name}: LibreOffice does not show {} on pages {}–{to} ({pieces:?} pieces)",
                cell.field,
                from + 1
            );
        }
    }
}

#[test]
fn libreoffice_prints_the_stress_table_close_to_the_pdf_with_no_text_cut() {
    // Measured: landscape 53 pages against the PDF's 44 (57 before rows were split where
    // they stand and the line reserve went from 7 px to 2 px), portrait 52 against 60
    // (68 before). The aim is one page; the column fit decides the rest (see the report
    // of issue 21).
    prints_with_every_cell("tests/fixtures/stress.toml", |own| own + own / 4);
}

#[test]
fn libreoffice_prints_the_long_table_within_a_page_of_the_pdf_with_no_text_cut() {
    prints_with_every_cell("tests/fixtures/long40.toml", |own| own + 1);
}
