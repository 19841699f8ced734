#!/usr/bin/env bash
# The HTML as a browser prints it beside the PDF: for each spec and orientation, renders
# HTML and PDF, prints the HTML with headless Chromium (--print-to-pdf) and lists each
# PDF's pages and how far down each page the ink reaches, over the text area (12 mm top and
# 14 mm bottom margins; the footer is left out), rasterised at 100 dpi. The HTML prints the
# PDF's own pages, so the two lines of a case should agree page for page
# (tests/html_print.rs holds them to it). Needs chromium, poppler-utils and python3.
# Usage: [BIN=target/release/jixiao] [OUT=dir] tools/print-compare.sh [SPEC...]
# (default specs: the seed, tests/fixtures/long40.toml, tests/fixtures/stress.toml)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/jixiao}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/jixiao-print.XXXXXX")}
if [ $# -eq 0 ]; then
  set -- specs/fujian-redcross-2021.toml tests/fixtures/long40.toml tests/fixtures/stress.toml
fi
ink() {
  python3 - "$@" <<'PY'
import glob, subprocess, sys, tempfile
for arg in sys.argv[1:]:
    label, pdf = arg.split("=", 1)
    work = tempfile.mkdtemp()
    subprocess.run(["pdftoppm", "-gray", "-r", "100", pdf, work + "/p"], check=True)
    fills = []
    for f in sorted(glob.glob(work + "/p*.pgm")):
        data = open(f, "rb").read()
        _, size, _, px = data.split(b"\n", 3)
        w, h = map(int, size.split())
        mm = 100 / 25.4
        top, bottom = int(12 * mm), h - int(14 * mm)
        low = next((y for y in range(bottom, top, -1) if min(px[y * w:(y + 1) * w]) < 128), top)
        fills.append((low - top) / (bottom - top))
    print(f"  {label:<24} {len(fills):3} pages  fill " + " ".join(f"{x:.2f}" for x in fills))
PY
}
for spec in "$@"; do
  name=$(basename "$spec" .toml)
  for o in landscape portrait; do
    dir=$OUT/$name-$o
    mkdir -p "$dir"
    "$BIN" render "$spec" -f html,pdf --orientation "$o" -o "$dir/" >/dev/null 2>&1
    chromium --headless --no-sandbox --disable-gpu --no-first-run --no-pdf-header-footer \
      --user-data-dir="$OUT/profile" --print-to-pdf="$dir/chromium.pdf" \
      "file://$dir/$name.html" >/dev/null 2>&1
    echo "$name $o"
    ink "PDF=$dir/$name.pdf" "HTML printed by Chromium=$dir/chromium.pdf"
  done
done
echo "files in $OUT" >&2
