#!/usr/bin/env python3
"""Writes small rpm database seeds from the real databases in go-rpmdb's testdata (../shared/testdata).

A whole real rpmdb (Mariner's 129-package rpmdb.sqlite, SLE 15's 1.3 MB Packages.db) costs milliseconds per
execution under ASan; a fuzzer needs the same structure with one or two packages. The header blobs are the
smallest real ones of each database, copied byte for byte; only the container around them is rebuilt:
  OUT/rpm_sqlite_fuzz/two-packages.sqlite  rpm's own schema (Packages + one index table), 512-byte pages
  OUT/rpm_ndb_fuzz/two-packages.ndb        NDB: "RpmP" file header, one 4 KiB slot page, "BlbS" blobs
  OUT/rpmdb_fuzz/                          both, for the format dispatch in ParseRpmDb
Run by fuzz/CMakeLists.txt at configure time (OUT is in the build tree, so no real bytes enter the repository):
  python3 fuzz/make_rpm_seeds.py GO_RPMDB_TESTDATA OUT
"""
import os
import sqlite3
import struct
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else ""


def smallest_sqlite_blobs(n):
    db = sqlite3.connect("file:" + os.path.join(DATA, "cbl-mariner-2.0", "rpmdb.sqlite") + "?mode=ro", uri=True)
    return [b for (b,) in db.execute("SELECT blob FROM Packages ORDER BY length(blob) LIMIT ?", (n,))]


def ndb_blobs(path):
    data = open(path, "rb").read()
    slot_pages = struct.unpack_from("<I", data, 12)[0]
    blobs = []
    for slot in range(2, slot_pages * 4096 // 16):
        magic, index, offset, count = struct.unpack_from("<4sIII", data, slot * 16)
        if magic != b"Slot" or index == 0:
            continue
        length = struct.unpack_from("<I", data, offset * 16 + 12)[0]
        blobs.append(data[offset * 16 + 16:offset * 16 + 16 + length])
    return blobs


def write_sqlite(path, blobs):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 512")
    db.execute("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)")
    db.execute("CREATE TABLE 'Name' (key 'TEXT' NOT NULL, hnum INTEGER NOT NULL, idx INTEGER NOT NULL, "
               "FOREIGN KEY (hnum) REFERENCES 'Packages'(hnum))")
    for i, blob in enumerate(blobs, 1):
        db.execute("INSERT INTO Packages(hnum, blob) VALUES (?, ?)", (i, blob))
        db.execute("INSERT INTO Name VALUES (?, ?, 0)", (f"package-{i}", i))
    db.commit()
    db.execute("VACUUM")
    db.close()


def write_ndb(path, blobs):
    # Blobs start after the slot page, each on a 16-byte block boundary, as rpm's ndb writer lays them out.
    out = bytearray(4096)
    struct.pack_into("<4sIII", out, 0, b"RpmP", 0, 1, 1)  # magic, version, generation, slot pages
    for i, blob in enumerate(blobs, 1):
        offset = len(out) // 16
        record = struct.pack("<4sIII", b"BlbS", i, 1, len(blob)) + blob
        record += b"\0" * (-len(record) % 16)
        struct.pack_into("<4sIII", out, (1 + i) * 16, b"Slot", i, offset, len(record) // 16)
        out += record
    for slot in range(2 + len(blobs), 4096 // 16):  # the rest of the page: free slots
        struct.pack_into("<4sIII", out, slot * 16, b"Slot", 0, 0, 0)
    open(path, "wb").write(out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_rpm_seeds.py GO_RPMDB_TESTDATA OUT")
    seeds = sys.argv[2]
    sqlite_blobs = smallest_sqlite_blobs(2)
    ndb = sorted(ndb_blobs(os.path.join(DATA, "sle15-bci", "Packages.db")), key=len)[:2]
    for harness, files in {
        "rpm_sqlite_fuzz": {"two-packages.sqlite": ("sqlite", sqlite_blobs)},
        "rpm_ndb_fuzz": {"two-packages.ndb": ("ndb", ndb)},
        "rpmdb_fuzz": {"two-packages.sqlite": ("sqlite", sqlite_blobs), "two-packages.ndb": ("ndb", ndb)},
    }.items():
        os.makedirs(os.path.join(seeds, harness), exist_ok=True)
        for name, (kind, blobs) in files.items():
            path = os.path.join(seeds, harness, name)
            (write_sqlite if kind == "sqlite" else write_ndb)(path, blobs)
            print(path, os.path.getsize(path))


if __name__ == "__main__":
    main()
