#include "checks/kubernetes.h"

#include <yaml-cpp/yaml.h>

#include <string_view>
#include <vector>

#include <fmt/core.h>

#include "checks/checks.h"

namespace drydock {
namespace {

// yaml-cpp parses recursively; refuse deep input before it reaches the parser.
Status CheckNesting(std::string_view yaml) {
  std::size_t depth = 0;
  std::size_t indent = 0;
  bool line_start = true;
  for (char c : yaml) {
    if (c == '\n') {
      line_start = true;
      indent = 0;
      continue;
    }
    if (line_start && (c == ' ' || c == '-')) {
      if (++indent > kMaxManifestNesting * 8) return Fail("indentation deeper than {} levels", kMaxManifestNesting);
      continue;
    }
    line_start = false;
    if (c == '[' || c == '{') {
      if (++depth > kMaxManifestNesting) return Fail("nesting deeper than {} levels", kMaxManifestNesting);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

// The stream's documents, each with the `---` line that starts it. yaml-cpp 0.7's LoadAll never returns on some
// input (a stray `,` loops in its document loop), so documents are split here at their markers (a `---` at the
// start of a line ends any document, even inside a block scalar) and each is parsed with Load, which does return.
// Lines before the first marker that hold only directives, comments or blanks stay with the document after them.
std::vector<std::string_view> SplitDocuments(std::string_view yaml) {
  std::vector<std::string_view> docs;
  std::size_t start = 0;
  bool has_content = false;
  for (std::size_t line = 0; line < yaml.size();) {
    std::size_t end = yaml.find('\n', line);
    end = end == std::string_view::npos ? yaml.size() : end + 1;
    std::string_view text = yaml.substr(line, end - line);
    bool marker = text.starts_with("---") && (text.size() == 3 || text[3] == ' ' || text[3] == '\t' ||
                                              text[3] == '\n' || text[3] == '\r');
    if (marker && has_content) {
      docs.push_back(yaml.substr(start, line - start));
      start = line;
      has_content = false;
    }
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (marker || (first != std::string_view::npos && text[first] != '#' && text[first] != '%')) has_content = true;
    line = end;
  }
  if (has_content) docs.push_back(yaml.substr(start));
  return docs;
}

bool IsTrue(const YAML::Node& n) { return n && n.IsScalar() && n.as<std::string>() == "true"; }

YAML::Node PodSpec(const YAML::Node& doc, const std::string& kind) {
  if (kind == "Pod") return doc["spec"];
  if (kind == "CronJob") return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  constexpr std::string_view kWorkloads[] = {"Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet",
                                             "ReplicationController"};
  for (auto k : kWorkloads) {
    if (kind == k) return doc["spec"]["template"]["spec"];
  }
  return YAML::Node();
}

void CheckContainer(const YAML::Node& c, const YAML::Node& pod_security, const std::string& where,
                    const std::string& path, std::vector<Misconfiguration>& out) {
  std::string name = c["name"] && c["name"].IsScalar() ? c["name"].as<std::string>() : "?";
  std::string who = fmt::format("{} container {}", where, name);
  YAML::Node sc = c["securityContext"];
  if (sc && !sc.IsMap()) sc = YAML::Node();
  if (sc && IsTrue(sc["privileged"])) out.push_back(Failed("DD-K8S-001", who, path));
  if (!sc || !sc["allowPrivilegeEscalation"] || sc["allowPrivilegeEscalation"].as<std::string>() != "false") {
    out.push_back(Failed("DD-K8S-002", who, path));
  }
  bool non_root = (sc && IsTrue(sc["runAsNonRoot"])) || (pod_security && IsTrue(pod_security["runAsNonRoot"]));
  if (!non_root) out.push_back(Failed("DD-K8S-003", who, path));
  YAML::Node caps = sc ? sc["capabilities"] : YAML::Node();
  if (caps && caps.IsMap() && caps["add"] && caps["add"].IsSequence() && caps["add"].size() > 0) {
    out.push_back(Failed("DD-K8S-004", fmt::format("{} adds {}", who, YAML::Dump(caps["add"])), path));
  }
  bool drops_all = false;
  if (caps && caps.IsMap() && caps["drop"] && caps["drop"].IsSequence()) {
    for (const auto& d : caps["drop"]) drops_all |= d.IsScalar() && d.as<std::string>() == "ALL";
  }
  if (!drops_all) out.push_back(Failed("DD-K8S-005", who, path));
  if (!sc || !IsTrue(sc["readOnlyRootFilesystem"])) out.push_back(Failed("DD-K8S-009", who, path));
  YAML::Node limits = c["resources"] ? c["resources"]["limits"] : YAML::Node();
  if (!limits || !limits.IsMap() || !limits["cpu"] || !limits["memory"]) out.push_back(Failed("DD-K8S-010", who, path));
  std::string image = c["image"] && c["image"].IsScalar() ? c["image"].as<std::string>() : "";
  if (image.find("@sha256:") == std::string::npos) out.push_back(Failed("DD-K8S-011", who + " image " + image, path));
}

void CheckPod(const YAML::Node& spec, const std::string& where, const std::string& path,
              std::vector<Misconfiguration>& out) {
  if (IsTrue(spec["hostNetwork"])) out.push_back(Failed("DD-K8S-007", where, path));
  if (IsTrue(spec["hostPID"]) || IsTrue(spec["hostIPC"])) out.push_back(Failed("DD-K8S-008", where, path));
  if (spec["volumes"] && spec["volumes"].IsSequence()) {
    for (const auto& v : spec["volumes"]) {
      if (v.IsMap() && v["hostPath"]) out.push_back(Failed("DD-K8S-006", where + " volume " + v["name"].as<std::string>("?"), path));
    }
  }
  YAML::Node pod_security = spec["securityContext"];
  if (pod_security && !pod_security.IsMap()) pod_security = YAML::Node();
  for (const char* key : {"initContainers", "containers"}) {
    if (!spec[key] || !spec[key].IsSequence()) continue;
    for (const auto& c : spec[key]) {
      if (c.IsMap()) CheckContainer(c, pod_security, where, path, out);
    }
  }
}

}  // namespace

bool LooksLikeKubernetes(std::string_view text) {
  return text.find("apiVersion:") != std::string_view::npos && text.find("kind:") != std::string_view::npos;
}

Result<std::vector<Misconfiguration>> CheckKubernetesManifests(std::string_view yaml, const std::string& path) {
  if (yaml.size() > kMaxManifestBytes) return Fail("manifest is over {} bytes", kMaxManifestBytes);
  if (auto nested = CheckNesting(yaml); !nested) return Rewrap(nested.error(), "{}", path);
  std::vector<Misconfiguration> out;
  try {
    std::vector<std::string_view> docs = SplitDocuments(yaml);
    if (docs.size() > kMaxManifestDocuments) return Fail("more than {} YAML documents", kMaxManifestDocuments);
    for (std::size_t i = 0; i < docs.size(); ++i) {
      YAML::Node doc = YAML::Load(std::string(docs[i]));
      if (!doc.IsMap() || !doc["kind"] || !doc["kind"].IsScalar()) continue;
      std::string kind = doc["kind"].as<std::string>();
      YAML::Node spec = PodSpec(doc, kind);
      if (!spec || !spec.IsMap()) continue;
      std::string name = doc["metadata"] && doc["metadata"]["name"] ? doc["metadata"]["name"].as<std::string>("?") : "?";
      CheckPod(spec, fmt::format("{}/{} (document {})", kind, name, i + 1), path, out);
    }
  } catch (const YAML::Exception& e) {
    return Fail("{}: YAML: {}", path, e.what());
  }
  return out;
}

}  // namespace drydock
