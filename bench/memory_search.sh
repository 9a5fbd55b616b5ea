#!/usr/bin/env bash
# memory_search.sh: time our literal search of dump memory (the library through search_bench,
# and `img-show --search` itself) against `grep -c -F` over the same pages file, in the same run.
# Prints the times, the ratios and MET / NOT MET against the target (ours >= 50% of grep's speed).
#
#   bench/memory_search.sh [--quick] [BUILD_DIR]     (BUILD_DIR defaults to build-bench)
#
# BUILD_DIR must be configured with -DIMG_BUILD_BENCH=ON (for bench/search_bench) and hold
# tools/img-encode and tools/img-show. --quick: 64 MiB instead of 512 MiB.
# Environment: REPEAT (runs per tool, fastest kept, default 5), KEEP=1 keeps the work dir.
# Needs python3 (times are python3 time.perf_counter around each process).
set -euo pipefail

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }

default_build=build-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
encode="$build/tools/img-encode"
show="$build/tools/img-show"
bench="$build/bench/search_bench"
need_tools "configure with -DIMG_BUILD_BENCH=ON and build" "$encode" "$show" "$bench"
repeat="${REPEAT:-5}"
if (( quick )); then mib=64; else mib=512; fi

make_work memory-search
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

cat "$dump/pages-1.img" > /dev/null   # warm the page cache for all
echo "== grep -c -F (LC_ALL=C) over pages-1.img, fastest of $repeat"
g_wall=$(best_time "$repeat" "$work/grep.out" env LC_ALL=C grep -c -F "$needle" "$dump/pages-1.img")
grep_count=$(cat "$work/grep.out")
echo "== search_bench (Dump::open + search_dump over every task), fastest of $repeat"
o_wall=$(best_time "$repeat" "$work/bench.out" "$bench" "$dump" "$needle")
ours_line=$(cat "$work/bench.out")
ours_count=$(awk '{print $2}' <<<"$ours_line")
echo "== img-show --search (the tool itself, one line per match), fastest of $repeat"
s_wall=$(best_time "$repeat" "$work/show.out" "$show" --search "$needle" "$dump")
show_count=$(wc -l < "$work/show.out")

echo
printf '%-36s %10s %8s\n' "tool" "wall s" "matches"
printf '%-36s %10s %8s\n' "grep -c -F" "$g_wall" "$grep_count"
printf '%-36s %10s %8s\n' "search_bench (library, literal)" "$o_wall" "$ours_count"
printf '%-36s %10s %8s\n' "img-show --search" "$s_wall" "$show_count"
for pair in "search_bench:$o_wall" "img-show --search:$s_wall"; do
    name=${pair%%:*} t=${pair#*:}
    awk -v o="$t" -v g="$g_wall" -v n="$name" 'BEGIN {
        printf "time_ours / time_grep (%s) = %.2f: %.0f%% of grep'"'"'s speed   (target >= 50%%: %s)\n",
               n, o / g, 100 * g / o, (o <= 2 * g ? "MET" : "NOT MET") }'
done
echo "search_bench: $ours_line"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates times)"
status=0
if [[ "$ours_count" != "$grep_count" || "$show_count" != "$grep_count" ]]; then
    echo "MISMATCH: grep counted $grep_count lines, search_bench found $ours_count, img-show $show_count" >&2
    status=1
fi
exit $status
