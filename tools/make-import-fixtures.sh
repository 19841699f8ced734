#!/usr/bin/env bash
# Rebuild tests/fixtures/import/: the workbooks the import tests read. The results are
# committed, so tests never need LibreOffice; rerun this only to change a fixture.
#
#   1. write the .xlsx variants and the XML 2003 ".xls" (examples/import_fixtures.rs),
#   2. convert the seed and the variants to .xls and .ods with LibreOffice, and the seed
#      to an HTML table saved as .xls (what government systems export),
#   3. make the bad inputs: empty, truncated, not a spreadsheet, a zip bomb, and a
#      password-protected workbook (msoffcrypto-tool).
#
# Not made here: tests/fixtures/regressions/import/corrupt-panics-reader.xls (seed-2021.xls with
# random bytes flipped, found by fuzzing; calamine panics on it, the importer must report a
# damaged file). Keep it.
#
# Needs: cargo; Debian packages libreoffice-calc, python3; pip package msoffcrypto-tool.
# Usage: tools/make-import-fixtures.sh   (from anywhere)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/tests/fixtures/import"
SEED="$ROOT/tests/fixtures/seed-2021.xlsx"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v soffice >/dev/null || { echo "need soffice: apt-get install -y libreoffice-calc" >&2; exit 1; }
command -v msoffcrypto-tool >/dev/null || { echo "need msoffcrypto-tool: pip install msoffcrypto-tool" >&2; exit 1; }

mkdir -p "$OUT"
cd "$ROOT"
cargo run -q --example import_fixtures -- "$OUT"

convert() { # convert FORMAT FILE...
  local fmt="$1"; shift
  soffice --headless --norestore -env:UserInstallation="file://$WORK/profile" \
    --convert-to "$fmt" --outdir "$OUT" "$@" >/dev/null 2>&1
}
cp "$SEED" "$WORK/seed-2021.xlsx"
for f in "$WORK/seed-2021.xlsx" "$OUT/ningde-2019.xlsx" "$OUT/extra-columns.xlsx" "$OUT/multi-sheet.xlsx" \
  "$OUT/project-88.xlsx" "$OUT/project-hunan.xlsx" "$OUT/project-transfer.xlsx" "$OUT/two-forms.xlsx" \
  "$OUT/split-target-op.xlsx" "$OUT/split-target-unit.xlsx" "$OUT/hunan-department.xlsx" \
  "$OUT/project-88-midterm.xlsx" "$OUT/hubei-department.xlsx"; do
  convert xls "$f"
  convert ods "$f"
done
convert xls "$OUT/far-cells.xlsx" && rm "$OUT/far-cells.xlsx"
convert 'html:HTML (StarCalc)' "$WORK/seed-2021.xlsx"
mv "$OUT/seed-2021.html" "$OUT/seed-html.xls"

# Bad inputs.
: > "$OUT/empty.xlsx"
head -c 4000 "$SEED" > "$OUT/truncated.xlsx"
printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' > "$OUT/pdf-renamed.xlsx"
printf '这不是表格，只是一段说明文字。\n第二行。\n' > "$OUT/plain-text.xls"
msoffcrypto-tool -e -p 123456 "$SEED" "$OUT/password.xlsx"
python3 - "$OUT/zip-bomb.xlsx" <<'PY'
import sys, zipfile
# Two parts of zeros that decompress to 300 MB in all; the file itself is ~300 KB.
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
    chunk = b"\0" * (1 << 20)
    for name in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
        with z.open(name, "w", force_zip64=True) as f:
            for _ in range(150):
                f.write(chunk)
PY
ls -l "$OUT"
