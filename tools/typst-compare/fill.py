#!/usr/bin/env python3
"""Page count and per-page fill of a PDF of the form.

Fill of a page = how far down the text area the page's ink reaches: the page is rasterised
in grey at 50 dpi (pdftoppm -gray -r 50), and the lowest row inside the text area (from the
12 mm top margin to the page height less the 14 mm bottom margin; the footer sits in the
bottom margin and is ignored) with any pixel darker than 128 is taken as the end of the
page's content. fill = (that row - text-area top) / text-area height. Page one includes
the title block, as both engines put it inside the text area. The last page's fill is
printed too, in brackets; the comparison is about the pages before it.

Usage: fill.py FILE.pdf [--summary]
  prints "N p: f1 f2 ... [flast]", or with --summary "N p, mean M min L, last F"
"""

import subprocess
import sys
import tempfile
import os

DPI = 50
TOP_MM, BOTTOM_MM = 12.0, 14.0


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    # P5\n<w> <h>\n<max>\n<bytes>
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        start = pos
        while not data[pos : pos + 1].isspace():
            pos += 1
        parts.append(data[start:pos])
    pos += 1
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos : pos + w * h]


def fills(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), pdf, os.path.join(tmp, "p")], check=True)
        pages = sorted(f for f in os.listdir(tmp) if f.endswith(".pgm"))
        out = []
        for p in pages:
            w, h, px = read_pgm(os.path.join(tmp, p))
            mm = DPI / 25.4
            top = int(round(TOP_MM * mm))
            bottom = int(round(h - BOTTOM_MM * mm))
            last = top
            for y in range(bottom - 1, top - 1, -1):
                row = px[y * w : (y + 1) * w]
                if min(row) < 128:
                    last = y + 1
                    break
            out.append((last - top) / (bottom - top))
        return out


def main():
    f = fills(sys.argv[1])
    body = f[:-1]
    if "--summary" in sys.argv:
        # pages, mean and lowest fill of the pages but the last, the last page's fill
        if body:
            print(f"{len(f)} p, mean {sum(body) / len(body):.0%} min {min(body):.0%}, last {f[-1]:.0%}")
        else:
            print(f"1 p, last {f[-1]:.0%}")
    else:
        print(f"{len(f)} p: " + " ".join(f"{x:.0%}" for x in body) + f" [{f[-1]:.0%}]")


if __name__ == "__main__":
    main()
