//! Criterion benchmarks of every stage — parse+check, HTML, JSON, PDF, import — on the seed
//! and on a 2,000-indicator table, so regressions show.
//! Run: `cargo bench --bench pipeline` (medians in target/criterion/*/new/estimates.json).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use jixiao::import::{Options as ImportOptions, import_path};
use jixiao::model::{Orientation, Paper};
use jixiao::render::html::HtmlRenderer;
use jixiao::render::json::to_json;
use jixiao::render::pdf::layout::PageSettings;
use jixiao::render::pdf::{PdfOptions, fonts};
use jixiao::validate::check_text;

const SEED: &str = include_str!("../specs/fujian-redcross-2021.toml");

/// The seed with its indicator block repeated until it holds `n` indicators (names made unique).
fn big_spec(n: usize) -> String {
    let start = SEED.find("[[indicators]]").expect("seed has indicators");
    let (head, block) = SEED.split_at(start);
    let rows: Vec<&str> = block.split("[[indicators]]").skip(1).collect();
    let mut out = head.to_owned();
    for i in 0..n {
        let row = rows[i % rows.len()];
        out.push_str("[[indicators]]");
        out.push_str(&row.replacen("name = \"", &format!("name = \"{i}-"), 1));
    }
    out
}

/// The table of a spec as a tab-separated dump and as an .xlsx, like a legacy sheet.
fn legacy_sheets(dir: &std::path::Path, text: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let table = check_text(text).table.expect("valid");
    let table = table
        .as_department()
        .expect("bench specs are department forms");
    let budget = table.budget.expect("bench specs have a 年度预算安排");
    let mut rows: Vec<Vec<String>> = vec![
        vec!["部门整体支出绩效目标表".into()],
        vec![format!("({} 年度)", table.year)],
        vec![
            "部门(单位)名称".into(),
            String::new(),
            table.department.name.clone(),
        ],
        vec![
            "年度预算安排(万元)".into(),
            "资金总额".into(),
            String::new(),
            budget.total.to_string(),
        ],
        vec![
            String::new(),
            "项目支出".into(),
            String::new(),
            budget.project.to_string(),
        ],
        vec![
            String::new(),
            "基本支出".into(),
            String::new(),
            budget.basic.to_string(),
        ],
        vec!["年度总体目标".into(), table.overall_goal.clone()],
    ];
    let head = [
        "一级指标",
        "二级指标",
        "三级指标",
        "内涵解释",
        "设置依据",
        "指标计算公式或方法",
        "评分标准",
        "目标值",
    ];
    let mut h = vec!["年度绩效指标".to_owned()];
    h.extend(head.iter().map(|s| (*s).to_owned()));
    rows.push(h);
    for i in &table.indicators {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        rows.push(vec![
            String::new(),
            i.level1.clone(),
            opt(&i.level2),
            i.name.clone(),
            opt(&i.explanation),
            opt(&i.basis),
            opt(&i.method),
            opt(&i.scoring),
            i.target.text.clone(),
        ]);
    }
    let txt = dir.join("sheet.txt");
    let tsv: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
    std::fs::write(&txt, tsv.join("\n")).expect("write dump");
    let xlsx = dir.join("sheet.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            #[allow(clippy::cast_possible_truncation)]
            sheet.write_string(r as u32, c as u16, v).expect("cell");
        }
    }
    book.save(&xlsx).expect("save xlsx");
    (txt, xlsx)
}

fn bench(c: &mut Criterion) {
    let big = big_spec(2_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let pdf_opts = PdfOptions {
        settings: PageSettings::new(Paper::A4, Orientation::Landscape),
        date: None,
    };
    for (label, text) in [("seed", SEED), ("2000", big.as_str())] {
        c.bench_function(&format!("check/{label}"), |b| {
            b.iter(|| check_text(black_box(text)));
        });
        let table = check_text(text).table.expect("bench specs are valid");
        let html = HtmlRenderer::new(None).expect("built-in templates");
        c.bench_function(&format!("html/{label}"), |b| {
            b.iter(|| {
                let t = black_box(&table);
                html.render(t, &jixiao::forms::sheet(t).expect("built-in layouts fit"))
                    .expect("renders")
            });
        });
        c.bench_function(&format!("json/{label}"), |b| {
            b.iter(|| to_json(black_box(&table)));
        });
        let view = jixiao::forms::sheet(&table).expect("built-in layouts fit");
        c.bench_function(&format!("pdf/{label}"), |b| {
            b.iter(|| {
                jixiao::render::pdf::render(black_box(&view), fonts::bundled(), &pdf_opts)
                    .expect("renders")
            });
        });
        let dir = tmp.path().join(label);
        std::fs::create_dir_all(&dir).expect("bench dir");
        let (txt, xlsx) = legacy_sheets(&dir, text);
        for (kind, path) in [("txt", txt), ("xlsx", xlsx)] {
            let once = import_path(&path, &ImportOptions::default()).expect("imports");
            assert_eq!(
                once.tables[0].extracted.spec.indicators.len(),
                table.indicators().len(),
                "the bench sheet imports whole"
            );
            c.bench_function(&format!("import-{kind}/{label}"), |b| {
                b.iter(|| {
                    import_path(black_box(&path), &ImportOptions::default()).expect("imports")
                });
            });
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
