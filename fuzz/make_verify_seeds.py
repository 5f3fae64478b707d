#!/usr/bin/env python3
"""Seeds for the signature harnesses, made once with the openssl tool through tests/notation/notation_fixture.py
and committed (fuzz/seeds/<harness>/, fuzz/verify_roots.h): a Notation JWS envelope with an RFC 3161
countersignature, a bare TimeStampToken, a cosign simple-signing payload, a DSSE attestation envelope, a signing certificate as DER and as a PEM chain, and the two roots
(CA, TSA) and the attestation key that fuzz/verify_adapters.h trusts, so the seeds verify all the way through and mutations start there.
The Rekor entry bodies (tlog_body_fuzz) are the canonicalized bodies of the sigstore_bundle_fuzz seeds, which
sigstore-js's mock services made.

  python3 fuzz/make_verify_seeds.py     (rewrites the seeds and fuzz/verify_roots.h together; needs openssl)
"""
import base64
import datetime
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "notation"))
import notation_fixture as nf  # noqa: E402

# What the adapters pass: the image the JWS signs and the bytes the bare token dates.
TARGET = {"mediaType": "application/vnd.oci.image.manifest.v1+json",
          "digest": "sha256:" + "ab" * 32, "size": 1234}
STAMPED_DATA = b"drydock fuzz"


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    seeds = os.path.join(HERE, "seeds")
    with tempfile.TemporaryDirectory() as out:
        ca = nf.make_ca(out, "ca", "/C=US/ST=WA/O=drydock-test/CN=drydock fuzz root")
        tsa_root = nf.make_ca(out, "tsa-root", "/C=US/ST=WA/O=drydock-test/CN=drydock fuzz TSA root")
        tsa = (nf.make_tsa(tsa_root), tsa_root)
        key, cert = nf.make_leaf(ca, "leaf", nf.IDENTITY_SUBJECT,
                                 ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        # The roots are valid from this second on, and a timestamp counts its accuracy (1 s) both ways.
        time.sleep(2)
        envelope = nf.envelope(key, [cert, f"{ca}/ca.pem"], "ES256", TARGET, tsa=tsa)
        write(f"{seeds}/notation_jws_fuzz/stamped.json", json.dumps(envelope).encode())
        write(f"{seeds}/rfc3161_fuzz/token.der", nf.timestamp(tsa[0], tsa[1], STAMPED_DATA))
        write(f"{seeds}/certificate_fuzz/leaf.der", nf.run("openssl", "x509", "-in", cert, "-outform", "DER"))
        write(f"{seeds}/certificate_fuzz/chain.pem", open(cert, "rb").read() + open(f"{ca}/ca.pem", "rb").read())
        # A cosign-style attestation: an in-toto statement about the image in a DSSE envelope, signed (ECDSA P-256,
        # DER signature over the DSSE pre-authentication encoding) by a key the adapter trusts.
        nf.run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f"{out}/att.key")
        att_pub = nf.run("openssl", "pkey", "-in", f"{out}/att.key", "-pubout").decode()
        statement = json.dumps({"_type": "https://in-toto.io/Statement/v1",
                                "subject": [{"name": "registry.example/app", "digest": {"sha256": TARGET["digest"][7:]}}],
                                "predicateType": "https://slsa.dev/provenance/v1",
                                "predicate": {"buildDefinition": {"buildType": "https://example.com/build",
                                              "resolvedDependencies": [{"uri": "pkg:docker/library/alpine@3.19"}]},
                                              "runDetails": {"builder": {"id": "https://example.com/builder"}}}}).encode()
        payload_type = b"application/vnd.in-toto+json"
        pae = b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(statement), statement)
        sig = nf.run("openssl", "dgst", "-sha256", "-sign", f"{out}/att.key", data=pae)
        write(f"{seeds}/dsse_envelope_fuzz/provenance.json", json.dumps({
            "payloadType": payload_type.decode(), "payload": base64.b64encode(statement).decode(),
            "signatures": [{"keyid": "", "sig": base64.b64encode(sig).decode()}]}).encode())
        ca_pem = open(f"{ca}/ca.pem").read()
        tsa_pem = open(f"{tsa_root}/ca.pem").read()
    simple = {"critical": {"identity": {"docker-reference": "registry.example/app"},
                           "image": {"docker-manifest-digest": TARGET["digest"]},
                           "type": "cosign container image signature"}, "optional": None}
    write(f"{seeds}/simple_signing_fuzz/payload.json", json.dumps(simple).encode())
    for bundle in ("key-message", "keyless-dsse"):
        entries = json.load(open(f"{seeds}/sigstore_bundle_fuzz/{bundle}.json"))["verificationMaterial"]["tlogEntries"]
        write(f"{seeds}/tlog_body_fuzz/{bundle}.json", base64.b64decode(entries[0]["canonicalizedBody"]))
    # The seeds' certificates are valid for a year from today; the adapters judge them at a fixed time within it.
    now = int((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).timestamp())
    header = f"""// Written by fuzz/make_verify_seeds.py with the seeds it signs; do not edit.
#pragma once

#include <cstdint>
#include <ctime>
#include <string_view>

namespace drydock::verify {{

inline constexpr std::string_view kFuzzCaRoot = R"({ca_pem})";
inline constexpr std::string_view kFuzzTsaRoot = R"({tsa_pem})";
inline constexpr std::string_view kFuzzAttestationKey = R"({att_pub})";
inline constexpr std::string_view kFuzzTargetMediaType = "{TARGET['mediaType']}";
inline constexpr std::string_view kFuzzTargetDigest = "{TARGET['digest']}";
inline constexpr std::int64_t kFuzzTargetSize = {TARGET['size']};
inline constexpr std::string_view kFuzzStampedData = "{STAMPED_DATA.decode()}";
inline constexpr std::time_t kFuzzNow = {now};

}}  // namespace drydock::verify
"""
    write(os.path.join(HERE, "verify_roots.h"), header.encode())


if __name__ == "__main__":
    main()
