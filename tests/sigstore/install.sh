#!/usr/bin/env bash
# Installs the pinned sigstore-js packages (package.json here) into DIR/node_modules, once: the verification
# tests call this and skip nothing. node_modules never enters the repository.
#   usage: tests/sigstore/install.sh DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:?usage: install.sh DIR}"
mkdir -p "$dir"
stamp="$dir/node_modules/.drydock-stamp"
want="$(sha256sum "$here/package.json" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then exit 0; fi
cp "$here/package.json" "$dir/package.json"
(cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error >/dev/null)
echo "$want" > "$stamp"
