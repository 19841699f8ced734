//! 项目支出绩效目标表 (central 88号 layout and its local variants): its spec fields, rules,
//! printed form and skeleton.

pub mod fields;
pub mod rules;

use crate::spec::fields::skeleton_section;

/// The commented skeleton `jixiao init --form 项目` writes, with `{{YEAR}}` to fill in: the
/// header sections are the built-in project definition's, the indicator part is shared
/// wording.
pub fn skeleton() -> String {
    let mut out = String::from(include_str!("skeleton-head.toml"));
    let sections = crate::formdef::builtin::find("项目", None)
        .map(|def| def.sections.as_slice())
        .unwrap_or_default();
    for section in sections.iter().filter(|s| !s.key.is_empty() && !s.rows) {
        out.push('\n');
        out.push_str(&skeleton_section(crate::spec::fields::from_def(section)));
    }
    out.push('\n');
    out.push_str(include_str!("skeleton-indicators.toml"));
    out
}
