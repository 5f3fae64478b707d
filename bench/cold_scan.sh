#!/usr/bin/env bash
# Issue 18's cold-scan goal, measured side by side in one hyperfine run: a cold scan (--no-cache, every digest
# verified) of images/debian12-app as a docker-save .tar.gz, as an OCI layout tar and pulled from a registry
# (Debian's docker-registry on a free loopback port), each against `igzip -dc` of the same compressed bytes
# (the whole .tar.gz; the OCI layout's layer blobs). Prints hyperfine's table and the three ratios.
#   bash bench/cold_scan.sh [DRYDOCK [BASELINE_DRYDOCK]]    (default build/drydock; a baseline adds its rows)
# Runs under `nice -n 10`; RUNS (default 10) sets hyperfine's runs. The machine may be shared: read the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/drydock}
base=${2:-}
[ -x "$bin" ] || { bash scripts/install-deps.sh; cmake --preset release >/dev/null; cmake --build build --target drydock; }
source bench/lib.sh
install_missing hyperfine isal docker-registry skopeo

debian_app_everywhere

scan="image --skip-db -q -f json -o /dev/null --no-cache"
commands=(-n "igzip -dc docker.tar.gz" "igzip -dc $tgz"
          -n "igzip -dc oci layers" "igzip -dc $layers"
          -n "drydock docker.tar.gz" "$bin $scan $tgz"
          -n "drydock oci tar" "$bin $scan oci:$oci"
          -n "drydock registry" "$bin $scan $ref")
if [ -n "$base" ]; then
  commands+=(-n "baseline docker.tar.gz" "$base $scan $tgz"
             -n "baseline oci tar" "$base $scan oci:$oci"
             -n "baseline registry" "$base $scan $ref")
fi
nice -n 10 hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json "$work/times.json" "${commands[@]}"
python3 - "$work/times.json" <<'PY'
import json, sys
t = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
def line(who, what, floor):
    if f"{who} {what}" not in t: return
    r, f = t[f"{who} {what}"], t[floor]
    print(f"{who} {what:13} mean {r['mean']:.3f} s / {f['mean']:.3f} s = {r['mean'] / f['mean']:.2f}x,"
          f" median {r['median']:.3f} s / {f['median']:.3f} s = {r['median'] / f['median']:.2f}x,"
          f" user CPU {r['user']:.3f} s / {f['user']:.3f} s = {r['user'] / f['user']:.2f}x   (floor: {floor})")
for who in ("drydock", "baseline"):
    line(who, "docker.tar.gz", "igzip -dc docker.tar.gz")
    line(who, "oci tar", "igzip -dc oci layers")
    line(who, "registry", "igzip -dc oci layers")
PY
