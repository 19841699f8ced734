//! The year-end 绩效自评表 as a spec: read (with spans), scored by [`crate::score`], checked
//! with located Chinese findings (E601–W613), and explained line by line (`check --explain`).

mod check;
pub mod import;
pub mod init;
pub mod link;
mod print;
pub mod raw;

pub use check::check_text;

pub use crate::model::selfeval::{FundLine, Scored, ScoredIndicator, SelfEvalKind};

/// Whether spec text is a 自评 spec: its top-level `form = "…"` names a 自评表.
pub fn is_selfeval(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.strip_prefix("form"))
        .filter_map(|rest| rest.trim_start().strip_prefix('='))
        .any(|value| value.contains("自评"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selfeval_spec_is_told_by_its_form_line() {
        assert!(is_selfeval("form = \"项目支出绩效自评表\"\nyear = 2022\n"));
        assert!(is_selfeval("# 注释\nform=\"自评\"\n"));
        assert!(!is_selfeval("form = \"项目支出绩效目标表\"\n"));
        // A `form` key inside a table is not the spec's form.
        assert!(!is_selfeval(
            "form = \"项目\"\n[project]\nform = \"自评\"\n"
        ));
    }

    #[test]
    fn form_names() {
        assert_eq!(SelfEvalKind::named("自评"), Some(SelfEvalKind::Project));
        assert_eq!(
            SelfEvalKind::named("部门整体支出绩效自评表"),
            Some(SelfEvalKind::Department)
        );
        assert_eq!(
            SelfEvalKind::named("部门（单位）整体支出绩效自评表"),
            Some(SelfEvalKind::Department)
        );
        assert_eq!(SelfEvalKind::named("自评报告"), None);
    }
}
