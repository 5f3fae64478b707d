#include "verify/notation_trust.h"

#include <openssl/objects.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "verify/json_text.h"

namespace drydock::verify {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kSubjectPrefix = "x509.subject:";

bool IsCertificateFile(const fs::path& path) {
  std::string ext = path.extension().string();
  return ext == ".pem" || ext == ".crt" || ext == ".cer";
}

// One named store: its certificate files (PEM or DER), in name order; sub-directories ignored as the spec says.
Status ReadNamedStore(const fs::path& dir, std::vector<Certificate>& out) {
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(dir, ec))) return Fail("{}: a named store must not be a symlink", dir.string());
  if (!fs::is_directory(dir, ec)) return Fail("{}: no such named store", dir.string());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!IsCertificateFile(entry.path())) continue;
    if (entry.is_symlink()) return Fail("{}: certificate files must not be symlinks", entry.path().string());
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  if (ec) return Fail("{}: {}", dir.string(), ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (fs::file_size(file, ec) > kMaxCertificateFileBytes) return Fail("{}: too large", file.string());
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto pem = Certificate::FromPemChain(bytes);
    if (pem) {
      out.insert(out.end(), pem->begin(), pem->end());
    } else if (auto der = Certificate::FromDer(bytes)) {
      out.push_back(*der);
    } else {
      return Fail("{}: not a PEM or DER certificate", file.string());
    }
    if (out.size() > kMaxTrustStoreCertificates) return Fail("{}: more than {} certificates", dir.string(), kMaxTrustStoreCertificates);
  }
  return {};
}

Result<NotationLevel> ParseLevel(std::string_view level) {
  if (level == "strict") return NotationLevel::kStrict;
  if (level == "permissive") return NotationLevel::kPermissive;
  if (level == "audit") return NotationLevel::kAudit;
  if (level == "skip") return NotationLevel::kSkip;
  return Fail("signatureVerification.level \"{}\" (strict, permissive, audit or skip)", level);
}

std::vector<std::string> Strings(const json& node, std::string_view field) {
  std::vector<std::string> out;
  if (!node.contains(field) || !node[field].is_array()) return out;
  for (const auto& item : node[field]) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

Result<NotationPolicy> ParsePolicy(const json& node, const std::string& trust_store_dir) {
  NotationPolicy policy;
  policy.name = JsonText(node, "name");
  if (policy.name.empty()) return Fail("a trust policy without a name");
  policy.registry_scopes = Strings(node, "registryScopes");
  if (policy.registry_scopes.empty()) return Fail("{}: registryScopes is empty", policy.name);
  if (policy.registry_scopes.size() > 1 &&
      std::find(policy.registry_scopes.begin(), policy.registry_scopes.end(), "*") != policy.registry_scopes.end()) {
    return Fail("{}: the global scope \"*\" must be the only scope", policy.name);
  }
  const json verification = node.value("signatureVerification", json::object());
  auto level = ParseLevel(JsonText(verification, "level"));
  if (!level) return Rewrap(level.error(), "{}", policy.name);
  policy.level = *level;
  if (verification.is_object() && verification.contains("override")) {
    return Fail("{}: signatureVerification.override is not supported", policy.name);
  }
  std::string when = JsonText(verification, "verifyTimestamp");
  if (!when.empty() && when != "always" && when != "afterCertExpiry") {
    return Fail("{}: verifyTimestamp \"{}\" (always or afterCertExpiry)", policy.name, when);
  }
  policy.timestamp_after_expiry_only = when == "afterCertExpiry";
  if (policy.level == NotationLevel::kSkip) return policy;
  for (const std::string& store : Strings(node, "trustStores")) {
    auto colon = store.find(':');
    std::string type = store.substr(0, colon), name = colon == std::string::npos ? "" : store.substr(colon + 1);
    std::vector<Certificate>* into = type == "ca"                 ? &policy.ca_roots
                                     : type == "signingAuthority" ? &policy.signing_authority_roots
                                     : type == "tsa"              ? &policy.tsa_roots
                                                                  : nullptr;
    if (!into || name.empty() || name.find('/') != std::string::npos || name == "..") {
      return Fail("{}: trust store \"{}\" is not ca:NAME, signingAuthority:NAME or tsa:NAME", policy.name, store);
    }
    if (auto ok = ReadNamedStore(fs::path(trust_store_dir) / "x509" / type / name, *into); !ok) {
      return Rewrap(ok.error(), "{}", policy.name);
    }
  }
  if (policy.ca_roots.empty() && policy.signing_authority_roots.empty()) {
    return Fail("{}: no ca or signingAuthority trust store", policy.name);
  }
  policy.identities = Strings(node, "trustedIdentities");
  if (policy.identities.empty()) return Fail("{}: trustedIdentities is empty", policy.name);
  for (const auto& identity : policy.identities) {
    if (identity == "*") continue;
    if (auto parsed = ParseTrustedIdentity(identity); !parsed) return Rewrap(parsed.error(), "{}", policy.name);
  }
  return policy;
}

// The subject's attributes by short name ("C", "ST", "O", "CN", ...). Refuses, as notation-go does, a subject
// that repeats an attribute type or has a multi-valued RDN: matched attribute by attribute, "O=evil, O=acme"
// would pass for O=acme.
Result<std::vector<std::pair<std::string, std::string>>> SubjectAttributes(const Certificate& cert) {
  std::vector<std::pair<std::string, std::string>> out;
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    if (i > 0 && X509_NAME_ENTRY_set(entry) == X509_NAME_ENTRY_set(X509_NAME_get_entry(name, i - 1))) {
      return Fail("signing certificate subject \"{}\" has a multi-valued RDN", cert.Subject());
    }
    const char* sn = OBJ_nid2sn(OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry)));
    unsigned char* utf8 = nullptr;
    int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    if (length < 0 || !sn) continue;
    std::string value(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    if (std::any_of(out.begin(), out.end(), [&](const auto& attribute) { return attribute.first == sn; })) {
      return Fail("signing certificate subject \"{}\" repeats attribute {}", cert.Subject(), sn);
    }
    out.emplace_back(sn, std::move(value));
  }
  return out;
}

