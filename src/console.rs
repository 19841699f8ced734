//! The console the program talks to, on Windows and elsewhere: how paths are shown, how a
//! suggested command quotes them, whether colour is used, and whether the window waits for
//! Enter before it closes.
//!
//! A clerk on Windows double-clicks `jixiao.exe` or drops a file on it. Windows then gives
//! the program a console window of its own, which closes the moment the program exits, so
//! whatever it printed is gone before anyone reads it. When the program is the only one
//! attached to its console, it therefore ends with "按回车键关闭窗口" and waits. Run from
//! `cmd.exe`, PowerShell, a script or CI, the console is shared with (or owned by) the
//! caller, or standard input is not a console at all, and it never waits.
//!
//! `JIXIAO_PAUSE=always|never` overrides the detection (the smoke tests use it to take the
//! drag-and-drop path under Wine and on Linux, where no window is ever owned alone).

use std::ffi::OsStr;
use std::io::{BufRead, Write};
use std::path::Path;

/// The environment variable that overrides the console-ownership check.
pub const PAUSE_VAR: &str = "JIXIAO_PAUSE";

/// The line shown before the window waits.
pub const PAUSE_PROMPT: &str = "按回车键关闭窗口";

/// What a double-click on `jixiao.exe` (no file, a console of its own) shows.
pub const DOUBLE_CLICK_HELP: &str = "\
jixiao：部门整体支出绩效目标表的校验、生成与导入工具。

用法：把文件拖到 jixiao.exe 的图标上（不要双击 jixiao.exe 本身）。
  · 拖入规格文件（.toml）：校验后在同一文件夹生成同名的 .html 和 .pdf；
  · 拖入表格（.xlsx、.xls）：导入为同名的 .toml 规格，再生成 .html 和 .pdf。
出错时窗口中会写明哪个文件、哪一行、怎么改。
在命令提示符中运行 jixiao --help 可查看全部命令。
";

/// Whether to wait before the window closes: `JIXIAO_PAUSE` as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pause {
    /// Wait only when the program owns its console alone (the default).
    Auto,
    /// Always wait (as if double-clicked).
    Always,
    /// Never wait.
    Never,
}

impl Pause {
    /// Reads the override from the value of `JIXIAO_PAUSE` (unset or unknown: `Auto`).
    pub fn from_value(value: Option<&OsStr>) -> Pause {
        match value.and_then(OsStr::to_str).map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("always") || v == "1" => Pause::Always,
            Some(v) if v.eq_ignore_ascii_case("never") || v == "0" => Pause::Never,
            _ => Pause::Auto,
        }
    }

    /// The override in this process's environment.
    pub fn from_env() -> Pause {
        Pause::from_value(std::env::var_os(PAUSE_VAR).as_deref())
    }

    /// Whether to wait, asking `owns_console_alone` only when it matters.
    pub fn should_wait(self, owns_console_alone: impl FnOnce() -> bool) -> bool {
        match self {
            Pause::Always => true,
            Pause::Never => false,
            Pause::Auto => owns_console_alone(),
        }
    }
}

/// Whether this process was started in a console window of its own (double-click, drag and
/// drop, a shortcut) and can read Enter from it. Always false outside Windows.
pub fn owns_console_alone() -> bool {
    #[cfg(windows)]
    {
        use std::io::IsTerminal as _;
        win::console_process_count() == 1 && std::io::stdin().is_terminal()
    }
    #[cfg(not(windows))]
    {
        false
    }
}

/// Whether the window should wait before it closes, by the environment and the console.
pub fn should_wait() -> bool {
    Pause::from_env().should_wait(owns_console_alone)
}

/// Shows the prompt on standard error and waits for a line (or end of input) on standard
/// input.
pub fn wait_for_enter() {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err);
    let _ = write!(err, "{PAUSE_PROMPT}");
    let _ = err.flush();
    drop(err);
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}

/// Whether colour escapes on standard error will be shown as colour: a terminal, no
/// `NO_COLOR`, and on Windows a console that accepts escape sequences (Windows 10 and
/// later, Windows Terminal; the old console of Windows 7 and 8 would print them as text).
pub fn color_supported() -> bool {
    use std::io::IsTerminal as _;
    if std::env::var_os("NO_COLOR").is_some() || !std::io::stderr().is_terminal() {
        return false;
    }
    #[cfg(windows)]
    {
        win::enable_escapes_on_stderr()
    }
    #[cfg(not(windows))]
    {
        true
    }
}

/// A path as the user's system writes it: on Windows with backslashes and without the
/// `\\?\` prefix that canonical paths carry; elsewhere as given.
pub fn show(path: &Path) -> String {
    let text = path.display().to_string();
    if cfg!(windows) {
        windows_form(&text)
    } else {
        text
    }
}

/// A path to put in a command the user is told to run: shown as by [`show`], and quoted
/// for the system's shell when it has spaces or other special characters.
pub fn arg(path: &Path) -> String {
    let shown = show(path);
    if cfg!(windows) {
        quote_cmd(&shown)
    } else {
        quote_sh(&shown)
    }
}

/// `C:/a/b` → `C:\a\b`; `\\?\C:\a` → `C:\a`; `\\?\UNC\srv\share` → `\\srv\share`.
pub fn windows_form(path: &str) -> String {
    let path = if let Some(rest) = path.strip_prefix(r"\\?\UNC\") {
        format!(r"\\{rest}")
    } else if let Some(rest) = path.strip_prefix(r"\\?\") {
        rest.to_owned()
    } else {
        path.to_owned()
    };
    path.replace('/', "\\")
}

