//! Column widths: the grid's columns from the weights and the content of single-column
//! cells, then, block by block, the columns of blocks whose cells merge grid columns (the
//! 年度履职目标 block: 部门职能 | 年度目标任务 | 支出项目名称 | 预算金额) fitted to that
//! block's own content, so long texts get the width and short values only what they need.
//! The grid itself (and so the HTML and xlsx exporters) keeps its columns.

use std::collections::BTreeSet;
use std::ops::Range;

mod estimate;

use estimate::{Estimate, Item, Metrics};

use super::fonts::FaceKind;
use super::frame::PT_MM;
use super::linebreak::Shaped;
use super::table_spec::{Align, TableSpec, TableStyle};

const EPS: f64 = 1e-6;

/// Per cell, per paragraph: natural width on one line (with the first-line indent) and
/// the widest unbreakable cluster, mm. Measured once for both passes.
type Measures = Vec<Vec<(f64, f64)>>;

fn measure_all(table: &TableSpec, shaped: &[Vec<Shaped>], em: f64) -> Measures {
    table
        .cells
        .iter()
        .zip(shaped)
        .map(|(c, shaped)| {
            c.paras
                .iter()
                .zip(shaped)
                .map(|(p, sh)| {
                    let (natural, widest) = sh.measure();
                    (natural + if p.indent { 2.0 * em } else { 0.0 }, widest)
                })
                .collect()
        })
        .collect()
}

/// Each cell's left edge and width, mm.
pub(super) fn cell_columns(
    table: &TableSpec,
    shaped: &[Vec<Shaped>],
    style: TableStyle,
    left: f64,
    total: f64,
) -> Vec<(f64, f64)> {
    let measures = measure_all(table, shaped, style.size * PT_MM);
    let widths = column_widths(table, &measures, style, total);
    let mut xs = vec![left];
    for w in &widths {
        xs.push(xs[xs.len() - 1] + w);
    }
    let mut out: Vec<(f64, f64)> = table
        .cells
        .iter()
        .map(|c| (xs[c.col], xs[c.col + c.colspan] - xs[c.col]))
        .collect();
    // Blocks: a column-header row and the rows under it up to the next header (年度履职目标,
    // the indicators), with every column boundary their cells use.
    for block in crate::sheet::header_blocks(&table.header_rows, table.rows) {
        let (start, end) = (block.start, block.end);
        if end <= start + 1 {
            continue;
        }
        let mut bounds = BTreeSet::new();
        for c in table
            .cells
            .iter()
            .filter(|c| c.row < end && c.row + c.rowspan > start)
        {
            bounds.insert(c.col);
            bounds.insert(c.col + c.colspan);
        }
        if bounds.len() > 2 {
            refit_block(table, start..end, &bounds, &xs, &measures, style, &mut out);
        }
    }
    out
}

/// Fewest ems of text a line of a value column holds when its text is longer: a column
/// of three characters a line reads as a list of syllables (`得分=/完成数/量/目/标数量`).
const FLOOR_EMS: f64 = 4.0;

/// The narrowest a column may be for a paragraph `natural` mm long on one line: four
/// characters a line, or the whole paragraph when it is shorter (mm, without padding).
/// The paragraph's widest unbreakable run (a number with its unit, a short formula term)
/// is a floor too; the caller takes the larger.
fn text_floor(natural: f64, em: f64) -> f64 {
    natural.min(FLOOR_EMS * em)
}

