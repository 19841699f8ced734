//! The page layout of the form: a pure function from the [`Sheet`], glyph metrics and page
//! settings to pages of positioned text lines and rules (mm, origin at the page's top-left).
//! It decides the grid of the form (which cell spans what), the title block and the footer;
//! the table engine in `table.rs` does widths, wrapping and page breaks. No printpdf here.

use thiserror::Error;

use super::fonts::{FaceKind, Metrics};
use super::linebreak;
use super::table::{self, Align, Band, CellSpec, Para, TableSpec, TableStyle};
use crate::model::{Orientation, Paper};
use crate::render::sheet::{self, Sheet};

/// Millimetres per point.
pub const PT_MM: f64 = 25.4 / 72.0;

/// Paper, margins and type sizes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSettings {
    /// Page width, mm.
    pub width: f64,
    /// Page height, mm.
    pub height: f64,
    /// Margins, mm.
    pub margin_top: f64,
    /// Bottom margin (the footer sits in it), mm.
    pub margin_bottom: f64,
    /// Left and right margins, mm.
    pub margin_x: f64,
    /// Table text size, pt.
    pub body_size: f64,
    /// Title size, pt.
    pub title_size: f64,
    /// Year line size, pt.
    pub year_size: f64,
    /// Footer size, pt.
    pub footer_size: f64,
    /// Line pitch as a multiple of the size.
    pub leading: f64,
    /// Cell padding left/right, mm.
    pub pad_x: f64,
    /// Cell padding top/bottom, mm.
    pub pad_y: f64,
}

impl PageSettings {
    /// The form's settings on the given paper (margins and sizes as in the HTML print
    /// stylesheet).
    pub fn new(paper: Paper, orientation: Orientation) -> Self {
        let (short, long) = match paper {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
        };
        let (width, height) = match orientation {
            Orientation::Landscape => (long, short),
            Orientation::Portrait => (short, long),
        };
        PageSettings {
            width,
            height,
            margin_top: 12.0,
            margin_bottom: 14.0,
            margin_x: 10.0,
            body_size: 10.5,
            title_size: 18.0,
            year_size: 11.0,
            footer_size: 9.0,
            leading: 1.45,
            pad_x: 1.5,
            pad_y: 1.2,
        }
    }
}

/// An axis-aligned box, mm from the top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// One line of text at its place.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    /// What it shows.
    pub text: String,
    /// Face.
    pub face: FaceKind,
    /// Size, pt.
    pub size: f64,
    /// Left end of the text, mm.
    pub x: f64,
    /// Baseline, mm from the top.
    pub baseline: f64,
    /// Drawn width including any justification spacing, mm.
    pub width: f64,
    /// Extra space after each character (justification), mm.
    pub spacing: f64,
    /// Top of the line box, mm.
    pub top: f64,
    /// Bottom of the line box, mm.
    pub bottom: f64,
}

/// The lines of one box (a cell on this page, the title, the footer) with the text they
/// stand for, so that text extraction gives back each cell whole.
#[derive(Clone, Debug, PartialEq)]
pub struct TextBlock {
    /// The cell shown (index into the form's cells); `None` for the title and footer.
    pub cell: Option<usize>,
    /// The box the lines must stay in (the cell box, or the page's text area).
    pub area: Rect,
    /// Inner bounds for the text: the area less the padding.
    pub inner: Rect,
    /// The source text of these lines (spaces restored, paragraphs on new lines).
    pub actual: String,
    /// The lines, top to bottom.
    pub lines: Vec<TextLine>,
}

/// A straight rule from (x1, y1) to (x2, y2), mm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    /// Start x.
    pub x1: f64,
    /// Start y.
    pub y1: f64,
    /// End x.
    pub x2: f64,
    /// End y.
    pub y2: f64,
}

/// One laid-out page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Text: title, cells, footer.
    pub blocks: Vec<TextBlock>,
    /// Ruling of the table (merged, no duplicates).
    pub rules: Vec<Rule>,
    /// Cell boxes on this page: (cell number in form order, box).
    pub boxes: Vec<(usize, Rect)>,
}

/// The laid-out document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Page settings used.
    pub settings: PageSettings,
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Number of cells in the form (every one appears in some page's boxes).
    pub cells: usize,
    /// What each cell shows, in cell order (for checks).
    pub cell_fields: Vec<String>,
}

