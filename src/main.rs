//! The `jixiao` binary: parse arguments, run one command, map the outcome to an exit code.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::error::ErrorKind;

use cli::{Cli, Command};
use cmd::Outcome;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    install_panic_hook();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Double-clicked or dropped on: the window is the program's own and closes when it
    // exits, so it waits for Enter (see `jixiao::console`). A panic is reported by the hook
    // and still waits.
    let wait = jixiao::console::should_wait();
    let code = if args.len() == 1 && wait {
        print!("{}", jixiao::console::DOUBLE_CLICK_HELP);
        ExitCode::SUCCESS
    } else {
        std::panic::catch_unwind(|| run(&args)).unwrap_or(ExitCode::from(101))
    };
    if wait {
        jixiao::console::wait_for_enter();
    }
    code
}

/// Runs one command line.
fn run(args: &[std::ffi::OsString]) -> ExitCode {
    // `jixiao FILE` (a file dropped on the program): check and render, or import.
    if let [_, only] = args
        && cmd::open::wants(only)
    {
        return exit_code(cmd::open::run(std::path::Path::new(only)));
    }
    let cli = match parse_args(args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    if let Some(template) = cli.command.template()
        && let Err(why) = jixiao::document::force_template(template)
    {
        eprintln!("错误：{why}");
        return exit_code(Outcome::Failure);
    }
    let outcome = match &cli.command {
        Command::Check {
            specs,
            format,
            explain,
            ..
        } => cmd::check::run(specs, *format, *explain),
        Command::Render {
            specs,
            format,
            output,
            templates,
            diagnostics,
            paper,
            orientation,
            font,
            font_index,
            ..
        } => cmd::render::run(&cmd::render::Options {
            specs,
            formats: &dedup(format),
            output: output.as_deref(),
            templates: templates.as_deref(),
            diagnostics: *diagnostics,
            page: cmd::render::PageArgs {
                paper: paper.map(Into::into),
                orientation: orientation.map(Into::into),
                font: font.as_deref(),
                font_index: font_index.as_deref(),
            },
        }),
        Command::Init {
            path,
            year,
            form,
            from,
            force,
            template,
        } => match (from, template) {
            (Some(from), _) => match form {
                Some(form) => cmd::init::selfeval_from(path.as_deref(), from, form, *force),
                None => cmd::init::roll_forward(path.as_deref(), from, *year, *force),
            },
            (None, Some(template)) => {
                cmd::init::from_template(path.as_deref(), template, *year, *force)
            }
            (None, None) => cmd::init::run(path.as_deref(), *year, form.as_deref(), *force),
        },
        Command::Watch {
            spec,
            port,
            no_open,
            ..
        } => cmd::watch::run(spec, *port, !*no_open),
        Command::Schema { output, .. } => cmd::schema::run(output.as_deref()),
        Command::Import {
            input,
            output,
            out_dir,
            sheet,
            force,
            verbose,
            year,
            template,
            emit_template,
        } => cmd::import::run(&cmd::import::Options {
            input,
            output: output.as_deref(),
            out_dir: out_dir.as_deref(),
            sheet: sheet.as_deref(),
            force: *force,
            verbose: *verbose,
            year: *year,
            template: template.as_deref(),
            emit_template: emit_template.as_deref(),
        }),
    };
    exit_code(outcome)
}

/// The documented exit codes: 0 passed, 1 the spec has errors, 2 usage or file errors.
fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Ok => ExitCode::SUCCESS,
        Outcome::SpecErrors => ExitCode::from(1),
        Outcome::Failure => ExitCode::from(2),
    }
}

/// A panic is a bug in jixiao: say so in Chinese, without a Rust backtrace. Panics inside
/// spreadsheet readers are expected on damaged files and reported as such by the importer.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if jixiao::import::in_guarded_reader() {
            return;
        }
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "jixiao 内部错误：{what}（{place}）。这是程序的缺陷，不是文件的问题；请把这条信息和所用的文件发给维护人员。"
        );
    }));
}

/// Parses the arguments with the help and version flags described in Chinese.
fn parse_args(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};
    let help = || {
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助")
    };
    let command = Cli::command()
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help())
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        )
        .mut_subcommands(|c| c.disable_help_flag(true).arg(help()));
    let matches = command.try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Formats in the order given, each once.
fn dedup(formats: &[cli::OutputFormat]) -> Vec<cli::OutputFormat> {
    let mut out = Vec::with_capacity(formats.len());
    for f in formats {
        if !out.contains(f) {
            out.push(*f);
        }
    }
    out
}

/// Help and version go to stdout with exit 0; usage errors are told in Chinese, from the
/// error's context (never clap's English rendering), with exit 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue};
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let what = match e.kind() {
        ErrorKind::UnknownArgument => "无法识别的参数",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数值无效",
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::InvalidSubcommand => {
            "无法识别的命令（可用：check、render、watch、init、import、schema；也可直接给一个文件：jixiao 文件.toml）"
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令（可用：check、render、watch、init、import、schema；也可直接给一个文件：jixiao 文件.toml）"
        }
        ErrorKind::ArgumentConflict => "参数互相冲突",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "参数个数不对",
        ErrorKind::NoEquals => "参数需要用等号给值",
        _ => "参数错误",
    };
    let text = |v: &ContextValue| match v {
        ContextValue::String(s) => format!("“{s}”"),
        ContextValue::Strings(list) => list
            .iter()
            .map(|s| format!("“{s}”"))
            .collect::<Vec<_>>()
            .join("、"),
        _ => String::new(),
    };
    let mut lines = Vec::new();
    for (kind, value) in e.context() {
        let value = text(value);
        if value.is_empty() {
            continue;
        }
        let line = match kind {
            ContextKind::InvalidArg => format!("参数：{value}"),
            ContextKind::InvalidSubcommand => format!("命令：{value}"),
            ContextKind::InvalidValue => format!("给出的值：{value}"),
            ContextKind::ValidValue => format!("可用的值：{value}"),
            ContextKind::ValidSubcommand => format!("可用的命令：{value}"),
            ContextKind::SuggestedArg
            | ContextKind::SuggestedSubcommand
            | ContextKind::SuggestedValue => format!("是否想写 {value}？"),
            ContextKind::PriorArg => format!("与参数 {value} 冲突"),
            _ => continue,
        };
        lines.push(line);
    }
    // A value parser's own message (`--year 22`) is already Chinese.
    if let Some(source) = std::error::Error::source(e) {
        lines.push(source.to_string());
    }
    if e.kind() == ErrorKind::UnknownArgument {
        lines.push(
            "若这是以 - 开头的文件名，请写在 -- 之后，例如 jixiao check -- -表.toml".to_owned(),
        );
    }
    eprintln!("参数错误：{what}。");
    for line in lines {
        eprintln!("  {line}");
    }
    eprintln!("运行 jixiao --help 查看用法。");
    ExitCode::from(2)
}
