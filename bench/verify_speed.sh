#!/usr/bin/env bash
# verify_speed.sh: time `img-verify DIR` (no hashing) and `img-verify --hash DIR` on a synthetic
# dump with 512 MiB of real (random, not sparse) page data, against `sha256sum` over the same
# pages files, in the same run. Prints the times and MET / NOT MET against the targets:
# img-verify without --hash under 100 ms; with --hash at least 70% of sha256sum's speed
# (time_ours <= time_sha256sum / 0.7).
#
#   bench/verify_speed.sh [--quick] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --quick: 64 MiB of pages. Environment: REPEAT (runs per command, fastest kept, default 5),
# WORKDIR (parent of the work dir, default /tmp), KEEP=1 keeps the work dir.
set -euo pipefail

usage() { sed -n '2,12s/^# \{0,1\}//p' "$0"; }

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
verify="$build/tools/img-verify"
show="$build/tools/img-show"
encode="$build/tools/img-encode"
need_tools "build first (cmake --build $build)" "$verify" "$show" "$encode"
repeat="${REPEAT:-5}"
if (( quick )); then pages_mib=64; else pages_mib=512; fi

make_work verify-speed
dump="$work/dump"
mkdir -p "$dump"

echo "== building a dump with $pages_mib MiB of pages in $dump"
build_paged_dump "$dump" "$pages_mib"
echo "   $(ls "$dump" | wc -l) files, $(du -sm "$dump" | cut -f1) MiB"
cat "$dump"/pages-*.img > /dev/null   # a warm page cache for every command

echo "== img-verify DIR (no --hash), fastest of $repeat"
t_verify=$(best_time "$repeat" "$work/verify.out" "$verify" "$dump")
set +e; "$verify" -q "$dump"; verify_rc=$?; set -e
echo "== img-verify --hash DIR, fastest of $repeat"
t_hash=$(best_time "$repeat" "$work/hash.out" "$verify" --hash --json "$dump")
echo "== sha256sum pages-*.img, fastest of $repeat"
t_sha=$(best_time "$repeat" "$work/sha.out" sha256sum "$dump"/pages-*.img)

# The digests must agree, so a wrong hash is never timed.
ours=$(python3 -c 'import json, sys; print({d["image"]: d["sha256"] for d in json.load(open(sys.argv[1]))["digests"]}["pages-1.img"])' "$work/hash.out")
theirs=$(awk '{ print $1 }' "$work/sha.out")
[[ "$ours" == "$theirs" ]] || { echo "verify_speed.sh: pages-1.img sha256 differs: ours $ours, sha256sum $theirs" >&2; exit 1; }

echo
printf '%-36s %10s\n' "command ($pages_mib MiB of pages)" "seconds"
printf '%-36s %10s\n' "img-verify DIR" "$t_verify"
printf '%-36s %10s\n' "img-verify --hash DIR" "$t_hash"
printf '%-36s %10s\n' "sha256sum pages-*.img" "$t_sha"
echo "img-verify exit status: $verify_rc (0 whole; 1 findings, expected: sleep's cwd /srv/cimg/sleep is not on this host)"
awk -v t="$t_verify" 'BEGIN { printf "img-verify without --hash: %.1f ms   (target < 100 ms: %s)\n", t * 1000, (t < 0.1 ? "MET" : "NOT MET") }'
awk -v o="$t_hash" -v s="$t_sha" 'BEGIN { printf "img-verify --hash speed = %.0f%% of sha256sum   (target >= 70%%: %s)\n", 100 * s / o, (o <= s / 0.7 ? "MET" : "NOT MET") }'
echo "   (img-verify --hash also hashes every other image and every page run, on a second thread)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates times)"