std::string Trim(std::string_view s) {
  std::size_t begin = s.find_first_not_of(' '), end = s.find_last_not_of(' ');
  return begin == std::string_view::npos ? "" : std::string(s.substr(begin, end - begin + 1));
}

}  // namespace

const NotationPolicy* NotationTrustPolicy::Select(std::string_view repository) const {
  const NotationPolicy* global = nullptr;
  for (const auto& policy : policies) {
    for (const auto& scope : policy.registry_scopes) {
      if (scope == repository) return &policy;
      if (scope == "*") global = &policy;
    }
  }
  return global;
}

Result<NotationTrustPolicy> LoadNotationTrustPolicy(std::string_view text, const std::string& trust_store_dir) {
  if (text.size() > kMaxTrustPolicyBytes) return Fail("trust policy is {} bytes", text.size());
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Fail("trust policy is not a JSON object");
  if (JsonText(doc, "version") != "1.0") return Fail("trust policy version \"{}\" (1.0 is supported)", JsonText(doc, "version"));
  if (!doc.contains("trustPolicies") || !doc["trustPolicies"].is_array() || doc["trustPolicies"].empty()) {
    return Fail("trust policy has no trustPolicies");
  }
  NotationTrustPolicy out;
  std::vector<std::string> scopes;
  for (const auto& node : doc["trustPolicies"]) {
    if (!node.is_object()) return Fail("trustPolicies holds a non-object");
    auto policy = ParsePolicy(node, trust_store_dir);
    if (!policy) return std::unexpected(policy.error());
    for (const auto& scope : policy->registry_scopes) {
      if (std::find(scopes.begin(), scopes.end(), scope) != scopes.end()) {
        return Fail("registry scope \"{}\" appears in more than one trust policy", scope);
      }
      scopes.push_back(scope);
    }
    if (policy->level == NotationLevel::kSkip && policy->registry_scopes.front() == "*") {
      return Fail("{}: level skip cannot have the global scope", policy->name);
    }
    out.policies.push_back(std::move(*policy));
  }
  return out;
}

