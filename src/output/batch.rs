//! Writing the many outputs of one run together: every output goes to its own temporary
//! file first, which background threads flush to disk while the run renders on; when all
//! are durable, each is renamed over its destination. A crash at any moment leaves each
//! destination either the old file or the new complete one, as [`super::write_atomic`]
//! does for one file, but the folders are created once per run, and the waits for the
//! disk overlap the rendering and each other instead of coming one file after another.
//!
//! The temporary files are named `.jixiao-PID-N.tmp`, the pattern that the stale-file
//! sweep of `super::write_atomic` removes once their process is gone, so a batch killed
//! before its renames leaves nothing that the next run into that folder does not clear.
//!
//! Measured on a 2-core machine (batch of 200, tools/bench-pdf.sh), renaming each file
//! right after its own flush instead of after all of them gained nothing beyond the noise.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use super::{WriteError, classify};

/// The output folders of a run, each created (and cleared of stale temporary files) once,
/// when the first output into it is staged: a run whose specs all have errors creates none.
#[derive(Debug, Default)]
pub struct Folders {
    /// Folder → the OS error that kept it from being created, if any.
    made: Mutex<HashMap<PathBuf, Option<Failure>>>,
    /// Flushes the staged files.
    flusher: Mutex<Flusher>,
}

/// A file handed to the flushers, with its number.
type Job = (usize, std::fs::File);

/// What one flusher did: each file's number and how its flush went.
type Flushed = Vec<(usize, std::io::Result<()>)>;

/// Threads that flush staged files to disk while the run goes on rendering: most of an
/// `fsync` is waiting for the disk, time the CPU spends on the next documents instead.
/// Up to [`FLUSHERS`] threads (the file system joins concurrent flushes into one journal
/// commit), started as the first files come.
#[derive(Debug, Default)]
struct Flusher {
    queue: Option<SyncSender<Job>>,
    jobs: Option<Arc<Mutex<Receiver<Job>>>>,
    threads: Vec<JoinHandle<Flushed>>,
    /// Files handed over so far; the next file's number.
    sent: usize,
    /// The files flushed by the staging thread itself, when no flusher could take them.
    flushed_here: Flushed,
}

/// Threads that flush, and that rename at the end.
const FLUSHERS: usize = 16;

/// Files written but not yet flushed, at most: a staging thread waits when the flushers
/// are this far behind, so a batch of thousands never holds thousands of files open.
const QUEUED: usize = 64;

impl Flusher {
    /// Hands an open temporary file over to be flushed; its number in [`Flusher::finish`].
    fn send(&mut self, file: std::fs::File) -> usize {
        let id = self.sent;
        self.sent += 1;
        if self.queue.is_none() {
            let (queue, jobs) = std::sync::mpsc::sync_channel(QUEUED);
            self.queue = Some(queue);
            self.jobs = Some(Arc::new(Mutex::new(jobs)));
        }
        if self.threads.len() < FLUSHERS
            && let Some(jobs) = &self.jobs
        {
            let jobs = Arc::clone(jobs);
            if let Ok(t) = std::thread::Builder::new().spawn(move || flush(&jobs)) {
                self.threads.push(t);
            }
        }
        match &self.queue {
            Some(queue) if !self.threads.is_empty() => {
                if let Err(returned) = queue.send((id, file)) {
                    // Every flusher is gone (panicked): flush here.
                    let (id, file) = returned.0;
                    self.flushed_here.push((id, file.sync_all()));
                }
            }
            // No thread could be started: flush here, which costs only time.
            _ => self.flushed_here.push((id, file.sync_all())),
        }
        id
    }

    /// Waits for every flush; the result of each file by its number.
    fn finish(mut self) -> Vec<std::io::Result<()>> {
        self.queue = None;
        let mut results: Vec<Option<std::io::Result<()>>> = Vec::new();
        results.resize_with(self.sent, || None);
        // A thread that panicked leaves its files unflushed: they fail below.
        let flushed = self
            .threads
            .drain(..)
            .flat_map(|t| t.join().unwrap_or_default())
            .chain(self.flushed_here.drain(..));
        for (id, done) in flushed {
            results[id] = Some(done);
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(std::io::Error::other("未能写入磁盘"))))
            .collect()
    }
}

