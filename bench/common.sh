# Sourced by the bench scripts: the shared command line ([--quick] [BUILD_DIR], -h) and tool lookup.
# Sets: me, repo, quick, build. The caller defines usage() and may set default_build first.

me=$(basename "$0")
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quick=0
build=""
for arg in "$@"; do
    case "$arg" in
    --quick) quick=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "$me: unknown option $arg" >&2; usage >&2; exit 2 ;;
    *) [[ -z "$build" ]] || { echo "$me: more than one build dir given" >&2; exit 2; }
       build="$arg" ;;
    esac
done
build="${build:-${default_build:-build}}"
# A relative build dir is taken from the current directory, else from the repository root.
if [[ "$build" != /* && ! -d "$build" && -d "$repo/$build" ]]; then build="$repo/$build"; fi

# need_tools HINT PATH...: every PATH must be an executable, else exit 2 saying HINT.
need_tools() {
    local hint=$1; shift
    local t
    for t in "$@"; do
        [[ -x "$t" ]] || { echo "$me: $t not found; $hint" >&2; exit 2; }
    done
}

# $timed: bench/timed.c built with the system cc (once, beside the build dir's other outputs):
# `$timed OUT CMD...` prints "elapsed_s peak_kib user_s sys_s" for one run of CMD.
timed="$build/bench-timed"
if [[ ! -x "$timed" || "$repo/bench/timed.c" -nt "$timed" ]]; then
    mkdir -p "$build"
    cc -O2 -o "$timed" "$repo/bench/timed.c" || { echo "$me: cannot build bench/timed.c (needs cc)" >&2; exit 2; }
fi

# best_time REPEAT OUT CMD...: runs CMD REPEAT times through bench/timed.c (a monotonic clock
# around the child alone: GNU time's 10 ms steps are too coarse for fast tools), its stdout into
# OUT and stderr into OUT.err, and prints the fastest wall time in seconds. Exit status 0 and 1
# count as ran (1: nothing found, or findings); anything else stops the benchmark with the
# command's stderr, so a failure is never timed.
best_time() {
    local n=$1 out=$2 best="" line rc t i
    shift 2
    for ((i = 0; i < n || i == 0; i++)); do
        rc=0
        line=$("$timed" "$out" "$@" 2> "$out.err") || rc=$?
        if (( rc > 1 )); then echo "$me: $* exited $rc:" >&2; cat "$out.err" >&2; return 1; fi
        t=${line%% *}
        if [[ -z "$best" ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    echo "$best"
}

# verdict OURS THEIRS FACTOR: "MET" when THEIRS / OURS >= FACTOR, else "NOT MET".
verdict() {
    awk -v o="$1" -v t="$2" -v f="$3" 'BEGIN { print (o > 0 && t / o >= f) ? "MET" : "NOT MET" }'
}

# make_work NAME: a fresh work dir ${WORKDIR:-/tmp}/NAME.XXXXXX in $work, removed when the script
# exits (KEEP=1 keeps it and says where).
make_work() {
    work="$(mktemp -d "${WORKDIR:-/tmp}/$1.XXXXXX")"
    trap 'if [[ "${KEEP:-0}" == 1 ]]; then echo "work dir kept: $work"; else rm -rf "$work"; fi' EXIT
}

# build_paged_dump DIR MIB: a whole dump in DIR with MIB MiB of random (not sparse) page data: the
# sleep capture's images, its mm gaining anonymous VMAs that hold the new page runs (runs of 1,024
# pages with holes between), its pagemap describing pages-1.img exactly, so structure, consistency
# and pages checks pass. Needs $show and $encode (the build's img-show and img-encode) and $work.
build_paged_dump() {
    local dump=$1 pages_mib=$2 sleep_dump="$repo/testdata/captured/sleep" pid=13181
    mkdir -p "$dump"
    for f in "$sleep_dump"/*; do
        case "$(basename "$f")" in mm-*|pagemap-*|pages-*) ;; *) cp "$f" "$dump/" ;; esac
    done
    "$show" --json "$sleep_dump/mm-$pid.img" > "$work/mm-src.json"
    python3 - "$work" "$pages_mib" <<'PY'
import json, sys
work, mib = sys.argv[1], int(sys.argv[2])
mm = json.load(open(f"{work}/mm-src.json"))
pm, vmas = [{"pages_id": 1}], mm["entries"][0]["vmas"]
vaddr, left = 0x7e0000000000, mib * 256
while left:
    n = min(1024, left)
    pm.append({"vaddr": vaddr, "compat_nr_pages": 0, "flags": 4, "nr_pages": n})
    vmas.append({"start": vaddr, "end": vaddr + n * 4096, "pgoff": 0, "shmid": 0, "prot": 3,
                 "flags": 0x22, "status": 0x201, "fd": -1})   # rw-, MAP_PRIVATE|MAP_ANON, regular anon private
    vaddr += (n + 16) * 4096
    left -= n
vmas.sort(key=lambda v: int(v["start"]))
json.dump(mm, open(f"{work}/mm.json", "w"))
json.dump({"magic": "PAGEMAP", "entries": pm}, open(f"{work}/pagemap.json", "w"))
PY
    "$encode" -i "$work/mm.json" -o "$dump/mm-$pid.img"
    "$encode" -i "$work/pagemap.json" -o "$dump/pagemap-$pid.img"
    head -c "$((pages_mib * 1024 * 1024))" /dev/urandom > "$dump/pages-1.img"
}
