#!/usr/bin/env bash
# diff_vs_cmp.sh: time `img-diff --only pages A B` on two dumps with 512 MiB of pages each, about
# 1,300 of them changed, against `cmp -l` of their two pages files (a full byte comparison) and
# `cat A B > /dev/null` (reading both once), in the same run; and the full diff of everything but
# memory of two dumps with 20,000 VMAs. Prints seconds, ratios and img-diff's peak memory against
# the targets: faster than cmp -l; memory tens of MiB whatever the size; 20,000 VMAs well under 1 s.
#
#   bench/diff_vs_cmp.sh [--quick] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --quick: 64 MiB and 2,000 VMAs. Environment: REPEAT (runs per command, fastest kept, default 3),
# WORKDIR (parent of the work dir, default /tmp), KEEP=1 keeps the work dir.
set -euo pipefail

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0"; }

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
diff="$build/tools/img-diff"
show="$build/tools/img-show"
encode="$build/tools/img-encode"
need_tools "build first (cmake --build $build)" "$diff" "$show" "$encode"
repeat="${REPEAT:-3}"
if (( quick )); then pages_mib=64; n_vmas=2000; else pages_mib=512; n_vmas=20000; fi

make_work diff-vs-cmp
a="$work/a"; b="$work/b"
echo "== building two dumps with $pages_mib MiB of pages, about 1,300 pages changed in the second"
build_paged_dump "$a" "$pages_mib"
cp -a "$a" "$b"
changed=$(python3 - "$b/pages-1.img" <<'PY'
import os, random, sys
random.seed(7)
pages = os.path.getsize(sys.argv[1]) // 4096
picks = sorted(random.sample(range(pages), min(1300, pages // 4)))
with open(sys.argv[1], "r+b") as f:
    for p in picks:
        f.seek(p * 4096 + random.randrange(4096 - 8))
        f.write(os.urandom(8))
print(len(picks))
PY
)
cat "$a/pages-1.img" "$b/pages-1.img" > /dev/null   # a warm page cache for every command

echo "== img-diff --only pages, cmp -l, cat: fastest of $repeat each"
t_diff=$(best_time "$repeat" "$work/diff.out" "$diff" --only pages --json "$a" "$b")
peak_kib=$("$timed" "$work/diff.out" "$diff" --only pages --json "$a" "$b" 2>/dev/null | awk '{ print $2 }') || true
found=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stat"].get("pages", 0))' "$work/diff.out")
[[ "$found" == "$changed" ]] || { echo "$me: img-diff found $found changed pages, $changed were changed" >&2; exit 1; }
t_cmp=$(best_time "$repeat" "$work/cmp.out" cmp -l "$a/pages-1.img" "$b/pages-1.img")
t_cat=$(best_time "$repeat" "$work/cat.out" cat "$a/pages-1.img" "$b/pages-1.img")

echo "== two dumps with $n_vmas VMAs, some reprotected: everything but memory, fastest of $repeat"
c="$work/c"; d="$work/d"
mkdir -p "$c"
cp "$repo"/testdata/captured/sleep/* "$c/"
"$show" --json "$c/mm-13181.img" > "$work/mm-c.json"
n_changed=$(python3 - "$work" "$n_vmas" <<'PY'
import copy, json, sys
work, n = sys.argv[1], int(sys.argv[2])
mm = json.load(open(f"{work}/mm-c.json"))
vmas = mm["entries"][0]["vmas"]
base = [v for v in vmas if v.get("shmid")]   # file-backed VMAs of the capture, as templates
start = 0x600000000000
while len(vmas) < n:
    v = copy.deepcopy(base[len(vmas) % len(base)])
    v["start"], v["end"] = start, start + 4096
    vmas.append(v)
    start += 8192
vmas.sort(key=lambda v: int(v["start"]))
json.dump(mm, open(f"{work}/mm-c.json", "w"))
for v in vmas[100:4100:100]:
    v["prot"] = 7 - int(v["prot"])
json.dump(mm, open(f"{work}/mm-d.json", "w"))
print(len(vmas[100:4100:100]))
PY
)
"$encode" -i "$work/mm-c.json" -o "$c/mm-13181.img"
cp -a "$c" "$d"
"$encode" -i "$work/mm-d.json" -o "$d/mm-13181.img"
all_but_pages=tasks,threads,registers,creds,rlimits,signals,seccomp,namespaces,mm,vmas,fds,files,mounts,container,entries
t_vmas=$(best_time "$repeat" "$work/vmas.out" "$diff" --only "$all_but_pages" --json "$c" "$d")
n_found=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stat"].get("vmas", 0))' "$work/vmas.out")
[[ "$n_found" == "$n_changed" ]] || { echo "$me: img-diff found $n_found changed VMAs, $n_changed were changed" >&2; exit 1; }

echo
printf '%-52s %10s\n' "command ($pages_mib MiB of pages per dump, $changed changed)" seconds
printf '%-52s %10s\n' "img-diff --only pages A B" "$t_diff"
printf '%-52s %10s\n' "cmp -l A/pages-1.img B/pages-1.img" "$t_cmp"
printf '%-52s %10s\n' "cat A/pages-1.img B/pages-1.img > /dev/null" "$t_cat"
printf '%-52s %10s\n' "img-diff, all but pages, $n_vmas VMAs" "$t_vmas"
echo "cmp -l / img-diff = $(awk -v c="$t_cmp" -v d="$t_diff" 'BEGIN { printf "%.1f", c / d }')x   (target > 1: $(verdict "$t_diff" "$t_cmp" 1))"
echo "img-diff / cat = $(awk -v c="$t_cat" -v d="$t_diff" 'BEGIN { printf "%.2f", d / c }')   (1.0 = the speed of reading both files once)"
echo "img-diff peak memory: $((peak_kib / 1024)) MiB for $((2 * pages_mib)) MiB of pages   (target: tens of MiB)"
echo "non-memory diff of $n_vmas VMAs: $t_vmas s   (target well under 1 s: $(awk -v t="$t_vmas" 'BEGIN { print (t < 0.5) ? "MET" : "NOT MET" }'))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates times)"
