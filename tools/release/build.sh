#!/usr/bin/env bash
# Builds the release packages on a Debian 12 machine, from Debian packages and crates.io:
#
#   dist/jixiao-<版本>-windows-x64.zip     jixiao.exe, 使用说明.txt, the example spec
#   dist/jixiao-<版本>-linux-x64.tar.gz    jixiao (static, musl), the same two files
#   dist/SHA256SUMS                        checksums of both, for `sha256sum -c`
#
# Usage: tools/release/build.sh [DIST-FOLDER]      (default: dist/ in the repository)
#
# What it does, each step idempotent (a second run rebuilds nothing that is up to date):
#  1. apt-get installs the cross C compiler and linker for Windows (gcc-mingw-w64-x86-64) and
#     musl-tools (musl-gcc, for the C in libdeflate-sys and libmimalloc-sys), if missing.
#  2. rustup adds the prebuilt standard libraries for x86_64-pc-windows-gnu and
#     x86_64-unknown-linux-musl to the machine's Rust toolchain, if missing. (Where rustup
#     cannot download them, Debian's own Rust can build them instead: see the note at the end.)
#  3. cargo builds both targets from Cargo.lock (--locked), with the cargo home's paths
#     remapped and symbols stripped, so that the same sources give the same binaries wherever
#     the checkout is.
#  4. pack.py writes the archives with fixed dates (SOURCE_DATE_EPOCH: the last commit's
#     time), fixed order, owner and modes; the same binaries give the same archive bytes.
#
# Time on the project's 2-core machine: 19 minutes from nothing for both targets (one cargo
# run, about 750 CPU-seconds; measured while other builds shared the machine), a few minutes
# after a change to jixiao's own code; packaging takes about 5 s. Sizes: jixiao.exe 39 MB,
# the static jixiao 30 MB (both stripped); the zip 20 MB, the tarball 16 MB.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
dist=$(mkdir -p "${1:-$repo/dist}" && cd "${1:-$repo/dist}" && pwd)
say() { printf '\033[1mbuild.sh:\033[0m %s\n' "$*" >&2; }
[ -t 2 ] || say() { printf 'build.sh: %s\n' "$*" >&2; }

win=x86_64-pc-windows-gnu
musl=x86_64-unknown-linux-musl

# 1. Debian packages.
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v musl-gcc >/dev/null || need+=(musl-tools)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  say "installing Debian packages: ${need[*]}"
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  say "Debian packages present: gcc-mingw-w64-x86-64, musl-tools, python3"
fi

# 2. The targets' standard libraries.
installed=$(rustup target list --installed)
for target in "$win" "$musl"; do
  if grep -qx "$target" <<<"$installed"; then
    say "Rust standard library for $target present"
  else
    say "adding the Rust standard library for $target (rustup target add)"
    rustup target add "$target"
  fi
done

# 3. Build. cargo gives rustc jixiao's own sources as relative paths (src/...); the crates'
# sources under the cargo home are remapped to /build/cargo/..., so panic messages name no
# folder of this machine. RUSTFLAGS must not name the checkout's folder: cargo hashes them
# into the symbol names, and the Windows linker orders sections by those names, so a
# checkout elsewhere would give a different jixiao.exe (the ELF binary would not change).
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
cargo_home=${CARGO_HOME:-$HOME/.cargo}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
export RUSTFLAGS="--remap-path-prefix=$cargo_home=/build/cargo"
export CARGO_PROFILE_RELEASE_STRIP=symbols
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export CC_x86_64_unknown_linux_musl=musl-gcc AR_x86_64_unknown_linux_musl=ar
say "building jixiao $version for $win and $musl (cargo build --release --locked)"
start=$(date +%s)
cargo build --release --locked --target "$win" --target "$musl"
say "built in $(($(date +%s) - start)) s"
exe=target/$win/release/jixiao.exe
elf=target/$musl/release/jixiao

# 4. Package.
say "packaging into $dist"
notes_unix=$(mktemp)
notes_windows=$(mktemp)
trap 'rm -f "$notes_unix" "$notes_windows"' EXIT
cp tools/release/使用说明.txt "$notes_unix"
# Notepad and WPS on Windows: UTF-8 with a byte-order mark and CRLF line ends.
{ printf '\357\273\277'; sed 's/$/\r/' tools/release/使用说明.txt; } >"$notes_windows"
example=specs/fujian-redcross-2021.toml
example_name=示例-福建省红十字会2021.toml
zip_name=jixiao-$version-windows-x64.zip
tar_name=jixiao-$version-linux-x64.tar.gz
python3 tools/release/pack.py "$dist/$zip_name" "jixiao-$version-windows-x64" \
  "$exe=jixiao.exe" "$notes_windows=使用说明.txt" "$example=$example_name"
python3 tools/release/pack.py "$dist/$tar_name" "jixiao-$version-linux-x64" \
  "$elf=jixiao" "$notes_unix=使用说明.txt" "$example=$example_name"
(cd "$dist" && sha256sum "$zip_name" "$tar_name" >SHA256SUMS)
say "done:"
(cd "$dist" && ls -l "$zip_name" "$tar_name" SHA256SUMS >&2 && cat SHA256SUMS >&2)

# Note: where `rustup target add` is refused, the route tried in issue 18 works too: Debian
# 12's own Rust 1.96 (bookworm-security: rustc-web, cargo-web, libstd-rust-web-dev,
# libstd-rust-web-1.96, rust-web-src, libllvm22, and libgit2-1.5 for cargo), fetched with
# `apt-get download` and unpacked with `dpkg-deb -x` into a private folder, builds the
# standard library itself:
#   RUSTC_BOOTSTRAP=1 cargo build -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu \
#     --release --locked
# (about 10 minutes on 2 cores). The musl build that way also needs a static libunwind.a
# (libunwind-14-dev, with a small __fprintf_chk shim), -C link-self-contained=no
# -C link-arg=-lgcc, and a linker wrapper turning -static-pie into -static -no-pie.
