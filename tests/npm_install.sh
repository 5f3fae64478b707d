#!/usr/bin/env bash
# Installs the npm packages pinned by SPEC_DIR/package.json and SPEC_DIR/package-lock.json (every transitive
# version fixed: a fresh machine gets exactly what the tests were checked with) into DEST/node_modules, once.
# Tests run in parallel and several call this at the same moment: a lock serialises them, and the tree is built in
# a staging directory and renamed into place, so no test ever runs node over a half-written node_modules.
#   usage: tests/npm_install.sh SPEC_DIR DEST
set -euo pipefail
spec="$(cd "${1:?usage: npm_install.sh SPEC_DIR DEST}" && pwd)"
dest="${2:?usage: npm_install.sh SPEC_DIR DEST}"
mkdir -p "$dest"
exec 9>"$dest/.install.lock"
flock 9
want="$(cat "$spec/package.json" "$spec/package-lock.json" | sha256sum | cut -d' ' -f1)"
stamp="$dest/node_modules/.drydock-stamp"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then exit 0; fi
stage="$dest/.staging"
rm -rf "$stage" "$dest/node_modules.old"
mkdir -p "$stage"
cp "$spec/package.json" "$spec/package-lock.json" "$stage/"
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing itself; kept explicit for safety.
(cd "$stage" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "$want" > "$stage/node_modules/.drydock-stamp"
if [[ -d "$dest/node_modules" ]]; then mv "$dest/node_modules" "$dest/node_modules.old"; fi
mv "$stage/node_modules" "$dest/node_modules"
cp "$spec/package.json" "$dest/package.json"
rm -rf "$dest/node_modules.old" "$stage"
