#!/usr/bin/env bash
# Long fuzz sessions on demand (never in CI): builds the harnesses with ASan+UBSan (preset asan) and runs each
# for RUNS mutated inputs (default 200000) over its real seeds. bash fuzz/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200000}
cmake --preset asan >/dev/null
targets=(rpm_header_fuzz rpm_sqlite_fuzz rpm_ndb_fuzz rpm_bdb_fuzz rpmdb_fuzz dpkg_status_fuzz dpkg_file_list_fuzz
         apk_installed_fuzz layer_codec_fuzz)
cmake --build build-asan -j"$(nproc)" --target "${targets[@]}" >/dev/null
# Each harness's seeds are exactly what its ctest entry uses (fuzz/CMakeLists.txt); read them back from CTest.
for t in "${targets[@]}"; do
  args=$(ctest --test-dir build-asan -R "^fuzz\.$t\$" --show-only=json-v1 |
         python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["tests"][0]["command"][2:]))')
  n=$runs
  [ "$t" = rpm_sqlite_fuzz ] && n=$((runs / 50))  # each input is a 3.6 MB SQLite file opened by SQLite itself
  start=$(date +%s.%N)
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 "build-asan/fuzz/$t" -runs=$n $args | tail -1
  printf '  %-22s %8d inputs in %6.1f s\n' "$t" "$n" "$(echo "$(date +%s.%N) - $start" | bc)"
done
