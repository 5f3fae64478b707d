#!/usr/bin/env bash
# Installs drydock's build and test dependencies from Debian 12 packages. Idempotent: does nothing when all
# are present, so every other script calls it first.
#   bash scripts/install-deps.sh         everything: the CLI, the tests and the benchmarks
#   bash scripts/install-deps.sh --cli   only what building and running the CLI needs (scripts/demo.sh): no
#                                        browser, database server, registry, node or test libraries to fetch
set -euo pipefail

# The CLI's build: toolchain and the -dev packages cmake/deps.cmake and the src/ folders find.
packages=(
  build-essential cmake ninja-build pkg-config ca-certificates
  libarchive-dev libisal-dev libzstd-dev
  libflatbuffers-dev flatbuffers-compiler
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libfmt-dev libssl-dev
  libsqlite3-dev libpq-dev
  libpugixml-dev libtomlplusplus-dev zlib1g-dev libvectorscan-dev
  libcurl4-openssl-dev libcpp-httplib-dev
)

if [ "${1:-}" != "--cli" ]; then
  # The tests, fuzz sessions and benchmarks: real tools and servers they run (rpm, PostgreSQL, a registry, a
  # browser for the HTML report, node for sigstore-js and playwright-core).
  packages+=(
    git zstd rpm
    libgtest-dev libgmock-dev libbenchmark-dev
    postgresql
    python3 python3-jsonschema
    chromium
    docker-registry skopeo apache2-utils openssl strace
  )
  # node and npm: Debian's, unless a node with its own npm (e.g. NodeSource's) is installed already, which
  # Debian's npm package would conflict with.
  if ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
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
