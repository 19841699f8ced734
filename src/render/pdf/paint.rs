//! Paints laid-out pages with printpdf: subset fonts (only used glyphs, with ToUnicode),
//! rules and text at their places, metadata, and byte-identical output for the same input.
//! Makes no layout decisions.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, CustomPdfConformance, DictItem, FontId, FontMetrics, FontType, Line, LinePoint,
    OffsetDateTime, Op, ParsedFont, PdfConformance, PdfDocument, PdfFont, PdfFontHandle,
    PdfFontMetricsStub, PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
    TextRenderingMode,
};

use super::fonts::{FaceKind, FontFile, FontSet};
use super::frame::{Document, PT_MM};

/// Document information written into the PDF.
#[derive(Clone, Debug, Default)]
pub struct PdfMeta {
    /// Title (form, department, year).
    pub title: String,
    /// Author (the department).
    pub author: String,
    /// Creator (jixiao and its version).
    pub creator: String,
    /// Creation date as Unix seconds (`SOURCE_DATE_EPOCH`); no date when `None`.
    pub date: Option<i64>,
}

/// Rule thickness, pt.
const RULE_PT: f32 = 0.6;

fn pt(mm: f64) -> Pt {
    // Coordinates only: mm to pt as f32, which is what printpdf stores.
    #[allow(clippy::cast_possible_truncation)]
    Pt((mm / PT_MM) as f32)
}

/// One embedded font: its resource name and the subset font.
struct Embedded {
    id: FontId,
    font: ParsedFont,
}

/// Writes the PDF.
pub fn paint(doc: &Document, fonts: &FontSet, meta: &PdfMeta) -> Result<Vec<u8>, String> {
    // Characters each face draws. With a single department font both faces are one file.
    let shared = fonts.synthetic_bold;
    let resource = |face: FaceKind| match (face, shared) {
        (FaceKind::Bold, false) => FaceKind::Bold,
        _ => FaceKind::Regular,
    };
    let mut used: BTreeMap<FaceKind, BTreeSet<char>> = BTreeMap::new();
    for page in &doc.pages {
        for t in page.blocks.iter().flat_map(|b| &b.lines) {
            used.entry(resource(t.face))
                .or_default()
                .extend(t.text.chars());
        }
    }
    let mut embedded: BTreeMap<FaceKind, Embedded> = BTreeMap::new();
    for (face, chars) in &used {
        let name = match face {
            FaceKind::Regular => "F1",
            FaceKind::Bold => "F2",
        };
        let font = subset(fonts.file(*face), chars)?;
        embedded.insert(
            *face,
            Embedded {
                id: FontId(name.to_owned()),
                font,
            },
        );
    }

    let s = &doc.settings;
    let page_h = s.height;
    let mut pages = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let mut ops = vec![
            Op::SetOutlineColor {
                col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
            },
            Op::SetOutlineThickness { pt: Pt(RULE_PT) },
        ];
        for r in &page.rules {
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: pt(r.x1),
                                y: pt(page_h - r.y1),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: pt(r.x2),
                                y: pt(page_h - r.y2),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        ops.push(Op::StartTextSection);
        let mut current: Option<(FaceKind, u64)> = None;
        let mut spacing = 0.0_f64;
        let mut stroked = false;
        for block in &page.blocks {
            // The block's source text for extraction and copy-paste (each cell whole).
            ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".to_owned(),
                properties: DictItem::Dict {
                    map: BTreeMap::from([(
                        "ActualText".to_owned(),
                        DictItem::String {
                            data: utf16_text(&block.actual),
                            literal: false,
                        },
                    )]),
                },
            });
            for t in &block.lines {
                let key = (t.face, t.size.to_bits());
                if current != Some(key) {
                    let e = embedded
                        .get(&resource(t.face))
                        .ok_or_else(|| "内部错误：文字的字体未嵌入".to_owned())?;
                    #[allow(clippy::cast_possible_truncation)]
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(e.id.clone()),
                        size: Pt(t.size as f32),
                    });
                    current = Some(key);
                }
                let want_stroke = shared && t.face == FaceKind::Bold;
                if want_stroke != stroked {
                    if want_stroke {
                        ops.push(Op::SetOutlineThickness { pt: Pt(0.35) });
                    }
                    ops.push(Op::SetTextRenderingMode {
                        mode: if want_stroke {
                            TextRenderingMode::FillStroke
                        } else {
                            TextRenderingMode::Fill
                        },
                    });
                    stroked = want_stroke;
                }
                if (t.spacing - spacing).abs() > 1e-9 {
                    #[allow(clippy::cast_possible_truncation)]
                    ops.push(Op::SetCharacterSpacing {
                        multiplier: (t.spacing / PT_MM) as f32,
                    });
                    spacing = t.spacing;
                }
                // Tm replaces the text position (Td would move relative to the last line).
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(pt(t.x), pt(page_h - t.baseline)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(t.text.clone())],
                });
            }
            ops.push(Op::EndMarkedContentWithProperties);
        }
        ops.push(Op::EndTextSection);
        #[allow(clippy::cast_possible_truncation)]
        pages.push(PdfPage::new(
            printpdf::Mm(s.width as f32),
            printpdf::Mm(s.height as f32),
            ops,
        ));
    }

    let mut pdf = PdfDocument::new(&meta.title);
    let info = &mut pdf.metadata.info;
    info.author.clone_from(&meta.author);
    info.creator.clone_from(&meta.creator);
    info.producer.clone_from(&meta.creator);
    info.conformance = PdfConformance::Custom(CustomPdfConformance {
        requires_xmp_metadata: false,
        ..CustomPdfConformance::default()
    });
    if let Some(ts) = meta.date {
        let date = OffsetDateTime::from_unix_timestamp(ts)
            .map_err(|e| format!("SOURCE_DATE_EPOCH 无效：{e}"))?;
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    for e in embedded.values() {
        pdf.resources
            .fonts
            .map
            .insert(e.id.clone(), PdfFont::new(e.font.clone()));
    }
    pdf.pages = pages;
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        subset_fonts: false, // already subset above
        ..PdfSaveOptions::default()
    };
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    finish_info(&mut lo, meta.date.is_some());
    // A stable document ID derived from the content instead of printpdf's counter.
    let mut hasher = Fnv::default();
    for page in &doc.pages {
        for t in page.blocks.iter().flat_map(|b| &b.lines) {
            hasher.write(t.text.as_bytes());
            hasher.write(&t.x.to_bits().to_le_bytes());
            hasher.write(&t.baseline.to_bits().to_le_bytes());
        }
    }
    hasher.write(meta.title.as_bytes());
    let id = format!(
        "{:016x}{:016x}",
        hasher.0,
        hasher.0.rotate_left(29) ^ 0x6a69_7869_616f
    );
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone().into_bytes(), lopdf::StringFormat::Literal),
            lopdf::Object::String(id.into_bytes(), lopdf::StringFormat::Literal),
        ]),
    );
    compress(&mut lo)?;
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| format!("写入 PDF 失败：{e}"))?;
    Ok(bytes)
}

