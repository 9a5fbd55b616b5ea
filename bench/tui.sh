#!/usr/bin/env bash
# tui.sh: img-tui on big dumps. (1) A task with 20,000 VMAs (one page each, read-only and
# read-write in turns, as programs/manyvma.c makes them): the time to the first screen
# (`img-tui --batch DIR`) against `img-show --view ps DIR` and `img-show DIR` (the overview, which
# counts each task's VMAs and pages as the task pane does) in the same run, as ratios, and against
# the target (0.2 s); then its mm image opened in the images tab: the longest decoding slice and the total,
# and the worst wait for a key: the terminal runs slices for 25 ms (TuiModel::kInputBudgetMs) and
# then ends the one under way, so 25 ms plus the longest slice (target 100 ms). (2) One 512 MiB VMA: the memory view scrolled through it (pages down, the end,
# pages up, a goto to the middle): wall time, peak RSS, and the bytes the view read from the dump;
# then a search through all of it for bytes that are not there: its time and the time of one
# search slice (1 MiB, what the terminal loop runs between looks at the keyboard); and --diff of
# that dump with itself: its longest step, total and worst wait for a key (target 100 ms).
#
#   bench/tui.sh [--quick] [BUILD_DIR]     (BUILD_DIR defaults to build)
#
# --quick: 2,000 VMAs and 64 MiB. Environment: REPEAT (runs per command, fastest kept, default 5),
# KEEP=1 keeps the work dir. Needs python3.
set -euo pipefail

usage() { sed -n '2,14s/^# \{0,1\}//p' "$0"; }

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
show="$build/tools/img-show"
encode="$build/tools/img-encode"
tui="$build/tools/img-tui"
need_tools "build first (cmake --build $build)" "$show" "$encode" "$tui"
repeat="${REPEAT:-5}"
if (( quick )); then n_vmas=2000; mib=64; else n_vmas=20000; mib=512; fi
sleep_dump="$repo/testdata/captured/sleep"
pid=13181
base=0x7e0000000000

make_work tui-bench

