// drydock db update [--mirror URL]... [--repository REF] [--config FILE] [--public-key PEM] [--db PATH] [--offline]
// With neither a mirror nor a repository configured, the DB is built from the feeds (db build --fetch).
#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/db_fetch.h"
#include "common/file.h"
#include "update/oci_artifact.h"
#include "update/signature.h"
#include "update/update.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxConfigBytes = 64 << 10;

struct UpdateFlags {
  std::vector<std::string> mirrors;
  std::string config, public_key, db, repository;
  bool offline = false;
  RegistryOptions registry;
  FetchFlags fetch;
};

// $DRYDOCK_UPDATE_CONFIG, else ~/.config/drydock/update.yaml; empty when neither names a file.
std::string DefaultConfigPath() {
  if (const char* env = std::getenv("DRYDOCK_UPDATE_CONFIG"); env != nullptr && *env != '\0') return env;
  const char* home = std::getenv("HOME");
  if (home == nullptr) return "";
  std::string path = std::string(home) + "/.config/drydock/update.yaml";
  return std::filesystem::exists(path) ? path : "";
}

// update.yaml:  mirrors: [URL, ...]   repository: REF   public_key: PATH   (flags come first, then the file's)
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
    if (YAML::Node repo = root["repository"]; repo && flags.repository.empty()) flags.repository = repo.as<std::string>();
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
  if (options.mirrors.empty() && flags.repository.empty()) {
    // Nothing publishes a DB for this machine: build one from the feeds, as db build --fetch does.
    if (flags.offline) {
      fmt::print(stderr, "drydock: --offline with no mirror: nothing to update from (add --mirror DIR)\n");
      return kExitUsage;
    }
    fmt::print(stderr, "drydock: no mirror or repository configured: building {} from the published feeds\n",
               options.target);
    return FetchAndBuildDb(flags.fetch, options.target);
  }
  Result<UpdateResult> result = Fail("unreachable");
  if (!flags.repository.empty()) {
    if (flags.offline) {
      fmt::print(stderr, "drydock: --repository needs the network; --offline allows only local mirrors\n");
      return kExitUsage;
    }
    result = PullDb(PullOptions{.target = options.target, .reference = flags.repository, .registry = flags.registry,
                                .public_key_pem = options.public_key_pem});
  } else {
    result = UpdateDb(options);
  }
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

std::function<Status()> DbUpdater(const std::vector<std::string>& mirrors, const std::string& repository,
                                  const std::string& public_key, const std::string& db) {
  UpdateFlags flags;
  flags.mirrors = mirrors;
  flags.repository = repository;
  flags.public_key = public_key;
  flags.db = db;
  return [flags]() -> Status {
    const int code = RunUpdate(flags);  // its messages go to stderr, beside the server's log
    if (code != kExitOk) return Fail("db update of {} exited {} (see the lines above)", flags.db, code);
    return {};
  };
}

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
  app.add_option("--repository", flags->repository, "REGISTRY/REPO:TAG of a DB published with db publish (OCI artifact)");
  app.add_flag("--insecure", flags->registry.insecure, "Registry: allow plain HTTP and unverified TLS");
  app.add_option("--username", flags->registry.username, "Registry: user name (else docker's config.json)");
  app.add_option("--password", flags->registry.password, "Registry: password or token");
  app.add_option("--ca-cert", flags->registry.ca_cert, "Registry: PEM CA bundle to trust instead of the system store");
  app.add_option("--registry-mirror", flags->registry.mirrors, "Registry: HOST[:PORT] tried before the repository's");
  AddFetchFlags(app, flags->fetch);
  return [flags] { return RunUpdate(*flags); };
}

}  // namespace drydock
