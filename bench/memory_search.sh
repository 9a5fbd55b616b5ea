#!/usr/bin/env bash
# memory_search.sh: time our literal search of dump memory against `grep -c -F` over the same
# pages file, in the same run. Prints both times and the ratio; asserts nothing about speed.
#
#   bench/memory_search.sh [--quick] [BUILD_DIR]     (BUILD_DIR defaults to build-bench)
#
# BUILD_DIR must be configured with -DIMG_BUILD_BENCH=ON (for bench/search_bench) and hold
# tools/img-encode and tools/img-show. --quick: 64 MiB instead of 512 MiB.
# Environment: REPEAT (runs per tool, fastest kept, default 5), KEEP=1 keeps the work dir.
# Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }

default_build=build-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
encode="$build/tools/img-encode"
show="$build/tools/img-show"
bench="$build/bench/search_bench"
[[ -x /usr/bin/time ]] || { echo "memory_search.sh: /usr/bin/time (GNU time) is needed" >&2; exit 2; }
need_tools "configure with -DIMG_BUILD_BENCH=ON and build" "$encode" "$show" "$bench"
repeat="${REPEAT:-5}"
if (( quick )); then mib=64; else mib=512; fi

work="$(mktemp -d /tmp/memory-search.XXXXXX)"
cleanup() { if [[ "${KEEP:-0}" == 1 ]]; then echo "work dir kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
dump="$work/dump"
mkdir -p "$dump"

needle="criu-img:needle:0b5e55ed"
pid=13181
echo "== building a $mib MiB dump in $dump"
# Real bytes: the corpus's pages files and this machine's libraries and programs, repeated until
# the size is reached. Needles are planted at known places: inside a page, across a page boundary,
# across a pagemap-entry boundary (entries are 2 MiB) and across a VMA boundary (VMAs are 32 MiB);
# each on a line of its own so that grep -c counts each.
python3 - "$dump" "$mib" "$needle" "$pid" "$repo" <<'PY'
import glob, json, os, sys
dump, mib, needle, pid, repo = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode(), int(sys.argv[4]), sys.argv[5]
size = mib << 20
page = 4096
sources = sorted(glob.glob(os.path.join(repo, "..", "shared", "criu-images", "*", "pages-*.img")))
sources += sorted(glob.glob(os.path.join(repo, "testdata", "captured", "*", "pages-*.img")))
sources += sorted(glob.glob("/usr/lib/x86_64-linux-gnu/*.so*")) + sorted(glob.glob("/usr/bin/*"))
buf = bytearray()
while len(buf) < size:
    for s in sources:
        if len(buf) >= size:
            break
        try:
            if os.path.isfile(s):
                with open(s, "rb") as f:
                    buf += f.read(size - len(buf))
        except OSError:
            pass
del buf[size:]
# Take out accidental needles (there should be none) before planting.
assert buf.count(needle) == 0
spots = [5 * page + 100,                 # inside a page
         9 * page - 7,                   # across a page boundary
         (2 << 20) * 3 - 11,             # across a pagemap entry boundary
         (32 << 20) - 5,                 # across a VMA boundary
         size - 3 * page + 17,           # near the end
         size // 2 + 1234]
for at in spots:
    buf[at - 1] = 0x0a
    buf[at:at + len(needle)] = needle
    buf[at + len(needle)] = 0x0a
with open(os.path.join(dump, "pages-1.img"), "wb") as f:
    f.write(buf)

base = 0x7f0000000000
vma_bytes, entry_bytes = 32 << 20, 2 << 20
vmas = []
for off in range(0, size, vma_bytes):
    vmas.append({"start": base + off, "end": base + min(size, off + vma_bytes), "pgoff": 0, "shmid": 0,
                 "prot": 3, "flags": 34, "status": 513, "fd": -1})
mm = {"magic": "MM", "entries": [{
    "mm_start_code": 0, "mm_end_code": 0, "mm_start_data": 0, "mm_end_data": 0, "mm_start_stack": 0,
    "mm_start_brk": 0, "mm_brk": 0, "mm_arg_start": 0, "mm_arg_end": 0, "mm_env_start": 0, "mm_env_end": 0,
    "exe_file_id": 1, "vmas": vmas}]}
pm = {"magic": "PAGEMAP", "entries": [{"pages_id": 1}] + [
    {"vaddr": base + off, "compat_nr_pages": 0, "flags": 4, "nr_pages": min(entry_bytes, size - off) // page}
    for off in range(0, size, entry_bytes)]}
ps = {"magic": "PSTREE", "entries": [{"pid": pid, "ppid": 0, "pgid": pid, "sid": pid, "threads": [pid]}]}
for name, doc in ((f"mm-{pid}.img", mm), (f"pagemap-{pid}.img", pm), ("pstree.img", ps)):
    with open(os.path.join(dump, name + ".json"), "w") as f:
        json.dump(doc, f)
print(f"pages-1.img: {size} bytes, {len(vmas)} VMAs, {len(pm['entries']) - 1} pagemap entries, {len(spots)} needles")
PY
for j in "$dump"/*.json; do "$encode" -o "${j%.json}" "$j"; rm "$j"; done
# A real core image (sleep's, whose pid the dump reuses) through our own JSON round trip.
# (The search does not need it; a failure here only leaves the core out.)
if ! { "$show" --json "$repo/testdata/captured/sleep/core-$pid.img" | "$encode" -o "$dump/core-$pid.img"; }; then
    echo "note: no core image (img-show --json failed); the search does not need it" >&2
fi

# Fastest of $repeat runs of a command: "WALL CPU" in seconds (CPU = user + system, which a busy
# machine disturbs less than wall time). The page cache is warm for every run.
fastest() {
    local best_wall="" best_cpu="" line wall cpu
    for ((i = 0; i < repeat; i++)); do
        /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" > "$work/out" 2>&1
        line=$(tail -n 1 "$work/time")
        wall=$(awk '{ print $1 }' <<<"$line")
        cpu=$(awk '{ printf "%.2f", $2 + $3 }' <<<"$line")
        if [[ -z "$best_wall" ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall=$wall; fi
        if [[ -z "$best_cpu" ]] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
    done
    echo "$best_wall $best_cpu"
}

cat "$dump/pages-1.img" > /dev/null   # warm the page cache for both
echo "== grep -c -F (LC_ALL=C) over pages-1.img, fastest of $repeat"
read -r g_wall g_cpu < <(fastest env LC_ALL=C grep -c -F "$needle" "$dump/pages-1.img")
grep_count=$(cat "$work/out")
echo "== search_bench (Dump::open + search_dump over every task), fastest of $repeat"
read -r o_wall o_cpu < <(fastest "$bench" "$dump" "$needle")
ours_line=$(cat "$work/out")
ours_count=$(awk '{print $2}' <<<"$ours_line")

echo
printf '%-28s %10s %10s %8s\n' "tool" "wall s" "cpu s" "matches"
printf '%-28s %10s %10s %8s\n' "grep -c -F" "$g_wall" "$g_cpu" "$grep_count"
printf '%-28s %10s %10s %8s\n' "criu-img search (literal)" "$o_wall" "$o_cpu" "$ours_count"
ratio=$(awk -v o="$o_wall" -v g="$g_wall" 'BEGIN { printf "%.2f", o / g }')
cpu_ratio=$(awk -v o="$o_cpu" -v g="$g_cpu" 'BEGIN { printf "%.2f", (g > 0 ? o / g : 0) }')
echo "time_ours / time_grep: wall $ratio, cpu $cpu_ratio   (target: <= 2.0, ours at >= 50% of grep's speed)"
echo "search_bench: $ours_line"
status=0
if [[ "$ours_count" != "$grep_count" ]]; then
    echo "MISMATCH: grep counted $grep_count lines, we found $ours_count matches" >&2
    status=1
fi
if awk -v r="$ratio" 'BEGIN { exit !(r <= 2.0) }'; then echo "target met (wall)"; else echo "target missed (wall)"; fi
exit $status
