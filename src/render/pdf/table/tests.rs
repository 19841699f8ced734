//! Tests of the table engine, and the cell and style helpers other PDF tests build tables
//! with.

use super::split::MIN_LINES;
use super::{
    Align, Band, CellSpec, Para, TablePage, TableSpec, TableStyle, layout_table, place_line,
};
use crate::render::pdf::fonts::FaceKind;
use crate::render::pdf::fonts::tests::FakeMetrics;
use crate::render::pdf::frame::{PT_MM, TextLine};
use crate::render::pdf::linebreak;

/// 10 pt type: 1 em = 3.53 mm; lines 5 mm apart; 1 mm padding.
pub(crate) fn style() -> TableStyle {
    TableStyle {
        size: 10.0,
        line_height: 5.0,
        pad_x: 1.0,
        pad_y: 1.0,
    }
}

/// A one-column, one-paragraph cell set left in the regular face.
pub(crate) fn cell(row: usize, col: usize, rowspan: usize, text: &str, repeat: bool) -> CellSpec {
    CellSpec {
        row,
        col,
        rowspan,
        colspan: 1,
        paras: vec![Para {
            text: text.to_owned(),
            indent: false,
        }],
        face: FaceKind::Regular,
        align: Align::Left,
        field: format!("r{row}c{col}"),
        repeat,
        label: repeat,
    }
}

/// A header row, then `rows` body rows: a label spanning all of them, and a value.
fn table(rows: usize, value: impl Fn(usize) -> String) -> TableSpec {
    let mut cells = vec![cell(0, 0, 1, "标签", false), cell(0, 1, 1, "数值", false)];
    cells.push(cell(1, 0, rows, "合并标签", true));
    for r in 1..=rows {
        cells.push(cell(r, 1, 1, &value(r), false));
    }
    TableSpec {
        weights: vec![1, 3],
        rows: rows + 1,
        cells,
        header_rows: vec![0],
        keep_with_next: vec![0],
    }
}

fn run(t: &TableSpec) -> Vec<TablePage> {
    let band = Band {
        top: 10.0,
        bottom: 100.0,
    };
    layout_table(t, &FakeMetrics::new(), style(), 10.0, 100.0, band, band).unwrap()
}

fn texts(page: &TablePage, field_cell: usize) -> Vec<String> {
    page.blocks
        .iter()
        .filter(|b| b.cell == Some(field_cell))
        .map(|b| b.actual.clone())
        .collect()
}

