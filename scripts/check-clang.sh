#!/usr/bin/env bash
# Compiles the library, the tools and the fuzz target with clang, syntax only (about 2 minutes on
# 2 cores), against the generated schema headers of an existing GCC build (default: build/).
# The fuzzer is built with clang (IMG_ENABLE_FUZZ); clang 14 refuses some C++20 that GCC 12
# takes (libstdc++'s ranges views, lambdas capturing structured bindings), so run this after
# touching headers or adding C++20 features. Exit status: 0 clean, 1 errors (printed).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
cd "$here"
if ! command -v clang++ >/dev/null; then echo "check-clang: clang++ not found (scripts/deps.sh --fuzz installs it)" >&2; exit 2; fi
if [ ! -f "$build/libimg/core.pb.h" ]; then echo "check-clang: no generated headers in $build/libimg: build it first" >&2; exit 2; fi
version=$(sed -n 's/^project(criu-img VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ls libimg/src/*/*.cc tools/*/*.cc fuzz/*.cc |
  xargs -P"$(nproc)" -n8 clang++ -std=c++20 -fsyntax-only -I"$build/libimg" -Ilibimg/include -Ilibimg/src -Itools \
    -DIMG_LIBARCHIVE_SONAME='"libarchive.so.13"' -DIMG_LIBCRYPTO_SONAME='"libcrypto.so.3"' \
    -DIMG_VERSION="\"$version\"" >"$log" 2>&1 || true
if grep -q 'error' "$log"; then
  grep -E 'error' "$log"
  exit 1
fi
echo "check-clang: every source compiles with $(clang++ --version | head -1)"
