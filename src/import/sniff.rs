//! What a file really is, from its bytes: workbook, text dump, HTML or XML 2003 dressed
//! up as `.xls`, a password-protected package, or something else entirely. Zips are
//! checked here, from the central directory, before any part is decompressed.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::ImportError;
use super::limits::{MAX_INPUT_BYTES, MAX_TEXT_BYTES, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES};

/// What the bytes of an input are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// BIFF workbook (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// Tab-separated text.
    Text,
    /// An HTML table (often saved as .xls by government systems).
    Html,
    /// Excel 2003 "XML Spreadsheet" (often saved as .xls).
    Xml2003,
    /// jixiao's own JSON export.
    Json,
}

impl Kind {
    /// Chinese name for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Xlsx => "Excel 工作簿（.xlsx）",
            Kind::Xls => "Excel 97-2003 工作簿（.xls）",
            Kind::Ods => "OpenDocument 表格（.ods）",
            Kind::Text => "制表符分隔的文本",
            Kind::Html => "网页表格（HTML，常被系统导出为 .xls）",
            Kind::Xml2003 => "Excel 2003 XML 表格（常被系统导出为 .xls）",
            Kind::Json => "jixiao 导出的 JSON 表格数据",
        }
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides what a file is. Errors say what it is instead, in Chinese.
pub fn sniff(path: &Path, file: &str) -> Result<Kind, ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(file, e))?;
    if meta.is_dir() {
        return Err(ImportError::IsDir {
            file: file.to_owned(),
        });
    }
    if meta.len() == 0 {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            file: file.to_owned(),
            size: meta.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let mut head = Vec::with_capacity(4096);
    File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| io_error(file, e))?;
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return zip_kind(path, file);
    }
    if head.starts_with(OLE_MAGIC) {
        return ole_kind(path, file);
    }
    let not = |what: &str| {
        Err(ImportError::NotSpreadsheet {
            file: file.to_owned(),
            what: what.to_owned(),
        })
    };
    if head.starts_with(b"%PDF") {
        return not("PDF 文件");
    }
    if head.starts_with(b"\x89PNG")
        || head.starts_with(b"\xFF\xD8\xFF")
        || head.starts_with(b"GIF8")
    {
        return not("图片");
    }
    if head.starts_with(b"Rar!") || head.starts_with(b"7z\xBC\xAF") || head.starts_with(b"\x1F\x8B")
    {
        return not("压缩包（RAR/7z/gzip），请先解压");
    }
    // Text-like: decide on the decoded text.
    let text = read_text(path, file)?;
    let lead: String = text
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_lowercase();
    if super::json::looks_like_export(&text) {
        return Ok(Kind::Json);
    }
    if lead.starts_with('<') {
        let sample: String = text
            .chars()
            .take(64 * 1024)
            .collect::<String>()
            .to_lowercase();
        if sample.contains("urn:schemas-microsoft-com:office:spreadsheet")
            || sample.contains("<workbook")
        {
            return Ok(Kind::Xml2003);
        }
        if sample.contains("<table") {
            return Ok(Kind::Html);
        }
        return not("网页或 XML 文件，但其中没有表格");
    }
    if text.contains('\t') {
        return Ok(Kind::Text);
    }
    if super::text::one_cell_per_line(&text) {
        return Ok(Kind::Text);
    }
    if text.lines().take(20).any(|l| l.contains(',')) {
        return not(
            "逗号分隔的文本（CSV）；请用 Excel 打开后另存为 .xlsx，或复制表格内容粘贴为制表符分隔的文本",
        );
    }
    not("普通文本，没有制表符分隔的表格")
}

fn io_error(file: &str, e: std::io::Error) -> ImportError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ImportError::NotFound {
            file: file.to_owned(),
        },
        _ => ImportError::Io {
            file: file.to_owned(),
            source: e,
        },
    }
}

