#!/usr/bin/env bash
# Time from a registry push to the signed webhook delivery: Debian's docker-registry on loopback with
# `notifications` calling drydock server (/hooks/registry), a webhook receiver (python http.server) that notes
# when each image.scanned message arrives, and `skopeo copy` of alpine 3.10 (a real image from
# ../shared/testdata) to N new tags. Prints per push: the push itself, push start -> delivery, and the part that
# is not the scan (delivery minus the scan job's run time, from GET /api/v1/jobs).
# Usage: bash bench/push_to_webhook.sh [build/drydock] [pushes]
set -euo pipefail
drydock=$(realpath "${1:-build/drydock}")
pushes=${2:-5}
testdata=${DRYDOCK_TESTDATA:-/work/shared/testdata}
work=$(mktemp -d)
port=$((20000 + RANDOM % 10000)); rport=$((port + 1)); wport=$((port + 2))
cleanup() { for p in ${pids:-}; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
zcat "$testdata/aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz" > "$work/alpine.tar"
"$drydock" db build --secdb "$testdata/alpinelinux+alpine-secdb/v3.10/main.yaml" -o "$work/db" >/dev/null 2>&1
admin=$("$drydock" server token create --scope admin --store "sqlite:$work/store.db")
hook=$("$drydock" server token create --scope scan --store "sqlite:$work/store.db")
"$drydock" server --listen "127.0.0.1:$port" --store "sqlite:$work/store.db" --db "$work/db" --workers 1 \
  --cache-dir "$work/cache" --webhook-allow-network 127.0.0.0/8 2>"$work/server.log" &
pids="$!"
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/storage}}
http: {addr: 127.0.0.1:$rport}
notifications:
  endpoints:
    - name: drydock
      url: http://127.0.0.1:$port/hooks/registry?registry=127.0.0.1:$rport
      headers: {Authorization: [Bearer $hook]}
      timeout: 5s
      threshold: 5
      backoff: 1s
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids="$pids $!"
python3 - "$wport" "$work/received" <<'PY' &
import http.server, json, sys, time
port, out = int(sys.argv[1]), sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body.get("type") == "image.scanned":
            with open(out, "a") as f: f.write(f"{body['data']['tag']} {time.time()}\n")
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
PY
pids="$pids $!"
for _ in $(seq 100); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && curl -sf "127.0.0.1:$rport/v2/" >/dev/null && break; sleep 0.1; done
curl -sf -H "Authorization: Bearer $admin" "127.0.0.1:$port/api/v1/webhooks" -d "{\"url\": \"http://127.0.0.1:$wport/\"}" >/dev/null
touch "$work/received"
for i in $(seq "$pushes"); do
  start=$(date +%s.%N)
  skopeo --insecure-policy copy -q --dest-tls-verify=false "docker-archive:$work/alpine.tar" \
    "docker://127.0.0.1:$rport/bench/alpine:t$i"
  pushed=$(date +%s.%N)
  for _ in $(seq 600); do grep -q "^t$i " "$work/received" && break; sleep 0.05; done
  delivered=$(grep "^t$i " "$work/received" | cut -d' ' -f2)
  python3 -c "s,p,d=$start,$pushed,$delivered; print(f'push t$i: skopeo {1000*(p-s):.0f} ms, push start -> webhook {1000*(d-s):.0f} ms, push end -> webhook {1000*(d-p):.0f} ms')"
done
# The scan jobs' own run time, to separate scanning from notification and delivery.
for id in $(seq "$pushes"); do
  curl -sf -H "Authorization: Bearer $admin" "127.0.0.1:$port/api/v1/jobs/$id" |
    python3 -c "import json,sys; j=json.load(sys.stdin); print(f'job {j[\"id\"]} ({j[\"request\"][\"image\"]}): {j[\"finished_unix_ms\"]-j[\"created_unix_ms\"]} ms queued to done')" || true
done
