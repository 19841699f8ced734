#!/usr/bin/env bash
# Whole-process PDF timings with hyperfine (apt-get install -y hyperfine):
#   1. one seed PDF per process (target: median ≤ 30 ms),
#   2. a batch of N copies of the seed in one run, parallel on all cores
#      (target: ≤ 5 ms per document = median / N).
# Usage: tools/bench-pdf.sh [N]   (default N = 200)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
cargo build --release --quiet
BIN=$PWD/target/release/jixiao
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/specs" "$WORK/out"
for i in $(seq -w 1 "$N"); do cp specs/fujian-redcross-2021.toml "$WORK/specs/s$i.toml"; done

hyperfine -N --warmup 5 --runs 50 --export-json "$WORK/one.json" \
  "$BIN render specs/fujian-redcross-2021.toml -f pdf -o $WORK/one.pdf"
hyperfine -N --warmup 2 --runs 10 --export-json "$WORK/batch.json" \
  "$BIN render $WORK/specs -f pdf -o $WORK/out/"

python3 - "$WORK" "$N" <<'PY'
import json, os, sys
work, n = sys.argv[1], int(sys.argv[2])
one = json.load(open(f"{work}/one.json"))["results"][0]
batch = json.load(open(f"{work}/batch.json"))["results"][0]
print(f"cores: {os.cpu_count()}")
print(f"one seed PDF, whole process: median {one['median'] * 1000:.1f} ms")
print(f"batch of {n}: median {batch['median'] * 1000:.0f} ms = {batch['median'] * 1000 / n:.2f} ms per document"
      f" (CPU {(batch['user'] + batch['system']) * 1000 / n:.2f} ms per document)")
print(f"seed PDF size: {os.path.getsize(f'{work}/one.pdf') / 1024:.1f} KiB")
PY
