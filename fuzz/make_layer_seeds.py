#!/usr/bin/env python3
"""Writes small layer seeds for layer_tar_fuzz (fuzz/seeds/layer_tar_fuzz/): one tar with every entry kind the
layer walk handles (files, a dpkg status, directories, symlinks, a hardlink, a whiteout and an opaque whiteout,
a PAX long name, a GNU long name), as plain tar, gzip and zstd (the `zstd` tool). A few KB each, so a fuzzer runs
them thousands of times a second. Deterministic (fixed mtimes, no owner names).
Run: python3 fuzz/make_layer_seeds.py
"""
import gzip
import io
import os
import subprocess
import tarfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "layer_tar_fuzz")
STATUS = b"""Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc
Version: 2.36-9+deb12u4

"""


def entry(name, kind=tarfile.REGTYPE, data=b"", link="", fmt=None):
    info = tarfile.TarInfo(name)
    info.type, info.mtime, info.mode, info.linkname = kind, 1700000000, 0o755 if kind == tarfile.DIRTYPE else 0o644, link
    info.size = len(data)
    return info, io.BytesIO(data) if data else None


def layer(fmt):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        for info, data in [
            entry("var/", tarfile.DIRTYPE), entry("var/lib/dpkg/", tarfile.DIRTYPE),
            entry("var/lib/dpkg/status", data=STATUS),
            entry("etc/os-release", data=b'ID=debian\nVERSION_ID="12"\n'),
            entry("usr/lib/os-release", tarfile.SYMTYPE, link="../../etc/os-release"),
            entry("app/node_modules/lodash/package.json", data=b'{"name":"lodash","version":"4.17.15"}'),
            entry("app/copy.json", tarfile.LNKTYPE, link="app/node_modules/lodash/package.json"),
            entry("opt/.wh.old"), entry("srv/.wh..wh..opq"),
            entry("usr/share/" + "long-directory-name/" * 6 + "METADATA", data=b"Name: six\nVersion: 1.16.0\n"),
        ]:
            tar.addfile(info, data)
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    pax, gnu = layer(tarfile.PAX_FORMAT), layer(tarfile.GNU_FORMAT)
    files = {"layer-pax.tar": pax, "layer-gnu.tar": gnu,
             "layer.tar.gz": gzip.compress(pax, compresslevel=9, mtime=0),
             "layer.tar.zst": subprocess.run(["zstd", "-q", "-19", "-c"], input=pax, capture_output=True,
                                             check=True).stdout}
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(name, len(data))


if __name__ == "__main__":
    main()
