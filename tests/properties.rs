//! Property tests: generated valid specs always check clean and render every cell; money
//! arithmetic on two-decimal amounts is exact.

mod support;

use proptest::prelude::*;
use rust_decimal::Decimal;

use jixiao::money::{check_amount, decimal_from_f64, format_money, parse_decimal};
use jixiao::render::html::HtmlRenderer;

/// (一级, 二级) pairs the taxonomy accepts.
const PAIRS: &[(&str, &str)] = &[
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
];

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Cell text: CJK, ASCII, punctuation and characters that need escaping in TOML or HTML.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[一-龥a-zA-Z0-9，。、；：（）《》“”<>&\"'\\\\ ]{1,40}")
        .expect("valid regex")
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn cents() -> impl Strategy<Value = i64> {
    0i64..10_000_000_000
}

#[derive(Debug, Clone)]
struct Row {
    pair: usize,
    name: String,
    explanation: String,
    target: String,
}

fn row() -> impl Strategy<Value = Row> {
    (0..PAIRS.len(), text(), text(), 0u32..100_000, 0usize..4).prop_map(
        |(pair, name, explanation, n, unit)| {
            let satisfaction = PAIRS[pair].0 == "满意度指标";
            let target = if satisfaction {
                format!("≥{}.00%", n % 100)
            } else {
                format!("≥{n}.00{}", ["册", "人次", "场次", "条"][unit])
            };
            Row {
                pair,
                name,
                explanation,
                target,
            }
        },
    )
}

fn spec_text(year: u16, project: i64, basic: i64, goal: &str, rows: &[Row]) -> String {
    let money = |c: i64| format_money(Decimal::new(c, 2));
    let mut t = format!(
        "form = \"部门整体支出绩效目标表\"\nyear = {year}\noverall_goal = {}\n[department]\nname = \"某局\"\n[budget]\ntotal = {}\nproject = {}\nbasic = {}\n",
        toml_str(goal),
        money(project + basic),
        money(project),
        money(basic),
    );
    // Always one row of each required category, then the generated ones.
    let fixed = [(0, "产出样例"), (3, "效益样例"), (6, "满意度样例")];
    for (pair, name) in fixed {
        let target = if pair == 6 { "≥90.00%" } else { "≥1.00次" };
        t.push_str(&format!(
            "[[indicators]]\nlevel1 = \"{}\"\nlevel2 = \"{}\"\nname = \"{name}\"\ntarget = \"{target}\"\n",
            PAIRS[pair].0, PAIRS[pair].1
        ));
    }
    for (i, r) in rows.iter().enumerate() {
        t.push_str(&format!(
            "[[indicators]]\nlevel1 = \"{}\"\nlevel2 = \"{}\"\nname = {}\nexplanation = {}\ntarget = {}\n",
            PAIRS[r.pair].0,
            PAIRS[r.pair].1,
            // A numeric suffix keeps generated names unique.
            toml_str(&format!("{}{i}", r.name)),
            toml_str(&r.explanation),
            toml_str(&r.target),
        ));
    }
    t
}

fn html_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Text of a PDF through poppler's pdftotext, whitespace removed.
fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| support::missing_tool("pdftotext", "poppler-utils", &e));
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    squash(&String::from_utf8(out.stdout).unwrap())
}

use support::squash;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn generated_valid_specs_render_to_pdf_with_every_cell_extractable(
        project in cents(),
        basic in cents(),
        goal in text(),
        rows in proptest::collection::vec(row(), 0..25),
    ) {
        use jixiao::model::{Orientation, Paper};
        use jixiao::render::pdf::{self, PdfOptions, fonts, layout::PageSettings};
        let spec = spec_text(2023, project, basic, &goal, &rows);
        let table = jixiao::validate::check_text(&spec).table.expect("valid spec");
        let view = jixiao::forms::sheet(&table).expect("built-in layouts fit");
        let total = jixiao::money::format_money(table.as_department().and_then(|t| t.budget).expect("department").total);
        let opts = PdfOptions {
            settings: PageSettings::new(Paper::A4, Orientation::Landscape),
            date: None,
        };
        let bytes = pdf::render(&view, fonts::bundled(), &opts).expect("renders");
        let text = pdf_text(&bytes);
        for r in &rows {
            prop_assert!(text.contains(&squash(&r.explanation)), "{}", r.explanation);
            prop_assert!(text.contains(&squash(&r.target)), "{}", r.target);
        }
        prop_assert!(text.contains(&squash(&goal)));
        prop_assert!(text.contains(&squash(&total)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_valid_specs_check_clean_and_render_every_cell(
        year in 2000u16..=2100,
        project in cents(),
        basic in cents(),
        goal in text(),
        rows in proptest::collection::vec(row(), 0..30),
    ) {
        let spec = spec_text(year, project, basic, &goal, &rows);
        let checked = jixiao::validate::check_text(&spec);
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:?}\n{spec}");
        let table = checked.table.expect("no errors means a table");
        let dept = table.as_department().expect("a department table");
        prop_assert_eq!(dept.budget.map(|b| b.total), Some(Decimal::new(project + basic, 2)));
        let html = HtmlRenderer::new(None).unwrap().render(&table, &jixiao::forms::sheet(&table).expect("built-in layouts fit")).unwrap();
        for r in &rows {
            prop_assert!(html.contains(&html_text(&r.explanation)), "{}", r.explanation);
            prop_assert!(html.contains(&html_text(&r.target)));
        }
        prop_assert!(html.contains(&html_text(goal.trim())));
    }

    #[test]
    fn spec_to_json_to_spec_is_the_identity(
        year in 2000u16..=2100,
        project in cents(),
        basic in cents(),
        goal in text(),
        rows in proptest::collection::vec(row(), 0..20),
    ) {
        let spec = spec_text(year, project, basic, &goal, &rows);
        let table = jixiao::validate::check_text(&spec).table.expect("valid spec");
        let json = jixiao::render::json::to_json(&table);
        let (back, _) = jixiao::import::json::parse("t.json", &json).expect("own export parses");
        let toml = jixiao::spec::write::to_toml(&back);
        let again = jixiao::validate::check_text(&toml);
        let table2 = again.table.expect("round-tripped spec is valid");
        prop_assert_eq!(&table2, &table);
        prop_assert_eq!(jixiao::render::json::to_json(&table2), json);
    }

    #[test]
    fn sums_of_two_decimal_amounts_are_exact(a in cents(), b in cents()) {
        let (da, db) = (Decimal::new(a, 2), Decimal::new(b, 2));
        let parsed_a = parse_decimal(&format_money(da)).unwrap();
        let parsed_b = parse_decimal(&format_money(db)).unwrap();
        prop_assert_eq!(parsed_a + parsed_b, Decimal::new(a + b, 2));
        prop_assert!(check_amount(parsed_a + parsed_b).is_ok());
    }

    #[test]
    fn floats_read_from_sheets_keep_their_written_value(cents in 0i64..100_000_000_000) {
        // What Excel stores for a typed two-decimal amount is the nearest double.
        let written = format_money(Decimal::new(cents, 2));
        let float: f64 = written.parse().unwrap();
        prop_assert_eq!(format_money(decimal_from_f64(float).unwrap()), written);
    }
}
