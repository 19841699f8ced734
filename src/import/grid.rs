//! A sheet as the form finder sees it: display texts at absolute (row, column) positions,
//! the merged regions when the format has them, and how to name a cell (`a.xlsx[表1]!C7`).

/// A merged region, inclusive, absolute zero-based coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    /// First row.
    pub r0: u32,
    /// First column.
    pub c0: u32,
    /// Last row.
    pub r1: u32,
    /// Last column.
    pub c1: u32,
}

/// One sheet's cells as text.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    /// File name shown in cell references (no folders).
    pub file: String,
    /// Sheet name, when the format has sheets.
    pub sheet: Option<String>,
    /// Row-major display texts; rows may have different lengths; `""` is empty.
    pub rows: Vec<Vec<String>>,
    /// Merged regions.
    pub merges: Vec<Merge>,
    /// Whether cell positions can be trusted. Text dumps drop cells covered by merges, so
    /// their rows may be shifted left.
    pub positional: bool,
    /// Rows hidden in the workbook (zero-based, sorted): skipped by the form readers, as
    /// a clerk hides rows that are not part of the submitted form.
    pub hidden: Vec<usize>,
    /// Per row, indexes into `merges` of the regions touching it.
    merge_index: Vec<Vec<usize>>,
}

impl Grid {
    /// A grid from rows of texts. Line breaks inside cells become `\n`: Excel and WPS store
    /// CR LF (`_x000D_`), which would otherwise reach the spec as visible `\r` escapes.
    pub fn new(file: String, sheet: Option<String>, mut rows: Vec<Vec<String>>) -> Self {
        for cell in rows.iter_mut().flatten() {
            if cell.contains('\r') {
                *cell = cell.replace("\r\n", "\n").replace('\r', "\n");
            }
        }
        Self {
            file,
            sheet,
            rows,
            merges: Vec::new(),
            positional: true,
            hidden: Vec::new(),
            merge_index: Vec::new(),
        }
    }

    /// Whether row `r` is hidden in the workbook.
    pub fn is_hidden(&self, r: usize) -> bool {
        self.hidden.binary_search(&r).is_ok()
    }

    /// Marks rows as hidden (only rows that hold text matter to the readers).
    pub fn set_hidden(&mut self, mut rows: Vec<usize>) {
        rows.sort_unstable();
        rows.dedup();
        rows.retain(|&r| {
            self.rows
                .get(r)
                .is_some_and(|row| row.iter().any(|t| !t.trim().is_empty()))
        });
        self.hidden = rows;
    }

    /// Sets the merged regions (clipped to the rows present) and indexes them by row.
    pub fn set_merges(&mut self, merges: Vec<Merge>) {
        let height = self.rows.len();
        let mut index = vec![Vec::new(); height];
        for (i, m) in merges.iter().enumerate() {
            let end = (m.r1 as usize).min(height.saturating_sub(1));
            for slot in index.iter_mut().take(end + 1).skip(m.r0 as usize) {
                slot.push(i);
            }
        }
        self.merges = merges;
        self.merge_index = index;
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// Widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The text written in a cell (empty when covered by a merge).
    pub fn get(&self, r: usize, c: usize) -> &str {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .map_or("", String::as_str)
    }

    /// The merged region covering a cell, if any.
    pub fn merge_at(&self, r: usize, c: usize) -> Option<Merge> {
        let (r32, c32) = (u32::try_from(r).ok()?, u32::try_from(c).ok()?);
        self.merge_index.get(r)?.iter().find_map(|&i| {
            let m = self.merges[i];
            (m.c0 <= c32 && c32 <= m.c1 && m.r0 <= r32 && r32 <= m.r1).then_some(m)
        })
    }

    /// The cell's text, or the text of the merged region covering it, with the position it
    /// came from.
    pub fn filled(&self, r: usize, c: usize) -> (&str, usize, usize) {
        let own = self.get(r, c);
        if !own.is_empty() {
            return (own, r, c);
        }
        match self.merge_at(r, c) {
            Some(m) => (
                self.get(m.r0 as usize, m.c0 as usize),
                m.r0 as usize,
                m.c0 as usize,
            ),
            None => ("", r, c),
        }
    }

    /// The last column a cell's merged region reaches (the cell itself when not merged).
    pub fn span_end(&self, r: usize, c: usize) -> usize {
        self.merge_at(r, c).map_or(c, |m| m.c1 as usize)
    }

    /// A cell reference for messages: `file.xlsx[Sheet1]!C7` or `file.txt!C7`.
    pub fn cell_ref(&self, r: usize, c: usize) -> String {
        match &self.sheet {
            Some(s) => format!("{}[{s}]!{}{}", self.file, column_name(c), r + 1),
            None => format!("{}!{}{}", self.file, column_name(c), r + 1),
        }
    }

    /// Where the sheet is, for messages: `file.xlsx[Sheet1]` or `file.txt`.
    pub fn where_(&self) -> String {
        match &self.sheet {
            Some(s) => format!("{}[{s}]", self.file),
            None => self.file.clone(),
        }
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_name(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + u8::try_from(c % 26).unwrap_or(0));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_line_breaks_become_plain_ones() {
        let g = Grid::new(
            "a.xlsx".into(),
            None,
            vec![vec!["目标1：\r\n目标2：\r目标3".into()]],
        );
        assert_eq!(g.get(0, 0), "目标1：\n目标2：\n目标3");
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn merged_cells_fill_from_their_anchor() {
        let mut g = Grid::new(
            "a.xlsx".into(),
            Some("表1".into()),
            vec![vec!["x".into(), String::new()], vec![String::new()]],
        );
        g.set_merges(vec![Merge {
            r0: 0,
            c0: 0,
            r1: 1,
            c1: 1,
        }]);
        assert_eq!(g.filled(1, 1).0, "x");
        assert_eq!(g.span_end(0, 0), 1);
        assert_eq!(g.cell_ref(1, 1), "a.xlsx[表1]!B2");
        assert_eq!(g.filled(5, 5).0, "");
    }
}
