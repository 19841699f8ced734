//! Watching the spec: its folder, not the file, so that a save by rename (write a temporary
//! file, rename it over the spec) and a spec that comes back after being deleted are both
//! seen. Events are debounced twice over: notify's debouncer joins the events of one write,
//! and [`coalesce`] waits for a quiet moment after the last of them, so an editor that
//! writes twice in a row (or truncates, then writes) wakes the preview once, on the final
//! text.
//! Opening and reading the file are not changes: the preview reads the spec on every
//! refresh, and counting its own reads would wake it again and again.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

/// notify's debouncer: how long it holds an event to join it with those of the same write.
const NOTIFY_DELAY: Duration = Duration::from_millis(50);
/// Quiet time after the last change before the spec is read again: long enough to join an
/// editor's two writes, short enough for the page to follow well within a second.
pub const QUIET: Duration = Duration::from_millis(150);
/// A file that never stops changing is still read at least this often.
pub const MAX_WAIT: Duration = Duration::from_millis(700);

/// How often the spec's file is looked at besides: the system's notices stop for good
/// when the spec's folder itself is deleted and made again, and a page that went on saying
/// "passed" then would lie.
pub const POLL: Duration = Duration::from_secs(1);

/// A running watch; it stops when dropped.
pub struct SpecWatcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    polling: Arc<AtomicBool>,
}

impl Drop for SpecWatcher {
    fn drop(&mut self) {
        self.polling.store(false, Ordering::Relaxed);
    }
}

/// Starts watching `spec` (an absolute path); `on_change` runs on a thread of its own once
/// after each burst of changes of the spec, and `on_error` when the system reports one.
pub fn watch(
    spec: &Path,
    on_change: impl FnMut() + Send + 'static,
    mut on_error: impl FnMut(String) + Send + 'static,
) -> Result<SpecWatcher, String> {
    let folder = spec
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = spec.file_name().map(OsString::from).unwrap_or_default();
    let (wake, woken) = mpsc::channel();
    // The file as the last refresh found it, for the poll to compare with.
    let seen = Arc::new(Mutex::new(signature(spec)));
    let mut on_change = on_change;
    let refresh = {
        let (spec, seen) = (spec.to_path_buf(), Arc::clone(&seen));
        move || {
            *seen.lock().unwrap_or_else(PoisonError::into_inner) = signature(&spec);
            on_change();
        }
    };
    // Ends by itself when the debouncer and the poll (holding `wake`) are gone.
    std::thread::Builder::new()
        .name("jixiao-watch-refresh".to_owned())
        .spawn(move || coalesce(&woken, QUIET, MAX_WAIT, refresh))
        .map_err(|e| format!("无法监视文件变化：{e}"))?;
    let polling = Arc::new(AtomicBool::new(true));
    {
        let (spec, wake, polling) = (spec.to_path_buf(), wake.clone(), Arc::clone(&polling));
        std::thread::Builder::new()
            .name("jixiao-watch-poll".to_owned())
            .spawn(move || poll(&spec, &wake, &polling, &seen))
            .map_err(|e| format!("无法监视文件变化：{e}"))?;
    }
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            if concerns(&events, &name) {
                // The receiver is gone only when the watch is ending.
                let _ = wake.send(());
            }
        }
        Err(errors) => {
            for e in errors {
                on_error(e.to_string());
            }
        }
    };
    let mut debouncer =
        new_debouncer(NOTIFY_DELAY, None, handler).map_err(|e| format!("无法监视文件变化：{e}"))?;
    debouncer
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|e| format!("无法监视文件夹 {}：{e}", crate::console::show(&folder)))?;
    Ok(SpecWatcher {
        _debouncer: debouncer,
        polling,
    })
}

/// What tells a changed file from the same one without reading it: its type, size, time
/// and (on Unix) identity. `None` while it is not there. Only looked up, never opened, so a
/// FIFO in its place cannot block.
fn signature(spec: &Path) -> Signature {
    let meta = std::fs::metadata(spec).ok()?;
    #[cfg(unix)]
    let identity = {
        use std::os::unix::fs::MetadataExt as _;
        meta.ino() ^ meta.dev().rotate_left(32)
    };
    #[cfg(not(unix))]
    let identity = 0;
    Some((meta.is_file(), meta.len(), meta.modified().ok(), identity))
}

/// The file's signature (see [`signature`]).
type Signature = Option<(bool, u64, Option<std::time::SystemTime>, u64)>;

/// Wakes the refresh whenever the spec differs from what the last refresh found and the
/// system said nothing (a refresh it caused already took it in), until the watch is dropped.
fn poll(spec: &Path, wake: &Sender<()>, polling: &AtomicBool, seen: &Mutex<Signature>) {
    while polling.load(Ordering::Relaxed) {
        std::thread::sleep(POLL);
        let now = signature(spec);
        let changed = *seen.lock().unwrap_or_else(PoisonError::into_inner) != now;
        if changed && wake.send(()).is_err() {
            return;
        }
    }
}

/// Runs `on_change` once per burst of wakes: when `quiet` has passed since the last one,
/// or `max_wait` since the first (a file written without pause is still followed). Returns
/// when the sending side is gone.
fn coalesce(
    woken: &Receiver<()>,
    quiet: Duration,
    max_wait: Duration,
    mut on_change: impl FnMut(),
) {
    while woken.recv().is_ok() {
        let first = Instant::now();
        let mut open = true;
        while open {
            let left = max_wait.saturating_sub(first.elapsed());
            if left.is_zero() {
                break;
            }
            match woken.recv_timeout(quiet.min(left)) {
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => open = false,
            }
        }
        on_change();
        if !open {
            return;
        }
    }
}

