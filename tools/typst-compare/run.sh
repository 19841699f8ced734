#!/usr/bin/env bash
# Page counts of jixiao's PDF and of the same form typeset by Typst, for three specs in
# landscape and portrait. Needs: the release binary (cargo build --release), poppler-utils
# (pdfinfo, pdftoppm), and the Typst Python bindings (pip install typst).
#
#   tools/typst-compare/run.sh [OUTDIR]        (default OUTDIR: /tmp/typst-compare)
#   MODES="weights auto weights:typst" tools/typst-compare/run.sh
#
# A mode is WIDTHS[:EDGES] as make_typ.py's --widths and --edges (EDGES default jixiao).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-/tmp/typst-compare}"
bin="${JIXIAO:-$root/target/release/jixiao}"
modes="${MODES:-weights auto}"
specs=("$root/specs/fujian-redcross-2021.toml" "$root/tests/fixtures/long40.toml" "$root/tests/fixtures/stress.toml")
mkdir -p "$out"/{specs,json,jixiao,typst}
: > "$out/fills.txt"

python3 - <<'EOF'
import typst, sys
print(f"typst-py {getattr(typst, '__version__', '?')}", file=sys.stderr)
EOF
printf '#sys.version\n' > "$out/version.typ"
python3 -c "import typst,sys; typst.compile(sys.argv[1], output=sys.argv[2])" "$out/version.typ" "$out/version.pdf"
echo "Typst compiler $(pdftotext "$out/version.pdf" - | tr -d '\f' | head -1)" >&2
echo "jixiao $("$bin" --version 2>/dev/null || echo '?') ($bin)" >&2

header="spec\torient\tjixiao"
for m in $modes; do header+="\ttypst[$m]"; done
table="$header"$'\n'
for s in "${specs[@]}"; do
  b="$(basename "$s" .toml)"
  "$bin" render "$s" -f json -o "$out/json/" >/dev/null 2>&1
  for o in landscape portrait; do
    spec="$out/specs/$b-$o.toml"
    cp "$s" "$spec"
    if [ "$o" = portrait ]; then printf '\n[style]\norientation = "portrait"\n' >> "$spec"; fi
    "$bin" render "$spec" -f pdf -o "$out/jixiao/" >/dev/null 2>&1
    pdf="$out/jixiao/$b-$o.pdf"
    line="$b\t$o\t$(python3 "$here/fill.py" "$pdf" --summary)"
    echo "$b $o jixiao: $(python3 "$here/fill.py" "$pdf")" >> "$out/fills.txt"
    for m in $modes; do
      w="${m%%:*}"; e="jixiao"; [[ "$m" == *:* ]] && e="${m#*:}"
      typ="$out/typst/$b-$o-$w-$e.typ"
      python3 "$here/make_typ.py" "$out/json/$b.json" -o "$typ" --orientation "$o" --widths "$w" --edges "$e"
      python3 -c "import typst,sys; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])" \
        "$typ" "${typ%.typ}.pdf" "$root/fonts"
      line+="\t$(python3 "$here/fill.py" "${typ%.typ}.pdf" --summary)"
      echo "$b $o typst[$m]: $(python3 "$here/fill.py" "${typ%.typ}.pdf")" >> "$out/fills.txt"
    done
    table+="$line"$'\n'
  done
done
echo
echo "pages; fill (how far down the text area the ink reaches) of the pages but the last: mean, lowest; the last page's fill"
printf '%b' "$table" | column -t -s $'\t'
echo
echo "every page's fill: $out/fills.txt; outputs in $out"
