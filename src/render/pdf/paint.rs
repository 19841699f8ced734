//! Paints laid-out pages with printpdf: subset fonts (only used glyphs, with ToUnicode),
//! rules and text at their places, metadata, and byte-identical output for the same input.
//! Makes no layout decisions.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    CustomPdfConformance, FontId, FontMetrics, FontType, OffsetDateTime, Op, ParsedFont,
    PdfConformance, PdfDocument, PdfFont, PdfFontHandle, PdfFontMetricsStub, PdfPage,
    PdfSaveOptions, Pt, TextItem,
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

/// One embedded font: its resource name and the subset font.
struct Embedded {
    id: FontId,
    font: ParsedFont,
    /// Character to subset glyph id, sorted by character (the content streams' lookups).
    gids: Vec<(u32, u16)>,
}

/// Writes the PDF.
pub fn paint(doc: &Document, fonts: &FontSet, meta: &PdfMeta) -> Result<Vec<u8>, String> {
    // Characters each face draws. With a single department font both faces are one file.
    let shared = fonts.synthetic_bold;
    let resource = |face: FaceKind| match (face, shared) {
        (FaceKind::Bold, false) => FaceKind::Bold,
        _ => FaceKind::Regular,
    };
    let mut drawn: BTreeMap<FaceKind, Vec<char>> = BTreeMap::new();
    for page in &doc.pages {
        for t in page.blocks.iter().flat_map(|b| &b.lines) {
            drawn
                .entry(resource(t.face))
                .or_default()
                .extend(t.text.chars());
        }
    }
    // Sorting a list is much cheaper than inserting every character into a set.
    let used: BTreeMap<FaceKind, BTreeSet<char>> = drawn
        .into_iter()
        .map(|(face, mut chars)| {
            chars.sort_unstable();
            chars.dedup();
            (face, chars.into_iter().collect())
        })
        .collect();
    let mut embedded: BTreeMap<FaceKind, Embedded> = BTreeMap::new();
    for (face, chars) in &used {
        let name = match face {
            FaceKind::Regular => "F1",
            FaceKind::Bold => "F2",
        };
        let (font, gids) = subset(fonts.file(*face), chars)?;
        embedded.insert(
            *face,
            Embedded {
                id: FontId(name.to_owned()),
                font,
                gids,
            },
        );
    }

    let s = &doc.settings;
    let mut streams = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        streams.push(content_stream(page, s, &embedded, resource, shared)?);
    }
    let cff = embedded
        .values()
        .any(|e| matches!(e.font.font_type, FontType::OpenTypeCFF(())));
    let mut lo = if cff {
        frame_with_printpdf(doc, &used, &embedded, meta, streams)?
    } else {
        frame_direct(doc, embedded, meta, streams)?
    };
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

/// The document frame by printpdf, for CFF fonts (whose CID mapping printpdf knows):
/// fonts with their widths and ToUnicode maps, pages, metadata. printpdf learns which
/// glyphs each font needs from one text op per font on the first page, whose stream is
/// then replaced like every other by the directly written content.
fn frame_with_printpdf(
    doc: &Document,
    used: &BTreeMap<FaceKind, BTreeSet<char>>,
    embedded: &BTreeMap<FaceKind, Embedded>,
    meta: &PdfMeta,
    streams: Vec<Vec<u8>>,
) -> Result<lopdf::Document, String> {
    let s = &doc.settings;
    let mut pages = Vec::with_capacity(doc.pages.len());
    for i in 0..doc.pages.len() {
        let mut ops = Vec::new();
        if i == 0 {
            ops.push(Op::StartTextSection);
            for (face, chars) in used {
                let e = &embedded[face];
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(e.id.clone()),
                    size: Pt(10.0),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(chars.iter().collect())],
                });
            }
            ops.push(Op::EndTextSection);
        }
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
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != streams.len() {
        return Err("内部错误：PDF 页数不符".to_owned());
    }
    for (page_id, content) in page_ids.into_iter().zip(streams) {
        let contents = lo
            .get_dictionary(page_id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| format!("内部错误：页面内容缺失（{e}）"))?;
        let Ok(lopdf::Object::Stream(stream)) = lo.get_object_mut(contents) else {
            return Err("内部错误：页面内容不是流".to_owned());
        };
        stream.dict.remove(b"Filter");
        stream.set_content(content);
    }
    Ok(lo)
}

