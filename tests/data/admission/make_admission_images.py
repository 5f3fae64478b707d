#!/usr/bin/env python3
"""OCI image layouts (tag "1") for the admission end-to-end tests, each an npm app holding lodash.

  make_admission_images.py padded DIR       lodash 4.17.21 whose package.json is padded past the scanner's 64 MiB
                                            file limit: the scan stores layer and catalog errors and no package
  make_admission_images.py vulnerable DIR   lodash 4.17.15 (CVE-2021-23337, HIGH in the GHSA test records)
  make_admission_images.py multiarch DIR    an index: linux/amd64 with lodash 4.17.21, linux/arm64 with 4.17.15
"""
import hashlib
import io
import json
import os
import sys
import tarfile

FILE_LIMIT_BYTES = 64 << 20  # the scanner's per-file read limit


def blob(out, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(f"{out}/blobs/sha256/{digest}", "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}


def npm_app(lodash_version, pad_bytes=0):
    package = json.dumps({"name": "lodash", "version": lodash_version}).encode() + b" " * pad_bytes
    app = json.dumps({"name": "app", "version": "1.0.0", "dependencies": {"lodash": lodash_version}}).encode()
    return [("app/package.json", app), ("app/node_modules/lodash/package.json", package)]


def image(out, arch, files):
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1700000000
            tar.addfile(info, io.BytesIO(data))
    layer_blob = blob(out, layer.getvalue())
    config = {"architecture": arch, "os": "linux", "config": {},
              "rootfs": {"type": "layers", "diff_ids": [layer_blob["digest"]]},
              "history": [{"created_by": "COPY app /app"}]}
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                           **blob(out, json.dumps(config).encode())},
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", **layer_blob}]}
    return {"mediaType": "application/vnd.oci.image.manifest.v1+json", **blob(out, json.dumps(manifest).encode()),
            "platform": {"os": "linux", "architecture": arch}}


def layout(out, top):
    top = dict(top, annotations={"org.opencontainers.image.ref.name": "1"})
    with open(out + "/index.json", "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [top]}, f)
    with open(out + "/oci-layout", "w") as f:
        f.write('{"imageLayoutVersion": "1.0.0"}')


def main(kind, out):
    os.makedirs(out + "/blobs/sha256", exist_ok=True)
    if kind == "padded":
        layout(out, image(out, "amd64", npm_app("4.17.21", FILE_LIMIT_BYTES + 1024)))
    elif kind == "vulnerable":
        layout(out, image(out, "amd64", npm_app("4.17.15")))
    elif kind == "multiarch":
        clean, vulnerable = image(out, "amd64", npm_app("4.17.21")), image(out, "arm64", npm_app("4.17.15"))
        index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                 "manifests": [clean, vulnerable]}
        layout(out, {"mediaType": "application/vnd.oci.image.index.v1+json",
                     **blob(out, json.dumps(index).encode())})
    else:
        sys.exit(f"unknown kind {kind}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
