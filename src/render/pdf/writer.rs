//! A minimal writer of PDF objects straight into the output bytes, for the documents whose
//! every object `paint` knows in advance (the bundled TrueType fonts): no object tree, no
//! copies of the streams. Objects are numbered 1, 2, 3, … in the order they are written;
//! the cross-reference stream comes last. The syntax is the one lopdf writes (the CFF
//! path still goes through it), so both paths give the same bytes for the same objects.

use std::cell::RefCell;

/// The header: version 1.7 and four bytes above 127 marking the file as binary.
const HEADER: &[u8] = b"%PDF-1.7\n%\xBB\xAD\xC0\xDE\n";

/// A compressor and its output buffer, reused by every stream of a document.
struct Deflate {
    enc: libdeflater::Compressor,
    buf: Vec<u8>,
}

thread_local! {
    /// The last document's [`Deflate`], kept by each thread for the next document of a
    /// batch: a new buffer is zeroed (0.13 M instructions for the seed's font program)
    /// and a new compressor set up (0.04 M) otherwise.
    static DEFLATE: RefCell<Option<Deflate>> = const { RefCell::new(None) };
}

/// A PDF being written: the bytes so far and where each object starts.
pub(super) struct PdfWriter {
    out: Vec<u8>,
    /// Byte offset of object `i + 1`.
    offsets: Vec<u32>,
    /// Taken from [`DEFLATE`] at the first compressed stream, given back on drop.
    deflate: Option<Deflate>,
}

impl Drop for PdfWriter {
    fn drop(&mut self) {
        if let Some(d) = self.deflate.take() {
            // Fails only while the thread is being torn down: then nothing is kept.
            let _ = DEFLATE.try_with(|slot| *slot.borrow_mut() = Some(d));
        }
    }
}

impl PdfWriter {
    /// A writer with room for `capacity` bytes and the header written.
    pub(super) fn new(capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(HEADER);
        Self {
            out,
            offsets: Vec::with_capacity(32),
            deflate: None,
        }
    }

    /// The number the next object gets.
    pub(super) fn next_id(&self) -> u32 {
        // Far fewer objects than u32::MAX: a few per font and page.
        u32::try_from(self.offsets.len() + 1).unwrap_or(u32::MAX)
    }

    /// Starts the next object and returns the buffer to write its value (a dictionary)
    /// into; [`PdfWriter::end`] closes it.
    pub(super) fn begin(&mut self) -> Result<&mut Vec<u8>, String> {
        let at = u32::try_from(self.out.len()).map_err(|_| "PDF 超过 4 GB".to_owned())?;
        let id = self.next_id();
        self.offsets.push(at);
        int(&mut self.out, i64::from(id));
        self.out.extend_from_slice(b" 0 obj\n");
        Ok(&mut self.out)
    }

