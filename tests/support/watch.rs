//! `jixiao watch` under test: start it, read its address, fetch pages, stop it.

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a preview may take to print its address.
const START: Duration = Duration::from_secs(30);

/// A running preview; killed when dropped, so a failing test leaves nothing behind.
pub struct Watch {
    child: Option<Child>,
    /// The address it printed first.
    pub url: String,
}

/// What a finished `watch` left: exit status and standard error.
pub struct Finished {
    /// Exit status.
    pub status: ExitStatus,
    /// Standard output after the address.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Starts `jixiao watch SPEC --no-open` with extra arguments. `Err` when it ended before
/// printing an address (a refusal), with what it said.
pub fn start(spec: &Path, extra: &[&str]) -> Result<Watch, Finished> {
    start_env(spec, extra, &[])
}

/// [`start`] with extra environment variables.
pub fn start_env(spec: &Path, extra: &[&str], envs: &[(&str, &Path)]) -> Result<Watch, Finished> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    for (k, v) in envs {
        child.env(k, v);
    }
    let mut child = child
        .current_dir(super::root())
        .arg("watch")
        .arg(spec)
        .arg("--no-open")
        .args(extra)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jixiao binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(START) {
        Ok(line) if !line.is_empty() => Ok(Watch {
            child: Some(child),
            url: line.trim_end().to_owned(),
        }),
        Ok(_) => Err(finish(child)),
        Err(_) => {
            let _ = child.kill();
            panic!("jixiao watch printed no address within {START:?}");
        }
    }
}

fn finish(mut child: Child) -> Finished {
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("jixiao watch did not end within 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut stdout);
    }
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    Finished {
        status,
        stdout,
        stderr,
    }
}

impl Watch {
    /// The process id of the preview.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does, and waits for the end.
    pub fn interrupt(mut self) -> (Finished, Duration) {
        let child = self.child.take().expect("running");
        let sent = Instant::now();
        let ok = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(ok.success());
        let f = finish(child);
        (f, sent.elapsed())
    }

    /// `GET path`: status, content type and body.
    pub fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        self.get_with(path, &[])
    }

    /// `GET path` with extra request headers: status, content type and body.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(60)))
                .build(),
        );
        let mut request = agent.get(format!("{}{}", self.url, path.trim_start_matches('/')));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let mut r = request.call().unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let kind = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = r
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .expect("body");
        (r.status().as_u16(), kind, body)
    }

    /// `GET /state.json`, parsed.
    pub fn state(&self) -> serde_json::Value {
        let (status, _, body) = self.get("/state.json");
        assert_eq!(status, 200);
        serde_json::from_slice(&body).expect("state json")
    }

    /// Waits until the state satisfies `ok` (at most `limit`); returns it and the wait.
    pub fn wait_state(
        &self,
        limit: Duration,
        ok: impl Fn(&serde_json::Value) -> bool,
    ) -> (serde_json::Value, Duration) {
        let start = Instant::now();
        loop {
            let s = self.state();
            if ok(&s) {
                return (s, start.elapsed());
            }
            assert!(
                start.elapsed() < limit,
                "state not reached within {limit:?}: {s}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Replaces the spec's text the way many editors save: a temporary file renamed over it.
pub fn save_by_rename(spec: &Path, text: &str) {
    let tmp = spec.with_extension("toml.tmp~");
    std::fs::write(&tmp, text).expect("write temporary file");
    std::fs::rename(&tmp, spec).expect("rename over the spec");
}
