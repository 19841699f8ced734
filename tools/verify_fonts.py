#!/usr/bin/env python3
"""Check the bundled fonts against the required character list.

Usage: verify_fonts.py REQUIRED.txt SOURCE_FONT SOURCE_INDEX FONT [FONT ...]

REQUIRED.txt is `tools/charset.py required` output.  For every FONT it checks
that
  * it loads with fontTools and has TrueType (glyf) or CFF outlines,
  * every required code point the SOURCE font has is in the FONT's cmap,
  * every mapped non-blank character has a non-empty outline,
and prints size, glyph count and names.  Required code points that the
source face itself lacks are listed once (they cannot be covered; this is
not an error).  Exit status 1 if any check fails.
"""

import os
import sys
import unicodedata

from fontTools.ttLib import TTFont

# Characters that legitimately have no outline.
BLANK_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}
# Visible-category characters that are blank by design (fillers).
BLANK_CODEPOINTS = {0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0}


def is_blank(cp):
    return cp in BLANK_CODEPOINTS or unicodedata.category(chr(cp)) in BLANK_CATEGORIES


def read_codepoints(path):
    cps = []
    with open(path, encoding="ascii") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                cps.append(int(line.removeprefix("U+"), 16))
    return cps


def describe(cp):
    ch = chr(cp)
    name = unicodedata.name(ch, "<unnamed>")
    shown = " " if is_blank(cp) else ch
    return f"U+{cp:04X} {shown} {name}"


def has_outline(font, glyph_name):
    if "glyf" in font:
        g = font["glyf"][glyph_name]
        return g.numberOfContours != 0
    # CFF: draw into a bounds pen.
    from fontTools.pens.boundsPen import BoundsPen

    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[glyph_name].draw(pen)
    return pen.bounds is not None


def main(argv):
    if len(argv) < 5:
        raise SystemExit(__doc__)
    required = read_codepoints(argv[1])
    source = TTFont(argv[2], fontNumber=int(argv[3]), lazy=True)
    source_cmap = source.getBestCmap()
    lacking = [cp for cp in required if cp not in source_cmap]
    coverable = [cp for cp in required if cp in source_cmap]
    print(f"required code points: {len(required)}; the source face has {len(coverable)}")
    if lacking:
        print(f"required code points the source face lacks ({len(lacking)}), not covered:")
        for cp in lacking:
            print(f"  {describe(cp)}")

    ok = True
    for path in argv[4:]:
        font = TTFont(path)
        cmap = font.getBestCmap()
        outlines = "glyf (TrueType)" if "glyf" in font else ("CFF" if "CFF " in font else "none")
        missing = [cp for cp in coverable if cp not in cmap]
        empty = [
            cp
            for cp in coverable
            if cp in cmap
            and not is_blank(cp)
            and not has_outline(font, cmap[cp])
        ]
        name = font["name"]
        print(f"\n{path}")
        print(f"  size: {os.path.getsize(path):,} bytes")
        print(f"  outlines: {outlines}; glyphs: {len(font.getGlyphOrder())}; cmap entries: {len(cmap)}")
        print(f"  tables: {' '.join(sorted(t for t in font.keys() if t != 'GlyphOrder'))}")
        print(f"  family: {name.getDebugName(1)!r} style: {name.getDebugName(2)!r} "
              f"full: {name.getDebugName(4)!r} ps: {name.getDebugName(6)!r}")
        print(f"  version: {name.getDebugName(5)!r}; weight class {font['OS/2'].usWeightClass}")
        print(f"  copyright: {name.getDebugName(0)!r}; license: {(name.getDebugName(13) or '')[:60]!r}...")
        if outlines == "none":
            ok = False
            print("  FAIL: no outlines")
        if missing:
            ok = False
            print(f"  FAIL: {len(missing)} required code points missing from cmap:")
            for cp in missing[:50]:
                print(f"    {describe(cp)}")
        else:
            print(f"  OK: all {len(coverable)} coverable required code points are in the cmap")
        if empty:
            ok = False
            print(f"  FAIL: {len(empty)} visible characters map to empty glyphs:")
            for cp in empty[:50]:
                print(f"    {describe(cp)}")
        else:
            print("  OK: every visible required character has an outline")

    print("\nverify_fonts.py:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
