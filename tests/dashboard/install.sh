#!/usr/bin/env bash
# Installs the pinned playwright-core (package.json and package-lock.json here) into DIR/node_modules, once. It
# drives the Debian chromium package (no browser is downloaded). node_modules never enters the repository.
#   usage: tests/dashboard/install.sh DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../npm_install.sh" "$here" "${1:?usage: install.sh DIR}"
