#!/usr/bin/env bash
# Configures and builds drydock (release with debug info, tests included). The CLI lands at build/drydock.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
preset="${DRYDOCK_PRESET:-release}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
