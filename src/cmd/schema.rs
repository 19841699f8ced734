//! `jixiao schema`: the JSON Schema of the spec language, for editors.

use std::io::Write;
use std::path::Path;

use jixiao::output::write_atomic;
use jixiao::spec::schema;

use super::Outcome;

/// Writes the schema to `output`, or to standard output.
pub fn run(output: Option<&Path>) -> Outcome {
    let text = match jixiao::document::forced_template() {
        Some(def) => schema::pretty(&schema::for_definition(def)),
        None => schema::to_string(),
    };
    match output {
        Some(path) => match write_atomic(path, text.as_bytes(), true) {
            Ok(()) => {
                eprintln!("已生成 {}", jixiao::console::show(path));
                Outcome::Ok
            }
            Err(e) => {
                eprintln!("错误：{e}");
                Outcome::Failure
            }
        },
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`jixiao schema | head`) is not an error.
            let _ = out.write_all(text.as_bytes());
            Outcome::Ok
        }
    }
}
