//! Compiles the built-in form definitions (`templates/forms/*.toml`) into a compact binary
//! form the program reads at start, so that no run parses their TOML (it cost about 2 M
//! instructions per definition). A definition that does not parse fails the build; their
//! full checks run in the tests (`formdef::builtin`).

use std::path::Path;

#[allow(dead_code)]
#[path = "src/formdef/types.rs"]
mod types;

fn main() {
    let dir = Path::new("templates/forms");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/formdef/types.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("templates/forms is part of the source")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("definition is UTF-8");
        let def: types::FormDef = match toml::from_str(&text) {
            Ok(d) => d,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        let bytes = postcard::to_allocvec(&def).expect("a definition serialises");
        let bin = out.join(name.replace(".toml", ".bin"));
        std::fs::write(&bin, bytes).expect("OUT_DIR is writable");
        // The `[form]` head alone, so finding a form by name reads no whole definition.
        let head = postcard::to_allocvec(&def.form).expect("a head serialises");
        let bin = out.join(name.replace(".toml", ".head.bin"));
        std::fs::write(&bin, head).expect("OUT_DIR is writable");
    }
}
