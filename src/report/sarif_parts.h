// Shared by the SARIF writer's files: the run being built (rules deduplicated by id) and the level mapping.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "drydock/report.h"

namespace drydock {

using SarifJson = nlohmann::ordered_json;

struct SarifRun {
  SarifJson rules = SarifJson::array();
  SarifJson results = SarifJson::array();
  std::map<std::string, std::size_t> index;  // rule id -> position in `rules`

  // The rule's index, adding make() the first time `id` is seen.
  template <class Make>
  std::size_t RuleIndex(const std::string& id, Make make) {
    auto [it, added] = index.emplace(id, rules.size());
    if (added) rules.push_back(make());
    return it->second;
  }
};

// GitHub shows error/warning/note; its own docs map security-severity >= 7 to error, >= 4 to warning.
std::string_view SarifLevel(std::string_view severity);

// One rule per secret rule id, located at the file and line (env and history at the image); text masked.
void AddSecretResults(const ScanReport& report, SarifRun& run);
// One rule per check id, located at the file and line, or at the image for image-config checks.
void AddMisconfigurationResults(const ScanReport& report, SarifRun& run);
// One result per failed policy rule (ruleId = the policy rule's id), located at the image.
void AddPolicyResults(const ScanReport& report, SarifRun& run);

}  // namespace drydock
