#!/usr/bin/env bash
# PDF fast-path benchmark (release build, whole process):
#   1. instructions under valgrind --tool=callgrind (a count holds on a busy machine where
#      times do not) for the seed as PDF, as xlsx and for `check`. Fails when the PDF is
#      over PDF_BUDGET (default 16.80 M at first; 16.39 M on 2026-12-06 before the form definitions
#      and the hostile-input guards, 16.75 M after: reading the built-in definition, laying
#      the form out from it, bounded reads), the xlsx over XLSX_BUDGET (14.10 M; 14.06 M
#      measured) or `check` over CHECK_BUDGET (3.90 M; 3.87 M measured, of which 0.48 M lays
#      out the form for the glyph and example-text checks), or the seed PDF over 135,000 bytes.
#      Since issue 22's second session: PDF 16.70 M (16.65 M measured), xlsx 11.60 M (its zip
#      deflate at level 1; 11.51 M measured), check 3.90 M (3.87 M measured).
#      Since issue 21's per-block column fit of the workbook (LibreOffice prints the seed on
#      3 pages like the PDF, was 4): xlsx 18.00 M (17.93 M measured; the fit is about 4 M,
#      the worksheet's extra columns the rest).
#      Since issue 22's third session: PDF 15.60 M (15.37 M measured), xlsx 17.60 M (17.33 M),
#      check 3.35 M (3.22 M; the count moves by some 0.05 M with the size of the
#      environment, which the allocator reads at start).
#      Since the counts are taken in a fixed environment (env -i, PATH, HOME): check 3.00 M
#      (2.85 M measured; 2.96 M in a 35-variable shell), PDF 15.60 M (14.96 M), xlsx
#      17.60 M (16.96 M). Counts also grow with the output folder's entries (a run looks
#      for stale temporary files of crashed runs there): the seed PDF written into /tmp
#      with some thousand entries counts 0.5 M more; this script writes into fresh folders.
#   2. one seed PDF per process, hyperfine median,
#   3. a batch of N distinct department specs (tools/make-batch.py) in one run, parallel
#      on all cores (target: ≤ 2 ms per document = median / N), into a fresh folder and
#      again over the outputs of the run before; with BASE, that binary's batch in the same
#      hyperfine run, alternating.
# With BASE=/path/to/an/older/jixiao the counts of that binary are printed beside, from
# the same run, and its seed PDF compared byte for byte.
# Usage: [BASE=bin] tools/bench-pdf.sh [N]   (default N = 200; needs valgrind and hyperfine)
# Measured 2026-12-01 on the 2-core machine (load average 7–10 from other builds):
#   before issue 9: 51.6 M instructions, 124 KB, 4 pages; batch CPU 7.2 ms/doc
#   after:          21.2 M instructions, 142 KB, 3 pages; batch CPU 2.6–3.5 ms/doc,
#                   batch wall median 3.5 ms/doc (one run at load 1.6)
#   libdeflate in place of zlib-rs (level 1 both): 22.11 -> 19.96 M instructions,
#                   142.5 -> 126.4 KB
#   typesetting (punctuation compression, CJK-only justification, balanced labels, per-block
#   column fit): 24.17 M instructions, 126.6 KB, 3 pages
#   2026-12-02 (3 pages; PDF bytes identical until the content-stream step):
#     column-fit estimate per changed column, paragraphs shaped once   24.17 -> 22.35 M
#     mimalloc as the global allocator                                 22.35 -> 21.59 M
#     glyph ids as literal strings, ToUnicode stored, BMP glyph check  21.59 -> 21.16 M
#     glyph cache in 256-character blocks (no 1 MB zeroing)            21.16 -> 20.85 M
#     Td moves, ActualText only where extraction needs it, byte-level
#     control-character scan, subset maps built at once, sorted gid
#     lookups                                                          20.85 -> 19.95 M
#     seed PDF 129.0 KB (126.0 KiB)
#   2026-12-06, issue 22, paint side (same PDF bytes throughout, 129,043):
#     subsetter [patch]: word checksum in one pass, pre-sized writer   19.92 -> 17.80 M
#     PDF objects written directly (no lopdf for TrueType), no
#     printpdf font maps                                               17.80 -> 17.08 M
#     bit set of drawn characters, digit writers without fmt           17.08 -> 16.71 M
#     glyf/loca pre-sized in the subsetter patch                       16.71 -> 16.58 M
#     memo of glyph ids before the binary search, remapper from the
#     sorted ids                                                       16.58 -> 16.38 M
#     the compressor and its buffer kept per thread for the next document
#     of a batch: seed 16.38 M (+4 K); a batch of 20 (make-batch.py) under
#     callgrind 346.25 -> 343.22 M, 0.15 M less per document
#     seed xlsx 13.73 M and check 3.05 M unchanged (their paths were not touched)
#   2026-12-06, issue 22, second session (against the session-start binary 8ca56f6):
#     a batch stages every output in a temporary file, syncs them together (fsync from 16
#     threads), then renames them (16 threads); each folder made once. Batch of 200,
#     medians of 10 beside the old binary in one run, load 5-8 on 2 cores: fresh folder
#     (removed and synced before each run) 7.22 -> 4.66 ms, over the outputs of the run
#     before 8.29 -> 3.89 ms per document (CPU bound at that load: 3.4 ms of CPU per
#     document); PDF 16.75 M unchanged
#     xlsx zip deflate at level 1 instead of 6                        14.06 -> 11.17 M
#     the staged files flushed by background threads while the batch renders on: batch
#     of 200, fresh folder 6.87 (session start) / 4.22 (the step before) -> 2.82 ms per
#     document; over the outputs before 8.09 / 8.63 -> 4.78 ms
#     after merging main (form definitions, print fidelity): PDF 16.69 M, xlsx 11.55 M,
#     check 3.95 M; names compared in place in validate: check 3.95 -> 3.87 M
#   2026-12-07, issue 22, third session (session-start binary 9db299a: PDF 16.57 M,
#   xlsx 17.93 M, check 3.86 M):
#     indicator paths and row names without format!, taxonomy names without a copy
#                                                    PDF 16.57 -> 16.27 M, check 3.86 -> 3.54 M
#     punctuation lists searched sorted, check's glyph lookups skipped for printable ASCII
#     and U+4E00-9FA5                                PDF 16.27 -> 15.99 M, check 3.54 -> 3.24 M
#     fonts rebuilt with outlines within 4 units (was 1): deflate 6.10 -> 5.48 M,
#     117,296 bytes (was 128,568); after merging main  PDF 16.03 -> 15.37 M
#     check on the calling thread for one spec       check 3.29 -> 3.22 M
#     measured against the alternatives: a CFF subset (subsetter 18.6 M instructions for
#     the seed), packed relative relocations (-6 K), incremental row heights in the
#     column-fit estimate (+0.11 M): none kept
#     check: is_definition rules specs out by substring before walking their lines, the
#     control-character scan passes over 32-byte blocks without a suspect byte, the
#     spec's UTF-8 validated by simdutf8      check 3.17 -> 2.96 M (35-variable shell)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
PDF_BUDGET=${PDF_BUDGET:-${INSN_BUDGET:-15600000}}
XLSX_BUDGET=${XLSX_BUDGET:-17600000}
CHECK_BUDGET=${CHECK_BUDGET:-3000000}
SIZE_BUDGET=135000
SEED=specs/fujian-redcross-2021.toml
cargo build --release --quiet
BIN=$PWD/target/release/jixiao
BASE=${BASE:-}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/out"
python3 tools/make-batch.py "$N" "$WORK/specs" >/dev/null

