#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, two at a time, from the committed seeds.
# Usage: fuzz/run-all.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
export RUSTC_BOOTSTRAP=1
targets=(spec_check spec_structured target_grammar import_text import_sheet import_markup)
cargo fuzz build "${targets[@]/#/}" 2>/dev/null || for t in "${targets[@]}"; do cargo fuzz build "$t"; done
run() {
  local t=$1
  mkdir -p "corpus/$t" "seeds/$t"
  cargo fuzz run "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    > "fuzz-$t.log" 2>&1 && echo "$t: ok" || echo "$t: FAILED (see fuzz/fuzz-$t.log)"
}
run spec_structured & run target_grammar & wait
run import_text & run import_sheet & wait
run spec_check & run import_markup & wait
