#!/usr/bin/env bash
# Import timings (release build), median of several runs with hyperfine:
# the seed workbook, the seed text dump, and a generated 5,000-indicator sheet.
#
# Needs: cargo, hyperfine (Debian: apt-get install -y hyperfine).
# Usage: tools/bench-import.sh [ROWS]   (default 5000)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-5000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
cargo build -q --release
cargo run -q --release --example import_fixtures -- --big "$ROWS" "$WORK"
BIN="$ROOT/target/release/jixiao"
hyperfine --warmup 3 --runs 20 -N --export-markdown "$WORK/bench.md" \
  -n seed.xlsx "$BIN import tests/fixtures/seed-2021.xlsx -o $WORK/a.toml --force" \
  -n seed.txt "$BIN import tests/fixtures/seed-2021.txt -o $WORK/b.toml --force" \
  -n "big-$ROWS.xlsx" "$BIN import $WORK/big-$ROWS.xlsx -o $WORK/c.toml --force"
cat "$WORK/bench.md"
ls -l "$WORK/big-$ROWS.xlsx"
