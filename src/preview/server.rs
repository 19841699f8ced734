//! The preview's HTTP server (axum on hyper): the page, its state, its events, the form and
//! its PDF and Excel files. Nothing else: no path reaches the disk, everything else is 404.
//! Only the preview's own page may ask (no other site, see [`own_page_only`]); a client
//! that does not finish its request headers in time is dropped ([`HEADER_TIMEOUT`]); and
//! one file is exported at a time, shared by every request waiting for it.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State as Extract};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use tokio::sync::watch;

use super::page;
use super::state::{State, export};
use crate::render::export::{Exporter, Format};
use crate::render::pdf::{PageOverrides, PdfExporter};
use crate::render::xlsx::XlsxExporter;

/// How soon a page tries again when its event stream broke (the browser's default is
/// several seconds).
const RECONNECT: Duration = Duration::from_secs(1);
/// How long a client has to send a request's headers: a browser on the same machine needs
/// milliseconds; a connection that trickles them (slowloris) is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// What the handlers and the watcher share.
pub struct Shared {
    /// The spec, absolute.
    pub spec: PathBuf,
    state: Mutex<State>,
    /// Held while the spec is read and checked: one reading at a time, never holding
    /// `state` (requests go on being answered from the last state meanwhile).
    reading: Mutex<()>,
    /// The snapshot's version, for the event streams.
    versions: watch::Sender<u64>,
    /// Whether the spec is being checked now, for the event streams.
    checking: watch::Sender<bool>,
    /// Set once when the server is stopping, so that event streams end.
    stopping: watch::Sender<bool>,
    /// The last file made of each kind with the state version it was made from; holding
    /// this lock is the right to export, so at most one export runs at a time.
    exports: tokio::sync::Mutex<Vec<Made>>,
}

/// An exported file and what it was made from.
struct Made {
    version: u64,
    format: Format,
    bytes: Bytes,
}

impl Shared {
    /// Shares a loaded state.
    pub fn new(spec: PathBuf, state: State) -> Arc<Self> {
        let version = state.snapshot().version;
        Arc::new(Self {
            spec,
            state: Mutex::new(state),
            reading: Mutex::new(()),
            versions: watch::Sender::new(version),
            checking: watch::Sender::new(false),
            stopping: watch::Sender::new(false),
            exports: tokio::sync::Mutex::new(Vec::new()),
        })
    }

    /// The state; a panic elsewhere while it was held leaves it usable (it is replaced
    /// whole on every refresh), so a poisoned lock is taken over rather than fatal.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the spec again and tells the open pages when something changed; returns the
    /// new summary then. The reading and checking happen without the state's lock: a
    /// slow check, or an `open` that waits, never holds up a request.
    pub fn refresh(&self) -> Option<String> {
        let _one = self.reading.lock().unwrap_or_else(PoisonError::into_inner);
        let checker = self.state().checker();
        self.checking.send_replace(true);
        let checked = checker.run();
        let changed = {
            let mut state = self.state();
            state
                .apply(checked)
                .then(|| (state.snapshot().version, state.snapshot().summary()))
        };
        self.checking.send_replace(false);
        let (version, summary) = changed?;
        self.versions.send_replace(version);
        Some(summary)
    }

    /// One line on how the spec stands now, for the terminal.
    pub fn summary(&self) -> String {
        self.state().snapshot().summary()
    }

    /// Ends every event stream (the server is stopping).
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// Resolves once [`Shared::stop`] was called.
    pub async fn stopped(&self) {
        let mut rx = self.stopping.subscribe();
        // An error means the sender is gone, which is a stop too.
        let _ = rx.wait_for(|s| *s).await;
    }
}

/// Serves `app` on `listener` until [`Shared::stop`]: HTTP/1 with a deadline for each
/// request's headers. Open connections are asked to close when stopping.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shared: Arc<Shared>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = shared.stopped() => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file handles and the like: wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let stopping = Arc::clone(&shared);
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = stopping.stopped() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
        // Finished connections are let go of as new ones come.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// The routes, answering only requests addressed to the preview's own loopback address
/// on `port`: a web page elsewhere that points a name of its own at 127.0.0.1 (DNS
/// rebinding) gets nothing of the spec.
pub fn router(shared: Arc<Shared>, port: u16) -> Router {
    let hosts: Arc<[String]> = ["127.0.0.1", "localhost"]
        .iter()
        .map(|h| format!("{h}:{port}"))
        .collect();
    Router::new()
        .route("/", get(index))
        .route("/events", get(events))
        .route("/state.json", get(state_json))
        .route("/form.html", get(form_html))
        .route("/form.pdf", get(pdf))
        .route("/form.xlsx", get(xlsx))
        .fallback(not_found)
        .with_state(shared)
        .layer(middleware::from_fn_with_state(hosts.clone(), own_page_only))
        .layer(middleware::from_fn_with_state(hosts, loopback_only))
}

async fn loopback_only(
    Extract(hosts): Extract<Arc<[String]>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if host.is_some_and(|h| hosts.iter().any(|a| a.eq_ignore_ascii_case(h))) {
        return next.run(request).await;
    }
    text(
        StatusCode::FORBIDDEN,
        format!("只接受本机地址 http://{}/ 的访问", hosts[0]),
    )
}

