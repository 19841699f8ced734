#!/usr/bin/env bash
# Rebuild the fonts bundled into jixiao (fonts/jixiao-serif.ttf and
# fonts/jixiao-serif-bold.ttf) from scratch:
#
#   1. install Debian's fonts-noto-cjk (Noto Serif CJK Regular + Bold) if missing,
#   2. make fontTools (pinned) importable,
#   3. write the character lists (tools/charset.py),
#   4. subset the "Noto Serif CJK SC" face with pyftsubset (CFF, no hinting,
#      no layout tables, no vertical metrics),
#   5. convert CFF -> TrueType outlines and rename the family (tools/otf2ttf.py),
#   6. write fonts/LICENSE-OFL.txt from the Debian package's copyright file,
#   7. verify coverage (tools/verify_fonts.py) and, if present, run fc-scan.
#
# Usage: tools/make-fonts.sh            (from anywhere; run as root or with sudo)
# Env:   KEEP_BUILD=1   keep the scratch directory (intermediate .otf files)
#        PYTHON=...     Python interpreter to use (default: python3)
set -euo pipefail

FONTTOOLS_VERSION=4.68.0
# Largest distance of a TrueType (quadratic) outline from the CFF original, font units
# (1/1000 em): 4 units is 0.015 mm at 10.5 pt, far below a printer's dot, and its
# fewer points make the seed's regular subset 12 % smaller to embed and to deflate
# (1 unit before: 123.4 -> 108.0 KB of glyf for the seed's 430 glyphs).
MAX_ERR=4
DEB_PACKAGE=fonts-noto-cjk
SRC_DIR=/usr/share/fonts/opentype/noto
SRC_REGULAR=$SRC_DIR/NotoSerifCJK-Regular.ttc
SRC_BOLD=$SRC_DIR/NotoSerifCJK-Bold.ttc
FACE_NAME="Noto Serif CJK SC"
FAMILY="jixiao Serif"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/tools
OUT=$ROOT/fonts
PYTHON=${PYTHON:-python3}

BUILD=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-fonts.XXXXXX")
cleanup() {
    if [[ "${KEEP_BUILD:-0}" == 1 ]]; then
        echo "make-fonts: scratch files kept in $BUILD"
    else
        rm -rf "$BUILD"
    fi
}
trap cleanup EXIT

