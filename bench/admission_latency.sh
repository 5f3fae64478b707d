#!/usr/bin/env bash
# Admission latency: `drydock server --admission-policy` over HTTPS on loopback, POST /admission/v1/validate with a
# Pod review (as the API server sends it) naming a signed, scanned image in Debian's docker-registry. Warm: the
# verdict cache answers. Cold: a second server whose policy caches nothing (cache_seconds: 0), so every review
# resolves the tag through the registry, verifies the cosign signature (legacy .sig tag, openssl P-256 key), reads
# the stored scan and judges it by the rules. Prints p50/p99 of each (goals: p99 < 50 ms warm, < 500 ms cold).
# Usage: bash bench/admission_latency.sh [build/drydock] [warm-requests] [cold-requests]
set -euo pipefail
cd "$(dirname "$0")/.."
drydock=$(realpath "${1:-build/drydock}")
warm=${2:-2000}
cold=${3:-300}
testdata=${DRYDOCK_TESTDATA:-$PWD/../shared/testdata}
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

registry_port=$(free_port)
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s/storage\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$work" "$registry_port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$registry_port) 2>/dev/null && break; sleep 0.1; done
image=127.0.0.1:$registry_port/bench/app:1
skopeo --insecure-policy copy -q --dest-tls-verify=false "oci-archive:$testdata/images/many-files.oci.tar" "docker://$image"
digest="sha256:$(skopeo inspect --tls-verify=false --raw "docker://$image" | sha256sum | cut -c1-64)"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/cosign.pem" 2>/dev/null
openssl pkey -in "$work/cosign.pem" -pubout -out "$work/cosign.pub"
python3 tests/sigstore/attach.py sig "127.0.0.1:$registry_port" bench/app "$digest" "$work/cosign.pem"

# TLS: a throwaway CA and a certificate for 127.0.0.1.
(cd "$work" && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=bench-ca \
   -keyout ca-key.pem -out ca.pem 2>/dev/null &&
 openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 -keyout key.pem -out csr.pem 2>/dev/null &&
 printf 'subjectAltName=IP:127.0.0.1\n' > ext.cnf &&
 openssl x509 -req -in csr.pem -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile ext.cnf -out cert.pem 2>/dev/null)

cat > "$work/rules.yaml" <<'YAML'
rules:
  - {id: REG, severity: HIGH, message: cluster registry only, allowed_registries: ["127.0.0.1:*"]}
  - {id: VULN, severity: CRITICAL, message: no CRITICAL, max_vulnerabilities: {CRITICAL: 0}}
  - {id: SIG, severity: HIGH, message: signed, require_signature: true}
YAML
printf 'policy: rules.yaml\nsignatures: {keys: [cosign.pub]}\n' > "$work/warm.yaml"
printf 'policy: rules.yaml\nsignatures: {keys: [cosign.pub]}\ncache_seconds: 0\nnegative_cache_seconds: 0\n' > "$work/cold.yaml"
"$drydock" db build --osv "$testdata/github+advisory-database/advisories" -o "$work/db" >/dev/null 2>&1
store="sqlite:$work/store.db"
token=$("$drydock" server token create --scope admin --store "$store")

start_server() {  # policy-file port workers
  "$drydock" server --listen "127.0.0.1:$2" --store "$store" --db "$work/db" --workers "$3" --no-cache \
    --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" --admission-policy "$work/$1" 2>>"$work/server.log" &
  pids+=($!)
  for _ in $(seq 100); do curl -sf --cacert "$work/ca.pem" "https://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.1; done
}
warm_port=$(free_port)
cold_port=$(free_port)
start_server warm.yaml "$warm_port" 1
start_server cold.yaml "$cold_port" 0

python3 - "$warm_port" "$cold_port" "$token" "$image" "$work/ca.pem" "$warm" "$cold" <<'PY'
import http.client, json, ssl, sys, time
warm_port, cold_port, token, image, ca = sys.argv[1:6]
warm, cold = int(sys.argv[6]), int(sys.argv[7])
context = ssl.create_default_context(cafile=ca)
def connect(port):
    return http.client.HTTPSConnection("127.0.0.1", int(port), context=context)
conn = connect(warm_port)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
conn.request("POST", "/api/v1/scans", json.dumps({"image": image}), headers)
job = json.loads(conn.getresponse().read())["job_id"]
while True:
    conn.request("GET", f"/api/v1/jobs/{job}", headers=headers)
    state = json.loads(conn.getresponse().read())
    if state["state"] in ("done", "failed"): break
    time.sleep(0.1)
assert state["state"] == "done", state
review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
    "uid": "b0a7a1c2-0000-4000-8000-000000000000", "kind": {"group": "", "version": "v1", "kind": "Pod"},
    "resource": {"group": "", "version": "v1", "resource": "pods"}, "namespace": "shop", "name": "web",
    "operation": "CREATE", "userInfo": {"username": "kubernetes-admin"}, "dryRun": False,
    "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop"},
               "spec": {"containers": [{"name": "web", "image": image}]}}}}
body = json.dumps(review)
def run(port, n):
    c = connect(port)
    times = []
    for i in range(n):
        t = time.perf_counter()
        c.request("POST", "/admission/v1/validate", body, headers)  # a token, as the API server's kubeconfig gives
        r = c.getresponse(); data = json.loads(r.read())
        times.append(time.perf_counter() - t)
        assert r.status == 200 and data["response"]["allowed"], data
    times.sort()
    return times[len(times) // 2] * 1000, times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
p50, p99 = run(warm_port, warm)
print(f"warm cache:            {warm} reviews  p50 {p50:.2f} ms  p99 {p99:.2f} ms")
p50, p99 = run(cold_port, cold)
print(f"cold signature check:  {cold} reviews  p50 {p50:.2f} ms  p99 {p99:.2f} ms  (tag resolve + .sig verify + stored scan)")
PY
