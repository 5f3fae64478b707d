#!/usr/bin/env python3
"""Attaches signatures to an image in a registry the way cosign stores them, for drydock's verification tests.

  attach.py sig HOST REPO DIGEST KEY.pem...   legacy tag sha256-<hex>.sig: one simple-signing layer per key, the
                                              payload signed by `openssl` (ECDSA/RSA: SHA-256; Ed25519: pure)
  attach.py bundle HOST REPO DIGEST BUNDLE [PREDICATE_TYPE]
                                              cosign v3: an OCI 1.1 referrer manifest holding the Sigstore bundle,
                                              listed in the referrers fallback tag sha256-<hex> (an image index);
                                              PREDICATE_TYPE defaults to cosign's signature predicate
  attach.py att HOST REPO DIGEST KEY.pem STATEMENT
                                              legacy attestation tag sha256-<hex>.att: a DSSE envelope over the
                                              in-toto STATEMENT (JSON file), signed by `openssl` over DSSE's PAE
  attach.py payload HOST REPO DIGEST          prints the simple-signing payload for DIGEST
  attach.py keyless-sig HOST REPO DIGEST PAYLOAD BUNDLE
                                              legacy keyless: PAYLOAD's layer carries the signature, the Fulcio
                                              certificate and the Rekor entry of a sigstore-js BUNDLE over PAYLOAD
Plain HTTP: the registries are loopback test registries.
"""
import base64
import hashlib
import json
import subprocess
import sys
import tempfile
import urllib.request

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json"
SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json"
EMPTY = "application/vnd.oci.empty.v1+json"


def request(method, url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=120) as response:  # a registry that never answers fails the test
        return response.headers, response.read()


def push_blob(host, repo, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    headers, _ = request("POST", f"http://{host}/v2/{repo}/blobs/uploads/", b"")
    location = headers["Location"]
    if not location.startswith("http"):
        location = f"http://{host}{location}"
    sep = "&" if "?" in location else "?"
    request("PUT", f"{location}{sep}digest={digest}", data, {"Content-Type": "application/octet-stream"})
    return {"size": len(data), "digest": digest}


def push_manifest(host, repo, ref, manifest, media_type):
    data = json.dumps(manifest, separators=(",", ":")).encode()
    request("PUT", f"http://{host}/v2/{repo}/manifests/{ref}", data, {"Content-Type": media_type})
    return {"mediaType": media_type, "size": len(data), "digest": "sha256:" + hashlib.sha256(data).hexdigest()}


def manifest_of(host, repo, digest):
    headers, data = request("GET", f"http://{host}/v2/{repo}/manifests/{digest}",
                            headers={"Accept": f"{OCI_MANIFEST}, application/vnd.docker.distribution.manifest.v2+json"})
    return {"mediaType": headers["Content-Type"].split(";")[0], "size": len(data), "digest": digest}


def payload(host, repo, digest):
    return json.dumps({"critical": {"identity": {"docker-reference": f"{host}/{repo}"},
                                    "image": {"docker-manifest-digest": digest},
                                    "type": "cosign container image signature"},
                       "optional": None}, separators=(",", ":")).encode()


def sign(key, data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        kind = subprocess.run(["openssl", "pkey", "-in", key, "-noout", "-text"], capture_output=True, text=True,
                              check=True).stdout
        if kind.startswith("ED25519"):
            command = ["openssl", "pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", f.name]
        else:
            command = ["openssl", "dgst", "-sha256", "-sign", key, f.name]
        return base64.b64encode(subprocess.run(command, capture_output=True, check=True).stdout).decode()


def attach_sig(host, repo, digest, keys):
    data = payload(host, repo, digest)
    layer = push_blob(host, repo, data)
    layers = [{"mediaType": SIMPLE_SIGNING, **layer, "annotations": {"dev.cosignproject.cosign/signature": sign(k, data)}}
              for k in keys]
    config = json.dumps({"architecture": "", "os": "", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": [layer["digest"]] * len(keys)}}).encode()
    manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **push_blob(host, repo, config)},
                "layers": layers}
    push_manifest(host, repo, "sha256-" + digest[7:] + ".sig", manifest, OCI_MANIFEST)


def pem(der):
    text = base64.b64encode(der).decode()
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(text[i:i + 64] for i in range(0, len(text), 64)) + \
        "\n-----END CERTIFICATE-----\n"


def attach_keyless_sig(host, repo, digest, payload_file, bundle_file):
    with open(payload_file, "rb") as f:
        data = f.read()
    with open(bundle_file) as f:
        bundle = json.load(f)
    material = bundle["verificationMaterial"]
    cert = material.get("certificate") or material.get("x509CertificateChain", {}).get("certificates", [None])[0]
    entry = material["tlogEntries"][0]
    rekor = {"SignedEntryTimestamp": entry["inclusionPromise"]["signedEntryTimestamp"],
             "Payload": {"body": entry["canonicalizedBody"], "integratedTime": int(entry["integratedTime"]),
                         "logIndex": int(entry["logIndex"]), "logID": base64.b64decode(entry["logId"]["keyId"]).hex()}}
    layer = push_blob(host, repo, data)
    annotations = {"dev.cosignproject.cosign/signature": bundle["messageSignature"]["signature"],
                   "dev.sigstore.cosign/bundle": json.dumps(rekor, separators=(",", ":"))}
    if cert:  # keyless; a key's bundle (cosign sign --key) has none
        annotations["dev.sigstore.cosign/certificate"] = pem(base64.b64decode(cert["rawBytes"]))
    config = json.dumps({"architecture": "", "os": "", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}).encode()
    manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **push_blob(host, repo, config)},
                "layers": [{"mediaType": SIMPLE_SIGNING, **layer, "annotations": annotations}]}
    push_manifest(host, repo, "sha256-" + digest[7:] + ".sig", manifest, OCI_MANIFEST)


