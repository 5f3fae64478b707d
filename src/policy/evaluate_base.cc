// Evaluators over the image's base: which base is allowed (by distro, or by the identified base image's
// reference) and how old the base's digest may be.
#include "policy/evaluate.h"

namespace drydock {
namespace {

RuleOutcome DistroAllowed(const PolicyRule& rule, const ScanReport& report) {
  const Distro& os = report.artifact.os;
  if (os.empty()) return {false, {"operating system not detected"}};
  std::string have = fmt::format("{} {}", os.family, os.version.empty() ? "(no version)" : os.version);
  for (const DistroMinimum& d : rule.distros) {
    if (d.family != os.family) continue;
    if (d.min_version.empty()) return {true, {fmt::format("{} is allowed", have)}};
    if (!os.version.empty() && CompareDistroVersions(os.version, d.min_version) >= 0) {
      return {true, {fmt::format("{} satisfies {} >= {}", have, d.family, d.min_version)}};
    }
    return {false, {fmt::format("{} is older than {} >= {}", have, d.family, d.min_version)}};
  }
  return {false, {fmt::format("{} is not an allowed base", have)}};
}

// The identified base as "REGISTRY/REPO:TAG" (and "@DIGEST"): either form may match a glob.
RuleOutcome ReferenceAllowed(const PolicyRule& rule, const ScanReport& report) {
  const auto& base = report.artifact.base_image;
  if (!base || base->name.empty()) {
    return {false, {"no base image identified by name (annotations, provenance or a --base-index match)"}};
  }
  std::vector<std::string> forms;
  if (!base->tag.empty()) forms.push_back(base->name + ":" + base->tag);
  if (!base->digest.empty()) forms.push_back(base->name + "@" + base->digest);
  if (forms.empty()) forms.push_back(base->name);
  for (const std::string& form : forms) {
    if (const std::string* glob = FirstMatch(rule.items, form)) {
      return {true, {fmt::format("base {} matches \"{}\" (identified by {})", form, *glob, base->source)}};
    }
  }
  return {false, {fmt::format("base {} matches none of the {} base-image patterns", forms.front(), rule.items.size())}};
}

}  // namespace

// A list may mix distros ("debian >= 12") and base references ("docker.io/library/debian:12*"): each kind
// present must be met, by any one of its entries.
RuleOutcome EvaluateAllowedBaseImages(const PolicyRule& rule, const ScanReport& report, const PolicyContext&) {
  RuleOutcome outcome;
  for (bool references : {false, true}) {
    if ((references ? rule.items.empty() : rule.distros.empty())) continue;
    RuleOutcome part = references ? ReferenceAllowed(rule, report) : DistroAllowed(rule, report);
    outcome.passed = outcome.passed && part.passed;
    outcome.evidence.insert(outcome.evidence.end(), part.evidence.begin(), part.evidence.end());
  }
  return outcome;
}

RuleOutcome EvaluateMaxBaseAge(const PolicyRule& rule, const ScanReport& report, const PolicyContext& context) {
  if (!IsImage(report)) return NotApplicable(report, "base image");
  const auto& base = report.artifact.base_image;
  if (!base || base->digest.empty()) return {false, {"no base image digest identified: its age is unknown"}};
  const std::string& created = base->created;
  if (created.size() < 10 || !ValidPolicyDate(std::string_view(created).substr(0, 10)) ||
      !ValidPolicyDate(context.today)) {
    return {false, {fmt::format("base {} has no known created date (index it with drydock base index add)",
                                base->digest)}};
  }
  const long long age = DaysFromCivil(context.today) - DaysFromCivil(created);
  return {age <= rule.days,
          {fmt::format("base {}{}{} ({}) created {} ({} days before {}; limit {})", base->name,
                       base->tag.empty() ? "" : ":", base->tag, base->digest.substr(0, 19), created.substr(0, 10), age,
                       context.today, rule.days)}};
}

}  // namespace drydock