/// Refuses what another web page asks of the preview: any page the clerk opens may point
/// an image or a script at `http://127.0.0.1:8421/form.pdf`, and each such request would
/// cost a whole export. Browsers say where a request comes from (`Sec-Fetch-Site`, and
/// `Origin` on some requests); only the preview's own page, or the clerk typing the
/// address, is served.
async fn own_page_only(
    Extract(hosts): Extract<Arc<[String]>>,
    request: Request,
    next: Next,
) -> Response {
    if from_own_page(request.headers(), &hosts) {
        return next.run(request).await;
    }
    text(
        StatusCode::FORBIDDEN,
        format!(
            "拒绝来自其他网页的请求：只有预览页面 http://{}/ 自己可以访问",
            hosts[0]
        ),
    )
}

/// Whether a request's headers say it comes from the preview's own page (or from no page).
fn from_own_page(headers: &HeaderMap, hosts: &[String]) -> bool {
    let value = |name: &str| headers.get(name).map(|v| v.to_str().unwrap_or("?"));
    if let Some(site) = value("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match value("origin") {
        None => true,
        Some(origin) => hosts
            .iter()
            .any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}"))),
    }
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn html(body: String) -> Response {
    no_store(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response())
}

fn text(status: StatusCode, body: String) -> Response {
    no_store(
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            body,
        )
            .into_response(),
    )
}

async fn index(Extract(s): Extract<Arc<Shared>>) -> Response {
    let page = {
        let state = s.state();
        page::assemble(state.form_html(), state.snapshot())
    };
    html(page)
}

async fn state_json(Extract(s): Extract<Arc<Shared>>) -> Response {
    let checking = *s.checking.borrow();
    let body = serde_json::to_value(s.state().snapshot()).and_then(|mut v| {
        if let Some(fields) = v.as_object_mut() {
            fields.insert("checking".to_owned(), checking.into());
        }
        serde_json::to_string(&v)
    });
    match body {
        Ok(body) => no_store(
            (
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                body,
            )
                .into_response(),
        ),
        Err(e) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("状态无法输出：{e}"),
        ),
    }
}

async fn form_html(Extract(s): Extract<Arc<Shared>>) -> Response {
    let (form, version) = {
        let state = s.state();
        (
            state.form_html().map(str::to_owned),
            state.snapshot().form_version,
        )
    };
    match form {
        Some(form) => {
            let mut r = html(form);
            r.headers_mut()
                .insert("x-jixiao-form-version", HeaderValue::from(version));
            r
        }
        None => text(
            StatusCode::NOT_FOUND,
            "还没有通过校验的表格：改正规格文件中的错误后再试".to_owned(),
        ),
    }
}

