//! A table of the parsed document being read, with its dotted path for messages.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A table being read, with its dotted path for messages.
pub(super) struct Obj<'a, 'i> {
    pub(super) table: &'a DeTable<'i>,
    pub(super) path: String,
    /// Span of the key that named this table (for "missing field" locations).
    pub(super) span: Option<Range<usize>>,
}

/// A value of the document with its span.
type Val<'i> = Spanned<DeValue<'i>>;

impl<'a, 'i> Obj<'a, 'i> {
    pub(super) fn get(&self, key: &str) -> Option<&'a Val<'i>> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    /// A field in words a clerk reads: `绩效指标第 1 条的“target”` inside a row,
    /// `` `budget.total` `` elsewhere (the dotted path is what the spec shows there).
    pub(super) fn named(&self, key: &str) -> String {
        match self.row_name() {
            Some(row) => format!("{row}的“{key}”"),
            None => format!("`{}`", self.full(key)),
        }
    }

    /// A row table's place in words (`绩效指标第 1 条`); `None` for other tables.
    fn row_name(&self) -> Option<String> {
        let (array, rest) = self.path.split_once('[')?;
        let n = rest.strip_suffix(']')?;
        let what = match array {
            "indicators" => "绩效指标",
            "midterm_indicators" => "中期绩效指标",
            "duties" => "年度履职目标",
            _ => return None,
        };
        Some(format!("{what}第 {n} 条"))
    }

    pub(super) fn full(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

/// Where `key` itself is written in `t` (not its value).
pub(super) fn key_span(t: &Obj<'_, '_>, key: &str) -> Option<Range<usize>> {
    t.table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(k, _)| k.span())
}
