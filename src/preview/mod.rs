//! `jixiao watch`: a live preview of one spec on a loopback address. The page is the form
//! as `render -f html` writes it plus a panel of diagnostics; every save of the spec is
//! checked again and the open page follows it without a reload.
//!
//! [`Session::open`] does everything that can fail before the address is printed (the
//! spec, the one-preview-per-spec lock, the port); [`Session::serve`] runs until Ctrl-C.

mod check;
mod lock;
pub mod page;
mod panel;
pub mod server;
pub mod state;
mod watcher;

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

use lock::{LockError, SpecLock};
use server::Shared;
use state::State;

/// The port tried first when none is given; the next free one is taken when it is busy.
pub const DEFAULT_PORT: u16 = 8421;
/// How many ports after [`DEFAULT_PORT`] are tried before letting the system choose.
const PORT_TRIES: u16 = 20;
/// How long open connections get to close after Ctrl-C.
const GRACE: Duration = Duration::from_secs(2);

/// Why a preview could not start or had to stop.
#[derive(Debug, Error)]
pub enum PreviewError {
    /// The spec is not there.
    #[error("{0}：文件不存在。请检查路径；新的规格文件可用 jixiao init 生成")]
    NotFound(String),
    /// The spec is a folder.
    #[error("{0}：这是一个文件夹；jixiao watch 一次预览一个规格文件（.toml）")]
    IsDir(String),
    /// The spec's path cannot be resolved.
    #[error("{0}：无法确定文件的位置：{1}")]
    Path(String, std::io::Error),
    /// Another `watch` previews the same file.
    #[error(
        "{0} 已经在另一个 jixiao watch 中预览{1}。同一个文件只能有一个预览：请使用已打开的预览，或先在那个窗口按 Ctrl+C 停止它"
    )]
    AlreadyWatched(String, String),
    /// The lock file could not be used.
    #[error("无法使用锁文件 {0}：{1}")]
    Lock(String, std::io::Error),
    /// The lock's folder or file is a link, someone else's, or open to others.
    #[error(
        "锁文件的位置 {0} {1}，可能是其他用户放置的；为安全起见没有使用它，也没有写入任何内容。请确认后删除它再试"
    )]
    UnsafeLock(String, &'static str),
    /// `--port N` is taken.
    #[error(
        "端口 {0} 已被占用（可能是另一个程序或另一个预览）。请换一个端口，例如 --port {next}；或写 --port 0 由系统自动选择空闲端口",
        next = .0.saturating_add(1)
    )]
    PortBusy(u16),
    /// The port cannot be opened for another reason.
    #[error("无法在端口 {0} 上启动预览：{1}")]
    Bind(u16, std::io::Error),
    /// The built-in templates failed (a bug) or the runtime could not start.
    #[error("无法启动预览：{0}")]
    Start(String),
    /// The server stopped on an I/O error.
    #[error("预览服务出错而停止：{0}")]
    Serve(std::io::Error),
}

/// A preview ready to serve: the spec checked once, its lock held, the port open.
pub struct Session {
    runtime: tokio::runtime::Runtime,
    stop: StopSignal,
    listener: TcpListener,
    port: u16,
    shared: Arc<Shared>,
    _lock: SpecLock,
    url: String,
}

