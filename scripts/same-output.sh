#!/usr/bin/env bash
# same-output.sh OLD_BUILD NEW_BUILD: runs the tools of two builds over every real capture
# (../shared/criu-images and testdata/captured) — img-show's views in text and JSON, each image
# decoded, --info, hexdump and search, img-verify in text and JSON, img-fixpaths --dry-run with
# the captures' branch maps — and reports any difference in output or exit code. A refactoring
# that claims "nothing changes for users" shows this run. Exit 0 identical, 1 different.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 2 ] && [ -x "$1/tools/img-show" ] && [ -x "$2/tools/img-show" ] || {
  echo "usage: $0 OLD_BUILD NEW_BUILD (two build directories with their tools built)" >&2; exit 2; }
old=$(cd "$1" && pwd)/tools; new=$(cd "$2" && pwd)/tools
shared=${IMG_SHARED_DIR:-$here/../shared}
dumps=()
for d in "$shared"/criu-images/* "$here"/testdata/captured/*; do
  [ -f "$d/inventory.img" ] && dumps+=("$d")
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
runs=0; diffs=0
check() {  # check ARGS...: one command under both builds (tool name first)
  local tool=$1; shift
  (cd "$work" && "$old/$tool" "$@" >o.out 2>o.err; echo "exit $?" >>o.err)
  (cd "$work" && "$new/$tool" "$@" >n.out 2>n.err; echo "exit $?" >>n.err)
  sed -i "s#$old#TOOLS#g" "$work/o.err" "$work/o.out"; sed -i "s#$new#TOOLS#g" "$work/n.err" "$work/n.out"
  runs=$((runs + 1))
  if ! cmp -s "$work/o.out" "$work/n.out" || ! cmp -s "$work/o.err" "$work/n.err"; then
    diffs=$((diffs + 1)); echo "DIFFERENT: $tool $*"
    diff "$work/o.out" "$work/n.out" | head -5; diff "$work/o.err" "$work/n.err" | head -5
  fi
}
for d in "${dumps[@]}"; do
  check img-show "$d"
  check img-show --view all "$d"
  check img-show --view all --json "$d"
  check img-show --view all --json --pretty "$d"
  check img-show --info "$d"
  check img-show --info --json "$d"
  check img-show --search /bin "$d"
  check img-show --search /bin --json --context 8 "$d"
  check img-show --search-regex 'PATH=[^\x00]*' "$d"
  check img-verify "$d"
  check img-verify --json "$d"
  check img-verify --json --hash "$d"
  pid=$("$old/img-show" --view ps --json "$d" 2>/dev/null | grep -o '"pid": *[0-9]*' | head -1 | grep -o '[0-9]*$')
  if [ -n "$pid" ]; then
    addr=$("$old/img-show" --view mems --json --pid "$pid" "$d" 2>/dev/null | grep -o '"start": *"0x[0-9a-f]*"' | sed -n 2p | grep -o '0x[0-9a-f]*')
    [ -n "$addr" ] && check img-show --hexdump "$pid:$addr+300" "$d"
    [ -n "$addr" ] && check img-show --hexdump "$pid:$addr+300" --json "$d"
  fi
  for f in "$d"/*.img; do
    check img-show "$f"
    check img-show --pretty "$f"
  done
  map=${d%/}.map
  if [ -f "$map" ]; then
    check img-fixpaths --branch-map "$map" --dry-run "$d"
    check img-fixpaths --branch-map "$map" --dry-run --json "$d"
  fi
done
check img-show --help; check img-verify --help; check img-fixpaths --help; check img-encode --help
check img-show /nonexistent; check img-verify /etc; check img-fixpaths --branch-map /dev/null /tmp
echo "$runs commands, $diffs different"
[ "$diffs" -eq 0 ]
