#!/usr/bin/env bash
# Cost on issue 18's large inputs, generated here (never committed): time and peak RSS (/usr/bin/time -v) for
#   - a secdb file where one CVE is fixed in N packages (db build; was superlinear: 300k packages took 110 s),
#   - a Debian tracker JSON of about TRACKER_MB megabytes (db build; the whole-file tree cost 13x its size),
#   - a dpkg status with M packages, scanned as a rootfs with a JSON report (was 4.9 GB for 1M / 58 MB; the
#     default 700k stanzas written here are 56 MB, under the 64 MiB status-file limit that 1M of them pass).
# bash bench/large_inputs.sh [N=300000] [TRACKER_MB=500] [M=700000]   (DRYDOCK_BIN=other/drydock to compare builds)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300000} tracker_mb=${2:-500} m=${3:-700000}
bin=${DRYDOCK_BIN:-build/drydock}
[ -x "$bin" ] || bash scripts/build.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # label input_bytes command...
  local label=$1 bytes=$2; shift 2
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time" || { tail -5 "$work/time"; return 1; }
  local secs rss
  secs=$(grep "Elapsed (wall clock)" "$work/time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time" | awk '{print $NF}')
  printf '%-44s input %7.1f MiB  wall %9s  peak RSS %7.1f MiB  (%.2fx input)\n' "$label" \
    "$(echo "$bytes / 1048576" | bc -l)" "$secs" "$(echo "$rss / 1024" | bc -l)" "$(echo "$rss * 1024 / $bytes" | bc -l)"
}

python3 - "$work" "$n" "$tracker_mb" "$m" <<'PY'
import json, sys
work, n, tracker_mb, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open(f"{work}/secdb.json", "w") as f:
    f.write('{"distroversion": "v3.19", "reponame": "main", "urlprefix": "https://dl-cdn.alpinelinux.org/alpine", "packages": [')
    f.write(",".join('{"pkg": {"name": "p%d", "secfixes": {"1.0-r1": ["CVE-2024-0001"]}}}' % i for i in range(n)))
    f.write("]}")
# Tracker records shaped like the real file: a description and four releases per CVE, ~30 CVEs per package.
desc = "A flaw was found in the handling of crafted input that allows a remote attacker to cause a denial of service."
releases = {"bookworm": {"status": "resolved", "repositories": {"bookworm": "1.2-3"}, "fixed_version": "1.2-3", "urgency": "low"},
            "bullseye": {"status": "open", "repositories": {"bullseye": "1.1-1"}, "urgency": "not yet assigned", "nodsa": "Minor issue"},
            "trixie": {"status": "resolved", "repositories": {"trixie": "1.3-1"}, "fixed_version": "1.2-3", "urgency": "low"},
            "sid": {"status": "resolved", "repositories": {"sid": "1.3-1"}, "fixed_version": "1.2-3", "urgency": "low"}}
with open(f"{work}/tracker.json", "w") as f:
    f.write("{")
    size, pkg, cve = 0, 0, 0
    while size < tracker_mb << 20:
        body = ",".join('"CVE-2024-%d": %s' % (cve + k, json.dumps({"description": desc, "scope": "local", "releases": releases}))
                        for k in range(30))
        chunk = ('' if pkg == 0 else ',') + '"pkg%d": {%s}' % (pkg, body)
        f.write(chunk); size += len(chunk); pkg += 1; cve += 30
    f.write("}")
import os
os.makedirs(f"{work}/root/var/lib/dpkg", exist_ok=True)
os.makedirs(f"{work}/root/etc", exist_ok=True)
open(f"{work}/root/etc/os-release", "w").write('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
with open(f"{work}/root/var/lib/dpkg/status", "w") as f:
    for i in range(m):
        f.write("Package: pkg%d\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.%d-1\n\n" % (i, i % 97))
PY
measure "secdb: 1 CVE in $n packages (db build)" "$(stat -c %s "$work/secdb.json")" \
  "$bin" db build --secdb "$work/secdb.json" -o "$work/secdb.db"
measure "Debian tracker ${tracker_mb} MB (db build)" "$(stat -c %s "$work/tracker.json")" \
  "$bin" db build --debian "$work/tracker.json" -o "$work/tracker.db"
measure "dpkg status, $m packages (rootfs -f json)" "$(stat -c %s "$work/root/var/lib/dpkg/status")" \
  "$bin" rootfs "$work/root" --skip-db --no-cache -f json -o "$work/report.json"
# A scan that refused the file (over a size limit) would measure nothing: every package must be in the report.
python3 - "$work/report.json" "$m" <<'PY'
import json, sys
found = len(json.load(open(sys.argv[1]))["packages"])
if found != int(sys.argv[2]):
    sys.exit(f"the rootfs report lists {found} packages, not {sys.argv[2]}: the measurement above is not valid")
PY
