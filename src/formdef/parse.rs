//! Reading a definition file: TOML into [`FormDef`], then the checks of `check`. Every
//! problem is a located diagnostic with a stable code; nothing here panics on bad input.

use crate::diag::{Code, Diagnostic};

use super::FormDef;

/// A definition that could not be used: every problem found, located in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefError {
    /// The problems, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for DefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.diagnostics.first() {
            Some(d) => write!(f, "{}：{}", d.code, d.message),
            None => f.write_str("表样定义有误"),
        }
    }
}

impl std::error::Error for DefError {}

/// Parses and checks a definition.
pub fn parse(text: &str) -> Result<FormDef, DefError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let def: FormDef = toml::from_str(text).map_err(|e| DefError {
        diagnostics: vec![structure_error(&e)],
    })?;
    let diagnostics = super::check::check(&def, text);
    if diagnostics.is_empty() {
        Ok(def)
    } else {
        Err(DefError { diagnostics })
    }
}

/// The TOML reader's complaint, in Chinese, at its place.
fn structure_error(e: &toml::de::Error) -> Diagnostic {
    let raw = e.message();
    let message = explain(raw);
    let d = match e.span() {
        Some(span) => Diagnostic::at(Code::DefinitionSyntax, span, message),
        None => Diagnostic::file(Code::DefinitionSyntax, message),
    };
    d.with_hint("表样定义的写法见 templates/forms/ 中的内置表样（如 project.toml）和 docs/spec.md 的“表样定义”一节")
}

/// Chinese wording for the reader's usual messages; the original follows in brackets.
fn explain(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw);
    if let Some(rest) = first.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        return format!("表样定义中没有“{name}”这一项（{first}）");
    }
    if let Some(rest) = first.strip_prefix("missing field ") {
        let name = rest.trim_matches('`');
        return format!("缺少必填的一项“{name}”（{first}）");
    }
    if first.starts_with("unknown variant ") {
        return format!("取值不在可选范围内（{first}）");
    }
    if first.starts_with("invalid type") {
        return format!("类型不对（{first}）");
    }
    format!("表样定义的 TOML 写法有误（{first}）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_located_and_in_chinese() {
        let text =
            "[form]\nmodel = \"项目\"\ntitle = \"x\"\nowner = \"project.name\"\ncolour = 1\n";
        let err = parse(text).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.code, Code::DefinitionSyntax);
        assert!(d.message.contains("colour"), "{}", d.message);
        match &d.location {
            crate::diag::Location::Span(r) => assert_eq!(&text[r.clone()], "colour"),
            other => panic!("not located: {other:?}"),
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for text in [
            "",
            "[form",
            "[[block]]\ntype = 3\n",
            "\u{feff}[form]\nmodel=1",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }
}
