#!/usr/bin/env bash
# run_fuzzer.sh: seeds, runs and minimises one target's fuzz corpus (see fuzz/README.md).
#
#   fuzz/run_fuzzer.sh FUZZ_BUILD_DIR [SECONDS] [TARGET]   (default 300 s, target image;
#                                                           targets: image, map, archive)
#
# Seeds of the image target are the real images under 4 KiB in testdata/captured/, the JSON
# files in fuzz/seeds/ and those encoded into images by img-encode; every target also starts
# from its saved fuzz/corpus/TARGET/. After the run, `-merge=1` into a fresh folder keeps only
# inputs that add coverage, trim_corpus.py cuts that to at most 200 files / 2 MiB, and the
# result (plus the regress-* inputs of fixed findings, kept by name) replaces fuzz/corpus/TARGET/.
# Crash, leak and timeout reproducers go to fuzz/crashes/.
set -euo pipefail

build="${1:?usage: fuzz/run_fuzzer.sh FUZZ_BUILD_DIR [SECONDS] [image|map|archive]}"
seconds="${2:-300}"
target="${3:-image}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzzer="$build/fuzz/fuzz_$target"
encode="$build/tools/img-encode"
corpus="$repo/fuzz/corpus/$target"
[[ -x "$fuzzer" && -x "$encode" ]] || { echo "run_fuzzer.sh: build $build with -DIMG_ENABLE_FUZZ=ON first (no $fuzzer)" >&2; exit 2; }

work="$(mktemp -d "/tmp/fuzz-$target.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds" "$work/run" "$work/merged" "$repo/fuzz/crashes" "$corpus"

# Seeds of the image target: small real images, the JSON seeds and their images.
if [[ "$target" == image ]]; then
    find "$repo/testdata/captured" -type f -name '*.img' -size -4096c -o -type f -name 'stats-*' -size -4096c |
    while read -r f; do cp "$f" "$work/seeds/$(basename "$(dirname "$f")")-$(basename "$f")"; done
    for j in "$repo"/fuzz/seeds/*.json; do
        cp "$j" "$work/seeds/"
        "$encode" -i "$j" -o "$work/seeds/$(basename "$j" .json).img"
    done
fi
dict=()
[[ "$target" == image ]] && dict=(-dict="$repo/fuzz/image.dict")
echo "seeds: $(ls "$work/seeds" | wc -l) files; saved corpus: $(ls "$corpus" | wc -l) files"

# The fuzzing run; new inputs go to $work/run. A finding stops it with a non-zero status.
set +e
"$fuzzer" "$work/run" "$work/seeds" "$corpus" \
    "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$repo/fuzz/crashes/$target-" -print_final_stats=1 2>&1 | tee "$work/fuzz.log"
status="${PIPESTATUS[0]}"
set -e

# Minimise: -merge=1 into a fresh folder keeps only inputs that add coverage; trim_corpus.py
# then keeps at most 200 files / 2 MiB of those, choosing for edge coverage.
"$fuzzer" -merge=1 "$work/merged" "$corpus" "$work/seeds" "$work/run" \
    -rss_limit_mb=2048 -timeout=10 2>&1 | tail -n 1
echo "merged: $(ls "$work/merged" | wc -l) files, $(du -sh "$work/merged" | cut -f1)"
python3 "$repo/fuzz/trim_corpus.py" "$fuzzer" "$work/merged" "$work/trimmed"
cp "$corpus"/regress-* "$work/trimmed/" 2>/dev/null || true   # fixed findings stay, by name
rm -rf "$corpus"
mv "$work/trimmed" "$corpus"
echo "corpus: $(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1)"
grep -E '^(stat::|#[0-9]+ +DONE)' "$work/fuzz.log" || true
if [[ "$status" != 0 ]]; then
    echo "run_fuzzer.sh: the fuzzer stopped on a finding (status $status); reproducers:" >&2
    ls -l "$repo/fuzz/crashes" >&2
fi
exit "$status"
