//! Writing the many outputs of one run together: every output goes to its own temporary
//! file first, then all of them are made durable in one go, then each is renamed over its
//! destination. A crash at any moment leaves each destination either the old file or the
//! new complete one, as [`super::write_atomic`] does for one file, but the costly steps
//! (creating the folder, waiting for the disk) happen once per run instead of once per file.
//!
//! The temporary files are named `.jixiao-PID-N.tmp`, the pattern that
//! [`super::clean_stale`] removes once their process is gone, so a batch killed before its
//! renames leaves nothing that the next run into that folder does not clear away.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::{WriteError, classify};

/// The output folders of a run, each created (and cleared of stale temporary files) once,
/// when the first output into it is staged: a run whose specs all have errors creates none.
#[derive(Debug, Default)]
pub struct Folders {
    /// Folder → the OS error that kept it from being created, if any.
    made: Mutex<HashMap<PathBuf, Option<Failure>>>,
}

/// An OS error kept to be reported again for each output of its folder (`io::Error` is not
/// `Clone`): its kind, and its OS code when it has one.
type Failure = (std::io::ErrorKind, Option<i32>);

/// One output written to its temporary file, waiting for [`commit`].
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
}

/// The folder a destination is written into (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

impl Folders {
    /// No folder created yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates `dir` unless an earlier output did; the error of its creation, every time.
    fn ensure(&self, dir: &Path) -> std::io::Result<()> {
        let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        let failed = made.entry(dir.to_path_buf()).or_insert_with(|| {
            let failed = std::fs::create_dir_all(dir).err().map(|e| match e.kind() {
                // A file where a folder should be is reported as "exists": say what is
                // in the way.
                std::io::ErrorKind::AlreadyExists => (std::io::ErrorKind::NotADirectory, None),
                kind => (kind, e.raw_os_error()),
            });
            #[cfg(target_os = "linux")]
            if failed.is_none() {
                super::linux::clean_stale(dir);
            }
            failed
        });
        match *failed {
            None => Ok(()),
            Some((_, Some(raw))) => Err(std::io::Error::from_raw_os_error(raw)),
            Some((kind, None)) => Err(std::io::Error::from(kind)),
        }
    }

    /// Writes `bytes` to a temporary file beside `dest`, not yet durable and not yet named
    /// `dest`.
    pub fn stage(&self, dest: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
        let dir = folder_of(dest);
        let fail = |e: std::io::Error| {
            classify(e, &crate::console::show(dest), &crate::console::show(dir))
        };
        self.ensure(dir).map_err(fail)?;
        let tmp = dir.join(temp_name());
        write_new(&tmp, bytes)
            .inspect_err(|_| {
                let _ = std::fs::remove_file(&tmp);
            })
            .map_err(fail)?;
        Ok(Staged {
            tmp,
            dest: dest.to_path_buf(),
        })
    }
}

/// `.jixiao-PID-N.tmp`: unique within the process, and recognisable as stale once the
/// process is gone.
fn temp_name() -> String {
    format!(
        ".jixiao-{}-{}.tmp",
        std::process::id(),
        super::unique_suffix()
    )
}

fn write_new(tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?
        .write_all(bytes)
}

/// Makes every staged file durable, then renames each over its destination; one result
/// per staged file, in order. A file whose data could not be made durable is not renamed
/// (its destination keeps the old file) and its temporary file is removed.
pub fn commit(staged: Vec<Staged>) -> Vec<Result<PathBuf, WriteError>> {
    let synced = in_parallel(&staged, sync);
    // Renamed from several threads too: replacing a file frees the old one's blocks, which
    // waits on the file system's journal, mostly outside the folder's lock.
    let renamed = in_parallel(&staged, |i, s| {
        synced[i]
            .as_ref()
            .map_err(|e| std::io::Error::new(e.kind(), e.to_string()))?;
        keep_permissions(&s.tmp, &s.dest)?;
        std::fs::rename(&s.tmp, &s.dest)
    });
    staged
        .into_iter()
        .zip(renamed)
        .map(|(s, renamed)| match renamed {
            Ok(()) => Ok(s.dest),
            Err(e) => {
                let _ = std::fs::remove_file(&s.tmp);
                let dir = folder_of(&s.dest);
                Err(classify(
                    e,
                    &crate::console::show(&s.dest),
                    &crate::console::show(dir),
                ))
            }
        })
        .collect()
}

