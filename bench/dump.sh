#!/usr/bin/env bash
# dump.sh [BUILD] [SIZE_MIB]: img-dump against `criu dump --leave-running` of the same process, in
# one run: bigmem (shared/criu-images/programs/bigmem.c, default 512 MiB) dumped by each in turn,
# ROUNDS times in turns after one warm-up (default 3): elapsed time and how long the task was
# stopped (img-dump's own line; CRIU's frozen_time from its stats-dump), img-dump's peak memory,
# and the medians' ratio. CRIU is $CRIU_BIN, else `criu` on PATH (version 4.2);
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

rounds=${ROUNDS:-3}
criu_version=$("$criu" --version 2>/dev/null || true)
have_criu=; [[ "$criu_version" == *"Version: 4.2"* ]] && have_criu=1

# img-dump once: "elapsed frozen_ms peak_kib"
run_img_dump() {
    rm -rf "$scratch/img-dump"
    local t0 t1 out
    t0=$(date +%s.%N)
    out=$(/usr/bin/time -f "%M" -o "$scratch/rss" "$build/tools/img-dump" -t "$pid" -D "$scratch/img-dump" --leave-running)
    t1=$(date +%s.%N)
    echo "$(printf "%.3f" "$(echo "$t1 - $t0" | bc)") $(sed -n 's/.*tasks frozen \([0-9.]*\) ms.*/\1/p' <<<"$out") $(cat "$scratch/rss")"
}

# criu dump --leave-running once: "elapsed frozen_ms"
run_criu() {
    rm -rf "$scratch/criu"; mkdir "$scratch/criu"
    local t0 t1 frozen
    t0=$(date +%s.%N)
    "$criu" dump -t "$pid" -D "$scratch/criu" --leave-running -o dump.log
    t1=$(date +%s.%N)
    frozen=$("$build/tools/img-show" --json "$scratch/criu/stats-dump" | sed -n 's/.*"frozen_time": \([0-9]*\).*/\1/p')
    echo "$(printf "%.3f" "$(echo "$t1 - $t0" | bc)") $(echo "scale=1; $frozen / 1000" | bc)"
}

# The first dump after bigmem filled its memory pays for the page cache the output needs (about
# 1 s here, whichever tool goes first): one unmeasured warm-up, then the two tools in turns.
run_img_dump >/dev/null
mine=(); theirs=()
for r in $(seq "$rounds"); do
    read -r e f k <<<"$(run_img_dump)"; mine+=("$e")
    echo "round $r  img-dump:  $e s elapsed, tasks frozen $f ms, peak RSS $k KiB"
    if [[ -n "$have_criu" ]]; then
        read -r e f <<<"$(run_criu)"; theirs+=("$e")
        echo "round $r  criu dump: $e s elapsed, tasks frozen $f ms"
    fi
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "written: img-dump $(du -sm "$scratch/img-dump" | cut -f1) MiB${have_criu:+, criu $(du -sm "$scratch/criu" | cut -f1) MiB}"
if [[ -n "$have_criu" ]]; then
    m=$(median "${mine[@]}"); c=$(median "${theirs[@]}")
    echo "median of $rounds: img-dump $m s, criu dump $c s: img-dump takes $(printf "%.2f" "$(echo "scale=3; $m / $c" | bc)")x CRIU's time"
else
    echo "median of $rounds: img-dump $(median "${mine[@]}") s; criu dump not run (no CRIU 4.2: set CRIU_BIN or put criu on PATH)"
fi
