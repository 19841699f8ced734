//! The forms the import knows: a title's form, the title of a table it does not know, and
//! the list of forms for messages.

use crate::model::FormKind;

use super::grid::Grid;
use super::words::norm;

/// A text that is a form title.
pub fn title_kind(text: &str) -> Option<Option<FormKind>> {
    let n = norm(text);
    if !n.contains("绩效目标") && !n.contains("自评") {
        return None;
    }
    if n.chars().count() > 40 {
        return None;
    }
    Some(if n.contains("自评") {
        None
    } else if n.contains("整体") {
        Some(FormKind::DepartmentOverall)
    } else if n.contains("项目") {
        Some(FormKind::Project)
    } else {
        // The transfer-fund 绩效目标表 says nothing: its labels decide.
        return None;
    })
}

/// The title of a table jixiao does not know (a 自评表), if the sheet has one.
pub fn unknown_title(g: &Grid) -> Option<String> {
    // The shortest such text: a page's 标题 line repeats the title among other words.
    g.rows
        .iter()
        .take(200)
        .flatten()
        .filter(|t| {
            let n = norm(t);
            n.contains("自评") && n.contains('表') && n.chars().count() <= 40
        })
        .min_by_key(|t| norm(t).chars().count())
        .map(|t| t.trim().to_owned())
}

/// The forms jixiao can import, for messages about any other table.
pub fn known_forms_hint() -> String {
    let titles: Vec<&str> = crate::forms::KINDS.iter().map(|k| k.kind.title()).collect();
    format!("jixiao 认识的表格：{}", titles.join("、"))
}
