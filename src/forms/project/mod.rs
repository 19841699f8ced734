//! 项目支出绩效目标表 (central 88号 layout and its local variants): its spec fields, rules,
//! printed form and skeleton.

pub mod fields;
pub mod rules;

use crate::spec::fields::skeleton_section;

/// The commented skeleton `jixiao init --form 项目` writes, with `{{YEAR}}` to fill in: the
/// header sections come from the field tables, the indicator part is shared wording.
pub fn skeleton() -> String {
    let mut out = String::from(include_str!("skeleton-head.toml"));
    for section in fields::SECTIONS {
        out.push('\n');
        out.push_str(&skeleton_section(section));
    }
    out.push('\n');
    out.push_str(include_str!("skeleton-indicators.toml"));
    out
}