/// The move of `step` mm from one block column to another of its segment that lowers
/// the height most, with the new height. A few columns: every pair is tried. Many (the
/// indicator block's eight): each column is tried once as giver and once as taker, and
/// the best few pairs of those are tried together, which keeps a wide block cheap.
fn best_move(
    m: usize,
    seg: &[usize],
    min: &[f64],
    w: &mut [f64],
    step: f64,
    best: f64,
    est: &mut Estimate,
) -> Option<(usize, usize, f64)> {
    let can_give = |w: &[f64], i: usize| w[i] - step >= min[i] - EPS;
    let try_pair = |est: &mut Estimate, w: &mut [f64], i: usize, j: usize| {
        w[i] -= step;
        w[j] += step;
        let h = est.height(w, [i, j]);
        w[i] += step;
        w[j] -= step;
        h
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if m <= 5 {
        for i in (0..m).filter(|&i| can_give(w, i)) {
            pairs.extend(
                (0..m)
                    .filter(|&j| j != i && seg[j] == seg[i])
                    .map(|j| (i, j)),
            );
        }
    } else {
        let alone = |est: &mut Estimate, w: &mut [f64], k: usize, d: f64| {
            w[k] += d;
            let h = est.height(w, [k, k]);
            w[k] -= d;
            h
        };
        let give: Vec<f64> = (0..m)
            .map(|i| {
                if can_give(w, i) {
                    alone(est, w, i, -step)
                } else {
                    f64::INFINITY
                }
            })
            .collect();
        let take: Vec<f64> = (0..m).map(|j| alone(est, w, j, step)).collect();
        let mut ranked: Vec<(f64, usize, usize)> = Vec::new();
        for i in (0..m).filter(|&i| give[i].is_finite()) {
            for j in (0..m).filter(|&j| j != i && seg[j] == seg[i]) {
                ranked.push((give[i] + take[j], i, j));
            }
        }
        ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        pairs.extend(ranked.iter().take(3).map(|&(_, i, j)| (i, j)));
    }
    let mut pick: Option<(usize, usize, f64)> = None;
    for (i, j) in pairs {
        let h = try_pair(est, w, i, j);
        if h < pick.map_or(best, |p| p.2) - EPS {
            pick = Some((i, j, h));
        }
    }
    pick
}

/// Fits the columns of the block `rows` (boundaries `b`) to its content: starting from
/// the grid's widths, width moves between the block's columns while that lowers the
/// block's height (estimated from the natural widths, so cheap enough to try many
/// splits). Boundaries of cells reaching outside the block, of a label covering the whole
/// block, and the table's edges stay where they are.
fn refit_block(
    table: &TableSpec,
    rows: Range<usize>,
    b: &BTreeSet<usize>,
    xs: &[f64],
    measures: &Measures,
    style: TableStyle,
    out: &mut [(f64, f64)],
) {
    let n = table.weights.len();
    let em = style.size * PT_MM;
    let bs: Vec<usize> = b.iter().copied().collect();
    let m = bs.len() - 1;
    let idx = |boundary: usize| bs.binary_search(&boundary).ok();
    let mut fixed: BTreeSet<usize> = [0, n].into_iter().collect();
    let mut items = Vec::new();
    for (i, c) in table.cells.iter().enumerate() {
        let end = c.row + c.rowspan;
        if end <= rows.start || c.row >= rows.end {
            continue;
        }
        let inside = c.row >= rows.start && end <= rows.end;
        let whole_block = c.row == rows.start && end == rows.end;
        if !inside || whole_block {
            fixed.insert(c.col);
            fixed.insert(c.col + c.colspan);
        }
        if !inside {
            continue;
        }
        let (Some(k0), Some(k1)) = (idx(c.col), idx(c.col + c.colspan)) else {
            return;
        };
        items.push((
            Item {
                cell: i,
                cols: k0..k1,
                rows: c.row - rows.start..end - rows.start,
                natural: measures[i].iter().map(|&(nat, _)| nat).collect(),
                prefer: {
                    // Short labels (一级指标, 产出指标) on one line; short centred values
                    // (项目名称, 金额, headers) on two at most; longer texts as they must.
                    let nat = measures[i].iter().map(|&(nat, _)| nat).fold(0.0, f64::max);
                    let label = c.label || c.face == FaceKind::Bold;
                    match c.align {
                        _ if label && nat <= 4.5 * em => 1,
                        Align::Center if nat <= 12.0 * em => 2,
                        _ => usize::MAX,
                    }
                },
                label: c.label || c.face == FaceKind::Bold,
            },
            c,
        ));
    }
    // Segment of each block column: width moves only between columns of one segment.
    let seg: Vec<usize> = (0..m).map(|k| fixed.range(..=bs[k]).count()).collect();
    let pad = 2.0 * style.pad_x;
    let floor = 2.0 * em + pad;
    let mut min = vec![floor; m];
    for (item, _) in &items {
        if item.cols.len() != 1 {
            continue;
        }
        let k = item.cols.start;
        let c = &table.cells[item.cell];
        // A label never takes more than three lines (`指标计/算公式/或方法`).
        let label = c.label || c.face == FaceKind::Bold;
        for &(nat, widest) in &measures[item.cell] {
            let most = if label { nat / 3.0 } else { 0.0 };
            let floor = if label { 0.0 } else { text_floor(nat, em) };
            min[k] = min[k].max(widest.max(most).max(floor) + pad);
        }
    }
    let mut w: Vec<f64> = (0..m).map(|k| xs[bs[k + 1]] - xs[bs[k]]).collect();
    // Columns under their minimum borrow from the others of their segment first.
    for k in 0..m {
        let deficit = min[k] - w[k];
        if deficit <= EPS {
            continue;
        }
        let spare: Vec<(usize, f64)> = (0..m)
            .filter(|&j| j != k && seg[j] == seg[k])
            .map(|j| (j, (w[j] - min[j]).max(0.0)))
            .filter(|&(_, s)| s > EPS)
            .collect();
        let total: f64 = spare.iter().map(|&(_, s)| s).sum();
        let take = deficit.min(total);
        if take <= EPS {
            continue;
        }
        for (j, s) in spare {
            w[j] -= take * s / total;
        }
        w[k] += take;
    }
    let mut items: Vec<Item> = items.into_iter().map(|(item, _)| item).collect();
    // Single-row cells first, then merged ones in the order their runs end (the height
    // settles each run's rows before the runs over them).
    items.sort_by_key(|it| (it.rows.len() > 1, it.rows.end, it.rows.start));
    let metrics = Metrics {
        pad,
        pad_y: style.pad_y,
        em,
        line_height: style.line_height,
    };
    let mut est = Estimate::new(&items, m, rows.len(), metrics, &w);
    if !est.any_wraps(&w) {
        return;
    }
    // No column changed: every item as settled.
    let mut best = est.height(&w, [m, m]);
    for step in [8.0, 4.0, 2.0, 1.0, 0.5].map(|k| k * em) {
        for _ in 0..32 {
            let Some((i, j, h)) = best_move(m, &seg, &min, &mut w, step, best, &mut est) else {
                break;
            };
            w[i] -= step;
            w[j] += step;
            best = h;
            est.accept(&w);
        }
    }
    let mut x = vec![xs[bs[0]]; m + 1];
    for k in 0..m {
        x[k + 1] = x[k] + w[k];
    }
    for it in &items {
        out[it.cell] = (x[it.cols.start], x[it.cols.end] - x[it.cols.start]);
    }
}

/// Column widths: start from the weights; columns whose content is narrower than their
/// share give the rest to columns that would wrap; no column is narrower than its widest
/// unbreakable word where the others can spare it.
fn column_widths(
    table: &TableSpec,
    measures: &Measures,
    style: TableStyle,
    total: f64,
) -> Vec<f64> {
    let n = table.weights.len();
    let em = style.size * PT_MM;
    let floor = 2.0 * em + 2.0 * style.pad_x;
    let mut min = vec![floor; n];
    let mut max = vec![floor; n];
    for (c, m) in table.cells.iter().zip(measures) {
        if c.colspan != 1 {
            continue;
        }
        for &(natural, widest) in m {
            max[c.col] = max[c.col].max(natural + 2.0 * style.pad_x);
            // Labels and headers may stack (`产出/指标`); values read four characters on.
            let label = c.label || c.face == FaceKind::Bold;
            let floor = if label { 0.0 } else { text_floor(natural, em) };
            let least = widest.max(floor);
            min[c.col] = min[c.col].max(least + 2.0 * style.pad_x);
        }
    }
    let sum_w: f64 = table.weights.iter().map(|&w| f64::from(w)).sum();
    let weight = |i: usize| f64::from(table.weights[i]).max(1.0);
    let base: Vec<f64> = (0..n).map(|i| total * weight(i) / sum_w).collect();
    let mut w = base.clone();
    let mut shrunk = vec![false; n];
    let mut free = 0.0;
    for i in 0..n {
        // A little air beyond the longest line, so shrunk columns do not look cramped.
        let want = (max[i] + 0.25 * em).max(min[i]);
        if want < base[i] {
            w[i] = want;
            free += base[i] - want;
            shrunk[i] = true;
        }
    }
    for _ in 0..8 {
        if free <= EPS {
            break;
        }
        let needy: Vec<usize> = (0..n)
            .filter(|&i| !shrunk[i] && w[i] + EPS < max[i])
            .collect();
        if needy.is_empty() {
            break;
        }
        let tw: f64 = needy.iter().map(|&i| weight(i)).sum();
        let mut used = 0.0;
        for &i in &needy {
            let give = (free * weight(i) / tw).min(max[i] - w[i]);
            w[i] += give;
            used += give;
        }
        free -= used;
    }
    if free > EPS {
        // Everyone is content: hand the rest back in proportion to the weights.
        let takers: Vec<usize> = (0..n).filter(|&i| !shrunk[i]).collect();
        let takers = if takers.is_empty() {
            (0..n).collect()
        } else {
            takers
        };
        let tw: f64 = takers.iter().map(|&i| weight(i)).sum();
        for &i in &takers {
            w[i] += free * weight(i) / tw;
        }
    }
    // Unbreakable words: borrow from columns with room to spare.
    for i in 0..n {
        let deficit = min[i] - w[i];
        if deficit <= EPS {
            continue;
        }
        let spare: Vec<(usize, f64)> = (0..n)
            .filter(|&j| j != i)
            .map(|j| (j, (w[j] - min[j].max(floor)).max(0.0)))
            .filter(|&(_, s)| s > EPS)
            .collect();
        let total_spare: f64 = spare.iter().map(|&(_, s)| s).sum();
        let take = deficit.min(total_spare);
        if take <= EPS {
            continue;
        }
        for (j, s) in spare {
            w[j] -= take * s / total_spare;
        }
        w[i] += take;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::table::tests::{cell, style};

    fn shape(t: &TableSpec, adv: &dyn Fn(FaceKind, char) -> f64, em: f64) -> Vec<Vec<Shaped>> {
        t.cells
            .iter()
            .map(|c| {
                c.paras
                    .iter()
                    .map(|p| Shaped::new(&p.text, em, |ch| adv(c.face, ch)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn short_columns_give_their_width_to_long_ones() {
        let t = TableSpec {
            weights: vec![1, 1],
            rows: 1,
            cells: vec![
                cell(0, 0, 1, "短", false),
                cell(0, 1, 1, &"长".repeat(100), false),
            ],
            header_rows: Vec::new(),
            keep_with_next: vec![],
        };
        let em = 10.0 * PT_MM;
        let adv = |_: FaceKind, c: char| if c.is_ascii() { em / 2.0 } else { em };
        let w = column_widths(
            &t,
            &measure_all(&t, &shape(&t, &adv, em), em),
            style(),
            100.0,
        );
        assert!((w.iter().sum::<f64>() - 100.0).abs() < 1e-9);
        assert!(w[0] < 15.0 && w[1] > 85.0, "{w:?}");
    }

    #[test]
    fn a_short_value_column_keeps_four_characters_and_its_number_with_unit() {
        // Two thin value columns beside a very long text: each keeps at least four
        // characters a line, and a number with its unit on one line.
        let t = TableSpec {
            weights: vec![1, 1, 30],
            rows: 1,
            cells: vec![
                cell(0, 0, 1, "得分=完成数量/目标数量*指标分值", false),
                cell(0, 1, 1, "≥1119.80万元", false),
                cell(0, 2, 1, &"长".repeat(2000), false),
            ],
            header_rows: Vec::new(),
            keep_with_next: vec![],
        };
        let em = 10.0 * PT_MM;
        let adv = |_: FaceKind, c: char| if c.is_ascii() { em / 2.0 } else { em };
        let w = column_widths(
            &t,
            &measure_all(&t, &shape(&t, &adv, em), em),
            style(),
            200.0,
        );
        let pad = 2.0 * style().pad_x;
        assert!(w[0] + 1e-9 >= 4.0 * em + pad, "{w:?}");
        let number = Shaped::new("≥1119.80万元", em, |c| adv(FaceKind::Regular, c))
            .measure()
            .0;
        assert!(w[1] + 1e-9 >= number + pad, "{w:?}");
    }

    #[test]
    fn a_block_of_merged_columns_gives_its_width_to_its_long_texts() {
        // Eight grid columns; rows 1–3 merge them in pairs into four block columns, like
        // 部门职能 | 年度目标任务 | 支出项目名称 | 预算金额, under a label in column 0.
        let em = 10.0 * PT_MM;
        let adv = |_: FaceKind, c: char| if c.is_ascii() { em / 2.0 } else { em };
        let mut cells = vec![cell(0, 0, 1, "一", false)];
        for k in 1..8 {
            cells.push(cell(0, k, 1, "一", false));
        }
        cells.push(cell(1, 0, 3, "年度履职目标", true));
        let mut pair = |row: usize, k: usize, text: &str, align: Align| {
            let mut c = cell(row, 1 + 2 * k, 1, text, false);
            c.colspan = if k == 3 { 1 } else { 2 };
            c.align = align;
            cells.push(c);
        };
        for (k, h) in ["部门职能", "年度目标任务", "支出项目名称"]
            .iter()
            .enumerate()
        {
            pair(1, k, h, Align::Center);
        }
        pair(1, 3, "金额", Align::Center);
        for row in 2..4 {
            pair(row, 0, &"职".repeat(120), Align::Justify);
            pair(row, 1, &"任".repeat(200), Align::Justify);
            pair(row, 2, "群众性急救公益服务项目", Align::Center);
            pair(row, 3, "662.00", Align::Center);
        }
        let t = TableSpec {
            weights: vec![1; 8],
            rows: 4,
            cells,
            header_rows: vec![1],
            keep_with_next: vec![1],
        };
        let boxes = cell_columns(&t, &shape(&t, &adv, em), style(), 0.0, 240.0);
        // The label keeps the grid's first column.
        let label = boxes[8];
        assert_eq!(label, boxes[0]);
        // In the block, the value columns are narrower than the texts' and no narrower
        // than their content on two lines; the block still spans the table.
        let row: Vec<(f64, f64)> = boxes[13..17].to_vec();
        let name = Shaped::new("群众性急救公益服务项目", em, |c| {
            adv(FaceKind::Regular, c)
        })
        .measure()
        .0;
        assert!(row[2].1 < row[0].1 && row[2].1 < row[1].1, "{row:?}");
        assert!(row[2].1 + 1e-9 >= name / 2.0 + 2.0, "{row:?}");
        assert!(row[3].1 < row[2].1, "{row:?}");
        assert!(row[1].1 > row[0].1, "the longer text gets more: {row:?}");
        assert!((row[0].0 - (label.0 + label.1)).abs() < 1e-9);
        assert!((row[3].0 + row[3].1 - 240.0).abs() < 1e-9);
        // Every row of the block has the same columns.
        for k in 0..4 {
            assert_eq!(boxes[9 + k], (row[k].0, row[k].1), "header column {k}");
        }
    }
}
