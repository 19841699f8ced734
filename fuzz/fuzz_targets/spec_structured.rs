//! Structure-aware: specs assembled from the seed's vocabulary and hostile values, so the
//! fuzzer spends its time in the rules rather than in TOML syntax errors.
#![no_main]

use arbitrary::Arbitrary;
use jixiao::render::html::HtmlRenderer;
use libfuzzer_sys::fuzz_target;

const LEVEL1: &[&str] = &[
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "效果指标",
    "投入指标",
    "产出指标(50分)",
    "",
];
const LEVEL2: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "社会效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "环境效益指标",
    "满意度指标",
    "其他",
    "",
];
const TEXTS: &[&str] = &[
    "编印《年报》",
    "≥300.00册",
    "≥95.00%",
    "≤90万元",
    "优良",
    "<script>",
    "\"",
    "\\",
    "\u{0}",
    "≥",
    "1,000",
    "2021年12月",
    "﹦100%",
    "  ",
];
const AMOUNTS: &[&str] = &[
    "2120.91",
    "1119.8",
    "1001.11",
    "\"662.00\"",
    "-1",
    "1e3",
    "0.001",
    "\"abc\"",
    "99999999999999999999999999999",
    "true",
    "0",
    "1_000",
];

#[derive(Arbitrary, Debug)]
struct Spec {
    year: i32,
    amounts: [u8; 3],
    duties: Vec<(u8, u8, Option<u8>)>,
    indicators: Vec<Row>,
    extra: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Row {
    l1: u8,
    l2: Option<u8>,
    name: u8,
    name_suffix: u16,
    target: u8,
    target_free: Option<String>,
    weight: Option<u8>,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|spec: Spec| {
    let mut t = format!(
        "form = \"部门整体支出绩效目标表\"\nyear = {}\noverall_goal = \"目标\"\n[department]\nname = \"某局\"\ncode = \"1\"\n[budget]\ntotal = {}\nproject = {}\nbasic = {}\n",
        spec.year,
        pick(AMOUNTS, spec.amounts[0]),
        pick(AMOUNTS, spec.amounts[1]),
        pick(AMOUNTS, spec.amounts[2]),
    );
    for (f, task, amount) in spec.duties.iter().take(20) {
        t.push_str(&format!(
            "[[duties]]\nfunction = {}\ntask = {}\n",
            quote(pick(TEXTS, *f)),
            quote(pick(TEXTS, *task))
        ));
        if let Some(a) = amount {
            t.push_str(&format!("amount = {}\n", pick(AMOUNTS, *a)));
        }
    }
    for r in spec.indicators.iter().take(200) {
        t.push_str(&format!(
            "[[indicators]]\nlevel1 = {}\n",
            quote(pick(LEVEL1, r.l1))
        ));
        if let Some(l2) = r.l2 {
            t.push_str(&format!("level2 = {}\n", quote(pick(LEVEL2, l2))));
        }
        t.push_str(&format!(
            "name = {}\n",
            quote(&format!("{}{}", pick(TEXTS, r.name), r.name_suffix % 8))
        ));
        let target = r
            .target_free
            .clone()
            .unwrap_or_else(|| pick(TEXTS, r.target).to_owned());
        t.push_str(&format!("target = {}\n", quote(&target)));
        if let Some(w) = r.weight {
            t.push_str(&format!("weight = {}\n", pick(AMOUNTS, w)));
        }
    }
    if let Some(extra) = &spec.extra {
        t.push_str(extra);
    }
    let checked = jixiao::validate::check_text(&t);
    if let Some(table) = checked.table {
        let html = HtmlRenderer::new(None).expect("built-in templates load");
        let sheet = jixiao::forms::sheet(&table).expect("a checked table lays out");
        html.render(&table, &sheet)
            .expect("a valid table always renders");
    }
});
