#!/usr/bin/env python3
"""Writes the small ELF seeds of go_buildinfo_fuzz and the zlib seed of cargo_auditable_fuzz (fuzz/seeds/).

Each ELF is the least a real toolchain's output holds for the parser to reach its deep paths: an ELF64 header, a
section table with a name string table and a .go.buildinfo section, in Go's two layouts (Go >= 1.18 writes the
version and module strings inline; older toolchains point at Go string headers in another section). The module
lines are the shape `go version -m` prints. Run once; the outputs are committed.
"""
import json
import os
import struct
import sys
import zlib

MODINFO = ("path\texample.com/app\nmod\texample.com/app\t(devel)\t\n"
           "dep\tgithub.com/pkg/errors\tv0.9.1\th1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\n"
           "dep\tgolang.org/x/text\tv0.3.7\n=>\tgolang.org/x/text\tv0.14.0\n"
           "build\t-compiler=gc\n")
SENTINEL = bytes.fromhex("3077af0c9274080241e1c107e6d618e6")  # 16 bytes before and after modinfo, as Go writes


def uvarint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def elf(sections):
    """sections: [(name, addr, bytes)] -> an ELF64 little-endian file with those PROGBITS sections."""
    names = b"\0" + b"".join(n.encode() + b"\0" for n, _, _ in sections) + b".shstrtab\0"
    body, offsets = bytearray(), []
    for _, _, data in sections:
        offsets.append(64 + len(body))
        body += data + b"\0" * (-len(data) % 8)
    shstr_off = 64 + len(body)
    body += names + b"\0" * (-len(names) % 8)
    shoff = 64 + len(body)
    shnum = len(sections) + 2
    header = struct.pack("<4sBBBBB7xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, 2, 62, 1, 0, 0, shoff, 0, 64, 0, 0,
                         64, shnum, shnum - 1)
    table = b"\0" * 64
    name_at = 1
    for (name, addr, data), off in zip(sections, offsets):
        table += struct.pack("<IIQQQQIIQQ", name_at, 1, 3, addr, off, len(data), 0, 0, 8, 0)
        name_at += len(name) + 1
    table += struct.pack("<IIQQQQIIQQ", name_at, 3, 0, 0, shstr_off, len(names), 0, 0, 1, 0)
    return header + bytes(body) + table


def main(out_dir):
    version, modinfo = b"go1.21.3", SENTINEL + MODINFO.encode() + SENTINEL
    inline = b"\xff Go buildinf:" + bytes([8, 2]) + b"\0" * 16 + uvarint(len(version)) + version
    inline += uvarint(len(modinfo)) + modinfo
    data_addr = 0x500000
    strings = version + modinfo
    headers = struct.pack("<QQQQ", data_addr + 32, len(version), data_addr + 32 + len(version), len(modinfo))
    pointed = b"\xff Go buildinf:" + bytes([8, 0]) + struct.pack("<QQ", data_addr, data_addr + 16)
    go = os.path.join(out_dir, "go_buildinfo_fuzz")
    os.makedirs(go, exist_ok=True)
    with open(os.path.join(go, "inline.elf"), "wb") as f:
        f.write(elf([(".go.buildinfo", 0x400000, inline)]))
    with open(os.path.join(go, "pointers.elf"), "wb") as f:
        f.write(elf([(".go.buildinfo", 0x400000, pointed), (".data", data_addr, headers + strings)]))
    # go_buildinfo_fuzz's first find: the old layout's version pointer 8 bytes into a NOBITS section (no bytes in
    # the file) made ReadElfAddress cut a string_view past its end (std::out_of_range). Kept as a seed and read
    # by GoBuildInfoTest.PointerIntoNoBitsSectionIsAnError.
    pointed = b"\xff Go buildinf:" + bytes([8, 0]) + struct.pack("<QQ", data_addr + 8, data_addr + 16)
    nobits = bytearray(elf([(".go.buildinfo", 0x400000, pointed), (".data", data_addr, headers + strings)]))
    shoff = struct.unpack_from("<Q", nobits, 0x28)[0]
    struct.pack_into("<I", nobits, shoff + 2 * 64 + 4, 8)  # section 2 (.data) becomes SHT_NOBITS
    with open(os.path.join(go, "pointer-into-nobits.elf"), "wb") as f:
        f.write(nobits)
    deps = {"packages": [{"name": "app", "version": "0.1.0", "source": "local", "root": True, "dependencies": [1]},
                         {"name": "serde", "version": "1.0.188", "source": "crates.io"},
                         {"name": "cc", "version": "1.0.83", "source": "crates.io", "kind": "build"}]}
    cargo = os.path.join(out_dir, "cargo_auditable_fuzz")
    os.makedirs(cargo, exist_ok=True)
    with open(os.path.join(cargo, "dep-v0.zlib"), "wb") as f:
        f.write(zlib.compress(json.dumps(deps).encode()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "seeds"))
