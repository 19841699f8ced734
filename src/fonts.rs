//! Fonts for the PDF: the bundled Noto Serif CJK SC subsets (parsed once per process), a
//! department's own .ttf/.otf/.ttc, and glyph metrics behind the small [`Metrics`] trait.
//! Nothing here places anything on a page.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use thiserror::Error;
use ttf_parser::{Face, name_id};

/// Which of the two faces a piece of text uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FaceKind {
    /// Body text.
    Regular,
    /// Title and column heads.
    Bold,
}

/// Glyph metrics as the layout sees them, in em (1.0 = the font size).
pub trait Metrics {
    /// Advance width of `c`, or `None` when the face has no glyph for it.
    fn advance(&self, face: FaceKind, c: char) -> Option<f64>;
    /// Height of the glyph box above the baseline.
    fn ascent(&self, face: FaceKind) -> f64;
    /// Depth of the glyph box below the baseline (a positive number).
    fn descent(&self, face: FaceKind) -> f64;
}

/// One glyph of a font: its id and advance in font units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glyph {
    /// Glyph id in the font file.
    pub id: u16,
    /// Horizontal advance in font units.
    pub advance: u16,
}

/// A parsed font face: its bytes (for subsetting), the parsed tables (for glyph lookups)
/// and the metrics the painter needs. Parsed once; the bytes live for the whole process
/// (compiled in, or read once per run by [`FontCache`]).
#[derive(Debug)]
pub struct FontFile {
    data: &'static [u8],
    face: Face<'static>,
    index: u32,
    /// PostScript name (ASCII, no spaces), used for /BaseFont.
    pub postscript_name: String,
    /// Font units per em.
    pub units_per_em: u16,
    /// hhea ascender, font units.
    pub hhea_ascender: i16,
    /// hhea descender, font units (negative).
    pub hhea_descender: i16,
    /// Glyph box above the baseline in em (OS/2 typo ascender, else hhea).
    pub ascent: f64,
    /// Glyph box below the baseline in em, positive.
    pub descent: f64,
    /// Font bounding box, font units: x_min, y_min, x_max, y_max.
    pub bbox: [i16; 4],
    /// OS/2 weight class (400 regular, 700 bold).
    pub weight: u16,
    /// Whether outlines are CFF (`OTTO`) rather than TrueType `glyf`.
    pub is_cff: bool,
    /// Glyphs of the Basic Multilingual Plane, filled on first lookup and shared by every
    /// document of a run (layout measures each character many times; the cmap search is
    /// the expensive part).
    glyphs: GlyphCache,
}

/// A lock-free per-character memo, one word per BMP character: 0 = not looked up yet,
/// `KNOWN | MISSING` = no glyph, `KNOWN | id << 16 | advance` otherwise. Relaxed atomics
/// suffice: every writer stores the same value. Kept in blocks of 256 characters made on
/// first use: a form touches a few dozen blocks of the plane, and zeroing all of it for
/// every face cost more than the lookups it saves on one document.
struct GlyphCache(Box<[OnceLock<Box<[AtomicU64]>>]>);

const KNOWN: u64 = 1 << 32;
const MISSING: u64 = 1 << 33;
const BLOCK: usize = 256;

impl std::fmt::Debug for GlyphCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GlyphCache")
    }
}

impl GlyphCache {
    fn new() -> Self {
        GlyphCache((0..0x1_0000 / BLOCK).map(|_| OnceLock::new()).collect())
    }

    /// The slot of `c`; `None` outside the Basic Multilingual Plane.
    fn slot(&self, c: char) -> Option<&AtomicU64> {
        let i = c as usize;
        let block = self.0.get(i / BLOCK)?.get_or_init(|| {
            std::iter::repeat_with(|| AtomicU64::new(0))
                .take(BLOCK)
                .collect()
        });
        block.get(i % BLOCK)
    }
}

