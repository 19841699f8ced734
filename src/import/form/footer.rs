//! What the department form prints outside its ruled table: the `填报单位（盖章）：…　单位：万元`
//! line above it, and the notes and the signature line below it. They are read into the
//! department definitions' optional `signature` section and `notes` field, so that a
//! re-render prints the same words.

use super::Cx;
use super::labels::norm;

/// Signature labels (folded: half-width colon) and the field each names; longer labels
/// first, so 单位负责人 is not read as 负责人.
const SIGNATURE: &[(&str, &str)] = &[
    ("单位负责人", "signature.leader"),
    ("填表日期", "signature.date"),
    ("填报日期", "signature.date"),
    ("联系电话", "signature.phone"),
    ("负责人", "signature.leader"),
    ("填表人", "signature.filler"),
    ("填报人", "signature.filler"),
    ("电话", "signature.phone"),
];

/// Reads the rows from `from` (the first footer row) to the end of the sheet: signature
/// lines into their fields, `注：` / `说明：` and the lines that follow them into `notes`.
/// Anything else is left for the unused-cell report.
pub(super) fn read_footer(cx: &mut Cx<'_>, from: usize) {
    let g = cx.g;
    let mut notes: Vec<(String, usize, usize)> = Vec::new();
    let mut in_notes = false;
    for r in from..g.height() {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c).trim();
            if t.is_empty() || g.is_hidden(r) {
                cx.used.insert((r, c));
                continue;
            }
            let pairs = signature_pairs(t);
            if !pairs.is_empty() {
                cx.used.insert((r, c));
                for (path, value) in pairs {
                    set(cx, path, value, r, c);
                }
                in_notes = false;
                continue;
            }
            let n = norm(t);
            if ["注:", "说明:", "备注:", "填表说明:"]
                .iter()
                .any(|p| n.starts_with(p))
            {
                in_notes = true;
            }
            if in_notes {
                cx.used.insert((r, c));
                notes.push((t.to_owned(), r, c));
            }
        }
    }
    if let Some(&(_, r, c)) = notes.first() {
        let text = notes
            .iter()
            .map(|(t, _, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        set(cx, "notes", text, r, c);
    }
}

/// The unit of a `填报单位（盖章）：福建省…　　单位：万元` line, when the text is one.
pub(super) fn filling_unit(text: &str) -> Option<String> {
    let s = text.trim().replace('：', ":");
    let head = norm(&s);
    if !(head.starts_with("填报单位") || head.starts_with("编制单位")) {
        return None;
    }
    let (_, rest) = s.split_once(':')?;
    // `填报单位:(盖章) 某局`: the seal note after the colon.
    let rest = rest.trim_start();
    let rest = ["(盖章)", "（盖章）"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .map_or(rest, |r| r.trim_start().trim_start_matches(':'));
    // The money unit written after it: `单位:万元`, `金额单位:万元`.
    let unit = match rest.rfind("单位:") {
        Some(i) => {
            let before = rest[..i].trim_end();
            before.strip_suffix("金额").unwrap_or(before)
        }
        None => rest,
    };
    let unit = unit.trim();
    (!unit.is_empty()).then(|| unit.to_owned())
}

/// Sets a field the definition adds beyond the model's typed ones (the first value
/// found wins), with the cell it came from.
pub(super) fn set(cx: &mut Cx<'_>, path: &str, value: String, r: usize, c: usize) {
    if value.is_empty() || cx.out.spec.extra.iter().any(|(p, _)| p == path) {
        return;
    }
    cx.take(path, r, c);
    cx.out.spec.extra.push((path.to_owned(), value));
}

/// `单位负责人：李四　　填表人：张三　　联系电话：0591-…` → the fields and their values, when
/// the text starts with a signature label followed by a colon.
fn signature_pairs(text: &str) -> Vec<(&'static str, String)> {
    let s = text.trim().replace('：', ":");
    // (label start, value start, field) in text order.
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let hit = SIGNATURE.iter().find_map(|&(label, path)| {
            let after = rest.strip_prefix(label)?;
            let trimmed = after.trim_start();
            trimmed.strip_prefix(':').map(|v| (s.len() - v.len(), path))
        });
        match hit {
            Some((value_start, path)) => {
                found.push((i, value_start, path));
                i = value_start;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if found.first().is_none_or(|&(start, _, _)| start != 0) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, &(_, value_start, path)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(s.len(), |&(next, _, _)| next);
        out.push((path, s[value_start..end].trim().to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_line_is_split_into_its_fields() {
        let pairs = signature_pairs(
            "单位负责人：李四        填表人：张三        联系电话：0591-87654321        填报日期：2023年1月10日",
        );
        assert_eq!(
            pairs,
            vec![
                ("signature.leader", "李四".to_owned()),
                ("signature.filler", "张三".to_owned()),
                ("signature.phone", "0591-87654321".to_owned()),
                ("signature.date", "2023年1月10日".to_owned()),
            ]
        );
        assert_eq!(
            signature_pairs("填表人：王五    联系电话：0730-8888888"),
            vec![
                ("signature.filler", "王五".to_owned()),
                ("signature.phone", "0730-8888888".to_owned()),
            ]
        );
        // An empty field reads as empty; a note that mentions a phone is not a signature.
        assert_eq!(
            signature_pairs("填表人：   联系电话：1"),
            vec![
                ("signature.filler", String::new()),
                ("signature.phone", "1".to_owned())
            ]
        );
        assert!(signature_pairs("注：联系电话：123").is_empty());
    }

    #[test]
    fn the_filling_unit_is_read_without_the_money_unit() {
        assert_eq!(
            filling_unit("填报单位（盖章）：福建省测试宣传中心                单位：万元")
                .as_deref(),
            Some("福建省测试宣传中心")
        );
        assert_eq!(
            filling_unit("填报单位:(盖章) 某局 金额单位:万元").as_deref(),
            Some("某局")
        );
        assert_eq!(filling_unit("填报单位（盖章）：　　单位：万元"), None);
        assert_eq!(filling_unit("部门(单位)名称"), None);
    }
}
