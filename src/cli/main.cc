// drydock: thin CLI over the library. Parses flags, runs one subcommand, chooses the exit code.
#include <cstdlib>
#include <fmt/core.h>

#include <map>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // With TZ unset, glibc re-reads /etc/localtime on every localtime()/mktime(): libarchive calls one per zip entry,
  // which was thousands of stat calls per JAR-heavy image. An explicit TZ naming the same file is loaded once.
  ::setenv("TZ", ":/etc/localtime", /*overwrite=*/0);
  CLI::App app{"drydock: container image vulnerability scanner"};
  app.require_subcommand(1);
  std::map<const CLI::App*, drydock::CommandRunner> runners;
  auto* image = app.add_subcommand("image", "Scan a container image (docker save archive or OCI layout)");
  runners[image] = drydock::AddImageCommand(*image);
  auto* rootfs = app.add_subcommand("rootfs", "Scan an unpacked root filesystem directory");
  runners[rootfs] = drydock::AddRootfsCommand(*rootfs);
  auto* fs = app.add_subcommand("fs", "Scan a project directory's lockfiles and manifests");
  runners[fs] = drydock::AddFsCommand(*fs);
  auto* config = app.add_subcommand("config", "Check Dockerfiles and Kubernetes manifests for misconfigurations");
  runners[config] = drydock::AddConfigCommand(*config);
  auto* sbom = app.add_subcommand("sbom", "Scan a CycloneDX or SPDX JSON SBOM by its package URLs");
  runners[sbom] = drydock::AddSbomCommand(*sbom);
  auto* db = app.add_subcommand("db", "Build and inspect the vulnerability DB");
  db->require_subcommand(1);
  auto* build = db->add_subcommand("build", "Compile feeds into one DB file");
  runners[build] = drydock::AddDbBuildCommand(*build);
  auto* info = db->add_subcommand("info", "Print the DB's schema, build time, feeds and counts");
  runners[info] = drydock::AddDbInfoCommand(*info);
  auto* update = db->add_subcommand("update", "Update the DB: from a mirror, an OCI repository, or (neither configured) the feeds themselves");
  runners[update] = drydock::AddDbUpdateCommand(*update);
  auto* publish = db->add_subcommand("publish", "Push the DB to a registry as an OCI artifact");
  runners[publish] = drydock::AddDbPublishCommand(*publish);
  auto* cache = app.add_subcommand("cache", "The layer cache");
  cache->require_subcommand(1);
  auto* clean = cache->add_subcommand("clean", "Remove every cached layer result");
  runners[clean] = drydock::AddCacheCleanCommand(*clean);
  auto* registry = app.add_subcommand("registry", "Registry credentials");
  registry->require_subcommand(1);
  auto* login = registry->add_subcommand("login", "Check and store credentials for a registry");
  runners[login] = drydock::AddRegistryLoginCommand(*login);
  auto* base = app.add_subcommand("base", "Base images")->require_subcommand(1);
  auto* base_index = base->add_subcommand("index", "The base-image index scans identify bases with")
                         ->require_subcommand(1);
  auto* index_add = base_index->add_subcommand("add", "Index a repository's tags (manifests and configs only)");
  runners[index_add] = drydock::AddBaseIndexAddCommand(*index_add);
  auto* index_official = base_index->add_subcommand("add-official", "Index the built-in table of official base images");
  runners[index_official] = drydock::AddBaseIndexAddOfficialCommand(*index_official);
  auto* index_update = base_index->add_subcommand("update", "Re-read every indexed repository; moved tags keep history");
  runners[index_update] = drydock::AddBaseIndexUpdateCommand(*index_update);
  auto* server = app.add_subcommand("server", "Run the scanning service (HTTP API, job queue, store)");
  runners[server] = drydock::AddServerCommand(*server);
  auto* query = app.add_subcommand("query", "Ask a drydock server which images are affected");
  query->require_subcommand(1);
  auto* affected = query->add_subcommand("affected", "Images with a vulnerability (by id or alias)");
  runners[affected] = drydock::AddQueryAffectedCommand(*affected);
  auto* package = query->add_subcommand("package", "Images holding a package, by purl and version range");
  runners[package] = drydock::AddQueryPackageCommand(*package);
  auto* verify = app.add_subcommand("verify", "Verify an image's cosign signatures, or a Sigstore bundle (verify blob)");
  runners[verify] = drydock::AddVerifyCommand(*verify);
  auto* admission = app.add_subcommand("admission", "Kubernetes admission webhook")->require_subcommand(1);
  auto* manifest = admission->add_subcommand("manifest", "Print the webhook configuration, Service and Deployment");
  runners[manifest] = drydock::AddAdmissionManifestCommand(*manifest);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? drydock::kExitOk : drydock::kExitUsage;
  }
  // A command's own subcommands (server token create) are dispatched by its runner.
  for (const auto& [command, run] : runners) {
    if (command->parsed() && command->get_parent() == &app) return run();
  }
  for (const auto& [command, run] : runners) {
    if (command->parsed()) return run();
  }
  return drydock::kExitUsage;
}
