#!/usr/bin/env bash
# One bounded fuzz session over real seeds, as ctest and fuzz/run.sh run it.
#   bash fuzz/session.sh libfuzzer|driver HARNESS RUNS SEED_FILE_OR_DIR...
# A libFuzzer harness (fuzz preset) gets a scratch corpus holding a copy of every seed file (directories are
# walked), runs RUNS executions past the seeds, and keeps any crash input in $DRYDOCK_FUZZ_ARTIFACTS (default:
# the scratch dir, printed). A fuzz_driver harness (other builds) takes the seeds directly.
set -euo pipefail
mode=$1 harness=$2 runs=$3
shift 3
[ "$mode" = driver ] && exec "$harness" -runs="$runs" "$@"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/drydock-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT  # kept (corpus, log, crash inputs) only when the session fails
mkdir -p "$scratch/corpus"
n=0
for seed in "$@"; do
  [ -e "$seed" ] || { echo "session.sh: missing seed $seed" >&2; exit 1; }
  while IFS= read -r -d '' f; do cp "$f" "$scratch/corpus/seed-$((n++))"; done < <(find "$seed" -type f -print0)
done
artifacts=${DRYDOCK_FUZZ_ARTIFACTS:-$scratch}
mkdir -p "$artifacts"
# -runs counts executions after the seeds are loaded; rss and per-input time bounds make a hang or a memory
# blow-up a reported failure rather than a stuck CI job.
# DRYDOCK_FUZZ_SECONDS (fuzz/run.sh) also bounds the session's wall-clock time.
limits=(-runs="$runs")
[ -n "${DRYDOCK_FUZZ_SECONDS:-}" ] && limits+=(-max_total_time="$DRYDOCK_FUZZ_SECONDS")
status=0
"$harness" "${limits[@]}" -rss_limit_mb=2560 -timeout=30 -max_len=4194304 -print_final_stats=1 \
  -artifact_prefix="$artifacts/$(basename "$harness")-" "$scratch/corpus" >"$scratch/log" 2>&1 || status=$?
grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^Done|ERROR|SUMMARY" "$scratch/log" || true
if [ "$status" -ne 0 ]; then
  tail -60 "$scratch/log"
  echo "session.sh: $(basename "$harness") failed; inputs kept in $artifacts" >&2
  trap - EXIT
fi
exit "$status"
