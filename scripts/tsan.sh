#!/usr/bin/env bash
# ThreadSanitizer run of the code that runs on several threads: the image walk (layers streamed in parallel,
# drydock_source_test), the layer cache and the parse results attached on layer threads (drydock_cache_test),
# the server's job workers (leases, heartbeats, the reaper and cancellation on a SQLite store, drydock_jobs_test),
# and, with `--e2e`, the CLI's concurrent scans sharing one cache (the LayerCache end-to-end tests, which run the
# TSan-built drydock binary). Not in CI: a second full build with TSan costs more than the rest of CI together.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset tsan >/dev/null
targets=(drydock_source_test drydock_cache_test drydock_jobs_test)
[ "${1:-}" = --e2e ] && targets+=(drydock drydock_e2e_test)
cmake --build build-tsan -j"$(nproc)" --target "${targets[@]}"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
build-tsan/src/source/drydock_source_test --gtest_brief=1
build-tsan/src/cache/drydock_cache_test --gtest_brief=1
build-tsan/src/jobs/drydock_jobs_test --gtest_brief=1
if [ "${1:-}" = --e2e ]; then
  build-tsan/tests/drydock_e2e_test --gtest_filter='LayerCache*' --gtest_brief=1
fi