/// One stream per open page: the current version at once, then every new one, and whether
/// the spec is being checked whenever that changes, until the page goes away or the server
/// stops.
async fn events(
    Extract(s): Extract<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let versions = s.versions.subscribe();
    let checking = s.checking.subscribe();
    let stopping = s.stopping.subscribe();
    let stream = futures_util::stream::unfold(
        (versions, checking, stopping, true),
        |(mut versions, mut checking, mut stopping, first)| async move {
            let mut event = None;
            if !first {
                tokio::select! {
                    changed = versions.changed() => changed.ok()?,
                    changed = checking.changed() => {
                        changed.ok()?;
                        let now = *checking.borrow_and_update();
                        event = Some(Event::default().event("checking").data(if now { "1" } else { "0" }));
                    }
                    _ = stopping.wait_for(|s| *s) => return None,
                }
            }
            if *stopping.borrow() {
                return None;
            }
            let event = event.unwrap_or_else(|| {
                let v = *versions.borrow_and_update();
                let e = Event::default().event("state").data(v.to_string());
                // A page whose preview was stopped and started again finds it soon.
                if first { e.retry(RECONNECT) } else { e }
            });
            Some((Ok(event), (versions, checking, stopping, false)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn pdf(Extract(s): Extract<Arc<Shared>>) -> Response {
    let exporter = PdfExporter::new(PageOverrides::default(), None);
    download(s, Box::new(exporter), "application/pdf", "pdf", "inline").await
}

async fn xlsx(Extract(s): Extract<Arc<Shared>>) -> Response {
    let exporter = XlsxExporter::new(None, None, None);
    download(
        s,
        Box::new(exporter),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        "attachment",
    )
    .await
}

/// Exports the table the page shows, off the server's thread (a long PDF takes a moment).
/// The work is a task of its own: a request that gives up does not free the way for a
/// second export while the first still runs.
async fn download(
    s: Arc<Shared>,
    exporter: Box<dyn Exporter + Send>,
    mime: &'static str,
    ext: &str,
    disposition: &str,
) -> Response {
    let made = tokio::spawn(exported(Arc::clone(&s), exporter)).await;
    let bytes = match made {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(msg)) => return text(StatusCode::CONFLICT, msg),
        Err(e) => {
            return text(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("生成文件时出错：{e}"),
            );
        }
    };
    let stem = s
        .spec
        .file_stem()
        .map_or_else(|| "form".to_owned(), |n| n.to_string_lossy().into_owned());
    let value = format!(
        "{disposition}; filename=\"form.{ext}\"; filename*=UTF-8''{}.{ext}",
        percent_encode(&stem)
    );
    let mut r = no_store(([(header::CONTENT_TYPE, mime)], bytes).into_response());
    if let Ok(v) = HeaderValue::from_str(&value) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// The file of the state the page shows: the one made already for this state, or made now
/// (one export at a time: those who wait get the file the first one made).
async fn exported(s: Arc<Shared>, exporter: Box<dyn Exporter + Send>) -> Result<Bytes, String> {
    let format = exporter.format();
    let mut made = s.exports.lock().await;
    let (version, table) = {
        let state = s.state();
        (state.snapshot().version, state.export_table(format))
    };
    let table = table?;
    if let Some(m) = made
        .iter()
        .find(|m| m.version == version && m.format == format)
    {
        return Ok(m.bytes.clone());
    }
    let spec = s.spec.clone();
    let bytes = tokio::task::spawn_blocking(move || export(&spec, &table, exporter.as_ref()))
        .await
        .map_err(|e| format!("生成文件时出错：{e}"))??;
    let bytes = Bytes::from(bytes);
    made.retain(|m| m.format != format);
    made.push(Made {
        version,
        format,
        bytes: bytes.clone(),
    });
    Ok(bytes)
}

/// RFC 5987 encoding of a file name: unreserved ASCII as is, every other byte as `%XX`.
fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn not_found() -> Response {
    text(
        StatusCode::NOT_FOUND,
        "没有这个页面：jixiao watch 只提供表格预览（/）、/form.pdf 和 /form.xlsx".to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_own_page_or_no_page_is_served() {
        let hosts = ["127.0.0.1:8421".to_owned(), "localhost:8421".to_owned()];
        let with = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, HeaderValue::from_static(v));
            }
            from_own_page(&h, &hosts)
        };
        assert!(with(&[]));
        assert!(with(&[("sec-fetch-site", "none")]));
        assert!(with(&[("sec-fetch-site", "same-origin")]));
        assert!(with(&[("origin", "http://127.0.0.1:8421")]));
        assert!(with(&[
            ("origin", "http://localhost:8421"),
            ("sec-fetch-site", "same-origin")
        ]));
        assert!(!with(&[("sec-fetch-site", "cross-site")]));
        // Another port of the same machine is the same site, but not this page.
        assert!(!with(&[("sec-fetch-site", "same-site")]));
        assert!(!with(&[("origin", "http://127.0.0.1:9000")]));
        assert!(!with(&[("origin", "null")]));
        assert!(!with(&[
            ("origin", "https://example.com"),
            ("sec-fetch-site", "none")
        ]));
    }

    /// Counts the exports running at once, each taking a moment.
    struct Slow {
        running: Arc<std::sync::atomic::AtomicUsize>,
        most: Arc<std::sync::atomic::AtomicUsize>,
        made: Arc<std::sync::atomic::AtomicUsize>,
    }

    impl Exporter for Slow {
        fn format(&self) -> Format {
            Format::Pdf
        }
        fn export(
            &self,
            _: &crate::render::export::Input<'_>,
        ) -> Result<Vec<u8>, crate::render::RenderError> {
            use std::sync::atomic::Ordering::SeqCst;
            let now = self.running.fetch_add(1, SeqCst) + 1;
            self.most.fetch_max(now, SeqCst);
            std::thread::sleep(Duration::from_millis(30));
            self.made.fetch_add(1, SeqCst);
            self.running.fetch_sub(1, SeqCst);
            Ok(b"%PDF-".to_vec())
        }
    }

    #[test]
    fn waiting_downloads_share_one_export_made_one_at_a_time() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = dir.path().join("表.toml");
        let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("specs/fujian-redcross-2021.toml");
        std::fs::copy(seed, &spec).expect("copy");
        let shared = Shared::new(spec.clone(), State::new(&spec).expect("state"));
        let (running, most, made) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let results = runtime.block_on(async {
            let asks: Vec<_> = (0..16)
                .map(|_| {
                    let slow = Slow {
                        running: Arc::clone(&running),
                        most: Arc::clone(&most),
                        made: Arc::clone(&made),
                    };
                    tokio::spawn(exported(Arc::clone(&shared), Box::new(slow)))
                })
                .collect();
            let mut out = Vec::new();
            for ask in asks {
                out.push(ask.await.expect("joined"));
            }
            out
        });
        assert!(results.iter().all(|r| r.as_deref() == Ok(&b"%PDF-"[..])));
        assert_eq!(most.load(SeqCst), 1, "never two exports at once");
        assert_eq!(made.load(SeqCst), 1, "sixteen requests, one export");
    }

    #[test]
    fn file_names_are_percent_encoded() {
        assert_eq!(percent_encode("a-1.b"), "a-1.b");
        assert_eq!(percent_encode("表 1"), "%E8%A1%A8%201");
    }
}