/// Whether a burst of events in the spec's folder changed the spec: other files there
/// (an editor's backup `表.toml~`, vim's `4913`, the exported PDF) are not its business,
/// and neither is anyone opening or reading it.
fn concerns(events: &[DebouncedEvent], name: &OsString) -> bool {
    events.iter().any(|e| {
        let changes = match e.event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        changes
            && e.event
                .paths
                .iter()
                .any(|p| p.file_name().is_some_and(|n| n == name.as_os_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::Event;
    use notify_debouncer_full::notify::event::{CreateKind, ModifyKind, RenameMode};
    use std::sync::mpsc;
    use std::time::Instant;

    fn event(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        DebouncedEvent::new(e, Instant::now())
    }

    fn modified(path: &str) -> DebouncedEvent {
        event(EventKind::Modify(ModifyKind::Any), &[path])
    }

    #[test]
    fn only_changes_of_the_spec_itself_count() {
        let name = OsString::from("表.toml");
        assert!(concerns(
            &[modified("/d/表.toml~"), modified("/d/表.toml")],
            &name
        ));
        assert!(!concerns(
            &[modified("/d/表.toml~"), modified("/d/4913")],
            &name
        ));
        assert!(!concerns(&[modified("/d")], &name));
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let write = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let create = EventKind::Create(CreateKind::File);
        assert!(!concerns(
            &[event(open, &["/d/表.toml"]), event(read, &["/d/表.toml"])],
            &name
        ));
        assert!(concerns(&[event(write, &["/d/表.toml"])], &name));
        assert!(concerns(
            &[event(rename, &["/d/.表.toml.swp", "/d/表.toml"])],
            &name
        ));
        assert!(concerns(&[event(create, &["/d/表.toml"])], &name));
    }

    /// Wakes sent at the given offsets (ms); returns the offsets (ms) of each `on_change`.
    fn coalesced(wakes: &[u64], quiet: u64, max_wait: u64) -> Vec<u128> {
        let (tx, rx) = mpsc::channel();
        let start = Instant::now();
        let runs = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = std::sync::Arc::clone(&runs);
        let worker = std::thread::spawn(move || {
            coalesce(
                &rx,
                Duration::from_millis(quiet),
                Duration::from_millis(max_wait),
                move || seen.lock().expect("lock").push(start.elapsed().as_millis()),
            );
        });
        for &at in wakes {
            let due = Duration::from_millis(at);
            std::thread::sleep(due.saturating_sub(start.elapsed()));
            tx.send(()).expect("send");
        }
        std::thread::sleep(Duration::from_millis(quiet * 3));
        drop(tx);
        worker.join().expect("worker");
        runs.lock().expect("lock").clone()
    }

    #[test]
    fn a_burst_of_writes_is_read_once_after_the_last() {
        // Three writes 40 ms apart: one read, a quiet time after the last.
        let runs = coalesced(&[0, 40, 80], 100, 2000);
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert!(runs[0] >= 180, "read before the burst ended: {runs:?}");
        // Two bursts far apart: two reads.
        let runs = coalesced(&[0, 20, 400, 420], 100, 2000);
        assert_eq!(runs.len(), 2, "{runs:?}");
    }

    #[test]
    fn a_file_that_never_stops_changing_is_still_read() {
        let wakes: Vec<u64> = (0..40).map(|i| i * 25).collect();
        let runs = coalesced(&wakes, 100, 300);
        assert!(runs.len() >= 3, "{runs:?}");
        assert!(runs[0] < 450, "first read too late: {runs:?}");
    }

    #[test]
    fn a_save_by_rename_and_a_double_write_each_wake_it_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dir = dir.path().canonicalize().expect("canonical");
        let spec = dir.join("表.toml");
        std::fs::write(&spec, "year = 2021\n").expect("write");
        let (tx, rx) = mpsc::channel();
        let _w = watch(&spec, move || tx.send(()).expect("send"), |_| {}).expect("watch");
        let quiet = (NOTIFY_DELAY + QUIET) * 3;
        // Nothing about the spec, or only reading it: no wake.
        std::fs::write(dir.join("别的.txt"), "x").expect("write other");
        std::fs::read_to_string(&spec).expect("read spec");
        assert!(rx.recv_timeout(quiet).is_err());
        // Written twice, a moment apart, as some editors do: one wake.
        std::fs::write(&spec, "").expect("truncate");
        std::thread::sleep(Duration::from_millis(60));
        std::fs::write(&spec, "year = 2022\n").expect("write");
        rx.recv_timeout(Duration::from_secs(5)).expect("woken");
        assert!(rx.recv_timeout(quiet).is_err(), "woken twice");
        // Saved by rename, as many editors do.
        let tmp = dir.join(".表.toml.swp");
        std::fs::write(&tmp, "year = 2023\n").expect("write tmp");
        std::fs::rename(&tmp, &spec).expect("rename");
        rx.recv_timeout(Duration::from_secs(5))
            .expect("woken by rename");
        // Deleted, then back.
        std::fs::remove_file(&spec).expect("remove");
        rx.recv_timeout(Duration::from_secs(5))
            .expect("woken by removal");
        std::fs::write(&spec, "year = 2024\n").expect("write back");
        rx.recv_timeout(Duration::from_secs(5))
            .expect("woken by return");
    }
}
