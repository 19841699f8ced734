#![cfg(unix)]
//! The live preview in a real browser: Debian's Chromium driven over WebDriver
//! (chromedriver + fantoccini). Edit the spec and the open page follows without a reload;
//! break it and the panel lists the error and the cell is marked; fix it and the form is
//! back. Screenshots of each step are left in the temporary folder to look at.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use support::watch::{save_by_rename, start};

/// The whole test, browser start included, ends within this.
const WHOLE: Duration = Duration::from_secs(240);
/// What the page is given to show one change (the feature promises under a second).
const STEP: Duration = Duration::from_secs(10);

/// chromedriver in its own process group, so that the browser it starts goes with it
/// even when the test fails half-way.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Self {
        use std::os::unix::process::CommandExt as _;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| support::missing_tool("chromedriver", "chromium-driver", &e));
        Self { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group is chromedriver's own (process_group(0) above): it and its browser.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.wait();
    }
}

async fn connect(driver: &Driver, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": support::CHROMIUM_FLAGS
                .iter()
                .map(|f| (*f).to_owned())
                .chain([
                    "--window-size=1400,1000".to_owned(),
                    format!("--user-data-dir={}", profile.display()),
                ])
                .collect::<Vec<_>>(),
        }),
    );
    let url = format!("http://127.0.0.1:{}", driver.port);
    let start = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return c,
            Err(e) if start.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("no WebDriver session with chromedriver/chromium: {e}"),
        }
    }
}

