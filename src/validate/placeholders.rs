//! The example words of a skeleton (`某某项目`, `某某局`) left in a spec: `init` writes
//! them so the clerk sees what goes where, and a table that still holds them must not pass.
//! The examples are read from the form's own skeleton and looked for in the form's sheet,
//! so every form and field is covered alike.

use crate::diag::{Code, Diagnostic};
use crate::model::Table;
use crate::sheet::Sheet;
use crate::spec::paths::PathIndex;

/// The mark of an example in a skeleton: "so-and-so".
const EXAMPLE_MARK: &str = "某某";

/// Flags the cells of `sheet` (built from `table`) that still hold an example.
pub(super) fn check(text: &str, table: &Table, sheet: &Sheet, diags: &mut Vec<Diagnostic>) {
    // Most specs hold no mark at all: the skeleton is read only when one does.
    let mut marked = sheet
        .cells
        .iter()
        .filter(|c| !c.path.is_empty() && c.paras.iter().any(|p| p.contains(EXAMPLE_MARK)));
    let Some(first) = marked.next() else { return };
    let examples = examples(table);
    let mut index: Option<PathIndex> = None;
    for cell in std::iter::once(first).chain(marked) {
        if !examples.contains(&cell.paras.join("")) {
            continue;
        }
        let index = index.get_or_insert_with(|| PathIndex::of(text));
        let span = index.value_span(&cell.path).unwrap_or(0..0);
        diags.push(
            Diagnostic::at(
                Code::ExampleText,
                span,
                format!(
                    "{}还是模板中的示例文字“{}”",
                    cell.field,
                    cell.paras.join("")
                ),
            )
            .with_hint("改成本单位的实际内容；用不到的指标整段删去"),
        );
    }
}

/// The example texts of the table's skeleton: its string values holding the mark.
fn examples(table: &Table) -> Vec<String> {
    let skeleton = (crate::forms::entry(table.form()).skeleton)().replace("{{YEAR}}", "2000");
    let Ok(doc) = skeleton.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The examples a definition gives its own fields (a skeleton from `init --template`).
    for field in table.definition().sections.iter().flat_map(|s| &s.fields) {
        let Some(example) = &field.example else {
            continue;
        };
        if let Ok(t) = format!("x = {example}").parse::<toml::Table>()
            && let Some(toml::Value::String(s)) = t.get("x")
            && s.contains(EXAMPLE_MARK)
        {
            out.push(s.trim().to_owned());
        }
    }
    let mut stack: Vec<&toml::Value> = doc.values().collect();
    while let Some(v) = stack.pop() {
        match v {
            toml::Value::String(s) if s.contains(EXAMPLE_MARK) => out.push(s.trim().to_owned()),
            toml::Value::Array(items) => stack.extend(items),
            toml::Value::Table(t) => stack.extend(t.values()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::diag::Code;
    use crate::validate::check_text;

    #[test]
    fn an_example_name_is_an_error_and_a_real_one_is_not() {
        let spec = |name: &str| {
            format!(
                "form = \"项目支出绩效目标表\"\nyear = 2027\n[project]\nname = \"{name}\"\n\
                 department = \"青山区教育局\"\nunit = \"青山区教育局\"\n[funds]\ntotal = 1\n\
                 fiscal = 1\n[goals]\nannual = \"完成建设\"\n[[indicators]]\nlevel1 = \"产出指标\"\n\
                 level2 = \"数量指标\"\nname = \"建成校舍\"\ntarget = \"≥1所\"\n"
            )
        };
        let flagged = |name: &str| {
            check_text(&spec(name))
                .diagnostics
                .iter()
                .any(|d| d.code == Code::ExampleText)
        };
        assert!(flagged("某某项目"));
        assert!(!flagged("校舍建设"));
        // Only the skeleton's own examples: a made-up name in a test is not one.
        assert!(!flagged("某某市某某局"));
    }
}
