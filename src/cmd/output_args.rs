//! `render -o`: what the output argument means, refused before anything is written when it
//! contradicts the formats (`-f pdf -o x.html`), and `-o -` for standard output.

use std::path::{Path, PathBuf};

use crate::cli::OutputFormat;

/// Whether `-o -` asks for standard output.
pub fn is_stdout(output: Option<&Path>) -> bool {
    output.is_some_and(|o| o.as_os_str() == "-")
}

/// Checks `-o` against the inputs and formats; the Chinese message when it cannot work.
pub fn check(output: Option<&Path>, inputs: usize, formats: &[OutputFormat]) -> Result<(), String> {
    let Some(out) = output else { return Ok(()) };
    if is_stdout(output) {
        if inputs != 1 || formats.len() != 1 {
            return Err(
                "-o - 只能把一个规格的一种格式写到标准输出；多个规格或多种格式请用 -o 文件夹/"
                    .to_owned(),
            );
        }
        return Ok(());
    }
    let [format] = formats else { return Ok(()) };
    if inputs != 1 || out.is_dir() {
        return Ok(());
    }
    let Some(ext) = out.extension().and_then(|e| e.to_str()) else {
        return Ok(());
    };
    let known = ["html", "htm", "json", "pdf"];
    let ext_lower = ext.to_ascii_lowercase();
    let matches =
        ext_lower == format.extension() || (ext_lower == "htm" && *format == OutputFormat::Html);
    if known.contains(&ext_lower.as_str()) && !matches {
        let fixed = out.with_extension(format.extension());
        return Err(format!(
            "输出文件 {} 的扩展名 .{ext} 与格式 {} 不符；请改为 -o {}，或用 -f {ext_lower}",
            jixiao::console::show(out),
            format.extension(),
            jixiao::console::arg(&fixed)
        ));
    }
    Ok(())
}

/// `-o x` naming one file without an extension gets the format's extension.
pub fn with_extension(file: &Path, ext: &str) -> PathBuf {
    if file.extension().is_none() {
        file.with_extension(ext)
    } else {
        file.to_path_buf()
    }
}
