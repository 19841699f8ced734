//! Column widths of one block of the HTML form (the rows under one column-header row),
//! fitted to its own content: in 年度履职目标 the long texts (部门职能, 年度目标任务) get
//! the width and 支出项目名称 / 预算金额 what they need. The PDF engine fits blocks with
//! font metrics (`render::pdf::columns`); the browser lays out the HTML itself, so here
//! an estimate in ems is enough. Each block is its own `<table>`, so its columns need
//! not line up with the other blocks' beyond the edges and the section-label column.

use std::collections::BTreeSet;
use std::ops::Range;

use super::sheet::Sheet;

/// One em of 10 pt type as a share of the A4 landscape text width (277 mm), in percent.
const EM_PERCENT: f64 = 3.528 / 277.0 * 100.0;
/// A cell's horizontal padding (2 × 1.5 mm) in percent of the text width.
const PAD_PERCENT: f64 = 3.0 / 277.0 * 100.0;
/// Text of at most this many ems on one line is short: its column gets what it needs.
const SHORT_EMS: f64 = 16.0;
/// No column of a refitted block is narrower than this many ems.
const MIN_EMS: f64 = 4.0;

/// The widths (percent, one per grid column) of the block `rows`, or `None` when the
/// grid's own widths serve it: a block whose column headers each take one grid column
/// (the indicators, for which the grid is made) or one without long texts.
pub fn block_percents(sheet: &Sheet, rows: Range<usize>, base: &[f64]) -> Option<Vec<f64>> {
    let n = base.len();
    let cells: Vec<_> = sheet
        .cells
        .iter()
        .filter(|c| c.row >= rows.start && c.row + c.rowspan <= rows.end)
        .collect();
    let headers = cells
        .iter()
        .filter(|c| c.row == rows.start && c.rowspan == 1);
    if headers.clone().all(|c| c.colspan == 1) || headers.count() == 0 {
        return None;
    }
    // Boundaries that stay: the table's edges and those of cells reaching outside the
    // block or covering all of it (the section label).
    let mut fixed: BTreeSet<usize> = [0, n].into_iter().collect();
    let mut bounds: BTreeSet<usize> = fixed.clone();
    for c in sheet
        .cells
        .iter()
        .filter(|c| c.row < rows.end && c.row + c.rowspan > rows.start)
    {
        bounds.insert(c.col);
        bounds.insert(c.col + c.colspan);
        let inside = c.row >= rows.start && c.row + c.rowspan <= rows.end;
        let whole = c.row <= rows.start && c.row + c.rowspan >= rows.end;
        if !inside || whole {
            fixed.insert(c.col);
            fixed.insert(c.col + c.colspan);
        }
    }
    let bounds: Vec<usize> = bounds.into_iter().collect();
    let segments: Vec<Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    let width = |s: &Range<usize>| base[s.clone()].iter().sum::<f64>();
    // Per segment: the longest paragraph (ems) and all text (ems) of the cells over it.
    let mut longest = vec![0.0_f64; segments.len()];
    let mut total = vec![0.0_f64; segments.len()];
    for c in &cells {
        let Some(k) = segments
            .iter()
            .position(|s| s.start == c.col && s.end == c.col + c.colspan)
        else {
            continue;
        };
        for p in &c.paras {
            let ems = ems(p);
            longest[k] = longest[k].max(ems);
            total[k] += ems;
        }
    }
    // Runs of segments between fixed boundaries share their width among themselves.
    let mut out_seg: Vec<f64> = segments.iter().map(width).collect();
    let mut changed = false;
    let mut k = 0;
    while k < segments.len() {
        let mut j = k + 1;
        while j < segments.len() && !fixed.contains(&segments[j].start) {
            j += 1;
        }
        changed |= share(&mut out_seg[k..j], &longest[k..j], &total[k..j]);
        k = j;
    }
    if !changed {
        return None;
    }
    let mut out = vec![0.0; n];
    for (s, w) in segments.iter().zip(out_seg) {
        let each = w / s.len() as f64;
        for x in &mut out[s.clone()] {
            *x = each;
        }
    }
    Some(out)
}

