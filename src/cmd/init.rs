//! `jixiao init`: write a commented spec skeleton for next year.

use std::path::Path;

use jixiao::console::show;
use jixiao::document::Document;
use jixiao::forms;
use jixiao::model::FormKind;
use jixiao::output::{WriteError, write_atomic};

use super::Outcome;
use crate::cli::DiagFormat;

/// Default file name when none is given.
pub const DEFAULT_PATH: &str = "绩效目标表.toml";

/// The skeleton text of a form for a year, with the `#:schema` directive editors read.
pub fn skeleton(kind: FormKind, year: u16) -> String {
    format!(
        "#:schema ./{}\n{}",
        jixiao::spec::schema::FILE_NAME,
        (forms::entry(kind).skeleton)().replace("{{YEAR}}", &year.to_string())
    )
}

/// Writes the schema beside the spec unless one is there already (it may be the
/// department's own); a failure here does not fail `init`.
fn write_schema_beside(spec: &Path) {
    let dir = spec
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let path = dir.join(jixiao::spec::schema::FILE_NAME);
    if path.exists() {
        return;
    }
    if let Err(e) = write_atomic(&path, jixiao::spec::schema::to_string().as_bytes(), false) {
        eprintln!("注意：未能写入编辑器提示文件 {}：{e}", show(&path));
    }
}

/// A spec rolled into another folder keeps its `#:schema ./…` line: the schema goes there
/// too, or the editor's line points at nothing.
fn write_schema_if_named(spec: &Path, text: &str) {
    let first = text.lines().next().unwrap_or("");
    if first.starts_with("#:schema") && first.contains(jixiao::spec::schema::FILE_NAME) {
        write_schema_beside(spec);
    }
}

