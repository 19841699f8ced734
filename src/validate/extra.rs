//! The fields a definition adds beyond its model's own (a bureau's 项目负责人, say): each
//! is checked by its type and kept as the text the form prints.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::spec::fields::Value;
use crate::spec::{RawSpec, Sp};

/// Keys of the file's top that are settings, not fields of the form.
const SETTINGS: &[&str] = &["year", "layout"];

/// The added fields' display text by spec path; `typed` tells the model's own paths.
pub(crate) fn values(
    raw: &RawSpec,
    typed: impl Fn(&str) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (path, value) in &raw.values {
        if typed(path) || SETTINGS.contains(&path.as_str()) {
            continue;
        }
        let text = match &value.value {
            Value::Text(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Amount(lit) => {
                let label = raw
                    .definition
                    .and_then(|d| d.field(path))
                    .map_or(path.as_str(), |f| f.label.as_str());
                let lit = Sp {
                    value: lit.clone(),
                    span: value.span.clone(),
                };
                match super::amounts::amount(&lit, label, diags) {
                    Some(d) => crate::money::format_money(d),
                    None => continue,
                }
            }
        };
        out.insert(path.clone(), text);
    }
    out
}
