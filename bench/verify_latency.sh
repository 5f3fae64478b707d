#!/usr/bin/env bash
# Verification latency with hyperfine: `drydock verify blob` key-based and keyless (sigstore-js bundles, offline
# trusted root), and `drydock verify IMAGE` against Debian's docker-registry on loopback, through the legacy .sig
# tag and through a Sigstore bundle found by the referrers fallback tag. Run on demand: bash bench/verify_latency.sh
# (skips the build when DRYDOCK_BIN names a binary).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${DRYDOCK_BIN:-build/drydock}"
[ -n "${DRYDOCK_BIN:-}" ] || bash scripts/build.sh >/dev/null
command -v hyperfine >/dev/null || { sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo; $sudo apt-get install -y -q hyperfine >/dev/null; }

work=$(mktemp -d)
bash tests/sigstore/install.sh build/sigstore-js
export NODE_PATH=$PWD/build/sigstore-js/node_modules
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/key.pem" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/other.pem" 2>/dev/null
openssl pkey -in "$work/key.pem" -pubout -out "$work/key.pub"
openssl pkey -in "$work/other.pem" -pubout -out "$work/other.pub"
node tests/sigstore/sigstore_fixtures.js blob "$work/b" "$work/key.pem" "$work/other.pub"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s/storage\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$work" "$port" > "$work/config.yml"
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry=$!
trap 'kill $registry; wait $registry 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
for repo in sig bundle; do
  skopeo --insecure-policy copy -q --dest-tls-verify=false oci-archive:../shared/testdata/images/many-files.oci.tar \
    docker://127.0.0.1:$port/bench/$repo:1
done
digest="sha256:$(skopeo inspect --tls-verify=false --raw docker://127.0.0.1:$port/bench/sig:1 | sha256sum | cut -c1-64)"
python3 tests/sigstore/attach.py sig 127.0.0.1:$port bench/sig "$digest" "$work/key.pem"
node tests/sigstore/sigstore_fixtures.js image "$work/image-bundle.json" "$work/key.pem" "$digest"
python3 tests/sigstore/attach.py bundle 127.0.0.1:$port bench/bundle "$digest" "$work/image-bundle.json"

b="$work/b"
keyless="--trusted-root $b/trusted_root.json --certificate-identity https://github.com/drydock/drydock/.github/workflows/release.yml@refs/heads/main --certificate-oidc-issuer https://token.actions.githubusercontent.com"
hyperfine --warmup 3 --runs 30 -N \
  -n "verify blob, key (ECDSA P-256, tlog checked)" "$bin verify blob --bundle $b/key-message.json --key $b/key.pub --trusted-root $b/trusted_root.json $b/artifact.txt" \
  -n "verify blob, keyless (chain + SET + proof + checkpoint)" "$bin verify blob --bundle $b/keyless-message.json $keyless $b/artifact.txt" \
  -n "verify blob, keyless DSSE" "$bin verify blob --bundle $b/keyless-dsse.json $keyless $b/artifact.txt" \
  -n "verify IMAGE, legacy .sig tag" "$bin verify 127.0.0.1:$port/bench/sig:1 --key $work/key.pub" \
  -n "verify IMAGE, bundle via referrers fallback tag" "$bin verify 127.0.0.1:$port/bench/bundle:1 --key $work/key.pub"
