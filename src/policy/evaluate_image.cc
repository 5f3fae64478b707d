// Evaluators over where an artifact comes from and what it is built on: registry, repository, distro, age.
// Registry and age rules are "not applicable" (and pass, saying so) on a rootfs or SBOM, which name neither.
#include <fnmatch.h>

#include <chrono>

#include "policy/evaluate.h"

namespace drydock {
namespace {

// The first of `globs` matching `subject`, host names compared case-insensitively (a policy may write
// "EVIL.IO"; repository paths are lower case by grammar, so folding them changes nothing).
const std::string* FirstSourceMatch(const std::vector<std::string>& globs, const std::string& subject) {
  for (const std::string& glob : globs) {
    if (::fnmatch(glob.c_str(), subject.c_str(), FNM_CASEFOLD) == 0) return &glob;
  }
  return nullptr;
}

// Allow and deny lists over the registry ("docker.io") or the full repository ("docker.io/library/debian").
// A deny list also judges the host without its port: a denied host stays denied on any port it serves. An
// allow list names exactly the registry it trusts: "good.io" does not vouch for good.io:5000.
RuleOutcome MatchSource(const PolicyRule& rule, const ScanReport& report, bool allow, bool registry) {
  if (!IsImage(report)) return NotApplicable(report, "registry");
  ImageReference ref = ParseImageReference(report.artifact.name);
  if (ref.registry.empty()) {
    // An allow list cannot be met by an image that names no source; a deny list cannot be broken by it.
    return {!allow, {fmt::format("image name \"{}\" is not a registry reference", report.artifact.name)}};
  }
  auto subject_of = [&](const std::string& host) { return registry ? host : host + "/" + ref.repository; };
  std::vector<std::string> subjects = {subject_of(ref.registry)};
  if (!allow && ref.host != ref.registry) subjects.push_back(subject_of(ref.host));
  for (const std::string& subject : subjects) {
    if (const std::string* glob = FirstSourceMatch(rule.items, subject)) {
      return {allow, {fmt::format("{} matches \"{}\"", subject, *glob)}};
    }
  }
  return {!allow, {fmt::format("{} matches none of the {} patterns", subjects.front(), rule.items.size())}};
}

}  // namespace

long long DaysFromCivil(std::string_view date) {
  auto n = [&](std::size_t at, std::size_t len) { return std::stoi(std::string(date.substr(at, len))); };
  std::chrono::sys_days day{std::chrono::year(n(0, 4)) / std::chrono::month(n(5, 2)) /
                            std::chrono::day(n(8, 2))};
  return day.time_since_epoch().count();
}

RuleOutcome EvaluateAllowedRegistries(const PolicyRule& r, const ScanReport& s, const PolicyContext&) {
  return MatchSource(r, s, true, true);
}
RuleOutcome EvaluateDeniedRegistries(const PolicyRule& r, const ScanReport& s, const PolicyContext&) {
  return MatchSource(r, s, false, true);
}
RuleOutcome EvaluateAllowedRepositories(const PolicyRule& r, const ScanReport& s, const PolicyContext&) {
  return MatchSource(r, s, true, false);
}
RuleOutcome EvaluateDeniedRepositories(const PolicyRule& r, const ScanReport& s, const PolicyContext&) {
  return MatchSource(r, s, false, false);
}

// Fails unless a signature was checked and one verified: a gate that was not asked to verify must not pass.
RuleOutcome EvaluateRequireSignature(const PolicyRule&, const ScanReport& report, const PolicyContext& context) {
  if (!IsImage(report)) return NotApplicable(report, "signatures");
  if (!context.signature.checked) {
    return {false, {"no signature was checked (give --verify-key FILE, or a `signatures:` rule with its trust)"}};
  }
  RuleOutcome outcome{context.signature.verified, context.signature.lines};
  if (outcome.evidence.empty()) outcome.evidence.push_back("no signature found");
  return outcome;
}

RuleOutcome EvaluateNoEndOfLife(const PolicyRule&, const ScanReport& report, const PolicyContext&) {
  const Artifact& a = report.artifact;
  if (a.os.empty()) return {true, {"operating system not detected: no end-of-life date to check"}};
  if (!a.os_end_of_life.empty()) {
    return {false,
            {fmt::format("{} {} reached end of life on {}", a.os.family, a.os.version, a.os_end_of_life)}};
  }
  return {true, {fmt::format("{} {} is supported", a.os.family, a.os.version)}};
}

RuleOutcome EvaluateMaxAgeDays(const PolicyRule& rule, const ScanReport& report,
                               const PolicyContext& context) {
  if (!IsImage(report)) return NotApplicable(report, "image config");
  const std::string& created = report.artifact.config.created;
  if (created.size() < 10 || !ValidPolicyDate(std::string_view(created).substr(0, 10)) ||
      !ValidPolicyDate(context.today)) {
    return {false, {fmt::format("image config has no usable created date (\"{}\")", created)}};
  }
  long long age = DaysFromCivil(context.today) - DaysFromCivil(created);
  std::string evidence = fmt::format("created {} ({} days before {}; limit {})", created.substr(0, 10), age,
                                     context.today, rule.days);
  return {age <= rule.days, {evidence}};
}

}  // namespace drydock
