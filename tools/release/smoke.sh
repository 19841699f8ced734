#!/usr/bin/env bash
# Smoke suite for a release binary: runs it as a clerk and a script would, and compares what
# it writes with a Linux build of the same sources (the reference).
#
#   tools/release/smoke.sh --wine   dist/.../jixiao.exe  target/debug/jixiao
#   tools/release/smoke.sh --native dist/.../jixiao      target/debug/jixiao
#
# --wine runs jixiao.exe under Debian's Wine (/usr/lib/wine/wine64, LANG=C.UTF-8) in a
# throw-away WINEPREFIX. Wine 8 lacks bcryptprimitives.dll!ProcessPrng, which Rust's std
# imports; a stand-in built from tools/release/wine/bcryptprimitives.c with mingw is put in
# that prefix's system32 for the test only (never shipped).
#
# Every check prints "ok - ..." or "FAIL - ..."; the last line is "N passed, N failed" and
# the exit status is 1 when any check failed (2 for a usage or set-up error).
set -uo pipefail

usage() { echo "usage: $0 --wine|--native BINARY REFERENCE" >&2; exit 2; }
[ $# -eq 3 ] || usage
mode=$1
case "$mode" in --wine | --native) ;; *) usage ;; esac
bin=$(realpath "$2") || usage
ref=$(realpath "$3") || usage
[ -f "$bin" ] && [ -x "$ref" ] || { echo "smoke: $bin or $ref is missing" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/../.." && pwd)

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
check() { # check NAME COMMAND...: passes when COMMAND succeeds
  local name=$1
  shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}

work=$(mktemp -d /tmp/jixiao-smoke.XXXXXX)
watch_pid=
cleanup() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null
  if [ "$mode" = --wine ]; then WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Both programs see the same fixed document date, no colour request, and never pause
# unless a check asks for it.
export SOURCE_DATE_EPOCH=1700000000
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR JIXIAO_PAUSE

if [ "$mode" = --wine ]; then
  sep='\'
  export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
  wine=/usr/lib/wine/wine64
  [ -x "$wine" ] || { echo "smoke: $wine is missing (apt-get install wine64)" >&2; exit 2; }
  echo "# setting up a Wine prefix in $WINEPREFIX"
  "$wine" wineboot --init >"$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log" >&2; exit 2; }
  /usr/lib/wine/wineserver -p 2>/dev/null # keep it running between the checks
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    "$repo/tools/release/wine/bcryptprimitives.c" "$repo/tools/release/wine/bcryptprimitives.def" \
    -ladvapi32 || { echo "smoke: could not build the ProcessPrng stand-in (gcc-mingw-w64-x86-64)" >&2; exit 2; }
  runner=("$wine" "$bin")
else
  sep=/
  runner=("$bin")
  export TMPDIR="$work/tmp" # watch's lock files
  mkdir -p "$TMPDIR"
fi

# t NAME ARGS...: runs the binary under test in $work/t with stdin from /dev/null (or $STDIN),
# 60 s at most; leaves $t_out, $t_err, $t_rc. r does the same with the reference in $work/r.
t() {
  local tag=$1
  shift
  t_out="$work/$tag.t.out" t_err="$work/$tag.t.err"
  (cd "$work/t" && timeout 60 "${runner[@]}" "$@" <"${STDIN:-/dev/null}" >"$t_out" 2>"$t_err")
  t_rc=$?
}
r() {
  local tag=$1
  shift
  r_out="$work/$tag.r.out" r_err="$work/$tag.r.err"
  (cd "$work/r" && timeout 60 "$ref" "$@" <"${STDIN:-/dev/null}" >"$r_out" 2>"$r_err")
  r_rc=$?
}
# Both, then the exit codes compared.
both() {
  local tag=$1
  t "$@"
  r "$@"
  if [ "$t_rc" != "$r_rc" ]; then
    fail "$tag: exit code $t_rc, the reference $r_rc"
    sed 's/^/#   /' "$t_err" | head -20
    return 1
  fi
}
same_file() { # same_file NAME RELATIVE-PATH: byte-identical in t and r
  if [ ! -f "$work/t/$2" ]; then fail "$1: $2 was not written"; return; fi
  if cmp -s "$work/t/$2" "$work/r/$2"; then ok "$1"; else fail "$1: $2 differs from the reference"; fi
}
has() { grep -qF -- "$2" "$1"; }
no_escape() { ! grep -q $'\e' "$t_out" "$t_err"; }

mkdir -p "$work/t" "$work/r"
for d in t r; do
  cp "$repo/specs/fujian-redcross-2021.toml" "$work/$d/seed.toml"
  cp "$repo/tests/fixtures/seed-2021.xlsx" "$work/$d/seed-2021.xlsx"
  mkdir -p "$work/$d/预算 资料 2021" "$work/$d/fixtures"
  cp "$repo/specs/fujian-redcross-2021.toml" "$work/$d/预算 资料 2021/红十字会 2021.toml"
  cp "$repo/tests/fixtures/seed-2021.xlsx" "$work/$d/预算 资料 2021/旧表.xlsx"
  : >"$work/$d/预算 资料 2021/旧表.toml"
