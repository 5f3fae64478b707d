#!/usr/bin/env python3
"""Notary Project (Notation) signatures for drydock's verification tests, made with the openssl tool and pushed to a
loopback registry as OCI 1.1 referrers (listed under the referrers fallback tag, as for registries without the
referrers API).

  notation_fixture.py OUTDIR HOST REPO DIGEST

OUTDIR gets: store/ (a trust store per the spec: x509/ca/acme/ca.pem), other-store/ (a stranger CA),
trustpolicy.json (scope HOST/REPO, strict, identity C=US, ST=WA, O=drydock-test) and cases.json: one entry per
signature pushed, {"name", "referrer" (manifest digest), "valid" (what the spec says), "why"}.
JWS per signature-envelope-jws.md: flattened JSON, protected header with cty, signingScheme notary.x509,
signingTime and crit; payload {"targetArtifact": descriptor of the image manifest}; header.x5c leaf first.
"""
import base64
import datetime
import hashlib
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sigstore"))
import attach  # noqa: E402  (push_blob, push_manifest, manifest_of, request)

NOTARY = "application/vnd.cncf.notary.signature"
JOSE = "application/jose+json"
PAYLOAD_TYPE = "application/vnd.cncf.notary.payload.v1+json"
IDENTITY_SUBJECT = "/C=US/ST=WA/L=Seattle/O=drydock-test/CN=release-signer"

CA_CONFIG = """[ca]
default_ca = d
[d]
database = {dir}/index.txt
new_certs_dir = {dir}/newcerts
serial = {dir}/serial
default_md = sha256
policy = p
unique_subject = no
copy_extensions = none
[p]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
commonName = supplied
"""


TS_CONFIG = """[tsa]
default_tsa = t
[t]
serial = {dir}/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.3.6.1.4.1.57264.99.1
digests = sha256, sha384, sha512
accuracy = {accuracy}
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def run(*args, data=None):
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_ca(out, name, subject):
    d = os.path.join(out, name)
    os.makedirs(os.path.join(d, "newcerts"), exist_ok=True)
    open(os.path.join(d, "index.txt"), "w").close()
    with open(os.path.join(d, "serial"), "w") as f:
        f.write("1000\n")
    with open(os.path.join(d, "ca.cnf"), "w") as f:
        f.write(CA_CONFIG.format(dir=d))
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
        f"{d}/ca.key", "-out", f"{d}/ca.pem", "-days", "3650", "-subj", subject,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return d


def make_expired_ca(out, name, subject):
    """A root CA whose validity ended in 2020 (openssl ca -selfsign, the only way the openssl tool sets a root's dates)."""
    d = make_ca(out, name, subject)
    with open(os.path.join(d, "ca.ext"), "w") as f:
        f.write("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n")
    run("openssl", "req", "-new", "-key", f"{d}/ca.key", "-subj", subject, "-out", f"{d}/ca.csr")
    run("openssl", "ca", "-batch", "-notext", "-selfsign", "-config", f"{d}/ca.cnf", "-keyfile", f"{d}/ca.key", "-in",
        f"{d}/ca.csr", "-out", f"{d}/ca.pem", "-startdate", "20150101000000Z", "-enddate", "20200101000000Z",
        "-extfile", f"{d}/ca.ext")
    return d


def make_leaf(ca, name, subject, key_args, eku="codeSigning", start=None, end=None):
    key, csr, cert, ext = (os.path.join(ca, f"{name}.{x}") for x in ("key", "csr", "pem", "ext"))
    run("openssl", "genpkey", *key_args, "-out", key)
    run("openssl", "req", "-new", "-key", key, "-subj", subject, "-out", csr)
    with open(ext, "w") as f:
        f.write(f"basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage={eku}\n")
    now = datetime.datetime.now(datetime.timezone.utc)
    start = start or (now - datetime.timedelta(days=1)).strftime("%Y%m%d%H%M%SZ")
    end = end or (now + datetime.timedelta(days=365)).strftime("%Y%m%d%H%M%SZ")
    run("openssl", "ca", "-batch", "-notext", "-config", f"{ca}/ca.cnf", "-cert", f"{ca}/ca.pem", "-keyfile",
        f"{ca}/ca.key", "-in", csr, "-out", cert, "-startdate", start, "-enddate", end, "-extfile", ext)
    return key, cert


def der_b64(pem_file):
    return base64.b64encode(run("openssl", "x509", "-in", pem_file, "-outform", "DER")).decode()


def ecdsa_raw(der, half):
    """DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs) to JWS's fixed-size r||s."""
    assert der[0] == 0x30
    pos = 2 if der[1] < 0x80 else 2 + (der[1] & 0x7F)
    out = b""
    for _ in range(2):
        assert der[pos] == 0x02
        length = der[pos + 1]
        value = der[pos + 2:pos + 2 + length].lstrip(b"\x00")
        out += value.rjust(half, b"\x00")
        pos += 2 + length
    return out


def sign(key, alg, data):
    bits = {"256": "-sha256", "384": "-sha384", "512": "-sha512"}[alg[2:]]
    if alg.startswith("ES"):
        der = run("openssl", "dgst", bits, "-sign", key, data=data)
        return ecdsa_raw(der, {"256": 32, "384": 48, "512": 66}[alg[2:]])
    return run("openssl", "dgst", bits, "-sign", key, "-sigopt", "rsa_padding_mode:pss", "-sigopt",
               "rsa_pss_saltlen:digest", data=data)


def make_tsa(ca, name="tsa", accuracy="secs:1"):
    """A time-stamping authority under `ca` (EKU timeStamping, critical, as RFC 3161 requires) for `openssl ts`:
    (key, certificate, config), the config claiming `accuracy` for every token."""
    key, cert = make_leaf(ca, name, "/C=US/ST=WA/O=drydock-test/CN=drydock test TSA",
                          ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], eku="critical,timeStamping")
    with open(os.path.join(ca, "tsaserial"), "w") as f:
        f.write("01\n")
    config = os.path.join(ca, f"{name}.cnf")
    with open(config, "w") as f:
        f.write(TS_CONFIG.format(dir=ca, accuracy=accuracy))
    return key, cert, config


