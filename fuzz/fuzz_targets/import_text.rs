//! The text-dump importer on arbitrary text: parse, find the form, write a spec, check it.
#![no_main]

use jixiao::import::{self, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let Ok(grid) = text::parse("fuzz.txt", input) else {
        return;
    };
    if !import::looks_like_goal_table(&grid) {
        return;
    }
    let extracted = import::extract(&grid, None);
    let toml = import::spec_text(&extracted);
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
