// image --vex oci / --sbom-source oci: the image's own attestations as VEX and SBOM sources, each used only when
// its signature verifies under the scan's trust (--verify-key, the policy's `signatures:` rule). The verified
// predicates are written to a private temporary directory and read by the scan like any --vex FILE / SBOM.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/scan_flags.h"
#include "common/file.h"
#include "source/registry/reference.h"
#include "verify/image_attestations.h"

namespace drydock {
namespace {

bool IsVexPredicate(std::string_view type) {
  return type.starts_with("https://openvex.dev/ns") || type.starts_with("https://cyclonedx.org/vex");
}
bool IsSbomPredicate(std::string_view type) {
  return type.starts_with("https://cyclonedx.org/bom") || type.starts_with("https://spdx.dev/Document");
}
bool IsProvenancePredicate(std::string_view type) { return type.starts_with("https://slsa.dev/provenance/"); }

// A registry image (not an archive or a layout): the only kind that carries attestations.
bool IsRegistryTarget(const std::string& target) {
  std::error_code ec;
  return !target.starts_with("oci:") && !std::filesystem::exists(target, ec) && ParseReference(target).has_value();
}

// The statement's predicate as its own document (what a --vex FILE or an SBOM file holds).
Result<std::string> Predicate(const std::string& statement) {
  auto doc = nlohmann::json::parse(statement, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("predicate") || !doc["predicate"].is_object()) {
    return Fail("statement has no predicate object");
  }
  return doc["predicate"].dump();
}

Result<std::string> MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "drydock-attestations-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return Fail("cannot create a temporary directory");
  return pattern;
}

}  // namespace

std::optional<int> LoadImageAttestations(ScanFlags& flags) {
  auto& vex = flags.options.vex_files;
  bool want_vex = std::find(vex.begin(), vex.end(), "oci") != vex.end();
  bool want_sbom = flags.sbom_source == "oci";
  vex.erase(std::remove(vex.begin(), vex.end(), "oci"), vex.end());
  auto trust = ScanTrust(flags);
  // With trust configured, a registry image's signed provenance names its base (ScanOptions::signed_attestations)
  // even when no VEX or SBOM attestation was asked for.
  const bool want_provenance = trust && *trust && IsRegistryTarget(flags.options.target);
  if (!want_vex && !want_sbom && !want_provenance) return std::nullopt;
  if (!trust) return fmt::print(stderr, "drydock: signature trust: {}\n", trust.error().message), kExitUsage;
  if (!*trust) {
    fmt::print(stderr, "drydock: --vex oci / --sbom-source oci use only attestations whose signature verifies: give "
                       "--verify-key FILE or a --policy with a `signatures:` rule\n");
    return kExitUsage;
  }
  auto ref = ParseReference(flags.options.target);
  if (!ref) {
    fmt::print(stderr, "drydock: --vex oci / --sbom-source oci need a registry image: {}\n", ref.error().message);
    return kExitUsage;
  }
  RegistryOptions registry = flags.options.registry;
  if (registry.docker_config.empty()) registry.docker_config = DockerConfigPath();
  auto found = verify::VerifyImageAttestations(*ref, registry, **trust);
  if (!found && !want_vex && !want_sbom) {  // only the base's provenance was asked for: the scan goes on
    fmt::print(stderr, "drydock: reading attestations for the base image's provenance: {}\n", found.error().message);
    return std::nullopt;
  }
  if (!found) return fmt::print(stderr, "drydock: reading attestations: {}\n", found.error().message), kExitError;
  auto dir = MakeTempDir();
  if (!dir) return fmt::print(stderr, "drydock: {}\n", dir.error().message), kExitError;
  flags.attestation_dir = *dir;
  int index = 0;
  for (const auto& check : found->checks) {
    AttestationUse use{.source = check.source, .predicate_type = check.predicate_type, .used = false, .detail = {}};
    bool vex_kind = IsVexPredicate(check.predicate_type), sbom_kind = IsSbomPredicate(check.predicate_type);
    if (!check.valid) {
      use.detail = "rejected: " + check.detail;
    } else if (IsProvenancePredicate(check.predicate_type)) {
      flags.options.signed_attestations.push_back({check.statement, check.detail});
      use.used = true;
      use.detail = "read to identify the base image (artifact.base_image.source says whether it decided): signed by " +
                   check.detail;
    } else if (!(vex_kind && want_vex) && !(sbom_kind && want_sbom)) {
      use.detail = "not used: predicate type is not a requested source (signed by " + check.detail + ")";
    } else if (sbom_kind && !flags.sbom_file.empty()) {
      use.detail = "not used: another SBOM attestation was used (signed by " + check.detail + ")";
    } else if (auto predicate = Predicate(check.statement); !predicate) {
      use.detail = "rejected: " + predicate.error().message;
    } else {
      // Named after where the attestation came from, since a VEX suppression quotes the file it read.
      std::string name = check.source;
      std::replace_if(name.begin(), name.end(), [](unsigned char c) { return !std::isalnum(c) && c != '.'; }, '-');
      std::string file = fmt::format("{}/{}-{}.json", *dir, index++, name.substr(0, 96));
      std::ofstream(file, std::ios::binary) << *predicate;
      if (vex_kind) {
        flags.options.vex_files.push_back(file);
      } else {
        flags.sbom_file = file;
      }
      use.used = true;
      use.detail = fmt::format("used as {}: signed by {}", vex_kind ? "VEX" : "the SBOM", check.detail);
    }
    flags.attestations.push_back(std::move(use));
  }
  if (want_sbom && flags.sbom_file.empty()) {
    fmt::print(stderr, "drydock: {}: no SBOM attestation verifies; scanning the image's layers\n", flags.options.target);
  }
  for (const auto& use : flags.attestations) {
    if (!flags.quiet) fmt::print(stderr, "attestation {} ({}): {}\n", use.source, use.predicate_type, use.detail);
  }
  return std::nullopt;
}

}  // namespace drydock
