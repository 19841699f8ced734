//! Command-line arguments (clap derive). Only `main` and `cmd` see these types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

const MAIN_TEMPLATE: &str = "\
{before-help}{name} {version}
{about-with-newline}
用法：{usage}

命令：
{subcommands}

选项：
{options}{after-help}";

const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
用法：{usage}

参数：
{positionals}

选项：
{options}{after-help}";

/// The same for a command without positional arguments (no empty 参数 heading).
const OPTIONS_ONLY_TEMPLATE: &str = "\
{before-help}{about-with-newline}
用法：{usage}

选项：
{options}{after-help}";

/// jixiao（绩效）：部门整体支出绩效目标表和项目支出绩效目标表的校验、渲染与导入工具
#[derive(Debug, Parser)]
#[command(
    name = "jixiao",
    version,
    help_template = MAIN_TEMPLATE,
    hide_possible_values = true,
    disable_help_subcommand = true,
    after_help = "退出码：0 = 通过（可有警告），1 = 表格有错误，2 = 参数或文件读写错误"
)]
pub struct Cli {
    /// 要执行的操作
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 校验规格文件：逐条列出问题（文件:行:列、规则编号、说明与修改建议）
    #[command(help_template = HELP_TEMPLATE)]
    Check {
        /// 规格文件（.toml），或包含规格文件的文件夹；可给多个
        #[arg(required = true, value_name = "规格文件")]
        specs: Vec<PathBuf>,
        /// 输出格式：human（带原文与标注，默认）、short（每条一行）、json（供程序读取）
        #[arg(long, value_parser = enum_arg::<DiagFormat>, default_value = "human", value_name = "格式", hide_default_value = true, hide_possible_values = true)]
        format: DiagFormat,
        /// 按这个表样定义文件（.toml）检查和生成，不论规格中写的是哪种表；见 docs/spec.md“表样定义”
        #[arg(long, value_name = "表样文件")]
        template: Option<PathBuf>,
        /// 绩效自评表：逐项列出每个得分、执行率和总分是怎样算出的
        #[arg(long)]
        explain: bool,
    },
    /// 生成表格：HTML、PDF、Excel 或 JSON（有错误的规格不会生成）
    #[command(help_template = HELP_TEMPLATE)]
    Render {
        /// 规格文件（.toml），或包含规格文件的文件夹；可给多个
        #[arg(required = true, value_name = "规格文件")]
        specs: Vec<PathBuf>,
        /// 输出格式：pdf（可提交、打印的表格）、html（网页表格，默认）、xlsx（Excel 工作簿）、json（规范化数据）；可用逗号同时指定多种，例如 -f html,pdf,xlsx
        #[arg(
            long,
            short = 'f',
            value_parser = enum_arg::<OutputFormat>,
            value_delimiter = ',',
            default_value = "html",
            value_name = "格式",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: Vec<OutputFormat>,
        /// 输出文件或文件夹（以 / 结尾、已存在的文件夹、或给了多个规格时按文件夹处理）；默认写在规格文件旁
        #[arg(long, short = 'o', value_name = "输出")]
        output: Option<PathBuf>,
        /// 使用自己的模板文件夹（其中的 goal_table.html、style.css 覆盖内置模板）
        #[arg(long, value_name = "文件夹")]
        templates: Option<PathBuf>,
        /// 诊断信息的格式：human（默认）或 short（每条一行）
        #[arg(long, value_parser = enum_arg::<DiagFormat>, default_value = "human", value_name = "格式", hide_default_value = true, hide_possible_values = true)]
        diagnostics: DiagFormat,
        /// PDF 与 Excel 的纸张大小：a4（默认）或 a3；覆盖规格文件 [style] 中的 paper
        #[arg(long, value_parser = enum_arg::<PaperArg>, value_name = "纸张", hide_possible_values = true)]
        paper: Option<PaperArg>,
        /// PDF 与 Excel 的页面方向：landscape 或 横向（默认）、portrait 或 纵向；覆盖 [style]
        #[arg(long, value_parser = enum_arg::<OrientationArg>, value_name = "方向", hide_possible_values = true)]
        orientation: Option<OrientationArg>,
        /// PDF 使用的字体文件（.ttf、.otf、.ttc）；默认使用内置宋体（Noto Serif CJK SC 子集）
        #[arg(long, value_name = "字体文件")]
        font: Option<PathBuf>,
        /// 字体集（.ttc）中的字体序号（从 0 开始）或字体名称；用于 --font 或 [style] 中 font 指定的字体
        #[arg(long, value_name = "序号")]
        font_index: Option<String>,
        /// 按这个表样定义文件（.toml）检查和生成，不论规格中写的是哪种表；见 docs/spec.md“表样定义”
        #[arg(long, value_name = "表样文件")]
        template: Option<PathBuf>,
    },
    /// 生成下一年度的规格模板（带逐项中文注释）
    #[command(help_template = HELP_TEMPLATE)]
    Init {
        /// 新规格文件的路径（默认 绩效目标表.toml）
        #[arg(value_name = "路径")]
        path: Option<PathBuf>,
        /// 年度（默认为明年）
        #[arg(long, value_name = "年度", value_parser = year_arg)]
        year: Option<u16>,
        /// 表格类型：部门整体（默认）或 项目，也可写完整的表名；与 --from 同用时写 自评
        #[arg(long, value_name = "表格类型")]
        form: Option<String>,
        /// 从上一年度的规格文件转入新年度（部门、栏目和指标照搬，年度改为 --year，默认为其下一年）；
        /// 加 --form 自评 时由这份绩效目标表生成同一年度的绩效自评表
        #[arg(long, value_name = "上年规格")]
        from: Option<PathBuf>,
        /// 文件已存在时覆盖
        #[arg(long)]
        force: bool,
        /// 按这个表样定义文件（.toml）生成模板，规格中写上 template 指向它
        #[arg(long, value_name = "表样文件", conflicts_with_all = ["form", "from"])]
        template: Option<PathBuf>,
    },
    /// 边改边看：在浏览器中实时预览表格，每次保存规格文件后自动校验、刷新，并标出有问题的单元格
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "示例：\n  jixiao watch 红十字会2022.toml\n  jixiao watch 红十字会2022.toml --port 0 --no-open\n\n启动后第一行输出预览地址（只在本机可访问）。按 Ctrl+C 停止预览。"
    )]
    Watch {
        /// 要预览的规格文件（.toml）
        #[arg(value_name = "规格文件")]
        spec: PathBuf,
        /// 预览使用的端口；默认 8421，被占用时自动改用下一个空闲端口；写 0 由系统自动选择
        #[arg(long, value_name = "端口", value_parser = port_arg)]
        port: Option<u16>,
        /// 不自动打开浏览器（只输出预览地址）
        #[arg(long)]
        no_open: bool,
        /// 按这个表样定义文件（.toml）检查和生成，不论规格中写的是哪种表；见 docs/spec.md“表样定义”
        #[arg(long, value_name = "表样文件")]
        template: Option<PathBuf>,
    },
    /// 输出规格文件的 JSON Schema（供 VS Code 等编辑器自动补全和提示）
    #[command(help_template = OPTIONS_ONLY_TEMPLATE)]
    Schema {
        /// 写入的文件；不给时输出到标准输出
        #[arg(long, short = 'o', value_name = "文件")]
        output: Option<PathBuf>,
        /// 只输出按这个表样定义文件（.toml）写的规格的 Schema
        #[arg(long, value_name = "表样文件")]
        template: Option<PathBuf>,
    },
    /// 导入旧表格（.xlsx、.xlsm、.xls、.ods 或制表符分隔的文本）为规格文件
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "示例：\n  jixiao import 2021年绩效目标表.xlsx -o 红十字会2021.toml\n  jixiao import 各单位汇总.xlsx --out-dir specs/\n\n导入后会自动校验。文件上限与注意事项见 docs/import.md"
    )]
    Import {
        /// 要导入的表格文件
        #[arg(value_name = "表格文件")]
        input: PathBuf,
        /// 输出的规格文件（只有一张目标表时）；默认写在表格文件旁，扩展名改为 .toml
        #[arg(long, short = 'o', value_name = "规格文件", conflicts_with = "out_dir")]
        output: Option<PathBuf>,
        /// 输出文件夹：每张目标表一个规格文件，以部门名称命名
        #[arg(long, value_name = "文件夹")]
        out_dir: Option<PathBuf>,
        /// 只导入这个工作表
        #[arg(long, value_name = "工作表")]
        sheet: Option<String>,
        /// 规格文件已存在时覆盖
        #[arg(long)]
        force: bool,
        /// 列出每个值取自哪个单元格
        #[arg(long, short = 'v')]
        verbose: bool,
        /// 导入为另一年度（如用去年的表做今年的规格），并列出仍写着旧年份、日期的地方
        #[arg(long, value_name = "年度", value_parser = year_arg)]
        year: Option<u16>,
        /// 按本局的表样定义文件（.toml，项目表或部门整体表）读取表格，规格中写上 template 指向它
        #[arg(long, value_name = "表样文件")]
        template: Option<PathBuf>,
        /// 同时写出一份本局表样定义的底稿（.toml）：原表的标题，以及没有对应字段的格
        #[arg(long, value_name = "表样文件")]
        emit_template: Option<PathBuf>,
    },
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    /// rustc style with source line and caret.
    Human,
    /// One line per diagnostic.
    Short,
    /// JSON on standard output.
    Json,
}

