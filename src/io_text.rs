//! Operating-system errors in Chinese: what went wrong, never the OS's English text or a
//! temporary file's name.

use std::io::{Error, ErrorKind};

/// Why an I/O operation failed, in words a clerk can act on.
pub fn reason(e: &Error) -> String {
    let what = match e.kind() {
        ErrorKind::PermissionDenied => "没有写入权限（请换一个文件夹，或请管理员开放权限）",
        ErrorKind::NotFound => "文件夹不存在",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::StorageFull => "磁盘已满",
        ErrorKind::ReadOnlyFilesystem => "磁盘或文件夹是只读的",
        ErrorKind::IsADirectory => "这是一个文件夹",
        ErrorKind::NotADirectory => "路径中的某一级不是文件夹",
        ErrorKind::FileTooLarge => "文件过大",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::InvalidFilename => "文件名无效或过长",
        ErrorKind::CrossesDevices => "不能跨磁盘改名",
        ErrorKind::Unsupported => "这个位置不能存放文件",
        ErrorKind::ResourceBusy => "文件正被其他程序占用（请关闭打开它的程序后重试）",
        _ => "",
    };
    match (what, e.raw_os_error()) {
        ("", Some(code)) => format!("系统错误（代码 {code}）"),
        ("", None) => "系统错误".to_owned(),
        (what, _) => what.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_reasons() {
        let e = Error::from_raw_os_error(13);
        assert!(reason(&e).starts_with("没有写入权限"));
        assert_eq!(reason(&Error::other("x")), "系统错误");
    }
}
