//! Printing a workbook with LibreOffice and reading the print back: pages, their text and
//! how full each is.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{missing_tool, poppler};

/// The fontconfig file LibreOffice runs with: `FONTCONFIG_FILE` when set, else the
/// tests' own (宋体 in AR PL UMing CN when installed; see the file).
pub fn fontconfig() -> PathBuf {
    std::env::var_os("FONTCONFIG_FILE").map_or_else(
        || super::root().join("tests/fixtures/fontconfig/simsun.conf"),
        PathBuf::from,
    )
}

/// Converts a workbook to PDF with LibreOffice in its own profile (tests run in parallel);
/// fails, saying how to install it, when LibreOffice is missing.
pub fn libreoffice_pdf(xlsx: &Path) -> PathBuf {
    let dir = xlsx.parent().expect("a file in a folder");
    let profile = dir.join("lo-profile");
    let o = Command::new("soffice")
        .env("FONTCONFIG_FILE", fontconfig())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(xlsx)
        .output()
        .unwrap_or_else(|e| missing_tool("soffice", "libreoffice-calc-nogui", &e));
    let pdf = xlsx.with_extension("pdf");
    assert!(
        o.status.success() && pdf.exists(),
        "LibreOffice did not convert {}: {}{}",
        xlsx.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    pdf
}

/// One printed page: its text in reading order (whitespace removed) and how full it is.
#[derive(Debug)]
pub struct PrintedPage {
    /// The page's text, without whitespace.
    pub text: String,
    /// The table's last rule (or, on a page without one, the lowest text above the
    /// footer), as a share of the height between the margins.
    pub fill: f64,
}

/// Millimetres to points.
fn mm(v: f64) -> f64 {
    v * 72.0 / 25.4
}

/// The pages of a PDF printed with the workbook's margins (12 mm top, 14 mm bottom, the
/// footer below): each page's text and how far down the table reaches.
pub fn printed_pages(pdf: &Path) -> Vec<PrintedPage> {
    let path = pdf.to_str().expect("utf-8 path");
    let bbox = poppler("pdftotext", &["-bbox", path, "-"]);
    let images = page_images(pdf);
    let mut fills = Vec::new();
    for (page, image) in bbox.split("<page ").skip(1).zip(&images) {
        let height = attr(page, "height").expect("page height");
        let (top, bottom) = (mm(12.0), height - mm(14.0));
        // The table's last rule; the lowest text where there is none.
        let lowest = lowest_rule(image).map(|y| y as f64).unwrap_or_else(|| {
            page.split("<word ")
                .skip(1)
                .filter_map(|w| Some((attr(w, "yMin")?, attr(w, "yMax")?)))
                .filter(|&(y0, _)| y0 < bottom)
                .map(|(_, y1)| y1)
                .fold(top, f64::max)
        });
        fills.push(((lowest - top) / (bottom - top)).clamp(0.0, 1.0));
    }
    fills
        .into_iter()
        .enumerate()
        .map(|(i, fill)| {
            let n = (i + 1).to_string();
            let text = poppler("pdftotext", &["-f", &n, "-l", &n, path, "-"]);
            PrintedPage {
                text: text.chars().filter(|c| !c.is_whitespace()).collect(),
                fill,
            }
        })
        .collect()
}

/// Words drawn over each other, page by page (1-based page, the two words): the sign of
/// text cut off by its cell. A client clips a cell's text at the cell's edge, but the
/// clipped lines are still in the PDF (and in `pdftotext`), running into the row below.
pub fn overlapping_words(pdf: &Path) -> Vec<(usize, String, String)> {
    let bbox = poppler(
        "pdftotext",
        &["-bbox", pdf.to_str().expect("utf-8 path"), "-"],
    );
    let mut out = Vec::new();
    for (p, page) in bbox.split("<page ").skip(1).enumerate() {
        let words: Vec<([f64; 4], &str)> = page
            .split("<word ")
            .skip(1)
            .filter_map(|w| {
                let b = [
                    attr(w, "xMin")?,
                    attr(w, "yMin")?,
                    attr(w, "xMax")?,
                    attr(w, "yMax")?,
                ];
                let text = w.split('>').nth(1)?.split('<').next()?;
                Some((b, text))
            })
            .collect();
        for (i, (a, ta)) in words.iter().enumerate() {
            for (b, tb) in &words[i + 1..] {
                let w = a[2].min(b[2]) - a[0].max(b[0]);
                let h = a[3].min(b[3]) - a[1].max(b[1]);
                let smaller = ((a[2] - a[0]) * (a[3] - a[1])).min((b[2] - b[0]) * (b[3] - b[1]));
                if w > 0.0 && h > 0.0 && w * h > 0.25 * smaller {
                    out.push((p + 1, (*ta).to_owned(), (*tb).to_owned()));
                }
            }
        }
    }
    out
}

/// The pages rendered at 72 dpi (a pixel a point) as binary grey maps (PGM).
fn page_images(pdf: &Path) -> Vec<Vec<u8>> {
    let dir = pdf.parent().expect("a file in a folder").join("pages");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let prefix = dir.join(pdf.file_stem().expect("a file name"));
    let path = pdf.to_str().expect("utf-8 path");
    poppler(
        "pdftoppm",
        &["-r", "72", "-gray", path, prefix.to_str().unwrap()],
    );
    let stem = prefix.file_name().unwrap().to_string_lossy().into_owned();
    let mut images: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rendered pages")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&stem))
        })
        .collect();
    // pdftoppm numbers pages with as many digits as the last page has.
    images.sort();
    images
        .iter()
        .map(|p| std::fs::read(p).expect("pgm"))
        .collect()
}

