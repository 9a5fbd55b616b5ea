#!/usr/bin/env bash
# coredump.sh: time `img-coredump` on a synthetic dump with 512 MiB of real (random, not sparse)
# page data against `cp` of its pages file (and `cp` then `sync FILE`, as img-coredump fsyncs
# each core), in the same run, with img-coredump's peak RSS. Then, where CRIU's criu-coredump
# is found, both tools on the shared threads and mem-1 dumps (132 KiB and 16 MB of pages:
# criu-coredump builds each VMA's bytes page by page, so 512 MiB would take hours).
#
#   bench/coredump.sh [--quick] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --quick: 64 MiB of pages. Environment: REPEAT (runs per command, fastest kept, default 3),
# CRIU_COREDUMP (default /root/criu-4.2/coredump/coredump), CRIU_PYTHON (the python3 that has
# the protobuf module it imports, default /usr/bin/python3: Debian's python3-protobuf),
# CRIU_TIMEOUT (seconds, default 900), SHARED (default ../shared of the repository), WORKDIR
# (parent of the work dir, default /tmp), KEEP=1 keeps the work dir.
set -euo pipefail

usage() { sed -n '2,15s/^# \{0,1\}//p' "$0"; }

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
coredump="$build/tools/img-coredump"
show="$build/tools/img-show"
encode="$build/tools/img-encode"
need_tools "build first (cmake --build $build)" "$coredump" "$show" "$encode"
repeat="${REPEAT:-3}"
if (( quick )); then pages_mib=64; else pages_mib=512; fi

make_work coredump-bench
dump="$work/dump"
mkdir -p "$dump" "$work/cores" "$work/copy"

echo "== building a dump with $pages_mib MiB of pages in $dump"
build_paged_dump "$dump" "$pages_mib"
cat "$dump"/pages-*.img > /dev/null   # a warm page cache for every command

echo "== img-coredump -o cores/ DIR, fastest of $repeat"
t_core=$(best_time "$repeat" "$work/core.out" "$coredump" -q -o "$work/cores" "$dump")
line=$("$timed" /dev/null "$coredump" -q -o "$work/cores" "$dump")
read -r _ peak_kib _ <<< "$line"
echo "== cp pages-1.img, fastest of $repeat"
t_cp=$(best_time "$repeat" "$work/cp.out" cp "$dump/pages-1.img" "$work/copy/pages-1.img")
echo "== cp pages-1.img && sync pages-1.img, fastest of $repeat"
t_cps=$(best_time "$repeat" "$work/cps.out" sh -c 'cp "$1" "$2" && sync "$2"' sh "$dump/pages-1.img" "$work/copy/pages-1.img")
core_kib=$(du -k "$work/cores/core.13181" | cut -f1)

echo
printf '%-44s %10s\n' "command ($pages_mib MiB of pages)" "seconds"
printf '%-44s %10s\n' "img-coredump (writes and fsyncs core.13181)" "$t_core"
printf '%-44s %10s\n' "cp pages-1.img" "$t_cp"
printf '%-44s %10s\n' "cp pages-1.img && sync" "$t_cps"
awk -v o="$t_core" -v c="$t_cp" -v s="$t_cps" 'BEGIN { printf "img-coredump / cp = %.2f, img-coredump / (cp + sync) = %.2f\n", o / c, o / s }'
echo "img-coredump peak RSS: $(( peak_kib / 1024 )) MiB; core on disk: $(( core_kib / 1024 )) MiB"

criu_coredump="${CRIU_COREDUMP:-/root/criu-4.2/coredump/coredump}"
python="${CRIU_PYTHON:-/usr/bin/python3}"
limit="${CRIU_TIMEOUT:-900}"
shared="${SHARED:-$repo/../shared}"
# criu-coredump reads the mapped files at their recorded paths (/opt/cimg/bin/threads is what
# tests/cli/img-coredump installs; mem-1 needs /opt/cimg/bin/bigmem): it says which one it lacks.
for name in threads mem-1; do
    src="$shared/criu-images/$name"
    [[ -f "$criu_coredump" && -d "$src" ]] || { echo "note: criu-coredump ($criu_coredump) or $src not found: not compared"; continue; }
    mkdir -p "$work/ours-$name" "$work/criu-$name"
    echo "== $name: img-coredump and criu-coredump (at most $limit s)"
    t_ours=$(best_time 1 "$work/ours.out" "$coredump" -q -o "$work/ours-$name" "$src")
    printf '%-44s %10s\n' "img-coredump $name" "$t_ours"
    # Timed by hand: it must exit 0 and leave a core (a Python traceback exits 1, which
    # best_time would take as a run).
    line=$("$timed" "$work/criu.out" timeout "$limit" "$python" "$criu_coredump" -i "$src" -o "$work/criu-$name" \
           2> "$work/criu.err") && rc=0 || rc=$?
    if (( rc == 0 )) && [[ -n "$(ls "$work/criu-$name")" ]]; then
        t_criu=${line%% *}
        printf '%-44s %10s\n' "criu-coredump $name" "$t_criu"
        awk -v o="$t_ours" -v c="$t_criu" 'BEGIN { printf "criu-coredump / img-coredump = %.0fx\n", c / o }'
    else
        echo "criu-coredump $name: no core (exit $rc; 124 is the $limit s timeout): $(cat "$work/criu.out" "$work/criu.err" | tail -2 | tr '\n' ' ')"
    fi
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates times)"
