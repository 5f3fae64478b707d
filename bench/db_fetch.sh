#!/usr/bin/env bash
# db build from every feed in ../shared/testdata the builder reads, two ways, each timed with /usr/bin/time -v
# (wall, CPU, peak RSS) and sized (raw DB, zstd artifact):
#   1. local files: db build --osv DIR... --secdb FILE... --debian FILE --csaf-vex DIR
#   2. --fetch: the OSV, Debian, Alpine and Red Hat parts served in their published layouts by a loopback HTTP
#      server (tests/tools/make_feed_mirror.py + update_server.py), cold cache and then warm (all 304).
# bash bench/db_fetch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/drydock
data=${DRYDOCK_TESTDATA:-../shared/testdata}
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill $server_pid; rm -rf "$work"' EXIT

measure() {  # label db command...
  local label=$1 db=$2; shift 2
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time" || { grep -v "skipped " "$work/time" | tail -5; return 1; }
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time")
  user=$(awk -F': ' '/User time/ {print $2}' "$work/time")
  sys=$(awk -F': ' '/System time/ {print $2}' "$work/time")
  rss=$(awk -F': ' '/Maximum resident/ {print int($2/1024)}' "$work/time")
  printf '%-28s wall %8s  user %6ss  sys %5ss  peak RSS %5s MiB  db %6s KiB  zstd %6s KiB  %s advisories\n' \
    "$label" "$wall" "$user" "$sys" "$rss" $(( $(stat -c %s "$db") / 1024 )) $(( $(stat -c %s "$db.zst") / 1024 )) \
    "$($bin db info --db "$db" | awk '/^advisories:/ {print $2}')"
}

# Every feed the builder reads.
feeds=()
for osv in golang+vulndb/data/osv rustsec+advisory-db/crates AlmaLinux+osv-database/advisories/almalinux9 \
           pypa+advisory-database/vulns github+advisory-database/advisories \
           anchore+vunnel/tests/unit/providers/ubuntu/test-fixtures anchore+vunnel/tests/unit/providers/rocky/test-fixtures \
           anchore+vunnel/tests/unit/providers/bitnami/test-fixtures; do
  [ -d "$data/$osv" ] && feeds+=(--osv "$data/$osv")
done
for secdb in "$data"/alpinelinux+alpine-secdb/v3.*/*.yaml "$data"/aquasecurity+vuln-list-update/alpine/testdata/*-*.json \
             "$data"/anchore+vunnel/tests/unit/providers/{wolfi,chainguard}/test-fixtures/input/secdb/security.json; do
  feeds+=(--secdb "$secdb")
done
feeds+=(--debian "$data/anchore+vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json")
feeds+=(--csaf-vex "$data/quay+claircore/rhel/vex/testdata")
measure "db build (local files)" "$work/local.db" $bin db build "${feeds[@]}" -o "$work/local.db"

python3 tests/tools/make_feed_mirror.py "$data" "$work/layout"
python3 tests/tools/update_server.py "$work/layout" "$work/requests.log" > "$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")"
fetch=(db build --fetch --sources osv:Go,osv:crates.io,osv:AlmaLinux,debian,alpine,redhat --feed-cache "$work/cache"
       --source-url "osv=$url/osv" --source-url "debian=$url/debian/tracker/data/json"
       --source-url "alpine=$url/alpine" --source-url "redhat=$url/redhat")
measure "db build --fetch (cold)" "$work/fetched.db" $bin "${fetch[@]}" -o "$work/fetched.db"
measure "db build --fetch (warm)" "$work/fetched.db" $bin "${fetch[@]}" -o "$work/fetched.db"
echo "requests of the warm run: $(tail -n 18 "$work/requests.log" | awk '{print $3}' | sort | uniq -c | tr '\n' ' ')"
