//! Paints laid-out pages: subset fonts (only used glyphs, with ToUnicode), rules and text
//! at their places, metadata, and byte-identical output for the same input. The PDF is
//! written directly (`writer`) for TrueType fonts, through printpdf and lopdf for CFF.
//! Makes no layout decisions.

use std::collections::BTreeMap;

use printpdf::{
    CustomPdfConformance, FontId, FontMetrics, FontType, OffsetDateTime, Op, ParsedFont,
    PdfConformance, PdfDocument, PdfFont, PdfFontHandle, PdfFontMetricsStub, PdfPage,
    PdfSaveOptions, Pt, TextItem,
};

use super::fonts::{FaceKind, FontFile, FontSet};
use super::frame::{Document, PT_MM};
use super::writer::{DEFLATE_LEVEL, hex16};

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

/// One embedded font: its resource name and the subset.
struct Embedded<'f> {
    /// Name in the pages' font resources.
    name: &'static str,
    file: &'f FontFile,
    /// The subset font program.
    bytes: Vec<u8>,
    /// PostScript name with the six-letter subset tag.
    base: String,
    /// Character to subset glyph id, sorted by character (the content streams' lookups).
    gids: Vec<(u32, u16)>,
    /// Subset glyph id, the first character drawn with it and its advance (font units),
    /// sorted by glyph id, each glyph once: the widths and the ToUnicode map.
    glyphs: Vec<(u16, u32, u16)>,
}

/// The distinct characters a face draws: a bit per character of the Basic Multilingual
/// Plane (8 KB), the rare others in a list. Sorting every drawn character cost the seed
/// 0.25 M instructions; this is a bit set per character and one scan.
struct CharSet {
    bmp: Vec<u64>,
    other: Vec<char>,
}

impl CharSet {
    fn new() -> Self {
        CharSet {
            bmp: vec![0; 0x1_0000 / 64],
            other: Vec::new(),
        }
    }

    fn insert(&mut self, c: char) {
        let i = c as usize;
        match self.bmp.get_mut(i / 64) {
            Some(word) => *word |= 1 << (i % 64),
            None => self.other.push(c),
        }
    }

    /// The characters in order, each once.
    fn into_sorted(self) -> Vec<char> {
        let mut out = Vec::with_capacity(256);
        for (i, &word) in self.bmp.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let at = i * 64 + bits.trailing_zeros() as usize;
                // Only characters set bits, so every bit is a valid scalar value.
                if let Some(c) = u32::try_from(at).ok().and_then(char::from_u32) {
                    out.push(c);
                }
                bits &= bits - 1;
            }
        }
        let mut other = self.other;
        other.sort_unstable();
        other.dedup();
        out.extend(other);
        out
    }
}

/// Writes the PDF.
pub fn paint(doc: &Document, fonts: &FontSet, meta: &PdfMeta) -> Result<Vec<u8>, String> {
    // Characters each face draws. With a single department font both faces are one file.
    let shared = fonts.synthetic_bold;
    let resource = |face: FaceKind| match (face, shared) {
        (FaceKind::Bold, false) => FaceKind::Bold,
        _ => FaceKind::Regular,
    };
    let mut drawn: BTreeMap<FaceKind, CharSet> = BTreeMap::new();
    for page in &doc.pages {
        for t in page.blocks.iter().flat_map(|b| &b.lines) {
            let set = drawn.entry(resource(t.face)).or_insert_with(CharSet::new);
            for c in t.text.chars() {
                set.insert(c);
            }
        }
    }
    let used: BTreeMap<FaceKind, Vec<char>> = drawn
        .into_iter()
        .map(|(face, set)| (face, set.into_sorted()))
        .collect();
    let mut embedded: BTreeMap<FaceKind, Embedded<'_>> = BTreeMap::new();
    for (face, chars) in &used {
        let name = match face {
            FaceKind::Regular => "F1",
            FaceKind::Bold => "F2",
        };
        embedded.insert(*face, subset(fonts.file(*face), chars, name)?);
    }

    let s = &doc.settings;
    let mut streams = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        streams.push(content_stream(page, s, &embedded, resource, shared)?);
    }
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
    if !embedded.values().any(|e| e.file.is_cff) {
        return write_direct(doc, &embedded, meta, streams, &id);
    }
    let mut lo = frame_with_printpdf(doc, &used, &embedded, meta, streams)?;
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
    used: &BTreeMap<FaceKind, Vec<char>>,
    embedded: &BTreeMap<FaceKind, Embedded<'_>>,
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
                    font: PdfFontHandle::External(FontId(e.name.to_owned())),
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
            .insert(FontId(e.name.to_owned()), PdfFont::new(parsed_font(e)));
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

