//! The text-dump importer on arbitrary text: parse, find the form, write a spec, check it.
#![no_main]

use jixiao::import::{form, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let Ok(grid) = text::parse("fuzz.txt", input) else {
        return;
    };
    if !form::looks_like_goal_table(&grid) {
        return;
    }
    let extracted = form::extract(&grid, None);
    let toml = jixiao::spec::write::to_toml(&extracted.spec);
    // What the importer writes must always be valid TOML for our own loader.
    let checked = jixiao::validate::check_text(&toml);
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.code != jixiao::diag::Code::TomlSyntax),
        "importer wrote invalid TOML:\n{toml}"
    );
});
