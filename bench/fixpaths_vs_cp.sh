#!/usr/bin/env bash
# fixpaths_vs_cp.sh: time `img-fixpaths` (in place) on a synthetic dump with 512 MiB of real
# page data and 5,000 files under an AUFS branch, against `cp -a` of the same dump and against
# the crit workflow (decode files.img to JSON, edit the names, encode), all in the same run.
# Prints seconds and the ratios against the targets (< 1% of cp -a, >= 50x faster than crit).
#
#   bench/fixpaths_vs_cp.sh [--quick] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --quick: 64 MiB of pages instead of 512. Environment: CRIT (default /usr/bin/crit),
# WORKDIR (parent of the work dir, default /tmp), KEEP=1 keeps the work dir.
set -euo pipefail

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fixpaths="$build/tools/img-fixpaths"
encode="$build/tools/img-encode"
show="$build/tools/img-show"
need_tools "build first (cmake --build $build)" "$fixpaths" "$encode" "$show"
crit="${CRIT:-/usr/bin/crit}"
have_crit=1
[[ -x "$crit" ]] || { have_crit=0; echo "note: $crit not found: the crit workflow is not timed" >&2; }
sleep_dump="$repo/testdata/captured/sleep"
[[ -d "$sleep_dump" ]] || { echo "fixpaths_vs_cp.sh: $sleep_dump missing" >&2; exit 2; }

if (( quick )); then pages_mib=64; else pages_mib=512; fi
n_files=5000
branch=/var/lib/docker/aufs/diff/6714c006c982a328a8b92b6246e322b0b52c00ab1278eafc7ec066e274319a75
union=/var/lib/docker/aufs/mnt/d38152d5fa2a5d0ca3d06bd0b000de75a3122c0a5e4864f8ab4f8ec6fad14a32

