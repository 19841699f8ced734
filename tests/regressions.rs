//! Inputs that once crashed jixiao (found by fuzzing, see README "Developer notes"), kept so
//! they never crash it again. `tests/fixtures/regressions/spec/*` go through check and every
//! renderer; `tests/fixtures/regressions/import/*` through the importer. Each must end in a
//! result or a typed error, never a panic.

use std::path::{Path, PathBuf};

use jixiao::model::{Orientation, Paper};
use jixiao::render::html::HtmlRenderer;
use jixiao::render::pdf::layout::PageSettings;
use jixiao::render::pdf::{PdfOptions, fonts};

fn files(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/regressions")
        .join(kind);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} is missing: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    out.sort();
    // An empty folder would make the test pass without testing anything.
    assert!(
        !out.is_empty(),
        "{} holds no regression inputs",
        dir.display()
    );
    out
}

#[test]
fn crashing_specs_now_check_and_render() {
    for path in files("spec") {
        let bytes = std::fs::read(&path).expect("fixture");
        let Ok(decoded) = jixiao::spec::read::decode(&bytes, "regression.toml") else {
            continue;
        };
        let checked = jixiao::validate::check_text(&decoded.text);
        if let Some(table) = checked.table {
            let view = jixiao::forms::sheet(&table).expect("built-in layouts fit");
            HtmlRenderer::new(None)
                .expect("templates")
                .render(&table, &view)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let opts = PdfOptions {
                settings: PageSettings::new(Paper::A4, Orientation::Landscape),
                date: None,
            };
            // A missing glyph is a typed error, which is fine here.
            let _ = jixiao::render::pdf::render(&view, fonts::bundled(), &opts);
        }
    }
}

#[test]
fn crashing_workbooks_now_import_or_fail_cleanly() {
    for path in files("import") {
        match jixiao::import::import_path(&path, &jixiao::import::Options::default()) {
            Ok(import) => {
                for t in &import.tables {
                    let _ = jixiao::validate::check_text(&t.toml);
                }
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
}
