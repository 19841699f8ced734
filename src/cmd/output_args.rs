//! `render -o`: what the output argument means, refused before anything is written when it
//! contradicts the formats (`-f pdf -o x.html`), and `-o -` for standard output.

use std::collections::HashMap;
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
    let ext_lower = ext.to_ascii_lowercase();
    let matches =
        ext_lower == format.extension() || (ext_lower == "htm" && *format == OutputFormat::Html);
    // A spec or a workbook given as the output would be replaced by another format.
    if matches!(
        ext_lower.as_str(),
        "toml" | "xls" | "xlsm" | "ods" | "csv" | "txt"
    ) {
        let fixed = out.with_extension(format.extension());
        return Err(format!(
            "输出文件 {} 的扩展名 .{ext} 是规格文件或表格文件的扩展名，生成 {} 会覆盖它；请改为 -o {}",
            out.display(),
            format.extension(),
            fixed.display()
        ));
    }
    let known = ["html", "htm", "json", "pdf", "xlsx"];
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

/// Where every output of a run goes: for each spec, one path per format. With `-o` as a
/// folder, a spec found inside a named folder keeps its place below it (`本单位/项目 A.toml`
/// → `out/本单位/项目 A.pdf`), so same-named specs of different folders do not meet.
pub fn plan(
    specs: &[PathBuf],
    named: &[PathBuf],
    output: Option<&Path>,
    as_folder: bool,
    formats: &[OutputFormat],
) -> Result<Vec<Vec<PathBuf>>, String> {
    let plan: Vec<Vec<PathBuf>> = specs
        .iter()
        .map(|spec| {
            formats
                .iter()
                .map(|f| output_path(spec, named, output, as_folder, f.extension()))
                .collect()
        })
        .collect();
    refuse_clashes(specs, &plan)?;
    Ok(plan)
}

/// One output path. `named` are the paths given on the command line.
fn output_path(
    spec: &Path,
    named: &[PathBuf],
    output: Option<&Path>,
    as_folder: bool,
    ext: &str,
) -> PathBuf {
    match output {
        None => spec.with_extension(ext),
        Some(dir) if as_folder => dir.join(relative_to_named(spec, named)).with_extension(ext),
        Some(file) => with_extension(file, ext),
    }
}

/// The spec's path below the named folder it was found in, or its file name when it was
/// named itself.
fn relative_to_named(spec: &Path, named: &[PathBuf]) -> PathBuf {
    named
        .iter()
        .filter(|n| n.is_dir())
        .find_map(|n| spec.strip_prefix(n).ok())
        .filter(|rel| !rel.as_os_str().is_empty())
        .map_or_else(
            || {
                spec.file_name()
                    .map_or_else(|| PathBuf::from("goal-table"), PathBuf::from)
            },
            Path::to_path_buf,
        )
}

/// Refuses, before anything is written, a run in which two outputs land on one file or an
/// output would replace one of the specs. Names are compared without case, as Windows
/// does, since these folders travel.
fn refuse_clashes(specs: &[PathBuf], plan: &[Vec<PathBuf>]) -> Result<(), String> {
    let inputs: Vec<PathBuf> = specs
        .iter()
        .filter_map(|s| std::fs::canonicalize(s).ok())
        .collect();
    let mut seen: HashMap<String, &Path> = HashMap::new();
    for (spec, outs) in specs.iter().zip(plan) {
        for out in outs {
            if std::fs::canonicalize(out).is_ok_and(|c| inputs.contains(&c)) {
                return Err(format!(
                    "输出文件 {} 是输入的规格文件，生成会覆盖它；请用 -o 另给一个文件名或文件夹（例如 -o out/）。未写出任何文件",
                    out.display()
                ));
            }
            let key = out.to_string_lossy().to_lowercase();
            if let Some(first) = seen.insert(key, spec) {
                return Err(format!(
                    "{} 和 {} 会写到同一个输出文件 {}，后一个会覆盖前一个。请分开生成，或给其中一个改名。未写出任何文件",
                    first.display(),
                    spec.display(),
                    out.display()
                ));
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        let spec = Path::new("specs/福建.toml");
        let none: &[PathBuf] = &[];
        assert_eq!(
            output_path(spec, none, None, false, "html"),
            Path::new("specs/福建.html")
        );
        assert_eq!(
            output_path(spec, none, Some(Path::new("out")), true, "pdf"),
            Path::new("out/福建.pdf")
        );
        assert_eq!(
            output_path(spec, none, Some(Path::new("a.html")), false, "html"),
            Path::new("a.html")
        );
        // A dot in the name is kept: `2021.v2` does not become `2021.pdf`.
        assert_eq!(
            output_path(Path::new("2021.v2.toml"), none, None, false, "pdf"),
            Path::new("2021.v2.pdf")
        );
    }

    #[test]
    fn a_spec_keeps_its_place_below_the_named_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let named = [dir.path().to_path_buf()];
        let deep = dir.path().join("本单位/项目 A.toml");
        assert_eq!(
            output_path(&deep, &named, Some(Path::new("out")), true, "pdf"),
            Path::new("out/本单位/项目 A.pdf")
        );
    }

    #[test]
    fn two_outputs_on_one_file_are_refused_with_both_sources() {
        let specs = [
            PathBuf::from("a/项目 A.toml"),
            PathBuf::from("b/项目 a.toml"),
        ];
        let e = plan(
            &specs,
            &specs,
            Some(Path::new("out")),
            true,
            &[OutputFormat::Pdf],
        )
        .expect_err("same name without case");
        assert!(
            e.contains("a/项目 A.toml") && e.contains("b/项目 a.toml"),
            "{e}"
        );
    }
}
