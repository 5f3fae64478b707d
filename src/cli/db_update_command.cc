// drydock db update [--mirror URL]... [--config FILE] [--public-key PEM] [--db PATH] [--offline]
#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "common/file.h"
#include "update/signature.h"
#include "update/update.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxConfigBytes = 64 << 10;

struct UpdateFlags {
  std::vector<std::string> mirrors;
  std::string config, public_key, db;
  bool offline = false;
};

// $DRYDOCK_UPDATE_CONFIG, else ~/.config/drydock/update.yaml; empty when neither names a file.
std::string DefaultConfigPath() {
  if (const char* env = std::getenv("DRYDOCK_UPDATE_CONFIG"); env != nullptr && *env != '\0') return env;
  const char* home = std::getenv("HOME");
  if (home == nullptr) return "";
  std::string path = std::string(home) + "/.config/drydock/update.yaml";
  return std::filesystem::exists(path) ? path : "";
}

// update.yaml:  mirrors: [URL, ...]   public_key: PATH   (flags come first, then the file's mirrors)
Status ReadConfig(const std::string& path, UpdateFlags& flags) {
  auto text = ReadFileBounded(path, kMaxConfigBytes);
  if (!text) return std::unexpected(text.error());
  try {
    YAML::Node root = YAML::Load(*text);
    if (!root.IsMap()) return Fail("{}: expected a mapping with mirrors: and public_key:", path);
    if (YAML::Node mirrors = root["mirrors"]) {
      if (!mirrors.IsSequence()) return Fail("{}: mirrors: must be a list of URLs", path);
      for (const auto& m : mirrors) flags.mirrors.push_back(m.as<std::string>());
    }
    if (YAML::Node key = root["public_key"]; key && flags.public_key.empty()) flags.public_key = key.as<std::string>();
  } catch (const YAML::Exception& e) {
    return Fail("{}: {}", path, e.what());
  }
  return {};
}

int RunUpdate(UpdateFlags flags) {
  std::string config = flags.config.empty() ? DefaultConfigPath() : flags.config;
  if (!config.empty()) {
    if (auto read = ReadConfig(config, flags); !read) {
      fmt::print(stderr, "drydock: {}\n", read.error().message);
      return kExitUsage;
    }
  }
  UpdateOptions options{.target = flags.db.empty() ? DefaultDbPath() : flags.db, .mirrors = flags.mirrors,
                        .offline = flags.offline};
  if (!flags.public_key.empty()) {
    auto pem = ReadFileBounded(flags.public_key, kMaxPublicKeyBytes);
    if (!pem) {
      fmt::print(stderr, "drydock: public key {}: {}\n", flags.public_key, pem.error().message);
      return kExitUsage;
    }
    options.public_key_pem = std::move(*pem);
  }
  std::filesystem::path dir = std::filesystem::path(options.target).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  auto result = UpdateDb(options);
  if (!result) {
    fmt::print(stderr, "drydock: {}\n", result.error().message);
    return kExitError;
  }
  for (const std::string& why : result->skipped) fmt::print(stderr, "drydock: mirror skipped: {}\n", why);
  fmt::print(stderr, "drydock: {} {} (sha256 {} from {})\n", result->updated ? "updated" : "up to date",
             options.target, result->sha256, result->mirror);
  return kExitOk;
}

}  // namespace

CommandRunner AddDbUpdateCommand(CLI::App& app) {
  auto flags = std::make_shared<UpdateFlags>();
  app.add_option("--mirror", flags->mirrors,
                 "Artifact URL (http(s)://.../drydock.db.zst, a URL ending in /, file://PATH) or a directory; "
                 "repeatable, tried in order");
  app.add_option("--config", flags->config, "YAML with mirrors: and public_key: (default: "
                                            "$DRYDOCK_UPDATE_CONFIG, ~/.config/drydock/update.yaml)");
  app.add_option("--public-key", flags->public_key, "PEM public key (Ed25519 or ECDSA P-256): require a valid "
                                                    "<artifact>.sha256.sig");
  app.add_option("--db", flags->db, "DB file to replace (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  app.add_flag("--offline", flags->offline, "Use only file:// and directory mirrors");
  return [flags] { return RunUpdate(*flags); };
}

}  // namespace drydock
