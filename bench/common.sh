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