# Instructions of one whole process: count NAME BIN ARGS...
count() {
  local name=$1 bin=$2
  shift 2
  mkdir -p "$WORK/$name"
  # A fixed, small environment: the allocator reads its options from the environment at
  # start, about 3.4 K instructions per variable (60 more variables: +0.21 M), so counts
  # taken in different shells would not compare.
  (cd "$WORK/$name" && env -i PATH="$PATH" HOME="$HOME" SOURCE_DATE_EPOCH=0 valgrind \
    --tool=callgrind --callgrind-out-file="$WORK/$name/callgrind.out" "$bin" "$@" \
    >/dev/null 2>"$WORK/$name/log")
  grep -oE 'refs: +[0-9,]+' "$WORK/$name/log" | tr -dc '0-9'
}
SPEC=$PWD/$SEED
PDF=$(count pdf "$BIN" render "$SPEC" -f pdf -o seed.pdf)
XLSX=$(count xlsx "$BIN" render "$SPEC" -f xlsx -o seed.xlsx)
CHECK=$(count check "$BIN" check "$SPEC")
BASE_COUNTS="- - -"
if [ -n "$BASE" ]; then
  BASE_COUNTS="$(count base-pdf "$BASE" render "$SPEC" -f pdf -o seed.pdf) \
$(count base-xlsx "$BASE" render "$SPEC" -f xlsx -o seed.xlsx) $(count base-check "$BASE" check "$SPEC")"
  cmp -s "$WORK/pdf/seed.pdf" "$WORK/base-pdf/seed.pdf" && SAME=yes || SAME=no
  echo "seed PDF byte-identical to $BASE's: $SAME"
