#!/usr/bin/env bash
# Installs the pinned playwright-core (package.json here) into DIR/node_modules, once. It drives the Debian
# chromium package (no browser is downloaded). node_modules never enters the repository.
#   usage: tests/dashboard/install.sh DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:?usage: install.sh DIR}"
mkdir -p "$dir"
stamp="$dir/node_modules/.drydock-stamp"
want="$(sha256sum "$here/package.json" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then exit 0; fi
cp "$here/package.json" "$dir/package.json"
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing itself; kept explicit for safety.
(cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --no-save --loglevel=error >/dev/null)
echo "$want" > "$stamp"
