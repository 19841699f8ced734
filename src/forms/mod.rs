//! The form registry: each kind of goal table owns, in its own folder, its spec fields, its
//! rules, its sheet builder and its skeleton. The indicator block is shared.
//!
//! Adding a form kind: a folder beside `department/` and `project/`, one entry in
//! [`KINDS`], one variant of `model::FormKind` and `model::Table`.

pub mod cross;
pub mod department;
pub mod indicators;
pub mod layout;
pub mod project;
pub mod rollforward;

use crate::model::{FormKind, Table};
use crate::sheet::Sheet;

/// What the registry knows of one form kind.
#[derive(Clone, Copy, Debug)]
pub struct Kind {
    /// The kind.
    pub kind: FormKind,
    /// The `[form] model` of its definitions: which rules and table a spec read by one
    /// of them is checked into.
    pub model: &'static str,
    /// Short names accepted for `form = …` and `init --form` besides the full title.
    pub aliases: &'static [&'static str],
    /// The commented skeleton `init` writes, with `{{YEAR}}` to fill in.
    pub skeleton: fn() -> String,
}

/// Every form kind jixiao knows.
pub const KINDS: &[Kind] = &[
    Kind {
        kind: FormKind::DepartmentOverall,
        model: "部门整体",
        aliases: &[
            "部门整体",
            "整体",
            "部门",
            "部门整体支出",
            "部门(单位)整体支出绩效目标表",
        ],
        skeleton: department::skeleton,
    },
    Kind {
        kind: FormKind::Project,
        model: "项目",
        aliases: &[
            "项目",
            "项目支出",
            "项目绩效目标表",
            "项目支出绩效目标申报表",
        ],
        skeleton: project::skeleton,
    },
];

/// A name as compared across forms and files: no blanks, brackets of one width.
pub fn fold_name(s: &str) -> String {
    crate::formdef::builtin::fold(s)
}

/// The kind a title or short name names; blanks and bracket widths do not matter.
pub fn kind_of(name: &str) -> Option<FormKind> {
    let norm = fold_name;
    let name = norm(name);
    KINDS
        .iter()
        .find(|k| norm(k.kind.title()) == name || k.aliases.iter().any(|a| norm(a) == name))
        .map(|k| k.kind)
}

/// The kind a definition's model checks into; the first kind for a spec read by no
/// definition (its unknown form is reported by the rules).
pub fn kind_of_model(model: Option<&str>) -> FormKind {
    KINDS
        .iter()
        .find(|k| Some(k.model) == model)
        .unwrap_or(&KINDS[0])
        .kind
}

/// The registry entry of a kind.
pub fn entry(kind: FormKind) -> &'static Kind {
    // Every FormKind has an entry: the registry test walks them all.
    KINDS.iter().find(|k| k.kind == kind).unwrap_or(&KINDS[0])
}

/// The commented skeleton of a spec printed by a definition of the department's own, with
/// `{{YEAR}}` to fill in: `form`, `template` (the definition's path as the spec will name
/// it), then every section of the definition from its field table, then the indicator rows.
pub fn skeleton_of(def: &'static crate::formdef::FormDef, template: &str) -> String {
    use crate::spec::fields::{from_def, skeleton_section};
    let mut out = format!(
        "# {} —— 规格文件（按本地表样 {template} 印出）\n\
         # 用 jixiao check 本文件 检查，用 jixiao render 本文件 -o 输出/ 生成表格。\n\
         # 规则：# 后面是注释；文字用英文双引号 \"…\" 括起来；多段长文字用三个双引号 \"\"\"…\"\"\"。\n\n\
         form = {}\n\
         template = {}\n",
        def.bare_title(),
        crate::spec::write::string(&def.bare_title()),
        crate::spec::write::string(template),
    );
    for s in &def.sections {
        let section = *from_def(s);
        if s.key.is_empty() {
            for f in section.fields.iter().filter(|f| f.key != "layout") {
                let value = if f.key == "year" {
                    "{{YEAR}}"
                } else {
                    f.example
                };
                let comment = if f.required { "" } else { "# " };
                out.push_str(&format!("{comment}{} = {value}  # {}\n", f.key, f.label));
            }
            continue;
        }
        out.push('\n');
        if s.rows {
            out.push_str(&format!(
                "# {}：每一行复制一段 [[{}]]\n[[{}]]\n",
                s.label, s.key, s.key
            ));
            let body = skeleton_section(&crate::spec::fields::Section {
                key: "",
                doc: "",
                ..section
            });
            out.push_str(&body);
        } else {
            out.push_str(&skeleton_section(&section));
        }
    }
    out.push('\n');
    out.push_str(include_str!("project/skeleton-indicators.toml"));
    out
}

/// The printed form of a validated table, as its definition lays it out.
pub fn sheet(table: &Table) -> Result<Sheet, layout::SheetError> {
    layout::build(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_aliases_name_their_kind() {
        assert_eq!(kind_of("项目"), Some(FormKind::Project));
        assert_eq!(kind_of(" 项目支出绩效目标表 "), Some(FormKind::Project));
        assert_eq!(
            kind_of("部门整体支出绩效目标表"),
            Some(FormKind::DepartmentOverall)
        );
        assert_eq!(
            kind_of("部门（单位）整体支出绩效目标表"),
            Some(FormKind::DepartmentOverall)
        );
        assert_eq!(kind_of("绩效自评表"), None);
    }

    #[test]
    fn every_kind_is_registered() {
        for kind in [FormKind::DepartmentOverall, FormKind::Project] {
            assert_eq!(entry(kind).kind, kind);
        }
    }
}
