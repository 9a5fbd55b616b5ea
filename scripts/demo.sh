#!/usr/bin/env bash
# The main job on a bundled sample: install what is missing, build, and repair the paths of a real
# CRIU 4.2 dump whose files were moved from AUFS branch directories into a union directory.
# Builds only the two tools it runs; prints how long each step took.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
start=$SECONDS
scripts/deps.sh
echo "== building img-fixpaths and img-show in build/ (about 6 min on 2 idle cores from scratch: 12 min of CPU)"
scripts/build.sh build --target img-fixpaths img-show
built=$SECONDS
sample=testdata/captured
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$sample/relocate-host" "$work/dump"
echo "== paths recorded in the dump (real restore fails: 'Can't open file ... No such file or directory')"
build/tools/img-show "$work/dump/files.img" | grep -E '^ +name:' | sed 's/^ */  /'
echo
echo "== img-fixpaths --branch-map $sample/relocate-host.map DUMP"
build/tools/img-fixpaths --branch-map "$sample/relocate-host.map" "$work/dump"
echo
echo "== paths after the repair"
build/tools/img-show "$work/dump/files.img" | grep -E '^ +name:' | sed 's/^ */  /'
if cmp -s "$work/dump/files.img" "$sample/relocate-host.expected/files.img"; then
  echo "files.img now equals the image that real CRIU 4.2 restored."
else
  echo "files.img differs from the expected repair" >&2; exit 1
fi
echo
echo "demo.sh: done in $((SECONDS - start)) s (packages and build $((built - start)) s, demo $((SECONDS - built)) s)"
