//! Hostile files: each is read in bounded time and memory and refused (or imported) with a
//! Chinese message, never a hang. Every case ran for minutes (or forever) before its fix;
//! here each must end within seconds, in the debug build the tests use.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use proptest::prelude::*;

/// Far below what these inputs took before (from 23 s to forever, in release builds), far
/// above what they take now (well under a second, in debug builds).
const DEADLINE: Duration = Duration::from_secs(20);
/// What a run may take and still count as fast.
const FAST: Duration = Duration::from_secs(5);

fn regression(name: &str) -> PathBuf {
    support::fixture("regressions/import").join(name)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Imports `file` into a fresh folder; returns the run's stderr and exit code.
fn import_quickly(file: &Path) -> (String, Option<i32>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("导入.toml");
    let (out, took) = support::jixiao_within(
        [
            "import".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            spec.as_os_str(),
        ],
        DEADLINE,
    );
    assert!(took < FAST, "{}: took {took:?}", file.display());
    (stderr(&out), out.status.code())
}

#[test]
fn an_ods_row_repeated_2_pow_64_times_stops_at_the_last_row() {
    let (err, code) = import_quickly(&regression("ods-row-repeat-2pow64.ods"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("表格过大"), "{err}");
}

#[test]
fn eighty_thousand_ods_styles_are_skipped_in_linear_time() {
    let (err, code) = import_quickly(&regression("ods-80k-styles.ods"));
    // One cell and no goal table: read through and refused for what it lacks.
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("没有找到绩效目标表"), "{err}");
}

#[test]
fn xml_2003_sheets_of_one_huge_merge_each_are_refused_as_a_whole() {
    let (err, code) = import_quickly(&regression("xml2003-100-sheet-merges.xls"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("工作簿过大"), "{err}");
}

#[test]
fn html_with_many_script_tags_is_read_in_linear_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("脚本.xls");
    // 160,000 pairs, 2.7 MB: 23 s in a release build when every tag lowered the rest.
    let mut html = String::from("<html><body><table><tr><td>产出指标</td></tr>");
    html.push_str(&"<script></script>".repeat(160_000));
    html.push_str("<tr><td>满意度指标</td></tr></table></body></html>");
    std::fs::write(&page, html).expect("write");
    let (err, code) = import_quickly(&page);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("没有找到绩效目标表"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_spec_linked_to_dev_zero_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("表.toml");
    std::os::unix::fs::symlink("/dev/zero", &spec).expect("link");
    let (out, took) = support::jixiao_within(["check".as_ref(), spec.as_os_str()], DEADLINE);
    assert!(took < FAST, "took {took:?}");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));
}

#[cfg(target_os = "linux")]
#[test]
fn a_spec_that_is_a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("表.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&spec)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (out, took) = support::jixiao_within(["check".as_ref(), spec.as_os_str()], DEADLINE);
    assert!(took < FAST, "took {took:?}");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));
}

/// One of the shapes that once cost quadratic time or unbounded memory, `n` times over.
#[derive(Clone, Debug)]
enum Shape {
    /// `<script></script>` pairs (HTML): each lowered the rest of the document.
    ScriptPairs,
    /// `<style:style>` elements (.ods): the same scan, in another reader.
    OdsStyles,
    /// An .ods row with text repeated a huge number of times.
    OdsRowRepeat(u64),
    /// `<text:s text:c="1000"/>` runs inside one .ods cell: a thousand spaces each (80 MB
    /// of spaces from 1.8 MB of markup at the most).
    OdsSpaces,
    /// Many .ods rows, each a cell of `text:s` runs: spaces past a cell's limit, in every
    /// row (the file's budget for them, 64 MB, is measured on release builds: 190 MB of
    /// such rows import in about a second).
    OdsSpaceRows,
    /// .ods cells repeated across all columns, in rows repeated down.
    OdsCellRepeat(u64),
    /// XML 2003 sheets holding one huge merge each.
    XmlSheetMerges,
    /// HTML cells spanning many rows and columns.
    HtmlSpans(u32, u32),
}

fn shape() -> impl Strategy<Value = (Shape, usize)> {
    let shape = prop_oneof![
        Just(Shape::ScriptPairs),
        Just(Shape::OdsStyles),
        prop_oneof![Just(u64::MAX), Just(100_000_000u64), 1u64..200_000]
            .prop_map(Shape::OdsRowRepeat),
        Just(Shape::OdsSpaces),
        Just(Shape::OdsSpaceRows),
        prop_oneof![Just(u64::MAX), 1u64..100_000].prop_map(Shape::OdsCellRepeat),
        Just(Shape::XmlSheetMerges),
        (1u32..200_000, 1u32..300).prop_map(|(r, c)| Shape::HtmlSpans(r, c)),
    ];
    (shape, 1usize..10_000)
}

const ODS_HEAD: &str = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x" xmlns:style="s"><office:body><office:spreadsheet>"#;
const ODS_TAIL: &str = "</office:spreadsheet></office:body></office:document-content>";

