//! Form definitions as data: a layout defined only in a fixture file (a county's own
//! 申报表 with a field jixiao's project model does not have) is checked and rendered in
//! every format with no change to the code; `--template`; the built-in definitions.

mod support;

use std::path::PathBuf;

use support::{code, fixture, jixiao, poppler, project_spec, root, stderr};

fn own_spec() -> PathBuf {
    fixture("forms/本局 表样/道路 维护.toml")
}

/// The strings the county's form prints that no built-in form has.
const OWN_WORDS: &[&str] = &[
    "2023年某县项目支出绩效目标申报表",
    "填报单位（盖章）：湘潭市测试局",
    "单位:万元",
    "项目支出名称",
    "项目负责人",
    "王五",
    "年度本级预算金额",
    "指标值及单位",
    "财政部门审核意见",
    "单位负责人签字:李四",
];

#[test]
fn a_layout_defined_in_a_file_renders_in_every_format() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = jixiao([
        "render".as_ref(),
        own_spec().as_os_str(),
        "-f".as_ref(),
        "html,pdf,xlsx,json".as_ref(),
        "-o".as_ref(),
        out_dir.path().join("out/").as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let dir = out_dir.path().join("out");
    let html = std::fs::read_to_string(dir.join("道路 维护.html")).expect("html");
    let pdf_text = poppler(
        "pdftotext",
        &[dir.join("道路 维护.pdf").to_str().expect("utf-8 path"), "-"],
    );
    let pdf_flat = support::squash(&pdf_text);
    for word in OWN_WORDS {
        assert!(html.contains(word), "HTML lacks {word}");
        assert!(
            pdf_flat.contains(&support::squash(word)),
            "PDF lacks {word}"
        );
    }
    // The generic form's wording is gone: this is the county's form, not jixiao's.
    assert!(!html.contains("项目支出绩效目标表</h1>"), "{html}");
    assert!(
        !html.contains("class=\"year\""),
        "a form without a year line"
    );
    let json = std::fs::read_to_string(dir.join("道路 维护.json")).expect("json");
    let json: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(json["extra"]["project.leader"], "王五", "{json}");
    let strings = xlsx_strings(&dir.join("道路 维护.xlsx"));
    for word in OWN_WORDS {
        assert!(
            strings.iter().any(|s| s.contains(word)),
            "workbook lacks {word}: {strings:?}"
        );
    }
}

/// Every text cell of the workbook's first sheet.
fn xlsx_strings(path: &std::path::Path) -> Vec<String> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).expect("opens");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("sheet");
    range
        .used_cells()
        .map(|(_, _, c)| c.to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_definition_decides_what_a_spec_must_hold() {
    // The county's form requires 项目负责人; without it the spec does not pass.
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = own_spec().parent().expect("folder").to_path_buf();
    std::fs::copy(
        folder.join("本县表样.toml"),
        dir.path().join("本县表样.toml"),
    )
    .expect("copy");
    let text = std::fs::read_to_string(own_spec()).expect("spec");
    let without = text.replace("leader = \"王五\"  # 项目负责人\n", "");
    assert_ne!(text, without);
    let spec = dir.path().join("无负责人.toml");
    std::fs::write(&spec, without).expect("write");
    let out = jixiao([
        "check".as_ref(),
        spec.as_os_str(),
        "--format".as_ref(),
        "short".as_ref(),
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E004"), "{}", stderr(&out));
    assert!(stderr(&out).contains("项目负责人"), "{}", stderr(&out));
}

#[test]
fn template_option_prints_a_spec_on_another_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    let def = root().join("templates/forms/project-xiangtan.toml");
    let out = jixiao([
        "render".as_ref(),
        project_spec().as_os_str(),
        "--template".as_ref(),
        def.as_os_str(),
        "-f".as_ref(),
        "html".as_ref(),
        "-o".as_ref(),
        dir.path().join("x.html").as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("x.html")).expect("html");
    assert!(html.contains("项目支出绩效目标申报表"), "{html}");
    assert!(html.contains("财政部门审核意见"));
    // A definition that is itself wrong is refused before any spec is read, with its place.
    let bad = fixture("invalid/E504-definition-unknown-field.toml");
    let out = jixiao([
        "check".as_ref(),
        project_spec().as_os_str(),
        "--template".as_ref(),
        bad.as_os_str(),
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("第 50 行第 39 列") && err.contains("E504"),
        "{err}"
    );
}

#[test]
fn built_in_definitions_check_clean_as_files() {
    let dir = root().join("templates/forms");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("templates/forms") {
        let path = entry.expect("entry").path();
        let out = jixiao(["check".as_ref(), path.as_os_str()]);
        assert_eq!(code(&out), 0, "{}: {}", path.display(), stderr(&out));
        n += 1;
    }
    assert!(n >= 6, "{n} built-in definitions");
}

#[test]
fn built_in_layouts_are_chosen_by_layout_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(project_spec()).expect("spec");
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("layout = "))
        .map(|l| format!("{l}\n"))
        .collect();
    for (layout, title) in [
        ("湘潭", "项目支出绩效目标申报表"),
        ("转移支付", "绩效目标表"),
    ] {
        let spec = dir.path().join(format!("{layout}.toml"));
        let with = text.replacen(
            "year = 2020",
            &format!("year = 2020\nlayout = \"{layout}\""),
            1,
        );
        assert_ne!(with, text);
        std::fs::write(&spec, with).expect("write");
        let html = dir.path().join(format!("{layout}.html"));
        let out = jixiao([
            "render".as_ref(),
            spec.as_os_str(),
            "-o".as_ref(),
            html.as_os_str(),
        ]);
        assert_eq!(code(&out), 0, "{layout}: {}", stderr(&out));
        let page = std::fs::read_to_string(&html).expect("html");
        assert!(
            page.contains(&format!("<h1 class=\"title\">{title}</h1>")),
            "{layout}"
        );
    }
}

#[test]
fn schema_and_init_follow_a_definition_of_ones_own() {
    let def = own_spec().parent().expect("folder").join("本县表样.toml");
    // The schema of that form accepts its spec and wants the field the form adds.
    let out = jixiao(["schema".as_ref(), "--template".as_ref(), def.as_os_str()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let text = std::fs::read_to_string(own_spec()).expect("spec");
    let as_json = |t: &str| {
        let v: toml::Value = toml::from_str(t).expect("TOML");
        serde_json::to_value(v).expect("JSON")
    };
    assert!(validator.is_valid(&as_json(&text)));
    let without = text.replace("leader = \"王五\"  # 项目负责人\n", "");
    assert!(!validator.is_valid(&as_json(&without)));
    // `init --template` writes a skeleton of the form's own fields that names the form.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(&def, dir.path().join("本县表样.toml")).expect("copy");
    let new = dir.path().join("新 项目.toml");
    let out = jixiao([
        "init".as_ref(),
        new.as_os_str(),
        "--template".as_ref(),
        dir.path().join("本县表样.toml").as_os_str(),
        "--year".as_ref(),
        "2027".as_ref(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let skeleton = std::fs::read_to_string(&new).expect("skeleton");
    assert!(
        skeleton.contains("template = \"本县表样.toml\""),
        "{skeleton}"
    );
    assert!(skeleton.contains("项目负责人"), "{skeleton}");
    assert!(validator.is_valid(&as_json(&skeleton)), "{skeleton}");
    // Untouched, it does not pass: the examples and the empty 项目负责人 are flagged.
    let out = jixiao([
        "check".as_ref(),
        new.as_os_str(),
        "--format".as_ref(),
        "short".as_ref(),
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("E019") && err.contains("项目负责人"), "{err}");
    assert!(
        !err.contains("E006"),
        "the form's own title is its name: {err}"
    );
}

#[test]
fn json_of_a_form_of_ones_own_is_not_imported_half() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("t.json");
    let out = jixiao([
        "render".as_ref(),
        own_spec().as_os_str(),
        "-f".as_ref(),
        "json".as_ref(),
        "-o".as_ref(),
        json.as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let back = dir.path().join("back.toml");
    let out = jixiao([
        "import".as_ref(),
        json.as_os_str(),
        "-o".as_ref(),
        back.as_os_str(),
    ]);
    assert_ne!(code(&out), 0);
    let err = stderr(&out);
    assert!(
        err.contains("project.leader") && err.contains("原来的规格文件"),
        "{err}"
    );
    assert!(!back.exists());
}

#[test]
fn a_block_wider_than_the_table_is_found_by_check() {
    // The county's form has five columns (一级, 二级, 三级, 指标值及单位, 绩效标准): a row
    // of seven cells cannot be printed on it, and `check` says so before any render.
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = own_spec().parent().expect("folder").to_path_buf();
    let def = std::fs::read_to_string(folder.join("本县表样.toml")).expect("definition");
    let wide = format!(
        "{def}\n[[block]]\ntype = \"rows\"\ngrid = [{}]\n[[block.row]]\ncell = [{}]\n",
        ["{ share = 1 }"; 7].join(", "),
        ["{ label = \"格\" }"; 7].join(", ")
    );
    std::fs::write(dir.path().join("本县表样.toml"), wide).expect("write");
    let spec = dir.path().join("道路.toml");
    std::fs::copy(own_spec(), &spec).expect("copy");
    let out = jixiao([
        "check".as_ref(),
        spec.as_os_str(),
        "--format".as_ref(),
        "short".as_ref(),
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("E506") && err.contains("需要 7 列") && err.contains("只有 5 列"),
        "{err}"
    );
}

#[test]
fn the_88_table_comes_back_with_long_term_and_annual_side_by_side() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("青山.toml");
    let out = jixiao([
        "import".as_ref(),
        fixture("import/project-88.xlsx").as_os_str(),
        "-o".as_ref(),
        spec.as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&spec).expect("spec");
    assert!(text.contains("layout = \"88号\""), "{text}");
    let html = dir.path().join("青山.html");
    let out = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-o".as_ref(),
        html.as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).expect("html");
    for header in [
        "绩效项目指标表",
        "二级指标(长期)",
        "三级指标(长期)",
        "指标值(长期)",
        "二级指标(年度)",
        "三级指标(年度)",
        "指标值(年度)",
        "当年资金总额",
        "中期目标",
    ] {
        assert!(page.contains(header), "{header}");
    }
    // The 长期 二级 column repeats each annual 二级, as the published table does (in the
    // screen's long table; the printed pages after it show them again, line by line).
    let screen = &page[..page
        .find(r#"<div class="print-pages">"#)
        .unwrap_or(page.len())];
    for level2 in ["可持续影响指标", "服务对象满意度指标"] {
        assert_eq!(screen.matches(level2).count(), 2, "{level2}");
    }
}

/// Renders a spec in one format into `dir`, returning the file.
fn render_to(spec: &std::path::Path, dir: &std::path::Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let format = out.extension().expect("an extension");
    let run = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        format,
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    out
}

#[test]
fn a_layout_defined_in_a_file_is_imported_back_from_its_own_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let workbook = render_to(&own_spec(), dir.path(), "原表.xlsx");
    let back = dir.path().join("导回 的/道路.toml");
    let definition = fixture("forms/本局 表样/本县表样.toml");
    let run = jixiao([
        "import".as_ref(),
        workbook.as_os_str(),
        "--template".as_ref(),
        definition.as_os_str(),
        "-o".as_ref(),
        back.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let text = std::fs::read_to_string(&back).expect("imported spec");
    // The spec names the definition relative to its own folder, and holds the field
    // only the county's form has.
    let written = pathdiff::diff_paths(&definition, back.parent().expect("folder"))
        .expect("relative path")
        .to_string_lossy()
        .replace('\\', "/");
    assert!(
        text.contains(&format!("template = \"{written}\"")),
        "{text}"
    );
    assert!(text.contains("leader = \"王五\""), "{text}");
    let json = |spec: &std::path::Path, name: &str| -> serde_json::Value {
        let path = render_to(spec, dir.path(), name);
        serde_json::from_str(&std::fs::read_to_string(path).expect("json")).expect("JSON")
    };
    // The same table: its JSON export equals the original's, but for the 主管部门 and
    // 实施单位 the county's form does not print (so no workbook of it can carry them).
    let (mut back, mut own) = (json(&back, "back.json"), json(&own_spec(), "own.json"));
    for key in ["department", "unit"] {
        assert_eq!(back["project"][key], "", "{key}");
        assert_eq!(own["project"][key], "湘潭市测试局", "{key}");
        back["project"][key] = serde_json::Value::Null;
        own["project"][key] = serde_json::Value::Null;
    }
    assert_eq!(back, own);
}

#[test]
fn import_by_a_definition_lists_what_its_form_requires() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A 湘潭 申报表 has no 项目负责人, which the county's form requires.
    let out = dir.path().join("导回.toml");
    let run = jixiao([
        "import".as_ref(),
        fixture("import/project-hunan.xlsx").as_os_str(),
        "--template".as_ref(),
        fixture("forms/本局 表样/本县表样.toml").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 1, "{err}");
    assert!(err.contains("E401"), "{err}");
    assert!(err.contains("- 项目负责人"), "{err}");
    assert!(!out.exists());
    // A 自评表 definition is refused with the reason, before anything is read.
    let run = jixiao([
        "import".as_ref(),
        fixture("import/project-hunan.xlsx").as_os_str(),
        "--template".as_ref(),
        root()
            .join("templates/forms/selfeval-project.toml")
            .as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "{err}");
    assert!(err.contains("只支持绩效目标表"), "{err}");
}

#[test]
fn a_department_layout_defined_in_a_file_is_imported_back_from_its_own_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let own = fixture("forms/本局 表样/红会 部门.toml");
    let definition = fixture("forms/本局 表样/本县部门表样.toml");
    let workbook = render_to(&own, dir.path(), "原表.xlsx");
    let import = |to: &std::path::Path, template: bool| {
        let mut args: Vec<std::ffi::OsString> = vec!["import".into(), workbook.clone().into()];
        if template {
            args.extend(["--template".into(), definition.clone().into()]);
        }
        args.extend(["-o".into(), to.into()]);
        jixiao(args)
    };
    // Its labels (填报部门, 部门预算总额, 职能职责, 具体指标 …) are none of the built-in
    // forms' words: read without the definition, the table lacks its essentials.
    let plain = dir.path().join("不按表样.toml");
    let run = import(&plain, false);
    assert_eq!(code(&run), 1, "{}", stderr(&run));
    assert!(!plain.exists());
    // Read by its definition, every field comes back, the definition's own 联系人 too.
    let back = dir.path().join("导回 的/红会.toml");
    let run = import(&back, true);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let text = std::fs::read_to_string(&back).expect("imported spec");
    let written = pathdiff::diff_paths(&definition, back.parent().expect("folder"))
        .expect("relative path")
        .to_string_lossy()
        .replace('\\', "/");
    assert!(
        text.contains(&format!("template = \"{written}\"")),
        "{text}"
    );
    assert!(
        text.contains("contact = \"王小明 0591-87654321\""),
        "{text}"
    );
    assert!(text.contains("# 填报部门"), "{text}");
    let json = |spec: &std::path::Path, name: &str| -> serde_json::Value {
        let path = render_to(spec, dir.path(), name);
        serde_json::from_str(&std::fs::read_to_string(path).expect("json")).expect("JSON")
    };
    assert_eq!(json(&back, "back.json"), json(&own, "own.json"));
}

#[test]
fn emit_template_writes_a_starting_definition_from_the_sheet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let workbook = render_to(&own_spec(), dir.path(), "原表.xlsx");
    let definition = dir.path().join("本局 表样.toml");
    let spec = dir.path().join("导入.toml");
    let args = |force: bool| {
        let mut a: Vec<std::ffi::OsString> = vec![
            "import".into(),
            workbook.clone().into(),
            "--emit-template".into(),
            definition.clone().into(),
            "-o".into(),
            spec.clone().into(),
        ];
        if force {
            a.push("--force".into());
        }
        a
    };
    let run = jixiao(args(false));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let text = std::fs::read_to_string(&definition).expect("definition");
    // The sheet's own title, with its year as a placeholder; the cells no field took.
    assert!(
        text.contains("title = \"{year}年某县项目支出绩效目标申报表\""),
        "{text}"
    );
    assert!(text.contains("：项目负责人\n"), "{text}");
    let check = jixiao(["check".as_ref(), definition.as_os_str()]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    // Never over an existing file without --force.
    let again = jixiao(args(false));
    assert_eq!(code(&again), 2, "{}", stderr(&again));
    let forced = jixiao(args(true));
    assert_eq!(code(&forced), 0, "{}", stderr(&forced));
}

#[test]
fn json_of_a_built_in_layout_imports_by_that_layouts_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = render_to(&project_spec(), dir.path(), "q.json");
    let text = std::fs::read_to_string(&json).expect("json");
    assert!(text.contains("\"layout\": \"88号\""), "{text}");
    let import = |json: &std::path::Path, name: &str| {
        let back = dir.path().join(name);
        let run = jixiao([
            "import".as_ref(),
            json.as_os_str(),
            "-o".as_ref(),
            back.as_os_str(),
        ]);
        (run, back)
    };
    let (run, back) = import(&json, "back.toml");
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let spec = std::fs::read_to_string(back).expect("spec");
    assert!(spec.contains("layout = \"88号\""), "{spec}");
    // A layout no built-in definition has cannot say which fields it holds.
    let other = dir.path().join("other.json");
    std::fs::write(&other, text.replace("\"88号\"", "\"某地\"")).expect("write");
    let (run, back) = import(&other, "other.toml");
    let err = stderr(&run);
    assert_ne!(code(&run), 0, "{err}");
    assert!(err.contains("“某地”不是 jixiao 内置的项目表版式"), "{err}");
    assert!(!back.exists());
}
