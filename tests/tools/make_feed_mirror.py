#!/usr/bin/env python3
"""Lays out copies of the feeds' published homes, built from ../shared/testdata, for db build --fetch tests.

  make_feed_mirror.py TESTDATA OUT

OUT/osv/<Ecosystem>/all.zip          OSV exports zipped from golang+vulndb, rustsec, AlmaLinux (real records)
OUT/debian/tracker/data/json          vunnel's copy of the Debian security tracker JSON
OUT/alpine/index.html, v3.NN/...      secdb.alpinelinux.org's listings and JSON files (vuln-list-update's copies)
OUT/redhat/...                         Red Hat's CSAF VEX directory: archive_latest.txt, claircore's archive,
                                       changes.csv/deletions.csv, and two documents changed after the archive
Also OUT/expected-redhat/: what the Red Hat directory amounts to (archive + changes - deletions), for a
local-file db build to compare with.
"""
import os
import shutil
import subprocess
import sys
import zipfile

ARCHIVE_TIME = 1702252800  # Mon, 11 Dec 2023 00:00:00 GMT: the archive's Last-Modified (as in claircore's test)


def zip_dir(src, dest):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(src)):
            if name.endswith(".json"):
                z.write(os.path.join(src, name), name)


def copy(src, dest):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copyfile(src, dest)


def main():
    data, out = sys.argv[1], sys.argv[2]
    zip_dir(f"{data}/golang+vulndb/data/osv", f"{out}/osv/Go/all.zip")
    zip_dir(f"{data}/rustsec+advisory-db/crates", f"{out}/osv/crates.io/all.zip")
    zip_dir(f"{data}/AlmaLinux+osv-database/advisories/almalinux9", f"{out}/osv/AlmaLinux/all.zip")

    copy(f"{data}/anchore+vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json",
         f"{out}/debian/tracker/data/json")

    alpine = f"{data}/aquasecurity+vuln-list-update/alpine/testdata"
    copy(f"{alpine}/index.html", f"{out}/alpine/index.html")
    for release, prefix in (("v3.11", "311"), ("v3.12", "312"), ("edge", "edge")):
        copy(f"{alpine}/{prefix}.html", f"{out}/alpine/{release}/index.html")
        for repo in ("main", "community"):
            copy(f"{alpine}/{prefix}-{repo}.json", f"{out}/alpine/{release}/{repo}.json")

    vex = f"{data}/quay+claircore/rhel/vex/testdata"
    red = f"{out}/redhat"
    archive = "csaf_vex_2023-10-31.tar.zst"
    copy(f"{vex}/server/{archive}", f"{red}/{archive}")
    os.utime(f"{red}/{archive}", (ARCHIVE_TIME, ARCHIVE_TIME))
    with open(f"{red}/archive_latest.txt", "w") as f:
        f.write(archive)
    changed = ["cve-2023-38545.json", "cve-2023-4154.json"]
    for name in changed:
        copy(f"{vex}/{name}", f"{red}/2023/{name}")
    with open(f"{red}/changes.csv", "w") as f:
        f.write('"2023/cve-2023-0030.json","2023-12-10T00:00:00+00:00"\n')  # before the archive: in it already
        f.write('"2023/cve-2023-38545.json","2023-12-12T00:00:00+00:00"\n')
        f.write('"2023/cve-2023-4154.json","2023-12-13T08:30:00+00:00"\n')
    with open(f"{red}/deletions.csv", "w") as f:
        f.write('"2023/cve-2023-0051.json","2023-12-14T00:00:00+00:00"\n')

    expected = f"{out}/expected-redhat"
    os.makedirs(expected, exist_ok=True)
    subprocess.run(["tar", "--zstd", "-xf", f"{red}/{archive}", "-C", expected], check=True)
    os.remove(f"{expected}/2023/cve-2023-0051.json")
    for name in changed:
        copy(f"{vex}/{name}", f"{expected}/2023/{name}")


if __name__ == "__main__":
    main()
