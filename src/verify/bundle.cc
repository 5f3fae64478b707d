#include "verify/bundle.h"

#include <nlohmann/json.hpp>

#include "verify/json_text.h"

#include "verify/encoding.h"

namespace drydock::verify {
namespace {

using nlohmann::json;

// protobuf JSON writes int64 as a string; some producers write a number.
Result<std::int64_t> Int64(const json& node, std::string_view field) {
  if (!node.contains(field)) return 0;
  const json& value = node[field];
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos) {
      return Fail("{} \"{}\" is not a number", field, s);
    }
    return std::stoll(s);
  }
  return Fail("{} is not a number", field);
}

Result<std::string> Bytes(const json& node, std::string_view field) {
  if (!node.is_object() || !node.contains(field) || !node[field].is_string()) return Fail("{} missing", field);
  auto bytes = Base64Decode(node[field].get<std::string>());
  if (!bytes) return Rewrap(bytes.error(), "{}", field);
  return bytes;
}

const json& Object(const json& node, std::string_view field) {
  static const json kEmpty = json::object();
  if (!node.is_object() || !node.contains(field) || !node[field].is_object()) return kEmpty;
  return node[field];
}

Result<InclusionProof> ParseProof(const json& node) {
  InclusionProof proof;
  auto index = Int64(node, "logIndex");
  auto size = Int64(node, "treeSize");
  auto root = Bytes(node, "rootHash");
  if (!index || !size || !root) return Fail("inclusionProof: logIndex, treeSize or rootHash invalid");
  proof.log_index = *index;
  proof.tree_size = *size;
  proof.root_hash = *root;
  if (node.contains("hashes")) {
    if (!node["hashes"].is_array() || node["hashes"].size() > kMaxProofHashes) return Fail("inclusionProof.hashes");
    for (const auto& h : node["hashes"]) {
      if (!h.is_string()) return Fail("inclusionProof.hashes holds a non-string");
      auto bytes = Base64Decode(h.get<std::string>());
      if (!bytes) return Rewrap(bytes.error(), "inclusionProof.hashes");
      proof.hashes.push_back(*bytes);
    }
  }
  const json& checkpoint = Object(node, "checkpoint");
  if (checkpoint.contains("envelope") && checkpoint["envelope"].is_string()) {
    proof.checkpoint = checkpoint["envelope"].get<std::string>();
  }
  return proof;
}

Result<TlogEntry> ParseEntry(const json& node) {
  TlogEntry entry;
  auto index = Int64(node, "logIndex");
  auto time = Int64(node, "integratedTime");
  if (!index) return std::unexpected(index.error());
  if (!time) return std::unexpected(time.error());
  entry.log_index = *index;
  entry.integrated_time = *time;
  auto id = Bytes(Object(node, "logId"), "keyId");
  if (!id) return Rewrap(id.error(), "logId");
  entry.log_id = *id;
  entry.kind = JsonText(Object(node, "kindVersion"), "kind");
  entry.version = JsonText(Object(node, "kindVersion"), "version");
  auto body = Bytes(node, "canonicalizedBody");
  if (!body) return std::unexpected(body.error());
  entry.body = *body;
  const json& promise = Object(node, "inclusionPromise");
  if (promise.contains("signedEntryTimestamp")) {
    auto set = Bytes(promise, "signedEntryTimestamp");
    if (!set) return std::unexpected(set.error());
    entry.signed_entry_timestamp = *set;
  }
  if (node.contains("inclusionProof") && node["inclusionProof"].is_object()) {
    auto proof = ParseProof(node["inclusionProof"]);
    if (!proof) return std::unexpected(proof.error());
    entry.proof = *proof;
  }
  return entry;
}