async fn run(c: &Client, js: &str) -> Value {
    c.execute(js, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{js}"))
}

/// Waits until `js` returns true; returns how long that took.
async fn wait_for(c: &Client, what: &str, js: &str) -> Duration {
    let start = Instant::now();
    loop {
        if run(c, js).await == Value::Bool(true) {
            return start.elapsed();
        }
        if start.elapsed() > STEP {
            let panel = run(c, "return document.getElementById('jx-panel').innerText").await;
            panic!("{what}: not seen within {STEP:?}. Panel: {panel}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn screenshot(c: &Client, name: &str) -> PathBuf {
    let png = c.screenshot().await.expect("screenshot");
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, png).expect("write screenshot");
    path
}

const STATUS_IS: &str =
    "return document.getElementById('jx-panel').getAttribute('data-status') === '%';";

fn status_is(s: &str) -> String {
    STATUS_IS.replace('%', s)
}

fn sheet_has(text: &str) -> String {
    format!(
        "return (document.querySelector('main.sheet') || {{}}).textContent.includes({});",
        json!(text)
    )
}

#[tokio::test(flavor = "current_thread")]
async fn the_open_page_follows_the_spec_marks_errors_and_recovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("福建2021.toml");
    std::fs::copy(support::seed_spec(), &spec).expect("copy seed");
    let good = std::fs::read_to_string(&spec).expect("spec");
    let watch = start(&spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr));
    let url = watch.url.clone();
    let mut first = Some(watch);
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("profile dir");

    let body = async {
        let c = connect(&driver, profile.path()).await;
        c.goto(&url).await.expect("open the preview");
        wait_for(&c, "first state", &status_is("ok")).await;
        assert_eq!(run(&c, &sheet_has("福建省红十字会(本级)")).await, true);
        let shot = screenshot(&c, "jixiao-watch-1-before.png").await;
        eprintln!("screenshot: {}", shot.display());
        // A marker that only survives if the page is never reloaded.
        run(&c, "window.__jxMarker = 'same page'; return true;").await;

        // A visible change, saved by rename as many editors do.
        let renamed = good.replacen(
            "name = \"福建省红十字会(本级)\"",
            "name = \"福建省红十字总会(本级)\"",
            1,
        );
        assert_ne!(renamed, good);
        save_by_rename(&spec, &renamed);
        let took = wait_for(&c, "the edit", &sheet_has("福建省红十字总会(本级)")).await;
        eprintln!("edit shown after {took:?}");
        assert!(took < Duration::from_secs(2), "edit took {took:?}");
        assert_eq!(
            run(&c, "return window.__jxMarker === 'same page';").await,
            true
        );
        let shot = screenshot(&c, "jixiao-watch-2-after-edit.png").await;
        eprintln!("screenshot: {}", shot.display());

        // A rule error: 资金总额 no longer the sum. Listed, the form shown as written, and
        // its cell marked.
        let wrong_sum = renamed.replacen("total = 2120.91", "total = 2120.92", 1);
        assert_ne!(wrong_sum, renamed);
        std::fs::write(&spec, &wrong_sum).expect("write");
        let took = wait_for(&c, "the sum error", &status_is("errors")).await;
        eprintln!("error shown after {took:?}");
        wait_for(
            &c,
            "E104 in the panel",
            "return !!document.querySelector('#jx-diags li[data-code=\"E104\"]');",
        )
        .await;
        let panel = run(&c, "return document.getElementById('jx-panel').innerText;").await;
        let panel = panel.as_str().unwrap_or_default().to_owned();
        assert!(
            panel.contains("资金总额") && panel.contains("第 "),
            "{panel}"
        );
        wait_for(&c, "the sum as written", &sheet_has("2120.92")).await;
        let marked = run(
            &c,
            "var el = document.querySelector('main.sheet [data-field=\"budget.total\"]');\
             return el ? [el.classList.contains('jx-error'), el.getAttribute('data-diag')] : null;",
        )
        .await;
        assert_eq!(marked, json!([true, "E104"]), "budget.total not marked");
        assert_eq!(
            run(
                &c,
                "return document.querySelectorAll('main.sheet .jx-error').length;"
            )
            .await,
            json!(1),
            "only the cell of the error is marked"
        );
        run(
            &c,
            "document.querySelector('[data-field=\"budget.total\"]').scrollIntoView({block: 'center'}); return true;",
        )
        .await;
        let shot = screenshot(&c, "jixiao-watch-3-sum-error.png").await;
        eprintln!("screenshot: {}", shot.display());

        // Fixed: the form again, nothing marked.
        std::fs::write(&spec, &renamed).expect("write");
        wait_for(&c, "the fix", &status_is("ok")).await;
        wait_for(
            &c,
            "marks cleared",
            "return document.querySelectorAll('main.sheet .jx-error').length === 0;",
        )
        .await;

        // Not TOML any more (a stray quote): the error above the last good form, and the
        // cell of the broken value marked.
        let broken = renamed.replacen("total = 2120.91", "total = 2120.91\"", 1);
        assert_ne!(broken, renamed);
        save_by_rename(&spec, &broken);
        wait_for(&c, "the syntax error", &status_is("errors")).await;
        wait_for(
            &c,
            "E001 in the panel",
            "return !!document.querySelector('#jx-diags li[data-code=\"E001\"]');",
        )
        .await;
        assert_eq!(run(&c, &sheet_has("福建省红十字总会(本级)")).await, true);
        let marked = run(
            &c,
            "var el = document.querySelector('main.sheet [data-field=\"budget.total\"]');\
             return el ? [el.classList.contains('jx-error'), el.getAttribute('data-diag')] : null;",
        )
        .await;
        assert_eq!(marked, json!([true, "E001"]), "budget.total not marked");
        run(&c, "window.scrollTo(0, 0); return true;").await;
        let shot = screenshot(&c, "jixiao-watch-4-syntax-error.png").await;
        eprintln!("screenshot: {}", shot.display());

        save_by_rename(&spec, &renamed);
        wait_for(&c, "fixed again", &status_is("ok")).await;
        assert_eq!(
            run(
                &c,
                "return document.querySelectorAll('#jx-diags li.jx-d-error').length;"
            )
            .await,
            json!(0)
        );
        assert_eq!(
            run(&c, "return window.__jxMarker === 'same page';").await,
            true
        );

        // Stopped, and another file previewed on the same port: the open page notices the
        // new run and starts afresh from it instead of mixing the two.
        let (done, _) = first.take().expect("running").interrupt();
        assert_eq!(done.status.code(), Some(0), "{}", done.stderr);
        wait_for(&c, "the stop", &status_is("offline")).await;
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .expect("port")
            .to_owned();
        let project = dir.path().join("项目.toml");
        std::fs::copy(support::project_spec(), &project).expect("copy project spec");
        let second = start(&project, &["--port", &port]).unwrap_or_else(|f| panic!("{}", f.stderr));
        wait_for(&c, "the new run", &sheet_has("项目支出绩效目标表")).await;
        wait_for(&c, "its state", &status_is("ok")).await;
        let shot = screenshot(&c, "jixiao-watch-5-new-run.png").await;
        eprintln!("screenshot: {}", shot.display());
        assert_eq!(
            run(&c, "return window.__jxMarker === undefined;").await,
            true,
            "the page was reloaded"
        );
        c.close().await.expect("end the WebDriver session");
        second
    };
    let second = tokio::time::timeout(WHOLE, body)
        .await
        .unwrap_or_else(|_| panic!("browser test did not finish within {WHOLE:?}"));
    let (done, _) = second.interrupt();
    assert_eq!(done.status.code(), Some(0), "{}", done.stderr);
}