def attach_att(host, repo, digest, key, statement_file):
    with open(statement_file, "rb") as f:
        statement = f.read()
    payload_type = "application/vnd.in-toto+json"
    pae = b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type.encode(), len(statement), statement)
    envelope = json.dumps({"payloadType": payload_type, "payload": base64.b64encode(statement).decode(),
                           "signatures": [{"keyid": "", "sig": sign(key, pae)}]}).encode()
    layer = push_blob(host, repo, envelope)
    predicate = json.loads(statement)["predicateType"]
    config = json.dumps({"architecture": "", "os": "", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}).encode()
    manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **push_blob(host, repo, config)},
                "layers": [{"mediaType": "application/vnd.dsse.envelope.v1+json", **layer,
                            "annotations": {"dev.cosignproject.cosign/signature": "", "predicateType": predicate}}]}
    push_manifest(host, repo, "sha256-" + digest[7:] + ".att", manifest, OCI_MANIFEST)


def attach_bundle(host, repo, digest, bundle_file, predicate_type="https://sigstore.dev/cosign/sign/v1"):
    with open(bundle_file, "rb") as f:
        bundle = f.read()
    manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": BUNDLE,
                "config": {"mediaType": EMPTY, **push_blob(host, repo, b"{}")},
                "layers": [{"mediaType": BUNDLE, **push_blob(host, repo, bundle)}],
                "subject": manifest_of(host, repo, digest),
                "annotations": {"dev.sigstore.bundle.content": "dsse-envelope",
                                "dev.sigstore.bundle.predicateType": predicate_type}}
    data = json.dumps(manifest, separators=(",", ":")).encode()
    referrer = push_manifest(host, repo, "sha256:" + hashlib.sha256(data).hexdigest(), manifest, OCI_MANIFEST)
    tag = "sha256-" + digest[7:]
    try:  # the fallback tag's index gains this referrer, keeping those already listed
        _, old = request("GET", f"http://{host}/v2/{repo}/manifests/{tag}", headers={"Accept": OCI_INDEX})
        manifests = json.loads(old)["manifests"]
    except urllib.error.HTTPError:
        manifests = []
    manifests.append({**referrer, "artifactType": BUNDLE, "annotations": manifest["annotations"]})  # as the API lists it
    push_manifest(host, repo, tag, {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": manifests}, OCI_INDEX)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "sig":
        attach_sig(args[0], args[1], args[2], args[3:])
    elif command == "bundle":
        attach_bundle(*args)
    elif command == "att":
        attach_att(*args)
    elif command == "payload":
        sys.stdout.buffer.write(payload(*args))
    elif command == "keyless-sig":
        attach_keyless_sig(*args)
    else:
        sys.exit(__doc__)
