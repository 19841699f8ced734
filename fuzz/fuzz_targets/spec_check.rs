//! Arbitrary bytes through the whole front half and the HTML/JSON renderers.
#![no_main]

use jixiao::render::html::HtmlRenderer;
use jixiao::render::json::to_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = jixiao::spec::read::decode(data, "fuzz.toml") else {
        return;
    };
    let checked = jixiao::validate::check_text(&decoded.text);
    let src = jixiao::diag::SourceFile::new("fuzz.toml", decoded.text.clone());
    for d in &checked.diagnostics {
        let _ = jixiao::diag::emit::human("fuzz.toml", Some(&src), d, false);
        let _ = jixiao::diag::emit::json("fuzz.toml", Some(&src), d);
    }
    if let Some(table) = checked.table {
        // Every table's sheet keeps its cells inside the grid, and renders.
        // A table that passed `check` always lays out on its form (the check says when not).
        let sheet = jixiao::forms::sheet(&table).expect("a checked table lays out");
        if let Err(e) = sheet.check_grid() {
            panic!("{e}");
        }
        let html = HtmlRenderer::new(None).expect("built-in templates load");
        html.render(&table, &sheet)
            .expect("a valid table always renders");
        let _ = to_json(&table);
    }
});
