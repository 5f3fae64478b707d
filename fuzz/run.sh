#!/usr/bin/env bash
# Long libFuzzer campaigns (never in CI's default run): installs clang-19 + libclang-rt-19-dev when missing, builds
# the harnesses under the `fuzz` preset (clang-19, libFuzzer, ASan + UBSan) and runs them one at a time.
#   bash fuzz/run.sh [RUNS] [SECONDS] [HARNESS...]
# RUNS (default 10,000,000) is the executions each harness should reach without a crash: sessions add up in the
# results file from the harness's last crashing session on (that session and those before it tested code since
# fixed, so they do not count), a harness already there is skipped and one part-way gets only what it lacks.
# SECONDS (default 3600) bounds one session of one harness. Every harness keeps a persistent corpus that grows
# from session to session.
# Exits non-zero when any session found a crash, a hang or a memory blow-up.
# Environment:
#   DRYDOCK_FUZZ_CORPUS   corpus root (default: fuzz-corpus beside the checkout); <root>/<harness>/ starts from the
#                         harness's seeds (its ctest seeds that fit -max_len, plus fuzz/seeds/<harness>/; any seed
#                         it lacks is added at each session) and keeps what libFuzzer adds; crash inputs and
#                         their logs land in <root>/artifacts/
#   DRYDOCK_FUZZ_RESULTS  results file (default fuzz/results.tsv, in the repository so the totals outlive the
#                         machine; the corpora do not): one line per finished session, date, harness,
#                         executions, seconds, exec/s, crashes, peak RSS MB, commit
#   DRYDOCK_FUZZ_BUILD=0  runs the harnesses already in build-fuzz (e.g. while another build goes on)
#   ASAN_OPTIONS          default malloc_context_size=2 (see below)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10000000}
seconds=${2:-3600}
shift $(( $# > 2 ? 2 : $# ))
root=${DRYDOCK_FUZZ_CORPUS:-$(cd .. && pwd)/fuzz-corpus}
results=${DRYDOCK_FUZZ_RESULTS:-$PWD/fuzz/results.tsv}
build=${DRYDOCK_FUZZ_BUILD:-1}
if [ "$build" = 1 ]; then
  bash fuzz/install-clang.sh
  cmake --preset fuzz >/dev/null
fi
mapfile -t all < <(ctest --test-dir build-fuzz -L fuzz --show-only=json-v1 |
                   python3 -c 'import json,sys; [print(t["name"][5:]) for t in json.load(sys.stdin)["tests"]]')
targets=("${@:-${all[@]}}")
[ "$build" = 1 ] && cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}" >/dev/null
mkdir -p "$root/artifacts" "$root/logs"
[ -s "$results" ] || printf 'date\tharness\texecutions\tseconds\texec_per_s\tcrashes\tpeak_rss_mb\tcommit\n' >>"$results"

# -max_len per harness: small inputs keep a harness fast and still cover its format (a lockfile, manifest or JSON
# record of 64 KiB has every construct the parser knows). Binary containers whose smallest valid instance is
# bigger (database pages plus a header blob, tar blocks, zip entries) get more room.
declare -A max_len=(
  [rpm_sqlite_fuzz]=262144 [rpm_ndb_fuzz]=262144 [rpm_bdb_fuzz]=262144 [rpmdb_fuzz]=262144
  [rpm_header_fuzz]=131072 [layer_tar_fuzz]=262144 [jar_fuzz]=262144 [go_buildinfo_fuzz]=131072
  [version_order_fuzz]=1024  # two version strings: a kilobyte is longer than any real one, numbers included
)
default_max_len=65536

# ASan keeps 2 frames of each allocation's stack instead of 30: finds the same bugs a fifth faster (most of a
# small input's time is malloc); a crash's artifact re-run by hand gives the full stacks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=2}
interrupted="" failed=0
trap 'interrupted=1' TERM INT
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
for t in "${targets[@]}"; do
  bin=build-fuzz/fuzz/$t
  [ -x "$bin" ] || { echo "  $t: no harness at $bin, skipped"; continue; }
  done_runs=$(awk -F'\t' -v t="$t" '$2 == t { n = $6 > 0 ? 0 : n + $3 } END { print n + 0 }' "$results")
  left=$(( runs - done_runs ))
  if [ "$left" -le 0 ]; then echo "  $t: $done_runs executions already, skipped"; continue; fi
  limit=${max_len[$t]:-$default_max_len}
  corpus=$root/$t
  exec 9>"$root/$t.lock"
  flock -n 9 || { echo "  $t: another session holds $root/$t.lock, skipped"; continue; }
  # The seeds are exactly what the harness's ctest entry uses (fuzz/CMakeLists.txt); read them back from CTest.
  # Each session adds the seeds the corpus lacks (named by content), so a seed added later (a crash's
  # regression input) joins a corpus already under way. A seed longer than -max_len would be cut short on load,
  # a broken input rather than a real one: left out.
  mapfile -t seeds < <(ctest --test-dir build-fuzz -R "^fuzz\.$t\$" --show-only=json-v1 |
                       python3 -c 'import json,sys; [print(a) for a in json.load(sys.stdin)["tests"][0]["command"][5:]]')
  [ -d "$corpus" ] || echo "  $t: new corpus $corpus"
  mkdir -p "$corpus"
  for seed in "${seeds[@]}"; do
    while IFS= read -r -d '' f; do
      [ "$(stat -c %s "$f")" -le "$limit" ] || continue
      name=seed-$(sha1sum <"$f" | cut -c1-40)
      [ -e "$corpus/$name" ] || cp "$f" "$corpus/$name"
    done < <(find "$seed" -type f -print0)
  done
  touch "$root/$t.lock"  # the artifacts newer than this are this session's
  log=$root/logs/$t.log
  start=$(date +%s)
  status=0
  # -timeout and -rss_limit_mb make a hang or a memory blow-up a reported failure (a crash in the results).
  # A stopped campaign (SIGTERM/SIGINT to the process group) still records its session: libFuzzer prints its
  # final stats and exits 72, the trap below only notes it once the harness has exited.
  timeout --foreground $((seconds + 300)) "$bin" -runs="$left" -max_total_time="$seconds" -max_len="$limit" -timeout=30 \
    -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$root/artifacts/$t-" "$corpus" >"$log" 2>&1 ||
    status=$?
  wall=$(( $(date +%s) - start ))
  if ! grep -q "^INFO: Seed:" "$log"; then  # libFuzzer never started (e.g. the binary was being relinked)
    echo "  $t: did not start (status $status), not recorded:"; tail -3 "$log" | sed "s/^/  $t: /"
    exec 9>&-
    [ -z "$interrupted" ] || break
    continue
  fi
  final() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  executed=$(final number_of_executed_units) rate=$(final average_exec_per_sec) rss=$(final peak_rss_mb)
  crashes=$(find "$root/artifacts" \( -name "$t-crash-*" -o -name "$t-timeout-*" -o -name "$t-oom-*" \
            -o -name "$t-leak-*" \) -newer "$root/$t.lock" | wc -l)
  [ "$status" = 72 ] && status=0  # interrupted, not failed
  [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
  if [ "$status" -ne 0 ]; then
    failed=1
    cp "$log" "$root/artifacts/$t-$(date -u +%Y%m%dT%H%M%S).log"
    grep -E "ERROR|SUMMARY|Test unit written" "$log" | sed "s/^/  $t: /" || true
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "${executed:-0}" "$wall" "${rate:-0}" \
    "$crashes" "${rss:-0}" "$commit" >>"$results"
  clean=$(( crashes > 0 ? 0 : done_runs + ${executed:-0} ))
  echo "  $t: ${executed:-0} executions in $wall s (${rate:-0}/s), $crashes crashes, peak RSS ${rss:-?} MB," \
       "$clean since the last crash; corpus $(find "$corpus" -type f | wc -l) files"
  exec 9>&-
  [ -z "$interrupted" ] || break
done
exit "$failed"  # non-zero when any session found a crash, hang or memory blow-up