fi

hyperfine -N --warmup 5 --runs 50 --export-json "$WORK/one.json" \
  "$BIN render $SEED -f pdf -o $WORK/one.pdf"
# The batch: this build first, BASE (if given) second, in the one hyperfine run. Before each
# fresh-folder run the old outputs are removed and everything synced, so no run pays for
# the deletions of the one before.
BATCH=("$BIN render $WORK/specs -f pdf -o $WORK/out/")
[ -n "$BASE" ] && BATCH+=("$BASE render $WORK/specs -f pdf -o $WORK/base-out/")
hyperfine -N --warmup 2 --runs 10 --prepare "sh -c 'rm -rf $WORK/out $WORK/base-out; sync'" \
  --export-json "$WORK/batch.json" "${BATCH[@]}"
hyperfine -N --warmup 2 --runs 10 --export-json "$WORK/batch-over.json" "${BATCH[@]}"

python3 - "$WORK" "$N" "$PDF" "$XLSX" "$CHECK" $BASE_COUNTS \
  "$PDF_BUDGET" "$XLSX_BUDGET" "$CHECK_BUDGET" "$SIZE_BUDGET" <<'PY'
import json, os, sys
work, n = sys.argv[1], int(sys.argv[2])
counts = [int(v) for v in sys.argv[3:6]]
base = [None if v == "-" else int(v) for v in sys.argv[6:9]]
budgets = [int(v) for v in sys.argv[9:12]]
size_budget = int(sys.argv[12])
one = json.load(open(f"{work}/one.json"))["results"][0]
batches = [json.load(open(f"{work}/{f}.json"))["results"] for f in ("batch", "batch-over")]
size = os.path.getsize(f"{work}/pdf/seed.pdf")
print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
print("callgrind instructions, whole process   this build   budget" + ("   BASE" if base[0] else ""))
failed = []
for name, insn, budget, old in zip(["seed PDF", "seed xlsx", "seed check"], counts, budgets, base):
    line = f"  {name:<36}  {insn / 1e6:8.2f} M  {budget / 1e6:6.2f} M"
    if old:
        line += f"  {old / 1e6:6.2f} M ({(insn - old) / 1e6:+.2f} M)"
    print(line)
    if insn > budget:
        failed.append(f"{name}: {insn} instructions > {budget}")
print(f"one seed PDF, whole process: median {one['median'] * 1000:.1f} ms")
def per_doc(r):
    return (f"median {r['median'] * 1000:.0f} ms = {r['median'] * 1000 / n:.2f} ms per document"
            f" (CPU {(r['user'] + r['system']) * 1000 / n:.2f} ms per document)")
for label, results in zip(["into a fresh folder", "over the outputs before"], batches):
    print(f"batch of {n} {label}: {per_doc(results[0])}")
    if len(results) > 1:
        print(f"  BASE in the same run:{' ' * max(0, len(label) - 9)} {per_doc(results[1])}")
print(f"seed PDF size: {size} bytes ({size / 1024:.1f} KiB; budget {size_budget} bytes)")
if size > size_budget:
    failed.append(f"seed PDF: {size} bytes > {size_budget}")
if failed:
    sys.exit("REGRESSION: " + "; ".join(failed))
PY
