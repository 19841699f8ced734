//! Tab-separated text dumps of a goal table (copied out of a spreadsheet or a web page).
//!
//! Cells covered by merges were dropped when such dumps were made, so rows can be shifted
//! left: the grid is marked non-positional and the form finder reads by content.

use super::ImportError;
use super::grid::Grid;
use super::limits::{MAX_COLS, MAX_ROWS};

/// Splits decoded text into a grid: one row per line, cells at tabs. Quoted cells
/// (`"a<TAB>b"`, as Excel copies multi-line cells) keep their tabs and line breaks.
pub fn parse(file: &str, text: &str) -> Result<Grid, ImportError> {
    let chars: Vec<char> = text.chars().collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut i = 0;
    let mut at_cell_start = true;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '"'
            && at_cell_start
            && let Some((value, next)) = quoted_cell(&chars, i)
        {
            cell = value;
            i = next;
            at_cell_start = false;
            continue;
        }
        match ch {
            '\t' => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
                if row.len() > MAX_COLS {
                    return Err(too_large(
                        file,
                        format!("第 {} 行超过 {MAX_COLS} 列", rows.len() + 1),
                    ));
                }
            }
            '\r' if chars.get(i + 1) == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
                if rows.len() > MAX_ROWS {
                    return Err(too_large(file, format!("超过 {MAX_ROWS} 行")));
                }
            }
            c => {
                cell.push(c);
                at_cell_start = false;
            }
        }
        i += 1;
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    let mut grid = Grid::new(file.to_owned(), None, rows);
    grid.positional = false;
    Ok(grid)
}

/// A web page's text saved one cell per line (no tabs): a goal table when an indicator
/// header label (一级指标) stands on a line of its own and a line names a goal table.
pub fn one_cell_per_line(text: &str) -> bool {
    let mut header = false;
    let mut title = false;
    for line in text.lines().take(5_000) {
        let l: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        header |= l == "一级指标";
        title |= l.contains("绩效目标") || (l.contains("绩效") && l.contains('表'));
    }
    header && title
}

/// A cell quoted the way Excel copies cells holding tabs, line breaks or quotes: the
/// closing quote must be followed by a tab, a line break or the end; otherwise the quote
/// is ordinary text (`"十四五"开局`).
fn quoted_cell(chars: &[char], open: usize) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        if chars[i] == '"' {
            if chars.get(i + 1) == Some(&'"') {
                value.push('"');
                i += 2;
                continue;
            }
            return match chars.get(i + 1) {
                None | Some('\t' | '\n' | '\r') => Some((value, i + 1)),
                Some(_) => None,
            };
        }
        value.push(chars[i]);
        i += 1;
    }
    None
}

fn too_large(file: &str, what: String) -> ImportError {
    ImportError::SheetTooLarge {
        file: file.to_owned(),
        sheet: String::new(),
        what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_lines_and_quotes() {
        let g = parse(
            "a.txt",
            "a\tb\r\n\"x\ty\n z\"\t\"\"\"q\"\"\"\n\"十四五\"开局\tz",
        )
        .unwrap();
        assert_eq!(g.rows[0], vec!["a", "b"]);
        assert_eq!(g.rows[1], vec!["x\ty\n z", "\"q\""]);
        assert_eq!(g.rows[2], vec!["\"十四五\"开局", "z"]);
        assert!(!g.positional);
    }

    #[test]
    fn one_cell_per_line_dumps_are_recognised() {
        assert!(one_cell_per_line(
            "项目支出绩效目标表\n\n一级指标\n\n二级指标\n"
        ));
        assert!(!one_cell_per_line("一级指标\n说明文字\n"));
        assert!(!one_cell_per_line(
            "项目支出绩效目标表\n一级指标 二级指标\n"
        ));
    }
}