done

echo "# $mode: $bin"
if [ "$mode" = --wine ]; then
  # Only Windows system DLLs: no libgcc_s, libwinpthread or libstdc++ beside the exe.
  dlls=$(x86_64-w64-mingw32-objdump -p "$bin" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
  foreign=$(grep -v -E '^(kernel32|ntdll|advapi32|bcrypt|bcryptprimitives|ws2_32|userenv|shell32|ole32|combase|oleaut32|user32|gdi32|crypt32|secur32|ncrypt|iphlpapi|msvcrt|shlwapi|synchronization|api-ms-win-[a-z0-9-]+)\.dll$' <<<"$dlls")
  check "needs only Windows system DLLs ($(echo $dlls | tr ' ' ','))" test -z "$foreign"
  check "is a 64-bit console program" bash -c "x86_64-w64-mingw32-objdump -f '$bin' | grep -q 'pei-x86-64' && x86_64-w64-mingw32-objdump -p '$bin' | grep -q 'Subsystem.*(Windows CUI)'"
else
  check "is statically linked (no interpreter, no shared libraries)" \
    bash -c "readelf -h '$bin' | grep -q 'X86-64' && ! readelf -l '$bin' | grep -q INTERP && ! readelf -d '$bin' | grep -q NEEDED"
fi

# --help and --version: same text as the reference, exit 0.
# (On Windows clap names the program jixiao.exe, as it was started.)
both help --help && if sed 's/jixiao\.exe/jixiao/g' "$t_out" | cmp -s - "$r_out"; then ok "--help: same text, exit 0"; else
  fail "--help text differs"
  sed 's/jixiao\.exe/jixiao/g' "$t_out" | diff - "$r_out" | head
fi
both version --version && if has "$t_out" "$(cat "$r_out")"; then ok "--version: $(cat "$t_out")"; else fail "--version differs"; fi

# The seed rendered to PDF, HTML and xlsx: PDF and HTML byte-identical to the reference's; the
# xlsx holds the same parts with the same bytes (the zip headers' "made by" system differs).
both render render seed.toml -f pdf,html,xlsx -o out && ok "render seed -f pdf,html,xlsx: exit $t_rc"
same_file "seed PDF byte-identical" out/seed.pdf
same_file "seed HTML byte-identical" out/seed.html
if python3 - "$work/t/out/seed.xlsx" "$work/r/out/seed.xlsx" <<'EOF'; then ok "seed xlsx: same parts, same bytes"; else fail "seed xlsx differs"; fi
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:])
sys.exit(0 if [(i.filename, a.read(i)) for i in a.infolist()] == [(i.filename, b.read(i)) for i in b.infolist()] else 1)
EOF
check "no colour escapes when writing to a pipe" no_escape

# check of a Chinese path with spaces: passes (two known warnings), path shown in the system's form.
both check-space check "预算 资料 2021/红十字会 2021.toml" && ok "check of a Chinese path with spaces: exit $t_rc"
check "check names the file as 预算 资料 2021${sep}红十字会 2021.toml" has "$t_err" "预算 资料 2021${sep}红十字会 2021.toml"
check "check reports the same warnings as the reference" bash -c "grep -o 'W[0-9][0-9][0-9]' '$t_err' | sort >'$work/w.t'; grep -o 'W[0-9][0-9][0-9]' '$r_err' | sort >'$work/w.r'; test -s '$work/w.t' && cmp -s '$work/w.t' '$work/w.r'"

# Exit codes: 0 passed, 1 the spec has errors, 2 usage or file errors.
cp "$repo/tests/fixtures/invalid/"*.toml "$work/t/fixtures/" 2>/dev/null
cp "$repo/tests/fixtures/invalid/"*.toml "$work/r/fixtures/" 2>/dev/null
for bad in E001-syntax E005-empty-field; do
  both "exit1-$bad" check "fixtures/$bad.toml" && check "exit 1 for a spec with errors ($bad)" test "$t_rc" = 1
  check "$bad: the same messages as the reference" bash -c "sed 's#\\\\#/#g' '$t_err' | cmp -s - '$r_err'"
done
both exit2-missing check 没有这个文件.toml && check "exit 2 for a missing file" test "$t_rc" = 2
both exit2-usage frobnicate && check "exit 2 for an unknown command" test "$t_rc" = 2
both exit2-noargs && check "exit 2 with no arguments (not double-clicked)" test "$t_rc" = 2

