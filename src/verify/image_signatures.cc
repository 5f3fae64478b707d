#include "verify/image_signatures.h"

#include <nlohmann/json.hpp>

#include "common/sha256.h"
#include "source/registry/registry_image.h"
#include "verify/bundle.h"
#include "verify/bundle_verify.h"
#include "verify/encoding.h"
#include "verify/json_text.h"
#include "verify/notation.h"
#include "verify/registry_artifacts.h"

namespace drydock::verify {
namespace {

using nlohmann::json;

constexpr std::string_view kSimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";
constexpr std::string_view kSignatureAnnotation = "dev.cosignproject.cosign/signature";
constexpr std::string_view kCosignSignatureType = "cosign container image signature";
constexpr std::string_view kCertificateAnnotation = "dev.sigstore.cosign/certificate";
constexpr std::string_view kRekorBundleAnnotation = "dev.sigstore.cosign/bundle";

// A legacy signature with cosign's Rekor "bundle" annotation as a Sigstore bundle over the payload, so it goes
// through the same checks as any other: chain, SET, identity, signature. Keyless: the Fulcio certificate
// annotation (the chain annotation is ignored: only the trusted root says which CAs count). Signed by a key and
// checked under a trusted root: the log entry is required, as for a key's bundle (bundle_verify.cc).
Result<Bundle> LegacyBundle(const json& annotations, std::string_view payload, std::string signature) {
  Bundle bundle;
  bundle.media_type = "application/vnd.dev.sigstore.bundle+json;version=0.1";
  const bool keyless = annotations.contains(kCertificateAnnotation);
  if (keyless) {
    auto certs = Certificate::FromPemChain(JsonText(annotations, kCertificateAnnotation));
    if (!certs) return Rewrap(certs.error(), "{}", kCertificateAnnotation);
    bundle.certificates = std::move(*certs);
  }
  json rekor = ParseUntrusted(JsonText(annotations, kRekorBundleAnnotation), kMaxBundleBytes);
  if (!rekor.is_object() || !rekor.contains("Payload") || !rekor["Payload"].is_object()) {
    return Fail("no {} annotation with a Rekor entry ({})", kRekorBundleAnnotation,
                keyless ? "needed to date the certificate" : "under --trusted-root a key's signature must be logged");
  }
  const json& entry = rekor["Payload"];
  TlogEntry tlog;
  auto set = Base64Decode(JsonText(rekor, "SignedEntryTimestamp"));
  auto body = Base64Decode(JsonText(entry, "body"));
  auto log_id = HexDecode(JsonText(entry, "logID"));
  if (!set || !body || !log_id || !entry.contains("integratedTime") || !entry["integratedTime"].is_number_integer() ||
      !entry.contains("logIndex") || !entry["logIndex"].is_number_integer()) {
    return Fail("{} annotation is malformed", kRekorBundleAnnotation);
  }
  tlog.signed_entry_timestamp = *set;
  tlog.body = *body;
  tlog.log_id = *log_id;
  tlog.integrated_time = entry["integratedTime"].get<std::int64_t>();
  tlog.log_index = entry["logIndex"].get<std::int64_t>();
  bundle.tlog_entries.push_back(std::move(tlog));
  bundle.digest_algorithm = "SHA2_256";
  auto digest = HexDecode(Sha256::HexOf(payload));
  bundle.message_digest = digest ? *digest : "";
  bundle.signature = std::move(signature);
  return bundle;
}

// One referrer manifest holding a Sigstore bundle: its first layer is the bundle.
SignatureCheck CheckReferrer(RegistryClient& client, const std::string& manifest_digest, const std::string& digest,
                             const TrustPolicy& policy) {
  SignatureCheck check{.source = "referrer " + manifest_digest + " (Sigstore bundle)", .valid = false, .detail = {}};
  auto bytes = FetchReferrerLayer(client, manifest_digest, kMaxBundleBytes);
  if (!bytes) return check.detail = bytes.error().message, check;
  auto bundle = ParseBundle(*bytes);
  if (!bundle) return check.detail = bundle.error().message, check;
  if (!bundle->dsse) return check.detail = "bundle signs a message, not an in-toto statement about the image", check;
  auto verified = VerifyBundle(*bundle, Artifact{.sha256_hex = digest.substr(7), .bytes = std::nullopt}, policy);
  if (!verified) return check.detail = verified.error().message, check;
  if (verified->predicate_type != kCosignSignPredicate) {
    return check.detail = "an attestation (" + verified->predicate_type + "), not a signature", check;
  }
  check.valid = true;
  check.detail = verified->signer;
  return check;
}

// One Notation signature manifest: its first layer is the envelope (JWS; COSE is reported as unsupported).
SignatureCheck CheckNotationReferrer(RegistryClient& client, const std::string& manifest_digest,
                                     const NotationTarget& target, const TrustPolicy& policy,
                                     const std::string& repository) {
  SignatureCheck check{.source = "referrer " + manifest_digest + " (Notation)", .valid = false, .detail = {}};
  if (!policy.notation) return check.detail = "a Notation signature, but no --notation-trust-store was given", check;
  const NotationPolicy* trust = policy.notation->Select(repository);
  if (!trust) return check.detail = "no Notation trust policy applies to " + repository, check;
  // skip vouches for nothing: the signature is not checked, so it cannot count as a valid one.
  if (trust->level == NotationLevel::kSkip) return check.detail = "not checked: trust policy " + trust->name + " skips", check;
  auto manifest = client.GetManifest(manifest_digest);
  if (!manifest) return check.detail = manifest.error().message, check;
  json doc = json::parse(manifest->bytes, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("layers") || !doc["layers"].is_array() || doc["layers"].size() != 1) {
    return check.detail = "signature manifest must have exactly one layer (the envelope)", check;
  }
  std::string type = JsonText(doc["layers"][0], "mediaType");
  if (type == kNotationCoseMediaType) return check.detail = "COSE envelopes are not supported (JWS only)", check;
  if (type != kNotationJwsMediaType) return check.detail = "envelope media type \"" + type + "\" is not JWS", check;
  auto bytes = FetchDescribedBlob(client, doc["layers"][0], kMaxNotationEnvelopeBytes);
  if (!bytes) return check.detail = bytes.error().message, check;
  auto verified = VerifyNotationJws(*bytes, target, *trust, std::time(nullptr));
  if (!verified) return check.detail = verified.error().message, check;
  check.valid = true;
  check.detail = fmt::format("{} (trust policy {}{})", verified->signer, trust->name,
                             verified->signed_at ? fmt::format(", signed at {}", verified->signed_at) : "");
  for (const auto& line : verified->logged) check.detail += "; logged: " + line;
  return check;
}

void CheckReferrers(RegistryClient& client, const NotationTarget& target, const std::string& repository,
                    const TrustPolicy& policy, std::vector<SignatureCheck>& out) {
  const std::string& digest = target.digest;
  auto descriptors = ReferrerDescriptors(client, digest);
  if (!descriptors) {
    out.push_back({.source = "referrers of " + digest, .valid = false, .detail = descriptors.error().message});
    return;
  }
  // Each kind has its own budget, so a flood of one kind cannot hide the other.
  std::size_t bundles = 0, notations = 0, skipped_bundles = 0, skipped_notations = 0;
  for (const auto& descriptor : *descriptors) {
    if (!descriptor.is_object() || !descriptor.contains("digest") || !descriptor["digest"].is_string()) continue;
    std::string type = JsonText(descriptor, "artifactType");
    std::string manifest_digest = descriptor["digest"].get<std::string>();
    if (IsBundleType(type)) {
      // cosign v3 labels each bundle with its predicate type: attestations are not signatures (image_attestations.h).
      const json annotations = descriptor.value("annotations", json::object());
      std::string predicate = JsonText(annotations, "dev.sigstore.bundle.predicateType");
      if (!predicate.empty() && predicate != kCosignSignPredicate) continue;
      if (bundles++ >= kMaxSignaturesPerImage) {
        ++skipped_bundles;
        continue;
      }
      out.push_back(CheckReferrer(client, manifest_digest, digest, policy));
    } else if (type == kNotationArtifactType) {
      if (notations++ >= kMaxSignaturesPerImage) {
        ++skipped_notations;
        continue;
      }
      out.push_back(CheckNotationReferrer(client, manifest_digest, target, policy, repository));
    }
  }
  for (const auto& [skipped, what] : {std::pair{skipped_bundles, "bundles"}, std::pair{skipped_notations, "Notation signatures"}}) {
    if (skipped == 0) continue;
    out.push_back({.source = "referrers of " + digest, .valid = false,
                   .detail = fmt::format("{} more {} not looked at (limit {})", skipped, what, kMaxSignaturesPerImage)});
  }
}

SignatureCheck CheckSimpleSigningLayer(RegistryClient& client, const json& layer, const std::string& digest,
                                       const TrustPolicy& policy, std::string source) {
  SignatureCheck check{.source = std::move(source), .valid = false, .detail = {}};
  const json annotations = layer.value("annotations", json::object());
  if (!annotations.is_object() || !annotations.contains(kSignatureAnnotation) ||
      !annotations[kSignatureAnnotation].is_string()) {
    return check.detail = "no dev.cosignproject.cosign/signature annotation", check;
  }
  auto signature = Base64Decode(annotations[kSignatureAnnotation].get<std::string>());
  if (!signature) return check.detail = "signature annotation is not base64", check;
  auto payload = FetchDescribedBlob(client, layer, kMaxSimpleSigningBytes);
  if (!payload) return check.detail = payload.error().message, check;
  if (auto ok = CheckSimpleSigningPayload(*payload, digest); !ok) return check.detail = ok.error().message, check;
  if (annotations.contains(kCertificateAnnotation) || (policy.root && !policy.keys.empty())) {
    auto bundle = LegacyBundle(annotations, *payload, *signature);
    if (!bundle) return check.detail = bundle.error().message, check;
    auto verified = VerifyBundle(*bundle, Artifact{.sha256_hex = Sha256::HexOf(*payload), .bytes = *payload}, policy);
    if (!verified) return check.detail = verified.error().message, check;
    check.valid = true;
    check.detail = verified->signer;
    return check;
  }
  if (policy.keys.empty()) return check.detail = "signed with a key, but no --key was given", check;
  std::string last;
  for (const auto& key : policy.keys) {
    if (auto ok = key.Verify(*payload, *signature); ok) {
      check.valid = true;
      check.detail = key.Describe() + " key";
      return check;
    } else {
      last = ok.error().message;
    }
  }
  check.detail = last;
  return check;
}

void CheckSigTag(RegistryClient& client, const std::string& digest, const TrustPolicy& policy,
                 std::vector<SignatureCheck>& out) {
  std::string tag = "sha256-" + digest.substr(7) + ".sig";
  auto manifest = client.FindManifest(tag);
  if (!manifest) {
    out.push_back({.source = tag, .valid = false, .detail = manifest.error().message});
    return;
  }
  if (!*manifest) return;
  json doc = ParseUntrusted((*manifest)->bytes, kMaxSignatureManifestBytes);
  if (!doc.is_object() || !doc.contains("layers") || !doc["layers"].is_array()) {
    out.push_back({.source = tag, .valid = false, .detail = "not an image manifest"});
    return;
  }
  std::size_t index = 0;
  for (const auto& layer : doc["layers"]) {
    if (index >= kMaxSignaturesPerImage) {
      out.push_back({.source = tag, .valid = false,
                     .detail = fmt::format("{} more layers not looked at (limit {})", doc["layers"].size() - index,
                                           kMaxSignaturesPerImage)});
      break;
    }
    std::string source = fmt::format("{} layer {}", tag, index++);
    if (!layer.is_object() || JsonText(layer, "mediaType") != kSimpleSigningMediaType) {
      out.push_back({.source = source, .valid = false, .detail = "not a simple-signing payload"});
      continue;
    }
    out.push_back(CheckSimpleSigningLayer(client, layer, digest, policy, source));
  }
}

}  // namespace

bool ImageVerification::Verified() const {
  return std::any_of(checks.begin(), checks.end(), [](const SignatureCheck& c) { return c.valid; });
}

Status CheckSimpleSigningPayload(std::string_view payload, std::string_view digest) {
  json doc = ParseUntrusted(payload, kMaxSimpleSigningBytes);
  if (!doc.is_object() || !doc.contains("critical") || !doc["critical"].is_object()) {
    return Fail("simple-signing payload has no \"critical\" object");
  }
  const json& critical = doc["critical"];
  if (JsonText(critical, "type") != kCosignSignatureType) {
    return Fail("payload type is \"{}\", not \"{}\"", JsonText(critical, "type"), kCosignSignatureType);
  }
  const json image = critical.value("image", json::object());
  // containers/image spells the key "docker-manifest-digest"; cosign's spec example capitalises it.
  std::string signed_digest;
  for (const char* key : {"docker-manifest-digest", "Docker-manifest-digest"}) {
    if (image.is_object() && image.contains(key) && image[key].is_string()) signed_digest = image[key].get<std::string>();
  }
  if (signed_digest != digest) {
    return Fail("payload signs {}, not this image's {}", signed_digest.empty() ? "no digest" : signed_digest, digest);
  }
  return {};
}

std::string NotationScope(const Reference& ref) {
  Reference repository = ref;  // ToString's name ("docker.io/..." for Docker Hub), without tag or digest
  repository.tag.clear();
  repository.digest.clear();
  return repository.ToString();
}

Result<ImageVerification> VerifyImageSignatures(const Reference& ref, const RegistryOptions& registry,
                                                const TrustPolicy& policy) {
  auto resolved = ResolveReference(ref, registry);
  if (!resolved) return Rewrap(resolved.error(), "{}", ref.ToString());
  const FetchedManifest& manifest = resolved->manifest;
  ImageVerification out{.reference = ref.ToString(), .digest = manifest.digest, .checks = {}};
  NotationTarget target{.media_type = manifest.media_type, .digest = manifest.digest,
                        .size = static_cast<std::int64_t>(manifest.bytes.size())};
  CheckReferrers(*resolved->client, target, NotationScope(ref), policy, out.checks);
  CheckSigTag(*resolved->client, out.digest, policy, out.checks);
  return out;
}

}  // namespace drydock::verify
