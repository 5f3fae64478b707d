#!/usr/bin/env bash
# drydock server on loopback with a SQLite or PostgreSQL store: ingest of a 500-package inventory, `affected`
# and GET /images/{digest} throughput over N stored images, and the server's RSS. The inventories are the real
# debian12-app image's CycloneDX SBOM (drydock's own), cut or repeated to size, each with a distinct name so
# every POST stores a new image; the DB is the real GHSA records in ../shared/testdata. The first
# $DRYDOCK_BENCH_POSTED (default 200) images go through POST /sboms; the rest are copies of them made in SQL
# (new digests and names; the same rows the API wrote: packages, findings and their names, any re-match index),
# so a 10,000-image store is ready in minutes on either engine (SQLite about 5 on a busy 2-core machine).
# Usage: bash bench/server.sh [build/drydock] [images] [sqlite|postgres|postgres://URL]
#   postgres: a throwaway PostgreSQL cluster (Debian's postgresql package) on a free loopback port, started as
#   the postgres user when run as root, removed afterwards.    (ab comes from apache2-utils)
set -euo pipefail
drydock=$(realpath "${1:-build/drydock}")
images=${2:-10000}
engine=${3:-sqlite}
testdata=${DRYDOCK_TESTDATA:-/work/shared/testdata}
work=$(mktemp -d)
free_port() { python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
port=$(free_port)
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
    pgport=$(free_port)
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
for _ in $(seq 600); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
posted=$(( images < ${DRYDOCK_BENCH_POSTED:-200} ? images : ${DRYDOCK_BENCH_POSTED:-200} ))
sql() {  # SQL from stdin, run on the store
  case "$store" in
    sqlite:*) sqlite3 -bail -cmd ".timeout 60000" "${store#sqlite:}" ;;
    *) psql -qtAX -v ON_ERROR_STOP=1 "$store" ;;
  esac
}
python3 - "$port" "$token" "$work/app.cdx.json" "$posted" "$work" <<'PY'
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
# Ingest of a 500-package inventory: the components, then repeats of them under another version (build metadata
# "+copyN": the same name, so matched like the original) until there are 500 distinct packages.
big = dict(sbom); comps = []
i = 0
while len(comps) < 500:
    c = json.loads(json.dumps(components[i % len(components)]))
    if i >= len(components):
        c["bom-ref"] = f"{c.get('bom-ref','x')}-{i}"; c["version"] = f"{c.get('version','0')}+copy{i}"
    comps.append(c); i += 1
big["components"] = comps
stored = post(big, "ingest-check")[1]["packages"]
assert stored == 500, f"the inventory holds {stored} distinct packages, not 500"
times = sorted(post(big, f"ingest-{k}")[0] for k in range(20))
print(f"ingest of a {stored}-package inventory: median {times[len(times)//2]*1000:.1f} ms, "
      f"fastest {times[0]*1000:.1f} ms")
start = time.perf_counter()
digest = None
for k in range(count):
    sbom["metadata"]["component"]["name"] = f"bench-{k}"
    _, created = post(sbom, f"bench-{k}")
    digest = digest or created["digest"]
print(f"stored {count} images ({len(components)} components each) through the API in {time.perf_counter()-start:.1f} s")
open(work + "/digest", "w").write(digest)
PY
if [ "$images" -gt "$posted" ]; then
  # Copy k (1..images-posted) is of original (k-1) % posted: digest sha256:<k as 16 hex digits><the original's
  # last 48>, repository bench-copy-k. A copied finding's id is the original's + k * (the highest id), so its
  # names follow it without a look-up.
  copies=$((images - posted))
  if [[ "$store" == sqlite:* ]]; then hex16="printf('%016x', k)"; begin="BEGIN IMMEDIATE;"
  else hex16="lpad(to_hex(k), 16, '0')"; begin="BEGIN;"; fi
  start=$(date +%s%N)
  sql <<SQL