# import: every fixture workbook (xlsx, xls, ods, damaged ones too) gives the same spec, the same
# messages (paths' separators aside) and the same exit code as the reference.
n=0
for src in "$repo"/tests/fixtures/import/*.xlsx "$repo"/tests/fixtures/import/*.xls "$repo"/tests/fixtures/import/*.ods; do
  [ -f "$src" ] || continue
  f=$(basename "$src")
  cp "$src" "$work/t/fixtures/"
  cp "$src" "$work/r/fixtures/"
  out="fixtures/${f//./-}.toml"
  n=$((n + 1))
  both "import-$f" import "fixtures/$f" -o "$out" || continue
  if ! sed 's#\\#/#g' "$t_err" | cmp -s - "$r_err"; then
    fail "import $f: messages differ from the reference"
    sed 's#\\#/#g' "$t_err" | diff - "$r_err" | head -6 | sed 's/^/#   /'
  elif [ -f "$work/r/$out" ]; then
    same_file "import $f: exit $t_rc, same messages, same spec" "$out"
  elif [ -f "$work/t/$out" ]; then
    fail "import $f: wrote $out, the reference did not"
  else
    ok "import $f: exit $t_rc, same messages, no spec (as the reference)"
  fi
done
check "imported $n fixture workbooks" test "$n" -ge 40

# Drag and drop (jixiao FILE), the window's own console stubbed with JIXIAO_PAUSE=always: the
# result, then the prompt, and the Enter fed on stdin ends it with the result's exit code.
printf '\n' >"$work/enter"
STDIN="$work/enter" JIXIAO_PAUSE=always both drop-spec seed.toml && check "drop a spec: exit $t_rc, waits with 按回车键关闭窗口" has "$t_err" "按回车键关闭窗口"
same_file "drop a spec: PDF beside it, byte-identical" seed.pdf
same_file "drop a spec: HTML beside it, byte-identical" seed.html
STDIN="$work/enter" JIXIAO_PAUSE=always both drop-xlsx seed-2021.xlsx && ok "drop a workbook: exit $t_rc"
same_file "drop a workbook: imported spec byte-identical" seed-2021.toml
same_file "drop a workbook: PDF byte-identical" seed-2021.pdf
check "drop a workbook: waits at the end" has "$t_err" "按回车键关闭窗口"
STDIN="$work/enter" JIXIAO_PAUSE=always both drop-error 没有这个文件.toml && check "drop a missing file: exit 2 and still waits" bash -c "test $t_rc = 2 && grep -qF 按回车键关闭窗口 '$t_err'"
# A workbook whose spec already exists: the suggested commands quote the path with spaces.
both drop-exists "预算 资料 2021/旧表.xlsx" && check "drop over an existing spec: exit 2" test "$t_rc" = 2
if [ "$mode" = --wine ]; then q='"预算 资料 2021\旧表.toml"'; else q='"预算 资料 2021/旧表.toml"'; fi
check "suggested command quotes the path: jixiao $q" has "$t_err" "jixiao $q"
# Double-click with no file: the short Chinese help, then the prompt.
STDIN="$work/enter" JIXIAO_PAUSE=always both double-click && check "double-click: exit 0, help says to drag a file" bash -c "test $t_rc = 0 && grep -qF 拖 '$t_out' && grep -qF 按回车键关闭窗口 '$t_err'"
# Not double-clicked (stdin is not a console; the detection decides): never waits.
t nowait seed.toml
check "run from a script: exit 0 without waiting (detected)" bash -c "test $t_rc = 0 && ! grep -qF 按回车键关闭窗口 '$t_err'"
JIXIAO_PAUSE=never t nowait2 seed.toml
check "JIXIAO_PAUSE=never: no prompt" bash -c "test $t_rc = 0 && ! grep -qF 按回车键关闭窗口 '$t_err'"

# watch --no-open --port 0: the first line is the address; the page and its PDF are served;
# Ctrl+C (SIGINT, which Wine turns into CTRL_C_EVENT) stops it cleanly with exit 0.
(cd "$work/t" && exec "${runner[@]}" watch seed.toml --no-open --port 0 \
  >"$work/watch.out" 2>"$work/watch.err" </dev/null) &
watch_pid=$!
url=
for _ in $(seq 1 300); do
  url=$(head -1 "$work/watch.out" 2>/dev/null)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  fail "watch printed no address"
  sed 's/^/#   /' "$work/watch.err" | head
else
  ok "watch --port 0: address $url"
  curl -sS --max-time 20 -o "$work/watch.html" "$url"
  check "watch serves the preview page" grep -qF "福建省红十字会" "$work/watch.html"
  code=$(curl -sS --max-time 60 -o "$work/watch.pdf" -w '%{http_code}' "${url%/}/form.pdf")
  check "watch serves form.pdf" bash -c "test '$code' = 200 && head -c 5 '$work/watch.pdf' | grep -q '%PDF-'"
fi
kill -INT "$watch_pid" 2>/dev/null
for _ in $(seq 1 200); do kill -0 "$watch_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$watch_pid" 2>/dev/null; then
  fail "watch did not stop on Ctrl+C (SIGINT) within 20 s"
  kill -KILL "$watch_pid" 2>/dev/null
  wait "$watch_pid" 2>/dev/null
else
  wait "$watch_pid"
  rc=$?
  check "watch stops cleanly on Ctrl+C: exit $rc, 已停止预览" bash -c "test $rc = 0 && grep -qF 已停止预览 '$work/watch.err'"
fi
watch_pid=

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
