//! The HTML templates' files and errors: a department's template folder read over the
//! built-in templates, and Tera's errors told in Chinese with template, line and column.

use std::path::Path;

use super::RenderError;

/// Largest template file read from a department's folder.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// The `.html` and `.css` files of a department's template folder: (name, text), sorted.
pub(super) fn read_dir_templates(dir: &Path) -> Result<Vec<(String, String)>, RenderError> {
    let fail = |reason: String| RenderError::TemplateDir {
        path: crate::console::show(dir),
        reason,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| fail(crate::io_text::read_reason(&e)))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail(crate::io_text::read_reason(&e)))?;
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !(name.ends_with(".html") || name.ends_with(".css")) || !path.is_file() {
            continue;
        }
        let size = entry.metadata().map_err(|e| fail(e.to_string()))?.len();
        if size > MAX_TEMPLATE_BYTES {
            return Err(fail(format!("{name} 超过 1 MB")));
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| fail(format!("{name}：{e}（模板须为 UTF-8 编码）")))?;
        out.push((
            name.to_owned(),
            text.trim_start_matches('\u{feff}').to_owned(),
        ));
    }
    out.sort();
    Ok(out)
}

/// A template syntax error in words a template author can act on; Tera's own words follow
/// in brackets for the technician.
fn syntax_reason(message: &str) -> &'static str {
    if message.contains("expected") {
        "模板写法有误：检查这里的 {% … %}、{{ … }} 是否成对、关键字和过滤器是否拼写正确"
    } else {
        "模板写法有误，无法识别这里的内容"
    }
}

/// A template that parsed but failed while filling in the form.
fn rendering_reason(message: &str) -> String {
    if let Some(name) = message
        .strip_prefix("Variable `")
        .and_then(|m| m.split_once('`'))
        .map(|(name, _)| name)
    {
        return format!(
            "模板用到的变量“{name}”不存在：检查拼写（可用的变量见内置模板 templates/goal_table.html），或先用 {{% if {name} is defined %}} 判断"
        );
    }
    if message.contains("divide by 0") || message.contains("by zero") {
        return "模板中的计算除以了 0：除数为 0 时请先用 {% if … %} 判断".to_owned();
    }
    "填写模板时出错：检查这一处用到的变量、过滤器和计算".to_owned()
}

/// A Tera error as one Chinese line with template, line and column.
pub(super) fn describe(e: &tera::Error) -> String {
    use std::error::Error as _;
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let what = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                syntax_reason(r.message()).to_owned()
            } else {
                rendering_reason(r.message())
            };
            format!(
                "{}:{}:{}: {what}（原文：{}）",
                r.filename(),
                span.start_line,
                span.start_col + 1,
                r.message()
            )
        }
        tera::ErrorKind::TemplateNotFound(name) => format!("找不到模板 {name}"),
        tera::ErrorKind::CircularInclude { tpl, include_chain } => {
            format!("模板 {tpl} 循环包含：{}", include_chain.join(" → "))
        }
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => format!("模板 {tpl} 循环继承：{}", inheritance_chain.join(" → ")),
        tera::ErrorKind::MissingParent { current, parent } => {
            format!("模板 {current} 继承的 {parent} 不存在")
        }
        tera::ErrorKind::Msg(m) if m.contains("recursion depth") => {
            "模板中的组件（component）递归调用超过 20 层上限，请检查是否有组件无条件地调用自身"
                .to_owned()
        }
        _ => {
            let mut msg = format!("模板出错（原文：{e}");
            let mut source = e.source();
            while let Some(s) = source {
                msg.push('：');
                msg.push_str(&s.to_string());
                source = s.source();
            }
            msg.push('）');
            msg
        }
    }
}
