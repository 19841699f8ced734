//! `jixiao import … --emit-template`: a starting definition for a bureau's own form, made
//! from a sheet. It is the built-in definition the sheet matched best (comments and all),
//! with the sheet's own title, and the cells no field took listed at the top for the
//! clerk to place as fields; it checks clean as it is.

use crate::formdef::builtin;

use super::SheetImport;
use super::known::title_kind;
use super::words::norm;

/// The starting definition for an imported sheet, or `None` when no built-in definition
/// matches its form (cannot happen for a table the import read).
pub fn starting_definition(file: &str, table: &SheetImport) -> Option<String> {
    let ex = &table.extracted;
    let model = if ex.project.is_some() {
        "项目"
    } else {
        "部门整体"
    };
    let def = builtin::find(model, ex.spec.layout.as_deref())?;
    let (base, source) = builtin::source(def)?;
    let from = match &table.sheet {
        Some(s) => format!("{file}（工作表“{s}”）"),
        None => file.to_owned(),
    };
    let mut out = format!(
        "# 本局的表样定义：由 jixiao import --emit-template 从 {from} 生成的底稿。\n\
         # 底稿取自内置的表样 templates/forms/{base}，标题已改为原表的标题。\n"
    );
    if !ex.unused.is_empty() {
        out.push_str(
            "#\n# 原表中这些格没有对应的字段。是本局表样的栏目的，在下面的 [[section]] 中加上字段\n\
             # （key、label、type），并在 [[block]] 中印出它们：\n",
        );
        for (cell, text) in &ex.unused {
            let text: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(60)
                .collect();
            out.push_str(&format!("#   {cell}：{text}\n"));
        }
    }
    out.push_str(
        "#\n# 改好后：jixiao check 本文件；再用 jixiao import 原表 --template 本文件 导入，\n\
         # 或在规格中写 template = \"本文件\"。写法见 docs/spec.md 的“表样定义”一节。\n\
         # ---- 以下为底稿 ----\n\n",
    );
    let title = sheet_title(&table.strings, ex.spec.year);
    out.push_str(&rewrite_form(source, title.as_deref()));
    Some(out)
}

/// The sheet's title with its year as `{year}`: the shortest cell that reads as a form's
/// title.
fn sheet_title(strings: &[String], year: Option<i64>) -> Option<String> {
    let title = strings
        .iter()
        .take(40)
        .filter(|s| title_kind(s).is_some() || norm(s).ends_with("绩效目标表"))
        .min_by_key(|s| s.chars().count())?;
    let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match year {
        Some(y) => title.replace(&y.to_string(), "{year}"),
        None => title,
    })
}

/// The definition's `[form]` table with the sheet's title, and no built-in layout name
/// (a definition of one's own is named by its file).
fn rewrite_form(source: &str, title: Option<&str>) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_form = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_form = trimmed == "[form]";
        }
        if in_form {
            if trimmed.starts_with("layout = ") || trimmed.starts_with("layout_names = ") {
                continue;
            }
            if let (Some(t), true) = (title, trimmed.starts_with("title = ")) {
                out.push_str(&format!("title = {}\n", toml_string(t)));
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_table_takes_the_sheets_title_and_drops_the_layout_name() {
        let source = "[form]\nmodel = \"项目\"\ntitle = \"项目支出绩效目标表\"\nlayout = \"湘潭\"\n\
                      layout_names = [\"湘潭市\"]\n\n[[section]]\nkey = \"x\"\nlayout = \"keep\"\n";
        let out = rewrite_form(source, Some("{year}年某县\"项目\"申报表"));
        assert!(
            out.contains("title = \"{year}年某县\\\"项目\\\"申报表\"\n"),
            "{out}"
        );
        assert!(!out.contains("湘潭"), "{out}");
        assert!(
            out.contains("layout = \"keep\""),
            "only [form] loses its layout: {out}"
        );
    }

    #[test]
    fn the_title_is_the_shortest_title_cell_with_its_year_as_a_placeholder() {
        let strings: Vec<String> = [
            "附件2",
            "标 题 2023年项目支出绩效目标表3 文号",
            "2023年项目支出绩效目标表",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            sheet_title(&strings, Some(2023)).as_deref(),
            Some("{year}年项目支出绩效目标表")
        );
    }
}
