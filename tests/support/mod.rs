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

/// The repository root (tests run the binary from here when paths are relative).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The one way tests run the real binary: from the repository root, without colour and
/// without a `SOURCE_DATE_EPOCH` inherited from the environment, plus `envs`.
pub fn jixiao_env<I, S>(args: I, envs: &[(&str, &str)]) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.current_dir(root())
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("the jixiao binary runs")
}

/// Runs `jixiao` with arguments.
pub fn jixiao<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    jixiao_env(args, &[])
}

/// How the tests start Debian's Chromium headless on this closed network: no sandbox (CI
/// runs as root), and none of the background connections it would otherwise try.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Text with all whitespace removed (PDF text extraction breaks lines anywhere).
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// How to get a tool a test needs; the test fails with this rather than passing silently.
pub fn missing_tool(tool: &str, package: &str, e: &dyn std::fmt::Display) -> ! {
    panic!(
        "\n\n*** This test needs `{tool}` ({e}). Install it: sudo apt-get install -y {package} \
         (or run .ci/run, which installs what the tests need). ***\n"
    )
}

/// Runs a poppler tool (`pdftotext`, `pdffonts`, `pdfinfo`) and returns its output.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| missing_tool(tool, "poppler-utils", &e));
    assert!(
        o.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8 output")
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

/// Every spec that checks clean: the examples in specs/ and tests/fixtures/valid/.
pub fn valid_specs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["specs", "tests/fixtures/valid"] {
        for e in std::fs::read_dir(root().join(dir)).expect("spec folder") {
            let p = e.expect("dir entry").path();
            if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 5, "{out:?}");
    out
}

/// Printing workbooks with LibreOffice.
pub mod office;

/// Running `jixiao watch` and talking to it.
pub mod watch;

/// Runs `jixiao` with arguments, killing it if it has not finished within `limit` (the
/// test then fails saying so). Returns its output and how long it ran.
pub fn jixiao_within<I, S>(args: I, limit: std::time::Duration) -> (Output, std::time::Duration)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use std::process::Stdio;
    let started = std::time::Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .current_dir(root())
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jixiao binary runs");
    // Output is read on threads, so a chatty run cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut out_pipe, &mut buf).ok();
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut err_pipe, &mut buf).ok();
        buf
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("jixiao ran longer than {limit:?} and was stopped");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let output = Output {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    };
    (output, elapsed)
}

/// Runs `jixiao` as the unprivileged user `nobody` (for tests run as root, who can read
/// any folder): through `setpriv`, from the repository root, which and the binary must be
/// readable by everyone.
#[cfg(unix)]
pub fn as_nobody<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir("/")
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap_or_else(|e| missing_tool("setpriv", "util-linux", &e))
}

/// The Chromium command on this machine (.ci/run installs it).
pub fn chromium() -> &'static str {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .unwrap_or_else(|| {
            panic!(
                "找不到 Chromium：请安装（Debian：apt-get install chromium），.ci/run 会自动安装"
            )
        })
}
