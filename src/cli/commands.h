// Subcommands: each registers its flags on the CLI11 app and returns the exit code when run.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "drydock/error.h"
#include "verify/trust_policy.h"

namespace drydock {

// Exit codes (DESIGN.md): 0 ok, --exit-code N when findings pass the filters, 2 usage, 3 error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitError = 3;

using CommandRunner = std::function<int()>;

CommandRunner AddImageCommand(CLI::App& app);
CommandRunner AddRootfsCommand(CLI::App& app);
CommandRunner AddFsCommand(CLI::App& app);
CommandRunner AddConfigCommand(CLI::App& app);
CommandRunner AddSbomCommand(CLI::App& app);
CommandRunner AddDbBuildCommand(CLI::App& db);
CommandRunner AddDbInfoCommand(CLI::App& db);
CommandRunner AddDbUpdateCommand(CLI::App& db);
CommandRunner AddDbPublishCommand(CLI::App& db);
CommandRunner AddCacheCleanCommand(CLI::App& cache);
CommandRunner AddRegistryLoginCommand(CLI::App& registry);
CommandRunner AddVerifyCommand(CLI::App& verify);
CommandRunner AddAdmissionManifestCommand(CLI::App& manifest);
// image --verify-key: checks the target's signatures into flags.signature; an exit code when the scan must not
// run (no valid signature and no require_signature policy rule to report it, or an error), else nullopt.
struct ScanFlags;
std::optional<int> CheckSignaturesBeforeScan(ScanFlags& flags);
// The trust a scan verifies signatures and attestations with: --verify-key keys plus the --policy file's
// `signatures:` rule; none when neither is given; an error when a key, root or trust store cannot be read.
Result<std::optional<verify::TrustPolicy>> ScanTrust(const ScanFlags& flags);
// image --vex oci / --sbom-source oci: finds the image's attestations, verifies them with ScanTrust, and keeps
// the valid VEX and SBOM statements for the scan (attestation_sources.cc); an exit code when it cannot.
std::optional<int> LoadImageAttestations(ScanFlags& flags);
// `db update` as a call (mirrors, else a repository, else the update.yaml config's, else the published feeds),
// for `drydock server --db-update-interval`.
std::function<Status()> DbUpdater(const std::vector<std::string>& mirrors, const std::string& repository,
                                  const std::string& public_key, const std::string& db);
CommandRunner AddServerCommand(CLI::App& server);
CommandRunner AddQueryAffectedCommand(CLI::App& query);
CommandRunner AddQueryPackageCommand(CLI::App& query);
CommandRunner AddBaseIndexAddCommand(CLI::App& add);
CommandRunner AddBaseIndexAddOfficialCommand(CLI::App& add_official);
CommandRunner AddBaseIndexUpdateCommand(CLI::App& update);

// Defaults read from the environment (cli/paths.cc): the library is always told, never guesses.
std::string DefaultDbPath();     // $DRYDOCK_DB, else ~/.cache/drydock/drydock.db
std::string DefaultCacheDir();   // $XDG_CACHE_HOME/drydock, else ~/.cache/drydock
std::string DefaultBaseIndex(const std::string& cache_dir);  // CACHE_DIR/base-index.db, beside the layer cache
std::string DockerConfigPath();  // $DOCKER_CONFIG/config.json, else ~/.docker/config.json
std::optional<std::int64_t> SourceDateEpoch();  // $SOURCE_DATE_EPOCH when it is a number of seconds

}  // namespace drydock
