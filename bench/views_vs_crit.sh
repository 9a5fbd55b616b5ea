#!/usr/bin/env bash
# views_vs_crit.sh: time `img-show DIR` (the overview) and `img-show --view mems DIR` against
# Debian's `crit x DIR mems` on synthetic dumps whose task has 20,000 VMAs, in the same run: one
# where all VMAs map the same 20 files, one where each repetition of the VMA set maps its own.
# Prints the times, the ratio crit/ours and MET / NOT MET against the target (>= 50x).
#
#   bench/views_vs_crit.sh [--quick] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --quick: 2,000 VMAs instead of 20,000. Environment: CRIT (default /usr/bin/crit), REPEAT (runs
# per command, fastest kept, default 5; crit: CRIT_REPEAT, default 3), KEEP=1 keeps the work dir.
set -euo pipefail

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0"; }

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

# build_dump DIR DISTINCT: the sleep capture with its mm and pagemap replaced by $n_vmas VMAs: the
# real VMAs of sleep (36, files from its files.img) repeated at increasing addresses; a pagemap
# with 2 present pages in every fourth VMA (pages-1.img is sparse: neither tool reads page
# contents for these views). DISTINCT=1: each repetition maps its own copies of the files (a new
# files.img entry per file and repetition), as a process with many libraries and mapped files
# has; DISTINCT=0: every repetition maps the same 20 files.
build_dump() {
    local dump=$1 distinct=$2
    cp -r "$sleep_dump" "$dump"
    "$show" --json "$sleep_dump/mm-$pid.img" > "$work/mm-src.json"
    "$show" --json "$sleep_dump/files.img" > "$work/files-src.json"
    python3 - "$work" "$n_vmas" "$distinct" <<'PY'
import copy, json, sys
work, n, distinct = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
mm = json.load(open(f"{work}/mm-src.json"))
files = json.load(open(f"{work}/files-src.json"))
src = [v for v in mm["entries"][0]["vmas"] if int(v["start"]) < 0x7ff000000000]   # not [vsyscall]
by_id = {e["id"]: e for e in files["entries"]}
top = max(by_id) + 1
vmas, pm, addr, pages, extra = [], [{"pages_id": 1}], 0x100000000, 0, {}
for i in range(n):
    rep = i // len(src)
    v = dict(src[i % len(src)])
    size = min(int(v["end"]) - int(v["start"]), 16 << 20)
    v["start"], v["end"] = addr, addr + size
    shmid = int(v.get("shmid", 0))
    if distinct and rep > 0 and shmid in by_id and "fdflags" in v:   # a file-backed VMA
        new_id = top + rep * top + shmid
        if new_id not in extra:
            e = copy.deepcopy(by_id[shmid])
            e["id"] = new_id
            e["reg"]["id"] = new_id
            e["reg"]["name"] = f'{e["reg"]["name"]}.copy{rep}'
            extra[new_id] = e
        v["shmid"] = new_id
    vmas.append(v)
    if i % 4 == 0 and size >= 2 * 4096:
        pm.append({"vaddr": addr, "compat_nr_pages": 0, "flags": 4, "nr_pages": 2})
        pages += 2
    addr += size + 4096
mm["entries"][0]["vmas"] = vmas
files["entries"] += list(extra.values())
json.dump(mm, open(f"{work}/mm.json", "w"))
json.dump(files, open(f"{work}/files.json", "w"))
json.dump({"magic": "PAGEMAP", "entries": pm}, open(f"{work}/pagemap.json", "w"))
open(f"{work}/pages", "w").write(str(pages))
PY
    "$encode" -i "$work/mm.json" -o "$dump/mm-$pid.img"
    "$encode" -i "$work/files.json" -o "$dump/files.img"
    "$encode" -i "$work/pagemap.json" -o "$dump/pagemap-$pid.img"
    rm -f "$dump/pages-1.img"
    truncate -s "$(( $(cat "$work/pages") * 4096 ))" "$dump/pages-1.img"
    echo "   $dump: mm-$pid.img $(stat -c %s "$dump/mm-$pid.img") bytes, $(cat "$work/pages") resident pages," \
         "files.img $(stat -c %s "$dump/files.img") bytes"
}

# measure LABEL DUMP: times the three img-show commands and crit x mems on DUMP, prints them.
measure() {
    local label=$1 dump=$2 t_overview t_mems t_both t_crit="" crit_note="" rows crit_rows
    echo "== $label: img-show DIR (overview), --view mems, --view overview,mems: fastest of $repeat each"
    t_overview=$(best_time "$repeat" "$work/overview.out" "$show" "$dump")
    t_mems=$(best_time "$repeat" "$work/mems.out" "$show" --view mems "$dump")
    t_both=$(best_time "$repeat" "$work/both.out" "$show" --view overview,mems "$dump")
    rows=$(( $(wc -l < "$work/mems.out") - 3 ))   # title, header and the task's exe row
    [[ "$rows" == "$n_vmas" ]] || { echo "views_vs_crit.sh: img-show --view mems printed $rows VMA rows, not $n_vmas" >&2; exit 1; }
    if [[ ! -x "$crit" ]]; then
        crit_note="$crit not found: crit not timed"
    else
        echo "== $label: crit x DIR mems ($crit), fastest of $crit_repeat"
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
    printf '%-48s %10s\n' "$label ($n_vmas VMAs)" "seconds"
    printf '%-48s %10s\n' "img-show DIR (overview)" "$t_overview"
    printf '%-48s %10s\n' "img-show --view mems DIR" "$t_mems"
    printf '%-48s %10s\n' "img-show --view overview,mems DIR" "$t_both"
    [[ -n "$t_crit" ]] && printf '%-48s %10s\n' "crit x DIR mems" "$t_crit"
    [[ -n "$crit_note" ]] && echo "note: $crit_note"
    if [[ -n "$t_crit" ]]; then
        local pair name t ratio
        for pair in "mems:$t_mems" "overview+mems:$t_both"; do
            name=${pair%%:*} t=${pair#*:}
            ratio=$(awk -v c="$t_crit" -v o="$t" 'BEGIN { printf "%.1f", c / o }')
            echo "crit x mems / img-show $name = ${ratio}x   (target >= 50x: $(verdict "$t" "$t_crit" 50))"
        done
    fi
    echo
}

echo "== building two dumps with $n_vmas VMAs in $work"
build_dump "$work/same-files" 0
build_dump "$work/distinct-files" 1
measure "the same 20 files in every repetition" "$work/same-files"
measure "each repetition maps its own files" "$work/distinct-files"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates times)"
