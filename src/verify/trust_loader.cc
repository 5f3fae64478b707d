#include "verify/trust_loader.h"

#include "common/file.h"

namespace drydock::verify {
namespace {

Status LoadNotation(const SignatureTrustSpec& spec, TrustPolicy& policy) {
  if (spec.notation_trust_store.empty()) {
    if (!spec.notation_trust_policy.empty() || !spec.notation_identities.empty()) {
      return Fail("a Notation trust policy or identity needs a Notation trust store");
    }
    return {};
  }
  if (!spec.notation_trust_policy.empty()) {
    if (!spec.notation_identities.empty()) return Fail("give Notation identities or a Notation trust policy, not both");
    auto text = ReadFileBounded(spec.notation_trust_policy, kMaxTrustPolicyBytes);
    if (!text) return Rewrap(text.error(), "Notation trust policy {}", spec.notation_trust_policy);
    auto loaded = LoadNotationTrustPolicy(*text, spec.notation_trust_store);
    if (!loaded) return Rewrap(loaded.error(), "Notation trust policy {}", spec.notation_trust_policy);
    policy.notation = std::move(*loaded);
    return {};
  }
  auto loaded = NotationTrustFromStore(spec.notation_trust_store, spec.notation_identities);
  if (!loaded) return Rewrap(loaded.error(), "Notation trust store {}", spec.notation_trust_store);
  policy.notation = std::move(*loaded);
  return {};
}

}  // namespace

Result<TrustPolicy> LoadTrustPolicy(const SignatureTrustSpec& spec) {
  TrustPolicy policy;
  for (const auto& path : spec.keys) {
    auto pem = ReadFileBounded(path, kMaxKeyFileBytes);
    if (!pem) return Rewrap(pem.error(), "key {}", path);
    auto key = PublicKey::FromPem(*pem);
    if (!key) return Rewrap(key.error(), "key {}", path);
    policy.keys.push_back(*key);
  }
  for (const auto& signer : spec.keyless) {
    policy.identities.push_back(Identity{.subject = signer.identity, .subject_regex = signer.identity_regex,
                                         .issuer = signer.issuer, .issuer_regex = signer.issuer_regex});
  }
  if (auto ok = LoadNotation(spec, policy); !ok) return std::unexpected(ok.error());
  if (!spec.trusted_root.empty()) {
    auto text = ReadFileBounded(spec.trusted_root, kMaxTrustedRootBytes);
    if (!text) return Rewrap(text.error(), "trusted root {}", spec.trusted_root);
    auto root = ParseTrustedRoot(*text);
    if (!root) return Rewrap(root.error(), "trusted root {}", spec.trusted_root);
    policy.root = std::move(*root);
  } else if (!policy.identities.empty()) {
    return Fail("keyless verification needs a trusted root (Sigstore's trusted_root.json: --trusted-root FILE)");
  }
  return policy;
}

}  // namespace drydock::verify
