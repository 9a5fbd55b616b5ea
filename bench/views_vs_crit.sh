#!/usr/bin/env bash
# views_vs_crit.sh: time `img-show DIR` (the overview) and `img-show --view mems DIR` against
# Debian's `crit x DIR mems` on a synthetic dump whose task has 20,000 VMAs, in the same run.
# Prints the times, the ratio crit/ours and MET / NOT MET against the target (>= 50x).
#
#   bench/views_vs_crit.sh [--quick] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --quick: 2,000 VMAs instead of 20,000. Environment: CRIT (default /usr/bin/crit), REPEAT (runs
# per command, fastest kept, default 5; crit: CRIT_REPEAT, default 3), KEEP=1 keeps the work dir.
set -euo pipefail

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
show="$build/tools/img-show"
encode="$build/tools/img-encode"
need_tools "build first (cmake --build $build)" "$show" "$encode"
crit="${CRIT:-/usr/bin/crit}"
repeat="${REPEAT:-5}"
crit_repeat="${CRIT_REPEAT:-3}"
if (( quick )); then n_vmas=2000; else n_vmas=20000; fi
sleep_dump="$repo/testdata/captured/sleep"
pid=13181

make_work views-vs-crit
dump="$work/dump"
cp -r "$sleep_dump" "$dump"

echo "== building a dump with $n_vmas VMAs in $dump (the sleep capture, its mm and pagemap replaced)"
# The real mm of sleep (36 VMAs, files from its files.img) through our JSON, its VMAs repeated at
# increasing addresses; a pagemap with 2 present pages in every fourth VMA (pages-1.img is sparse:
# neither tool reads page contents for these views).
"$show" --json "$sleep_dump/mm-$pid.img" > "$work/mm-src.json"
python3 - "$work" "$n_vmas" "$pid" <<'PY'
import json, sys
work, n, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
mm = json.load(open(f"{work}/mm-src.json"))
src = [v for v in mm["entries"][0]["vmas"] if int(v["start"]) < 0x7ff000000000]   # not [vsyscall]
vmas, pm, addr, pages = [], [{"pages_id": 1}], 0x100000000, 0
for i in range(n):
    v = dict(src[i % len(src)])
    size = min(int(v["end"]) - int(v["start"]), 16 << 20)
    v["start"], v["end"] = addr, addr + size
    vmas.append(v)
    if i % 4 == 0 and size >= 2 * 4096:
        pm.append({"vaddr": addr, "compat_nr_pages": 0, "flags": 4, "nr_pages": 2})
        pages += 2
    addr += size + 4096
mm["entries"][0]["vmas"] = vmas
json.dump(mm, open(f"{work}/mm.json", "w"))
json.dump({"magic": "PAGEMAP", "entries": pm}, open(f"{work}/pagemap.json", "w"))
open(f"{work}/pages", "w").write(str(pages))
PY
"$encode" -i "$work/mm.json" -o "$dump/mm-$pid.img"
"$encode" -i "$work/pagemap.json" -o "$dump/pagemap-$pid.img"
rm -f "$dump/pages-1.img"
truncate -s "$(( $(cat "$work/pages") * 4096 ))" "$dump/pages-1.img"
echo "   mm-$pid.img $(stat -c %s "$dump/mm-$pid.img") bytes, $(cat "$work/pages") resident pages"

echo "== img-show DIR (overview), fastest of $repeat"
t_overview=$(best_time "$repeat" "$work/overview.out" "$show" "$dump")
echo "== img-show --view mems DIR, fastest of $repeat"
t_mems=$(best_time "$repeat" "$work/mems.out" "$show" --view mems "$dump")
echo "== img-show --view overview,mems DIR, fastest of $repeat"
t_both=$(best_time "$repeat" "$work/both.out" "$show" --view overview,mems "$dump")
rows=$(( $(wc -l < "$work/mems.out") - 3 ))   # title, header and the task's exe row
[[ "$rows" == "$n_vmas" ]] || { echo "views_vs_crit.sh: img-show --view mems printed $rows VMA rows, not $n_vmas" >&2; exit 1; }

t_crit=""
crit_note=""
if [[ ! -x "$crit" ]]; then
    crit_note="$crit not found: crit not timed"
else
    echo "== crit x DIR mems ($crit), fastest of $crit_repeat"
    if t_crit=$(best_time "$crit_repeat" "$work/crit.out" "$crit" x "$dump" mems 2> "$work/crit.fail"); then
        crit_rows=$(grep -c -E '^\s+[0-9a-f]+-[0-9a-f]+ ' "$work/crit.out" || true)
        if [[ "$crit_rows" != "$n_vmas" ]]; then
            crit_note="crit x mems printed $crit_rows VMA lines, not $n_vmas: it did not read our dump fully"
        fi
    else
        crit_note="CRIT FAILED on our dump: $(tail -n 3 "$work/crit.fail" | tr '\n' ' ')"
        t_crit=""
    fi
fi

echo
printf '%-40s %10s\n' "command ($n_vmas VMAs)" "seconds"
printf '%-40s %10s\n' "img-show DIR (overview)" "$t_overview"
printf '%-40s %10s\n' "img-show --view mems DIR" "$t_mems"
printf '%-40s %10s\n' "img-show --view overview,mems DIR" "$t_both"
[[ -n "$t_crit" ]] && printf '%-40s %10s\n' "crit x DIR mems" "$t_crit"
[[ -n "$crit_note" ]] && echo "note: $crit_note"
if [[ -n "$t_crit" ]]; then
    for pair in "mems:$t_mems" "overview+mems:$t_both"; do
        name=${pair%%:*} t=${pair#*:}
        ratio=$(awk -v c="$t_crit" -v o="$t" 'BEGIN { printf "%.1f", c / o }')
        echo "crit x mems / img-show $name = ${ratio}x   (target >= 50x: $(verdict "$t" "$t_crit" 50))"
    done
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates times)"
