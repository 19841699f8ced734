//! The preview page: the form exactly as `render -f html` writes it, with the panel, its
//! style and the script that keeps the page current put in. Nothing of the form's own
//! markup is changed; the script marks cells in the browser only.

use super::state::Snapshot;

/// The panel's style (screen only: a printed preview is the plain form).
const STYLE: &str = include_str!("preview.css");
/// The script: listens on `/events`, reads `/state.json`, swaps the form, marks cells.
const SCRIPT: &str = include_str!("preview.js");

/// The page shown before any form has passed the check.
const EMPTY_FORM: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>jixiao 预览</title>\n<style>\n</style>\n</head>\n<body>\n<main class=\"sheet\"></main>\n</body>\n</html>\n";

/// The panel, filled in by the script from `/state.json`.
fn panel(now: &Snapshot) -> String {
    // Both are digits and hex from the program itself: nothing to escape.
    let (form_version, session) = (now.form_version, &now.session);
    format!(
        "<aside id=\"jx-panel\" class=\"jx-panel\" data-form-version=\"{form_version}\" data-session=\"{session}\" aria-live=\"polite\">\n\
<div class=\"jx-bar\"><strong class=\"jx-brand\">jixiao 预览</strong><span id=\"jx-file\" class=\"jx-file\"></span>\
<span id=\"jx-headline\" class=\"jx-headline\">正在载入……</span>\
<span id=\"jx-checking\" class=\"jx-checking\"></span>\
<span class=\"jx-links\"><a id=\"jx-pdf\" href=\"/form.pdf\" target=\"_blank\" rel=\"noopener\">PDF</a>\
<a id=\"jx-xlsx\" href=\"/form.xlsx\" download>Excel</a></span></div>\n\
<ol id=\"jx-diags\" class=\"jx-diags\"></ol>\n</aside>\n"
    )
}

/// The preview page around a rendered form (or around an empty sheet when none passed),
/// as of the snapshot `now`.
pub fn assemble(form_html: Option<&str>, now: &Snapshot) -> String {
    let html = form_html.unwrap_or(EMPTY_FORM);
    let style = format!("<style id=\"jx-style\">\n{STYLE}</style>\n");
    let script = format!("<script>\n{SCRIPT}</script>\n");
    let mut out = String::with_capacity(html.len() + style.len() + script.len() + 1024);
    let head_end = html.find("</head>");
    let body_start = html
        .find("<body")
        .and_then(|at| html[at..].find('>').map(|e| at + e + 1));
    let body_end = html.rfind("</body>");
    match (head_end, body_start, body_end) {
        (Some(h), Some(b), Some(e)) if h < b && b <= e => {
            out.push_str(&html[..h]);
            out.push_str(&style);
            out.push_str(&html[h..b]);
            out.push('\n');
            out.push_str(&panel(now));
            out.push_str(&html[b..e]);
            out.push_str(&script);
            out.push_str(&html[e..]);
        }
        // A form without the usual skeleton cannot come from the built-in templates; show
        // it after the panel rather than fail.
        _ => {
            out.push_str(&style);
            out.push_str(&panel(now));
            out.push_str(html);
            out.push_str(&script);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preview::state::Status;

    fn now(form_version: u64) -> Snapshot {
        Snapshot {
            version: 1,
            status: Status::Ok,
            headline: String::new(),
            session: "1f-2a".to_owned(),
            file: "表.toml".to_owned(),
            name: "表".to_owned(),
            form_version,
            has_form: true,
            stale: false,
            diagnostics: Vec::new(),
        }
    }

    const FORM: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<style>\nbody{}\n</style>\n</head>\n<body>\n<main class=\"sheet\"><td data-field=\"budget.total\">1.00</td></main>\n</body>\n</html>\n";

    #[test]
    fn the_form_is_kept_whole_between_the_additions() {
        let page = assemble(Some(FORM), &now(7));
        let head = page.find("<style id=\"jx-style\">").expect("style");
        assert!(head < page.find("</head>").expect("head end"));
        let at_panel = page.find("<aside id=\"jx-panel\"").expect("panel");
        let main = page.find("<main class=\"sheet\">").expect("form");
        let script = page.find("<script>").expect("script");
        assert!(at_panel < main && main < script && script < page.find("</body>").expect("end"));
        assert!(page.contains("data-form-version=\"7\" data-session=\"1f-2a\""));
        // Taking the additions out gives back the form byte for byte.
        let style = format!("<style id=\"jx-style\">\n{STYLE}</style>\n");
        let without = page
            .replacen(&style, "", 1)
            .replacen(&format!("\n{}", panel(&now(7))), "", 1)
            .replacen(&format!("<script>\n{SCRIPT}</script>\n"), "", 1);
        assert_eq!(without, FORM);
    }

    #[test]
    fn without_a_form_the_page_has_an_empty_sheet_to_fill() {
        let page = assemble(None, &now(0));
        assert!(page.contains("<main class=\"sheet\"></main>"));
        assert!(page.contains("id=\"jx-diags\""));
        assert!(page.contains("new EventSource"));
    }

    #[test]
    fn links_to_the_exports() {
        let page = assemble(Some(FORM), &now(1));
        assert!(page.contains("href=\"/form.pdf\""));
        assert!(page.contains("href=\"/form.xlsx\""));
    }
}