/// The whole file written directly, for TrueType subsets (the bundled fonts): Type0 fonts
/// over CIDFontType2 with Identity CIDs (the subset's glyph ids), widths, ToUnicode maps;
/// pages; metadata; the cross-reference stream. No object tree and no copies of the font
/// programs: each stream goes from its buffer (or the deflate buffer) into the file.
fn write_direct(
    doc: &Document,
    embedded: &BTreeMap<FaceKind, Embedded<'_>>,
    meta: &PdfMeta,
    streams: Vec<Vec<u8>>,
    id: &str,
) -> Result<Vec<u8>, String> {
    use super::writer::{PdfWriter, int, name, reference, text};
    // Room for every stream as it is, so the output never reallocates.
    let capacity = embedded.values().map(|e| e.bytes.len()).sum::<usize>()
        + streams.iter().map(Vec::len).sum::<usize>()
        + embedded
            .values()
            .map(|e| e.glyphs.len() * 40)
            .sum::<usize>()
        + 4096;
    let mut w = PdfWriter::new(capacity);
    let mut font_res = Vec::with_capacity(64);
    for e in embedded.values() {
        let f = e.file;
        let upem = f64::from(f.units_per_em.max(1));
        // Font units to the PDF's thousandths of an em: small integers.
        #[allow(clippy::cast_possible_truncation)]
        let k = |out: &mut Vec<u8>, v: i16| {
            int(out, (f64::from(v) * 1000.0 / upem).round() as i64);
        };
        let program_id = w.next_id();
        let mut head = Vec::with_capacity(24);
        head.extend_from_slice(b"/Length1 ");
        int(&mut head, i64::try_from(e.bytes.len()).unwrap_or(0));
        w.stream(&head, &e.bytes, e.bytes.len() >= STORE_FONTS_BELOW)?;

        let descriptor_id = w.next_id();
        let out = w.begin()?;
        out.extend_from_slice(b"<</Type/FontDescriptor/FontName");
        name(out, e.base.as_bytes());
        out.extend_from_slice(b"/Flags 4/FontBBox[");
        let [x_min, y_min, x_max, y_max] = f.bbox;
        for (i, v) in [x_min, y_min, x_max, y_max].into_iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            k(out, v);
        }
        out.extend_from_slice(b"]/ItalicAngle 0/Ascent ");
        k(out, f.hhea_ascender);
        out.extend_from_slice(b"/Descent ");
        k(out, f.hhea_descender);
        out.extend_from_slice(b"/CapHeight ");
        k(out, f.hhea_ascender);
        out.extend_from_slice(b"/StemV 80/FontWeight ");
        int(out, i64::from(f.weight));
        reference(out, b"/FontFile2", program_id);
        out.extend_from_slice(b">>");
        w.end();

        let cid_id = w.next_id();
        let out = w.begin()?;
        out.extend_from_slice(b"<</Type/Font/Subtype/CIDFontType2/BaseFont");
        name(out, e.base.as_bytes());
        out.extend_from_slice(
            b"/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>",
        );
        reference(out, b"/FontDescriptor", descriptor_id);
        // Widths: runs of consecutive glyph ids, `first [w w w]`.
        out.extend_from_slice(b"/DW 1000/W[");
        let mut prev: Option<u16> = None;
        for &(gid, _, advance) in &e.glyphs {
            match prev {
                Some(p) if p + 1 == gid => out.push(b' '),
                Some(_) => {
                    out.extend_from_slice(b"] ");
                    int(out, i64::from(gid));
                    out.push(b'[');
                }
                None => {
                    int(out, i64::from(gid));
                    out.push(b'[');
                }
            }
            k(out, i16::try_from(advance).unwrap_or(i16::MAX));
            prev = Some(gid);
        }
        if prev.is_some() {
            out.push(b']');
        }
        out.extend_from_slice(b"]/CIDToGIDMap/Identity>>");
        w.end();

        // Stored: a few kilobytes of text whose deflate costs more than it saves (measured
        // on the seed: 0.39 M instructions for 4.5 KB).
        let cmap_id = w.next_id();
        w.stream(b"", &to_unicode(&e.glyphs), false)?;

        let type0_id = w.next_id();
        let out = w.begin()?;
        out.extend_from_slice(b"<</Type/Font/Subtype/Type0/BaseFont");
        name(out, e.base.as_bytes());
        out.extend_from_slice(b"/Encoding/Identity-H/DescendantFonts[");
        int(out, i64::from(cid_id));
        out.extend_from_slice(b" 0 R]");
        reference(out, b"/ToUnicode", cmap_id);
        out.extend_from_slice(b">>");
        w.end();
        name(&mut font_res, e.name.as_bytes());
        reference(&mut font_res, b"", type0_id);
    }
    let resources_id = w.next_id();
    let out = w.begin()?;
    out.extend_from_slice(b"<</Font<<");
    out.extend_from_slice(&font_res);
    out.extend_from_slice(b">>>>");
    w.end();

    // The page tree, then each page's content stream and page: their numbers follow.
    let pages_id = w.next_id();
    let page_id = |i: u32| pages_id + 2 * (i + 1);
    let count = u32::try_from(streams.len()).map_err(|_| "页数过多".to_owned())?;
    let out = w.begin()?;
    out.extend_from_slice(b"<</Type/Pages/Kids[");
    for i in 0..count {
        if i > 0 {
            out.push(b' ');
        }
        int(out, i64::from(page_id(i)));
        out.extend_from_slice(b" 0 R");
    }
    out.extend_from_slice(b"]/Count ");
    int(out, i64::from(count));
    out.extend_from_slice(b">>");
    w.end();
    let s = &doc.settings;
    // Page size in pt: printpdf's f32 precision, as before.
    #[allow(clippy::cast_possible_truncation)]
    let media = format!(
        "/MediaBox[0 0 {} {}]",
        (s.width / PT_MM) as f32,
        (s.height / PT_MM) as f32
    );
    for (i, content) in (0..count).zip(&streams) {
        let content_id = w.next_id();
        w.stream(b"", content, true)?;
        debug_assert_eq!(w.next_id(), page_id(i));
        let out = w.begin()?;
        out.extend_from_slice(b"<</Type/Page");
        reference(out, b"/Parent", pages_id);
        out.extend_from_slice(media.as_bytes());
        reference(out, b"/Resources", resources_id);
        reference(out, b"/Contents", content_id);
        out.extend_from_slice(b">>");
        w.end();
    }
    let catalog_id = w.next_id();
    let out = w.begin()?;
    out.extend_from_slice(b"<</Type/Catalog");
    reference(out, b"/Pages", pages_id);
    out.extend_from_slice(b">>");
    w.end();

    let info_id = w.next_id();
    let stamp = match meta.date {
        Some(ts) => {
            let d = OffsetDateTime::from_unix_timestamp(ts)
                .map_err(|e| format!("SOURCE_DATE_EPOCH 无效：{e}"))?;
            Some(format!(
                "(D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00')",
                d.year(),
                u8::from(d.month()),
                d.day(),
                d.hour(),
                d.minute(),
                d.second()
            ))
        }
        None => None,
    };
    let out = w.begin()?;
    out.extend_from_slice(b"<</Title");
    text(out, &meta.title);
    out.extend_from_slice(b"/Author");
    text(out, &meta.author);
    out.extend_from_slice(b"/Creator");
    text(out, &meta.creator);
    out.extend_from_slice(b"/Producer");
    text(out, &meta.creator);
    if let Some(stamp) = &stamp {
        out.extend_from_slice(b"/CreationDate");
        out.extend_from_slice(stamp.as_bytes());
        out.extend_from_slice(b"/ModDate");
        out.extend_from_slice(stamp.as_bytes());
    }
    out.extend_from_slice(b">>");
    w.end();

    // The ID is hex digits: a literal string needs no escapes.
    let mut trailer = Vec::with_capacity(96);
    reference(&mut trailer, b"/Root", catalog_id);
    reference(&mut trailer, b"/Info", info_id);
    trailer.extend_from_slice(b"/ID[(");
    trailer.extend_from_slice(id.as_bytes());
    trailer.extend_from_slice(b")(");
    trailer.extend_from_slice(id.as_bytes());
    trailer.extend_from_slice(b")]");
    w.finish(&trailer)
}