impl FontFile {
    /// Parses face `index` of `data`. `path` only names the file in errors.
    pub fn parse(data: &'static [u8], index: u32, path: &str) -> Result<Self, FontError> {
        let face = Face::parse(data, index).map_err(|_| FontError::NotAFont {
            path: path.to_owned(),
        })?;
        let raw = face.raw_face();
        let is_cff = raw.table(ttf_parser::Tag::from_bytes(b"CFF ")).is_some();
        let has_glyf = raw.table(ttf_parser::Tag::from_bytes(b"glyf")).is_some();
        if !is_cff && !has_glyf {
            // CFF2 (variable) and bitmap-only faces cannot be subset for PDF.
            return Err(FontError::Unsupported {
                path: path.to_owned(),
                reason: "字形轮廓既不是 TrueType 也不是 CFF（可能是可变字体或位图字体）".to_owned(),
            });
        }
        let has_unicode = face
            .tables()
            .cmap
            .is_some_and(|cmap| cmap.subtables.into_iter().any(|s| s.is_unicode()));
        if !has_unicode {
            return Err(FontError::NoUnicode {
                path: path.to_owned(),
            });
        }
        let upem = f64::from(face.units_per_em());
        let (asc, desc) = match (face.typographic_ascender(), face.typographic_descender()) {
            (Some(a), Some(d)) if a > 0 && d <= 0 && a > d => (a, d),
            _ => (face.ascender(), face.descender()),
        };
        let bb = face.global_bounding_box();
        let postscript_name = name_of(&face, name_id::POST_SCRIPT_NAME)
            .map(|n| {
                n.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
            })
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "JixiaoFont".to_owned());
        Ok(FontFile {
            index,
            postscript_name,
            units_per_em: face.units_per_em(),
            hhea_ascender: face.ascender(),
            hhea_descender: face.descender(),
            ascent: f64::from(asc) / upem,
            descent: -f64::from(desc) / upem,
            bbox: [bb.x_min, bb.y_min, bb.x_max, bb.y_max],
            weight: face.weight().to_number(),
            is_cff,
            face,
            data,
            glyphs: GlyphCache::new(),
        })
    }

    /// The glyph for `c`, if the font has one.
    pub fn glyph(&self, c: char) -> Option<Glyph> {
        let Some(slot) = self.glyphs.slot(c) else {
            return self.lookup(c);
        };
        let v = slot.load(Ordering::Relaxed);
        if v & KNOWN == 0 {
            let found = self.lookup(c);
            let packed = found.map_or(KNOWN | MISSING, |g| {
                KNOWN | u64::from(g.id) << 16 | u64::from(g.advance)
            });
            slot.store(packed, Ordering::Relaxed);
            return found;
        }
        if v & MISSING != 0 {
            return None;
        }
        // Unpacking the 16-bit fields stored above.
        #[allow(clippy::cast_possible_truncation)]
        Some(Glyph {
            id: (v >> 16) as u16,
            advance: v as u16,
        })
    }

    fn lookup(&self, c: char) -> Option<Glyph> {
        let id = self.face.glyph_index(c)?;
        Some(Glyph {
            id: id.0,
            advance: self.face.glyph_hor_advance(id).unwrap_or(0),
        })
    }

    /// Advance of `c` in em.
    pub fn advance_em(&self, c: char) -> Option<f64> {
        self.glyph(c)
            .map(|g| f64::from(g.advance) / f64::from(self.units_per_em))
    }

    /// The raw font file (a whole collection for a .ttc).
    pub fn data(&self) -> &'static [u8] {
        self.data
    }

    /// Face index inside the file.
    pub fn index(&self) -> u32 {
        self.index
    }
}

fn name_of(face: &Face<'_>, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id)
        .find_map(|n| n.to_string())
}

/// The two faces a document is drawn with.
#[derive(Clone, Debug)]
pub struct FontSet {
    /// Body face.
    pub regular: Arc<FontFile>,
    /// Title and heads; the same file as `regular` for a department's own font.
    pub bold: Arc<FontFile>,
    /// Whether bold is drawn by stroking the regular outlines (a single user font).
    pub synthetic_bold: bool,
}

impl FontSet {
    /// The file behind `face`.
    pub fn file(&self, face: FaceKind) -> &FontFile {
        match face {
            FaceKind::Regular => &self.regular,
            FaceKind::Bold => &self.bold,
        }
    }
}

impl Metrics for FontSet {
    fn advance(&self, face: FaceKind, c: char) -> Option<f64> {
        self.file(face).advance_em(c)
    }
    fn ascent(&self, face: FaceKind) -> f64 {
        self.file(face).ascent
    }
    fn descent(&self, face: FaceKind) -> f64 {
        self.file(face).descent
    }
}

const BUNDLED_REGULAR: &[u8] = include_bytes!("../fonts/jixiao-serif.ttf");
const BUNDLED_BOLD: &[u8] = include_bytes!("../fonts/jixiao-serif-bold.ttf");