/// Deflate level for every stream. The font programs dominate both size and time, and
/// TrueType outlines barely compress past level 2 (seed: 124 KB at 2, 120 KB at 6, 119.6 KB
/// at lopdf's 9) while each level above costs time on every document.
const DEFLATE_LEVEL: u32 = 2;

/// Deflates every stream that has no filter yet.
fn compress(lo: &mut lopdf::Document) -> Result<(), String> {
    use std::io::Write as _;
    for obj in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 2),
            flate2::Compression::new(DEFLATE_LEVEL),
        );
        enc.write_all(&stream.content)
            .map_err(|e| format!("压缩失败：{e}"))?;
        let packed = enc.finish().map_err(|e| format!("压缩失败：{e}"))?;
        if packed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
    Ok(())
}

/// Keeps Title/Author/Creator/Producer, drops printpdf's empty and PDF/X entries, and
/// removes the dates when no `SOURCE_DATE_EPOCH` was given (never the wall clock).
fn finish_info(lo: &mut lopdf::Document, keep_dates: bool) {
    let Ok(info_ref) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
    else {
        return;
    };
    let Ok(info) = lo
        .get_object_mut(info_ref)
        .and_then(lopdf::Object::as_dict_mut)
    else {
        return;
    };
    for key in [
        &b"GTS_PDFXVersion"[..],
        b"Trapped",
        b"Identifier",
        b"Keywords",
        b"Subject",
    ] {
        info.remove(key);
    }
    if !keep_dates {
        info.remove(b"CreationDate");
        info.remove(b"ModDate");
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark.
fn utf16_text(s: &str) -> Vec<u8> {
    let mut data = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        data.extend_from_slice(&unit.to_be_bytes());
    }
    data
}

/// FNV-1a, for a stable document ID and subset tags.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Subsets `file` to `chars` and wraps the result as a printpdf font whose glyph ids are
/// the subset's, with the six-letter subset tag on its name.
fn subset(file: &FontFile, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
    let mut gids: Vec<u16> = chars
        .iter()
        .filter_map(|&c| file.glyph(c).map(|g| g.id))
        .collect();
    gids.sort_unstable();
    gids.dedup();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
    let bytes = subsetter::subset(file.data(), file.index(), &remapper)
        .map_err(|e| format!("字体子集化失败（{e}）"))?;
    let mut codepoint_to_glyph = BTreeMap::new();
    let mut glyph_widths = BTreeMap::new();
    let mut tag_hash = Fnv::default();
    tag_hash.write(file.postscript_name.as_bytes());
    for &c in chars {
        let Some(g) = file.glyph(c) else { continue };
        let Some(new) = remapper.get(g.id) else {
            continue;
        };
        codepoint_to_glyph.insert(c as u32, new);
        glyph_widths.insert(new, g.advance);
        tag_hash.write(&g.id.to_le_bytes());
    }
    let tag: String = (0..6)
        .map(|i| {
            // Six letters A–Z from the hash: always in range by the modulo.
            #[allow(clippy::cast_possible_truncation)]
            let n = ((tag_hash.0 >> (i * 8)) % 26) as u8;
            char::from(b'A' + n)
        })
        .collect();
    let [x_min, y_min, x_max, y_max] = file.bbox;
    Ok(ParsedFont {
        original_bytes: bytes,
        font_index: 0,
        font_name: Some(format!("{tag}+{}", file.postscript_name)),
        codepoint_to_glyph,
        glyph_widths,
        units_per_em: file.units_per_em,
        font_metrics: FontMetrics {
            ascent: file.hhea_ascender,
            descent: file.hhea_descender,
        },
        font_type: if file.is_cff {
            FontType::OpenTypeCFF(())
        } else {
            FontType::TrueType
        },
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: file.units_per_em,
            x_min,
            y_min,
            x_max,
            y_max,
            caret_slope_rise: 1,
            caret_slope_run: 0,
            us_weight_class: file.weight,
        },
    })
}
