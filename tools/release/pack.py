#!/usr/bin/env python3
"""Writes a release archive whose bytes depend only on its contents and SOURCE_DATE_EPOCH.

    pack.py OUT.zip|OUT.tar.gz TOP-FOLDER SOURCE=NAME [SOURCE=NAME ...]

Every SOURCE file goes in as TOP-FOLDER/NAME, in the order given, dated SOURCE_DATE_EPOCH
(default 1980-01-01), owned by 0:0, mode 755 for programs and 644 for the rest. Zip entries
are deflated, with UTF-8 names (flag bit 11) and Unix modes; the tarball is ustar/pax
in a gzip stream with no name and no time in its header.
"""

import gzip
import io
import os
import sys
import tarfile
import time
import zipfile


def main(argv):
    if len(argv) < 4 or "=" not in "".join(argv[3:]):
        sys.exit(__doc__)
    out, top, pairs = argv[1], argv[2], argv[3:]
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    epoch = max(epoch, 315532800)  # zip cannot date before 1980
    files = []
    for pair in pairs:
        source, name = pair.split("=", 1)
        with open(source, "rb") as f:
            data = f.read()
        executable = os.access(source, os.X_OK) or name.endswith(".exe")
        files.append((f"{top}/{name}", data, 0o755 if executable else 0o644))
    tmp = out + ".tmp"
    if out.endswith(".zip"):
        write_zip(tmp, files, epoch)
    elif out.endswith(".tar.gz"):
        write_tar_gz(tmp, files, epoch)
    else:
        sys.exit(f"pack.py: {out}: .zip or .tar.gz expected")
    os.replace(tmp, out)


def write_zip(path, files, epoch):
    stamp = time.gmtime(epoch)[:6]
    with zipfile.ZipFile(path, "w") as z:
        for name, data, mode in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Made on Unix, with Unix modes: Windows reads the UTF-8 flag (bit 11) either way, and
            # Info-ZIP's unzip mangles UTF-8 names of entries marked as made on FAT.
            info.create_system = 3
            info.external_attr = (0o100000 | mode) << 16
            z.writestr(info, data, compresslevel=9)


def write_tar_gz(path, files, epoch):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        top = files[0][0].split("/", 1)[0]
        folder = tarfile.TarInfo(top)
        folder.type, folder.mode, folder.mtime = tarfile.DIRTYPE, 0o755, epoch
        t.addfile(folder)
        for name, data, mode in files:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, epoch
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            t.addfile(info, io.BytesIO(data))
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue())


if __name__ == "__main__":
    main(sys.argv)
