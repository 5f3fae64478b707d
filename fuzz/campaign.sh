#!/usr/bin/env bash
# A whole campaign: fuzz/run.sh over every harness, WORKERS sessions at a time, until each harness has RUNS
# executions since its last crash in the results file (default 10,000,000, 1200-second sessions, 2 workers).
#   nohup nice -n 19 bash fuzz/campaign.sh [RUNS] [SLICE_SECONDS] [WORKERS] >>../fuzz-corpus/campaign.log 2>&1 &
# Pass 0 gives every harness not yet in the results a 20-second session, which measures its speed. Each later pass
# orders the harnesses still short of RUNS fastest first (their last exec/s) and hands them out one at a time
# from a shared queue, so the workers never run the same harness and a slow one does not hold up the others;
# a session ends at RUNS or SLICE_SECONDS, and passes repeat until every harness is done. A harness whose last
# session at this commit crashed is left out until the code changes (its input is in <corpus root>/artifacts/).
# Same environment as fuzz/run.sh; the harnesses are built once at the start unless DRYDOCK_FUZZ_BUILD=0.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10000000}
slice=${2:-1200}
workers=${3:-2}
root=${DRYDOCK_FUZZ_CORPUS:-$(cd .. && pwd)/fuzz-corpus}
results=${DRYDOCK_FUZZ_RESULTS:-$PWD/fuzz/results.tsv}
export DRYDOCK_FUZZ_CORPUS=$root DRYDOCK_FUZZ_RESULTS=$results
mkdir -p "$root"
if [ "${DRYDOCK_FUZZ_BUILD:-1}" = 1 ]; then
  bash fuzz/install-clang.sh
  cmake --preset fuzz >/dev/null
  cmake --build build-fuzz -j"$(nproc)" >/dev/null
fi
mapfile -t all < <(ctest --test-dir build-fuzz -L fuzz --show-only=json-v1 |
                   python3 -c 'import json,sys; [print(t["name"][5:]) for t in json.load(sys.stdin)["tests"]]')
queue=$root/queue
touch "$queue.lock"

# The harnesses still to run, one per line: those short of RUNS, fastest first, minus the ones whose last session
# at this commit crashed. With "new", only those not yet in the results (pass 0).
pending() {
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  printf '%s\n' "${all[@]}" | python3 -c '
import sys
runs, results, commit, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
done, last = {}, {}
try:
    for line in open(results):
        f = line.rstrip("\n").split("\t")
        if len(f) < 8 or f[0] == "date":
            continue
        # Executions since the last crashing session of the harness: those before it tested code since fixed.
        done[f[1]] = 0 if int(f[5] or 0) else done.get(f[1], 0) + int(f[2] or 0)
        last[f[1]] = (float(f[4] or 0), int(f[5] or 0), f[7])
except FileNotFoundError:
    pass
names = [n.strip() for n in sys.stdin if n.strip()]
if mode == "new":
    todo = [n for n in names if n not in last]
else:
    todo = [n for n in names if done.get(n, 0) < runs and not (n in last and last[n][1] and last[n][2] == commit)]
    todo.sort(key=lambda n: -last.get(n, (0, 0, ""))[0])
sys.stdout.write("".join(n + "\n" for n in todo))
' "$runs" "$results" "$commit" "$1"
}

pop() {
  local fd t
  exec {fd}>>"$queue.lock"
  flock "$fd"
  t=$(head -n1 "$queue")
  [ -z "$t" ] || sed -i 1d "$queue"
  exec {fd}>&-
  [ -n "$t" ] && echo "$t"
}

run_pass() {  # SECONDS
  local w
  for w in $(seq "$workers"); do
    ( while t=$(pop); do DRYDOCK_FUZZ_BUILD=0 bash fuzz/run.sh "$runs" "$1" "$t" || true; done ) &
  done
  wait
}

echo "campaign: $(date -u +%FT%TZ) start, ${#all[@]} harnesses, $runs executions each, $workers workers"
pending new >"$queue"
[ -s "$queue" ] && { echo "campaign: pass 0 (20 s each): $(wc -l <"$queue") harnesses"; run_pass 20; }
pass=1
while pending all >"$queue" && [ -s "$queue" ]; do
  echo "campaign: $(date -u +%FT%TZ) pass $pass: $(wc -l <"$queue") harnesses, fastest first: $(tr '\n' ' ' <"$queue")"
  before=$(wc -l <"$results")
  run_pass "$slice"
  [ "$(wc -l <"$results")" -gt "$before" ] || { echo "campaign: a pass made no progress; stopped"; break; }
  pass=$((pass + 1))
done
echo "campaign: $(date -u +%FT%TZ) done"