impl Session {
    /// Checks that the spec is a file, takes its lock and opens the port (`None`: the
    /// default port or the next free one; `Some(0)`: any free port).
    pub fn open(spec: &Path, port: Option<u16>) -> Result<Self, PreviewError> {
        let shown = crate::console::show(spec);
        let meta = std::fs::metadata(spec).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PreviewError::NotFound(shown.clone()),
            _ => PreviewError::Path(shown.clone(), e),
        })?;
        if meta.is_dir() {
            return Err(PreviewError::IsDir(shown));
        }
        // Absolute but with links kept: the folder watched is the one the user named.
        let absolute =
            std::path::absolute(spec).map_err(|e| PreviewError::Path(shown.clone(), e))?;
        let canonical =
            std::fs::canonicalize(&absolute).map_err(|e| PreviewError::Path(shown.clone(), e))?;
        let mut lock = SpecLock::acquire(&canonical).map_err(|e| match e {
            LockError::Busy(url) => PreviewError::AlreadyWatched(
                shown.clone(),
                url.map(|u| format!("（{u}）")).unwrap_or_default(),
            ),
            LockError::Io(path, e) => PreviewError::Lock(crate::console::show(&path), e),
            LockError::Unsafe(path, why) => {
                PreviewError::UnsafeLock(crate::console::show(&path), why)
            }
        })?;
        // Ctrl-C is listened to before the address is printed: someone (or a script) who
        // stops the preview at once still gets a clean stop, not the default kill.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| PreviewError::Start(e.to_string()))?;
        let stop = {
            let _in_runtime = runtime.enter();
            StopSignal::listen().map_err(|e| PreviewError::Start(e.to_string()))?
        };
        let listener = bind(port)?;
        let addr = listener
            .local_addr()
            .map_err(|e| PreviewError::Bind(port.unwrap_or(DEFAULT_PORT), e))?;
        let url = format!("http://{addr}/");
        // Only a nicety for the second preview's message: not worth failing over.
        let _ = lock.record(&url);
        let state = State::new(&absolute).map_err(|e| PreviewError::Start(e.to_string()))?;
        Ok(Self {
            runtime,
            stop,
            listener,
            port: addr.port(),
            shared: Shared::new(absolute, state),
            _lock: lock,
            url,
        })
    }

    /// The page's address (`http://127.0.0.1:8421/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A one-line Chinese summary of the spec as first read.
    pub fn summary(&self) -> String {
        self.shared.summary()
    }

    /// Watches the spec and serves the page until Ctrl-C (or SIGTERM). Problems with a
    /// spec are shown on the page; only the server failing ends this early. `report`
    /// hears a line for the terminal after every change of the spec (and any complaint
    /// of the system's file watching).
    pub fn serve(
        self,
        report: impl Fn(String) + Send + Sync + 'static,
    ) -> Result<(), PreviewError> {
        let Session {
            runtime,
            stop,
            listener,
            port,
            shared,
            ..
        } = self;
        let report = Arc::new(report);
        let on_change = {
            let shared = Arc::clone(&shared);
            let report = Arc::clone(&report);
            move || {
                if let Some(summary) = shared.refresh() {
                    report(format!("已重新检查：{summary}"));
                }
            }
        };
        let on_error = {
            let report = Arc::clone(&report);
            move |e: String| report(format!("提示：监视文件时系统报告：{e}"))
        };
        let _watcher =
            watcher::watch(&shared.spec, on_change, on_error).map_err(PreviewError::Start)?;
        // A save between the first read and the start of the watch is not missed; it is
        // read on a thread of its own, so the page is served (from the first read) meanwhile.
        {
            let (shared, report) = (Arc::clone(&shared), Arc::clone(&report));
            std::thread::Builder::new()
                .name("jixiao-watch-first-refresh".to_owned())
                .spawn(move || {
                    if let Some(summary) = shared.refresh() {
                        report(format!("已重新检查：{summary}"));
                    }
                })
                .map_err(|e| PreviewError::Start(e.to_string()))?;
        }
        runtime.block_on(async move {
            listener
                .set_nonblocking(true)
                .map_err(PreviewError::Serve)?;
            let listener =
                tokio::net::TcpListener::from_std(listener).map_err(PreviewError::Serve)?;
            let app = server::router(Arc::clone(&shared), port);
            let serve = server::serve(listener, app, Arc::clone(&shared));
            let stopper = Arc::clone(&shared);
            tokio::spawn(async move {
                stop.wait().await;
                stopper.stop();
            });
            let timeout = async {
                shared.stopped().await;
                tokio::time::sleep(GRACE).await;
            };
            tokio::select! {
                served = serve => served.map_err(PreviewError::Serve),
                () = timeout => Ok(()),
            }
        })
    }
}

/// Opens the port on the loopback address only.
fn bind(port: Option<u16>) -> Result<TcpListener, PreviewError> {
    let open = |p: u16| TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, p)));
    match port {
        Some(p) => open(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => PreviewError::PortBusy(p),
            _ => PreviewError::Bind(p, e),
        }),
        None => {
            for p in DEFAULT_PORT..DEFAULT_PORT.saturating_add(PORT_TRIES) {
                if let Ok(l) = open(p) {
                    return Ok(l);
                }
            }
            open(0).map_err(|e| PreviewError::Bind(0, e))
        }
    }
}

/// Ctrl-C, or a polite `kill` on Unix; on Windows also Ctrl-Break and the console window
/// being closed (the lock file is removed either way). The handlers are installed when this
/// is made, not when it is first awaited.
struct StopSignal {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(windows)]
    ctrl_c: tokio::signal::windows::CtrlC,
    #[cfg(windows)]
    ctrl_break: tokio::signal::windows::CtrlBreak,
    #[cfg(windows)]
    ctrl_close: tokio::signal::windows::CtrlClose,
}

impl StopSignal {
    /// Installs the handlers; must run inside the runtime.
    fn listen() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(windows)]
        {
            use tokio::signal::windows;
            Ok(Self {
                ctrl_c: windows::ctrl_c()?,
                ctrl_break: windows::ctrl_break()?,
                ctrl_close: windows::ctrl_close()?,
            })
        }
        #[cfg(not(any(unix, windows)))]
        {
            Ok(Self {})
        }
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => {}
                _ = self.terminate.recv() => {}
            }
        }
        #[cfg(windows)]
        {
            tokio::select! {
                _ = self.ctrl_c.recv() => {}
                _ = self.ctrl_break.recv() => {}
                _ = self.ctrl_close.recv() => {}
            }
        }
        #[cfg(not(any(unix, windows)))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_busy_port_is_an_error_and_the_default_moves_on() {
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
        let port = taken.local_addr().expect("addr").port();
        match bind(Some(port)) {
            Err(PreviewError::PortBusy(p)) => assert_eq!(p, port),
            other => panic!("expected busy, got {:?}", other.map(|l| l.local_addr())),
        }
        let any = bind(Some(0)).expect("port 0");
        assert_ne!(any.local_addr().expect("addr").port(), 0);
        assert!(any.local_addr().expect("addr").ip().is_loopback());
        let default = bind(None).expect("a default port");
        assert_ne!(default.local_addr().expect("addr").port(), port);
    }

    #[test]
    fn messages_say_what_to_do() {
        let busy = PreviewError::PortBusy(8421).to_string();
        assert!(
            busy.contains("端口 8421 已被占用") && busy.contains("--port 0"),
            "{busy}"
        );
        let missing = PreviewError::NotFound("表.toml".into()).to_string();
        assert!(missing.contains("文件不存在"), "{missing}");
    }
}
