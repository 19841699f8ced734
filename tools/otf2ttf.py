#!/usr/bin/env python3
"""Convert a CFF-flavoured OpenType font (.otf) to TrueType outlines (.ttf).

Cubic CFF curves become quadratic TrueType curves with fontTools' cu2qu
(Cu2QuPen); the CFF table is replaced by glyf/loca, maxp becomes version 1.0
and post is rewritten as format 3 (no glyph names).  Based on the otf2ttf
snippet that ships in the fontTools repository (Snippets/otf2ttf.py).

Optionally renames the family (name IDs 1-4, 6 and 10 are replaced, 16/17
dropped; the copyright (0), version (5, suffix appended), trademark (7), URL
(11) and license (13, 14) records are kept).

Usage: otf2ttf.py INPUT.otf OUTPUT.ttf [--max-err UNITS]
                  [--family NAME --style STYLE --psname PSNAME --unique ID
                   --description TEXT --version-suffix TEXT]
"""

import argparse

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# Maximum distance, in font units (Noto CJK: 1000/em), between the cubic
# curve and its quadratic approximation.  1 unit = 0.001 em: 0.01 pt at 10 pt.
MAX_ERR = 1.0


def glyphs_to_quadratic(glyphset, max_err, reverse_direction=True):
    quad = {}
    for name in glyphset.keys():
        ttpen = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(ttpen, max_err, reverse_direction=reverse_direction))
        quad[name] = ttpen.glyph()
    return quad


def otf_to_ttf(font, max_err=MAX_ERR):
    assert font.sfntVersion == "OTTO", "not a CFF-flavoured OpenType font"
    assert "CFF " in font, "no 'CFF ' table"

    glyph_order = font.getGlyphOrder()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs_to_quadratic(font.getGlyphSet(), max_err)
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)  # sets bounding boxes
    for name in glyph_order:  # lsb = xMin, as TrueType expects
        g = glyf[name]
        adv, _ = font["hmtx"][name]
        font["hmtx"][name] = (adv, getattr(g, "xMin", 0))

    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        len(g.components if hasattr(g, "components") else []) for g in glyf.glyphs.values()
    )
    # The remaining maxp fields are recalculated by maxp.compile().

    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None

    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\000\001\000\000"
    return font


def rename(font, family, style, psname, unique, description=None, version_suffix=None):
    """Give the font its own name, so it cannot be mistaken for the original.

    Family/style/full/PostScript/unique names (IDs 1, 2, 3, 4, 6) are replaced
    in every language, typographic names (16, 17) are dropped; copyright (0),
    trademark (7), URLs (11, 14) and the license text (13) are kept as they are.
    """
    name = font["name"]
    full = family if style == "Regular" else f"{family} {style}"
    for nid in (1, 2, 3, 4, 6, 10, 16, 17):
        name.removeNames(nameID=nid)
    values = {1: family, 2: style, 3: unique, 4: full, 6: psname}
    if description:
        values[10] = description
    for nid, value in values.items():
        name.setName(value, nid, 3, 1, 0x409)
    if version_suffix:
        for rec in name.names:
            if rec.nameID == 5:
                rec.string = f"{rec.toUnicode()}; {version_suffix}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--max-err", type=float, default=MAX_ERR)
    ap.add_argument("--family")
    ap.add_argument("--style", default="Regular")
    ap.add_argument("--psname")
    ap.add_argument("--unique")
    ap.add_argument("--description")
    ap.add_argument("--version-suffix")
    args = ap.parse_args()

    font = TTFont(args.input)
    otf_to_ttf(font, args.max_err)
    if args.family:
        rename(font, args.family, args.style, args.psname, args.unique,
               args.description, args.version_suffix)
    font.save(args.output)


if __name__ == "__main__":
    main()
