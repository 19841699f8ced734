//! Criterion benchmarks of the pipeline stages on the seed and on a 2,000-indicator spec.
//! Run: `cargo bench --bench pipeline` (figures are medians in target/criterion/).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use jixiao::render::html::HtmlRenderer;
use jixiao::render::json::to_json;
use jixiao::render::view::View;
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

fn bench(c: &mut Criterion) {
    let big = big_spec(2_000);
    for (label, text) in [("seed", SEED), ("2000", big.as_str())] {
        c.bench_function(&format!("check/{label}"), |b| {
            b.iter(|| check_text(black_box(text)));
        });
        let table = check_text(text).table.expect("bench specs are valid");
        let html = HtmlRenderer::new(None).expect("built-in templates");
        c.bench_function(&format!("html/{label}"), |b| {
            b.iter(|| html.render(&View::new(black_box(&table))).expect("renders"));
        });
        c.bench_function(&format!("json/{label}"), |b| {
            b.iter(|| to_json(black_box(&table)));
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
