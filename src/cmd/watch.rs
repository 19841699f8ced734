//! `jixiao watch`: start the live preview, print its address, open the browser.

use std::path::Path;

use jixiao::preview::Session;

use super::Outcome;

/// Runs the preview until Ctrl-C. The address is the first line on standard output, so
/// scripts and tests can read it; everything else goes to standard error.
pub fn run(spec: &Path, port: Option<u16>, open_browser: bool) -> Outcome {
    let session = match Session::open(spec, port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}");
            return Outcome::Failure;
        }
    };
    let url = session.url().to_owned();
    if super::write_stdout(format!("{url}\n").as_bytes()).is_err() {
        return Outcome::Failure;
    }
    eprintln!(
        "正在预览 {}：{}",
        jixiao::console::show(spec),
        session.summary()
    );
    eprintln!("在浏览器中打开 {url} ；每次保存规格文件后页面自动更新。按 Ctrl+C 停止预览。");
    if open_browser && let Err(e) = opener::open_browser(&url) {
        eprintln!("提示：无法自动打开浏览器（{e}），请手动打开上面的地址");
    }
    match session.serve(|line| eprintln!("{line}")) {
        Ok(()) => {
            eprintln!("已停止预览。");
            Outcome::Ok
        }
        Err(e) => {
            eprintln!("错误：{e}");
            Outcome::Failure
        }
    }
}
