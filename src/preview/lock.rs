//! One `watch` per spec: an advisory lock on a lock file named after the spec's canonical
//! path, in a folder of the user's own (never beside the clerk's spec, never in the shared
//! temporary folder where another user could plant a link in its place). The lock goes
//! with the process, however it ends, so a crashed preview never blocks the next one.
//!
//! The folder is the user's runtime folder (`$XDG_RUNTIME_DIR/jixiao-watch`), else their
//! cache folder (`~/.cache/jixiao/watch`, `%LOCALAPPDATA%\jixiao\watch`). It is created
//! private (0700) and used only while it is a real folder owned by the user and closed to
//! others; the lock file is opened without following links and must be a regular file of
//! the user's. Anything else is refused with a message, never written through.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another preview holds it; its address, when it wrote one.
    Busy(Option<String>),
    /// The lock file could not be opened or locked.
    Io(PathBuf, std::io::Error),
    /// The lock's folder or file is not what this user made: a link, someone else's, or
    /// open to others. Nothing was written.
    Unsafe(PathBuf, &'static str),
}

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct SpecLock {
    file: File,
}

impl SpecLock {
    /// Takes the lock of a spec given by its canonical path, without waiting.
    pub fn acquire(canonical: &Path) -> Result<Self, LockError> {
        let dir = lock_dir().map_err(|e| LockError::Io(PathBuf::from("jixiao-watch"), e))?;
        Self::acquire_in(&dir, canonical)
    }

    fn acquire_in(dir: &Path, canonical: &Path) -> Result<Self, LockError> {
        let path = dir.join(format!("{:016x}.lock", fnv1a(canonical)));
        let io = |e| LockError::Io(path.clone(), e);
        private_dir(dir)?;
        let mut file = open_lock_file(&path).map_err(|e| {
            if is_link_refusal(&e) {
                LockError::Unsafe(path.clone(), "是一个链接")
            } else {
                io(e)
            }
        })?;
        check_own_file(&file, &path)?;
        match file.try_lock() {
            Ok(()) => Ok(Self { file }),
            Err(TryLockError::WouldBlock) => {
                let mut url = String::new();
                // Windows locks forbid reading too: then the address is not known.
                let known = file.read_to_string(&mut url).is_ok() && url.starts_with("http");
                Err(LockError::Busy(known.then(|| url.trim().to_owned())))
            }
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// Writes the preview's address into the lock file, for a second `watch` to name it.
    pub fn record(&mut self, url: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.rewind()?;
        self.file.write_all(url.as_bytes())?;
        self.file.flush()
    }
}

/// The user's own folder for the locks (see the module's notes).
fn lock_dir() -> std::io::Result<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if cfg!(windows) {
        return var("LOCALAPPDATA")
            .map(|p| p.join("jixiao").join("watch"))
            .ok_or_else(|| std::io::Error::other("没有设置 LOCALAPPDATA"));
    }
    if let Some(runtime) = var("XDG_RUNTIME_DIR") {
        return Ok(runtime.join("jixiao-watch"));
    }
    if let Some(cache) = var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|h| h.join(".cache"))) {
        return Ok(cache.join("jixiao").join("watch"));
    }
    // No home at all (a service account): a folder named for the user in the temporary
    // folder, which the checks below refuse if another user made it first.
    Ok(std::env::temp_dir().join(format!("jixiao-watch-{}", user_id())))
}

#[cfg(target_os = "linux")]
fn user_id() -> u32 {
    rustix::process::getuid().as_raw()
}

#[cfg(not(target_os = "linux"))]
fn user_id() -> u32 {
    0
}

/// Creates `dir` (private) if need be, then makes sure it is a real folder of this user's
/// that no one else can enter.
fn private_dir(dir: &Path) -> Result<(), LockError> {
    let io = |e| LockError::Io(dir.to_path_buf(), e);
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io)?;
    let meta = std::fs::symlink_metadata(dir).map_err(io)?;
    if meta.file_type().is_symlink() {
        return Err(LockError::Unsafe(dir.to_path_buf(), "是一个链接"));
    }
    if !meta.is_dir() {
        return Err(LockError::Unsafe(dir.to_path_buf(), "不是文件夹"));
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt as _;
        if meta.uid() != user_id() {
            return Err(LockError::Unsafe(dir.to_path_buf(), "属于另一个用户"));
        }
        if meta.mode() & 0o077 != 0 {
            return Err(LockError::Unsafe(dir.to_path_buf(), "其他用户也可以访问"));
        }
    }
    Ok(())
}