/// The fonts compiled into the binary, parsed on first use and then shared.
pub fn bundled() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(|| {
        // The bundled files are fixed at build time and checked by the tests
        // (`bundled_fonts_parse`), so failing here would be a build defect.
        let regular = FontFile::parse(BUNDLED_REGULAR, 0, "内置字体")
            .expect("bundled regular font parses (checked by tests)");
        let bold = FontFile::parse(BUNDLED_BOLD, 0, "内置粗体")
            .expect("bundled bold font parses (checked by tests)");
        FontSet {
            regular: Arc::new(regular),
            bold: Arc::new(bold),
            synthetic_bold: false,
        }
    })
}

/// Which face of a font file to use.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceSelector {
    /// Not given: fine for a single-face file, an error for a collection.
    Default,
    /// Face number inside a .ttc (0-based).
    Index(u32),
    /// Family, full or PostScript name of the face.
    Name(String),
}

impl FaceSelector {
    /// Reads a command-line value: a number is an index, anything else a face name.
    pub fn parse(s: &str) -> Self {
        match s.trim().parse::<u32>() {
            Ok(i) => FaceSelector::Index(i),
            Err(_) => FaceSelector::Name(s.trim().to_owned()),
        }
    }
}

/// Loads a department's font file and picks the face; the same face serves for bold
/// (drawn slightly stroked).
pub fn load_font(path: &Path, selector: &FaceSelector) -> Result<FontSet, FontError> {
    let shown = crate::console::show(path);
    let data = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => FontError::NotFound {
            path: shown.clone(),
        },
        _ => FontError::Read {
            path: shown.clone(),
            reason: e.to_string(),
        },
    })?;
    let count = ttf_parser::fonts_in_collection(&data);
    let index = match (count, selector) {
        (None, FaceSelector::Default | FaceSelector::Index(0)) => 0,
        (None, FaceSelector::Index(i)) => {
            return Err(FontError::NoSuchFace {
                path: shown,
                wanted: i.to_string(),
                faces: face_list(&data, 1),
            });
        }
        (None, FaceSelector::Name(n)) => {
            if face_matches(&data, 0, n) {
                0
            } else {
                return Err(FontError::NoSuchFace {
                    path: shown,
                    wanted: n.clone(),
                    faces: face_list(&data, 1),
                });
            }
        }
        (Some(n), FaceSelector::Default) => {
            return Err(FontError::NeedFace {
                path: shown,
                faces: face_list(&data, n),
            });
        }
        (Some(n), FaceSelector::Index(i)) if *i < n => *i,
        (Some(n), FaceSelector::Index(i)) => {
            return Err(FontError::NoSuchFace {
                path: shown,
                wanted: i.to_string(),
                faces: face_list(&data, n),
            });
        }
        (Some(n), FaceSelector::Name(name)) => match (0..n).find(|&i| face_matches(&data, i, name))
        {
            Some(i) => i,
            None => {
                return Err(FontError::NoSuchFace {
                    path: shown,
                    wanted: name.clone(),
                    faces: face_list(&data, n),
                });
            }
        },
    };
    // Kept for the rest of the process like the bundled fonts: the run's FontCache reads
    // each department font once, and the parsed tables borrow these bytes.
    let data: &'static [u8] = Box::leak(data.into_boxed_slice());
    let file = Arc::new(FontFile::parse(data, index, &shown)?);
    Ok(FontSet {
        regular: Arc::clone(&file),
        bold: file,
        synthetic_bold: true,
    })
}

fn face_matches(data: &[u8], index: u32, wanted: &str) -> bool {
    let Ok(face) = Face::parse(data, index) else {
        return false;
    };
    let wanted = wanted.trim().to_lowercase();
    [
        name_id::FAMILY,
        name_id::TYPOGRAPHIC_FAMILY,
        name_id::FULL_NAME,
        name_id::POST_SCRIPT_NAME,
    ]
    .iter()
    .flat_map(|&id| {
        face.names()
            .into_iter()
            .filter(move |n| n.name_id == id)
            .filter_map(|n| n.to_string())
    })
    .any(|n| n.to_lowercase() == wanted)
}

fn face_list(data: &[u8], count: u32) -> String {
    let mut out = String::new();
    for i in 0..count {
        let name = Face::parse(data, i)
            .ok()
            .and_then(|f| name_of(&f, name_id::FULL_NAME).or_else(|| name_of(&f, name_id::FAMILY)))
            .unwrap_or_else(|| "（无名称）".to_owned());
        let _ = write!(out, "{}{i} = {name}", if i == 0 { "" } else { "；" });
    }
    out
}

