//! `jixiao init`: write a commented spec skeleton for next year.

use std::path::Path;

use jixiao::output::{WriteError, write_atomic};

use super::Outcome;

const SKELETON: &str = include_str!("skeleton.toml");

/// Default file name when none is given.
pub const DEFAULT_PATH: &str = "绩效目标表.toml";

/// The skeleton text for a year.
pub fn skeleton(year: u16) -> String {
    SKELETON.replace("{{YEAR}}", &year.to_string())
}

/// Writes the skeleton; refuses to overwrite without `force`.
pub fn run(path: Option<&Path>, year: Option<u16>, force: bool) -> Outcome {
    let path = path.unwrap_or_else(|| Path::new(DEFAULT_PATH));
    let year = year
        .or_else(|| year_from_name(path))
        .unwrap_or_else(|| current_year() + 1);
    if path.is_dir() {
        eprintln!(
            "错误：{} 是一个文件夹，请给出文件名，例如 {}/{DEFAULT_PATH}",
            path.display(),
            path.display()
        );
        return Outcome::Failure;
    }
    match write_atomic(path, skeleton(year).as_bytes(), force) {
        Ok(()) => {
            eprintln!(
                "已生成 {}（{year} 年度）。填写后运行：jixiao check {}",
                path.display(),
                path.display()
            );
            Outcome::Ok
        }
        Err(e @ WriteError::Exists { .. }) => {
            eprintln!("错误：{e}");
            Outcome::Failure
        }
        Err(e) => {
            eprintln!("错误：{e}");
            Outcome::Failure
        }
    }
}

/// A plausible year (2000–2100) the file name starts with: `2022.toml`, `2022年目标表.toml`.
fn year_from_name(path: &Path) -> Option<u16> {
    let name = path.file_name()?.to_str()?;
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    let year: u16 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    (2000..=2100).contains(&year).then_some(year)
}

/// The current calendar year (UTC), from the system clock.
fn current_year() -> u16 {
    u16::try_from(time::OffsetDateTime::now_utc().year()).unwrap_or(2026)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_from_the_file_name() {
        assert_eq!(year_from_name(Path::new("out/2022.toml")), Some(2022));
        assert_eq!(year_from_name(Path::new("2023年目标表.toml")), Some(2023));
        assert_eq!(year_from_name(Path::new("20221.toml")), None);
        assert_eq!(year_from_name(Path::new("1999.toml")), None);
        assert_eq!(year_from_name(Path::new("红十字会.toml")), None);
    }

    #[test]
    fn skeleton_parses_as_toml_and_names_the_year() {
        let text = skeleton(2027);
        let (raw, diags) = jixiao::spec::load(&text);
        assert!(raw.is_some(), "{diags:?}");
        assert!(
            diags
                .iter()
                .all(|d| d.code != jixiao::diag::Code::TomlSyntax
                    && d.code != jixiao::diag::Code::UnknownKey),
            "{diags:?}"
        );
        assert!(text.contains("year = 2027"));
    }

    #[test]
    fn year_is_plausible() {
        let y = current_year();
        assert!((2024..2200).contains(&y));
    }
}
