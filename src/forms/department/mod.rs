//! 部门整体支出绩效目标表 (Fujian layout). Its spec is read by `spec::load`, its rules are
//! in `validate`; the printed form is built here.

pub mod fields;
pub mod rules;

/// The commented skeleton `jixiao init` writes, with `{{YEAR}}` to fill in.
pub fn skeleton() -> String {
    include_str!("skeleton.toml").to_owned()
}
