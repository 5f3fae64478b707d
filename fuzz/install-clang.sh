#!/usr/bin/env bash
# The fuzz toolchain, only for the fuzz path (not in scripts/install-deps.sh): Debian 12's clang-19 compiles
# libstdc++ 12's <expected>; libclang-rt-19-dev carries libFuzzer and the sanitizer runtimes.
set -euo pipefail
missing=()
for p in clang-19 libclang-rt-19-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