/// Words drawn below the table's last rule on their page (1-based page, the word): text
/// cut off at the bottom of the last row, where no word below shows the overlap. The
/// rule is the lowest pixel row of the page (rendered at 72 dpi, a pixel a point) that is
/// dark over most of the table's width; the footer, below the bottom margin, is left out.
pub fn words_below_the_table(pdf: &Path) -> Vec<(usize, String)> {
    let path = pdf.to_str().expect("utf-8 path");
    let images = page_images(pdf);
    let bbox = poppler("pdftotext", &["-bbox", path, "-"]);
    let mut out = Vec::new();
    for (p, (page, image)) in bbox.split("<page ").skip(1).zip(&images).enumerate() {
        let height = attr(page, "height").expect("page height");
        let Some(rule) = lowest_rule(image) else {
            continue;
        };
        for w in page.split("<word ").skip(1) {
            let (Some(y0), Some(y1)) = (attr(w, "yMin"), attr(w, "yMax")) else {
                continue;
            };
            let text = w.split('>').nth(1).and_then(|t| t.split('<').next());
            // Glyph boxes run a little past the baseline; a whole line below is cut text.
            if y0 > rule as f64 && y1 < height - mm(14.0) {
                out.push((p + 1, text.unwrap_or("").to_owned()));
            }
        }
    }
    out
}

/// The lowest pixel row of a binary PGM (P5) image that is dark over at least half of
/// the width between its leftmost and rightmost dark pixels.
fn lowest_rule(pgm: &[u8]) -> Option<usize> {
    // Header: "P5" width height maxval, each followed by one blank.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&pgm[start..at]).ok()?.to_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
    let px = pgm.get(at + 1..at + 1 + w * h)?;
    let dark = |x: usize, y: usize| px[y * w + x] < 128;
    let (mut left, mut right) = (w, 0);
    for y in 0..h {
        for x in 0..w {
            if dark(x, y) {
                left = left.min(x);
                right = right.max(x);
            }
        }
    }
    if right <= left {
        return None;
    }
    (0..h)
        .rev()
        .find(|&y| (left..=right).filter(|&x| dark(x, y)).count() * 2 > right - left)
}

/// A number attribute `name="…"` of an element's text.
fn attr(s: &str, name: &str) -> Option<f64> {
    let start = s.find(&format!("{name}=\""))? + name.len() + 2;
    let end = start + s[start..].find('"')?;
    s[start..end].parse().ok()
}

/// In how many pieces `needle` occurs in `hay` in order: each piece the longest prefix of
/// the rest found after the piece before; `None` when some part is missing or out of
/// order.
pub fn pieces_in_order(needle: &str, hay: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    let (mut i, mut from, mut pieces) = (0, 0, 0);
    while i < needle.len() {
        let rest = &hay[from..];
        let (mut lo, mut hi, mut best) = (1, needle.len() - i, None);
        while lo <= hi {
            let mid = (lo + hi) / 2;
            let piece: String = needle[i..i + mid].iter().collect();
            if let Some(at) = rest.find(&piece) {
                best = Some((mid, at + piece.len()));
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        let (n, end) = best?;
        i += n;
        from += end;
        pieces += 1;
    }
    Some(pieces)
}

/// In how many pieces `needle` occurs in `hay`, each piece the longest prefix of the rest
/// found anywhere (lines of cells side by side interleave, and equal texts recur);
/// `None` when some character is missing.
pub fn pieces_anywhere(needle: &str, hay: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    let (mut i, mut pieces) = (0, 0);
    while i < needle.len() {
        let (mut lo, mut hi, mut best) = (1, needle.len() - i, 0);
        while lo <= hi {
            let mid = (lo + hi) / 2;
            let piece: String = needle[i..i + mid].iter().collect();
            if hay.contains(&piece) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if best == 0 {
            return None;
        }
        i += best;
        pieces += 1;
    }
    Some(pieces)
}

/// The fonts a PDF uses (`pdffonts`), subset prefixes taken off: which face LibreOffice
/// found for 宋体.
pub fn fonts(pdf: &Path) -> Vec<String> {
    poppler("pdffonts", &[pdf.to_str().expect("utf-8 path")])
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|f| f.split_once('+').map_or(f, |(_, name)| name).to_owned())
        .collect()
}
