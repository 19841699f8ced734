#!/usr/bin/env bash
# How cost grows with the table: instructions (valgrind --tool=callgrind, whole process,
# release build) of `check` and of rendering HTML, PDF and xlsx for specs of 20, 500 and
# 2,000 indicators (tools/make-scale-spec.py; add 8000 with SIZES="20 500 2000 8000").
#
# A process has a fixed cost (start-up, fonts, the form's head), so the count per
# indicator at 20 says little. What must not grow is the cost of one more indicator: the
# marginal count per indicator between the two largest sizes may be at most FACTOR (1.5)
# times that between the two smallest. Measured on the build before issue 21, the HTML's
# quadratic row scan gave 466.6 K per indicator from 20 to 500 and 799.7 K from 500 to
# 2,000 (1.71×): a factor of 2 would have let it through at 2,000; linear formats stay
# within 1.1×. The script fails, naming the format, when a ratio is over FACTOR.
# Usage: [SIZES="20 500 2000"] [FACTOR=1.5] [BIN=target/release/jixiao] tools/bench-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-20 500 2000}
FACTOR=${FACTOR:-1.5}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/jixiao
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-scale.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

count() {
  local log=$WORK/log
  (cd "$WORK" && SOURCE_DATE_EPOCH=0 valgrind --tool=callgrind \
    --callgrind-out-file=/dev/null "$BIN" "$@" >/dev/null 2>"$log") || {
    cat "$log" >&2
    return 1
  }
  grep -oE 'refs: +[0-9,]+' "$log" | tr -dc '0-9'
}

ROWS=""
for n in $SIZES; do
  python3 tools/make-scale-spec.py "$n" "$WORK/s$n.toml"
  line="$n"
  line+=" $(count check "s$n.toml")"
  for f in html pdf xlsx; do
    line+=" $(count render "s$n.toml" -f "$f" -o "out-$n.$f")"
    rm -f "$WORK/out-$n.$f"
  done
  ROWS+="$line"$'\n'
  echo "measured $n indicators" >&2
done

python3 - <<PY
import sys
rows = [list(map(int, l.split())) for l in """$ROWS""".strip().splitlines()]
names = ["check", "HTML", "PDF", "xlsx"]
print("callgrind instructions, whole process (M), and per indicator (K)")
print(f"{'indicators':>10}  " + "  ".join(f"{n:>18}" for n in names))
for r in rows:
    n = r[0]
    print(f"{n:>10}  " + "  ".join(f"{v / 1e6:9.2f} M {v / n / 1e3:6.1f} K" for v in r[1:]))
print("marginal instructions per added indicator (K)")
for a, b in zip(rows, rows[1:]):
    print(f"{a[0]:>5}→{b[0]:<5} " + "  ".join(f"{(y - x) / (b[0] - a[0]) / 1e3:18.1f}" for x, y in zip(a[1:], b[1:])))
if len(rows) >= 3:
    first = [(y - x) / (rows[1][0] - rows[0][0]) for x, y in zip(rows[0][1:], rows[1][1:])]
    last = [(y - x) / (rows[-1][0] - rows[-2][0]) for x, y in zip(rows[-2][1:], rows[-1][1:])]
    bad = [f"{n}: {l / 1e3:.1f} K per indicator at {rows[-2][0]}→{rows[-1][0]} > $FACTOR × {f / 1e3:.1f} K at {rows[0][0]}→{rows[1][0]}"
           for n, f, l in zip(names, first, last) if l > $FACTOR * f]
    if bad:
        sys.exit("NOT LINEAR: " + "; ".join(bad))
    print("every format within $FACTOR× of linear: " + ", ".join(f"{n} {l / f:.2f}×" for n, f, l in zip(names, first, last)))
PY