/// What `render` produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// 网页表格（单个文件，可直接打印）
    Html,
    /// 规范化的表格数据，供其他系统读取
    Json,
    /// 可打印、可提交的 PDF 表格
    Pdf,
    /// Excel 工作簿（.xlsx），可用 Excel 或 WPS 打开、编辑，或报送财政系统
    Xlsx,
}

/// `--paper`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// 210 × 297 mm.
    A4,
    /// 297 × 420 mm.
    A3,
}

impl From<PaperArg> for jixiao::model::Paper {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::A4 => jixiao::model::Paper::A4,
            PaperArg::A3 => jixiao::model::Paper::A3,
        }
    }
}

/// `--orientation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OrientationArg {
    /// 横向 (also accepted in Chinese, as `[style]` accepts it).
    #[value(alias = "横向")]
    Landscape,
    /// 纵向.
    #[value(alias = "纵向")]
    Portrait,
}

impl From<OrientationArg> for jixiao::model::Orientation {
    fn from(o: OrientationArg) -> Self {
        match o {
            OrientationArg::Landscape => jixiao::model::Orientation::Landscape,
            OrientationArg::Portrait => jixiao::model::Orientation::Portrait,
        }
    }
}

impl OutputFormat {
    /// File extension for outputs.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Html => "html",
            OutputFormat::Json => "json",
            OutputFormat::Pdf => "pdf",
            OutputFormat::Xlsx => "xlsx",
        }
    }
}

