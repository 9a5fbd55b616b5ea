#!/usr/bin/env bash
# soak.sh: the hardening probes of issue 15 repeated at scale. Not part of the gating test run
# (scripts/test.sh): it takes as long as you give it.
#
#   scripts/soak.sh [--minutes N] [--fuzz-seconds S] [--only mutate,kill,archives,fuzz] [--out DIR]
#                   [--bin TOOLS_DIR]   (tools built elsewhere: no ASan build, e.g. build/tools)
#
#   mutate    every image of testdata/captured/ and ../shared/criu-images/, truncated, bit-flipped,
#             with length words set to extremes and garbage spliced in, run through img-show,
#             img-verify and img-fixpaths --dry-run built with ASan + UBSan (build-asan/)
#   kill      concurrent in-place repairs of a copy of relocate-host, killed with SIGKILL at random
#             moments; afterwards every image is its original or its repaired bytes, every backup
#             holds originals, and a last run leaves no temporary file behind
#   archives  bombs: a huge zero pages-1.img (plain and GNU-sparse), a 64 GiB sparse member,
#             100,000 members, 32 Mi nested brackets in config.dump, traversal and link members;
#             each run under a time and RSS limit, its $TMPDIR watched (peak use, left behind)
#   fuzz      each libFuzzer target (image, map, archive) for S seconds (default 3600) through
#             fuzz/run_fuzzer.sh, in build-fuzz/ (clang); the corpora under fuzz/corpus/ grow
#
# --minutes bounds each of mutate, kill and archives (default 10). A finding (crash, sanitizer
# report, hang past 60 s, RSS past 2 GiB, exit 2 whose message names no file, a torn image or
# backup, a temporary file left behind) is kept under OUT/findings/NNN/ with the input and the
# command; the script ends with "soak: N runs, M findings" and exits 1 when M > 0.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
minutes=10 fuzz_seconds=3600 only=mutate,kill,archives,fuzz out="" bin=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --fuzz-seconds) fuzz_seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --bin) bin=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }
out=${out:-$(mktemp -d /tmp/criu-img-soak.XXXXXX)}
mkdir -p "$out/findings" "$out/work"
shared="$here/../shared/criu-images"
runs=0 findings=0

export ASAN_OPTIONS=detect_leaks=1:exitcode=86:hard_rss_limit_mb=2048:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87
if [[ -z $bin ]] && { wants mutate || wants kill || wants archives; }; then
    bin="$here/build-asan/tools"
    echo "soak: building build-asan (ASan + UBSan)"
    "$here/scripts/build.sh" build-asan -DIMG_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
fi

# finding WHY FILES...: keeps the inputs and the last command's output under findings/NNN/.
finding() {
    local why=$1; shift
    findings=$((findings + 1))
    local d; d=$(printf '%s/findings/%03d' "$out" "$findings")
    mkdir -p "$d"
    echo "$why" > "$d/why"
    printf '%q ' "${last_cmd[@]}" > "$d/command"
    cp "$out/work/stderr" "$d/" 2>/dev/null || true
    for f in "$@"; do cp -r "$f" "$d/" 2>/dev/null || true; done
    echo "soak: finding $findings: $why" >&2
}

# probe INPUTS -- CMD...: runs a tool with a 60 s limit; judges its exit status and stderr.
probe() {
    local inputs=()
    while [[ $1 != -- ]]; do inputs+=("$1"); shift; done
    shift
    last_cmd=("$@")
    runs=$((runs + 1))
    local rc=0
    timeout -s KILL 60 "$@" >/dev/null 2>"$out/work/stderr" </dev/null || rc=$?
    case $rc in
    0|1) ;;
    2) grep -q -e '/' -e '\.img' -e '\.map' -e '\.tar' "$out/work/stderr" ||
           finding "exit 2 with a message naming no file" "${inputs[@]}" ;;
    86|87) finding "sanitizer report (exit $rc)" "${inputs[@]}" ;;
    137) finding "killed after 60 s or past the RSS limit" "${inputs[@]}" ;;
    *) finding "exit status $rc" "${inputs[@]}" ;;
    esac
}

deadline() { echo $(( $(date +%s) + minutes * 60 )); }

# --- mutate -----------------------------------------------------------------------------------
mutate_one() {   # DUMPCOPY IMAGE: one random damage to IMAGE, in place
    local img=$1 size; size=$(stat -c %s "$img")
    [[ $size -gt 0 ]] || return 0
    case $((RANDOM % 4)) in
    0) truncate -s $(( (RANDOM * 32768 + RANDOM) % size )) "$img" ;;
    1) for _ in 1 2 3; do
           local at=$(( (RANDOM * 32768 + RANDOM) % size ))
           printf "\\x$(printf %02x $((RANDOM % 256)))" | dd of="$img" bs=1 seek=$at conv=notrunc status=none
       done ;;
    2) printf '\xff\xff\xff\x7f' | dd of="$img" bs=1 seek=$(( ((RANDOM * 32768 + RANDOM) % size) & ~3 )) \
           conv=notrunc status=none ;;
    3) head -c $((RANDOM % 4096)) /dev/urandom | dd of="$img" bs=1 seek=$(( (RANDOM * 32768 + RANDOM) % size )) \
           conv=notrunc status=none ;;
    esac
}

