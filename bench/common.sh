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
