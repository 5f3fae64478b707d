#!/usr/bin/env bash
# bench/paired_cold_scan.py for all three of issue 18's cold scans of images/debian12-app: the docker-save
# .tar.gz (floor: igzip -dc of it), the OCI layout tar and the same image pulled from Debian's docker-registry on
# a free loopback port (floor for both: igzip -dc of the layout's layer blobs).
#   bash bench/paired_cold_scans.sh [DRYDOCK...]     (default build/drydock; ROUNDS sets the rounds, default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
bins=("${@:-build/drydock}")
[ -x "${bins[0]}" ] || { bash scripts/install-deps.sh; cmake --preset release >/dev/null; cmake --build build --target drydock; }
for p in isal docker-registry skopeo; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

oci=../shared/testdata/images/debian12-app.oci.tar
work=$(mktemp -d)
tar -xf "$oci" -C "$work" --one-top-level=layout
mapfile -t layers < <(python3 - "$work/layout" <<'PY'
import json, sys
root = sys.argv[1]
index = json.load(open(f"{root}/index.json"))
manifest = json.load(open(f"{root}/blobs/sha256/" + index["manifests"][0]["digest"].split(":")[1]))
print("\n".join(f"{root}/blobs/sha256/" + l["digest"].split(":")[1] for l in manifest["layers"]))
PY
)
source bench/loopback_registry.sh  # (the script runs from the repository root)
ref=127.0.0.1:$port/bench/debian12-app:1
skopeo --insecure-policy copy -q --dest-tls-verify=false "oci-archive:$oci:latest" "docker://$ref"

rounds=(--rounds "${ROUNDS:-30}")
python3 bench/paired_cold_scan.py "${rounds[@]}" "${bins[@]}"
python3 bench/paired_cold_scan.py "${rounds[@]}" --image "oci:$oci" --floor "${layers[@]}" -- "${bins[@]}"
python3 bench/paired_cold_scan.py "${rounds[@]}" --image "$ref" --floor "${layers[@]}" -- "${bins[@]}"
