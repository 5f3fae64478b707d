#!/usr/bin/env bash
# Installs the pinned sigstore-js packages (package.json and package-lock.json here) into DIR/node_modules, once:
# the verification tests call this and skip nothing. node_modules never enters the repository.
#   usage: tests/sigstore/install.sh DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../npm_install.sh" "$here" "${1:?usage: install.sh DIR}"
