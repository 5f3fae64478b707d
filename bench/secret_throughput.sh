#!/usr/bin/env bash
# Secret-scanning throughput over the Debian 12 app image's layers (OCI layout, 4 gzip layers): inflate alone
# (igzip -dc) vs drydock with vulnerability listing only vs with --scanners secret, 1 thread each. MB/s is the
# uncompressed layer bytes over the mean wall time. Run on demand: bash bench/secret_throughput.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null && command -v igzip >/dev/null || apt-get install -y -q --no-install-recommends hyperfine isal >/dev/null
image=../shared/testdata/images/debian12-app.oci.tar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xf "$image" -C "$work"
layers=$(python3 - "$work" <<'PY'
import json, sys
root = sys.argv[1]
index = json.load(open(f"{root}/index.json"))
manifest = json.load(open(f"{root}/blobs/sha256/" + index["manifests"][0]["digest"].split(":")[1]))
print(" ".join(f"{root}/blobs/sha256/" + l["digest"].split(":")[1] for l in manifest["layers"]))
PY
)
bytes=$(igzip -dc $layers | wc -c)
echo "layers: $(du -cb $layers | tail -1 | cut -f1) compressed, $bytes uncompressed bytes"
hyperfine --warmup 1 --runs 5 -N --export-json "$work/h.json" \
  -n "inflate (igzip -dc)" "igzip -dc $layers" \
  -n "drydock packages only" "build/drydock image oci:$work --skip-db -q -f json -o /dev/null --threads 1 --no-cache" \
  -n "drydock --scanners secret" "build/drydock image oci:$work --scanners secret -q -f json -o /dev/null --threads 1" \
  -n "drydock --scanners vuln,secret,config" "build/drydock image oci:$work --scanners vuln,secret,config --skip-db -q -f json -o /dev/null --threads 1"
python3 - "$work/h.json" "$bytes" <<'PY'
import json, sys
bytes = int(sys.argv[2])
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']:<40} {r['mean']:.3f} s  {bytes / r['mean'] / 1e6:7.1f} MB/s (uncompressed)")
PY