/// Reads a text-like input (bounded) and decodes UTF-8 / UTF-16 / GBK.
pub fn read_text(path: &Path, file: &str) -> Result<String, ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(file, e))?;
    if meta.len() > MAX_TEXT_BYTES {
        return Err(ImportError::TooLarge {
            file: file.to_owned(),
            size: meta.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(file, e))?;
    match crate::spec::read::decode(&bytes, file) {
        Ok(d) => Ok(d.text),
        Err(crate::spec::read::ReadError::BadEncoding { .. }) => Err(ImportError::NotSpreadsheet {
            file: file.to_owned(),
            what: "编码无法识别的文本".to_owned(),
        }),
        Err(_) => Err(ImportError::NotSpreadsheet {
            file: file.to_owned(),
            what: "无法识别的二进制文件".to_owned(),
        }),
    }
}

/// A zip that cannot be opened, in words a clerk can act on: the usual cause is a file
/// cut short by a download or a copy. The reader's words follow only when they say more.
fn zip_broken(e: &zip::result::ZipError) -> String {
    match e {
        zip::result::ZipError::InvalidArchive(_) => {
            "文件末尾缺失或结构被破坏，多半是下载或复制时没有完成".to_owned()
        }
        other => format!("ZIP 结构无法读取（原文：{other}）"),
    }
}

/// Looks inside a zip's central directory: what package it is, and whether its declared
/// sizes stay within the limits. Nothing is decompressed here except the tiny ODS
/// `mimetype` entry.
fn zip_kind(path: &Path, file: &str) -> Result<Kind, ImportError> {
    let f = File::open(path).map_err(|e| io_error(file, e))?;
    let mut zip = zip::ZipArchive::new(f).map_err(|e| ImportError::Corrupt {
        file: file.to_owned(),
        detail: zip_broken(&e),
    })?;
    let entries = zip.len();
    let mut declared: u64 = 0;
    for i in 0..entries.min(MAX_ZIP_ENTRIES + 1) {
        let entry = zip.by_index_raw(i).map_err(|e| ImportError::Corrupt {
            file: file.to_owned(),
            detail: format!("ZIP 部件无法读取：{e}"),
        })?;
        declared = declared.saturating_add(entry.size());
    }
    if entries > MAX_ZIP_ENTRIES || declared > MAX_UNCOMPRESSED_BYTES {
        return Err(ImportError::ZipBomb {
            file: file.to_owned(),
            declared,
            entries,
            limit: MAX_UNCOMPRESSED_BYTES,
        });
    }
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return Ok(Kind::Xlsx);
    }
    if zip.index_for_name("content.xml").is_some() && is_ods(&mut zip) {
        return Ok(Kind::Ods);
    }
    let has = |name: &str| zip.index_for_name(name).is_some();
    let what = if has("xl/workbook.bin") {
        "Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx"
    } else if has("word/document.xml") {
        "Word 文档"
    } else if has("ppt/presentation.xml") {
        "PowerPoint 演示文稿"
    } else if has("content.xml") {
        "OpenDocument 文档，但不是表格"
    } else {
        "ZIP 压缩包"
    };
    Err(ImportError::NotSpreadsheet {
        file: file.to_owned(),
        what: what.to_owned(),
    })
}

fn is_ods(zip: &mut zip::ZipArchive<File>) -> bool {
    let Ok(mut entry) = zip.by_name("mimetype") else {
        // Some writers omit it; calamine will judge.
        return true;
    };
    let mut buf = String::new();
    let _ = (&mut entry).take(200).read_to_string(&mut buf);
    buf.contains("spreadsheet")
}

/// OLE compound files: .xls, or an encrypted (password-protected) .xlsx, or Word/PowerPoint.
fn ole_kind(path: &Path, file: &str) -> Result<Kind, ImportError> {
    // Only the directory is read: the root storage's stream names tell what the file is.
    let ole = cfb::open(path).map_err(|e| ImportError::Corrupt {
        file: file.to_owned(),
        detail: format!(
            "Office 复合文档的目录无法读取：{}",
            crate::io_text::reason(&e)
        ),
    })?;
    let names: Vec<String> = ole
        .read_root_storage()
        .map(|entry| entry.name().to_owned())
        .collect();
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("EncryptedPackage") || has("EncryptionInfo") {
        return Err(ImportError::Password {
            file: file.to_owned(),
        });
    }
    if has("Workbook") || has("Book") {
        return Ok(Kind::Xls);
    }
    let what = if has("WordDocument") {
        "Word 97-2003 文档"
    } else if has("PowerPoint Document") {
        "PowerPoint 97-2003 演示文稿"
    } else {
        "Office 复合文档，但不是工作簿"
    };
    Err(ImportError::NotSpreadsheet {
        file: file.to_owned(),
        what: what.to_owned(),
    })
}

/// The `content.xml` of an .ods, whose declared size [`sniff`] has already bounded.
pub fn ods_content(path: &Path, file: &str) -> Result<String, ImportError> {
    let corrupt = |detail: String| ImportError::Corrupt {
        file: file.to_owned(),
        detail,
    };
    let f = File::open(path).map_err(|e| io_error(file, e))?;
    let mut zip = zip::ZipArchive::new(f).map_err(|e| corrupt(zip_broken(&e)))?;
    let mut entry = zip
        .by_name("content.xml")
        .map_err(|e| corrupt(format!("缺少 content.xml：{e}")))?;
    // Sized once from the declared size (bounded when sniffing): growing a string of
    // 200 MB by doubling would hold up to twice that while copying.
    let declared = usize::try_from(entry.size().min(MAX_UNCOMPRESSED_BYTES)).unwrap_or(0);
    let mut text = String::with_capacity(declared);
    (&mut entry)
        .take(MAX_UNCOMPRESSED_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| corrupt(format!("content.xml 无法读取：{e}")))?;
    Ok(text)
}
