#!/usr/bin/env bash
# Sets up (dependencies, build) and runs every test. Exit status is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/testdata ]; then
  echo "test.sh: ../shared/testdata is missing; the tests read real third-party data from there" >&2
  exit 1
fi
bash scripts/build.sh
preset="${DRYDOCK_PRESET:-release}"
dir=build
case $preset in release|werror) ;; *) dir="build-$preset" ;; esac
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
