//! The built-in definitions, shipped inside the binary from `templates/forms/`, and the
//! store of definitions read from files. Both hand out `&'static FormDef`: a definition
//! is read once per distinct text and kept for the life of the process (a preview that
//! re-reads an edited definition keeps each version it saw; they are a few KB each).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::{DefError, FormDef, Head, parse};

/// One built-in definition: its file under `templates/forms/`, the definition as
/// `build.rs` compiled it from that file, and its `[form]` head alone.
macro_rules! builtin {
    ($name:literal) => {
        Compiled {
            file: concat!($name, ".toml"),
            def: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".bin")),
            head: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".head.bin")),
            source: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/templates/forms/",
                $name,
                ".toml"
            )),
        }
    };
}

struct Compiled {
    file: &'static str,
    def: &'static [u8],
    head: &'static [u8],
    /// The file as written, comments and all (a starting point for a definition of
    /// one's own).
    source: &'static str,
}

/// The built-in definitions, in order: a model's first is its default layout.
const COMPILED: &[Compiled] = &[
    builtin!("department-fujian"),
    builtin!("department-hunan"),
    builtin!("department-hubei"),
    builtin!("project"),
    builtin!("project-xiangtan"),
    builtin!("project-transfer"),
    builtin!("project-88"),
    builtin!("selfeval-project"),
    builtin!("selfeval-sichuan"),
    builtin!("selfeval-department"),
];

/// The heads of the built-in definitions, read on first use.
fn heads() -> &'static [Head] {
    static HEADS: OnceLock<Vec<Head>> = OnceLock::new();
    HEADS.get_or_init(|| {
        COMPILED
            .iter()
            .map(|c| match postcard::from_bytes::<Head>(c.head) {
                Ok(head) => head,
                // build.rs wrote these bytes from the same types (tested below).
                Err(e) => panic!("built-in form definition {}: {e}", c.file),
            })
            .collect()
    })
}

/// The built-in definition at `i` of [`COMPILED`], read on first use: a run reads only
/// the definitions it prints by.
fn get(i: usize) -> &'static FormDef {
    static SLOTS: [OnceLock<&'static FormDef>; COMPILED.len()] =
        [const { OnceLock::new() }; COMPILED.len()];
    SLOTS[i].get_or_init(|| match postcard::from_bytes::<FormDef>(COMPILED[i].def) {
        Ok(def) => &*Box::leak(Box::new(def)),
        // build.rs wrote these bytes from the same types (tested below).
        Err(e) => panic!("built-in form definition {}: {e}", COMPILED[i].file),
    })
}

/// Every built-in definition.
pub fn all() -> &'static [&'static FormDef] {
    static ALL: OnceLock<Vec<&'static FormDef>> = OnceLock::new();
    ALL.get_or_init(|| (0..COMPILED.len()).map(get).collect())
}

/// Whether a definition is one of the built-in ones.
pub fn is_builtin(def: &FormDef) -> bool {
    heads()
        .iter()
        .enumerate()
        .any(|(i, h)| *h == def.form && std::ptr::eq(get(i), def))
}

/// A name as compared: no blanks, brackets of one width.
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
    heads()
        .iter()
        .find(|h| fold(&h.bare_title()) == name || h.names.iter().any(|n| fold(n) == name))
        .map(|h| models_static(&h.model))
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
    let mut of_model = heads().iter().enumerate().filter(|(_, h)| h.model == model);
    let found = match layout.map(|l| fold(l.trim().trim_end_matches('省'))) {
        None => of_model.next(),
        Some(wanted) => of_model.find(|(_, h)| {
            h.layout.as_deref().is_some_and(|l| fold(l) == wanted)
                || h.layout_names.iter().any(|n| fold(n) == wanted)
        }),
    };
    found.map(|(i, _)| get(i))
}

/// A built-in definition's file as written under templates/forms/, and its name.
pub fn source(def: &FormDef) -> Option<(&'static str, &'static str)> {
    let i = (0..COMPILED.len()).find(|&i| std::ptr::eq(get(i), def))?;
    Some((COMPILED[i].file, COMPILED[i].source))
}

/// The layouts a model's built-in definitions offer, default first.
pub fn layouts(model: &str) -> Vec<&'static str> {
    heads()
        .iter()
        .filter(|h| h.model == model)
        .filter_map(|h| h.layout.as_deref())
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

    /// Every file under templates/forms/ is built in, passes the definition checks, and
    /// was compiled by build.rs into exactly what parsing it gives.
    #[test]
    fn every_builtin_parses_checks_and_matches_its_file() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/forms");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("templates/forms")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut built: Vec<String> = COMPILED.iter().map(|c| c.file.to_owned()).collect();
        built.sort();
        assert_eq!(files, built, "every definition file is listed in COMPILED");
        for (i, (c, def)) in COMPILED.iter().zip(all()).enumerate() {
            let name = c.file;
            let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("read");
            assert_eq!(heads()[i], def.form, "{name}: head");
            assert!(is_builtin(def));
            match parse(&text) {
                Ok(parsed) => assert_eq!(&parsed, *def, "{name}: rebuild (build.rs)"),
                Err(e) => panic!("{name}: {:?}", e.diagnostics),
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
