#!/usr/bin/env bash
# Catalogs a directory of 300 real JARs (the 13 jars debian12-app vendors under /app/lib, copied round-robin
# under distinct names) with `drydock rootfs --skip-db`, and reports wall time and peak RSS.
# Usage: bash bench/jar_dir.sh [build/drydock]
set -euo pipefail
drydock=${1:-build/drydock}
testdata=${DRYDOCK_TESTDATA:-/work/shared/testdata}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/image" "$work/root/app/lib"
tar -xzf "$testdata/images/debian12-app.docker.tar.gz" -C "$work/image"
for layer in $(python3 -c "import json,sys;print(' '.join(json.load(open(sys.argv[1]))[0]['Layers']))" "$work/image/manifest.json"); do
  tar -xf "$work/image/$layer" -C "$work/image" --wildcards 'app/lib/*.jar' 2>/dev/null || true
done
jars=("$work"/image/app/lib/*.jar)
for i in $(seq 0 299); do
  src=${jars[$((i % ${#jars[@]}))]}
  cp "$src" "$work/root/app/lib/$i-$(basename "$src")"
done
du -sh "$work/root/app/lib"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$drydock" rootfs --skip-db --format json -o "$work/out.json" "$work/root"
python3 -c "import json,sys;d=json.load(open(sys.argv[1]));print(len([p for p in d['packages'] if p['ecosystem']=='maven']),'maven packages,',len(d.get('errors',[])),'errors')" "$work/out.json"