$begin
CREATE TEMP TABLE originals AS SELECT digest, ROW_NUMBER() OVER (ORDER BY digest) - 1 AS n FROM images
  WHERE repository LIKE 'bench-%';
CREATE TEMP TABLE copies AS WITH RECURSIVE g(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM g WHERE k < $copies)
  SELECT k, o.digest AS src, 'sha256:' || $hex16 || substr(o.digest, 24) AS dst FROM g
  JOIN originals o ON o.n = (k - 1) % $posted;
CREATE TEMP TABLE top AS SELECT MAX(id) AS id FROM findings;
INSERT INTO images (digest, repository, platform, os, scanned_unix, db_built_at, package_count, finding_count,
    report_json)
  SELECT c.dst, 'bench-copy-' || c.k, i.platform, i.os, i.scanned_unix, i.db_built_at, i.package_count,
    i.finding_count, i.report_json FROM copies c JOIN images i ON i.digest = c.src ORDER BY c.k;
INSERT INTO packages (digest, ecosystem, name, version, purl, purl_base, layer_diff_id, path)
  SELECT c.dst, p.ecosystem, p.name, p.version, p.purl, p.purl_base, p.layer_diff_id, p.path
  FROM copies c JOIN packages p ON p.digest = c.src;
INSERT INTO findings (id, digest, vulnerability, package, installed_version, fixed_version, severity,
    layer_diff_id, created_by, path)
  SELECT f.id + c.k * t.id, c.dst, f.vulnerability, f.package, f.installed_version, f.fixed_version, f.severity,
    f.layer_diff_id, f.created_by, f.path FROM copies c JOIN findings f ON f.digest = c.src CROSS JOIN top t;
INSERT INTO finding_names (name, finding_id)
  SELECT n.name, n.finding_id + c.k * t.id FROM copies c JOIN findings f ON f.digest = c.src
  JOIN finding_names n ON n.finding_id = f.id CROSS JOIN top t;
INSERT INTO match_keys (digest, ecosystem, name)
  SELECT c.dst, m.ecosystem, m.name FROM copies c JOIN match_keys m ON m.digest = c.src;
INSERT INTO match_indexed (digest) SELECT c.dst FROM copies c JOIN match_indexed m ON m.digest = c.src;
COMMIT;
SQL
  # PostgreSQL: the findings' id sequence goes past the copied ids, and the planner learns the new sizes.
  [[ "$store" == sqlite:* ]] || \
    echo "SELECT setval(pg_get_serial_sequence('findings', 'id'), (SELECT MAX(id) FROM findings)); ANALYZE;" | sql >/dev/null
  echo "copied $copies more images in SQL in $(( ($(date +%s%N) - start) / 1000000 )) ms;" \
    "$(echo 'SELECT COUNT(*) FROM images;' | sql) images stored"
fi
python3 - "$port" "$token" "$images" "$work" <<'PY'
import http.client, json, sys, time
port, token, count, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
headers = {"Authorization": "Bearer " + token}
conn = http.client.HTTPConnection("127.0.0.1", port)
digest = open(work + "/digest").read()
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
# A browser asks for "gzip, deflate, br": the report comes gzip-compressed (not brotli at its slowest setting).
h = dict(headers); h["Accept-Encoding"] = "gzip, deflate, br, zstd"
t = time.perf_counter(); conn.request("GET", "/api/v1/images/" + digest, headers=h); r = conn.getresponse()
data = r.read(); took = time.perf_counter() - t
print(f"GET report with Accept-Encoding: gzip, deflate, br, zstd: {r.getheader('Content-Encoding')}, "
      f"{len(data)} bytes, {took*1000:.1f} ms")
PY
digest=$(cat "$work/digest")
ab -q -k -n 20000 -c 8 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/images/$digest" \
  | grep -E "Requests per second|Failed requests|Non-2xx|Document Length"
grep VmRSS "/proc/$pid/status"
