#!/usr/bin/env bash
# Installs drydock's build and test dependencies from Debian 12 packages. Idempotent: does nothing when all
# are present, so every other script calls it first.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libarchive-dev libisal-dev libzstd-dev zstd
  libflatbuffers-dev flatbuffers-compiler
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libfmt-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev rpm
  libpq-dev postgresql
  python3 python3-jsonschema libpugixml-dev libtomlplusplus-dev zlib1g-dev libvectorscan-dev
  chromium
  libcurl4-openssl-dev docker-registry skopeo apache2-utils openssl strace
  libcpp-httplib-dev
)

# node and npm for the tests that run npm packages (sigstore-js, playwright-core): Debian's, unless a node with
# its own npm (e.g. NodeSource's) is installed already, which Debian's npm package would conflict with.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
