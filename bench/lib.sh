# Sourced by the bench scripts, which run from the repository root.

# install_missing PKG...: apt-get installs those of the Debian packages not installed yet (through sudo when not
# root), quietly; nothing when all are there.
install_missing() {
  local p sudo="" missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# oci_layer_blobs LAYOUT_DIR: the paths of the layer blobs of the layout's first manifest, space-separated (each
# a compressed file of its own: the floor `igzip -dc` inflates).
oci_layer_blobs() {
  python3 - "$1" <<'PY'
import json, sys
root = sys.argv[1]
index = json.load(open(f"{root}/index.json"))
manifest = json.load(open(f"{root}/blobs/sha256/" + index["manifests"][0]["digest"].split(":")[1]))
print(" ".join(f"{root}/blobs/sha256/" + l["digest"].split(":")[1] for l in manifest["layers"]))
PY
}

# debian_app_everywhere: images/debian12-app in its three cold-scan forms. Sets $tgz (the docker-save archive),
# $oci (the OCI layout tar), $work (a new temp directory, removed on exit), $layers (the layout's layer blobs,
# unpacked under $work/layout) and $ref (the image pushed to docker-registry on a free loopback port, stopped on
# exit; bench/loopback_registry.sh).
debian_app_everywhere() {
  tgz=../shared/testdata/images/debian12-app.docker.tar.gz
  oci=../shared/testdata/images/debian12-app.oci.tar
  work=$(mktemp -d)
  tar -xf "$oci" -C "$work" --one-top-level=layout
  layers=$(oci_layer_blobs "$work/layout")
  source bench/loopback_registry.sh
  ref=127.0.0.1:$port/bench/debian12-app:1
  skopeo --insecure-policy copy -q --dest-tls-verify=false "oci-archive:$oci:latest" "docker://$ref"
}
