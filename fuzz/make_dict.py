#!/usr/bin/env python3
"""Writes fuzz/image.dict, the libFuzzer dictionary: every magic word of the image-kind table
(libimg/src/io/image_kind.cc) as native little-endian bytes, the crit kind names, and a few
JSON tokens of crit's shape.   usage: python3 fuzz/make_dict.py > fuzz/image.dict"""
import pathlib
import re
import struct

src = (pathlib.Path(__file__).resolve().parent.parent / "libimg/src/io/image_kind.cc").read_text()


def esc(b):
    return "".join(f"\\x{c:02x}" for c in b)


print("# libFuzzer dictionary for fuzz_image_reader, made by fuzz/make_dict.py from the image-kind")
print("# table: magic words (little-endian), crit kind names, JSON tokens.")
print(f'common_magic="{esc(struct.pack("<I", 0x54564319))}"')
print(f'service_magic="{esc(struct.pack("<I", 0x55105940))}"')
for name, magic in re.findall(r'\{"([A-Z_0-9]+)", (0x[0-9a-f]+), H::', src):
    print(f'magic_{name}="{esc(struct.pack("<I", int(magic, 16)))}"')
    print(f'name_{name}="\\"{name}\\""')
for tok in ['{"magic": ', '"entries": [', '"extra": ', '{"inq": ', '"outq": ', '"base64": ',
            '"_unknown_fields": ', '"0x', '" | "', "true", "false", "null", "[]", "{}"]:
    print('tok="' + tok.replace("\\", "\\\\").replace('"', '\\"') + '"')
