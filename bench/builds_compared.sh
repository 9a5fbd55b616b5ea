#!/usr/bin/env bash
# builds_compared.sh OLD_BUILD NEW_BUILD: the same work timed with two builds of the tools, in
# turns (old, new, old, new, ...), so a change that should not touch speed (a refactoring) shows
# its cost as a ratio made in one run on one machine. The inputs are the other benches' own: it
# runs decode_vs_crit.sh, views_vs_crit.sh, verify_speed.sh and fixpaths_vs_cp.sh once with the
# OLD build, --quick and KEEP=1, and times on what they leave behind:
#   decode   img-show --json files.img (20,000 entries) and mm.img (10,000 VMAs)
#   views    img-show --view overview,mems on a 2,000-VMA dump
#   verify   img-verify and img-verify --hash on a dump with 64 MiB of pages
#   fixpaths img-fixpaths --dry-run with 5,000 names to move (the plan, the reading, the checks)
# For each command: the median over ROUNDS turns (default 7) of CPU seconds (user + system; steadier
# than elapsed time on a shared machine) and of elapsed seconds, and new/old. Numbers, not a test.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
[[ $# -eq 2 ]] || { echo "usage: $0 OLD_BUILD NEW_BUILD" >&2; exit 2; }
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd)
rounds=${ROUNDS:-7}
scratch=$(mktemp -d /tmp/builds-compared.XXXXXX)
kept=()
cleanup() { rm -rf "$scratch" "${kept[@]}"; }
trap cleanup EXIT

# prepare SCRIPT: runs a bench script with the old build, keeping its work dir; prints the dir.
prepare() {
    local log="$scratch/$1.log"
    CRIT=/nonexistent KEEP=1 REPEAT=1 "$repo/bench/$1" --quick "$old" > "$log" 2>&1 || true
    local dir; dir=$(sed -n 's/^work dir kept: //p' "$log" | tail -1)
    [[ -d "$dir" ]] || { echo "$0: bench/$1 left no work dir:" >&2; tail -5 "$log" >&2; exit 1; }
    kept+=("$dir"); echo "$dir"
}
echo "== preparing inputs with the other benches (--quick, old build)"
decode=$(prepare decode_vs_crit.sh)
views=$(prepare views_vs_crit.sh)
verify=$(prepare verify_speed.sh)
fixp=$(prepare fixpaths_vs_cp.sh)

timed="$old/bench-timed"
[[ -x "$timed" ]] || cc -O2 -o "$timed" "$repo/bench/timed.c"

names=(); cmds=()
add() { names+=("$1"); shift; cmds+=("$*"); }
add "decode files.img"         img-show --json "$decode/files.img"
add "decode mm.img"            img-show --json "$decode/mm.img"
add "views overview,mems"      img-show --view overview,mems "$views/same-files"
add "verify"                   img-verify "$verify/dump"
add "verify --hash"            img-verify --hash "$verify/dump"
add "fixpaths --dry-run"       img-fixpaths -q --dry-run --branch-map "$fixp/map.txt" "$fixp/dump"

# one BUILD I: "elapsed cpu" of command I with BUILD's tools.
one() {
    local build=$1 i=$2 line
    # shellcheck disable=SC2086
    set -- ${cmds[$i]}
    local tool=$1; shift
    line=$("$timed" "$scratch/out" "$build/tools/$tool" "$@" 2> "$scratch/err") || {
        local rc=$?; (( rc <= 1 )) || { echo "$0: $tool $* exited $rc" >&2; cat "$scratch/err" >&2; exit 1; }; }
    awk '{ printf "%s %.4f\n", $1, $3 + $4 }' <<< "$line"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== timing: $rounds turns of old then new per command"
printf '%-24s %10s %10s %8s   %10s %10s %8s\n' command "old cpu s" "new cpu s" new/old "old s" "new s" new/old
for i in "${!names[@]}"; do
    : > "$scratch/old"; : > "$scratch/new"
    one "$old" "$i" > /dev/null; one "$new" "$i" > /dev/null     # warm the page cache
    for ((r = 0; r < rounds; r++)); do
        one "$old" "$i" >> "$scratch/old"
        one "$new" "$i" >> "$scratch/new"
    done
    oc=$(awk '{ print $2 }' "$scratch/old" | median); nc=$(awk '{ print $2 }' "$scratch/new" | median)
    ow=$(awk '{ print $1 }' "$scratch/old" | median); nw=$(awk '{ print $1 }' "$scratch/new" | median)
    awk -v n="${names[$i]}" -v oc="$oc" -v nc="$nc" -v ow="$ow" -v nw="$nw" 'BEGIN {
        printf "%-24s %10.4f %10.4f %8.2f   %10.4f %10.4f %8.2f\n", n, oc, nc, (oc > 0 ? nc / oc : 0), ow, nw, (ow > 0 ? nw / ow : 0) }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
