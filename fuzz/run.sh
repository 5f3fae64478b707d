#!/usr/bin/env bash
# Long libFuzzer campaigns (never in CI): installs clang-19 + libclang-rt-19-dev when missing, builds every
# harness under the `fuzz` preset (clang-19, libFuzzer, ASan + UBSan) and runs each for RUNS executions past its
# seeds (default 10,000,000) or SECONDS per harness (libFuzzer's -max_total_time), whichever ends first, one
# process at a time. Crash inputs land in fuzz/artifacts/.
#   bash fuzz/run.sh [RUNS] [SECONDS] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10000000}
seconds=${2:-3600}
shift $(( $# > 2 ? 2 : $# ))
# DRYDOCK_FUZZ_BUILD=0 runs the harnesses already in build-fuzz (e.g. while another build of the tree goes on).
build=${DRYDOCK_FUZZ_BUILD:-1}
if [ "$build" = 1 ]; then
  bash fuzz/install-clang.sh
  cmake --preset fuzz >/dev/null
fi
mapfile -t all < <(ctest --test-dir build-fuzz -L fuzz --show-only=json-v1 |
                   python3 -c 'import json,sys; [print(t["name"][5:]) for t in json.load(sys.stdin)["tests"]]')
targets=("${@:-${all[@]}}")
[ "$build" = 1 ] && cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}" >/dev/null
mkdir -p fuzz/artifacts
for t in "${targets[@]}"; do
  # The seeds are exactly what the harness's ctest entry uses (fuzz/CMakeLists.txt); read them back from CTest.
  mapfile -t seeds < <(ctest --test-dir build-fuzz -R "^fuzz\.$t\$" --show-only=json-v1 |
                       python3 -c 'import json,sys; [print(a) for a in json.load(sys.stdin)["tests"][0]["command"][5:]]')
  start=$(date +%s)
  DRYDOCK_FUZZ_ARTIFACTS=$PWD/fuzz/artifacts DRYDOCK_FUZZ_SECONDS=$seconds timeout $((seconds + 120)) \
    bash fuzz/session.sh libfuzzer "build-fuzz/fuzz/$t" "$runs" "${seeds[@]}" |
    grep -E "number_of_executed_units|average_exec_per_sec|peak_rss_mb|ERROR" | sed "s/^/  $t: /" ||
    echo "  $t: FAILED (see fuzz/artifacts)"
  echo "  $t: $(( $(date +%s) - start )) s"
done
