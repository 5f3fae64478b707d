// Evaluators over what an artifact is and how it runs: where it comes from, its distro, its age, its config,
// its secrets and failed checks. Rules about an image config are "not applicable" (and pass, saying so) on a
// rootfs or SBOM, which have none.
#include <fnmatch.h>

#include <chrono>

#include "policy/evaluate.h"

namespace drydock {
namespace {

bool IsImage(const ScanReport& report) { return report.artifact.type == "container_image"; }

RuleOutcome NotApplicable(const ScanReport& report, std::string_view what) {
  const std::string& type = report.artifact.type;
  std::string_view noun = type == "sbom"         ? "an SBOM"
                          : type == "rootfs"     ? "a rootfs"
                          : type == "filesystem" ? "a source tree"
                                                 : "this artifact";
  return {true, {fmt::format("not applicable: {} has no {}", noun, what)}};
}

const std::string* FirstMatch(const std::vector<std::string>& globs, const std::string& text) {
  for (const std::string& glob : globs) {
    if (::fnmatch(glob.c_str(), text.c_str(), 0) == 0) return &glob;
  }
  return nullptr;
}

// Allow and deny lists over the registry ("docker.io") or the full repository ("docker.io/library/debian").
RuleOutcome MatchSource(const PolicyRule& rule, const ScanReport& report, bool allow, bool registry) {
  if (!IsImage(report)) return NotApplicable(report, "registry");
  ImageReference ref = ParseImageReference(report.artifact.name);
  if (ref.registry.empty()) {
    // An allow list cannot be met by an image that names no source; a deny list cannot be broken by it.
    return {!allow, {fmt::format("image name \"{}\" is not a registry reference", report.artifact.name)}};
  }
  std::string subject = registry ? ref.registry : ref.registry + "/" + ref.repository;
  const std::string* glob = FirstMatch(rule.items, subject);
  if (glob != nullptr) return {allow, {fmt::format("{} matches \"{}\"", subject, *glob)}};
  return {!allow, {fmt::format("{} matches none of the {} patterns", subject, rule.items.size())}};
}

long long DaysFromCivil(std::string_view date) {  // YYYY-MM-DD, already checked by the caller
  auto n = [&](std::size_t at, std::size_t len) { return std::stoi(std::string(date.substr(at, len))); };
  std::chrono::sys_days day{std::chrono::year(n(0, 4)) / std::chrono::month(n(5, 2)) /
                            std::chrono::day(n(8, 2))};
  return day.time_since_epoch().count();
}

}  // namespace

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

RuleOutcome EvaluateAllowedBaseImages(const PolicyRule& rule, const ScanReport& report,
                                      const PolicyContext&) {
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

RuleOutcome EvaluateNoRoot(const PolicyRule&, const ScanReport& report, const PolicyContext&) {
  if (!IsImage(report)) return NotApplicable(report, "image config");
  const std::string& user = report.artifact.config.user;
  std::string name = user.substr(0, user.find(':'));
  if (name.empty()) return {false, {"no USER set: runs as root"}};
  if (name == "root" || name == "0") return {false, {fmt::format("USER {}: runs as root", user)}};
  return {true, {fmt::format("USER {}", user)}};
}

RuleOutcome EvaluateRequiredLabels(const PolicyRule& rule, const ScanReport& report, const PolicyContext&) {
  if (!IsImage(report)) return NotApplicable(report, "image config");
  RuleOutcome out;
  for (const std::string& item : rule.items) {  // "KEY" or "KEY=VALUE"
    std::size_t eq = item.find('=');
    std::string key = item.substr(0, eq);
    auto label = report.artifact.config.labels.find(key);
    if (label == report.artifact.config.labels.end()) {
      out.evidence.push_back(fmt::format("label {} missing", key));
    } else if (eq != std::string::npos && label->second != item.substr(eq + 1)) {
      out.evidence.push_back(
          fmt::format("label {} is \"{}\", want \"{}\"", key, label->second, item.substr(eq + 1)));
    } else {
      continue;
    }
    out.passed = false;
  }
  if (out.passed) out.evidence.push_back(fmt::format("all {} labels present", rule.items.size()));
  return out;
}

RuleOutcome EvaluateForbiddenPorts(const PolicyRule& rule, const ScanReport& report, const PolicyContext&) {
  if (!IsImage(report)) return NotApplicable(report, "image config");
  RuleOutcome out;
  for (const std::string& exposed : report.artifact.config.exposed_ports) {
    // Docker reads a bare "22" as 22/tcp; a rule's bare "22" means any protocol.
    std::string port = exposed.find('/') == std::string::npos ? exposed + "/tcp" : exposed;
    for (const std::string& item : rule.items) {
      bool hit = item.find('/') == std::string::npos ? port.substr(0, port.find('/')) == item : port == item;
      if (hit) {
        out.passed = false;
        out.evidence.push_back(fmt::format("EXPOSE {}", exposed));
        break;
      }
    }
  }
  if (out.passed)
    out.evidence.push_back(
        fmt::format("{} exposed port(s), none forbidden", report.artifact.config.exposed_ports.size()));
  return out;
}

RuleOutcome EvaluateNoSecrets(const PolicyRule&, const ScanReport& report, const PolicyContext&) {
  if (report.artifact.type == "sbom") return NotApplicable(report, "files");
  RuleOutcome out;
  for (const SecretFinding& s : report.secrets) {
    // "at FILE:LINE (layer ...)" for files; "in env NAME" and "in history[N]" for the config.
    std::string where = s.source == "file"      ? fmt::format("at {}:{}", s.path, s.line)
                        : s.source == "history" ? fmt::format("in {}", s.path)
                                                : fmt::format("in {} {}", s.source, s.path);
    if (!s.layer_diff_id.empty()) where += fmt::format(" (layer {})", s.layer_diff_id);
    if (!s.removed_in_layer.empty())
      where += fmt::format(" (deleted in layer {}, still in the image)", s.removed_in_layer);
    out.evidence.push_back(fmt::format("{} {}: {}", s.rule_id, where, s.match));
  }
  out.passed = report.secrets.empty();
  if (out.passed) out.evidence.push_back("no secrets found");
  return out;
}

RuleOutcome EvaluateDeniedChecks(const PolicyRule& rule, const ScanReport& report, const PolicyContext&) {
  if (report.artifact.type == "sbom") return NotApplicable(report, "configuration");
  RuleOutcome out;
  for (const Misconfiguration& m : report.misconfigurations) {
    if (FirstMatch(rule.items, m.id) == nullptr) continue;
    out.passed = false;
    out.evidence.push_back(
        fmt::format("{} {}: {}{}", m.id, m.title, m.evidence, m.path.empty() ? "" : " at " + m.path));
  }
  if (out.passed)
    out.evidence.push_back(
        fmt::format("none of {} failed check(s) is denied", report.misconfigurations.size()));
  return out;
}

}  // namespace drydock