    /// Ends an object whose value is a dictionary.
    pub(super) fn end(&mut self) {
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Writes a stream object: `head` holds the dictionary's entries before `/Length`.
    /// With `deflate` the content is compressed when that makes it smaller.
    pub(super) fn stream(
        &mut self,
        head: &[u8],
        content: &[u8],
        deflate: bool,
    ) -> Result<(), String> {
        self.begin()?;
        let packed = if deflate {
            self.compress(content)?
        } else {
            None
        };
        let out = &mut self.out;
        out.extend_from_slice(b"<<");
        out.extend_from_slice(head);
        out.extend_from_slice(b"/Length ");
        let data = match packed {
            Some(n) => {
                int(out, i64::try_from(n).unwrap_or(i64::MAX));
                out.extend_from_slice(b"/Filter/FlateDecode");
                self.deflate.as_ref().map_or(&[][..], |d| &d.buf[..n])
            }
            None => {
                int(out, i64::try_from(content.len()).unwrap_or(i64::MAX));
                content
            }
        };
        out.extend_from_slice(b">>stream\n");
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream \nendobj\n");
        Ok(())
    }

    /// Deflates `content` into the shared buffer; the compressed length when it is
    /// shorter than the content (bytes that do not shrink are stored).
    fn compress(&mut self, content: &[u8]) -> Result<Option<usize>, String> {
        if self.deflate.is_none() {
            self.deflate = DEFLATE
                .try_with(|slot| slot.borrow_mut().take())
                .ok()
                .flatten();
        }
        if self.deflate.is_none() {
            let level = libdeflater::CompressionLvl::new(DEFLATE_LEVEL)
                .map_err(|_| "压缩失败：压缩级别无效".to_owned())?;
            self.deflate = Some(Deflate {
                enc: libdeflater::Compressor::new(level),
                buf: Vec::new(),
            });
        }
        let Some(Deflate { enc, buf }) = self.deflate.as_mut() else {
            return Ok(None);
        };
        let bound = enc.zlib_compress_bound(content.len());
        if buf.len() < bound {
            // Zeroed by the allocator, not element by element.
            *buf = vec![0; bound];
        }
        let n = enc
            .zlib_compress(content, buf)
            .map_err(|_| "压缩失败：输出缓冲区不足".to_owned())?;
        Ok((n < content.len()).then_some(n))
    }

    /// Writes the cross-reference stream, whose dictionary is the trailer: `trailer` holds
    /// its entries before `/Type` (Root, Info, ID). Returns the finished file.
    pub(super) fn finish(mut self, trailer: &[u8]) -> Result<Vec<u8>, String> {
        let xref_at = self.out.len();
        let xref_id = self.next_id();
        self.begin()?;
        let count = self.offsets.len();
        let out = &mut self.out;
        out.extend_from_slice(b"<<");
        out.extend_from_slice(trailer);
        out.extend_from_slice(b"/Type/XRef/Size ");
        int(out, i64::from(xref_id) + 1);
        // Entries of 1 + 4 + 2 bytes: type, offset, generation; objects 1 to the last.
        out.extend_from_slice(b"/W[1 4 2]/Index[1 ");
        int(out, i64::try_from(count).unwrap_or(i64::MAX));
        out.extend_from_slice(b"]/Length ");
        int(out, i64::try_from(count * 7).unwrap_or(i64::MAX));
        out.extend_from_slice(b">>stream\n");
        for &at in &self.offsets {
            out.push(1);
            out.extend_from_slice(&at.to_be_bytes());
            out.extend_from_slice(&[0, 0]);
        }
        out.extend_from_slice(b"\nendstream \nendobj\n\nstartxref\n");
        int(out, i64::try_from(xref_at).unwrap_or(i64::MAX));
        out.extend_from_slice(b"\n%%EOF");
        Ok(std::mem::take(&mut self.out))
    }
}

/// Writes an integer.
pub(super) fn int(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Writes ` N 0 R`, a reference to object `id` preceded by a space.
pub(super) fn reference(out: &mut Vec<u8>, key: &[u8], id: u32) {
    out.extend_from_slice(key);
    out.push(b' ');
    int(out, i64::from(id));
    out.extend_from_slice(b" 0 R");
}

/// Writes a name: `/` and the bytes, with white space, delimiters and bytes outside
/// `!`..`~` as `#XX`.
pub(super) fn name(out: &mut Vec<u8>, n: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'/');
    for &b in n {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

/// Writes a text string as UTF-16BE with a byte-order mark, in hex.
pub(super) fn text(out: &mut Vec<u8>, t: &str) {
    out.extend_from_slice(b"<FEFF");
    for unit in t.encode_utf16() {
        hex16(out, unit);
    }
    out.push(b'>');
}

/// Deflate level for every stream (libdeflate). Measured (callgrind) on the seed's
/// 127 KB regular font subset: level 1 gives 87.3 KB, level 2 86.2 KB for 3.3 M more
/// instructions, level 6 84.6 KB for 5.1 M more; zlib-rs's level 1 gave 99.7 KB for
/// 1.8 M more. Whole seed PDF at level 1: 19.96 M instructions, 126 KB.
pub(super) const DEFLATE_LEVEL: i32 = 1;

/// Four uppercase hex digits of a UTF-16 unit or glyph id.
pub(super) fn hex16(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((v >> shift) & 0xF)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_plain_decimals() {
        let mut out = Vec::new();
        for v in [0, 7, -45, 1000, i64::MAX, i64::MIN] {
            int(&mut out, v);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0 7 -45 1000 9223372036854775807 -9223372036854775808 "
        );
    }

    #[test]
    fn names_escape_delimiters_and_non_ascii() {
        let mut out = Vec::new();
        name(&mut out, b"ABCDEF+Serif Bold(1)");
        name(&mut out, "宋".as_bytes());
        assert_eq!(out, b"/ABCDEF+Serif#20Bold#281#29/#E5#AE#8B");
    }

    #[test]
    fn the_cross_reference_stream_points_at_every_object() {
        let mut w = PdfWriter::new(0);
        w.begin().unwrap().extend_from_slice(b"<</Type/Catalog>>");
        w.end();
        w.stream(b"", b"BT ET", false).unwrap();
        let pdf = w.finish(b"/Root 1 0 R").unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(HEADER));
        assert!(text.contains("1 0 obj\n<</Type/Catalog>>\nendobj\n2 0 obj\n<</Length 5>>stream\nBT ET\nendstream \nendobj\n"), "{text}");
        assert!(
            text.contains(
                "3 0 obj\n<</Root 1 0 R/Type/XRef/Size 4/W[1 4 2]/Index[1 3]/Length 21>>stream\n"
            ),
            "{text}"
        );
        // Each entry: type 1, the object's offset, generation 0.
        let entries_at = pdf
            .windows(14)
            .position(|w| w == b"/Length 21>>st")
            .map(|i| i + 14 + 5)
            .unwrap();
        let offsets: Vec<usize> = pdf[entries_at..entries_at + 21]
            .chunks(7)
            .map(|e| {
                assert_eq!((e[0], e[5], e[6]), (1, 0, 0));
                u32::from_be_bytes([e[1], e[2], e[3], e[4]]) as usize
            })
            .collect();
        for (i, &at) in offsets.iter().enumerate() {
            assert!(
                pdf[at..].starts_with(format!("{} 0 obj\n", i + 1).as_bytes()),
                "{i}"
            );
        }
        let tail = format!("\nstartxref\n{}\n%%EOF", offsets[2]);
        assert!(text.ends_with(&tail), "{text}");
    }

    #[test]
    fn the_next_document_on_a_thread_reuses_the_compressor() {
        let long = b"0 0 m 10 10 l S\n".repeat(50);
        let write = || {
            let mut w = PdfWriter::new(0);
            w.stream(b"", &long, true).unwrap();
            w.finish(b"").unwrap()
        };
        let first = write();
        assert!(DEFLATE.with(|d| d.borrow().is_some()));
        assert_eq!(write(), first);
    }

    #[test]
    fn streams_are_deflated_only_when_that_shrinks_them() {
        let mut w = PdfWriter::new(0);
        let long = b"0 0 m 10 10 l S\n".repeat(50);
        w.stream(b"", &long, true).unwrap();
        w.stream(b"/Length1 2", b"ab", true).unwrap();
        let pdf = w.finish(b"").unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("1 0 obj\n<</Length "), "{text}");
        assert!(text.contains("/Filter/FlateDecode>>stream\n"), "{text}");
        assert!(
            text.contains("2 0 obj\n<</Length1 2/Length 2>>stream\nab\nendstream"),
            "{text}"
        );
    }
}