work="$(mktemp -d "${WORKDIR:-/tmp}/fixpaths-vs-cp.XXXXXX")"
cleanup() { if [[ "${KEEP:-0}" == 1 ]]; then echo "work dir kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
dump="$work/dump"
mkdir -p "$dump"

echo "== generating a dump in $dump: $n_files files under the branch, $pages_mib MiB of pages"
# Images without paths, from a real capture (pid 13181): core, mm, pstree, inventory, ...
for f in core-13181.img mm-13181.img pstree.img inventory.img fs-13181.img ids-13181.img seccomp.img; do
    [[ -f "$sleep_dump/$f" ]] && cp "$sleep_dump/$f" "$dump/"
done
# A whole checkpoint (img-fixpaths runs img-verify's checks on what it writes): sleep's own
# files.img entries plus 5,000 REG entries under the branch, fdinfo-2 with an fd for each new
# file, sleep's mm plus an anonymous VMA around each pagemap run, and a pagemap whose runs
# describe pages-1.img exactly. All crit-shaped JSON (sleep's through img-show --json), encoded
# by img-encode.
"$show" --json "$sleep_dump/files.img" > "$work/files-src.json"
"$show" --json "$sleep_dump/mm-13181.img" > "$work/mm-src.json"
python3 - "$work" "$n_files" "$pages_mib" "$branch" <<'PY'
import json, random, sys
work, n_files, pages_mib, branch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rnd = random.Random(20240607)
fown = {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}
files = json.load(open(f"{work}/files-src.json"))["entries"]
first = max(e["id"] for e in files) + 1
fds = []
for i in range(n_files):
    fid = first + i
    size = rnd.choice([0, 48, 4096, 65536, rnd.randrange(1, 1 << 24)])
    files.append({"type": "REG", "id": fid, "reg": {
        "id": fid, "flags": rnd.choice([0x8000, 0x8001, 0x8002, 0x8401]), "pos": rnd.randrange(0, size + 1),
        "fown": fown, "name": f"{branch}/app/data/d{i % 64:02d}/file-{i:05d}.dat",
        "mnt_id": 62, "size": size, "mode": 0o100644}})
    fds.append({"id": fid, "flags": 0, "type": "REG", "fd": i + 3})
json.dump({"magic": "FILES", "entries": files}, open(f"{work}/files.json", "w"))
json.dump({"magic": "FDINFO", "entries": fds}, open(f"{work}/fdinfo.json", "w"))
# 512 MiB = 131072 pages, in runs of 1024 pages at increasing addresses with holes between,
# each inside an anonymous private VMA of its own.
mm = json.load(open(f"{work}/mm-src.json"))
vmas = mm["entries"][0]["vmas"]
anon = next(v for v in vmas if int(v["shmid"]) == 0 and "fdflags" not in v and int(v["flags"]) & 0x20)
pages = pages_mib * 256
pm = [{"pages_id": 1}]
vaddr, left = 0x7f0000000000, pages
while left:
    n = min(1024, left)
    pm.append({"vaddr": vaddr, "compat_nr_pages": 0, "flags": 4, "nr_pages": n})
    v = dict(anon)
    v["start"], v["end"] = vaddr, vaddr + n * 4096
    vmas.append(v)
    vaddr += (n + 16) * 4096
    left -= n
vmas.sort(key=lambda v: int(v["start"]))
json.dump(mm, open(f"{work}/mm.json", "w"))
json.dump({"magic": "PAGEMAP", "entries": pm}, open(f"{work}/pagemap.json", "w"))
PY
"$encode" -i "$work/mm.json" -o "$dump/mm-13181.img"
"$encode" -i "$work/files.json" -o "$dump/files.img"
"$encode" -i "$work/fdinfo.json" -o "$dump/fdinfo-2.img"
"$encode" -i "$work/pagemap.json" -o "$dump/pagemap-13181.img"
rm -f "$work"/*.json
# Real page data (not sparse): random bytes.
head -c "$((pages_mib * 1024 * 1024))" /dev/urandom > "$dump/pages-1.img"
printf '# branch -> union\n%s %s\n' "$branch" "$union" > "$work/map.txt"
echo "   $(ls "$dump" | wc -l) files, $(du -sm "$dump" | cut -f1) MiB; files.img $(stat -c %s "$dump/files.img") bytes"

# measure NAME COMMAND...: runs COMMAND through bench/timed.c; sets wall[NAME] (elapsed seconds,
# a monotonic clock around the child alone) and cpu[NAME] (user+sys of the command and its
# children, from wait4's rusage). A failing command stops the benchmark: a failure is never timed.
declare -A wall cpu
measure() {
    local name="$1"; shift
    local line e _peak u s
    if ! line=$("$timed" "$work/cmd.out" "$@" 2> "$work/cmd.err"); then
        echo "fixpaths_vs_cp.sh: $name failed:" >&2; cat "$work/cmd.out" "$work/cmd.err" >&2; exit 1
    fi
    read -r e _peak u s <<< "$line"
    wall[$name]=$e
    cpu[$name]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
}

# Each measurement runs twice (dropping the page cache is not possible here); the second is kept.
echo "== cp -a of the dump (twice, second kept)"
for run in 1 2; do
    rm -rf "$work/cp-copy"; sync
    measure cp cp -a "$dump" "$work/cp-copy"
    echo "   run $run: ${wall[cp]} s (cpu ${cpu[cp]} s)"
done
rm -rf "$work/cp-copy"

echo "== img-fixpaths in place on a copy of the dump (twice, second kept)"
for run in 1 2; do
    rm -rf "$work/fix-copy" "$work"/fix-copy.fixpaths-backup-*
    cp -a "$dump" "$work/fix-copy"; sync
    measure fixpaths "$fixpaths" -q --branch-map "$work/map.txt" "$work/fix-copy"
    echo "   run $run: ${wall[fixpaths]} s (cpu ${cpu[fixpaths]} s)"
done
# Check the result, so a failure is never timed: every name moved, nothing left to do.
n_union=$(python3 - "$build/tools/img-show" "$work/fix-copy/files.img" "$union" <<'PY'
import json, subprocess, sys
out = subprocess.run([sys.argv[1], "--json", sys.argv[2]], check=True, capture_output=True, text=True).stdout
print(sum(1 for e in json.loads(out)["entries"] if e.get("reg", {}).get("name", "").startswith(sys.argv[3] + "/")))
PY
)
[[ "$n_union" == "$n_files" ]] || { echo "fixpaths_vs_cp.sh: img-fixpaths moved $n_union of $n_files names" >&2; exit 1; }
cmp -s "$dump/pages-1.img" "$work/fix-copy/pages-1.img" || { echo "fixpaths_vs_cp.sh: pages changed" >&2; exit 1; }
set +e; "$fixpaths" -q --branch-map "$work/map.txt" "$work/fix-copy"; rc=$?; set -e
[[ $rc == 1 ]] || { echo "fixpaths_vs_cp.sh: a second img-fixpaths run exited $rc, not 1" >&2; exit 1; }

if (( have_crit )); then
    echo "== crit workflow on files.img: decode, edit the names (sed), encode (twice, second kept)"
    for run in 1 2; do
        rm -rf "$work/crit-copy"; mkdir -p "$work/crit-copy"; cp "$dump/files.img" "$work/crit-copy/"; sync
        measure crit sh -c '"$0" decode -i "$1/files.img" -o "$1/f.json" &&
                            sed -i "s#\"$2/#\"$3/#g" "$1/f.json" &&
                            "$0" encode -i "$1/f.json" -o "$1/files.img"' \
            "$crit" "$work/crit-copy" "$branch" "$union"
        echo "   run $run: ${wall[crit]} s (cpu ${cpu[crit]} s)"
    done
    if cmp -s "$work/crit-copy/files.img" "$work/fix-copy/files.img"; then same="identical"; else same="different"; fi
    echo "   crit's files.img and img-fixpaths' files.img are $same"
fi
echo "   load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates wall times)"

echo
python3 - "${wall[cp]}" "${wall[fixpaths]}" "${wall[crit]:-}" "${cpu[cp]}" "${cpu[fixpaths]}" "${cpu[crit]:-}" \
    "$pages_mib" "$n_files" <<'PY'
import sys
a = sys.argv[1:]
wall = {"cp": float(a[0]), "fx": float(a[1]), "crit": float(a[2]) if a[2] else None}
cpu = {"cp": float(a[3]), "fx": float(a[4]), "crit": float(a[5]) if a[5] else None}
print(f"dump: {a[6]} MiB of pages, {a[7]} files")
print(f"{'measure':<30}{'wall s':>10}{'cpu s':>10}")
names = [("cp", "cp -a dump"), ("fx", "img-fixpaths in place"), ("crit", "crit decode + sed + encode")]
for k, label in names:
    if wall[k] is not None:
        print(f"{label:<30}{wall[k]:>10.4f}{cpu[k]:>10.3f}")
def verdict(ok): return "MET" if ok else "NOT MET"
pct = 100 * wall["fx"] / wall["cp"]
print(f"img-fixpaths / cp -a   = {pct:.2f}% wall   (target < 1%: {verdict(pct < 1)})")
if wall["crit"] is not None:
    fac = wall["crit"] / wall["fx"]
    print(f"crit / img-fixpaths    = {fac:.1f}x wall   (target >= 50x: {verdict(fac >= 50)})")
    if cpu["fx"] > 0:
        print(f"                         {cpu['crit'] / cpu['fx']:.1f}x cpu")
PY
