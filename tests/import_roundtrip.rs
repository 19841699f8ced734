//! Round trips through `jixiao import`: every valid spec (both forms, the Fujian, Hunan and
//! Hubei department layouts, the project form's long-term set) rendered to its own JSON, or
//! to the workbook `render -f xlsx` writes, and imported back gives the same table,
//! compared as JSON.

mod support;

use std::path::Path;

use support::{code, stderr, valid_specs};

fn json_of(spec: &Path) -> String {
    let doc = jixiao::document::Document::load(spec).expect("read spec");
    let table = doc
        .table
        .unwrap_or_else(|| panic!("{} does not pass: {:?}", spec.display(), doc.diagnostics));
    jixiao::render::json::to_json(&table)
}

fn run(args: &[&Path]) -> std::process::Output {
    support::jixiao(args.iter().map(|p| p.as_os_str()))
}

#[test]
fn every_valid_spec_comes_back_from_its_own_json() {
    let specs = valid_specs();
    for want in [
        "hunan-layout.toml",
        "hubei-layout.toml",
        "qingshan-education-project-2020.toml",
    ] {
        assert!(
            specs.iter().any(|p| p.ends_with(want)),
            "{want} missing from the valid specs"
        );
    }
    for spec in specs {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("t.json");
        let out = run(&[
            Path::new("render"),
            &spec,
            Path::new("-f"),
            Path::new("json"),
            Path::new("-o"),
            &json,
        ]);
        assert_eq!(code(&out), 0, "{}: {}", spec.display(), stderr(&out));
        let back = dir.path().join("back.toml");
        let out = run(&[Path::new("import"), &json, Path::new("-o"), &back]);
        assert_eq!(code(&out), 0, "{}: {}", spec.display(), stderr(&out));
        assert_eq!(
            json_of(&back),
            json_of(&spec),
            "{}: the JSON round trip changed the table\n{}",
            spec.display(),
            std::fs::read_to_string(&back).unwrap()
        );
        // The imported spec is itself a fixed point: its JSON imports to the same text.
        let json2 = dir.path().join("again.json");
        let out = run(&[
            Path::new("render"),
            &back,
            Path::new("-f"),
            Path::new("json"),
            Path::new("-o"),
            &json2,
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(&json2).unwrap(),
            std::fs::read_to_string(&json).unwrap(),
            "{}",
            spec.display()
        );
    }
}

#[test]
fn every_valid_spec_comes_back_from_its_own_workbook() {
    for spec in valid_specs() {
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("t.xlsx");
        let out = run(&[
            Path::new("render"),
            &spec,
            Path::new("-f"),
            Path::new("xlsx"),
            Path::new("-o"),
            &xlsx,
        ]);
        assert_eq!(code(&out), 0, "{}: {}", spec.display(), stderr(&out));
        let back = dir.path().join("back.toml");
        let out = run(&[Path::new("import"), &xlsx, Path::new("-o"), &back]);
        let err = stderr(&out);
        assert_eq!(code(&out), 0, "{}: {err}", spec.display());
        // Nothing of the workbook is left unread or misread (W403–W407).
        assert!(!err.contains("警告[W4"), "{}: {err}", spec.display());
        assert_eq!(
            json_of(&back),
            json_of(&spec),
            "{}: the workbook round trip changed the table\n{}",
            spec.display(),
            std::fs::read_to_string(&back).unwrap()
        );
    }
}
