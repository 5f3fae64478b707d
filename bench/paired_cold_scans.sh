#!/usr/bin/env bash
# bench/paired_cold_scan.py for all three of issue 18's cold scans of images/debian12-app: the docker-save
# .tar.gz (floor: igzip -dc of it), the OCI layout tar and the same image pulled from Debian's docker-registry on
# a free loopback port (floor for both: igzip -dc of the layout's layer blobs).
#   bash bench/paired_cold_scans.sh [DRYDOCK...]     (default build/drydock; ROUNDS sets the rounds, default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
bins=("${@:-build/drydock}")
[ -x "${bins[0]}" ] || { bash scripts/install-deps.sh; cmake --preset release >/dev/null; cmake --build build --target drydock; }
source bench/lib.sh
install_missing isal docker-registry skopeo

debian_app_everywhere

rounds=(--rounds "${ROUNDS:-30}")
python3 bench/paired_cold_scan.py "${rounds[@]}" "${bins[@]}"
python3 bench/paired_cold_scan.py "${rounds[@]}" --image "oci:$oci" --floor $layers -- "${bins[@]}"
python3 bench/paired_cold_scan.py "${rounds[@]}" --image "$ref" --floor $layers -- "${bins[@]}"
