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

/// A JSON export apart from the fields printed outside the table (`extra`).
fn apart(json: &str) -> (serde_json::Value, serde_json::Value) {
    let mut v: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let extra = v
        .as_object_mut()
        .and_then(|o| o.remove("extra"))
        .unwrap_or(serde_json::Value::Null);
    (v, extra)
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
    let rows = &text[text.find("[[indicators]]").expect("indicators")..];
    assert!(!rows.contains("unit ="), "{text}");
    // The preamble (附件2, 填报单位（盖章）：… 单位：万元), the notes and the signature
    // line are neither indicators nor unread content: the 填报单位, the notes and the
    // signature are kept in the definition's own fields, to be printed again.
    assert!(!err.contains("W406"), "{err}");
    assert!(!err.contains("W403"), "{err}");
    for want in [
        "unit = \"福建省测试宣传中心\"  # 填报单位",
        "notes = \"\"\"\n注：1. 本表由部门填报，金额单位为万元。\n2. 指标值应尽量量化。\"\"\"",
        "leader = \"李四\"",
        "filler = \"张三\"",
        "phone = \"0591-87654321\"",
        "date = \"2023年1月10日\"",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // …and printed again above and below the table, in the original's words.
    let doc = jixiao::document::Document::from_text(Path::new("导入.toml"), text.clone());
    let sheet = doc.sheet.expect("the imported spec passes check");
    let printed: String = sheet
        .cells
        .iter()
        .flat_map(|c| c.paras.iter())
        .cloned()
        .collect();
    for want in [
        "填报单位（盖章）：福建省测试宣传中心",
        "单位：万元",
        "注：1. 本表由部门填报，金额单位为万元。",
        "2. 指标值应尽量量化。",
        "单位负责人：李四　　填表人：张三　　联系电话：0591-87654321　　填报日期：2023年1月10日",
    ] {
        assert!(printed.contains(want), "{want} not printed: {printed}");
    }
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
    // The same table with 目标值 over 指标值 | 计量单位 (a second header row), no hidden
    // row and nothing printed outside the table: the same table comes out.
    let (_, want, _) = import(&fixture("split-target-op.xlsx"));
    let (want, outside) = apart(&want);
    assert_eq!(outside["signature.filler"], "张三");
    for ext in FORMATS {
        let (text, json, err) = import(&fixture(&format!("split-target-unit.{ext}")));
        let (json, outside) = apart(&json);
        assert_eq!(json, want, "split-target-unit.{ext}\n{text}");
        assert_eq!(outside, serde_json::Value::Null, "{ext}");
        assert!(!err.contains("警告["), "{ext}: {err}");
    }
}

#[test]
fn hunan_form_without_money_imports_to_the_hunan_layout() {
    let want = json_of(&root().join("tests/fixtures/valid/hunan-layout.toml"));
    for ext in FORMATS {
        let (text, json, err) = import(&fixture(&format!("hunan-department.{ext}")));
        // The table, and the signature line printed under it.
        let (json, outside) = apart(&json);
        assert_eq!(json, apart(&want).0, "hunan-department.{ext}\n{text}");
        assert_eq!(
            outside,
            serde_json::json!({
                "signature.filler": "王五",
                "signature.phone": "0730-8888888",
                "signature.date": "2023年1月15日",
            }),
            "{ext}"
        );
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
