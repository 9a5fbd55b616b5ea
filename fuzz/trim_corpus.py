#!/usr/bin/env python3
"""Trims a libFuzzer corpus to a size budget while keeping as many coverage edges as it can.

    python3 fuzz/trim_corpus.py FUZZER CORPUS_DIR OUT_DIR [--max-files 200] [--max-bytes 2097152]

libFuzzer's -merge=1 keeps every input that adds a feature, which for a target over ~70 protobuf
schemas is well over a thousand files after a few minutes. This runs the fuzzer once with
-set_cover_merge=1 -use_counters=0, whose control file lists every input's full set of edge
features, then picks inputs greedily: most new edges first, the smaller file on a tie, until the
budget is spent or nothing adds an edge. OUT_DIR must not exist yet.
"""
import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile


def edge_sets(fuzzer, corpus):
    """{input path: set of edge features}, from one set-cover merge run."""
    with tempfile.TemporaryDirectory(prefix="trim-") as tmp:
        out, control = pathlib.Path(tmp, "out"), pathlib.Path(tmp, "control")
        out.mkdir()
        subprocess.run([fuzzer, "-set_cover_merge=1", "-use_counters=0", f"-merge_control_file={control}",
                        "-timeout=10", "-rss_limit_mb=2048", str(out), str(corpus)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        lines = control.read_text().splitlines()
    n = int(lines[0])
    paths = [pathlib.Path(p) for p in lines[2:2 + n]]
    sets = {}
    for line in lines[2 + n:]:
        if line.startswith("FT "):
            f = line.split()
            sets[paths[int(f[1])]] = set(map(int, f[2:]))
    return sets


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fuzzer")
    ap.add_argument("corpus", type=pathlib.Path)
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--max-files", type=int, default=200)
    ap.add_argument("--max-bytes", type=int, default=2 * 1024 * 1024)
    a = ap.parse_args()

    files = sorted(p for p in a.corpus.iterdir() if p.is_file())
    cover = edge_sets(a.fuzzer, a.corpus)
    total = set().union(*cover.values()) if cover else set()

    kept, seen, size = [], set(), 0
    left = {p: c for p, c in cover.items() if c}
    while left and len(kept) < a.max_files:
        best = max(left, key=lambda p: (len(left[p] - seen), -p.stat().st_size))
        gain = left.pop(best) - seen
        if not gain:
            break
        if size + best.stat().st_size > a.max_bytes:
            continue
        kept.append(best)
        seen |= gain
        size += best.stat().st_size

    a.out.mkdir()
    for p in kept:
        shutil.copy(p, a.out / p.name)
    print(f"trim: kept {len(kept)} of {len(files)} inputs, {size} bytes, "
          f"{len(seen)} of {len(total)} edges ({100.0 * len(seen) / max(len(total), 1):.1f}%)")


if __name__ == "__main__":
    sys.exit(main())
