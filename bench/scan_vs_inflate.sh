#!/usr/bin/env bash
# Whole-command benchmark: scanning the Debian 12 app image against the floor, inflating its layers alone.
# Prints hyperfine's table and drydock's peak RSS. Run on demand: bash bench/scan_vs_inflate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
source bench/lib.sh
install_missing hyperfine isal time

image=../shared/testdata/images/debian12-app.oci.tar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xf "$image" -C "$work"   # an OCI layout directory: every layer blob is a gzip file of its own
layers=$(oci_layer_blobs "$work")
echo "layers: $(du -cb $layers | tail -1 | cut -f1) compressed bytes in $(echo $layers | wc -w) blobs"

hyperfine --warmup 1 --runs 5 -N \
  -n "igzip -dc (all layers, 1 thread)" "igzip -dc $layers" \
  -n "zcat (all layers, 1 thread)" "zcat $layers" \
  -n "drydock scan (2 threads)" "build/drydock image oci:$work --skip-db -q -f json -o /dev/null" \
  -n "drydock scan (1 thread)" "build/drydock image oci:$work --skip-db -q -f json -o /dev/null --threads 1" \
  -n "drydock scan docker.tar.gz (1 pass)" "build/drydock image ../shared/testdata/images/debian12-app.docker.tar.gz --skip-db -q -f json -o /dev/null"

for threads in 1 2; do
  rss=$(/usr/bin/time -f %M build/drydock image "oci:$work" --skip-db -q -f json -o /dev/null --threads $threads 2>&1 >/dev/null | tail -1)
  echo "drydock peak RSS, $threads thread(s): $((rss / 1024)) MiB"
done
