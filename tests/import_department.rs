//! `jixiao import` of the department form's variants (committed fixtures made by
//! tools/make-import-fixtures.sh from examples/import_fixtures.rs): 目标值 split over
//! several columns, 指标值类型, preamble and footer rows, hidden rows, the Hunan form
//! without money, the Hubei form with 收入构成/支出构成, each in .xlsx, .xls and .ods;
//! unused cells reported in one warning.

mod support;

use std::path::{Path, PathBuf};

use support::{code, root, stderr};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

fn json_of(spec: &Path) -> String {
    let doc = jixiao::document::Document::load(spec).expect("read spec");
    let table = doc
        .table
        .unwrap_or_else(|| panic!("{} does not pass: {:?}", spec.display(), doc.diagnostics));
    jixiao::render::json::to_json(&table)
}

/// Imports `input`; returns the spec text, its table as JSON and stderr.
fn import(input: &Path) -> (String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.toml");
    let o = support::jixiao([
        "import".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{}: {err}", input.display());
    let text = std::fs::read_to_string(&out).unwrap();
    (text.clone(), json_of(&out), err)
}

const FORMATS: [&str; 3] = ["xlsx", "xls", "ods"];

#[test]
fn target_split_over_operator_and_value_columns_reads_as_on_the_form() {
    let (text, json, err) = import(&fixture("split-target-op.xlsx"));
    for want in [
        "target = \"≥300.00册\"",
        "target = \"100%\"",
        "target = \"≤2.00万元\"",
        "target = \"≥500人次\"",
        "target = \"≥90%\"",
        "name = \"福建省测试宣传中心\"",
        "year = 2023",
        "total = 120.00",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // No unit kept apart, no column left over.
    assert!(!text.contains("unit ="), "{text}");
    // The preamble (附件2, 填报单位（盖章）：… 单位：万元), the notes and the signature
    // line are neither indicators nor unread content.
    assert!(!err.contains("W406"), "{err}");
    assert!(!err.contains("W403"), "{err}");
    assert!(!text.contains("填表人") && !text.contains("注："), "{text}");
    // The hidden row's withdrawn indicator is skipped, and said so once.
    assert!(!text.contains("旧指标"), "{text}");
    assert_eq!(err.matches("W407").count(), 1, "{err}");
    assert!(err.contains("跳过了隐藏的行：第 12 行"), "{err}");
    for ext in FORMATS {
        let (_, other, err) = import(&fixture(&format!("split-target-op.{ext}")));
        assert_eq!(other, json, "split-target-op.{ext}");
        assert!(
            err.contains("第 12 行"),
            "{ext}: hidden row not seen: {err}"
        );
    }
}

#[test]
fn target_split_over_value_and_unit_columns_reads_as_on_the_form() {
    // The same table with 目标值 over 指标值 | 计量单位 (a second header row) and no
    // hidden row: the same table comes out.
    let (_, want, _) = import(&fixture("split-target-op.xlsx"));
    for ext in FORMATS {
        let (text, json, err) = import(&fixture(&format!("split-target-unit.{ext}")));
        assert_eq!(json, want, "split-target-unit.{ext}\n{text}");
        assert!(!err.contains("警告["), "{ext}: {err}");
    }
}

#[test]
fn hunan_form_without_money_imports_to_the_hunan_layout() {
    let want = json_of(&root().join("tests/fixtures/valid/hunan-layout.toml"));
    for ext in FORMATS {
        let (text, json, err) = import(&fixture(&format!("hunan-department.{ext}")));
        assert_eq!(json, want, "hunan-department.{ext}\n{text}");
        assert!(text.contains("layout = \"湖南\""), "{text}");
        assert!(!text.contains("[budget]"), "{text}");
        assert!(text.contains("value_type = \"定性\""), "{text}");
        // Nothing reported: the empty 二级 placeholder row and the signature line are
        // part of the form.
        assert!(!err.contains("警告["), "{ext}: {err}");
        assert!(err.contains("0 个错误，0 个警告"), "{ext}: {err}");
    }
}

#[test]
fn unused_cells_are_one_warning_listing_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> =
        std::fs::read_to_string(root().join("tests/fixtures/seed-2021.txt"))
            .unwrap()
            .split('\n')
            .map(str::to_owned)
            .collect();
    // Three stray cells on the year line.
    lines[4].push_str("\t\t草稿\t第二版\t内部使用");
    let input = dir.path().join("seed.txt");
    std::fs::write(&input, lines.join("\n")).unwrap();
    let (_, _, err) = import(&input);
    assert_eq!(err.matches("W406").count(), 1, "{err}");
    assert!(
        err.contains("未导入的内容：C5“草稿”、D5“第二版”、E5“内部使用”"),
        "{err}"
    );
}

#[test]
fn hubei_form_imports_to_the_hubei_layout() {
    let want = json_of(&root().join("tests/fixtures/valid/hubei-layout.toml"));
    for ext in FORMATS {
        let (text, json, err) = import(&fixture(&format!("hubei-department.{ext}")));
        assert_eq!(json, want, "hubei-department.{ext}\n{text}");
        assert!(text.contains("layout = \"湖北\""), "{text}");
        // 项目支出 and 基本支出 of 支出构成 are not the Fujian 年度预算安排.
        assert!(!text.contains("[budget]"), "{text}");
        assert!(
            text.contains("[expenditure]  # 支出构成(万元)\nbasic = 93199.91"),
            "{text}"
        );
        // The 占比 cells and the block's column headers are part of the form.
        assert!(!err.contains("警告["), "{ext}: {err}");
    }
}
