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

/// Why reading a file or folder failed, in words a clerk can act on.
pub fn read_reason(e: &Error) -> String {
    if is_link_loop(e) {
        return "快捷方式（符号链接）互相指向，绕成了一个圈，找不到真正的文件；请改为指向实际的文件或文件夹".to_owned();
    }
    match e.kind() {
        ErrorKind::NotFound => "不存在（请检查路径和名称）".to_owned(),
        ErrorKind::PermissionDenied => "没有读取权限（请管理员开放权限）".to_owned(),
        ErrorKind::InvalidData => "内容无法识别".to_owned(),
        _ => reason(e),
    }
}

/// A chain of links that leads back to itself. The error kind for it is not yet stable
/// to name, so it is recognised by its debug name, which every platform shares.
fn is_link_loop(e: &Error) -> bool {
    format!("{:?}", e.kind()) == "FilesystemLoop"
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

    #[cfg(target_os = "linux")]
    #[test]
    fn a_link_loop_is_told_in_chinese() {
        // ELOOP on Linux.
        let e = Error::from_raw_os_error(40);
        assert!(read_reason(&e).contains("符号链接"), "{}", read_reason(&e));
    }
}
