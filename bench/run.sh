#!/usr/bin/env bash
# One command for the scan benchmarks: bash bench/run.sh
# For each image in ../shared/testdata/images: inflating its layers alone (the floor), a cold scan (--no-cache),
# the ratio, a warm scan (layer cache filled), and peak RSS (/usr/bin/time -v). Then the DB built from every feed
# in ../shared/testdata the builder accepts: build time, size raw and zstd-compressed.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/testdata
bin=build/drydock
[ -x "$bin" ] || bash scripts/build.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
best() { local b=999999 t; for _ in 1 2 3; do t=$(secs "$@"); b=$(echo "if ($t < $b) $t else $b" | bc); done; echo "$b"; }

# warm_tgz_s: a warm scan of the same image's `docker save | gzip` archive (its index is remembered too).
printf '%-34s %9s %9s %6s %9s %10s %9s\n' image inflate_s cold_s ratio warm_s warm_tgz_s rss_MiB
for image in "$data"/images/*.oci.tar; do
  name=$(basename "$image" .oci.tar)
  [ "$name" = hostile ] && continue  # refused by design (a blob shorter than its manifest says): nothing to time
  dir="$work/$name"; mkdir -p "$dir"; tar -xf "$image" -C "$dir"
  layers=$(python3 - "$dir" <<'PY'
import json, sys
root = sys.argv[1]
index = json.load(open(f"{root}/index.json"))
manifest = json.load(open(f"{root}/blobs/sha256/" + index["manifests"][0]["digest"].split(":")[1]))
print(" ".join(f"{root}/blobs/sha256/" + l["digest"].split(":")[1] for l in manifest["layers"]))
PY
)
  inflate=$(best sh -c "for l in $layers; do zcat -f \$l; done >/dev/null")
  scan="$bin image oci:$dir --skip-db -q -f json -o /dev/null --threads 1"
  cold=$(best $scan --no-cache)
  $scan --cache-dir "$work/cache" >/dev/null 2>&1 || true
  warm=$(best $scan --cache-dir "$work/cache")
  tgz="$data/images/$name.docker.tar.gz" warm_tgz=nan
  if [ -f "$tgz" ]; then
    tgz_scan="$bin image $tgz --skip-db -q -f json -o /dev/null --threads 1 --cache-dir $work/cache"
    $tgz_scan >/dev/null 2>&1 || true
    warm_tgz=$(best $tgz_scan)
  fi
  rss=$(/usr/bin/time -v $scan --no-cache 2>&1 >/dev/null | awk '/Maximum resident/ {print int($6/1024)}')
  ratio=$(echo "scale=2; $cold / $inflate" | bc)
  printf '%-34s %9.3f %9.3f %6s %9.3f %10.3f %9s\n' "$name" "$inflate" "$cold" "$ratio" "$warm" "$warm_tgz" "$rss"
done

# The DB from every feed the builder accepts (OSV dirs and Alpine secdb YAML, plus the CVE-level feeds).
feeds=()
for osv in golang+vulndb/data/osv rustsec+advisory-db/crates AlmaLinux+osv-database/advisories/almalinux9; do
  [ -d "$data/$osv" ] && feeds+=(--osv "$data/$osv")
done
for secdb in "$data"/alpinelinux+alpine-secdb/v3.*/*.yaml; do feeds+=(--secdb "$secdb"); done
# CVE-level data (ratings, KEV, EPSS) joins the advisories above: CISA's vulnrichment, vunnel's NVD pages,
# claircore's EPSS and KEV samples. DRYDOCK_BENCH_NO_CVE=1 leaves them out, for the figure without them.
if [ -z "${DRYDOCK_BENCH_NO_CVE:-}" ]; then
  feeds+=(--cve5 "$data/cisagov+vulnrichment" --nvd "$data/anchore+vunnel/tests/unit/providers/nvd/test-fixtures"
          --epss "$data/quay+claircore/enricher/epss/testdata/data.csv"
          --kev "$data/quay+claircore/enricher/kev/testdata/known_exploited_vulnerabilities.json")
fi
start=$(date +%s.%N)
$bin db build "${feeds[@]}" -o "$work/drydock.db" 2>"$work/build.log" || { tail -5 "$work/build.log"; exit 1; }
build_s=$(echo "$(date +%s.%N) - $start" | bc)
raw=$(stat -c %s "$work/drydock.db"); zst=$(stat -c %s "$work/drydock.db.zst")
advisories=$($bin db info --db "$work/drydock.db" | awk '/^advisories:/ {print $2}')
echo "db: build ${build_s}s, ${advisories} advisories, raw ${raw} B, zstd ${zst} B, $((zst / advisories)) B/advisory compressed"
# Projection to the full public feeds at this per-advisory size; N_PUBLIC (default 400000) is an assumed record
# count for all OSV ecosystems plus distro feeds, not a measured one: set it to the count you trust.
n=${N_PUBLIC:-400000}
echo "db: projected for $n advisories: $((zst / advisories * n / 1048576)) MiB compressed"

# Open + match of a 500-package image (Google Benchmark; built into build/ with DRYDOCK_BUILD_BENCH=ON).
cmake -S . -B build -DDRYDOCK_BUILD_BENCH=ON >/dev/null
cmake --build build --target db_lookup_bench >/dev/null
$bin image "$data/images/debian12-app.docker.tar.gz" --skip-db -q -f json -o "$work/app.json" --no-cache
DRYDOCK_BENCH_DB="$work/drydock.db" DRYDOCK_BENCH_REPORT="$work/app.json" build/bench/db_lookup_bench \
  --benchmark_min_time=0.5
