//! The preview's HTTP server (axum): the page, its state, its events, the form and its
//! PDF and Excel files. Nothing else: no path reaches the disk, everything else is 404.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::extract::{Request, State as Extract};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use tokio::sync::watch;

use super::page;
use super::state::{State, export_current};
use crate::render::export::Exporter;
use crate::render::pdf::{PageOverrides, PdfExporter};
use crate::render::xlsx::XlsxExporter;

/// How soon a page tries again when its event stream broke (the browser's default is
/// several seconds).
const RECONNECT: std::time::Duration = std::time::Duration::from_secs(1);

/// What the handlers and the watcher share.
pub struct Shared {
    /// The spec, absolute.
    pub spec: PathBuf,
    state: Mutex<State>,
    /// The snapshot's version, for the event streams.
    versions: watch::Sender<u64>,
    /// Set once when the server is stopping, so that event streams end.
    stopping: watch::Sender<bool>,
}

impl Shared {
    /// Shares a loaded state.
    pub fn new(spec: PathBuf, state: State) -> Arc<Self> {
        let version = state.snapshot().version;
        Arc::new(Self {
            spec,
            state: Mutex::new(state),
            versions: watch::Sender::new(version),
            stopping: watch::Sender::new(false),
        })
    }

    /// The state; a panic elsewhere while it was held leaves it usable (it is replaced
    /// whole on every refresh), so a poisoned lock is taken over rather than fatal.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the spec again and tells the open pages when something changed; returns the
    /// new summary then.
    pub fn refresh(&self) -> Option<String> {
        let (version, summary) = {
            let mut state = self.state();
            if !state.refresh() {
                return None;
            }
            (state.snapshot().version, state.snapshot().summary())
        };
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
    let body = serde_json::to_string(s.state().snapshot());
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

/// One stream per open page: the current version at once, then every new one, until the
/// page goes away or the server stops.
async fn events(
    Extract(s): Extract<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let versions = s.versions.subscribe();
    let stopping = s.stopping.subscribe();
    let stream = futures_util::stream::unfold(
        (versions, stopping, true),
        |(mut versions, mut stopping, first)| async move {
            if !first {
                tokio::select! {
                    changed = versions.changed() => changed.ok()?,
                    _ = stopping.wait_for(|s| *s) => return None,
                }
            }
            if *stopping.borrow() {
                return None;
            }
            let v = *versions.borrow_and_update();
            let mut event = Event::default().event("state").data(v.to_string());
            if first {
                // A page whose preview was stopped and started again finds it soon.
                event = event.retry(RECONNECT);
            }
            Some((Ok(event), (versions, stopping, false)))
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

/// Exports the spec as it is now, off the server's thread (a long PDF takes a moment).
async fn download(
    s: Arc<Shared>,
    exporter: Box<dyn Exporter + Send>,
    mime: &'static str,
    ext: &str,
    disposition: &str,
) -> Response {
    let spec = s.spec.clone();
    let made = tokio::task::spawn_blocking(move || export_current(&spec, exporter.as_ref())).await;
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
    fn file_names_are_percent_encoded() {
        assert_eq!(percent_encode("a-1.b"), "a-1.b");
        assert_eq!(percent_encode("表 1"), "%E8%A1%A8%201");
    }
}
