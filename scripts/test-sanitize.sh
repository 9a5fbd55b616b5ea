#!/usr/bin/env bash
# The bad-input and tool suites again under AddressSanitizer + UBSan, in build-asan/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
scripts/deps.sh --test
scripts/build.sh build-asan -DIMG_SANITIZE=ON -DIMG_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -L 'robust|cli'
