//! Shared helpers for integration tests: run the real binary, read fixtures.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path of a file under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The seed spec shipped in specs/.
pub fn seed_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/fujian-redcross-2021.toml")
}

/// The project example shipped in specs/ (青山 2020, central 88号 layout).
pub fn project_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/qingshan-education-project-2020.toml")
}

/// Runs `jixiao` with arguments.
pub fn jixiao<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the jixiao binary runs")
}

/// Exit code of a finished run.
pub fn code(out: &Output) -> i32 {
    out.status.code().expect("not killed by a signal")
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `check --format json` on one file: the list of (code, "line:col" or "").
pub fn check_json(path: &Path) -> (i32, Vec<(String, String)>) {
    let out = jixiao([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("json output: {e}\n{}", stdout(&out)));
    let diags = v["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let list = diags
        .iter()
        .map(|d| {
            let loc = match (d["line"].as_u64(), d["column"].as_u64()) {
                (Some(l), Some(c)) => format!("{l}:{c}"),
                _ => String::new(),
            };
            (d["code"].as_str().unwrap_or_default().to_owned(), loc)
        })
        .collect();
    (code(&out), list)
}

/// The texts of every non-empty cell of the seed's tab-separated dump.
pub fn seed_cell_texts() -> Vec<String> {
    let text = std::fs::read_to_string(fixture("seed-2021.txt")).expect("seed dump");
    text.lines()
        .flat_map(|l| l.split('\t'))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}
