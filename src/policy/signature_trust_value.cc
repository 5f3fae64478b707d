// The `signatures:` rule's value: whose signatures count (keys, keyless identities, Notation trust). Only the shape
// is checked here; the CLI reads the files it names when it verifies the image.
#include <filesystem>

#include "policy/policy_yaml.h"

namespace drydock {
namespace {

// A path in the policy, relative to the policy file's directory (the file is usually checked in beside its keys).
std::string Resolve(std::string_view policy_file, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute() || policy_file.find('/') == std::string_view::npos) return path;
  return (std::filesystem::path(policy_file).parent_path() / p).string();
}

}  // namespace

Result<SignatureTrustSpec> PolicyYaml::SignatureTrust(const YAML::Node& node) const {
  if (!node.IsMap() || node.size() == 0) {
    return Fail("{}: `signatures` must be a mapping with keys, keyless, trusted_root or notation", At(node));
  }
  SignatureTrustSpec spec;
  for (const auto& field : node) {
    std::string key = field.first.Scalar();
    const YAML::Node& value = field.second;
    if (key == "keys") {
      auto keys = List(value, "keys", false);
      if (!keys) return std::unexpected(keys.error());
      for (const auto& k : *keys) spec.keys.push_back(Resolve(file_, k));
    } else if (key == "trusted_root") {
      auto path = Scalar(value, key);
      if (!path) return std::unexpected(path.error());
      spec.trusted_root = Resolve(file_, *path);
    } else if (key == "keyless") {
      if (!value.IsSequence() || value.size() == 0) return Fail("{}: `keyless` must be a non-empty list", At(value));
      for (const YAML::Node& entry : value) {
        if (!entry.IsMap()) return Fail("{}: each keyless signer is {{identity, issuer}}", At(entry));
        KeylessSigner signer;
        for (const auto& item : entry) {
          std::string name = item.first.Scalar();
          auto text = Scalar(item.second, name);
          if (!text) return std::unexpected(text.error());
          if (name == "identity" || name == "identity_regexp") {
            signer.identity = *text, signer.identity_regex = name == "identity_regexp";
          } else if (name == "issuer" || name == "issuer_regexp") {
            signer.issuer = *text, signer.issuer_regex = name == "issuer_regexp";
          } else {
            return Fail("{}: unknown key \"{}\" in a keyless signer (identity[_regexp], issuer[_regexp])",
                        At(item.first), name);
          }
        }
        if (signer.identity.empty() || signer.issuer.empty()) {
          return Fail("{}: a keyless signer needs both an identity and an issuer", At(entry));
        }
        spec.keyless.push_back(std::move(signer));
      }
    } else if (key == "notation") {
      if (!value.IsMap()) return Fail("{}: `notation` must be {{trust_store, trust_policy | identities}}", At(value));
      for (const auto& item : value) {
        std::string name = item.first.Scalar();
        if (name == "identities") {
          auto identities = List(item.second, name, false);
          if (!identities) return std::unexpected(identities.error());
          spec.notation_identities = std::move(*identities);
          continue;
        }
        auto text = Scalar(item.second, name);
        if (!text) return std::unexpected(text.error());
        if (name == "trust_store") {
          spec.notation_trust_store = Resolve(file_, *text);
        } else if (name == "trust_policy") {
          spec.notation_trust_policy = Resolve(file_, *text);
        } else {
          return Fail("{}: unknown key \"{}\" in notation (trust_store, trust_policy, identities)", At(item.first), name);
        }
      }
      if (spec.notation_trust_store.empty()) return Fail("{}: `notation` needs a trust_store", At(value));
      if (spec.notation_trust_policy.empty() == spec.notation_identities.empty()) {
        return Fail("{}: `notation` takes trust_policy or identities (one of them)", At(value));
      }
    } else {
      return Fail("{}: unknown key \"{}\" in signatures (keys, keyless, trusted_root, notation)", At(field.first), key);
    }
  }
  if (!spec.keyless.empty() && spec.trusted_root.empty()) {
    return Fail("{}: keyless signers need a trusted_root (Sigstore's trusted_root.json)", At(node));
  }
  return spec;
}

}  // namespace drydock
