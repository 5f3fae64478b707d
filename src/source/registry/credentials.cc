// docker's credential store, read (and, for `drydock registry login`, written) as docker does.
#include "source/registry/credentials.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/bounded_json.h"
#include "common/file.h"
#include "source/registry/credential_helper.h"

namespace drydock {
namespace {

using nlohmann::json;

// Docker Hub is stored under its v1 index URL whatever name the user typed.
constexpr std::string_view kDockerHubKey = "https://index.docker.io/v1/";
constexpr std::string_view kDockerHubAliases[] = {"registry-1.docker.io", "index.docker.io", "docker.io"};

bool IsDockerHub(std::string_view host) {
  for (std::string_view alias : kDockerHubAliases) {
    if (host == alias) return true;
  }
  return false;
}

// "https://host:5000/v1/" -> "host:5000": docker compares config keys by host alone.
std::string_view HostOf(std::string_view key) {
  if (auto scheme = key.find("://"); scheme != std::string_view::npos) key.remove_prefix(scheme + 3);
  return key.substr(0, key.find('/'));
}

bool SameRegistry(std::string_view key, std::string_view registry) {
  std::string_view host = HostOf(key);
  return host == registry || (IsDockerHub(host) && IsDockerHub(registry));
}

// The key docker itself would write for `registry`, and hands to credential helpers.
std::string ServerKey(std::string_view registry) {
  return IsDockerHub(registry) ? std::string(kDockerHubKey) : std::string(registry);
}

Result<Credentials> DecodeAuth(std::string_view encoded) {
  std::vector<unsigned char> decoded(encoded.size() / 4 * 3 + 3);
  int length = EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(encoded.data()),
                               static_cast<int>(encoded.size()));
  if (length < 0) return Fail("\"auth\" is not base64");
  // EVP_DecodeBlock counts '=' padding as output bytes; drop them.
  for (std::size_t i = encoded.size(); i > 0 && encoded[i - 1] == '=' && length > 0; --i) --length;
  std::string text(reinterpret_cast<const char*>(decoded.data()), static_cast<std::size_t>(length));
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) return Fail("\"auth\" does not decode to user:password");
  return Credentials{text.substr(0, colon), text.substr(colon + 1)};
}

std::string EncodeAuth(const Credentials& credentials) {
  std::string plain = credentials.username + ":" + credentials.password;
  std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
  out.resize(static_cast<std::size_t>(length));
  return out;
}

// The helper named for `registry` by credHelpers, else credsStore; empty when neither names one.
std::string HelperFor(const json& config, std::string_view registry) {
  if (auto helpers = config.find("credHelpers"); helpers != config.end() && helpers->is_object()) {
    for (const auto& [key, name] : helpers->items()) {
      if (SameRegistry(key, registry) && name.is_string()) return name.get<std::string>();
    }
  }
  if (auto store = config.find("credsStore"); store != config.end() && store->is_string()) return store->get<std::string>();
  return "";
}

}  // namespace

Result<std::optional<Credentials>> FindCredentials(std::string_view config_json, std::string_view registry) {
  auto parsed = ParseBoundedJson(config_json, "docker config", kMaxDockerConfigBytes);
  if (!parsed) return std::unexpected(parsed.error());
  const json& config = *parsed;
  if (!config.is_object()) return Fail("not a JSON object");
  if (auto auths = config.find("auths"); auths != config.end() && auths->is_object()) {
    for (const auto& [key, entry] : auths->items()) {
      if (!SameRegistry(key, registry) || !entry.is_object()) continue;
      if (auto auth = entry.find("auth"); auth != entry.end() && auth->is_string() && !auth->get<std::string>().empty()) {
        auto credentials = DecodeAuth(auth->get<std::string>());
        if (!credentials) return Rewrap(credentials.error(), "auths[\"{}\"]", key);
        return std::optional<Credentials>(std::move(*credentials));
      }
      if (auto token = entry.find("identitytoken"); token != entry.end() && token->is_string()) {
        return std::optional<Credentials>(Credentials{"<token>", token->get<std::string>()});
      }
    }
  }
  const std::string helper = HelperFor(config, registry);
  if (helper.empty()) return std::optional<Credentials>();
  auto answer = RunCredentialHelper(helper, ServerKey(registry));
  if (!answer) return std::unexpected(answer.error());
  if (!*answer) return std::optional<Credentials>();
  return std::optional<Credentials>(Credentials{(*answer)->username, (*answer)->password});
}

Result<std::optional<Credentials>> LoadCredentials(const std::string& path, std::string_view registry) {
  if (path.empty()) return std::optional<Credentials>();
  if (!std::filesystem::exists(path)) return std::optional<Credentials>();
  auto text = ReadFileBounded(path, kMaxDockerConfigBytes);
  if (!text) return std::unexpected(text.error());
  auto found = FindCredentials(*text, registry);
  if (!found) return Rewrap(found.error(), "{}", path);
  return found;
}

Result<std::string> WithCredentials(std::string_view config_json, std::string_view registry,
                                    const Credentials& credentials) {
  json config = json::object();
  if (!config_json.empty()) {
    auto parsed = ParseBoundedJson(config_json, "docker config", kMaxDockerConfigBytes);
    if (!parsed) return std::unexpected(parsed.error());
    config = std::move(*parsed);
  }
  if (!config.is_object()) return Fail("not a JSON object");
  if (!config.contains("auths") || !config["auths"].is_object()) config["auths"] = json::object();
  config["auths"][ServerKey(registry)] = json{{"auth", EncodeAuth(credentials)}};
  return config.dump(1, '\t') + "\n";
}

Status StoreCredentials(const std::string& path, std::string_view registry, const Credentials& credentials) {
  if (path.empty()) return FailWith(ErrorCode::kInvalidInput, "no docker config file to store credentials in");
  std::string existing;
  if (std::filesystem::exists(path)) {
    auto text = ReadFileBounded(path, kMaxDockerConfigBytes);
    if (!text) return std::unexpected(text.error());
    existing = std::move(*text);
  }
  auto updated = WithCredentials(existing, registry, credentials);
  if (!updated) return Rewrap(updated.error(), "{}", path);
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  return WriteFileAtomic(path, *updated, 0600);
}

}  // namespace drydock
