//! Watching the spec: its folder, not the file, so that a save by rename (write a temporary
//! file, rename it over the spec) and a spec that comes back after being deleted are both
//! seen. Events are debounced: an editor that writes twice in a row wakes the preview once.
//! Opening and reading the file are not changes: the preview reads the spec on every
//! refresh, and counting its own reads would wake it again and again.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

/// Quiet time after the last event before the spec is read again: long enough to join an
/// editor's truncate-then-write, short enough for the page to follow within a second.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// A running watch; it stops when dropped.
pub struct SpecWatcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Starts watching `spec` (an absolute path); `on_change` runs on the watcher's thread
/// after each burst of events about the spec, and `on_error` when the system reports one.
pub fn watch(
    spec: &Path,
    mut on_change: impl FnMut() + Send + 'static,
    mut on_error: impl FnMut(String) + Send + 'static,
) -> Result<SpecWatcher, String> {
    let folder = spec
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = spec.file_name().map(OsString::from).unwrap_or_default();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            if concerns(&events, &name) {
                on_change();
            }
        }
        Err(errors) => {
            for e in errors {
                on_error(e.to_string());
            }
        }
    };
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, handler).map_err(|e| format!("无法监视文件变化：{e}"))?;
    debouncer
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|e| format!("无法监视文件夹 {}：{e}", folder.display()))?;
    Ok(SpecWatcher {
        _debouncer: debouncer,
    })
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

    #[test]
    fn a_save_by_rename_and_a_double_write_each_wake_it_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dir = dir.path().canonicalize().expect("canonical");
        let spec = dir.join("表.toml");
        std::fs::write(&spec, "year = 2021\n").expect("write");
        let (tx, rx) = mpsc::channel();
        let _w = watch(&spec, move || tx.send(()).expect("send"), |_| {}).expect("watch");
        let quiet = DEBOUNCE * 6;
        // Nothing about the spec, or only reading it: no wake.
        std::fs::write(dir.join("别的.txt"), "x").expect("write other");
        std::fs::read_to_string(&spec).expect("read spec");
        assert!(rx.recv_timeout(quiet).is_err());
        // Written twice at once: one wake.
        std::fs::write(&spec, "").expect("truncate");
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