def timestamp(tsa, ca, data):
    """An RFC 3161 TimeStampToken over SHA-256(data), made by `openssl ts -reply`."""
    key, cert, config = tsa
    query = run("openssl", "ts", "-query", "-sha256", "-cert", "-no_nonce", data=data)
    qfile = os.path.join(ca, "query.tsq")
    with open(qfile, "wb") as f:
        f.write(query)
    return run("openssl", "ts", "-reply", "-config", config, "-queryfile", qfile, "-signer", cert, "-inkey",
               key, "-chain", f"{ca}/ca.pem", "-token_out")


def envelope(key, chain, alg, target, extra_header=None, crit_extra=(), tsa=None):
    header = {"alg": alg, "cty": PAYLOAD_TYPE, "io.cncf.notary.signingScheme": "notary.x509",
              "io.cncf.notary.signingTime": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "crit": ["io.cncf.notary.signingScheme", *crit_extra]}
    header.update(extra_header or {})
    protected = b64url(json.dumps(header, separators=(",", ":")).encode())
    payload = b64url(json.dumps({"targetArtifact": target}, separators=(",", ":")).encode())
    signature = sign(key, alg, f"{protected}.{payload}".encode())
    header = {"x5c": [der_b64(c) for c in chain], "io.cncf.notary.signingAgent": "drydock-test/1"}
    if tsa:
        header["io.cncf.notary.timestampSignature"] = base64.b64encode(timestamp(tsa[0], tsa[1], signature)).decode()
    return {"payload": payload, "protected": protected, "header": header, "signature": b64url(signature)}


def push_signature(host, repo, subject, env):
    data = json.dumps(env).encode()
    manifest = {"schemaVersion": 2, "mediaType": attach.OCI_MANIFEST, "artifactType": NOTARY,
                "config": {"mediaType": attach.EMPTY, **attach.push_blob(host, repo, b"{}")},
                "layers": [{"mediaType": JOSE, **attach.push_blob(host, repo, data)}],
                "subject": subject,
                "annotations": {"io.cncf.notary.x509chain.thumbprint#S256": "[]"}}
    body = json.dumps(manifest, separators=(",", ":")).encode()
    return attach.push_manifest(host, repo, "sha256:" + hashlib.sha256(body).hexdigest(), manifest, attach.OCI_MANIFEST)


