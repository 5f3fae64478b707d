"""An OCI image layout on disk, for the test tools that rewrite one (make_multiarch_layout.py, stack_image.py):
content-addressed blobs and the tags of index.json."""
import hashlib
import json
import os

REF_NAME = "org.opencontainers.image.ref.name"


class Layout:
    def __init__(self, path):
        self.path = path
        self.blobs = os.path.join(path, "blobs", "sha256")

    def read_blob(self, digest):
        with open(os.path.join(self.blobs, digest.split(":", 1)[1]), "rb") as f:
            return f.read()

    def write_blob(self, data):
        """Stores `data` under its digest; returns (digest, size) for a descriptor."""
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        with open(os.path.join(self.blobs, digest.split(":", 1)[1]), "wb") as f:
            f.write(data)
        return digest, len(data)

    def read_index(self):
        with open(os.path.join(self.path, "index.json")) as f:
            return json.load(f)

    def write_index(self, index):
        with open(os.path.join(self.path, "index.json"), "w") as f:
            json.dump(index, f)


def by_tag(index):
    """index.json's descriptors by tag (the ref.name annotation)."""
    return {m.get("annotations", {}).get(REF_NAME): m for m in index["manifests"]}