/// The ToUnicode CMap of a subset: each glyph id back to its character.
fn to_unicode(glyphs: &[(u16, u32, u16)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(320 + glyphs.len() * 16);
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in glyphs.chunks(100) {
        super::writer::int(&mut out, i64::try_from(chunk.len()).unwrap_or(0));
        out.extend_from_slice(b" beginbfchar\n");
        for &(g, c, _) in chunk {
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
    embedded: &BTreeMap<FaceKind, Embedded<'_>>,
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
    // Glyph ids of recently drawn characters per face, direct-mapped by the character's
    // low bits in front of the binary search: Chinese text repeats its characters (the
    // searches cost the seed 0.19 M instructions).
    const MEMO: usize = 512;
    let mut memos = [[(u32::MAX, 0_u16); MEMO]; 2];
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
                out.extend_from_slice(e.name.as_bytes());
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
            let memo = &mut memos[usize::from(resource(t.face) == FaceKind::Bold)];
            let mut gid = |c: char| {
                let c = c as u32;
                let slot = &mut memo[(c as usize) % MEMO];
                if slot.0 == c {
                    return slot.1;
                }
                let g = e
                    .gids
                    .binary_search_by_key(&c, |&(k, _)| k)
                    .map_or(0, |i| e.gids[i].1);
                *slot = (c, g);
                g
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
fn num_milli(out: &mut Vec<u8>, milli: i64) {
    // Right to left into a buffer, then one copy: 19 digits, the point, three decimals
    // and the sign fit.
    let mut buf = [0u8; 24];
    let mut at = buf.len();
    let mut v = milli.unsigned_abs();
    let mut frac = v % 1000;
    v /= 1000;
    if frac > 0 {
        let mut places = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            places -= 1;
        }
        for _ in 0..places {
            at -= 1;
            // A decimal digit.
            #[allow(clippy::cast_possible_truncation)]
            let d = (frac % 10) as u8;
            buf[at] = b'0' + d;
            frac /= 10;
        }
        at -= 1;
        buf[at] = b'.';
    }
    loop {
        at -= 1;
        // A decimal digit.
        #[allow(clippy::cast_possible_truncation)]
        let d = (v % 10) as u8;
        buf[at] = b'0' + d;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if milli < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    out.extend_from_slice(&buf[at..]);
}

/// A two-byte code inside a literal string, big-endian, with the bytes a reader would
/// take for delimiters or line ends escaped.
#[inline]
fn literal16(out: &mut Vec<u8>, v: u16) {
    let [hi, lo] = v.to_be_bytes();
    let plain = |b: u8| !matches!(b, b'(' | b')' | b'\\' | b'\r' | b'\n');
    if plain(hi) && plain(lo) {
        out.extend_from_slice(&[hi, lo]);
    } else {
        literal_byte(out, hi);
        literal_byte(out, lo);
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

/// The subset of `file` with the glyphs of `chars` (sorted, each once), named `name` in
/// the pages' resources, with the six-letter subset tag on its PostScript name.
fn subset<'f>(
    file: &'f FontFile,
    chars: &[char],
    name: &'static str,
) -> Result<Embedded<'f>, String> {
    let mut ids: Vec<u16> = chars
        .iter()
        .filter_map(|&c| file.glyph(c).map(|g| g.id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    // Sorted and without repeats already: `new_from_glyphs_sorted` would sort them again
    // through a BTreeSet. Glyph 0 (.notdef) is mapped first either way.
    let remapper = subsetter::GlyphRemapper::new_from_glyphs(&ids);
    let bytes = subsetter::subset(file.data(), file.index(), &remapper)
        .map_err(|e| format!("字体子集化失败（{e}）"))?;
    let mut tag_hash = Fnv::default();
    tag_hash.write(file.postscript_name.as_bytes());
    let mut gids = Vec::with_capacity(chars.len());
    let mut glyphs = Vec::with_capacity(chars.len());
    for &c in chars {
        let Some(g) = file.glyph(c) else { continue };
        let Some(new) = remapper.get(g.id) else {
            continue;
        };
        gids.push((c as u32, new));
        glyphs.push((new, c as u32, g.advance));
        tag_hash.write(&g.id.to_le_bytes());
    }
    // By glyph id, then character: the first of the characters sharing a glyph stays.
    glyphs.sort_unstable();
    glyphs.dedup_by_key(|g| g.0);
    let tag: String = (0..6)
        .map(|i| {
            // Six letters A–Z from the hash: always in range by the modulo.
            #[allow(clippy::cast_possible_truncation)]
            let n = ((tag_hash.0 >> (i * 8)) % 26) as u8;
            char::from(b'A' + n)
        })
        .collect();
    Ok(Embedded {
        name,
        file,
        bytes,
        base: format!("{tag}+{}", file.postscript_name),
        gids,
        glyphs,
    })
}

/// The subset as a printpdf font (for the CFF path, where printpdf writes the font
/// objects): glyph ids are the subset's.
fn parsed_font(e: &Embedded<'_>) -> ParsedFont {
    let file = e.file;
    let [x_min, y_min, x_max, y_max] = file.bbox;
    ParsedFont {
        original_bytes: e.bytes.clone(),
        font_index: 0,
        font_name: Some(e.base.clone()),
        codepoint_to_glyph: e.gids.iter().copied().collect(),
        glyph_widths: e.glyphs.iter().map(|&(g, _, w)| (g, w)).collect(),
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
    }
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
        let mut chars: Vec<char> = "部门整体支出绩效目标表（2021年度）123,.%≥"
            .chars()
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let font = subset(file, &chars, "F1").unwrap();
        let data = &font.bytes;
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
    fn char_sets_give_each_character_once_in_order() {
        let mut set = CharSet::new();
        for c in "绩效𠀀目标\u{0}a绩\u{FFFF}𠀀a".chars() {
            set.insert(c);
        }
        assert_eq!(
            set.into_sorted(),
            vec!['\u{0}', 'a', '效', '标', '目', '绩', '\u{FFFF}', '𠀀']
        );
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
        assert_eq!(text(-20), "-0.02");
        assert_eq!(text(1_000), "1");
        assert_eq!(text(i64::MIN), "-9223372036854775.808");
    }
}
