#!/usr/bin/env python3
"""Builds an image on top of another inside an OCI image layout, as `docker build` would from a Dockerfile
`FROM base` + one step per --layer: each layer is a tar (stored gzipped) appended to the base's layers, with its
history step; the config's `created` is set with --created. The new manifest is tagged NEW_TAG in index.json.

--dpkg-bump PKG=VERSION (repeatable) adds a layer holding the base's var/lib/dpkg/status with those packages'
Version fields changed, as an `apt-get upgrade` layer would. --provenance PURL=DIGEST (repeatable) tags, instead
of the manifest, an image index holding it and a BuildKit attestation manifest with a SLSA v0.2 provenance
statement whose materials are those images.

usage: stack_image.py LAYOUT FROM_TAG NEW_TAG [--layer TAR CREATED_BY]... [--dpkg-bump PKG=VER]...
                      [--created RFC3339] [--provenance PURL=sha256:HEX]...
"""
import argparse
import gzip
import hashlib
import io
import json
import tarfile

from oci_layout import Layout, by_tag, REF_NAME

parser = argparse.ArgumentParser()
parser.add_argument("layout")
parser.add_argument("from_tag")
parser.add_argument("new_tag")
parser.add_argument("--layer", nargs=2, action="append", default=[], metavar=("TAR", "CREATED_BY"))
parser.add_argument("--dpkg-bump", action="append", default=[])
parser.add_argument("--created")
parser.add_argument("--provenance", action="append", default=[])
args = parser.parse_args()
layout = Layout(args.layout)
read_blob, write_blob = layout.read_blob, layout.write_blob


def dpkg_status(manifest):
    """The last var/lib/dpkg/status in the base's layers."""
    status = None
    for layer in manifest["layers"]:
        data = read_blob(layer["digest"])
        if layer["mediaType"].endswith("gzip"):
            data = gzip.decompress(data)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for member in tar.getmembers():
                if member.name.lstrip("./") == "var/lib/dpkg/status" and member.isfile():
                    status = tar.extractfile(member).read().decode()
    return status


def bumped_status_layer(status, bumps):
    wanted = dict(b.split("=", 1) for b in bumps)
    out, package = [], None
    for line in status.split("\n"):
        if line.startswith("Package: "):
            package = line[len("Package: "):]
        if line.startswith("Version: ") and package in wanted:
            line = "Version: " + wanted.pop(package)
        out.append(line)
    assert not wanted, f"packages not in the status file: {wanted}"
    body = "\n".join(out).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for directory in ("var", "var/lib", "var/lib/dpkg"):
            info = tarfile.TarInfo(directory)
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            tar.addfile(info)
        info = tarfile.TarInfo("var/lib/dpkg/status")
        info.size, info.mode = len(body), 0o644
        tar.addfile(info, io.BytesIO(body))
    return buffer.getvalue()


index = layout.read_index()
manifest = json.loads(read_blob(by_tag(index)[args.from_tag]["digest"]))
config = json.loads(read_blob(manifest["config"]["digest"]))

layers = [(open(tar, "rb").read(), created_by) for tar, created_by in args.layer]
if args.dpkg_bump:
    layers.append((bumped_status_layer(dpkg_status(manifest), args.dpkg_bump),
                   "RUN apt-get update && apt-get -y upgrade  # " + " ".join(args.dpkg_bump)))
for data, created_by in layers:
    # gzip as a registry stores layers (a copy to a registry would compress, and so change, the manifest).
    digest, size = write_blob(gzip.compress(data, mtime=0))
    manifest["layers"].append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest,
                               "size": size})
    config["rootfs"]["diff_ids"].append("sha256:" + hashlib.sha256(data).hexdigest())
    config.setdefault("history", []).append({"created": args.created or config.get("created"),
                                             "created_by": created_by})
if args.created:
    config["created"] = args.created
manifest["config"]["digest"], manifest["config"]["size"] = write_blob(json.dumps(config).encode())
manifest_digest, manifest_size = write_blob(json.dumps(manifest).encode())
top = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest, "size": manifest_size}

if args.provenance:
    materials = []
    for item in args.provenance:
        purl, digest = item.rsplit("=", 1)
        materials.append({"uri": purl, "digest": {"sha256": digest.split(":", 1)[1]}})
    statement = {"_type": "https://in-toto.io/Statement/v0.1",
                 "predicateType": "https://slsa.dev/provenance/v0.2",
                 "subject": [{"name": "pkg:docker/app", "digest": {"sha256": manifest_digest.split(":", 1)[1]}}],
                 "predicate": {"builder": {"id": ""}, "buildType": "https://mobyproject.org/buildkit@v1",
                               "materials": materials, "invocation": {}}}
    statement_digest, statement_size = write_blob(json.dumps(statement).encode())
    empty_digest, empty_size = write_blob(b"{}")
    attestation = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                   "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": empty_digest,
                              "size": empty_size},
                   "layers": [{"mediaType": "application/vnd.in-toto+json", "digest": statement_digest,
                               "size": statement_size,
                               "annotations": {"in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2"}}]}
    attestation_digest, attestation_size = write_blob(json.dumps(attestation).encode())
    image_index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
        dict(top, platform={"os": config["os"], "architecture": config["architecture"]}),
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": attestation_digest,
         "size": attestation_size, "platform": {"os": "unknown", "architecture": "unknown"},
         "annotations": {"vnd.docker.reference.type": "attestation-manifest",
                         "vnd.docker.reference.digest": manifest_digest}}]}
    index_digest, index_size = write_blob(json.dumps(image_index).encode())
    top = {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": index_digest, "size": index_size}

index["manifests"] = [m for m in index["manifests"] if m.get("annotations", {}).get(REF_NAME) != args.new_tag]
index["manifests"].append(dict(top, annotations={REF_NAME: args.new_tag}))
layout.write_index(index)
print(manifest_digest)
