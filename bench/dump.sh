#!/usr/bin/env bash
# dump.sh [BUILD] [SIZE_MIB]: img-dump against `criu dump --leave-running` of the same process, in
# one run: bigmem (shared/criu-images/programs/bigmem.c, default 512 MiB) dumped by each in turn,
# elapsed time and how long the task was stopped (img-dump's own line; CRIU's frozen_time from its
# stats-dump), and img-dump's peak memory. CRIU is $CRIU_BIN, else `criu` on PATH (version 4.2);
# without it only img-dump is timed. The dumps go to a folder under $TMPDIR (removed at the end).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build=$(cd "${1:-$repo/build}" && pwd)
size=${2:-512}
shared=${IMG_SHARED_DIR:-$repo/../shared}
criu=${CRIU_BIN:-criu}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dump-bench.XXXXXX")
pid=
cleanup() { [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT

gcc -O1 -o "$scratch/bigmem" "$shared/criu-images/programs/bigmem.c"
setsid "$scratch/bigmem" "$scratch/status" "$size" </dev/null >/dev/null 2>&1 &
pid=$!
for _ in $(seq 600); do grep -q "gen 0 done" "$scratch/status" 2>/dev/null && break; sleep 0.1; done
echo "bigmem $size MiB, pid $pid"

t0=$(date +%s.%N)
out=$(/usr/bin/time -f "%M" -o "$scratch/rss" "$build/tools/img-dump" -t "$pid" -D "$scratch/img-dump" --leave-running)
t1=$(date +%s.%N)
echo "img-dump:   $(echo "$t1 - $t0" | bc) s elapsed, $(du -sm "$scratch/img-dump" | cut -f1) MiB written, peak RSS $(cat "$scratch/rss") KiB"
echo "            $out"

criu_version=$("$criu" --version 2>/dev/null || true)
if [[ "$criu_version" == *"Version: 4.2"* ]]; then
    mkdir "$scratch/criu"
    t0=$(date +%s.%N)
    "$criu" dump -t "$pid" -D "$scratch/criu" --leave-running -o dump.log
    t1=$(date +%s.%N)
    frozen=$("$build/tools/img-show" --json "$scratch/criu/stats-dump" | sed -n 's/.*"frozen_time": \([0-9]*\).*/\1/p')
    echo "criu dump:  $(echo "$t1 - $t0" | bc) s elapsed, $(du -sm "$scratch/criu" | cut -f1) MiB written, tasks frozen $(echo "scale=3; $frozen / 1000" | bc) ms"
else
    echo "criu dump:  not run (no CRIU 4.2: set CRIU_BIN or put criu on PATH)"
fi
