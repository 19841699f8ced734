//! Writing outputs so nothing is ever half-written: a temporary file in the target folder,
//! flushed, then renamed over the destination.

use std::io::Write;
use std::path::Path;

use thiserror::Error;

pub mod batch;

/// Why an output could not be written.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The destination exists and overwriting was not allowed.
    #[error("{path}: 文件已存在；如需覆盖请加 --force")]
    Exists {
        /// Destination.
        path: String,
    },
    /// Creating, writing or renaming failed.
    #[error("{path}: 无法写入文件夹 {dir}：{reason}", reason = crate::io_text::reason(.source))]
    Io {
        /// Destination.
        path: String,
        /// The folder that could not be written.
        dir: String,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` atomically. With `overwrite == false` an existing file is kept
/// and an error returned (the check and the link are one step, so no race can clobber it).
///
/// A replaced file keeps its permissions (a clerk's mode-600 PDF stays private).
///
/// On Linux the data goes into an unnamed `O_TMPFILE` first, so a process killed while
/// writing leaves nothing behind in the folder; only a kill in the instant between naming
/// that file `.jixiao-PID-N.tmp` and renaming it over the destination can leave one, and
/// the next write into that folder removes it (see [`clean_stale`]). Elsewhere a hidden
/// `.jixiao-*.tmp` file is used and removed on every error path.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    let shown = crate::console::show(path);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir_shown = crate::console::show(dir);
    std::fs::create_dir_all(dir).map_err(|e| {
        // A file where a folder should be is reported as "exists": say what is in the way.
        let e = match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                std::io::Error::from(std::io::ErrorKind::NotADirectory)
            }
            _ => e,
        };
        classify(e, &shown, &dir_shown)
    })?;
    #[cfg(target_os = "linux")]
    linux::clean_stale(dir);
    // The permissions of the file being replaced, given to its replacement.
    let keep = overwrite
        .then(|| std::fs::metadata(path).ok())
        .flatten()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.permissions());
    #[cfg(target_os = "linux")]
    if let Some(result) = linux::write_unnamed(dir, path, bytes, overwrite, keep.clone()) {
        return result.map_err(|e| classify(e, &shown, &dir_shown));
    }
    write_named(dir, path, bytes, overwrite, keep).map_err(|e| classify(e, &shown, &dir_shown))
}

fn classify(e: std::io::Error, shown: &str, dir: &str) -> WriteError {
    // "Not found" while the folder exists: the folder cannot hold files (like /proc).
    let e = if e.kind() == std::io::ErrorKind::NotFound && Path::new(dir).is_dir() {
        std::io::Error::from(std::io::ErrorKind::Unsupported)
    } else {
        e
    };
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        WriteError::Exists {
            path: shown.to_owned(),
        }
    } else {
        WriteError::Io {
            path: shown.to_owned(),
            dir: dir.to_owned(),
            source: e,
        }
    }
}

/// The portable path: a named temporary file beside the target, then rename.
fn write_named(
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    overwrite: bool,
    keep: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".jixiao-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    if let Some(perms) = keep {
        tmp.as_file().set_permissions(perms)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if overwrite {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
mod linux {
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags};

    /// `None` when the file system has no `O_TMPFILE` (then the caller falls back).
    pub(super) fn write_unnamed(
        dir: &Path,
        path: &Path,
        bytes: &[u8],
        overwrite: bool,
        keep: Option<std::fs::Permissions>,
    ) -> Option<std::io::Result<()>> {
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(CWD, dir, flags, Mode::from_raw_mode(0o644)).ok()?;
        let mut file = std::fs::File::from(fd);
        let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        if !Path::new(&proc_path).exists() {
            return None;
        }
        Some((|| {
            if let Some(perms) = keep {
                file.set_permissions(perms)?;
            }
            file.write_all(bytes)?;
            file.sync_all()?;
            if !overwrite {
                // linkat fails with EEXIST if the target appeared: atomic no-clobber.
                return link(&proc_path, path);
            }
            let tmp = dir.join(format!(
                ".jixiao-{}-{}.tmp",
                std::process::id(),
                super::unique_suffix()
            ));
            link(&proc_path, &tmp)?;
            std::fs::rename(&tmp, path).inspect_err(|_| {
                let _ = std::fs::remove_file(&tmp);
            })
        })())
    }

    fn link(from: &str, to: &Path) -> std::io::Result<()> {
        rustix::fs::linkat(CWD, from, CWD, to, AtFlags::SYMLINK_FOLLOW).map_err(Into::into)
    }

    /// Removes this folder's `.jixiao-PID-N.tmp` files left by a jixiao that was killed
    /// between naming its temporary file and renaming it: only regular files of that exact
    /// pattern, owned by the current user, whose process is gone. Each folder is looked at
    /// once per run, so a batch of 2,000 outputs into one folder reads it once.
    pub(super) fn clean_stale(dir: &Path) {
        use std::collections::HashSet;
        use std::os::unix::fs::MetadataExt as _;
        use std::sync::{Mutex, PoisonError};
        static SEEN: Mutex<Option<HashSet<std::path::PathBuf>>> = Mutex::new(None);
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        {
            let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
            if !seen.get_or_insert_with(HashSet::new).insert(key) {
                return;
            }
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let uid = rustix::process::getuid().as_raw();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(stale_pid) else {
                continue;
            };
            let ours = entry
                .metadata()
                .is_ok_and(|m| m.file_type().is_file() && m.uid() == uid);
            let alive = Path::new(&format!("/proc/{pid}")).exists();
            if ours && !alive {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// The process id in a name of the exact pattern `.jixiao-PID-N.tmp`.
    pub(super) fn stale_pid(name: &str) -> Option<u32> {
        let middle = name.strip_prefix(".jixiao-")?.strip_suffix(".tmp")?;
        let (pid, n) = middle.split_once('-')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (digits(pid) && digits(n))
            .then(|| pid.parse().ok())
            .flatten()
    }
}

/// A number no other temporary file of this process has: the `N` of `.jixiao-PID-N.tmp`.
fn unique_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("子目录").join("表.toml");
        write_atomic(&p, b"one", false).unwrap();
        assert!(matches!(
            write_atomic(&p, b"two", false),
            Err(WriteError::Exists { .. })
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"three", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        write_named(p.parent().unwrap(), &p, b"four", true, None).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"four");
        assert!(write_named(p.parent().unwrap(), &p, b"five", false, None).is_err());
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .collect();
        assert!(leftovers.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("表.pdf");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&p, b"new", true).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        write_named(
            dir.path(),
            &p,
            b"newer",
            true,
            Some(std::fs::Permissions::from_mode(0o640)),
        )
        .unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temporary_files_of_dead_processes_are_removed() {
        assert_eq!(linux::stale_pid(".jixiao-12-0.tmp"), Some(12));
        for other in [
            ".jixiao-abc.tmp",
            ".jixiao-1-.tmp",
            "jixiao-1-2.tmp",
            ".jixiao-1-2.tmpx",
        ] {
            assert_eq!(linux::stale_pid(other), None, "{other}");
        }
        let dir = tempfile::tempdir().unwrap();
        // Beyond Linux's largest pid (4,194,304): no such process can be running.
        let dead = dir.path().join(".jixiao-999999999-0.tmp");
        let live = dir
            .path()
            .join(format!(".jixiao-{}-0.tmp", std::process::id()));
        let other = dir.path().join(".jixiao-other.tmp");
        for p in [&dead, &live, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        write_atomic(&dir.path().join("a.pdf"), b"x", true).unwrap();
        assert!(!dead.exists());
        assert!(live.exists() && other.exists());
    }
}
