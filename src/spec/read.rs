//! Reading a spec file from disk into text: size limit, BOM, UTF-16, GBK, binary detection.

use std::path::Path;

use thiserror::Error;

/// Largest spec file accepted. A 10,000-indicator table is about 5 MB.
pub const MAX_SPEC_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read as a spec.
#[derive(Debug, Error)]
pub enum ReadError {
    /// The path does not exist.
    #[error("{path}: 文件不存在")]
    NotFound {
        /// Path as given.
        path: String,
    },
    /// The path is a directory.
    #[error("{path}: 这是一个文件夹，不是规格文件")]
    IsDir {
        /// Path as given.
        path: String,
    },
    /// Bigger than [`MAX_SPEC_BYTES`].
    #[error("{path}: 文件过大（{}），规格文件上限为 {limit} 字节（16 MB）", size_text(*.size))]
    TooLarge {
        /// Path as given.
        path: String,
        /// Actual size, when the file system told it; `None` when reading found more than
        /// the limit (a file that says it is empty, like those under /proc).
        size: Option<u64>,
        /// The limit.
        limit: u64,
    },
    /// A pipe, a device (`/dev/zero`) or a socket: reading it could block or never end.
    #[error(
        "{path}: 不是普通文件（是管道、设备或套接字），无法作为规格文件读取。请选择保存在磁盘上的 .toml 文件"
    )]
    NotRegular {
        /// Path as given.
        path: String,
    },
    /// Any other I/O failure.
    #[error("{path}: 无法读取文件：{reason}", reason = crate::io_text::read_reason(.source))]
    Io {
        /// Path as given.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// NUL bytes: not a text file.
    #[error("{path}: 不是文本文件（含有二进制内容），请确认选择的是 .toml 规格文件")]
    Binary {
        /// Path as given.
        path: String,
    },
    /// Neither UTF-8 nor GBK.
    #[error(
        "{path}:{line}: 文件编码无法识别（既不是 UTF-8 也不是 GBK），请用记事本“另存为”并选择 UTF-8 编码"
    )]
    BadEncoding {
        /// Path as given.
        path: String,
        /// 1-based line of the first bad byte.
        line: usize,
    },
}

/// Which encoding a text was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without BOM.
    Utf8,
    /// UTF-16 (Notepad's "Unicode").
    Utf16,
    /// GBK, Chinese Windows' "ANSI".
    Gbk,
}

/// A decoded text and where it came from.
#[derive(Debug)]
pub struct Decoded {
    /// The text without BOM.
    pub text: String,
    /// The encoding found.
    pub encoding: Encoding,
}

fn size_text(size: Option<u64>) -> String {
    match size {
        Some(n) => format!("{n} 字节"),
        None => format!("超过 {MAX_SPEC_BYTES} 字节"),
    }
}

/// Reads and decodes a spec file, refusing folders, pipes and devices, huge files and
/// binaries.
pub fn read_text_file(path: &Path) -> Result<Decoded, ReadError> {
    let shown = crate::console::show(path);
    let bytes = read_bounded(path, &shown, MAX_SPEC_BYTES)?;
    decode(&bytes, &shown)
}

/// The bytes of a regular file, at most `limit`: the file is opened without waiting (a
/// FIFO with no writer would block `open` for good), its type is taken from the open file
/// (so a link swapped afterwards changes nothing), and at most `limit + 1` bytes are read
/// whatever its size says.
fn read_bounded(path: &Path, shown: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    let file = open_without_blocking(path).map_err(|e| io_error(shown, e))?;
    let meta = file.metadata().map_err(|e| io_error(shown, e))?;
    if meta.is_dir() {
        return Err(ReadError::IsDir { path: shown.into() });
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular { path: shown.into() });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            path: shown.into(),
            size: Some(meta.len()),
            limit,
        });
    }
    // The stated size only sizes the buffer; never more than the limit is reserved.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(shown, e))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: shown.into(),
            size: None,
            limit,
        });
    }
    Ok(bytes)
}

/// Opens for reading; on Unix with `O_NONBLOCK`, which only matters for what is refused
/// next (a FIFO): a regular file reads the same either way.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        let flags = rustix::fs::OFlags::NONBLOCK.bits();
        // The flag's bits fit an i32 (0o4000); the conversion cannot fail.
        options.custom_flags(i32::try_from(flags).unwrap_or(0));
    }
    options.open(path)
}

fn io_error(path: &str, e: std::io::Error) -> ReadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound { path: path.into() },
        std::io::ErrorKind::IsADirectory => ReadError::IsDir { path: path.into() },
        _ => ReadError::Io {
            path: path.into(),
            source: e,
        },
    }
}

