//! Nothing is lost: a render killed at any moment leaves the previous output whole and no
//! stray files in the output folder.

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

fn big_spec(n: usize) -> String {
    let mut text = std::fs::read_to_string(support::fixture("valid/minimal.toml")).unwrap();
    for i in 0..n {
        text.push_str(&format!(
            "\n[[indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"指标{i}\"\nexplanation = \"{}\"\ntarget = \"≥{i}.00次\"\n",
            "反映工作完成情况".repeat(20)
        ));
    }
    text
}

#[test]
fn render_killed_with_sigkill_leaves_previous_output_and_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("big.toml");
    std::fs::write(&spec, big_spec(15_000)).unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("big.html");
    let mut saw_old = false;
    for delay_ms in [5u64, 30, 80, 150, 250, 400, 700, 1000] {
        std::fs::write(&out, "previous").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args([
                "render".as_ref(),
                spec.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let content = std::fs::read_to_string(&out).unwrap();
        if content == "previous" {
            saw_old = true;
        } else {
            assert!(
                content.trim_end().ends_with("</html>"),
                "partial output after kill at {delay_ms} ms"
            );
        }
        let names: Vec<String> = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["big.html"],
            "stray files after kill at {delay_ms} ms"
        );
    }
    assert!(saw_old, "at least one kill must land before the rename");
}
