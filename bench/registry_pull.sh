#!/usr/bin/env bash
# Pull-and-scan from a local registry against skopeo copying the same image to an OCI directory (the floor:
# fetching every blob once). Starts Debian's docker-registry on a free loopback port, pushes the Debian app
# image with skopeo, then runs hyperfine and reports drydock's peak RSS. Run on demand: bash bench/registry_pull.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
source bench/lib.sh
install_missing hyperfine time

work=$(mktemp -d)
source bench/loopback_registry.sh  # (the script runs from the repository root)

ref=127.0.0.1:$port/bench/debian12-app:1
skopeo --insecure-policy copy -q --dest-tls-verify=false \
  oci-archive:../shared/testdata/images/debian12-app.oci.tar:latest docker://$ref
echo "image: $ref ($(du -sb "$work/storage" | cut -f1) bytes in registry storage)"

hyperfine --warmup 1 --runs 5 -N --prepare "rm -rf $work/copy" \
  -n "skopeo copy to an OCI directory" "skopeo --insecure-policy copy -q --src-tls-verify=false docker://$ref oci:$work/copy" \
  -n "drydock image (pull + scan)" "build/drydock image $ref --skip-db -q -f json -o /dev/null"

rss=$(/usr/bin/time -f %M build/drydock image "$ref" --skip-db -q -f json -o /dev/null 2>&1 >/dev/null | tail -1)
echo "drydock pull + scan peak RSS: $((rss / 1024)) MiB"
rss=$(/usr/bin/time -f %M skopeo --insecure-policy copy -q --src-tls-verify=false docker://$ref oci:$work/copy2 2>&1 >/dev/null | tail -1)
echo "skopeo copy peak RSS: $((rss / 1024)) MiB"
