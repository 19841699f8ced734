#!/usr/bin/env python3
"""Write the code point list for the bundled jixiao fonts.

Two lists, one code point per line as ``U+XXXX  # why`` (the format that
pyftsubset's --unicodes-file reads; '#' starts a comment):

  required  every character the fonts must cover: all valid two-byte GBK
            code points (decoded with Python's 'gbk' codec, so GBK-only
            characters such as 喆 堃 镕 玥 are included), printable ASCII and
            the punctuation/symbol ranges listed below.  Whatever of these
            the source font lacks is reported by tools/verify_fonts.py.
  extra     nice-to-have characters kept when the source font has them
            (Latin-1, box/checkbox marks, further enclosed numbers ...).
            Missing ones are silently ignored.

Usage: charset.py required|extra [OUTPUT]   (default: stdout)
"""

import sys


def gbk_codepoints():
    """Every character a valid two-byte GBK sequence decodes to."""
    out = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                ch = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            cp = ord(ch)
            if 0xE000 <= cp <= 0xF8FF:  # user-defined (PUA) areas: no glyphs
                continue
            out.add(cp)
    return out


def span(first, last):
    return range(first, last + 1)


# (label, code points) -- the brief's required coverage besides GBK.
REQUIRED_GROUPS = [
    ("ascii", span(0x20, 0x7E)),
    ("cjk-punct", span(0x3000, 0x303F)),
    ("fullwidth", span(0xFF00, 0xFFEF)),
    ("gen-punct", span(0x2000, 0x206F)),
    (
        "symbol",
        [ord(c) for c in "≥≤±×÷%‰℃№﹦·€¥￥©®™°′″§"],
    ),
    ("circled-1-20", span(0x2460, 0x2473)),
]

EXTRA_GROUPS = [
    ("latin1", span(0xA0, 0xFF)),
    ("paren-num", span(0x2474, 0x249B)),  # ⑴-⒇ ⒈-⒛
    ("roman", span(0x2160, 0x217F)),  # Ⅰ-Ⅻ ⅰ-ⅻ
    ("arrows", span(0x2190, 0x2199)),
    ("geometric", span(0x25A0, 0x25FF)),  # □ ■ ○ ● △ ▲ ◆ ...
    ("box", span(0x2500, 0x257F)),
    ("check", [0x2610, 0x2611, 0x2612, 0x2713, 0x2714, 0x2715, 0x2716, 0x2717, 0x2718]),
    ("math", [0x2212, 0x2260, 0x2248, 0x221A, 0x221E, 0x2030]),
    ("cjk-compat-forms", span(0xFE10, 0xFE19)),
    ("small-forms", span(0xFE30, 0xFE6B)),
    ("enclosed-cjk", span(0x3220, 0x3243)),  # ㈠-㈩ ㈱ ...
    ("circled-ideograph", span(0x3280, 0x32B0)),
]


def build(kind):
    """Return {code point: label}, first label wins."""
    labels = {}
    if kind == "required":
        for cp in sorted(gbk_codepoints()):
            labels.setdefault(cp, "gbk")
        groups = REQUIRED_GROUPS
    elif kind == "extra":
        groups = EXTRA_GROUPS
    else:
        raise SystemExit(f"unknown list {kind!r}: want 'required' or 'extra'")
    for label, cps in groups:
        for cp in cps:
            labels.setdefault(cp, label)
    return labels


def main(argv):
    if len(argv) not in (2, 3):
        raise SystemExit(__doc__)
    labels = build(argv[1])
    text = "".join(f"U+{cp:04X}  # {lab}\n" for cp, lab in sorted(labels.items()))
    if len(argv) == 3:
        with open(argv[2], "w", encoding="ascii") as fh:
            fh.write(text)
        print(f"charset.py: {argv[1]}: {len(labels)} code points -> {argv[2]}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
