#!/usr/bin/env bash
# build.sh [DIR] [cmake options...] [--target T...]: configures criu-img in DIR (default build/) and
# builds everything, or only the targets named after --target (e.g. --target img-show img-fixpaths).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-build}; shift || true
configure=() targets=()
while [ $# -gt 0 ]; do
  if [ "$1" = --target ]; then shift; targets=("$@"); break; fi
  configure+=("$1"); shift
done
# Optimised, with line tables only (-g1): backtraces and perf still name file and line, and a
# clean build takes a fifth less time than with full debug info (-g). The project is C++ only:
# C flags would be reported as unused.
cmake -S "$here" -B "$here/$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" "${configure[@]}" >/dev/null
cmake --build "$here/$dir" -j"$(nproc)" ${targets[@]:+--target "${targets[@]}"}
