#include "verify/image_attestations.h"

#include <nlohmann/json.hpp>

#include "source/registry/registry_image.h"
#include "verify/bundle.h"
#include "verify/bundle_verify.h"
#include "verify/encoding.h"
#include "verify/image_signatures.h"
#include "verify/json_text.h"
#include "verify/registry_artifacts.h"

namespace drydock::verify {
namespace {

using nlohmann::json;

constexpr std::string_view kDsseMediaType = "application/vnd.dsse.envelope.v1+json";

AttestationCheck Rejected(std::string source, std::string detail) {
  return AttestationCheck{.source = std::move(source), .predicate_type = {}, .valid = false, .detail = std::move(detail),
                          .statement = {}};
}

// The predicate type a statement claims, read before (and whatever) the signature says: for the listing only.
std::string ClaimedPredicate(std::string_view statement) {
  json doc = json::parse(statement, nullptr, /*allow_exceptions=*/false);
  return JsonText(doc, "predicateType");
}

AttestationCheck FromBundle(std::string_view text, const std::string& digest, const TrustPolicy& policy,
                            std::string source) {
  AttestationCheck check{.source = std::move(source), .predicate_type = {}, .valid = false, .detail = {}, .statement = {}};
  auto bundle = ParseBundle(text);
  if (!bundle) return check.detail = bundle.error().message, check;
  if (!bundle->dsse) return check.detail = "bundle signs a message, not an in-toto statement", check;
  check.predicate_type = ClaimedPredicate(bundle->payload);
  auto verified = VerifyBundle(*bundle, Artifact{.sha256_hex = digest.substr(7), .bytes = std::nullopt}, policy);
  if (!verified) return check.detail = verified.error().message, check;
  check.valid = true;
  check.predicate_type = verified->predicate_type;
  check.detail = verified->signer;
  check.statement = verified->payload;
  return check;
}

void CheckReferrers(RegistryClient& client, const std::string& digest, const TrustPolicy& policy,
                    std::vector<AttestationCheck>& out) {
  auto descriptors = ReferrerDescriptors(client, digest);
  if (!descriptors) return out.push_back(Rejected("referrers of " + digest, descriptors.error().message));
  std::size_t looked = 0;
  for (const auto& descriptor : *descriptors) {
    if (!descriptor.is_object() || !IsBundleType(JsonText(descriptor, "artifactType"))) continue;
    // cosign v3 labels each bundle with its predicate type: signatures are not attestations.
    const json annotations = descriptor.value("annotations", json::object());
    if (JsonText(annotations, "dev.sigstore.bundle.predicateType") == kCosignSignPredicate) continue;
    std::string manifest_digest = JsonText(descriptor, "digest");
    if (manifest_digest.empty()) continue;
    if (looked++ >= kMaxAttestationsPerImage) continue;
    std::string source = "referrer " + manifest_digest + " (Sigstore bundle)";
    auto bytes = FetchReferrerLayer(client, manifest_digest, kMaxBundleBytes);
    if (!bytes) {
      out.push_back(Rejected(source, bytes.error().message));
      continue;
    }
    auto check = FromBundle(*bytes, digest, policy, source);
    if (check.valid && check.predicate_type == kCosignSignPredicate) continue;  // a signature after all
    out.push_back(std::move(check));
  }
  if (looked > kMaxAttestationsPerImage) {
    out.push_back(Rejected("referrers of " + digest, fmt::format("{} more bundles not looked at (limit {})", looked - kMaxAttestationsPerImage,
                                         kMaxAttestationsPerImage)));
  }
}

void CheckAttTag(RegistryClient& client, const std::string& digest, const TrustPolicy& policy,
                 std::vector<AttestationCheck>& out) {
  std::string tag = "sha256-" + digest.substr(7) + ".att";
  auto manifest = client.FindManifest(tag);
  if (!manifest) return out.push_back(Rejected(tag, manifest.error().message));
  if (!*manifest) return;
  json doc = json::parse((*manifest)->bytes, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("layers") || !doc["layers"].is_array()) {
    return out.push_back(Rejected(tag, "not an image manifest"));
  }
  std::size_t index = 0;
  for (const auto& layer : doc["layers"]) {
    std::string source = fmt::format("{} layer {}", tag, index);
    if (index++ >= kMaxAttestationsPerImage) {
      out.push_back(Rejected(tag, fmt::format("{} more layers not looked at (limit {})",
                                                          doc["layers"].size() - kMaxAttestationsPerImage,
                                                          kMaxAttestationsPerImage)));
      break;
    }
    if (!layer.is_object() || JsonText(layer, "mediaType") != kDsseMediaType) {
      out.push_back(Rejected(source, "not a DSSE envelope"));
      continue;
    }
    auto bytes = FetchDescribedBlob(client, layer, kMaxDsseEnvelopeBytes);
    if (!bytes) {
      out.push_back(Rejected(source, bytes.error().message));
      continue;
    }
    out.push_back(CheckDsseEnvelope(*bytes, digest, policy, source));
  }
}

}  // namespace

AttestationCheck CheckDsseEnvelope(std::string_view envelope, const std::string& digest, const TrustPolicy& policy,
                                   std::string source) {
  AttestationCheck check{.source = std::move(source), .predicate_type = {}, .valid = false, .detail = {}, .statement = {}};
  json doc = json::parse(envelope, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return check.detail = "DSSE envelope is not a JSON object", check;
  Bundle bundle;
  bundle.dsse = true;
  bundle.payload_type = JsonText(doc, "payloadType");
  auto payload = Base64Decode(JsonText(doc, "payload"));
  if (!payload) return check.detail = "DSSE payload is not base64", check;
  bundle.payload = *payload;
  check.predicate_type = ClaimedPredicate(bundle.payload);
  if (!doc.contains("signatures") || !doc["signatures"].is_array() || doc["signatures"].empty()) {
    return check.detail = "DSSE envelope has no signature", check;
  }
  if (doc["signatures"].size() > kMaxSignaturesPerEnvelope) return check.detail = "too many DSSE signatures", check;
  std::string last;
  for (const auto& signature : doc["signatures"]) {
    auto sig = Base64Decode(JsonText(signature, "sig"));
    if (!sig) {
      last = "DSSE signature is not base64";
      continue;
    }
    bundle.signature = *sig;
    auto verified = VerifyBundle(bundle, Artifact{.sha256_hex = digest.substr(7), .bytes = std::nullopt}, policy);
    if (!verified) {
      last = verified.error().message;
      continue;
    }
    check.valid = true;
    check.predicate_type = verified->predicate_type;
    check.detail = verified->signer;
    check.statement = verified->payload;
    return check;
  }
  check.detail = last;
  return check;
}

Result<ImageAttestations> VerifyImageAttestations(const Reference& ref, const RegistryOptions& registry,
                                                  const TrustPolicy& policy) {
  auto resolved = ResolveReference(ref, registry);
  if (!resolved) return Rewrap(resolved.error(), "{}", ref.ToString());
  ImageAttestations out{.digest = resolved->manifest.digest, .checks = {}};
  CheckReferrers(*resolved->client, out.digest, policy, out.checks);
  CheckAttTag(*resolved->client, out.digest, policy, out.checks);
  return out;
}

}  // namespace drydock::verify