/// Why the layout failed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LayoutError {
    /// The font lacks a character used in the table.
    #[error("字体中没有“{ch}”（U+{code:04X}）这个字，它出现在{field}中")]
    MissingGlyph {
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
        /// Where it is used.
        field: String,
    },
    /// The page cannot hold even one line of a row.
    #[error("页面太小，连表格的一行都放不下")]
    PageTooSmall,
}

/// Lays out the whole form.
pub fn layout(
    sheet: &Sheet,
    metrics: &dyn Metrics,
    settings: &PageSettings,
) -> Result<Document, LayoutError> {
    let spec = table_of(sheet);
    let footer_sample = "第 0123456789 页 共 页";
    check_glyphs(FaceKind::Bold, &sheet.title, "标题", metrics)?;
    check_glyphs(FaceKind::Regular, &sheet.subtitle, "年度行", metrics)?;
    check_glyphs(FaceKind::Regular, footer_sample, "页脚（页码）", metrics)?;
    for c in &spec.cells {
        for p in &c.paras {
            check_glyphs(c.face, &p.text, &c.field, metrics)?;
        }
    }
    let s = settings;
    let left = s.margin_x;
    let width = s.width - 2.0 * s.margin_x;
    // Title block.
    let mut title_blocks = Vec::new();
    let mut y = s.margin_top;
    for (text, face, size, after) in [
        (sheet.title.as_str(), FaceKind::Bold, s.title_size, 2.0),
        (sheet.subtitle.as_str(), FaceKind::Regular, s.year_size, 4.0),
    ] {
        let style = TableStyle {
            size,
            line_height: size * 1.3 * PT_MM,
            pad_x: 0.0,
            pad_y: 0.0,
        };
        let em = size * PT_MM;
        let lines = linebreak::wrap(text, width, 0.0, |c| {
            metrics.advance(face, c).unwrap_or(0.0) * em
        });
        let area = Rect {
            x: left,
            y,
            w: width,
            h: lines.len() as f64 * style.line_height,
        };
        let placed = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let top = y + i as f64 * style.line_height;
                table::place_line(line, face, Align::Center, metrics, style, left, width, top)
            })
            .collect();
        title_blocks.push(TextBlock {
            cell: None,
            area,
            inner: area,
            actual: linebreak::rejoin(&lines),
            lines: placed,
        });
        y += area.h + after;
    }
    let style = TableStyle {
        size: s.body_size,
        line_height: s.body_size * s.leading * PT_MM,
        pad_x: s.pad_x,
        pad_y: s.pad_y,
    };
    let bottom = s.height - s.margin_bottom;
    let first = Band { top: y, bottom };
    let rest = Band {
        top: s.margin_top,
        bottom,
    };
    let table_pages = table::layout_table(&spec, metrics, style, left, width, first, rest)?;
    let total = table_pages.len();
    let mut pages = Vec::with_capacity(total);
    for (i, tp) in table_pages.into_iter().enumerate() {
        let mut blocks = if i == 0 {
            std::mem::take(&mut title_blocks)
        } else {
            Vec::new()
        };
        blocks.extend(tp.blocks);
        blocks.push(footer(i + 1, total, metrics, s));
        let rules = rules_of(tp.boxes.iter().map(|(_, r)| *r));
        pages.push(Page {
            blocks,
            rules,
            boxes: tp.boxes,
        });
    }
    Ok(Document {
        settings: *settings,
        pages,
        cells: spec.cells.len(),
        cell_fields: spec.cells.iter().map(|c| c.field.clone()).collect(),
    })
}

fn check_glyphs(
    face: FaceKind,
    text: &str,
    field: &str,
    metrics: &dyn Metrics,
) -> Result<(), LayoutError> {
    match text.chars().find(|&c| metrics.advance(face, c).is_none()) {
        None => Ok(()),
        Some(ch) => Err(LayoutError::MissingGlyph {
            ch,
            code: ch as u32,
            field: field.to_owned(),
        }),
    }
}