#[test]
fn merged_label_is_repeated_under_a_repeated_header() {
    // 40 rows of one line (7 mm each) need three 90 mm pages.
    let t = table(40, |r| format!("第{r}行"));
    let pages = run(&t);
    assert!(pages.len() >= 3, "{}", pages.len());
    for page in &pages {
        assert_eq!(texts(page, 0), ["标签"], "header on every page");
        assert_eq!(texts(page, 2), ["合并标签"], "label on every page");
        let header = page.boxes.iter().find(|(c, _)| *c == 0).unwrap().1;
        let label = page.boxes.iter().find(|(c, _)| *c == 2).unwrap().1;
        assert!((header.y - 10.0).abs() < 1e-9);
        assert!(
            (label.y - header.bottom()).abs() < 1e-9,
            "label starts under the header"
        );
    }
    // Every body row is drawn exactly once.
    for r in 1..=40 {
        let c = r + 2;
        let n: usize = pages.iter().map(|p| texts(p, c).len()).sum();
        assert_eq!(n, 1, "row {r}");
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines() {
    // Row 2 has 60 lines of 5 mm: more than three pages.
    let long: String = "字".repeat(60 * 20);
    let t = table(3, |r| if r == 2 { long.clone() } else { "短".into() });
    let pages = run(&t);
    let pieces: Vec<String> = pages.iter().flat_map(|p| texts(p, 4)).collect();
    assert!(pieces.len() >= 3, "{}", pieces.len());
    assert_eq!(pieces.concat(), long, "every line once, in order");
    for page in &pages {
        for b in page.blocks.iter().filter(|b| b.cell == Some(4)) {
            for l in &b.lines {
                assert!(l.top >= b.inner.y - 1e-9 && l.bottom <= b.inner.bottom() + 1e-9);
            }
        }
    }
}

#[test]
fn a_row_moves_whole_when_little_of_the_page_would_stay_empty() {
    // Rows of 3 lines (17 mm): header 7 mm + 4 rows = 75 mm; the 15 mm left are less
    // than a quarter of the 90 mm page, so the fifth row moves whole.
    let three: String = "字".repeat(3 * 20);
    let t = table(9, |_| three.clone());
    for page in run(&t) {
        for r in 1..=9 {
            for text in texts(&page, r + 2) {
                assert_eq!(text, three, "row {r} split");
            }
        }
    }
}

#[test]
fn a_row_is_split_rather_than_leave_a_quarter_page_empty() {
    // Rows of about ten lines (some 50 mm, however the columns are fitted): after one
    // row about a third of the page would stay empty, so the next row is split between
    // lines; every fragment keeps at least two lines.
    let eight: String = "字".repeat(12 * 20);
    let t = table(5, |_| eight.clone());
    let pages = run(&t);
    let split = (1..=5).any(|r| pages.iter().filter(|p| !texts(p, r + 2).is_empty()).count() > 1);
    assert!(split, "no row was split");
    for r in 1..=5 {
        let pieces: Vec<String> = pages.iter().flat_map(|p| texts(p, r + 2)).collect();
        assert_eq!(pieces.concat(), eight, "row {r}: every line once, in order");
        for p in &pages {
            for b in p.blocks.iter().filter(|b| b.cell == Some(r + 2)) {
                assert!(
                    b.lines.len() >= MIN_LINES,
                    "row {r}: a fragment of one line"
                );
            }
        }
    }
    // Every page but the last is filled to the bottom of its band (less than a line).
    for p in &pages[..pages.len() - 1] {
        let bottom = p.boxes.iter().map(|(_, r)| r.bottom()).fold(0.0, f64::max);
        assert!(bottom >= 100.0 - 5.0 - 1e-9, "page ends at {bottom}");
    }
}

#[test]
fn other_cells_of_a_split_row_stay_whole_in_the_first_fragment() {
    let long: String = "字".repeat(8 * 20);
    let mut t = table(2, |r| {
        if r == 2 {
            long.clone()
        } else {
            "短".repeat(20 * 8)
        }
    });
    // A third column: a short value beside the long text.
    t.weights.push(1);
    for c in &mut t.cells {
        if c.row == 0 && c.col == 1 {
            c.colspan = 2;
        }
    }
    let mut side = cell(2, 2, 1, "旁边的短值", false);
    side.align = Align::Center;
    t.cells.push(side);
    let pages = run(&t);
    let c = t.cells.len() - 1;
    let shown: Vec<String> = pages.iter().flat_map(|p| texts(p, c)).collect();
    assert_eq!(shown, ["旁边的短值"], "shown once, whole");
}

fn justify(text: &str, width: f64, continues: bool) -> TextLine {
    let em = 10.0 * PT_MM;
    let adv = |c: char| if c.is_ascii() { em / 2.0 } else { em };
    let mut lines = linebreak::wrap(text, 1000.0, 0.0, em, adv);
    let mut line = lines.remove(0);
    line.continues = continues;
    place_line(
        &line,
        FaceKind::Regular,
        Align::Justify,
        &FakeMetrics::new(),
        style(),
        0.0,
        width,
        0.0,
    )
}

#[test]
fn justification_spreads_the_slack_between_chinese_characters_only() {
    let em = 10.0 * PT_MM;
    // 4 ideographs + 2 full-width marks + 18 ASCII: 6 em + 9 em natural.
    let text = "开展（Automated External）急救";
    let natural = 6.0 * em + 18.0 * em / 2.0;
    let line = justify(text, natural + 0.5 * em, true);
    assert!((line.width - (natural + 0.5 * em)).abs() < 1e-9);
    assert_eq!(line.spacing, 0.0, "not one spacing for every letter");
    let chars: Vec<char> = text.chars().collect();
    let at: Vec<usize> = line.adjust.iter().map(|&(i, _)| i).collect();
    // Gaps after 开, 展, （ (before A), l (before ）), ）(before 急), 急.
    assert_eq!(at, [0, 1, 2, 20, 21, 22], "{:?}", line.adjust);
    for &(i, d) in &line.adjust {
        assert!(linebreak::is_cjk(chars[i]) || linebreak::is_cjk(chars[i + 1]));
        assert!((d - 0.5 * em / 6.0).abs() < 1e-9);
    }
}

#[test]
fn an_all_chinese_line_is_justified_with_one_character_spacing() {
    let em = 10.0 * PT_MM;
    let line = justify("一二三四五", 5.4 * em, true);
    assert!(line.adjust.is_empty());
    assert!((line.spacing - 0.1 * em).abs() < 1e-9);
    assert!((line.width - 5.4 * em).abs() < 1e-9);
}

#[test]
fn last_lines_and_loose_lines_are_ragged() {
    let em = 10.0 * PT_MM;
    let last = justify("一二三四五", 5.4 * em, false);
    assert_eq!((last.spacing, last.adjust.len()), (0.0, 0));
    assert!((last.width - 5.0 * em).abs() < 1e-9);
    // Slack of 2 em over 4 gaps is more than the widest gap: flush left, no spacing.
    let loose = justify("一二三四五", 7.0 * em, true);
    assert_eq!((loose.spacing, loose.adjust.len()), (0.0, 0));
    assert!((loose.width - 5.0 * em).abs() < 1e-9 && loose.x == 0.0);
    // Latin only: nothing may stretch.
    let latin = justify("Automated", 5.0 * em, true);
    assert_eq!((latin.spacing, latin.adjust.len()), (0.0, 0));
}

#[test]
fn compressed_punctuation_is_painted_where_it_was_measured() {
    let em = 10.0 * PT_MM;
    // 》《 loses half an em after 》; the line is 5.5 em, justified into 5.5 em: no
    // slack, the kern stays.
    let line = justify("《甲》《乙》", 5.5 * em, true);
    assert_eq!(line.adjust.len(), 1);
    assert_eq!(line.adjust[0].0, 2);
    assert!((line.adjust[0].1 + 0.5 * em).abs() < 1e-9);
    assert!((line.width - 5.5 * em).abs() < 1e-9);
}

#[test]
fn a_page_starting_with_a_header_row_does_not_repeat_the_previous_header() {
    // Block one: a header (7 mm) and six rows of two lines (12 mm): 79 mm of the 90 mm
    // page. Block two's header and first row (19 mm) go to page two, which starts
    // with that header and must not repeat block one's above it.
    let two: String = "字".repeat(2 * 20);
    let mut t = table(6, |_| two.clone());
    let second = t.rows;
    t.cells.push(cell(second, 0, 1, "标签二", false));
    t.cells.push(cell(second, 1, 1, "数值二", false));
    for r in second + 1..second + 4 {
        t.cells.push(cell(r, 0, 1, "短", false));
        t.cells.push(cell(r, 1, 1, &two, false));
    }
    t.rows = second + 4;
    t.header_rows.push(second);
    t.keep_with_next.push(second);
    let pages = run(&t);
    let head_two = t.cells.iter().position(|c| c.row == second).unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(texts(&pages[1], head_two), ["标签二"]);
    assert!(
        texts(&pages[1], 0).is_empty(),
        "block one's header repeated"
    );
    let top = pages[1]
        .boxes
        .iter()
        .map(|(_, r)| r.y)
        .fold(f64::MAX, f64::min);
    let (_, head_box) = pages[1].boxes.iter().find(|(c, _)| *c == head_two).unwrap();
    assert!((head_box.y - top).abs() < 1e-9);
}

#[test]
fn a_row_taller_than_a_page_starts_where_it_stands_beside_another_long_cell() {
    // Row 2: 60 lines beside a cell of 24 lines that does not fit in what row 1 leaves
    // of the page. The row has to split anyway, so it starts on page one (both cells
    // continue over the break) rather than leave most of page one empty.
    let six: String = "短".repeat(6 * 20);
    let long: String = "字".repeat(60 * 20);
    let mut t = table(2, |r| if r == 2 { long.clone() } else { six.clone() });
    t.weights = vec![1, 3, 3];
    for c in &mut t.cells {
        if c.row == 0 && c.col == 1 {
            c.colspan = 2;
        }
        if c.row == 1 && c.col == 1 {
            c.colspan = 2;
        }
    }
    let side: String = "侧".repeat(24 * 20);
    t.cells.push(cell(2, 2, 1, &side, false));
    let pages = run(&t);
    let first = &pages[0];
    assert!(
        !texts(first, 4).is_empty(),
        "the long row starts on page one"
    );
    let bottom = first
        .boxes
        .iter()
        .map(|(_, r)| r.bottom())
        .fold(0.0, f64::max);
    assert!(bottom >= 100.0 - 5.0 - 1e-9, "page one ends at {bottom}");
    let c = t.cells.len() - 1;
    for (cell, text) in [(4, &long), (c, &side)] {
        let pieces: Vec<String> = pages.iter().flat_map(|p| texts(p, cell)).collect();
        assert_eq!(
            pieces.concat(),
            *text,
            "cell {cell}: every line once, in order"
        );
        for p in &pages {
            for b in p.blocks.iter().filter(|b| b.cell == Some(cell)) {
                assert!(b.lines.len() >= MIN_LINES, "cell {cell}: a widow line");
            }
        }
    }
}

#[test]
fn a_header_does_not_end_a_page_with_one_short_row() {
    // A 72 mm row (14 lines), then a header (7 mm) and one-line rows (7 mm): on a 90 mm
    // page the header and one row would fit under the first row, not two. They move on
    // together.
    let mut cells = vec![cell(0, 0, 1, &"字".repeat(14 * 27), false)];
    cells.push(cell(1, 0, 1, "表头", false));
    for r in 2..6 {
        cells.push(cell(r, 0, 1, &format!("第{r}行"), false));
    }
    let t = TableSpec {
        weights: vec![1],
        rows: 6,
        cells,
        header_rows: vec![1],
        keep_with_next: vec![1],
    };
    let pages = run(&t);
    let filler = pages[0].boxes.iter().find(|(c, _)| *c == 0).unwrap().1;
    assert!((filler.h - 72.0).abs() < 1e-9, "{filler:?}");
    assert!(texts(&pages[0], 1).is_empty(), "the header moved on");
    let rows: Vec<usize> = (2..6)
        .filter(|&r| !texts(&pages[1], r).is_empty())
        .collect();
    assert_eq!(rows, [2, 3, 4, 5], "under the header on page two");
}

#[test]
fn a_repeated_name_taller_than_a_page_is_continued_not_overflowed() {
    // Row 1: a repeated one-row cell (a 三级 name) of 30 lines beside a value of 40 lines;
    // a 90 mm page holds 17 lines. The name cannot be shown whole on each page, so its
    // text is continued over the pages, and no line leaves its cell.
    let name: String = "名".repeat(30 * 20);
    let long: String = "字".repeat(40 * 20);
    let t = TableSpec {
        weights: vec![1, 1],
        rows: 3,
        cells: vec![
            cell(0, 0, 1, "三级指标", false),
            cell(0, 1, 1, "指标值", false),
            cell(1, 0, 1, &name, true),
            cell(1, 1, 1, &long, false),
            cell(2, 0, 1, "短", true),
            cell(2, 1, 1, "短", false),
        ],
        header_rows: vec![0],
        keep_with_next: vec![0],
    };
    let band = Band {
        top: 10.0,
        bottom: 100.0,
    };
    let pages = layout_table(&t, &FakeMetrics::new(), style(), 10.0, 40.0, band, band).unwrap();
    for (cell, text) in [(2, &name), (3, &long)] {
        let pieces: Vec<String> = pages.iter().flat_map(|p| texts(p, cell)).collect();
        assert!(pieces.len() >= 2, "cell {cell} on {} pages", pieces.len());
        assert_eq!(
            &pieces.concat(),
            text,
            "cell {cell}: every line once, in order"
        );
    }
    for page in &pages {
        for b in page.blocks.iter().filter(|b| b.cell.is_some()) {
            for l in &b.lines {
                assert!(
                    l.top >= b.inner.y - 1e-9 && l.bottom <= b.inner.bottom() + 1e-9,
                    "{:?}: {l:?} outside {:?}",
                    b.cell,
                    b.inner
                );
            }
        }
    }
}