soak_mutate() {
    local end; end=$(deadline)
    local dumps=("$here"/testdata/captured/*/)
    [[ -d $shared ]] && dumps+=("$shared"/*/)
    local work="$out/work/mutate"
    while [[ $(date +%s) -lt $end ]]; do
        for src in "${dumps[@]}"; do
            ls "$src"/*.img >/dev/null 2>&1 || continue
            rm -rf "$work"; cp -r "$src" "$work"
            local imgs=("$work"/*.img)
            local img=${imgs[$((RANDOM % ${#imgs[@]}))]}
            mutate_one "$img"
            probe "$work" -- "$bin/img-show" --view all "$work"
            probe "$img" -- "$bin/img-show" --json "$img"
            probe "$work" -- "$bin/img-verify" --no-root --hash "$work"
            probe "$work" -- "$bin/img-show" --search CIMG --max-matches 3 "$work"
            probe "$work" -- "$bin/img-fixpaths" --dry-run --map /usr=/opt/usr "$work"
            [[ $(date +%s) -lt $end ]] || break
        done
    done
}

# --- kill -------------------------------------------------------------------------------------
soak_kill() {
    local end; end=$(deadline)
    local src="$here/testdata/captured/relocate-host" map="$here/testdata/captured/relocate-host.map"
    local want="$here/testdata/captured/relocate-host.expected/files.img"
    local base="$out/work/kill"
    while [[ $(date +%s) -lt $end ]]; do
        rm -rf "$base"; mkdir -p "$base"; cp -r "$src" "$base/d"
        local pids=() n=$((2 + RANDOM % 2))
        for ((i = 0; i < n; i++)); do
            "$bin/img-fixpaths" -q --branch-map "$map" "$base/d" >/dev/null 2>&1 & pids+=($!)
        done
        sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
        kill -9 "${pids[$((RANDOM % n))]}" 2>/dev/null || true
        if [[ $((RANDOM % 2)) == 0 ]]; then kill -9 "${pids[@]}" 2>/dev/null || true; fi
        for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
        runs=$((runs + n))
        last_cmd=("$bin/img-fixpaths" --branch-map "$map" "$base/d")
        : > "$out/work/stderr"
        # Every image is its original or (files.img) its repaired bytes: never torn.
        for f in "$src"/*; do
            local name; name=$(basename "$f")
            cmp -s "$f" "$base/d/$name" && continue
            [[ $name == files.img ]] && cmp -s "$want" "$base/d/$name" && continue
            finding "$name torn or lost by a killed repair" "$base"
        done
        # Every backup folder holds originals only.
        for b in "$base"/d.fixpaths-backup-*; do
            [[ -d $b ]] || continue
            for f in "$b"/*; do
                [[ -e $f ]] || continue
                cmp -s "$f" "$src/$(basename "$f")" || finding "backup $(basename "$b")/$(basename "$f") is not the original" "$base"
            done
        done
        # One more run finishes the repair and leaves nothing of the killed ones behind.
        "$bin/img-fixpaths" -q --branch-map "$map" "$base/d" >/dev/null 2>"$out/work/stderr" || true
        cmp -s "$want" "$base/d/files.img" || finding "a last repair after the kills did not give the expected files.img" "$base"
        if ls -A "$base/d" | grep -q '^\.criu-img\.'; then finding "temporary files left in the dump" "$base"; fi
    done
}

# --- archives ---------------------------------------------------------------------------------
# make_bombs DIR: writes the hostile archives into DIR.
make_bombs() {
    local b=$1 t; t=$(mktemp -d "$out/work/bomb.XXXXXX")
    mkdir -p "$b" "$t/checkpoint"
    cp "$here"/testdata/captured/sleep/* "$t/checkpoint/"
    truncate -s 2G "$t/checkpoint/pages-1.img"
    (cd "$t" && tar cf - checkpoint | zstd -q -1 > "$b/zero-pages.tar.zst")
    (cd "$t" && tar --sparse -czf "$b/sparse-pages.tar.gz" checkpoint)
    truncate -s 64G "$t/checkpoint/pages-1.img"
    (cd "$t" && tar --sparse -czf "$b/hole-64g.tar.gz" checkpoint)
    cp "$here"/testdata/captured/sleep/pages-1.img "$t/checkpoint/"
    head -c $((32 << 20)) /dev/zero | tr '\0' '[' > "$t/config.dump"
    (cd "$t" && tar cf - checkpoint config.dump | zstd -q -1 > "$b/nested-config.tar.zst")
    rm "$t/config.dump"
    mkdir -p "$t/checkpoint/many"
    (cd "$t/checkpoint/many" && seq 1 100000 | xargs touch)
    (cd "$t" && tar cf - checkpoint | zstd -q -1 > "$b/many-members.tar.zst")
    rm -rf "$t"
    python3 - "$b" <<'EOF'
import io, sys, tarfile
b = sys.argv[1]
def member(t, name, data=b"", kind=None, link=""):
    ti = tarfile.TarInfo(name); ti.size = len(data)
    if kind: ti.type = kind; ti.linkname = link
    t.addfile(ti, io.BytesIO(data) if data else None)
with tarfile.open(f"{b}/traversal.tar", "w") as t:
    member(t, "checkpoint/../../soak-escaped", b"x")
with tarfile.open(f"{b}/absolute.tar", "w") as t:
    member(t, "/tmp/soak-escaped-abs/pstree.img", b"x")
with tarfile.open(f"{b}/symlink-out.tar", "w") as t:
    member(t, "checkpoint/pages-1.img", kind=tarfile.SYMTYPE, link="/etc/shadow")
    member(t, "checkpoint/x/../../../soak-escaped-link", b"x")
with tarfile.open(f"{b}/hardlink-out.tar", "w") as t:
    member(t, "checkpoint/files.img", kind=tarfile.LNKTYPE, link="/etc/shadow")
EOF
}

soak_archives() {
    local end; end=$(deadline)
    local bombs="$out/work/bombs" tmp="$out/work/tmp"
    echo "soak: making archive bombs"
    make_bombs "$bombs"
    while :; do   # at least one whole pass, then until the time is up
        for a in "$bombs"/*; do
            for cmd in "img-show" "img-show --view all" "img-verify --no-root" "img-show --search CIMG"; do
                rm -rf "$tmp"; mkdir -p "$tmp"
                local peak=0
                ( while sleep 0.2; do du -sk "$tmp" 2>/dev/null | cut -f1; done ) > "$out/work/du" &
                local watcher=$!
                # shellcheck disable=SC2086
                TMPDIR=$tmp probe "$a" -- "$bin"/$cmd "$a"
                kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null || true
                peak=$(sort -n "$out/work/du" | tail -1); peak=${peak:-0}
                # Views and verify need no pages: a few MiB of metadata at most. A search may unpack
                # pages, within the budget (--max-unpacked) or it stops with an error.
                local limit=$((64 << 10)); [[ $cmd == *search* ]] && limit=$((4 << 20))
                [[ $peak -lt $limit ]] || finding "$cmd wrote ${peak} KiB to TMPDIR for $(basename "$a")" "$a"
                [[ -z $(ls -A "$tmp") ]] || finding "$cmd left $(ls -A "$tmp" | head -1) in TMPDIR" "$a"
                for esc in "$out/work/soak-escaped" /tmp/soak-escaped-abs "$out/soak-escaped-link"; do
                    [[ ! -e $esc ]] || { finding "an archive member was written outside: $esc" "$a"; rm -rf "$esc"; }
                done
            done
            # Interrupted mid-work: the temporary folder goes with it.
            for sig in INT TERM HUP; do
                rm -rf "$tmp"; mkdir -p "$tmp"
                TMPDIR=$tmp "$bin/img-show" --search CIMG "$a" >/dev/null 2>&1 &
                local p=$!
                sleep 0.5; kill -s "$sig" "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true
                runs=$((runs + 1)); last_cmd=(kill -s "$sig" img-show --search CIMG "$a")
                [[ -z $(ls -A "$tmp") ]] || finding "SIG$sig left $(ls -A "$tmp" | head -1) in TMPDIR" "$a"
            done
        done
        [[ $(date +%s) -lt $end ]] || break
    done
}

# --- fuzz -------------------------------------------------------------------------------------
soak_fuzz() {
    if [[ ! -x $here/build-fuzz/fuzz/fuzz_archive ]]; then
        echo "soak: building build-fuzz (clang, libFuzzer)"
        CC=clang CXX=clang++ cmake -S "$here" -B "$here/build-fuzz" -DIMG_ENABLE_FUZZ=ON -DIMG_BUILD_TESTS=OFF >/dev/null
        cmake --build "$here/build-fuzz" -j"$(nproc)" --target fuzz_image fuzz_map fuzz_archive img-encode >/dev/null
    fi
    for target in image map archive; do
        echo "soak: fuzzing $target for $fuzz_seconds s"
        runs=$((runs + 1))
        "$here/fuzz/run_fuzzer.sh" "$here/build-fuzz" "$fuzz_seconds" "$target" > "$out/work/fuzz-$target.log" 2>&1 ||
            { last_cmd=(fuzz/run_fuzzer.sh build-fuzz "$fuzz_seconds" "$target"); cp "$out/work/fuzz-$target.log" "$out/work/stderr"
              finding "fuzz_$target stopped on a finding (reproducer in fuzz/crashes/)"; }
        grep -E '^stat::number_of_executed_units|^corpus:' "$out/work/fuzz-$target.log" || true
    done
}

for part in mutate kill archives fuzz; do
    wants "$part" || continue
    echo "soak: $part"
    "soak_$part"
done
rm -rf "$out/work"
if [[ $findings -gt 0 ]]; then echo "soak: $runs runs, $findings findings (in $out/findings)"
else echo "soak: $runs runs, 0 findings"; rm -rf "$out"; fi
[[ $findings -eq 0 ]]
