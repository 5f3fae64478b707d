#!/usr/bin/env python3
"""Turns an OCI layout holding two single-platform images (tags AMD64_TAG and ARM64_TAG, as skopeo wrote them)
into a layout whose tag "multi" is an OCI image index of both: the first as linux/amd64, the second re-labelled
linux/arm64/v8 (its config's architecture rewritten, so config, manifest and index digests all stay true).

usage: make_multiarch_layout.py LAYOUT AMD64_TAG ARM64_TAG
"""
import json
import sys

from oci_layout import Layout, by_tag, REF_NAME

layout_path, amd64_tag, arm64_tag = sys.argv[1:4]
layout = Layout(layout_path)
read_blob, write_blob = layout.read_blob, layout.write_blob

index = layout.read_index()
tags = by_tag(index)

amd64 = dict(tags[amd64_tag])
amd64.pop("annotations", None)
amd64["platform"] = {"os": "linux", "architecture": "amd64"}

manifest = json.loads(read_blob(tags[arm64_tag]["digest"]))
config = json.loads(read_blob(manifest["config"]["digest"]))
config["architecture"], config["variant"] = "arm64", "v8"
manifest["config"]["digest"], manifest["config"]["size"] = write_blob(json.dumps(config).encode())
manifest_digest, manifest_size = write_blob(json.dumps(manifest).encode())
arm64 = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
         "size": manifest_size, "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}}

image_index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
               "manifests": [amd64, arm64]}
index_digest, index_size = write_blob(json.dumps(image_index).encode())
index["manifests"].append({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": index_digest,
                           "size": index_size,
                           "annotations": {REF_NAME: "multi"}})
layout.write_index(index)
