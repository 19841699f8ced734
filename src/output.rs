//! Writing outputs so nothing is ever half-written: a temporary file in the target folder,
//! flushed, then renamed over the destination.

use std::io::Write;
use std::path::Path;

use thiserror::Error;

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
/// On Linux the data goes into an unnamed `O_TMPFILE` first, so a process killed while
/// writing leaves nothing behind in the folder; elsewhere a hidden `.jixiao-*.tmp` file is
/// used and removed on every error path.
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
    if let Some(result) = linux::write_unnamed(dir, path, bytes, overwrite) {
        return result.map_err(|e| classify(e, &shown, &dir_shown));
    }
    write_named(dir, path, bytes, overwrite).map_err(|e| classify(e, &shown, &dir_shown))
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
fn write_named(dir: &Path, path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".jixiao-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
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
    ) -> Option<std::io::Result<()>> {
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(CWD, dir, flags, Mode::from_raw_mode(0o644)).ok()?;
        let mut file = std::fs::File::from(fd);
        let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        if !Path::new(&proc_path).exists() {
            return None;
        }
        Some((|| {
            file.write_all(bytes)?;
            file.sync_all()?;
            if !overwrite {
                // linkat fails with EEXIST if the target appeared: atomic no-clobber.
                return link(&proc_path, path);
            }
            let tmp = dir.join(format!(
                ".jixiao-{}-{}.tmp",
                std::process::id(),
                unique_suffix()
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

    fn unique_suffix() -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        NEXT.fetch_add(1, Ordering::Relaxed)
    }
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
        write_named(p.parent().unwrap(), &p, b"four", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"four");
        assert!(write_named(p.parent().unwrap(), &p, b"five", false).is_err());
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
}
