// Makes Sigstore bundles with sigstore-js (@sigstore/sign against @sigstore/mock's Fulcio and Rekor, served
// in-process through nock: no network) and checks each with @sigstore/verify, so drydock's tests compare their
// verdicts with sigstore-js's own on the same files.
//
//   node sigstore_fixtures.js blob OUTDIR KEY.pem OTHER_KEY.pub
//       artifact.txt, trusted_root.json, other_root.json, key.pub, bundles and cases.json: one line per case with
//       what to pass to `drydock verify blob` and what @sigstore/verify said ("ok" or its error).
//   node sigstore_fixtures.js attest OUT.json KEY.pem sha256:HEX PREDICATE_TYPE PREDICATE.json
//       an attestation bundle (DSSE in-toto statement about the image with that predicate), signed with KEY.pem.
//   node sigstore_fixtures.js keyless-payload OUTDIR PAYLOAD
//       payload-bundle.json (keyless message signature over PAYLOAD) and its trusted_root.json.
//   node sigstore_fixtures.js image OUT.json KEY.pem sha256:HEX
//       a cosign v3 style bundle for an image: DSSE in-toto statement (predicate https://sigstore.dev/cosign/sign/v1)
//       naming the image digest, signed with KEY.pem, logged in a mock Rekor.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const nock = require('nock');
const mock = require('@sigstore/mock');
const sign = require('@sigstore/sign');
const verify = require('@sigstore/verify');
const bundleLib = require('@sigstore/bundle');
const { TrustedRoot, HashAlgorithm, PublicKeyDetails } = require('@sigstore/protobuf-specs');

// Every service is one of the nock interceptors below; a request none of them takes fails at once instead of going
// out to the network (none here: a lookup or connect could stall until the test's timeout).
nock.disableNetConnect();

const kIdentity = 'https://github.com/drydock/drydock/.github/workflows/release.yml@refs/heads/main';
const kIssuer = 'https://token.actions.githubusercontent.com';
const kFulcio = 'https://fulcio.sigstore.dev';
const kFulcioPast = 'https://fulcio-past.sigstore.dev';
const kFulcioNoCt = 'https://fulcio-no-ct.sigstore.dev';  // same CA key, logs nothing in CT: no SCT
const kRekor = 'https://rekor.sigstore.dev';
const kTsa = 'https://tsa.sigstore.dev';
const kTsaFuture = 'https://tsa-future.sigstore.dev';  // its clock runs two hours ahead
const kEpoch = new Date('2020-01-01T00:00:00Z');

function serve(base, handler) {
  nock(base).persist().post(handler.path).reply(async (_uri, body) => {
    const request = typeof body === 'string' ? body : JSON.stringify(body);
    const { statusCode, response, contentType } = await handler.fn(request);
    return [statusCode, response, { 'Content-Type': contentType || 'text/plain' }];
  });
}

