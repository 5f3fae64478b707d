// drydock sbom: the packages an SBOM lists, matched and filtered exactly as an image's would be.
#include <algorithm>
#include <map>
#include <tuple>

#include "common/file.h"
#include "scanner/match_inventory.h"
#include "scanner/scan_env.h"
#include "source/sbom/sbom.h"

namespace drydock {

Result<ScanReport> ScanSbomIn(const ScanOptions& options, std::string_view sbom_text, const ScanEnv& env) {
  std::string read;
  if (sbom_text.empty()) {
    auto text = ReadFileBounded(options.target, kMaxSbomBytes);
    if (!text) return Rewrap(text.error(), "SBOM {}", options.target);
    read = std::move(*text);
    sbom_text = read;
  } else if (sbom_text.size() > kMaxSbomBytes) {
    return FailWith(ErrorCode::kTooLarge, "SBOM {}: {} bytes is over the {} byte limit", options.target,
                    sbom_text.size(), kMaxSbomBytes);
  }
  auto sbom = ReadSbom(sbom_text, options.target);
  if (!sbom) return FailWith(ErrorCode::kInvalidInput, "{}", sbom.error().message);
  if (Status go = env.stop.Check(); !go) return std::unexpected(go.error());

  ScanReport report;
  report.artifact = {.name = sbom->name.empty() ? options.target : sbom->name, .type = "sbom", .os = sbom->distro};
  for (const std::string& why : sbom->skipped) report.errors.push_back({"sbom", options.target, why});
  std::map<std::string, Package> by_id;  // an SBOM may list a package twice (nested components)
  for (Package& p : sbom->packages) by_id.emplace(p.id, std::move(p));
  for (auto& [id, p] : by_id) report.packages.push_back(std::move(p));
  report.packages.SortByKey();
  MatchInventory({.db = env.db.get(), .db_path = env.db_path, .options = &options, .policy = &env.policy,
                  .now = env.now},
                 report);
  return report;
}

}  // namespace drydock