/// Parses an enum value case- and space-tolerantly (`PDF`, ` pdf`), with a Chinese error
/// listing the accepted values.
fn enum_arg<T: ValueEnum + Clone + Send + Sync + 'static>(s: &str) -> Result<T, String> {
    let wanted = s.trim();
    T::from_str(wanted, true).map_err(|_| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|p| p.get_name().to_owned())
            .collect();
        format!("“{wanted}”不是可用的值；可用：{}", names.join("、"))
    })
}

/// A year as four digits in 2000–2100 (`--year 2022`); `22` and `2022年` are refused.
fn year_arg(s: &str) -> Result<u16, String> {
    let t = s.trim();
    match t.parse::<u16>() {
        Ok(y) if (2000..=2100).contains(&y) && t.len() == 4 => Ok(y),
        _ => Err(format!(
            "年度“{t}”无效：请写四位数字的公历年份（2000–2100），例如 --year 2022"
        )),
    }
}

/// A TCP port, 0–65535 (`0`: any free port), with a Chinese message otherwise.
fn port_arg(s: &str) -> Result<u16, String> {
    let t = s.trim();
    t.parse::<u16>().map_err(|_| {
        format!(
            "端口“{t}”无效：请写 0–65535 之间的整数，例如 --port 8421；写 --port 0 由系统自动选择"
        )
    })
}

impl Command {
    /// The definition file given with `--template`, for the commands that take one.
    pub fn template(&self) -> Option<&std::path::Path> {
        match self {
            Command::Check { template, .. }
            | Command::Render { template, .. }
            | Command::Watch { template, .. }
            | Command::Schema { template, .. }
            | Command::Init { template, .. } => template.as_deref(),
            Command::Import { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_told_in_chinese() {
        assert_eq!(port_arg("8421"), Ok(8421));
        assert_eq!(port_arg(" 0 "), Ok(0));
        for bad in ["70000", "abc", "-1", ""] {
            let e = port_arg(bad).expect_err(bad);
            assert!(e.contains("0–65535"), "{e}");
        }
    }
}
