#!/usr/bin/env bash
# coredump.sh: time `img-coredump` on a synthetic dump with 512 MiB of real (random, not sparse)
# page data against `cp` of its pages file (and `cp` then `sync FILE`, as img-coredump fsyncs
# each core), in the same run, with img-coredump's peak RSS. Then, where CRIU's criu-coredump
# is found, both tools on the shared mem-1 dump (16 MB of pages; criu-coredump looks each page
# up with a scan, so 512 MiB would take hours).
#
#   bench/coredump.sh [--quick] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --quick: 64 MiB of pages. Environment: REPEAT (runs per command, fastest kept, default 3),
# CRIU_COREDUMP (default /root/criu-4.2/coredump/coredump), SHARED (default ../shared of the
# repository), WORKDIR (parent of the work dir, default /tmp), KEEP=1 keeps the work dir.
set -euo pipefail

usage() { sed -n '2,13s/^# \{0,1\}//p' "$0"; }

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
shared="${SHARED:-$repo/../shared}"
mem1="$shared/criu-images/mem-1"
if [[ -x "$criu_coredump" && -d "$mem1" ]]; then
    mkdir -p "$work/ours-mem1" "$work/criu-mem1"
    echo "== mem-1 (16 MB of pages): img-coredump and criu-coredump"
    t_ours=$(best_time 1 "$work/ours.out" "$coredump" -q -o "$work/ours-mem1" "$mem1")
    t_criu=$(best_time 1 "$work/criu.out" timeout 1200 "$criu_coredump" -i "$mem1" -o "$work/criu-mem1")
    printf '%-44s %10s\n' "img-coredump mem-1" "$t_ours"
    printf '%-44s %10s\n' "criu-coredump mem-1" "$t_criu"
    awk -v o="$t_ours" -v c="$t_criu" 'BEGIN { printf "criu-coredump / img-coredump = %.0fx\n", c / o }'
else
    echo "note: criu-coredump ($criu_coredump) or $mem1 not found: not compared"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates times)"