fn footer(n: usize, total: usize, metrics: &dyn Metrics, s: &PageSettings) -> TextBlock {
    let text = format!("第 {n} 页 共 {total} 页");
    let em = s.footer_size * PT_MM;
    let width: f64 = text
        .chars()
        .map(|c| metrics.advance(FaceKind::Regular, c).unwrap_or(0.0) * em)
        .sum();
    let lh = s.footer_size * 1.3 * PT_MM;
    let top = s.height - s.margin_bottom + (s.margin_bottom - lh) / 2.0;
    let area = Rect {
        x: s.margin_x,
        y: top,
        w: s.width - 2.0 * s.margin_x,
        h: lh,
    };
    let line = linebreak::WrappedLine {
        text,
        width,
        indent: 0.0,
        continues: false,
        space_after: false,
    };
    let style = TableStyle {
        size: s.footer_size,
        line_height: lh,
        pad_x: 0.0,
        pad_y: 0.0,
    };
    let placed = table::place_line(
        &line,
        FaceKind::Regular,
        Align::Center,
        metrics,
        style,
        area.x,
        area.w,
        top,
    );
    TextBlock {
        cell: None,
        area,
        inner: area,
        actual: line.text,
        lines: vec![placed],
    }
}

/// The ruling of a page: every box edge, with collinear overlapping pieces merged.
fn rules_of(boxes: impl Iterator<Item = Rect>) -> Vec<Rule> {
    const Q: f64 = 1000.0; // quantise to µm so equal edges compare equal
    let key = |v: f64| (v * Q).round() as i64;
    let mut horizontal: std::collections::BTreeMap<i64, Vec<(i64, i64)>> = Default::default();
    let mut vertical: std::collections::BTreeMap<i64, Vec<(i64, i64)>> = Default::default();
    for b in boxes {
        let (x0, x1, y0, y1) = (key(b.x), key(b.right()), key(b.y), key(b.bottom()));
        horizontal.entry(y0).or_default().push((x0, x1));
        horizontal.entry(y1).or_default().push((x0, x1));
        vertical.entry(x0).or_default().push((y0, y1));
        vertical.entry(x1).or_default().push((y0, y1));
    }
    let merge = |mut segs: Vec<(i64, i64)>| {
        segs.sort_unstable();
        let mut out: Vec<(i64, i64)> = Vec::new();
        for (a, b) in segs {
            match out.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        out
    };
    let mut rules = Vec::new();
    for (y, segs) in horizontal {
        for (a, b) in merge(segs) {
            rules.push(Rule {
                x1: a as f64 / Q,
                y1: y as f64 / Q,
                x2: b as f64 / Q,
                y2: y as f64 / Q,
            });
        }
    }
    for (x, segs) in vertical {
        for (a, b) in merge(segs) {
            rules.push(Rule {
                x1: x as f64 / Q,
                y1: a as f64 / Q,
                x2: x as f64 / Q,
                y2: b as f64 / Q,
            });
        }
    }
    rules
}

/// The sheet as the table engine's input: faces from roles, paragraphs with their indent.
fn table_of(sheet: &Sheet) -> TableSpec {
    let cells = sheet
        .cells
        .iter()
        .map(|c| CellSpec {
            row: c.row,
            col: c.col,
            rowspan: c.rowspan,
            colspan: c.colspan,
            paras: c
                .paras
                .iter()
                .map(|p| Para {
                    text: p.replace('\t', " ").trim_end().to_owned(),
                    indent: c.indent,
                })
                .collect(),
            face: if c.role.is_label() {
                FaceKind::Bold
            } else {
                FaceKind::Regular
            },
            align: match c.align {
                sheet::Align::Left => Align::Left,
                sheet::Align::Center => Align::Center,
                sheet::Align::Justify => Align::Justify,
            },
            field: c.field.clone(),
            repeat: c.repeat,
        })
        .collect();
    TableSpec {
        weights: sheet.weights.clone(),
        rows: sheet.rows,
        cells,
        // The engine repeats one header: the last (the indicator block's), as before.
        header_row: sheet.header_rows.last().copied(),
        keep_with_next: sheet.keep_with_next.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::document::Document as SpecDocument;
    use crate::render::pdf::fonts::tests::FakeMetrics;
    use crate::render::pdf::linebreak::{may_end_line, may_start_line};

    const SEED: &str = include_str!("../../../specs/fujian-redcross-2021.toml");
    const STRESS: &str = include_str!("../../../tests/fixtures/stress.toml");
    const EPS: f64 = 1e-6;

    fn view_of(text: &str) -> Sheet {
        let doc = SpecDocument::from_text(Path::new("t.toml"), text.to_owned());
        crate::forms::sheet(doc.table.as_ref().expect("fixture passes check"))
    }

    fn a4() -> PageSettings {
        PageSettings::new(Paper::A4, Orientation::Landscape)
    }

    fn squash(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// The invariants every layout must keep.
    fn check_invariants(view: &Sheet, doc: &Document) {
        check_layout(view, doc, true);
    }

    /// `strict_breaks == false` checks geometry only: random punctuation runs longer than
    /// a column must be broken somewhere, so the punctuation rules are checked on real
    /// text (the seed and the stress spec) instead.
    fn check_layout(view: &Sheet, doc: &Document, strict_breaks: bool) {
        let s = &doc.settings;
        let spec = table_of(view);
        let mut seen = vec![false; doc.cells];
        let mut shown: Vec<String> = vec![String::new(); doc.cells];
        for (p, page) in doc.pages.iter().enumerate() {
            for (c, b) in &page.boxes {
                seen[*c] = true;
                assert!(
                    b.x >= s.margin_x - EPS
                        && b.right() <= s.width - s.margin_x + EPS
                        && b.y >= s.margin_top - EPS
                        && b.bottom() <= s.height - s.margin_bottom + EPS,
                    "page {p}: box of {} outside the table area: {b:?}",
                    doc.cell_fields[*c]
                );
            }
            for block in &page.blocks {
                let a = block.area;
                assert!(a.x >= -EPS && a.right() <= s.width + EPS);
                assert!(a.y >= -EPS && a.bottom() <= s.height + EPS);
                let inner = block.inner;
                for l in &block.lines {
                    assert!(
                        l.x >= inner.x - EPS
                            && l.x + l.width <= inner.right() + EPS
                            && l.top >= inner.y - EPS
                            && l.bottom <= inner.bottom() + EPS,
                        "page {p}: line {:?} ({}..{}, x {}..{}) outside {inner:?}",
                        l.text,
                        l.top,
                        l.bottom,
                        l.x,
                        l.x + l.width
                    );
                    let first = l.text.chars().next().unwrap();
                    let last = l.text.chars().last().unwrap();
                    assert!(
                        !strict_breaks || may_start_line(first),
                        "line starts with {first}: {}",
                        l.text
                    );
                    let para_end = block.actual.rfind(&l.text).is_some_and(|k| {
                        let rest = &block.actual[k + l.text.len()..];
                        rest.is_empty() || rest.starts_with('\n')
                    });
                    assert!(
                        !strict_breaks || para_end || may_end_line(last),
                        "line ends with {last}: {} in {:?} ({:?})",
                        l.text,
                        block.cell.map(|c| &doc.cell_fields[c]),
                        block.lines.iter().map(|l| &l.text).collect::<Vec<_>>()
                    );
                    for r in &page.rules {
                        let crosses_h = r.y1 == r.y2
                            && l.top + EPS < r.y1
                            && r.y1 < l.bottom - EPS
                            && r.x1 < l.x + l.width
                            && r.x2 > l.x;
                        let crosses_v = r.x1 == r.x2
                            && l.x + EPS < r.x1
                            && r.x1 < l.x + l.width - EPS
                            && r.y1 < l.bottom
                            && r.y2 > l.top;
                        assert!(!crosses_h && !crosses_v, "rule {r:?} crosses {:?}", l.text);
                    }
                }
                if let Some(c) = block.cell {
                    let full = squash(
                        &spec.cells[c]
                            .paras
                            .iter()
                            .map(|p| p.text.as_str())
                            .collect::<String>(),
                    );
                    if spec.cells[c].repeat {
                        assert_eq!(squash(&block.actual), full, "{}", doc.cell_fields[c]);
                    } else {
                        shown[c].push_str(&squash(&block.actual));
                    }
                }
            }
        }
        for (c, cell) in spec.cells.iter().enumerate() {
            assert!(seen[c], "cell never drawn: {}", doc.cell_fields[c]);
            if !cell.repeat {
                let full = squash(
                    &cell
                        .paras
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<String>(),
                );
                assert_eq!(
                    shown[c], full,
                    "text of {} not shown exactly once",
                    doc.cell_fields[c]
                );
            }
        }
    }

    #[test]
    fn seed_keeps_every_invariant() {
        let view = view_of(SEED);
        for (paper, orientation) in [
            (Paper::A4, Orientation::Landscape),
            (Paper::A4, Orientation::Portrait),
            (Paper::A3, Orientation::Landscape),
        ] {
            let doc = layout(
                &view,
                &FakeMetrics::new(),
                &PageSettings::new(paper, orientation),
            )
            .unwrap();
            check_invariants(&view, &doc);
        }
    }

    #[test]
    fn stress_keeps_every_invariant() {
        let view = view_of(STRESS);
        assert_eq!(
            view.cells.iter().filter(|c| c.key == Some("name")).count(),
            300
        );
        for orientation in [Orientation::Landscape, Orientation::Portrait] {
            let doc = layout(
                &view,
                &FakeMetrics::new(),
                &PageSettings::new(Paper::A4, orientation),
            )
            .unwrap();
            check_invariants(&view, &doc);
        }
    }

    fn pages_with(doc: &Document, field: &str) -> Vec<usize> {
        doc.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.boxes.iter().any(|(c, _)| doc.cell_fields[*c] == field))
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn stress_repeats_headers_and_labels_across_breaks() {
        let view = view_of(STRESS);
        let doc = layout(&view, &FakeMetrics::new(), &a4()).unwrap();
        let head = "表头“一级指标”";
        let label = "表头“年度绩效指标”";
        let first_indicator_page = pages_with(&doc, head)[0];
        for p in first_indicator_page..doc.pages.len() {
            let page = &doc.pages[p];
            let fields: Vec<&str> = page
                .blocks
                .iter()
                .filter_map(|b| b.cell.map(|c| doc.cell_fields[c].as_str()))
                .collect();
            assert!(fields.contains(&head), "page {p} lacks the column header");
            assert!(fields.contains(&label), "page {p} lacks the section label");
            // The header is the topmost row of a continuation page.
            if p > first_indicator_page {
                let head_y = page
                    .boxes
                    .iter()
                    .find(|(c, _)| doc.cell_fields[*c] == head)
                    .map(|(_, r)| r.y)
                    .unwrap();
                assert!((head_y - doc.settings.margin_top).abs() < EPS);
            }
        }
        // Every 一级 run crosses a page break and shows its label on each of its pages.
        let level1_cells: Vec<usize> = (0..doc.cells)
            .filter(|&c| doc.cell_fields[c].ends_with("的“一级指标”"))
            .collect();
        assert_eq!(level1_cells.len(), 4);
        for c in level1_cells {
            let pages = pages_with(&doc, &doc.cell_fields[c]);
            assert!(pages.len() >= 2, "{} on one page only", doc.cell_fields[c]);
            assert!(pages.windows(2).all(|w| w[1] == w[0] + 1));
        }
        // The 2 500-character explanation is taller than a page: split between lines.
        let tall = pages_with(&doc, "年度绩效指标第 150 行的“内涵解释”");
        assert!(tall.len() >= 3, "{tall:?}");
    }

    #[test]
    fn page_count_and_footer() {
        let view = view_of(SEED);
        let doc = layout(&view, &FakeMetrics::new(), &a4()).unwrap();
        let n = doc.pages.len();
        assert!(n >= 2);
        for (i, p) in doc.pages.iter().enumerate() {
            let footer = p.blocks.last().unwrap();
            assert_eq!(footer.actual, format!("第 {} 页 共 {n} 页", i + 1));
            assert!(footer.area.y >= doc.settings.height - doc.settings.margin_bottom);
        }
        let title = &doc.pages[0].blocks[0];
        assert_eq!(title.actual, "部门整体支出绩效目标表");
        assert_eq!(title.lines[0].face, FaceKind::Bold);
    }

    #[test]
    fn missing_glyph_names_the_character_and_the_field() {
        let view = view_of(SEED);
        let metrics = FakeMetrics {
            missing: vec!['册'],
        };
        let err = layout(&view, &metrics, &a4()).unwrap_err();
        assert_eq!(
            err,
            LayoutError::MissingGlyph {
                ch: '册',
                code: 0x518C,
                field: "年度绩效指标第 1 行的“目标值”".to_owned(),
            }
        );
        let msg = err.to_string();
        assert!(
            msg.contains("“册”") && msg.contains("U+518C") && msg.contains("第 1 行"),
            "{msg}"
        );
    }

    #[test]
    fn rules_are_merged_without_duplicates() {
        let view = view_of(SEED);
        let doc = layout(&view, &FakeMetrics::new(), &a4()).unwrap();
        for page in &doc.pages {
            for (i, a) in page.rules.iter().enumerate() {
                for b in &page.rules[i + 1..] {
                    let same_line = (a.y1 == a.y2 && b.y1 == b.y2 && a.y1 == b.y1)
                        || (a.x1 == a.x2 && b.x1 == b.x2 && a.x1 == b.x1);
                    if same_line {
                        let (a0, a1, b0, b1) = if a.y1 == a.y2 {
                            (a.x1, a.x2, b.x1, b.x2)
                        } else {
                            (a.y1, a.y2, b.y1, b.y2)
                        };
                        assert!(a1 < b0 || b1 < a0, "overlapping rules {a:?} {b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn layout_is_deterministic() {
        let view = view_of(SEED);
        let a = layout(&view, &FakeMetrics::new(), &a4()).unwrap();
        let b = layout(&view, &FakeMetrics::new(), &a4()).unwrap();
        assert_eq!(a, b);
    }

    /// Any text lengths and any mix of long and short columns: every line stays in its cell.
    mod properties {
        use proptest::prelude::*;

        use super::*;

        fn cell_text() -> impl Strategy<Value = String> {
            prop_oneof![
                proptest::string::string_regex("[一-龥]{1,6}").expect("regex"),
                proptest::string::string_regex("[一-龥，。、；：（）《》“”a-zA-Z0-9≥%.]{1,400}")
                    .expect("regex"),
                proptest::string::string_regex("[a-zA-Z]{30,80}").expect("regex"),
            ]
            .prop_filter("not blank", |s| !s.trim().is_empty())
        }

        fn toml_str(s: &str) -> String {
            toml::Value::String(s.to_owned()).to_string()
        }

        fn spec(goal: &str, rows: &[(usize, String, String, String)]) -> String {
            let mut t = format!(
                "form = \"部门整体支出绩效目标表\"\nyear = 2022\noverall_goal = {}\n[department]\nname = \"某局\"\n[budget]\ntotal = 1.00\nproject = 1.00\nbasic = 0.00\n[[duties]]\nfunction = {}\ntask = \"任务\"\n",
                toml_str(goal),
                toml_str(goal),
            );
            let pairs = [
                ("产出指标", "数量指标"),
                ("效益指标", "社会效益指标"),
                ("满意度指标", "服务对象满意度指标"),
            ];
            for (i, (pair, name, explanation, basis)) in rows.iter().enumerate() {
                let (l1, l2) = pairs[*pair % 3];
                let target = if l1 == "满意度指标" {
                    "≥90.00%"
                } else {
                    "≥300.00册"
                };
                t.push_str(&format!(
                    "[[indicators]]\nlevel1 = \"{l1}\"\nlevel2 = \"{l2}\"\nname = {}\nexplanation = {}\nbasis = {}\ntarget = \"{target}\"\n",
                    toml_str(&format!("{name}{i}")),
                    toml_str(explanation),
                    toml_str(basis),
                ));
            }
            for (l1, l2) in pairs {
                let target = if l1 == "满意度指标" {
                    "≥90.00%"
                } else {
                    "≥1.00次"
                };
                t.push_str(&format!(
                    "[[indicators]]\nlevel1 = \"{l1}\"\nlevel2 = \"{l2}\"\nname = \"固定{l2}\"\ntarget = \"{target}\"\n"
                ));
            }
            t
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn text_never_leaves_its_cell(
                goal in cell_text(),
                rows in proptest::collection::vec((0usize..3, cell_text(), cell_text(), cell_text()), 0..25),
                portrait in any::<bool>(),
                a3 in any::<bool>(),
            ) {
                let view = view_of(&spec(&goal, &rows));
                let settings = PageSettings::new(
                    if a3 { Paper::A3 } else { Paper::A4 },
                    if portrait { Orientation::Portrait } else { Orientation::Landscape },
                );
                let doc = layout(&view, &FakeMetrics::new(), &settings).expect("lays out");
                check_layout(&view, &doc, false);
            }
        }
    }
}
