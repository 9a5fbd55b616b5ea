#!/usr/bin/env bash
# build.sh [DIR] [cmake options...]: configures and builds criu-img in DIR (default build/).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-build}; shift || true
cmake -S "$here" -B "$here/$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$here/$dir" -j"$(nproc)"