# make_dump DIR MODE: the sleep capture with its mm and pagemap replaced. MODE vmas: sleep's own
# VMAs and $n_vmas anonymous one-page VMAs from $base, every page present (pages-1.img holds them,
# random bytes). MODE big: sleep's VMAs and one anonymous VMA of $mib MiB from $base, all present.
make_dump() {
    local dump=$1 mode=$2
    mkdir -p "$dump"
    for f in "$sleep_dump"/*; do
        case "$(basename "$f")" in mm-*|pagemap-*|pages-*) ;; *) cp "$f" "$dump/" ;; esac
    done
    "$show" --json "$sleep_dump/mm-$pid.img" > "$work/mm-src.json"
    python3 - "$work" "$mode" "$n_vmas" "$mib" "$base" <<'PY'
import json, sys
work, mode, n, mib, base = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5], 16)
mm = json.load(open(f"{work}/mm-src.json"))
vmas = mm["entries"][0]["vmas"]
pages = n if mode == "vmas" else mib * 256
sizes = [4096] * n if mode == "vmas" else [pages * 4096]
addr = base
for i, size in enumerate(sizes):
    prot = 1 if mode == "vmas" and i % 2 == 0 else 3
    vmas.append({"start": addr, "end": addr + size, "pgoff": 0, "shmid": 0, "prot": prot,
                 "flags": 0x22, "status": 0x201, "fd": -1})
    addr += size
vmas.sort(key=lambda v: int(v["start"]))
json.dump(mm, open(f"{work}/mm.json", "w"))
pm = [{"pages_id": 1}, {"vaddr": base, "compat_nr_pages": 0, "flags": 4, "nr_pages": pages}]
json.dump({"magic": "PAGEMAP", "entries": pm}, open(f"{work}/pagemap.json", "w"))
open(f"{work}/pages", "w").write(str(pages))
PY
    "$encode" -i "$work/mm.json" -o "$dump/mm-$pid.img"
    "$encode" -i "$work/pagemap.json" -o "$dump/pagemap-$pid.img"
    head -c "$(( $(cat "$work/pages") * 4096 ))" /dev/urandom > "$dump/pages-1.img"
}

echo "== first screen of a task with $n_vmas VMAs"
make_dump "$work/vmas" vmas
t_tui=$(best_time "$repeat" "$work/tui.out" "$tui" --batch "$work/vmas")
t_ps=$(best_time "$repeat" "$work/ps.out" "$show" --view ps "$work/vmas")
t_ov=$(best_time "$repeat" "$work/ov.out" "$show" "$work/vmas")
grep -q "$(( n_vmas + 36 ))" "$work/tui.out" || { echo "$me: the first screen does not show $((n_vmas + 36)) VMAs:" >&2; cat "$work/tui.out" >&2; exit 1; }
# The same, with the VMAs tab shown (its table has a row per VMA).
t_tab=$(best_time "$repeat" "$work/tab.out" "$tui" --batch -c "tab vmas" "$work/vmas")
ratio=$(awk -v a="$t_tui" -v b="$t_ps" 'BEGIN { printf "%.2f", a / b }')
printf "img-tui --batch DIR        %.4f s  (%s against the target 0.2 s)\n" "$t_tui" \
    "$(awk -v t="$t_tui" 'BEGIN { print t < 0.2 ? "MET" : "NOT MET" }')"
printf "img-tui --batch, vmas tab  %.4f s\n" "$t_tab"
printf "img-show --view ps DIR     %.4f s\n" "$t_ps"
printf "img-show DIR (overview)    %.4f s\n" "$t_ov"
echo "img-tui / img-show ps      ${ratio}x"
echo "img-tui / img-show         $(awk -v a="$t_tui" -v b="$t_ov" 'BEGIN { printf "%.2f", a / b }')x"

echo "== the task's mm image opened in the images tab (decoded in slices between key reads)"
"$tui" --batch -c "tab images" -c Tab -c "filter mm-$pid" -c Enter -c stats "$work/vmas" > "$work/json.out"
grep -q "vmas: \[...\] $(( n_vmas + 36 )) items" "$work/json.out" || { echo "$me: the mm image's tree lacks its VMAs:" >&2; cat "$work/json.out" >&2; exit 1; }
read -r slices longest total <<< "$(sed -n 's/^jobs: \([0-9]*\) slices, longest \([0-9.]*\) ms, total \([0-9.]*\) ms$/\1 \2 \3/p' "$work/json.out")"
wait_ms=$(sed -n 's/^worst wait for a key: \([0-9.]*\) ms.*/\1/p' "$work/json.out")
printf "mm image as a JSON tree: %d slices, longest %.1f ms, total %.1f ms; worst wait for a key %.1f ms (%s against the target 100 ms)\n" \
    "$slices" "$longest" "$total" "$wait_ms" "$(awk -v t="$wait_ms" 'BEGIN { print t < 100 ? "MET" : "NOT MET" }')"

echo "== memory view over one $mib MiB VMA"
make_dump "$work/big" big
rows=$(( mib * 1024 * 1024 / 16 ))
scroll=(-c "tab vmas" -c Tab -c "filter $(printf '%x' "$base")" -c Enter)
for _ in $(seq 100); do scroll+=(-c PgDn); done
scroll+=(-c End)
for _ in $(seq 20); do scroll+=(-c PgUp); done
scroll+=(-c "goto $(printf '%x' $(( base + mib * 1024 * 1024 / 2 )))" -c stats)
line=$("$timed" "$work/scroll.out" "$tui" --batch "${scroll[@]}" "$work/big")
read -r t_scroll kib _ <<< "$line"
pulled=$(sed -n 's/^memory view: \([0-9]*\) bytes read for drawing$/\1/p' "$work/scroll.out")
[[ -n "$pulled" ]] || { echo "$me: no stats from the memory view:" >&2; cat "$work/scroll.out" >&2; exit 1; }
printf "scroll (124 screens + goto) %.3f s, peak RSS %d KiB, read %d bytes (%d draws of 22 rows of 16 bytes) of %d MiB\n" \
    "$t_scroll" "$kib" "$pulled" "$(( pulled / 352 ))" "$mib"
line=$("$timed" "$work/search.out" "$tui" --batch "${scroll[@]:0:8}" -c "search x:00 11 22 33 44 55 66 77 88 99" "$work/big")
read -r t_search kib_search _ <<< "$line"
grep -q "not found after the cursor" "$work/search.out" || { echo "$me: the search did not end as expected" >&2; exit 1; }
printf "search of %d MiB (no match)  %.3f s, peak RSS %d KiB: %.2f ms per 1 MiB slice\n" "$mib" "$t_search" \
    "$kib_search" "$(awk -v t="$t_search" -v m="$mib" 'BEGIN { print t * 1000 / m }')"

echo "== --diff of that dump with itself (compared in steps between key reads)"
"$tui" --batch -c screen -c stats --diff "$work/big" "$work/big" > "$work/diff.out"
grep -q "the dumps are identical" "$work/diff.out" || { echo "$me: the comparison did not end as expected" >&2; exit 1; }
read -r slices longest total <<< "$(sed -n 's/^jobs: \([0-9]*\) slices, longest \([0-9.]*\) ms, total \([0-9.]*\) ms$/\1 \2 \3/p' "$work/diff.out")"
wait_ms=$(sed -n 's/^worst wait for a key: \([0-9.]*\) ms.*/\1/p' "$work/diff.out")
printf "diff of %d MiB: %d slices, longest %.1f ms, total %.1f ms; worst wait for a key %.1f ms (%s against the target 100 ms)\n" "$mib" \
    "$slices" "$longest" "$total" "$wait_ms" "$(awk -v t="$wait_ms" 'BEGIN { print t < 100 ? "MET" : "NOT MET" }')"
