//! PDF benchmarks: layout alone, and the whole render (layout, subsetting, painting,
//! compression) of the seed and the stress spec. Run with `cargo bench --bench pdf`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use jixiao::document::Document;
use jixiao::model::{Orientation, Paper};
use jixiao::render::pdf::layout::{PageSettings, layout};
use jixiao::render::pdf::{PdfOptions, fonts, render};
use jixiao::render::sheet::Sheet;

fn view(path: &str) -> Sheet {
    let doc = Document::load(Path::new(path)).expect("read spec");
    jixiao::forms::sheet(doc.table.as_ref().expect("spec passes check"))
        .expect("built-in layouts fit")
}

fn bench(c: &mut Criterion) {
    let fonts = fonts::bundled();
    let settings = PageSettings::new(Paper::A4, Orientation::Landscape);
    let opts = PdfOptions {
        settings,
        date: None,
    };
    for (name, path) in [
        ("seed", "specs/fujian-redcross-2021.toml"),
        ("stress", "tests/fixtures/stress.toml"),
    ] {
        let v = view(path);
        c.bench_function(&format!("layout/{name}"), |b| {
            b.iter(|| layout(black_box(&v), fonts, &settings).unwrap());
        });
        c.bench_function(&format!("render/{name}"), |b| {
            b.iter(|| render(black_box(&v), fonts, &opts).unwrap());
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
