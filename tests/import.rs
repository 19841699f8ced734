//! `jixiao import` end to end: the real binary on committed fixtures
//! (tests/fixtures/import/, rebuilt by tools/make-import-fixtures.sh).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jixiao::document::Document;
use jixiao::render::json::to_json;
use support::root;

const SEED_SPEC: &str = "specs/fujian-redcross-2021.toml";

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

struct Run {
    code: i32,
    stderr: String,
    elapsed: Duration,
}

fn jixiao(args: &[&std::ffi::OsStr]) -> Run {
    let start = Instant::now();
    let out = support::jixiao(args);
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// Imports `input` to `dir/out.toml` and returns the run.
fn import_to(input: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), input.as_os_str()];
    args.push("-o".as_ref());
    args.push(out.as_os_str());
    for e in extra {
        args.push(e.as_ref());
    }
    jixiao(&args)
}

fn json_of(spec: &Path) -> String {
    let doc = Document::load(spec).expect("read spec");
    let table = doc
        .table
        .unwrap_or_else(|| panic!("{} does not pass: {:?}", spec.display(), doc.diagnostics));
    to_json(&table)
}

fn seed_json() -> String {
    json_of(&root().join(SEED_SPEC))
}

fn imported_json(input: &Path) -> (String, Run) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.toml");
    let run = import_to(input, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (json_of(&out), run)
}

#[test]
fn seed_xlsx_imports_to_the_hand_written_spec() {
    let (json, _) = imported_json(&root().join("tests/fixtures/seed-2021.xlsx"));
    assert_eq!(json, seed_json());
}

#[test]
fn seed_text_dump_with_shifted_rows_imports_to_the_hand_written_spec() {
    let (json, run) = imported_json(&root().join("tests/fixtures/seed-2021.txt"));
    assert_eq!(json, seed_json());
    assert!(!run.stderr.contains("W403"), "{}", run.stderr);
}

#[test]
fn seed_as_xls_ods_and_html_import_to_the_same_table() {
    let seed = seed_json();
    for name in ["seed-2021.xls", "seed-2021.ods", "seed-html.xls"] {
        let (json, _) = imported_json(&fixture(name));
        assert_eq!(json, seed, "{name}");
    }
}

#[test]
fn html_saved_as_xls_is_named_for_what_it_is() {
    let (_, run) = imported_json(&fixture("seed-html.xls"));
    assert!(run.stderr.contains("实际是网页表格"), "{}", run.stderr);
    assert!(run.stderr.contains("另存为"), "{}", run.stderr);
}

#[test]
fn xml_spreadsheet_2003_saved_as_xls_imports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.toml");
    let run = import_to(&fixture("xml2003.xls"), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Excel 2003 XML"), "{}", run.stderr);
    assert!(run.stderr.contains("跳过工作表“说明”"), "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("name = \"XML测试单位\""), "{text}");
    assert!(
        text.contains("overall_goal = \"目标1：A&B 协同。\""),
        "{text}"
    );
    assert!(text.contains("year = 2020"), "{text}");
    // 产出指标 is merged down over the 质量指标 row.
    assert_eq!(text.matches("level1 = \"产出指标\"").count(), 2, "{text}");
}