Status ParseMaterial(const json& material, Bundle& bundle) {
  const json& single = Object(material, "certificate");
  const json& chain = Object(material, "x509CertificateChain");
  if (!single.empty()) {
    auto der = Bytes(single, "rawBytes");
    if (!der) return Rewrap(der.error(), "certificate");
    auto cert = Certificate::FromDer(*der);
    if (!cert) return Rewrap(cert.error(), "certificate");
    bundle.certificates.push_back(*cert);
  } else if (!chain.empty()) {
    if (!chain.contains("certificates") || !chain["certificates"].is_array() || chain["certificates"].empty()) {
      return Fail("x509CertificateChain.certificates is empty");
    }
    for (const auto& node : chain["certificates"]) {
      auto der = Bytes(node, "rawBytes");
      if (!der) return Rewrap(der.error(), "x509CertificateChain");
      auto cert = Certificate::FromDer(*der);
      if (!cert) return Rewrap(cert.error(), "x509CertificateChain");
      bundle.certificates.push_back(*cert);
    }
  } else if (material.contains("publicKey") && material["publicKey"].is_object()) {
    bundle.public_key_hint = JsonText(material["publicKey"], "hint");
  } else {
    return Fail("verificationMaterial has no certificate, chain or public key");
  }
  if (material.contains("tlogEntries")) {
    if (!material["tlogEntries"].is_array() || material["tlogEntries"].size() > kMaxTlogEntries) {
      return Fail("tlogEntries is not an array of at most {}", kMaxTlogEntries);
    }
    int index = 0;
    for (const auto& node : material["tlogEntries"]) {
      auto entry = ParseEntry(node);
      if (!entry) return Rewrap(entry.error(), "tlogEntries[{}]", index);
      bundle.tlog_entries.push_back(std::move(*entry));
      ++index;
    }
  }
  const json& timestamps = Object(material, "timestampVerificationData");
  if (timestamps.contains("rfc3161Timestamps")) {
    const json& list = timestamps["rfc3161Timestamps"];
    if (!list.is_array() || list.size() > kMaxRfc3161Timestamps) {
      return Fail("rfc3161Timestamps is not an array of at most {}", kMaxRfc3161Timestamps);
    }
    for (const auto& node : list) {
      auto der = Bytes(node, "signedTimestamp");
      if (!der) return Rewrap(der.error(), "rfc3161Timestamps[{}]", bundle.rfc3161_tokens.size());
      bundle.rfc3161_tokens.push_back(std::move(*der));
    }
    bundle.rfc3161_timestamps = bundle.rfc3161_tokens.size();
  }
  return {};
}

}  // namespace

Result<Bundle> ParseBundle(std::string_view text) {
  if (text.size() > kMaxBundleBytes) return Fail("bundle is {} bytes (at most {})", text.size(), kMaxBundleBytes);
  json doc = ParseUntrusted(text, kMaxBundleBytes);
  if (!doc.is_object()) return Fail("bundle is not a JSON object");
  Bundle bundle;
  bundle.media_type = JsonText(doc, "mediaType");
  static constexpr std::string_view kKnown[] = {
      "application/vnd.dev.sigstore.bundle+json;version=0.1", "application/vnd.dev.sigstore.bundle+json;version=0.2",
      "application/vnd.dev.sigstore.bundle+json;version=0.3", "application/vnd.dev.sigstore.bundle.v0.3+json"};
  if (std::find(std::begin(kKnown), std::end(kKnown), bundle.media_type) == std::end(kKnown)) {
    return Fail("mediaType \"{}\" is not a Sigstore bundle v0.1-v0.3", bundle.media_type);
  }
  if (auto material = ParseMaterial(Object(doc, "verificationMaterial"), bundle); !material) {
    return Rewrap(material.error(), "verificationMaterial");
  }
  const json& message = Object(doc, "messageSignature");
  const json& envelope = Object(doc, "dsseEnvelope");
  if (!message.empty()) {
    auto signature = Bytes(message, "signature");
    if (!signature) return Rewrap(signature.error(), "messageSignature");
    bundle.signature = *signature;
    const json& digest = Object(message, "messageDigest");
    bundle.digest_algorithm = JsonText(digest, "algorithm");
    auto bytes = Bytes(digest, "digest");
    if (!bytes) return Rewrap(bytes.error(), "messageSignature.messageDigest");
    bundle.message_digest = *bytes;
  } else if (!envelope.empty()) {
    bundle.dsse = true;
    auto payload = Bytes(envelope, "payload");
    if (!payload) return Rewrap(payload.error(), "dsseEnvelope");
    bundle.payload = *payload;
    bundle.payload_type = JsonText(envelope, "payloadType");
    if (!envelope.contains("signatures") || !envelope["signatures"].is_array() || envelope["signatures"].size() != 1) {
      return Fail("dsseEnvelope must hold exactly one signature");
    }
    auto signature = Bytes(envelope["signatures"][0], "sig");
    if (!signature) return Rewrap(signature.error(), "dsseEnvelope.signatures[0]");
    bundle.signature = *signature;
  } else {
    return Fail("bundle has neither messageSignature nor dsseEnvelope");
  }
  return bundle;
}

}  // namespace drydock::verify
