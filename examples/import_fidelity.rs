//! How much of an imported workbook comes back when its spec is rendered: for each table,
//! the original's non-empty cell texts, and how many of them the re-rendered form prints
//! (the sheet every format is made from: title, year line and every cell). Texts are
//! compared without blanks and with brackets and colons of one width.
//!
//! `cargo run --release --example import_fidelity -- FILE...`

use std::path::Path;

use jixiao::document::Document;
use jixiao::import::{Options, import_path};

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect()
}

fn main() {
    let (mut all, mut back) = (0usize, 0usize);
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let import = match import_path(path, &Options::default()) {
            Ok(i) => i,
            Err(e) => {
                println!("{arg}\t未导入：{e}");
                continue;
            }
        };
        for t in &import.tables {
            let doc = Document::from_text(path, t.toml.clone());
            let Some(sheet) = &doc.sheet else {
                println!(
                    "{arg}\t{}\t未通过检查（{} 个错误）",
                    t.sheet.as_deref().unwrap_or(""),
                    doc.errors()
                );
                continue;
            };
            let mut printed = fold(&sheet.title);
            printed.push_str(&fold(&sheet.subtitle));
            for c in &sheet.cells {
                for p in &c.paras {
                    printed.push_str(&fold(p));
                }
            }
            let missing: Vec<&String> = t
                .strings
                .iter()
                .filter(|s| !printed.contains(&fold(s)))
                .collect();
            let n = t.strings.len();
            all += n;
            back += n - missing.len();
            println!(
                "{arg}\t{}\t{}/{n}\t{}",
                t.sheet.as_deref().unwrap_or(""),
                n - missing.len(),
                missing
                    .iter()
                    .map(|s| format!("“{}”", s.replace('\n', "⏎")))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }
    println!("合计\t\t{back}/{all}");
}
