//! Characters the bundled PDF font lacks, found at `check` time: `render -f pdf` would
//! refuse the spec, so the clerk hears about it (with the field and the fix) before that.
//! Skipped when the spec names its own font in `[style]`.

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic};
use crate::fonts::{self, FaceKind};
use crate::model::Table;
use crate::sheet::Sheet;
use crate::spec::paths::PathIndex;

/// Checks every cell the PDF will print (`sheet`, built from `table`), with the face it
/// will be printed in: the fields come from the form's own sheet, so a form (or a field) added later is covered without a
/// list here. `text` is the spec, read again only to place a missing character.
pub(super) fn check(text: &str, table: &Table, sheet: &Sheet, diags: &mut Vec<Diagnostic>) {
    if table.style().font.is_some() {
        return;
    }
    // Parsed only for a character outside the ranges known to be in the fonts.
    let mut set = None;
    let mut seen: HashSet<char> = HashSet::new();
    // Characters of the Basic Multilingual Plane found in each face: a spec repeats the
    // same few hundred characters thousands of times, and a bit is cheaper than a cmap.
    // Each set takes its 8 KB at its first character (most specs need none).
    let mut found = [Bmp::new(), Bmp::new()];
    let mut index: Option<PathIndex> = None;
    // Fixed labels have no path: they are the form's own words, always in the font.
    for cell in sheet.cells.iter().filter(|c| !c.path.is_empty()) {
        let face = if cell.role.is_label() {
            FaceKind::Bold
        } else {
            FaceKind::Regular
        };
        let known = &mut found[usize::from(face == FaceKind::Bold)];
        for c in cell.paras.iter().flat_map(|p| p.chars()) {
            if always_bundled(c)
                || known.has(c)
                || c.is_whitespace()
                || c.is_control()
                || seen.contains(&c)
            {
                continue;
            }
            if set
                .get_or_insert_with(fonts::bundled)
                .file(face)
                .glyph(c)
                .is_some()
            {
                known.insert(c);
                continue;
            }
            seen.insert(c);
            let index = index.get_or_insert_with(|| PathIndex::of(text));
            let span = index.value_span(&cell.path).unwrap_or(0..0);
            diags.push(
                Diagnostic::at(
                    Code::MissingGlyph,
                    span,
                    format!(
                        "{}中的“{c}”（U+{:04X}）内置字体中没有，生成 PDF 时会报错",
                        cell.field,
                        u32::from(c)
                    ),
                )
                .with_hint(
                    "用 --font 指定含有这个字的字体（如本单位的宋体 .ttf/.ttc），或在 [style] 中写 font = \"字体文件\"；也可换用常用字。HTML 不受影响",
                ),
            );
        }
    }
}

/// Characters both bundled faces hold, answered without their cmap: printable ASCII and
/// the ideographs of GBK's CJK Unified block (U+4E00–U+9FA5, all of them in GBK). The
/// fonts are subset to GBK (`tools/make-fonts.sh`), and a test holds every one of these
/// to both faces. Most characters of a spec are here: the seed's check made 426 cmap
/// lookups (0.26 M instructions) before.
fn always_bundled(c: char) -> bool {
    ('\u{4E00}'..='\u{9FA5}').contains(&c) || (' '..='~').contains(&c)
}

/// A set of characters of the Basic Multilingual Plane, one bit each; others are never in.
struct Bmp(Vec<u64>);

impl Bmp {
    fn new() -> Self {
        Bmp(Vec::new())
    }

    fn has(&self, c: char) -> bool {
        let i = c as usize;
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn insert(&mut self, c: char) {
        let i = c as usize;
        if self.0.is_empty() {
            self.0 = vec![0; 0x1_0000 / 64];
        }
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Bmp, always_bundled};
    use crate::fonts::{self, FaceKind};

    #[test]
    fn characters_taken_as_bundled_are_in_both_faces() {
        let set = fonts::bundled();
        let taken: Vec<char> = (0..=0xFFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| always_bundled(c))
            .collect();
        assert_eq!(taken.len(), 95 + 20_902);
        for face in [FaceKind::Regular, FaceKind::Bold] {
            let missing: Vec<char> = taken
                .iter()
                .copied()
                .filter(|&c| set.file(face).glyph(c).is_none())
                .collect();
            assert!(missing.is_empty(), "{face:?} lacks {missing:?}");
        }
        assert!(!always_bundled('\u{9FA6}') && !always_bundled('、'));
    }

    #[test]
    fn a_bmp_set_holds_the_plane_and_nothing_beyond() {
        let mut s = Bmp::new();
        for c in ['a', '绩', '\u{FFFF}', '𠀀'] {
            assert!(!s.has(c));
            s.insert(c);
        }
        assert!(s.has('a') && s.has('绩') && s.has('\u{FFFF}'));
        assert!(!s.has('b') && !s.has('效'));
        assert!(!s.has('𠀀'), "outside the plane: always looked up");
    }
}
