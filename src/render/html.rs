//! The HTML form through Tera. Default templates are embedded; `--templates DIR` overrides
//! them file by file. Autoescape stays on: spec text can never become markup.

use std::path::Path;

use tera::{Context, Tera};

use super::RenderError;
use super::view::View;

/// The entry template every render starts from.
pub const MAIN_TEMPLATE: &str = "goal_table.html";

/// Built-in templates: (name, source).
const BUILTIN: &[(&str, &str)] = &[
    (
        MAIN_TEMPLATE,
        include_str!("../../templates/goal_table.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
];

/// Largest template file read from a department's folder.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// A loaded template set.
pub struct HtmlRenderer {
    tera: Tera,
}

impl HtmlRenderer {
    /// Loads the built-in templates, then any `.html`/`.css` files in `dir` over them.
    pub fn new(dir: Option<&Path>) -> Result<Self, RenderError> {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
            .collect();
        if let Some(dir) = dir {
            for (name, text) in read_dir_templates(dir)? {
                match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => sources.push((name, text)),
                }
            }
        }
        let mut tera = Tera::default();
        // Escape everything that is HTML, including the stylesheet partial's context values.
        tera.autoescape_on([".html", ".css"]);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| RenderError::Template(describe(&e)))?;
        if !tera.contains_template(MAIN_TEMPLATE) {
            return Err(RenderError::Template(format!("缺少主模板 {MAIN_TEMPLATE}")));
        }
        Ok(Self { tera })
    }

    /// Renders the form.
    pub fn render(&self, view: &View) -> Result<String, RenderError> {
        let ctx = Context::from_serialize(view).map_err(|e| RenderError::Template(describe(&e)))?;
        self.tera
            .render(MAIN_TEMPLATE, &ctx)
            .map_err(|e| RenderError::Template(describe(&e)))
    }
}

fn read_dir_templates(dir: &Path) -> Result<Vec<(String, String)>, RenderError> {
    let fail = |reason: String| RenderError::TemplateDir {
        path: dir.display().to_string(),
        reason,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| fail(e.to_string()))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail(e.to_string()))?;
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

/// A Tera error as one Chinese line with template, line and column.
fn describe(e: &tera::Error) -> String {
    use std::error::Error as _;
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            format!(
                "{}:{}:{}: {}",
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
            let mut msg = e.to_string();
            let mut source = e.source();
            while let Some(s) = source {
                msg.push('：');
                msg.push_str(&s.to_string());
                source = s.source();
            }
            msg
        }
    }
}
