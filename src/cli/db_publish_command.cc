// drydock db publish REGISTRY/REPO:TAG [--db PATH] [--key PEM]: push the compiled DB as an OCI artifact.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "common/file.h"
#include "update/oci_artifact.h"
#include "update/signature.h"

namespace drydock {
namespace {

struct PublishFlags {
  PublishOptions options;
  std::string key;
};

int RunPublish(PublishFlags flags) {
  if (flags.options.db_path.empty()) flags.options.db_path = DefaultDbPath();
  if (!flags.key.empty()) {
    auto pem = ReadFileBounded(flags.key, kMaxPrivateKeyBytes);
    if (!pem) {
      fmt::print(stderr, "drydock: signing key {}: {}\n", flags.key, pem.error().message);
      return kExitUsage;
    }
    flags.options.private_key_pem = std::move(*pem);
  }
  auto published = PublishDb(flags.options);
  if (!published) {
    fmt::print(stderr, "drydock: {}\n", published.error().message);
    return kExitError;
  }
  fmt::print(stderr, "drydock: published {} as {} ({} bytes, layer {}{})\n", flags.options.db_path,
             flags.options.reference, published->layer_bytes, published->layer_digest,
             published->signed_by_key ? ", signed" : "");
  fmt::print("{}@{}\n", flags.options.reference.substr(0, flags.options.reference.rfind(':')),
             published->manifest_digest);
  return kExitOk;
}

}  // namespace

CommandRunner AddDbPublishCommand(CLI::App& app) {
  auto flags = std::make_shared<PublishFlags>();
  app.add_option("reference", flags->options.reference, "REGISTRY/REPO:TAG to push the DB to")->required();
  app.add_option("--db", flags->options.db_path, "DB file (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  app.add_option("--key", flags->key, "PEM private key (Ed25519 or ECDSA P-256): sign the DB's digest");
  RegistryOptions& registry = flags->options.registry;
  app.add_flag("--insecure", registry.insecure, "Registry: allow plain HTTP and unverified TLS");
  app.add_option("--username", registry.username, "Registry: user name (else docker's config.json)");
  app.add_option("--password", registry.password, "Registry: password or token");
  app.add_option("--ca-cert", registry.ca_cert, "Registry: PEM CA bundle to trust instead of the system store");
  return [flags] { return RunPublish(*flags); };
}

}  // namespace drydock
