// Evaluators over how an image runs and what the other scanners found in it: user, labels, ports, secrets,
// failed built-in checks. Config rules are "not applicable" (and pass, saying so) on a rootfs or SBOM.
#include "policy/evaluate.h"

namespace drydock {

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