/// Runs the reader the shape is aimed at on `n` repetitions of it.
fn read_shape(shape: &Shape, n: usize) {
    use jixiao::import::markup::{parse_html, parse_ods, parse_xml2003};
    match shape {
        Shape::ScriptPairs => {
            let html = format!(
                "<table>{}<tr><td>a</td></tr></table>",
                "<SCRIPT></script>".repeat(n)
            );
            let _ = parse_html("a.xls", &html);
        }
        Shape::OdsStyles => {
            let styles =
                r#"<style:style style:name="ce1"><style:table-cell-properties/></style:style>"#;
            let ods = format!(
                "{ODS_HEAD}{}<table:table table:name=\"a\"/>{ODS_TAIL}",
                styles.repeat(n)
            );
            let _ = parse_ods("a.ods", &ods);
        }
        Shape::OdsRowRepeat(k) => {
            let row = format!(
                r#"<table:table-row table:number-rows-repeated="{k}"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>"#
            );
            let ods = format!(
                "{ODS_HEAD}<table:table>{}</table:table>{ODS_TAIL}",
                row.repeat(n.min(50))
            );
            let _ = parse_ods("a.ods", &ods);
        }
        Shape::OdsSpaces => {
            let ods = format!(
                "{ODS_HEAD}<table:table><table:table-row><table:table-cell><text:p>{}</text:p></table:table-cell></table:table-row></table:table>{ODS_TAIL}",
                r#"<text:s text:c="1000"/>"#.repeat(n * 2)
            );
            let _ = parse_ods("a.ods", &ods);
        }
        Shape::OdsSpaceRows => {
            let row = format!(
                "<table:table-row><table:table-cell><text:p>x{}y</text:p></table:table-cell></table:table-row>",
                r#"<text:s text:c="1000"/>"#.repeat(300)
            );
            let ods = format!(
                "{ODS_HEAD}<table:table>{}</table:table>{ODS_TAIL}",
                row.repeat(n.min(40))
            );
            let _ = parse_ods("a.ods", &ods);
        }
        Shape::OdsCellRepeat(k) => {
            let row = format!(
                r#"<table:table-row table:number-rows-repeated="{k}"><table:table-cell table:number-columns-repeated="{k}"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
                "长".repeat(1000)
            );
            let ods = format!(
                "{ODS_HEAD}<table:table>{}</table:table>{ODS_TAIL}",
                row.repeat(n.min(20))
            );
            let _ = parse_ods("a.ods", &ods);
        }
        Shape::XmlSheetMerges => {
            let sheet = r#"<Worksheet ss:Name="S"><Table><Row><Cell ss:MergeAcross="255" ss:MergeDown="7800"/></Row></Table></Worksheet>"#;
            let xml = format!(
                r#"<?xml version="1.0"?><Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">{}</Workbook>"#,
                sheet.repeat(n.min(2_000))
            );
            let _ = parse_xml2003("a.xls", &xml);
        }
        Shape::HtmlSpans(rows, cols) => {
            let cell = format!(r#"<td rowspan="{rows}" colspan="{cols}">x</td>"#);
            let html = format!(
                "<table>{}</table>",
                format!("<tr>{cell}{cell}</tr>").repeat(n.min(5_000))
            );
            let _ = parse_html("a.xls", &html);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the shape and its count, the reader ends within seconds.
    #[test]
    fn hostile_shapes_are_read_in_bounded_time((shape, n) in shape()) {
        let started = std::time::Instant::now();
        read_shape(&shape, n);
        let took = started.elapsed();
        prop_assert!(took < FAST, "{shape:?} × {n}: {took:?}");
    }
}

/// The seed with `edit` applied to its text, in a fresh folder.
fn seed_with(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("大.toml");
    let seed = std::fs::read_to_string(support::seed_spec()).expect("seed");
    std::fs::write(&spec, edit(seed)).expect("write");
    (dir, spec)
}

fn check_quickly(spec: &Path) -> String {
    let (out, took) = support::jixiao_within(["check".as_ref(), spec.as_os_str()], DEADLINE);
    assert!(took < FAST, "took {took:?}");
    assert_eq!(out.status.code(), Some(1));
    stderr(&out)
}

#[test]
fn a_spec_of_100_000_indicators_is_refused_at_the_limit() {
    let (_dir, spec) = seed_with(|mut text| {
        for i in 0..100_000 {
            text.push_str(&format!(
                "\n[[indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"指标{i}\"\ntarget = \"≥{i}次\"\n"
            ));
        }
        text
    });
    let err = check_quickly(&spec);
    assert!(err.contains("错误[E012]"), "{err}");
    assert!(err.contains("第 20001 行"), "{err}");
}

#[test]
fn a_ten_megabyte_string_is_refused_at_the_limit() {
    let (_dir, spec) = seed_with(|text| {
        let name = "name = \"福建省红十字会(本级)\"";
        assert!(text.contains(name));
        text.replacen(name, &format!("name = \"{}\"", "长".repeat(3_400_000)), 1)
    });
    let err = check_quickly(&spec);
    assert!(
        err.contains("错误[E011]"),
        "{}",
        &err[..err.len().min(2000)]
    );
    // The report shows the start of the string, not ten megabytes of it.
    assert!(err.len() < 10_000, "{} bytes of report", err.len());
}

#[test]
fn the_slowest_inputs_the_markup_fuzzer_found_stay_fast() {
    // libFuzzer's slowest unit of `import_markup` (0.9 s under AddressSanitizer, 40 ms in a
    // release build), made valid UTF-8 for the importer: rows and columns repeated up to a
    // million times over, in a copy of the seed workbook's sheets.
    let (err, code) = import_quickly(&regression("ods-fuzz-slow-repeats.ods"));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("没有找到绩效目标表"), "{err}");
}
