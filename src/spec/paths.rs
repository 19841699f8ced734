//! Where each value of a spec is written: dotted paths (`budget.total`,
//! `indicators[3].target`) with their byte spans, read from the spanned TOML document.
//!
//! The paths are the ones a [`Sheet`](crate::sheet::Sheet) cell names as its
//! source, so a tool holding a diagnostic's byte span can find the cells it is about.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Every value of a document with its path and span, in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathIndex {
    entries: Vec<(String, Range<usize>)>,
    /// The span of each entry's value alone, in the same order.
    values: Vec<Range<usize>>,
}

impl PathIndex {
    /// Indexes spec text. Text with TOML syntax errors is read as far as the parser can
    /// recover, so a broken value (`total = 2120.91"`) still has its path and span.
    pub fn of(text: &str) -> Self {
        let (doc, _errors) = DeTable::parse_recoverable(text);
        let mut index = Self::default();
        index.table(doc.get_ref(), "");
        index
    }

    /// The most specific path whose written span holds the byte range `span` (its start,
    /// for an empty span), or `None` when it lies outside every value (a comment, a
    /// header of its own).
    pub fn path_at(&self, span: &Range<usize>) -> Option<&str> {
        let hit = |r: &Range<usize>| {
            if span.is_empty() {
                // A parser error at the end of a value (an unclosed string) still counts.
                r.start <= span.start && span.start <= r.end
            } else {
                r.start <= span.start && span.end <= r.end
            }
        };
        self.entries
            .iter()
            .filter(|(_, r)| hit(r))
            .min_by_key(|(p, r)| (r.end - r.start, std::cmp::Reverse(p.len())))
            .map(|(p, _)| p.as_str())
    }

    /// Where the value at `path` is written (the value alone, without its key), or `None`
    /// when the spec does not write it.
    pub fn value_span(&self, path: &str) -> Option<Range<usize>> {
        let i = self.entries.iter().position(|(p, _)| p == path)?;
        self.values.get(i).cloned()
    }

    /// All paths, in document order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(p, _)| p.as_str())
    }

    fn push(&mut self, path: String, span: Range<usize>, value: Range<usize>) {
        self.entries.push((path, span));
        self.values.push(value);
    }

    fn table(&mut self, table: &DeTable<'_>, prefix: &str) {
        for (key, value) in table {
            let path = join(prefix, key.get_ref());
            // The key and its value together, so a diagnostic on either finds the entry.
            let key_span = key.span();
            let span = key_span.start.min(value.span().start)..value.span().end.max(key_span.end);
            self.value(value, path, span);
        }
    }

    fn value(&mut self, value: &Spanned<DeValue<'_>>, path: String, span: Range<usize>) {
        match value.get_ref() {
            DeValue::Table(t) => {
                self.push(path.clone(), span, value.span());
                self.table(t, &path);
            }
            DeValue::Array(items) => {
                self.push(path.clone(), span, value.span());
                for (i, item) in items.iter().enumerate() {
                    self.value(item, format!("{path}[{i}]"), item.span());
                }
            }
            _ => self.push(path, span, value.span()),
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Whether a cell showing `cell` is about the value at `path`: the same value, a part of
/// it (a row's cells for a diagnostic on the whole row), or the whole of which `path` is
/// a part (`indicators[2].target` for `indicators[2].target.value`).
pub fn related(cell: &str, path: &str) -> bool {
    fn within(inner: &str, outer: &str) -> bool {
        inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    }
    !cell.is_empty()
        && !path.is_empty()
        && (cell == path || within(cell, path) || within(path, cell))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"form = "部门整体支出绩效目标表"
year = 2021

[budget]
total = 2120.91
project = "1000.00"

[[indicators]]
level1 = "产出指标"
target = { op = "≥", value = "300", unit = "册" }

[[indicators]]
level1 = "效益指标"
name = "群众满意度"
"#;

    fn at(index: &PathIndex, needle: &str) -> Option<String> {
        let start = SPEC.find(needle).expect("needle in spec");
        index
            .path_at(&(start..start + needle.len()))
            .map(str::to_owned)
    }

    #[test]
    fn values_are_found_by_their_spans() {
        let index = PathIndex::of(SPEC);
        assert_eq!(at(&index, "2120.91").as_deref(), Some("budget.total"));
        assert_eq!(at(&index, "total").as_deref(), Some("budget.total"));
        assert_eq!(at(&index, "\"1000.00\"").as_deref(), Some("budget.project"));
        assert_eq!(
            at(&index, "\"300\"").as_deref(),
            Some("indicators[0].target.value")
        );
        assert_eq!(
            at(&index, "\"群众满意度\"").as_deref(),
            Some("indicators[1].name")
        );
        assert_eq!(at(&index, "2021").as_deref(), Some("year"));
    }

    #[test]
    fn an_empty_span_finds_the_value_it_starts_in() {
        let index = PathIndex::of(SPEC);
        let start = SPEC.find("2120.91").expect("amount");
        assert_eq!(index.path_at(&(start..start)), Some("budget.total"));
    }

    #[test]
    fn every_path_is_listed() {
        let index = PathIndex::of(SPEC);
        let paths: Vec<&str> = index.paths().collect();
        for p in [
            "form",
            "budget",
            "budget.total",
            "indicators",
            "indicators[0]",
            "indicators[0].target",
            "indicators[0].target.unit",
            "indicators[1].level1",
        ] {
            assert!(paths.contains(&p), "{p} missing from {paths:?}");
        }
    }

    #[test]
    fn a_value_broken_by_a_syntax_error_is_still_found() {
        for (text, error) in [
            ("[budget]\ntotal = 2120.91\"\nproject = 1\n", 24..25),
            ("[budget]\ntotal = \nproject = 1\n", 17..17),
            ("[budget]\ntotal = 21 20\nproject = 1\n", 17..22),
            ("[budget]\ntotal = \"abc\nproject = 1\n", 21..21),
        ] {
            let (_, errors) = DeTable::parse_recoverable(text);
            assert_eq!(errors[0].span(), Some(error.clone()), "{text:?}");
            assert_eq!(
                PathIndex::of(text).path_at(&error),
                Some("budget.total"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn related_paths() {
        assert!(related("budget.total", "budget.total"));
        assert!(related(
            "indicators[2].target",
            "indicators[2].target.value"
        ));
        assert!(related("indicators[2].name", "indicators[2]"));
        assert!(!related("indicators[12].name", "indicators[1]"));
        assert!(!related("budget.total", "budget.totals"));
        assert!(!related("", "budget"));
        assert!(!related("budget.total", ""));
    }
}
