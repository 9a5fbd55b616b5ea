#!/usr/bin/env bash
# Runs every test in build/ (labels unit, cli, corpus, robust). The corpus suite uses ../shared when
# present. Tests listed in tests/known-failing.txt are reported but do not fail the run (see that file).
# The same suites under AddressSanitizer + UBSan: scripts/test-sanitize.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
scripts/deps.sh --test
scripts/build.sh build -DIMG_BUILD_TESTS=ON
known=$( (grep -v '^#' tests/known-failing.txt | grep -v '^$' || true) | paste -sd'|' -)
ctest --test-dir build --output-on-failure -j"$(nproc)" ${known:+-E "$known"}
if [ -n "$known" ]; then
  echo "known failing (not gating, see tests/known-failing.txt):"
  ctest --test-dir build -j"$(nproc)" -R "$known" 2>&1 | grep -E 'tests passed|Failed' | tail -3 || true
fi
