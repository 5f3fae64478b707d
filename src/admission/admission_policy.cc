#include "admission/admission_policy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "common/file.h"

namespace drydock::admission {
namespace {

constexpr std::string_view kTopKeys[] = {"policy", "unknown_images", "mode", "exclude_namespaces", "signatures",
                                         "deadline_ms", "cache_seconds", "negative_cache_seconds", "cluster"};
constexpr std::string_view kSignatureKeys[] = {"keys", "keyless", "trusted_root"};
constexpr std::string_view kKeylessKeys[] = {"identity", "identity_regexp", "issuer", "issuer_regexp"};

template <std::size_t N>
bool Known(const std::string_view (&keys)[N], const std::string& key) {
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

class Reader {
 public:
  Reader(std::string_view file, std::filesystem::path dir) : file_(file), dir_(std::move(dir)) {}

  std::string At(const YAML::Node& node) const { return fmt::format("{}:{}", file_, node.Mark().line + 1); }

  Result<std::string> Text(const YAML::Node& node, std::string_view key) const {
    if (!node.IsScalar() || node.Scalar().empty()) return Fail("{}: {} must be a non-empty string", At(node), key);
    return node.Scalar();
  }
  // A file the policy names, relative to the policy's own directory.
  Result<std::string> Path(const YAML::Node& node, std::string_view key) const {
    auto text = Text(node, key);
    if (!text) return text;
    std::filesystem::path path(*text);
    return (path.is_absolute() ? path : dir_ / path).lexically_normal().string();
  }
  Result<std::vector<std::string>> List(const YAML::Node& node, std::string_view key, bool paths) const {
    if (!node.IsSequence()) return Fail("{}: {} must be a list", At(node), key);
    std::vector<std::string> out;
    for (const YAML::Node& item : node) {
      auto value = paths ? Path(item, key) : Text(item, key);
      if (!value) return std::unexpected(value.error());
      out.push_back(std::move(*value));
    }
    return out;
  }
  Result<long long> Number(const YAML::Node& node, std::string_view key, long long low, long long high) const {
    long long value = 0;
    if (!node.IsScalar() || !YAML::convert<long long>::decode(node, value) || value < low || value > high) {
      return Fail("{}: {} must be a whole number from {} to {}", At(node), key, low, high);
    }
    return value;
  }
  Result<std::string> OneOf(const YAML::Node& node, std::string_view key, std::string_view a, std::string_view b) const {
    auto text = Text(node, key);
    if (!text) return text;
    if (*text != a && *text != b) return Fail("{}: {} must be {} or {}, not \"{}\"", At(node), key, a, b, *text);
    return text;
  }

  Status Signatures(const YAML::Node& node, AdmissionPolicy& out) const {
    if (!node.IsMap()) return Fail("{}: signatures must be a mapping (keys, keyless, trusted_root)", At(node));
    for (const auto& field : node) {
      if (!Known(kSignatureKeys, field.first.Scalar())) {
        return Fail("{}: unknown key \"{}\" in signatures (keys, keyless, trusted_root)", At(field.first),
                    field.first.Scalar());
      }
    }
    if (node["keys"]) {
      auto keys = List(node["keys"], "signatures.keys", true);
      if (!keys) return std::unexpected(keys.error());
      out.signature_keys = std::move(*keys);
    }
    if (node["trusted_root"]) {
      auto root = Path(node["trusted_root"], "signatures.trusted_root");
      if (!root) return std::unexpected(root.error());
      out.trusted_root = *root;
    }
    if (!node["keyless"]) return {};
    if (!node["keyless"].IsSequence()) return Fail("{}: signatures.keyless must be a list", At(node["keyless"]));
    for (const YAML::Node& signer : node["keyless"]) {
      if (!signer.IsMap()) return Fail("{}: each keyless signer is a mapping {{identity, issuer}}", At(signer));
      for (const auto& field : signer) {
        if (!Known(kKeylessKeys, field.first.Scalar())) {
          return Fail("{}: unknown key \"{}\" in a keyless signer", At(field.first), field.first.Scalar());
        }
      }
      KeylessSigner s;
      for (auto [exact, regex, value, is_regex] :
           {std::tuple{"identity", "identity_regexp", &s.identity, &s.identity_regexp},
            std::tuple{"issuer", "issuer_regexp", &s.issuer, &s.issuer_regexp}}) {
        if (static_cast<bool>(signer[exact]) == static_cast<bool>(signer[regex])) {
          return Fail("{}: a keyless signer needs exactly one of {} and {}", At(signer), exact, regex);
        }
        *is_regex = static_cast<bool>(signer[regex]);
        auto text = Text(signer[*is_regex ? regex : exact], *is_regex ? regex : exact);
        if (!text) return std::unexpected(text.error());
        *value = *text;
      }
      out.keyless.push_back(std::move(s));
    }
    if (!out.keyless.empty() && out.trusted_root.empty()) {
      return Fail("{}: keyless signers need signatures.trusted_root (Sigstore's trusted_root.json)", At(node));
    }
    return {};
  }

 private:
  std::string_view file_;
  std::filesystem::path dir_;
};

}  // namespace

Result<AdmissionPolicy> ParseAdmissionPolicy(std::string_view text, std::string_view file) {
  if (text.size() > kMaxAdmissionPolicyBytes) return Fail("{}: over the {}-byte limit", file, kMaxAdmissionPolicyBytes);
  Reader reader(file, std::filesystem::path(file).parent_path());
  AdmissionPolicy out{.file = std::string(file)};
  try {
    YAML::Node doc = YAML::Load(std::string(text));
    if (doc.IsNull()) return out;  // an empty file: the defaults
    if (!doc.IsMap()) return Fail("{}:{}: expected a mapping", file, doc.Mark().line + 1);
    for (const auto& field : doc) {
      if (!Known(kTopKeys, field.first.Scalar())) {
        return Fail("{}: unknown key \"{}\" (see README \"Admission webhook\" for the keys)", reader.At(field.first),
                    field.first.Scalar());
      }
    }
    if (doc["policy"]) {
      auto rules = reader.Path(doc["policy"], "policy");
      if (!rules) return std::unexpected(rules.error());
      out.rules_file = *rules;
    }
    if (doc["unknown_images"]) {
      auto value = reader.OneOf(doc["unknown_images"], "unknown_images", "deny", "warn");
      if (!value) return std::unexpected(value.error());
      out.unknown_warn = *value == "warn";
    }
    if (doc["mode"]) {
      auto value = reader.OneOf(doc["mode"], "mode", "enforce", "warn");
      if (!value) return std::unexpected(value.error());
      out.warn_mode = *value == "warn";
    }
    if (doc["exclude_namespaces"]) {
      auto list = reader.List(doc["exclude_namespaces"], "exclude_namespaces", false);
      if (!list) return std::unexpected(list.error());
      out.exclude_namespaces = std::move(*list);
    }
    if (doc["signatures"]) {
      if (auto ok = reader.Signatures(doc["signatures"], out); !ok) return std::unexpected(ok.error());
    }
    if (doc["deadline_ms"]) {
      auto ms = reader.Number(doc["deadline_ms"], "deadline_ms", 100, kMaxDeadline.count());
      if (!ms) return std::unexpected(ms.error());
      out.deadline = std::chrono::milliseconds(*ms);
    }
    for (auto [key, target] : {std::pair{"cache_seconds", &out.cache_ttl},
                               std::pair{"negative_cache_seconds", &out.negative_cache_ttl}}) {
      if (!doc[key]) continue;
      auto seconds = reader.Number(doc[key], key, 0, 86400);
      if (!seconds) return std::unexpected(seconds.error());
      *target = std::chrono::seconds(*seconds);
    }
    if (doc["cluster"]) {
      auto cluster = reader.Text(doc["cluster"], "cluster");
      if (!cluster) return std::unexpected(cluster.error());
      if (cluster->size() > 128) return Fail("{}: cluster name over 128 characters", reader.At(doc["cluster"]));
      out.cluster = *cluster;
    }
    return out;
  } catch (const YAML::Exception& e) {
    return Fail("{}:{}: {}", file, e.mark.line + 1, e.msg);
  }
}

Result<AdmissionPolicy> LoadAdmissionPolicy(const std::string& path) {
  auto text = ReadFileBounded(path, kMaxAdmissionPolicyBytes);
  if (!text) return Rewrap(text.error(), "admission policy {}", path);
  return ParseAdmissionPolicy(*text, path);
}

}  // namespace drydock::admission
