#!/usr/bin/env bash
# The main job: set up, build, compile a vulnerability DB from the real feeds in ../shared/testdata, and scan
# real images with it. Extra arguments go to the scan (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
# Only the CLI: the test and fuzz targets (and the packages only they need) are for scripts/test.sh, and a new
# user's first result should not wait for them. A fresh tree is configured without them, so not even GoogleTest
# is needed; scripts/build.sh (the release preset) turns them back on. A tree configured already is left as it is.
bash scripts/install-deps.sh --cli
if [ ! -f build/CMakeCache.txt ]; then
  cmake --preset release -DDRYDOCK_BUILD_TESTS=OFF -DDRYDOCK_BUILD_FUZZ=OFF >/dev/null
fi
cmake --build build --target drydock -j"$(nproc)"
data=../shared/testdata
db=build/demo.db
secdb=()
for f in "$data"/alpinelinux+alpine-secdb/v3.{4,10,11}/*.yaml; do secdb+=(--secdb "$f"); done
# Language advisories too (GitHub's sample, the Go vulndb, PyPA's YAML, RustSec), so the Debian app image shows its
# npm, Go and Python findings; Debian's own feed here is vunnel's tracker sample (a few packages only). CISA's
# vulnrichment CVE records rate the CVEs those advisories name, where the Go and PyPA records rate nothing.
./build/drydock db build "${secdb[@]}" --osv "$data/google+osv.dev/gcp/workers/oss_fuzz_worker/testdata" \
  --osv "$data/github+advisory-database/advisories" --osv "$data/golang+vulndb/data/osv" \
  --osv "$data/pypa+advisory-database/vulns" --osv "$data/rustsec+advisory-db/crates" \
  --debian "$data/anchore+vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json" \
  --cve5 "$data/cisagov+vulnrichment" -o "$db"
./build/drydock db info --db "$db"
echo
./build/drydock image "$data/aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz" --db "$db" "$@"
echo
./build/drydock image "oci:$data/images/debian12-app.oci.tar" --db "$db" "$@"
echo
# The shipped Alpine images are clean against their own release's secdb. To show findings, wrap trivy's real
# Alpine 3.4-era apk database (aquasecurity+trivy .../apk/testdata/apk) in a one-layer docker archive and scan it.
demo=build/demo/alpine34 && rm -rf "$demo" && mkdir -p "$demo/root/lib/apk/db" "$demo/root/etc"
cp "$data/aquasecurity+trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk" "$demo/root/lib/apk/db/installed"
echo 3.4.6 > "$demo/root/etc/alpine-release"
tar --owner=0 --group=0 -cf "$demo/layer.tar" -C "$demo/root" etc lib
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$(sha256sum "$demo/layer.tar" | cut -d' ' -f1)" > "$demo/config.json"
echo '[{"Config":"config.json","RepoTags":["demo/alpine34:latest"],"Layers":["layer.tar"]}]' > "$demo/manifest.json"
tar -cf "$demo.tar" -C "$demo" manifest.json config.json layer.tar
./build/drydock image "$demo.tar" --db "$db" "$@"
