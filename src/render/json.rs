//! The JSON export: the normalized table for other systems. No paths, no timestamps, so two
//! specs holding the same table export identical bytes.

use serde::Serialize;

use crate::model::Table;

pub use crate::model::SCHEMA;

#[derive(Serialize)]
struct Export<'a> {
    schema: &'static str,
    #[serde(flatten)]
    table: &'a Table,
}

/// The table as pretty-printed JSON with a trailing newline.
pub fn to_json(table: &Table) -> String {
    let export = Export {
        schema: SCHEMA,
        table,
    };
    // Serializing plain structs of strings, numbers-as-strings and vectors cannot fail.
    let mut s = serde_json::to_string_pretty(&export).expect("a Table is always serializable");
    s.push('\n');
    s
}
