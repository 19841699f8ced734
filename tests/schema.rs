//! The JSON Schema written by `jixiao schema` accepts every spec jixiao accepts (the
//! examples and the valid fixtures, both forms) and rejects a wrong type and an unknown key,
//! checked with an independent validator (the `jsonschema` crate).

mod support;

use support::{code, jixiao, stderr};

fn schema() -> serde_json::Value {
    let out = jixiao(["schema"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

fn as_json(toml_text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(toml_text).expect("valid TOML");
    serde_json::to_value(value).expect("TOML converts to JSON")
}

#[test]
fn every_valid_spec_satisfies_the_schema() {
    let validator = jsonschema::validator_for(&schema()).expect("a valid JSON Schema");
    let all = support::valid_specs();
    for path in all {
        let text = std::fs::read_to_string(&path).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&text))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn a_wrong_type_and_an_unknown_key_fail() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let seed = std::fs::read_to_string(support::seed_spec()).unwrap();
    assert!(validator.is_valid(&as_json(&seed)));
    let wrong_type = seed.replacen("year = 2021", "year = \"二〇二一\"", 1);
    assert!(!validator.is_valid(&as_json(&wrong_type)));
    let unknown = seed.replacen("[department]", "[department]\nnmae = \"x\"", 1);
    assert!(!validator.is_valid(&as_json(&unknown)));
    let project = std::fs::read_to_string(support::project_spec()).unwrap();
    assert!(validator.is_valid(&as_json(&project)));
    let bad_amount = project.replacen("total = 10000", "total = \"10000万元\"", 1);
    assert!(!validator.is_valid(&as_json(&bad_amount)));
}

#[test]
fn the_schema_carries_chinese_labels_and_the_taxonomy() {
    let s = schema().to_string();
    for text in [
        "\"title\":\"部门(单位)名称\"",
        "\"title\":\"主管部门编码\"",
        "社会效益指标",
        "定量",
    ] {
        assert!(s.contains(text), "{text}");
    }
}

#[test]
fn init_points_the_editor_at_a_schema_beside_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2027.toml");
    let out = jixiao([
        "init".as_ref(),
        path.as_os_str(),
        "--year".as_ref(),
        "2027".as_ref(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().next(), Some("#:schema ./jixiao.schema.json"));
    let written = std::fs::read_to_string(dir.path().join("jixiao.schema.json")).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&written).unwrap(),
        schema()
    );
    // A schema already there (perhaps the department's own) is left alone.
    std::fs::write(dir.path().join("jixiao.schema.json"), "{}").unwrap();
    let out = jixiao([
        "init".as_ref(),
        dir.path().join("2028.toml").as_os_str(),
        "--year".as_ref(),
        "2028".as_ref(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("jixiao.schema.json")).unwrap(),
        "{}"
    );
}
