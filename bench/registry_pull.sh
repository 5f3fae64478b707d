#!/usr/bin/env bash
# Pull-and-scan from a local registry against skopeo copying the same image to an OCI directory (the floor:
# fetching every blob once). Starts Debian's docker-registry on a free loopback port, pushes the Debian app
# image with skopeo, then runs hyperfine and reports drydock's peak RSS. Run on demand: bash bench/registry_pull.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
for p in hyperfine time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/config.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: 127.0.0.1:$port
YML
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry=$!
trap 'kill $registry; wait $registry 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

ref=127.0.0.1:$port/bench/debian12-app:1
skopeo --insecure-policy copy -q --dest-tls-verify=false \
  oci-archive:../shared/testdata/images/debian12-app.oci.tar:latest docker://$ref
echo "image: $ref ($(du -sb "$work/storage" | cut -f1) bytes in registry storage)"

hyperfine --warmup 1 --runs 5 -N --prepare "rm -rf $work/copy" \
  -n "skopeo copy to an OCI directory" "skopeo --insecure-policy copy -q --src-tls-verify=false docker://$ref oci:$work/copy" \
  -n "drydock image (pull + scan)" "build/drydock image $ref --skip-db -q -f json -o /dev/null"

rss=$(/usr/bin/time -f %M build/drydock image "$ref" --skip-db -q -f json -o /dev/null 2>&1 >/dev/null | tail -1)
echo "drydock pull + scan peak RSS: $((rss / 1024)) MiB"
rss=$(/usr/bin/time -f %M skopeo --insecure-policy copy -q --src-tls-verify=false docker://$ref oci:$work/copy2 2>&1 >/dev/null | tail -1)
echo "skopeo copy peak RSS: $((rss / 1024)) MiB"