Result<NotationTrustPolicy> NotationTrustFromStore(const std::string& trust_store_dir,
                                                   const std::vector<std::string>& identities) {
  NotationPolicy policy{.name = "--notation-trust-store", .registry_scopes = {"*"}};
  fs::path root(trust_store_dir);
  std::error_code ec;
  if (fs::is_directory(root / "x509", ec)) {
    for (const auto& [type, into] : {std::pair{"ca", &policy.ca_roots}, std::pair{"tsa", &policy.tsa_roots},
                                     std::pair{"signingAuthority", &policy.signing_authority_roots}}) {
      if (!fs::is_directory(root / "x509" / type, ec)) continue;
      std::vector<fs::path> stores;
      for (const auto& entry : fs::directory_iterator(root / "x509" / type, ec)) {
        if (entry.is_directory()) stores.push_back(entry.path());
      }
      std::sort(stores.begin(), stores.end());
      for (const auto& store : stores) {
        if (auto ok = ReadNamedStore(store, *into); !ok) return std::unexpected(ok.error());
      }
    }
  } else if (auto ok = ReadNamedStore(root, policy.ca_roots); !ok) {
    return std::unexpected(ok.error());
  }
  if (policy.ca_roots.empty() && policy.signing_authority_roots.empty()) {
    return Fail("{}: no CA certificates", trust_store_dir);
  }
  if (identities.empty()) return Fail("say which signers to trust: --notation-identity 'x509.subject: C=..,ST=..,O=..' (or '*')");
  for (const auto& identity : identities) {
    if (identity == "*") continue;
    if (auto parsed = ParseTrustedIdentity(identity); !parsed) return std::unexpected(parsed.error());
  }
  policy.identities = identities;
  NotationTrustPolicy out;
  out.policies.push_back(std::move(policy));
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> ParseTrustedIdentity(std::string_view identity) {
  if (!identity.starts_with(kSubjectPrefix)) {
    return Fail("trusted identity \"{}\" is not \"*\" or \"x509.subject: ...\"", identity);
  }
  std::vector<std::pair<std::string, std::string>> out;
  std::string part;
  auto finish = [&]() -> Status {
    std::size_t equals = part.find('=');
    if (equals == std::string::npos) return Fail("trusted identity \"{}\": \"{}\" is not TYPE=VALUE", identity, part);
    std::string type = Trim(part.substr(0, equals));
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
    if (type == "S") type = "ST";
    std::string value = part.substr(equals + 1);
    // Unescaped edge spaces are separators' padding; an escaped one ("\ ") was turned into '\x01' below.
    value = Trim(value);
    std::replace(value.begin(), value.end(), '\x01', ' ');
    out.emplace_back(type, value);
    part.clear();
    return {};
  };
  std::string_view rest = identity.substr(kSubjectPrefix.size());
  for (std::size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (c == '\\' && i + 1 < rest.size()) {
      char next = rest[++i];
      part += next == ' ' ? '\x01' : next;
    } else if (c == ',') {
      if (auto ok = finish(); !ok) return std::unexpected(ok.error());
    } else {
      part += c;
    }
  }
  if (auto ok = finish(); !ok) return std::unexpected(ok.error());
  for (const char* required : {"C", "ST", "O"}) {
    if (std::none_of(out.begin(), out.end(), [&](const auto& rdn) { return rdn.first == required; })) {
      return Fail("trusted identity \"{}\" lacks {} (C, ST and O are required)", identity, required);
    }
  }
  return out;
}

Status MatchTrustedIdentity(const std::vector<std::string>& identities, const Certificate& leaf) {
  if (std::find(identities.begin(), identities.end(), "*") != identities.end()) return {};
  auto subject = SubjectAttributes(leaf);
  if (!subject) return std::unexpected(subject.error());
  for (const auto& identity : identities) {
    auto wanted = ParseTrustedIdentity(identity);
    if (!wanted) continue;
    bool all = std::all_of(wanted->begin(), wanted->end(), [&](const auto& rdn) {
      return std::find(subject->begin(), subject->end(), rdn) != subject->end();
    });
    if (all) return {};
  }
  return Fail("signing certificate subject \"{}\" is not a trusted identity", leaf.Subject());
}

}  // namespace drydock::verify