/// Decodes bytes: UTF-8 (BOM stripped), UTF-16 with BOM, else GBK if it decodes cleanly.
pub fn decode(bytes: &[u8], path: &str) -> Result<Decoded, ReadError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes)
        && (enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE)
    {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ReadError::BadEncoding {
                path: path.into(),
                line: 1,
            });
        }
        return finish(text.into_owned(), Encoding::Utf16, path);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 validates a spec's text several times faster than std; only a text that
    // fails is read again by std, for where it fails.
    let checked = match simdutf8::basic::from_utf8(body) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(body),
    };
    match checked {
        Ok(text) => finish(text.to_owned(), Encoding::Utf8, path),
        Err(e) => {
            if body.contains(&0) {
                return Err(ReadError::Binary { path: path.into() });
            }
            let decoded =
                encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(body);
            match decoded {
                Some(text) if !has_control_chars(&text) => {
                    finish(text.into_owned(), Encoding::Gbk, path)
                }
                _ => {
                    let line = body[..e.valid_up_to()]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count()
                        + 1;
                    Err(ReadError::BadEncoding {
                        path: path.into(),
                        line,
                    })
                }
            }
        }
    }
}

fn finish(text: String, encoding: Encoding, path: &str) -> Result<Decoded, ReadError> {
    if has_control_chars(&text) {
        return Err(ReadError::Binary { path: path.into() });
    }
    Ok(Decoded { text, encoding })
}

/// Control characters other than line ends, tabs and form feeds (NUL included): C0 and
/// DEL are single bytes in UTF-8, C1 (U+0080–U+009F) is 0xC2 then 0x80–0x9F, so the
/// bytes tell without decoding.
fn has_control_chars(text: &str) -> bool {
    let b = text.as_bytes();
    // Bytes that may start one, tested 64 at a time without branching (so the compiler
    // can use vector instructions); only a chunk with one is looked at closely.
    let maybe = |x: u8| {
        (x < 0x20) & (x != b'\n') & (x != b'\r') & (x != b'\t') & (x != 0x0C)
            | (x == 0x7F)
            | (x == 0xC2)
    };
    b.chunks(64).enumerate().any(|(k, chunk)| {
        chunk.iter().fold(false, |acc, &x| acc | maybe(x))
            && chunk.iter().enumerate().any(|(j, &x)| match x {
                0xC2 => b
                    .get(k * 64 + j + 1)
                    .is_some_and(|n| (0x80..=0x9F).contains(n)),
                _ => maybe(x),
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_by_their_bytes() {
        for (text, control) in [
            ("year = 2021\r\n\tx\u{c}", false),
            ("年度\u{0}", true),
            ("a\u{1b}b", true),
            ("a\u{7f}", true),
            ("C1\u{85}", true),
            ("C1\u{9f}", true),
            ("Latin-1 \u{a0}¥é", false),
            ("绩效目标，“全角”", false),
        ] {
            let by_chars = text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
            assert_eq!(has_control_chars(text), control, "{text:?}");
            assert_eq!(by_chars, control, "{text:?}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn endless_and_blocking_files_are_refused_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let zero = dir.path().join("零.toml");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
        assert!(matches!(
            read_text_file(&zero),
            Err(ReadError::NotRegular { .. })
        ));
        let fifo = dir.path().join("管道.toml");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        let err = read_text_file(&fifo).expect_err("a FIFO");
        assert!(err.to_string().contains("不是普通文件"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_says_it_is_empty_is_still_read_within_the_limit() {
        // /proc files report a size of 0; the read stops one byte past the limit.
        let shown = "/proc/self/status";
        let bytes = read_bounded(Path::new(shown), shown, 1 << 20).expect("status");
        assert!(!bytes.is_empty());
        let err = read_bounded(Path::new(shown), shown, 8).expect_err("over 8 bytes");
        assert!(
            matches!(
                err,
                ReadError::TooLarge {
                    size: None,
                    limit: 8,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("超过"), "{err}");
    }

    #[test]
    fn bom_and_crlf_are_fine() {
        let d = decode(b"\xEF\xBB\xBFyear = 2021\r\n", "a").unwrap();
        assert_eq!(d.text, "year = 2021\r\n");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn gbk_is_recognized() {
        let (bytes, _, _) = encoding_rs::GBK.encode("name = \"福建省红十字会\"\n");
        let d = decode(&bytes, "a").unwrap();
        assert_eq!(d.encoding, Encoding::Gbk);
        assert!(d.text.contains("福建省红十字会"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "year = 2021".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes, "a").unwrap().encoding, Encoding::Utf16);
    }

    #[test]
    fn binary_garbage_is_refused() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0", "a"),
            Err(ReadError::Binary { .. })
        ));
        assert!(matches!(
            decode(b"abc\x01def", "a"),
            Err(ReadError::Binary { .. })
        ));
        assert!(matches!(
            decode(b"a\n\xff\xff\xff", "a"),
            Err(ReadError::BadEncoding { line: 2, .. })
        ));
    }
}
