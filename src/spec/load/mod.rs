//! Walks the parsed TOML document into [`RawSpec`], collecting every problem on the way.
//!
//! One file per job: `obj` is the table cursor, `values` the typed readers of one key,
//! `forms` the top-level tables of each form, `indicators` the indicator rows, `report`
//! the problems found on the way and `syntax` the TOML parser's own errors.

mod forms;
mod indicators;
mod obj;
mod report;
mod syntax;
mod values;

use toml::de::DeTable;

use super::RawSpec;
use crate::diag::{Code, Diagnostic};
use crate::formdef::FormDef;
use obj::Obj;

/// Most indicator (and duty) rows accepted in one spec.
pub const MAX_INDICATORS: usize = 20_000;
/// Longest single text accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Where a spec's own form definition (`template = "…"`) comes from.
pub trait Templates {
    /// A definition that replaces whatever the spec names (`--template`).
    fn forced(&self) -> Option<&'static FormDef> {
        None
    }

    /// The definition a spec's `template = "…"` names, or why it cannot be used.
    fn resolve(&self, written: &str) -> Result<&'static FormDef, String>;
}

/// For text that comes from no file: a `template` cannot be found.
pub struct NoTemplates;

impl Templates for NoTemplates {
    fn resolve(&self, written: &str) -> Result<&'static FormDef, String> {
        Err(format!(
            "无法确定表样文件“{written}”相对于哪个文件夹（这段规格不是从文件读入的）"
        ))
    }
}

/// Parses spec text into raw types plus diagnostics. On TOML syntax errors the raw spec is
/// `None`: fields of a half-parsed document would only produce misleading follow-up errors.
pub fn load(text: &str) -> (Option<RawSpec>, Vec<Diagnostic>) {
    load_with(text, &NoTemplates)
}

/// [`load`] with a place to find the spec's own form definition.
pub fn load_with(text: &str, templates: &dyn Templates) -> (Option<RawSpec>, Vec<Diagnostic>) {
    if text.trim().is_empty() {
        let d = Diagnostic::file(Code::EmptyFile, "文件为空，没有任何内容")
            .with_hint("可用 `jixiao init 文件名.toml` 生成带注释的模板");
        return (None, vec![d]);
    }
    if let Some(d) = super::prescan::over_limit(text) {
        return (None, vec![d]);
    }
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return (None, syntax::syntax_errors(&errors, text));
    }
    let mut cx = Cx::default();
    let root = Obj {
        table: doc.get_ref(),
        path: String::new(),
        span: None,
    };
    let spec = cx.spec(&root, templates);
    (Some(spec), cx.diags)
}

/// The reader: every problem found is pushed here, so all of them are reported at once.
#[derive(Default)]
struct Cx {
    diags: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::AmountLit;

    fn codes(text: &str) -> Vec<&'static str> {
        load(text).1.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn empty_level2_placeholders_are_skipped() {
        let text = "[[indicators]]\nlevel1 = \"效益指标\"\nlevel2 = \"经济效益指标\"\n";
        let (raw, diags) = load(text);
        let raw = raw.expect("parses");
        assert!(raw.indicators.is_empty());
        // Only the file's own missing fields are reported, nothing about the row.
        assert!(
            diags.iter().all(|d| !d.message.contains("indicators")),
            "{diags:?}"
        );
        // A row with a 三级 but no target is still reported.
        let text =
            "[[indicators]]\nlevel1 = \"效益指标\"\nlevel2 = \"经济效益指标\"\nname = \"x\"\n";
        let (_, diags) = load(text);
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("绩效指标第 1 条的“target”")),
            "{diags:?}"
        );
    }

    #[test]
    fn empty_file() {
        assert_eq!(codes(""), vec!["E009"]);
        assert_eq!(codes("  \r\n"), vec!["E009"]);
    }

    #[test]
    fn syntax_errors_are_located() {
        let (spec, diags) = load("year = \n");
        assert!(spec.is_none());
        assert_eq!(diags[0].code, Code::TomlSyntax);
    }

    #[test]
    fn typo_gets_a_suggestion() {
        let (_, diags) = load("form = \"x\"\nyaer = 2021\n");
        let d = diags.iter().find(|d| d.code == Code::UnknownKey).unwrap();
        assert_eq!(d.hint.as_deref(), Some("是否想写 `year`？"));
    }

    #[test]
    fn all_missing_fields_reported_at_once() {
        let c = codes("form = \"部门整体支出绩效目标表\"\n");
        assert!(c.iter().filter(|&&c| c == "E004").count() >= 4, "{c:?}");
    }

    #[test]
    fn amount_keeps_literal_text() {
        let (spec, _) = load("[budget]\ntotal = 2120.91\nproject = \"1119.8\"\nbasic = 1_001.11\n");
        let spec = spec.unwrap();
        let b = spec.section("budget");
        assert_eq!(
            b.amount("total").unwrap().value,
            AmountLit::Number("2120.91".into())
        );
        assert_eq!(
            b.amount("project").unwrap().value,
            AmountLit::Text("1119.8".into())
        );
        assert_eq!(
            b.amount("basic").unwrap().value,
            AmountLit::Number("1001.11".into())
        );
    }

    #[test]
    fn wrong_types() {
        let c = codes("year = \"abc\"\n[budget]\ntotal = true\n");
        assert!(c.contains(&"E002"), "{c:?}");
    }
}
