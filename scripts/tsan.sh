#!/usr/bin/env bash
# ThreadSanitizer run of the code that runs on several threads (the `tsan` preset: clang-19, -O1):
#   unit: the image walk and the inflate-ahead reader (drydock_source_test), the layer cache and the parse
#     results attached on layer threads (drydock_cache_test), the job workers (leases, heartbeats, the reaper,
#     cancellation; drydock_jobs_test), the store's connection pool and concurrent claimers (drydock_store_test),
#     the long-lived Scanner's concurrent scans sharing one cache and one thread budget, cancellation and DB
#     swaps (drydock_scanner_lib_test), and the monitor's threaded re-match pass (drydock_monitor_test);
#   --e2e: the TSan-built `drydock` itself (the tests run build-tsan/drydock): six CLI scans at once sharing one
#     layer cache (LayerCache*); the server process on SQLite and PostgreSQL stores: three scans at once on
#     three workers sharing one cache while four clients read the API (ServerConcurrency*), every API test (jobs
#     through the queue, restarts, a kill -9'd worker's job finished by another), three processes on one
#     PostgreSQL (ServerScaleOut), and the server's DB monitor re-matching stored images on new DB generations
#     (drydock_monitor_server_test); registry pushes and tag watches scanned and alerted through signed
#     webhooks, a kill -9 before delivery (drydock_notify_e2e_test); the HTTPS admission webhook checking
#     signatures and findings, queueing scans of unknown images, a stalled registry's deadline
#     (drydock_admission_e2e_test); a moved base tag announced once (drydock_base_refresh_e2e_test).
# Every report, from a test binary or from a drydock process it started, fails the run (log_path is checked at
# the end, so a report in a server that was being stopped is not lost). Benign races would be listed, each with
# its reason, in scripts/tsan-suppressions.txt. Not in CI: a second full build with TSan costs more than the rest
# of CI together.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash fuzz/install-clang.sh  # clang-19 and its sanitizer runtimes: the tsan preset builds with clang
e2e=false
[ "${1:-}" = --e2e ] && e2e=true
units=(src/source/drydock_source_test src/cache/drydock_cache_test src/jobs/drydock_jobs_test
       src/store/drydock_store_test src/scanner/drydock_scanner_lib_test src/monitor/drydock_monitor_test
       src/notify/drydock_notify_test src/monitor/drydock_registry_watch_test)
targets=("${units[@]##*/}")
e2e_tests=(drydock_server_test drydock_monitor_server_test)
# Run one test per process, as ctest runs them: their fixtures share a registry and a webhook receiver per process.
e2e_each=(drydock_notify_e2e_test drydock_admission_e2e_test drydock_base_refresh_e2e_test)
if $e2e; then targets+=(drydock drydock_e2e_test "${e2e_tests[@]}" "${e2e_each[@]}"); fi
cmake --preset tsan >/dev/null
cmake --build build-tsan -j"$(nproc)" --target "${targets[@]}"

reports="$PWD/build-tsan/tsan-reports"
rm -rf "$reports" && mkdir -p "$reports"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 log_path=$reports/report \
suppressions=$PWD/scripts/tsan-suppressions.txt"
finish() {
  local status=$?
  if compgen -G "$reports/report.*" >/dev/null; then
    cat "$reports"/report.* >&2
    echo "tsan.sh: ThreadSanitizer reported the races above (one file per process in $reports)" >&2
    exit 1
  fi
  [ "$status" = 0 ] && echo "tsan.sh: no ThreadSanitizer report"
  exit "$status"
}
trap finish EXIT
run() {  # binary [gtest filter]
  local started=$SECONDS
  "build-tsan/$1" --gtest_brief=1 ${2:+--gtest_filter="$2"}
  echo "tsan.sh: $1 ${2:-} passed in $((SECONDS - started)) s"
}
run_each() {  # binary: each of its tests in a process of its own
  local started=$SECONDS tests
  mapfile -t tests < <("build-tsan/$1" --gtest_list_tests | awk '/^[^ ]/ { suite = $1 } /^  / { print suite $1 }')
  for test in "${tests[@]}"; do "build-tsan/$1" --gtest_brief=1 --gtest_filter="$test"; done
  echo "tsan.sh: $1 (${#tests[@]} tests, one process each) passed in $((SECONDS - started)) s"
}
for unit in "${units[@]}"; do run "$unit"; done
if $e2e; then
  run tests/drydock_e2e_test 'LayerCache*'
  for test in "${e2e_tests[@]}"; do run "tests/$test"; done
  for test in "${e2e_each[@]}"; do run_each "tests/$test"; done
fi