/// One flushing thread: flushes the files it is handed until the queue closes.
fn flush(jobs: &Mutex<Receiver<Job>>) -> Flushed {
    let mut done = Vec::new();
    loop {
        // The lock is held only while waiting for a file, not while flushing it.
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok((id, file)) = job else { break done };
        done.push((id, file.sync_all()));
    }
}

/// An OS error kept to be reported again for each output of its folder (`io::Error` is not
/// `Clone`): its kind, and its OS code when it has one.
type Failure = (std::io::ErrorKind, Option<i32>);

/// One output written to its temporary file, waiting for [`Folders::commit`].
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
    /// Its number with the flusher.
    id: usize,
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
        let file = write_new(&tmp, bytes)
            .inspect_err(|_| {
                let _ = std::fs::remove_file(&tmp);
            })
            .map_err(fail)?;
        let id = self
            .flusher
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(file);
        Ok(Staged {
            tmp,
            dest: dest.to_path_buf(),
            id,
        })
    }

    /// Waits until every staged file is durable, then renames each over its destination;
    /// one result per staged file, in order. A file whose data could not be made durable
    /// is not renamed (its destination keeps the old file) and its temporary file is
    /// removed.
    pub fn commit(self, staged: Vec<Staged>) -> Vec<Result<PathBuf, WriteError>> {
        let flusher = self
            .flusher
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let flushed = flusher.finish();
        // Renamed from several threads too: replacing a file frees the old one's blocks,
        // which waits on the file system's journal, mostly outside the folder's lock.
        let renamed = in_parallel(&staged, |s| {
            match flushed.get(s.id) {
                Some(Ok(())) => {}
                Some(Err(e)) => return Err(std::io::Error::new(e.kind(), e.to_string())),
                None => return Err(std::io::Error::other("未能写入磁盘")),
            }
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

/// The new temporary file, written and still open (for writing: Windows flushes only a
/// handle that may write).
fn write_new(tmp: &Path, bytes: &[u8]) -> std::io::Result<std::fs::File> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?;
    file.write_all(bytes)?;
    Ok(file)
}

/// Gives the temporary file the permissions of the file it replaces (a clerk's mode-600
/// PDF stays private). Done here, among the waiting steps, rather than while rendering.
fn keep_permissions(tmp: &Path, dest: &Path) -> std::io::Result<()> {
    match std::fs::metadata(dest) {
        Ok(old) if old.is_file() => std::fs::set_permissions(tmp, old.permissions()),
        _ => Ok(()),
    }
}

/// `step` on every staged file from up to [`FLUSHERS`] threads at once, one result per
/// file, in order. Most of a file system call here is waiting, so more threads than cores
/// pay off.
fn in_parallel<F>(staged: &[Staged], step: F) -> Vec<std::io::Result<()>>
where
    F: Fn(&Staged) -> std::io::Result<()> + Sync,
{
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(s) = staged.get(i) else { break done };
            done.push((i, step(s)));
        }
    };
    let threads = staged.len().min(FLUSHERS);
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
        let done: Vec<PathBuf> = folders
            .commit(staged)
            .into_iter()
            .map(Result::unwrap)
            .collect();
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
        let folders = Folders::new();
        let staged = folders.stage(&p, b"new").unwrap();
        folders.commit(vec![staged]).pop().unwrap().unwrap();
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
        assert!(folders.commit(vec![ok]).pop().unwrap().is_ok());
    }

    #[test]
    fn a_failed_rename_removes_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("表.pdf");
        let folders = Folders::new();
        let staged = folders.stage(&p, b"new").unwrap();
        // A folder where the file should go: the rename cannot replace it.
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("占位"), b"x").unwrap();
        assert!(folders.commit(vec![staged]).pop().unwrap().is_err());
        assert!(leftovers(dir.path()).is_empty());
    }
}
