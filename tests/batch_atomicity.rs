//! A batch render killed at random moments: every output is then either the old file or the
//! new complete one, never missing, empty or cut short, and the next run clears the killed
//! run's temporary files away.
//!
//! SIGKILL ends the process but keeps the page cache, so this checks the order of the steps
//! (temporary file, then rename), not what a power cut would leave on the disk; that part
//! rests on the data being synced before any rename (`output::batch::commit`).

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SPECS: usize = 12;
const KILLS: usize = 8;

/// The seed with its own department name: `version` tells old specs from new ones.
fn write_specs(dir: &Path, version: &str) {
    let seed = std::fs::read_to_string(support::seed_spec()).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..SPECS {
        let text = seed.replace(
            "福建省红十字会(本级)",
            &format!("福建省第{i}号单位{version}(本级)"),
        );
        std::fs::write(dir.join(format!("单位{i:02}.toml")), text).unwrap();
    }
}

fn render(specs: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.current_dir(support::root())
        .args(["render"])
        .arg(specs)
        .args(["-f", "pdf,html,json", "-o"])
        .arg(format!("{}/", out.display()))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Every file of a folder by name (temporary files included).
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A small generator, seeded from the clock and printed, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Polls the outputs until one of them is no longer the old file (the run has begun its
/// renames) or the run ends; how long that took.
fn wait_for_a_rename(
    out: &Path,
    old: &BTreeMap<String, Vec<u8>>,
    child: &mut std::process::Child,
    started: Instant,
) -> Duration {
    let written: Vec<(PathBuf, std::time::SystemTime)> = old
        .keys()
        .map(|n| {
            let p = out.join(n);
            let t = std::fs::metadata(&p).unwrap().modified().unwrap();
            (p, t)
        })
        .collect();
    loop {
        let replaced = written.iter().any(|(p, t)| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|now| now != *t)
        });
        if replaced || child.try_wait().unwrap().is_some() {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn a_killed_batch_leaves_each_output_old_or_new() {
    let tmp = tempfile::tempdir().unwrap();
    let (old_specs, new_specs) = (tmp.path().join("old"), tmp.path().join("new"));
    write_specs(&old_specs, "甲");
    write_specs(&new_specs, "乙");
    let (old_out, new_out, out) = (
        tmp.path().join("old-out"),
        tmp.path().join("new-out"),
        tmp.path().join("out"),
    );
    assert!(render(&old_specs, &old_out).status().unwrap().success());
    let started = Instant::now();
    assert!(render(&new_specs, &new_out).status().unwrap().success());
    let full_run = started.elapsed();
    let (old, new) = (contents(&old_out), contents(&new_out));
    assert_eq!(old.len(), SPECS * 3);
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &old {
        assert_ne!(
            bytes, &new[name],
            "{name}: the old and new outputs must differ"
        );
    }

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = Lcg(seed);
    let window = full_run.as_micros() as u64 * 11 / 10;
    let mut saw = (0, 0); // outputs found old, found new, over all kills
    let mut mixed = 0; // kills that left some outputs old and some new
    for kill in 0..KILLS {
        std::fs::create_dir_all(&out).unwrap();
        for (name, bytes) in &old {
            std::fs::write(out.join(name), bytes).unwrap();
        }
        let spawned = Instant::now();
        let mut child = render(&new_specs, &out).spawn().unwrap();
        // Half of the kills at any moment of the run, half among the renames: just after
        // the first output is seen replaced.
        let delay = if kill % 2 == 0 {
            let delay = Duration::from_micros(rng.below(window));
            std::thread::sleep(delay);
            delay
        } else {
            let replaced = wait_for_a_rename(&out, &old, &mut child, spawned);
            std::thread::sleep(Duration::from_micros(rng.below(500)));
            replaced
        };
        let _ = child.kill();
        child.wait().unwrap();
        let context = format!("seed {seed}, kill {kill} after {delay:?} of ~{full_run:?}");
        let before = saw;
        for (name, bytes) in contents(&out) {
            if name.starts_with(".jixiao-") && name.ends_with(".tmp") {
                continue;
            }
            let is_old = old.get(&name) == Some(&bytes);
            let is_new = new.get(&name) == Some(&bytes);
            assert!(
                is_old || is_new,
                "{context}: {name} ({} bytes) is neither the old file nor the new one",
                bytes.len()
            );
            saw.0 += usize::from(is_old);
            saw.1 += usize::from(is_new);
        }
        mixed += usize::from(saw.0 > before.0 && saw.1 > before.1);
        let names: Vec<PathBuf> = old.keys().map(|n| out.join(n)).collect();
        for path in names {
            assert!(path.is_file(), "{context}: {} is missing", path.display());
        }
    }
    eprintln!(
        "seed {seed}: {} outputs found old, {} new after {KILLS} kills ({mixed} left a mix)",
        saw.0, saw.1
    );
    assert!(saw.1 > 0, "seed {seed}: no kill came after a rename");

    // A run to the end leaves the new outputs and nothing else: the killed runs' temporary
    // files are gone with their processes.
    assert!(render(&new_specs, &out).status().unwrap().success());
    assert_eq!(contents(&out), new);
}
