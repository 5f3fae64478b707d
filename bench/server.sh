#!/usr/bin/env bash
# drydock server on loopback with a SQLite or PostgreSQL store: ingest of a 500-package inventory, `affected`
# and GET /images/{digest} throughput over N stored images, and the server's RSS. The inventories are the real
# debian12-app image's CycloneDX SBOM (drydock's own), cut or repeated to size, each with a distinct name so
# every POST stores a new image; the DB is the real GHSA records in ../shared/testdata.
# Usage: bash bench/server.sh [build/drydock] [images] [sqlite|postgres|postgres://URL]
#   postgres: a throwaway PostgreSQL cluster (Debian's postgresql package) on a free loopback port, started as
#   the postgres user when run as root, removed afterwards.    (ab comes from apache2-utils)
set -euo pipefail
drydock=$(realpath "${1:-build/drydock}")
images=${2:-10000}
engine=${3:-sqlite}
testdata=${DRYDOCK_TESTDATA:-/work/shared/testdata}
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
pgdir=""
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  [ -n "$pgdir" ] && as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT
case "$engine" in
  sqlite) store="sqlite:$work/store.db" ;;
  postgres://*|postgresql://*) store="$engine" ;;
  postgres)
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    pgdir=$(mktemp -d)
    pgport=$((port + 1))
    [ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
    as_postgres "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >/dev/null
    # Default durability settings: the figures are for a real server, not a test cluster.
    as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
      -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1" start >/dev/null
    as_postgres "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres drydock
    store="postgres://postgres@127.0.0.1:$pgport/drydock" ;;
  *) echo "engine: sqlite, postgres or postgres://URL" >&2; exit 2 ;;
esac
echo "store: $engine"
"$drydock" db build --osv "$testdata/github+advisory-database/advisories" -o "$work/db" >/dev/null 2>&1
"$drydock" image "$testdata/images/debian12-app.docker.tar.gz" --skip-db --no-cache -f cyclonedx -q -o "$work/app.cdx.json"
token=$("$drydock" server token create --scope admin --store "$store")
"$drydock" server --listen "127.0.0.1:$port" --store "$store" --db "$work/db" --workers 0 \
  --no-cache 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
python3 - "$port" "$token" "$work/app.cdx.json" "$images" "$work" <<'PY'
import http.client, json, sys, time
port, token, sbom_path, count, work = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
sbom = json.load(open(sbom_path))
components = sbom["components"]
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
conn = http.client.HTTPConnection("127.0.0.1", port)
def post(doc, name):
    body = json.dumps(doc)
    t = time.perf_counter()
    conn.request("POST", "/api/v1/sboms?name=" + name, body, headers)
    r = conn.getresponse(); data = r.read()
    assert r.status == 201, (r.status, data[:200])
    return time.perf_counter() - t, json.loads(data)
# Ingest of one 500-package inventory (components repeated with distinct versions to reach 500).
big = dict(sbom); comps = []
i = 0
while len(comps) < 500:
    c = dict(components[i % len(components)]); c["bom-ref"] = f"{c.get('bom-ref','x')}-{i}"
    comps.append(c); i += 1
big["components"] = comps
times = sorted(post(big, f"ingest-{k}")[0] for k in range(20))
print(f"ingest of a {len(comps)}-component inventory: median {times[len(times)//2]*1000:.1f} ms")
start = time.perf_counter()
digest = None
for k in range(count):
    sbom["metadata"]["component"]["name"] = f"bench-{k}"
    _, created = post(sbom, f"bench-{k}")
    digest = digest or created["digest"]
print(f"stored {count} images ({len(components)} components each) in {time.perf_counter()-start:.1f} s")
open(work + "/digest", "w").write(digest)
def get(path):
    t = time.perf_counter(); conn.request("GET", path, headers=headers); r = conn.getresponse(); data = r.read()
    assert r.status == 200, (r.status, data[:200]); return time.perf_counter() - t, json.loads(data)
report = get("/api/v1/images/" + digest)[1]
vuln = report["vulnerabilities"][0]["id"] if report["vulnerabilities"] else "GHSA-p6mc-m468-83gw"
first = get(f"/api/v1/vulnerabilities/{vuln}/affected?limit=100")
times = sorted(get(f"/api/v1/vulnerabilities/{vuln}/affected?limit=100")[0] for _ in range(20))
print(f"affected {vuln} (first page of 100) over {count} images: median {times[10]*1000:.1f} ms")
times = sorted(get("/api/v1/packages?purl=pkg:npm/lodash&range=%3C4.17.21&limit=100")[0] for _ in range(20))
print(f"packages pkg:npm/lodash <4.17.21 (first page of 100): median {times[10]*1000:.1f} ms")
PY
digest=$(cat "$work/digest")
ab -q -k -n 20000 -c 8 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/images/$digest" \
  | grep -E "Requests per second|Failed requests|Non-2xx"
grep VmRSS "/proc/$pid/status"