/// Gives the temporary file the permissions of the file it replaces (a clerk's mode-600
/// PDF stays private). Done here, among the waiting steps, rather than while rendering.
fn keep_permissions(tmp: &Path, dest: &Path) -> std::io::Result<()> {
    match std::fs::metadata(dest) {
        Ok(old) if old.is_file() => std::fs::set_permissions(tmp, old.permissions()),
        _ => Ok(()),
    }
}

/// Waits until the data of one staged file is on disk.
fn sync(_: usize, s: &Staged) -> std::io::Result<()> {
    // Opened for writing: Windows flushes only a handle that may write.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&s.tmp)
        .and_then(|f| f.sync_all())
}

/// `step` on every staged file from up to 16 threads at once, one result per file, in
/// order. Most of a file system call here is waiting (the journal joins the flushes of
/// concurrent calls into one commit), so more threads than cores pay off.
fn in_parallel<F>(staged: &[Staged], step: F) -> Vec<std::io::Result<()>>
where
    F: Fn(usize, &Staged) -> std::io::Result<()> + Sync,
{
    const THREADS: usize = 16;
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(s) = staged.get(i) else { break done };
            done.push((i, step(i, s)));
        }
    };
    let threads = staged.len().min(THREADS);
    let pieces: Vec<Vec<(usize, std::io::Result<()>)>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut pieces = vec![work()];
        // A helper that panicked leaves its files undone: they fail below, not the run.
        pieces.extend(helpers.into_iter().filter_map(|h| h.join().ok()));
        pieces
    });
    let mut results: Vec<Option<std::io::Result<()>>> = Vec::new();
    results.resize_with(staged.len(), || None);
    for (i, done) in pieces.into_iter().flatten() {
        results[i] = Some(done);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(std::io::Error::other("未能写入磁盘"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn staged_files_appear_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("甲/表.pdf"), dir.path().join("乙/表.pdf"));
        std::fs::create_dir_all(dir.path().join("甲")).unwrap();
        std::fs::write(&a, b"old").unwrap();
        let folders = Folders::new();
        let staged = vec![
            folders.stage(&a, b"new a").unwrap(),
            folders.stage(&b, b"new b").unwrap(),
        ];
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
        assert!(!b.exists());
        // Named as the stale-file sweep of a later run recognises them.
        #[cfg(target_os = "linux")]
        for s in &staged {
            let name = s.tmp.file_name().unwrap().to_str().unwrap();
            assert_eq!(
                super::super::linux::stale_pid(name),
                Some(std::process::id())
            );
        }
        let done: Vec<PathBuf> = commit(staged).into_iter().map(Result::unwrap).collect();
        assert_eq!(done, [a.clone(), b.clone()]);
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
        assert!(leftovers(&dir.path().join("甲")).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("表.pdf");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        let staged = Folders::new().stage(&p, b"new").unwrap();
        commit(vec![staged]).pop().unwrap().unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_folder_that_cannot_be_made_fails_each_of_its_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("文件");
        std::fs::write(&blocked, b"x").unwrap();
        let folders = Folders::new();
        for name in ["a.pdf", "b.pdf"] {
            let err = folders.stage(&blocked.join(name), b"x").unwrap_err();
            assert!(
                matches!(&err, WriteError::Io { source, .. }
                    if source.kind() == std::io::ErrorKind::NotADirectory),
                "{err:?}"
            );
        }
        // The other folders of the run are not affected.
        let ok = folders.stage(&dir.path().join("好/a.pdf"), b"x").unwrap();
        assert!(commit(vec![ok]).pop().unwrap().is_ok());
    }

    #[test]
    fn a_failed_rename_removes_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("表.pdf");
        let staged = Folders::new().stage(&p, b"new").unwrap();
        // A folder where the file should go: the rename cannot replace it.
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("占位"), b"x").unwrap();
        assert!(commit(vec![staged]).pop().unwrap().is_err());
        assert!(leftovers(dir.path()).is_empty());
    }
}
