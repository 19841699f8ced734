//! A small tolerant tag scanner: markup split into tags and text runs, tag names and
//! attribute values read case-insensitively by local name.

use super::entities::decode_entities;

/// One tag or text run.
#[derive(Debug)]
pub(super) enum Tok<'a> {
    Open(String, &'a str, bool),
    Close(String),
    Text(&'a str),
}

/// Splits markup into tags and texts; comments, doctypes and processing instructions are
/// skipped; `<script>`/`<style>` contents are dropped.
pub(super) fn scan(src: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = src;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Tok::Text(rest));
            break;
        };
        if lt > 0 {
            out.push(Tok::Text(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            out.push(Tok::Text(rest));
            break;
        };
        let inner = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = inner.strip_prefix('/') {
            out.push(Tok::Close(tag_name(name)));
            continue;
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name = tag_name(inner);
        let attrs = &inner[inner.find(char::is_whitespace).unwrap_or(inner.len())..];
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower
                .find(&close)
                .and_then(|e| rest[e..].find('>').map(|g| &rest[e + g + 1..]))
                .unwrap_or("");
            continue;
        }
        out.push(Tok::Open(name, attrs, self_closing));
    }
    out
}

/// Lower-cased local name (`ss:Cell` → `cell`).
fn tag_name(s: &str) -> String {
    let raw = s
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("");
    let local = raw.rsplit(':').next().unwrap_or(raw);
    local.to_ascii_lowercase()
}

/// An attribute value by local name, case-insensitive (`ss:MergeAcross`, `colspan`).
pub(super) fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let before_ok = at == 0 || {
            let b = lower.as_bytes()[at - 1];
            b == b':' || b.is_ascii_whitespace()
        };
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = attrs.len() - rest.len() + 1;
        let v = attrs[value_start..].trim_start();
        let (quote, body) = match v.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &v[1..]),
            _ => (None, v),
        };
        let end = match quote {
            Some(q) => body.find(q).unwrap_or(body.len()),
            None => body.find(char::is_whitespace).unwrap_or(body.len()),
        };
        return Some(decode_entities(&body[..end]));
    }
    None
}