/// Opens (or creates, private) the lock file, never through a link, never truncating: the
/// file may be another preview's, holding its address.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        let flags = rustix::fs::OFlags::NOFOLLOW.bits() | rustix::fs::OFlags::NONBLOCK.bits();
        // The flags' bits fit an i32; the conversion cannot fail.
        options
            .mode(0o600)
            .custom_flags(i32::try_from(flags).unwrap_or(0));
    }
    options.open(path)
}

/// `O_NOFOLLOW` on a link fails with `ELOOP`.
fn is_link_refusal(e: &std::io::Error) -> bool {
    cfg!(target_os = "linux") && e.raw_os_error() == Some(40)
}

/// The open lock file must be a regular file of this user's (a FIFO or a device planted
/// under the name is refused before anything is written).
fn check_own_file(file: &File, path: &Path) -> Result<(), LockError> {
    let meta = file
        .metadata()
        .map_err(|e| LockError::Io(path.to_path_buf(), e))?;
    if !meta.is_file() {
        return Err(LockError::Unsafe(path.to_path_buf(), "不是普通文件"));
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt as _;
        if meta.uid() != user_id() {
            return Err(LockError::Unsafe(path.to_path_buf(), "属于另一个用户"));
        }
    }
    Ok(())
}

/// FNV-1a over the path's bytes: a name that stays the same across builds and versions,
/// unlike std's hasher, so two different jixiao builds still exclude each other.
fn fnv1a(path: &Path) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in path.as_os_str().as_encoded_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private(dir: &tempfile::TempDir) -> PathBuf {
        let locks = dir.path().join("jixiao-watch");
        private_dir(&locks).expect("private folder");
        locks
    }

    #[test]
    fn a_second_lock_on_the_same_spec_is_refused_with_the_first_address() {
        let dir = tempfile::tempdir().expect("tempdir");
        let locks = private(&dir);
        let spec = Path::new("/data/表.toml");
        let mut first = SpecLock::acquire_in(&locks, spec).expect("first lock");
        first.record("http://127.0.0.1:9/").expect("record");
        match SpecLock::acquire_in(&locks, spec) {
            Err(LockError::Busy(url)) => {
                if cfg!(unix) {
                    assert_eq!(url.as_deref(), Some("http://127.0.0.1:9/"));
                }
            }
            other => panic!("expected busy, got {other:?}"),
        }
        // Another spec is not affected; the first one is free again once dropped.
        assert!(SpecLock::acquire_in(&locks, Path::new("/data/另一个.toml")).is_ok());
        drop(first);
        assert!(SpecLock::acquire_in(&locks, spec).is_ok());
    }

    #[test]
    fn names_are_stable() {
        assert_eq!(fnv1a(Path::new("")), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv1a(Path::new("/a.toml")), fnv1a(Path::new("/b.toml")));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_folder_is_created_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let locks = private(&dir);
        let mode = std::fs::metadata(&locks)
            .expect("made")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_planted_link_is_refused_and_its_target_untouched() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let locks = private(&dir);
        let spec = Path::new("/data/表.toml");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"secret").expect("write");
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let lock = locks.join(format!("{:016x}.lock", fnv1a(spec)));
        std::os::unix::fs::symlink(&victim, &lock).expect("plant");
        match SpecLock::acquire_in(&locks, spec) {
            Err(LockError::Unsafe(p, why)) => {
                assert_eq!(p, lock);
                assert_eq!(why, "是一个链接");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(std::fs::read(&victim).expect("read"), b"secret");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_that_is_a_link_or_open_to_others_is_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).expect("mkdir");
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o700))
            .expect("chmod");
        let linked = dir.path().join("linked");
        std::os::unix::fs::symlink(&elsewhere, &linked).expect("link");
        let spec = Path::new("/data/表.toml");
        assert!(matches!(
            SpecLock::acquire_in(&linked, spec),
            Err(LockError::Unsafe(_, "是一个链接"))
        ));
        let open = dir.path().join("open");
        std::fs::create_dir(&open).expect("mkdir");
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        assert!(matches!(
            SpecLock::acquire_in(&open, spec),
            Err(LockError::Unsafe(_, "其他用户也可以访问"))
        ));
        let fifo = elsewhere.join(format!("{:016x}.lock", fnv1a(spec)));
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        assert!(matches!(
            SpecLock::acquire_in(&elsewhere, spec),
            Err(LockError::Unsafe(_, "不是普通文件"))
        ));
    }
}
