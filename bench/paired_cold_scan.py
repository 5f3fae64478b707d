#!/usr/bin/env python3
"""Issue 18's cold-scan ratio, measured in pairs: each round runs the floor (`igzip -dc` of the compressed bytes)
and a cold scan (--no-cache, every digest verified) of the same image by each drydock binary given, in a fresh
random order, and the ratio is taken within the round. On a shared host whose load drifts over a minute, this is
steadier than hyperfine's one-command-after-another blocks.

  python3 bench/paired_cold_scan.py [--rounds N] [--image IMAGE --floor FILE...] DRYDOCK [DRYDOCK...]

IMAGE defaults to images/debian12-app.docker.tar.gz and the floor to that same file; bench/paired_cold_scans.sh
passes the OCI layout tar and a loopback registry's copy, with the layout's layer blobs as their floor.
"""
import argparse
import os
import random
import statistics
import subprocess
import time

here = os.path.dirname(os.path.abspath(__file__))
archive = os.path.join(here, "..", "..", "shared", "testdata", "images", "debian12-app.docker.tar.gz")

parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=30)
parser.add_argument("--image", default=archive, help="what drydock scans: an archive, oci:PATH or a reference")
parser.add_argument("--floor", nargs="+", default=[archive], help="the compressed files igzip -dc inflates")
parser.add_argument("binaries", nargs="+")
args = parser.parse_args()

commands = {"igzip -dc": ["igzip", "-dc", *args.floor]}
for binary in args.binaries:
    commands[binary] = [binary, "image", "--skip-db", "-q", "-f", "json", "-o", "/dev/null", "--no-cache", args.image]
seconds = {name: [] for name in commands}
for name in commands:  # one warm-up each, so every run reads its input from the page cache
    subprocess.run(commands[name], stdout=subprocess.DEVNULL, check=True)
for _ in range(args.rounds):
    order = list(commands)
    random.shuffle(order)
    for name in order:
        start = time.perf_counter()
        subprocess.run(commands[name], stdout=subprocess.DEVNULL, check=True)
        seconds[name].append(time.perf_counter() - start)
print(f"image: {args.image}")
for name in commands:
    ratios = [a / b for a, b in zip(seconds[name], seconds["igzip -dc"])]
    print(f"{name:30} median {statistics.median(seconds[name]) * 1000:4.0f} ms;"
          f" ratio to igzip within a round: median {statistics.median(ratios):.3f}, mean {statistics.mean(ratios):.3f}")