#[test]
fn ningde_2019_layout_in_every_format() {
    // Broken year line, 附件4, table from column B, spaced and full-width labels, the
    // block label repeated per row, five indicator columns, amounts as text.
    let (xlsx, run) = imported_json(&fixture("ningde-2019.xlsx"));
    assert!(
        !run.stderr.contains("W406"),
        "nothing should be left over: {}",
        run.stderr
    );
    for ext in ["xls", "ods"] {
        let (other, _) = imported_json(&fixture(&format!("ningde-2019.{ext}")));
        assert_eq!(other, xlsx, "{ext}");
    }
    let v: serde_json::Value = serde_json::from_str(&xlsx).unwrap();
    assert_eq!(v["year"], 2019);
    assert_eq!(v["department"]["name"], "宁德市测试局");
    assert_eq!(v["department"]["code"], "901001033");
    assert_eq!(v["budget"]["total"], "171.41");
    assert_eq!(
        v["overall_goal"],
        "目标1：做好日常工作。\n目标2：完成重点任务。"
    );
    let inds = v["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), 6);
    // Forward fill inside the block: 一级 and 二级 of the continuation row.
    assert_eq!(inds[1]["level1"], "产出指标");
    assert_eq!(inds[1]["level2"], "数量指标");
    assert_eq!(inds[1]["name"], "开展培训次数");
    assert_eq!(inds[2]["explanation"], "100%(历史标准)");
}

#[test]
fn extra_columns_formats_percent_dates_and_operators() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e.toml");
    let run = import_to(&fixture("extra-columns.xlsx"), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    for want in [
        "project = 1119.80", // 0.00 format: exact, never 1119.7999
        "target = \"≥95%\"", // 0.95 formatted as 0%, operator from its own column
        "target = \"≥300\"\nunit = \"人次\"\nweight = 10",
        "target = \"2022-12-31\"", // a date cell, shown as its format shows it
        "target = \"2022年12月31日\"", // a bare serial in a 时效 row
        "target = \"≤1119.80\"\nunit = \"万元\"",
        "note = \"抽查\"",
        "code = \"123456\"",
        "year = 2022",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(!text.contains("1119.7999"), "{text}");
    // The 指标值类型 column is read into value_type, not ignored.
    assert!(
        text.contains("value_type = \"定量\"\ntarget = \"≥300\""),
        "{text}"
    );
    assert!(text.contains("value_type = \"定性\""), "{text}");
    assert!(!run.stderr.contains("W404"), "{}", run.stderr);
    assert!(
        run.stderr.contains("W405"),
        "serial converted: {}",
        run.stderr
    );
    // The signature line under the table is neither an indicator nor unread content.
    assert!(
        !run.stderr.contains("填表人"),
        "footer reported: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("W406"), "{}", run.stderr);
    // The same table as .ods, which keeps formats, is identical; .xls loses them and says so.
    let (xlsx_json, _) = (json_of(&out), ());
    let (ods_json, _) = imported_json(&fixture("extra-columns.ods"));
    assert_eq!(ods_json, xlsx_json);
    let (_, xls_run) = imported_json(&fixture("extra-columns.xls"));
    assert!(
        xls_run.stderr.contains("丢失了百分比格式"),
        "{}",
        xls_run.stderr
    );
}

#[test]
fn verbose_names_the_cell_of_every_value() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.toml");
    let run = import_to(
        &root().join("tests/fixtures/seed-2021.xlsx"),
        &out,
        &["--verbose"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("department.name ← seed-2021.xlsx[部门整体支出绩效目标表]!C3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("budget.project ← seed-2021.xlsx[部门整体支出绩效目标表]!D5")
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# 部门整体支出绩效目标表：由 jixiao import 从 seed-2021.xlsx"));
}

#[test]
fn several_goal_sheets_go_to_a_folder_named_by_department() {
    for ext in ["xlsx", "xls", "ods"] {
        let dir = tempfile::tempdir().unwrap();
        let input = fixture(&format!("multi-sheet.{ext}"));
        let run = jixiao(&[
            "import".as_ref(),
            input.as_os_str(),
            "--out-dir".as_ref(),
            dir.path().as_os_str(),
        ]);
        assert_eq!(run.code, 0, "{ext}: {}", run.stderr);
        assert!(
            run.stderr.contains("跳过工作表“填表说明”"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("跳过工作表“空白”：工作表是空的"),
            "{}",
            run.stderr
        );
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["乙单位.toml", "甲单位.toml"], "{ext}");
        let yi = std::fs::read_to_string(dir.path().join("乙单位.toml")).unwrap();
        assert!(yi.contains("total = 800.5"), "{yi}");
    }
}

#[test]
fn sheet_option_picks_one_and_o_refuses_several() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("one.toml");
    let input = fixture("multi-sheet.xlsx");
    let run = import_to(&input, &out, &["--sheet", "乙单位"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(&out).unwrap().contains("乙单位"));

    let out2 = dir.path().join("two.toml");
    let run = import_to(&input, &out2, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--out-dir"), "{}", run.stderr);
    assert!(!out2.exists());

    let run = import_to(&input, &out2, &["--sheet", "丙单位"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("没有名为“丙单位”的工作表"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("甲单位"), "{}", run.stderr);
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.toml");
    std::fs::write(&out, "mine").unwrap();
    let seed = root().join("tests/fixtures/seed-2021.xlsx");
    let run = import_to(&seed, &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    let run = import_to(&seed, &out, &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "mine");
}

#[test]
fn the_refusal_to_overwrite_comes_alone_and_first() {
    // This sheet has a date serial in a target (W405): its warning is not printed for a
    // spec that will not be written, with -o or with --out-dir.
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("extra-columns.xlsx");
    let out = dir.path().join("s.toml");
    std::fs::write(&out, "mine").unwrap();
    let run = import_to(&input, &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("错误："), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!run.stderr.contains("W405"), "{}", run.stderr);
    let first = jixiao(&[
        "import".as_ref(),
        input.as_os_str(),
        "--out-dir".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stderr.contains("W405"), "{}", first.stderr);
    let again = jixiao(&[
        "import".as_ref(),
        input.as_os_str(),
        "--out-dir".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert!(!again.stderr.contains("W405"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
}

#[test]
fn missing_essentials_exit_1_with_the_list_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.toml");
    let run = import_to(&fixture("missing-name.xlsx"), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Through the one diagnostic renderer, like every other coded message.
    assert!(
        run.stderr.starts_with("错误[E401]: 缺少必需内容"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("提示: "), "{}", run.stderr);
    assert!(run.stderr.contains("- 部门(单位)名称"), "{}", run.stderr);
    assert!(!out.exists());
}

/// Every bad input: a Chinese message naming the problem, no output, quickly. A file that
/// cannot be read (empty, corrupt, encrypted, too large, not a spreadsheet) is exit 2 by the
/// README's table; a readable file without a goal table is exit 1.
#[test]
fn bad_inputs_fail_cleanly_and_fast() {
    let cases: &[(&str, i32, &str)] = &[
        ("empty.xlsx", 2, "文件是空的"),
        ("truncated.xlsx", 2, "文件已损坏或不完整"),
        // Bytes flipped at random in seed-2021.xls: its DIMENSIONS record puts the first row
        // past the last, which calamine turns into a panic (debug build) or a terabyte
        // allocation that aborts (release build). Refused before calamine opens it, so the
        // message names the record rather than a caught panic.
        (
            "../regressions/import/corrupt-panics-reader.xls",
            2,
            "文件已损坏或不完整，无法读取（工作表“部门整体支出绩效目标表”的尺寸记录声明了",
        ),
        ("pdf-renamed.xlsx", 2, "看起来是PDF 文件"),
        ("plain-text.xls", 2, "不是表格文件"),
        ("password.xlsx", 2, "设有打开密码"),
        ("zip-bomb.xlsx", 2, "压缩包内容过大"),
        ("huge-sheet.xlsx", 2, "表格过大"),
        // Cells 60,000 rows apart in an .xls: refused before the reader allocates the area.
        ("far-cells.xls", 2, "表格过大"),
        ("empty-sheet.xlsx", 1, "工作表是空的"),
        ("no-goal-table.xlsx", 1, "没有找到绩效目标表"),
    ];
    for &(name, want, phrase) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bad.toml");
        let run = import_to(&fixture(name), &out, &[]);
        assert_eq!(run.code, want, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(phrase), "{name}: {}", run.stderr);
        assert!(run.stderr.starts_with("错误："), "{name}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(!out.exists(), "{name}");
        assert!(
            run.elapsed < Duration::from_secs(10),
            "{name} took {:?}",
            run.elapsed
        );
    }
}

#[test]
fn missing_input_is_an_operational_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = import_to(
        &dir.path().join("无此文件.xlsx"),
        &dir.path().join("o.toml"),
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("文件不存在"), "{}", run.stderr);
}

/// import → render: the HTML shows every cell text of the seed dump.
#[test]
fn imported_seed_renders_every_cell_text() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("seed.toml");
    let run = import_to(&root().join("tests/fixtures/seed-2021.xlsx"), &spec, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html_path = dir.path().join("seed.html");
    let run = jixiao(&[
        "render".as_ref(),
        spec.as_os_str(),
        "-o".as_ref(),
        html_path.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Tera escapes `& < > " ' /`; compare against the text as a browser shows it.
    let html = std::fs::read_to_string(&html_path)
        .unwrap()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&");
    let dump = std::fs::read_to_string(root().join("tests/fixtures/seed-2021.txt")).unwrap();
    let mut checked = 0;
    for cell in dump
        .split(['\t', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        // The year line is rendered from `year`; amounts are rendered with two decimals.
        if cell.starts_with('(') && cell.ends_with("年度)") {
            continue;
        }
        let shown = match cell {
            "1119.8" => "1119.80",
            other => other,
        };
        assert!(html.contains(shown), "HTML lacks {cell:?}");
        checked += 1;
    }
    assert!(checked > 150, "{checked}");
}

#[test]
fn unknown_form_title_lists_the_forms_jixiao_knows() {
    let dir = tempfile::tempdir().unwrap();
    let dump = std::fs::read_to_string(fixture("../seed-2021.txt"))
        .unwrap()
        .replace("部门整体支出绩效目标表", "项目支出绩效自评表");
    let input = dir.path().join("项目表.txt");
    std::fs::write(&input, dump).unwrap();
    let out = dir.path().join("p.toml");
    let run = import_to(&input, &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E402"), "{}", run.stderr);
    assert!(
        run.stderr.contains("不是 jixiao 认识的表格"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("jixiao 认识的表格：部门整体支出绩效目标表、项目支出绩效目标表"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

/// A seed dump edited in `edit`, imported; returns stderr.
fn import_edited_seed(edit: impl Fn(&mut Vec<String>)) -> Run {
    let mut lines: Vec<String> = std::fs::read_to_string(fixture("../seed-2021.txt"))
        .unwrap()
        .split('\n')
        .map(str::to_owned)
        .collect();
    edit(&mut lines);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("edited.txt");
    std::fs::write(&input, lines.join("\n")).unwrap();
    import_to(&input, &dir.path().join("e.toml"), &[])
}

#[test]
fn misaligned_indicator_row_is_read_in_order_with_a_warning() {
    // Drop the 设置依据 cell of the already shifted last row.
    let run = import_edited_seed(|l| {
        let mut cells: Vec<&str> = l[32].split('\t').collect();
        cells.remove(4);
        l[32] = cells.join("\t");
    });
    // The row lost a cell, so its last field is missing and the validator says so.
    assert!(
        run.stderr.contains("W403") && run.stderr.contains("A33"),
        "{}",
        run.stderr
    );
}

#[test]
fn unrecognized_row_is_reported_with_its_cell() {
    // A duty row holding only an amount.
    let run = import_edited_seed(|l| l.insert(13, "\t\t\t\t\t\t\t99.00\t".to_owned()));
    assert!(
        run.stderr.contains("W406") && run.stderr.contains("H14"),
        "{}",
        run.stderr
    );
}

#[test]
fn own_json_export_imports_back_to_the_same_table() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("seed.json");
    let spec = root().join("specs/fujian-redcross-2021.toml");
    let run = jixiao(&[
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "json".as_ref(),
        "-o".as_ref(),
        json.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (back, run) = imported_json(&json);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(back, seed_json());
    // Something that only looks like our export is refused with a located message.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"schema\": \"jixiao/goal-table/v1\", \"year\": \"二〇二一\"}",
    )
    .unwrap();
    let run = import_to(&bad, &dir.path().join("bad.toml"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("JSON 内容无法读取") && run.stderr.contains("第 1 行"),
        "{}",
        run.stderr
    );
}

/// A Word 97-2003 file whose text mentions “Workbook” is still a Word file: the OLE
/// directory's stream names decide, not UTF-16 words found anywhere in the bytes.
#[test]
fn ole_kind_comes_from_stream_names() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("伪装.xls");
    {
        let mut ole = cfb::create(&doc).unwrap();
        let mut s = ole.create_stream("/WordDocument").unwrap();
        let text: Vec<u8> = "Workbook EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        s.write_all(&text).unwrap();
        drop(s);
        ole.flush().unwrap();
    }
    let run = import_to(&doc, &dir.path().join("o.toml"), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("Word 97-2003 文档"), "{}", run.stderr);
}