/// Shares the width of a run of segments: short ones get what they need, long ones the
/// rest in proportion to their text. Returns whether anything long was there to gain.
fn share(widths: &mut [f64], longest: &[f64], total: &[f64]) -> bool {
    let available: f64 = widths.iter().sum();
    let floor = MIN_EMS * EM_PERCENT + PAD_PERCENT;
    let short: Vec<bool> = longest.iter().map(|&l| l <= SHORT_EMS).collect();
    if widths.len() < 2 || short.iter().all(|&s| s) || short.iter().all(|&s| !s) {
        return false;
    }
    // One em to spare: a browser's glyphs and borders take a little more than the
    // estimate, and a short value one character too wide wraps a lone character.
    let needs: Vec<f64> = longest
        .iter()
        .map(|&l| ((l + 1.0) * EM_PERCENT + PAD_PERCENT).max(floor))
        .collect();
    let short_width: f64 = (0..widths.len())
        .filter(|&i| short[i])
        .map(|i| needs[i])
        .sum();
    let long_text: f64 = (0..widths.len())
        .filter(|&i| !short[i])
        .map(|i| total[i].sqrt())
        .sum();
    let rest = available - short_width;
    let long_count = short.iter().filter(|&&s| !s).count() as f64;
    if rest < long_count * floor || long_text <= 0.0 {
        return false;
    }
    for i in 0..widths.len() {
        widths[i] = if short[i] {
            needs[i]
        } else {
            // Square roots: a text twice as long gets about 1.4 times the width, so the
            // shorter long text does not end up a narrow column of many lines.
            rest * total[i].sqrt() / long_text
        };
    }
    true
}

/// About how many lines paragraphs take in a column `percent` of the text width wide.
pub fn lines(paras: &[String], percent: f64) -> f64 {
    let room = ((percent - PAD_PERCENT) / EM_PERCENT).max(1.0);
    paras.iter().map(|p| (ems(p) / room).ceil().max(1.0)).sum()
}

/// A paragraph's length on one line in ems: Chinese and full-width characters one em,
/// others about half.
fn ems(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if unicode_width::UnicodeWidthChar::width(c) == Some(2) {
                1.0
            } else {
                0.55
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sheet::Sheet;

    fn seed_sheet() -> Sheet {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/specs/fujian-redcross-2021.toml"
        ))
        .expect("seed spec");
        let checked = crate::validate::check_text(&text);
        crate::forms::sheet(&checked.table.expect("seed checks"))
            .expect("the built-in layout fits the seed")
    }

    fn base(sheet: &Sheet) -> Vec<f64> {
        let total: u32 = sheet.weights.iter().sum();
        sheet
            .weights
            .iter()
            .map(|&w| f64::from(w) * 100.0 / f64::from(total))
            .collect()
    }

    #[test]
    fn the_duty_block_gives_its_long_texts_the_width() {
        let sheet = seed_sheet();
        let base = base(&sheet);
        let heads = &sheet.header_rows;
        let start = heads[0];
        let end = heads.get(1).copied().unwrap_or(sheet.rows);
        let widths = block_percents(&sheet, start..end, &base).expect("refitted");
        let total: f64 = widths.iter().sum();
        assert!((total - 100.0).abs() < 1e-6, "{total}");
        assert!((widths[0] - base[0]).abs() < 1e-9, "the label column stays");
        let head: Vec<_> = sheet.cells.iter().filter(|c| c.row == start).collect();
        let span = |name: &str| {
            let c = head
                .iter()
                .find(|c| c.text() == name)
                .unwrap_or_else(|| panic!("{name}"));
            widths[c.col..c.col + c.colspan].iter().sum::<f64>()
        };
        let (function, task) = (span("部门职能"), span("年度目标任务"));
        let (project, amount) = (span("支出项目名称"), span("预算金额(万元)"));
        assert!(function > project && task > project, "{widths:?}");
        assert!(function > amount && task > amount, "{widths:?}");
        // 预算金额(万元) still fits its header on one line.
        assert!(
            amount >= ems("预算金额(万元)") * EM_PERCENT + PAD_PERCENT - 1e-9,
            "{amount}"
        );
    }

    #[test]
    fn lines_count_each_paragraph_wrapped_to_the_column() {
        let five_ems = 5.0 * EM_PERCENT + PAD_PERCENT;
        let paras = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(lines(&paras(&["一二三四五"]), five_ems), 1.0);
        assert_eq!(lines(&paras(&["一二三四五六"]), five_ems), 2.0);
        assert_eq!(
            lines(&paras(&["一二三", "", "一二三四五六七八九十一"]), five_ems),
            5.0
        );
    }

    #[test]
    fn the_indicator_block_keeps_the_grid() {
        let sheet = seed_sheet();
        let base = base(&sheet);
        let start = *sheet.header_rows.last().expect("indicator header");
        assert_eq!(block_percents(&sheet, start..sheet.rows, &base), None);
    }
}
