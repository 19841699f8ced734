//! One `watch` per spec: an advisory lock on a lock file named after the spec's canonical
//! path, in the temporary folder (never beside the clerk's spec). The lock goes with the
//! process, however it ends, so a crashed preview never blocks the next one.

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
}

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct SpecLock {
    file: File,
}

impl SpecLock {
    /// Takes the lock of a spec given by its canonical path, without waiting.
    pub fn acquire(canonical: &Path) -> Result<Self, LockError> {
        Self::acquire_in(&std::env::temp_dir().join("jixiao-watch"), canonical)
    }

    fn acquire_in(dir: &Path, canonical: &Path) -> Result<Self, LockError> {
        let path = dir.join(format!("{:016x}.lock", fnv1a(canonical)));
        let io = |e| LockError::Io(path.clone(), e);
        std::fs::create_dir_all(dir).map_err(io)?;
        // Not truncated on open: the file may be another preview's, holding its address.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
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

    #[test]
    fn a_second_lock_on_the_same_spec_is_refused_with_the_first_address() {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = Path::new("/data/表.toml");
        let mut first = SpecLock::acquire_in(dir.path(), spec).expect("first lock");
        first.record("http://127.0.0.1:9/").expect("record");
        match SpecLock::acquire_in(dir.path(), spec) {
            Err(LockError::Busy(url)) => {
                if cfg!(unix) {
                    assert_eq!(url.as_deref(), Some("http://127.0.0.1:9/"));
                }
            }
            other => panic!("expected busy, got {other:?}"),
        }
        // Another spec is not affected; the first one is free again once dropped.
        assert!(SpecLock::acquire_in(dir.path(), Path::new("/data/另一个.toml")).is_ok());
        drop(first);
        assert!(SpecLock::acquire_in(dir.path(), spec).is_ok());
    }

    #[test]
    fn names_are_stable() {
        assert_eq!(fnv1a(Path::new("")), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv1a(Path::new("/a.toml")), fnv1a(Path::new("/b.toml")));
    }
}
