#!/usr/bin/env bash
# Per-harness totals of a campaign's results file (fuzz/run.sh): executions so far, those since the harness's last
# crash (the ones that count: earlier sessions tested code since fixed), sessions, seconds, the last session's
# exec/s and peak RSS, crashes, and whether RUNS (default 10,000,000) executions since the last crash are reached;
# furthest first.
#   bash fuzz/progress.sh [RESULTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
results=${1:-${DRYDOCK_FUZZ_RESULTS:-fuzz/results.tsv}}
runs=${2:-10000000}
python3 - "$results" "$runs" <<'PY'
import sys
results, runs = sys.argv[1], int(sys.argv[2])
rows = {}
for line in open(results):
    f = line.rstrip("\n").split("\t")
    if len(f) < 8 or f[0] == "date":
        continue
    r = rows.setdefault(f[1], {"n": 0, "clean": 0, "s": 0, "sessions": 0, "crashes": 0})
    r["n"] += int(f[2] or 0); r["s"] += int(f[3] or 0); r["sessions"] += 1; r["crashes"] += int(f[5] or 0)
    r["clean"] = 0 if int(f[5] or 0) else r["clean"] + int(f[2] or 0)
    r["rate"], r["rss"], r["commit"] = f[4], f[6], f[7]
print(f"{'harness':28} {'executions':>12} {'clean':>12} {'sessions':>8} {'seconds':>8} {'last/s':>7} {'RSS MB':>6} "
      f"{'crashes':>7}  done")
for name, r in sorted(rows.items(), key=lambda kv: (-kv[1]["clean"], -kv[1]["n"])):
    print(f"{name:28} {r['n']:>12,} {r['clean']:>12,} {r['sessions']:>8} {r['s']:>8} {r['rate']:>7} {r['rss']:>6} "
          f"{r['crashes']:>7}  {'yes' if r['clean'] >= runs else ''}")
done = sum(1 for r in rows.values() if r["clean"] >= runs)
print(f"{done} of {len(rows)} harnesses at {runs:,} since their last crash; "
      f"{sum(r['n'] for r in rows.values()):,} executions, {sum(r['crashes'] for r in rows.values())} crashes")
PY