/// Quotes for `cmd.exe` and PowerShell: in double quotes when the word has a space or a
/// character either of them treats specially. (Paths on Windows cannot contain `"`.)
pub fn quote_cmd(word: &str) -> String {
    let special = |c: char| c.is_whitespace() || "&|<>^(),;=%!'`$@{}[]#".contains(c);
    if word.is_empty() || word.chars().any(special) {
        format!("\"{word}\"")
    } else {
        word.to_owned()
    }
}

/// Quotes for a POSIX shell: in single quotes when needed, `'` written as `'\''`.
pub fn quote_sh(word: &str) -> String {
    let plain = |c: char| !c.is_ascii() || c.is_ascii_alphanumeric() || "-_./:,+=@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(windows)]
mod win {
    //! The three console calls, declared by hand (kernel32 is always linked).

    use std::ffi::c_void;

    const STD_ERROR_HANDLE: u32 = -12_i32 as u32;
    const ENABLE_VIRTUAL_TERMINAL_PROCESSING: u32 = 0x0004;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
        fn GetStdHandle(which: u32) -> *mut c_void;
        fn GetConsoleMode(console: *mut c_void, mode: *mut u32) -> i32;
        fn SetConsoleMode(console: *mut c_void, mode: u32) -> i32;
    }

    /// How many processes share this console; 0 when there is none.
    pub fn console_process_count() -> u32 {
        let mut ids = [0_u32; 4];
        // SAFETY: the buffer holds `ids.len()` entries; the call writes at most that many
        // and returns the total count (which may be larger) or 0 on failure.
        unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) }
    }

    /// Turns on escape-sequence processing for standard error; false where the console
    /// does not support it.
    pub fn enable_escapes_on_stderr() -> bool {
        // SAFETY: plain calls on the process's own standard handle; `mode` is a valid
        // out-pointer. An invalid or non-console handle makes the calls fail, not crash.
        unsafe {
            let handle = GetStdHandle(STD_ERROR_HANDLE);
            let mut mode = 0_u32;
            if handle.is_null() || GetConsoleMode(handle, &mut mode) == 0 {
                return false;
            }
            mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0
                || SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_override_reads_always_never_and_defaults_to_auto() {
        let v = |s: &str| Pause::from_value(Some(OsStr::new(s)));
        assert_eq!(v("always"), Pause::Always);
        assert_eq!(v(" ALWAYS "), Pause::Always);
        assert_eq!(v("1"), Pause::Always);
        assert_eq!(v("never"), Pause::Never);
        assert_eq!(v("0"), Pause::Never);
        assert_eq!(v("auto"), Pause::Auto);
        assert_eq!(v("sometimes"), Pause::Auto);
        assert_eq!(Pause::from_value(None), Pause::Auto);
    }

    #[test]
    fn auto_asks_the_console_and_the_overrides_do_not() {
        assert!(Pause::Auto.should_wait(|| true));
        assert!(!Pause::Auto.should_wait(|| false));
        let never_asked = || panic!("the console must not be asked");
        assert!(Pause::Always.should_wait(never_asked));
        assert!(!Pause::Never.should_wait(never_asked));
    }

    #[cfg(not(windows))]
    #[test]
    fn outside_windows_no_console_is_owned_alone() {
        assert!(!owns_console_alone());
    }

    #[test]
    fn windows_form_uses_backslashes_and_drops_the_verbatim_prefix() {
        assert_eq!(
            windows_form("C:/Users/张三/表.toml"),
            r"C:\Users\张三\表.toml"
        );
        assert_eq!(
            windows_form(r"\\?\C:\Users\a b\表.toml"),
            r"C:\Users\a b\表.toml"
        );
        assert_eq!(
            windows_form(r"\\?\UNC\server\share\x.toml"),
            r"\\server\share\x.toml"
        );
        assert_eq!(windows_form(r"specs\a/b.toml"), r"specs\a\b.toml");
        assert_eq!(windows_form("表.toml"), "表.toml");
    }

    #[test]
    fn cmd_quoting_wraps_only_words_that_need_it() {
        assert_eq!(quote_cmd(r"C:\表\a.toml"), r"C:\表\a.toml");
        assert_eq!(quote_cmd(r"C:\My Files\a.toml"), r#""C:\My Files\a.toml""#);
        assert_eq!(quote_cmd("预算(2024).toml"), r#""预算(2024).toml""#);
        assert_eq!(quote_cmd("a&b.toml"), r#""a&b.toml""#);
        assert_eq!(quote_cmd(""), r#""""#);
    }

    #[test]
    fn sh_quoting_wraps_only_words_that_need_it() {
        assert_eq!(quote_sh("specs/表.toml"), "specs/表.toml");
        assert_eq!(quote_sh("my files/a.toml"), "'my files/a.toml'");
        assert_eq!(quote_sh("it's.toml"), r"'it'\''s.toml'");
        assert_eq!(quote_sh("$HOME.toml"), "'$HOME.toml'");
        assert_eq!(quote_sh(""), "''");
    }

    #[test]
    fn shown_paths_and_arguments_follow_the_platform() {
        let p = Path::new("my dir/表.toml");
        if cfg!(windows) {
            assert_eq!(show(p), r"my dir\表.toml");
            assert_eq!(arg(p), r#""my dir\表.toml""#);
        } else {
            assert_eq!(show(p), "my dir/表.toml");
            assert_eq!(arg(p), "'my dir/表.toml'");
        }
    }

    #[test]
    fn the_double_click_help_says_to_drag_a_file() {
        assert!(DOUBLE_CLICK_HELP.contains("拖"));
        assert!(DOUBLE_CLICK_HELP.contains(".toml"));
        assert!(DOUBLE_CLICK_HELP.contains(".xlsx"));
        assert!(DOUBLE_CLICK_HELP.lines().count() <= 8);
    }
}