/// Department fonts loaded during one run, each file and face parsed once even when many
/// specs in a batch name it.
#[derive(Debug, Default)]
pub struct FontCache {
    loaded: Mutex<HashMap<(PathBuf, FaceSelector), Arc<FontSlot>>>,
}

/// One cache entry, filled by whichever thread asks first.
type FontSlot = OnceLock<Result<FontSet, FontError>>;

impl FontCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The font at `path`, loading it on first request.
    pub fn get(&self, path: &Path, selector: &FaceSelector) -> Result<FontSet, FontError> {
        let slot = {
            let mut map = self
                .loaded
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(
                map.entry((path.to_path_buf(), selector.clone()))
                    .or_default(),
            )
        };
        slot.get_or_init(|| load_font(path, selector)).clone()
    }
}

/// Why a font could not be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum FontError {
    /// The file does not exist.
    #[error("找不到字体文件 {path}")]
    NotFound {
        /// Path as given.
        path: String,
    },
    /// The file exists but could not be read.
    #[error("无法读取字体文件 {path}：{reason}")]
    Read {
        /// Path as given.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// Not a TrueType/OpenType font.
    #[error("{path} 不是可用的字体文件（支持 .ttf、.otf、.ttc）")]
    NotAFont {
        /// Path as given.
        path: String,
    },
    /// Outlines the PDF writer cannot embed.
    #[error("字体 {path} 无法嵌入 PDF：{reason}")]
    Unsupported {
        /// Path as given.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// No Unicode character map.
    #[error("字体 {path} 没有 Unicode 字符映射表，无法用于中文文字")]
    NoUnicode {
        /// Path as given.
        path: String,
    },
    /// A collection without a face choice.
    #[error(
        "字体文件 {path} 是字体集（.ttc），包含多个字体：{faces}。请用 --font-index 或 [style] 中的 font_index 指定序号"
    )]
    NeedFace {
        /// Path as given.
        path: String,
        /// The faces it holds.
        faces: String,
    },
    /// The chosen face is not in the file.
    #[error("字体文件 {path} 中没有字体“{wanted}”；可用的有：{faces}")]
    NoSuchFace {
        /// Path as given.
        path: String,
        /// Index or name asked for.
        wanted: String,
        /// The faces it holds.
        faces: String,
    },
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Fixed-width metrics for layout tests: CJK and full-width characters 1 em, others
    /// half an em; `missing` characters have no glyph.
    pub(crate) struct FakeMetrics {
        pub missing: Vec<char>,
    }

    impl FakeMetrics {
        pub(crate) fn new() -> Self {
            Self {
                missing: Vec::new(),
            }
        }
    }

    impl Metrics for FakeMetrics {
        fn advance(&self, _face: FaceKind, c: char) -> Option<f64> {
            if self.missing.contains(&c) {
                None
            } else if c.is_ascii() {
                Some(0.5)
            } else {
                Some(1.0)
            }
        }
        fn ascent(&self, _face: FaceKind) -> f64 {
            0.88
        }
        fn descent(&self, _face: FaceKind) -> f64 {
            0.12
        }
    }

    #[test]
    fn bundled_fonts_parse() {
        let set = bundled();
        for face in [FaceKind::Regular, FaceKind::Bold] {
            let f = set.file(face);
            assert_eq!(f.units_per_em, 1000);
            assert!(f.glyph('绩').is_some());
            assert!(f.glyph('≥').is_some());
            assert!(f.glyph('（').is_some());
            assert!((0.8..1.0).contains(&f.ascent), "{}", f.ascent);
        }
        assert_eq!(set.regular.advance_em('中'), Some(1.0));
        assert!(set.regular.postscript_name.starts_with("JixiaoSerif"));
    }

    #[test]
    fn selector_parsing() {
        assert_eq!(FaceSelector::parse("2"), FaceSelector::Index(2));
        assert_eq!(
            FaceSelector::parse("Noto Serif CJK SC"),
            FaceSelector::Name("Noto Serif CJK SC".into())
        );
    }

    #[test]
    fn missing_and_bad_files_are_typed_errors() {
        let e = load_font(Path::new("/nonexistent/x.ttf"), &FaceSelector::Default).unwrap_err();
        assert!(matches!(e, FontError::NotFound { .. }));
        assert!(e.to_string().contains("找不到字体文件"));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.ttf");
        std::fs::write(&p, b"not a font at all").unwrap();
        let e = load_font(&p, &FaceSelector::Default).unwrap_err();
        assert!(matches!(e, FontError::NotAFont { .. }), "{e:?}");
    }
}
