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
/// skipped; `<script>`/`<style>` contents are dropped. Tokens are made as they are read,
/// so a document of millions of tiny tags never holds them all at once.
pub(super) fn scan(src: &str) -> Scan<'_> {
    Scan {
        rest: src,
        pending: None,
    }
}

/// The tokens of a document, one at a time.
pub(super) struct Scan<'a> {
    rest: &'a str,
    /// A tag read together with the text before it, given out next.
    pending: Option<Tok<'a>>,
}

impl<'a> Iterator for Scan<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        if let Some(tok) = self.pending.take() {
            return Some(tok);
        }
        while !self.rest.is_empty() {
            let rest = self.rest;
            let Some(lt) = rest.find('<') else {
                self.rest = "";
                return Some(Tok::Text(rest));
            };
            let (text, tag) = rest.split_at(lt);
            self.rest = tag;
            let tok = self.tag();
            match (text.is_empty(), tok) {
                (true, Some(tok)) => return Some(tok),
                (true, None) => {}
                (false, tok) => {
                    self.pending = tok;
                    return Some(Tok::Text(text));
                }
            }
        }
        None
    }
}

impl<'a> Scan<'a> {
    /// Reads the markup at `self.rest` (which starts with `<`): a tag, or `None` for what
    /// is skipped.
    fn tag(&mut self) -> Option<Tok<'a>> {
        let rest = self.rest;
        if let Some(after) = rest.strip_prefix("<!--") {
            self.rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            return None;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            self.rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            return None;
        }
        let Some(gt) = rest.find('>') else {
            self.rest = "";
            return Some(Tok::Text(rest));
        };
        let inner = &rest[1..gt];
        let after = &rest[gt + 1..];
        self.rest = after;
        if let Some(name) = inner.strip_prefix('/') {
            return Some(Tok::Close(tag_name(name)));
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name = tag_name(inner);
        let attrs = &inner[inner.find(char::is_whitespace).unwrap_or(inner.len())..];
        if (name == "script" || name == "style") && !self_closing {
            self.rest = find_close(after, &name)
                .and_then(|e| after[e..].find('>').map(|g| &after[e + g + 1..]))
                .unwrap_or("");
            return None;
        }
        Some(Tok::Open(name, attrs, self_closing))
    }
}

/// Where the first `</name` (any case) starts in `rest`. Only the bytes up to it are
/// looked at, so skipping many short `<script>`s in a row stays linear in the document.
fn find_close(rest: &str, name: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let name = name.as_bytes();
    let mut from = 0;
    while let Some(pos) = rest[from..].find("</") {
        let at = from + pos;
        let tail = &bytes[at + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        from = at + 2;
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    fn opens(toks: &[Tok<'_>]) -> Vec<String> {
        toks.iter()
            .filter_map(|t| match t {
                Tok::Open(n, ..) => Some(n.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn script_and_style_contents_are_skipped_in_any_case() {
        let toks: Vec<_> =
            scan("<td>a</td><SCRIPT>x<td></ScRiPt><td>b</td><style/><td>c</td>").collect();
        assert_eq!(opens(&toks), ["td", "td", "style", "td"]);
        assert_eq!(find_close("ab</STYLE>", "style"), Some(2));
        assert_eq!(find_close("ab</styl", "style"), None);
        let texts: Vec<_> = scan("a<b>c<!-- x -->d<e")
            .filter_map(|t| match t {
                Tok::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["a", "c", "d", "<e"]);
    }
}
