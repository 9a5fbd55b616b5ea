#!/usr/bin/env bash
# decode_vs_crit.sh: time `img-show --json` against Debian's `crit decode` on two large
# images made by our own encoder (a files.img with many FILES entries, an mm image with one
# MmEntry holding many VMAs). Prints numbers; asserts nothing about speed or memory.
#
#   bench/decode_vs_crit.sh [--quick] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# Environment: CRIT (default /usr/bin/crit), REPEAT (img-show runs per image, median kept,
# default 3), CRIT_REPEAT (default 1), KEEP=1 keeps the work dir.
set -euo pipefail

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
show="$build/tools/img-show"
encode="$build/tools/img-encode"
need_tools "build first (cmake --build $build)" "$show" "$encode"
crit="${CRIT:-/usr/bin/crit}"
have_crit=1
[[ -x "$crit" ]] || { have_crit=0; echo "note: $crit not found: timing img-show only" >&2; }
repeat="${REPEAT:-3}"
crit_repeat="${CRIT_REPEAT:-1}"

if (( quick )); then n_files=20000; n_vmas=10000; else n_files=200000; n_vmas=100000; fi

work="$(mktemp -d /tmp/decode-vs-crit.XXXXXX)"
cleanup() { if [[ "${KEEP:-0}" == 1 ]]; then echo "work dir kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

echo "== generating $n_files FILES entries and $n_vmas VMAs in $work"
python3 - "$work" "$n_files" "$n_vmas" <<'PY'
import json, random, sys

work, n_files, n_vmas = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(20240601)   # fixed seed: the same images every run

def fown():
    return {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}

SK_OPTS = {"so_sndbuf": 212992, "so_rcvbuf": 212992, "so_snd_tmo_sec": 0, "so_snd_tmo_usec": 0,
           "so_rcv_tmo_sec": 0, "so_rcv_tmo_usec": 0, "reuseaddr": False, "so_priority": 0,
           "so_rcvlowat": 1, "so_passcred": False, "so_passsec": False, "so_dontroute": False,
           "so_no_check": False, "so_reuseport": False, "so_broadcast": False, "so_keepalive": False,
           "so_oobinline": 0, "so_buf_lock": 0}

# FILES: mostly regular files, every 40th a pipe end, every 40th (offset 20) a unix socket.
entries = []
for i in range(n_files):
    fid = i + 1
    if i % 40 == 7:
        entries.append({"type": "PIPE", "id": fid, "pipe": {
            "id": fid, "pipe_id": 90000 + i // 80, "flags": i & 1, "fown": fown()}})
    elif i % 40 == 27:
        named = i % 3 == 0
        entries.append({"type": "UNIXSK", "id": fid, "usk": {
            "id": fid, "ino": 100000 + i, "type": 1 if i % 2 else 2, "state": 10 if named else 1,
            "flags": 2, "uflags": 0, "backlog": 8 if named else 0, "peer": 0 if named else 100001 + i,
            "fown": fown(), "opts": dict(SK_OPTS),
            "name": f"/run/app/sock-{i:06d}.sock" if named else "", "ns_id": 2}})
    else:
        size = rnd.choice([0, 48, 4096, 65536, rnd.randrange(1, 1 << 30)])
        entries.append({"type": "REG", "id": fid, "reg": {
            "id": fid,
            "flags": rnd.choice([0x8000, 0x8001, 0x8002, 0x8401, 0x88000, 0x288000]),
            "pos": rnd.randrange(0, size + 1),
            "fown": fown(),
            "name": f"/srv/app/data/file-{i:06d}.txt",
            "size": size,
            "mode": rnd.choice([0o100644, 0o100600, 0o100755])}})
with open(f"{work}/files.json", "w") as f:
    json.dump({"magic": "FILES", "entries": entries}, f)

# MM: one MmEntry, shaped like a real one (shared/criu-json/sleep/mm-*.img.json), with n_vmas VMAs.
vmas = []
addr = 0x7f0000000000
kinds = [  # (prot, flags, status, file-backed)
    (1, 2, 65, True), (5, 2, 65, True), (3, 2, 65, True),          # file private r / rx / rw
    (3, 34, 513, False), (3, 34, 513, False), (0, 34, 513, False),  # anonymous rw, guard page
    (1, 1, 129, True),                                              # file shared
]
for i in range(n_vmas):
    prot, flags, status, filed = kinds[i % len(kinds)]
    length = 0x1000 * rnd.choice([1, 1, 2, 4, 16, 64])
    v = {"start": addr, "end": addr + length, "pgoff": 0x1000 * rnd.randrange(0, 256) if filed else 0,
         "shmid": 1 + i % 500 if filed else 0, "prot": prot, "flags": flags, "status": status, "fd": -1}
    if filed:
        v["fdflags"] = 0
    vmas.append(v)
    addr += length + 0x1000 * rnd.choice([0, 0, 1, 16])
mm = {
    "mm_start_code": 0x555cc366d000, "mm_end_code": 0x555cc3671609,
    "mm_start_data": 0x555cc3674d10, "mm_end_data": 0x555cc3675200,
    "mm_start_stack": 0x7fff2fa3d3d0, "mm_start_brk": 0x555ce4f6d000, "mm_brk": 0x555ce4f8e000,
    "mm_arg_start": 0x7fff2fa3e891, "mm_arg_end": 0x7fff2fa3e89c,
    "mm_env_start": 0x7fff2fa3e89c, "mm_env_end": 0x7fff2fa3e8e9,
    "exe_file_id": 1,
    "mm_saved_auxv": [33, 140552405815296, 51, 3376, 16, 395045887, 6, 4096, 17, 100, 3, 93856903639104,
                      4, 56, 5, 13, 7, 140552405823488, 8, 0, 9, 93856903648768, 11, 0, 12, 0, 13, 0,
                      14, 0, 23, 0, 25, 140733151939737, 26, 0, 31, 140733151944681, 15, 140733151939753,
                      27, 28, 28, 32],
    "vmas": vmas,
    "dumpable": 1,
    "thp_disabled": False,
}
with open(f"{work}/mm.json", "w") as f:
    json.dump({"magic": "MM", "entries": [mm]}, f)
PY

encode_lines=()
for name in files mm; do
    "$timed" /dev/null "$encode" -i "$work/$name.json" -o "$work/$name.img" > "$work/encode.time"
    read -r secs peak _ < "$work/encode.time"
    # The same JSON through crit encode, for the encode comparison printed at the end.
    line="$name.json ($(( $(stat -c %s "$work/$name.json") / 1048576 )) MiB) -> $name.img: img-encode ${secs}s, peak $(( peak / 1024 )) MiB"
    if (( have_crit )) && "$timed" /dev/null "$crit" encode -i "$work/$name.json" -o "$work/$name.crit.img" > "$work/encode.time" 2>/dev/null; then
        read -r csecs cpeak _ < "$work/encode.time"
        same=$(cmp -s "$work/$name.img" "$work/$name.crit.img" && echo "same bytes" || echo "bytes differ")
        line+="; crit encode ${csecs}s, peak $(( cpeak / 1024 )) MiB ($same); $(python3 -c "print(f'{$csecs / max($secs, 1e-4):.1f}x')")"
        rm -f "$work/$name.crit.img"
    fi
    encode_lines+=("$line")
    # Rewritten a page at a time, as CRIU writes its images (its buffered writer flushes one
    # page per write): img-encode writes a whole image in one write(2), which on recent kernels
    # leaves large folios in the page cache, and a read-only mapping then takes each one whole
    # into the reader's resident set. Same bytes; only the peak memory of both readers changes.
    dd if="$work/$name.img" of="$work/$name.paged" bs=4096 status=none
    mv "$work/$name.paged" "$work/$name.img"
    echo "   $name.img: $(stat -c %s "$work/$name.img") bytes (img-encode took ${secs}s)"
    rm -f "$work/$name.json"
done
# A tiny image: img-show's fixed start-up cost (binary, libprotobuf, descriptor pool).
printf '{"magic": "FS", "entries": [{"cwd_id": 1, "root_id": 1, "umask": 18}]}' > "$work/tiny.json"
"$encode" -i "$work/tiny.json" -o "$work/tiny.img"

results="$work/results.tsv"
: > "$results"

# run LABEL IMAGE OUT TIMES STDOUT COMMAND...: runs COMMAND TIMES times (its output into STDOUT),
# records the median elapsed time (and that run's peak RSS and CPU time) as bench/timed.c
# measures them. A failing run stops the benchmark: we never time a failure.
run() {
    local tool="$1" image="$2" out="$3" times="$4" stdout="$5"; shift 5
    local samples=() i
    for (( i = 0; i < times; i++ )); do
        rm -f "$out"
        if ! "$timed" "$stdout" "$@" > "$work/run.time" 2> "$work/run.stderr"; then
            echo "decode_vs_crit.sh: $tool failed on $image:" >&2
            cat "$work/run.stderr" "$work/run.time" >&2
            exit 1
        fi
        samples+=("$(tail -n 1 "$work/run.time")")
    done
    local median
    median="$(printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (times + 1) / 2 ))p")"
    printf '%s\t%s\t%s\t%s\n' "$tool" "$image" "$median" "$(stat -c %s "$work/$image")" >> "$results"
}

for image in files.img mm.img; do
    echo "== decoding $image"
    run img-show "$image" "$work/$image.ours.json" "$repeat" "$work/$image.ours.json" \
        "$show" --json "$work/$image"
    if (( have_crit )); then
        run crit "$image" "$work/$image.crit.json" "$crit_repeat" "$work/run.stdout" \
            "$crit" decode -i "$work/$image" -o "$work/$image.crit.json"
    fi
done
run img-show tiny.img "$work/tiny.ours.json" "$repeat" "$work/tiny.ours.json" "$show" --json "$work/tiny.img"

echo "== checking that both tools decoded the same number of entries"
python3 - "$work" "$have_crit" "$n_files" "$n_vmas" <<'PY'
import json, sys

work, have_crit, n_files, n_vmas = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3]), int(sys.argv[4])

def counts(path):
    with open(path) as f:
        d = json.load(f)
    e = d["entries"]
    return d, {"magic": d["magic"], "entries": len(e), "vmas": sum(len(x.get("vmas", [])) for x in e)}

def first_difference(a, b, where="$"):
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{where}.{k}: only in {'crit' if k in b else 'img-show'}"
            d = first_difference(a[k], b[k], f"{where}.{k}")
            if d:
                return d
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
    elif a != b:
        return f"{where}: {a!r} vs {b!r}"
    return None

expected = {"files.img": {"magic": "FILES", "entries": n_files, "vmas": 0},
            "mm.img": {"magic": "MM", "entries": 1, "vmas": n_vmas}}
bad = False
for image, want in expected.items():
    ours_doc, ours = counts(f"{work}/{image}.ours.json")
    line = f"   {image}: img-show {ours['entries']} entries, {ours['vmas']} vmas"
    if ours != want:
        bad = True
        line += f"  EXPECTED {want}"
    if have_crit:
        crit_doc, theirs = counts(f"{work}/{image}.crit.json")
        line += f"; crit {theirs['entries']} entries, {theirs['vmas']} vmas"
        if theirs != ours:
            bad = True
            line += "  MISMATCH"
        diff = first_difference(ours_doc, crit_doc)
        line += "; JSON identical" if diff is None else f"; JSON differs, first at {diff}"
    print(line)
sys.exit(1 if bad else 0)
PY

echo
echo "== encoding the generated JSON (one run each; img-encode streams entries when \"magic\" comes first)"
printf '   %s\n' "${encode_lines[@]}"

echo
echo "== results ($( ((quick)) && echo quick || echo full ) mode; img-show: median of $repeat runs)"
python3 - "$results" <<'PY'
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
MiB = 1024 * 1024
table = []
by = {}
for tool, image, sample, size in rows:
    secs, kib, user, sys_ = sample.split()
    secs, peak, size, cpu = float(secs), int(kib) * 1024, int(size), float(user) + float(sys_)
    by[(tool, image)] = (secs, peak, size, cpu)
    if image == "tiny.img":   # start-up cost only: a ratio to a 20-byte file means nothing
        table.append((tool, "tiny.img (start-up)", f"{secs:.3f}", f"{peak / MiB:.1f}", "-", "-", f"{cpu:.3f}"))
    else:
        table.append((tool, image, f"{secs:.3f}", f"{peak / MiB:.1f}", f"{size / MiB:.2f}", f"{peak / size:.2f}",
                      f"{cpu:.3f}"))

head = ("tool", "image", "seconds", "peak MiB", "image MiB", "peak/image", "cpu s")
widths = [max(len(str(r[i])) for r in table + [head]) for i in range(len(head))]
fmt = "  ".join(f"{{:{'<' if i < 2 else '>'}{w}}}" for i, w in enumerate(widths))
print(fmt.format(*head))
for r in table:
    print(fmt.format(*r))
print()

base = by.get(("img-show", "tiny.img"))
for image in ("files.img", "mm.img"):
    ours = by.get(("img-show", image))
    theirs = by.get(("crit", image))
    if theirs:
        # Times from bench/timed.c: wall clock around the child alone, CPU from its rusage.
        ratio = theirs[0] / max(ours[0], 0.0001)
        cpu_ratio = theirs[3] / max(ours[3], 0.0001)
        print(f"{image}: crit_time/img_time = {ratio:.1f}x  (target >= 100x: {'met' if ratio >= 100 else 'MISSED'}; "
              f"{cpu_ratio:.1f}x in CPU time)")
    pi = ours[1] / ours[2]
    extra = ""
    if base:
        extra = f"; {(ours[1] - base[1]) / ours[2]:.2f} without img-show's {base[1] / MiB:.1f} MiB start-up RSS"
    print(f"{image}: img-show peak/image = {pi:.2f}  (target < 2: {'met' if pi < 2 else 'MISSED'}{extra})")
PY