log() { printf 'make-fonts: %s\n' "$*" >&2; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# 1. Source fonts -----------------------------------------------------------
if [[ ! -f $SRC_REGULAR || ! -f $SRC_BOLD ]]; then
    log "installing $DEB_PACKAGE"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB_PACKAGE" >/dev/null
fi
DEB_VERSION=$(dpkg-query -W -f='${Version}' "$DEB_PACKAGE")
log "source: $DEB_PACKAGE $DEB_VERSION"

# 2. fontTools (pinned) -----------------------------------------------------
if ! "$PYTHON" -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
    log "installing fonttools==$FONTTOOLS_VERSION into $BUILD/py"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
        --target "$BUILD/py" "fonttools==$FONTTOOLS_VERSION"
    export PYTHONPATH="$BUILD/py${PYTHONPATH:+:$PYTHONPATH}"
fi
"$PYTHON" -c "import fontTools; print('make-fonts: fontTools', fontTools.version)" >&2

# Reproducible output: head.created/modified follow the source font file's date.
SOURCE_DATE_EPOCH=$(stat -c %Y "$SRC_REGULAR")
export SOURCE_DATE_EPOCH

# Index of the Simplified Chinese face inside the collection (2 in 20220127).
face_index() {
    "$PYTHON" - "$1" "$FACE_NAME" <<'EOF'
import sys
from fontTools.ttLib import TTCollection
path, wanted = sys.argv[1], sys.argv[2]
for i, face in enumerate(TTCollection(path, lazy=True)):
    if face["name"].getDebugName(1) == wanted:
        print(i)
        break
else:
    sys.exit(f"no face with family {wanted!r} in {path}")
EOF
}
IDX_REGULAR=$(face_index "$SRC_REGULAR")
IDX_BOLD=$(face_index "$SRC_BOLD")
log "face index: Regular $IDX_REGULAR, Bold $IDX_BOLD"

# 3. Character lists --------------------------------------------------------
"$PYTHON" "$TOOLS/charset.py" required "$BUILD/required.txt"
"$PYTHON" "$TOOLS/charset.py" extra "$BUILD/extra.txt"
cat "$BUILD/required.txt" "$BUILD/extra.txt" >"$BUILD/unicodes.txt"

# 4 + 5. Subset and convert, both weights in parallel -------------------------
build_face() { # SRC INDEX STYLE PSNAME OUTPUT
    local src=$1 index=$2 style=$3 psname=$4 output=$5
    local otf=$BUILD/$psname.otf
    "$PYTHON" -m fontTools.subset "$src" \
        --font-number="$index" \
        --unicodes-file="$BUILD/unicodes.txt" \
        --layout-features='' \
        --drop-tables+=BASE,GDEF,GPOS,GSUB,JSTF,vhea,vmtx,VORG,DSIG \
        --no-hinting \
        --desubroutinize \
        --notdef-outline \
        --no-glyph-names \
        --name-IDs=0,1,2,3,4,5,6,7,11,13,14 \
        --name-languages='*' \
        --output-file="$otf"
    "$PYTHON" "$TOOLS/otf2ttf.py" "$otf" "$BUILD/$psname.ttf" --max-err "$MAX_ERR" \
        --family "$FAMILY" --style "$style" --psname "$psname" \
        --unique "$FAMILY $style; subset of $FACE_NAME $style 2.001" \
        --description "$FAMILY $style: GBK subset of $FACE_NAME $style (Debian $DEB_PACKAGE $DEB_VERSION), converted to TrueType outlines for the jixiao CLI. Modified Version under the SIL Open Font License 1.1." \
        --version-suffix "jixiao subset of $FACE_NAME ($DEB_PACKAGE $DEB_VERSION)"
    mv "$BUILD/$psname.ttf" "$output"
    log "wrote $output"
}

mkdir -p "$OUT"
log "subsetting (takes about a minute)"
build_face "$SRC_REGULAR" "$IDX_REGULAR" Regular JixiaoSerif-Regular "$OUT/jixiao-serif.ttf" &
pid_regular=$!
build_face "$SRC_BOLD" "$IDX_BOLD" Bold JixiaoSerif-Bold "$OUT/jixiao-serif-bold.ttf" &
pid_bold=$!
wait "$pid_regular"
wait "$pid_bold"

# 6. License ----------------------------------------------------------------
"$PYTHON" - "$SRC_REGULAR" "$IDX_REGULAR" /usr/share/doc/$DEB_PACKAGE/copyright \
    "$OUT/LICENSE-OFL.txt" <<'EOF'
import sys
from fontTools.ttLib import TTFont
src, index, copyright_file, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
name = TTFont(src, fontNumber=index, lazy=True)["name"]

# The OFL text is the "License: SIL-1.1" paragraph of the Debian copyright file
# (DEP-5: continuation lines are indented, "." stands for an empty line).
lines = open(copyright_file, encoding="utf-8").read().splitlines()
start = next(i for i, l in enumerate(lines)
             if l.strip() == "License: SIL-1.1" and i + 1 < len(lines) and lines[i + 1].startswith(" "))
body = []
for l in lines[start + 1:]:
    if not l.startswith(" "):
        break
    l = l[1:]
    body.append("" if l == "." else l)
while body and not body[-1]:
    body.pop()
assert "SIL OPEN FONT LICENSE Version 1.1" in body[1], body[:3]

header = f"""\
The fonts in this folder (jixiao-serif.ttf, jixiao-serif-bold.ttf) are
Modified Versions of Noto Serif CJK SC (Regular and Bold), made by
tools/make-fonts.sh. They are licensed under the SIL Open Font License,
Version 1.1, reproduced below; the license does not apply to documents
made with the fonts.

Copyright notice of the original fonts (name table, ID 0):
{name.getDebugName(0)}
{name.getDebugName(7)}

"""
with open(out, "w", encoding="utf-8") as fh:
    fh.write(header + "\n".join(body) + "\n")
print(f"make-fonts: wrote {out}", file=sys.stderr)
EOF

# 7. Verify -----------------------------------------------------------------
log "verifying"
"$PYTHON" "$TOOLS/verify_fonts.py" "$BUILD/required.txt" "$SRC_REGULAR" "$IDX_REGULAR" "$OUT/jixiao-serif.ttf"
"$PYTHON" "$TOOLS/verify_fonts.py" "$BUILD/required.txt" "$SRC_BOLD" "$IDX_BOLD" "$OUT/jixiao-serif-bold.ttf"
if command -v fc-scan >/dev/null; then
    for f in "$OUT/jixiao-serif.ttf" "$OUT/jixiao-serif-bold.ttf"; do
        fc-scan --format "fc-scan: %{file}: %{family} / %{style} / weight %{weight} / %{fontformat}\n" "$f"
    done
fi
ls -l "$OUT"
