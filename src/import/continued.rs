//! Rows the workbook writer split over pages. A row taller than a page is written as
//! several rows, each holding the lines that fit its page, labels repeated; the cells
//! whose text runs on from the row above are named in the workbook (the defined names
//! `render::xlsx::CONTINUED` and `CONTINUED_PARAGRAPH`). Before the form readers see the
//! sheet, their text goes back to the cell it continues and the continuation rows are
//! emptied, so the readers skip them as blank rows.

use std::collections::{BTreeSet, HashMap};

use super::grid::{Grid, Merge};
use crate::render::xlsx::{CONTINUED, CONTINUED_PARAGRAPH};

/// Puts split rows of `grid` back together, from the workbook's defined names.
pub fn join(grid: &mut Grid, names: &[(String, String)]) {
    let Some(sheet) = grid.sheet.clone() else {
        return;
    };
    let mut cells: Vec<(u32, u32, bool)> = Vec::new();
    for (name, formula) in names {
        // `jixiao_continued`, `jixiao_continued_2`, …: the writer goes on in more names
        // when one cannot hold the list.
        let paragraph = name.starts_with(CONTINUED_PARAGRAPH);
        if paragraph || name.starts_with(CONTINUED) {
            cells.extend(refs(formula, &sheet).map(|(r, c)| (r, c, paragraph)));
        }
    }
    if cells.is_empty() {
        return;
    }
    cells.sort_unstable();
    let mut rows: BTreeSet<u32> = BTreeSet::new();
    // Where a moved cell's text went, so a third piece finds the first.
    let mut moved: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    for (r, c, paragraph) in cells {
        let (Some(ru), Some(cu)) = (usize::try_from(r).ok(), usize::try_from(c).ok()) else {
            continue;
        };
        if r == 0 || grid.get(ru, cu).is_empty() {
            continue;
        }
        let above = grid.filled(ru - 1, cu);
        let key = (
            u32::try_from(above.1).unwrap_or(u32::MAX),
            u32::try_from(above.2).unwrap_or(u32::MAX),
        );
        let (ar, ac) = moved.get(&key).copied().unwrap_or(key);
        let text = cell_mut(grid, r, c).map(std::mem::take).unwrap_or_default();
        if let Some(cell) = cell_mut(grid, ar, ac) {
            if paragraph {
                cell.push('\n');
            }
            cell.push_str(&text);
        }
        moved.insert((r, c), (ar, ac));
        let last = grid.merge_at(ru, cu).map_or(r, |m| m.r1);
        rows.extend(r..=last);
    }
    empty_rows(grid, &rows);
}

/// Empties the continuation rows: repeated labels go, and a label running on below them
/// starts again after them.
fn empty_rows(grid: &mut Grid, rows: &BTreeSet<u32>) {
    let mut merges: Vec<Merge> = Vec::with_capacity(grid.merges.len());
    for m in grid.merges.clone() {
        if !rows.contains(&m.r0) {
            merges.push(m);
            continue;
        }
        let mut r0 = m.r0;
        while rows.contains(&r0) && r0 <= m.r1 {
            r0 += 1;
        }
        let text = cell_mut(grid, m.r0, m.c0)
            .map(std::mem::take)
            .unwrap_or_default();
        if r0 <= m.r1 {
            // Rows are as long as their last written cell: the anchor may be past it.
            if let Some(row) = grid.rows.get_mut(r0 as usize) {
                let c = m.c0 as usize;
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                row[c] = text;
            }
            merges.push(Merge { r0, ..m });
        }
    }
    for &r in rows {
        if let Some(row) = grid.rows.get_mut(r as usize) {
            row.iter_mut().for_each(String::clear);
        }
    }
    grid.set_merges(merges);
}

fn cell_mut(grid: &mut Grid, r: u32, c: u32) -> Option<&mut String> {
    grid.rows.get_mut(r as usize)?.get_mut(c as usize)
}

/// The cells (zero-based row, column) of a reference list on `sheet`:
/// `'表'!$B$9,'表'!$C$12`.
fn refs<'a>(formula: &'a str, sheet: &'a str) -> impl Iterator<Item = (u32, u32)> + 'a {
    formula
        .trim_start_matches('=')
        .split(',')
        .filter_map(move |one| {
            let (on, cell) = one.rsplit_once('!')?;
            let on = on.trim();
            let on = on
                .strip_prefix('\'')
                .and_then(|s| s.strip_suffix('\''))
                .map_or_else(|| on.to_owned(), |s| s.replace("''", "'"));
            (on == sheet).then(|| a1(cell))?
        })
}

/// A cell reference (`$B$9`, `B9`) as zero-based row and column.
fn a1(cell: &str) -> Option<(u32, u32)> {
    let cell = cell.trim().replace('$', "");
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.chars().try_fold(0u32, |n, c| {
        n.checked_mul(26)?.checked_add(c as u32 - 'A' as u32 + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
            .collect();
        Grid::new("a.xlsx".into(), Some("表".into()), rows)
    }

    #[test]
    fn references_are_read() {
        let got: Vec<_> = refs("='表'!$B$9,'表'!$AA$12,'别的'!$A$1,表!C3", "表").collect();
        assert_eq!(got, [(8, 1), (11, 26), (2, 2)]);
        assert_eq!(a1("$A$0"), None);
        assert_eq!(a1("9"), None);
    }

    #[test]
    fn continued_text_goes_back_and_the_rows_are_emptied() {
        // Rows 1-3 are one row in three pieces: the label in column 0 runs on below
        // them, column 1 repeats, column 2 continues (a new paragraph in the third).
        let mut g = grid(&[
            &["标签", "名称", "一二", "金额"],
            &["", "名称", "三四", ""],
            &["标签", "名称", "五六", ""],
            &[],
        ]);
        g.set_merges(vec![
            Merge {
                r0: 0,
                c0: 0,
                r1: 0,
                c1: 0,
            },
            Merge {
                r0: 2,
                c0: 0,
                r1: 3,
                c1: 0,
            },
        ]);
        // The second list of a kind goes on in a second name.
        let names = vec![
            (format!("{CONTINUED}_2"), "='表'!$C$2".to_owned()),
            (CONTINUED_PARAGRAPH.to_owned(), "='表'!$C$3".to_owned()),
            ("别的名称".to_owned(), "='表'!$D$1".to_owned()),
        ];
        join(&mut g, &names);
        assert_eq!(g.rows[0], ["标签", "名称", "一二三四\n五六", "金额"]);
        assert!(g.rows[1].iter().all(String::is_empty));
        assert!(g.rows[2].iter().all(String::is_empty));
        assert_eq!(g.rows[3], ["标签"]);
        assert_eq!(
            g.merge_at(3, 0),
            Some(Merge {
                r0: 3,
                c0: 0,
                r1: 3,
                c1: 0
            })
        );
    }
}
