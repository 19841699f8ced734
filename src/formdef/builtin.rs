//! The built-in definitions, shipped inside the binary from `templates/forms/`, and the
//! store of definitions read from files. Both hand out `&'static FormDef`: a definition
//! is read once per distinct text and kept for the life of the process (a preview that
//! re-reads an edited definition keeps each version it saw; they are a few KB each).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::{DefError, FormDef, parse};

/// The built-in definition files: (file name, text).
pub const SOURCES: &[(&str, &str)] = &[
    (
        "department-fujian.toml",
        include_str!("../../templates/forms/department-fujian.toml"),
    ),
    (
        "department-hunan.toml",
        include_str!("../../templates/forms/department-hunan.toml"),
    ),
    (
        "department-hubei.toml",
        include_str!("../../templates/forms/department-hubei.toml"),
    ),
    (
        "project.toml",
        include_str!("../../templates/forms/project.toml"),
    ),
    (
        "project-xiangtan.toml",
        include_str!("../../templates/forms/project-xiangtan.toml"),
    ),
    (
        "project-transfer.toml",
        include_str!("../../templates/forms/project-transfer.toml"),
    ),
];

/// Every built-in definition, parsed on first use.
pub fn all() -> &'static [&'static FormDef] {
    static ALL: OnceLock<Vec<&'static FormDef>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(name, text)| match parse(text) {
                Ok(def) => &*Box::leak(Box::new(def)),
                // The built-ins are checked by the tests below; a broken one is a build
                // defect, not user input.
                Err(e) => panic!("built-in form definition {name}: {e}"),
            })
            .collect()
    })
}

/// A name as compared: no blanks, brackets of one width, no trailing 省.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// The model a form name (`form = …`) names, through any built-in definition's title or
/// names.
pub fn model_of(name: &str) -> Option<&'static str> {
    let name = fold(name);
    all()
        .iter()
        .find(|d| fold(&d.bare_title()) == name || d.form.names.iter().any(|n| fold(n) == name))
        .map(|d| models_static(&d.form.model))
}

fn models_static(model: &str) -> &'static str {
    super::MODELS
        .iter()
        .find(|m| **m == model)
        .copied()
        .unwrap_or("")
}

/// The built-in definition of a model for a `layout = …` value (none: the model's
/// default, its first definition in [`SOURCES`]). `None` for an unknown layout.
pub fn find(model: &str, layout: Option<&str>) -> Option<&'static FormDef> {
    let mut of_model = all().iter().copied().filter(|d| d.form.model == model);
    let Some(wanted) = layout.map(|l| fold(l.trim().trim_end_matches('省'))) else {
        return of_model.next();
    };
    of_model.find(|d| {
        d.form.layout.as_deref().is_some_and(|l| fold(l) == wanted)
            || d.form.layout_names.iter().any(|n| fold(n) == wanted)
    })
}

/// The layouts a model's built-in definitions offer, default first.
pub fn layouts(model: &str) -> Vec<&'static str> {
    all()
        .iter()
        .filter(|d| d.form.model == model)
        .filter_map(|d| d.form.layout.as_deref())
        .collect()
}

/// A definition from a file's text, parsed once per distinct text.
pub fn from_text(text: &str) -> Result<&'static FormDef, DefError> {
    static STORE: OnceLock<Mutex<HashMap<String, &'static FormDef>>> = OnceLock::new();
    let store = STORE.get_or_init(Default::default);
    if let Some(def) = store.lock().ok().and_then(|m| m.get(text).copied()) {
        return Ok(def);
    }
    let def: &'static FormDef = Box::leak(Box::new(parse(text)?));
    if let Ok(mut m) = store.lock() {
        m.insert(text.to_owned(), def);
    }
    Ok(def)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_and_checks() {
        for (name, text) in SOURCES {
            if let Err(e) = parse(text) {
                panic!("{name}: {:?}", e.diagnostics);
            }
        }
    }

    #[test]
    fn names_and_layouts_find_their_definition() {
        assert_eq!(model_of("项目"), Some("项目"));
        assert_eq!(model_of(" 项目支出绩效目标表 "), Some("项目"));
        assert_eq!(model_of("部门（单位）整体支出绩效目标表"), Some("部门整体"));
        assert_eq!(model_of("绩效自评表"), None);
        assert!(find("部门整体", None).is_some());
        assert_eq!(
            find("部门整体", Some("湖南省")).map(|d| d.form.layout.as_deref()),
            Some(Some("湖南"))
        );
        assert!(find("部门整体", Some("江苏")).is_none());
    }
}