// An OIDC token as Fulcio reads it; the mock does not check its signature.
function token(subject, issuer) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: issuer, sub: subject, aud: 'sigstore' })}.c2ln`;
}

function keyPair() {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function trustedRoot(ca, tlog, ctlog, ...tsas) {
  const root = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{
      baseUrl: kRekor, hashAlgorithm: HashAlgorithm.SHA2_256,
      publicKey: { rawBytes: tlog.publicKey, keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: { start: kEpoch } },
      logId: { keyId: crypto.createHash('sha256').update(tlog.publicKey).digest() },
    }],
    certificateAuthorities: [{
      subject: { organization: 'sigstore.mock', commonName: 'sigstore' }, uri: kFulcio,
      certChain: { certificates: [{ rawBytes: ca.rootCertificate }] }, validFor: { start: kEpoch },
    }],
    ctlogs: [{
      baseUrl: 'https://ctfe.sigstore.dev', hashAlgorithm: HashAlgorithm.SHA2_256,
      publicKey: { rawBytes: ctlog.publicKey, keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: { start: kEpoch } },
      logId: { keyId: Buffer.from(ctlog.logID) },
    }],
    timestampAuthorities: tsas.map((tsa) => ({
      subject: { organization: 'sigstore.mock', commonName: 'tsa' }, uri: kTsa,
      certChain: { certificates: [{ rawBytes: tsa.intCertificate }, { rawBytes: tsa.rootCertificate }] },
      validFor: { start: kEpoch },
    })),
  };
  return TrustedRoot.toJSON(root);
}

// A signer holding a local key, as `cosign sign --key` signs.
function keySigner(privatePem) {
  const key = crypto.createPrivateKey(privatePem);
  const publicPem = crypto.createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
  const algorithm = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  return {
    publicPem,
    sign: async (data) => ({ signature: crypto.sign(algorithm, data, key), key: { $case: 'publicKey', publicKey: publicPem, hint: '' } }),
  };
}

function fulcioSigner(base, subject) {
  return new sign.FulcioSigner({ fulcioBaseURL: base, identityProvider: { getToken: async () => token(subject, kIssuer) } });
}

const rekor = (entryType) => new sign.RekorWitness({ rekorBaseURL: kRekor, entryType });

async function messageBundle(signer, data, tsaUrl) {
  const witnesses = [rekor()];
  if (tsaUrl) witnesses.push(new sign.TSAWitness({ tsaBaseURL: tsaUrl }));
  const b = await new sign.MessageSignatureBundleBuilder({ signer, witnesses }).create({ data });
  return bundleLib.bundleToJSON(b);
}

async function dsseBundle(signer, statement) {
  const builder = new sign.DSSEBundleBuilder({ signer, witnesses: [rekor('intoto')] });
  const b = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' });
  return bundleLib.bundleToJSON(b);
}

// What @sigstore/verify says about `bundleJson` over `artifact` with this trust.
function sigstoreVerdict(bundleJson, artifact, rootJson, { publicPem, identity, issuer }) {
  try {
    const bundle = bundleLib.bundleFromJSON(bundleJson);
    const keys = publicPem ? {
      '': { rawBytes: crypto.createPublicKey(publicPem).export({ format: 'der', type: 'spki' }),
        keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: { start: kEpoch } },
    } : undefined;
    const trust = verify.toTrustMaterial(TrustedRoot.fromJSON(rootJson), keys);
    const dsse = bundle.content.$case === 'dsseEnvelope';
    const entity = verify.toSignedEntity(bundle, dsse ? undefined : artifact);
    if (dsse) {
      // @sigstore/verify checks the envelope; the subject is the caller's to check (as cosign and drydock do).
      const statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString());
      const want = crypto.createHash('sha256').update(artifact).digest('hex');
      if (!statement.subject.some((s) => s.digest && s.digest.sha256 === want)) return 'error: subject digest mismatch';
    }
    const policy = identity ? { subjectAlternativeName: identity, extensions: { issuer } } : undefined;
    new verify.Verifier(trust, { ctlogThreshold: publicPem ? 0 : 1, timestampThreshold: 1 }).verify(entity, policy);
    return 'ok';
  } catch (e) {
    return `error: ${e.message}`;
  }
}

const write = (dir, name, value) => {
  fs.writeFileSync(path.join(dir, name), typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value, null, 2));
  return name;
};

async function makeServices() {
  const caKeys = keyPair();
  const ctlog = await mock.initializeCTLog(keyPair());
  const ca = await mock.initializeCA(caKeys, ctlog);
  // Same CA key, but a clock an hour behind: its certificates expired 50 minutes before Rekor logs them.
  const pastCa = await mock.initializeCA(caKeys, ctlog, new Date(Date.now() - 3600 * 1000));
  const tlog = await mock.initializeTLog(kRekor, keyPair());
  serve(kFulcio, mock.fulcioHandler(ca));
  serve(kFulcioPast, mock.fulcioHandler(pastCa));
  serve(kFulcioNoCt, mock.fulcioHandler(await mock.initializeCA(caKeys, undefined)));
  serve(kRekor, mock.rekorHandler(tlog));
  const tsaKeys = keyPair();
  const tsa = await mock.initializeTSA(tsaKeys);
  serve(kTsa, mock.tsaHandler(tsa));
  // A whole second plus 123 ms: see stampedBundle for why the milliseconds must not end in zero.
  const futureTsa = await mock.initializeTSA(tsaKeys, new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * 3600 * 1000 + 123));
  serve(kTsaFuture, mock.tsaHandler(futureTsa));
  const otherTsa = await mock.initializeTSA(keyPair());
  const otherCtlog = await mock.initializeCTLog(keyPair());
  const otherCa = await mock.initializeCA(keyPair(), otherCtlog);
  return {
    root: trustedRoot(ca, tlog, ctlog, tsa, futureTsa), otherRoot: trustedRoot(otherCa, tlog, otherCtlog, tsa),
    otherTsaRoot: trustedRoot(ca, tlog, ctlog, otherTsa), otherCtRoot: trustedRoot(ca, tlog, otherCtlog, tsa),
  };
}

function flipBase64Byte(text, index) {
  const bytes = Buffer.from(text, 'base64');
  bytes[((index % bytes.length) + bytes.length) % bytes.length] ^= 0x01;
  return bytes.toString('base64');
}

// A keyless message bundle stamped by the mock TSA at the current time. DER writes a GeneralizedTime's fraction
// without trailing zeros (".12Z" at 120 ms), but @sigstore/core 3.x parses only exactly three digits and says
// "invalid time" for its own mock's stamp in about one run in ten; sign again until sigstore-js can read the
// stamp, so its verdict is about the signature and not about its parser (drydock reads both forms).
async function stampedBundle(artifact, root) {
  for (let attempt = 0; ; ++attempt) {
    const stamped = await messageBundle(fulcioSigner(kFulcio, kIdentity), artifact, kTsa);
    const verdict = sigstoreVerdict(stamped, artifact, root, { identity: kIdentity, issuer: kIssuer });
    if (verdict !== 'error: invalid time' || attempt === 20) return stamped;
  }
}

async function blob(out, keyFile, otherKeyFile) {
  fs.mkdirSync(out, { recursive: true });
  const { root, otherRoot, otherTsaRoot, otherCtRoot } = await makeServices();
  const artifact = Buffer.from('drydock release 1.2.3\nsha256 of everything that ships\n');
  const tampered = Buffer.from(artifact);
  tampered[0] ^= 0x20;
  const digest = crypto.createHash('sha256').update(artifact).digest('hex');
  write(out, 'artifact.txt', artifact);
  write(out, 'artifact-tampered.txt', tampered);
  write(out, 'trusted_root.json', root);
  write(out, 'other_root.json', otherRoot);
  write(out, 'other_tsa_root.json', otherTsaRoot);
  write(out, 'other_ct_root.json', otherCtRoot);
  const keyed = keySigner(fs.readFileSync(keyFile));
  write(out, 'key.pub', keyed.publicPem);
  const statement = {
    _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'artifact.txt', digest: { sha256: digest } }],
    predicateType: 'https://slsa.dev/provenance/v1', predicate: { buildDefinition: { buildType: 'https://drydock.dev/test' } },
  };
  const keylessMessage = await messageBundle(fulcioSigner(kFulcio, kIdentity), artifact);
  const keylessDsse = await dsseBundle(fulcioSigner(kFulcio, kIdentity), statement);
  const keyMessage = await messageBundle(keyed, artifact);
  const keyDsse = await dsseBundle(keyed, statement);
  const expired = await messageBundle(fulcioSigner(kFulcioPast, kIdentity), artifact);
  const noSct = await messageBundle(fulcioSigner(kFulcioNoCt, kIdentity), artifact);
  const stamped = await stampedBundle(artifact, root);
  const stampedLate = await messageBundle(fulcioSigner(kFulcio, kIdentity), artifact, kTsaFuture);
  const stampTampered = structuredClone(stamped);
  const stamps = stampTampered.verificationMaterial.timestampVerificationData.rfc3161Timestamps;
  stamps[0].signedTimestamp = flipBase64Byte(stamps[0].signedTimestamp, -40);

  const digestTampered = structuredClone(keylessMessage);
  digestTampered.messageSignature.messageDigest.digest = crypto.createHash('sha256').update(tampered).digest('base64');
  const signatureTampered = structuredClone(keylessMessage);
  signatureTampered.messageSignature.signature = flipBase64Byte(signatureTampered.messageSignature.signature, 20);
  const payloadTampered = structuredClone(keylessDsse);
  payloadTampered.dsseEnvelope.payload = Buffer.from(JSON.stringify({ ...statement, predicateType: 'https://evil.example/v1' })).toString('base64');
  const timeTampered = structuredClone(keylessMessage);
  timeTampered.verificationMaterial.tlogEntries[0].integratedTime = String(Number(timeTampered.verificationMaterial.tlogEntries[0].integratedTime) + 1);

  // Without the inclusion promise nothing signs integratedTime (sigstore_rekor.proto: it "MUST NOT be trusted"):
  // an expired certificate's leaked key could log a new signature claiming a time inside the certificate's validity.
  const withoutPromise = (bundle) => {
    const copy = structuredClone(bundle);
    for (const entry of copy.verificationMaterial.tlogEntries) delete entry.inclusionPromise;
    return copy;
  };
  const promiseRemoved = withoutPromise(keylessMessage);
  // A key's signature with its log entry dropped: under a trusted root, sigstore-js wants one entry (tlogThreshold
  // 1) and a verified time, as cosign verify --key does unless told --insecure-ignore-tlog.
  const keyNoLog = structuredClone(keyMessage);
  keyNoLog.verificationMaterial.tlogEntries = [];
  const stampedNoPromise = withoutPromise(stamped);
  const v01NoPromise = withoutPromise(stamped);
  v01NoPromise.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
  if (v01NoPromise.verificationMaterial.certificate) {  // v0.1 carries the leaf as a one-certificate chain
    v01NoPromise.verificationMaterial.x509CertificateChain = { certificates: [v01NoPromise.verificationMaterial.certificate] };
    delete v01NoPromise.verificationMaterial.certificate;
  }

  const files = {
    'no-promise.json': promiseRemoved, 'tsa-no-promise.json': stampedNoPromise,
    'v01-no-promise.json': v01NoPromise, 'key-no-log.json': keyNoLog, 'keyless-no-sct.json': noSct,
    'keyless-message.json': keylessMessage, 'keyless-dsse.json': keylessDsse, 'key-message.json': keyMessage,
    'key-dsse.json': keyDsse, 'keyless-expired.json': expired, 'tampered-digest.json': digestTampered,
    'tampered-signature.json': signatureTampered, 'tampered-dsse-payload.json': payloadTampered,
    'tampered-integrated-time.json': timeTampered, 'keyless-tsa.json': stamped, 'keyless-tsa-late.json': stampedLate,
    'tampered-tsa.json': stampTampered,
  };
  for (const [name, value] of Object.entries(files)) write(out, name, value);
  const otherPublic = fs.readFileSync(otherKeyFile).toString();
  const keyless = { identity: kIdentity, issuer: kIssuer };
  const cases = [
    ['keyless message signature', 'keyless-message.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['keyless DSSE in-toto', 'keyless-dsse.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['key message signature', 'key-message.json', 'artifact.txt', 'trusted_root.json', { publicPem: keyed.publicPem, key: 'key.pub' }],
    ['key DSSE in-toto', 'key-dsse.json', 'artifact.txt', 'trusted_root.json', { publicPem: keyed.publicPem, key: 'key.pub' }],
    ['artifact byte changed', 'keyless-message.json', 'artifact-tampered.txt', 'trusted_root.json', keyless],
    ['artifact byte changed (DSSE subject)', 'keyless-dsse.json', 'artifact-tampered.txt', 'trusted_root.json', keyless],
    ['message digest replaced', 'tampered-digest.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['signature byte flipped', 'tampered-signature.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['DSSE payload changed', 'tampered-dsse-payload.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['integrated time changed (SET)', 'tampered-integrated-time.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['wrong key', 'key-message.json', 'artifact.txt', 'trusted_root.json', { publicPem: otherPublic, key: path.basename(otherKeyFile), otherKey: otherKeyFile }],
    ['wrong identity', 'keyless-message.json', 'artifact.txt', 'trusted_root.json', { identity: 'https://github.com/evil/evil/.github/workflows/x.yml@refs/heads/main', issuer: kIssuer }],
    ['wrong issuer', 'keyless-message.json', 'artifact.txt', 'trusted_root.json', { identity: kIdentity, issuer: 'https://accounts.google.com' }],
    ['expired certificate', 'keyless-expired.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['wrong trusted root', 'keyless-message.json', 'artifact.txt', 'other_root.json', keyless],
    ['keyless with RFC 3161 timestamp', 'keyless-tsa.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['timestamp from an untrusted TSA', 'keyless-tsa.json', 'artifact.txt', 'other_tsa_root.json', keyless],
    ['timestamp byte changed', 'tampered-tsa.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['certificate expired at the TSA time', 'keyless-tsa-late.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['inclusion promise removed', 'no-promise.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['inclusion promise removed, RFC 3161 timestamp', 'tsa-no-promise.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['v0.1 bundle without an inclusion promise', 'v01-no-promise.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['key signature without a log entry', 'key-no-log.json', 'artifact.txt', 'trusted_root.json', { publicPem: keyed.publicPem, key: 'key.pub' }],
    ['certificate without an SCT', 'keyless-no-sct.json', 'artifact.txt', 'trusted_root.json', keyless],
    ['SCT from a CT log not in the trusted root', 'keyless-message.json', 'artifact.txt', 'other_ct_root.json', keyless],
  ];
  if (cases.some((c) => c[4].otherKey)) fs.copyFileSync(otherKeyFile, path.join(out, path.basename(otherKeyFile)));
  const lines = cases.map(([name, bundle, art, rootFile, trust]) => ({
    name, bundle, artifact: art, trusted_root: rootFile, key: trust.key || null,
    identity: trust.identity || null, issuer: trust.issuer || null,
    sigstore_js: sigstoreVerdict(files[bundle], fs.readFileSync(path.join(out, art)),
      { 'trusted_root.json': root, 'other_root.json': otherRoot, 'other_tsa_root.json': otherTsaRoot,
        'other_ct_root.json': otherCtRoot }[rootFile], trust),
  }));
  write(out, 'cases.json', lines);
}

async function image(outFile, keyFile, digest) {
  await makeServices();
  const hex = digest.replace(/^sha256:/, '');
  const statement = {
    _type: 'https://in-toto.io/Statement/v1', subject: [{ name: '', digest: { sha256: hex } }],
    predicateType: 'https://sigstore.dev/cosign/sign/v1', predicate: {},
  };
  fs.writeFileSync(outFile, JSON.stringify(await dsseBundle(keySigner(fs.readFileSync(keyFile)), statement)));
}

// An attestation as `cosign attest --key` makes it (cosign v3: a bundle): a DSSE in-toto statement about the image
// carrying PREDICATE (a JSON file) under PREDICATE_TYPE, signed with KEY.pem, logged in a mock Rekor.
async function attest(outFile, keyFile, digest, predicateType, predicateFile) {
  await makeServices();
  const statement = {
    _type: 'https://in-toto.io/Statement/v1', subject: [{ name: '', digest: { sha256: digest.replace(/^sha256:/, '') } }],
    predicateType, predicate: JSON.parse(fs.readFileSync(predicateFile)),
  };
  fs.writeFileSync(outFile, JSON.stringify(await dsseBundle(keySigner(fs.readFileSync(keyFile)), statement)));
}

// cosign's legacy keyless form: a Fulcio-certified message signature over the simple-signing payload, logged in
// Rekor (attach.py turns the bundle into the .sig layer's certificate and Rekor-bundle annotations). With KEY.pem,
// also `cosign sign --key`'s legacy form: the key's signature over the payload, logged in the same Rekor.
async function keylessPayload(out, payloadFile, keyFile) {
  fs.mkdirSync(out, { recursive: true });
  const { root } = await makeServices();
  write(out, 'trusted_root.json', root);
  write(out, 'payload-bundle.json', await messageBundle(fulcioSigner(kFulcio, kIdentity), fs.readFileSync(payloadFile)));
  if (keyFile) {
    write(out, 'payload-key-bundle.json', await messageBundle(keySigner(fs.readFileSync(keyFile)), fs.readFileSync(payloadFile)));
  }
}

const [command, ...args] = process.argv.slice(2);
const run = { blob, image, attest, 'keyless-payload': keylessPayload }[command];
if (!run) {
  console.error('usage: sigstore_fixtures.js blob OUTDIR KEY.pem OTHER.pub | image OUT.json KEY.pem sha256:HEX');
  process.exit(2);
}
run(...args).catch((e) => {
  console.error(e.stack || e.message);
  process.exit(1);
});