/// Writes the skeleton; refuses to overwrite without `force`.
pub fn run(path: Option<&Path>, year: Option<u16>, form: Option<&str>, force: bool) -> Outcome {
    let kind = match form {
        None => FormKind::DepartmentOverall,
        Some(name) => match forms::kind_of(name) {
            Some(kind) => kind,
            None if jixiao::selfeval::SelfEvalKind::named(name).is_some() => {
                let target = path.map_or_else(|| "自评.toml".to_owned(), super::quoted);
                eprintln!(
                    "错误：绩效自评表由当年的绩效目标表生成（指标、目标值和分值照搬）：jixiao init {target} --from 绩效目标表.toml --form 自评"
                );
                return Outcome::Failure;
            }
            None => {
                let known: Vec<&str> = forms::KINDS.iter().map(|k| k.kind.title()).collect();
                eprintln!(
                    "错误：未知的表格类型“{name}”。可用的表格类型：{}（也可简写为 部门整体、项目）",
                    known.join("、")
                );
                return Outcome::Failure;
            }
        },
    };
    let path = path.unwrap_or_else(|| Path::new(DEFAULT_PATH));
    let year = year
        .or_else(|| year_from_name(path))
        .unwrap_or_else(|| current_year() + 1);
    if path.is_dir() {
        eprintln!(
            "错误：{} 是一个文件夹，请给出文件名，例如 {}",
            show(path),
            show(&path.join(DEFAULT_PATH))
        );
        return Outcome::Failure;
    }
    match write_atomic(path, skeleton(kind, year).as_bytes(), force) {
        Ok(()) => {
            write_schema_beside(path);
            eprintln!(
                "已生成 {}（{year} 年度{}）。填写后运行：jixiao check {}",
                show(path),
                kind.title(),
                super::quoted(path)
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

/// `init NEW --template 表样.toml`: a skeleton of the definition's own fields, its
/// `template` naming the definition as seen from the new spec's folder.
pub fn from_template(
    path: Option<&Path>,
    template: &Path,
    year: Option<u16>,
    force: bool,
) -> Outcome {
    // main read and checked the definition before any command ran.
    let Some(def) = jixiao::document::forced_template() else {
        return Outcome::Failure;
    };
    let path = path.unwrap_or_else(|| Path::new(DEFAULT_PATH));
    let year = year
        .or_else(|| year_from_name(path))
        .unwrap_or_else(|| current_year() + 1);
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let named = relative_to(folder, template);
    let text = jixiao::forms::skeleton_of(def, &named).replace("{{YEAR}}", &year.to_string());
    match write_atomic(path, text.as_bytes(), force) {
        Ok(()) => {
            eprintln!(
                "已生成 {}（{year} 年度，按表样 {}）。填写后运行：jixiao check {}",
                path.display(),
                template.display(),
                super::quoted(path)
            );
            Outcome::Ok
        }
        Err(e) => {
            eprintln!("错误：{e}");
            Outcome::Failure
        }
    }
}

/// `target` as a path relative to `folder` when it lies inside it, else absolute (the
/// spec's `template` is read relative to the spec's own folder).
fn relative_to(folder: &Path, target: &Path) -> String {
    let (Ok(folder), Ok(target)) = (folder.canonicalize(), target.canonicalize()) else {
        return target.display().to_string();
    };
    match target.strip_prefix(&folder) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => target.display().to_string(),
    }
}

/// `init 自评.toml --from 目标表.toml --form 自评`: the year-end 自评 spec of a goal table.
pub fn selfeval_from(path: Option<&Path>, from: &Path, form: &str, force: bool) -> Outcome {
    if jixiao::selfeval::SelfEvalKind::named(form).is_none() {
        eprintln!(
            "错误：--from 与 --form 同用时只能生成绩效自评表（--form 自评）；转入新年度时不写 --form"
        );
        return Outcome::Failure;
    }
    let goal = match Document::load(from) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("错误：{e}");
            return Outcome::Failure;
        }
    };
    let Some(table) = goal
        .table
        .as_ref()
        .filter(|t| t.as_department().is_some() || t.as_project().is_some())
    else {
        super::report::print_diagnostics(&goal, DiagFormat::Human, super::report::use_color());
        eprintln!(
            "{}；请先改正 {} 中的错误（--from 须是绩效目标表），再生成自评表",
            super::report::summary(&goal),
            show(from)
        );
        return Outcome::SpecErrors;
    };
    let default_name = format!("自评{}.toml", table.year());
    let path = path.unwrap_or_else(|| Path::new(&default_name));
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let goal_rel = relative_to(folder, from).replace('\\', "/");
    let text = jixiao::selfeval::init::from_goal(table, &goal_rel);
    match write_atomic(path, text.as_bytes(), force) {
        Ok(()) => {
            eprintln!(
                "已生成 {}（{} 年度绩效自评表，指标取自 {}）。填写实际完成值后运行：jixiao check --explain {}",
                show(path),
                table.year(),
                show(from),
                super::quoted(path)
            );
            Outcome::Ok
        }
        Err(e) => {
            eprintln!("错误：{e}");
            Outcome::Failure
        }
    }
}

/// `init NEW --from LAST`: next year's spec from last year's, with every text that still
/// names the old year listed as a warning located in the new file.
pub fn roll_forward(path: Option<&Path>, from: &Path, year: Option<u16>, force: bool) -> Outcome {
    if is_workbook(from) {
        let next = year
            .or_else(|| path.and_then(year_from_name))
            .unwrap_or_else(|| current_year() + 1);
        let target = path.map_or_else(|| "新规格.toml".to_owned(), super::quoted);
        eprintln!(
            "错误：{} 是表格文件，--from 只接受规格文件（.toml）。由去年的表格转入新年度请用导入：jixiao import {} -o {target} --year {next}",
            from.display(),
            super::quoted(from)
        );
        return Outcome::Failure;
    }
    let last = match Document::load(from) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("错误：{e}");
            return Outcome::Failure;
        }
    };
    let color = super::report::use_color();
    let Some(table) = &last.table else {
        super::report::print_diagnostics(&last, DiagFormat::Human, color);
        eprintln!(
            "{}；请先改正 {} 中的错误，再转入新年度",
            super::report::summary(&last),
            show(from)
        );
        return Outcome::SpecErrors;
    };
    let old_year = table.year();
    let new_year = year.unwrap_or(old_year + 1);
    if !(2000..=2100).contains(&new_year) {
        eprintln!("错误：年度 {new_year} 不在 2000–2100 之间，请写四位公历年份，例如 --year 2022");
        return Outcome::Failure;
    }
    let Some(year_span) = jixiao::spec::load(&last.source.text)
        .0
        .and_then(|raw| raw.year())
        .map(|y| y.span)
    else {
        eprintln!("错误：{} 中找不到 year 字段", show(from));
        return Outcome::Failure;
    };
    let default_name = format!("{new_year}.toml");
    let path = path.unwrap_or_else(|| Path::new(&default_name));
    if path.is_dir() {
        eprintln!(
            "错误：{} 是一个文件夹，请给出新规格文件的文件名",
            show(path)
        );
        return Outcome::Failure;
    }
    let from_name = from
        .file_name()
        .map_or_else(|| show(from), |n| n.to_string_lossy().into_owned());
    let rolled = forms::rollforward::roll_forward(
        &last.source.text,
        year_span,
        old_year,
        new_year,
        &from_name,
    );
    if let Err(e) = write_atomic(path, rolled.text.as_bytes(), force) {
        eprintln!("错误：{e}");
        return Outcome::Failure;
    }
    // The check finds the rolled spec's W016 reminders itself (and keeps finding them).
    let doc = Document::from_text(path, rolled.text);
    write_schema_if_named(path, &doc.source.text);
    super::report::print_diagnostics(&doc, DiagFormat::Human, color);
    let old_texts = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == jixiao::diag::Code::OldYear)
        .count();
    eprintln!(
        "已生成 {}（由 {old_year} 年度转入 {new_year} 年度，{old_texts} 处仍写着旧的年份或日期）。",
        show(path)
    );
    eprintln!(
        "金额和目标值仍是 {old_year} 年度的，请逐项核对后运行：jixiao check {}",
        super::quoted(path)
    );
    Outcome::Ok
}

/// A workbook or a sheet exported from one: `import` reads these, `--from` does not.
fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods", "et", "csv"]
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
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
    fn skeletons_parse_as_toml_and_name_the_year() {
        for kind in [FormKind::DepartmentOverall, FormKind::Project] {
            let text = skeleton(kind, 2027);
            let (raw, diags) = jixiao::spec::load(&text);
            assert!(raw.is_some(), "{diags:?}");
            assert!(
                diags
                    .iter()
                    .all(|d| d.code != jixiao::diag::Code::TomlSyntax
                        && d.code != jixiao::diag::Code::UnknownKey),
                "{kind:?}: {diags:?}"
            );
            assert!(text.contains("year = 2027"));
        }
    }

    #[test]
    fn project_skeleton_is_well_formed_and_only_its_examples_are_flagged() {
        let text = skeleton(FormKind::Project, 2027);
        let checked = jixiao::validate::check_text(&text);
        // Well-formed: the rules build the table (kept as a draft because of the examples).
        assert!(checked.draft.is_some(), "{:?}", checked.diagnostics);
        assert!(!checked.diagnostics.is_empty());
        assert!(
            checked
                .diagnostics
                .iter()
                .all(|d| d.code == jixiao::diag::Code::ExampleText),
            "{:?}",
            checked.diagnostics
        );
    }

    #[test]
    fn year_is_plausible() {
        let y = current_year();
        assert!((2024..2200).contains(&y));
    }
}