/// The document frame written directly with lopdf, for TrueType subsets (the bundled
/// fonts): Type0 fonts over CIDFontType2 with Identity CIDs (the subset's glyph ids),
/// widths, ToUnicode maps; pages; metadata. No printpdf `Op`s and no copies of the font
/// programs beyond the one embedded.
fn frame_direct(
    doc: &Document,
    embedded: BTreeMap<FaceKind, Embedded>,
    meta: &PdfMeta,
    streams: Vec<Vec<u8>>,
) -> Result<lopdf::Document, String> {
    use lopdf::{Dictionary, Object, Stream, StringFormat};
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    let mut lo = lopdf::Document::with_version("1.7");
    let mut font_res = Dictionary::new();
    for mut e in embedded.into_values() {
        // The font program moves into its stream: no copy of the largest buffer.
        let bytes = std::mem::take(&mut e.font.original_bytes);
        let f = &e.font;
        let base = f.font_name.clone().unwrap_or_default();
        let upem = f64::from(f.units_per_em.max(1));
        // Font units to the PDF's thousandths of an em: small integers.
        #[allow(clippy::cast_possible_truncation)]
        let k = |v: f64| Object::Integer((v * 1000.0 / upem).round() as i64);
        let program = Stream::new(
            Dictionary::from_iter([(
                "Length1",
                Object::Integer(i64::try_from(bytes.len()).unwrap_or(0)),
            )]),
            bytes,
        );
        let program_id = lo.add_object(program);
        let m = &f.pdf_font_metrics;
        let descriptor = Dictionary::from_iter([
            ("Type", name("FontDescriptor")),
            ("FontName", name(&base)),
            ("Flags", Object::Integer(4)),
            (
                "FontBBox",
                Object::Array(vec![
                    k(f64::from(m.x_min)),
                    k(f64::from(m.y_min)),
                    k(f64::from(m.x_max)),
                    k(f64::from(m.y_max)),
                ]),
            ),
            ("ItalicAngle", Object::Integer(0)),
            ("Ascent", k(f64::from(f.font_metrics.ascent))),
            ("Descent", k(f64::from(f.font_metrics.descent))),
            ("CapHeight", k(f64::from(f.font_metrics.ascent))),
            ("StemV", Object::Integer(80)),
            ("FontWeight", Object::Integer(i64::from(m.us_weight_class))),
            ("FontFile2", Object::Reference(program_id)),
        ]);
        let descriptor_id = lo.add_object(descriptor);
        // Widths: runs of consecutive glyph ids, `first [w w w]`.
        let mut widths = Vec::new();
        let mut run: Vec<Object> = Vec::new();
        let mut run_start = 0u16;
        let mut prev: Option<u16> = None;
        for (&gid, &w) in &f.glyph_widths {
            if prev.is_some_and(|p| p + 1 != gid) {
                widths.push(Object::Integer(i64::from(run_start)));
                widths.push(Object::Array(std::mem::take(&mut run)));
            }
            if run.is_empty() {
                run_start = gid;
            }
            run.push(k(f64::from(w)));
            prev = Some(gid);
        }
        if !run.is_empty() {
            widths.push(Object::Integer(i64::from(run_start)));
            widths.push(Object::Array(run));
        }
        let cid_font = Dictionary::from_iter([
            ("Type", name("Font")),
            ("Subtype", name("CIDFontType2")),
            ("BaseFont", name(&base)),
            (
                "CIDSystemInfo",
                Object::Dictionary(Dictionary::from_iter([
                    (
                        "Registry",
                        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                    ),
                    (
                        "Ordering",
                        Object::String(b"Identity".to_vec(), StringFormat::Literal),
                    ),
                    ("Supplement", Object::Integer(0)),
                ])),
            ),
            ("FontDescriptor", Object::Reference(descriptor_id)),
            ("DW", Object::Integer(1000)),
            ("W", Object::Array(widths)),
            ("CIDToGIDMap", name("Identity")),
        ]);
        let cid_id = lo.add_object(cid_font);
        // Stored: a few kilobytes of text whose deflate costs more than it saves (measured
        // on the seed: 0.39 M instructions for 4.5 KB).
        let cmap_id =
            lo.add_object(Stream::new(Dictionary::new(), to_unicode(f)).with_compression(false));
        let type0 = Dictionary::from_iter([
            ("Type", name("Font")),
            ("Subtype", name("Type0")),
            ("BaseFont", name(&base)),
            ("Encoding", name("Identity-H")),
            (
                "DescendantFonts",
                Object::Array(vec![Object::Reference(cid_id)]),
            ),
            ("ToUnicode", Object::Reference(cmap_id)),
        ]);
        let type0_id = lo.add_object(type0);
        font_res.set(e.id.0.as_bytes().to_vec(), Object::Reference(type0_id));
    }
    let resources_id = lo.add_object(Dictionary::from_iter([(
        "Font",
        Object::Dictionary(font_res),
    )]));
    let pages_id = lo.new_object_id();
    let s = &doc.settings;
    // Page size in pt: printpdf's f32 precision, as before.
    #[allow(clippy::cast_possible_truncation)]
    let media = Object::Array(vec![
        Object::Integer(0),
        Object::Integer(0),
        Object::Real((s.width / PT_MM) as f32),
        Object::Real((s.height / PT_MM) as f32),
    ]);
    let mut kids = Vec::with_capacity(streams.len());
    for content in streams {
        let content_id = lo.add_object(Stream::new(Dictionary::new(), content));
        let page = Dictionary::from_iter([
            ("Type", name("Page")),
            ("Parent", Object::Reference(pages_id)),
            ("MediaBox", media.clone()),
            ("Resources", Object::Reference(resources_id)),
            ("Contents", Object::Reference(content_id)),
        ]);
        kids.push(Object::Reference(lo.add_object(page)));
    }
    let count = i64::try_from(kids.len()).unwrap_or(0);
    lo.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", name("Pages")),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ])),
    );
    let catalog_id = lo.add_object(Dictionary::from_iter([
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    let text = |t: &str| {
        let mut data = vec![0xFE, 0xFF];
        for unit in t.encode_utf16() {
            data.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(data, StringFormat::Hexadecimal)
    };
    let mut info = Dictionary::from_iter([
        ("Title", text(&meta.title)),
        ("Author", text(&meta.author)),
        ("Creator", text(&meta.creator)),
        ("Producer", text(&meta.creator)),
    ]);
    if let Some(ts) = meta.date {
        let d = OffsetDateTime::from_unix_timestamp(ts)
            .map_err(|e| format!("SOURCE_DATE_EPOCH 无效：{e}"))?;
        let stamp = format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
            d.year(),
            u8::from(d.month()),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        );
        info.set(
            "CreationDate",
            Object::String(stamp.clone().into_bytes(), StringFormat::Literal),
        );
        info.set(
            "ModDate",
            Object::String(stamp.into_bytes(), StringFormat::Literal),
        );
    }
    let info_id = lo.add_object(info);
    lo.trailer.set("Root", Object::Reference(catalog_id));
    lo.trailer.set("Info", Object::Reference(info_id));
    Ok(lo)
}

/// The ToUnicode CMap of a subset: each glyph id back to its character.
fn to_unicode(f: &ParsedFont) -> Vec<u8> {
    let mut pairs: Vec<(u16, u32)> = f.codepoint_to_glyph.iter().map(|(&c, &g)| (g, c)).collect();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    let mut out = Vec::with_capacity(64 + pairs.len() * 16);
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in pairs.chunks(100) {
        out.extend_from_slice(chunk.len().to_string().as_bytes());
        out.extend_from_slice(b" beginbfchar\n");
        for &(g, c) in chunk {
            out.push(b'<');
            hex16(&mut out, g);
            out.extend_from_slice(b"> <");
            let mut buf = [0u16; 2];
            for unit in char::from_u32(c)
                .unwrap_or('\u{FFFD}')
                .encode_utf16(&mut buf)
                .iter()
            {
                hex16(&mut out, *unit);
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// Deflate level for every stream (libdeflate). Measured (callgrind) on the seed's
/// 127 KB regular font subset: level 1 gives 87.3 KB, level 2 86.2 KB for 3.3 M more
/// instructions, level 6 84.6 KB for 5.1 M more; zlib-rs's level 1 gave 99.7 KB for
/// 1.8 M more. Whole seed PDF at level 1: 19.96 M instructions, 126 KB.
const DEFLATE_LEVEL: i32 = 1;
/// Font programs smaller than this are stored: the bold subset of the headings (18 KB on
/// the seed) shrinks by only 3.6 KB for 1.3 M instructions.
const STORE_FONTS_BELOW: usize = 32 * 1024;

/// Deflates every stream that has no filter yet with one libdeflate compressor (its
/// whole-buffer interface suits streams held in memory, and it needs about a third fewer
/// instructions than zlib's quick deflate for a smaller result on font programs).
fn compress(lo: &mut lopdf::Document) -> Result<(), String> {
    let level = libdeflater::CompressionLvl::new(DEFLATE_LEVEL)
        .map_err(|_| "压缩失败：压缩级别无效".to_owned())?;
    let mut enc = libdeflater::Compressor::new(level);
    let mut buf: Vec<u8> = Vec::new();
    for obj in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
            continue;
        }
        let is_font = stream.dict.has(b"Length1") || stream.dict.has(b"Subtype");
        if is_font && stream.content.len() < STORE_FONTS_BELOW {
            continue;
        }
        let bound = enc.zlib_compress_bound(stream.content.len());
        if buf.len() < bound {
            buf.resize(bound, 0);
        }
        let n = enc
            .zlib_compress(&stream.content, &mut buf)
            .map_err(|_| "压缩失败：输出缓冲区不足".to_owned())?;
        // Bytes that do not shrink are stored.
        if n < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(buf[..n].to_vec());
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

/// One page's content stream: the ruling, then every text block as a marked span with
/// its source text (ActualText) so that extraction gives back each cell whole.
fn content_stream(
    page: &super::frame::Page,
    settings: &super::frame::PageSettings,
    embedded: &BTreeMap<FaceKind, Embedded>,
    resource: impl Fn(FaceKind) -> FaceKind,
    shared: bool,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"0 0 0 RG\n");
    let page_h = settings.height;
    num(&mut out, settings.rule_width);
    out.extend_from_slice(b" w\n");
    for r in &page.rules {
        for (x, y, op) in [(r.x1, r.y1, b" m\n"), (r.x2, r.y2, b" l\n")] {
            num(&mut out, x / PT_MM);
            out.push(b' ');
            num(&mut out, (page_h - y) / PT_MM);
            out.extend_from_slice(op);
        }
        out.extend_from_slice(b"S\n");
    }
    out.extend_from_slice(b"BT\n");
    let mut current: Option<(FaceKind, u64)> = None;
    let mut spacing = 0.0_f64;
    let mut stroked = false;
    // Start of the last line, thousandths of a point: lines move there from with `Td`, by
    // whole thousandths so that the positions do not drift.
    let mut at = (0_i64, 0_i64);
    for block in &page.blocks {
        let span = needs_actual_text(block);
        if span {
            // A literal UTF-16BE string: half the bytes of hex.
            out.extend_from_slice(b"/Span <</ActualText (\xFE\xFF");
            for unit in block.actual.encode_utf16() {
                literal16(&mut out, unit);
            }
            out.extend_from_slice(b")>> BDC\n");
        }
        for t in &block.lines {
            let e = embedded
                .get(&resource(t.face))
                .ok_or_else(|| "内部错误：文字的字体未嵌入".to_owned())?;
            let key = (t.face, t.size.to_bits());
            if current != Some(key) {
                out.push(b'/');
                out.extend_from_slice(e.id.0.as_bytes());
                out.push(b' ');
                num(&mut out, t.size);
                out.extend_from_slice(b" Tf\n");
                current = Some(key);
            }
            let want_stroke = shared && t.face == FaceKind::Bold;
            if want_stroke != stroked {
                out.extend_from_slice(if want_stroke {
                    b"0.35 w 2 Tr\n"
                } else {
                    b"0 Tr\n"
                });
                stroked = want_stroke;
            }
            if (t.spacing - spacing).abs() > 1e-9 {
                num(&mut out, t.spacing / PT_MM);
                out.extend_from_slice(b" Tc\n");
                spacing = t.spacing;
            }
            // Td moves from the start of the last line: shorter than a Tm per line.
            let to = (milli(t.x / PT_MM), milli((page_h - t.baseline) / PT_MM));
            num_milli(&mut out, to.0 - at.0);
            out.push(b' ');
            num_milli(&mut out, to.1 - at.1);
            out.extend_from_slice(b" Td\n");
            at = to;
            let gid = |c: char| {
                let c = c as u32;
                e.gids
                    .binary_search_by_key(&c, |&(k, _)| k)
                    .map_or(0, |i| e.gids[i].1)
            };
            // Glyph ids as two-byte literal strings: half the bytes of hex.
            if t.adjust.is_empty() {
                out.push(b'(');
                for c in t.text.chars() {
                    literal16(&mut out, gid(c));
                }
                out.extend_from_slice(b") Tj\n");
            } else {
                // Per-glyph positioning: a TJ number moves the next glyph back by
                // thousandths of the type size, so extra space is negative.
                let per_mm = -1000.0 / (t.size * PT_MM);
                let mut next = t.adjust.iter().peekable();
                out.extend_from_slice(b"[(");
                for (i, c) in t.text.chars().enumerate() {
                    literal16(&mut out, gid(c));
                    if let Some(&(_, d)) = next.next_if(|&&(k, _)| k == i) {
                        out.push(b')');
                        num(&mut out, d * per_mm);
                        out.push(b'(');
                    }
                }
                out.extend_from_slice(b")] TJ\n");
            }
        }
        if span {
            out.extend_from_slice(b"EMC\n");
        }
    }
    out.extend_from_slice(b"ET\n");
    Ok(out)
}

/// Whether a block needs its source text as ActualText for extraction to give it back
/// whole: when it has several lines (joined without the breaks), or shows other than its
/// text, or spreads its characters, or has spaces (a reader judges spaces by the gaps:
/// `第 1 页` came back as `第1页`). A single plain line extracts as itself through the
/// ToUnicode map.
fn needs_actual_text(block: &super::frame::TextBlock) -> bool {
    match block.lines.as_slice() {
        [line] => {
            line.text != block.actual
                || line.text.contains(' ')
                || line.spacing != 0.0
                || line.adjust.iter().any(|&(_, d)| d > 0.0)
        }
        _ => true,
    }
}

/// `v` in thousandths, rounded: page coordinates and sizes are far inside i64 once scaled.
fn milli(v: f64) -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let m = (v * 1000.0).round() as i64;
    m
}

/// Writes `v` with at most three decimals, no exponent, no trailing zeros.
fn num(out: &mut Vec<u8>, v: f64) {
    num_milli(out, milli(v));
}

/// Writes `milli` thousandths as a decimal number, no trailing zeros.
fn num_milli(out: &mut Vec<u8>, mut milli: i64) {
    if milli < 0 {
        out.push(b'-');
        milli = -milli;
    }
    let (int, mut frac) = (milli / 1000, milli % 1000);
    let mut digits = [0u8; 20];
    let mut n = 0;
    let mut i = int;
    loop {
        // A decimal digit.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let d = (i % 10) as u8;
        digits[n] = b'0' + d;
        n += 1;
        i /= 10;
        if i == 0 {
            break;
        }
    }
    out.extend(digits[..n].iter().rev());
    if frac > 0 {
        out.push(b'.');
        let mut scale = 100;
        while frac > 0 {
            // A decimal digit.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let d = (frac / scale) as u8;
            out.push(b'0' + d);
            frac %= scale;
            scale /= 10;
        }
    }
}

/// A two-byte code inside a literal string, big-endian, with the bytes a reader would
/// take for delimiters or line ends escaped.
fn literal16(out: &mut Vec<u8>, v: u16) {
    for b in v.to_be_bytes() {
        literal_byte(out, b);
    }
}

fn literal_byte(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\n' => out.extend_from_slice(b"\\n"),
        _ => out.push(b),
    }
}

fn hex16(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((v >> shift) & 0xF)]);
    }
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
/// The subset of `file` with the glyphs of `chars`, and each character's glyph id in it.
fn subset(
    file: &FontFile,
    chars: &BTreeSet<char>,
) -> Result<(ParsedFont, Vec<(u32, u16)>), String> {
    let mut gids: Vec<u16> = chars
        .iter()
        .filter_map(|&c| file.glyph(c).map(|g| g.id))
        .collect();
    gids.sort_unstable();
    gids.dedup();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
    let bytes = subsetter::subset(file.data(), file.index(), &remapper)
        .map_err(|e| format!("字体子集化失败（{e}）"))?;
    let mut tag_hash = Fnv::default();
    tag_hash.write(file.postscript_name.as_bytes());
    let mut mapped = Vec::with_capacity(chars.len());
    for &c in chars {
        let Some(g) = file.glyph(c) else { continue };
        let Some(new) = remapper.get(g.id) else {
            continue;
        };
        mapped.push((c as u32, new, g.advance));
        tag_hash.write(&g.id.to_le_bytes());
    }
    // Built from sorted runs at once: much cheaper than inserting one by one.
    let codepoint_to_glyph: BTreeMap<u32, u16> = mapped.iter().map(|&(c, g, _)| (c, g)).collect();
    let glyph_widths: BTreeMap<u16, u16> = mapped.iter().map(|&(_, g, w)| (g, w)).collect();
    let tag: String = (0..6)
        .map(|i| {
            // Six letters A–Z from the hash: always in range by the modulo.
            #[allow(clippy::cast_possible_truncation)]
            let n = ((tag_hash.0 >> (i * 8)) % 26) as u8;
            char::from(b'A' + n)
        })
        .collect();
    let [x_min, y_min, x_max, y_max] = file.bbox;
    let gids = mapped.iter().map(|&(c, g, _)| (c, g)).collect();
    let font = ParsedFont {
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
    };
    Ok((font, gids))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::frame::{Rect, TextBlock, TextLine};

    fn line(text: &str) -> TextLine {
        TextLine {
            text: text.to_owned(),
            face: FaceKind::Regular,
            size: 10.0,
            x: 10.0,
            baseline: 20.0,
            width: 30.0,
            spacing: 0.0,
            adjust: Vec::new(),
            top: 16.0,
            bottom: 21.0,
        }
    }

    fn block(actual: &str, lines: Vec<TextLine>) -> TextBlock {
        let area = Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 10.0,
        };
        TextBlock {
            cell: Some(0),
            area,
            inner: area,
            actual: actual.to_owned(),
            lines,
        }
    }

    #[test]
    fn only_blocks_that_would_not_extract_whole_carry_actual_text() {
        assert!(!needs_actual_text(&block("662.00", vec![line("662.00")])));
        assert!(needs_actual_text(&block(
            "群众性急救公益服务项目",
            vec![line("群众性急救"), line("公益服务项目")]
        )));
        assert!(needs_actual_text(&block("第 1 页", vec![line("第 1 页")])));
        let mut spread = line("满意度");
        spread.spacing = 0.4;
        assert!(needs_actual_text(&block("满意度", vec![spread])));
        let mut kerned = line("》《");
        kerned.adjust = vec![(0, -1.7)];
        assert!(!needs_actual_text(&block("》《", vec![kerned])));
    }

    /// The OpenType checksum spelled out: big-endian words, the last padded with zeros.
    fn word_sum(data: &[u8]) -> u32 {
        let mut padded = data.to_vec();
        padded.resize(data.len().div_ceil(4) * 4, 0);
        padded
            .chunks(4)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
            .fold(0u32, u32::wrapping_add)
    }

    #[test]
    fn subset_fonts_carry_valid_checksums() {
        // The patched subsetter (vendor/subsetter) adds the font's checksum up from its
        // tables' checksums: check both against the definition.
        let file = &crate::render::pdf::fonts::bundled().regular;
        let chars: BTreeSet<char> = "部门整体支出绩效目标表（2021年度）123,.%≥"
            .chars()
            .collect();
        let (font, _) = subset(file, &chars).unwrap();
        let data = &font.original_bytes;
        let be32 =
            |at: usize| u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
        let count = usize::from(u16::from_be_bytes([data[4], data[5]]));
        assert!(count > 5, "{count} tables");
        let mut head = None;
        for i in 0..count {
            let record = 12 + i * 16;
            let (sum, offset, len) = (be32(record + 4), be32(record + 8), be32(record + 12));
            let (offset, len) = (offset as usize, len as usize);
            let mut table = data[offset..offset + len].to_vec();
            if &data[record..record + 4] == b"head" {
                head = Some(offset);
                table[8..12].fill(0);
            }
            assert_eq!(sum, word_sum(&table), "table {i}");
        }
        let head = head.expect("a head table");
        let adjustment = be32(head + 8);
        let mut zeroed = data.clone();
        zeroed[head + 8..head + 12].fill(0);
        assert_eq!(adjustment, 0xB1B0_AFBA_u32.wrapping_sub(word_sum(&zeroed)));
    }

    #[test]
    fn numbers_are_written_in_thousandths_without_trailing_zeros() {
        let text = |m: i64| {
            let mut out = Vec::new();
            num_milli(&mut out, m);
            String::from_utf8(out).unwrap_or_default()
        };
        assert_eq!(text(0), "0");
        assert_eq!(text(12_500), "12.5");
        assert_eq!(text(-13_500), "-13.5");
        assert_eq!(text(506_551), "506.551");
        assert_eq!(text(7), "0.007");
    }
}
