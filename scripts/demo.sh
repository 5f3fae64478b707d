#!/usr/bin/env bash
# The main job: set up, build, compile a vulnerability DB from the real feeds in ../shared/testdata, and scan
# real images with it. Extra arguments go to the scan (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
data=../shared/testdata
db=build/demo.db
secdb=()
for f in "$data"/alpinelinux+alpine-secdb/v3.1{0,1}/*.yaml; do secdb+=(--secdb "$f"); done
./build/drydock db build "${secdb[@]}" --osv "$data/google+osv.dev/gcp/workers/oss_fuzz_worker/testdata" -o "$db"
./build/drydock db info --db "$db"
echo
./build/drydock image "$data/aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz" --db "$db" "$@"
echo
./build/drydock image "oci:$data/images/debian12-app.oci.tar" --db "$db" "$@"