def main(out, host, repo, digest):
    os.makedirs(out, exist_ok=True)
    acme = make_ca(out, "acme", "/C=US/ST=WA/O=drydock-test/CN=drydock test root")
    stranger = make_ca(out, "stranger", "/C=US/ST=WA/O=drydock-test/CN=stranger root")
    tsa_root = make_ca(out, "tsa-root", "/C=US/ST=WA/O=drydock-test/CN=drydock test TSA root")
    # A root of the acme trust store that has expired: signatures x5c leave it out of must still fail on it.
    expired_root = make_expired_ca(out, "expired-root", "/C=US/ST=WA/O=drydock-test/CN=drydock test expired root")
    for store, ca, file in (("store/x509/ca/acme", acme, "ca.pem"), ("other-store/x509/ca/stranger", stranger, "ca.pem"),
                            ("store/x509/tsa/tsa", tsa_root, "ca.pem"), ("store/x509/ca/acme", expired_root, "expired.pem")):
        os.makedirs(os.path.join(out, store), exist_ok=True)
        with open(os.path.join(out, store, file), "wb") as f:
            f.write(open(f"{ca}/ca.pem", "rb").read())
    tsa = (make_tsa(tsa_root), tsa_root)
    stranger_tsa = (make_tsa(stranger), stranger)
    # Accuracy -400,000,000 s (12.7 years): genTime +/- accuracy, taken as given, would span 2014 back from 2039 and
    # pass a certificate that expired in 2021.
    inside_out_tsa = (make_tsa(tsa_root, "tsa-inside-out", "secs:-400000000"), tsa_root)
    ec = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
    rsa = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"]
    ec_key, ec_cert = make_leaf(acme, "ec", IDENTITY_SUBJECT, ec)
    rsa_key, rsa_cert = make_leaf(acme, "rsa", IDENTITY_SUBJECT, rsa)
    evil_key, evil_cert = make_leaf(acme, "evil", "/C=US/ST=WA/O=evil-corp/CN=release-signer", ec)
    tls_key, tls_cert = make_leaf(acme, "tls", IDENTITY_SUBJECT, ec, eku="serverAuth")
    old_key, old_cert = make_leaf(acme, "old", IDENTITY_SUBJECT, ec, start="20200101000000Z", end="20210101000000Z")
    str_key, str_cert = make_leaf(stranger, "leaf", IDENTITY_SUBJECT, ec)
    late_key, late_cert = make_leaf(expired_root, "leaf", IDENTITY_SUBJECT, ec)
    # Two O attributes, one of them the trusted one: notation-go refuses subjects that repeat an attribute type.
    twice_key, twice_cert = make_leaf(acme, "twice", "/C=US/ST=WA/O=evil-corp/O=drydock-test/CN=release-signer", ec)
    # The roots are valid from the second they were made, and a timestamp counts its accuracy (1 s) both ways:
    # a token stamped within a second of them would reach back before a root's notBefore.
    time.sleep(2)
    subject = attach.manifest_of(host, repo, digest)
    target = dict(subject)
    other_target = {**target, "digest": "sha256:" + "0" * 64}
    past = "2021-01-01T00:00:00Z"
    # The policy has a tsa store and verifyTimestamp always: a valid signature needs a timestamp countersignature.
    good = envelope(ec_key, [ec_cert, f"{acme}/ca.pem"], "ES256", target, tsa=tsa)
    tampered = dict(good, payload=b64url(json.dumps({"targetArtifact": other_target}, separators=(",", ":")).encode()))
    flipped_sig = bytearray(base64.urlsafe_b64decode(good["signature"] + "=="))
    flipped_sig[10] ^= 1
    stamped = envelope(ec_key, [ec_cert], "ES256", target, tsa=tsa)
    bad_stamp = json.loads(json.dumps(stamped))
    token = bytearray(base64.b64decode(bad_stamp["header"]["io.cncf.notary.timestampSignature"]))
    token[-20] ^= 1
    bad_stamp["header"]["io.cncf.notary.timestampSignature"] = base64.b64encode(bytes(token)).decode()
    cases = [
        ("ECDSA P-256 (ES256)", good, True, ""),
        ("RSA 3072 (PS384)", envelope(rsa_key, [rsa_cert, f"{acme}/ca.pem"], "PS384", target, tsa=tsa), True, ""),
        ("payload byte changed", tampered, False, "JWS signature does not verify"),
        ("signature byte flipped", dict(good, signature=b64url(bytes(flipped_sig))), False, "JWS signature does not verify"),
        ("signed for another digest", envelope(ec_key, [ec_cert], "ES256", other_target), False, "payload signs sha256:000"),
        ("wrong CA (chain to a stranger root)", envelope(str_key, [str_cert, f"{stranger}/ca.pem"], "ES256", target), False,
         "certificate chain does not lead to the trust store"),
        ("wrong identity (O=evil-corp)", envelope(evil_key, [evil_cert], "ES256", target), False, "is not a trusted identity"),
        ("expired certificate", envelope(old_key, [old_cert], "ES256", target), False,
         "the chain has expired and the signature carries no timestamp countersignature"),
        ("RFC 3161 timestamp countersignature", stamped, True, ""),
        ("timestamp from an untrusted TSA", envelope(ec_key, [ec_cert], "ES256", target, tsa=stranger_tsa), False,
         "timestamp countersignature: timestamp does not verify under a trusted time-stamp authority"),
        ("timestamp byte changed", bad_stamp, False, "timestamp countersignature:"),
        ("expired certificate, timestamped now", envelope(old_key, [old_cert], "ES256", target, tsa=tsa), False,
         "was not valid at the timestamp's time"),
        ("expired certificate, timestamp with a negative accuracy",
         envelope(old_key, [old_cert], "ES256", target, tsa=inside_out_tsa), False,
         "timestamp countersignature: TSTInfo.accuracy is negative"),
        ("signature expiry passed", envelope(ec_key, [ec_cert], "ES256", target, {"io.cncf.notary.expiry": past},
                                             ["io.cncf.notary.expiry"]), False, "signature expired at"),
        ("not a code-signing certificate", envelope(tls_key, [tls_cert], "ES256", target), False, "not for code signing"),
        ("alg does not match the key", envelope(ec_key, [ec_cert], "ES384", target), False, "does not match the signing key"),
        ("no timestamp countersignature (verifyTimestamp always)", envelope(ec_key, [ec_cert], "ES256", target), False,
         "the trust policy requires a timestamp countersignature and the signature carries none"),
        ("trust-store root expired (x5c leaves it out)", envelope(late_key, [late_cert], "ES256", target, tsa=tsa), False,
         "CN=drydock test expired root was not valid at the timestamp's time"),
        ("subject repeats O (O=evil-corp, O=drydock-test)", envelope(twice_key, [twice_cert], "ES256", target, tsa=tsa),
         False, "repeats attribute O"),
        ("unknown critical header", envelope(ec_key, [ec_cert], "ES256", target,
                                             {"io.cncf.notary.verificationPlugin": "x"},
                                             ["io.cncf.notary.verificationPlugin"]), False, "is not supported"),
    ]
    lines, referrers = [], []
    for name, env, valid, why in cases:
        referrer = push_signature(host, repo, subject, env)
        referrers.append({**referrer, "artifactType": NOTARY})
        lines.append({"name": name, "referrer": referrer["digest"], "valid": valid, "why": why})
    tag = "sha256-" + digest[7:]
    attach.push_manifest(host, repo, tag, {"schemaVersion": 2, "mediaType": attach.OCI_INDEX, "manifests": referrers},
                         attach.OCI_INDEX)
    policy = {"version": "1.0", "trustPolicies": [
        {"name": "drydock-test", "registryScopes": [f"{host}/{repo}"], "signatureVerification": {"level": "strict"},
         "trustStores": ["ca:acme", "tsa:tsa"], "trustedIdentities": ["x509.subject: C=US, ST=WA, O=drydock-test"]},
        {"name": "audit-everything-else", "registryScopes": ["*"], "signatureVerification": {"level": "audit"},
         "trustStores": ["ca:acme"], "trustedIdentities": ["*"]}]}
    with open(os.path.join(out, "trustpolicy.json"), "w") as f:
        json.dump(policy, f, indent=2)
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump(lines, f, indent=2)


if __name__ == "__main__":
    main(*sys.argv[1:5])
